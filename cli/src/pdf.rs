//! The CLI's PDF and PNG over the system's fonts: the PDF itself is written by the `atlas-pdf`
//! crate (`pdf/`), the same function the page's briefing-pack binary calls over the font it
//! fetches, so `atlas brief` and the page's button write one PDF. Here the fonts are the
//! system's, with Noto Sans CJK SC (Debian's `fonts-noto-cjk`, SIL OFL 1.1) first.

use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result};
use resvg::usvg;

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
    atlas_pdf::tree(svg, fonts()).context("parsing the figure SVG")
}

/// A PDF of `pages` (SVG documents) on the system fonts: see [`atlas_pdf::pages_to_pdf`].
pub fn pages_to_pdf(pages: &[String], dpi: f32, title: &str) -> Result<Vec<u8>> {
    Ok(atlas_pdf::pages_to_pdf(
        pages,
        dpi,
        title,
        atlas_pdf::PRODUCER,
        fonts(),
    )?)
}
