//! Fuzz targets for TopoJSON (`Topology::parse` and `features`): arbitrary text, the bytes of a
//! small real topology mutated, and its rings' arc indexes edited (still valid JSON, broken
//! meaning). The property: no panic, errors name the file, and an unedited topology's rings
//! close. `fuzz/mod.rs` has the runner; `scripts/fuzz.sh` runs the targets with a budget.

mod fuzz;

use std::sync::OnceLock;

use atlas_core::data::topo::Topology;
use fuzz::{edits, fuzz, mutate_text, names_file, repo_file, JSON_TOKENS};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseResult;
use serde_json::{json, Value};

/// A small real TopoJSON: 北京 and 天津 (which share a border, so some arcs are walked
/// backwards) and the first counties of 北京, with their arcs renumbered from the shipped file.
fn small_topology() -> &'static str {
    static TOPO: OnceLock<String> = OnceLock::new();
    TOPO.get_or_init(|| {
        let full: Value = serde_json::from_slice(&repo_file("data/outlines.topojson")).unwrap();
        let arcs = full["arcs"].as_array().unwrap();
        let mut used: Vec<usize> = Vec::new();
        let mut renumber = |index: i64| -> i64 {
            let (arc, reversed) = if index < 0 {
                (!index as usize, true)
            } else {
                (index as usize, false)
            };
            let new = used.iter().position(|&a| a == arc).unwrap_or_else(|| {
                used.push(arc);
                used.len() - 1
            }) as i64;
            if reversed {
                !new
            } else {
                new
            }
        };
        fn walk(value: &Value, f: &mut dyn FnMut(i64) -> i64) -> Value {
            match value {
                Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, f)).collect()),
                Value::Number(n) => json!(f(n.as_i64().unwrap())),
                other => other.clone(),
            }
        }
        let mut objects = serde_json::Map::new();
        for (name, take) in [("provinces", 2), ("counties", 4)] {
            let geometries: Vec<Value> = full["objects"][name]["geometries"]
                .as_array()
                .unwrap()
                .iter()
                .take(take)
                .map(|g| {
                    let mut g = g.clone();
                    g["arcs"] = walk(&g["arcs"], &mut renumber);
                    g
                })
                .collect();
            objects.insert(
                name.to_string(),
                json!({"type": "GeometryCollection", "geometries": geometries}),
            );
        }
        let topology = json!({
            "type": "Topology",
            "transform": full["transform"],
            "arcs": used.iter().map(|&a| arcs[a].clone()).collect::<Vec<_>>(),
            "objects": objects,
        });
        serde_json::to_string(&topology).unwrap()
    })
}

/// Every ring of every feature closes (first point equals last).
fn check_rings_closed(topology: &Topology, name: &str) -> TestCaseResult {
    for feature in topology.features("t.topojson", name).unwrap() {
        for polygon in &feature.geometry.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                prop_assert!(ring.0.len() >= 4, "ring of {} points", ring.0.len());
                prop_assert_eq!(ring.0.first(), ring.0.last(), "ring not closed");
            }
        }
    }
    Ok(())
}

#[test]
fn small_real_topology_is_well_formed() {
    let topology = Topology::parse("t.topojson", small_topology()).unwrap();
    for name in ["provinces", "counties"] {
        check_rings_closed(&topology, name).unwrap();
        assert!(!topology.features("t.topojson", name).unwrap().is_empty());
    }
}

fn check_topology(text: &str) -> TestCaseResult {
    match Topology::parse("fuzz.topojson", text) {
        Err(e) => prop_assert!(names_file(&e, "fuzz.topojson"), "{e}"),
        Ok(topology) => {
            let names: Vec<String> = topology.object_names().map(str::to_string).collect();
            for name in names.iter().map(String::as_str).chain(["missing"]) {
                match topology.features("fuzz.topojson", name) {
                    Err(e) => prop_assert!(names_file(&e, "fuzz.topojson"), "{e}"),
                    Ok(features) => {
                        for feature in features {
                            for polygon in &feature.geometry.0 {
                                let _ = polygon.exterior().0.len();
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Structure-aware and still valid JSON: the rings of the real topology with arc indexes
/// replaced, reversed, dropped or repeated. Rings made of whole arcs in their real order stay
/// closed.
#[derive(Clone, Debug)]
enum RingEdit {
    Replace(Index, i64),
    Reverse(Index),
    Drop(Index),
    Repeat(Index),
}

fn ring_edits() -> impl Strategy<Value = Vec<RingEdit>> {
    let index = prop_oneof![
        -300i64..300,
        Just(i64::MIN),
        Just(i64::MAX),
        Just(-1i64),
        any::<i64>()
    ];
    let edit = prop_oneof![
        (any::<Index>(), index).prop_map(|(i, v)| RingEdit::Replace(i, v)),
        any::<Index>().prop_map(RingEdit::Reverse),
        any::<Index>().prop_map(RingEdit::Drop),
        any::<Index>().prop_map(RingEdit::Repeat),
    ];
    proptest::collection::vec(edit, 0..6)
}

fn edit_arc_indexes(text: &str, edits: &[RingEdit]) -> String {
    /// Visits every ring (a list of integers) in document order.
    fn each_ring(value: &mut Value, f: &mut dyn FnMut(&mut Vec<Value>)) {
        match value {
            Value::Array(items) if items.iter().all(Value::is_i64) => f(items),
            Value::Array(items) => items.iter_mut().for_each(|item| each_ring(item, f)),
            Value::Object(map) => map.values_mut().for_each(|item| each_ring(item, f)),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_str(text).unwrap();
    let mut rings: Vec<Vec<Value>> = Vec::new();
    each_ring(&mut value["objects"], &mut |ring| rings.push(ring.clone()));
    for edit in edits {
        let count = rings.len();
        let pick = |i: &Index| i.index(count);
        match edit {
            RingEdit::Replace(i, v) => {
                let ring = &mut rings[pick(i)];
                if !ring.is_empty() {
                    let at = i.index(ring.len());
                    ring[at] = json!(v);
                }
            }
            RingEdit::Reverse(i) => rings[pick(i)].reverse(),
            RingEdit::Drop(i) => {
                let ring = &mut rings[pick(i)];
                if !ring.is_empty() {
                    let at = i.index(ring.len());
                    ring.remove(at);
                }
            }
            RingEdit::Repeat(i) => {
                let ring = &mut rings[pick(i)];
                if let Some(first) = ring.first().cloned() {
                    ring.push(first);
                }
            }
        }
    }
    let mut edited = rings.into_iter();
    each_ring(&mut value["objects"], &mut |ring| {
        *ring = edited.next().unwrap();
    });
    value.to_string()
}

#[test]
fn fuzz_topojson_arbitrary_text() {
    fuzz("topojson_arbitrary_text", 64, "\\PC{0,200}", |text| {
        check_topology(&text)
    });
}

#[test]
fn fuzz_topojson_mutated_bytes() {
    fuzz("topojson_mutated_bytes", 64, edits(JSON_TOKENS), |edits| {
        check_topology(&mutate_text(small_topology(), &edits))
    });
}

#[test]
fn fuzz_topojson_arc_indexes() {
    fuzz("topojson_arc_indexes", 64, ring_edits(), |edits| {
        let text = edit_arc_indexes(small_topology(), &edits);
        check_topology(&text)?;
        if edits.is_empty() {
            let topology = Topology::parse("t.topojson", &text).unwrap();
            check_rings_closed(&topology, "provinces")?;
            check_rings_closed(&topology, "counties")?;
        }
        Ok(())
    });
}
