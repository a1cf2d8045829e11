//! Part 2 of the briefing pack: the regions one level down with their coverage and deadline
//! status, then the deadline board of every region inside the focus with a target, riskiest
//! first, with its verdict; over as many pages as they take.

use std::fmt::Write;

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::lang::Lang;
use crate::measure::progress::{fmt_deadline, Assessment};
use crate::style::headline::{covered_of_target, pace_pair, riskiest_within};
use crate::style::rows::coverage_cells;
use crate::style::shapes::deadline_class_of;
use crate::style::view::Measures;

use super::super::svg::{ellipsize, num, text, wrap};
use super::{Flow, Page, A4_WIDTH_PT, BODY_PT, MARGIN_PT, METRICS};

/// Column left edges of both tables, in points; the verdict takes the rest of the line.
const COLUMNS_PT: [f64; 6] = [42.5, 100.0, 205.0, 258.0, 312.0, 366.0];
const VERDICT_W: f64 = A4_WIDTH_PT - MARGIN_PT - 366.0;
const CELL_PT: f64 = 8.5;

/// The pages of part 2.
pub(super) fn pages(
    atlas: &Atlas,
    measures: &Measures,
    name: &str,
    focus: &RegionCode,
    lang: Lang,
) -> Vec<Page> {
    let title = match lang {
        Lang::Zh => format!("{name} 下辖地区与全覆盖期限看板"),
        Lang::En => format!("{name}: the regions within and the deadline board"),
    };
    let mut flow = Flow::new(title, lang);
    children(&mut flow, atlas, measures, focus, lang);
    flow.heading(lang.pick(
        "全覆盖期限看板（风险最高者在前）",
        "Deadline board (riskiest first)",
    ));
    let rows = riskiest_within(&measures.board, focus, usize::MAX);
    if rows.is_empty() {
        let none = lang.pick(
            "下辖地区均无全覆盖目标。",
            "No region within has a full-coverage target.",
        );
        flow.paragraph(BODY_PT, "", none);
        return flow.pages;
    }
    let heads = [
        lang.pick("状态", "Status"),
        lang.pick("地区", "Region"),
        lang.pick("覆盖/目标", "Covered"),
        lang.pick("期限", "Deadline"),
        lang.pick("所需/已达", "Pace n / a"),
        lang.pick("研判", "Verdict"),
    ];
    header(flow.page(40.0), &heads);
    for a in rows {
        let verdict = wrap(a.verdict(lang), METRICS, 8.0, VERDICT_W);
        let row_h = (verdict.len().max(1) as f64) * 10.0 + 6.0;
        let before = flow.pages.len();
        flow.page(row_h + 8.0);
        if before != flow.pages.len() {
            header(flow.page(0.0), &heads);
        }
        board_row(flow.page(0.0), a, &verdict, lang);
    }
    flow.pages
}

/// Every region one level down: coverage, percentage, deadline status and pace.
fn children(flow: &mut Flow, atlas: &Atlas, measures: &Measures, focus: &RegionCode, lang: Lang) {
    let kids: Vec<&RegionCode> = atlas.divisions.children(focus).collect();
    if kids.is_empty() {
        return;
    }
    let heads = [
        lang.pick("地区", "Region"),
        "",
        lang.pick("覆盖", "Covered"),
        lang.pick("覆盖率", "Share"),
        lang.pick("期限状态", "Deadline"),
        lang.pick("所需/已达（个/月）", "Pace needed / achieved a month"),
    ];
    header(flow.page(40.0), &heads);
    for code in kids {
        let before = flow.pages.len();
        flow.page(18.0);
        if before != flow.pages.len() {
            header(flow.page(0.0), &heads);
        }
        let page = flow.page(0.0);
        let (counts, pct) = coverage_cells(measures.coverage.get(code));
        let a = measures.board.iter().find(|a| &a.region == code);
        let name = atlas.divisions.name(code).unwrap_or(code.as_str());
        let status = a.map_or_else(
            || lang.pick("无目标", "no target").to_string(),
            |a| a.status.label(lang).to_string(),
        );
        let cells = [
            (
                COLUMNS_PT[0],
                ellipsize(name, METRICS, CELL_PT, COLUMNS_PT[2] - COLUMNS_PT[0] - 4.0),
            ),
            (COLUMNS_PT[2], counts),
            (
                COLUMNS_PT[3],
                pct.map_or_else(|| "–".to_string(), |p| format!("{p:.0}%")),
            ),
            (COLUMNS_PT[4], status),
            (COLUMNS_PT[5], a.map_or_else(|| "–".to_string(), pace_pair)),
        ];
        row(page, &cells, 1);
    }
}

/// A table's header line with a rule under it.
fn header(page: &mut Page, heads: &[&str; 6]) {
    page.y += BODY_PT * 1.2;
    for (x, h) in COLUMNS_PT.iter().zip(heads) {
        text(
            &mut page.out,
            *x,
            page.y,
            CELL_PT,
            r##"font-weight="bold" fill="#111111""##,
            h,
        );
    }
    page.y += 4.0;
    rule(page, "#9ca3af");
}

fn rule(page: &mut Page, colour: &str) {
    let _ = write!(
        page.out,
        r#"<line x1="{MARGIN_PT}" x2="{}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="0.5"/>"#,
        A4_WIDTH_PT - MARGIN_PT,
        y = num(page.y)
    );
}

/// One line of cells, `lines` lines high, with a light rule under it.
fn row(page: &mut Page, cells: &[(f64, String)], lines: usize) {
    let y = page.y + 11.0;
    for (x, cell) in cells {
        text(&mut page.out, *x, y, CELL_PT, r##"fill="#111111""##, cell);
    }
    page.y += (lines.max(1) as f64) * 10.0 + 6.0;
    rule(page, "#e5e7eb");
}

fn board_row(page: &mut Page, a: &Assessment, verdict: &[String], lang: Lang) {
    let y = page.y + 11.0;
    let colour = deadline_class_of(a.status).colour().hex();
    let _ = write!(
        page.out,
        r#"<circle cx="{}" cy="{}" r="3" fill="{colour}"/>"#,
        num(COLUMNS_PT[0] + 3.0),
        num(y - 3.0)
    );
    let name_w = COLUMNS_PT[2] - COLUMNS_PT[1] - 4.0;
    let cells = [
        (COLUMNS_PT[0] + 9.0, a.status.label(lang).to_string()),
        (COLUMNS_PT[1], ellipsize(&a.name, METRICS, CELL_PT, name_w)),
        (COLUMNS_PT[2], covered_of_target(a)),
        (
            COLUMNS_PT[3],
            a.deadline
                .map_or_else(|| "–".to_string(), |d| fmt_deadline(&d, lang)),
        ),
        (COLUMNS_PT[4], pace_pair(a)),
    ];
    for (i, l) in verdict.iter().enumerate() {
        let ly = y + i as f64 * 10.0;
        text(
            &mut page.out,
            COLUMNS_PT[5],
            ly,
            8.0,
            r##"fill="#374151""##,
            l,
        );
    }
    row(page, &cells, verdict.len());
}
