//! The best-fit shift between a file's townships and the shipped outline of their county: the
//! evidence for a GCJ-02 offset that also holds when the file covers only part of the county.
//!
//! Every vertex of the file that lies near the county's outline is pulled onto it, each along
//! the outline's normal there (point-to-line least squares, as in ICP restricted to a
//! translation): vertices on a west edge say how far east the file sits, vertices on a north
//! edge how far north. The search radius shrinks from 2 km to 300 m, so shared borders inside
//! the county and the outline's simplification weigh little.

use geo::{BoundingRect, Coord, MultiPolygon};

/// Vertices of one county used at most: enough for a stable mean, few enough that a province
/// file is measured in well under a second.
const MAX_VERTICES: usize = 2000;
/// Vertices near the outline needed for a fit.
const MIN_NEAR: usize = 20;
/// Search radii in metres, one fit step each (twice), largest first.
const RADII_M: [f64; 4] = [2000.0, 1000.0, 500.0, 300.0];

/// The shift of a county's townships from its shipped outline, in metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct CountyShift {
    /// Eastward, in metres.
    pub(super) east_m: f64,
    /// Northward, in metres.
    pub(super) north_m: f64,
    /// Vertices of the file within the last radius of the outline.
    pub(super) vertices: usize,
}

/// Metres per degree of longitude and latitude at `lat`.
pub(super) fn metres_per_degree(lat: f64) -> (f64, f64) {
    (111_320.0 * lat.to_radians().cos(), 110_574.0)
}

/// The best-fit shift of `townships` (the file's, of one county) from `outline`, `None` when
/// too few vertices lie near the outline or they lie along one direction only (a single
/// straight edge cannot tell a shift along it).
pub(super) fn best_fit_shift(
    townships: &[&MultiPolygon<f64>],
    outline: &MultiPolygon<f64>,
) -> Option<CountyShift> {
    let centre = outline.bounding_rect()?.center();
    let (mx, my) = metres_per_degree(centre.y);
    let local = |c: &Coord<f64>| Coord {
        x: (c.x - centre.x) * mx,
        y: (c.y - centre.y) * my,
    };
    let segments: Vec<(Coord<f64>, Coord<f64>)> = outline
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|ring| ring.lines().map(|l| (local(&l.start), local(&l.end))))
        .collect();
    let all: Vec<Coord<f64>> = townships
        .iter()
        .flat_map(|g| g.0.iter())
        .flat_map(|p| p.exterior().0.iter())
        .map(local)
        .collect();
    let stride = all.len().div_ceil(MAX_VERTICES).max(1);
    // One pass over every sampled vertex keeps those that can come near the outline (the
    // largest radius plus the largest shift a fit allows); the fit steps then look at those.
    let reach_m = RADII_M[0] + 1500.0;
    let vertices: Vec<Coord<f64>> = all
        .into_iter()
        .step_by(stride)
        .filter(|p| {
            nearest_on_outline(*p, &segments)
                .is_some_and(|(q, _)| (p.x - q.x).hypot(p.y - q.y) <= reach_m)
        })
        .collect();
    let mut shift = Coord { x: 0.0, y: 0.0 };
    let mut near = 0;
    for radius in RADII_M {
        for _ in 0..2 {
            let (step, n) = fit_step(&vertices, &segments, shift, radius)?;
            shift = shift + step;
            near = n;
        }
    }
    (near >= MIN_NEAR).then_some(CountyShift {
        east_m: shift.x,
        north_m: shift.y,
        vertices: near,
    })
}

