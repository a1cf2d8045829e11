//! What the assessment reads: a region's targets, reported figures and stations, and the
//! milestones (dated counts of townships covered) made from them.

use crate::sort;
use std::collections::HashMap;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::{Citation, CoveredCount, ReportedFigure, Station, Target, Tier};
use crate::date::{Day, PartialDate};
use crate::lang::Lang;

use super::format::fmt_date;
use crate::measure::coverage::rate_text;

/// Where a milestone's count comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum MilestoneBasis {
    /// A region-level figure.
    Reported {
        /// Its row in the facts file.
        row: usize,
    },
    /// Counted from individually known stations: distinct townships whose township station had
    /// opened by this date. A lower bound when the station list is incomplete.
    StationOpenings,
}

/// A dated count of townships covered.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Milestone {
    /// The date the figure is as of, as precise as the source gives it.
    pub date: PartialDate,
    /// The day the milestone is placed at: the last day of `date`'s period.
    pub day: Day,
    /// Townships covered by then.
    pub covered: u32,
    /// Reported as full coverage ("全部完成"). `covered` is then the reported total, the target
    /// count, or the registry count, in that order, since "all" names no number of its own.
    pub full: bool,
    /// Townships the source counted, when it said.
    pub total: Option<u32>,
    /// The coverage rate the source stated with the count, in hundredths of a percent (the
    /// nation's 56% is 5600); shown in the label, never used as a denominator.
    pub pct_hundredths_reported: Option<u32>,
    /// A reported figure, or counted from station openings.
    pub basis: MilestoneBasis,
    /// The article, page or station list the count comes from.
    pub source: Citation,
}

impl Milestone {
    /// "101/140 · 2023-12", or "21000 (56%) · 2022-06-30" with a stated rate: the point label on
    /// charts.
    pub fn label(&self, lang: Lang) -> String {
        let date = fmt_date(&self.date, lang);
        if let (None, Some(pct)) = (self.total, self.pct_hundredths_reported) {
            return format!("{} ({}) · {date}", self.covered, rate_text(pct));
        }
        match self.total {
            Some(t) => format!("{}/{t} · {date}", self.covered),
            None if self.full => match lang {
                Lang::Zh => format!("{}（全部）· {date}", self.covered),
                Lang::En => format!("{} (all) · {date}", self.covered),
            },
            None => format!("{} · {date}", self.covered),
        }
    }
}

/// A township count whose article gives no date ("year not given"): it cannot be placed on the
/// timeline or enter a pace, but it is still a reported fact and is shown.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct UndatedFigure {
    /// Its row in the facts file.
    pub row: usize,
    /// Townships covered, as [`Milestone::covered`].
    pub covered: u32,
    /// Reported as full coverage, as [`Milestone::full`].
    pub full: bool,
    /// Townships the source counted, when it said.
    pub total: Option<u32>,
    /// The article's own words on when, e.g. 未注明年份（约2023年） / "year not given (about
    /// 2023)".
    pub as_of_note: crate::lang::Text,
    /// The article or page the figure comes from.
    pub source: Citation,
}

/// A reported station count that is not a township count (context, not a milestone).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StationCount {
    /// When, as the article gives it.
    pub as_of: crate::data::model::AsOf,
    /// Stations built, when reported.
    pub built: Option<u32>,
    /// Stations operating, when reported.
    pub operating: Option<u32>,
    /// The article or page the count comes from.
    pub source: Citation,
}

/// Everything the assessment reads about one region: gathered from an [`Atlas`] by
/// [`RegionFacts::gather`], or built by hand in tests.
#[derive(Clone, Debug)]
pub struct RegionFacts<'a> {
    /// The region.
    pub code: RegionCode,
    /// Its name in the registry, else as the first figure names it.
    pub name: String,
    /// Townships the 2023 registry lists in the region (context only).
    pub registry_townships: u32,
    /// Every target set for the region.
    pub targets: Vec<&'a Target>,
    /// The targets of the regions above it, nearest first: a plan that names no deadline stands
    /// under the nearest one above that does (云南's plan under the nation's end of 2025).
    pub above: Vec<&'a Target>,
    /// Every reported figure that counts the region.
    pub figures: Vec<&'a ReportedFigure>,
    /// Individually known stations in the region's townships; none for the nation, whose
    /// progress is the count the ministry reports: a bureau's station table covers its own area,
    /// and its openings counted as the country's would read as a collapse from 21000 to a few.
    pub stations: Vec<&'a Station>,
}

impl<'a> RegionFacts<'a> {
    /// The facts of `region` in the atlas.
    pub fn gather(atlas: &'a Atlas, region: &RegionCode) -> RegionFacts<'a> {
        let figures: Vec<&ReportedFigure> = atlas
            .figures
            .iter()
            .filter(|f| f.regions.contains(region))
            .collect();
        let name = atlas
            .divisions
            .name(region)
            .map(str::to_string)
            .or_else(|| figures.first().map(|f| f.region_name.clone()))
            .unwrap_or_else(|| region.to_string());
        RegionFacts {
            code: region.clone(),
            name,
            registry_townships: atlas.divisions.township_count(region),
            targets: atlas.targets_for(region),
            above: std::iter::successors(region.parent(), RegionCode::parent)
                .flat_map(|up| atlas.targets_for(&up))
                .collect(),
            figures,
            stations: atlas
                .stations
                .iter()
                .filter(|_| region.level() != Level::Nation)
                .filter(|s| s.township.level() == Level::Township && s.township.is_within(region))
                .collect(),
        }
    }

    /// The target the deadline board measures against: one with a count and a deadline if any,
    /// the earliest deadline first. The others are reported in `issues`.
    pub(super) fn main_target(&self) -> Option<&'a Target> {
        self.targets.iter().copied().min_by(|a, b| {
            let key = |t: &Target| {
                (
                    t.townships.is_none(),
                    t.deadline.is_none(),
                    t.deadline.map(|d| d.last_day()),
                )
            };
            key(a).cmp(&key(b))
        })
    }

