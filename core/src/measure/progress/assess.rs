//! The assessment: from a region's facts and a day to its [`Status`], paces, projection and
//! issues, by the rules in the module docs; and the deadline board of every region with a target.

use crate::sort;
use std::cmp::Ordering;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::Target;
use crate::date::{Day, PartialDate, DAYS_PER_MONTH};
use crate::lang::Lang;

use super::assessment::{Assessment, Status};
use super::facts::{latest, Milestone, MilestoneBasis, RegionFacts, UndatedFigure};
use super::verdict::verdict;

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
    sort::sort(&mut regions);
    regions.dedup();
    let mut board: Vec<Assessment> = regions
        .into_iter()
        .filter_map(|r| assess(atlas, r, today))
        .collect();
    sort::sort_by(&mut board, |a, b| {
        a.status
            .cmp(&b.status)
            .then_with(|| cmp_deadline(a.deadline_day(), b.deadline_day()))
            .then_with(|| a.region.cmp(&b.region))
    });
    board
}

/// Deadlines in date order, a region without one last.
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
    note_other_targets(facts, target, &mut issues);
    let milestones = known_by(all_dated, today, &mut issues);
    check_contradictions(&milestones, &mut issues);
    let (deadline, deadline_from) = match facts.deadline() {
        Some((d, from)) => (Some(d), from.cloned()),
        None => (None, None),
    };
    if let (Some(from), Some(d)) = (&deadline_from, deadline) {
        issues.push(format!(
            "the plan names no deadline; the target of {from} ({d}) applies"
        ));
    }
    let r = Reckoning::new(
        facts,
        target,
        deadline,
        &milestones,
        &undated,
        today,
        &mut issues,
    );
    let status = r.status(target.is_some(), milestones.is_empty(), today);
    let mut a = Assessment {
        region: facts.code.clone(),
        name: facts.name.clone(),
        status,
        target_townships: r.goal.townships,
        deadline,
        deadline_from,
        townships_from_registry: r.goal.from_registry,
        plan: target.map(|t| t.note.clone()).unwrap_or_default(),
        target_source: target.map(|t| t.source.clone()),
        covered: r.latest.map(|m| m.covered),
        remaining: r.remaining,
        months_left: r.months_left,
        months_to_deadline: r.months_to_deadline,
        required_pace_per_month: r.required_pace,
        achieved_pace_per_month: r.achieved_pace,
        projected_completion: r.projected_day.map(Day::date),
        met_on: r.met_from.map(|m| m.date),
        lead_days: r.lead_days,
        no_figure_since_deadline: r.no_figure_since_deadline,
        registry_townships: facts.registry_townships,
        verdict_zh: String::new(),
        verdict_en: String::new(),
        issues,
        milestones,
        undated,
        station_counts: facts.station_counts(),
    };
    a.verdict_zh = verdict(&a, Lang::Zh);
    a.verdict_en = verdict(&a, Lang::En);
    Some(a)
}

/// Targets other than the one measured are named, not silently dropped.
fn note_other_targets(facts: &RegionFacts, target: Option<&Target>, issues: &mut Vec<String>) {
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
}

/// The milestones whose period has begun by `today`; the others are listed in `issues`, so a
/// past `today` shows the board as it stood then.
fn known_by(all_dated: Vec<Milestone>, today: Day, issues: &mut Vec<String>) -> Vec<Milestone> {
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
    milestones
}

/// What counts as reaching the target: full coverage reported, or the target count covered.
#[derive(Clone, Copy)]
struct Goal {
    /// Townships to cover: the target's count, else the latest reported township total, else
    /// the 2023 registry's count of the region's townships.
    townships: Option<u32>,
    /// `townships` is the registry's count.
    from_registry: bool,
}

impl Goal {
    /// The count a target is measured against. A plan for "every township" that names no count
    /// (云南, 广东, 兰州) is measured against the registry's townships of the region, as its
    /// figures are; only the nation's goal, whose count is the ministry's of its own year and no
    /// registry's, stays without one ("total needed").
    fn of(
        facts: &RegionFacts,
        target: Option<&Target>,
        latest: Option<&Milestone>,
        undated: &[UndatedFigure],
    ) -> Goal {
        let stated = target.and_then(|t| t.townships).or_else(|| {
            latest
                .and_then(|m| m.total)
                .or_else(|| undated.iter().find_map(|m| m.total))
        });
        let registry = Some(facts.registry_townships)
            .filter(|n| *n > 0 && target.is_some() && facts.code.level() != Level::Nation);
        Goal {
            townships: stated.or(registry),
            from_registry: stated.is_none() && registry.is_some(),
        }
    }
}

impl Goal {
    fn reaches(self, covered: u32, full: bool) -> bool {
        full || self.townships.is_some_and(|t| covered >= t)
    }

    fn is_met(self, m: &Milestone) -> bool {
        self.reaches(m.covered, m.full)
    }
}

/// The numbers of one assessment, from the milestones known by `today`.
struct Reckoning<'m> {
    goal: Goal,
    deadline_day: Option<Day>,
    latest: Option<&'m Milestone>,
    remaining: Option<u32>,
    months_left: Option<f64>,
    months_to_deadline: Option<f64>,
    required_pace: Option<f64>,
    achieved_pace: Option<f64>,
    projected_day: Option<Day>,
    /// The first of the figures, up to the latest, that are all at target.
    met_from: Option<&'m Milestone>,
    /// Met by a dated figure for good, or, with no dated figure at all, by an undated one.
    met: bool,
    lead_days: Option<i64>,
    no_figure_since_deadline: bool,
}

