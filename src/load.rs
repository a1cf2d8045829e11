//! Fetches the data files served beside the page. Used by the page and by its import worker,
//! so it calls the global `fetch`, which both a window and a worker have.

use atlas_core::data::atlas::{Atlas, DataFiles};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

#[wasm_bindgen]
extern "C" {
    /// `fetch(url)` on whatever global this runs in: a window or a worker.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str) -> js_sys::Promise;
}

pub const DIVISIONS_FILE: &str = "data/divisions.csv";
pub const OUTLINES_FILE: &str = "data/outlines.topojson";
pub const FACTS_FILE: &str = "data/seed-facts.csv";

/// Starts a request now: `fetch` begins on call, so starting all files before awaiting any
/// loads them in parallel.
fn start_fetch(url: &str) -> Result<js_sys::Promise, String> {
    Ok(global_fetch(url))
}

async fn read_text(url: &str, request: Result<js_sys::Promise, String>) -> Result<String, String> {
    let response = JsFuture::from(request?)
        .await
        .map_err(|e| format!("{url}: could not be fetched ({})", js_error_text(&e)))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: the answer was not an HTTP response"))?;
    if !response.ok() {
        return Err(format!(
            "{url}: the server answered HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response
        .text()
        .map_err(|e| format!("{url}: {}", js_error_text(&e)))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|e| format!("{url}: could not be read ({})", js_error_text(&e)))?;
    text.as_string()
        .ok_or_else(|| format!("{url}: the body is not text"))
}

pub fn js_error_text(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Loads the three default files in parallel, then parses them.
pub async fn load_default_atlas() -> Result<Atlas, String> {
    let requests = [DIVISIONS_FILE, OUTLINES_FILE, FACTS_FILE].map(|url| (url, start_fetch(url)));
    let mut texts = Vec::with_capacity(requests.len());
    for (url, request) in requests {
        texts.push(read_text(url, request).await?);
    }
    Atlas::load(&DataFiles {
        divisions: (DIVISIONS_FILE, &texts[0]),
        outlines: (OUTLINES_FILE, &texts[1]),
        facts: (FACTS_FILE, &texts[2]),
    })
    .map_err(|e| e.to_string())
}
