//! Where the import panel goes, and how the page gets what it joins. The panel is a wasm module
//! of its own (`src/import/panel.rs`), fetched once the page's map has its full data, so its
//! code is not among the bytes a visitor waits for. It is not loaded in an embed or on a
//! briefing display, which never import.
//!
//! Built by Trunk as a "worker"-type app (no ES module, no script injected into the page), it is
//! a classic script defining `wasm_bindgen`; the page adds the script, then calls
//! `wasm_bindgen(<wasm file>)`, which runs the panel's `main`.

use atlas_core::lang::Text;
use coverage_atlas::import::events::{listen, own_townships, send, PanelMessage};
use coverage_atlas::update_atlas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsValue;

use crate::state::view::ViewState;

/// The panel's script and wasm, as Trunk writes them into the site (fixed names, not hashed).
const PANEL_SCRIPT: &str = "import-panel.js";
const PANEL_WASM: &str = "import-panel_bg.wasm";

/// The element the panel mounts into, and the wiring: the page's language to the panel, the
/// panel's stations and boundaries into the page's atlas. When the panel cannot be loaded, or
/// what it sends cannot be read, the line under it says so in the page's language.
#[component]
pub fn ImportHost(state: ViewState) -> impl IntoView {
    let failure = RwSignal::new(None::<Text>);
    let send_lang = move || {
        send(&PanelMessage::Lang {
            lang: state.lang.get_untracked(),
        })
    };
    Effect::new(move |_| {
        state.lang.track();
        send_lang();
    });
    listen(move |message, coords| match message {
        Ok(PanelMessage::PanelReady) => send_lang(),
        Ok(PanelMessage::Stations { stations }) => {
            update_atlas(state.atlas, |a| a.stations = stations)
        }
        Ok(PanelMessage::Boundaries { shapes }) => match own_townships(&shapes, coords.as_ref()) {
            Ok(townships) => update_atlas(state.atlas, |a| a.set_township_outlines_each(townships)),
            Err(message) => failure.set(Some(unreadable(&message))),
        },
        // The page's own message, heard on the same event.
        Ok(PanelMessage::Lang { .. }) => {}
        Err(message) => failure.set(Some(unreadable(&message))),
    });
    let requested = StoredValue::new(false);
    Effect::new(move |_| {
        let wanted = state.complete.get() && !state.embed && !state.present.get();
        if wanted && !requested.get_value() {
            requested.set_value(true);
            load_panel(move || failure.set(Some(panel_unavailable())));
        }
    });
    let failure_line = move || {
        failure.get().map(|text| {
            let line = text.get(state.lang.get()).to_string();
            view! { <p class="import-error import-failure" role="alert" data-testid="import-failure">{line}</p> }
        })
    };
    view! {
        <div id="import-panel" data-testid="import-host"></div>
        {failure_line}
    }
}

/// The panel's script or wasm could not be fetched or started.
fn panel_unavailable() -> Text {
    Text::new(
        format!("导入面板（{PANEL_SCRIPT}）未能加载，无法导入自己的文件；地图照常可用。"),
        format!("The import panel ({PANEL_SCRIPT}) could not be loaded, so your own files cannot be imported; the map works as before."),
    )
}

/// What the panel sent could not be read, with the reason.
fn unreadable(reason: &Text) -> Text {
    reason.map(|lang, why| match lang {
        atlas_core::lang::Lang::Zh => format!("导入面板发来的数据无法读取：{why}"),
        atlas_core::lang::Lang::En => {
            format!("What the import panel sent could not be read: {why}")
        }
    })
}

/// Adds the panel's script; once it has run, starts the panel's wasm. `failed` is called when
/// the script cannot be fetched or the wasm cannot be started.
fn load_panel(failed: impl Fn() + Clone + 'static) {
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
    let failed_start = failed.clone();
    let onload = Closure::once_into_js(move || {
        let started = start.call0(&JsValue::NULL).map(js_sys::Promise::from);
        spawn_local(async move {
            let ok = match started {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
                Err(_) => false,
            };
            if !ok {
                failed_start();
            }
        });
    });
    let onerror = Closure::once_into_js(failed);
    let _ = script.set_attribute("src", PANEL_SCRIPT);
    let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onload"), &onload);
    let _ = js_sys::Reflect::set(&script, &JsValue::from_str("onerror"), &onerror);
    if let Some(body) = document.body() {
        let _ = body.append_child(&script);
    }
}
