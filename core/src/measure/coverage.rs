//! Coverage up the hierarchy: townships covered ÷ townships, township → county → prefecture →
//! province → nation.
//!
//! Rules, in order of trust:
//! 1. Township detail (a station in the township, or a reported full coverage whose total equals
//!    the registry's count, so every township is known) decides a township's state.
//! 2. A region whose townships are all known takes the count of them.
//! 3. Otherwise a region-level reported total ("101 of 140") is used as it is and marked as
//!    reported; it is never spread over invented townships.
//!    A reported rate without a township total (福建 "624 stations, 56.7%") is used the same way,
//!    as a rate: no township count is derived from it.
//! 4. Otherwise the region sums its children when all of them are known, else it says how much is
//!    known ("at least 380 covered, 2 of 9 parts known") without pretending to a percentage.
//!
//! The nation's own reported figure describes the country, never its provinces: a province with
//! no figure is not drawn under the national rate (see [`CoverageTable::reported_ancestor`]).

use rustc_hash::FxHashMap as HashMap;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::{CoveredCount, ReportedFigure, Station, Tier};
use crate::date::{Day, Month};

/// Why a figure is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Basis {
    /// Counted from the state of every township.
    TownshipDetail,
    /// A region-level total as reported.
    ReportedTotal {
        /// Index into the figures it was computed from.
        figure: usize,
    },
    /// Summed from child regions.
    Aggregate {
        /// Any of them is a reported total.
        includes_reported: bool,
    },
}

/// A region's coverage: known, known in part, or not known at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Coverage {
    /// `covered` of `total` townships, and why the figure is what it is.
    Known {
        /// Townships covered.
        covered: u32,
        /// Townships in the region.
        total: u32,
        /// Where the count comes from.
        basis: Basis,
    },
    /// Some parts are known: the covered count is a lower bound and no percentage is claimed.
    Partial {
        /// Townships covered in the parts known (and the known part of the others).
        covered_at_least: u32,
        /// Townships in the region.
        total: u32,
        /// Child regions whose coverage is known.
        parts_known: u32,
        /// Child regions with townships.
        parts: u32,
    },
    /// A coverage rate as reported, without a township total (福建 56.7%, the nation's 56%):
    /// shown as said; not summed into the region above, which counts it as a part not known.
    ReportedRate {
        /// The rate in hundredths of a percent (56.7% is 5670), so the value stays exact.
        pct_hundredths: u32,
        /// Townships or stations the figure counts, when it gives a number.
        count: Option<u32>,
        /// Townships in the region, as the 2023 registry lists them (context, not the rate's
        /// denominator).
        total: u32,
        /// Index into the figures it was read from.
        figure: usize,
    },
    /// Nothing is known of the region's townships.
    NoData {
        /// Townships in the region.
        total: u32,
    },
}

impl Coverage {
    /// Percent of townships covered, for a known figure of a region with townships.
    pub fn pct(&self) -> Option<f64> {
        match *self {
            Coverage::Known { covered, total, .. } if total > 0 => {
                Some(f64::from(covered) * 100.0 / f64::from(total))
            }
            Coverage::ReportedRate { pct_hundredths, .. } => {
                Some(f64::from(pct_hundredths) / 100.0)
            }
            _ => None,
        }
    }

    /// The figure is a region-level total or rate as reported, not counted from townships.
    pub fn is_reported_total(&self) -> bool {
        matches!(
            self,
            Coverage::Known {
                basis: Basis::ReportedTotal { .. },
                ..
            } | Coverage::ReportedRate { .. }
        )
    }

    /// Townships in the region (the registry's count, or the reported total of a reported one).
    pub fn total(&self) -> u32 {
        match *self {
            Coverage::Known { total, .. }
            | Coverage::Partial { total, .. }
            | Coverage::ReportedRate { total, .. }
            | Coverage::NoData { total } => total,
        }
    }
}

/// A reported rate as the source wrote it, from hundredths of a percent: `56.7%`, `95.29%`, `56%`.
pub fn rate_text(pct_hundredths: u32) -> String {
    let (whole, hundredths) = (pct_hundredths / 100, pct_hundredths % 100);
    match hundredths {
        0 => format!("{whole}%"),
        h if h % 10 == 0 => format!("{whole}.{}%", h / 10),
        h => format!("{whole}.{h:02}%"),
    }
}

/// What is known of one township.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum TownshipState {
    /// Has a built or operating station, or a full-coverage report says so.
    Covered {
        /// The full-coverage report that says so, when no station is listed individually.
        figure: Option<usize>,
    },
    /// Stations are listed for it, none of them built yet (planned or closed).
    Uncovered,
    /// Nothing is known of it.
    Unknown,
}

