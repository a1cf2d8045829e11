//! Pieces of a cell cut off by the outline handed to the neighbour they border, so a township
//! of a single-part county is drawn in one piece.

use geo::{Area, BooleanOps, BoundingRect, Coord, MultiPolygon, Polygon};

use super::metric::Metric;
use super::seeds::Seed;
use super::voronoi::pinning_frame;

/// Hands every detached piece of a cell to the neighbour it borders most, so single-part cells
/// come out connected.
///
/// Straight-line Voronoi regions ignore the outline, so a region can reach across a narrow bay or
/// around a county that bites into this one, and clipping then leaves a second piece on the far
/// side. A township drawn in two pieces across a bay looks wrong even on a schematic map, and the
/// piece always touches the cell that "should" own it. The neighbour is the seed whose bisector
/// with this cell's seed runs along most of the piece's border; the piece is unioned into that
/// cell. The largest piece stays, so no cell becomes empty.
pub(super) fn merge_detached_pieces(
    outline: &MultiPolygon<f64>,
    cells: &mut [MultiPolygon<f64>],
    seeds: &[Seed],
    metric: Metric,
) {
    let mut moves: Vec<(usize, Polygon<f64>)> = Vec::new();
    for (i, cell) in cells.iter_mut().enumerate() {
        if cell.0.len() < 2 {
            continue;
        }
        let keep = (0..cell.0.len())
            .max_by(|&a, &b| {
                let (aa, ab) = (cell.0[a].unsigned_area(), cell.0[b].unsigned_area());
                aa.total_cmp(&ab).then(b.cmp(&a))
            })
            .unwrap_or(0);
        let Some(part) = outline[seeds[i].part].bounding_rect() else {
            continue;
        };
        // i_overlay snaps to ~2^-30 of the part's extent; allow a thousand times that.
        let tolerance = metric.dist2(part.min(), part.max()).sqrt() * 1e-6;
        let pieces = std::mem::take(&mut cell.0);
        for (k, piece) in pieces.into_iter().enumerate() {
            if k == keep {
                cell.0.push(piece);
            } else if let Some(j) = bordering_neighbour(&piece, i, seeds, metric, tolerance) {
                moves.push((j, piece));
            } else {
                cell.0.push(piece);
            }
        }
    }
    for (j, piece) in moves {
        let Some(rect) = outline[seeds[j].part].bounding_rect() else {
            continue;
        };
        let mut addition = MultiPolygon::new(vec![piece]);
        addition.0.extend(pinning_frame(rect));
        cells[j] = cells[j].union(&addition);
    }
}

/// The seed (same part, not `own`) whose bisector with `own` carries the greatest length of
/// `piece`'s border; `None` if no border edge lies on a bisector.
///
/// An edge counts as on a bisector when its midpoint is equidistant from both seeds within
/// `tolerance`, which must exceed the boolean operation's snapping error.
fn bordering_neighbour(
    piece: &Polygon<f64>,
    own: usize,
    seeds: &[Seed],
    metric: Metric,
    tolerance: f64,
) -> Option<usize> {
    let home = seeds[own];
    let rivals: Vec<usize> = (0..seeds.len())
        .filter(|&j| j != own && seeds[j].part == home.part)
        .collect();
    let mut shared = vec![0.0_f64; rivals.len()];
    for line in piece.exterior().lines() {
        let mid = Coord {
            x: 0.5 * (line.start.x + line.end.x),
            y: 0.5 * (line.start.y + line.end.y),
        };
        let d_home = metric.dist2(home.at, mid).sqrt();
        let mut best: Option<(f64, usize)> = None;
        for (r, &j) in rivals.iter().enumerate() {
            let gap = (metric.dist2(seeds[j].at, mid).sqrt() - d_home).abs();
            if gap <= tolerance && best.is_none_or(|(g, _)| gap < g) {
                best = Some((gap, r));
            }
        }
        if let Some((_, r)) = best {
            shared[r] += metric.dist2(line.start, line.end).sqrt();
        }
    }
    (0..rivals.len())
        .filter(|&r| shared[r] > 0.0)
        .max_by(|&a, &b| shared[a].total_cmp(&shared[b]).then(b.cmp(&a)))
        .map(|r| rivals[r])
}
