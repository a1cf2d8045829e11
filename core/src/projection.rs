//! Albers equal-area conic, the projection of China's national maps (central meridian 105°E,
//! standard parallels 25°N and 47°N). Equal area matters: a coverage map compares regions, and
//! Web Mercator would inflate Heilongjiang against Hainan. Spherical form: at atlas scale the
//! ellipsoid's difference is far below a pixel, and no projection crate is needed in the wasm.
//!
//! A leaf: it knows no region, registry or scene, so the data stage (which projects what it
//! loads) and the shape stage (which draws it) both sit above it. [`LonLat`] and [`Km`] keep the
//! two coordinate spaces apart as types: only [`Albers::project_shape`] turns one into the other.

use std::borrow::Borrow;
use std::ops::Deref;

use geo::{Coord, MapCoords, MultiPolygon};

/// A shape in longitude/latitude degrees (WGS84), as files and published chunks give it.
/// Generic over ownership, so a borrowed shape is projected without a copy: `LonLat(&shape)`.
#[derive(Clone, Debug, PartialEq)]
pub struct LonLat<G = MultiPolygon<f64>>(pub G);

/// A shape in Albers kilometres east/north of the projection origin, as every map draws it.
/// Shared through `Arc<Km>` from the shape store into every scene, never copied per scene.
#[derive(Clone, Debug, PartialEq)]
pub struct Km(pub MultiPolygon<f64>);

impl<G: Borrow<MultiPolygon<f64>>> LonLat<G> {
    /// The polygons, in degrees.
    pub fn polygons(&self) -> &MultiPolygon<f64> {
        self.0.borrow()
    }
}

impl Km {
    /// The polygons, in kilometres.
    pub fn polygons(&self) -> &MultiPolygon<f64> {
        &self.0
    }
}

// Deref so that geometry algorithms (`bounding_rect`, `contains`, `centroid`) read either
// space directly; the conversion between them stays explicit.
impl Deref for Km {
    type Target = MultiPolygon<f64>;
    fn deref(&self) -> &MultiPolygon<f64> {
        &self.0
    }
}

impl Deref for LonLat {
    type Target = MultiPolygon<f64>;
    fn deref(&self) -> &MultiPolygon<f64> {
        &self.0
    }
}

const EARTH_RADIUS_KM: f64 = 6371.0;

/// A spherical Albers equal-area conic projection, set up once; outputs kilometres.
#[derive(Clone, Copy, Debug)]
pub struct Albers {
    n: f64,
    c: f64,
    rho0: f64,
    lon0_rad: f64,
}

impl Albers {
    /// A projection with central meridian `lon0_deg`, origin latitude `lat0_deg` and standard
    /// parallels `lat1_deg`, `lat2_deg` (degrees). The origin projects to (0, 0). The standard
    /// parallels must not be symmetric about the equator (their sines would cancel).
    pub fn new(lon0_deg: f64, lat0_deg: f64, lat1_deg: f64, lat2_deg: f64) -> Albers {
        let (phi1, phi2) = (lat1_deg.to_radians(), lat2_deg.to_radians());
        let n = (phi1.sin() + phi2.sin()) / 2.0;
        let c = phi1.cos().powi(2) + 2.0 * n * phi1.sin();
        let rho0 = EARTH_RADIUS_KM * (c - 2.0 * n * lat0_deg.to_radians().sin()).sqrt() / n;
        Albers {
            n,
            c,
            rho0,
            lon0_rad: lon0_deg.to_radians(),
        }
    }

    /// The projection of China's national maps: 105°E, parallels 25°N and 47°N, origin on the
    /// equator. Every outline in the atlas is projected with this.
    pub fn china() -> Albers {
        Albers::new(105.0, 0.0, 25.0, 47.0)
    }

