//! Progress toward full-coverage deadlines: who will miss the deadline, and what pace is needed.
//!
//! Leaders ask one question of the data, so this module answers it from the same reported facts
//! the map shows, without inventing any: where a number is not in the data (a programme start, a
//! township count, a second dated figure), the answer says "unknown" and the status says why.
//!
//! # Conventions
//!
//! * **Dates are the end of their period.** A figure "as of 2023-12" is placed at 2023-12-31 and a
//!   figure "2021" at 2021-12-31; a deadline "2025" or "2025-12" likewise means its last day. A
//!   report summarises the period it names, and the end is the conservative choice: it leaves the
//!   fewest months between the last figure and the deadline, so the required pace is never
//!   understated. It is also what makes 建德 come out as the articles say: full coverage "in
//!   2021" against Hangzhou's end-2023 requirement is 730 days, two years, early.
//! * **A month is 1/12 of a Gregorian year** (30.436875 days), so paces over spans that do not
//!   start on the first of a month stay comparable. 黔西南's 39 missing townships over the 731
//!   days from 2023-12-31 to 2025-12-31 (24.02 months) need 1.62 stations a month.
//! * **"Today" is a parameter** (days since 1970, see [`crate::data::model::days_from_civil`]), never the
//!   clock: the same data and day give the same answer in a test, in the browser and in a report.
//!   A figure whose period has not begun by `today` is left out (and listed in `issues`), so a
//!   past `today` shows the board as it stood then.
//! * **Milestones** are dated counts of townships covered: reported totals whose
//!   `townships_covered` is known, and the cumulative number of distinct townships whose township
//!   station (built or operating) had opened by each opening date. Station counts without a
//!   township count (兰州's 32 stations, 齐齐哈尔's 164) are *not* milestones: a station count mixes
//!   tiers and says nothing about which townships are covered. They are kept as
//!   [`StationCount`]s and shown beside the verdict.
//!
//! # Status rules
//!
//! Evaluated in this order, on the milestones known by `today`; "the latest figure" is the
//! milestone with the latest date (the highest count among figures of that same date).
//!
//! 1. [`Status::NoTarget`]: the region has milestones but no target.
//! 2. [`Status::Met`]: the latest figure reports full coverage ("全部完成"), or covers at least the
//!    target count (or, when there are no dated figures, an undated one does). `met_on` is the
//!    earliest figure from which every later figure is also at target; `lead_days` is the
//!    deadline minus that date (positive = early, negative = late).
//! 3. [`Status::DenominatorNeeded`]: the target gives no township count and no figure reports a
//!    township total. The 2023 registry count is *not* used as the plan's denominator: plans
//!    count the townships of their own year (济南 reported 161 where the 2023 registry has 164),
//!    and guessing would turn "we cannot measure this" into a false number.
//! 4. [`Status::NoDeadline`]: a township count but no deadline.
//! 5. [`Status::Overdue`]: `today` is after the deadline and the latest figure is below target.
//!    When no figure dates from after the deadline, `no_figure_since_deadline` is set and the
//!    verdict says "deadline passed with no newer figure" rather than claiming a confirmed miss.
//! 6. [`Status::PaceUnknown`]: the deadline is ahead but the pace achieved so far cannot be
//!    measured: fewer than two figures with different dates. A programme start counts as a
//!    figure only when the data holds it as one (0 covered at a date); prose such as 黔西南's
//!    "invested since the 2020 provincial pilot" names neither a month nor a starting count.
//! 7. [`Status::AtRisk`]: the projected completion at the achieved pace falls after the deadline,
//!    or the achieved pace is zero or negative (no projection).
//! 8. [`Status::OnTrack`]: the projected completion falls on or before the deadline.
//!
//! Required pace = townships remaining at the latest figure / months from that figure to the
//! deadline (`None` when that span is not positive). Achieved pace = (latest count - earliest
//! count) / months between the earliest and the latest figure. Projected completion = latest
//! figure date + remaining / achieved pace.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::{CoveredCount, ReportedFigure, Source, Station, Target, Tier};
use crate::date::{Day, PartialDate, DAYS_PER_MONTH};
use crate::lang::Lang;

/// Where a milestone's count comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum MilestoneBasis {
    /// A region-level figure; `row` is its row in the facts file.
    Reported { row: usize },
    /// Counted from individually known stations: distinct townships whose township station had
    /// opened by this date. A lower bound when the station list is incomplete.
    StationOpenings,
}

/// A dated count of townships covered.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Milestone {
    pub date: PartialDate,
    /// The day the milestone is placed at: the last day of `date`'s period.
    pub day: Day,
    pub covered: u32,
    /// Reported as full coverage ("全部完成"). `covered` is then the reported total, the target
    /// count, or the registry count, in that order, since "all" names no number of its own.
    pub full: bool,
    /// Townships the source counted, when it said.
    pub total: Option<u32>,
    pub basis: MilestoneBasis,
    pub source: Source,
}

impl Milestone {
    /// "101/140 · 2023-12": the point label on charts.
    pub fn label(&self, lang: Lang) -> String {
        let date = fmt_date(&self.date, lang);
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
    pub row: usize,
    pub covered: u32,
    pub full: bool,
    pub total: Option<u32>,
    /// The article's own words on when, e.g. "year not given (about 2023)".
    pub as_of_note: String,
    pub source: Source,
}

/// A reported station count that is not a township count (context, not a milestone).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StationCount {
    pub as_of: crate::data::model::AsOf,
    pub built: Option<u32>,
    pub operating: Option<u32>,
    pub source: Source,
}

/// Where a region stands against its deadline; variants are in board order, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Status {
    Overdue,
    AtRisk,
    PaceUnknown,
    OnTrack,
    NoDeadline,
    DenominatorNeeded,
    Met,
    NoTarget,
}

