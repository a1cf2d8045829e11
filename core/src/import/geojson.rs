//! GeoJSON read straight into coordinates. Going through a JSON tree (`serde_json::Value`) costs
//! about a hundred bytes per position; a province of surveyed townships then needs ten times the
//! file's size in memory, more than a browser tab holds. Here a position costs its 16 bytes from
//! the start, and a feature whose coordinates are malformed is marked so (the report names it)
//! instead of failing the whole file.

use std::fmt;

use geo::Coord;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::lang::Text;

use super::features::{RawFeature, RawGeometry};

/// The parts of a GeoJSON document this reads; the rest (TopoJSON's arcs, say) is skipped.
#[derive(Deserialize)]
pub(super) struct GeoDocument {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    features: Option<Vec<GeoFeature>>,
    /// A lone Feature's.
    #[serde(default)]
    properties: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "present")]
    geometry: Option<Option<GeoGeometry>>,
    /// A bare geometry's.
    #[serde(default)]
    coordinates: Option<Coords>,
    #[serde(default)]
    crs: Option<Value>,
}

#[derive(Deserialize)]
struct GeoFeature {
    #[serde(default)]
    properties: Option<Map<String, Value>>,
    /// Outer `None`: no `geometry` key; inner `None`: `"geometry": null`.
    #[serde(default, deserialize_with = "present")]
    geometry: Option<Option<GeoGeometry>>,
}

#[derive(Deserialize)]
struct GeoGeometry {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    coordinates: Option<Coords>,
}

/// A key that is there, even as `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl GeoDocument {
    /// The features, with the declared CRS name; `None` when the document is not GeoJSON of a
    /// kind read here (TopoJSON, or another `type`), for the caller's slower path and messages.
    pub fn into_features(self) -> Option<(Vec<RawFeature>, Option<String>)> {
        let crs = self
            .crs
            .as_ref()
            .and_then(|c| c.pointer("/properties/name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let features = match self.kind.as_str() {
            "FeatureCollection" => self
                .features?
                .into_iter()
                .map(|f| raw_feature(f.properties, f.geometry))
                .collect(),
            "Feature" => vec![raw_feature(self.properties, self.geometry)],
            "Polygon" | "MultiPolygon" => vec![RawFeature {
                properties: Map::new(),
                geometry: raw_geometry(GeoGeometry {
                    kind: Some(self.kind),
                    coordinates: self.coordinates,
                }),
            }],
            _ => return None,
        };
        Some((features, crs))
    }
}

fn raw_feature(
    properties: Option<Map<String, Value>>,
    geometry: Option<Option<GeoGeometry>>,
) -> RawFeature {
    RawFeature {
        properties: properties.unwrap_or_default(),
        geometry: match geometry {
            None => RawGeometry::Other("no geometry".into()),
            Some(None) => RawGeometry::Other("null".into()),
            Some(Some(g)) => raw_geometry(g),
        },
    }
}

fn raw_geometry(geometry: GeoGeometry) -> RawGeometry {
    let kind = geometry.kind.unwrap_or_else(|| "?".into());
    let coordinates = geometry
        .coordinates
        .unwrap_or_else(|| Coords::Bad(Text::new("没有坐标", "no coordinates")));
    match (kind.as_str(), coordinates) {
        ("Polygon", Coords::Polygon(rings)) => RawGeometry::Polygons(vec![rings]),
        ("Polygon", Coords::Empty) => RawGeometry::Polygons(vec![Vec::new()]),
        ("MultiPolygon", Coords::Multi(polygons)) => RawGeometry::Polygons(polygons),
        // `[[], []]`: polygons without rings, read as empty.
        ("MultiPolygon", Coords::Polygon(rings)) if rings.iter().all(Vec::is_empty) => {
            RawGeometry::Polygons(rings.into_iter().map(|_| Vec::new()).collect())
        }
        ("MultiPolygon", Coords::Empty) => RawGeometry::Polygons(Vec::new()),
        ("Polygon" | "MultiPolygon", Coords::Bad(why)) => RawGeometry::Malformed(why),
        ("Polygon" | "MultiPolygon", other) => {
            let found = other.describe();
            RawGeometry::Malformed(Text::new(
                format!("应为 {kind} 的坐标，实为{}", found.zh),
                format!("expected the coordinates of a {kind}, found {}", found.en),
            ))
        }
        _ => RawGeometry::Other(kind),
    }
}

