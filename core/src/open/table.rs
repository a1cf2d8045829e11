//! The table of a view as open data: one [`OpenRow`] per region on show, in the order the page's
//! table lists them by default (scene order, i.e. registry code order), and the CSV and JSON
//! made from them. The columns are the CSV header, the JSON keys and the GeoJSON properties
//! alike; labels (class, deadline status) are in the view's language, keys are stable English.

use serde::{Deserialize, Serialize};

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::lang::Lang;
use crate::measure::coverage::{Basis, Coverage, CoverageTable};
use crate::measure::progress::fmt_pace;
use crate::style::rows::cited_figure;
use crate::style::view::StyledMap;

/// A region's figure as the atlas shows it: what a download row and a correction record quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureShown {
    /// Townships covered, when the count is known exactly.
    pub covered: Option<u32>,
    /// A lower bound on the townships covered, when only some parts of the region are known.
    pub covered_at_least: Option<u32>,
    /// Townships in the region.
    pub total: u32,
    /// Coverage in percent, one decimal, when a percentage is claimed.
    pub coverage_pct: Option<f64>,
    /// How the figure was arrived at: `township_detail`, `reported_total`, `aggregate`,
    /// `aggregate_incl_reported`, `partial` or `no_data`.
    pub basis: String,
    /// The as-of date of the figure the region cites, as the article gives it; empty if none.
    pub as_of: String,
    /// The id of the source the region cites (an article's file id); empty if none.
    pub source_id: String,
    /// The headline of that source; empty if none.
    pub source_title: String,
}

/// One region of the view, as the CSV's row and the GeoJSON feature's properties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenRow {
    /// The region's statistical division code.
    pub code: String,
    /// Its registry name.
    pub name: String,
    /// See [`FigureShown::covered`].
    pub covered: Option<u32>,
    /// See [`FigureShown::covered_at_least`].
    pub covered_at_least: Option<u32>,
    /// See [`FigureShown::total`].
    pub total: u32,
    /// See [`FigureShown::coverage_pct`].
    pub coverage_pct: Option<f64>,
    /// See [`FigureShown::basis`].
    pub basis: String,
    /// The map class's key (`Full`, `Bin(2)`, `Stars(3)`, `OnTrack`…), as in the legend.
    pub class: String,
    /// The map class in words, in the view's language.
    pub class_label: String,
    /// Drawn hatched: the class comes from a total reported for a larger region.
    pub reported_total: bool,
    /// Stations rated five stars.
    pub stars_5: Option<u32>,
    /// Stations rated four stars.
    pub stars_4: Option<u32>,
    /// Stations rated three stars.
    pub stars_3: Option<u32>,
    /// Stations rated two stars.
    pub stars_2: Option<u32>,
    /// Stations rated one star.
    pub stars_1: Option<u32>,
    /// Stations rated 优秀 (Guizhou's grade).
    pub excellent: Option<u32>,
    /// The stations the rating counts are out of.
    pub rating_stations: Option<u32>,
    /// Where the region stands against its deadline (`on_track`, `at_risk`, `met`,
    /// `deadline_passed_no_figure`…): its own target's status, else where it stands under the
    /// target above it ([`crate::measure::progress::Deadlines::standing`], as the map's class).
    pub deadline_status: String,
    /// The deadline status in words, in the view's language.
    pub deadline_label: String,
    /// Townships a month it must add to meet its deadline; empty when not applicable.
    pub required_pace_per_month: String,
    /// See [`FigureShown::as_of`].
    pub as_of: String,
    /// See [`FigureShown::source_id`].
    pub source_id: String,
    /// See [`FigureShown::source_title`].
    pub source_title: String,
}

/// `basis`: how a coverage figure was arrived at, as a stable key.
fn basis_key(coverage: Option<&Coverage>) -> &'static str {
    match coverage {
        Some(Coverage::Known { basis, .. }) => match basis {
            Basis::TownshipDetail => "township_detail",
            Basis::ReportedTotal { .. } => "reported_total",
            Basis::Aggregate {
                includes_reported: true,
            } => "aggregate_incl_reported",
            Basis::Aggregate { .. } => "aggregate",
        },
        Some(Coverage::ReportedRate { .. }) => "reported_rate",
        Some(Coverage::Partial { .. }) => "partial",
        Some(Coverage::NoData { .. }) | None => "no_data",
    }
}