impl Status {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Overdue, Lang::Zh) => "逾期",
            (Status::Overdue, Lang::En) => "overdue",
            (Status::AtRisk, Lang::Zh) => "有风险",
            (Status::AtRisk, Lang::En) => "at risk",
            (Status::PaceUnknown, Lang::Zh) => "进度未知",
            (Status::PaceUnknown, Lang::En) => "pace unknown",
            (Status::OnTrack, Lang::Zh) => "按期推进",
            (Status::OnTrack, Lang::En) => "on track",
            (Status::NoDeadline, Lang::Zh) => "未设期限",
            (Status::NoDeadline, Lang::En) => "no deadline",
            (Status::DenominatorNeeded, Lang::Zh) => "缺少乡镇总数",
            (Status::DenominatorNeeded, Lang::En) => "denominator needed",
            (Status::Met, Lang::Zh) => "已达成",
            (Status::Met, Lang::En) => "met",
            (Status::NoTarget, Lang::Zh) => "无目标",
            (Status::NoTarget, Lang::En) => "no target",
        }
    }
}

/// One region's progress toward its full-coverage deadline. See the module docs for the rules.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Assessment {
    pub region: RegionCode,
    pub name: String,
    pub status: Status,
    /// Townships to cover: the target's count, else the latest reported township total.
    pub target_townships: Option<u32>,
    pub deadline: Option<PartialDate>,
    /// The target's own words (e.g. 兰州's "一年试点、两年规范、三年提质、四年覆盖").
    pub plan: String,
    pub target_source: Option<Source>,
    /// Dated figures known by `today`, oldest first.
    pub milestones: Vec<Milestone>,
    /// Figures with a township count but no date: not on the timeline, still shown.
    pub undated: Vec<UndatedFigure>,
    /// Station counts reported without a township count.
    pub station_counts: Vec<StationCount>,
    /// Townships covered at the latest figure.
    pub covered: Option<u32>,
    /// Target minus covered at the latest figure (0 once met).
    pub remaining: Option<u32>,
    /// Months from the latest figure to the deadline: the span the required pace spreads the
    /// remaining townships over. Negative when the latest figure is after the deadline.
    pub months_left: Option<f64>,
    /// Months from `today` to the deadline; negative once it has passed.
    pub months_to_deadline: Option<f64>,
    /// Stations a month needed from the latest figure to reach the target by the deadline.
    /// For an overdue region this is the pace that *was* needed.
    pub required_pace_per_month: Option<f64>,
    /// Stations a month between the earliest and the latest figure; `None` with fewer than two
    /// dated figures.
    pub achieved_pace_per_month: Option<f64>,
    /// When the target is reached at the achieved pace, if it is positive.
    pub projected_completion: Option<PartialDate>,
    /// The figure that first showed the target met (for good).
    pub met_on: Option<PartialDate>,
    /// Deadline minus `met_on`, in days: positive = met early.
    pub lead_days: Option<i64>,
    /// The deadline has passed and no figure is dated after it.
    pub no_figure_since_deadline: bool,
    /// Townships the 2023 registry lists in the region (context only; never the denominator).
    pub registry_townships: u32,
    pub verdict_zh: String,
    pub verdict_en: String,
    /// Contradictions and gaps in the data, in words, never silently resolved.
    pub issues: Vec<String>,
}

impl Assessment {
    pub fn verdict(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.verdict_zh,
            Lang::En => &self.verdict_en,
        }
    }

    /// The deadline as a day number (the last day of its period).
    pub fn deadline_day(&self) -> Option<Day> {
        self.deadline.map(|d| d.last_day())
    }

    /// Distinct sources of the milestones, in first-use order.
    pub fn sources(&self) -> Vec<&Source> {
        let mut seen: Vec<&Source> = Vec::new();
        let all = self.milestones.iter().map(|m| &m.source);
        for source in all.chain(self.undated.iter().map(|u| &u.source)) {
            if !seen.contains(&source) {
                seen.push(source);
            }
        }
        seen
    }
}

/// Everything the assessment reads about one region: gathered from an [`Atlas`] by
/// [`RegionFacts::gather`], or built by hand in tests.
#[derive(Clone, Debug)]
pub struct RegionFacts<'a> {
    pub code: RegionCode,
    pub name: String,
    pub registry_townships: u32,
    pub targets: Vec<&'a Target>,
    pub figures: Vec<&'a ReportedFigure>,
    pub stations: Vec<&'a Station>,
}

impl<'a> RegionFacts<'a> {
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
            figures,
            stations: atlas
                .stations
                .iter()
                .filter(|s| s.township.level() == Level::Township && s.township.is_within(region))
                .collect(),
        }
    }

    /// The target the deadline board measures against: one with a count and a deadline if any,
    /// the earliest deadline first. The others are reported in `issues`.
    fn main_target(&self) -> Option<&'a Target> {
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
        dated.sort_by(|a, b| a.day.cmp(&b.day).then(a.covered.cmp(&b.covered)));
        (dated, undated, issues)
    }

    /// Cumulative distinct townships with an open township station, one milestone per opening
    /// date. A township with two stations counts once, from its first opening.
    fn station_milestones(&self, issues: &mut Vec<String>) -> Vec<Milestone> {
        let mut first_open: HashMap<&RegionCode, (Day, PartialDate, &Source)> = HashMap::new();
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
        first_open.sort_by(|(ta, a), (tb, b)| a.0.cmp(&b.0).then_with(|| ta.cmp(tb)));
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
                    basis: MilestoneBasis::StationOpenings,
                    source: (*source).clone(),
                }),
            }
        }
        out
    }
}

/// Dated milestones of `region`, oldest first (all of them, whatever "today" is).
pub fn milestones_for(atlas: &Atlas, region: &RegionCode) -> Vec<Milestone> {
    RegionFacts::gather(atlas, region).milestones().0
}

/// The region's progress as of `today`; `None` when it has neither a target nor any dated
/// figure.
pub fn assess(atlas: &Atlas, region: &RegionCode, today: Day) -> Option<Assessment> {
    assess_facts(&RegionFacts::gather(atlas, region), today)
}

/// Every region with a target, most urgent first: by [`Status`] order (overdue, at risk, pace
/// unknown, on track, no deadline, denominator needed, met), then by deadline (none last), then
/// by code.
pub fn deadline_board(atlas: &Atlas, today: Day) -> Vec<Assessment> {
    let mut regions: Vec<&RegionCode> = atlas.targets.iter().map(|t| &t.region).collect();
    regions.sort();
    regions.dedup();
    let mut board: Vec<Assessment> = regions
        .into_iter()
        .filter_map(|r| assess(atlas, r, today))
        .collect();
    board.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then_with(|| cmp_deadline(a.deadline_day(), b.deadline_day()))
            .then_with(|| a.region.cmp(&b.region))
    });
    board
}

