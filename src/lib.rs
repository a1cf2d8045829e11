//! What the page, its import panel and its import worker share: fetching the published data,
//! the clock, and the events the page and the panel exchange. Each binary (`coverage-atlas`, the
//! page; `import-panel`, the import panel the page loads after its first map; `import-worker`,
//! the worker) links only what it uses.

pub mod load;
pub mod panel_events;

/// Milliseconds since the page (or worker) started, from `performance.now()`.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Today from the browser clock: deadlines are judged on this day.
pub fn today() -> atlas_core::date::Day {
    let now = js_sys::Date::new_0();
    atlas_core::date::Day::from_ymd(
        now.get_full_year() as i32,
        (now.get_month() + 1) as u8,
        now.get_date() as u8,
    )
}
