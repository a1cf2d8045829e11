//! `atlas publish` bakes the site's first views: the country into the built page's
//! `index.html`, every province and prefecture into `region-<code>.html` beside it, each with a
//! share preview under `og/` (`atlas_core::bake` writes the HTML; this module reads the folder
//! just published, so the baked figures are the page's, and writes the files).

use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use atlas_core::bake::{bake_page, baked_regions, image_file, into_shell, page_file};
use atlas_core::bake::{IMAGE_HEIGHT_PX, IMAGE_WIDTH_PX};
use atlas_core::date::Day;
use atlas_core::lang::Lang;
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::view::{Measures, View};

use crate::data::DataSource;

/// What baking wrote, for the summary line.
pub struct Baked {
    /// Pages written (the country's included).
    pub pages: usize,
    /// Bytes of the country's page, the one a visitor to the site's address waits for.
    pub index_bytes: usize,
    /// Wall time of the whole bake, in milliseconds.
    pub elapsed_ms: u128,
}

/// Bakes the first view of the country, every province and every prefecture into `out`, the
/// page's shell (`out/index.html`, as Trunk or `--app` left it) and the data published in
/// `out/data`; `None` when `out` holds no page to bake into (data published on its own).
pub fn bake_site(
    out: &Path,
    today: Day,
    lang: Lang,
    site_url: Option<&str>,
    images: bool,
) -> Result<Option<Baked>> {
    let shell_path = out.join("index.html");
    if !shell_path.is_file() {
        return Ok(None);
    }
    let started = Instant::now();
    let shell = std::fs::read_to_string(&shell_path)
        .with_context(|| format!("{}", shell_path.display()))?;
    let (atlas, problems) = DataSource::Published(out.join("data")).load(lang)?;
    for problem in problems {
        eprintln!("atlas: {problem}");
    }
    let measures = Measures::compute(&atlas, None, today);
    let mut cache = SchematicCache::default();
    if images {
        std::fs::create_dir_all(out.join("og"))?;
    }
    let regions = baked_regions(&atlas);
    let mut index_bytes = 0;
    for code in &regions {
        let view = View {
            focus: code.clone(),
            mode: MapMode::default(),
            scheme: Scheme::default(),
            month: None,
            today,
            lang,
        };
        let page = bake_page(&atlas, &measures, &view, &mut cache);
        let html =
            into_shell(&shell, &page, site_url, images).map_err(|e| anyhow!("{}", e.get(lang)))?;
        let path = out.join(page_file(code));
        std::fs::write(&path, &html).with_context(|| format!("{}", path.display()))?;
        if page_file(code) == "index.html" {
            index_bytes = html.len();
        }
        if images {
            let png = crate::to_png(&page.image_svg, IMAGE_WIDTH_PX, IMAGE_HEIGHT_PX)
                .with_context(|| format!("share preview of {}", page_file(code)))?;
            let path = out.join(image_file(code));
            std::fs::write(&path, png).with_context(|| format!("{}", path.display()))?;
        }
    }
    Ok(Some(Baked {
        pages: regions.len(),
        index_bytes,
        elapsed_ms: started.elapsed().as_millis(),
    }))
}
