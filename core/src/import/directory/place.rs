//! Where the stations' points fall: the datum judged from the evidence, and each point checked
//! against its county's shipped outline and, where official township boundaries are loaded, its
//! township's. A point at 0,0, swapped, or outside its township or county is listed in the
//! report and not placed.
//!
//! The evidence for a datum is how the points fall under each hypothesis, as
//! [`crate::import::boundaries`] judges a boundary file by its fit to the county outlines: read
//! as WGS84, as GCJ-02 and as BD-09 and brought to WGS84, how many points land inside their own
//! township (or county, where no township boundary is loaded). The offsets are 300–1,000 m, so
//! only points near a border tell; where they do not, the header words (百度经度, 高德坐标)
//! decide, and where neither tells, the points are read as WGS84 and the report says it is a
//! guess that the recipe can change.

use geo::{Contains, Coord, Distance, Euclidean, MultiPolygon, Point};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::shapes::Detail;
use crate::lang::Text;
use crate::projection::Km;

use super::datum::Datum;

/// One hypothesis measured: how many of the checkable points fall inside their own region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatumFit {
    /// The datum the points were read in.
    pub datum: Datum,
    /// Points inside their township (official boundary) or, without one, their county.
    pub inside: usize,
}

/// How the datum was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatumBasis {
    /// The publisher chose it (the recipe's `directory.datum`, the CLI's `--datum`).
    Chosen,
    /// The points fit their regions clearly better in this datum than in the others.
    Measured,
    /// The header names it (百度, 高德, GPS…) and the points do not say otherwise.
    Header,
    /// Nothing told: read as WGS84, to be checked.
    Guessed,
}

/// The decision on the table's datum, with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatumFinding {
    /// The datum the points are read in and converted from.
    pub datum: Datum,
    /// What decided it.
    pub basis: DatumBasis,
    /// The header that names a datum, if one does, with the datum it names.
    pub header: Option<(Datum, String)>,
    /// Each hypothesis's fit, in [`Datum::ALL`]'s order.
    pub fits: Vec<DatumFit>,
    /// Points the fits could check (read, not at 0,0, not swapped, joined to a township).
    pub checked: usize,
    /// True when the fits were measured against official township boundaries (else the
    /// county outlines, which tell less).
    pub township_outlines: bool,
}

impl DatumFinding {
    /// The decision and its evidence in words, for the report.
    pub fn text(&self) -> Text {
        let fits = |zh: bool| {
            (self.fits.iter())
                .map(|f| {
                    let name = if zh {
                        f.datum.text().zh
                    } else {
                        f.datum.text().en
                    };
                    if zh {
                        format!("按{name} {} 个落在本区域内", f.inside)
                    } else {
                        format!("as {name}, {} inside their own region", f.inside)
                    }
                })
                .collect::<Vec<_>>()
                .join(if zh { "；" } else { "; " })
        };
        let within = if self.township_outlines {
            Text::new("乡镇边界", "township boundaries")
        } else {
            Text::new("区县轮廓", "county outlines")
        };
        let name = self.datum.text();
        let evidence = Text::new(
            format!("{} 个坐标对照{}：{}", self.checked, within.zh, fits(true)),
            format!(
                "{} points against the {}: {}",
                self.checked,
                within.en,
                fits(false)
            ),
        );
        let header = self.header.as_ref().map(|(_, h)| h.as_str()).unwrap_or("");
        match self.basis {
            DatumBasis::Chosen => Text::new(
                format!("坐标按所选的{}读取并转换为 WGS84。{}", name.zh, evidence.zh),
                format!("coordinates read as {} as chosen, converted to WGS84. {}", name.en, evidence.en),
            ),
            DatumBasis::Measured => {
                let against = match &self.header {
                    Some((d, h)) if *d != self.datum => Text::new(
                        format!("（表头“{h}”写的是{}，但坐标的落点不符，请核对）", d.text().zh),
                        format!(
                            " (the header {h:?} says {}, but the points do not fall so: please check)",
                            d.text().en
                        ),
                    ),
                    _ => Text::new("", ""),
                };
                Text::new(
                    format!("坐标判定为{}，已转换为 WGS84：{}{}", name.zh, evidence.zh, against.zh),
                    format!(
                        "coordinates judged {} and converted to WGS84: {}{}",
                        name.en, evidence.en, against.en
                    ),
                )
            }
            DatumBasis::Header => Text::new(
                format!(
                    "坐标按表头“{header}”读作{}，已转换为 WGS84（坐标本身不足以判断：{}）",
                    name.zh, evidence.zh
                ),
                format!(
                    "coordinates read as {} from the header {header:?}, converted to WGS84 (the points alone do not tell: {})",
                    name.en, evidence.en
                ),
            ),
            DatumBasis::Guessed => Text::new(
                format!(
                    "坐标系无法判断，按 WGS84 读取，未转换；若为高德或百度坐标，请在导入方案中选择（{}）",
                    evidence.zh
                ),
                format!(
                    "the coordinate system cannot be told; read as WGS84, not converted: if these are Amap or Baidu points, choose so in the import recipe ({})",
                    evidence.en
                ),
            ),
        }
    }
}

