//! One seed's Voronoi cell, clipped to the outline part it lies in, on a snapping grid shared by
//! every cell of the part so that neighbours meet exactly.

use crate::sort;
use geo::{BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};

use super::metric::Metric;

/// The Voronoi cell of `seed` among `rivals` (same part only, so cells never straddle water
/// between islands), clipped to `polygon`.
pub(super) fn clipped_voronoi_cell(
    polygon: &Polygon<f64>,
    seed: Coord<f64>,
    rivals: &[Coord<f64>],
    metric: Metric,
) -> MultiPolygon<f64> {
    let Some(rect) = polygon.bounding_rect() else {
        return MultiPolygon::new(Vec::new());
    };
    if rivals.is_empty() {
        return MultiPolygon::new(vec![polygon.clone()]);
    }
    let cell = voronoi_cell(rect, seed, rivals, metric);
    if cell.len() < 3 {
        return MultiPolygon::new(Vec::new());
    }
    let cell = Polygon::new(LineString::from(cell), Vec::new());
    let subject = preclip(polygon, &cell);
    let mut clip = MultiPolygon::new(vec![cell]);
    clip.0.extend(pinning_frame(rect));
    subject.intersection(&clip)
}

/// Two zero-area contours on a box around the whole part, added to every boolean operation of
/// that part.
///
/// i_overlay snaps coordinates to an integer grid derived from the bounding box of its inputs.
/// Pinning that box makes every cell of a part use the same grid, so the outline vertices and the
/// Voronoi vertices shared by neighbouring cells land on identical points: the cells meet
/// edge-to-edge without slivers, and a detached piece can be unioned into its neighbour cleanly.
/// The contours are degenerate (there and back along the box edge) and lie outside everything
/// else, so they add no area and no crossings.
pub(super) fn pinning_frame(part: Rect<f64>) -> MultiPolygon<f64> {
    let pad_x = part.width() * 0.02 + 1e-9;
    let pad_y = part.height() * 0.02 + 1e-9;
    let (lo, hi) = (part.min(), part.max());
    let (x0, x1, y0, y1) = (lo.x - pad_x, hi.x + pad_x, lo.y - pad_y, hi.y + pad_y);
    let there_and_back =
        |a: (f64, f64), b: (f64, f64)| Polygon::new(LineString::from(vec![a, b, a]), Vec::new());
    MultiPolygon::new(vec![
        there_and_back((x0, y0), (x1, y0)),
        there_and_back((x0, y1), (x1, y1)),
    ])
}

/// `polygon` reduced to what matters inside a box just larger than `cell`, so the exact boolean
/// operation sees only the few outline edges near the cell instead of the whole county (about a
/// 4x saving overall).
///
/// Per side of the box, each run of vertices beyond that side is shortened to its first and last
/// vertex, joined by a chord. The chord lies beyond the side too (a half-plane is convex), so
/// nothing inside the box changes, and unlike Sutherland–Hodgman no new vertices are made: every
/// edge that reaches the cell is an original outline edge, which neighbouring cells therefore
/// snap identically.
fn preclip(polygon: &Polygon<f64>, cell: &Polygon<f64>) -> Polygon<f64> {
    let Some(bounds) = cell.bounding_rect() else {
        return polygon.clone();
    };
    let pad = (bounds.width() + bounds.height()) * 1e-3;
    let (lo, hi) = (bounds.min(), bounds.max());
    let (x0, x1, y0, y1) = (lo.x - pad, hi.x + pad, lo.y - pad, hi.y + pad);
    let reduce_ring = |ring: &LineString<f64>| -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = match ring.0.split_last() {
            Some((last, rest)) if rest.first() == Some(last) => rest.to_vec(),
            _ => ring.0.clone(),
        };
        let mut scratch = Vec::with_capacity(pts.len());
        drop_runs_beyond(&mut pts, &mut scratch, |p| p.x < x0);
        drop_runs_beyond(&mut pts, &mut scratch, |p| p.x > x1);
        drop_runs_beyond(&mut pts, &mut scratch, |p| p.y < y0);
        drop_runs_beyond(&mut pts, &mut scratch, |p| p.y > y1);
        LineString::from(pts)
    };
    let exterior = reduce_ring(polygon.exterior());
    let interiors = polygon
        .interiors()
        .iter()
        .map(reduce_ring)
        .filter(|ring| ring.0.len() >= 3)
        .collect();
    Polygon::new(exterior, interiors)
}

