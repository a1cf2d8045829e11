//! The published format, its reader and its writers together (`core/src/publish/`): a
//! publication written here reads back, and its overview draws the country like the full atlas.

use std::collections::BTreeMap;
use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::publisher::Publisher;
use atlas_core::data::topo::METRES_PER_DEGREE;
use atlas_core::date::Day;
use atlas_core::lang::Lang;
use atlas_core::publish::*;
use atlas_core::shape::scene::{build_scene, SchematicCache};
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::view::{style_map, Measures, View};
use geo::MultiPolygon;

#[test]
fn a_part_is_named_and_checked_by_its_hash() {
    let entry = PartFile::of(PartKind::Facts, b"row,region_codes\n");
    assert!(entry.path.starts_with("facts-") && entry.path.ends_with(".csv"));
    assert_eq!(entry.path.len(), "facts-".len() + 16 + ".csv".len());
    assert!(entry.check(b"row,region_codes\n").is_ok());
    let short = entry.check(b"row").unwrap_err();
    assert!(short.en.contains("expected 17 bytes, found 3"), "{short}");
    let changed = entry.check(b"row,region_codex\n").unwrap_err();
    assert!(changed.zh.contains("SHA-256 与清单不符"), "{}", changed.zh);
}

#[test]
fn a_manifest_round_trips_and_refuses_other_json() {
    let mut files = BTreeMap::new();
    for kind in [PartKind::Divisions, PartKind::Outlines, PartKind::Facts] {
        files.insert(kind, PartFile::of(kind, b"x"));
    }
    let manifest = Manifest::new(Publisher::shipped(), Day::from_ymd(2026, 12, 2), files);
    let back = Manifest::parse("manifest.json", &manifest.to_json()).unwrap();
    assert_eq!(back, manifest);
    let err = Manifest::parse("manifest.json", "{\"format\":\"x\"}").unwrap_err();
    assert!(
        err.en
            .starts_with("manifest.json: not a published-data manifest"),
        "{err}"
    );
    let mut partial = manifest.clone();
    partial.files.remove(&PartKind::Outlines);
    let err = Manifest::parse("manifest.json", &partial.to_json()).unwrap_err();
    assert!(err.en.contains("lists no outlines file"), "{err}");
}

/// The shipped data's texts, as a published folder would hold them.
fn shipped() -> (Manifest, BTreeMap<PartKind, String>) {
    let read = |name: &str| {
        let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    };
    let texts = BTreeMap::from([
        (PartKind::Divisions, read("divisions.csv")),
        (PartKind::Outlines, read("outlines.topojson")),
        (PartKind::Facts, read("seed-facts.csv")),
        (PartKind::Stations, "[not json".to_string()),
    ]);
    (manifest_of(&texts), texts)
}

/// A manifest listing `texts` as they are.
fn manifest_of(texts: &BTreeMap<PartKind, String>) -> Manifest {
    let files = texts
        .iter()
        .map(|(k, t)| (*k, PartFile::of(*k, t.as_bytes())))
        .collect();
    Manifest::new(Publisher::shipped(), Day::from_ymd(2026, 12, 2), files)
}

/// The shipped data with its overview parts, as `atlas publish` writes them.
fn shipped_with_overview() -> (Manifest, BTreeMap<PartKind, String>) {
    let (_, mut texts) = shipped();
    let divisions = &texts[&PartKind::Divisions];
    let full = atlas_core::data::divisions::Divisions::from_csv("divisions.csv", divisions);
    let outlines = overview_outlines("outlines.topojson", &texts[&PartKind::Outlines]);
    texts.insert(PartKind::DivisionsOverview, full.unwrap().overview_csv());
    texts.insert(PartKind::OutlinesOverview, outlines.unwrap());
    (manifest_of(&texts), texts)
}

