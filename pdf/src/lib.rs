//! Vector PDF from the SVG the core draws, for every front end that writes one: the CLI
//! (`atlas render --out fig.pdf`, `atlas brief`) over the system's fonts, and the page's
//! briefing-pack binary (`src/outputs/brief_pdf.rs`) over the font it fetched as bytes. Each
//! page's SVG is read into the usvg tree that resvg rasterises for PNG, and typst's `svg2pdf`
//! writes that tree as PDF objects (paths as paths, text as text with its font embedded as a
//! subset and a ToUnicode map, so it can be searched and copied); `pdf-writer` (the crate
//! svg2pdf writes with) puts the pages into one document. One usvg tree feeds PNG and PDF, so
//! the formats are one drawing, and one function writes the PDF, so the CLI's pack and the
//! page's are the same file for the same pages.
//!
//! Fonts: Noto Sans CJK SC (SIL OFL 1.1) first, the font the figures name first in their
//! `font-family` (`atlas_core::draw::svg::FONT_FAMILY`). It covers every character of the
//! registry's names and carries a bold weight; being OFL, it may be embedded and subset in
//! documents handed out.

use std::collections::HashMap;
use std::sync::Arc;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

pub use usvg;
pub use usvg::fontdb;

/// The document information's producer, the same from every front end.
pub const PRODUCER: &str = concat!("Coverage Atlas ", env!("CARGO_PKG_VERSION"), " (svg2pdf)");

/// The font every figure asks for first.
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// What went wrong writing a PDF, naming the page.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A page's SVG could not be read into a usvg tree.
    #[error("page {page}: the SVG could not be read ({reason})")]
    Svg {
        /// 1-based.
        page: usize,
        /// usvg's words.
        reason: String,
    },
    /// svg2pdf could not convert a page's tree.
    #[error("page {page}: converting to PDF failed ({reason})")]
    Convert {
        /// 1-based.
        page: usize,
        /// svg2pdf's words.
        reason: String,
    },
}

impl PdfError {
    /// The page the error is about (1-based); 1 for a lone figure.
    pub fn page(&self) -> usize {
        match self {
            PdfError::Svg { page, .. } | PdfError::Convert { page, .. } => *page,
        }
    }
}

/// Reads an SVG the core drew into the usvg tree, text laid out in `fonts`.
pub fn tree(svg: &str, fonts: Arc<fontdb::Database>) -> Result<usvg::Tree, usvg::Error> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts,
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options)
}

/// A PDF of `pages` (SVG documents), one page each, each page as large as its SVG at `dpi`
/// SVG pixels to the inch (96 for CSS pixels and for pages drawn in points); text in `fonts`;
/// `title` and `producer` go into the document information.
pub fn pages_to_pdf(
    pages: &[String],
    dpi: f32,
    title: &str,
    producer: &str,
    fonts: Arc<fontdb::Database>,
) -> Result<Vec<u8>, PdfError> {
    let mut alloc = Ref::new(1);
    let catalog_id = alloc.bump();
    let tree_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    for (i, svg) in pages.iter().enumerate() {
        let page = i + 1;
        let tree = tree(svg, fonts.clone()).map_err(|e| PdfError::Svg {
            page,
            reason: e.to_string(),
        })?;
        let (chunk, root) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| PdfError::Convert {
                page,
                reason: e.to_string(),
            })?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = renumbered[&root];
        let (page_id, content_id) = (alloc.bump(), alloc.bump());
        let scale = 72.0 / dpi;
        let (w_pt, h_pt) = (tree.size().width() * scale, tree.size().height() * scale);
        let name = Name(b"S1");
        let mut pdf_page = pdf.page(page_id);
        pdf_page.media_box(Rect::new(0.0, 0.0, w_pt, h_pt));
        pdf_page.parent(tree_id);
        pdf_page.contents(content_id);
        pdf_page.resources().x_objects().pair(name, svg_id);
        pdf_page.finish();
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
        .producer(TextStr(producer));
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="100pt" viewBox="0 0 200 100"><rect x="10" y="10" width="50" height="30" fill="#336699"/></svg>"##;

    #[test]
    fn writes_one_page_per_svg_at_the_svg_size() {
        let fonts = Arc::new(fontdb::Database::new());
        let pdf = pages_to_pdf(&[PAGE.into(), PAGE.into()], 96.0, "t", "p", fonts).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(text.contains("/Count 2"), "two pages");
        // 200pt wide is 266⅔ SVG px, which at 96 px an inch is 200 pt again (as the brief's A4).
        assert!(text.contains("/MediaBox [0 0 200 100]"), "{text}");
    }

    #[test]
    fn names_the_page_that_cannot_be_read() {
        let fonts = Arc::new(fontdb::Database::new());
        let err = pages_to_pdf(&[PAGE.into(), "<svg".into()], 96.0, "t", "p", fonts).unwrap_err();
        assert_eq!(err.page(), 2);
    }
}
