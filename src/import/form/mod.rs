//! Bring your own data: a bureau's station table (CSV in UTF-8, GBK, Big5 or UTF-16, XLSX, JSON) and its
//! official township boundaries (GeoJSON, TopoJSON), by file picker or drag-and-drop. The files
//! are read and joined in the import worker (`importer.rs`) with a progress bar; the page
//! shows a column step for the table, a code-property and coordinate step for the boundaries,
//! and a report of every row and feature, downloadable as CSV.
//!
//! [`job`] runs both imports through the one worker; [`stations`] and [`boundaries`] draw
//! them, the station table with its value step ([`values`]) and import recipe ([`recipe`]);
//! [`widgets`] holds what they draw alike.

mod boundaries;
mod job;
mod recipe;
mod stations;
mod values;
mod widgets;

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::model::Station;
use atlas_core::date::Day;
use atlas_core::lang::Lang;
use leptos::prelude::*;

use boundaries::BoundariesImport;
use job::ImportJob;
pub use job::JoinedShapes;
use stations::StationsImport;

/// The import panel. `on_loaded` gets the joined stations, `on_boundaries` the joined township
/// outlines (packed, with the worker's coordinate buffer), each time a file (or a new choice for it) is read; `atlas` is only read.
#[component]
pub fn DataImport(
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    today: Day,
    on_loaded: Callback<Vec<Station>>,
    on_boundaries: Callback<JoinedShapes>,
) -> impl IntoView {
    let (stations, boundaries) = ImportJob::pair(today, on_loaded, on_boundaries);
    view! {
        <section class="import" data-testid="import" aria-label="Import your own data"
            data-worker=move || stations.worker_state().key()>
            <h2>{move || if lang.get() == Lang::Zh { "导入本地数据" } else { "Bring your own data" }}</h2>
            <div class="import-parts">
                <StationsImport job=stations atlas lang />
                <BoundariesImport job=boundaries lang />
            </div>
        </section>
    }
}
