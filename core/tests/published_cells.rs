//! Schematic cells made at publish time: every county with an outline gets one cell per
//! township in its province's chunk, a reader's atlas takes them in place of computing its own,
//! and what the page then draws is the same partition, only quantised and simplified.

use std::collections::HashSet;
use std::sync::Arc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::publish::{read_township_chunk, township_chunks};
use atlas_core::shape::scene::{build_scene, SchematicCache};
use atlas_core::shape::schematic::cells_of_counties;
use geo::{Area, MultiPolygon};

fn atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).expect("default data loads")
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

#[test]
fn every_county_with_an_outline_is_published_with_a_cell_per_township() {
    let atlas = atlas();
    let official = HashSet::from([code("522301")]);
    let cells = cells_of_counties(&atlas, &official);
    let nation = RegionCode::nation();
    let expected: usize = (atlas.divisions.at_level(&nation, Level::County))
        .filter(|c| atlas.county_outline_lonlat(c).is_some() && !official.contains(*c))
        .map(|c| atlas.divisions.at_level(c, Level::Township).count())
        .sum();
    assert_eq!(cells.len(), expected);
    assert!(expected > 40_000, "{expected}");
    let codes: HashSet<&RegionCode> = cells.iter().map(|(c, _)| c).collect();
    assert_eq!(codes.len(), cells.len(), "one cell per township");
    assert!(
        !codes.iter().any(|c| c.as_str().starts_with("522301")),
        "a county with official boundaries has no cells"
    );

    // One chunk per province with counties; each reads back as cells, none as official.
    let chunks = township_chunks(&atlas, &[], &cells);
    let provinces = atlas.divisions.at_level(&nation, Level::Province).count();
    assert!(chunks.len() >= provinces - 1, "{} chunks", chunks.len());
    let guizhou = read_township_chunk("townships-52.topojson", &chunks[&code("52")]).unwrap();
    assert!(guizhou.official.is_empty());
    let published: usize = (atlas.divisions.at_level(&code("52"), Level::County))
        .filter(|c| **c != code("522301"))
        .map(|c| atlas.divisions.at_level(c, Level::Township).count())
        .sum();
    assert_eq!(guizhou.schematic.len(), published);
}

#[test]
fn a_reader_draws_the_published_cells_instead_of_computing_them() {
    let mut reader = atlas();
    let computed = cells_of_counties(&reader, &HashSet::new());
    let in_52: Vec<(RegionCode, MultiPolygon<f64>)> = (computed.iter())
        .filter(|(c, _)| c.as_str().starts_with("52"))
        .cloned()
        .collect();
    let text = &township_chunks(&reader, &[], &in_52)[&code("52")];
    let chunk = read_township_chunk("townships-52.topojson", text).unwrap();
    assert_eq!(
        chunk.add_to(&mut reader, &code("52"), "townships-52.topojson"),
        None
    );

    let county = code("522301");
    let published = reader.schematic_cells(&county).expect("cells taken");
    let scene = build_scene(&reader, &code("5223"), &mut SchematicCache::default());
    let drawn: Vec<_> = (scene.shapes.iter())
        .filter(|s| s.code.parent().as_ref() == Some(&county))
        .collect();
    assert_eq!(drawn.len(), published.len());
    for (shape, cell) in drawn.iter().zip(published.iter()) {
        assert!(shape.schematic);
        assert_eq!(*shape.geometry, **cell, "{}", shape.code);
        // Not a copy: the scene holds the store's own cell.
        assert!(Arc::ptr_eq(&shape.geometry, cell), "{}", shape.code);
    }

    // The same partition as the view would compute: each cell's area within 2% of its own.
    let fresh = build_scene(&atlas(), &code("5223"), &mut SchematicCache::default());
    assert_eq!(fresh.shapes.len(), scene.shapes.len());
    for (a, b) in fresh.shapes.iter().zip(&scene.shapes) {
        assert_eq!(a.code, b.code);
        let (area_a, area_b) = (a.geometry.unsigned_area(), b.geometry.unsigned_area());
        assert!(
            (area_b / area_a - 1.0).abs() < 0.02,
            "{}: {area_a} km² computed, {area_b} km² published",
            a.code
        );
    }
}

#[test]
fn cells_that_do_not_match_the_registry_are_refused_by_county_and_named() {
    let mut reader = atlas();
    let cells = cells_of_counties(&reader, &HashSet::new());
    let mut in_5223: Vec<(RegionCode, MultiPolygon<f64>)> = (cells.into_iter())
        .filter(|(c, _)| c.as_str().starts_with("5223"))
        .collect();
    // 兴义市 loses a cell; 兴仁市 gains one for a township the registry does not list.
    let lost = (in_5223.iter())
        .position(|(c, _)| c.as_str().starts_with("522301"))
        .unwrap();
    in_5223.remove(lost);
    let extra = in_5223
        .iter()
        .find(|(c, _)| c.as_str().starts_with("522302"))
        .unwrap()
        .1
        .clone();
    in_5223.push((code("522302999"), extra));
    let text = &township_chunks(&reader, &[], &in_5223)[&code("52")];
    let chunk = read_township_chunk("townships-52-x.topojson", text).unwrap();
    let message = chunk
        .add_to(&mut reader, &code("52"), "townships-52-x.topojson")
        .expect("a message");
    for (text, county_a, county_b) in [
        (&message.zh, "522301", "522302"),
        (&message.en, "522301", "522302"),
    ] {
        assert!(text.starts_with("townships-52-x.topojson"), "{text}");
        assert!(text.contains(county_a) && text.contains(county_b), "{text}");
    }
    assert!(reader.schematic_cells(&code("522301")).is_none());
    assert!(reader.schematic_cells(&code("522302")).is_none());
    assert!(reader.schematic_cells(&code("522323")).is_some());
}
