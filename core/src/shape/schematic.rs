//! Schematic township cells.
//!
//! There are no open-licence township polygons for China, so until a user loads official
//! boundaries each county outline is split into one cell per township code. The cells are a
//! centroidal-Voronoi-like partition: seeds are spread evenly inside the outline with a few
//! Lloyd iterations over a fine grid of interior sample points, and each seed's Voronoi cell is
//! clipped to the outline.
//!
//! Why this design:
//! * Voronoi cells of well-spread seeds are compact, roughly equal in area and convex away from
//!   the county border, which reads as "schematic" rather than as a claim about real borders.
//! * A county has at most ~60 townships, so an O(n²) half-plane clip per cell is cheaper and far
//!   simpler than a Delaunay dependency. Everything is single-threaded and uses only IEEE `f64`
//!   arithmetic, `sqrt`, integer maths and i_overlay (whose few transcendental calls go through
//!   the pure-Rust `libm`), so output is bit-identical natively and on wasm32.
//! * Clipping to the real outline uses geo's `BooleanOps` (i_overlay): it copes with concave
//!   outlines, holes and cells that fall apart, which Sutherland–Hodgman against a concave
//!   polygon does not. All operations of one part share i_overlay's snapping grid
//!   (`pinning_frame`), so neighbouring cells meet exactly, without slivers or overlaps.
//! * Straight-line Voronoi regions can reach across a narrow bay; the stray piece is handed to
//!   the neighbour it touches (`merge_detached_pieces`) so cells of a single-part county are
//!   connected.

use geo::{Area, BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};

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

