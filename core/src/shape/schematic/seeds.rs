//! Seeds spread evenly inside one part of an outline: how many each part gets, interior samples
//! on a grid ordered along a Hilbert curve, Lloyd's iterations over them, and the snap of each
//! seed back onto a sample.

use crate::sort;
use geo::{BoundingRect, Coord, Polygon, Rect};

use super::metric::Metric;

/// A seed of one cell: where it is, and which part of the outline it lies in.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seed {
    /// Longitude/latitude.
    pub(super) at: Coord<f64>,
    /// Index of the part (polygon) of the outline.
    pub(super) part: usize,
}

/// Interior sample points aimed for per seed. Enough for Lloyd to produce even cells, few enough
/// that the O(samples × seeds) assignment stays cheap for a 60-township county.
const SAMPLES_PER_SEED: f64 = 24.0;
/// A part whose grid yields fewer samples than this per seed is resampled on a finer grid, so
/// thin or ragged polygons still get well-separated seeds.
const MIN_SAMPLES_PER_SEED: usize = 4;
/// Lloyd converges quickly from the space-filling-curve start; more rounds barely move seeds.
const LLOYD_ITERATIONS: usize = 10;
/// Lloyd stops early once no seed moves more than this fraction of the sample spacing: seeds are
/// snapped to a sample afterwards, so finer movement cannot change the result much.
const SETTLED_FRACTION: f64 = 0.25;
/// Upper bound on grid refinements for pathological (near-zero-area) parts.
const MAX_REFINEMENTS: usize = 24;

/// Largest-remainder apportionment: every cell gets a seed, parts get seeds in proportion to area,
/// and ties break by part index so the result is deterministic.
pub(super) fn allocate_by_area(areas: &[f64], cell_count: usize) -> Vec<usize> {
    let total: f64 = areas.iter().sum();
    let mut quotas = Vec::with_capacity(areas.len());
    let mut remainders = Vec::with_capacity(areas.len());
    for (part, &area) in areas.iter().enumerate() {
        let exact = cell_count as f64 * area / total;
        let whole = exact.floor();
        quotas.push(whole as usize);
        remainders.push((exact - whole, part));
    }
    let assigned: usize = quotas.iter().sum();
    sort::sort_by(&mut remainders, |a, b| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
    });
    for &(_, part) in remainders
        .iter()
        .filter(|(_, part)| areas[*part] > 0.0)
        .cycle()
        .take(cell_count.saturating_sub(assigned))
    {
        quotas[part] += 1;
    }
    quotas
}

/// An interior sample point with its Hilbert-curve key on the sampling grid.
#[derive(Clone, Copy, Debug)]
struct Sample {
    at: Coord<f64>,
    key: u64,
}

/// Picks `count` distinct seeds strictly inside `polygon`, evenly spread (k-means on a uniform
/// grid of interior samples approximates a centroidal Voronoi tessellation).
///
/// Every seed is finally snapped to a distinct interior sample: a Lloyd centroid can fall outside
/// a concave part, and a seed outside would give an empty cell.
pub(super) fn spread_seeds(
    polygon: &Polygon<f64>,
    area: f64,
    count: usize,
    metric: Metric,
) -> Vec<Coord<f64>> {
    let Some(rect) = polygon.bounding_rect().filter(|_| count > 0) else {
        return Vec::new();
    };
    let (mut samples, spacing) = interior_samples(polygon, rect, area, count, metric);
    let count = count.min(samples.len());
    if count == 0 {
        return Vec::new();
    }

    // Start from equal-size runs along a Hilbert curve: compact, equal-area groups, so Lloyd only
    // has to polish rather than untangle a poor start.
    sort::sort_by_key(&mut samples, |s| s.key);
    let n = samples.len();
    let mut seeds: Vec<Coord<f64>> = (0..count)
        .map(|i| mean(&samples[i * n / count..(i + 1) * n / count]))
        .collect();
    let owner = lloyd(&samples, &mut seeds, spacing, metric);
    snap_to_samples(&samples, &mut seeds, &owner, metric);
    seeds
}

/// Interior samples on a grid of about [`SAMPLES_PER_SEED`] per seed, refined while too few fall
/// inside, with the spacing used (in ground units).
fn interior_samples(
    polygon: &Polygon<f64>,
    rect: Rect<f64>,
    area: f64,
    count: usize,
    metric: Metric,
) -> (Vec<Sample>, f64) {
    let edges = polygon_edges(polygon);
    let ground_area = area * metric.x_scale;
    let mut spacing = (ground_area / (SAMPLES_PER_SEED * count as f64)).sqrt();
    let mut samples = Vec::new();
    for attempt in 0..MAX_REFINEMENTS {
        samples = grid_samples(&edges, rect, spacing / metric.x_scale, spacing);
        let enough = samples.len() >= count * MIN_SAMPLES_PER_SEED;
        if enough || (attempt >= 4 && samples.len() >= count) {
            break;
        }
        spacing *= 0.5;
    }
    (samples, spacing)
}

