//! The baked first view: `atlas publish` writes the country's view into `index.html` and every
//! province's and prefecture's into `region-<code>.html` beside it (`atlas_core::bake`), so a
//! visitor sees the map, summary and table before any wasm arrives. The app lays itself out
//! under that view (`.baked` in `public/style.css` lies over it), and takes over when its own map
//! has drawn, in one frame. While the view is the region of the baked page it opened on, the
//! address stays that page's.

use atlas_core::bake::BAKED_ID;

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
/// on a baked page of the view's region its own address, the region left out of the query
/// (`region-52.html?mode=deadline`), so a link copied from it previews with its own figures;
/// any other view at the site's own address with the query, so an address never names a region
/// other than the one in view.
pub fn address(pathname: &str, query: &str) -> String {
    let dir = &pathname[..pathname.rfind('/').map_or(0, |i| i + 1)];
    let params: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .collect();
    let region = params.iter().find_map(|p| p.strip_prefix("region="));
    let on_its_page = region.is_some() && region == region_of_path(pathname);
    let rest: Vec<&str> = if on_its_page {
        (params.iter())
            .filter(|p| !p.starts_with("region="))
            .copied()
            .collect()
    } else {
        params
    };
    let query = if rest.is_empty() {
        String::new()
    } else {
        format!("?{}", rest.join("&"))
    };
    if on_its_page {
        format!("{pathname}{query}")
    } else {
        format!("{dir}{query}")
    }
}
