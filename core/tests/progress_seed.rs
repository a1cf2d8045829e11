//! Deadline progress on the shipped seed data: each case the articles state, pinned.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::date::Day;
use atlas_core::measure::progress::{assess, deadline_board, milestones_for, Assessment, Status};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

/// The day the board is pinned to, and a day before 黔西南's deadline.
fn today() -> Day {
    Day::from_ymd(2026, 11, 23)
}

fn before_deadline() -> Day {
    Day::from_ymd(2024, 1, 15)
}

fn at(region: &str, today: Day) -> Assessment {
    assess(atlas(), &code(region), today).unwrap_or_else(|| panic!("{region} has a target"))
}

fn approx(value: Option<f64>, expected: f64, tolerance: f64) -> bool {
    value.is_some_and(|v| (v - expected).abs() <= tolerance)
}

#[test]
fn qianxinan_needs_1_6_a_month_before_the_deadline() {
    let a = at("5223", before_deadline());
    assert_eq!(a.name, "黔西南布依族苗族自治州");
    assert_eq!(a.target_townships, Some(140));
    assert_eq!(a.deadline.unwrap().to_string(), "2025-12-31");
    assert_eq!(a.covered, Some(101));
    assert_eq!(a.remaining, Some(39));
    // 39 townships over the 731 days from the end of 2023-12 to the end of 2025: 24.02 months.
    assert!(approx(a.months_left, 24.0, 0.05), "{:?}", a.months_left);
    assert!(
        approx(a.required_pace_per_month, 1.625, 0.005),
        "{:?}",
        a.required_pace_per_month
    );
    // One dated figure; "since the 2020 provincial pilot" is prose, not a starting count.
    assert_eq!(a.achieved_pace_per_month, None);
    assert_eq!(a.projected_completion, None);
    assert_eq!(a.status, Status::PaceUnknown);
    assert_eq!(
        a.verdict_en,
        "Needs 1.6 stations a month to reach 140 by end-2025; pace so far unknown (one dated figure)"
    );
    assert_eq!(
        a.verdict_zh,
        "需每月新建1.6个站，2025年底达到140个；仅一个数据点，此前速度未知"
    );
    let m = &a.milestones[0];
    assert_eq!((m.covered, m.total), (101, Some(140)));
    assert_eq!(m.date.to_string(), "2023-12");
    assert_eq!(m.source.id, "000");
    assert!(m.source.title.contains("覆盖率达72%"));
    assert!(a.issues.is_empty(), "{:?}", a.issues);
}

#[test]
fn qianxinan_after_the_deadline_is_overdue_with_no_newer_figure() {
    let a = at("5223", today());
    assert_eq!(a.status, Status::Overdue);
    assert!(a.no_figure_since_deadline);
    assert_eq!(a.remaining, Some(39));
    assert!(a.months_to_deadline.unwrap() < -10.0);
    // The pace that was needed from the last figure stays on record.
    assert!(approx(a.required_pace_per_month, 1.625, 0.005));
    assert_eq!(
        a.verdict_en,
        "The end-2025 deadline passed with no newer figure: 101/140 at 2023-12, 39 short"
    );
    assert_eq!(
        a.verdict_zh,
        "2025年底的期限已过，之后无新数据：2023年12月为101/140，尚差39个"
    );
}

