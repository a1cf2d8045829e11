//! Where every region stands against a deadline, on the shipped data and at every level: a
//! class states a fact about that region. A region whose townships the registry counts is never
//! "township total needed"; a region with no figure under a passed deadline says exactly that.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::Day;
use atlas_core::lang::Lang;
use atlas_core::measure::progress::{assess, Status};
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{Class, MapMode, Scheme};
use atlas_core::style::shapes::deadline_class_of;
use atlas_core::style::view::{style_view, Measures, StyledMap, View};

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

/// After the nation's end-2025 deadline, as the issue was found.
fn after_deadline() -> Day {
    Day::from_ymd(2026, 12, 7)
}

/// Before it, and after 黔西南's one figure (2023-12).
fn before_deadline() -> Day {
    Day::from_ymd(2024, 1, 15)
}

fn deadline_view(focus: &RegionCode, today: Day) -> StyledMap {
    let view = View {
        focus: focus.clone(),
        mode: MapMode::Deadline,
        scheme: Scheme::Fixed,
        month: None,
        today,
        lang: Lang::Zh,
    };
    style_view(atlas(), &view, &mut SchematicCache::default())
}

/// Each region of the view once, with its class and whether it is hatched.
fn classes(map: &StyledMap) -> Vec<(String, Class, bool)> {
    map.rows()
        .iter()
        .map(|r| (r.code.to_string(), r.class, r.reported_total))
        .collect()
}

/// The class of any region by the rule the map uses, and whether it is drawn hatched.
fn standing(region: &str, today: Day) -> (Class, bool) {
    let measures = Measures::compute(atlas(), None, today);
    let s = measures
        .deadlines
        .standing(&code(region), &measures.coverage);
    (deadline_class_of(s.status), s.hatched)
}

fn count_of(rows: &[(String, Class, bool)], class: Class, hatched: bool) -> usize {
    rows.iter()
        .filter(|(_, c, h)| *c == class && *h == hatched)
        .count()
}

#[test]
fn no_county_of_guizhou_needs_a_township_total() {
    // `atlas stats --region 52 --mode deadline`: the province's 88 counties.
    let rows = classes(&deadline_view(&code("52"), after_deadline()));
    assert_eq!(rows.len(), 88);
    assert_eq!(count_of(&rows, Class::DenominatorNeeded, false), 0);
    assert_eq!(count_of(&rows, Class::DenominatorNeeded, true), 0);
    // 72 with no figure under the nation's passed end-2025 goal (the 72 of the issue);
    // 毕节's 8 counties and 黔西南's 3 complete ones met; 黔西南's other 5 under its 101/140.
    assert_eq!(count_of(&rows, Class::DeadlinePassedNoFigure, false), 72);
    assert_eq!(count_of(&rows, Class::Met, false), 11);
    assert_eq!(count_of(&rows, Class::Overdue, true), 5);
    // 黔西南 itself: 101/140 at 2023-12, the end-2025 deadline passed with no newer figure.
    assert_eq!(standing("5223", after_deadline()), (Class::Overdue, false));
    // 贵阳 has no figure at all; 毕节 reports full coverage (279/279, year not given).
    assert_eq!(
        standing("5201", after_deadline()),
        (Class::DeadlinePassedNoFigure, false)
    );
    assert_eq!(standing("5205", after_deadline()), (Class::Met, false));
}

#[test]
fn counties_stand_on_their_own_figures_or_the_total_above_them() {
    // 南明区 (23 townships): no figure, the deadline has passed.
    assert_eq!(atlas().divisions.township_count(&code("520102")), 23);
    assert_eq!(
        standing("520102", after_deadline()),
        (Class::DeadlinePassedNoFigure, false)
    );
    // 册亨, 兴义, 晴隆 report every township station complete.
    for county in ["522327", "522301", "522324"] {
        assert_eq!(
            standing(county, after_deadline()),
            (Class::Met, false),
            "{county}"
        );
    }
    // The others stand under 黔西南's 101/140, hatched: its figure, not one of their own.
    assert_eq!(standing("522323", after_deadline()), (Class::Overdue, true));
}

#[test]
fn before_the_deadline_a_region_without_a_figure_has_no_pace_yet() {
    assert_eq!(
        standing("520102", before_deadline()),
        (Class::PaceUnknown, false)
    );
    assert_eq!(
        standing("52", before_deadline()),
        (Class::PaceUnknown, false)
    );
    // 黔西南's counties without a figure stand under its one figure: no pace yet either.
    assert_eq!(
        standing("522323", before_deadline()),
        (Class::PaceUnknown, true)
    );
}

