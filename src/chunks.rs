//! Official township boundaries of a published data set, one file per province, fetched when
//! the view first needs that province (a drill-down, a shared link, the tour) and added to the
//! atlas. A chunk that is missing or damaged leaves that province's schematic cells and its
//! message in the page's load warnings; the rest of the map is unaffected.

use std::collections::BTreeSet;
use std::rc::Rc;

use atlas_core::data::code::RegionCode;
use atlas_core::data::published::{read_township_chunk, Manifest};
use atlas_core::lang::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;

use coverage_atlas::update_atlas;

use crate::load::fetch_checked;
use crate::view_state::ViewState;

/// Fetches the chunk of the view's province whenever the focus enters one not yet fetched.
/// `problems` receives a chunk's message when it cannot be used. Renders a hidden status
/// element (`data-testid=chunk-status`: provinces loaded, requests pending) for tests and
/// benchmarks.
#[component]
pub fn TownshipChunks(
    state: ViewState,
    manifest: Rc<Manifest>,
    problems: RwSignal<Vec<Text>>,
) -> impl IntoView {
    let requested = StoredValue::new(BTreeSet::<RegionCode>::new());
    let loaded = RwSignal::new(BTreeSet::<RegionCode>::new());
    let pending = RwSignal::new(0usize);
    Effect::new(move |_| {
        // Boundaries are added to the full atlas: the overview would be replaced, and them with
        // it, when the full one arrives.
        if !state.complete.get() {
            return;
        }
        let focus = state.focus.get();
        let Some((province, file)) = manifest.township_chunk_for(&focus) else {
            return;
        };
        if requested.with_value(|r| r.contains(province)) {
            return;
        }
        requested.update_value(|r| {
            r.insert(province.clone());
        });
        let (province, file) = (province.clone(), file.clone());
        pending.update(|n| *n += 1);
        spawn_local(async move {
            let read = fetch_checked(&file)
                .await
                .and_then(|text| read_township_chunk(&file.path, &text));
            match read {
                Ok(townships) => {
                    update_atlas(state.atlas, |a| a.add_township_outlines(&townships));
                    loaded.update(|l| {
                        l.insert(province);
                    });
                }
                Err(message) => problems.update(|p| p.push(message)),
            }
            pending.update(|n| *n -= 1);
        });
    });
    let loaded_list = move || {
        loaded
            .get()
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    view! {
        <div hidden data-testid="chunk-status" data-pending=move || pending.get().to_string()
            data-loaded=loaded_list></div>
    }
}
