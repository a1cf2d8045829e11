//! How the page and its import panel talk. They are two wasm modules with no memory in common
//! (the panel is loaded after the first map, so a visitor who never imports never fetches it),
//! so they exchange DOM events on `window`, each with a string as its `detail`:
//!
//! | event | from → to | detail |
//! |---|---|---|
//! | [`LANG_EVENT`] | page → panel | the page's language, `zh` or `en` |
//! | [`STATIONS_EVENT`] | panel → page | the joined stations, JSON ([`stations_json`]) |
//! | [`BOUNDARIES_EVENT`] | panel → page | the joined township boundaries ([`shapes_json`]) |
//!
//! [`stations_json`]: atlas_core::publish::stations_json
//! [`shapes_json`]: atlas_core::import::session::shapes_json

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit};

/// The page's language changed (or the panel has just started and asks for it).
pub const LANG_EVENT: &str = "atlas-lang";
/// A station table was joined, or joined again with new choices.
pub const STATIONS_EVENT: &str = "atlas-stations";
/// A boundary file was joined, or joined again with new choices.
pub const BOUNDARIES_EVENT: &str = "atlas-boundaries";
/// The panel has mounted and listens: the page answers with [`LANG_EVENT`].
pub const PANEL_READY_EVENT: &str = "atlas-import-panel-ready";

/// Dispatches `name` on `window` with `detail`.
pub fn send(name: &str, detail: &str) {
    let init = CustomEventInit::new();
    init.set_detail(&detail.into());
    let event = CustomEvent::new_with_event_init_dict(name, &init);
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

/// Calls `on_detail` with the detail of every `name` event on `window`, for the page's life.
pub fn listen(name: &str, mut on_detail: impl FnMut(String) + 'static) {
    let handler = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = event
            .dyn_ref::<CustomEvent>()
            .and_then(|e| e.detail().as_string())
            .unwrap_or_default();
        on_detail(detail);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    handler.forget();
}
