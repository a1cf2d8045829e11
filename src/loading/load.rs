//! Fetches the data files served beside the page. Used by the page and by its import worker,
//! so it calls the global `fetch`, which both a window and a worker have.

use std::collections::BTreeMap;
use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::lang::Text;
use atlas_core::limits::Limit;
use atlas_core::publish::{load_published, Depth, Manifest, PartFile, PartKind, PublishedTexts};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

#[wasm_bindgen]
extern "C" {
    /// `fetch(url)` on whatever global this runs in: a window or a worker.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str) -> js_sys::Promise;

    /// `fetch(url, init)` on the same global.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch_with(url: &str, init: &js_sys::Object) -> js_sys::Promise;
}

/// The published data's manifest, fetched first: it names every other file (see
/// `atlas_core::publish`).
pub const MANIFEST_URL: &str = "data/manifest.json";

/// Starts a request now: `fetch` begins on call, so starting all files before awaiting any
/// loads them in parallel.
fn start_fetch(url: &str) -> Result<js_sys::Promise, String> {
    Ok(global_fetch(url))
}

/// The body at `url` from its started `request`, refused when it is longer than `most_bytes` (a
/// published file's declared size, or the manifest's budget): before reading when the response
/// declares its length, else once read. The same rule as the CLI's reader of a published folder,
/// except that a host sending endless bytes without a length is only stopped by the browser.
async fn read_bytes(
    url: &str,
    request: Result<js_sys::Promise, String>,
    most_bytes: u64,
) -> Result<Vec<u8>, Text> {
    let response = JsFuture::from(request?)
        .await
        .map_err(|e| format!("{url}: could not be fetched ({})", js_error_text(&e)))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: the answer was not an HTTP response"))?;
    if !response.ok() {
        return Err(Text::from(format!(
            "{url}: the server answered HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    // A declared length past the budget is refused before the body is read. The body itself is
    // read whole (`arrayBuffer`) and checked after: reading it through the stream's reader
    // aborted other requests of the first map in Chromium.
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > most_bytes) {
        return Err(longer_than(url, most_bytes));
    }
    let unreadable = |e: JsValue| format!("{url}: could not be read ({})", js_error_text(&e));
    let buffer = response.array_buffer().map_err(unreadable)?;
    let buffer = JsFuture::from(buffer).await.map_err(unreadable)?;
    let bytes = js_sys::Uint8Array::new(&buffer);
    if bytes.length() as u64 > most_bytes {
        return Err(longer_than(url, most_bytes));
    }
    Ok(bytes.to_vec())
}

fn longer_than(url: &str, most_bytes: u64) -> Text {
    Text::new(
        format!("{url}：超过 {most_bytes} 字节（清单声明的大小），已停止读取；请重新发布"),
        format!("{url}: more than {most_bytes} bytes (the size the manifest declares); reading stopped: publish the data again"),
    )
}

pub fn js_error_text(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// A publication as far as it has been fetched: its manifest and the texts of the parts read
/// so far, kept so the full atlas can be made without fetching the first map's parts again.
pub struct Published {
    /// The manifest, fetched first.
    pub manifest: Rc<Manifest>,
    texts: BTreeMap<PartKind, String>,
}

impl Published {
    /// The atlas of the parts read so far, at `depth`; problems with optional parts are added
    /// to `problems`.
    fn atlas(&self, depth: Depth, problems: &mut Vec<Text>) -> Result<Atlas, Text> {
        let published = PublishedTexts::of(&self.manifest, &self.texts);
        let (atlas, more) = load_published(&published, depth)?;
        problems.extend(more.into_iter().map(Text::from));
        Ok(atlas)
    }

    /// Fetches the parts an atlas at `depth` needs that are not read yet, all in parallel, each
    /// checked against its size and SHA-256. A part that is missing or does not match is the
    /// error, naming it, except the stations, which are left out with their message in
    /// `problems`.
    async fn fetch(&mut self, depth: Depth, problems: &mut Vec<Text>) -> Result<(), Text> {
        let requests: Vec<(PartKind, Result<js_sys::Promise, String>)> = (self.manifest)
            .parts_for(depth)
            .into_iter()
            .filter(|kind| !self.texts.contains_key(kind))
            .map(|kind| (kind, start_fetch(&part_url(&self.manifest.files[&kind]))))
            .collect();
        for (kind, request) in requests {
            match read_checked(&self.manifest.files[&kind], request).await {
                Ok(text) => {
                    self.texts.insert(kind, text);
                }
                // The map draws without the stations: the message joins the warnings.
                Err(message) if kind == PartKind::Stations => problems.push(message),
                Err(message) => return Err(message),
            }
        }
        Ok(())
    }
}

/// The manifest past the HTTP cache (`cache: 'no-cache'`, revalidated with the server every
/// time), so whether a new publication is seen does not depend on the host's cache headers; the
/// files it names carry their hash in their names and may be cached for good.
fn start_manifest_fetch() -> Result<js_sys::Promise, String> {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"cache".into(), &"no-cache".into())
        .map_err(|e| format!("{MANIFEST_URL}: {}", js_error_text(&e)))?;
    Ok(global_fetch_with(MANIFEST_URL, &init))
}

async fn fetch_manifest() -> Result<Manifest, Text> {
    let most_bytes = Limit::ManifestBytes.value();
    let manifest_bytes = read_bytes(MANIFEST_URL, start_manifest_fetch(), most_bytes).await?;
    Ok(Manifest::parse(
        MANIFEST_URL,
        &String::from_utf8_lossy(&manifest_bytes),
    )?)
}

/// The first map's atlas: the manifest, then the parts the first map needs (the overview, facts
/// and stations, when the publication has an overview and `depth` allows it; everything
/// otherwise). Problems with optional parts come back to show, so the rest still draws.
pub async fn load_first_map(depth: Depth) -> Result<(Atlas, Vec<Text>, Published), Text> {
    let mut published = Published {
        manifest: Rc::new(fetch_manifest().await?),
        texts: BTreeMap::new(),
    };
    let mut problems = Vec::new();
    published.fetch(depth, &mut problems).await?;
    let atlas = published.atlas(depth, &mut problems)?;
    Ok((atlas, problems, published))
}

/// The full atlas after a first map drawn from the overview: the whole registry and outlines,
/// with the facts and stations already read.
pub async fn load_full(published: &mut Published) -> Result<Atlas, Text> {
    let mut problems = Vec::new();
    published.fetch(Depth::Full, &mut problems).await?;
    published.atlas(Depth::Full, &mut problems)
}

/// The full atlas of the published data, for the import worker, which joins a bureau's rows
/// against every township.
pub async fn load_published_atlas() -> Result<Atlas, Text> {
    load_first_map(Depth::Full).await.map(|(atlas, _, _)| atlas)
}

/// Where a part of the published data is served, beside the page.
fn part_url(file: &PartFile) -> String {
    format!("data/{}", file.path)
}

/// The text of `file` from its started `request`, checked against its manifest entry.
async fn read_checked(
    file: &PartFile,
    request: Result<js_sys::Promise, String>,
) -> Result<String, Text> {
    let bytes = read_bytes(&part_url(file), request, file.bytes).await?;
    let checked = file.check(&bytes)?;
    Ok(String::from_utf8_lossy(checked).into_owned())
}

/// One file of the published data, fetched and checked against its manifest entry, as bytes
/// (a font).
pub async fn fetch_checked_bytes(file: &PartFile) -> Result<Vec<u8>, Text> {
    let url = part_url(file);
    let bytes = read_bytes(&url, start_fetch(&url), file.bytes).await?;
    file.check(&bytes)?;
    Ok(bytes)
}

/// One file of the published data, fetched and checked against its manifest entry, as text.
pub async fn fetch_checked(file: &PartFile) -> Result<String, Text> {
    read_checked(file, start_fetch(&part_url(file))).await
}
