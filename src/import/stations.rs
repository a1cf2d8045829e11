//! The station-table import: the drop zone, the column step (which column of the file holds
//! which field, with examples, re-joined on every change) and the join report with its CSV
//! downloads.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::import::session::StationsLoaded;
use atlas_core::import::{Field, TableFormat};
use atlas_core::lang::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::job::{Choices, Finished, ImportJob, Measured, Report};
use super::widgets::{CsvDownload, DropZone, JobStatus};

#[component]
pub fn StationsImport(
    job: ImportJob,
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    // Whether the column step is unfolded. Nothing redraws when it changes (the browser keeps
    // the `<details>` state): it is what the step is drawn with after the next join.
    let columns_open = StoredValue::new(false);
    let on_file = Callback::new(move |file| {
        // A new file starts folded again.
        columns_open.set_value(false);
        job.start(file);
    });
    let loaded = move || match job.finished()? {
        Finished {
            report: Report::Stations(loaded),
            measured,
        } => Some((loaded, measured)),
        _ => None,
    };
    view! {
        <div class="import-part">
            <h3>{move || if lang.get() == Lang::Zh { "站点表" } else { "Station table" }}</h3>
            <DropZone kind=job.kind() lang on_file accept=".csv,.txt,.xlsx,.json"
                zh="拖入或选择文件：CSV（UTF-8 或 GBK）、XLSX、JSON；按乡镇代码或名称匹配"
                en="Drop or choose a file: CSV (UTF-8 or GBK), XLSX or JSON, keyed by township code or name" />
            <JobStatus job lang />
            {move || {
                let lang_now = lang.get();
                loaded().map(|(loaded, _)| view! { <ColumnStep loaded job lang=lang_now columns_open /> })
            }}
            {move || {
                let lang_now = lang.get();
                loaded().map(|(loaded, measured)| view! { <StationsReport loaded measured atlas lang lang_now /> })
            }}
        </div>
    }
}

/// Which column holds which field: open when the join was refused, else as the user left it.
#[component]
fn ColumnStep(
    loaded: Rc<StationsLoaded>,
    job: ImportJob,
    lang: Lang,
    columns_open: StoredValue<bool>,
) -> impl IntoView {
    let zh = lang == Lang::Zh;
    let open = columns_open.get_value() || loaded.outcome.is_err();
    columns_open.set_value(open);
    let on_toggle = move |ev: web_sys::Event| {
        let details = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok());
        if let Some(d) = details {
            columns_open.set_value(d.open());
        }
    };
    let rows = Field::ALL
        .into_iter()
        .map(|field| column_row(field, &loaded, job, lang))
        .collect_view();
    let reset = (loaded.mapping != loaded.guessed).then(|| {
        let guessed = loaded.guessed.clone();
        view! {
            <button type="button" data-testid="columns-reset"
                on:click=move |_| job.rerun(Choices::Columns(guessed.clone()))>
                {if zh { "恢复自动识别" } else { "Back to the guessed columns" }}
            </button>
        }
    });
    view! {
        {loaded.outcome.as_ref().err().map(|message| view! {
            <p class="import-error" role="alert" data-testid="join-refused">{message.clone()}</p>
        })}
        <details class="columns" data-testid="columns" open=open on:toggle=on_toggle>
            <summary>{columns_summary(&loaded, lang)}</summary>
            <p class="format" data-testid="table-format">{format_label(&loaded, lang)}</p>
            <table>
                <thead><tr>
                    <th scope="col">{if zh { "字段" } else { "Field" }}</th>
                    <th scope="col">{if zh { "文件中的列" } else { "Column in the file" }}</th>
                    <th scope="col">{if zh { "示例" } else { "Examples" }}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {reset}
        </details>
    }
}

/// One field's row: a choice of the file's columns, and what the chosen one holds.
fn column_row(
    field: Field,
    loaded: &Rc<StationsLoaded>,
    job: ImportJob,
    lang: Lang,
) -> impl IntoView {
    let current = loaded.mapping.get(field);
    let mapping = loaded.mapping.clone();
    let on_change = move |ev: web_sys::Event| {
        let mut mapping = mapping.clone();
        mapping.set(field, event_target_value(&ev).parse::<usize>().ok());
        job.rerun(Choices::Columns(mapping));
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
            let sample = loaded.examples.get(i).and_then(|e| e.first());
            let sample = sample.map(|e| format!(" — {e}")).unwrap_or_default();
            view! { <option value=i.to_string() selected=current == Some(i)>{format!("{} · {h}{sample}", i + 1)}</option> }
        })
        .collect_view();
    let id = format!("column-{}", field.key());
    view! {
        <tr>
            <th scope="row"><label for=id.clone()>{field.label(lang)}</label></th>
            <td><select id=id.clone() data-testid=id on:change=on_change>
                <option value="" selected=current.is_none()>{if lang == Lang::Zh { "（不使用）" } else { "(not used)" }}</option>
                {options}
            </select></td>
            <td class="examples">{examples}</td>
        </tr>
    }
}

/// The join's counts, messages and gaps, with the report and the gaps as CSV.
#[component]
fn StationsReport(
    loaded: Rc<StationsLoaded>,
    measured: Measured,
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    lang_now: Lang,
) -> Option<impl IntoView> {
    // A refused join is shown above the column step, which is where it is fixed.
    let report = loaded.outcome.as_ref().ok()?;
    let missing = report
        .townships_without_station
        .iter()
        .any(|g| !g.without_station.is_empty());
    let gaps_csv = missing.then(|| atlas.with_untracked(|a| report.gaps_csv(&a.divisions)));
    Some(view! {
        <div class="join-report" data-testid="join-report" aria-live="polite"
            data-rows-read=report.rows_read.to_string()
            data-joined=report.joined.len().to_string()
            data-unmatched=report.unmatched.len().to_string()
            data-duplicates=report.duplicates.len().to_string()
            data-invalid=report.invalid.len().to_string()
            data-elapsed-ms=format!("{:.0}", measured.elapsed_ms)
            data-worker-memory-bytes=format!("{:.0}", measured.worker_memory_bytes)>
            <p class="counts" data-testid="join-counts">{report.counts_line(lang_now)}</p>
            <ul class="messages">{report.messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            <p class="gaps" data-testid="join-gaps">{report.gaps_line(lang_now, 10)}
                {gaps_csv.map(|csv| view! {
                    " "<CsvDownload test_id="gaps-csv" file_name="townships-without-station.csv" csv lang
                        zh="下载无站点行的乡镇名单（CSV）" en="Download the townships without a station row (CSV)" />
                })}
            </p>
            <CsvDownload test_id="join-report-csv" file_name="join-report.csv" csv=report.to_csv() lang
                zh="下载匹配报告（CSV）" en="Download the join report (CSV)" />
        </div>
    })
}

/// The step's one-line summary: the fields recognised and their columns.
fn columns_summary(loaded: &StationsLoaded, lang: Lang) -> String {
    let recognised: Vec<String> = Field::ALL
        .iter()
        .filter_map(|f| {
            let column = loaded.mapping.get(*f)?;
            Some(format!(
                "{} ← {}",
                f.label(lang),
                loaded.headers.get(column)?
            ))
        })
        .collect();
    match (lang, recognised.is_empty()) {
        (Lang::Zh, true) => "列对应（未识别任何列）".into(),
        (Lang::Zh, false) => format!("列对应（{}）", recognised.join("，")),
        (Lang::En, true) => "Columns (none recognised)".into(),
        (Lang::En, false) => format!("Columns ({})", recognised.join(", ")),
    }
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
