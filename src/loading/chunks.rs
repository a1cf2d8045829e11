//! The township shapes of a published data set: one file per province (official boundaries
//! where the bureau gave them, simplified for the province's view, and schematic cells made at
//! publish time everywhere else), and one per prefecture with official boundaries, at full
//! detail. A file is fetched when the view first needs it (a drill-down, a shared link, the
//! tour: the province's for any view in it, the prefecture's for a view of it or one of its
//! counties) and added to the atlas. A chunk that is missing or damaged leaves its townships
//! undrawn (or, for a prefecture's, drawn from its province's) and its message in the page's
//! load warnings; the rest of the map is unaffected.

use std::collections::BTreeSet;
use std::rc::Rc;

use atlas_core::data::code::RegionCode;
use atlas_core::lang::Text;
use atlas_core::publish::{read_township_chunk, Manifest, PartFile};
use leptos::prelude::*;
use leptos::task::spawn_local;

use coverage_atlas::{now_ms, update_atlas};

use crate::loading::load::fetch_checked;
use crate::state::view::ViewState;

/// Fetches the chunks of the view's region whenever the focus enters one not yet fetched
/// (or every province's at once: [`Switches::every_province`](crate::state::url::Switches::every_province)).
/// `problems` receives a chunk's message when it cannot be used. Renders a hidden status
/// element (`data-testid=chunk-status`: chunks loaded, requests pending, and per chunk
/// the milliseconds from its file's arrival to the first frame after it was drawn, and to its
/// shapes read and added: [`ChunkTiming`]) for tests and benchmarks.
#[component]
pub fn TownshipChunks(
    state: ViewState,
    manifest: Rc<Manifest>,
    problems: RwSignal<Vec<Text>>,
) -> impl IntoView {
    let requested = StoredValue::new(BTreeSet::<RegionCode>::new());
    let loaded = state.townships_loaded;
    let drawn_ms = RwSignal::new(Vec::new());
    let every_province = state.switches.every_province();
    Effect::new(move |_| {
        // Shapes are added to the full atlas: the overview would be replaced, and them with
        // it, when the full one arrives.
        if !state.complete.get() {
            return;
        }
        let focus = state.focus.get();
        let wanted: Vec<(&RegionCode, &PartFile)> = if every_province {
            manifest.province_chunks().collect()
        } else {
            manifest.township_chunks_for(&focus)
        };
        for (region, file) in wanted {
            if requested.with_value(|r| r.contains(region)) {
                continue;
            }
            requested.update_value(|r| {
                r.insert(region.clone());
            });
            fetch_chunk(state, region.clone(), file.clone(), drawn_ms, problems);
        }
    });
    let loaded_list = move || {
        loaded
            .get()
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let pending = move || state.townships_pending.with(|p| p.len()).to_string();
    let drawn_list = move || {
        drawn_ms.with(|d| {
            d.iter()
                .map(|t| format!("{}:{:.0}", t.region, t.drawn_ms))
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    let steps_list = move || {
        drawn_ms.with(|d| {
            d.iter()
                .map(|t| format!("{}:read {:.0} add {:.0}", t.region, t.read_ms, t.added_ms))
                .collect::<Vec<_>>()
                .join(",")
        })
    };
    view! {
        <div hidden data-testid="chunk-status" data-pending=pending data-loaded=loaded_list
            data-drawn-ms=drawn_list data-steps-ms=steps_list></div>
    }
}

/// Fetches the chunk of one province or prefecture (`region`) and adds its shapes to the
/// atlas, or its message to `problems`; the region is pending in the view state meanwhile.
fn fetch_chunk(
    state: ViewState,
    region: RegionCode,
    file: PartFile,
    drawn_ms: RwSignal<Vec<ChunkTiming>>,
    problems: RwSignal<Vec<Text>>,
) {
    state.townships_pending.update(|p| {
        p.insert(region.clone());
    });
    spawn_local(async move {
        let text = fetch_checked(&file).await;
        let arrived_ms = now_ms();
        let read = text.and_then(|text| Ok(read_township_chunk(&file.path, &text)?));
        let read_ms = now_ms();
        let message = match read {
            Ok(chunk) => {
                let mut message = None;
                update_atlas(state.atlas, |a| {
                    message = chunk.add_to(a, &region, &file.path).map(Text::from)
                });
                state.townships_loaded.update(|l| {
                    l.insert(region.clone());
                });
                let added_ms = now_ms();
                // The map redraws in an effect before the next frame; that frame is "drawn".
                next_frame().await;
                drawn_ms.update(|d| {
                    d.push(ChunkTiming {
                        region: region.clone(),
                        drawn_ms: now_ms() - arrived_ms,
                        read_ms: read_ms - arrived_ms,
                        added_ms: added_ms - read_ms,
                    })
                });
                message
            }
            Err(message) => Some(message),
        };
        if let Some(message) = message {
            problems.update(|p| p.push(message));
        }
        state.townships_pending.update(|p| {
            p.remove(&region);
        });
    });
}

/// How long a chunk took, from its text's arrival (fetched and checked): to its shapes read
/// from the TopoJSON, then projected and added to the atlas, and to the first frame after they
/// were drawn (the scene, its paths, styles and the canvas, in between).
#[derive(Clone)]
struct ChunkTiming {
    region: RegionCode,
    drawn_ms: f64,
    read_ms: f64,
    added_ms: f64,
}

/// Resolves at the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
