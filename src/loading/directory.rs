//! The station directory of a published data set: one file per province, fetched when the view
//! first enters the province (a drill-down, a shared link), checked against its manifest entry
//! (hash and size) and read by core's reader, then kept by township for the region panel. A
//! file that is missing or damaged leaves its province's stations unlisted and its message in
//! the page's load warnings.

use std::collections::BTreeSet;
use std::rc::Rc;

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::directory::read_directory_file;
use atlas_core::lang::Text;
use atlas_core::publish::{Manifest, PartFile};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::loading::load::fetch_checked;
pub use crate::state::directory::StationDirectory;
use crate::state::view::ViewState;

/// Fetches a province's directory file when the focus (or the selected region) first enters
/// the province, into `directory`. Renders a hidden status element
/// (`data-testid=directory-status`: provinces read, requests pending) for tests.
#[component]
pub fn DirectoryFiles(
    state: ViewState,
    manifest: Rc<Manifest>,
    directory: StationDirectory,
    problems: RwSignal<Vec<Text>>,
) -> impl IntoView {
    let requested = StoredValue::new(BTreeSet::<RegionCode>::new());
    let pending = RwSignal::new(0usize);
    Effect::new(move |_| {
        let focus = state.focus.get();
        let selected = state.selected.get();
        let provinces = [Some(focus), selected]
            .into_iter()
            .flatten()
            .filter_map(|code| code.ancestor_at(Level::Province));
        for province in provinces {
            let Some(file) = manifest.directory.get(&province) else {
                continue;
            };
            if requested.with_value(|r| r.contains(&province)) {
                continue;
            }
            requested.update_value(|r| {
                r.insert(province.clone());
            });
            fetch_directory(directory, province, file.clone(), pending, problems);
        }
    });
    let loaded_list = move || {
        (directory.loaded.get().iter())
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    view! {
        <div hidden data-testid="directory-status" data-pending=move || pending.get().to_string()
            data-loaded=loaded_list></div>
    }
}

/// Fetches and reads `province`'s directory file into `directory`, or its message into
/// `problems`.
fn fetch_directory(
    directory: StationDirectory,
    province: RegionCode,
    file: PartFile,
    pending: RwSignal<usize>,
    problems: RwSignal<Vec<Text>>,
) {
    pending.update(|p| *p += 1);
    spawn_local(async move {
        let read = fetch_checked(&file)
            .await
            .and_then(|text| read_directory_file(&file.path, &text, &province));
        match read {
            Ok(stations) => {
                directory.by_township.update(|d| {
                    for station in stations {
                        d.entry(station.township.clone()).or_default().push(station);
                    }
                });
                directory.loaded.update(|l| {
                    l.insert(province);
                });
            }
            Err(message) => problems.update(|p| p.push(message)),
        }
        pending.update(|p| *p -= 1);
    });
}