#[test]
fn townships_stand_under_their_county() {
    // 兴义市's townships: the county reports every township station complete.
    let map = deadline_view(&code("522301"), after_deadline());
    assert!(map.row_count() > 0);
    for (region, class, _) in classes(&map) {
        assert_eq!(class, Class::Met, "{region}");
    }
    // 南明区's townships: nothing reported, the deadline has passed.
    let map = deadline_view(&code("520102"), after_deadline());
    assert!(map.row_count() > 0);
    for (region, class, hatched) in classes(&map) {
        assert_eq!(
            (class, hatched),
            (Class::DeadlinePassedNoFigure, false),
            "{region}"
        );
    }
}

#[test]
fn provinces_state_what_their_figures_say() {
    // 山东 1825/1825 and 湖南 1940/1940: full coverage.
    assert_eq!(standing("37", after_deadline()).0, Class::Met);
    assert_eq!(standing("43", after_deadline()).0, Class::Met);
    // 福建's 56.7% (2021) is below full, and the end-2025 deadline has passed.
    assert_eq!(standing("35", after_deadline()).0, Class::Overdue);
    // 云南's plan names no count and no date: its registry townships and the nation's date.
    assert_eq!(
        standing("53", after_deadline()).0,
        Class::DeadlinePassedNoFigure
    );
    // 贵州: 黔西南 and 毕节 are known, the rest not: no figure of the whole province.
    assert_eq!(
        standing("52", after_deadline()).0,
        Class::DeadlinePassedNoFigure
    );
    // The country view (its prefectures) has no "total needed" either.
    let rows = classes(&deadline_view(&RegionCode::nation(), after_deadline()));
    assert!(rows.len() > 300);
    for (region, class, _) in rows {
        assert_ne!(class, Class::DenominatorNeeded, "{region}");
    }
}

#[test]
fn only_the_nations_goal_needs_a_township_total() {
    let nation = assess(atlas(), &RegionCode::nation(), after_deadline()).unwrap();
    assert_eq!(nation.status, Status::DenominatorNeeded);
    let measures = Measures::compute(atlas(), None, after_deadline());
    // Every region of every level, through the one rule the map, table and figure use.
    let mut checked = [0usize; 5];
    let nation = RegionCode::nation();
    for region in atlas().divisions.within(&nation).filter(|r| **r != nation) {
        if atlas().divisions.township_count(region) == 0 && region.level() != Level::Township {
            continue;
        }
        let standing = measures.deadlines.standing(region, &measures.coverage);
        assert_ne!(standing.status, Status::DenominatorNeeded, "{region}");
        checked[region.level() as usize] += 1;
    }
    assert!(checked[1..].iter().all(|n| *n > 0), "{checked:?}");
}

#[test]
fn plans_without_a_count_are_measured_against_the_registry() {
    // 兰州's "四年覆盖" names no count and no date: the registry's townships, the nation's date.
    let a = assess(atlas(), &code("6201"), after_deadline()).unwrap();
    assert_eq!(a.status, Status::DeadlinePassedNoFigure);
    assert!(a.townships_from_registry);
    assert_eq!(a.target_townships, Some(a.registry_townships));
    assert_eq!(a.deadline_from, Some(RegionCode::nation()));
    assert!(
        a.verdict_zh.starts_with("期限已过·无数据："),
        "{}",
        a.verdict_zh
    );
    assert!(a.verdict_zh.contains("已建32个站"), "{}", a.verdict_zh);
    // 梅州: 114 by the end of 2021, and nothing reported since.
    let meizhou = assess(atlas(), &code("4414"), after_deadline()).unwrap();
    assert_eq!(meizhou.status, Status::DeadlinePassedNoFigure);
    assert!(!meizhou.townships_from_registry);
    assert_eq!(meizhou.target_townships, Some(114));
}

#[test]
fn the_open_data_columns_carry_the_same_standing() {
    let map = deadline_view(&code("52"), after_deadline());
    let rows = atlas_core::open::table::open_rows(atlas(), &map, Lang::Zh);
    let nanming = rows.iter().find(|r| r.code == "520102").unwrap();
    assert_eq!(nanming.deadline_status, "deadline_passed_no_figure");
    assert_eq!(nanming.deadline_label, "期限已过·无数据");
    assert_eq!(nanming.class, "DeadlinePassedNoFigure");
}
