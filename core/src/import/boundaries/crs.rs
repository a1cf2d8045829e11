//! The coordinates as a whole: projected data refused with its likely CRS named, latitude-first
//! data and GCJ-02 offsets found by comparison with the shipped county outlines, and the two
//! conversions the user may ask for.

use std::collections::BTreeMap;

use geo::orient::Direction;
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Orient, Polygon};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::error::DataError;
use crate::lang::Text;

use super::super::features::{RawFeature, RawGeometry};
use super::codes::label;
use super::fit::{best_fit_shift, metres_per_degree};
use super::gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
use super::report::{BoundaryImport, CrsFinding, DataVSignature, Offset};

/// Every point of every readable feature, with the feature's 0-based index.
fn all_points(features: &[RawFeature]) -> impl Iterator<Item = (usize, Coord<f64>)> + '_ {
    features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match &f.geometry {
            RawGeometry::Polygons(p) => Some((i, p)),
            _ => None,
        })
        .flat_map(|(i, p)| p.iter().flatten().flatten().map(move |c| (i, *c)))
}

/// Refuses projected coordinates, naming the first feature and the likely CRS.
pub(super) fn check_projected(
    file: &str,
    features: &[RawFeature],
    declared_crs: Option<&str>,
) -> Result<(), DataError> {
    let Some((i, c)) = all_points(features).find(|(_, c)| c.x.abs() > 360.0 || c.y.abs() > 360.0)
    else {
        return Ok(());
    };
    let mut crs = likely_projected_crs(c);
    if let Some(declared) = declared_crs {
        crs = Text::new(
            format!("文件声明为 {declared}（按数值判断：{}）", crs.zh),
            format!(
                "{declared} as the file declares (from the numbers: {})",
                crs.en
            ),
        );
    }
    let (x, y) = (readable_number(c.x), readable_number(c.y));
    Err(DataError::feature(
        file,
        label(i + 1, &features[i].properties),
        Text::new(
            format!(
                "坐标为投影坐标（米），不是经纬度（x = {x}，y = {y}）：可能是{}；\
                 请先转换为经纬度（CGCS2000 EPSG:4490 或 WGS84 EPSG:4326）再导入",
                crs.zh
            ),
            format!(
                "coordinates are projected metres, not longitude/latitude (x = {x}, y = {y}): \
                 likely {}; reproject to longitude/latitude (CGCS2000 EPSG:4490 or WGS84 \
                 EPSG:4326) before loading",
                crs.en
            ),
        ),
    ))
}

/// A coordinate as a person reads it: as written when it is of a sane size, in exponent form
/// when a broken file gives one of hundreds of digits.
fn readable_number(v: f64) -> String {
    if v.abs() < 1e12 {
        v.to_string()
    } else {
        format!("{v:.3e}")
    }
}

/// A description of the projected CRS a coordinate in metres most likely belongs to.
pub fn likely_projected_crs(c: Coord<f64>) -> Text {
    let (x, y) = (c.x, c.y);
    let china_northing = (1_500_000.0..6_500_000.0).contains(&y);
    if x >= 10_000_000.0 && china_northing {
        let zone = (x / 1_000_000.0).floor() as i64;
        let easting = x - zone as f64 * 1_000_000.0;
        if (25..=45).contains(&zone) {
            let (meridian, epsg) = (zone * 3, 4513 + zone - 25);
            return Text::new(
                format!(
                    "CGCS2000 3 度带高斯-克吕格投影第 {zone} 带（中央经线东经 {meridian}°，\
                     横坐标带号前缀，东伪偏移 500000，EPSG:{epsg}；带内横坐标 {easting:.0} 米）"
                ),
                format!(
                    "CGCS2000 3-degree Gauss-Krüger zone {zone} (central meridian {meridian}°E, \
                     zone number prefixed, false easting 500000, EPSG:{epsg}; easting in zone \
                     {easting:.0} m)"
                ),
            );
        }
        if (13..=23).contains(&zone) {
            let (meridian, epsg) = (zone * 6 - 3, 4491 + zone - 13);
            return Text::new(
                format!(
                    "CGCS2000 6 度带高斯-克吕格投影第 {zone} 带（中央经线东经 {meridian}°，\
                     横坐标带号前缀，东伪偏移 500000，EPSG:{epsg}）"
                ),
                format!(
                    "CGCS2000 6-degree Gauss-Krüger zone {zone} (central meridian {meridian}°E, \
                     zone number prefixed, false easting 500000, EPSG:{epsg})"
                ),
            );
        }
    }
    if (7_000_000.0..16_000_000.0).contains(&x) && china_northing {
        return Text::new("Web 墨卡托（EPSG:3857）", "Web Mercator (EPSG:3857)");
    }
    if (0.0..1_000_000.0).contains(&x) && china_northing {
        return Text::new(
            "不带带号的高斯-克吕格投影（东伪偏移 500000；3 度带为 CGCS2000 EPSG:4534–4554，\
             6 度带为 EPSG:4502–4512；中央经线须查数据说明），或 UTM",
            "Gauss-Krüger without zone number (false easting 500000; CGCS2000 EPSG:4534–4554 \
             for 3-degree zones or EPSG:4502–4512 for 6-degree; the central meridian must come \
             from the data's documentation), or UTM",
        );
    }
    Text::new(
        "以米为单位的投影坐标系（未能识别）",
        "a projected coordinate system in metres (not recognised)",
    )
}