#[test]
fn regions_that_met_full_coverage() {
    for (region, covered, met_on, lead) in [
        ("5303", 137, "2021-05-31", 0),
        ("330521", 13, "2021-08-31", 0),
        ("3701", 161, "2021-12-31", 0),
        ("450124", 11, "2022-11", 0),
        ("330182", 16, "2021", 730),
    ] {
        for today in [before_deadline(), today()] {
            let a = at(region, today);
            assert_eq!(a.status, Status::Met, "{region}");
            assert_eq!(a.covered, Some(covered), "{region}");
            assert_eq!(a.target_townships, Some(covered), "{region}");
            assert_eq!(a.remaining, Some(0), "{region}");
            assert_eq!(a.required_pace_per_month, None, "{region}");
            assert_eq!(a.met_on.unwrap().to_string(), met_on, "{region}");
            assert_eq!(a.lead_days, Some(lead), "{region}");
        }
    }
    assert_eq!(at("5303", today()).verdict_en, "Met: 137/137 by 2021-05-31");
    assert_eq!(
        at("330521", today()).verdict_zh,
        "已达成：2021年8月31日达到13/13"
    );
    assert_eq!(at("450124", today()).verdict_en, "Met: 11/11 by 2022-11");
}

#[test]
fn jiande_met_two_years_before_hangzhous_deadline() {
    let a = at("330182", today());
    assert_eq!(a.deadline.unwrap().to_string(), "2023-12-31");
    assert_eq!(a.lead_days, Some(730));
    assert_eq!(
        a.verdict_en,
        "Met: 16/16 by 2021, 2 years before the end-2023 deadline"
    );
    assert_eq!(
        a.verdict_zh,
        "已达成：2021年达到16/16，比2023年底的期限提前2年"
    );
    assert!(a.plan.en.contains("two years"));
}

#[test]
fn jinan_met_against_its_own_count_and_the_registry_difference_is_shown() {
    let a = at("3701", today());
    assert_eq!(a.target_townships, Some(161));
    assert_eq!(a.registry_townships, 164);
    assert!(
        a.issues
            .iter()
            .any(|i| i.contains("161") && i.contains("164")),
        "{:?}",
        a.issues
    );
}

#[test]
fn lanzhou_is_measured_against_its_registry_townships_and_shows_its_plan() {
    for (today, status) in [
        (before_deadline(), Status::PaceUnknown),
        (today(), Status::DeadlinePassedNoFigure),
    ] {
        let a = at("6201", today);
        assert_eq!(a.status, status);
        // The plan names no count: the registry's, and it says so.
        assert_eq!(a.target_townships, Some(a.registry_townships));
        assert!(a.townships_from_registry);
        assert!(
            a.issues.iter().any(|i| i.contains("registry")),
            "{:?}",
            a.issues
        );
        // Year 4 of a plan with no start year is no date: the nation's end of 2025 applies.
        assert_eq!(a.deadline.unwrap().to_string(), "2025-12-31");
        assert_eq!(a.deadline_from, Some(RegionCode::nation()));
        assert!(
            a.milestones.is_empty(),
            "32 stations is not a township count"
        );
        assert_eq!(a.station_counts.len(), 1);
        assert_eq!(a.station_counts[0].built, Some(32));
        assert!(a
            .plan
            .zh
            .starts_with("一年试点、两年规范、三年提质、四年覆盖"));
        assert_eq!(a.projected_completion, None);
    }
    let a = at("6201", today());
    let n = a.registry_townships;
    assert_eq!(
        a.verdict_zh,
        format!("期限已过·无数据：2025年底的期限已过，尚无统计兰州市{n}个乡镇覆盖情况的数据；最近：2022年已建32个站")
    );
    assert!(a
        .verdict_en
        .starts_with("Deadline passed, no figure: the end-2025 deadline"));
    assert!(a.verdict_en.ends_with("latest: 32 stations built (2022)"));
}

