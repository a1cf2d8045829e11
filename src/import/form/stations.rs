//! The station-table import: the drop zone and recipe bar, the column step (which column of the
//! file holds which field, with examples, re-joined on every change), the value step, and the
//! join report with its suggestions to accept and its CSV downloads.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::import::session::StationsLoaded;
use atlas_core::import::{
    AcceptedMatch, Field, JoinReport, ReportRow, StationChoices, TableFormat,
};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{compute_coverage, AsOfFilter};
use atlas_core::measure::loaded::loaded_against_reported;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::job::{Choices, Finished, ImportJob, Measured, Report};
use super::recipe::{LoadedRecipe, RecipeBar};
use super::values::ValueStep;
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
    let recipe = RwSignal::new_local(LoadedRecipe::None);
    let on_file = Callback::new(move |file| {
        // A new file starts folded again.
        columns_open.set_value(false);
        job.start(file, recipe.get_untracked().map(|(_, r)| r));
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
            <DropZone kind=job.kind() lang on_file on_reach=Callback::new(move |_| job.warm()) accept=".csv,.txt,.xlsx,.json"
                zh="拖入或选择文件：CSV（UTF-8、GBK、Big5 或 UTF-16）、XLSX、JSON；按乡镇代码或名称匹配"
                en="Drop or choose a file: CSV (UTF-8, GBK, Big5 or UTF-16), XLSX or JSON, keyed by township code or name" />
            <RecipeBar job recipe loaded=Signal::derive_local(move || loaded().map(|(l, _)| l)) lang />
            <JobStatus job lang />
            {move || {
                let lang_now = lang.get();
                loaded().map(|(loaded, _)| view! {
                    <ColumnStep loaded=loaded.clone() job lang=lang_now columns_open />
                    <ValueStep loaded job lang=lang_now />
                })
            }}
            {move || {
                let lang_now = lang.get();
                loaded().map(|(loaded, measured)| view! { <StationsReport loaded measured job atlas lang lang_now /> })
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
    let reset = (loaded.choices.mapping != loaded.guessed).then(|| {
        let choices = StationChoices {
            mapping: loaded.guessed.clone(),
            ..loaded.choices.clone()
        };
        view! {
            <button type="button" data-testid="columns-reset"
                on:click=move |_| job.rerun(Choices::Stations(choices.clone()))>
                {if zh { "恢复自动识别" } else { "Back to the guessed columns" }}
            </button>
        }
    });
    view! {
        {loaded.recipe_problem.as_ref().map(|message| view! {
            <p class="import-error" role="alert" data-testid="recipe-problem">{message.get(lang).to_string()}</p>
        })}
        {loaded.outcome.as_ref().err().map(|message| view! {
            <p class="import-error" role="alert" data-testid="join-refused">{message.get(lang).to_string()}</p>
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
    let current = loaded.choices.mapping.get(field);
    let choices = loaded.choices.clone();
    let on_change = move |ev: web_sys::Event| {
        let mut choices = choices.clone();
        choices
            .mapping
            .set(field, event_target_value(&ev).parse::<usize>().ok());
        job.rerun(Choices::Stations(choices));
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
    job: ImportJob,
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    lang_now: Lang,
) -> impl IntoView {
    // A refused join is shown above the column step, which is where it is fixed.
    let Ok(report) = loaded.outcome.as_ref() else {
        return None;
    };
    let missing = report
        .townships_without_station
        .iter()
        .any(|g| !g.without_station.is_empty());
    let gaps_csv =
        missing.then(|| atlas.with_untracked(|a| report.gaps_csv(&a.divisions, lang_now)));
    let against = atlas.with_untracked(|a| published_notes(a, lang_now));
    Some(view! {
        <div class="join-report" data-testid="join-report" aria-live="polite"
            data-rows-read=report.rows_read.to_string()
            data-joined=report.joined.len().to_string()
            data-unmatched=report.unmatched.len().to_string()
            data-duplicates=report.duplicates.len().to_string()
            data-invalid=report.invalid.len().to_string()
            data-summary-rows=report.summary_rows.len().to_string()
            data-note-rows=report.note_rows.len().to_string()
            data-elapsed-ms=format!("{:.0}", measured.elapsed_ms)
            data-worker-memory-bytes=format!("{:.0}", measured.worker_memory_bytes)>
            <p class="counts" data-testid="join-counts">{report.counts_line(lang_now)}</p>
            <AcceptAll acceptable=report.acceptable().into_iter().cloned().collect()
                choices=loaded.choices.clone() job lang=lang_now />
            // Focusable, so a keyboard can scroll a long list that holds no button.
            <ul class="messages" tabindex="0"
                aria-label=lang_now.pick("未匹配、重复与无效的行", "Rows unmatched, duplicate or invalid")>{problem_rows(report).into_iter().map(|row| view! {
                <ProblemRow row choices=loaded.choices.clone() job lang=lang_now />
            }).collect_view()}</ul>
            <ShortForms report=report.clone() choices=loaded.choices.clone() job lang=lang_now />
            <p class="gaps" data-testid="join-gaps">{report.gaps_line(lang_now, 10)}
                {gaps_csv.map(|csv| view! {
                    " "<CsvDownload test_id="gaps-csv" file_name="townships-without-station.csv" csv lang
                        zh="下载无站点行的乡镇名单（CSV）" en="Download the townships without a station row (CSV)" />
                })}
            </p>
            {against}
            <CsvDownload test_id="join-report-csv" file_name="join-report.csv" csv=report.to_csv(lang_now) lang
                zh="下载匹配报告（CSV）" en="Download the join report (CSV)" />
        </div>
    })
}

/// Where the joined table and a published figure both describe a region: which the map uses
/// and how they differ. The atlas already holds the table's stations when the report is drawn.
fn published_notes(atlas: &Atlas, lang: Lang) -> Option<impl IntoView> {
    let coverage = compute_coverage(
        &atlas.divisions,
        &atlas.figures,
        &atlas.stations,
        AsOfFilter::Latest,
    );
    let notes = loaded_against_reported(atlas, &coverage);
    if notes.is_empty() {
        return None;
    }
    let items = notes
        .into_iter()
        .map(|n| view! { <li data-region=n.region.to_string()>{n.text.get(lang).to_string()}</li> })
        .collect_view();
    Some(view! {
        <details class="published" data-testid="loaded-notes" open>
            <summary>{lang.pick("与已发布数据对照", "Against the published figures")}</summary>
            <ul>{items}</ul>
        </details>
    })
}

/// Unmatched, duplicate and invalid rows, in file order.
fn problem_rows(report: &JoinReport) -> Vec<ReportRow> {
    let mut rows: Vec<ReportRow> = report
        .unmatched
        .iter()
        .chain(&report.duplicates)
        .chain(&report.invalid)
        .cloned()
        .collect();
    rows.sort_by_key(|r| r.row);
    rows
}

/// One row that did not join, with an "accept" button when it has a township suggestion.
#[component]
fn ProblemRow(
    row: ReportRow,
    choices: StationChoices,
    job: ImportJob,
    lang: Lang,
) -> impl IntoView {
    let accept = row.accept.clone().map(|accepted| {
        view! {
            <button type="button" class="accept" data-testid="accept-suggestion"
                on:click=move |_| accept_all(&choices, [&accepted], job)>
                {lang.pick("接受建议", "Accept")}
            </button>
        }
    });
    view! { <li data-row=row.row.to_string()>{row.line(lang)}" "{accept}</li> }
}

/// The rows joined by a short form of their name (千溪乡 for 千溪彝族苗族白族乡), each with an
/// "undo" that joins the table again with the match refused; and the note, signature and
/// contact lines skipped under the table.
#[component]
fn ShortForms(
    report: JoinReport,
    choices: StationChoices,
    job: ImportJob,
    lang: Lang,
) -> impl IntoView {
    let short: Vec<ReportRow> = report
        .notes
        .iter()
        .filter(|n| n.accept.is_some())
        .cloned()
        .collect();
    let n = short.len();
    let rows = short
        .into_iter()
        .map(|row| {
            let refused = row.accept.clone().expect("filtered");
            let choices = choices.clone();
            let undo = move |_| {
                let mut next = choices.clone();
                next.refuse(refused.clone());
                job.rerun(Choices::Stations(next));
            };
            view! {
                <li data-row=row.row.to_string()>{row.line(lang)}" "
                    <button type="button" data-testid="undo-short-form" on:click=undo>
                        {lang.pick("撤销", "Undo")}
                    </button>
                </li>
            }
        })
        .collect_view();
    let notes = report
        .note_rows
        .iter()
        .map(|r| view! { <li data-row=r.row.to_string()>{r.line(lang)}": "<q>{r.value.clone()}</q></li> })
        .collect_view();
    let skipped = report.note_rows.len();
    view! {
        {(n > 0).then(|| view! {
            <details class="short-forms" data-testid="short-forms" data-count=n.to_string() open>
                <summary>{match lang {
                    Lang::Zh => format!("按简称匹配的 {n} 行（县内唯一）"),
                    Lang::En => format!("{n} rows matched by a short form (the only one in the county)"),
                }}</summary>
                <ul>{rows}</ul>
            </details>
        })}
        {(skipped > 0).then(|| view! {
            <details class="note-rows" data-testid="note-rows" data-count=skipped.to_string()>
                <summary>{match lang {
                    Lang::Zh => format!("已跳过的注释、署名或联系方式行：{skipped}"),
                    Lang::En => format!("{skipped} note, signature or contact lines skipped"),
                }}</summary>
                <ul>{notes}</ul>
            </details>
        })}
    }
}

/// "Accept all N suggestions", and "undo" for the ones accepted so far.
#[component]
fn AcceptAll(
    acceptable: Vec<AcceptedMatch>,
    choices: StationChoices,
    job: ImportJob,
    lang: Lang,
) -> impl IntoView {
    let n = acceptable.len();
    let accept = (n > 0).then(|| {
        let choices = choices.clone();
        view! {
            <button type="button" data-testid="accept-all" data-count=n.to_string()
                on:click=move |_| accept_all(&choices, acceptable.iter(), job)>
                {match lang {
                    Lang::Zh => format!("全部接受（{n} 条建议）"),
                    Lang::En => format!("Accept all {n} suggestions"),
                }}
            </button>
        }
    });
    let accepted = choices.accepted.len();
    let undo = (accepted > 0).then(|| {
        let cleared = StationChoices {
            accepted: Vec::new(),
            ..choices.clone()
        };
        view! {
            <button type="button" data-testid="undo-accepted"
                on:click=move |_| job.rerun(Choices::Stations(cleared.clone()))>
                {match lang {
                    Lang::Zh => format!("撤销已接受的 {accepted} 条建议"),
                    Lang::En => format!("Undo the {accepted} accepted suggestions"),
                }}
            </button>
        }
    });
    view! { <p class="suggestions">{accept}" "{undo}</p> }
}

/// Joins the table again with `accepted` added to the choices.
fn accept_all<'a>(
    choices: &StationChoices,
    accepted: impl IntoIterator<Item = &'a AcceptedMatch>,
    job: ImportJob,
) {
    let mut choices = choices.clone();
    for a in accepted {
        choices.accept(a.clone());
    }
    job.rerun(Choices::Stations(choices));
}

/// The step's one-line summary: the fields recognised and their columns.
fn columns_summary(loaded: &StationsLoaded, lang: Lang) -> String {
    let recognised: Vec<String> = Field::ALL
        .iter()
        .filter_map(|f| {
            let column = loaded.choices.mapping.get(*f)?;
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