/// Inside China's box when read as longitude, latitude.
fn in_china_lonlat(c: Coord<f64>) -> bool {
    (73.0..=136.0).contains(&c.x) && (3.0..=54.0).contains(&c.y)
}

/// Inside China's box when read as latitude, longitude.
fn in_china_latlon(c: Coord<f64>) -> bool {
    (18.0..=54.0).contains(&c.x) && (73.0..=136.0).contains(&c.y)
}

/// The properties of DataV / Amap boundary files (`adcode` as a number, `level`, `parent`,
/// `center`, `centroid`, `childrenNum`, `acroutes`), which are in GCJ-02: features that carry a
/// numeric `adcode` and at least two of the others.
pub(super) fn datav_signature(features: &[RawFeature]) -> Option<DataVSignature> {
    const KEYS: [&str; 6] = [
        "level",
        "parent",
        "center",
        "centroid",
        "childrenNum",
        "acroutes",
    ];
    let with = features
        .iter()
        .filter(|f| {
            f.properties.get("adcode").is_some_and(|v| v.is_number())
                && KEYS
                    .iter()
                    .filter(|k| f.properties.contains_key(**k))
                    .count()
                    >= 2
        })
        .count();
    // Most features must carry it: one stray DataV feature in another file is not a signature.
    (with > 0 && with * 2 > features.len()).then_some(DataVSignature {
        features: with,
        of: features.len(),
    })
}

/// **The one decision on the file's coordinate system**, from the joined townships, the shipped
/// county outlines and the file's DataV/Amap signature: latitude-first when more points read
/// so than the right way round; else GCJ-02 when the best-fit shift from the county outlines
/// has the size and direction of the GCJ-02 offset at that place (clear), or lies nearer it
/// than no shift at all while the properties are DataV's (clear too), or when the properties
/// alone say so (not measured, still clear: such files are always GCJ-02); else WGS84/CGCS2000.
/// A finding that is clear is converted by default ([`super::super::session`]); checks that
/// need WGS84 coordinates (a township far outside its county) run after it.
pub fn judge_crs(
    townships: &[(RegionCode, MultiPolygon<f64>)],
    atlas: &Atlas,
    datav: Option<DataVSignature>,
) -> CrsFinding {
    let points = townships
        .iter()
        .flat_map(|(_, g)| g.0.iter())
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter().copied());
    let (mut swapped, mut normal, mut of) = (0, 0, 0);
    for c in points {
        of += 1;
        if in_china_lonlat(c) {
            normal += 1;
        } else if in_china_latlon(c) || c.y.abs() > 90.0 {
            swapped += 1;
        }
    }
    if swapped > normal {
        return CrsFinding::SwappedLonLat {
            points: swapped,
            of,
        };
    }
    let offset = measure_offset(townships, atlas);
    let gcj = |offset: Option<Offset>| CrsFinding::Gcj02 {
        offset,
        datav,
        clear: true,
    };
    match offset {
        Some(o) if o.looks_like_gcj02() => gcj(Some(o)),
        Some(o) if datav.is_some() && o.nearer_gcj02_than_none() => gcj(Some(o)),
        None if datav.is_some() => gcj(None),
        offset => CrsFinding::LonLat { offset },
    }
}

/// Counties measured at most: those with the most townships in the file.
const MAX_COUNTIES: usize = 12;