fn cmp_deadline(a: Option<Day>, b: Option<Day>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The assessment of one region's gathered facts. See the module docs for every rule.
pub fn assess_facts(facts: &RegionFacts, today: Day) -> Option<Assessment> {
    let target = facts.main_target();
    let (all_dated, undated, mut issues) = facts.milestones();
    if target.is_none() && all_dated.is_empty() {
        return None;
    }
    for other in facts.targets.iter().filter(|t| Some(**t) != target) {
        issues.push(format!(
            "another target is not measured here: {} by {} ({})",
            other
                .townships
                .map_or("full coverage".to_string(), |n| format!("{n} townships")),
            other
                .deadline
                .map_or("no deadline".to_string(), |d| d.to_string()),
            other.source
        ));
    }
    let (milestones, future): (Vec<Milestone>, Vec<Milestone>) = all_dated
        .into_iter()
        .partition(|m| m.date.first_day() <= today);
    for m in &future {
        issues.push(format!(
            "{} is dated after today ({}): left out",
            describe(m),
            today
        ));
    }
    check_contradictions(&milestones, &mut issues);

    let deadline = target.and_then(|t| t.deadline);
    let deadline_day = deadline.map(|d| d.last_day());
    let latest = latest(&milestones);
    let target_townships = target.and_then(|t| t.townships).or_else(|| {
        latest
            .and_then(|m| m.total)
            .or_else(|| undated.iter().find_map(|m| m.total))
    });
    let reg = facts.registry_townships;
    if let Some(t) = target_townships {
        if reg > 0 && t != reg {
            issues.push(format!(
                "the target counts {t} townships; the 2023 registry lists {reg}"
            ));
        }
    }
    if let (Some(t), Some(m)) = (target.and_then(|t| t.townships), latest) {
        if let Some(total) = m.total.filter(|total| *total != t) {
            issues.push(format!(
                "{} reports {total} townships; the target counts {t}",
                describe(m)
            ));
        }
    }

    let reaches = |covered: u32, full: bool| full || target_townships.is_some_and(|t| covered >= t);
    let is_met = |m: &Milestone| reaches(m.covered, m.full);
    let covered = latest.map(|m| m.covered);
    let remaining = match (target_townships, latest) {
        (Some(t), Some(m)) if !is_met(m) => Some(t.saturating_sub(m.covered)),
        (Some(_), Some(_)) => Some(0),
        _ => None,
    };
    let months_left = match (latest, deadline_day) {
        (Some(m), Some(d)) => Some(d.months_after(m.day)),
        _ => None,
    };
    let months_to_deadline = deadline_day.map(|d| d.months_after(today));
    let required_pace = match (remaining, months_left) {
        (Some(r), Some(months)) if r > 0 && months > 0.0 => Some(f64::from(r) / months),
        _ => None,
    };
    let achieved_pace = match (milestones.first(), latest) {
        (Some(first), Some(last)) if last.day > first.day => Some(
            (f64::from(last.covered) - f64::from(first.covered)) / last.day.months_after(first.day),
        ),
        _ => None,
    };
    let projected_day = match (remaining, achieved_pace, latest) {
        (Some(r), Some(p), Some(m)) if r > 0 && p > 0.0 => Some(
            m.day
                .plus_days((f64::from(r) / p * DAYS_PER_MONTH).round() as i64),
        ),
        _ => None,
    };

    // When the target was met for good: walk back from the latest figure while each is met.
    let met_from = match latest {
        Some(m) if is_met(m) => milestones.iter().rev().take_while(|m| is_met(m)).last(),
        _ => None,
    };
    let undated_met = undated.iter().find(|u| reaches(u.covered, u.full));
    if let (Some(m), Some(u)) = (latest, undated_met) {
        if !is_met(m) {
            issues.push(format!(
                "row {} reports the target met but gives no date; the latest dated figure, {}, \
                 is below it, and which is newer cannot be told",
                u.row,
                describe(m)
            ));
        }
    }
    let lead_days = match (met_from, deadline_day) {
        (Some(m), Some(d)) => Some(d.days_after(m.day)),
        _ => None,
    };
    let no_figure_since_deadline = match deadline_day {
        Some(d) if today > d => latest.is_none_or(|m| m.day <= d),
        _ => false,
    };

    let status = if target.is_none() {
        Status::NoTarget
    } else if met_from.is_some() || (milestones.is_empty() && undated_met.is_some()) {
        Status::Met
    } else if target_townships.is_none() {
        Status::DenominatorNeeded
    } else if deadline_day.is_none() {
        Status::NoDeadline
    } else if deadline_day.is_some_and(|d| today > d) {
        Status::Overdue
    } else if achieved_pace.is_none() {
        Status::PaceUnknown
    } else {
        match (projected_day, deadline_day) {
            (Some(p), Some(d)) if p <= d => Status::OnTrack,
            _ => Status::AtRisk,
        }
    };

    let station_counts: Vec<StationCount> = facts
        .figures
        .iter()
        .filter(|f| f.townships_covered.is_none())
        .filter(|f| f.stations_built.is_some() || f.stations_operating.is_some())
        .map(|f| StationCount {
            as_of: f.as_of.clone(),
            built: f.stations_built,
            operating: f.stations_operating,
            source: f.source.clone(),
        })
        .collect();

    let mut a = Assessment {
        region: facts.code.clone(),
        name: facts.name.clone(),
        status,
        target_townships,
        deadline,
        plan: target.map(|t| t.note.clone()).unwrap_or_default(),
        target_source: target.map(|t| t.source.clone()),
        covered,
        remaining,
        months_left,
        months_to_deadline,
        required_pace_per_month: required_pace,
        achieved_pace_per_month: achieved_pace,
        projected_completion: projected_day.map(Day::date),
        met_on: met_from.map(|m| m.date),
        lead_days,
        no_figure_since_deadline,
        registry_townships: facts.registry_townships,
        verdict_zh: String::new(),
        verdict_en: String::new(),
        issues,
        milestones,
        undated,
        station_counts,
    };
    a.verdict_zh = verdict(&a, Lang::Zh);
    a.verdict_en = verdict(&a, Lang::En);
    Some(a)
}

/// The milestone that says where the region stands: the latest date, the highest count on it.
fn latest(milestones: &[Milestone]) -> Option<&Milestone> {
    milestones
        .iter()
        .max_by(|a, b| a.day.cmp(&b.day).then(a.covered.cmp(&b.covered)))
}

fn describe(m: &Milestone) -> String {
    let what = match m.basis {
        MilestoneBasis::Reported { row } => format!("row {row}"),
        MilestoneBasis::StationOpenings => "the station list".to_string(),
    };
    format!(
        "{what} ({} covered, {}, article {})",
        m.covered, m.date, m.source.id
    )
}

/// Coverage does not shrink in this programme: a later figure below an earlier one, or two
/// figures of one date that disagree, is a data problem the reader must see.
fn check_contradictions(milestones: &[Milestone], issues: &mut Vec<String>) {
    for (i, later) in milestones.iter().enumerate() {
        for earlier in &milestones[..i] {
            if earlier.day == later.day && earlier.covered != later.covered {
                issues.push(format!(
                    "{} and {} give different counts for the same date",
                    describe(earlier),
                    describe(later)
                ));
            } else if earlier.day < later.day && later.covered < earlier.covered {
                let hint = if later.basis == MilestoneBasis::StationOpenings {
                    " (the station list may be incomplete)"
                } else {
                    ""
                };
                issues.push(format!(
                    "{} is lower than the earlier {}{hint}",
                    describe(later),
                    describe(earlier)
                ));
            }
        }
    }
}

/// "2023-12" / "2023年12月".
pub fn fmt_date(d: &PartialDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Zh => match (d.month, d.day) {
            (Some(m), Some(day)) => format!("{}年{m}月{day}日", d.year),
            (Some(m), None) => format!("{}年{m}月", d.year),
            _ => format!("{}年", d.year),
        },
    }
}

