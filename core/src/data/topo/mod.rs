//! TopoJSON: decoding (quantized, delta-encoded arcs) into `geo` polygons here, and writing
//! polygons as a topology with shared, simplified borders in [`build`] ([`write_topology`]).
//!
//! Hand-written rather than the `topojson` crate: that crate converts to an older `geojson`
//! major version than the rest of the workspace, and the decoding itself is the small part of
//! the spec that matters here (Polygon/MultiPolygon, transform, reversed arcs).

use std::cell::Cell;
use std::collections::BTreeMap;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::DataError;
use crate::lang::Text;
use crate::limits::Limit;

pub mod build;

pub use build::{write_topology, TopologyOptions, METRES_PER_DEGREE};

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

/// A parsed TopoJSON file, arcs still quantized and delta-encoded; [`Topology::features`]
/// decodes one object at a time.
#[derive(Deserialize)]
pub struct Topology {
    #[serde(rename = "type")]
    kind: String,
    transform: Option<Transform>,
    arcs: Vec<Vec<Position>>,
    objects: BTreeMap<String, Value>,
}

/// One position of an arc: its first two numbers (a missing one reads as NaN, which
/// [`Topology::features`] refuses as GeoJSON does: it must not become 0), any further ones
/// (elevation) skipped. Two numbers in place, not a `Vec` each: a national topology has tens of
/// millions of positions, and a `Vec` per position tripled what parsing it cost.
#[derive(Clone, Copy)]
struct Position([f64; 2]);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Position;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a position: a list of numbers")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Position, A::Error> {
                let x = seq.next_element::<f64>()?.unwrap_or(f64::NAN);
                let y = seq.next_element::<f64>()?.unwrap_or(f64::NAN);
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Position([x, y]))
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

/// One geometry of a TopoJSON object with its properties.
#[derive(Clone, Debug)]
pub struct TopoFeature {
    /// The feature's `properties` as in the file (e.g. `code`, `name`); empty when it has none.
    pub properties: Map<String, Value>,
    /// The shape in the file's own coordinates (lon/lat for the shipped outlines). A Polygon
    /// becomes a one-polygon MultiPolygon; a null geometry, an empty one.
    pub geometry: MultiPolygon<f64>,
}

impl Topology {
    /// Parses the JSON and checks `"type": "Topology"`; arcs are decoded only by
    /// [`Topology::features`]. `file_name` is only for the error.
    pub fn parse(file_name: &str, text: &str) -> Result<Topology, DataError> {
        let topology: Topology = serde_json::from_str(text).map_err(|e| {
            DataError::file(
                file_name,
                Text::new(
                    format!("不是有效的 TopoJSON：{e}"),
                    format!("not valid TopoJSON: {e}"),
                ),
            )
        })?;
        if topology.kind != "Topology" {
            return Err(DataError::file(
                file_name,
                Text::new(
                    format!("应为 \"type\": \"Topology\"，实为 {:?}", topology.kind),
                    format!("expected \"type\": \"Topology\", found {:?}", topology.kind),
                ),
            ));
        }
        if let Some(t) = &topology.transform {
            check_transform(file_name, t)?;
        }
        Ok(topology)
    }

    /// Names of the file's top-level objects, in alphabetical order.
    pub fn object_names(&self) -> impl Iterator<Item = &str> {
        self.objects.keys().map(String::as_str)
    }

    /// Decodes every arc once into absolute coordinates. A position without two finite
    /// numbers is an error naming its arc and position (1-based), as GeoJSON refuses one: a
    /// missing value must not become 0.
    fn decoded_arcs(&self, file_name: &str) -> Result<Vec<Vec<Coord<f64>>>, DataError> {
        let (scale, translate) = match &self.transform {
            Some(t) => (t.scale, t.translate),
            None => ([1.0, 1.0], [0.0, 0.0]),
        };
        let delta_encoded = self.transform.is_some();
        let mut out = Vec::with_capacity(self.arcs.len());
        for (arc_index, arc) in self.arcs.iter().enumerate() {
            let (mut x, mut y) = (0.0, 0.0);
            let mut points = Vec::with_capacity(arc.len());
            for (point_index, p) in arc.iter().enumerate() {
                let Position([dx, dy]) = *p;
                if !(dx.is_finite() && dy.is_finite()) {
                    return Err(bad_position(file_name, arc_index, point_index, p));
                }
                if delta_encoded {
                    (x, y) = (x + dx, y + dy);
                } else {
                    (x, y) = (dx, dy);
                }
                points.push(Coord {
                    x: x * scale[0] + translate[0],
                    y: y * scale[1] + translate[1],
                });
            }
            out.push(points);
        }
        Ok(out)
    }