/// Lloyd's iterations from `seeds`, with Hamerly's bounds: `upper[s]` is at least the distance
/// from sample `s` to its owner and `lower[s]` at most its distance to any other seed. Seeds move
/// little after the first rounds, so most samples keep `upper <= lower` and skip the scan over
/// all seeds, which otherwise dominates the country-wide run time.
///
/// Moves `seeds` to their clusters' centroids and returns each sample's owning seed.
fn lloyd(samples: &[Sample], seeds: &mut [Coord<f64>], spacing: f64, metric: Metric) -> Vec<usize> {
    let settled = spacing * SETTLED_FRACTION;
    let mut state = Hamerly::new(samples.len(), seeds.len());
    for round in 0..LLOYD_ITERATIONS {
        let changed = state.assign(samples, seeds, metric);
        if round > 0 && !changed {
            break;
        }
        if state.move_seeds(seeds, metric) < settled {
            break;
        }
    }
    state.owner
}

/// The state Lloyd's iterations carry from round to round.
struct Hamerly {
    /// The seed each sample belongs to.
    owner: Vec<usize>,
    /// Per sample, at least its distance to its owner.
    upper: Vec<f64>,
    /// Per sample, at most its distance to any other seed.
    lower: Vec<f64>,
    /// Per seed, how far it moved in the last round.
    shift: Vec<f64>,
    /// The largest of `shift`.
    max_shift: f64,
    /// Per seed, the sums of its samples' x and y, and their number.
    sums: Vec<(f64, f64, usize)>,
}

impl Hamerly {
    fn new(samples: usize, seeds: usize) -> Hamerly {
        Hamerly {
            owner: vec![0_usize; samples],
            upper: vec![f64::INFINITY; samples],
            lower: vec![0.0_f64; samples],
            shift: vec![0.0_f64; seeds],
            max_shift: 0.0_f64,
            sums: vec![(0.0_f64, 0.0_f64, 0_usize); seeds],
        }
    }

    /// Gives each sample to its nearest seed, scanning all seeds only where the bounds cannot
    /// rule a change out, and sums the clusters; true when any sample changed owner.
    fn assign(&mut self, samples: &[Sample], seeds: &[Coord<f64>], metric: Metric) -> bool {
        let Hamerly {
            owner,
            upper,
            lower,
            shift,
            max_shift,
            sums,
        } = self;
        let mut changed = false;
        sums.iter_mut().for_each(|s| *s = (0.0, 0.0, 0));
        for (s, sample) in samples.iter().enumerate() {
            let p = sample.at;
            upper[s] += shift[owner[s]];
            lower[s] -= *max_shift;
            if upper[s] > lower[s] {
                upper[s] = metric.dist2(seeds[owner[s]], p).sqrt();
                if upper[s] > lower[s] {
                    let (best, d1, d2) = two_nearest(seeds, p, metric);
                    changed |= best != owner[s];
                    (owner[s], upper[s], lower[s]) = (best, d1, d2);
                }
            }
            let sum = &mut sums[owner[s]];
            sum.0 += p.x;
            sum.1 += p.y;
            sum.2 += 1;
        }
        changed
    }

    /// Moves every seed with samples to their centroid; returns the largest move.
    fn move_seeds(&mut self, seeds: &mut [Coord<f64>], metric: Metric) -> f64 {
        self.max_shift = 0.0;
        for ((seed, &(sx, sy, k)), shift) in seeds.iter_mut().zip(&self.sums).zip(&mut self.shift) {
            *shift = 0.0;
            if k > 0 {
                let next = Coord {
                    x: sx / k as f64,
                    y: sy / k as f64,
                };
                *shift = metric.dist2(*seed, next).sqrt();
                self.max_shift = self.max_shift.max(*shift);
                *seed = next;
            }
        }
        self.max_shift
    }
}

/// Snaps each seed to the nearest sample of its own cluster: clusters are disjoint, so the seeds
/// stay distinct, and it costs one pass instead of samples × seeds.
fn snap_to_samples(samples: &[Sample], seeds: &mut [Coord<f64>], owner: &[usize], metric: Metric) {
    let n = samples.len();
    let mut pick = vec![(usize::MAX, f64::INFINITY); seeds.len()];
    for (s, sample) in samples.iter().enumerate() {
        let d = metric.dist2(sample.at, seeds[owner[s]]);
        let best = &mut pick[owner[s]];
        if d < best.1 {
            *best = (s, d);
        }
    }
    let mut used = vec![false; n];
    pick.iter()
        .filter(|p| p.0 != usize::MAX)
        .for_each(|p| used[p.0] = true);
    for (seed, &(s, _)) in seeds.iter_mut().zip(&pick) {
        // A seed that ended with no cluster (rare) takes the nearest sample nobody holds.
        let s = if s != usize::MAX {
            s
        } else {
            let free = (0..n).filter(|&i| !used[i]).min_by(|&a, &b| {
                let (da, db) = (
                    metric.dist2(samples[a].at, *seed),
                    metric.dist2(samples[b].at, *seed),
                );
                da.total_cmp(&db).then(a.cmp(&b))
            });
            let Some(free) = free else { continue };
            used[free] = true;
            free
        };
        *seed = samples[s].at;
    }
}