/// Percent to one decimal, as every download writes it.
fn pct_1dp(pct: f64) -> f64 {
    (pct * 10.0).round() / 10.0
}

/// The figure of `code` in `coverage`, with the source the region cites (the table's
/// "as of · source" cell). A region without a coverage entry still has its township count.
pub fn figure_shown(atlas: &Atlas, coverage: &CoverageTable, code: &RegionCode) -> FigureShown {
    let entry = coverage.get(code);
    let (covered, covered_at_least, total) = match entry {
        Some(Coverage::Known { covered, total, .. }) => (Some(*covered), None, *total),
        Some(Coverage::Partial {
            covered_at_least,
            total,
            ..
        }) => (None, Some(*covered_at_least), *total),
        Some(Coverage::NoData { total }) => (None, None, *total),
        // A stated rate with no township count: the rate is the figure (coverage_pct), and no
        // covered count is made up from it (its count may be of stations, not townships).
        Some(Coverage::ReportedRate { total, .. }) => (None, None, *total),
        None => (None, None, atlas.divisions.township_count(code)),
    };
    let cited = cited_figure(atlas, code);
    FigureShown {
        covered,
        covered_at_least,
        total,
        coverage_pct: entry.and_then(Coverage::pct).map(pct_1dp),
        basis: basis_key(entry).to_string(),
        as_of: cited.map(|f| f.as_of.to_string()).unwrap_or_default(),
        source_id: cited.map(|f| f.source.id.clone()).unwrap_or_default(),
        source_title: cited.map(|f| f.source.title.clone()).unwrap_or_default(),
    }
}

impl FigureShown {
    /// "101/140 (72.1%)", "≥3/16", "–/32": the figure in one short phrase.
    pub fn counts(&self) -> String {
        let pct = self
            .coverage_pct
            .map(|p| match p {
                // A record from a file may claim anything; 1e308 would print 309 digits.
                p if (0.0..=100.0).contains(&p) => format!(" ({p:.1}%)"),
                p => format!(" ({p:.3e}%, not a percentage)"),
            })
            .unwrap_or_default();
        match (self.covered, self.covered_at_least) {
            (Some(c), _) => format!("{c}/{}{pct}", self.total),
            (None, Some(c)) => format!("≥{c}/{}", self.total),
            (None, None) => format!("–/{}", self.total),
        }
    }
}

/// One row per region of `map` (the rows of its table), with the ratings and deadline status
/// of its measures; labels in `lang`, which should be the language `map` was styled in.
pub fn open_rows(atlas: &Atlas, map: &StyledMap, lang: Lang) -> Vec<OpenRow> {
    let measures = &map.measures;
    map.rows()
        .iter()
        .map(|row| {
            let figure = figure_shown(atlas, &measures.coverage, &row.code);
            let ratings = measures.ratings.region(&row.code).map(|(c, _)| *c);
            let star = |n: usize| ratings.map(|c| c.stars[n - 1]);
            let assessment = measures.board.iter().find(|a| a.region == row.code);
            let status = measures
                .deadlines
                .standing(&row.code, &measures.coverage)
                .status;
            OpenRow {
                code: row.code.to_string(),
                name: row.name.clone(),
                covered: figure.covered,
                covered_at_least: figure.covered_at_least,
                total: figure.total,
                coverage_pct: figure.coverage_pct,
                basis: figure.basis,
                class: row.class.key(),
                class_label: row.class_label.clone(),
                reported_total: row.reported_total,
                stars_5: star(5),
                stars_4: star(4),
                stars_3: star(3),
                stars_2: star(2),
                stars_1: star(1),
                excellent: ratings.map(|c| c.excellent),
                rating_stations: ratings.map(|c| c.stations),
                deadline_status: status.key(),
                deadline_label: status.label(lang).to_string(),
                required_pace_per_month: assessment
                    .and_then(|a| a.required_pace_per_month)
                    .map(fmt_pace)
                    .unwrap_or_default(),
                // The source's words on the date in the view's language (the record's own
                // `figure_shown` keeps one stable form for comparing records).
                as_of: cited_figure(atlas, &row.code)
                    .map(|f| f.as_of.text(lang))
                    .unwrap_or_default(),
                source_id: figure.source_id,
                source_title: figure.source_title,
            }
        })
        .collect()
}