impl<'m> Reckoning<'m> {
    fn new(
        facts: &RegionFacts,
        target: Option<&Target>,
        deadline: Option<PartialDate>,
        milestones: &'m [Milestone],
        undated: &'m [UndatedFigure],
        today: Day,
        issues: &mut Vec<String>,
    ) -> Reckoning<'m> {
        let deadline_day = deadline.map(|d| d.last_day());
        let latest = latest(milestones);
        let goal = Goal::of(facts, target, latest, undated);
        check_township_counts(facts, target, goal, latest, issues);
        let mut r = Reckoning {
            goal,
            deadline_day,
            latest,
            remaining: None,
            months_left: None,
            months_to_deadline: deadline_day.map(|d| d.months_after(today)),
            required_pace: None,
            achieved_pace: None,
            projected_day: None,
            met_from: None,
            met: false,
            lead_days: None,
            no_figure_since_deadline: match deadline_day {
                Some(d) if today > d => latest.is_none_or(|m| m.day <= d),
                _ => false,
            },
        };
        r.measure_paces(milestones);
        r.find_met(milestones, undated, issues);
        r
    }

    /// Remaining townships, the months left for them, the pace they need, the pace achieved
    /// between the first and the latest figure, and where that pace ends.
    fn measure_paces(&mut self, milestones: &[Milestone]) {
        let goal = self.goal;
        self.remaining = match (goal.townships, self.latest) {
            (Some(t), Some(m)) if !goal.is_met(m) => Some(t.saturating_sub(m.covered)),
            (Some(_), Some(_)) => Some(0),
            _ => None,
        };
        self.months_left = match (self.latest, self.deadline_day) {
            (Some(m), Some(d)) => Some(d.months_after(m.day)),
            _ => None,
        };
        self.required_pace = match (self.remaining, self.months_left) {
            (Some(r), Some(months)) if r > 0 && months > 0.0 => Some(f64::from(r) / months),
            _ => None,
        };
        self.achieved_pace = match (milestones.first(), self.latest) {
            (Some(first), Some(last)) if last.day > first.day => Some(
                (f64::from(last.covered) - f64::from(first.covered))
                    / last.day.months_after(first.day),
            ),
            _ => None,
        };
        self.projected_day = match (self.remaining, self.achieved_pace, self.latest) {
            (Some(r), Some(p), Some(m)) if r > 0 && p > 0.0 => Some(
                m.day
                    .plus_days((f64::from(r) / p * DAYS_PER_MONTH).round() as i64),
            ),
            _ => None,
        };
    }

    /// When the target was met for good, how far ahead of the deadline, and whether an undated
    /// figure claims it against a lower latest figure (which cannot be told apart, so it is an
    /// issue).
    fn find_met(
        &mut self,
        milestones: &'m [Milestone],
        undated: &[UndatedFigure],
        issues: &mut Vec<String>,
    ) {
        let goal = self.goal;
        // Walk back from the latest figure while each is met.
        self.met_from = match self.latest {
            Some(m) if goal.is_met(m) => milestones
                .iter()
                .rev()
                .take_while(|m| goal.is_met(m))
                .last(),
            _ => None,
        };
        let undated_met = undated.iter().find(|u| goal.reaches(u.covered, u.full));
        if let (Some(m), Some(u)) = (self.latest, undated_met) {
            if !goal.is_met(m) {
                issues.push(format!(
                    "row {} reports the target met but gives no date; the latest dated figure, {}, \
                     is below it, and which is newer cannot be told",
                    u.row,
                    describe(m)
                ));
            }
        }
        self.met = self.met_from.is_some() || (milestones.is_empty() && undated_met.is_some());
        self.lead_days = match (self.met_from, self.deadline_day) {
            (Some(m), Some(d)) => Some(d.days_after(m.day)),
            _ => None,
        };
    }

    /// The status rules of the module docs, in their order.
    fn status(&self, has_target: bool, no_figure: bool, today: Day) -> Status {
        if !has_target {
            Status::NoTarget
        } else if self.met {
            Status::Met
        } else if self.goal.townships.is_none() {
            Status::DenominatorNeeded
        } else if self.deadline_day.is_none() {
            Status::NoDeadline
        } else if self.deadline_day.is_some_and(|d| today > d) && no_figure {
            Status::DeadlinePassedNoFigure
        } else if self.deadline_day.is_some_and(|d| today > d) {
            Status::Overdue
        } else if self.achieved_pace.is_none() {
            Status::PaceUnknown
        } else {
            match (self.projected_day, self.deadline_day) {
                (Some(p), Some(d)) if p <= d => Status::OnTrack,
                _ => Status::AtRisk,
            }
        }
    }
}

/// The township count measured against, set beside the 2023 registry's and the latest figure's
/// own total: a difference is shown, never resolved.
fn check_township_counts(
    facts: &RegionFacts,
    target: Option<&Target>,
    goal: Goal,
    latest: Option<&Milestone>,
    issues: &mut Vec<String>,
) {
    let reg = facts.registry_townships;
    if goal.from_registry {
        issues.push(format!(
            "the plan names no township count; measured against the 2023 registry's {reg}"
        ));
    } else if let Some(t) = goal.townships {
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
}

/// "row 3 (101 covered, 2023-12, article 012)": a milestone as the issues name it; a page is
/// named by its site ("page lfnews.cn").
fn describe(m: &Milestone) -> String {
    let what = match m.basis {
        MilestoneBasis::Reported { row } => format!("row {row}"),
        MilestoneBasis::StationOpenings => "the station list".to_string(),
    };
    format!(
        "{what} ({} covered, {}, {} {})",
        m.covered,
        m.date,
        if m.source.page.is_some() {
            "page"
        } else {
            "article"
        },
        m.source.id
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
