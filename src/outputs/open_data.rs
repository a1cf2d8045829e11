//! The data of the view, to take away: the table on show as CSV (for Excel, with a byte-order
//! mark, or plain UTF-8) and its regions as GeoJSON, then a citation of the view to paste. The
//! bytes come from the core's `open` module, from the same styled map the map and table show;
//! `atlas stats` calls the same functions, so both give the same file. The directory's stations
//! of the view (those read so far) follow the regions in the GeoJSON as Point features, and
//! have a CSV of their own (`atlas stats --format stations-csv`).

use atlas_core::open::citation::{cite_view, CitedSources, CitedView};
use atlas_core::open::download_name;
use atlas_core::open::features::view_geojson_with_stations;
use atlas_core::open::stations::{station_rows, stations_csv};
use atlas_core::open::table::{open_rows, rows_csv, CsvFlavour};
use leptos::prelude::*;

use crate::state::directory::StationDirectory;
use crate::state::view::{Shared, ViewState};

/// Downloads `text` as a file through a Blob (a province's GeoJSON is too large for a data URL).
pub fn save_text(text: &str, file_name: &str, mime: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    crate::outputs::export::download(&url, file_name);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The permalink of the view on show: the page's address with the view's query (made from the
/// view itself, so it is right even before the address bar follows).
pub fn permalink(state: ViewState) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let mut view = state.url_state();
    view.embed = false;
    view.present = false;
    format!("{base}{}", view.to_query())
}

/// Which file a download button makes.
#[derive(Clone, Copy)]
enum Download {
    CsvExcel,
    CsvPlain,
    GeoJson,
    StationsCsv,
}

/// Makes one download of the view on show.
fn download(state: ViewState, what: Download, directory: Option<StationDirectory>) {
    let lang = state.lang.get_untracked();
    let (text, name, mime) = state.styled.with_untracked(|styled| {
        state.atlas.with_untracked(|atlas| {
            let map = &styled.map;
            let rows = open_rows(atlas, map, lang);
            let focus = &map.scene.focus;
            let within = directory
                .map(|d| d.stations_within(focus))
                .unwrap_or_default();
            let stations = station_rows(atlas, focus, &within);
            let name = |ext| download_name(&map.scene.focus, state.month.get_untracked(), ext);
            match what {
                Download::CsvExcel => (
                    rows_csv(&rows, CsvFlavour::Excel),
                    name("csv"),
                    "text/csv;charset=utf-8",
                ),
                Download::CsvPlain => (
                    rows_csv(&rows, CsvFlavour::Plain),
                    name("utf8.csv"),
                    "text/csv;charset=utf-8",
                ),
                Download::GeoJson => (
                    view_geojson_with_stations(atlas, map, &rows, &stations),
                    name("geojson"),
                    "application/geo+json",
                ),
                Download::StationsCsv => (
                    stations_csv(&stations, CsvFlavour::Excel),
                    name("stations.csv"),
                    "text/csv;charset=utf-8",
                ),
            }
        })
    });
    save_text(&text, &name, mime);
}

/// The downloads block and, under it, the citation of the view.
#[component]
pub fn OpenDataPanel(state: ViewState) -> impl IntoView {
    let count = move || state.styled.with(|s| s.map.row_count());
    let directory = use_context::<StationDirectory>();
    let station_count = move || {
        let focus = state.focus.get();
        directory.map_or(0, |d| d.stations_within(&focus).len())
    };
    // The sources follow the regions in view, not a recolour: listing them reads every row's
    // figure (40,912 rows on the national township layer), so it is not redone per restyle.
    let sources = Memo::new(move |_| {
        let scene = state.scene.get();
        let sources = state.styled.with_untracked(|styled| {
            let codes = styled.map.row_codes().iter();
            CitedSources::of(&scene.atlas, &styled.map.scene.focus, codes)
        });
        Shared::new(sources)
    });
    let citation = Memo::new(move |_| {
        let link = permalink(state);
        let focus = state.styled.with(|s| s.map.scene.focus.clone());
        sources.with(|sources| {
            state.atlas.with(|atlas| {
                let view = CitedView {
                    focus: &focus,
                    month: state.month.get(),
                    permalink: &link,
                    accessed: state.today,
                };
                cite_view(atlas, &view, sources)
            })
        })
    });
    let button = move |what: Download, testid: &'static str, zh: &'static str, en: &'static str| {
        view! {
            <button data-testid=testid on:click=move |_| download(state, what, directory)>{move || state.pick(zh, en)}</button>
        }
    };
    view! {
        <section class="open-data" data-testid="open-data" aria-labelledby="open-data-title">
            <h2 id="open-data-title">{move || state.pick("下载本视图数据", "Download the data of this view")}</h2>
            <p class="hint">{move || if state.zh() {
                format!("当前表格的 {} 个地区：代码、名称、覆盖数、覆盖率、图例类别、星级、期限状态、截至日期与来源。", count())
            } else {
                format!("The {} regions of the table on show: code, name, covered, coverage, class, ratings, deadline status, as-of date and source.", count())
            }}</p>
            <div class="open-buttons">
                {button(Download::CsvExcel, "download-csv-excel", "CSV（Excel，UTF-8 带 BOM）", "CSV for Excel (UTF-8 with BOM)")}
                {button(Download::CsvPlain, "download-csv", "CSV（UTF-8）", "CSV (plain UTF-8)")}
                {button(Download::GeoJson, "download-geojson", "GeoJSON（WGS84 经纬度）", "GeoJSON (WGS84 lon/lat)")}
                {move || (station_count() > 0).then(|| button(Download::StationsCsv, "download-stations-csv",
                    "社工站名录 CSV（Excel）", "Stations CSV (for Excel)"))}
            </div>
            {move || (station_count() > 0).then(|| view! {
                <p class="hint" data-testid="stations-download-hint">{if state.zh() {
                    format!("本视图名录中的 {} 个社工站：名称、地址、公开电话、开放时间、服务与经纬度（GeoJSON 中为点要素）。", station_count())
                } else {
                    format!("The directory's {} stations of this view: name, address, public phones, hours, services and lon/lat (Point features in the GeoJSON).", station_count())
                }}</p>
            })}
            <p class="hint">{move || state.pick(
                "GeoJSON 可在 QGIS 等软件中打开；属性“schematic: true”的乡镇是由县界划分的示意单元，不是真实边界。",
                "GeoJSON opens in QGIS and other GIS tools; townships with schematic = true are cells cut from the county outline, not real borders.",
            )}</p>
            <h3>{move || state.pick("引用本视图", "Cite this view")}</h3>
            <div class="citation">
                <label>"中文"
                    <textarea readonly rows="8" data-testid="citation-zh" prop:value=move || citation.with(|c| c.zh.clone())></textarea></label>
                <label>"English"
                    <textarea readonly rows="8" data-testid="citation-en" prop:value=move || citation.with(|c| c.en.clone())></textarea></label>
            </div>
        </section>
    }
}