    /// The polygon features of object `name`. A feature of another geometry type, or one that
    /// points at an arc that does not exist, is an error naming the feature.
    pub fn features(&self, file_name: &str, name: &str) -> Result<Vec<TopoFeature>, DataError> {
        let object = self.objects.get(name).ok_or_else(|| {
            let found = self.objects.keys().collect::<Vec<_>>();
            DataError::file(
                file_name,
                Text::new(
                    format!("应有名为 {name:?} 的对象，实有 {found:?}"),
                    format!("expected an object named {name:?}, found {found:?}"),
                ),
            )
        })?;
        let arcs = self.decoded_arcs(file_name)?;
        let mut features = Vec::new();
        let points = Cell::new(0);
        let shared = Shared {
            file_name,
            arcs: &arcs,
            points: &points,
        };
        collect_features(&shared, name, object, &mut features)?;
        Ok(features)
    }
}

/// A transform whose scale is not a positive number mirrors or flattens every shape (a
/// negative x scale puts a county's townships hundreds of kilometres away, mirrored), and one
/// that is not finite has no place to put them.
fn check_transform(file_name: &str, t: &Transform) -> Result<(), DataError> {
    let [sx, sy] = t.scale;
    if !(sx > 0.0 && sy > 0.0 && sx.is_finite() && sy.is_finite()) {
        return Err(DataError::file(
            file_name,
            Text::new(
                format!("TopoJSON 的 transform.scale 应为两个正数，实为 [{sx}, {sy}]：负数会把图形镜像翻转，零会把它们压成一点"),
                format!("expected TopoJSON transform.scale to be two positive numbers, found [{sx}, {sy}]: a negative scale mirrors the shapes, a zero one flattens them"),
            ),
        ));
    }
    if !t.translate.iter().all(|v| v.is_finite()) {
        return Err(DataError::file(
            file_name,
            Text::new(
                "TopoJSON 的 transform.translate 应为两个有限数",
                "expected TopoJSON transform.translate to be two finite numbers",
            ),
        ));
    }
    Ok(())
}

/// A TopoJSON arc position that is not two numbers.
fn bad_position(file_name: &str, arc_index: usize, point_index: usize, p: &Position) -> DataError {
    let (arc, point) = (arc_index + 1, point_index + 1);
    // A missing number was read as NaN (JSON has no NaN of its own): show what the file has.
    let present: Vec<f64> = p.0.iter().copied().filter(|v| !v.is_nan()).collect();
    let found = serde_json::to_string(&present).unwrap_or_default();
    DataError::file(
        file_name,
        Text::new(
            format!("TopoJSON 第 {arc} 条弧（arcs[{arc_index}]）的第 {point} 个坐标点应为两个数，实为 {found}"),
            format!("expected two numbers at position {point} of TopoJSON arc {arc} (arcs[{arc_index}]), found {found}"),
        ),
    )
}

/// What every feature of one object is decoded with: the file's name for messages, its decoded
/// arcs, and the points stitched so far, held to [`Limit::TopologyPoints`].
struct Shared<'a> {
    file_name: &'a str,
    arcs: &'a [Vec<Coord<f64>>],
    points: &'a Cell<u64>,
}

fn collect_features(
    shared: &Shared,
    path: &str,
    geometry: &Value,
    out: &mut Vec<TopoFeature>,
) -> Result<(), DataError> {
    let file_name = shared.file_name;
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let properties = geometry
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let label = || {
        properties
            .get("name")
            .or_else(|| properties.get("code"))
            .map(|v| format!("{path} {v}"))
            // Counted from 1, as every other feature number the user reads.
            .unwrap_or_else(|| format!("{path} #{}", out.len() + 1))
    };
    let bad = |message: Text| DataError::feature(file_name, label(), message);
    let rings = |value: &Value| -> Result<Vec<LineString<f64>>, DataError> {
        let list = value
            .as_array()
            .ok_or_else(|| bad(Text::new("应为环的列表", "expected a list of rings")))?;
        list.iter()
            .map(|ring| stitch_ring(ring, shared).map_err(&bad))
            .collect()
    };
    let polygon = |value: &Value| -> Result<Option<Polygon<f64>>, DataError> {
        let mut rings = rings(value)?.into_iter();
        Ok(rings
            .next()
            .map(|exterior| Polygon::new(exterior, rings.collect())))
    };
    match kind {
        "GeometryCollection" => {
            let members = geometry
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or_else(|| bad(Text::new("缺少 \"geometries\"", "expected \"geometries\"")))?;
            for member in members {
                collect_features(shared, path, member, out)?;
            }
        }
        "Polygon" => {
            let arcs_value = geometry.get("arcs").unwrap_or(&Value::Null);
            let polygons = polygon(arcs_value)?.into_iter().collect();
            out.push(TopoFeature {
                properties,
                geometry: MultiPolygon(polygons),
            });
        }
        "MultiPolygon" => {
            let parts = geometry
                .get("arcs")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    bad(Text::new(
                        "\"arcs\" 应为多边形的列表",
                        "expected \"arcs\" as a list of polygons",
                    ))
                })?;
            let mut polygons = Vec::with_capacity(parts.len());
            for part in parts {
                polygons.extend(polygon(part)?);
            }
            out.push(TopoFeature {
                properties,
                geometry: MultiPolygon(polygons),
            });
        }
        // A feature without geometry (TopoJSON's null type) carries no shape to draw.
        "" | "null" => {
            out.push(TopoFeature {
                properties,
                geometry: MultiPolygon(vec![]),
            });
        }
        other => {
            return Err(bad(Text::new(
                format!("应为 Polygon 或 MultiPolygon，实为 {other}"),
                format!("expected Polygon or MultiPolygon, found {other}"),
            )))
        }
    }
    Ok(())
}

