//! The figures read from press pages (`shared/reference/more-facts.md`) in the shipped data: how
//! many there are at each level, that each cites its page, and what they make of the nation, the
//! provinces and the regions whose reported township count differs from the 2023 registry.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::data::model::{Source, Station, StationStatus, Tier};
use atlas_core::date::{Day, Month, PartialDate};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{compute_coverage, AsOfFilter, Basis, Coverage, CoverageTable};
use atlas_core::measure::progress::{assess, deadline_board, milestones_for, Status};
use atlas_core::style::summary::summarize;

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

fn coverage_at(month: Option<Month>) -> CoverageTable {
    let a = atlas();
    compute_coverage(
        &a.divisions,
        &a.figures,
        &a.stations,
        AsOfFilter::for_month(month),
    )
}

fn today() -> Day {
    Day::from_ymd(2026, 11, 23)
}

#[test]
fn figures_per_level_and_every_one_with_its_source() {
    let figures = &atlas().figures;
    let mut per_level: BTreeMap<&str, usize> = BTreeMap::new();
    for f in figures {
        *per_level.entry(f.level_label.as_str()).or_default() += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        ("nation", 3),
        ("province", 10),
        ("prefecture", 14),
        ("county", 8),
        ("community", 1),
        ("township", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(per_level, expected);
    assert_eq!(
        figures.len(),
        37,
        "17 from the articles, 20 from press pages"
    );
    for f in figures {
        assert!(!f.source.id.is_empty(), "row {} has a source", f.row);
        assert!(
            f.as_of.date.is_some() || !f.as_of.note.is_empty(),
            "row {} says when",
            f.row
        );
        match &f.source.page {
            None => assert!(
                !f.source.title.is_empty(),
                "row {}: article headline",
                f.row
            ),
            Some(page) => {
                assert!(
                    !page.quote.is_empty(),
                    "row {}: the phrase with the number",
                    f.row
                );
                assert!(page.address.starts_with(&f.source.id), "row {}", f.row);
            }
        }
    }
    let pages: Vec<_> = figures
        .iter()
        .filter_map(|f| f.source.page.as_ref())
        .collect();
    assert_eq!(pages.len(), 20);
    // Three pages are copies of a newspaper's article on another site.
    let mirrors: Vec<&str> = pages
        .iter()
        .filter(|p| p.mirror)
        .map(|p| p.address.split('/').next().unwrap())
        .collect();
    assert_eq!(
        mirrors,
        ["fjliren.com", "m.x-rayon.cn", "m.zhubao.thxxww.com"]
    );
    // Four pages are named only by site and page: shown as text, never linked to a guess.
    let unlinked = pages.iter().filter(|p| p.href().is_none()).count();
    assert_eq!(unlinked, 4);
    let lf = figures
        .iter()
        .find(|f| f.regions == [code("1310")])
        .unwrap();
    assert_eq!(
        lf.source.href().as_deref(),
        Some("http://lfnews.cn/portal.php?mod=view&aid=29210")
    );
}

#[test]
fn the_nation_has_two_milestones_toward_every_township_by_the_end_of_2025() {
    let a = atlas();
    let nation = RegionCode::nation();
    let milestones = milestones_for(a, &nation);
    let points: Vec<(String, u32)> = milestones
        .iter()
        .map(|m| (m.date.to_string(), m.covered))
        .collect();
    assert_eq!(
        points,
        [
            ("2021".to_string(), 17_000),
            ("2022-06-30".to_string(), 21_000)
        ]
    );
    assert!(
        milestones[1].label(Lang::En).starts_with("21000 (56%)"),
        "{}",
        milestones[1].label(Lang::En)
    );
    let targets = a.targets_for(&nation);
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].deadline.unwrap().to_string(), "2025-12-31");
    assert_eq!(targets[0].townships, None, "the goal names no count");
    let assessment = assess(a, &nation, today()).unwrap();
    // No township count is stated: the registry's 41,352 is not put in its place.
    assert_eq!(assessment.status, Status::DenominatorNeeded);
    assert_eq!(assessment.registry_townships, 41_352);
    let pace = assessment.achieved_pace_per_month.unwrap();
    assert!((pace - 671.0).abs() < 5.0, "4000 in six months: {pace}");
    assert!(deadline_board(a, today())
        .iter()
        .any(|b| b.region == nation));

    // The country's own coverage is the reported rate, as of its date.
    let table = coverage_at(None);
    match table.get(&nation) {
        Some(Coverage::ReportedRate {
            pct_hundredths: 5600,
            count: Some(21_000),
            total: 41_352,
            ..
        }) => {}
        other => panic!("the nation's coverage: {other:?}"),
    }
    // It is not spread over provinces with no figure of their own.
    assert!(table.reported_ancestor(&code("11")).is_none());
    assert!(matches!(
        table.get(&code("11")),
        Some(Coverage::NoData { .. })
    ));
    let panel = summarize(a, &table, &nation, Lang::En);
    assert!(
        panel.coverage.starts_with("56% covered"),
        "{}",
        panel.coverage
    );
    assert!(panel.figures.iter().any(|f| f.source.contains("(mirror)")));
    // Before mid-2022 the rate was not yet reported.
    let before = coverage_at(Some(Month::new(2022, 5)));
    assert!(!matches!(
        before.get(&nation),
        Some(Coverage::ReportedRate { .. })
    ));
}