/// Coordinates of any depth, told apart by their first element.
pub(super) enum Coords {
    Number(f64),
    Position(Coord<f64>),
    Ring(Vec<Coord<f64>>),
    Polygon(Vec<Vec<Coord<f64>>>),
    Multi(Vec<Vec<Vec<Coord<f64>>>>),
    Empty,
    Bad(Text),
}

impl Coords {
    fn describe(&self) -> Text {
        let (zh, en) = match self {
            Coords::Number(_) => ("一个数", "a number"),
            Coords::Position(_) => ("一个坐标点", "one position"),
            Coords::Ring(_) => ("一串坐标点", "a list of positions"),
            Coords::Polygon(_) => ("一组环", "a list of rings"),
            Coords::Multi(_) => ("一组多边形", "a list of polygons"),
            Coords::Empty => ("空列表", "an empty list"),
            Coords::Bad(_) => ("无法读取的值", "unreadable values"),
        };
        Text::new(zh, en)
    }
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Coords, D::Error> {
        d.deserialize_any(CoordsVisitor)
    }
}

struct CoordsVisitor;

impl<'de> Visitor<'de> for CoordsVisitor {
    type Value = Coords;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("GeoJSON coordinates")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coords, E> {
        Ok(Coords::Number(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coords, E> {
        Ok(Coords::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coords, E> {
        Ok(Coords::Number(v as f64))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Coords, E> {
        Ok(Coords::Bad(Text::new(
            format!("坐标值有误：{v:?}"),
            format!("bad position value {v:?}"),
        )))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Coords, E> {
        Ok(Coords::Bad(Text::new(
            format!("坐标值有误：{v}"),
            format!("bad position value {v}"),
        )))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Coords, E> {
        Ok(Coords::Bad(Text::new(
            "坐标值有误：null",
            "bad position value null",
        )))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Coords, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Coords::Bad(Text::new(
            "应为一串坐标点，实为一个对象",
            "expected a list of positions, found an object",
        )))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
        // Empty lists say nothing of the level; the first non-empty element does.
        let mut empties = 0;
        let first = loop {
            match seq.next_element::<Coords>()? {
                None if empties == 0 => return Ok(Coords::Empty),
                None => return Ok(Coords::Polygon(vec![Vec::new(); empties])),
                Some(Coords::Empty) => empties += 1,
                Some(other) => break other,
            }
        };
        // Each later element must be what the first was; the list is one level up from it.
        let mut bad = None;
        let mut mismatch = |found: &Coords, wanted: Wanted| {
            if bad.is_none() {
                bad = Some(match found {
                    Coords::Bad(why) => why.clone(),
                    other => {
                        let found = other.describe();
                        Text::new(
                            format!("应为{}，实为{}", wanted.0, found.zh),
                            format!("expected {}, found {}", wanted.1, found.en),
                        )
                    }
                });
            }
        };
        if empties > 0 && matches!(first, Coords::Number(_) | Coords::Position(_)) {
            mismatch(&Coords::Empty, A_POSITION);
        }
        let out = match first {
            Coords::Number(x) => position(&mut seq, x, &mut mismatch)?,
            Coords::Position(c) => ring(&mut seq, c, &mut mismatch)?,
            Coords::Ring(first) => Coords::Polygon(rest_of_level(
                &mut seq,
                first,
                empties,
                |c| match c {
                    Coords::Ring(r) => Ok(r),
                    other => Err(other),
                },
                ("由坐标点组成的环", "a ring of positions"),
                &mut mismatch,
            )?),
            Coords::Polygon(first) => Coords::Multi(rest_of_level(
                &mut seq,
                first,
                empties,
                |c| match c {
                    Coords::Polygon(p) => Ok(p),
                    other => Err(other),
                },
                ("多边形（一组环）", "a polygon (a list of rings)"),
                &mut mismatch,
            )?),
            Coords::Multi(_) => {
                mismatch(
                    &Coords::Multi(Vec::new()),
                    ("更少的列表层级", "fewer levels of lists"),
                );
                skip_rest(&mut seq)?;
                Coords::Empty
            }
            Coords::Empty => unreachable!("skipped above"),
            Coords::Bad(why) => {
                skip_rest(&mut seq)?;
                return Ok(Coords::Bad(why));
            }
        };
        Ok(match bad {
            Some(why) => Coords::Bad(why),
            None => out,
        })
    }
}

/// The rest of a list that began with the number `x`: a position, x, y and whatever follows (z,
/// m), which is not read.
fn position<'de, A: SeqAccess<'de>>(
    seq: &mut A,
    x: f64,
    mismatch: &mut impl FnMut(&Coords, Wanted),
) -> Result<Coords, A::Error> {
    Ok(match seq.next_element::<Coords>()? {
        Some(Coords::Number(y)) => {
            skip_rest(seq)?;
            Coords::Position(Coord { x, y })
        }
        Some(other) => {
            skip_rest(seq)?;
            mismatch(&other, ("一个数", "a number"));
            Coords::Empty
        }
        None => Coords::Bad(Text::new(
            format!("坐标点 [{x}] 有误：应为 [x, y]"),
            format!("bad position [{x}]: expected [x, y]"),
        )),
    })
}

/// The rest of a list that began with the position `c`: a ring of positions.
fn ring<'de, A: SeqAccess<'de>>(
    seq: &mut A,
    c: Coord<f64>,
    mismatch: &mut impl FnMut(&Coords, Wanted),
) -> Result<Coords, A::Error> {
    let mut ring = vec![c];
    while let Some(next) = seq.next_element::<Coords>()? {
        match next {
            Coords::Position(c) => ring.push(c),
            other => mismatch(&other, A_POSITION),
        }
    }
    Ok(Coords::Ring(ring))
}

/// What a list element should have been, in Chinese and English.
type Wanted = (&'static str, &'static str);

/// A position, as [`Wanted`].
const A_POSITION: Wanted = ("一个坐标点", "a position");

/// Reads past the rest of a list whose meaning is already settled.
fn skip_rest<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// The elements of a list of rings or of polygons: `empties` empty lists, `first`, then every
/// element `take` accepts. An empty list is an empty ring or polygon; anything else is noted.
fn rest_of_level<'de, A: SeqAccess<'de>, T: Clone + Default>(
    seq: &mut A,
    first: T,
    empties: usize,
    take: fn(Coords) -> Result<T, Coords>,
    wanted: Wanted,
    mismatch: &mut impl FnMut(&Coords, Wanted),
) -> Result<Vec<T>, A::Error> {
    let mut items = vec![T::default(); empties];
    items.push(first);
    while let Some(next) = seq.next_element::<Coords>()? {
        match take(next) {
            Ok(item) => items.push(item),
            Err(Coords::Empty) => items.push(T::default()),
            Err(other) => mismatch(&other, wanted),
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::super::features::read_features_via_tree;
    use super::*;
    use proptest::prelude::*;

    /// What a feature's geometry came to, comparable across the two readers.
    fn outcome(g: &RawGeometry) -> String {
        match g {
            RawGeometry::Polygons(p) => format!("polygons {p:?}"),
            RawGeometry::Other(kind) => format!("other {kind}"),
            RawGeometry::Malformed(_) => "malformed".into(),
        }
    }

    fn typed(text: &str) -> Vec<String> {
        let (features, _) = serde_json::from_str::<GeoDocument>(text)
            .expect("parses")
            .into_features()
            .expect("GeoJSON");
        features.iter().map(|f| outcome(&f.geometry)).collect()
    }

    fn tree(text: &str) -> Vec<String> {
        read_features_via_tree("t.geojson", text)
            .expect("parses")
            .iter()
            .map(|f| outcome(&f.geometry))
            .collect()
    }

    fn coordinates() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            6 => (-200i32..200).prop_map(|n| Value::from(n as f64 / 2.0)),
            1 => Just(Value::Null),
            1 => Just(Value::from("x")),
            1 => Just(Value::from(true)),
        ];
        leaf.prop_recursive(5, 64, 4, |inner| {
            prop::collection::vec(inner, 0..4).prop_map(Value::Array)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn the_direct_reader_agrees_with_the_tree(
            kind in prop::sample::select(vec!["Polygon", "MultiPolygon", "Point", "LineString"]),
            coords in coordinates(),
        ) {
            let text = serde_json::json!({
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"code": "522301001"},
                     "geometry": {"type": kind, "coordinates": coords}},
                    {"type": "Feature", "properties": {}, "geometry": null},
                    {"type": "Feature", "properties": {}},
                ],
            })
            .to_string();
            prop_assert_eq!(typed(&text), tree(&text));
        }
    }

    #[test]
    fn malformed_coordinates_mark_the_feature_only() {
        let text = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3]]]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
        ]}"#;
        let (features, _) = serde_json::from_str::<GeoDocument>(text)
            .unwrap()
            .into_features()
            .unwrap();
        assert!(
            matches!(&features[0].geometry, RawGeometry::Malformed(why) if why.en == "bad position [3]: expected [x, y]" && why.zh == "坐标点 [3] 有误：应为 [x, y]")
        );
        assert!(matches!(&features[1].geometry, RawGeometry::Polygons(p) if p[0][0].len() == 4));
    }
}
