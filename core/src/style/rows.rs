//! The map's figures as table rows, one per region on show: the accessible view of the map and
//! the one that survives very small screens. Sorting is the reader's choice, made by the page.

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::data::model::ReportedFigure;
use crate::lang::Lang;
use crate::measure::coverage::{rate_text, Coverage, CoverageTable};
use crate::style::classify::{Class, PctBins};
use crate::style::regions::SceneRegions;
use crate::style::shapes::ShapeStyle;

/// One region of the view in the table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// The region.
    pub code: RegionCode,
    /// Its registry name.
    pub name: String,
    /// "101/140", "≥3/16" (some parts known), "624 · 56.7%" (a reported rate), "–/32" (no
    /// figure) or "–".
    pub counts: String,
    /// Coverage in percent, when a percentage is claimed.
    pub coverage_pct: Option<f64>,
    /// The class the map gives it.
    pub class: Class,
    /// The class in words.
    pub class_label: String,
    /// Drawn hatched: its class comes from a regional total above it.
    pub reported_total: bool,
    /// As-of date and source id of its newest figure ("2023-12 · 001"), or empty.
    pub source: String,
}

/// Covered/total and the percentage, as a table cell shows them.
pub fn coverage_cells(c: Option<&Coverage>) -> (String, Option<f64>) {
    match c {
        Some(Coverage::Known { covered, total, .. }) => {
            (format!("{covered}/{total}"), c.and_then(Coverage::pct))
        }
        Some(Coverage::Partial {
            covered_at_least,
            total,
            ..
        }) => (format!("≥{covered_at_least}/{total}"), None),
        Some(Coverage::ReportedRate {
            count,
            pct_hundredths,
            ..
        }) => (
            match count {
                Some(n) => format!("{n} · {}", rate_text(*pct_hundredths)),
                None => rate_text(*pct_hundredths),
            },
            c.and_then(Coverage::pct),
        ),
        Some(Coverage::NoData { total }) => (format!("–/{total}"), None),
        None => ("–".into(), None),
    }
}

/// The figure a row cites for `code`: its newest figure (the table's "as of · source" cell, and
/// the as-of and source columns of the open-data downloads).
pub fn cited_figure<'a>(atlas: &'a Atlas, code: &RegionCode) -> Option<&'a ReportedFigure> {
    atlas.figures_for(code).first().map(|(_, f)| *f)
}

/// The `row`th row of `regions` (a region drawn as several shapes is one row), drawn in
/// `style` (its shapes' style).
pub fn table_row(
    regions: &SceneRegions,
    row: usize,
    style: &ShapeStyle,
    coverage: &CoverageTable,
    bins: &PctBins,
    lang: Lang,
) -> TableRow {
    let code = &regions.codes()[row];
    let (counts, coverage_pct) = coverage_cells(coverage.get(code));
    TableRow {
        code: code.clone(),
        name: regions.name(row).to_string(),
        counts,
        coverage_pct,
        class: style.class,
        class_label: style.class.label(lang, bins),
        reported_total: style.reported_total,
        source: regions.source(row, lang).to_string(),
    }
}