/// A point ready to check: the row, its township, and the coordinates as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The row in the file.
    pub row: usize,
    /// The township the join gave the row.
    pub township: RegionCode,
    /// Longitude as written, degrees.
    pub lon: f64,
    /// Latitude as written, degrees.
    pub lat: f64,
}

/// Why a point is not placed.
#[derive(Clone, Debug, PartialEq)]
pub enum Misplaced {
    /// 0,0 (or within a hundredth of a degree): an empty map picker.
    AtZero,
    /// Outside the county's shipped outline, by this many km (in WGS84, after conversion).
    OutsideCounty {
        /// Distance from the outline in km.
        distance_km: f64,
    },
    /// Inside the county, outside its township's official boundary, by this many km.
    OutsideTownship {
        /// Distance from the boundary in km.
        distance_km: f64,
    },
}

/// Where one region's outline is, projected (Albers km), to check points against.
struct Outlines<'a> {
    atlas: &'a Atlas,
}

impl<'a> Outlines<'a> {
    fn county(&self, township: &RegionCode) -> Option<&'a MultiPolygon<f64>> {
        self.atlas
            .outline(&township.ancestor_at(Level::County)?)
            .map(Km::polygons)
    }

    /// The township's official boundary; `None` where only a schematic cell stands for it
    /// (a cell is drawn from the county's outline, not surveyed, so it cannot misplace a point).
    fn township(&self, township: &RegionCode) -> Option<&'a MultiPolygon<f64>> {
        self.atlas
            .township_outline(township, Detail::Official)
            .map(Km::polygons)
    }

    fn project(&self, lon: f64, lat: f64) -> Coord<f64> {
        self.atlas.projection().project(lon, lat)
    }
}

/// Inside `outline`, or how far outside in the outline's units (km).
fn outside_by(outline: &MultiPolygon<f64>, p: Coord<f64>) -> Option<f64> {
    let point = Point(p);
    if outline.contains(&point) {
        None
    } else {
        Some(Euclidean.distance(&point, outline))
    }
}

/// True at 0,0 and around it: an empty map picker writes zeros.
pub fn at_zero(lon: f64, lat: f64) -> bool {
    lon.abs() < 0.01 && lat.abs() < 0.01
}

/// Checks one point, already in WGS84, against its township and county.
fn check(outlines: &Outlines, township: &RegionCode, lon: f64, lat: f64) -> Option<Misplaced> {
    if at_zero(lon, lat) {
        return Some(Misplaced::AtZero);
    }
    if !lon.is_finite() || !lat.is_finite() || lat.abs() > 89.0 || lon.abs() > 180.0 {
        return Some(Misplaced::OutsideCounty {
            distance_km: f64::INFINITY,
        });
    }
    let p = outlines.project(lon, lat);
    if let Some(distance_km) = outlines.county(township).and_then(|o| outside_by(o, p)) {
        return Some(Misplaced::OutsideCounty { distance_km });
    }
    let distance_km = outside_by(outlines.township(township)?, p)?;
    Some(Misplaced::OutsideTownship { distance_km })
}

