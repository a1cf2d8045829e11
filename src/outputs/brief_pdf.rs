//! The page's briefing-pack binary: the A4 pack of the view on show as vector PDF, the same
//! pages (`atlas_core::draw::brief`) written by the same function (`atlas_pdf::pages_to_pdf`)
//! as `atlas brief`. Fetched only when a reader presses the pack's button
//! (`src/outputs/brief.rs`), so none of usvg, svg2pdf or the pack's drawing is among the
//! bytes of the first load.
//!
//! It reads the publication the page is served with (the manifest, the full registry and
//! outlines, the township chunks of the region, all from the browser's cache after the page's
//! own load) and the pack's font, Noto Sans CJK SC cut to the publication's characters
//! (`brief_fonts` in the manifest, written by `atlas publish`): a wasm page has no system
//! fonts. Atlas and font are kept for the next pack.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::draw::brief::{brief_pages, brief_title, BriefOptions};
use atlas_core::lang::Text;
use atlas_core::publish::{read_township_chunk, Depth, Manifest};
use atlas_pdf::fontdb;
use coverage_atlas::import::events::{listen_text, send_text};
use coverage_atlas::loading::load::{fetch_checked, fetch_checked_bytes, load_first_map};
use coverage_atlas::outputs::brief_link::{
    file_name, BriefDone, BriefRequest, DONE_EVENT, REQUEST_EVENT,
};
use wasm_bindgen::JsCast;

/// What is kept between packs.
#[derive(Default)]
struct Kept {
    /// The full atlas with the township chunks added so far, and the manifest it came from.
    atlas: Option<(Atlas, Rc<Manifest>)>,
    /// The regions whose township chunks are in the atlas.
    chunks: BTreeSet<RegionCode>,
    /// The pack's font.
    fonts: Option<Arc<fontdb::Database>>,
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

fn main() {
    console_error_panic_hook::set_once();
    listen_text(REQUEST_EVENT, |detail| {
        wasm_bindgen_futures::spawn_local(async move {
            let done = match BriefRequest::decode(&detail) {
                Some(request) => make_and_save(&request)
                    .await
                    .unwrap_or_else(BriefDone::Failed),
                None => BriefDone::Failed(Text::new(
                    format!("简报请求无法读取：{detail}"),
                    format!("The briefing pack's request could not be read: {detail}"),
                )),
            };
            send_text(DONE_EVENT, &done.encode());
        });
    });
}

/// Makes the pack of `request`'s view and hands it to the browser to save.
async fn make_and_save(request: &BriefRequest) -> Result<BriefDone, Text> {
    let mut fetched_bytes = ensure_atlas(&request.focus).await?;
    let (fonts, font_bytes) = ensure_fonts().await?;
    fetched_bytes += font_bytes;
    let opts = BriefOptions {
        focus: request.focus.clone(),
        month: request.month,
        today: request.today,
        lang: request.lang,
    };
    let (pages, title, name) = KEPT.with_borrow(|kept| {
        let (atlas, _) = kept.atlas.as_ref().expect("loaded above");
        let name = atlas.divisions.name(&opts.focus).map_or_else(
            || request.lang.pick("全国", "China").to_string(),
            str::to_string,
        );
        (brief_pages(atlas, &opts), brief_title(atlas, &opts), name)
    });
    let pdf =
        atlas_pdf::pages_to_pdf(&pages, 96.0, &title, atlas_pdf::PRODUCER, fonts).map_err(|e| {
            Text::new(
                format!("简报 PDF 第 {} 页无法写出：{e}", e.page()),
                format!(
                    "Page {} of the briefing PDF could not be written: {e}",
                    e.page()
                ),
            )
        })?;
    let file_name = file_name(&request.focus, &name, request.today, request.lang);
    save(&pdf, &file_name)?;
    Ok(BriefDone::Saved {
        pages: pages.len(),
        bytes: pdf.len(),
        file_name,
        fetched_bytes,
    })
}

/// Loads the full atlas once, then the township chunks `focus` draws from that are not in it
/// yet. Returns the bytes of chunks fetched (the atlas's own files the page fetched already).
async fn ensure_atlas(focus: &RegionCode) -> Result<usize, Text> {
    if KEPT.with_borrow(|k| k.atlas.is_none()) {
        let (atlas, _, published) = load_first_map(Depth::Full).await?;
        KEPT.with_borrow_mut(|k| k.atlas = Some((atlas, published.manifest.clone())));
    }
    let manifest = KEPT.with_borrow(|k| k.atlas.as_ref().map(|(_, m)| m.clone()));
    let manifest = manifest.expect("loaded above");
    let mut fetched = 0;
    for (region, file) in manifest.township_chunks_for(focus) {
        if KEPT.with_borrow(|k| k.chunks.contains(region)) {
            continue;
        }
        let text = fetch_checked(file).await?;
        fetched += text.len();
        let chunk = read_township_chunk(&file.path, &text)?;
        let problem = KEPT.with_borrow_mut(|k| {
            k.chunks.insert(region.clone());
            let (atlas, _) = k.atlas.as_mut().expect("loaded above");
            chunk.add_to(atlas, region, &file.path)
        });
        if let Some(problem) = problem {
            return Err(problem.into());
        }
    }
    Ok(fetched)
}

/// The pack's font, fetched once: both weights the manifest names, checked against it.
/// Returns the database and the bytes fetched now.
async fn ensure_fonts() -> Result<(Arc<fontdb::Database>, usize), Text> {
    if let Some(fonts) = KEPT.with_borrow(|k| k.fonts.clone()) {
        return Ok((fonts, 0));
    }
    let manifest = KEPT.with_borrow(|k| k.atlas.as_ref().map(|(_, m)| m.clone()));
    let manifest = manifest.expect("the atlas is loaded first");
    if manifest.brief_fonts.is_empty() {
        return Err(Text::new(
            "本数据发布没有附带简报字体（发布时系统未安装 Noto Sans CJK SC），无法生成简报 PDF；请安装 fonts-noto-cjk 后重新发布",
            "This publication carries no font for the briefing pack (Noto Sans CJK SC was not installed where it was published), so the PDF cannot be made: install fonts-noto-cjk and publish again",
        ));
    }
    let mut db = fontdb::Database::new();
    let mut fetched = 0;
    for file in manifest.brief_fonts.values() {
        let bytes = fetch_checked_bytes(file).await?;
        fetched += bytes.len();
        db.load_font_data(bytes);
    }
    let fonts = Arc::new(db);
    KEPT.with_borrow_mut(|k| k.fonts = Some(fonts.clone()));
    Ok((fonts, fetched))
}

/// Hands `pdf` to the browser to save as `file_name`, through a clicked link to a blob.
fn save(pdf: &[u8], file_name: &str) -> Result<(), Text> {
    let failed = |e: wasm_bindgen::JsValue| {
        let why = coverage_atlas::loading::load::js_error_text(&e);
        Text::new(
            format!("简报 PDF 无法交给浏览器保存：{why}"),
            format!("The briefing PDF could not be handed to the browser to save: {why}"),
        )
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(pdf));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/pdf");
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| failed("no document".into()))?;
    let link: web_sys::HtmlElement = document
        .create_element("a")
        .map_err(failed)?
        .unchecked_into();
    link.set_attribute("href", &url).map_err(failed)?;
    link.set_attribute("download", file_name).map_err(failed)?;
    let body = document.body().ok_or_else(|| failed("no body".into()))?;
    body.append_child(&link).map_err(failed)?;
    link.click();
    let _ = body.remove_child(&link);
    // The browser has begun reading the blob; the URL may go once this task has ended.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}