#[test]
fn the_board_lists_every_target_most_urgent_first() {
    let order = |today| -> Vec<(String, Status)> {
        deadline_board(atlas(), today)
            .into_iter()
            .map(|a| (a.region.to_string(), a.status))
            .collect()
    };
    let later = order(today());
    // 黔西南's deadline passed below target. 梅州 (114 by the end of 2021) and 石首 (15 by
    // 2023) have no township figure at all; nor have 天津, 河南, 濮阳 (89 station projects),
    // 广东, 云南 and 兰州, whose plans name no township count and are measured against the
    // registry's (by the nation's end of 2025 where they name no date). Only the nation's own
    // goal has no count anywhere.
    let expected: Vec<(String, Status)> = [
        ("5223", Status::Overdue),
        ("4414", Status::DeadlinePassedNoFigure),
        ("12", Status::DeadlinePassedNoFigure),
        ("421081", Status::DeadlinePassedNoFigure),
        ("41", Status::DeadlinePassedNoFigure),
        ("4109", Status::DeadlinePassedNoFigure),
        ("44", Status::DeadlinePassedNoFigure),
        ("53", Status::DeadlinePassedNoFigure),
        ("6201", Status::DeadlinePassedNoFigure),
        ("", Status::DenominatorNeeded),
        ("5303", Status::Met),
        ("330521", Status::Met),
        ("3701", Status::Met),
        ("450124", Status::Met),
        ("330182", Status::Met),
    ]
    .into_iter()
    .map(|(c, s)| (c.to_string(), s))
    .collect();
    assert_eq!(later, expected);
    // Before the end of 2025, 黔西南 has one figure and no pace yet, and the plans measured
    // against the nation's date have no figure and no pace: "pace unknown", not a miss.
    let earlier = order(before_deadline());
    let before: Vec<(String, Status)> = expected
        .iter()
        .map(|(c, s)| {
            let waits = ["5223", "41", "4109", "44", "53", "6201"].contains(&c.as_str());
            (c.clone(), if waits { Status::PaceUnknown } else { *s })
        })
        .collect();
    let mut sorted_before = earlier.clone();
    sorted_before.sort_by_key(|(c, _)| c.clone());
    let mut sorted_expected = before;
    sorted_expected.sort_by_key(|(c, _)| c.clone());
    assert_eq!(sorted_before, sorted_expected);
    assert_eq!(earlier[3], ("41".to_string(), Status::PaceUnknown));
}

#[test]
fn regions_without_a_target_or_a_dated_figure_have_no_assessment() {
    // 毕节: full coverage reported without a year, and no target.
    assert!(assess(atlas(), &code("5205"), today()).is_none());
    // 淮北: 33/33 in 2023 but no target: assessed, not on the board.
    let huaibei = assess(atlas(), &code("3406"), today()).unwrap();
    assert_eq!(huaibei.status, Status::NoTarget);
    assert!(deadline_board(atlas(), today())
        .iter()
        .all(|a| a.region != code("3406")));
    // 册亨 etc. report "全部完成": a milestone at the registry count, since "all" names no number.
    let ms = milestones_for(atlas(), &code("522327"));
    assert_eq!(ms.len(), 1);
    assert!(ms[0].full);
    assert_eq!(
        ms[0].covered,
        atlas().divisions.township_count(&code("522327"))
    );
}

mod charts {
    use super::*;
    use atlas_core::draw::chart::{progress_svg, sparkline_svg, FONT_FAMILY};
    use atlas_core::lang::Lang;

    const W: u32 = 720;
    const H: u32 = 420;

    #[test]
    fn qianxinan_chart_snapshot() {
        let a = at("5223", today());
        let zh = progress_svg(&a, today(), Lang::Zh, W, H);
        let en = progress_svg(&a, today(), Lang::En, W, H);
        for (svg, verdict) in [(&zh, &a.verdict_zh), (&en, &a.verdict_en)] {
            // The caption may wrap, so look for each of its lines' words.
            for part in verdict.split(['；', ';']) {
                assert!(svg.contains(part.trim()), "caption part {part:?} missing");
            }
            assert_eq!(svg.matches("r=\"5\"").count(), 1, "one milestone point");
            assert!(svg.contains(FONT_FAMILY));
        }
        assert!(zh.contains("期限 2025年底"));
        assert!(zh.contains("今天 2026年11月23日"));
        assert!(zh.contains("101/140 · 2023年12月 [000]"));
        assert!(zh.contains("需每月1.6个"));
        assert!(zh.contains("来源：报道000《贵州黔西南州乡镇社工站覆盖率达72%"));
        assert!(en.contains("deadline end-2025"));
        assert!(en.contains("today 2026-11-23"));
        assert!(en.contains("101/140 · 2023-12 [000]"));
        insta::assert_snapshot!("qianxinan_zh", zh);
        insta::assert_snapshot!("qianxinan_en", en);
    }

