//! Where the import panel goes, and how the page gets what it joins. The panel is a wasm module
//! of its own (`src/import/panel.rs`), fetched once the page's map has its full data, so its
//! code is not among the bytes a visitor waits for. It is not loaded in an embed or on a
//! briefing display, which never import.
//!
//! Built by Trunk as a "worker"-type app (no ES module, no script injected into the page), it is
//! a classic script defining `wasm_bindgen`; the page adds the script, then calls
//! `wasm_bindgen(<wasm file>)`, which runs the panel's `main`.

use atlas_core::import::session::read_shapes_json;
use atlas_core::publish::read_stations;
use coverage_atlas::import::events::{
    listen, send, BOUNDARIES_EVENT, LANG_EVENT, PANEL_READY_EVENT, STATIONS_EVENT,
};
use coverage_atlas::update_atlas;
use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsValue;

use crate::state::view::ViewState;

/// The panel's script and wasm, as Trunk writes them into the site (fixed names, not hashed).
const PANEL_SCRIPT: &str = "import-panel.js";
const PANEL_WASM: &str = "import-panel_bg.wasm";

/// The element the panel mounts into, and the wiring: the page's language to the panel, the
/// panel's stations and boundaries into the page's atlas.
#[component]
pub fn ImportHost(state: ViewState) -> impl IntoView {
    let send_lang = move || send(LANG_EVENT, state.lang.get_untracked().key());
    Effect::new(move |_| {
        state.lang.track();
        send_lang();
    });
    listen(PANEL_READY_EVENT, move |_| send_lang());
    listen(STATIONS_EVENT, move |json| {
        match read_stations("import-panel", &json) {
            Ok(stations) => update_atlas(state.atlas, |a| a.stations = stations),
            Err(message) => web_sys::console::error_1(&message.en.into()),
        }
    });
    listen(BOUNDARIES_EVENT, move |json| {
        match read_shapes_json(&json) {
            Ok(townships) => update_atlas(state.atlas, |a| a.set_township_outlines(&townships)),
            Err(e) => web_sys::console::error_1(&e.to_string().into()),
        }
    });
    let requested = StoredValue::new(false);
    Effect::new(move |_| {
        let wanted = state.complete.get() && !state.embed && !state.present.get();
        if wanted && !requested.get_value() {
            requested.set_value(true);
            load_panel();
        }
    });
    view! { <div id="import-panel" data-testid="import-host"></div> }
}

/// Adds the panel's script; once it has run, starts the panel's wasm.
fn load_panel() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(script) = document.create_element("script") else {
        return;
    };
    // The script declares `wasm_bindgen` with `let`: a global binding, not a property of
    // `window`, so it is reached by a function made in the global scope.
    let start = js_sys::Function::new_no_args(&format!(
        "return wasm_bindgen({{ module_or_path: '{PANEL_WASM}' }});"
    ));
    let onload = Closure::once_into_js(move || {
        let _ = start.call0(&JsValue::NULL);
    });
    let _ = script.set_attribute("src", PANEL_SCRIPT);
    let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onload"), &onload);
    if let Some(body) = document.body() {
        let _ = body.append_child(&script);
    }
}