/// Partitions `outline` (lon/lat degrees, a real county outline) into exactly `cell_count`
/// schematic cells.
///
/// Cell `i` is the cell of the `i`-th seed in reading order (north-to-south bands about one cell
/// tall, west to east within a band), so the caller can hand out township codes in code order
/// and get the same picture every time.
///
/// Seeds are allocated to the parts of a multi-part outline in proportion to their area
/// (largest remainder), so cells keep a similar size everywhere. A part too small to earn a seed
/// (a tiny island) is added whole to the cell whose seed is nearest, which is why a cell is a
/// `MultiPolygon`. Parts of zero area are dropped because they cover nothing.
///
/// For an outline of positive area every cell is non-empty, cells do not overlap and together
/// they cover the outline. A degenerate (zero-area) outline still yields exactly `cell_count`
/// cells, the first being the outline itself and the rest empty, so callers never have to
/// special-case the count.
pub fn schematic_cells(outline: &MultiPolygon<f64>, cell_count: usize) -> Vec<MultiPolygon<f64>> {
    match cell_count {
        0 => return Vec::new(),
        1 => return vec![outline.clone()],
        _ => {}
    }
    let empty = MultiPolygon::<f64>::new(Vec::new());
    let areas: Vec<f64> = outline.0.iter().map(Area::unsigned_area).collect();
    let total: f64 = areas.iter().sum();
    let bbox = match outline.bounding_rect() {
        Some(rect) if total > 0.0 => rect,
        _ => {
            let mut cells = vec![empty; cell_count];
            cells[0] = outline.clone();
            return cells;
        }
    };
    let metric = Metric::at_latitude((bbox.min().y + bbox.max().y) * 0.5);
    let quotas = allocate_by_area(&areas, cell_count);

    let mut per_part: Vec<Vec<Coord<f64>>> = outline
        .0
        .iter()
        .zip(&quotas)
        .enumerate()
        .map(|(part, (polygon, &quota))| spread_seeds(polygon, areas[part], quota, metric))
        .collect();
    let placed: usize = per_part.iter().map(Vec::len).sum();
    if placed < cell_count {
        // A part too ragged to hold its quota of distinct interior samples (pathological input)
        // hands the shortfall to the largest part, so the count stays exact with non-empty cells.
        let largest = (0..areas.len())
            .max_by(|&a, &b| areas[a].total_cmp(&areas[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let want = per_part[largest].len() + cell_count - placed;
        per_part[largest] = spread_seeds(&outline.0[largest], areas[largest], want, metric);
    }
    let mut seeds: Vec<Seed> = per_part
        .iter()
        .enumerate()
        .flat_map(|(part, at)| at.iter().map(move |&at| Seed { at, part }))
        .collect();
    // Reading order for assigning codes: bands one typical cell tall, north to south, then west
    // to east within a band. Plain (latitude, longitude) sorting would almost never consult the
    // longitude, since seeds rarely share a latitude exactly.
    let band = (total * metric.x_scale / cell_count as f64).sqrt();
    let top = bbox.max().y;
    let band_of = |s: &Seed| ((top - s.at.y) / band).floor();
    seeds.sort_by(|a, b| {
        band_of(a)
            .total_cmp(&band_of(b))
            .then(a.at.x.total_cmp(&b.at.x))
            .then(b.at.y.total_cmp(&a.at.y))
    });

    let mut cells: Vec<MultiPolygon<f64>> = Vec::with_capacity(cell_count);
    for (i, seed) in seeds.iter().enumerate() {
        let polygon = &outline.0[seed.part];
        let rivals: Vec<Coord<f64>> = seeds
            .iter()
            .enumerate()
            .filter(|&(j, other)| j != i && other.part == seed.part)
            .map(|(_, other)| other.at)
            .collect();
        cells.push(clipped_voronoi_cell(polygon, seed.at, &rivals, metric));
    }
    merge_detached_pieces(outline, &mut cells, &seeds, metric);

    for (part, polygon) in outline.0.iter().enumerate() {
        if !per_part[part].is_empty() || areas[part] <= 0.0 || seeds.is_empty() {
            continue;
        }
        let Some(rect) = polygon.bounding_rect() else {
            continue;
        };
        let centre = rect.center();
        let nearest = (0..seeds.len())
            .min_by(|&a, &b| {
                metric
                    .dist2(seeds[a].at, centre)
                    .total_cmp(&metric.dist2(seeds[b].at, centre))
            })
            .unwrap_or(0);
        cells[nearest].0.push(polygon.clone());
    }

    // Only reachable if even the largest part cannot hold enough distinct samples (an outline of
    // near-zero area); the count promise still holds.
    cells.resize(cell_count, empty);
    cells
}

/// Hands every detached piece of a cell to the neighbour it borders most, so single-part cells
/// come out connected.
///
/// Straight-line Voronoi regions ignore the outline, so a region can reach across a narrow bay or
/// around a county that bites into this one, and clipping then leaves a second piece on the far
/// side. A township drawn in two pieces across a bay looks wrong even on a schematic map, and the
/// piece always touches the cell that "should" own it. The neighbour is the seed whose bisector
/// with this cell's seed runs along most of the piece's border; the piece is unioned into that
/// cell. The largest piece stays, so no cell becomes empty.
fn merge_detached_pieces(
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

#[derive(Clone, Copy, Debug)]
struct Seed {
    at: Coord<f64>,
    part: usize,
}

/// Squared distance in a local equirectangular projection. Seeds and Voronoi bisectors use it so
/// cells are compact on the ground rather than in raw degrees (a degree of longitude shrinks with
/// latitude), while all geometry stays in the caller's lon/lat coordinates and outline vertices
/// are never re-projected.
#[derive(Clone, Copy, Debug)]
struct Metric {
    /// Ground length of one degree of longitude relative to one degree of latitude.
    x_scale: f64,
    x_weight: f64,
}

impl Metric {
    fn at_latitude(lat: f64) -> Self {
        let x_scale = deterministic_cos(lat.clamp(-89.0, 89.0).to_radians()).max(0.02);
        Metric {
            x_scale,
            x_weight: x_scale * x_scale,
        }
    }

    fn dist2(self, a: Coord<f64>, b: Coord<f64>) -> f64 {
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

/// Largest-remainder apportionment: every cell gets a seed, parts get seeds in proportion to area,
/// and ties break by part index so the result is deterministic.
fn allocate_by_area(areas: &[f64], cell_count: usize) -> Vec<usize> {
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
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
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
fn spread_seeds(
    polygon: &Polygon<f64>,
    area: f64,
    count: usize,
    metric: Metric,
) -> Vec<Coord<f64>> {
    let Some(rect) = polygon.bounding_rect().filter(|_| count > 0) else {
        return Vec::new();
    };
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
    let count = count.min(samples.len());
    if count == 0 {
        return Vec::new();
    }

    // Start from equal-size runs along a Hilbert curve: compact, equal-area groups, so Lloyd only
    // has to polish rather than untangle a poor start.
    samples.sort_by_key(|s| s.key);
    let n = samples.len();
    let mut seeds: Vec<Coord<f64>> = (0..count)
        .map(|i| mean(&samples[i * n / count..(i + 1) * n / count]))
        .collect();

    // Lloyd with Hamerly's bounds: `upper[s]` is at least the distance from sample `s` to its
    // owner and `lower[s]` at most its distance to any other seed. Seeds move little after the
    // first rounds, so most samples keep `upper <= lower` and skip the scan over all seeds, which
    // otherwise dominates the country-wide run time.
    let settled = spacing * SETTLED_FRACTION;
    let mut owner = vec![0_usize; n];
    let mut upper = vec![f64::INFINITY; n];
    let mut lower = vec![0.0_f64; n];
    let mut shift = vec![0.0_f64; count];
    let mut max_shift = 0.0_f64;
    let mut sums = vec![(0.0_f64, 0.0_f64, 0_usize); count];
    for round in 0..LLOYD_ITERATIONS {
        let mut changed = false;
        sums.iter_mut().for_each(|s| *s = (0.0, 0.0, 0));
        for (s, sample) in samples.iter().enumerate() {
            let p = sample.at;
            upper[s] += shift[owner[s]];
            lower[s] -= max_shift;
            if upper[s] > lower[s] {
                upper[s] = metric.dist2(seeds[owner[s]], p).sqrt();
                if upper[s] > lower[s] {
                    let (best, d1, d2) = two_nearest(&seeds, p, metric);
                    changed |= best != owner[s];
                    (owner[s], upper[s], lower[s]) = (best, d1, d2);
                }
            }
            let sum = &mut sums[owner[s]];
            sum.0 += p.x;
            sum.1 += p.y;
            sum.2 += 1;
        }
        if round > 0 && !changed {
            break;
        }
        max_shift = 0.0;
        for ((seed, &(sx, sy, k)), shift) in seeds.iter_mut().zip(&sums).zip(&mut shift) {
            *shift = 0.0;
            if k > 0 {
                let next = Coord {
                    x: sx / k as f64,
                    y: sy / k as f64,
                };
                *shift = metric.dist2(*seed, next).sqrt();
                max_shift = max_shift.max(*shift);
                *seed = next;
            }
        }
        if max_shift < settled {
            break;
        }
    }

    // Snap each seed to the nearest sample of its own cluster: clusters are disjoint, so the
    // seeds stay distinct, and it costs one pass instead of samples × seeds.
    let mut pick = vec![(usize::MAX, f64::INFINITY); count];
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
    seeds
}

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
        crossings.sort_by(f64::total_cmp);
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

/// The Voronoi cell of `seed` among `rivals` (same part only, so cells never straddle water
/// between islands), clipped to `polygon`.
fn clipped_voronoi_cell(
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
fn pinning_frame(part: Rect<f64>) -> MultiPolygon<f64> {
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
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
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

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Centroid};

    fn mp(polygons: Vec<Polygon<f64>>) -> MultiPolygon<f64> {
        MultiPolygon::new(polygons)
    }

    fn rect_poly(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
        polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)]
    }

    /// A noisy star around (lon, lat): concave, irregular, like a real county.
    fn star(lon: f64, lat: f64, radius: f64, vertices: usize) -> Polygon<f64> {
        let ring: Vec<Coord<f64>> = (0..vertices)
            .map(|i| {
                let a = i as f64 / vertices as f64 * std::f64::consts::TAU;
                let r = radius * (1.0 + 0.35 * (5.0 * a).sin() + 0.1 * (17.0 * a).cos());
                Coord {
                    x: lon + r * a.cos() / 0.85,
                    y: lat + r * a.sin(),
                }
            })
            .collect();
        Polygon::new(LineString::from(ring), Vec::new())
    }

    /// The partition contract: exact count, non-empty cells, containment, no overlap, coverage.
    fn assert_partition(outline: &MultiPolygon<f64>, cells: &[MultiPolygon<f64>], count: usize) {
        assert_eq!(cells.len(), count, "cell count");
        let outline_area = outline.unsigned_area();
        let mut sum = 0.0;
        for (i, cell) in cells.iter().enumerate() {
            let area = cell.unsigned_area();
            assert!(area > 0.0, "cell {i} is empty");
            let outside = cell.difference(outline).unsigned_area();
            assert!(
                outside <= area * 1e-6 + outline_area * 1e-9,
                "cell {i} sticks out of the outline by {outside} of {area}"
            );
            sum += area;
        }
        assert!(
            (sum - outline_area).abs() <= outline_area * 0.005,
            "cell areas sum to {sum}, outline is {outline_area}"
        );
        let rects: Vec<Rect<f64>> = cells.iter().map(|c| c.bounding_rect().unwrap()).collect();
        for i in 0..cells.len() {
            for j in i + 1..cells.len() {
                let (a, b) = (rects[i], rects[j]);
                if a.max().x < b.min().x
                    || b.max().x < a.min().x
                    || a.max().y < b.min().y
                    || b.max().y < a.min().y
                {
                    continue;
                }
                // Cells of a part share one snapping grid, so neighbours meet exactly; an
                // overlap even at the grid's scale (~1e-10 of the area) means they do not.
                let overlap = cells[i].intersection(&cells[j]).unsigned_area();
                assert!(
                    overlap <= outline_area * 1e-13,
                    "cells {i} and {j} overlap by {overlap}"
                );
            }
        }
    }

    #[test]
    fn schematic_zero_and_one_cell() {
        let outline = mp(vec![star(110.0, 30.0, 0.3, 120)]);
        assert!(schematic_cells(&outline, 0).is_empty());
        assert_eq!(schematic_cells(&outline, 1), vec![outline.clone()]);
    }

    #[test]
    fn schematic_star_partition_contract() {
        let outline = mp(vec![star(104.0, 31.0, 0.4, 200)]);
        for count in [2, 3, 7, 15, 31, 60] {
            let cells = schematic_cells(&outline, count);
            assert_partition(&outline, &cells, count);
        }
    }

    #[test]
    fn schematic_is_deterministic() {
        let outline = mp(vec![
            star(120.0, 24.0, 0.25, 150),
            rect_poly(120.5, 24.0, 120.56, 24.04),
        ]);
        let a = schematic_cells(&outline, 23);
        let b = schematic_cells(&outline, 23);
        assert_eq!(a, b);
    }

    #[test]
    fn schematic_cells_are_even_in_size() {
        // On a plain square the cells should be close to equal; a degenerate seeding (e.g. seeds
        // bunched in one corner) would leave a few huge cells.
        let outline = mp(vec![rect_poly(100.0, 0.0, 101.0, 1.0)]);
        let cells = schematic_cells(&outline, 20);
        assert_partition(&outline, &cells, 20);
        let areas: Vec<f64> = cells.iter().map(Area::unsigned_area).collect();
        let max = areas.iter().copied().fold(0.0, f64::max);
        let min = areas.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(max / min < 2.5, "cell areas range {min}..{max}");
    }

    #[test]
    fn schematic_cells_are_ordered_north_to_south() {
        let outline = mp(vec![rect_poly(100.0, 0.0, 100.1, 1.0)]);
        let cells = schematic_cells(&outline, 4);
        assert_partition(&outline, &cells, 4);
        let ys: Vec<f64> = cells.iter().map(|c| c.centroid().unwrap().y()).collect();
        assert!(
            ys.windows(2).all(|w| w[0] > w[1]),
            "centroid latitudes {ys:?}"
        );

        let outline = mp(vec![rect_poly(100.0, 0.0, 101.0, 0.1)]);
        let cells = schematic_cells(&outline, 4);
        assert_partition(&outline, &cells, 4);
        let xs: Vec<f64> = cells.iter().map(|c| c.centroid().unwrap().x()).collect();
        assert!(
            xs.windows(2).all(|w| w[0] < w[1]),
            "centroid longitudes {xs:?}"
        );
    }

    #[test]
    fn schematic_concave_u_shape() {
        // A U: two prongs joined at the bottom. Naive convex clipping would bridge the gap.
        let u = polygon![
            (x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 3.0), (x: 2.0, y: 3.0),
            (x: 2.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 3.0), (x: 0.0, y: 3.0),
        ];
        let outline = mp(vec![u]);
        for count in [2, 5, 12] {
            let cells = schematic_cells(&outline, count);
            assert_partition(&outline, &cells, count);
            // Nothing may cover the notch between the prongs.
            let notch = rect_poly(1.05, 1.05, 1.95, 2.95);
            for cell in &cells {
                assert!(cell.intersection(&notch).unsigned_area() < 1e-9);
            }
        }
    }

    #[test]
    fn schematic_multi_part_with_tiny_island() {
        let main = star(118.0, 30.0, 0.3, 180);
        let island = rect_poly(118.6, 30.0, 118.601, 30.001);
        let outline = mp(vec![main, island.clone()]);
        let cells = schematic_cells(&outline, 10);
        assert_partition(&outline, &cells, 10);
        let holders: Vec<usize> = (0..cells.len())
            .filter(|&i| cells[i].intersection(&island).unsigned_area() > 0.0)
            .collect();
        assert_eq!(holders.len(), 1, "island must belong to exactly one cell");
        let holder = &cells[holders[0]];
        assert!(
            (holder.intersection(&island).unsigned_area() - island.unsigned_area()).abs() < 1e-12
        );
    }

    #[test]
    fn schematic_more_parts_than_cells() {
        let parts: Vec<Polygon<f64>> = (0..5)
            .map(|i| {
                let x = 100.0 + i as f64 * 0.2;
                rect_poly(x, 20.0, x + 0.1, 20.1 + i as f64 * 0.01)
            })
            .collect();
        let outline = mp(parts);
        let cells = schematic_cells(&outline, 3);
        assert_partition(&outline, &cells, 3);
    }

    #[test]
    fn schematic_sixty_cells_in_thin_small_polygon() {
        // ~2 km × 50 m: far fewer grid rows than cells at the default sampling density.
        let outline = mp(vec![polygon![
            (x: 110.0, y: 25.0), (x: 110.02, y: 25.0002), (x: 110.0201, y: 25.0006),
            (x: 110.0, y: 25.0005),
        ]]);
        let cells = schematic_cells(&outline, 60);
        assert_partition(&outline, &cells, 60);
    }

    #[test]
    fn schematic_refines_grid_that_misses_the_area() {
        // An I-beam 1° wide and ~33 m tall: two thin bars joined by a hair-thin web. The first
        // sampling grid has a single scanline, which only crosses the web, i.e. one sample for
        // 60 seeds; the grid must be refined to place 60 distinct seeds.
        let (t, h, d) = (1e-4, 3e-4, 5e-6);
        let beam = polygon![
            (x: 100.0, y: 0.0), (x: 101.0, y: 0.0), (x: 101.0, y: t), (x: 100.5 + d, y: t),
            (x: 100.5 + d, y: h - t), (x: 101.0, y: h - t), (x: 101.0, y: h), (x: 100.0, y: h),
            (x: 100.0, y: h - t), (x: 100.5 - d, y: h - t), (x: 100.5 - d, y: t), (x: 100.0, y: t),
        ];
        let outline = mp(vec![beam]);
        let cells = schematic_cells(&outline, 60);
        assert_partition(&outline, &cells, 60);
    }

    #[test]
    fn schematic_cells_are_compact_on_the_ground() {
        // At 60°N a degree of longitude is half a degree of latitude on the ground, so this
        // 2° × 1° box is a ground square. Cells spread in raw degrees would come out twice as
        // tall as wide on the ground.
        let outline = mp(vec![rect_poly(100.0, 59.5, 102.0, 60.5)]);
        let cells = schematic_cells(&outline, 16);
        assert_partition(&outline, &cells, 16);
        let mean_log_aspect = cells
            .iter()
            .map(|c| {
                let r = c.bounding_rect().unwrap();
                (r.width() * 0.5 / r.height()).ln()
            })
            .sum::<f64>()
            / cells.len() as f64;
        assert!(
            mean_log_aspect.abs() < 0.25,
            "mean ground aspect {}",
            mean_log_aspect.exp()
        );
    }

    #[test]
    fn schematic_nearby_parts_do_not_steal_from_each_other() {
        // A narrow part right next to a big one: seeds of the big part are nearer to much of the
        // narrow part than its own seed, so Voronoi regions must be computed per part or that
        // area would be lost.
        let outline = mp(vec![
            rect_poly(100.0, 30.0, 101.0, 31.0),
            rect_poly(101.001, 30.0, 101.1, 31.0),
        ]);
        let cells = schematic_cells(&outline, 10);
        assert_partition(&outline, &cells, 10);
    }

    #[test]
    fn schematic_cells_do_not_straddle_a_narrow_bay() {
        // A square with a deep, narrow slot cut in from the north. Straight-line Voronoi regions
        // reach across the slot; every such stray piece must be handed to the cell next to it.
        let slot = polygon![
            (x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.51, y: 1.0),
            (x: 0.51, y: 0.2), (x: 0.49, y: 0.2), (x: 0.49, y: 1.0), (x: 0.0, y: 1.0),
        ];
        let outline = mp(vec![slot]);
        for count in [3, 4, 6, 9, 14, 23] {
            let cells = schematic_cells(&outline, count);
            assert_partition(&outline, &cells, count);
            for (i, cell) in cells.iter().enumerate() {
                assert_eq!(cell.0.len(), 1, "{count} cells: cell {i} is in pieces");
            }
        }
    }

    #[test]
    fn schematic_respects_holes() {
        let hole = LineString::from(vec![(0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)]);
        let square = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]),
            vec![hole],
        );
        let outline = mp(vec![square]);
        let cells = schematic_cells(&outline, 9);
        assert_partition(&outline, &cells, 9);
        let inside_hole = rect_poly(0.41, 0.41, 0.59, 0.59);
        for cell in &cells {
            assert!(cell.intersection(&inside_hole).unsigned_area() < 1e-12);
        }
    }

    #[test]
    fn schematic_degenerate_outline_keeps_count() {
        let empty = mp(Vec::new());
        let cells = schematic_cells(&empty, 4);
        assert_eq!(cells.len(), 4);
        assert!(cells.iter().all(|c| c.0.is_empty()));
    }

    #[test]
    fn schematic_allocation_follows_area() {
        assert_eq!(allocate_by_area(&[3.0, 1.0], 4), vec![3, 1]);
        assert_eq!(allocate_by_area(&[1.0, 1.0, 1.0], 2), vec![1, 1, 0]);
        assert_eq!(allocate_by_area(&[0.0, 1.0], 3), vec![0, 3]);
        assert_eq!(allocate_by_area(&[10.0, 0.001], 5), vec![5, 0]);
    }

    #[test]
    fn schematic_cos_matches_std() {
        for deg in [-89.0_f64, -45.0, 0.0, 23.5, 53.0, 89.0] {
            let r = deg.to_radians();
            assert!((deterministic_cos(r) - r.cos()).abs() < 1e-7, "{deg}");
        }
    }
}
