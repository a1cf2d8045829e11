//! Scenes share the atlas's shapes instead of copying them: every shape, border and context
//! outline of a scene is the shape store's own allocation, across views, rebuilds and clones of
//! the atlas (the page clones it to add each chunk).

use std::sync::Arc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::data::shapes::Detail;
use atlas_core::shape::scene::{build_scene, SchematicCache};

fn atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).expect("default data loads")
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

#[test]
fn two_scenes_of_one_view_hold_the_same_allocations() {
    let atlas = atlas();
    let mut cache = SchematicCache::default();
    for focus in [RegionCode::nation(), code("52"), code("5223")] {
        let a = build_scene(&atlas, &focus, &mut cache);
        let b = build_scene(&atlas, &focus, &mut SchematicCache::default());
        assert_eq!(a.shapes.len(), b.shapes.len());
        assert!(!a.shapes.is_empty(), "{focus}");
        for (x, y) in a.shapes.iter().zip(&b.shapes) {
            // Schematic cells computed by two caches are two computations; outlines are the
            // store's either way.
            if !x.schematic {
                assert!(Arc::ptr_eq(&x.geometry, &y.geometry), "{focus} {}", x.code);
            }
        }
        for ((_, x), (_, y)) in a.borders.iter().zip(&b.borders) {
            assert!(Arc::ptr_eq(x, y), "{focus}");
        }
        for (x, y) in a.context.iter().zip(&b.context) {
            assert!(Arc::ptr_eq(x, y), "{focus}");
        }
    }
}

#[test]
fn a_prefecture_is_one_allocation_in_the_nation_and_as_its_neighbours_context() {
    let atlas = atlas();
    let outline = atlas
        .shapes()
        .outline(&code("5201"))
        .expect("贵阳 has an outline");
    let nation = build_scene(
        &atlas,
        &RegionCode::nation(),
        &mut SchematicCache::default(),
    );
    let filled = (nation.shapes.iter())
        .find(|s| s.code == code("5201"))
        .expect("贵阳 is filled in the nation's view");
    assert!(Arc::ptr_eq(&filled.geometry, outline));
    let neighbour = build_scene(&atlas, &code("5223"), &mut SchematicCache::default());
    assert!(neighbour.context.iter().any(|g| Arc::ptr_eq(g, outline)));
    let own = build_scene(&atlas, &code("5201"), &mut SchematicCache::default());
    assert!(own.borders.iter().any(|(_, g)| Arc::ptr_eq(g, outline)));
}

#[test]
fn a_clone_given_township_boundaries_still_shares_the_outlines_and_its_boundaries() {
    let atlas = atlas();
    let township = code("522301001");
    let boundary = atlas
        .county_outline_lonlat(&code("522301"))
        .expect("兴义市 has an outline")
        .polygons()
        .clone();
    let mut with_boundary = atlas.clone();
    with_boundary.add_township_outlines(&[(township.clone(), boundary)]);
    let stored = (with_boundary.shapes())
        .township(&township, Detail::ProvinceSimplified)
        .expect("taken")
        .clone();
    assert!(atlas
        .shapes()
        .township(&township, Detail::ProvinceSimplified)
        .is_none());

    let before = build_scene(&atlas, &code("52"), &mut SchematicCache::default());
    let after = build_scene(&with_boundary, &code("52"), &mut SchematicCache::default());
    for (x, y) in before.shapes.iter().zip(&after.shapes) {
        assert!(Arc::ptr_eq(&x.geometry, &y.geometry), "{}", x.code);
    }
    let county = build_scene(
        &with_boundary,
        &code("522301"),
        &mut SchematicCache::default(),
    );
    let drawn = (county.shapes.iter())
        .find(|s| s.code == township)
        .expect("the township is drawn from its boundary");
    assert!(!drawn.schematic);
    assert!(Arc::ptr_eq(&drawn.geometry, &stored));
}