/// Judges the datum of `points` (the publisher's `chosen` datum wins), from how they fall
/// under each hypothesis and from the header's words.
pub fn judge_datum(
    points: &[Candidate],
    atlas: &Atlas,
    header: Option<(Datum, String)>,
    chosen: Option<Datum>,
) -> DatumFinding {
    let outlines = Outlines { atlas };
    let checkable: Vec<&Candidate> = points.iter().filter(|c| !at_zero(c.lon, c.lat)).collect();
    let township_outlines = checkable
        .iter()
        .any(|c| outlines.township(&c.township).is_some());
    let fits: Vec<DatumFit> = Datum::ALL
        .into_iter()
        .map(|datum| DatumFit {
            datum,
            inside: checkable
                .iter()
                .filter(|c| {
                    let (lon, lat) = datum.to_wgs84(c.lon, c.lat);
                    check(&outlines, &c.township, lon, lat).is_none()
                })
                .count(),
        })
        .collect();
    let mut ranked = fits.clone();
    ranked.sort_by_key(|f| std::cmp::Reverse(f.inside));
    // Clearly better: at least two more points inside, and one in twenty of those checked. A
    // wrong datum moves every point by the same 300–1,000 m, so the points it pushes out are
    // evidence however few; the margin keeps one stray point from deciding.
    let margin = 2.max(checkable.len().div_ceil(20));
    let measured = (ranked[0].inside >= ranked[1].inside + margin).then_some(ranked[0].datum);
    let (datum, basis) = match (chosen, measured, &header) {
        (Some(d), _, _) => (d, DatumBasis::Chosen),
        (None, Some(d), _) => (d, DatumBasis::Measured),
        (None, None, Some((d, _))) => (*d, DatumBasis::Header),
        (None, None, None) => (Datum::Wgs84, DatumBasis::Guessed),
    };
    DatumFinding {
        datum,
        basis,
        header,
        fits,
        checked: checkable.len(),
        township_outlines,
    }
}

/// Each point converted from `datum` to WGS84 and checked: `Ok` the WGS84 point, `Err` why it
/// is not placed.
pub fn place(
    candidate: &Candidate,
    datum: Datum,
    atlas: &Atlas,
) -> Result<(f64, f64), (Misplaced, (f64, f64))> {
    let (lon, lat) = if at_zero(candidate.lon, candidate.lat) {
        (candidate.lon, candidate.lat)
    } else {
        datum.to_wgs84(candidate.lon, candidate.lat)
    };
    match check(&Outlines { atlas }, &candidate.township, lon, lat) {
        None => Ok((lon, lat)),
        Some(why) => Err((why, (lon, lat))),
    }
}

impl Misplaced {
    /// Why the point is not placed, in words.
    pub fn text(&self, lon: f64, lat: f64) -> Text {
        let at = format!("{lon:.5}, {lat:.5}");
        match self {
            Misplaced::AtZero => Text::new(
                "坐标为 0,0（地图选点未填），未标注",
                "the point is at 0,0 (the map picker was left empty): not placed",
            ),
            Misplaced::OutsideCounty { distance_km } if distance_km.is_finite() => Text::new(
                format!("坐标 {at} 在所属区县轮廓之外 {distance_km:.1} 公里，未标注"),
                format!("the point {at} lies {distance_km:.1} km outside its county: not placed"),
            ),
            Misplaced::OutsideCounty { .. } => Text::new(
                format!("坐标 {at} 不是中国境内的经纬度，未标注"),
                format!("the point {at} is not a longitude/latitude in China: not placed"),
            ),
            Misplaced::OutsideTownship { distance_km } => {
                let (zh, en) = if *distance_km >= 1.0 {
                    (
                        format!("{distance_km:.1} 公里"),
                        format!("{distance_km:.1} km"),
                    )
                } else {
                    let m = distance_km * 1000.0;
                    (format!("{m:.0} 米"), format!("{m:.0} m"))
                };
                Text::new(
                    format!("坐标 {at} 在所属乡镇边界之外 {zh}，未标注"),
                    format!("the point {at} lies {en} outside its township's boundary: not placed"),
                )
            }
        }
    }
}
