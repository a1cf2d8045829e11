//! The three datums a station's coordinates come in and the conversions to WGS84: GCJ-02 (Amap,
//! Tencent, most map pickers) through the core's own transform in
//! [`crate::import::boundaries`], and BD-09 (Baidu), which is GCJ-02 with Baidu's published
//! offset on top. The BD-09 formulas are two lines each; the crates that carry them invert
//! GCJ-02 approximately (metres off), where the core's inverse iterates to under a centimetre.

use std::f64::consts::PI;

use crate::import::boundaries::{gcj02_to_wgs84, wgs84_to_gcj02};
use crate::lang::{Lang, Text};

/// The geodetic datum (and offset) a table's coordinates are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datum {
    /// WGS84 or CGCS2000 (the same to well under a metre): GPS, 天地图, official surveys.
    Wgs84,
    /// GCJ-02, China's offset datum: Amap (高德), Tencent (腾讯), most web map pickers.
    Gcj02,
    /// BD-09, Baidu's offset on top of GCJ-02.
    Bd09,
}

impl Datum {
    /// Every datum, in the order hypotheses are measured and the report lists them.
    pub const ALL: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

    /// The key in a recipe file and the CLI: `wgs84`, `gcj02`, `bd09`.
    pub fn key(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
            Datum::Bd09 => "bd09",
        }
    }

    /// The datum whose [`Datum::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Datum> {
        Datum::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The datum's name as the report gives it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Datum::Wgs84 => lang.pick("WGS84/CGCS2000（GPS、天地图）", "WGS84/CGCS2000 (GPS)"),
            Datum::Gcj02 => lang.pick("GCJ-02（高德、腾讯）", "GCJ-02 (Amap, Tencent)"),
            Datum::Bd09 => lang.pick("BD-09（百度）", "BD-09 (Baidu)"),
        }
    }

    /// The label in both languages.
    pub fn text(self) -> Text {
        Text::new(self.label(Lang::Zh), self.label(Lang::En))
    }

    /// `(lon, lat)` in this datum brought to WGS84.
    pub fn to_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lon, lat),
            Datum::Gcj02 => gcj02_to_wgs84(lon, lat),
            Datum::Bd09 => {
                let (x, y) = bd09_to_gcj02(lon, lat);
                gcj02_to_wgs84(x, y)
            }
        }
    }

    /// WGS84 `(lon, lat)` written in this datum: how fixtures and tests make their inputs.
    pub fn from_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lon, lat),
            Datum::Gcj02 => wgs84_to_gcj02(lon, lat),
            Datum::Bd09 => {
                let (x, y) = wgs84_to_gcj02(lon, lat);
                gcj02_to_bd09(x, y)
            }
        }
    }
}

/// Baidu's angular constant of the BD-09 offset.
const X_PI: f64 = PI * 3000.0 / 180.0;

/// GCJ-02 → BD-09, Baidu's published forward formula.
pub fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let z = lon.hypot(lat) + 0.000_02 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000_003 * (lon * X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// BD-09 → GCJ-02: the published approximate inverse, then refined by iterating the forward
/// formula so the result round-trips to well under a centimetre.
pub fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    let (x, y) = (lon - 0.0065, lat - 0.006);
    let z = x.hypot(y) - 0.000_02 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * X_PI).cos();
    let (mut gx, mut gy) = (z * theta.cos(), z * theta.sin());
    for _ in 0..10 {
        let (bx, by) = gcj02_to_bd09(gx, gy);
        let (dx, dy) = (bx - lon, by - lat);
        gx -= dx;
        gy -= dy;
        if dx.abs() < 1e-11 && dy.abs() < 1e-11 {
            break;
        }
    }
    (gx, gy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres between two lon/lat points a few kilometres apart at most.
    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        let mx = 111_320.0 * a.1.to_radians().cos();
        ((a.0 - b.0) * mx).hypot((a.1 - b.1) * 110_574.0)
    }

    #[test]
    fn every_datum_round_trips_to_a_centimetre() {
        let wgs = (105.2839, 27.3027);
        for datum in Datum::ALL {
            let written = datum.from_wgs84(wgs.0, wgs.1);
            assert!(metres(datum.to_wgs84(written.0, written.1), wgs) < 0.01);
            assert_eq!(Datum::from_key(datum.key()), Some(datum));
        }
    }

    #[test]
    fn baidu_sits_beyond_amap_by_its_published_offset() {
        // The worked example the published converters give: BD-09 (116.404, 39.915) is GCJ-02
        // (116.397627, 39.908657).
        let gcj = bd09_to_gcj02(116.404, 39.915);
        assert!(
            metres(gcj, (116.397_627_29, 39.908_656_74)) < 1.0,
            "{gcj:?}"
        );
        let wgs = (105.2839, 27.3027);
        let gcj = Datum::Gcj02.from_wgs84(wgs.0, wgs.1);
        let bd = Datum::Bd09.from_wgs84(wgs.0, wgs.1);
        assert!(metres(gcj, wgs) > 300.0 && metres(bd, gcj) > 600.0);
    }
}
