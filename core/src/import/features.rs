//! A boundary feature as read, before any check, and the reader that gets features through a
//! JSON tree (`serde_json::Value`): TopoJSON, and files that are not GeoJSON of a kind the direct
//! reader takes, whose error messages come from the tree.
//!
//! Both readers make these types: [`super::geojson`] straight from GeoJSON text, this module from
//! a tree. They live apart from [`super::boundaries`], which checks and joins them, so the
//! imports run one way: `boundaries` → `geojson` → `features`.

use geo::Coord;
use serde_json::{Map, Value};

use crate::data::topo::Topology;
use crate::error::DataError;
use crate::lang::Text;

/// A feature as read, before any check.
pub(super) struct RawFeature {
    /// The feature's properties, empty when it has none.
    pub properties: Map<String, Value>,
    /// The geometry as found, before any repair.
    pub geometry: RawGeometry,
}

/// A feature's geometry as found: polygons to check, or why there are none.
pub(super) enum RawGeometry {
    /// Polygons → rings → points, exactly as the file has them (rings possibly unclosed).
    Polygons(Vec<Vec<Vec<Coord<f64>>>>),
    /// Another type, or none (`"null"`).
    Other(String),
    /// Polygon-typed but unreadable coordinates, and why.
    Malformed(Text),
}

/// The features as the JSON-tree reader gives them, to check the direct reader against.
#[cfg(test)]
pub(super) fn read_features_via_tree(file: &str, text: &str) -> Result<Vec<RawFeature>, DataError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| DataError::file(file, e.to_string()))?;
    features_from_tree(file, text, &value)
}

/// The features of a parsed document: every object of a TopoJSON topology, or the features of
/// GeoJSON (FeatureCollection, Feature, bare Polygon/MultiPolygon). Errors name the file.
pub(super) fn features_from_tree(
    file: &str,
    text: &str,
    value: &Value,
) -> Result<Vec<RawFeature>, DataError> {
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "Topology" => topology_features(file, text),
        "FeatureCollection" => {
            let list = value
                .get("features")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    DataError::file(
                        file,
                        Text::new(
                            "FeatureCollection 缺少 \"features\"",
                            "FeatureCollection without \"features\"",
                        ),
                    )
                })?;
            Ok(list.iter().map(raw_feature).collect())
        }
        "Feature" => Ok(vec![raw_feature(value)]),
        "Polygon" | "MultiPolygon" | "GeometryCollection" => Ok(vec![RawFeature {
            properties: Map::new(),
            geometry: raw_geometry(value),
        }]),
        other => Err(DataError::file(
            file,
            Text::new(
                format!(
                    "应为 GeoJSON（FeatureCollection、Feature、Polygon）或 TopoJSON\
                     （\"type\": \"Topology\"），实为 \"type\": {other:?}"
                ),
                format!(
                    "expected GeoJSON (FeatureCollection, Feature, Polygon) or TopoJSON \
                     (\"type\": \"Topology\"), found \"type\": {other:?}"
                ),
            ),
        )),
    }
}

/// Every feature of every object of a TopoJSON topology, its polygons as rings of points.
/// Read from the text itself, never through a JSON tree of it (which costs many times the file).
pub(super) fn topology_features(file: &str, text: &str) -> Result<Vec<RawFeature>, DataError> {
    let topology = Topology::parse(file, text)?;
    let names: Vec<String> = topology.object_names().map(str::to_string).collect();
    let mut out = Vec::new();
    for name in names {
        for feature in topology.features(file, &name)? {
            let polygons = (feature.geometry.0.into_iter())
                .map(|p| {
                    let (exterior, interiors) = p.into_inner();
                    (std::iter::once(exterior).chain(interiors))
                        .map(|r| r.0)
                        .collect()
                })
                .collect();
            out.push(RawFeature {
                properties: feature.properties,
                geometry: RawGeometry::Polygons(polygons),
            });
        }
    }
    Ok(out)
}

fn raw_feature(value: &Value) -> RawFeature {
    RawFeature {
        properties: value
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        geometry: value
            .get("geometry")
            .map(raw_geometry)
            .unwrap_or(RawGeometry::Other("no geometry".into())),
    }
}

fn raw_geometry(geometry: &Value) -> RawGeometry {
    if geometry.is_null() {
        return RawGeometry::Other("null".into());
    }
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("?");
    let coordinates = geometry.get("coordinates").unwrap_or(&Value::Null);
    let result = match kind {
        "Polygon" => polygon_coords(coordinates).map(|p| vec![p]),
        "MultiPolygon" => coordinates
            .as_array()
            .ok_or(Text::new("应为一组多边形", "expected a list of polygons"))
            .and_then(|list| list.iter().map(polygon_coords).collect()),
        other => return RawGeometry::Other(other.to_string()),
    };
    match result {
        Ok(p) => RawGeometry::Polygons(p),
        Err(e) => RawGeometry::Malformed(e),
    }
}

fn polygon_coords(value: &Value) -> Result<Vec<Vec<Coord<f64>>>, Text> {
    let rings = value
        .as_array()
        .ok_or(Text::new("应为一组环", "expected a list of rings"))?;
    rings
        .iter()
        .map(|ring| {
            ring.as_array()
                .ok_or(Text::new(
                    "应为由坐标点组成的环",
                    "expected a ring of positions",
                ))?
                .iter()
                .map(|p| {
                    let x = p.get(0).and_then(Value::as_f64);
                    let y = p.get(1).and_then(Value::as_f64);
                    match (x, y) {
                        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok(Coord { x, y }),
                        _ => Err(Text::new(
                            format!("坐标点有误：{p}"),
                            format!("bad position {p}"),
                        )),
                    }
                })
                .collect()
        })
        .collect()
}
