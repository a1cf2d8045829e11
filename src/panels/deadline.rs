//! The deadline board (every region with a target, riskiest first, read from the board memo)
//! and the progress chart of one region.

use atlas_core::data::code::RegionCode;
use atlas_core::date::Day;
use atlas_core::draw::chart::{progress_svg, sparkline_svg};
use atlas_core::lang::Lang;
use atlas_core::measure::progress::{fmt_pace, Assessment};
use atlas_core::style::shapes::deadline_class_of;
use leptos::prelude::*;

use crate::state::view::Shared;

/// Every region with a target, riskiest first, each with a sparkline; a row opens the region on
/// the map and its full chart.
#[component]
pub fn DeadlineBoard(
    /// Follows the data: loaded stations replace it.
    board: Memo<Shared<Vec<Assessment>>>,
    lang: RwSignal<Lang>,
    chosen: RwSignal<Option<RegionCode>>,
    on_open: Callback<RegionCode>,
) -> impl IntoView {
    let zh = move || lang.get() == Lang::Zh;
    let rows = move || {
        let l = lang.get();
        board.with(|b| {
            b.iter()
                .map(|a| {
                    let code = a.region.clone();
                    let code_for_key = a.region.clone();
                    let code_sel = a.region.clone();
                    let coverage = match (a.covered, a.target_townships) {
                        (Some(c), Some(t)) => format!("{c}/{t}"),
                        (Some(c), None) => format!("{c}/?"),
                        _ => "–".to_string(),
                    };
                    let pace = format!(
                        "{} / {}",
                        a.required_pace_per_month.map(fmt_pace).unwrap_or_else(|| "–".into()),
                        a.achieved_pace_per_month.map(fmt_pace).unwrap_or_else(|| "–".into())
                    );
                    let class = deadline_class_of(a.status);
                    view! {
                        <tr data-code=a.region.to_string() data-status=format!("{:?}", a.status) tabindex="0"
                            aria-selected=move || (chosen.get().as_ref() == Some(&code_sel)).to_string()
                            on:click=move |_| on_open.run(code.clone())
                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                if ev.key() == "Enter" { on_open.run(code_for_key.clone()) }
                            }>
                            <td><span class="status-dot" style=format!("background:{}", class.colour().hex())></span>{a.status.label(l)}</td>
                            <td>{a.name.clone()}<small>{format!(" {}", a.region)}</small></td>
                            <td class="spark" inner_html=sparkline_svg(a, 120, 28)></td>
                            <td class="num">{coverage}</td>
                            <td class="num">{a.deadline.map(|d| d.to_string()).unwrap_or_else(|| "–".into())}</td>
                            <td class="num">{pace}</td>
                            <td class="verdict">{a.verdict(l).to_string()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="board" data-testid="deadline-board" aria-label="Deadline board">
            <h2>{move || if zh() { "全覆盖期限看板：谁会错过期限，现在需要什么进度？" } else { "Deadline board: who will miss the deadline, and what pace is needed now?" }}</h2>
            <table class="regions">
                <thead><tr>
                    <th>{move || if zh() { "状态" } else { "Status" }}</th>
                    <th>{move || if zh() { "地区" } else { "Region" }}</th>
                    <th>{move || if zh() { "进度" } else { "Progress" }}</th>
                    <th>{move || if zh() { "已覆盖/目标" } else { "Covered/target" }}</th>
                    <th>{move || if zh() { "期限" } else { "Deadline" }}</th>
                    <th>{move || if zh() { "需要/已达 每月站数" } else { "Needed / achieved per month" }}</th>
                    <th>{move || if zh() { "结论" } else { "Verdict" }}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The full progress chart of one region, as inline SVG (plotters escapes all text), with the
/// same SVG offered for download: the chart a press release prints is the one on screen.
#[component]
pub fn ProgressChart(assessment: Assessment, today: Day, lang: Lang) -> impl IntoView {
    let svg = progress_svg(&assessment, today, lang, 720, 420);
    let href = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&svg))
    );
    let file = format!("progress-{}.svg", assessment.region);
    view! {
        <figure class="progress-chart" data-testid="progress-chart" data-code=assessment.region.to_string() inner_html=svg></figure>
        <a class="chart-download" data-testid="chart-download" download=file href=href>
            {if lang == Lang::Zh { "下载进度图（SVG）" } else { "Download this chart (SVG)" }}
        </a>
    }
}
