//! A restyle through a scene's regions (`style::regions`: each region styled once, the regions
//! above the rows looked up once, rows built when shown) gives what the per-region rules give,
//! on the shipped default data; and months that admit the same figures count the same table.

use std::collections::HashSet;
use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::{Day, Month};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{
    compute_coverage, AdmitDays, AsOfFilter, Coverage, CoverageTable, TownshipState,
};
use atlas_core::shape::scene::{build_scene, Scene, SchematicCache};
use atlas_core::style::classify::{rating_class, Class, MapMode, PctBins, Scheme};
use atlas_core::style::rows::{cited_figure, coverage_cells};
use atlas_core::style::view::{style_map, Measures, StyledMap, View};

fn atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).expect("default data loads")
}

fn code(raw: &str) -> RegionCode {
    match raw {
        "" => RegionCode::nation(),
        raw => RegionCode::parse(raw).unwrap(),
    }
}

/// The coverage rule per region, walking up by code (`reported_ancestor`), as `style_shapes`
/// applied it to each shape before the scene's tree of regions.
fn coverage_by_code(code: &RegionCode, table: &CoverageTable, bins: &PctBins) -> (Class, bool) {
    let class_of = |c: &Coverage| match c {
        Coverage::Known { .. } | Coverage::ReportedRate { .. } => {
            c.pct().map_or(Class::NoData, |p| bins.class_of_pct(p))
        }
        Coverage::Partial { .. } => Class::Partial,
        Coverage::NoData { .. } => Class::NoData,
    };
    let own_unknown = match table.get(code) {
        _ if code.level() == Level::Township => table.township(code) == TownshipState::Unknown,
        Some(Coverage::NoData { .. }) | None => true,
        Some(_) => false,
    };
    if own_unknown {
        if let Some((_, reported)) = table.reported_ancestor(code) {
            return (class_of(&reported), true);
        }
    }
    match table.get(code) {
        Some(c) if !own_unknown => (class_of(c), c.is_reported_total()),
        _ => (Class::NoData, false),
    }
}

fn styled(atlas: &Atlas, scene: &Rc<Scene>, mode: MapMode, month: Option<Month>) -> StyledMap {
    let today = Day::from_ymd(2026, 12, 7);
    let measures = Measures::compute(atlas, month, today);
    let view = View {
        focus: scene.focus.clone(),
        mode,
        scheme: Scheme::Fixed,
        month,
        today,
        lang: Lang::En,
    };
    style_map(atlas, scene.clone(), &measures, &view)
}

fn scenes(atlas: &Atlas) -> Vec<Rc<Scene>> {
    let mut cache = SchematicCache::default();
    ["", "52", "5223", "5224", "522301"]
        .iter()
        .map(|raw| Rc::new(build_scene(atlas, &code(raw), &mut cache)))
        .collect()
}

#[test]
fn each_shape_takes_the_class_its_region_takes_by_the_rule_per_code() {
    let atlas = atlas();
    let (mut shapes, mut hatched) = (0, 0);
    for scene in scenes(&atlas) {
        for month in [None, Some(Month::new(2023, 6))] {
            let coverage = styled(&atlas, &scene, MapMode::Coverage, month);
            let rating = styled(&atlas, &scene, MapMode::Rating, month);
            let table = &coverage.measures.coverage;
            for (i, shape) in scene.shapes.iter().enumerate() {
                let (class, reported) = coverage_by_code(&shape.code, table, &coverage.bins);
                let style = coverage.styles[i];
                assert_eq!(
                    (style.class, style.reported_total),
                    (class, reported),
                    "{}",
                    shape.code
                );
                let (reading, reported) = rating.measures.ratings.reading_of(&shape.code);
                let style = rating.styles[i];
                assert_eq!(
                    (style.class, style.reported_total),
                    (rating_class(reading), reported),
                    "{} (rating)",
                    shape.code
                );
                shapes += 1;
                hatched += usize::from(coverage.styles[i].reported_total);
            }
        }
    }
    // The walk up is exercised: townships and counties stand under reported totals.
    assert!(hatched > 100, "{hatched} hatched of {shapes}");
}

#[test]
fn the_rows_built_on_demand_are_the_regions_of_the_scene_in_order() {
    let atlas = atlas();
    let mut cited = 0;
    for scene in scenes(&atlas) {
        let map = styled(&atlas, &scene, MapMode::Coverage, None);
        let mut seen = HashSet::new();
        let codes: Vec<RegionCode> = scene
            .shapes
            .iter()
            .map(|s| s.code.clone())
            .filter(|c| seen.insert(c.clone()))
            .collect();
        let rows = map.rows();
        assert_eq!(
            rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>(),
            codes
        );
        assert_eq!(map.row_codes(), &codes[..]);
        for row in &rows {
            let first = scene
                .shapes
                .iter()
                .position(|s| s.code == row.code)
                .unwrap();
            assert_eq!(row.class, map.styles[first].class, "{}", row.code);
            assert_eq!(row.name, atlas.divisions.name(&row.code).unwrap_or("?"));
            let source = cited_figure(&atlas, &row.code)
                .map(|f| format!("{} · {}", f.as_of.text(Lang::En), f.source.id))
                .unwrap_or_default();
            assert_eq!(row.source, source, "{}", row.code);
            cited += usize::from(!source.is_empty());
            let (counts, pct) = coverage_cells(map.measures.coverage.get(&row.code));
            assert_eq!((&row.counts, row.coverage_pct), (&counts, pct));
        }
    }
    assert!(cited >= 10, "{cited} rows cite a figure");
}

/// Every region's coverage and every township's state, for comparing two tables.
fn fingerprint(atlas: &Atlas, table: &CoverageTable) -> Vec<(Option<Coverage>, TownshipState)> {
    let nation = RegionCode::nation();
    [
        Level::Province,
        Level::Prefecture,
        Level::County,
        Level::Township,
    ]
    .iter()
    .flat_map(|level| atlas.divisions.at_level(&nation, *level))
    .chain(std::iter::once(&nation))
    .map(|code| (table.get(code).copied(), table.township(code)))
    .collect()
}

#[test]
fn months_with_the_same_count_key_count_the_same_table() {
    let atlas = atlas();
    let days = AdmitDays::of(&atlas.figures, &atlas.stations);
    let count =
        |filter| compute_coverage(&atlas.divisions, &atlas.figures, &atlas.stations, filter);
    let (mut shared, mut keys) = (0, HashSet::new());
    let mut previous: Option<(_, Vec<_>)> = None;
    for month in (22 * 12..=25 * 12 + 5).map(Month) {
        let filter = AsOfFilter::for_month(Some(month));
        let key = days.key(filter);
        keys.insert(key);
        let table = fingerprint(&atlas, &count(filter));
        if let Some((previous_key, previous_table)) = &previous {
            if *previous_key == key {
                assert_eq!(&table, previous_table, "{} under {key:?}", month.label());
                shared += 1;
            }
        }
        previous = Some((key, table));
    }
    assert_eq!(
        days.key(AsOfFilter::Latest),
        atlas_core::measure::coverage::CountKey::Latest
    );
    // Both happen in the shipped data: months without news, and news.
    assert!(shared > 6, "{shared} months share their table");
    assert!(keys.len() > 3, "{} distinct tables", keys.len());
}