    #[test]
    fn jiande_chart_snapshot() {
        let a = at("330182", today());
        let zh = progress_svg(&a, today(), Lang::Zh, W, H);
        let en = progress_svg(&a, today(), Lang::En, W, H);
        assert!(zh.contains(&a.verdict_zh) || zh.contains("比2023年底的期限提前2年"));
        assert!(zh.contains("提前2年"));
        assert!(en.contains("2 years early"));
        assert!(en.contains("deadline end-2023"));
        assert!(en.contains("16/16 · 2021 [001]"));
        assert_eq!(en.matches("r=\"5\"").count(), 1);
        assert!(!en.contains("needs "), "no required pace once met");
        insta::assert_snapshot!("jiande_zh", zh);
        insta::assert_snapshot!("jiande_en", en);
    }

    /// Set `PROGRESS_SVG_DIR` to a folder to get every board chart as files, for a look.
    #[test]
    fn every_board_region_renders_a_chart_and_a_sparkline() {
        let dump = std::env::var("PROGRESS_SVG_DIR").ok();
        for day in [before_deadline(), today()] {
            for a in deadline_board(atlas(), day) {
                for lang in [Lang::Zh, Lang::En] {
                    let svg = progress_svg(&a, day, lang, W, H);
                    let title = format!("{} {}", a.name, a.region);
                    assert!(svg.contains(&title), "{title}");
                    if let Some(dir) = &dump {
                        let file = format!("{dir}/{}_{day}_{lang:?}.svg", a.region);
                        std::fs::write(&file, &svg).unwrap_or_else(|e| panic!("{file}: {e}"));
                    }
                }
                let spark = sparkline_svg(&a, 120, 28);
                assert!(!spark.contains("<text"));
                assert_eq!(spark.matches("<circle").count(), a.milestones.len());
                if let Some(dir) = &dump {
                    let file = format!("{dir}/{}_{day}_spark.svg", a.region);
                    std::fs::write(&file, &spark).unwrap_or_else(|e| panic!("{file}: {e}"));
                }
            }
        }
    }
}

/// Render timing for the board, natively: `cargo test -p atlas-core --release --test
/// progress_seed -- --ignored --nocapture board_render_timing`. Loading the data is left out.
#[test]
#[ignore]
fn board_render_timing() {
    use atlas_core::draw::chart::{progress_svg, sparkline_svg};
    use atlas_core::lang::Lang;
    use std::time::Instant;
    let atlas = atlas();
    let rounds: u32 = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(deadline_board(atlas, today()));
    }
    let assess_time = t.elapsed() / rounds;
    let board = deadline_board(atlas, today());
    let (mut charts, mut sparks, mut bytes) = (Default::default(), Default::default(), 0);
    for _ in 0..rounds {
        for a in &board {
            let t = Instant::now();
            bytes += progress_svg(a, today(), Lang::Zh, 720, 420).len();
            charts += t.elapsed();
            let t = Instant::now();
            bytes += sparkline_svg(a, 120, 28).len();
            sparks += t.elapsed();
        }
    }
    let (charts, sparks): (std::time::Duration, std::time::Duration) = (charts, sparks);
    println!(
        "board of {} regions: assess {:?}; {} full charts {:?}; {} sparklines {:?}; total {:?} per board, {} SVG bytes",
        board.len(),
        assess_time,
        board.len(),
        charts / rounds,
        board.len(),
        sparks / rounds,
        assess_time + (charts + sparks) / rounds,
        bytes / rounds as usize
    );
}
