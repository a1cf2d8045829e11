//! A boundary file of part of a county (`tests/fixtures/boundaries/xingyi_part_17.geojson`: 17
//! of 兴义市's 32 townships): the rest of the county is filled with schematic cells for the 15
//! townships the file lacks, cut from the county outline minus the file's polygons, so the
//! county is covered once, and a reader of the published chunks draws all 32.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::import::boundaries::read_boundaries;
use atlas_core::publish::{read_township_chunk, township_chunks};
use atlas_core::shape::scene::{build_scene, build_scene_filled_at, Scene, SchematicCache};
use atlas_core::shape::schematic::gap_cells_of_counties;
use geo::{Area, BooleanOps, MultiPolygon};

const FIXTURE: &str = "xingyi_part_17.geojson";

fn atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).expect("default data loads")
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

/// The fixture's 17 townships, read as the import reads them.
fn official(atlas: &Atlas) -> &'static [(RegionCode, MultiPolygon<f64>)] {
    static OFFICIAL: OnceLock<Vec<(RegionCode, MultiPolygon<f64>)>> = OnceLock::new();
    OFFICIAL.get_or_init(|| {
        let path = format!(
            "{}/../tests/fixtures/boundaries/{FIXTURE}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let import = read_boundaries(FIXTURE, &bytes, None, atlas).expect("the fixture reads");
        assert_eq!(import.townships.len(), 17, "17 townships join");
        import.townships
    })
}

fn union(shapes: &[&MultiPolygon<f64>]) -> MultiPolygon<f64> {
    (shapes.iter()).fold(MultiPolygon::new(Vec::new()), |u, s| u.union(*s))
}

/// The area the shapes cover more than once: their summed areas less their union's.
fn overlap_area(shapes: &[&MultiPolygon<f64>]) -> f64 {
    let sum: f64 = shapes.iter().map(|s| s.unsigned_area()).sum();
    sum - union(shapes).unsigned_area()
}

#[test]
fn the_townships_the_file_lacks_get_cells_covering_the_rest_of_the_county() {
    let atlas = atlas();
    let county = code("522301");
    let official = official(&atlas);
    let cells = gap_cells_of_counties(&atlas, official);

    let missing: Vec<&RegionCode> = (atlas.divisions.at_level(&county, Level::Township))
        .filter(|t| !official.iter().any(|(c, _)| c == *t))
        .collect();
    assert_eq!(missing.len(), 15);
    let cell_codes: Vec<&RegionCode> = cells.iter().map(|(c, _)| c).collect();
    assert_eq!(
        cell_codes, missing,
        "a cell per missing township, in registry order"
    );
    for (code, cell) in &cells {
        assert!(cell.unsigned_area() > 0.0, "{code}: empty cell");
    }

    let outline = atlas.county_outline_lonlat(&county).unwrap().polygons();
    let county_area = outline.unsigned_area();
    let shapes: Vec<&MultiPolygon<f64>> = (official.iter().map(|(_, s)| s))
        .chain(cells.iter().map(|(_, s)| s))
        .collect();
    let covered: f64 = shapes.iter().map(|s| s.unsigned_area()).sum();
    assert!(
        (covered - county_area).abs() < county_area * 0.01,
        "real + schematic = {covered}, county = {county_area}"
    );
    let overlap = overlap_area(&shapes);
    assert!(
        overlap < county_area * 1e-4,
        "shapes overlap by {overlap} of {county_area}"
    );
    // Nothing is left blank inside the county.
    let hole = outline.difference(&union(&shapes)).unsigned_area();
    assert!(
        hole < county_area * 0.01,
        "uncovered: {hole} of {county_area}"
    );
}

/// The scene's shapes of 兴义市 by kind: (official, schematic).
fn kinds(scene: &Scene, county: &RegionCode) -> (usize, usize) {
    let ours = (scene.shapes.iter()).filter(|s| s.code.parent().as_ref() == Some(county));
    ours.fold((0, 0), |(o, s), shape| match shape.schematic {
        true => (o, s + 1),
        false => (o + 1, s),
    })
}

