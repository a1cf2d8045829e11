//! The baked first view: `atlas publish` writes the country's view into `index.html` and every
//! province's and prefecture's into `region-<code>.html` beside it (`atlas_core::bake`), so a
//! visitor sees the map, summary and table before any wasm arrives. The app lays itself out
//! under that view (`.baked` in `public/style.css` lies over it), and takes over when its own map
//! has drawn, in one frame. While the view is a province or prefecture of a site with baked
//! pages, the address is that page's, so a shared link previews with its own figures.

use std::cell::Cell;

use atlas_core::bake::{is_baked, page_file, BAKED_ID};
use atlas_core::data::code::RegionCode;

thread_local! {
    /// Whether the site has baked pages (the manifest's `baked_pages`).
    static SITE_HAS_PAGES: Cell<bool> = const { Cell::new(false) };
}

/// Records what the manifest says about the site's baked pages.
pub fn set_site_has_pages(has: bool) {
    SITE_HAS_PAGES.with(|c| c.set(has));
}

/// Removes the baked view: the app's map has drawn (or the data failed and the app says why).
pub fn take_over() {
    let baked = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(BAKED_ID));
    if let Some(el) = baked {
        el.remove();
    }
}

/// The region a baked page's address names: `5223` for `…/region-5223.html`.
pub fn region_of_path(pathname: &str) -> Option<&str> {
    let file = pathname.rsplit('/').next()?;
    let code = file.strip_prefix("region-")?.strip_suffix(".html")?;
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// The address to write for a view with `query` (`?region=52&mode=deadline`) from `pathname`:
/// the baked page of its region when the site has one (`region-52.html?mode=deadline`), else the
/// site's own address with the query, so a view left for one without a page never keeps an
/// address naming another region.
pub fn address(pathname: &str, query: &str) -> String {
    let dir = &pathname[..pathname.rfind('/').map_or(0, |i| i + 1)];
    let params: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .collect();
    let region = params
        .iter()
        .find_map(|p| p.strip_prefix("region="))
        .and_then(|raw| RegionCode::parse(raw).ok());
    let page = region
        .filter(|code| is_baked(code) && SITE_HAS_PAGES.with(Cell::get))
        .map(|code| page_file(&code));
    let rest: Vec<&str> = match &page {
        Some(_) => params
            .iter()
            .filter(|p| !p.starts_with("region="))
            .copied()
            .collect(),
        None => params,
    };
    let query = if rest.is_empty() {
        String::new()
    } else {
        format!("?{}", rest.join("&"))
    };
    format!("{dir}{}{query}", page.unwrap_or_default())
}
