//! Bring your own stations: a bureau's spreadsheet (CSV in UTF-8 or GBK, XLSX, JSON) by file
//! picker or drag-and-drop, joined to the registry in the core, with the report always shown and
//! downloadable. Every row read is joined or listed.

use std::rc::Rc;

use atlas_core::atlas::Atlas;
use atlas_core::code::RegionCode;
use atlas_core::import::{import_stations, read_boundaries, JoinOptions, JoinReport};
use atlas_core::model::{PartialDate, Station};
use atlas_core::summary::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Larger files than this are refused before reading: a tab holds a few hundred MB at most,
/// and a station table is far below it.
const MAX_FILE_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

#[derive(Clone)]
enum ImportState {
    Idle,
    Reading(String),
    Done(Rc<JoinReport>),
    Failed(String),
}

/// What a boundary file gave: counts, the coordinate finding and every issue, as text.
#[derive(Clone)]
struct BoundarySummary {
    file: String,
    features_read: usize,
    joined: usize,
    rejected: usize,
    crs: String,
    code_property: String,
    issues: Vec<String>,
}

#[derive(Clone)]
enum BoundaryState {
    Idle,
    Done(BoundarySummary),
    Failed(String),
}

/// The file an `<input type=file>` change event carries, if any.
fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

async fn read_file(file: web_sys::File) -> Result<(String, Vec<u8>), String> {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        return Err(format!(
            "{name}: {:.0} MB is more than this page can hold ({:.0} MB); split the file by county",
            file.size() / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576.0
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{name}: could not be read"))?;
    Ok((name, js_sys::Uint8Array::new(&buffer).to_vec()))
}

#[component]
pub fn StationImport(
    atlas: StoredValue<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    today: PartialDate,
    on_loaded: Callback<Vec<Station>>,
    on_boundaries: Callback<Vec<(RegionCode, geo::MultiPolygon<f64>)>>,
) -> impl IntoView {
    let state = RwSignal::new_local(ImportState::Idle);
    let boundary_state = RwSignal::new(BoundaryState::Idle);
    let take_boundaries = move |file: web_sys::File| {
        spawn_local(async move {
            let outcome = match read_file(file).await {
                Ok((name, bytes)) => atlas
                    .with_value(|a| read_boundaries(&name, &bytes, None, a))
                    .map_err(|e| e.to_string()),
                Err(message) => Err(message),
            };
            match outcome {
                Ok(loaded) => {
                    let summary = BoundarySummary {
                        file: loaded.file.clone(),
                        features_read: loaded.features_read,
                        joined: loaded.joined(),
                        rejected: loaded.rejected(),
                        crs: loaded.crs.to_string(),
                        code_property: loaded.code_property.clone(),
                        issues: loaded.report.iter().map(|i| i.to_string()).collect(),
                    };
                    on_boundaries.run(loaded.townships);
                    boundary_state.set(BoundaryState::Done(summary));
                }
                Err(message) => boundary_state.set(BoundaryState::Failed(message)),
            }
        });
    };
    let on_boundary_change = move |ev: web_sys::Event| {
        if let Some(file) = chosen_file(&ev) {
            take_boundaries(file);
        }
    };
    let boundary_view = move || {
        match boundary_state.get() {
        BoundaryState::Idle => None,
        BoundaryState::Failed(message) => Some(view! { <p class="import-error" role="alert" data-testid="boundary-error">{message}</p> }.into_any()),
        BoundaryState::Done(b) => Some(view! {
            <div class="join-report" data-testid="boundary-report"
                data-features-read=b.features_read.to_string()
                data-joined=b.joined.to_string()
                data-rejected=b.rejected.to_string()>
                <p class="counts">{format!(
                    "{}: {} features, {} townships joined, {} rejected (code from \"{}\"); {}",
                    b.file, b.features_read, b.joined, b.rejected, b.code_property, b.crs
                )}</p>
                <ul class="messages">{b.issues.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
        }.into_any()),
    }
    };
    let dragging = RwSignal::new(false);
    let zh = move || lang.get() == Lang::Zh;
    let take_file = move |file: web_sys::File| {
        state.set(ImportState::Reading(file.name()));
        spawn_local(async move {
            let outcome = match read_file(file).await {
                Ok((name, bytes)) => atlas
                    .with_value(|a| {
                        import_stations(&name, &bytes, &a.divisions, &JoinOptions::new(today))
                    })
                    .map_err(|e| e.to_string()),
                Err(message) => Err(message),
            };
            match outcome {
                Ok((_, _, report)) => {
                    on_loaded.run(report.joined.iter().map(|(_, s)| s.clone()).collect());
                    state.set(ImportState::Done(Rc::new(report)));
                }
                Err(message) => state.set(ImportState::Failed(message)),
            }
        });
    };
    let on_change = move |ev: web_sys::Event| {
        if let Some(file) = chosen_file(&ev) {
            take_file(file);
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(file);
        }
    };
    let report_view = move || match state.get() {
        ImportState::Idle => None,
        ImportState::Reading(name) => Some(
            view! { <p class="import-busy" role="status">{format!("{name} …")}</p> }.into_any(),
        ),
        ImportState::Failed(message) => Some(
            view! { <p class="import-error" role="alert" data-testid="import-error">{message}</p> }
                .into_any(),
        ),
        ImportState::Done(report) => {
            let csv = report.to_csv();
            let href = format!(
                "data:text/csv;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&format!("\u{feff}{csv}")))
            );
            let messages = report.messages();
            let gaps = report
                .townships_without_station
                .iter()
                .map(|g| {
                    format!(
                        "{} {}: {}/{}",
                        g.name, g.county, g.with_station, g.townships
                    )
                })
                .collect::<Vec<_>>();
            let counts_zh = report.counts_line(Lang::Zh);
            let counts_en = report.counts_line(Lang::En);
            Some(view! {
                <div class="join-report" data-testid="join-report"
                    data-rows-read=report.rows_read.to_string()
                    data-joined=report.joined.len().to_string()
                    data-unmatched=report.unmatched.len().to_string()
                    data-duplicates=report.duplicates.len().to_string()
                    data-invalid=report.invalid.len().to_string()>
                    <p class="counts" data-testid="join-counts">{move || if zh() { counts_zh.clone() } else { counts_en.clone() }}</p>
                    <ul class="messages">{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    {(!gaps.is_empty()).then(|| view! {
                        <p class="gaps">{move || if zh() { "有站点的乡镇/乡镇总数：" } else { "Townships with a station row / townships:" }}" "{gaps.join("; ")}</p>
                    })}
                    <a data-testid="join-report-csv" download="join-report.csv" href=href>{move || if zh() { "下载匹配报告（CSV）" } else { "Download the join report (CSV)" }}</a>
                </div>
            }.into_any())
        }
    };
    view! {
        <section class="import" data-testid="import" aria-label="Import stations">
            <h2>{move || if zh() { "导入本地站点表" } else { "Load your own station table" }}</h2>
            <label class="drop" class:dragging=move || dragging.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <span>{move || if zh() {
                    "拖入或选择文件：CSV（UTF-8 或 GBK）、XLSX、JSON；按乡镇代码或名称匹配"
                } else {
                    "Drop or choose a file: CSV (UTF-8 or GBK), XLSX or JSON, keyed by township code or name"
                }}</span>
                <input type="file" data-testid="stations-file" accept=".csv,.txt,.xlsx,.json" on:change=on_change />
            </label>
            {report_view}
            <label class="drop">
                <span>{move || if zh() {
                    "乡镇边界：GeoJSON 或 TopoJSON（WGS84/CGCS2000；检测 GCJ-02、经纬度颠倒与投影坐标），替换示意格"
                } else {
                    "Township boundaries: GeoJSON or TopoJSON (WGS84/CGCS2000; GCJ-02, swapped lon/lat and projected coordinates are detected), replacing the schematic cells"
                }}</span>
                <input type="file" data-testid="boundaries-file" accept=".geojson,.json,.topojson" on:change=on_boundary_change />
            </label>
            {boundary_view}
        </section>
    }
}
