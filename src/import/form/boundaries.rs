//! The township-boundary import: the drop zone, and the boundary report with the choices that
//! re-read the file (which property holds the township codes, GCJ-02 conversion, swapped
//! longitude and latitude) and its CSV download.

use std::rc::Rc;

use atlas_core::data::code::RegionCode;
use atlas_core::import::boundaries::CodeProperty;
use atlas_core::import::{BoundaryChoices, BoundaryImport, CrsFinding};
use atlas_core::lang::Lang;
use leptos::prelude::*;

use super::job::{Choices, Finished, ImportJob, Measured, Report};
use super::widgets::{CsvDownload, DropZone, JobStatus};

#[component]
pub fn BoundariesImport(job: ImportJob, lang: RwSignal<Lang>) -> impl IntoView {
    let on_file = Callback::new(move |file| job.start(file, None));
    let report = move || {
        let lang_now = lang.get();
        match job.finished()? {
            Finished {
                report: Report::Boundaries { import, choices },
                measured,
            } => Some(view! { <BoundariesReport import choices measured job lang lang_now /> }),
            _ => None,
        }
    };
    view! {
        <div class="import-part">
            <h3>{move || if lang.get() == Lang::Zh { "乡镇边界" } else { "Township boundaries" }}</h3>
            <DropZone kind=job.kind() lang on_file on_reach=Callback::new(move |_| job.warm()) accept=".geojson,.json,.topojson"
                zh="GeoJSON 或 TopoJSON（WGS84/CGCS2000；检测 GCJ-02、经纬度颠倒与投影坐标），替换示意格"
                en="GeoJSON or TopoJSON (WGS84/CGCS2000; GCJ-02, swapped lon/lat and projected coordinates are detected), replacing the schematic cells" />
            <JobStatus job lang />
            {report}
        </div>
    }
}

