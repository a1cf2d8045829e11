//! How the page and its import panel talk. They are two wasm modules with no memory in common
//! (the panel is loaded after the first map, so a visitor who never imports never fetches it),
//! so they exchange DOM events on `window`: one event name, [`PANEL_EVENT`], whose `detail` is
//! a [`PanelMessage`] as JSON. Both sides listen to the same event and each acts on the
//! messages meant for it; a message that cannot be read is named under the panel by the page
//! (`src/import/host.rs`, `data-testid=import-failure`). The enum is externally tagged
//! (`{"stations":{…}}`), so a large message is read as it streams, never buffered first. The
//! one message with geometry, [`PanelMessage::Boundaries`], carries its coordinates beside the
//! text as the worker's own `Float64Array` (the detail is then `{ text, coords }`): the panel
//! hands it on untouched and the page copies it into its memory one township at a time, so the
//! coordinates are never written out as JSON numbers nor held whole in either wasm memory.

use atlas_core::data::code::RegionCode;
use atlas_core::data::model::Station;
use atlas_core::import::session::PackedShapes;
use atlas_core::lang::{Lang, Text};
use geo::MultiPolygon;
use wasm_bindgen::prelude::{Closure, JsValue};
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit};

/// The one event the page and the panel exchange.
pub const PANEL_EVENT: &str = "atlas-panel";

/// Every message between the page and its import panel.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelMessage {
    /// Page → panel: the page's language changed (or the panel asked for it).
    Lang { lang: Lang },
    /// Panel → page: the panel has mounted and listens; the page answers with [`PanelMessage::Lang`].
    PanelReady,
    /// Panel → page: a station table was joined, or joined again with new choices.
    Stations { stations: Vec<Station> },
    /// Panel → page: a boundary file was joined, or joined again with new choices: the
    /// townships' codes and counts ([`PackedShapes`]); their lon/lat pairs travel beside the
    /// text ([`send_boundaries`]).
    Boundaries { shapes: PackedShapes },
}

impl PanelMessage {
    /// A message from its event's text; the reason it cannot be read, naming the panel's
    /// messages, in both languages.
    pub fn read(text: &str) -> Result<PanelMessage, Text> {
        serde_json::from_str(text).map_err(|e| {
            Text::new(
                format!("import-panel：消息无法读取（{e}）"),
                format!("import-panel: the message cannot be read ({e})"),
            )
        })
    }
}

/// The townships of a boundaries message, made one at a time from `coords` (the typed array
/// that came beside it), each township's coordinates copied into this memory only while its
/// shape is made; the reason, before any is made, when the counts and the buffer disagree.
pub fn own_townships<'a>(
    shapes: &'a PackedShapes,
    coords: Option<&'a js_sys::Float64Array>,
) -> Result<impl Iterator<Item = (RegionCode, MultiPolygon<f64>)> + 'a, Text> {
    let unreadable = |why: String| {
        Text::new(
            format!("import-panel：乡镇边界无法读取（{why}）"),
            format!("import-panel: the township boundaries cannot be read ({why})"),
        )
    };
    let coords = coords.ok_or_else(|| unreadable("no coordinates came with them".into()))?;
    let townships = shapes
        .townships(coords.length() as usize)
        .map_err(unreadable)?;
    let mut scratch = Vec::new();
    Ok(townships.into_iter().map(move |t| {
        scratch.resize(t.coords.len(), 0.0);
        coords
            .subarray(t.coords.start as u32, t.coords.end as u32)
            .copy_to(&mut scratch);
        (t.code.clone(), t.shape(&scratch))
    }))
}

/// Dispatches `message` on `window`.
pub fn send(message: &PanelMessage) {
    let detail = serde_json::to_string(message).expect("panel messages are plain data");
    send_text(PANEL_EVENT, &detail);
}

/// Dispatches [`PanelMessage::Boundaries`] of `shapes` with `coords` (their `x, y` pairs, the
/// worker's typed array, not copied) beside its text.
pub fn send_boundaries(shapes: PackedShapes, coords: &js_sys::Float64Array) {
    let text = serde_json::to_string(&PanelMessage::Boundaries { shapes })
        .expect("panel messages are plain data");
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"text".into(), &text.into());
    let _ = js_sys::Reflect::set(&detail, &"coords".into(), coords);
    dispatch(PANEL_EVENT, &detail);
}

/// Dispatches the event `name` on `window` with the string `detail`: the one way the page's
/// binaries talk (the import panel through [`PANEL_EVENT`], the briefing pack through its own
/// two events, `src/outputs/brief_link.rs`).
pub fn send_text(name: &str, detail: &str) {
    dispatch(name, &detail.into());
}

fn dispatch(name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    let event = CustomEvent::new_with_event_init_dict(name, &init);
    if let (Some(window), Ok(event)) = (web_sys::window(), event) {
        let _ = window.dispatch_event(&event);
    }
}

/// Calls `on_message` with every message on `window` (or the reason one cannot be read) and
/// the coordinates that came beside it (with [`PanelMessage::Boundaries`]), for the page's
/// life. The page's own messages come back to it too.
pub fn listen(
    on_message: impl Fn(Result<PanelMessage, Text>, Option<js_sys::Float64Array>) + 'static,
) {
    listen_detail(PANEL_EVENT, move |detail| {
        let field = |key: &str| js_sys::Reflect::get(&detail, &key.into()).ok();
        let (text, coords) = match detail.as_string() {
            Some(text) => (text, None),
            None => (
                field("text")
                    .and_then(|t| t.as_string())
                    .unwrap_or_default(),
                field("coords").and_then(|c| c.dyn_into::<js_sys::Float64Array>().ok()),
            ),
        };
        on_message(PanelMessage::read(&text), coords)
    });
}

/// Calls `on_lang` with the language of every [`PanelMessage::Lang`] on `window`: the panel's
/// side, which reads no other message (the page's stations and boundaries messages, which can
/// be megabytes, are not read twice; one that cannot be read is named by the page).
pub fn listen_for_lang(on_lang: impl Fn(Lang) + 'static) {
    // serde_json writes the variant's key first, with no space: `{"lang":{"lang":"en"}}`.
    listen_text(PANEL_EVENT, move |text| {
        if !text.starts_with("{\"lang\":") {
            return;
        }
        if let Ok(PanelMessage::Lang { lang }) = PanelMessage::read(&text) {
            on_lang(lang);
        }
    });
}

/// Calls `on_text` with the string detail of every event `name` on `window`. The handler is `Fn`, not `FnMut`:
/// a message the page sends while handling one (the language, answering the panel's ready)
/// reaches this same handler at once, inside the first call.
pub fn listen_text(name: &str, on_text: impl Fn(String) + 'static) {
    listen_detail(name, move |detail| {
        on_text(detail.as_string().unwrap_or_default())
    });
}

/// Calls `on_detail` with the detail of every event `name` on `window`, for the page's life.
fn listen_detail(name: &str, on_detail: impl Fn(JsValue) + 'static) {
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = (event.dyn_ref::<CustomEvent>()).map_or(JsValue::UNDEFINED, |e| e.detail());
        on_detail(detail);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    handler.forget();
}