#[test]
fn the_first_map_is_read_from_the_overview_and_the_rest_after_it() {
    let (manifest, _) = shipped_with_overview();
    assert!(manifest.has_overview());
    use PartKind::*;
    assert_eq!(
        manifest.parts_fetched(Fetched::BeforeFirstMap),
        vec![Facts, Stations, DivisionsOverview, OutlinesOverview]
    );
    assert_eq!(
        manifest.parts_fetched(Fetched::AfterFirstMap),
        vec![Divisions, Outlines]
    );
    // A publication without an overview is read whole before its first map.
    let (plain, _) = shipped();
    assert_eq!(
        plain.parts_fetched(Fetched::BeforeFirstMap),
        vec![Divisions, Outlines, Facts, Stations]
    );
    assert!(plain.parts_fetched(Fetched::AfterFirstMap).is_empty());
    // The full atlas alone (a page opened on a province, the import worker) skips the
    // overview and the pinyin.
    assert_eq!(
        manifest.parts_for(Depth::Full),
        vec![Divisions, Outlines, Facts, Stations]
    );
    assert_eq!(
        manifest.parts_for(Depth::Overview),
        manifest.parts_fetched(Fetched::BeforeFirstMap)
    );
}

#[test]
fn the_overview_atlas_counts_and_draws_the_country_like_the_full_one() {
    let (manifest, texts) = shipped_with_overview();
    let published = PublishedTexts::of(&manifest, &texts);
    let (overview, _) = load_published(&published, Depth::Overview).unwrap();
    let (full, _) = load_published(&published, Depth::Full).unwrap();
    let nation = RegionCode::nation();
    // Every percentage's denominator is the same: the townships are listed without names.
    for region in full
        .divisions
        .within(&nation)
        .filter(|c| c.level() < Level::Township)
    {
        assert_eq!(
            overview.divisions.township_count(region),
            full.divisions.township_count(region),
            "{region}"
        );
        assert_eq!(overview.divisions.name(region), full.divisions.name(region));
    }
    assert_eq!(overview.divisions.township_count(&nation), 41_352);
    // The country view's prefectures and provinces all have outlines; counties come later
    // and are not reported missing.
    for prefecture in full.divisions.at_level(&nation, Level::Prefecture) {
        assert!(overview.outline(prefecture).is_some(), "{prefecture}");
    }
    assert!(overview
        .outline(&RegionCode::parse("522301").unwrap())
        .is_none());
    assert!(!overview
        .notes
        .iter()
        .any(|n| n.message.en.contains("has no outline")));
    assert_eq!(
        overview.unlisted_provinces().len(),
        full.unlisted_provinces().len()
    );
    // The first map is the full one's: every shape of the country view in every mode takes
    // the same class.
    let view_of = |atlas: &Atlas, mode: MapMode| {
        let scene = build_scene(atlas, &nation, &mut SchematicCache::default());
        let today = Day::from_ymd(2026, 12, 2);
        let measures = Measures::compute(atlas, None, today);
        let view = View {
            focus: nation.clone(),
            mode,
            scheme: Scheme::default(),
            month: None,
            today,
            lang: Lang::Zh,
        };
        let styled = style_map(atlas, Rc::new(scene), &measures, &view);
        let classes: Vec<_> = (styled.scene.shapes.iter().zip(&styled.styles))
            .map(|(shape, style)| format!("{} {:?}", shape.code, style))
            .collect();
        (classes, styled.signature())
    };
    for mode in MapMode::ALL {
        let ((first, first_signature), (then, then_signature)) =
            (view_of(&overview, mode), view_of(&full, mode));
        let differ: Vec<_> = (first.iter().zip(&then)).filter(|(a, b)| a != b).collect();
        assert!(differ.is_empty(), "{mode:?}: {differ:#?}");
        assert_eq!(first.len(), then.len());
        assert_eq!(first_signature, then_signature);
    }
    // A fraction of the bytes.
    let bytes = |kind: PartKind| texts[&kind].len();
    assert!(bytes(PartKind::DivisionsOverview) * 5 < bytes(PartKind::Divisions));
    assert!(bytes(PartKind::OutlinesOverview) * 4 < bytes(PartKind::Outlines));
}