/// A deadline at the end of a year reads "end-2025" / "2025年底", as the plans word it.
pub fn fmt_deadline(d: &PartialDate, lang: Lang) -> String {
    let year_end = matches!(
        (d.month, d.day),
        (None, _) | (Some(12), None) | (Some(12), Some(31))
    );
    match (year_end, lang) {
        (true, Lang::En) => format!("end-{}", d.year),
        (true, Lang::Zh) => format!("{}年底", d.year),
        (false, _) => fmt_date(d, lang),
    }
}

/// A date to the month ("2026-09" / "2026年9月"): projections are not precise to the day.
pub fn fmt_month(d: &PartialDate, lang: Lang) -> String {
    fmt_date(
        &PartialDate {
            year: d.year,
            month: d.month,
            day: None,
        },
        lang,
    )
}

/// One decimal, two below 0.1 so a slow pace does not read as zero.
pub fn fmt_pace(p: f64) -> String {
    if p.abs() < 0.095 {
        format!("{p:.2}")
    } else {
        format!("{p:.1}")
    }
}

/// "2 years" / "2年", "5 months" / "5个月", "12 days" / "12天".
pub fn fmt_span(days: i64, lang: Lang) -> String {
    let days = days.abs();
    let years = days as f64 / 365.2425;
    let months = days as f64 / DAYS_PER_MONTH;
    let (n, unit_en, unit_zh) = if years >= 0.95 {
        let y = (years * 2.0).round() / 2.0;
        (y, "year", "年")
    } else if months >= 0.95 {
        (months.round(), "month", "个月")
    } else {
        (days as f64, "day", "天")
    };
    let num = if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    match lang {
        Lang::Zh => format!("{num}{unit_zh}"),
        Lang::En if n == 1.0 => format!("{num} {unit_en}"),
        Lang::En => format!("{num} {unit_en}s"),
    }
}

/// The plan's headline: its words before the first explanation in brackets or semicolon.
fn plan_headline(plan: &str) -> &str {
    let end = [" (", "（", ";", "；"]
        .iter()
        .filter_map(|sep| plan.find(sep))
        .min()
        .unwrap_or(plan.len());
    plan[..end].trim()
}

