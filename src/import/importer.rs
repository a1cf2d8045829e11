//! The page's side of the import worker (`src/import/worker.rs`). The worker starts on the first file a
//! user brings, so a visitor who only looks at the map never downloads it. Requests wait until
//! the worker says it is ready; replies come back in the order requests went.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use atlas_core::import::session::{decode, encode, Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Written by Trunk beside the page (`data-loader-shim` on the worker's link in index.html).
const WORKER_SCRIPT: &str = "import-worker_loader.js";

/// One message from the worker.
pub struct Incoming {
    pub reply: Reply,
    /// The joined townships' coordinates, with [`Reply::Boundaries`]: the worker's buffer,
    /// transferred, which the panel hands on to the page without copying it.
    pub coords: Option<js_sys::Float64Array>,
    /// The worker's memory after the step (it only grows: the peak so far).
    pub memory_bytes: f64,
}

pub struct Importer {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    waiting: Rc<RefCell<Vec<js_sys::Object>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Importer {
    /// Starts the worker. `on_message` gets every reply; `on_crash` the browser's words when
    /// the worker dies (out of memory, a panic), after which this importer takes no requests.
    pub fn start(
        on_message: impl Fn(Incoming) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) -> Result<Importer, String> {
        let worker = Worker::new(WORKER_SCRIPT)
            .map_err(|e| format!("the importer could not start: {e:?}"))?;
        let ready = Rc::new(Cell::new(false));
        let waiting: Rc<RefCell<Vec<js_sys::Object>>> = Rc::default();
        let on_message = {
            let (worker, ready, waiting) = (worker.clone(), ready.clone(), waiting.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                let field = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
                let reply = field("reply")
                    .and_then(|r| r.as_string())
                    .map(|text| decode::<Reply>("the importer's reply", &text))
                    .unwrap_or_else(|| {
                        Ok(Reply::Failed {
                            message: "the importer sent a message without a reply".into(),
                        })
                    })
                    .unwrap_or_else(|e| Reply::Failed { message: e.texts() });
                if reply == Reply::Ready {
                    ready.set(true);
                    for message in waiting.borrow_mut().drain(..) {
                        post(&worker, &message);
                    }
                }
                let coords =
                    field("coords").and_then(|c| c.dyn_into::<js_sys::Float64Array>().ok());
                let memory_bytes = field("memoryBytes").and_then(|m| m.as_f64()).unwrap_or(0.0);
                on_message(Incoming {
                    reply,
                    coords,
                    memory_bytes,
                });
            })
        };
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            on_crash(event.message());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Importer {
            worker,
            ready,
            waiting,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request, with the file it names. The file object is passed, not its bytes: the
    /// worker reads it, so a large file never passes through the page's memory.
    pub fn send(&self, request: &Request, file: Option<&web_sys::File>) {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &message,
            &JsValue::from_str("request"),
            &JsValue::from_str(&encode(request)),
        );
        if let Some(file) = file {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str("file"), file);
        }
        if self.ready.get() {
            post(&self.worker, &message);
        } else {
            self.waiting.borrow_mut().push(message);
        }
    }
}

impl Drop for Importer {
    /// Dropping the importer stops the worker and whatever it was doing (a cancel).
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

fn post(worker: &Worker, message: &js_sys::Object) {
    if let Err(e) = worker.post_message(message) {
        web_sys::console::error_1(&e);
    }
}
