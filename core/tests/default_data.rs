//! The shipped default data, end to end: registry, outlines, facts, coverage, scene.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{compute_coverage, AsOfFilter, Basis, Coverage, CoverageTable};
use atlas_core::measure::rating::compute_ratings;
use atlas_core::shape::scene::{build_scene, Scene, SchematicCache};
use atlas_core::style::classify::{Class, MapMode, PctBins};
use atlas_core::style::regions::SceneRegions;
use atlas_core::style::shapes::{style_shapes, ShapeStyle, StyleInputs};
use atlas_core::style::summary::summarize;
use geo::{Area, Centroid, Contains, InteriorPoint};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn table() -> &'static CoverageTable {
    static TABLE: OnceLock<CoverageTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let a = atlas();
        compute_coverage(&a.divisions, &a.figures, &a.stations, AsOfFilter::Latest)
    })
}

/// Coverage-mode styles of a scene with fixed bins, as the map first shows it.
fn coverage_styles(scene: &Scene) -> Vec<ShapeStyle> {
    let a = atlas();
    let ratings = compute_ratings(&a.figures, &a.stations);
    let deadlines = Default::default();
    style_shapes(
        &SceneRegions::of(a, scene),
        &StyleInputs {
            mode: MapMode::Coverage,
            bins: PctBins::fixed(),
            coverage: table(),
            ratings: &ratings,
            deadlines: &deadlines,
        },
    )
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

#[test]
fn registry_has_the_township_counts_the_articles_rely_on() {
    let d = &atlas().divisions;
    for (region, townships) in [
        ("5223", 140),
        ("5205", 279),
        ("5303", 137),
        ("330521", 13),
        ("330182", 16),
        ("450124", 11),
    ] {
        assert_eq!(d.township_count(&code(region)), townships, "{region}");
    }
    assert_eq!(d.township_count(&RegionCode::nation()), 41_352);
    assert_eq!(d.name(&code("522301008")), Some("万峰林街道"));
}

#[test]
fn the_seventeen_seed_rows_come_first_with_their_articles() {
    let figures = &atlas().figures[..17];
    for f in figures {
        assert!(
            !f.source.id.is_empty() && !f.source.title.is_empty() && f.source.page.is_none(),
            "row {}",
            f.row
        );
        assert!(
            f.as_of.date.is_some() || !f.as_of.note.is_empty(),
            "row {} says when",
            f.row
        );
    }
    let qxn = &figures[0];
    assert_eq!(qxn.regions, vec![code("5223")]);
    assert_eq!(qxn.as_of.to_string(), "2023-12");
    assert_eq!(qxn.source.id, "000");
    let targets = atlas().targets_for(&code("5223"));
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].townships, Some(140));
    assert_eq!(targets[0].deadline.unwrap().to_string(), "2025-12-31");
}

#[test]
fn every_county_of_the_three_seed_prefectures_has_an_outline() {
    let a = atlas();
    for prefecture in ["5223", "5205", "5303"] {
        let p = code(prefecture);
        let counties: Vec<_> = a.divisions.at_level(&p, Level::County).collect();
        assert!(!counties.is_empty());
        for county in counties {
            assert!(a.outline(county).is_some(), "{county} has no outline");
        }
        assert!(a.outline(&p).is_some());
    }
}