#[test]
fn provinces_at_full_coverage_and_partial_figures_with_their_dates() {
    let latest = coverage_at(None);
    for (province, reported) in [("37", 1825), ("43", 1940)] {
        match latest.get(&code(province)) {
            Some(Coverage::Known {
                covered,
                total,
                basis: Basis::ReportedTotal { .. },
            }) => assert_eq!((*covered, *total), (reported, reported), "{province}"),
            other => panic!("{province}: {other:?}"),
        }
    }
    // 福建's 56.7% is a rate without a township count: drawn as said.
    assert!(matches!(
        latest.get(&code("35")),
        Some(Coverage::ReportedRate {
            pct_hundredths: 5670,
            count: Some(624),
            ..
        })
    ));
    // On the time slider: 湖南 from 2019-12, 福建 from 2021-06, 山东 from 2023-10. 山东's
    // 95.29% gives no year and never enters a month.
    let at = |y, m| coverage_at(Some(Month::new(y, m)));
    assert_eq!(at(2019, 11).get(&code("43")).unwrap().pct(), None);
    assert_eq!(at(2019, 12).get(&code("43")).unwrap().pct(), Some(100.0));
    assert_eq!(at(2021, 5).get(&code("35")).unwrap().pct(), None);
    assert_eq!(at(2021, 6).get(&code("35")).unwrap().pct(), Some(56.7));
    assert_eq!(at(2023, 9).get(&code("37")).unwrap().pct(), None);
    assert_eq!(at(2023, 10).get(&code("37")).unwrap().pct(), Some(100.0));
    // Plans without a township count are measured against the registry's townships of the
    // province; none of them has a township figure, and the deadline (their own, else the
    // nation's end of 2025) has passed.
    for province in ["41", "44", "53", "12"] {
        let a = assess(atlas(), &code(province), today()).unwrap();
        assert!(a.townships_from_registry, "{province}");
        assert_eq!(a.status, Status::DeadlinePassedNoFigure, "{province}");
    }
}

#[test]
fn reported_township_counts_that_differ_from_the_registry_are_noted() {
    let notes = &atlas().notes;
    let noted = |region: &str, reported: &str, registry: &str| {
        notes.iter().any(|n| {
            n.code == region && n.message.en.contains(reported) && n.message.en.contains(registry)
        })
    };
    assert!(noted("1310", "reported 108 townships", "lists 123"));
    assert!(noted("37", "reported 1825 townships", "lists 1853"));
    assert!(noted("43", "reported 1940 townships", "lists 2008"));
    assert!(noted("3601", "reported 115 townships", "lists 139"));
    assert!(noted("6502", "reported 15 townships", "lists 19"));
    assert!(noted("340403", "reported 13 townships", "lists 14"));
    // The corps has no code of its own in the 2023 registry: its figure is kept and said so.
    assert!(noted(
        "66",
        "新疆生产建设兵团",
        "not in the division registry"
    ));
}

#[test]
fn a_bureaus_station_table_does_not_become_the_nations_count() {
    let mut a = atlas().clone();
    a.stations = vec![Station {
        township: code("522301008"),
        name: "万峰林街道社工站".into(),
        status: StationStatus::Operating,
        rating: None,
        tier: Tier::TownshipStation,
        opened: PartialDate::parse("2023-12-15"),
        source: Source {
            id: "stations.csv".into(),
            title: "stations.csv, row 2".into(),
        },
    }];
    let nation = assess(&a, &RegionCode::nation(), today()).unwrap();
    assert_eq!(
        nation.covered,
        Some(21_000),
        "the latest national figure stands"
    );
    assert_eq!(nation.milestones.len(), 2);
    // The county's own progress does count its stations.
    assert_eq!(milestones_for(&a, &code("522301")).len(), 2);
}
