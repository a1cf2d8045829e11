//! View state that lives in the URL, so any view is a link.

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::Month;
use atlas_core::lang::Lang;
use atlas_core::style::classify::{MapMode, Scheme};

#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    pub region: RegionCode,
    pub selected: Option<RegionCode>,
    pub mode: MapMode,
    pub scheme: Scheme,
    /// `None` = latest figures, including undated ones.
    pub month: Option<Month>,
    pub lang: Lang,
    /// Briefing-display mode: full screen, large type, dark, touring regions on its own.
    pub present: bool,
    /// Seconds per region in the tour.
    pub interval_s: u32,
    /// Minimal chrome for an iframe on a portal page.
    pub embed: bool,
}

impl UrlState {
    /// True when the first view is the whole country, which a publication's overview can draw
    /// on its own (provinces and prefectures); any other first view waits for the full data.
    /// The briefing display tours down to counties at once, so it waits too.
    pub fn opens_on_the_country(&self) -> bool {
        let selected_level = self.selected.as_ref().map(RegionCode::level);
        self.region.level() == Level::Nation
            && selected_level.is_none_or(|level| level <= Level::Prefecture)
            && !self.present
    }

    pub fn from_query(search: &str) -> UrlState {
        let params = web_sys::UrlSearchParams::new_with_str(search).ok();
        let get = |key: &str| params.as_ref().and_then(|p| p.get(key));
        let region = get("region")
            .and_then(|raw| RegionCode::parse(&raw).ok())
            .unwrap_or_else(RegionCode::nation);
        let selected = get("sel")
            .and_then(|raw| RegionCode::parse(&raw).ok())
            .or_else(|| (region.level() == Level::Township).then(|| region.clone()));
        UrlState {
            region,
            selected,
            mode: get("mode")
                .and_then(|m| MapMode::from_key(&m))
                .unwrap_or_default(),
            scheme: get("scheme")
                .and_then(|s| Scheme::from_key(&s))
                .unwrap_or_default(),
            month: get("date").and_then(|d| Month::parse(&d)),
            lang: match get("lang").as_deref() {
                Some("en") => Lang::En,
                _ => Lang::Zh,
            },
            present: get("present").is_some_and(|v| v != "0"),
            interval_s: get("interval")
                .and_then(|v| v.parse().ok())
                .filter(|s| (2..=600).contains(s))
                .unwrap_or(10),
            embed: get("embed").is_some_and(|v| v != "0"),
        }
    }

    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.region.level() != Level::Nation {
            parts.push(format!("region={}", self.region));
        }
        if let Some(s) = &self.selected {
            parts.push(format!("sel={s}"));
        }
        if self.mode != MapMode::default() {
            parts.push(format!("mode={}", self.mode.key()));
        }
        if self.scheme != Scheme::default() {
            parts.push(format!("scheme={}", self.scheme.key()));
        }
        if let Some(m) = self.month {
            parts.push(format!("date={}", m.label()));
        }
        if self.lang == Lang::En {
            parts.push("lang=en".to_string());
        }
        if self.present {
            parts.push("present=1".to_string());
            if self.interval_s != 10 {
                parts.push(format!("interval={}", self.interval_s));
            }
        }
        if self.embed {
            parts.push("embed=1".to_string());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The address's query, with the region of a baked page's address (`region-52.html`) when the
/// query names none.
pub fn current_search() -> String {
    let location = web_sys::window().map(|w| w.location());
    let search = (location.as_ref())
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let path = (location.as_ref())
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    match crate::state::baked::region_of_path(&path) {
        Some(code) if !search.contains("region=") => {
            let joiner = if search.is_empty() { "?" } else { "&" };
            format!("{search}{joiner}region={code}")
        }
        _ => search,
    }
}

pub fn write_url(query: &str, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = crate::state::baked::address(&path, query);
    if let Ok(history) = window.history() {
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}

/// Today's month from the browser clock: the slider ends here.
pub fn this_month() -> Month {
    let now = js_sys::Date::new_0();
    Month::new(now.get_full_year() as i32, now.get_month() + 1)
}

pub use coverage_atlas::today;

/// Whether the page fetches every province's chunk at once: `?bench=national` and
/// `?chunks=all` (with `?fill=township`, the country filled with its townships, for
/// `scripts/bench-interaction.mjs`) need them all. Read once per page load.
pub fn every_province() -> bool {
    static EVERY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *EVERY.get_or_init(|| {
        let search = current_search();
        search.contains("bench=national") || search.contains("chunks=all")
    })
}