#[test]
fn reported_totals_are_used_as_reported() {
    let t = table();
    assert_eq!(
        t.get(&code("5223")),
        Some(&Coverage::Known {
            covered: 101,
            total: 140,
            basis: Basis::ReportedTotal { figure: 0 }
        })
    );
    assert_eq!(
        PctBins::fixed().class_of_pct(t.get(&code("5223")).unwrap().pct().unwrap()),
        Class::Bin(2)
    );
    // "全部完成" in 册亨, 兴义, 晴隆: every township of each is known to be covered.
    for county in ["522327", "522301", "522324"] {
        let c = t.get(&code(county)).unwrap();
        assert_eq!(c.pct(), Some(100.0), "{county}");
        assert!(
            !c.is_reported_total(),
            "{county} is counted township by township"
        );
    }
    // 毕节 279/279 matches the registry, so its townships are known one by one.
    assert!(matches!(
        t.get(&code("5205")),
        Some(Coverage::Known {
            covered: 279,
            total: 279,
            basis: Basis::TownshipDetail
        })
    ));
    // 济南 reported 161/161 in 2021; the 2023 registry lists 164, so the figure stays a total.
    assert!(matches!(
        t.get(&code("3701")),
        Some(Coverage::Known {
            covered: 161,
            total: 161,
            basis: Basis::ReportedTotal { .. }
        })
    ));
    // 齐齐哈尔 reported stations, not townships covered: no percentage is invented.
    assert!(t.get(&code("2302")).unwrap().pct().is_none());
    // Guizhou as a whole: parts known, no percentage claimed.
    match t.get(&code("52")).unwrap() {
        Coverage::Partial {
            covered_at_least,
            parts_known,
            ..
        } => {
            assert_eq!(*covered_at_least, 101 + 279);
            assert_eq!(*parts_known, 2);
        }
        other => panic!("Guizhou should be partial, found {other:?}"),
    }
}

#[test]
fn the_registry_disagreements_are_reported() {
    let notes = &atlas().notes;
    assert!(notes
        .iter()
        .any(|n| n.code == "3701" && n.message.en.contains("161") && n.message.zh.contains("164")));
    assert!(notes
        .iter()
        .any(|n| n.code == "420502" && n.message.en.contains("10")));
}

#[test]
fn qianxinan_scene_has_one_schematic_cell_per_township() {
    let a = atlas();
    let mut cache = SchematicCache::default();
    let scene = build_scene(a, &code("5223"), &mut cache);
    assert_eq!(scene.fill_level, Level::Township);
    assert_eq!(scene.shapes.len(), 140);
    assert_eq!(scene.schematic_count(), 140);
    assert!(scene.not_drawn.is_empty());
    let outline = a.outline(&code("5223")).unwrap();
    let cells_area: f64 = scene
        .shapes
        .iter()
        .map(|s| s.geometry.unsigned_area())
        .sum();
    let ratio = cells_area / outline.unsigned_area();
    assert!(
        (ratio - 1.0).abs() < 0.01,
        "cells cover the prefecture: {ratio}"
    );

    // Cells are compact blobs, not slivers: median isoperimetric quotient of a hexagon is 0.91.
    let mut compactness: Vec<f64> = scene
        .shapes
        .iter()
        .map(|s| {
            let perimeter: f64 = s
                .geometry
                .0
                .iter()
                .flat_map(|p| p.exterior().lines())
                .map(|l| l.dx().hypot(l.dy()))
                .sum();
            4.0 * std::f64::consts::PI * s.geometry.unsigned_area() / perimeter.powi(2)
        })
        .collect();
    compactness.sort_by(f64::total_cmp);
    assert!(
        compactness[70] > 0.45,
        "median compactness {}",
        compactness[70]
    );

    // Hit-testing finds each cell at a point inside it.
    for (i, shape) in scene.shapes.iter().enumerate().step_by(7) {
        let inside = shape.geometry.interior_point().unwrap();
        assert!(shape.geometry.contains(&inside));
        assert_eq!(scene.hit(inside.x(), inside.y()), Some(i), "{}", shape.code);
    }
    let centre = outline.centroid().unwrap();
    assert!(scene.hit(centre.x() + 5_000.0, centre.y()).is_none());

    let styles = coverage_styles(&scene);
    for (shape, style) in scene.shapes.iter().zip(&styles) {
        let county = shape.code.parent().unwrap();
        if ["522327", "522301", "522324"].contains(&county.as_str()) {
            assert_eq!(style.class, Class::Full, "{}", shape.code);
            assert!(!style.reported_total);
        } else {
            // No detail: the prefecture's 101/140, hatched as a regional total.
            assert_eq!(style.class, Class::Bin(2), "{}", shape.code);
            assert!(style.reported_total);
        }
    }
}

