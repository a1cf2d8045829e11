//! What the page, its import panel and its import worker share: fetching the published data,
//! the clock, and the events the page and the panel exchange. Each binary (`coverage-atlas`, the
//! page; `import-panel`, the import panel the page loads after its first map; `import-worker`,
//! the worker) links only what it uses.

/// Fetching the published data (the page and the import worker both read it).
pub mod loading {
    pub mod load;
}

/// The messages the page and its import panel exchange.
pub mod import {
    pub mod events;
}

/// The messages the page and its briefing-pack binary exchange.
pub mod outputs {
    pub mod brief_link;
}

/// Starts a wasm-bindgen app built as a "worker"-type app (a classic script defining
/// `wasm_bindgen`), fetched now: its script is run inside a function, so its `wasm_bindgen`
/// binding stays its own and another such app on the page (the import panel) keeps its one.
/// Resolves once the app's `main` has run; fails when the script or the wasm cannot be fetched
/// or started, with the reason.
pub async fn start_detached_app(script: &str, wasm: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let why = |e: wasm_bindgen::JsValue| crate::loading::load::js_error_text(&e);
    let response = JsFuture::from(window.fetch_with_str(script))
        .await
        .map_err(why)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not an HTTP response")?;
    if !response.ok() {
        return Err(format!("{script}: HTTP {}", response.status()));
    }
    let source = JsFuture::from(response.text().map_err(why)?)
        .await
        .map_err(why)?
        .as_string()
        .unwrap_or_default();
    let body = format!("{source}\nreturn wasm_bindgen({{ module_or_path: '{wasm}' }});");
    let start = js_sys::Function::new_no_args(&body);
    let started = start.call0(&wasm_bindgen::JsValue::NULL).map_err(why)?;
    JsFuture::from(js_sys::Promise::from(started))
        .await
        .map(|_| ())
        .map_err(why)
}

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

/// Puts `atlas` with `change` applied in its signal: the page, its chunks and the import panel
/// replace the atlas this one way (it is shared by `Rc`, so it is cloned, changed and set).
pub fn update_atlas(
    atlas: leptos::prelude::RwSignal<
        std::rc::Rc<atlas_core::data::atlas::Atlas>,
        leptos::prelude::LocalStorage,
    >,
    change: impl FnOnce(&mut atlas_core::data::atlas::Atlas),
) {
    use leptos::prelude::{GetUntracked, Set};
    let mut updated = atlas.get_untracked().as_ref().clone();
    change(&mut updated);
    atlas.set(std::rc::Rc::new(updated));
}
