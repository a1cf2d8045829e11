//! Vector PDF from the SVG the core draws: each page's SVG is read into the usvg tree that resvg
//! rasterises for PNG, and typst's `svg2pdf` writes that tree as PDF objects (paths as paths,
//! text as text with its font embedded as a subset and a ToUnicode map, so it can be searched
//! and copied); `pdf-writer` (the crate svg2pdf writes with) puts the pages into one document.
//! One usvg tree feeds both PNG and PDF, so the three formats are one drawing.
//!
//! Fonts: the system's, with Noto Sans CJK SC (Debian's `fonts-noto-cjk`, SIL OFL 1.1) first,
//! the font the figures name first in their `font-family` (`atlas_core::draw::svg::FONT_FAMILY`).
//! It covers every character of the registry's names and carries a bold weight; being OFL, it
//! may be embedded and subset in documents handed out.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use anyhow::{anyhow, Context, Result};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use resvg::usvg;

/// The font every figure asks for first.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// The system fonts, read once per run (PNG and PDF share them).
pub fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            Arc::new(db)
        })
        .clone()
}

/// Reads an SVG the core drew into the usvg tree, on the system fonts.
pub fn tree(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).context("parsing the figure SVG")
}

/// A PDF of `pages` (SVG documents), one page each, each page as large as its SVG at `dpi`
/// SVG pixels to the inch (96 for CSS pixels and for pages drawn in points); `title` goes into
/// the document information.
pub fn pages_to_pdf(pages: &[String], dpi: f32, title: &str) -> Result<Vec<u8>> {
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let tree_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    for (i, svg) in pages.iter().enumerate() {
        let tree = tree(svg).with_context(|| format!("page {}", i + 1))?;
        let (chunk, root) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| anyhow!("page {}: converting to PDF: {e}", i + 1))?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = renumbered[&root];
        let (page_id, content_id) = (alloc.bump(), alloc.bump());
        let scale = 72.0 / dpi;
        let (w_pt, h_pt) = (tree.size().width() * scale, tree.size().height() * scale);
        let name = Name(b"S1");
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, w_pt, h_pt));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(name, svg_id);
        page.finish();
        let mut content = Content::new();
        // The chunk's root is a 1×1 pt form: stretch it over the page.
        content
            .transform([w_pt, 0.0, 0.0, h_pt, 0.0, 0.0])
            .x_object(name);
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        page_ids.push(page_id);
    }
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.document_info(alloc.bump())
        .title(TextStr(title))
        .producer(TextStr(concat!(
            "Coverage Atlas ",
            env!("CARGO_PKG_VERSION"),
            " (svg2pdf)"
        )));
    Ok(pdf.finish())
}