#[test]
fn counties_without_a_figure_stand_under_their_prefectures_reported_total() {
    let a = atlas();
    let scene = build_scene(a, &code("52"), &mut SchematicCache::default());
    let styles = coverage_styles(&scene);
    let style_of = |c: &str| {
        let i = scene
            .shapes
            .iter()
            .position(|s| s.code.as_str() == c)
            .unwrap();
        styles[i]
    };
    // 贞丰县 has no figure of its own: 黔西南's 101/140, hatched.
    assert_eq!(style_of("522325").class, Class::Bin(2));
    assert!(style_of("522325").reported_total);
    // 兴义市 is complete township by township: full, not hatched.
    assert_eq!(style_of("522301").class, Class::Full);
    assert!(!style_of("522301").reported_total);
    // 遵义's counties have no figure above them at all.
    assert_eq!(style_of("520302").class, Class::NoData);
}

#[test]
fn country_scene_fills_prefectures_and_leaves_nothing_out_silently() {
    let a = atlas();
    let scene = build_scene(a, &RegionCode::nation(), &mut SchematicCache::default());
    assert_eq!(scene.fill_level, Level::Prefecture);
    assert!(scene.shapes.len() >= 330, "{}", scene.shapes.len());
    let drawn: std::collections::HashSet<_> = scene.shapes.iter().map(|s| &s.code).collect();
    for prefecture in a
        .divisions
        .at_level(&RegionCode::nation(), Level::Prefecture)
    {
        let listed = scene.not_drawn.iter().any(|(c, _)| c == prefecture);
        let empty = a.divisions.township_count(prefecture) == 0;
        assert!(
            drawn.contains(prefecture) || listed || empty,
            "{prefecture} vanished"
        );
    }
}

#[test]
fn summaries_carry_figures_sources_and_ratings() {
    let a = atlas();
    let s = summarize(a, table(), &code("5223"), Lang::En);
    assert!(s.coverage.starts_with("101/140 (72%)"), "{}", s.coverage);
    assert!(s.coverage.contains("as of 2023-12"));
    assert!(s.figures[0].source.contains("article 000"));
    assert!(s.targets[0].text.contains("140"));
    // On the Chinese page the source line is Chinese too.
    let zh = summarize(a, table(), &code("5223"), Lang::Zh);
    assert!(
        zh.figures[0].source.starts_with("报道000《"),
        "{}",
        zh.figures[0].source
    );
    assert_eq!((s.lang, zh.lang), (Lang::En, Lang::Zh));
    let bijie = summarize(a, table(), &code("5205"), Lang::En);
    let text = &bijie.figures[0].text;
    assert!(
        text.contains("1 5-star") && text.contains("2 4-star") && text.contains("3 rated “优秀”"),
        "{text}"
    );
    let qiqihar = summarize(a, table(), &code("2302"), Lang::En);
    assert!(qiqihar.figures[0].text.contains("164 stations built"));
    assert!(qiqihar.figures[0].text.contains("145 operating"));
    let township = summarize(a, table(), &code("522325100"), Lang::Zh);
    assert!(
        township.coverage.contains("仅报告总数"),
        "{}",
        township.coverage
    );
}

#[test]
fn loaded_township_boundaries_replace_schematic_cells_and_list_the_rest() {
    let mut a = atlas().clone();
    let file = format!(
        "{}/../tests/fixtures/boundaries/good.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&file).unwrap();
    let loaded =
        atlas_core::import::read_boundaries("good.geojson", &bytes, None, &a).expect("loads");
    assert_eq!(loaded.townships.len(), 4);
    a.set_township_outlines(&loaded.townships);
    let scene = build_scene(&a, &code("522301"), &mut SchematicCache::default());
    assert_eq!(scene.shapes.len(), 4);
    assert_eq!(scene.schematic_count(), 0, "real borders are not schematic");
    assert_eq!(
        scene.not_drawn.len(),
        32 - 4,
        "the county's other townships are listed"
    );
    // Counties without loaded boundaries keep their schematic cells.
    let neighbour = build_scene(&a, &code("522302"), &mut SchematicCache::default());
    assert_eq!(neighbour.schematic_count(), neighbour.shapes.len());
}