#[test]
fn a_reader_of_the_published_chunks_draws_every_township_of_the_county() {
    let source = atlas();
    let county = code("522301");
    let official = official(&source);
    let cells = gap_cells_of_counties(&source, official);
    let chunks = township_chunks(&source, official, &cells);

    let mut reader = atlas();
    for region in ["52", "5223"] {
        let name = format!("townships-{region}.topojson");
        let chunk = read_township_chunk(&name, &chunks[&code(region)]).unwrap();
        assert_eq!(chunk.official.len(), 17, "{name}");
        assert_eq!(
            chunk.schematic.len(),
            15,
            "{name}: the cells ride with the borders"
        );
        assert_eq!(chunk.add_to(&mut reader, &code(region), &name), None);
    }

    // A view of the county (full detail) and the province's view of townships (simplified).
    let mut cache = SchematicCache::default();
    let county_view = build_scene(&reader, &county, &mut cache);
    let province_view = build_scene_filled_at(&reader, &code("52"), Level::Township, &mut cache);
    let outline_km = reader.outline(&county).unwrap();
    for (view, scene) in [("county", &county_view), ("province", &province_view)] {
        assert_eq!(kinds(scene, &county), (17, 15), "{view} view");
        let lacking: Vec<_> = (scene.not_drawn.iter())
            .filter(|(c, _)| c.parent().as_ref() == Some(&county))
            .collect();
        assert!(lacking.is_empty(), "{view} view leaves out {lacking:?}");
        let shapes: Vec<&MultiPolygon<f64>> = (scene.shapes.iter())
            .filter(|s| s.code.parent().as_ref() == Some(&county))
            .map(|s| s.geometry.polygons())
            .collect();
        let area = outline_km.unsigned_area();
        let covered: f64 = shapes.iter().map(|s| s.unsigned_area()).sum();
        assert!(
            (covered - area).abs() < area * 0.01,
            "{view} view: {covered} km² drawn of {area} km²"
        );
        let overlap = overlap_area(&shapes);
        assert!(overlap < area * 1e-3, "{view} view: overlap {overlap} km²");
    }
}

#[test]
fn the_users_own_file_of_part_of_a_county_draws_no_published_cells_beside_it() {
    let source = atlas();
    let county = code("522301");
    let official = official(&source);
    let cells = gap_cells_of_counties(&source, official);
    let chunks = township_chunks(&source, official, &cells);
    let mut reader = atlas();
    let chunk = read_township_chunk("52", &chunks[&code("52")]).unwrap();
    chunk.add_to(&mut reader, &code("52"), "52");
    // The user's file has two townships of the county: the publication's cells, cut beside the
    // publication's borders, would overlap it. Its official boundaries still draw under the
    // user's two; the cells do not.
    reader.set_township_outlines(&official[..2]);
    let scene = build_scene(&reader, &county, &mut SchematicCache::default());
    assert_eq!(kinds(&scene, &county), (17, 0));
    let lacking = (scene.not_drawn.iter()).filter(|(c, _)| c.parent().as_ref() == Some(&county));
    assert_eq!(lacking.count(), 15);
    reader.set_township_outlines(&[]);
    let scene = build_scene(&reader, &county, &mut SchematicCache::default());
    assert_eq!(kinds(&scene, &county), (17, 15), "the cells are back");
}

#[test]
fn cells_that_do_not_make_up_the_rest_of_the_county_are_refused_by_name() {
    let source = atlas();
    let official = official(&source);
    let mut cells = gap_cells_of_counties(&source, official);
    cells.pop();
    let chunks = township_chunks(&source, official, &cells);
    let mut reader = atlas();
    let chunk = read_township_chunk("townships-52.topojson", &chunks[&code("52")]).unwrap();
    let message = chunk.add_to(&mut reader, &code("52"), "townships-52.topojson");
    let message = message.expect("14 cells for 15 missing townships are refused");
    assert!(message.en.contains("522301"), "{}", message.en);
    let scene = build_scene(&reader, &code("522301"), &mut SchematicCache::default());
    assert_eq!(kinds(&scene, &code("522301")), (17, 0));
}
