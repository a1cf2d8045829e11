//! Bring your own data: a bureau's station table (CSV in UTF-8 or GBK, XLSX, JSON) and its
//! official township boundaries (GeoJSON, TopoJSON), by file picker or drag-and-drop. The files
//! are read and joined in the import worker ([`crate::importer`]) with a progress bar; the page
//! shows a column step for the table, a code-property and coordinate step for the boundaries,
//! and a report of every row and feature, downloadable as CSV.

use std::collections::VecDeque;
use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::data::model::Station;
use atlas_core::date::Day;
use atlas_core::import::boundaries::CodeProperty;
use atlas_core::import::session::{BoundariesLoaded, StationsLoaded};
use atlas_core::import::{
    BoundaryChoices, BoundaryImport, ColumnMapping, CrsFinding, Field, Phase, Reply, Request, Step,
    TableFormat,
};
use atlas_core::lang::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::bench::now_ms;
use crate::importer::{Importer, Incoming};

/// Larger files are refused before reading. The worker holds the bytes and the geometry at once:
/// measured (scripts/bench-import.mjs) at 1.05 GB of worker memory for a 248 MB GeoJSON of every
/// township, about 4× the file, well inside the 4 GB a wasm worker can address.
const MAX_FILE_BYTES: f64 = 250.0 * 1024.0 * 1024.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Stations,
    Boundaries,
}

/// A job under way: its file, the latest step and when it started.
#[derive(Clone, Debug, PartialEq)]
struct Busy {
    file: String,
    step: Option<Step>,
    started_ms: f64,
}

/// How the last job went, for the report's `data-` attributes and the benchmark script.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Measured {
    elapsed_ms: f64,
    worker_memory_bytes: f64,
}

/// The file an `<input type=file>` change event carries, if any.
fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}

fn too_large(file: &web_sys::File, lang: Lang) -> Option<String> {
    (file.size() > MAX_FILE_BYTES).then(|| {
        let (size, limit) = (file.size() / 1_048_576.0, MAX_FILE_BYTES / 1_048_576.0);
        match lang {
            Lang::Zh => format!(
                "{}：{size:.0} MB，超过本页面可处理的 {limit:.0} MB；请按区县拆分文件",
                file.name()
            ),
            Lang::En => format!(
                "{}: {size:.0} MB is more than this page can hold ({limit:.0} MB); split the file by county",
                file.name()
            ),
        }
    })
}

fn format_label(loaded: &StationsLoaded, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let kind = match loaded.format {
        TableFormat::Csv { delimiter } => {
            let d = match (delimiter, zh) {
                (b';', true) => "分号分隔",
                (b';', false) => "semicolons",
                (b'\t', true) => "制表符分隔",
                (b'\t', false) => "tabs",
                (_, true) => "逗号分隔",
                (_, false) => "commas",
            };
            format!("CSV · {d}")
        }
        TableFormat::Xlsx => "XLSX".into(),
        TableFormat::Json => "JSON".into(),
    };
    let encoding = loaded
        .encoding
        .map(|e| format!(" · {e}"))
        .unwrap_or_default();
    if zh {
        format!("{} · {kind}{encoding} · {} 行", loaded.file, loaded.rows)
    } else {
        format!("{} · {kind}{encoding} · {} rows", loaded.file, loaded.rows)
    }
}

fn progress_text(step: Option<Step>, lang: Lang) -> String {
    let Some(step) = step else {
        return "…".into();
    };
    let label = step.phase.label(lang);
    match (step.phase, step.fraction()) {
        (Phase::Reading, _) => format!(
            "{label} {:.1} / {:.1} MB",
            step.done as f64 / 1_048_576.0,
            step.total as f64 / 1_048_576.0
        ),
        (_, Some(f)) => format!("{label} {:.0}%", f * 100.0),
        (_, None) => format!("{label} …"),
    }
}

fn csv_href(csv: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&format!("\u{feff}{csv}")))
    )
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