/// Counts, the code-property picker, what the coordinates look like (with the choice to fix
/// them when they look shifted or swapped, or were fixed), each rejected feature, the CSV.
#[component]
fn BoundariesReport(
    import: Rc<BoundaryImport>,
    choices: BoundaryChoices,
    measured: Measured,
    job: ImportJob,
    lang: RwSignal<Lang>,
    lang_now: Lang,
) -> impl IntoView {
    let zh = lang_now == Lang::Zh;
    let properties = import
        .properties
        .iter()
        .map(|p| {
            view! {
                <option value=p.key.clone() selected=p.key == import.code_property>
                    {property_label(p, import.features_read, lang_now)}
                </option>
            }
        })
        .collect_view();
    let current = choices.clone();
    let on_property = move |ev: web_sys::Event| {
        let code_property = Some(event_target_value(&ev));
        job.rerun(Choices::Boundaries(BoundaryChoices {
            code_property,
            ..current.clone()
        }))
    };
    view! {
        <div class="join-report" data-testid="boundary-report" aria-live="polite"
            data-features-read=import.features_read.to_string()
            data-joined=import.joined().to_string()
            data-rejected=import.rejected().to_string()
            data-code-property=import.code_property.clone()
            data-crs=crs_key(&import.crs)
            data-elapsed-ms=format!("{:.0}", measured.elapsed_ms)
            data-worker-memory-bytes=format!("{:.0}", measured.worker_memory_bytes)
            data-panel-memory-bytes=format!("{:.0}", measured.panel_memory_bytes)
            data-stages-ms=measured.stages_text()>
            <p class="counts" data-testid="boundary-counts">{import.counts_line(lang_now)}</p>
            <p class="choice"><label>
                {if zh { "乡镇代码所在属性：" } else { "Township codes are in the property: " }}
                <select data-testid="code-property" on:change=on_property>{properties}</select>
            </label></p>
            <p class="crs" data-testid="boundary-crs">{import.crs.describe(lang_now)}</p>
            {coordinate_choices(&import.crs, &choices, job, zh)}
            <ul class="messages">{import.report_lines(lang_now).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            {suggestions(&import, &choices, job, lang_now)}
            <CsvDownload test_id="boundary-report-csv" file_name="boundary-report.csv" csv=import.to_csv(lang_now) lang
                zh="下载边界报告（CSV）" en="Download the boundary report (CSV)" />
        </div>
    }
}

/// Each rejected feature with a township suggestion, to accept one by one or all at once, and
/// an undo for those accepted.
fn suggestions(
    import: &BoundaryImport,
    choices: &BoundaryChoices,
    job: ImportJob,
    lang: Lang,
) -> impl IntoView {
    let acceptable = import.acceptable();
    let with = |accepted: std::collections::BTreeMap<usize, RegionCode>| {
        let next = BoundaryChoices {
            accepted,
            ..choices.clone()
        };
        move |_| job.rerun(Choices::Boundaries(next.clone()))
    };
    let rows = import
        .report
        .iter()
        .filter(|i| acceptable.contains_key(&i.feature))
        .map(|issue| {
            let mut one = choices.accepted.clone();
            one.extend(acceptable.get_key_value(&issue.feature).map(|(k, v)| (*k, v.clone())));
            let label = issue.suggestion.as_ref().map(|s| s.get(lang).to_string());
            view! {
                <li data-feature=issue.feature.to_string()>
                    {format!("{} {}", issue.label, label.unwrap_or_default())}" "
                    <button type="button" class="accept" data-testid="boundary-accept" on:click=with(one)>
                        {lang.pick("接受建议", "Accept")}
                    </button>
                </li>
            }
        })
        .collect_view();
    let n = acceptable.len();
    let mut all = choices.accepted.clone();
    all.extend(acceptable);
    let accept_all = (n > 0).then(|| view! {
        <button type="button" data-testid="boundary-accept-all" data-count=n.to_string() on:click=with(all)>
            {match lang {
                Lang::Zh => format!("全部接受（{n} 条建议）"),
                Lang::En => format!("Accept all {n} suggestions"),
            }}
        </button>
    });
    let accepted = choices.accepted.len();
    let undo = (accepted > 0).then(|| view! {
        <button type="button" data-testid="boundary-undo-accepted" on:click=with(Default::default())>
            {match lang {
                Lang::Zh => format!("撤销已接受的 {accepted} 条建议"),
                Lang::En => format!("Undo the {accepted} accepted suggestions"),
            }}
        </button>
    });
    let list = (n > 0).then(|| view! { <ul class="suggestion-list">{rows}</ul> });
    view! {
        <p class="suggestions">{accept_all}" "{undo}</p>
        {list}
    }
}

/// The coordinate fixes on offer, each shown when the coordinates look that way or it was
/// chosen (so it can be undone).
fn coordinate_choices(
    crs: &CrsFinding,
    choices: &BoundaryChoices,
    job: ImportJob,
    zh: bool,
) -> impl IntoView {
    // Each box re-reads the file with its one choice flipped.
    let toggle = |flip: fn(&mut BoundaryChoices)| {
        let mut next = choices.clone();
        flip(&mut next);
        move |_| job.rerun(Choices::Boundaries(next.clone()))
    };
    let converted = matches!(crs, CrsFinding::ConvertedFromGcj02 { .. });
    let gcj = matches!(crs, CrsFinding::Gcj02 { .. }) || converted;
    let swapped = matches!(crs, CrsFinding::SwappedLonLat { .. }) || choices.swap_lon_lat;
    let gcj_box = gcj.then(|| {
        choice_box(
            "convert-gcj02",
            converted,
            // Unticking a conversion keeps the coordinates as they are, also a conversion made
            // by default; ticking asks for it.
            if converted {
                toggle(|c| {
                    c.convert_gcj02 = false;
                    c.keep_gcj02 = true;
                })
            } else {
                toggle(|c| {
                    c.convert_gcj02 = true;
                    c.keep_gcj02 = false;
                })
            },
            if zh {
                "由 GCJ-02（高德/DataV）转换为 WGS84"
            } else {
                "Convert from GCJ-02 (Amap/DataV) to WGS84"
            },
        )
    });
    let swap_box = swapped.then(|| {
        choice_box(
            "swap-lon-lat",
            choices.swap_lon_lat,
            toggle(|c| c.swap_lon_lat = !c.swap_lon_lat),
            if zh {
                "交换经纬度（文件为纬度在前）"
            } else {
                "Swap longitude and latitude (the file has latitude first)"
            },
        )
    });
    (gcj_box, swap_box)
}

/// A checkbox that re-reads the boundary file with one choice flipped.
fn choice_box(
    test_id: &'static str,
    checked: bool,
    on_change: impl FnMut(web_sys::Event) + 'static,
    label: &'static str,
) -> impl IntoView {
    view! {
        <p class="choice"><label>
            <input type="checkbox" data-testid=test_id checked=checked on:change=on_change />
            {label}
        </label></p>
    }
}

fn property_label(p: &CodeProperty, features: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} — {}/{} 个要素为名录中的乡镇（例：{}）",
            p.key, p.registry_townships, features, p.example
        ),
        Lang::En => format!(
            "{} — {}/{} features are registry townships (e.g. {})",
            p.key, p.registry_townships, features, p.example
        ),
    }
}

/// The report's `data-crs`, for tests and the benchmark script.
fn crs_key(crs: &CrsFinding) -> &'static str {
    match crs {
        CrsFinding::LonLat { .. } => "lonlat",
        CrsFinding::Gcj02 { .. } => "gcj02",
        CrsFinding::SwappedLonLat { .. } => "swapped",
        CrsFinding::ConvertedFromGcj02 { .. } => "converted-from-gcj02",
    }
}
