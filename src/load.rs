//! Fetches the data files served beside the page. Used by the page and by its import worker,
//! so it calls the global `fetch`, which both a window and a worker have.

use std::collections::BTreeMap;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::published::{load_published, Manifest, PartFile, PartKind, PublishedTexts};
use atlas_core::lang::Text;
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

/// The published data's manifest, fetched first: it names every other file (see
/// `atlas_core::data::published`).
pub const MANIFEST_URL: &str = "data/manifest.json";

/// Starts a request now: `fetch` begins on call, so starting all files before awaiting any
/// loads them in parallel.
fn start_fetch(url: &str) -> Result<js_sys::Promise, String> {
    Ok(global_fetch(url))
}

async fn read_bytes(
    url: &str,
    request: Result<js_sys::Promise, String>,
) -> Result<Vec<u8>, String> {
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
    let buffer = response
        .array_buffer()
        .map_err(|e| format!("{url}: {}", js_error_text(&e)))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| format!("{url}: could not be read ({})", js_error_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub fn js_error_text(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Loads the published data the page is served with: the manifest, then every file it lists
/// in parallel, each checked against its size and SHA-256. A required file that is missing or
/// does not match is the error, naming it; an optional one (stations, township boundaries)
/// leaves the map without it and comes back as a problem to show, so the rest still draws.
pub async fn load_published_atlas() -> Result<(Atlas, Vec<Text>, Manifest), Text> {
    let same = |m: String| Text::from(m);
    let manifest_bytes = read_bytes(MANIFEST_URL, start_fetch(MANIFEST_URL))
        .await
        .map_err(same)?;
    let manifest = Manifest::parse(MANIFEST_URL, &String::from_utf8_lossy(&manifest_bytes))?;
    let requests: Vec<(PartKind, String, Result<js_sys::Promise, String>)> = manifest
        .files
        .iter()
        .map(|(kind, file)| {
            let url = format!("data/{}", file.path);
            let request = start_fetch(&url);
            (*kind, url, request)
        })
        .collect();
    let mut texts: BTreeMap<PartKind, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for (kind, url, request) in requests {
        let read = read_bytes(&url, request)
            .await
            .map_err(same)
            .and_then(|bytes| {
                manifest.files[&kind]
                    .check(&bytes)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
            });
        match read {
            Ok(text) => {
                texts.insert(kind, text);
            }
            Err(message) if kind.required() => return Err(message),
            Err(message) => problems.push(message),
        }
    }
    let published = PublishedTexts {
        manifest: &manifest,
        texts: texts.iter().map(|(k, v)| (*k, v.as_str())).collect(),
    };
    let (atlas, more) = load_published(&published)?;
    problems.extend(more);
    Ok((atlas, problems, manifest))
}

/// One file of the published data, fetched and checked against its manifest entry, as text.
pub async fn fetch_checked(file: &PartFile) -> Result<String, Text> {
    let url = format!("data/{}", file.path);
    let bytes = read_bytes(&url, start_fetch(&url))
        .await
        .map_err(Text::from)?;
    file.check(&bytes)
        .map(|b| String::from_utf8_lossy(b).into_owned())
}