#[component]
pub fn DataImport(
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    today: Day,
    on_loaded: Callback<Vec<Station>>,
    on_boundaries: Callback<Vec<(RegionCode, geo::MultiPolygon<f64>)>>,
) -> impl IntoView {
    let zh = move || lang.get() == Lang::Zh;
    let importer: StoredValue<Option<Importer>, LocalStorage> = StoredValue::new_local(None);
    // Which job each outstanding request belongs to; replies come back in this order.
    let pending: StoredValue<VecDeque<Kind>> = StoredValue::new(VecDeque::new());
    // Bumped per worker started: a worker newer than a file has not read it.
    let generation = StoredValue::new(0u32);
    let station_file: StoredValue<Option<(web_sys::File, u32)>, LocalStorage> =
        StoredValue::new_local(None);
    let boundary_file: StoredValue<Option<(web_sys::File, u32)>, LocalStorage> =
        StoredValue::new_local(None);

    let station_busy = RwSignal::new(None::<Busy>);
    let boundary_busy = RwSignal::new(None::<Busy>);
    let station_error = RwSignal::new(None::<String>);
    let boundary_error = RwSignal::new(None::<String>);
    let station_result = RwSignal::new_local(None::<Rc<StationsLoaded>>);
    let boundary_result = RwSignal::new_local(None::<Rc<BoundaryImport>>);
    let boundary_choices = RwSignal::new(BoundaryChoices::default());
    let station_measured = RwSignal::new(Measured::default());
    let boundary_measured = RwSignal::new(Measured::default());
    let dragging = RwSignal::new(None::<Kind>);
    // The column step is open when the join cannot run, and stays as the user left it while
    // they remap; a new file starts folded again.
    let columns_open = RwSignal::new(false);

    let busy_of = move |kind: Kind| match kind {
        Kind::Stations => station_busy,
        Kind::Boundaries => boundary_busy,
    };
    let error_of = move |kind: Kind| match kind {
        Kind::Stations => station_error,
        Kind::Boundaries => boundary_error,
    };
    let measured_of = move |kind: Kind| match kind {
        Kind::Stations => station_measured,
        Kind::Boundaries => boundary_measured,
    };

    // The job at the head of the queue is done: clear its bar unless another of its kind waits.
    let finish = move |memory_bytes: f64| -> Option<Kind> {
        let kind = pending.try_update_value(|p| p.pop_front()).flatten()?;
        let started = busy_of(kind).with_untracked(|b| b.as_ref().map(|b| b.started_ms));
        if let Some(started) = started {
            measured_of(kind).set(Measured {
                elapsed_ms: now_ms() - started,
                worker_memory_bytes: memory_bytes,
            });
        }
        if !pending.with_value(|p| p.contains(&kind)) {
            busy_of(kind).set(None);
        }
        Some(kind)
    };

    let on_message = move |incoming: Incoming| match incoming.reply {
        Reply::Ready => {}
        Reply::Progress(step) => {
            if let Some(kind) = pending.with_value(|p| p.front().copied()) {
                busy_of(kind).update(|b| {
                    if let Some(b) = b {
                        b.step = Some(step);
                    }
                });
            }
        }
        Reply::Stations(loaded) => {
            finish(incoming.memory_bytes);
            station_error.set(None);
            match &loaded.outcome {
                Ok(report) => on_loaded.run(report.joined.iter().map(|(_, s)| s.clone()).collect()),
                Err(_) => columns_open.set(true),
            }
            station_result.set(Some(Rc::new(*loaded)));
        }
        Reply::Boundaries(loaded) => {
            finish(incoming.memory_bytes);
            let BoundariesLoaded {
                import,
                choices,
                shapes,
            } = *loaded;
            match shapes.unpack(incoming.coords.as_deref().unwrap_or_default()) {
                Ok(townships) => {
                    boundary_error.set(None);
                    on_boundaries.run(townships);
                    boundary_choices.set(choices);
                    boundary_result.set(Some(Rc::new(import)));
                }
                Err(message) => boundary_error.set(Some(format!("{}: {message}", import.file))),
            }
        }
        Reply::Failed { message } => {
            // A failure before any job (the worker could not load the registry) ends them all.
            let kinds: Vec<Kind> = match finish(incoming.memory_bytes) {
                Some(kind) => vec![kind],
                None => vec![Kind::Stations, Kind::Boundaries],
            };
            for kind in kinds {
                error_of(kind).set(Some(message.clone()));
            }
        }
    };

    let stop_all = move |message: Option<String>| {
        let kinds: Vec<Kind> = pending
            .try_update_value(|p| p.drain(..).collect())
            .unwrap_or_default();
        for kind in [Kind::Stations, Kind::Boundaries] {
            if let Some(busy) = busy_of(kind).get_untracked() {
                busy_of(kind).set(None);
                if let Some(m) = &message {
                    if kinds.contains(&kind) {
                        error_of(kind).set(Some(format!("{}: {m}", busy.file)));
                    }
                }
            }
        }
    };

    let on_crash = move |browser_says: String| {
        let m = if lang.get_untracked() == Lang::Zh {
            format!("导入程序停止运行（{browser_says}）；文件可能超出本浏览器的内存，请按区县拆分后再试")
        } else {
            format!("the importer stopped ({browser_says}); the file may be more than this browser can hold: split it by county and try again")
        };
        stop_all(Some(m));
        // The worker is dropped after this callback returns, not inside it.
        leptos::task::spawn_local(async move { importer.set_value(None) });
    };

    let send = move |kind: Kind, request: Request, file: Option<&web_sys::File>| {
        if importer.with_value(Option::is_none) {
            match Importer::start(on_message, on_crash) {
                Ok(started) => {
                    importer.set_value(Some(started));
                    generation.update_value(|g| *g += 1);
                }
                Err(message) => {
                    busy_of(kind).set(None);
                    error_of(kind).set(Some(message));
                    return;
                }
            }
        }
        pending.update_value(|p| p.push_back(kind));
        importer.with_value(|i| {
            if let Some(i) = i {
                i.send(&request, file);
            }
        });
    };

    let begin = move |kind: Kind, file_name: String| {
        error_of(kind).set(None);
        busy_of(kind).set(Some(Busy {
            file: file_name,
            step: None,
            started_ms: now_ms(),
        }));
    };

    let file_of = move |kind: Kind| match kind {
        Kind::Stations => station_file,
        Kind::Boundaries => boundary_file,
    };
    let take_file = move |kind: Kind, file: web_sys::File| {
        if let Some(refusal) = too_large(&file, lang.get_untracked()) {
            error_of(kind).set(Some(refusal));
            return;
        }
        let name = file.name();
        begin(kind, name.clone());
        if kind == Kind::Stations {
            columns_open.set(false);
        }
        let request = match kind {
            Kind::Stations => Request::Stations {
                file: name,
                today,
                mapping: None,
            },
            Kind::Boundaries => Request::Boundaries {
                file: name,
                choices: BoundaryChoices::default(),
            },
        };
        send(kind, request, Some(&file));
        file_of(kind).set_value(Some((file, generation.get_value())));
    };

    // Reads the kind's last file again with new choices: `seen` asks a worker that has read it,
    // `unseen` sends the file again to one started since (after a cancel or a crash).
    let redo = move |kind: Kind, seen: Request, unseen: Request| {
        let Some((file, seen_by)) = file_of(kind).get_value() else {
            return;
        };
        begin(kind, file.name());
        if seen_by == generation.get_value() && importer.with_value(Option::is_some) {
            send(kind, seen, None);
        } else {
            send(kind, unseen, Some(&file));
            file_of(kind).set_value(Some((file, generation.get_value())));
        }
    };
    let file_name =
        move |kind: Kind| file_of(kind).with_value(|f| f.as_ref().map(|(f, _)| f.name()));
    let remap = move |mapping: ColumnMapping| {
        if let Some(file) = file_name(Kind::Stations) {
            let unseen = Request::Stations {
                file,
                today,
                mapping: Some(mapping.clone()),
            };
            redo(Kind::Stations, Request::Remap { mapping }, unseen);
        }
    };
    let rechoose = move |choices: BoundaryChoices| {
        if let Some(file) = file_name(Kind::Boundaries) {
            let unseen = Request::Boundaries {
                file,
                choices: choices.clone(),
            };
            redo(Kind::Boundaries, Request::Rechoose { choices }, unseen);
        }
    };

    let cancel = move |_| {
        stop_all(None);
        importer.set_value(None);
    };

    let progress_view = move |kind: Kind| {
        move || {
            busy_of(kind).get().map(|busy| {
                let fraction = busy.step.and_then(|s| s.fraction());
                let phase = busy.step.map(|s| format!("{:?}", s.phase).to_lowercase());
                view! {
                    <div class="import-progress" role="status" data-testid=format!("{}-progress", kind_key(kind))
                        data-phase=phase>
                        <span class="what">{format!("{}: {}", busy.file, progress_text(busy.step, lang.get()))}</span>
                        <progress max="1" value=fraction.map(|f| f.to_string())
                            aria-label=move || if zh() { "导入进度" } else { "Import progress" }></progress>
                        <button type="button" data-testid="import-cancel" on:click=cancel>
                            {move || if zh() { "取消" } else { "Cancel" }}
                        </button>
                    </div>
                }
            })
        }
    };
    let error_view = move |kind: Kind| {
        move || {
            error_of(kind).get().map(|message| {
                view! { <p class="import-error" role="alert" data-testid=format!("{}-error", kind_key(kind))>{message}</p> }
            })
        }
    };
    let drop_zone = move |kind: Kind, text: fn(Lang) -> &'static str, accept: &'static str| {
        view! {
            <label class="drop" class:dragging=move || dragging.get() == Some(kind)
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(Some(kind)); }
                on:dragleave=move |_| dragging.set(None)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(None);
                    if let Some(file) = dropped_file(&ev) { take_file(kind, file) }
                }>
                <span>{move || text(lang.get())}</span>
                <input type="file" data-testid=format!("{}-file", kind_key(kind)) accept=accept
                    on:change=move |ev| if let Some(file) = chosen_file(&ev) { take_file(kind, file) } />
            </label>
        }
    };

    let columns_view = move || {
        station_result.get().map(|loaded| {
            let lang_now = lang.get();
            let recognised: Vec<String> = Field::ALL
                .iter()
                .filter_map(|f| {
                    let column = loaded.mapping.get(*f)?;
                    Some(format!("{} ← {}", f.label(lang_now), loaded.headers.get(column)?))
                })
                .collect();
            let summary = match lang_now {
                Lang::Zh => format!("列对应（{}）", if recognised.is_empty() { "未识别任何列".into() } else { recognised.join("，") }),
                Lang::En => format!("Columns ({})", if recognised.is_empty() { "none recognised".into() } else { recognised.join(", ") }),
            };
            let rows = Field::ALL
                .into_iter()
                .map(|field| {
                    let current = loaded.mapping.get(field);
                    let loaded_for_change = loaded.clone();
                    let on_change = move |ev: web_sys::Event| {
                        let mut mapping = loaded_for_change.mapping.clone();
                        mapping.set(field, event_target_value(&ev).parse::<usize>().ok());
                        remap(mapping);
                    };
                    let examples = current
                        .and_then(|c| loaded.examples.get(c))
                        .map(|e| e.join(", "))
                        .unwrap_or_default();
                    // Each column with what it holds, so a header like 字段1 can still be recognised.
                    let options = loaded
                        .headers
                        .iter()
                        .enumerate()
                        .map(|(i, h)| {
                            let sample = loaded.examples.get(i).and_then(|e| e.first()).map(|e| format!(" — {e}")).unwrap_or_default();
                            view! { <option value=i.to_string() selected=current == Some(i)>{format!("{} · {h}{sample}", i + 1)}</option> }
                        })
                        .collect_view();
                    let id = format!("column-{}", field.key());
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{field.label(lang_now)}</label></th>
                            <td><select id=id data-testid=format!("column-{}", field.key()) on:change=on_change>
                                <option value="" selected=current.is_none()>{if lang_now == Lang::Zh { "（不使用）" } else { "(not used)" }}</option>
                                {options}
                            </select></td>
                            <td class="examples">{examples}</td>
                        </tr>
                    }
                })
                .collect_view();
            let reset = (loaded.mapping != loaded.guessed).then(|| {
                let guessed = loaded.guessed.clone();
                view! {
                    <button type="button" data-testid="columns-reset" on:click=move |_| remap(guessed.clone())>
                        {if lang_now == Lang::Zh { "恢复自动识别" } else { "Back to the guessed columns" }}
                    </button>
                }
            });
            view! {
                {loaded.outcome.as_ref().err().map(|message| view! {
                    <p class="import-error" role="alert" data-testid="join-refused">{message.clone()}</p>
                })}
                <details class="columns" data-testid="columns" open=columns_open.get_untracked()
                    on:toggle=move |ev: web_sys::Event| {
                        if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                            columns_open.set(d.open());
                        }
                    }>
                    <summary>{summary}</summary>
                    <p class="format" data-testid="table-format">{format_label(&loaded, lang_now)}</p>
                    <table>
                        <thead><tr>
                            <th scope="col">{if lang_now == Lang::Zh { "字段" } else { "Field" }}</th>
                            <th scope="col">{if lang_now == Lang::Zh { "文件中的列" } else { "Column in the file" }}</th>
                            <th scope="col">{if lang_now == Lang::Zh { "示例" } else { "Examples" }}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {reset}
                </details>
            }
        })
    };

    let report_view = move || {
        let loaded = station_result.get()?;
        let measured = station_measured.get();
        Some(match &loaded.outcome {
            // Shown above the column step, which is where it is fixed.
            Err(_) => ().into_any(),
            Ok(report) => {
                let gaps = report.gaps_line(lang.get(), 10);
                let missing = report
                    .townships_without_station
                    .iter()
                    .any(|g| !g.without_station.is_empty());
                let gaps_csv = missing
                    .then(|| atlas.with_untracked(|a| csv_href(&report.gaps_csv(&a.divisions))));
                let counts = report.counts_line(lang.get());
                view! {
                    <div class="join-report" data-testid="join-report" aria-live="polite"
                        data-rows-read=report.rows_read.to_string()
                        data-joined=report.joined.len().to_string()
                        data-unmatched=report.unmatched.len().to_string()
                        data-duplicates=report.duplicates.len().to_string()
                        data-invalid=report.invalid.len().to_string()
                        data-elapsed-ms=format!("{:.0}", measured.elapsed_ms)
                        data-worker-memory-bytes=format!("{:.0}", measured.worker_memory_bytes)>
                        <p class="counts" data-testid="join-counts">{counts}</p>
                        <ul class="messages">{report.messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        <p class="gaps" data-testid="join-gaps">{gaps}
                            {gaps_csv.map(|href| view! {
                                " "<a data-testid="gaps-csv" download="townships-without-station.csv" href=href>
                                    {move || if zh() { "下载无站点行的乡镇名单（CSV）" } else { "Download the townships without a station row (CSV)" }}
                                </a>
                            })}
                        </p>
                        <a data-testid="join-report-csv" download="join-report.csv" href=csv_href(&report.to_csv())>
                            {move || if zh() { "下载匹配报告（CSV）" } else { "Download the join report (CSV)" }}
                        </a>
                    </div>
                }
                .into_any()
            }
        })
    };

    let boundary_view = move || {
        let import = boundary_result.get()?;
        let choices = boundary_choices.get();
        let lang_now = lang.get();
        let measured = boundary_measured.get();
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
        let choices_for_property = choices.clone();
        let on_property = move |ev: web_sys::Event| {
            rechoose(BoundaryChoices {
                code_property: Some(event_target_value(&ev)),
                ..choices_for_property.clone()
            })
        };
        let gcj = matches!(import.crs, CrsFinding::Gcj02 { .. }) || choices.convert_gcj02;
        let swapped =
            matches!(import.crs, CrsFinding::SwappedLonLat { .. }) || choices.swap_lon_lat;
        let checked_gcj = choices.convert_gcj02;
        let checked_swap = choices.swap_lon_lat;
        let toggle = move |flip: fn(&mut BoundaryChoices)| {
            let choices = choices.clone();
            move |_| {
                let mut next = choices.clone();
                flip(&mut next);
                rechoose(next);
            }
        };
        let counts = import.counts_line(lang_now);
        Some(view! {
            <div class="join-report" data-testid="boundary-report" aria-live="polite"
                data-features-read=import.features_read.to_string()
                data-joined=import.joined().to_string()
                data-rejected=import.rejected().to_string()
                data-code-property=import.code_property.clone()
                data-crs=crs_key(&import.crs)
                data-elapsed-ms=format!("{:.0}", measured.elapsed_ms)
                data-worker-memory-bytes=format!("{:.0}", measured.worker_memory_bytes)>
                <p class="counts" data-testid="boundary-counts">{counts}</p>
                <p class="choice"><label>
                    {if lang_now == Lang::Zh { "乡镇代码所在属性：" } else { "Township codes are in the property: " }}
                    <select data-testid="code-property" on:change=on_property>{properties}</select>
                </label></p>
                <p class="crs" data-testid="boundary-crs">{import.crs.describe(lang_now)}</p>
                {gcj.then(|| choice_box("convert-gcj02", checked_gcj, toggle(|c| c.convert_gcj02 = !c.convert_gcj02),
                    if lang_now == Lang::Zh { "由 GCJ-02（高德/DataV）转换为 WGS84" } else { "Convert from GCJ-02 (Amap/DataV) to WGS84" }))}
                {swapped.then(|| choice_box("swap-lon-lat", checked_swap, toggle(|c| c.swap_lon_lat = !c.swap_lon_lat),
                    if lang_now == Lang::Zh { "交换经纬度（文件为纬度在前）" } else { "Swap longitude and latitude (the file has latitude first)" }))}
                <ul class="messages">{import.report.iter().map(|i| view! { <li>{i.to_string()}</li> }).collect_view()}</ul>
                <a data-testid="boundary-report-csv" download="boundary-report.csv" href=csv_href(&import.to_csv())>
                    {if lang_now == Lang::Zh { "下载边界报告（CSV）" } else { "Download the boundary report (CSV)" }}
                </a>
            </div>
        })
    };

    view! {
        <section class="import" data-testid="import" aria-label="Import your own data">
            <h2>{move || if zh() { "导入本地数据" } else { "Bring your own data" }}</h2>
            <div class="import-parts">
            <div class="import-part">
                <h3>{move || if zh() { "站点表" } else { "Station table" }}</h3>
                {drop_zone(Kind::Stations, |l| if l == Lang::Zh {
                    "拖入或选择文件：CSV（UTF-8 或 GBK）、XLSX、JSON；按乡镇代码或名称匹配"
                } else {
                    "Drop or choose a file: CSV (UTF-8 or GBK), XLSX or JSON, keyed by township code or name"
                }, ".csv,.txt,.xlsx,.json")}
                {progress_view(Kind::Stations)}
                {error_view(Kind::Stations)}
                {columns_view}
                {report_view}
            </div>
            <div class="import-part">
                <h3>{move || if zh() { "乡镇边界" } else { "Township boundaries" }}</h3>
                {drop_zone(Kind::Boundaries, |l| if l == Lang::Zh {
                    "GeoJSON 或 TopoJSON（WGS84/CGCS2000；检测 GCJ-02、经纬度颠倒与投影坐标），替换示意格"
                } else {
                    "GeoJSON or TopoJSON (WGS84/CGCS2000; GCJ-02, swapped lon/lat and projected coordinates are detected), replacing the schematic cells"
                }, ".geojson,.json,.topojson")}
                {progress_view(Kind::Boundaries)}
                {error_view(Kind::Boundaries)}
                {boundary_view}
            </div>
            </div>
        </section>
    }
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

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Stations => "stations",
        Kind::Boundaries => "boundaries",
    }
}

fn crs_key(crs: &CrsFinding) -> &'static str {
    match crs {
        CrsFinding::LonLat { .. } => "lonlat",
        CrsFinding::Gcj02 { .. } => "gcj02",
        CrsFinding::SwappedLonLat { .. } => "swapped",
        CrsFinding::ConvertedFromGcj02 { .. } => "converted-from-gcj02",
    }
}
