//! What the page says about one region: the region card (in the side panel and the map's
//! tooltip), the side panel of the selected region, its progress chart and the data notes.

use atlas_core::data::code::RegionCode;
use atlas_core::measure::loaded::loaded_against_reported;
use atlas_core::style::summary::{summarize, FigureLine, RegionSummary};
use leptos::prelude::*;

use crate::panels::deadline::ProgressChart;
use crate::state::view::ViewState;

/// The summary of `code` in the view's language, from the coverage of the month on show.
pub fn summary_of(state: ViewState, code: &RegionCode) -> RegionSummary {
    let lang = state.lang.get();
    state
        .coverage
        .with(|table| state.atlas.with(|a| summarize(a, table, code, lang)))
}

/// On the time slider, a region with an undated figure says that the figure is left out.
fn undated_note(state: ViewState, code: &RegionCode) -> Option<String> {
    state.month.get()?;
    let undated = state.atlas.with(|a| {
        a.figures_for(code)
            .iter()
            .any(|(_, f)| f.as_of.date.is_none())
    });
    undated.then(|| {
        state.pick(
            "该地区有未注明年份的数据，时间轴上不显示（不作推测）。",
            "This region has a figure without a year; the time slider leaves it out rather than guess.",
        )
        .to_string()
    })
}

/// A figure's source: a link to the press page when it has a whole address (opened in a new
/// tab, without giving the page a handle on this one), else the citation as text.
#[component]
fn SourceText(line: FigureLine) -> impl IntoView {
    match line.source_href {
        Some(href) => view! {
            <a class="source-link" data-testid="source-link" href=href target="_blank" rel="noopener noreferrer">
                {line.source}
            </a>
        }
        .into_any(),
        None => line.source.into_any(),
    }
}

#[component]
pub fn RegionCard(summary: RegionSummary, compact: bool, note: Option<String>) -> impl IntoView {
    let lang = summary.lang;
    let figures = summary
        .figures
        .iter()
        .map(|f| {
            view! {
                <li>
                    <span class="fig">{f.text.clone()}</span>
                    <span class="meta">{format!("{} {} · ", lang.pick("截至", "as of"), f.as_of)}<SourceText line=f.clone() /></span>
                </li>
            }
        })
        .collect_view();
    let targets = summary
        .targets
        .iter()
        .map(|t| {
            view! {
                <li>
                    <span class="fig">{format!("{}{} · {}", lang.pick("目标：", "target: "), t.text, t.as_of)}</span>
                    <span class="meta"><SourceText line=t.clone() /></span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="region-card" class:compact=compact>
            <h3>{summary.name.clone()} <small>{format!(" {} · {}", summary.code, lang.pick(summary.level.name_zh(), summary.level.name_en()))}</small></h3>
            {(!compact).then(|| view! { <p class="qualified">{summary.qualified_name.clone()}</p> })}
            <p class="coverage" data-testid="region-coverage">{summary.coverage.clone()}</p>
            {note.map(|n| view! { <p class="undated" data-testid="undated-note">{n}</p> })}
            <ul class="figures">{figures}{targets}</ul>
        </div>
    }
}

/// Where a loaded station table and a published figure both describe `code`: which one the
/// map uses and how they differ.
fn loaded_note(state: ViewState, code: &RegionCode) -> Option<String> {
    let lang = state.lang.get();
    state.coverage.with(|table| {
        state.atlas.with(|a| {
            if a.stations.is_empty() {
                return None;
            }
            let notes = loaded_against_reported(a, table);
            let note = notes.into_iter().find(|n| n.region == *code)?;
            Some(note.text.get(lang).to_string())
        })
    })
}

/// The side panel: the card of the selected region, else of the focus.
#[component]
pub fn RegionPanel(state: ViewState) -> impl IntoView {
    let card = move || {
        let code = state.subject();
        let summary = summary_of(state, &code);
        let note = undated_note(state, &code);
        let loaded = loaded_note(state, &code);
        view! {
            <RegionCard summary=summary compact=false note=note />
            {loaded.map(|n| view! { <p class="loaded-note" data-testid="loaded-note">{n}</p> })}
            <crate::panels::stations::StationList state=state code=code />
        }
    };
    view! {
        <section class="panel" data-testid="region-panel" aria-live="polite">{card}</section>
        <crate::panels::correction::CorrectionForm state=state />
    }
}

/// The progress chart of the selected region (else the focus), when it has a target.
#[component]
pub fn ChartSection(state: ViewState) -> impl IntoView {
    move || {
        // The briefing display draws its own chart, for the dark screen (`briefing.rs`).
        if state.present.get() {
            return None;
        }
        let code = state.subject();
        let lang = state.lang.get();
        let assessment = state
            .board
            .with(|b| b.iter().find(|a| a.region == code).cloned())?;
        Some(view! {
            <section class="chart-wrap" data-testid="chart-section" aria-label=state.pick("进度图", "Progress chart")>
                <ProgressChart assessment=assessment today=state.today lang=lang />
            </section>
        })
    }
}

/// Notes the data files left (rows skipped, codes unknown), collapsed.
#[component]
pub fn DataNotes(state: ViewState) -> impl IntoView {
    move || {
        state.atlas.with(|a| {
            let count = a.notes.len();
            let lang = state.lang.get();
            let items = a
                .notes
                .iter()
                .map(|n| view! { <li><code>{n.file.clone()}</code>" "<code>{n.code.clone()}</code>" "{n.message.get(lang).to_string()}</li> })
                .collect_view();
            view! {
                <details class="data-report" data-testid="data-report">
                    <summary>{lang.pick(&format!("数据说明（{count}条）"), &format!("Data notes ({count})")).to_string()}</summary>
                    <ul>{items}</ul>
                </details>
            }
        })
    }
}
