//! Whether each joined township lies where a township can be: coordinates within ±180° of
//! longitude and ±90° of latitude, and the township within a few kilometres of its county's
//! shipped outline. A feature that fails is rejected with the point, or the distance and the
//! county, named: a file shifted 50 km, mirrored by a broken transform, or filled with
//! latitudes of 95 must not join as if it were clean.
//!
//! This runs after the coordinates as a whole are decided ([`super::crs::assess_crs`], and the
//! user's swap or GCJ-02 conversion), as its own step: which reading of x and y is meant, and
//! whether a datum shift is still in the data, is that step's decision, not this one's.

use geo::{Centroid, Closest, ClosestPoint, Coord, Distance, Haversine, MultiPolygon, Point};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::lang::Text;

use super::report::{BoundaryImport, BoundaryIssue, CrsFinding, IssueOutcome};

/// How far a township's centre may lie outside its county's shipped outline, in kilometres.
/// The shipped outlines are simplified and a GCJ-02 shift not yet undone is under 1 km, so a
/// real township's centre is well within this; a file moved by tens of kilometres is not.
pub const OUTSIDE_COUNTY_LIMIT_KM: f64 = 5.0;

/// Rejects every joined township with a coordinate outside ±180/±90 (in the axis order the CRS
/// finding reads) or a centre more than [`OUTSIDE_COUNTY_LIMIT_KM`] outside its county's
/// outline (not while the axes still look swapped). Returns how many it rejected.
pub fn reject_misplaced(import: &mut BoundaryImport, atlas: &Atlas) -> usize {
    let swapped = matches!(import.crs, CrsFinding::SwappedLonLat { .. });
    let mut rejected = 0;
    let mut index = 0;
    while index < import.townships.len() {
        let (code, geometry) = &import.townships[index];
        let why = out_of_range(geometry, swapped).or_else(|| {
            (!swapped)
                .then(|| outside_county(code, geometry, atlas))
                .flatten()
        });
        match why {
            Some((value, reason)) => {
                let (n, code) = import.joined_features.remove(index);
                import.townships.remove(index);
                let label = atlas
                    .divisions
                    .name(&code)
                    .map(|name| format!("#{n} {name}"));
                reject(import, n, value, reason, label);
                rejected += 1;
            }
            None => index += 1,
        }
    }
    rejected
}

/// The first point that is no longer/latitude, as `(value, reason)`.
fn out_of_range(geometry: &MultiPolygon<f64>, swapped: bool) -> Option<(String, Text)> {
    let points = geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter());
    let valid = |c: &Coord<f64>| {
        let (lon, lat) = if swapped { (c.y, c.x) } else { (c.x, c.y) };
        lon.abs() <= 180.0 && lat.abs() <= 90.0
    };
    let c = points.into_iter().find(|c| !valid(c))?;
    let (lon, lat) = if swapped { (c.y, c.x) } else { (c.x, c.y) };
    let value = format!("[{}, {}]", c.x, c.y);
    let reason = if lat.abs() > 90.0 {
        Text::new(
            format!("坐标点 {value} 的纬度为 {lat}，超出 ±90°：不是经纬度（或数据已损坏）"),
            format!("point {value} has latitude {lat}, beyond ±90°: not longitude/latitude (or the data is damaged)"),
        )
    } else {
        Text::new(
            format!("坐标点 {value} 的经度为 {lon}，超出 ±180°：不是经纬度（或数据已损坏）"),
            format!("point {value} has longitude {lon}, beyond ±180°: not longitude/latitude (or the data is damaged)"),
        )
    };
    Some((value, reason))
}

/// How far the township's centre lies outside its county's outline, when more than the limit.
fn outside_county(
    code: &RegionCode,
    geometry: &MultiPolygon<f64>,
    atlas: &Atlas,
) -> Option<(String, Text)> {
    let county = code.ancestor_at(Level::County)?;
    let outline = atlas.county_outline_lonlat(&county)?;
    let centre = geometry.centroid()?;
    let km = distance_outside_km(outline, centre)?;
    if km <= OUTSIDE_COUNTY_LIMIT_KM {
        return None;
    }
    let name = atlas.divisions.name(&county).unwrap_or_default();
    let limit = OUTSIDE_COUNTY_LIMIT_KM;
    let at = format!("[{:.4}, {:.4}]", centre.x(), centre.y());
    Some((
        code.to_string(),
        Text::new(
            format!(
                "乡镇中心 {at} 在所属区县 {name}（{county}）的边界之外 {km:.1} 公里（允许 {limit} 公里）：坐标可能整体平移、镜像，或代码属于另一个区县"
            ),
            format!(
                "the township's centre {at} lies {km:.1} km outside the outline of its county {name} ({county}) (at most {limit} km allowed): the coordinates may be shifted or mirrored, or the code belongs to another county"
            ),
        ),
    ))
}

/// The distance from `point` to the nearest point of `outline`, in kilometres; 0 inside it.
fn distance_outside_km(outline: &MultiPolygon<f64>, point: Point<f64>) -> Option<f64> {
    match outline.closest_point(&point) {
        Closest::Intersection(_) => Some(0.0),
        Closest::SinglePoint(nearest) => Some(Haversine.distance(point, nearest) / 1000.0),
        Closest::Indeterminate => None,
    }
}

/// Replaces feature `n`'s report lines (repairs and warnings of a feature that had joined) by one
/// rejection, keeping the label the file gave it.
fn reject(
    import: &mut BoundaryImport,
    n: usize,
    value: String,
    reason: Text,
    registry_label: Option<String>,
) {
    let label = (import.report.iter().find(|i| i.feature == n))
        .map(|i| i.label.clone())
        .or(registry_label)
        .unwrap_or_else(|| format!("#{n}"));
    import.report.retain(|i| i.feature != n);
    let at = import.report.partition_point(|i| i.feature < n);
    import.report.insert(
        at,
        BoundaryIssue {
            feature: n,
            label,
            value,
            reason,
            suggestion: None,
            suggested_code: None,
            outcome: IssueOutcome::Rejected,
            routine: false,
        },
    );
}
