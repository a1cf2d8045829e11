//! Distances on the ground near one county, computed the same way on every platform.

use geo::Coord;

/// Squared distance in a local equirectangular projection. Seeds and Voronoi bisectors use it so
/// cells are compact on the ground rather than in raw degrees (a degree of longitude shrinks with
/// latitude), while all geometry stays in the caller's lon/lat coordinates and outline vertices
/// are never re-projected.
#[derive(Clone, Copy, Debug)]
pub(super) struct Metric {
    /// Ground length of one degree of longitude relative to one degree of latitude.
    pub(super) x_scale: f64,
    /// `x_scale` squared: the weight of a longitude difference in a squared distance.
    pub(super) x_weight: f64,
}

impl Metric {
    /// The metric of a place at latitude `lat` (degrees).
    pub(super) fn at_latitude(lat: f64) -> Self {
        let x_scale = deterministic_cos(lat.clamp(-89.0, 89.0).to_radians()).max(0.02);
        Metric {
            x_scale,
            x_weight: x_scale * x_scale,
        }
    }

    /// The squared ground distance between two lon/lat points, in degrees of latitude.
    pub(super) fn dist2(self, a: Coord<f64>, b: Coord<f64>) -> f64 {
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        self.x_weight * dx * dx + dy * dy
    }
}

/// `cos` from a fixed Taylor polynomial: the platform `cos` (glibc natively, a Rust port on
/// wasm32) is not guaranteed to round identically, and a last-bit difference here could move a
/// seed and change the picture between the CLI and the browser. Accuracy is ~1e-8 on ±π/2,
/// plenty for an aspect ratio.
fn deterministic_cos(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=8 {
        let k = k as f64;
        term *= -x2 / ((2.0 * k - 1.0) * (2.0 * k));
        sum += term;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schematic_cos_matches_std() {
        for deg in [-89.0_f64, -45.0, 0.0, 23.5, 53.0, 89.0] {
            let r = deg.to_radians();
            assert!((deterministic_cos(r) - r.cos()).abs() < 1e-7, "{deg}");
        }
    }
}