/// The offset of the imported townships from the shipped county outlines: per county (up to
/// [`MAX_COUNTIES`], those with the most townships), the best-fit shift of its townships onto
/// its outline ([`best_fit_shift`]: it needs only the townships along the county's edge, so a
/// file of some townships is measured too), averaged by the vertices each fit used, beside
/// what GCJ-02 would shift there. `None` when no county could be measured.
pub fn measure_offset(
    townships: &[(RegionCode, MultiPolygon<f64>)],
    atlas: &Atlas,
) -> Option<Offset> {
    let mut by_county: BTreeMap<RegionCode, Vec<&MultiPolygon<f64>>> = BTreeMap::new();
    for (code, geometry) in townships {
        if let Some(county) = code.ancestor_at(Level::County) {
            by_county.entry(county).or_default().push(geometry);
        }
    }
    let mut counties: Vec<(RegionCode, Vec<&MultiPolygon<f64>>)> = by_county.into_iter().collect();
    counties.sort_by_key(|(_, list)| std::cmp::Reverse(list.len()));
    counties.truncate(MAX_COUNTIES);
    let mut sum = [0.0; 4];
    let (mut weight, mut measured) = (0.0, 0);
    for (county, list) in counties {
        let Some(outline) = atlas.county_outline_lonlat(&county) else {
            continue;
        };
        let (Some(shift), Some(rect)) = (best_fit_shift(&list, outline), outline.bounding_rect())
        else {
            continue;
        };
        let cs = rect.center();
        let (mx, my) = metres_per_degree(cs.y);
        let (gx, gy) = wgs84_to_gcj02(cs.x, cs.y);
        let w = shift.vertices as f64;
        sum[0] += shift.east_m * w;
        sum[1] += shift.north_m * w;
        sum[2] += (gx - cs.x) * mx * w;
        sum[3] += (gy - cs.y) * my * w;
        weight += w;
        measured += 1;
    }
    (measured > 0).then(|| Offset {
        east_m: sum[0] / weight,
        north_m: sum[1] / weight,
        gcj_east_m: sum[2] / weight,
        gcj_north_m: sum[3] / weight,
        counties: measured,
    })
}

/// Applies `f` to every point of every joined township.
fn map_coords(import: &mut BoundaryImport, f: impl Fn(Coord<f64>) -> Coord<f64>) {
    for (_, geometry) in &mut import.townships {
        let polygons = std::mem::take(&mut geometry.0);
        geometry.0 = polygons
            .into_iter()
            .map(|p| {
                let (exterior, interiors) = p.into_inner();
                let ring = |r: LineString<f64>| LineString(r.0.into_iter().map(&f).collect());
                Polygon::new(ring(exterior), interiors.into_iter().map(ring).collect())
            })
            .collect();
    }
}

/// Swaps x and y of every joined township (latitude-first data), re-orients the rings and
/// measures the CRS again.
pub fn swap_lon_lat(import: &mut BoundaryImport, atlas: &Atlas) {
    map_coords(import, |c| Coord { x: c.y, y: c.x });
    for (_, geometry) in &mut import.townships {
        *geometry = geometry.orient(Direction::Default);
    }
    import.crs = judge_crs(&import.townships, atlas, import.datav);
}

/// Converts every joined township from GCJ-02 to WGS84 ([`gcj02_to_wgs84`]) and measures the
/// offset from the shipped outlines again; `automatic` when the finding was clear and the user
/// had not asked (the report says so, and that it can be undone).
pub fn convert_gcj02(import: &mut BoundaryImport, atlas: &Atlas, automatic: bool) {
    map_coords(import, |c| {
        let (x, y) = gcj02_to_wgs84(c.x, c.y);
        Coord { x, y }
    });
    let before = match &import.crs {
        CrsFinding::Gcj02 { offset, .. } => *offset,
        CrsFinding::LonLat { offset } => *offset,
        _ => None,
    };
    let after = measure_offset(&import.townships, atlas);
    import.crs = CrsFinding::ConvertedFromGcj02 {
        before,
        after,
        datav: import.datav,
        automatic,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projected_crs_names_zone() {
        let s = likely_projected_crs(Coord {
            x: 35_468_934.0,
            y: 2_802_959.0,
        });
        assert!(
            s.en.contains("zone 35") && s.en.contains("EPSG:4523"),
            "{s}"
        );
        assert!(
            s.zh.contains("第 35 带") && s.zh.contains("EPSG:4523"),
            "{}",
            s.zh
        );
    }

    #[test]
    fn huge_coordinates_read_in_exponent_form() {
        assert_eq!(readable_number(35_500_000.5), "35500000.5");
        assert_eq!(readable_number(-2.1768e94), "-2.177e94");
    }
}