/// The coverage of every region and the state of every township known, from [`compute_coverage`].
#[derive(Clone, Debug, Default)]
pub struct CoverageTable {
    regions: HashMap<RegionCode, Coverage>,
    townships: HashMap<RegionCode, TownshipState>,
}

impl CoverageTable {
    /// The region's coverage; every region of the registry has one.
    pub fn get(&self, code: &RegionCode) -> Option<&Coverage> {
        self.regions.get(code)
    }

    /// What is known of a township ([`TownshipState::Unknown`] when nothing is).
    pub fn township(&self, code: &RegionCode) -> TownshipState {
        self.townships
            .get(code)
            .copied()
            .unwrap_or(TownshipState::Unknown)
    }

    /// The nearest region above `code` (or `code` itself) whose figure is a reported total: the
    /// figure a township cell stands under when it has no detail of its own. The nation is not
    /// one: its rate is the mean of 31 very different provinces, and a province with no figure
    /// stays "no data" rather than take it.
    pub fn reported_ancestor(&self, code: &RegionCode) -> Option<(RegionCode, Coverage)> {
        let mut region = Some(code.clone());
        while let Some(r) = region {
            if let Some(c) = self.reported_here(&r) {
                return Some((r, c));
            }
            region = r.parent().filter(|p| p.level() != Level::Nation);
        }
        None
    }

    /// The reported total of `code` itself, one step of [`CoverageTable::reported_ancestor`]'s
    /// walk up (the nation's figure is none: see there). A restyle that walks a scene's tree of
    /// regions (`style::regions`) takes each step once per region.
    pub fn reported_here(&self, code: &RegionCode) -> Option<Coverage> {
        if code.level() == Level::Nation {
            return None;
        }
        self.regions
            .get(code)
            .filter(|c| c.is_reported_total())
            .copied()
    }
}

/// Which figures count: all of them (the latest view), or only those dated on or before a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsOfFilter {
    /// Every figure and station, dated or not.
    Latest,
    /// Figures and stations dated on or before this day. Undated ones are left out: nothing is
    /// guessed.
    OnOrBefore(Day),
}

impl AsOfFilter {
    /// Figures dated up to the end of `month`, or all of them (`None`, the latest).
    pub fn for_month(month: Option<Month>) -> AsOfFilter {
        match month {
            Some(m) => AsOfFilter::OnOrBefore(m.last_day()),
            None => AsOfFilter::Latest,
        }
    }

    /// Whether a figure or station whose period starts on `first_day` counts.
    pub fn admits(self, first_day: Option<Day>) -> bool {
        match (self, first_day) {
            (AsOfFilter::Latest, _) => true,
            (AsOfFilter::OnOrBefore(day), Some(start)) => start <= day,
            (AsOfFilter::OnOrBefore(_), None) => false,
        }
    }
}

/// The days on which what [`compute_coverage`] counts can change: the first day of every dated
/// figure and station, sorted. Between two of them every filter admits the same figures and
/// stations, so every month between them counts the same table: a time slider keeps one table
/// per [`CountKey`], not per month, and a step within a stretch without news is a lookup.
#[derive(Clone, Debug, Default)]
pub struct AdmitDays(Vec<Day>);

/// Which table a filter counts: filters with the same key admit the same figures and stations
/// (see [`AdmitDays::key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountKey {
    /// Everything, dated or not ([`AsOfFilter::Latest`]).
    Latest,
    /// What is dated on or before this day, the last day on or before the filter's on which
    /// something starts (`None`: before anything starts).
    UpTo(Option<Day>),
}

impl AdmitDays {
    /// The start days of `figures` and `stations`.
    pub fn of(figures: &[ReportedFigure], stations: &[Station]) -> AdmitDays {
        let figure_days = figures.iter().filter_map(|f| f.as_of.date);
        let station_days = stations.iter().filter_map(|s| s.opened);
        let mut days: Vec<Day> = figure_days
            .chain(station_days)
            .map(|d| d.first_day())
            .collect();
        crate::sort::sort(&mut days);
        days.dedup();
        AdmitDays(days)
    }

    /// The key of the table `filter` counts.
    pub fn key(&self, filter: AsOfFilter) -> CountKey {
        match filter {
            AsOfFilter::Latest => CountKey::Latest,
            AsOfFilter::OnOrBefore(day) => {
                let after = self.0.partition_point(|start| *start <= day);
                CountKey::UpTo(after.checked_sub(1).map(|last| self.0[last]))
            }
        }
    }
}