fn verdict(a: &Assessment, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let latest = latest(&a.milestones);
    let count = |m: &Milestone| match a.target_townships.or(m.total) {
        Some(t) => format!("{}/{t}", m.covered),
        None if zh => format!("{}（全部）", m.covered),
        None => format!("{} (all)", m.covered),
    };
    let deadline = a
        .deadline
        .map(|d| fmt_deadline(&d, lang))
        .unwrap_or_default();
    let target = a.target_townships.unwrap_or(0);
    let pace = |p: Option<f64>| p.map(fmt_pace).unwrap_or_default();
    match a.status {
        Status::Met => {
            let dated = a
                .met_on
                .and_then(|d| a.milestones.iter().find(|m| m.date == d));
            let base = match (dated, a.undated.first()) {
                (Some(m), _) if zh => {
                    format!("已达成：{}达到{}", fmt_date(&m.date, lang), count(m))
                }
                (Some(m), _) => format!("Met: {} by {}", count(m), fmt_date(&m.date, lang)),
                (None, Some(u)) => {
                    let n = match a.target_townships.or(u.total) {
                        Some(t) => format!("{}/{t}", u.covered),
                        None => u.covered.to_string(),
                    };
                    if zh {
                        format!("已达成：{n}（未注明日期）")
                    } else {
                        format!("Met: {n} (date not given)")
                    }
                }
                (None, None) => return String::new(),
            };
            match a.lead_days {
                Some(l) if l > 0 && zh => {
                    format!("{base}，比{deadline}的期限提前{}", fmt_span(l, lang))
                }
                Some(l) if l > 0 => {
                    format!(
                        "{base}, {} before the {deadline} deadline",
                        fmt_span(l, lang)
                    )
                }
                Some(l) if l < 0 && zh => {
                    format!("{base}，比{deadline}的期限晚{}", fmt_span(l, lang))
                }
                Some(l) if l < 0 => {
                    format!(
                        "{base}, {} after the {deadline} deadline",
                        fmt_span(l, lang)
                    )
                }
                _ => base,
            }
        }
        Status::DenominatorNeeded => {
            let plan = plan_headline(&a.plan);
            let plan_part = match (plan.is_empty(), zh) {
                (true, true) => "目标未给出乡镇总数".to_string(),
                (true, false) => "the target gives no township count".to_string(),
                (false, true) => format!("规划“{plan}”未给出乡镇总数"),
                (false, false) => format!("the plan “{plan}” gives no township count"),
            };
            let stations = a
                .station_counts
                .iter()
                .find_map(|s| s.built.map(|n| (n, &s.as_of)));
            let latest_part = match (latest, stations) {
                (Some(m), _) if zh => {
                    format!("；最近：{}已覆盖{}个", fmt_date(&m.date, lang), m.covered)
                }
                (Some(m), _) => format!(
                    "; latest: {} covered at {}",
                    m.covered,
                    fmt_date(&m.date, lang)
                ),
                (None, Some((n, as_of))) => {
                    let when = as_of
                        .date
                        .map(|d| fmt_date(&d, lang))
                        .unwrap_or(as_of.note.clone());
                    if zh {
                        format!("；最近：{when}已建{n}个站")
                    } else {
                        format!("; latest: {n} stations built ({when})")
                    }
                }
                (None, None) => String::new(),
            };
            if zh {
                format!("缺少乡镇总数：{plan_part}{latest_part}")
            } else {
                format!("Denominator needed: {plan_part}{latest_part}")
            }
        }
        Status::NoDeadline => match latest {
            Some(m) if zh => format!(
                "未设期限：{}为{}，尚差{}个",
                fmt_date(&m.date, lang),
                count(m),
                a.remaining.unwrap_or(0)
            ),
            Some(m) => format!(
                "No deadline: {} at {}, {} to go",
                count(m),
                fmt_date(&m.date, lang),
                a.remaining.unwrap_or(0)
            ),
            None if zh => format!("未设期限：目标{target}个乡镇，尚无带日期的数据"),
            None => format!("No deadline: {target} townships to cover, no dated figure yet"),
        },
        Status::Overdue => match latest {
            None if zh => format!("{deadline}的期限已过，尚无带日期的数据"),
            None => format!("The {deadline} deadline passed; no dated figure"),
            Some(m) if a.no_figure_since_deadline && zh => format!(
                "{deadline}的期限已过，之后无新数据：{}为{}，尚差{}个",
                fmt_date(&m.date, lang),
                count(m),
                a.remaining.unwrap_or(0)
            ),
            Some(m) if a.no_figure_since_deadline => format!(
                "The {deadline} deadline passed with no newer figure: {} at {}, {} short",
                count(m),
                fmt_date(&m.date, lang),
                a.remaining.unwrap_or(0)
            ),
            Some(m) if zh => format!(
                "未按期完成：{}为{}（期限{deadline}），尚差{}个",
                fmt_date(&m.date, lang),
                count(m),
                a.remaining.unwrap_or(0)
            ),
            Some(m) => format!(
                "Missed the {deadline} deadline: {} at {}, {} short",
                count(m),
                fmt_date(&m.date, lang),
                a.remaining.unwrap_or(0)
            ),
        },
        Status::PaceUnknown | Status::AtRisk | Status::OnTrack => {
            let Some(req) = a.required_pace_per_month else {
                return if zh {
                    format!("{deadline}前需覆盖{target}个乡镇；尚无带日期的数据")
                } else {
                    format!("{target} townships to cover by {deadline}; no dated figure yet")
                };
            };
            let need = if zh {
                format!("需每月新建{}个站，{deadline}达到{target}个", fmt_pace(req))
            } else {
                format!(
                    "needs {} stations a month to reach {target} by {deadline}",
                    fmt_pace(req)
                )
            };
            let so_far = match (a.achieved_pace_per_month, a.projected_completion) {
                (None, _) if zh => "；仅一个数据点，此前速度未知".to_string(),
                (None, _) => "; pace so far unknown (one dated figure)".to_string(),
                (Some(p), Some(end)) if zh => format!(
                    "；此前每月{}个，预计{}完成",
                    pace(Some(p)),
                    fmt_month(&end, lang)
                ),
                (Some(p), Some(end)) => format!(
                    "; pace so far {}, finishing {}",
                    pace(Some(p)),
                    fmt_month(&end, lang)
                ),
                (Some(p), None) if zh => format!("；此前每月{}个，无进展", pace(Some(p))),
                (Some(p), None) => format!("; pace so far {}, no progress", pace(Some(p))),
            };
            let prefix = match (a.status, zh) {
                (Status::AtRisk, true) => "有风险：",
                (Status::AtRisk, false) => "At risk: ",
                (Status::OnTrack, true) => "按期推进：",
                (Status::OnTrack, false) => "On track: ",
                _ => "",
            };
            let mut text = format!("{prefix}{need}{so_far}");
            if !zh && prefix.is_empty() {
                text[..1].make_ascii_uppercase();
            }
            text
        }
        Status::NoTarget => match latest {
            Some(m) if zh => format!("无目标：{}为{}", fmt_date(&m.date, lang), count(m)),
            Some(m) => format!("No target: {} at {}", count(m), fmt_date(&m.date, lang)),
            None if zh => "无目标".to_string(),
            None => "No target".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{AsOf, RatingCounts, StationStatus, TierCounts};

    fn code(raw: &str) -> RegionCode {
        RegionCode::parse(raw).unwrap()
    }

    fn src(id: &str) -> Source {
        Source {
            id: id.into(),
            title: format!("article {id}"),
        }
    }

    fn figure(
        row: usize,
        date: &str,
        covered: Option<CoveredCount>,
        total: Option<u32>,
    ) -> ReportedFigure {
        ReportedFigure {
            row,
            regions: vec![code("5223")],
            region_name: "测试州".into(),
            level_label: "prefecture".into(),
            as_of: AsOf {
                date: PartialDate::parse(date),
                note: if date.is_empty() {
                    "year not given".into()
                } else {
                    String::new()
                },
            },
            townships_covered: covered,
            townships_total: total,
            stations_built: None,
            stations_operating: None,
            tiers: TierCounts::default(),
            ratings: RatingCounts::default(),
            source: src(&format!("{row:03}")),
            note: String::new(),
        }
    }

    fn count(row: usize, date: &str, covered: u32, total: u32) -> ReportedFigure {
        figure(row, date, Some(CoveredCount::Count(covered)), Some(total))
    }

    fn target(townships: Option<u32>, deadline: &str) -> Target {
        Target {
            region: code("5223"),
            townships,
            deadline: PartialDate::parse(deadline),
            note: "plan".into(),
            source: src("t"),
        }
    }

    fn facts<'a>(
        targets: &'a [Target],
        figures: &'a [ReportedFigure],
        stations: &'a [Station],
    ) -> RegionFacts<'a> {
        RegionFacts {
            code: code("5223"),
            name: "测试州".into(),
            registry_townships: 140,
            targets: targets.iter().collect(),
            figures: figures.iter().collect(),
            stations: stations.iter().collect(),
        }
    }

    fn day(raw: &str) -> Day {
        PartialDate::parse(raw).unwrap().last_day()
    }

    fn run(targets: &[Target], figures: &[ReportedFigure], today: &str) -> Assessment {
        assess_facts(&facts(targets, figures, &[]), day(today)).unwrap()
    }

    #[test]
    fn one_milestone_gives_the_required_pace_but_no_achieved_pace() {
        let a = run(
            &[target(Some(140), "2025-12-31")],
            &[count(1, "2023-12", 101, 140)],
            "2024-01-15",
        );
        assert_eq!(a.status, Status::PaceUnknown);
        assert_eq!(a.remaining, Some(39));
        let months = a.months_left.unwrap();
        assert!((months - 24.0).abs() < 0.05, "{months}");
        let pace = a.required_pace_per_month.unwrap();
        assert!((pace - 1.625).abs() < 0.01, "{pace}");
        assert_eq!(a.achieved_pace_per_month, None);
        assert_eq!(a.projected_completion, None);
        assert_eq!(a.verdict_en, "Needs 1.6 stations a month to reach 140 by end-2025; pace so far unknown (one dated figure)");
        assert!(
            a.verdict_zh
                .starts_with("需每月新建1.6个站，2025年底达到140个"),
            "{}",
            a.verdict_zh
        );
    }

    #[test]
    fn two_milestones_project_completion_on_track_or_at_risk() {
        let targets = [target(Some(140), "2025-12-31")];
        // 60 → 101 over 2022-12..2023-12: 41 a year, 3.4 a month → 39 left in about a year.
        let fast = [count(1, "2022-12", 60, 140), count(2, "2023-12", 101, 140)];
        let a = run(&targets, &fast, "2024-01-15");
        assert_eq!(a.status, Status::OnTrack);
        let achieved = a.achieved_pace_per_month.unwrap();
        assert!((achieved - 41.0 / 12.0).abs() < 0.02, "{achieved}");
        let done = a.projected_completion.unwrap();
        assert_eq!((done.year, done.month), (2024, Some(12)));
        assert!(
            a.verdict_en.starts_with("On track: needs 1.6"),
            "{}",
            a.verdict_en
        );
        // 95 → 101 in a year: 0.5 a month, 78 months for the 39 left.
        let slow = [count(1, "2022-12", 95, 140), count(2, "2023-12", 101, 140)];
        let a = run(&targets, &slow, "2024-01-15");
        assert_eq!(a.status, Status::AtRisk);
        assert!(a.projected_completion.unwrap().year >= 2030);
        assert!(
            a.verdict_en.contains("pace so far 0.5, finishing 20"),
            "{}",
            a.verdict_en
        );
    }

    #[test]
    fn milestone_order_in_the_data_does_not_matter() {
        let targets = [target(Some(140), "2025-12-31")];
        let in_order = [count(1, "2022-12", 60, 140), count(2, "2023-12", 101, 140)];
        let reversed = [count(2, "2023-12", 101, 140), count(1, "2022-12", 60, 140)];
        let a = run(&targets, &in_order, "2024-01-15");
        let b = run(&targets, &reversed, "2024-01-15");
        assert_eq!(a.milestones, b.milestones);
        assert_eq!(a.status, b.status);
        assert!(b.issues.is_empty(), "{:?}", b.issues);
    }

    #[test]
    fn a_later_lower_count_is_reported_not_hidden() {
        let targets = [target(Some(140), "2025-12-31")];
        let figures = [count(1, "2023-06", 110, 140), count(2, "2023-12", 101, 140)];
        let a = run(&targets, &figures, "2024-01-15");
        assert_eq!(a.covered, Some(101), "the latest figure is the position");
        assert_eq!(
            a.status,
            Status::AtRisk,
            "a falling count projects no completion"
        );
        assert_eq!(a.projected_completion, None);
        assert!(
            a.issues
                .iter()
                .any(|i| i.contains("row 2") && i.contains("lower than the earlier row 1")),
            "{:?}",
            a.issues
        );
        let same_day = [count(1, "2023-12", 99, 140), count(2, "2023-12", 101, 140)];
        let a = run(&targets, &same_day, "2024-01-15");
        assert_eq!(a.covered, Some(101));
        assert!(
            a.issues.iter().any(|i| i.contains("same date")),
            "{:?}",
            a.issues
        );
    }

    #[test]
    fn deadline_passed_without_a_newer_figure_is_overdue_and_says_so() {
        let a = run(
            &[target(Some(140), "2025-12-31")],
            &[count(1, "2023-12", 101, 140)],
            "2026-11-23",
        );
        assert_eq!(a.status, Status::Overdue);
        assert!(a.no_figure_since_deadline);
        assert!(a.months_to_deadline.unwrap() < 0.0);
        assert!(
            a.verdict_en.contains("passed with no newer figure"),
            "{}",
            a.verdict_en
        );
        // A figure after the deadline that is still short is a confirmed miss.
        let figures = [count(1, "2023-12", 101, 140), count(2, "2026-06", 130, 140)];
        let a = run(&[target(Some(140), "2025-12-31")], &figures, "2026-11-23");
        assert_eq!(a.status, Status::Overdue);
        assert!(!a.no_figure_since_deadline);
        assert_eq!(
            a.required_pace_per_month, None,
            "no window left after the deadline"
        );
        assert!(
            a.verdict_en
                .starts_with("Missed the end-2025 deadline: 130/140 at 2026-06, 10 short"),
            "{}",
            a.verdict_en
        );
    }

    #[test]
    fn target_met_early_late_and_on_the_day() {
        let early = run(
            &[target(Some(16), "2023-12-31")],
            &[count(1, "2021", 16, 16)],
            "2026-11-23",
        );
        assert_eq!(early.status, Status::Met);
        assert_eq!(early.lead_days, Some(730));
        assert_eq!(early.remaining, Some(0));
        assert_eq!(early.required_pace_per_month, None);
        assert_eq!(
            early.verdict_en,
            "Met: 16/16 by 2021, 2 years before the end-2023 deadline"
        );
        assert_eq!(
            early.verdict_zh,
            "已达成：2021年达到16/16，比2023年底的期限提前2年"
        );
        let late = run(
            &[target(Some(16), "2021-06-30")],
            &[count(1, "2021-09", 16, 16)],
            "2026-11-23",
        );
        assert_eq!(late.status, Status::Met);
        assert_eq!(late.lead_days, Some(-92));
        assert!(
            late.verdict_en
                .ends_with("3 months after the 2021-06-30 deadline"),
            "{}",
            late.verdict_en
        );
        let on_day = run(
            &[target(Some(13), "2021-08-31")],
            &[count(1, "2021-08-31", 13, 13)],
            "2026-11-23",
        );
        assert_eq!(on_day.lead_days, Some(0));
        assert_eq!(on_day.verdict_en, "Met: 13/13 by 2021-08-31");
        // Met before "today" even if today is before the deadline.
        let a = run(
            &[target(Some(16), "2023-12-31")],
            &[count(1, "2021", 16, 16)],
            "2022-03-01",
        );
        assert_eq!(a.status, Status::Met);
    }

    #[test]
    fn met_is_dated_from_the_first_figure_that_stayed_at_target() {
        let figures = [
            count(1, "2021-03", 16, 16),
            count(2, "2021-06", 15, 16),
            count(3, "2021-09", 16, 16),
        ];
        let a = run(&[target(Some(16), "2023-12-31")], &figures, "2024-01-01");
        assert_eq!(a.status, Status::Met);
        assert_eq!(a.met_on.unwrap().to_string(), "2021-09");
        assert!(
            a.issues.iter().any(|i| i.contains("row 2")),
            "{:?}",
            a.issues
        );
    }

    #[test]
    fn full_coverage_without_a_number_is_met() {
        let figures = [figure(1, "2023-12", Some(CoveredCount::All), None)];
        let a = run(&[target(None, "2025")], &figures, "2024-01-01");
        assert_eq!(a.status, Status::Met);
        assert_eq!(
            a.milestones[0].covered, 140,
            "registry count, since 全部 names none"
        );
        assert!(a.milestones[0].full);
        assert_eq!(a.lead_days, Some(day("2025").days_after(day("2023-12"))));
    }

    #[test]
    fn no_township_count_and_no_total_needs_a_denominator() {
        let mut plan = target(None, "");
        plan.note =
            "一年试点、两年规范、三年提质、四年覆盖 (pilot in year 1; full coverage in year 4)"
                .into();
        let mut stations = figure(1, "2022", None, None);
        stations.stations_built = Some(32);
        let a = run(&[plan], &[stations], "2026-11-23");
        assert_eq!(a.status, Status::DenominatorNeeded);
        assert!(
            a.milestones.is_empty(),
            "a station count is not a township count"
        );
        assert_eq!(a.station_counts[0].built, Some(32));
        assert_eq!(a.target_townships, None);
        assert_eq!(a.required_pace_per_month, None);
        assert_eq!(
            a.verdict_en,
            "Denominator needed: the plan “一年试点、两年规范、三年提质、四年覆盖” gives no township count; latest: 32 stations built (2022)"
        );
        // A "full coverage" target measured against a reported total is not a guess.
        let a = run(
            &[target(None, "2025-12-31")],
            &[count(1, "2023-12", 101, 140)],
            "2024-01-15",
        );
        assert_eq!(a.target_townships, Some(140));
        assert_eq!(a.status, Status::PaceUnknown);
    }

    #[test]
    fn no_deadline_and_no_date() {
        let a = run(
            &[target(Some(140), "")],
            &[count(1, "2023-12", 101, 140)],
            "2024-01-15",
        );
        assert_eq!(a.status, Status::NoDeadline);
        assert_eq!(a.remaining, Some(39));
        assert_eq!(a.required_pace_per_month, None);
        assert_eq!(a.verdict_en, "No deadline: 101/140 at 2023-12, 39 to go");
        // An undated figure is listed, not placed on the timeline.
        let a = run(
            &[target(Some(140), "2025-12-31")],
            &[count(1, "", 101, 140)],
            "2024-01-15",
        );
        assert!(a.milestones.is_empty());
        assert_eq!(a.undated.len(), 1);
        assert_eq!(a.status, Status::PaceUnknown);
        assert!(
            a.issues.iter().any(|i| i.contains("gives no date")),
            "{:?}",
            a.issues
        );
        assert_eq!(
            a.verdict_en,
            "140 townships to cover by end-2025; no dated figure yet"
        );
        // ... unless it already shows full coverage.
        let a = run(
            &[target(Some(13), "2021-08-31")],
            &[count(1, "", 13, 13)],
            "2024-01-15",
        );
        assert_eq!(a.status, Status::Met);
        assert_eq!(a.lead_days, None);
        assert_eq!(a.verdict_en, "Met: 13/13 (date not given)");
    }

    #[test]
    fn figures_after_today_are_left_out() {
        let figures = [count(1, "2023-12", 101, 140), count(2, "2025-06", 140, 140)];
        let a = run(&[target(Some(140), "2025-12-31")], &figures, "2024-01-15");
        assert_eq!(a.milestones.len(), 1);
        assert_eq!(a.status, Status::PaceUnknown);
        assert!(
            a.issues.iter().any(|i| i.contains("after today")),
            "{:?}",
            a.issues
        );
        let a = run(&[target(Some(140), "2025-12-31")], &figures, "2026-01-15");
        assert_eq!(a.status, Status::Met);
    }

    #[test]
    fn no_target_and_nothing_at_all() {
        let a = run(&[], &[count(1, "2023", 33, 33)], "2024-01-15");
        assert_eq!(a.status, Status::NoTarget);
        assert_eq!(a.verdict_en, "No target: 33/33 at 2023");
        assert!(assess_facts(&facts(&[], &[], &[]), day("2024-01-15")).is_none());
        assert!(assess_facts(&facts(&[], &[count(1, "", 3, 3)], &[]), day("2024-01-15")).is_none());
    }

    #[test]
    fn no_milestone_at_all_before_and_after_the_deadline() {
        let a = run(&[target(Some(140), "2025-12-31")], &[], "2024-01-15");
        assert_eq!(a.status, Status::PaceUnknown);
        assert_eq!(a.covered, None);
        assert_eq!(a.remaining, None);
        let a = run(&[target(Some(140), "2025-12-31")], &[], "2026-01-15");
        assert_eq!(a.status, Status::Overdue);
        assert!(a.no_figure_since_deadline);
        assert_eq!(
            a.verdict_en,
            "The end-2025 deadline passed; no dated figure"
        );
    }

    #[test]
    fn station_openings_count_distinct_townships_cumulatively() {
        let station = |township: &str, opened: &str, tier: Tier, status: StationStatus| Station {
            township: code(township),
            name: "站".into(),
            status,
            rating: None,
            tier,
            opened: PartialDate::parse(opened),
            source: src("list"),
        };
        let stations = [
            station(
                "522301001",
                "2022-03-15",
                Tier::TownshipStation,
                StationStatus::Operating,
            ),
            station(
                "522301002",
                "2022-03-15",
                Tier::TownshipStation,
                StationStatus::Built,
            ),
            // A second station in a township already covered: counts once, from the first.
            station(
                "522301001",
                "2022-09-01",
                Tier::TownshipStation,
                StationStatus::Operating,
            ),
            station(
                "522301003",
                "2023-03-01",
                Tier::TownshipStation,
                StationStatus::Built,
            ),
            // Neither a township station nor one that covers.
            station(
                "522301004",
                "2023-03-01",
                Tier::VillageRoom,
                StationStatus::Operating,
            ),
            station(
                "522301005",
                "2023-03-01",
                Tier::TownshipStation,
                StationStatus::Planned,
            ),
            station("522301006", "", Tier::TownshipStation, StationStatus::Built),
        ];
        let targets = [target(Some(6), "2024-12-31")];
        let f = facts(&targets, &[], &stations);
        let (dated, _, issues) = f.milestones();
        let counts: Vec<(String, u32)> = dated
            .iter()
            .map(|m| (m.date.to_string(), m.covered))
            .collect();
        assert_eq!(
            counts,
            vec![("2022-03-15".to_string(), 2), ("2023-03-01".to_string(), 3)]
        );
        assert!(dated
            .iter()
            .all(|m| m.basis == MilestoneBasis::StationOpenings));
        assert!(issues
            .iter()
            .any(|i| i.contains("1 township station(s) have no opening date")));
        let a = assess_facts(&f, day("2023-06-01")).unwrap();
        // 1 township a year against 3 to go by end-2024: at risk.
        assert_eq!(a.status, Status::AtRisk);
        let achieved = a.achieved_pace_per_month.unwrap();
        assert!((achieved - 1.0 / 11.5).abs() < 0.01, "{achieved}");
    }

    #[test]
    fn several_targets_use_the_one_with_a_count_and_the_earliest_deadline() {
        let targets = [
            target(None, ""),
            target(Some(140), "2026-12-31"),
            target(Some(140), "2025-12-31"),
        ];
        let a = run(&targets, &[count(1, "2023-12", 101, 140)], "2024-01-15");
        assert_eq!(a.deadline.unwrap().to_string(), "2025-12-31");
        assert_eq!(
            a.issues
                .iter()
                .filter(|i| i.contains("another target"))
                .count(),
            2
        );
    }

    #[test]
    fn registry_and_figure_disagreements_are_issues() {
        let a = run(
            &[target(Some(161), "2021-12-31")],
            &[count(1, "2021-12-31", 161, 161)],
            "2024-01-15",
        );
        assert!(
            a.issues.iter().any(|i| i.contains("registry lists 140")),
            "{:?}",
            a.issues
        );
        let a = run(
            &[target(Some(140), "2025-12-31")],
            &[count(1, "2023-12", 101, 150)],
            "2024-01-15",
        );
        assert!(
            a.issues.iter().any(|i| i.contains("reports 150 townships")),
            "{:?}",
            a.issues
        );
    }

    #[test]
    fn spans_and_paces_read_naturally() {
        assert_eq!(fmt_span(730, Lang::En), "2 years");
        assert_eq!(fmt_span(365, Lang::En), "1 year");
        assert_eq!(fmt_span(550, Lang::Zh), "1.5年");
        assert_eq!(fmt_span(-92, Lang::En), "3 months");
        assert_eq!(fmt_span(12, Lang::Zh), "12天");
        assert_eq!(fmt_pace(1.625), "1.6");
        assert_eq!(fmt_pace(0.04), "0.04");
        assert_eq!(
            fmt_deadline(&PartialDate::parse("2025-12-31").unwrap(), Lang::Zh),
            "2025年底"
        );
        assert_eq!(
            fmt_deadline(&PartialDate::parse("2022-11-30").unwrap(), Lang::En),
            "2022-11-30"
        );
        assert_eq!(
            fmt_date(&PartialDate::parse("2021-05-31").unwrap(), Lang::Zh),
            "2021年5月31日"
        );
    }

    #[test]
    fn statuses_sort_most_urgent_first() {
        let mut s = vec![
            Status::Met,
            Status::DenominatorNeeded,
            Status::OnTrack,
            Status::AtRisk,
            Status::Overdue,
        ];
        s.sort();
        assert_eq!(
            s,
            vec![
                Status::Overdue,
                Status::AtRisk,
                Status::OnTrack,
                Status::DenominatorNeeded,
                Status::Met
            ]
        );
    }
}