    /// Lon/lat degrees to kilometres east/north of the projection origin.
    pub fn project(&self, lon_deg: f64, lat_deg: f64) -> Coord<f64> {
        let rho =
            EARTH_RADIUS_KM * (self.c - 2.0 * self.n * lat_deg.to_radians().sin()).sqrt() / self.n;
        let theta = self.n * (lon_deg.to_radians() - self.lon0_rad);
        Coord {
            x: rho * theta.sin(),
            y: self.rho0 - rho * theta.cos(),
        }
    }

    /// Kilometres east/north of the origin back to lon/lat degrees: the inverse of
    /// [`Albers::project`], for downloads that must be in WGS84 longitude/latitude.
    pub fn unproject(&self, x_km: f64, y_km: f64) -> Coord<f64> {
        let dy_km = self.rho0 - y_km;
        let rho = (x_km * x_km + dy_km * dy_km).sqrt().copysign(self.n);
        let theta = (x_km * self.n.signum()).atan2(dy_km * self.n.signum());
        let scaled = rho * self.n / EARTH_RADIUS_KM;
        let sin_lat = ((self.c - scaled * scaled) / (2.0 * self.n)).clamp(-1.0, 1.0);
        Coord {
            x: (self.lon0_rad + theta / self.n).to_degrees(),
            y: sin_lat.asin().to_degrees(),
        }
    }

    /// [`Albers::unproject`] of every vertex: km back to lon/lat degrees.
    pub fn unproject_multipolygon(&self, geometry: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        geometry.map_coords(|c| self.unproject(c.x, c.y))
    }

    /// Projects every vertex from lon/lat degrees to km; the shape's structure is unchanged.
    /// Edges stay straight lines between projected vertices, which is fine at outline detail.
    pub fn project_multipolygon(&self, geometry: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        geometry.map_coords(|c| self.project(c.x, c.y))
    }

    /// [`Albers::project_multipolygon`] between the typed spaces: the one way a [`LonLat`]
    /// shape becomes a [`Km`] one.
    pub fn project_shape<G: Borrow<MultiPolygon<f64>>>(&self, shape: LonLat<G>) -> Km {
        Km(self.project_multipolygon(shape.polygons()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Polygon};

    #[test]
    fn central_meridian_is_vertical_and_north_is_up() {
        let p = Albers::china();
        let south = p.project(105.0, 20.0);
        let north = p.project(105.0, 40.0);
        assert!(south.x.abs() < 1e-9 && north.x.abs() < 1e-9);
        assert!(north.y > south.y);
        // 20 degrees of latitude are about 2,224 km on the sphere.
        assert!(
            (north.y - south.y - 2224.0).abs() < 40.0,
            "{}",
            north.y - south.y
        );
        assert!(p.project(110.0, 30.0).x > 0.0);
    }

    #[test]
    fn unproject_inverts_project() {
        let p = Albers::china();
        for (lon, lat) in [
            (105.0, 30.0),
            (73.5, 39.4),
            (134.8, 48.3),
            (110.3, 18.2),
            (87.6, 43.8),
        ] {
            let km = p.project(lon, lat);
            let back = p.unproject(km.x, km.y);
            assert!((back.x - lon).abs() < 1e-9, "{lon} -> {}", back.x);
            assert!((back.y - lat).abs() < 1e-9, "{lat} -> {}", back.y);
        }
    }

    #[test]
    fn areas_are_preserved() {
        // A 1°×1° cell near the equator and near 45°N: true areas differ by cos(latitude).
        let p = Albers::china();
        let cell = |lat: f64| {
            let square = Polygon::new(
                vec![
                    (105.0, lat),
                    (106.0, lat),
                    (106.0, lat + 1.0),
                    (105.0, lat + 1.0),
                ]
                .into(),
                vec![],
            );
            p.project_multipolygon(&MultiPolygon(vec![square]))
                .unsigned_area()
        };
        let ratio = cell(45.0) / cell(0.0);
        let expected =
            (46f64.to_radians().sin() - 45f64.to_radians().sin()) / (1f64.to_radians().sin());
        assert!((ratio - expected).abs() < 1e-3, "{ratio} vs {expected}");
    }
}
