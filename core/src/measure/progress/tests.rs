//! The assessment's rules at work: statuses, paces, projections, issues and verdicts on facts
//! built by hand.

use super::*;
use crate::data::code::RegionCode;
use crate::data::model::{
    AsOf, Citation, CoveredCount, RatingCounts, ReportedFigure, Source, Station, StationStatus,
    Target, Tier, TierCounts,
};
use crate::date::{Day, PartialDate};

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

fn src(id: &str) -> Citation {
    Citation::article(id, &format!("article {id}"))
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
                crate::lang::Text::new("未注明年份", "year not given")
            } else {
                Default::default()
            },
        },
        townships_covered: covered,
        townships_total: total,
        coverage_pct_reported: None,
        stations_built: None,
        stations_operating: None,
        tiers: TierCounts::default(),
        ratings: RatingCounts::default(),
        source: src(&format!("{row:03}")),
        note: Default::default(),
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
        note: crate::lang::Text::new("规划", "plan"),
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
        above: Vec::new(),
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
fn only_a_region_with_no_count_anywhere_needs_a_denominator() {
    let mut plan = target(None, "");
    plan.note = crate::lang::Text::new(
        "一年试点、两年规范、三年提质、四年覆盖",
        "“一年试点、两年规范、三年提质、四年覆盖” (pilot in year 1; full coverage in year 4)",
    );
    let mut stations = figure(1, "2022", None, None);
    stations.stations_built = Some(32);
    // The nation's goal: no count in the plan or a figure, and the registry's is not the
    // ministry's.
    let (plans, figures) = ([plan.clone()], [stations.clone()]);
    let mut nation = facts(&plans, &figures, &[]);
    nation.code = RegionCode::nation();
    nation.registry_townships = 41_352;
    let a = assess_facts(&nation, day("2026-11-23")).unwrap();
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
    // A region whose registry lists none of its townships has no count either.
    let mut empty = facts(&plans, &figures, &[]);
    empty.registry_townships = 0;
    let a = assess_facts(&empty, day("2026-11-23")).unwrap();
    assert_eq!(a.status, Status::DenominatorNeeded);
    // Any other region is measured against the registry's townships, and says so.
    let a = run(&[plan], &[stations], "2026-11-23");
    assert_eq!(a.target_townships, Some(140));
    assert!(a.townships_from_registry);
    assert_eq!(a.status, Status::NoDeadline, "no date here or above");
    assert!(
        a.issues.iter().any(|i| i.contains("registry's 140")),
        "{:?}",
        a.issues
    );
    // A "full coverage" target measured against a reported total is not a guess.
    let a = run(
        &[target(None, "2025-12-31")],
        &[count(1, "2023-12", 101, 140)],
        "2024-01-15",
    );
    assert_eq!(a.target_townships, Some(140));
    assert!(!a.townships_from_registry);
    assert_eq!(a.status, Status::PaceUnknown);
}

#[test]
fn a_plan_without_a_date_stands_under_the_deadline_above() {
    let plan = target(None, "");
    let mut national = target(None, "2025-12-31");
    national.region = RegionCode::nation();
    let plans = [plan];
    let mut f = facts(&plans, &[], &[]);
    f.above = vec![&national];
    let before = assess_facts(&f, day("2024-01-15")).unwrap();
    assert_eq!(before.status, Status::PaceUnknown);
    assert_eq!(before.deadline_from, Some(RegionCode::nation()));
    let after = assess_facts(&f, day("2026-01-15")).unwrap();
    assert_eq!(after.status, Status::DeadlinePassedNoFigure);
    assert_eq!(
        after.verdict_en,
        "Deadline passed, no figure: the end-2025 deadline has passed and no figure counts 测试州's 140 townships"
    );
    assert_eq!(
        after.verdict_zh,
        "期限已过·无数据：2025年底的期限已过，尚无统计测试州140个乡镇覆盖情况的数据"
    );
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
    // No figure at all is no miss: the deadline has passed and nothing says where it stands.
    let a = run(&[target(Some(140), "2025-12-31")], &[], "2026-01-15");
    assert_eq!(a.status, Status::DeadlinePassedNoFigure);
    assert!(a.no_figure_since_deadline);
    assert!(
        a.verdict_en.starts_with("Deadline passed, no figure"),
        "{}",
        a.verdict_en
    );
    // One figure below target before the deadline, none after: overdue, said so.
    let a = run(
        &[target(Some(140), "2025-12-31")],
        &[count(1, "2023-12", 101, 140)],
        "2026-01-15",
    );
    assert_eq!(a.status, Status::Overdue);
    assert!(a.no_figure_since_deadline);
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
        source: Source {
            id: "list".into(),
            title: "article list".into(),
        },
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