/// The coverage of every region of the registry from the figures and stations `filter` admits,
/// by the rules in the module docs.
pub fn compute_coverage(
    divisions: &Divisions,
    figures: &[ReportedFigure],
    stations: &[Station],
    filter: AsOfFilter,
) -> CoverageTable {
    let mut table = CoverageTable::default();
    mark_station_townships(&mut table, stations, filter);
    let reported = reported_totals(&mut table, divisions, figures, filter);
    roll_up(&mut table, divisions, &reported);
    table
}

/// A region-level figure as reported.
#[derive(Clone, Copy)]
enum Reported {
    /// The figure's index, townships covered, townships.
    Total(usize, u32, u32),
    /// The figure's index, the rate in hundredths of a percent, the count it gives.
    Rate(usize, u32, Option<u32>),
}

/// Townships with a township station: covered when one is built or operating, else uncovered.
fn mark_station_townships(table: &mut CoverageTable, stations: &[Station], filter: AsOfFilter) {
    for station in stations.iter().filter(|s| s.tier == Tier::TownshipStation) {
        if !filter.admits(station.opened.map(|d| d.first_day())) {
            continue;
        }
        let state = table
            .townships
            .entry(station.township.clone())
            .or_insert(TownshipState::Uncovered);
        if station.status.covers_township() {
            *state = TownshipState::Covered { figure: None };
        }
    }
}

/// The reported total each region stands at. The newest admitted figure per region wins;
/// undated ones only where nothing dated exists. A full coverage whose total is the registry's
/// also marks every township of the region covered (where nothing else is known of it).
fn reported_totals(
    table: &mut CoverageTable,
    divisions: &Divisions,
    figures: &[ReportedFigure],
    filter: AsOfFilter,
) -> HashMap<RegionCode, Reported> {
    let mut reported: HashMap<RegionCode, Reported> = HashMap::default();
    let mut chosen_date: HashMap<RegionCode, Option<Day>> = HashMap::default();
    for (index, figure) in figures.iter().enumerate() {
        let start = figure.as_of.date.map(|d| d.first_day());
        if !filter.admits(start) {
            continue;
        }
        let rate = figure.coverage_pct_hundredths();
        if figure.townships_covered.is_none() && rate.is_none() {
            continue;
        }
        for region in &figure.regions {
            let registry_total = divisions.township_count(region);
            let count = figure.stations_built;
            let (covered, total) = match (figure.townships_covered, figure.townships_total, rate) {
                (Some(CoveredCount::All), _, _) => (registry_total, registry_total),
                (Some(CoveredCount::Count(c)), Some(t), _) => (c, t),
                // A count without a denominator is no coverage figure; a stated rate is one.
                (covered, None, Some(pct)) if figure.regions.len() == 1 => {
                    if newer_or_first(&mut chosen_date, region, start) {
                        let count = match covered {
                            Some(CoveredCount::Count(c)) => Some(c),
                            _ => count,
                        };
                        reported.insert(region.clone(), Reported::Rate(index, pct, count));
                    }
                    continue;
                }
                _ => continue,
            };
            if figure.regions.len() > 1 && covered != total {
                // A partial count shared by several regions cannot be split between them.
                continue;
            }
            if !newer_or_first(&mut chosen_date, region, start) {
                continue;
            }
            reported.insert(region.clone(), Reported::Total(index, covered, total));
            let every_township_known = covered == total && total == registry_total && total > 0;
            if every_township_known {
                cover_every_township(table, divisions, region, index);
            }
        }
    }
    reported
}

/// Whether a figure dated `start` replaces the one chosen for `region` so far (the newest wins;
/// undated ones only where nothing dated exists); records it when it does.
fn newer_or_first(
    chosen_date: &mut HashMap<RegionCode, Option<Day>>,
    region: &RegionCode,
    start: Option<Day>,
) -> bool {
    if chosen_date
        .get(region)
        .is_some_and(|previous| *previous > start)
    {
        return false;
    }
    chosen_date.insert(region.clone(), start);
    true
}

/// Every township of `region` not known otherwise is covered, by the full-coverage `figure`.
fn cover_every_township(
    table: &mut CoverageTable,
    divisions: &Divisions,
    region: &RegionCode,
    figure: usize,
) {
    for township in divisions.at_level(region, Level::Township) {
        let state = table
            .townships
            .entry(township.clone())
            .or_insert(TownshipState::Unknown);
        if *state == TownshipState::Unknown {
            *state = TownshipState::Covered {
                figure: Some(figure),
            };
        }
    }
}