/// One least-squares step: the further shift that best puts the vertices within `radius_m` of
/// the outline onto it, along its normals, and how many vertices that was.
fn fit_step(
    vertices: &[Coord<f64>],
    segments: &[(Coord<f64>, Coord<f64>)],
    shift: Coord<f64>,
    radius_m: f64,
) -> Option<(Coord<f64>, usize)> {
    // Normal equations of Σ (n·(p − shift − Δ − q))²: A Δ = b.
    let (mut a, mut b, mut near) = ([0.0; 3], [0.0; 2], 0usize);
    for p in vertices {
        let p = *p - shift;
        let Some((q, normal)) = nearest_on_outline(p, segments) else {
            continue;
        };
        let d = p - q;
        let distance = d.x.hypot(d.y);
        if distance > radius_m {
            continue;
        }
        let along = normal.x * d.x + normal.y * d.y;
        a[0] += normal.x * normal.x;
        a[1] += normal.x * normal.y;
        a[2] += normal.y * normal.y;
        b[0] += normal.x * along;
        b[1] += normal.y * along;
        near += 1;
    }
    let det = a[0] * a[2] - a[1] * a[1];
    let trace = a[0] + a[2];
    // Both directions must be seen: a determinant near zero is one straight edge.
    if near < MIN_NEAR || det < 0.02 * trace * trace {
        return None;
    }
    let step = Coord {
        x: (a[2] * b[0] - a[1] * b[1]) / det,
        y: (a[0] * b[1] - a[1] * b[0]) / det,
    };
    Some((step, near))
}

/// The point of the outline nearest `p`, with the unit normal of its segment.
fn nearest_on_outline(
    p: Coord<f64>,
    segments: &[(Coord<f64>, Coord<f64>)],
) -> Option<(Coord<f64>, Coord<f64>)> {
    let mut best: Option<(f64, Coord<f64>, Coord<f64>)> = None;
    for (s, e) in segments {
        let d = *e - *s;
        let length2 = d.x * d.x + d.y * d.y;
        if length2 == 0.0 {
            continue;
        }
        let t = (((p.x - s.x) * d.x + (p.y - s.y) * d.y) / length2).clamp(0.0, 1.0);
        let q = Coord {
            x: s.x + t * d.x,
            y: s.y + t * d.y,
        };
        let gap2 = (p.x - q.x).powi(2) + (p.y - q.y).powi(2);
        if best.is_none_or(|(g, _, _)| gap2 < g) {
            let length = length2.sqrt();
            best = Some((
                gap2,
                q,
                Coord {
                    x: -d.y / length,
                    y: d.x / length,
                },
            ));
        }
    }
    best.map(|(_, q, n)| (q, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn square(dx_deg: f64, dy_deg: f64) -> MultiPolygon<f64> {
        let ring: Vec<(f64, f64)> = (0..=40)
            .map(|i| f64::from(i) / 40.0 * 0.2)
            .map(|t| (105.0 + t, 26.0))
            .chain((0..=40).map(|i| (105.2, 26.0 + f64::from(i) / 40.0 * 0.2)))
            .chain((0..=40).map(|i| (105.2 - f64::from(i) / 40.0 * 0.2, 26.2)))
            .chain((0..=40).map(|i| (105.0, 26.2 - f64::from(i) / 40.0 * 0.2)))
            .map(|(x, y)| (x + dx_deg, y + dy_deg))
            .collect();
        MultiPolygon(vec![geo::Polygon::new(ring.into(), vec![])])
    }

    #[test]
    fn a_shifted_county_is_measured_by_its_shift() {
        let outline = MultiPolygon(vec![polygon![
            (x: 105.0, y: 26.0), (x: 105.2, y: 26.0), (x: 105.2, y: 26.2), (x: 105.0, y: 26.2),
        ]]);
        let (mx, my) = metres_per_degree(26.1);
        let moved = square(400.0 / mx, -150.0 / my);
        let shift = best_fit_shift(&[&moved], &outline).expect("measured");
        assert!((shift.east_m - 400.0).abs() < 5.0, "{shift:?}");
        assert!((shift.north_m + 150.0).abs() < 5.0, "{shift:?}");
        let same = square(0.0, 0.0);
        let shift = best_fit_shift(&[&same], &outline).expect("measured");
        assert!(shift.east_m.hypot(shift.north_m) < 1.0, "{shift:?}");
    }
}
