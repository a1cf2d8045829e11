//! The briefing display's own column (presentation mode, for a wall at 1920×1080 or 3840×2160):
//! the headline tiles of the region on show, its verdict, its progress chart drawn for the dark
//! screen, and the riskiest rows of the deadline board within it. Every figure and word comes
//! from core ([`atlas_core::style::headline`], the dark chart), in the display's language; the
//! CSS (`body.present` in `public/style.css`) sizes all of it from one type size that is 24 px
//! at 1080 lines and scales with the screen.

use atlas_core::data::code::RegionCode;
use atlas_core::draw::chart::dark::progress_plot_svg_dark;
use atlas_core::lang::Lang;
use atlas_core::measure::progress::Assessment;
use atlas_core::style::dark::dark_colour;
use atlas_core::style::headline::{covered_of_target, headline, pace_pair, riskiest_within};
use atlas_core::style::shapes::deadline_class_of;
use leptos::prelude::*;

use crate::state::view::ViewState;

/// Rows of the board the display shows under the map.
const BOARD_ROWS: usize = 4;
/// The chart's drawing size: its smallest labels (11 px) reach the display's 24 px floor once
/// the chart fills its column (44% of the screen width less 0.9%, at least 827 px at 1920, see
/// the CSS): 827 / 375 × 11 = 24.3.
const CHART_PX: (u32, u32) = (375, 240);

/// The region the display is about: the tour's stop (selected), else the map's focus.
fn on_show(state: ViewState) -> RegionCode {
    state.subject()
}

/// The tiles, the verdict and the chart of the region on show.
#[component]
pub fn BriefingDisplay(state: ViewState) -> impl IntoView {
    move || {
        if !state.present.get() {
            return None;
        }
        let code = on_show(state);
        let lang = state.lang.get();
        let board = state.board.get();
        let coverage = state.coverage.get();
        let head = headline(&coverage, &board, &code, lang);
        let assessment = board.iter().find(|a| a.region == code).cloned();
        let status = head.status;
        let tiles = head
            .tiles
            .into_iter()
            .map(|t| {
                let colour = (t.key == "verdict")
                    .then(|| {
                        status.map(|s| format!("color:{}", dark_colour(deadline_class_of(s)).hex()))
                    })
                    .flatten();
                view! {
                    <div class="tile" data-tile=t.key style=colour>
                        <span class="tile-label">{t.label}</span>
                        <span class="tile-value">{t.value}</span>
                        <span class="tile-detail">{t.detail}</span>
                    </div>
                }
            })
            .collect_view();
        let verdict = head.status.map(|status| {
            view! {
                <p class="display-verdict" data-testid="display-verdict" data-status=format!("{status:?}")>
                    {head.verdict.clone()}
                </p>
            }
        });
        let chart = assessment.map(|a| display_chart(&a, state, lang));
        Some(view! {
            <section class="display" data-testid="display" aria-label=lang.pick("简报", "Briefing")>
                <h2 class="display-name">{region_name(state, &code, lang)}</h2>
                <div class="tiles" data-testid="display-tiles">{tiles}</div>
                {verdict}
                {chart}
            </section>
        })
    }
}

fn region_name(state: ViewState, code: &RegionCode, lang: Lang) -> String {
    if *code == RegionCode::nation() {
        return lang.pick("全国", "China").to_string();
    }
    state
        .atlas
        .with(|a| a.divisions.name(code).map(str::to_string))
        .unwrap_or_else(|| code.to_string())
}

/// The progress chart in the dark palette, and the sources it draws from in few words.
fn display_chart(a: &Assessment, state: ViewState, lang: Lang) -> impl IntoView {
    let svg = progress_plot_svg_dark(a, state.today, lang, CHART_PX.0, CHART_PX.1);
    let sources: Vec<String> = a.sources().iter().map(|s| s.short_label(lang)).collect();
    let sources = (!sources.is_empty()).then(|| {
        let sep = lang.pick("、", ", ");
        let label = lang.pick("来源：", "Sources: ");
        view! { <p class="display-sources">{format!("{label}{}", sources.join(sep))}</p> }
    });
    let chart = svg.map(|svg| view! {
        <figure class="display-chart" data-testid="progress-chart" data-code=a.region.to_string() inner_html=svg></figure>
    });
    view! { {chart} {sources} }
}

/// The riskiest rows of the deadline board within the region on show, under the map.
#[component]
pub fn DisplayBoard(state: ViewState) -> impl IntoView {
    move || {
        if !state.present.get() {
            return None;
        }
        let code = on_show(state);
        let lang = state.lang.get();
        let board = state.board.get();
        let rows = riskiest_within(&board, &code, BOARD_ROWS);
        if rows.is_empty() {
            return None;
        }
        let rows = rows
            .into_iter()
            .map(|a| {
                let colour = dark_colour(deadline_class_of(a.status)).hex();
                view! {
                    <tr data-code=a.region.to_string()>
                        <td><span class="status-dot" style=format!("background:{colour}")></span>{a.status.label(lang)}</td>
                        <td>{a.name.clone()}</td>
                        <td class="num">{covered_of_target(a)}</td>
                        <td class="num">{a.deadline.map(|d| atlas_core::measure::progress::fmt_deadline(&d, lang)).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{pace_pair(a)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="display-board" data-testid="display-board" aria-label=lang.pick("风险最高的下辖地区", "Riskiest regions within")>
                <table>
                    <caption>{lang.pick("风险最高的下辖地区", "Riskiest regions within")}</caption>
                    <thead><tr>
                        <th>{lang.pick("状态", "Status")}</th>
                        <th>{lang.pick("地区", "Region")}</th>
                        <th class="num">{lang.pick("覆盖/目标", "Covered")}</th>
                        <th class="num">{lang.pick("期限", "Deadline")}</th>
                        <th class="num">{lang.pick("所需/已达（个/月）", "Pace needed / achieved")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        })
    }
}