/// Bottom-up: townships, then each coarser level from the children just computed.
fn roll_up(
    table: &mut CoverageTable,
    divisions: &Divisions,
    reported: &HashMap<RegionCode, Reported>,
) {
    for township in divisions.at_level(&RegionCode::nation(), Level::Township) {
        let coverage = match table.township(township) {
            TownshipState::Covered { .. } => Coverage::Known {
                covered: 1,
                total: 1,
                basis: Basis::TownshipDetail,
            },
            TownshipState::Uncovered => Coverage::Known {
                covered: 0,
                total: 1,
                basis: Basis::TownshipDetail,
            },
            TownshipState::Unknown => Coverage::NoData { total: 1 },
        };
        table.regions.insert(township.clone(), coverage);
    }
    for level in [
        Level::County,
        Level::Prefecture,
        Level::Province,
        Level::Nation,
    ] {
        let codes: Vec<RegionCode> = if level == Level::Nation {
            vec![RegionCode::nation()]
        } else {
            divisions
                .at_level(&RegionCode::nation(), level)
                .cloned()
                .collect()
        };
        for code in codes {
            let from_children = aggregate_children(divisions, table, &code);
            let coverage = match (from_children, reported.get(&code)) {
                // Township detail outranks a reported total; a reported total outranks a sum.
                (
                    known @ Coverage::Known {
                        basis: Basis::TownshipDetail,
                        ..
                    },
                    _,
                ) => known,
                (_, Some(&Reported::Total(figure, covered, total))) => Coverage::Known {
                    covered,
                    total,
                    basis: Basis::ReportedTotal { figure },
                },
                (aggregate, Some(&Reported::Rate(figure, pct_hundredths, count))) => {
                    Coverage::ReportedRate {
                        pct_hundredths,
                        count,
                        total: aggregate.total(),
                        figure,
                    }
                }
                (aggregate, None) => aggregate,
            };
            table.regions.insert(code, coverage);
        }
    }
}

/// The region's coverage from its children's: known when every child with townships is known,
/// partly known when some are, else no data.
fn aggregate_children(divisions: &Divisions, table: &CoverageTable, code: &RegionCode) -> Coverage {
    let mut tally = ChildTally {
        all_detail: true,
        ..ChildTally::default()
    };
    for child in divisions.children(code) {
        // Regions without townships (some 市辖区 groupings) carry no denominator.
        if divisions.township_count(child) == 0 {
            continue;
        }
        tally.add(table.regions.get(child));
    }
    tally.coverage(divisions.township_count(code))
}

/// The children of one region, summed as they are read.
#[derive(Default)]
struct ChildTally {
    covered_sum: u32,
    total_sum: u32,
    parts: u32,
    parts_known: u32,
    covered_at_least: u32,
    /// Every known child is counted from townships.
    all_detail: bool,
    includes_reported: bool,
}

impl ChildTally {
    fn add(&mut self, child: Option<&Coverage>) {
        self.parts += 1;
        match child {
            Some(Coverage::Known {
                covered,
                total,
                basis,
            }) => {
                self.parts_known += 1;
                self.covered_sum += covered;
                self.total_sum += total;
                self.covered_at_least += covered;
                match basis {
                    Basis::TownshipDetail => {}
                    Basis::ReportedTotal { .. } => {
                        self.all_detail = false;
                        self.includes_reported = true;
                    }
                    Basis::Aggregate {
                        includes_reported: inner,
                    } => {
                        self.all_detail = false;
                        self.includes_reported |= inner;
                    }
                }
            }
            Some(Coverage::Partial {
                covered_at_least: c,
                ..
            }) => self.covered_at_least += c,
            _ => {}
        }
    }

    /// The region's coverage, `total` being its own township count.
    fn coverage(&self, total: u32) -> Coverage {
        if self.parts > 0 && self.parts_known == self.parts {
            let basis = if self.all_detail {
                Basis::TownshipDetail
            } else {
                Basis::Aggregate {
                    includes_reported: self.includes_reported,
                }
            };
            Coverage::Known {
                covered: self.covered_sum,
                total: self.total_sum,
                basis,
            }
        } else if self.covered_at_least > 0 || self.parts_known > 0 {
            Coverage::Partial {
                covered_at_least: self.covered_at_least,
                total,
                parts_known: self.parts_known,
                parts: self.parts,
            }
        } else {
            Coverage::NoData { total }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rate_text;

    #[test]
    fn rates_are_written_as_the_sources_wrote_them() {
        assert_eq!(rate_text(5600), "56%");
        assert_eq!(rate_text(5670), "56.7%");
        assert_eq!(rate_text(9529), "95.29%");
        assert_eq!(rate_text(10000), "100%");
        assert_eq!(rate_text(5), "0.05%");
    }
}