    /// The deadline measured against and the region whose target gives it: the main target's
    /// own, else the nearest target above with one.
    pub(super) fn deadline(&self) -> Option<(PartialDate, Option<&'a RegionCode>)> {
        if let Some(d) = self.main_target().and_then(|t| t.deadline) {
            return Some((d, None));
        }
        self.above
            .iter()
            .find_map(|t| t.deadline.map(|d| (d, Some(&t.region))))
    }

    /// Dated and undated milestones (dated ones sorted by day, then count) plus what could not be
    /// placed, in words.
    pub fn milestones(&self) -> (Vec<Milestone>, Vec<UndatedFigure>, Vec<String>) {
        let target_count = self.main_target().and_then(|t| t.townships);
        let mut dated = Vec::new();
        let mut undated = Vec::new();
        let mut issues = Vec::new();
        for f in &self.figures {
            let Some(reported) = f.townships_covered else {
                continue;
            };
            let (covered, full) = match reported {
                CoveredCount::Count(n) => (n, false),
                CoveredCount::All => (
                    f.townships_total
                        .or(target_count)
                        .unwrap_or(self.registry_townships),
                    true,
                ),
            };
            match f.as_of.date {
                Some(date) => dated.push(Milestone {
                    date,
                    day: date.last_day(),
                    covered,
                    full,
                    total: f.townships_total,
                    pct_hundredths_reported: f.coverage_pct_hundredths(),
                    basis: MilestoneBasis::Reported { row: f.row },
                    source: f.source.clone(),
                }),
                None => {
                    issues.push(format!(
                        "row {} ({covered} covered) gives no date ({}): not on the timeline",
                        f.row, f.as_of
                    ));
                    undated.push(UndatedFigure {
                        row: f.row,
                        covered,
                        full,
                        total: f.townships_total,
                        as_of_note: f.as_of.note.clone(),
                        source: f.source.clone(),
                    });
                }
            }
        }
        dated.extend(self.station_milestones(&mut issues));
        sort::sort_by(&mut dated, |a, b| {
            a.day.cmp(&b.day).then(a.covered.cmp(&b.covered))
        });
        (dated, undated, issues)
    }

    /// Cumulative distinct townships with an open township station, one milestone per opening
    /// date. A township with two stations counts once, from its first opening.
    fn station_milestones(&self, issues: &mut Vec<String>) -> Vec<Milestone> {
        let mut first_open: HashMap<&RegionCode, (Day, PartialDate, &crate::data::model::Source)> =
            HashMap::new();
        let mut undated = 0;
        for s in &self.stations {
            if s.tier != Tier::TownshipStation || !s.status.covers_township() {
                continue;
            }
            let Some(opened) = s.opened else {
                undated += 1;
                continue;
            };
            let day = opened.last_day();
            let entry = first_open
                .entry(&s.township)
                .or_insert((day, opened, &s.source));
            if day < entry.0 {
                *entry = (day, opened, &s.source);
            }
        }
        if undated > 0 {
            issues.push(format!(
                "{undated} township station(s) have no opening date: not on the timeline"
            ));
        }
        // Sorted by day, then township code, so the source named for a day does not depend on
        // hash order.
        let mut first_open: Vec<_> = first_open.into_iter().collect();
        sort::sort_by(&mut first_open, |(ta, a), (tb, b)| {
            a.0.cmp(&b.0).then_with(|| ta.cmp(tb))
        });
        let mut out: Vec<Milestone> = Vec::new();
        for (i, (_, (day, date, source))) in first_open.iter().enumerate() {
            let covered = (i + 1) as u32;
            match out.last_mut() {
                Some(last) if last.day == *day => last.covered = covered,
                _ => out.push(Milestone {
                    date: *date,
                    day: *day,
                    covered,
                    full: false,
                    total: None,
                    pct_hundredths_reported: None,
                    basis: MilestoneBasis::StationOpenings,
                    source: Citation::from(*source),
                }),
            }
        }
        out
    }

    /// Reported station counts without a township count: shown beside the verdict, never a
    /// milestone.
    pub(super) fn station_counts(&self) -> Vec<StationCount> {
        self.figures
            .iter()
            .filter(|f| f.townships_covered.is_none())
            .filter(|f| f.stations_built.is_some() || f.stations_operating.is_some())
            .map(|f| StationCount {
                as_of: f.as_of.clone(),
                built: f.stations_built,
                operating: f.stations_operating,
                source: f.source.clone(),
            })
            .collect()
    }
}

/// Dated milestones of `region`, oldest first (all of them, whatever "today" is).
pub fn milestones_for(atlas: &Atlas, region: &RegionCode) -> Vec<Milestone> {
    RegionFacts::gather(atlas, region).milestones().0
}

/// The milestone that says where the region stands: the latest date, the highest count on it.
pub(super) fn latest(milestones: &[Milestone]) -> Option<&Milestone> {
    milestones
        .iter()
        .max_by(|a, b| a.day.cmp(&b.day).then(a.covered.cmp(&b.covered)))
}