/// Whether a CSV starts with a UTF-8 byte-order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvFlavour {
    /// With a byte-order mark, so Excel opens Chinese text as UTF-8 rather than GBK.
    Excel,
    /// Plain UTF-8, for scripts and every other tool.
    Plain,
}

/// The rows as CSV: header first, RFC 4180 quoting, CRLF line ends, formula cells guarded
/// ([`crate::csv_cell`]).
pub fn rows_csv(rows: &[OpenRow], flavour: CsvFlavour) -> String {
    let text = crate::csv_cell::serialize_guarded(rows, &COLUMNS);
    match flavour {
        CsvFlavour::Excel => format!("\u{feff}{text}"),
        CsvFlavour::Plain => text,
    }
}

/// The rows as a pretty-printed JSON array of objects keyed by [`COLUMNS`].
pub fn rows_json(rows: &[OpenRow]) -> String {
    let mut out = serde_json::to_string_pretty(rows).expect("rows serialise");
    out.push('\n');
    out
}

/// The columns of the CSV, in order (also the JSON keys and GeoJSON properties).
pub const COLUMNS: [&str; 23] = [
    "code",
    "name",
    "covered",
    "covered_at_least",
    "total",
    "coverage_pct",
    "basis",
    "class",
    "class_label",
    "reported_total",
    "stars_5",
    "stars_4",
    "stars_3",
    "stars_2",
    "stars_1",
    "excellent",
    "rating_stations",
    "deadline_status",
    "deadline_label",
    "required_pace_per_month",
    "as_of",
    "source_id",
    "source_title",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impossible_percentage_is_not_printed_in_full() {
        let figure = |pct: f64| FigureShown {
            covered: Some(3),
            covered_at_least: None,
            total: 16,
            coverage_pct: Some(pct),
            basis: "reported_total".into(),
            as_of: String::new(),
            source_id: String::new(),
            source_title: String::new(),
        };
        assert_eq!(figure(18.75).counts(), "3/16 (18.8%)");
        assert_eq!(
            figure(1e308).counts(),
            "3/16 (1.000e308%, not a percentage)"
        );
    }

    fn row(name: &str) -> OpenRow {
        OpenRow {
            code: "522301".into(),
            name: name.into(),
            covered: Some(3),
            covered_at_least: None,
            total: 16,
            coverage_pct: Some(18.8),
            basis: "reported_total".into(),
            class: "Bin(0)".into(),
            class_label: "0%–<25%".into(),
            reported_total: false,
            stars_5: None,
            stars_4: None,
            stars_3: None,
            stars_2: None,
            stars_1: None,
            excellent: None,
            rating_stations: None,
            deadline_status: "on_track".into(),
            deadline_label: "按期推进".into(),
            required_pace_per_month: String::new(),
            as_of: "2023-12".into(),
            source_id: "000".into(),
            source_title: "标题, \"引号\"".into(),
        }
    }

    #[test]
    fn the_header_is_the_columns_and_fields_are_quoted() {
        let csv = rows_csv(&[row("兴义市")], CsvFlavour::Plain);
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some(COLUMNS.join(",").as_str()));
        let line = lines.next().expect("a row");
        assert!(
            line.starts_with("522301,兴义市,3,,16,18.8,reported_total,"),
            "{line}"
        );
        assert!(
            line.ends_with(",2023-12,000,\"标题, \"\"引号\"\"\""),
            "{line}"
        );
        assert_eq!(lines.next(), Some(""));
    }

    #[test]
    fn the_excel_flavour_only_adds_a_byte_order_mark() {
        let rows = [row("兴义市")];
        let excel = rows_csv(&rows, CsvFlavour::Excel);
        assert!(excel.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(&excel[3..], rows_csv(&rows, CsvFlavour::Plain));
    }

    #[test]
    fn an_empty_view_still_has_its_header() {
        assert_eq!(
            rows_csv(&[], CsvFlavour::Plain),
            format!("{}\r\n", COLUMNS.join(","))
        );
    }

    #[test]
    fn json_keys_are_the_columns() {
        let value: serde_json::Value = serde_json::from_str(&rows_json(&[row("x")])).unwrap();
        let mut keys: Vec<&str> = value[0]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        let mut columns = COLUMNS.to_vec();
        columns.sort_unstable();
        assert_eq!(keys, columns);
    }
}