#[test]
fn a_stations_file_that_does_not_parse_is_named_and_the_rest_loads() {
    let (manifest, texts) = shipped();
    let published = PublishedTexts::of(&manifest, &texts);
    let (atlas, problems) = load_published(&published, Depth::Full).unwrap();
    assert!(atlas.stations.is_empty());
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].en.contains("the stations cannot be read"),
        "{}",
        problems[0]
    );
    // One the reader could not fetch is left out of the texts: no second message.
    let without: BTreeMap<PartKind, &str> = texts
        .iter()
        .filter(|(k, _)| **k != PartKind::Stations)
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let published = PublishedTexts {
        manifest: &manifest,
        texts: without,
    };
    assert!(load_published(&published, Depth::Full)
        .unwrap()
        .1
        .is_empty());
}

fn square(code: &str, x_deg: f64) -> (RegionCode, MultiPolygon<f64>) {
    let ring: Vec<(f64, f64)> = vec![
        (x_deg, 25.1),
        (x_deg + 0.1, 25.1),
        (x_deg + 0.1, 25.2),
        (x_deg, 25.2),
        (x_deg, 25.1),
    ];
    let square = geo::Polygon::new(geo::LineString::from(ring), Vec::new());
    (RegionCode::parse(code).unwrap(), MultiPolygon(vec![square]))
}

#[test]
fn townships_round_trip_through_their_file() {
    let townships = vec![square("522301001", 104.9), square("522301002", 105.0)];
    let text = townships_json(&townships);
    let back = read_township_chunk("t.topojson", &text).unwrap();
    assert_eq!(back.official.len(), 2);
    assert!(back.schematic.is_empty());
    for ((code, shape), (code_back, shape_back)) in townships.iter().zip(&back.official) {
        assert_eq!(code, code_back);
        let (coords, coords_back) = (&shape.0[0].exterior().0, &shape_back.0[0].exterior().0);
        assert_eq!(coords.len(), coords_back.len());
        // Each vertex within half a grid step of where it was (a ring may start elsewhere).
        let half_step = TOWNSHIP_TOPOLOGY.grid_deg / 2.0 + 1e-12;
        for b in coords_back {
            let near = |c: &&geo::Coord<f64>| {
                (c.x - b.x).abs() <= half_step && (c.y - b.y).abs() <= half_step
            };
            assert!(coords.iter().any(|c| near(&c)), "{b:?}");
        }
    }
    // The side the two squares share is one arc: 3 arcs (it and each square's other sides).
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["arcs"].as_array().unwrap().len(),
        3,
        "{}",
        json["arcs"]
    );
    // The province's chunk, and its prefecture's detail (the squares are official).
    let chunks = township_chunks(&shipped_atlas(), &townships, &[]);
    assert_eq!(
        chunks.keys().map(|p| p.as_str()).collect::<Vec<_>>(),
        ["52", "5223"]
    );
    let entry = PartFile::township_chunk(&RegionCode::parse("52").unwrap(), b"{}");
    assert!(entry.path.starts_with("townships-52-"), "{}", entry.path);
    assert!(entry.path.ends_with(".topojson"), "{}", entry.path);
}

#[test]
fn a_bad_township_chunk_is_named_in_both_languages() {
    let file = "townships-52-0123456789abcdef.topojson";
    for bad in [
        "{\"codes\": [], \"counts\": [], \"coords\": []}".to_string(),
        "not json".to_string(),
        townships_json(&[square("522301001", 104.9)]).replace("townships", "towns"),
        townships_json(&[square("522301001", 104.9)]).replace("522301001", "x"),
    ] {
        let err = read_township_chunk(file, &bad).unwrap_err();
        assert!(
            err.zh.starts_with(&format!("{file}：无法读取乡镇边界")),
            "{}",
            err.zh
        );
        assert!(
            err.en
                .starts_with(&format!("{file}: the township boundaries cannot be read")),
            "{}",
            err.en
        );
    }
}

