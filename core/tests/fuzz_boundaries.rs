//! Fuzz targets for township boundaries (`import::read_boundaries`) on the real fixtures
//! mutated byte by byte and value by value (GeoJSON read straight into coordinates, TopoJSON
//! through its decoder), and for the import session the page's worker runs. The property: no
//! panic, errors name the file, every feature is joined or rejected, and every reply is a reply.

mod fuzz;

use atlas_core::date::Day;
use atlas_core::import::{
    BoundaryChoices, ColumnMapping, ImportSession, Reply, Request, StationChoices,
};
use fuzz::{apply, edits, full_atlas, fuzz, names_file, repo_file, repo_text, JSON_TOKENS};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseResult;
use serde_json::{json, Value};

const BOUNDARY_FIXTURES: &[&str] = &[
    "good.geojson",
    "good.topojson",
    "gcj02.geojson",
    "two_code_properties.geojson",
    "selfintersect.geojson",
];

const GEOJSON_TOKENS: &[&str] = &[
    "\"Polygon\"",
    "\"MultiPolygon\"",
    "\"Point\"",
    "\"coordinates\":",
    "\"geometry\":null,",
    "[[[",
    "]]]",
    "[]",
    "[1e400,2]",
    "[-0.0,90]",
    "\"type\":\"Topology\",",
    "\"properties\":{\"code\":\"522301001\"},",
];

fn check_boundaries(file: &str, bytes: &[u8]) -> TestCaseResult {
    match atlas_core::import::read_boundaries(file, bytes, None, full_atlas()) {
        Err(e) => prop_assert!(names_file(&e, file), "{e}"),
        Ok(import) => {
            prop_assert_eq!(import.features_read, import.joined() + import.rejected());
            prop_assert_eq!(import.townships.len(), import.joined());
            let csv = import.to_csv(atlas_core::lang::Lang::En);
            prop_assert!(csv.lines().count() > import.features_read);
            let _ = import.crs.to_string();
        }
    }
    Ok(())
}

#[test]
fn fuzz_boundaries_mutated_fixtures() {
    let fixtures: Vec<Vec<u8>> = BOUNDARY_FIXTURES
        .iter()
        .map(|name| repo_file(&format!("tests/fixtures/boundaries/{name}")))
        .collect();
    let mut tokens: Vec<&'static str> = GEOJSON_TOKENS.to_vec();
    tokens.extend(JSON_TOKENS);
    let tokens: &'static [&'static str] = tokens.leak();
    fuzz(
        "boundaries_mutated_fixtures",
        32,
        (0..BOUNDARY_FIXTURES.len(), edits(tokens)),
        |(which, edits)| {
            check_boundaries(BOUNDARY_FIXTURES[which], &apply(&fixtures[which], &edits))
        },
    );
}

/// A change to one node of a JSON document: most byte mutations break the syntax, so these keep
/// it and break the meaning instead (a position that is a string, a ring of one point, a feature
/// without geometry, a code that is a number).
#[derive(Clone, Debug)]
enum ValueEdit {
    Replace(Index, Value),
    Remove(Index),
    Duplicate(Index),
}

fn value_edits() -> impl Strategy<Value = Vec<ValueEdit>> {
    let replacement = prop_oneof![
        Just(Value::Null),
        Just(json!([])),
        Just(json!([[]])),
        Just(json!({})),
        Just(json!("Polygon")),
        Just(json!("MultiPolygon")),
        Just(json!("LineString")),
        Just(json!("522301001000")),
        Just(json!(522301002)),
        Just(json!("522301")),
        Just(json!([105.0, 25.0])),
        Just(json!([25.0, 105.0])),
        Just(json!([35_500_000.0, 2_770_000.0])),
        Just(json!([[104.9, 25.0], [104.9, 25.0]])),
        Just(json!([[
            [104.8, 25.0],
            [104.9, 25.1],
            [104.8, 25.1],
            [104.9, 25.0],
            [104.8, 25.0]
        ]])),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,6}".prop_map(Value::from),
    ];
    let edit = prop_oneof![
        4 => (any::<Index>(), replacement).prop_map(|(i, v)| ValueEdit::Replace(i, v)),
        2 => any::<Index>().prop_map(ValueEdit::Remove),
        1 => any::<Index>().prop_map(ValueEdit::Duplicate),
    ];
    proptest::collection::vec(edit, 1..6)
}

fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(a) => a.iter().map(node_count).sum(),
        Value::Object(o) => o.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Applies `edit` to the node numbered `target` in depth-first order (0 is the root, which is
/// never removed); returns whether it was done.
fn edit_node(value: &mut Value, target: &mut usize, edit: &ValueEdit) -> bool {
    let children: Vec<&mut Value> = match value {
        Value::Array(a) => a.iter_mut().collect(),
        Value::Object(o) => o.values_mut().collect(),
        _ => return false,
    };
    let mut hit = None;
    for (i, child) in children.into_iter().enumerate() {
        *target -= 1;
        if *target == 0 {
            hit = Some(i);
            break;
        }
        if edit_node(child, target, edit) {
            return true;
        }
    }
    let Some(i) = hit else { return false };
    match (value, edit) {
        (Value::Array(a), ValueEdit::Replace(_, v)) => a[i] = v.clone(),
        (Value::Array(a), ValueEdit::Remove(_)) => {
            a.remove(i);
        }
        (Value::Array(a), ValueEdit::Duplicate(_)) => {
            let copy = a[i].clone();
            a.insert(i, copy);
        }
        (Value::Object(o), ValueEdit::Replace(_, v)) => {
            if let Some(slot) = o.values_mut().nth(i) {
                *slot = v.clone();
            }
        }
        (Value::Object(o), _) => {
            if let Some(key) = o.keys().nth(i).cloned() {
                o.remove(&key);
            }
        }
        _ => return false,
    }
    true
}

#[test]
fn fuzz_boundaries_edited_values() {
    let bases: Vec<Value> = [
        "good.geojson",
        "two_code_properties.geojson",
        "good.topojson",
    ]
    .iter()
    .map(|n| serde_json::from_str(&repo_text(&format!("tests/fixtures/boundaries/{n}"))).unwrap())
    .collect();
    fuzz(
        "boundaries_edited_values",
        32,
        (0..bases.len(), value_edits()),
        |(which, edits)| {
            let mut doc = bases[which].clone();
            for edit in &edits {
                let (ValueEdit::Replace(i, _) | ValueEdit::Remove(i) | ValueEdit::Duplicate(i)) =
                    edit;
                let nodes = node_count(&doc);
                if nodes > 1 {
                    let mut target = 1 + i.index(nodes - 1);
                    edit_node(&mut doc, &mut target, edit);
                }
            }
            let name = if which == 2 {
                "edited.topojson"
            } else {
                "edited.geojson"
            };
            check_boundaries(name, doc.to_string().as_bytes())
        },
    );
}

/// One click of a user in the import dialog.
#[derive(Clone, Debug)]
enum Step {
    Stations(usize),
    Remap(ColumnMapping),
    Boundaries(usize, BoundaryChoices),
    Rechoose(BoundaryChoices),
}

/// Column choices, each column perhaps one the file does not have.
fn mappings() -> impl Strategy<Value = ColumnMapping> {
    let column = proptest::option::of(0..10usize);
    (
        column.clone(),
        column.clone(),
        column.clone(),
        column.clone(),
        column.clone(),
        column,
    )
        .prop_map(
            |(code, township, county, status, star, opened)| ColumnMapping {
                code,
                township,
                county,
                status,
                star,
                opened,
                ..ColumnMapping::default()
            },
        )
}

/// Boundary choices, the code property perhaps one no feature has.
fn boundary_choices() -> impl Strategy<Value = BoundaryChoices> {
    (
        proptest::option::of(proptest::sample::select(vec![
            "code", "XZQDM", "adcode", "name", "nope",
        ])),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(key, swap_lon_lat, convert_gcj02, keep_gcj02)| BoundaryChoices {
                code_property: key.map(str::to_string),
                swap_lon_lat,
                convert_gcj02,
                keep_gcj02,
                accepted: Default::default(),
            },
        )
}

fn steps() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..2usize).prop_map(Step::Stations),
        mappings().prop_map(Step::Remap),
        (0..2usize, boundary_choices()).prop_map(|(i, c)| Step::Boundaries(i, c)),
        boundary_choices().prop_map(Step::Rechoose),
    ]
}

/// Files by name and their bytes, from `tests/fixtures/{dir}`.
fn fixture_files(dir: &str, names: [&'static str; 2]) -> Vec<(&'static str, Vec<u8>)> {
    names
        .iter()
        .map(|n| (*n, repo_file(&format!("tests/fixtures/{dir}/{n}"))))
        .collect()
}

/// The request a step makes, with the file it sends, if any.
fn request(
    step: Step,
    station_files: &[(&str, Vec<u8>)],
    boundary_files: &[(&str, Vec<u8>)],
) -> (Request, Option<Vec<u8>>) {
    match step {
        Step::Stations(i) => (
            Request::Stations {
                file: station_files[i].0.into(),
                today: Day::from_ymd(2026, 11, 23),
                choices: None,
                recipe: None,
                encoding: None,
            },
            Some(station_files[i].1.clone()),
        ),
        Step::Remap(mapping) => (
            Request::Remap {
                choices: StationChoices::with_mapping(mapping),
            },
            None,
        ),
        Step::Boundaries(i, choices) => (
            Request::Boundaries {
                file: boundary_files[i].0.into(),
                choices,
            },
            Some(boundary_files[i].1.clone()),
        ),
        Step::Rechoose(choices) => (Request::Rechoose { choices }, None),
    }
}

/// Every reply is a reply: a join that accounts for its rows, shapes that unpack, or a message.
fn check_reply(reply: Reply, coords: &[f64]) -> TestCaseResult {
    match reply {
        Reply::Stations(loaded) => {
            if let Ok(report) = &loaded.outcome {
                prop_assert!(report.accounts_for_every_row());
            }
        }
        Reply::Boundaries(loaded) => {
            let import = loaded.into_import(coords);
            prop_assert!(import.is_ok(), "{import:?}");
        }
        Reply::Failed { message } => prop_assert!(!message.en.is_empty() && !message.zh.is_empty()),
        other => prop_assert!(false, "unexpected reply {other:?}"),
    }
    Ok(())
}

/// Sequences of requests as a user's clicks make them, with columns and properties that may not
/// exist: every reply is a reply, every join accounts for its rows, shapes unpack.
#[test]
fn fuzz_import_session_requests() {
    let station_files = fixture_files("good", ["stations_gbk.csv", "stations.json"]);
    let boundary_files = fixture_files(
        "boundaries",
        ["good.geojson", "two_code_properties.geojson"],
    );
    fuzz(
        "import_session_requests",
        8,
        proptest::collection::vec(steps(), 1..6),
        |steps| {
            let mut session = ImportSession::new(full_atlas().clone());
            for step in steps {
                let (request, bytes) = request(step, &station_files, &boundary_files);
                let (reply, coords) = session.handle(request, bytes, &mut |_| {});
                check_reply(reply, &coords)?;
            }
            Ok(())
        },
    );
}
