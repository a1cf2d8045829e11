//! What the address says, read in one place: [`UrlView::read`] parses the query once when the
//! page opens (and again when the reader goes back or forward, `popstate`) into the view that
//! lives in the URL, so any view is a link ([`UrlState`], which the page writes back), and the
//! switches the benchmarks and tests open the page with ([`Switches`], which it does not). No
//! other module reads `location.search`.

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

/// Switches in the query that change how the page loads and draws, for benchmarks and tests;
/// they are not part of the view and are not written back to the URL.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Switches {
    /// `?chunks=all`: every province's township chunk is fetched at once.
    pub chunks_all: bool,
    /// `?fill=township`: every view is filled with its townships.
    pub fill_township: bool,
    /// `?bench=national`: the in-page figures of `map::bench`, in a build with the `bench`
    /// feature only (a page built without it ignores the switch).
    pub bench_national: bool,
}

impl Switches {
    /// Whether the page fetches every province's chunk at once: `?bench=national` and
    /// `?chunks=all` (with `?fill=township`, the country filled with its townships, for
    /// `scripts/bench-interaction.mjs`) need them all.
    pub fn every_province(self) -> bool {
        self.chunks_all || self.bench_national
    }

    fn from_params(get: impl Fn(&str) -> Option<String>) -> Switches {
        Switches {
            chunks_all: get("chunks").as_deref() == Some("all"),
            fill_township: get("fill").as_deref() == Some("township"),
            bench_national: cfg!(feature = "bench") && get("bench").as_deref() == Some("national"),
        }
    }
}

/// The address, parsed: the view it opens and the switches it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlView {
    pub state: UrlState,
    pub switches: Switches,
}

impl UrlView {
    /// The address the page is at now (a baked page's `region-52.html` names its region).
    pub fn read() -> UrlView {
        let params = current_params();
        let get = |key: &str| params.as_ref().and_then(|p| p.get(key));
        UrlView {
            state: UrlState::from_params(get),
            switches: Switches::from_params(get),
        }
    }
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

    fn from_params(get: impl Fn(&str) -> Option<String>) -> UrlState {
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

/// The address's query as parameters, with the region of a baked page's address
/// (`region-52.html`) when the query names none.
fn current_params() -> Option<web_sys::UrlSearchParams> {
    let location = web_sys::window()?.location();
    let search = location.search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let path = location.pathname().unwrap_or_default();
    if let Some(code) = crate::state::baked::region_of_path(&path) {
        if !params.has("region") {
            params.set("region", code);
        }
    }
    Some(params)
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