/// One side of [`preclip`]: drops the inner vertices of every run beyond the side (keeping the
/// run's first and last), or the whole ring if it lies entirely beyond.
fn drop_runs_beyond(
    pts: &mut Vec<Coord<f64>>,
    scratch: &mut Vec<Coord<f64>>,
    beyond: impl Fn(Coord<f64>) -> bool,
) {
    let n = pts.len();
    if n == 0 {
        return;
    }
    scratch.clear();
    let mut prev = beyond(pts[n - 1]);
    let mut here = beyond(pts[0]);
    let mut all_beyond = true;
    for i in 0..n {
        let next = beyond(pts[if i + 1 == n { 0 } else { i + 1 }]);
        if !(prev && here && next) {
            scratch.push(pts[i]);
        }
        all_beyond &= here;
        (prev, here) = (here, next);
    }
    if all_beyond {
        scratch.clear();
    }
    std::mem::swap(pts, scratch);
}

/// Convex Voronoi cell of `seed` inside a box slightly larger than `rect`.
///
/// Rivals are visited nearest first, and clipping stops once a rival is more than twice as far as
/// the cell's farthest vertex: no point of the cell can be closer to it (triangle inequality).
fn voronoi_cell(
    rect: Rect<f64>,
    seed: Coord<f64>,
    rivals: &[Coord<f64>],
    metric: Metric,
) -> Vec<Coord<f64>> {
    let pad_x = rect.width() * 0.01 + 1e-9;
    let pad_y = rect.height() * 0.01 + 1e-9;
    let (lo, hi) = (rect.min(), rect.max());
    let (x0, x1, y0, y1) = (lo.x - pad_x, hi.x + pad_x, lo.y - pad_y, hi.y + pad_y);
    let mut cell = vec![
        Coord { x: x0, y: y0 },
        Coord { x: x1, y: y0 },
        Coord { x: x1, y: y1 },
        Coord { x: x0, y: y1 },
    ];
    let mut by_distance: Vec<(f64, Coord<f64>)> =
        rivals.iter().map(|&r| (metric.dist2(seed, r), r)).collect();
    sort::sort_by(&mut by_distance, |a, b| a.0.total_cmp(&b.0));
    let mut scratch = Vec::with_capacity(16);
    for (d2, rival) in by_distance {
        let reach2 = cell
            .iter()
            .map(|&v| metric.dist2(seed, v))
            .fold(0.0, f64::max);
        if d2 > 4.0 * reach2 {
            break;
        }
        // Keep points nearer to `seed` than to `rival`: n·(p − m) ≤ 0 with m the midpoint and
        // n the metric-weighted direction towards the rival.
        let normal = Coord {
            x: metric.x_weight * (rival.x - seed.x),
            y: rival.y - seed.y,
        };
        let mid = Coord {
            x: 0.5 * (seed.x + rival.x),
            y: 0.5 * (seed.y + rival.y),
        };
        clip_half_plane(&cell, normal, mid, &mut scratch);
        std::mem::swap(&mut cell, &mut scratch);
        if cell.len() < 3 {
            break;
        }
    }
    cell
}

/// Sutherland–Hodgman against one half-plane; exact for the convex cell being built.
fn clip_half_plane(
    poly: &[Coord<f64>],
    normal: Coord<f64>,
    mid: Coord<f64>,
    out: &mut Vec<Coord<f64>>,
) {
    out.clear();
    let side = |p: Coord<f64>| normal.x * (p.x - mid.x) + normal.y * (p.y - mid.y);
    let Some(&last) = poly.last() else {
        return;
    };
    let (mut p, mut fp) = (last, side(last));
    for &q in poly {
        let fq = side(q);
        if (fp < 0.0 && fq > 0.0) || (fp > 0.0 && fq < 0.0) {
            let t = fp / (fp - fq);
            out.push(Coord {
                x: p.x + (q.x - p.x) * t,
                y: p.y + (q.y - p.y) * t,
            });
        }
        if fq <= 0.0 {
            out.push(q);
        }
        (p, fp) = (q, fq);
    }
}
