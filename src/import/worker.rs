//! The page's import worker: reads a user's file and runs the core's [`ImportSession`] away from
//! the main thread, so the map stays responsive while a province of boundaries is parsed.
//!
//! Messages in: `{ request: <JSON Request>, file?: File }`. Messages out:
//! `{ reply: <JSON Reply>, coords?: Float64Array, memoryBytes: number }`, the coordinates
//! transferred, not copied. The worker announces `Ready` once it has loaded the registry;
//! the page sends nothing before that.

use std::cell::RefCell;
use std::rc::Rc;

use atlas_core::import::session::{decode, encode, ImportSession, Reply, Request};
use atlas_core::import::{Phase, Step};
use atlas_core::lang::Text;
use coverage_atlas::loading::load::{js_error_text, load_published_atlas};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Files are read in slices of this size, one progress step each.
const READ_SLICE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// The worker's linear memory in bytes: it only grows, so after a job it is that job's peak.
fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

fn post(reply: &Reply, coords: Option<&[f64]>) {
    let message = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
    };
    set("reply", &JsValue::from_str(&encode(reply)));
    set("memoryBytes", &JsValue::from_f64(memory_bytes()));
    let transfer = js_sys::Array::new();
    if let Some(coords) = coords {
        let array = js_sys::Float64Array::from(coords);
        set("coords", &array);
        transfer.push(&array.buffer());
    }
    if let Err(e) = scope().post_message_with_transfer(&message, &transfer) {
        web_sys::console::error_1(&e);
    }
}

/// The file's bytes, read slice by slice with a step after each.
fn read_file(file: &web_sys::File, progress: &mut dyn FnMut(Step)) -> Result<Vec<u8>, Text> {
    let name = file.name();
    let reader = web_sys::FileReaderSync::new().map_err(|e| unreadable(&name, &e))?;
    let total = file.size();
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(total as usize).map_err(|_| {
        let mb = total / 1_048_576.0;
        Text::new(
            format!("{name}：{mb:.0} MB，超出本浏览器标签页的内存；请按区县拆分文件"),
            format!("{name}: {mb:.0} MB do not fit in this browser tab's memory; split the file by county"),
        )
    })?;
    let mut start = 0.0;
    progress(Step {
        phase: Phase::Reading,
        done: 0,
        total: total as u64,
    });
    while start < total {
        let end = (start + READ_SLICE_BYTES).min(total);
        let slice = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|e| unreadable(&name, &e))?;
        let buffer = reader
            .read_as_array_buffer(&slice)
            .map_err(|e| unreadable(&name, &e))?;
        // Straight into the reserved bytes: no intermediate copy of each slice.
        let slice = js_sys::Uint8Array::new(&buffer);
        let at = bytes.len();
        bytes.resize(at + slice.length() as usize, 0);
        slice.copy_to(&mut bytes[at..]);
        start = end;
        progress(Step {
            phase: Phase::Reading,
            done: start as u64,
            total: total as u64,
        });
    }
    Ok(bytes)
}

/// The file could not be read, with what the browser says.
fn unreadable(name: &str, error: &JsValue) -> Text {
    let says = js_error_text(error);
    Text::new(
        format!("{name}：无法读取（{says}）"),
        format!("{name}: could not be read ({says})"),
    )
}

fn on_message(session: &Rc<RefCell<ImportSession>>, event: MessageEvent) {
    let data = event.data();
    let field = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
    let mut progress = |step: Step| post(&Reply::Progress(step), None);
    let request = field("request")
        .and_then(|r| r.as_string())
        .ok_or_else(|| Text::from("the page sent a message without a request"))
        .and_then(|text| decode::<Request>("request", &text).map_err(|e| e.texts()));
    let request = match request {
        Ok(r) => r,
        Err(message) => return post(&Reply::Failed { message }, None),
    };
    let bytes = match field("file").and_then(|f| f.dyn_into::<web_sys::File>().ok()) {
        Some(file) => match read_file(&file, &mut progress) {
            Ok(bytes) => Some(bytes),
            Err(message) => return post(&Reply::Failed { message }, None),
        },
        None => None,
    };
    let (reply, coords) = session.borrow_mut().handle(request, bytes, &mut progress);
    post(
        &reply,
        matches!(reply, Reply::Boundaries(_)).then_some(&coords[..]),
    );
}

fn main() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        post(
            &Reply::Progress(Step {
                phase: Phase::Starting,
                done: 0,
                total: 0,
            }),
            None,
        );
        // The registry and outlines the page itself loaded; its stations and boundaries are
        // not the worker's business.
        let atlas = match load_published_atlas().await {
            Ok(atlas) => atlas,
            Err(message) => return post(&Reply::Failed { message }, None),
        };
        let session = Rc::new(RefCell::new(ImportSession::new(atlas)));
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event| {
            on_message(&session, event);
        });
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The worker lives as long as the page keeps it; so does its handler.
        handler.forget();
        post(&Reply::Ready, None);
    });
}