/// A township whose border zigzags up to 40 m either side of its line every 100 m, the
/// width of a province from `x0_deg`: a wiggly surveyed border.
fn wiggly(code: &str, x0_deg: f64, width_deg: f64) -> (RegionCode, MultiPolygon<f64>) {
    let steps = (width_deg * METRES_PER_DEGREE / 100.0) as usize;
    let zig = 40.0 / METRES_PER_DEGREE;
    let mut ring: Vec<(f64, f64)> = (0..=steps)
        .map(|k| {
            let x = x0_deg + width_deg * k as f64 / steps as f64;
            (x, 25.0 + zig * (k as f64 * 1.7).sin())
        })
        .collect();
    ring.extend([(x0_deg + width_deg, 26.0), (x0_deg, 26.0), ring[0]]);
    let polygon = geo::Polygon::new(geo::LineString::from(ring), Vec::new());
    (
        RegionCode::parse(code).unwrap(),
        MultiPolygon(vec![polygon]),
    )
}

fn shipped_atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).unwrap()
}

#[test]
fn a_province_chunk_is_simplified_for_its_extent_and_its_prefecture_keeps_the_detail() {
    // 贵州's outline is some 600 km across in the map's projection: about 75 m, a grid of a
    // sixteenth of that.
    let atlas = shipped_atlas();
    let chunk = TownshipChunk {
        official: vec![wiggly("522301001", 104.0, 0.5)],
        schematic: Vec::new(),
    };
    let options = province_topology(province_extent_m(&atlas, &code("52"), &chunk));
    let tolerance_m = options.simplify_deg * METRES_PER_DEGREE;
    assert!((60.0..110.0).contains(&tolerance_m), "{tolerance_m}");
    assert!((options.grid_deg * 16.0 - options.simplify_deg).abs() < 1e-12);
    // A province the atlas has no outline for is measured by its shapes: 0.5° by 1°, some
    // 111 km north to south, is never simplified past the detail's 20 m.
    let unknown = province_extent_m(&atlas, &code("71"), &chunk);
    assert!((105_000.0..115_000.0).contains(&unknown), "{unknown}");
    assert_eq!(province_topology(unknown), TOWNSHIP_TOPOLOGY);

    let chunks = township_chunks(&atlas, &chunk.official, &[]);
    let vertices = |region: &str| -> usize {
        let back = read_township_chunk("t.topojson", &chunks[&code(region)]).unwrap();
        (back.official.iter())
            .map(|(_, s)| geo::CoordsIter::coords_count(s))
            .sum()
    };
    // The zigzag, up to 40 m, is under the province's tolerance and over the detail's.
    assert!(vertices("52") < 10, "{}", vertices("52"));
    assert!(vertices("5223") > 200, "{}", vertices("5223"));
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

#[test]
fn a_view_takes_its_province_chunk_and_from_a_prefecture_down_its_detail() {
    let chunks = township_chunks(&shipped_atlas(), &[square("522301001", 104.9)], &[]);
    let mut manifest = Manifest::new(
        Publisher::shipped(),
        Day::from_ymd(2026, 1, 1),
        BTreeMap::new(),
    );
    manifest.townships = (chunks.iter())
        .map(|(region, text)| {
            (
                region.clone(),
                PartFile::township_chunk(region, text.as_bytes()),
            )
        })
        .collect();
    let regions = |code: &str| -> Vec<String> {
        let code = RegionCode::parse(code).unwrap();
        (manifest.township_chunks_for(&code).into_iter())
            .map(|(region, _)| region.to_string())
            .collect()
    };
    assert!(manifest
        .township_chunks_for(&RegionCode::nation())
        .is_empty());
    assert_eq!(regions("52"), ["52"]);
    assert_eq!(regions("5223"), ["52", "5223"]);
    assert_eq!(regions("522301"), ["52", "5223"]);
    assert_eq!(
        regions("5201"),
        ["52"],
        "a prefecture without official boundaries"
    );
    let provinces: Vec<String> = manifest
        .province_chunks()
        .map(|(r, _)| r.to_string())
        .collect();
    assert_eq!(provinces, ["52"]);
}
