//! The two levels of a publication's official township boundaries: a province's chunk
//! simplified for the province's view, a prefecture's at full detail. A view of a prefecture or
//! deeper draws the detail, a province's view the simplified shapes, whatever else the atlas
//! holds; a user's own file before both; and shapes added to an atlas change none of its
//! measures' inputs.

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::Level;
use atlas_core::data::code::RegionCode;
use atlas_core::publish::{read_township_chunk, township_chunks};
use atlas_core::shape::scene::{build_scene_filled_at, SchematicCache};
use geo::{CoordsIter, MultiPolygon, Polygon};

fn atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).expect("default data loads")
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

/// Every township of 兴义市 (522301) as a wiggly official boundary inside the county's box:
/// a strip each, its south side zigzagging up to 40 m every 100 m. The province's chunk is
/// simplified for 贵州's view (some 75 m), the prefecture's kept to 20 m.
fn xingyi_strips(atlas: &Atlas) -> Vec<(RegionCode, MultiPolygon<f64>)> {
    let county = code("522301");
    let townships: Vec<RegionCode> = (atlas.divisions)
        .at_level(&county, Level::Township)
        .cloned()
        .collect();
    let (west, east, south) = (104.7, 105.1, 24.9);
    let strip_deg = 0.02;
    let zig_deg = 40.0 / 111_320.0;
    (townships.into_iter().enumerate())
        .map(|(i, township)| {
            let y0 = south + strip_deg * i as f64;
            let steps = 400;
            let mut ring: Vec<(f64, f64)> = (0..=steps)
                .map(|k| {
                    let x = west + (east - west) * k as f64 / steps as f64;
                    (x, y0 + zig_deg * (k as f64 * 1.7).sin())
                })
                .collect();
            ring.extend([(east, y0 + strip_deg), (west, y0 + strip_deg), ring[0]]);
            let polygon = Polygon::new(ring.into(), Vec::new());
            (township, MultiPolygon(vec![polygon]))
        })
        .collect()
}

/// The vertices of the official township shapes a scene of `focus` filled with townships draws
/// (a province's view is filled with them with `?fill=township`, and the page's national
/// township layer; prefectures and counties always are).
fn official_vertices(atlas: &Atlas, focus: &str) -> usize {
    let mut cells = SchematicCache::default();
    let scene = build_scene_filled_at(atlas, &code(focus), Level::Township, &mut cells);
    (scene.shapes.iter())
        .filter(|s| !s.schematic && s.code.as_str().starts_with("522301"))
        .map(|s| s.geometry.coords_count())
        .sum()
}

#[test]
fn a_view_from_a_prefecture_down_draws_the_detail_and_a_province_the_simplified_shapes() {
    let source = atlas();
    let strips = xingyi_strips(&source);
    let chunks = township_chunks(&source, &strips, &[]);
    let mut reader = source.clone();
    for region in ["52", "5223"] {
        let file = format!("townships-{region}.topojson");
        let chunk = read_township_chunk(&file, &chunks[&code(region)]).unwrap();
        assert_eq!(chunk.add_to(&mut reader, &code(region), &file), None);
    }
    // The province view draws 兴义市's strips as the province's file has them; the prefecture
    // and the county views, the same strips with their zigzags.
    let (province, prefecture, county) = (
        official_vertices(&reader, "52"),
        official_vertices(&reader, "5223"),
        official_vertices(&reader, "522301"),
    );
    assert!(province > 0 && province < 40 * strips.len(), "{province}");
    assert!(prefecture > 200 * strips.len(), "{prefecture}");
    assert_eq!(prefecture, county);

    // Without the prefecture's file every view draws the province's shapes.
    let mut province_only = source.clone();
    let chunk = read_township_chunk("p", &chunks[&code("52")]).unwrap();
    chunk.add_to(&mut province_only, &code("52"), "p");
    assert_eq!(official_vertices(&province_only, "522301"), province);

    // A user's own boundary file is drawn before both levels, also when a chunk arrives after
    // it (the page fetches them as the visitor moves); taking it away goes back to them.
    let mut own_first = source.clone();
    own_first.set_township_outlines(&strips);
    for region in ["52", "5223"] {
        let chunk = read_township_chunk("c", &chunks[&code(region)]).unwrap();
        chunk.add_to(&mut own_first, &code(region), "c");
    }
    reader.set_township_outlines(&strips);
    for atlas in [&reader, &own_first] {
        let own = official_vertices(atlas, "52");
        assert_eq!(own, official_vertices(atlas, "522301"));
        assert!(own > prefecture, "the user's file is drawn unsimplified");
    }
    reader.set_township_outlines(&[]);
    assert_eq!(official_vertices(&reader, "52"), province);
    assert_eq!(official_vertices(&reader, "522301"), county);
}

#[test]
fn shapes_added_to_an_atlas_leave_its_measures_inputs_as_they_were() {
    let source = atlas();
    let strips = xingyi_strips(&source);
    let mut with_shapes = source.clone();
    with_shapes.add_township_outlines(&strips);
    with_shapes.add_township_detail(&strips);
    assert!(source.same_measure_inputs(&with_shapes));

    let mut with_figures = source.clone();
    with_figures.figures.pop();
    assert!(!source.same_measure_inputs(&with_figures));
    let reloaded = atlas();
    assert!(
        !source.same_measure_inputs(&reloaded),
        "another registry, even an equal one, is counted again"
    );
}
