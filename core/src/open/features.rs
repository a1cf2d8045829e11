//! The regions of a view as GeoJSON (RFC 7946): one feature per row of the view's table, its
//! properties the CSV's columns (see [`super::table`]) plus `schematic`, its geometry the shapes
//! the map draws, taken back from the atlas's Albers kilometres to WGS84 longitude/latitude,
//! rounded to 6 decimals (about 0.1 m), exterior rings counter-clockwise and holes clockwise.
//!
//! The directory's stations, when given, follow as Point features (`super::stations`).
//!
//! A feature with `schematic: true` is a schematic township cell cut from its county's outline:
//! its code and figures are real, its borders are not.

use std::collections::HashMap;

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MapCoords, MultiPolygon, Polygon};
use geojson::{feature::Id, Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};

use crate::data::atlas::Atlas;
use crate::open::stations::{station_features, StationRow};
use crate::open::table::OpenRow;
use crate::style::view::StyledMap;

/// Decimals kept in coordinates: 1e-6° is about 0.1 m, far below the outlines' detail.
const COORD_DECIMALS: i32 = 6;

/// The view's regions as a GeoJSON FeatureCollection (compact, one line, ending in a newline).
/// `rows` are [`super::table::open_rows`] of the same `map`.
pub fn view_geojson(atlas: &Atlas, map: &StyledMap, rows: &[OpenRow]) -> String {
    view_geojson_with_stations(atlas, map, rows, &[])
}

/// [`view_geojson`] with the directory's stations of the view after the regions, as Point
/// features ([`super::stations::station_features`]).
pub fn view_geojson_with_stations(
    atlas: &Atlas,
    map: &StyledMap,
    rows: &[OpenRow],
    stations: &[StationRow],
) -> String {
    let mut shapes: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, shape) in map.scene.shapes.iter().enumerate() {
        shapes.entry(shape.code.as_str()).or_default().push(i);
    }
    let features = rows
        .iter()
        .map(|row| {
            let indexes = shapes.get(row.code.as_str()).map_or(&[][..], Vec::as_slice);
            let mut polygons = Vec::new();
            let mut schematic = false;
            for &i in indexes {
                let shape = &map.scene.shapes[i];
                schematic |= shape.schematic;
                polygons.extend(lonlat_polygons(atlas, &shape.geometry));
            }
            feature(row, polygons, schematic)
        })
        .chain(station_features(stations))
        .collect::<Vec<_>>();
    let mut out = FeatureCollection::new(features).to_string();
    out.push('\n');
    out
}

/// One feature: the row's columns as properties, its code as the id.
fn feature(row: &OpenRow, polygons: Vec<Polygon<f64>>, schematic: bool) -> Feature {
    let mut properties: JsonObject = match serde_json::to_value(row) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => JsonObject::new(),
    };
    properties.insert("schematic".into(), schematic.into());
    let geometry = match polygons.len() {
        0 => None,
        1 => Some(Geometry::new(GeometryValue::new_polygon(rings(
            &polygons[0],
        )))),
        _ => Some(Geometry::new(GeometryValue::new_multi_polygon(
            polygons.iter().map(rings),
        ))),
    };
    Feature {
        id: Some(Id::String(row.code.clone())),
        geometry,
        properties: Some(properties),
        ..Feature::default()
    }
}

/// A polygon's rings as GeoJSON positions.
fn rings(polygon: &Polygon<f64>) -> Vec<Vec<[f64; 2]>> {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect())
        .collect()
}

/// A rounded coordinate.
fn round(c: Coord<f64>) -> Coord<f64> {
    let scale = 10f64.powi(COORD_DECIMALS);
    Coord {
        x: (c.x * scale).round() / scale,
        y: (c.y * scale).round() / scale,
    }
}

/// A ring without the repeats rounding made, closed; `None` when fewer than three distinct
/// points are left.
fn clean_ring(ring: &LineString<f64>) -> Option<LineString<f64>> {
    let mut coords: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for &c in &ring.0 {
        if coords.last() != Some(&c) {
            coords.push(c);
        }
    }
    if coords.len() > 1 && coords.first() == coords.last() {
        coords.pop();
    }
    if coords.len() < 3 {
        return None;
    }
    coords.push(coords[0]);
    Some(LineString(coords))
}

/// Projected (Albers km) geometry back to rounded lon/lat polygons in RFC 7946 winding.
pub fn lonlat_polygons(atlas: &Atlas, geometry: &MultiPolygon<f64>) -> Vec<Polygon<f64>> {
    let lonlat = atlas
        .projection()
        .unproject_multipolygon(geometry)
        .map_coords(round);
    let polygons = lonlat.0.iter().filter_map(|p| {
        let exterior = clean_ring(p.exterior())?;
        let interiors = p.interiors().iter().filter_map(clean_ring).collect();
        Some(Polygon::new(exterior, interiors))
    });
    MultiPolygon(polygons.collect())
        .orient(Direction::Default)
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_lose_the_repeats_rounding_makes() {
        let ring = LineString::from(vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 0.0),
        ]);
        assert_eq!(clean_ring(&ring).unwrap().0.len(), 4);
        let sliver = LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (0.0, 0.0)]);
        assert!(clean_ring(&sliver).is_none());
    }

    #[test]
    fn coordinates_keep_six_decimals() {
        let c = round(Coord {
            x: 104.123_456_789,
            y: 25.987_654_321,
        });
        assert_eq!((c.x, c.y), (104.123_457, 25.987_654));
    }
}