/// The centroid of the samples.
fn mean(samples: &[Sample]) -> Coord<f64> {
    let (sx, sy) = samples
        .iter()
        .fold((0.0, 0.0), |(sx, sy), s| (sx + s.at.x, sy + s.at.y));
    let k = samples.len() as f64;
    Coord {
        x: sx / k,
        y: sy / k,
    }
}

/// Nearest seed (ties to the lowest index) with its distance and the distance to the runner-up.
fn two_nearest(seeds: &[Coord<f64>], p: Coord<f64>, metric: Metric) -> (usize, f64, f64) {
    let (mut best, mut d1, mut d2) = (0, f64::INFINITY, f64::INFINITY);
    for (i, &seed) in seeds.iter().enumerate() {
        let d = metric.dist2(seed, p);
        if d < d1 {
            (best, d1, d2) = (i, d, d1);
        } else if d < d2 {
            d2 = d;
        }
    }
    (best, d1.sqrt(), d2.sqrt())
}

/// Every edge of every ring of the polygon, as (start, end).
fn polygon_edges(polygon: &Polygon<f64>) -> Vec<(Coord<f64>, Coord<f64>)> {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .flat_map(|ring| ring.lines().map(|l| (l.start, l.end)))
        .collect()
}

/// Interior points of a grid covering `rect`, found by scanlines (even-odd crossings over all
/// rings, so holes are respected) rather than a point-in-polygon test per grid point.
///
/// A scanline interval too short to contain a grid column still contributes its midpoint, so
/// slivers thinner than the grid spacing are sampled too.
fn grid_samples(
    edges: &[(Coord<f64>, Coord<f64>)],
    rect: Rect<f64>,
    cell_w: f64,
    cell_h: f64,
) -> Vec<Sample> {
    let (min, width, height) = (rect.min(), rect.width(), rect.height());
    let rows = grid_steps(height, cell_h);
    let cols = grid_steps(width, cell_w);
    let (h, w) = (height / rows as f64, width / cols as f64);
    let side = rows.max(cols).next_power_of_two();
    let mut samples = Vec::new();
    let mut crossings = Vec::new();
    for row in 0..rows {
        let y = min.y + (row as f64 + 0.5) * h;
        crossings.clear();
        for &(a, b) in edges {
            if (a.y > y) != (b.y > y) {
                crossings.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
        sort::sort_by(&mut crossings, f64::total_cmp);
        for pair in crossings.chunks_exact(2) {
            let (left, right) = (pair[0], pair[1]);
            if right <= left {
                continue;
            }
            let first = (((left - min.x) / w - 0.5).ceil().max(0.0)) as u64;
            let before = samples.len();
            for col in first..cols {
                let x = min.x + (col as f64 + 0.5) * w;
                if x >= right {
                    break;
                }
                if x > left {
                    samples.push(Sample {
                        at: Coord { x, y },
                        key: hilbert_key(side, col, row),
                    });
                }
            }
            let mid = 0.5 * (left + right);
            if samples.len() == before && mid > left && mid < right {
                let col = (((mid - min.x) / w) as u64).min(cols - 1);
                samples.push(Sample {
                    at: Coord { x: mid, y },
                    key: hilbert_key(side, col, row),
                });
            }
        }
    }
    samples
}

/// Grid steps across `extent`: at least one, and finite even for a degenerate part.
fn grid_steps(extent: f64, step: f64) -> u64 {
    let steps = (extent / step).ceil();
    if steps.is_finite() {
        steps.clamp(1.0, 1e7) as u64
    } else {
        1
    }
}

/// Position of grid cell (`x`, `y`) along a Hilbert curve over a `side`×`side` grid.
fn hilbert_key(side: u64, mut x: u64, mut y: u64) -> u64 {
    let mut key = 0;
    let mut s = side / 2;
    while s > 0 {
        let rx = u64::from(x & s != 0);
        let ry = u64::from(y & s != 0);
        key += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = side - 1 - x;
                y = side - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schematic_allocation_follows_area() {
        assert_eq!(allocate_by_area(&[3.0, 1.0], 4), vec![3, 1]);
        assert_eq!(allocate_by_area(&[1.0, 1.0, 1.0], 2), vec![1, 1, 0]);
        assert_eq!(allocate_by_area(&[0.0, 1.0], 3), vec![0, 3]);
        assert_eq!(allocate_by_area(&[10.0, 0.001], 5), vec![5, 0]);
    }
}