/// Joins arc references into one closed ring; `~i` (negative) walks arc `i` backwards.
/// The ring's references are held to [`Limit::RingArcs`] and the points stitched so far to
/// [`Limit::TopologyPoints`], before they are copied.
fn stitch_ring(ring: &Value, shared: &Shared) -> Result<LineString<f64>, Text> {
    let arcs = shared.arcs;
    let indexes = ring.as_array().ok_or_else(|| {
        Text::new(
            "环应为弧索引的列表",
            "expected a ring as a list of arc indexes",
        )
    })?;
    Limit::RingArcs.check(indexes.len() as u64)?;
    let mut coords: Vec<Coord<f64>> = Vec::new();
    for index in indexes {
        let index = index.as_i64().ok_or_else(|| {
            Text::new(
                format!("应为弧索引，实为 {index}"),
                format!("expected an arc index, found {index}"),
            )
        })?;
        let (arc_index, reversed) = if index < 0 {
            ((!index) as usize, true)
        } else {
            (index as usize, false)
        };
        let arc = arcs.get(arc_index).ok_or_else(|| {
            Text::new(
                format!("弧 {arc_index} 不存在（文件共有 {} 条弧）", arcs.len()),
                format!(
                    "arc {arc_index} does not exist (the file has {} arcs)",
                    arcs.len()
                ),
            )
        })?;
        let points = shared.points.get() + arc.len() as u64;
        Limit::TopologyPoints.check(points)?;
        shared.points.set(points);
        let points: Box<dyn Iterator<Item = &Coord<f64>>> = if reversed {
            Box::new(arc.iter().rev())
        } else {
            Box::new(arc.iter())
        };
        // Consecutive arcs share their joining point.
        let skip = usize::from(!coords.is_empty());
        coords.extend(points.skip(skip));
    }
    Ok(LineString::new(coords))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    // Two unit squares side by side sharing the arc x=1, quantized with scale 1.
    const TWO_SQUARES: &str = r#"{
      "type": "Topology",
      "transform": {"scale": [1, 1], "translate": [100, 20]},
      "arcs": [
        [[1, 0], [0, 1]],
        [[1, 1], [-1, 0], [0, -1], [1, 0]],
        [[1, 0], [1, 0], [0, 1], [-1, 0]]
      ],
      "objects": {"counties": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "properties": {"code": "522301", "name": "A"}},
        {"type": "MultiPolygon", "arcs": [[[2, -1]]], "properties": {"code": "522302", "name": "B"}}
      ]}}
    }"#;

    #[test]
    fn shared_arcs_decode_to_touching_squares() {
        let topology = Topology::parse("t.topojson", TWO_SQUARES).unwrap();
        let features = topology.features("t.topojson", "counties").unwrap();
        assert_eq!(features.len(), 2);
        for feature in &features {
            assert!((feature.geometry.unsigned_area() - 1.0).abs() < 1e-9);
        }
        let a = &features[0].geometry.0[0].exterior().0;
        assert_eq!(a.first(), a.last(), "ring closes");
        assert_eq!(a[0], Coord { x: 101.0, y: 20.0 });
        assert_eq!(features[1].properties["code"], "522302");
    }

    #[test]
    fn bad_input_names_file_and_feature() {
        let err = Topology::parse(
            "x.topojson",
            "{\"type\":\"FeatureCollection\",\"arcs\":[],\"objects\":{}}",
        )
        .err()
        .unwrap();
        assert!(err
            .to_string()
            .starts_with("x.topojson: expected \"type\": \"Topology\""));
        let missing_arc = TWO_SQUARES.replace("[[2, -1]]", "[[7, -1]]");
        let topology = Topology::parse("t.topojson", &missing_arc).unwrap();
        let err = topology
            .features("t.topojson", "counties")
            .unwrap_err()
            .to_string();
        assert!(err.contains("feature counties \"B\""), "{err}");
        assert!(err.contains("arc 7 does not exist"), "{err}");
        let err = topology
            .features("t.topojson", "towns")
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected an object named \"towns\""), "{err}");
    }
}
