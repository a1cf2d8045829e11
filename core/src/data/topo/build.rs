//! TopoJSON writing: polygons in lon/lat become one topology whose shared borders are stored
//! once and simplified once.
//!
//! Why a topology: neighbouring regions share their borders. Written as separate polygons, every
//! border is written twice, and simplified separately the two copies part, leaving slivers and
//! gaps between neighbours. Here
//!
//! 1. every coordinate is snapped to one grid first, so a vertex two neighbours share is the
//!    same integer pair on both sides (and a vertex a few millimetres off becomes it);
//! 2. rings are cut into arcs at junctions (points where the rings passing through disagree
//!    about where they come from or go), so each arc is bordered by the same rings along its
//!    whole length; an arc met twice, in either direction, is stored once and referenced by both
//!    rings (`~i`, i.e. `-i - 1`, when walked backwards). Rings share a border where they have
//!    the same vertices on the grid: a vertex one has and the other lacks (a T-junction) ends the
//!    shared stretch there, as in topojson and mapshaper;
//! 3. each arc is simplified on its own (Ramer–Douglas–Peucker, `geo`'s [`Simplify`]) with its
//!    endpoints fixed, so both neighbours get the identical simplified border; a ring that
//!    simplification would leave without area (or turn inside out) keeps its arcs unsimplified;
//!    an arc that simplified would cross another arc or itself (two borders bent towards each
//!    other near a junction, a narrow neck thinner than the tolerance) keeps its detail too, so
//!    simplification never makes neighbours overlap;
//! 4. the arcs are written delta-encoded on the grid, with the `transform` that maps them back.
//!
//! The output is standard TopoJSON, read back by [`super::Topology`] and by GIS tools
//! (mapshaper, topojson-client).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

use geo::{Coord, LineString, MultiPolygon, Simplify};
use serde_json::{Map, Value};

use super::TopoFeature;

/// A point on the quantisation grid: whole grid steps east and north of the topology's
/// `translate` (the south-west corner of everything written).
type GridPoint = [i64; 2];

/// A shape on the grid: polygons, each its rings (exterior first), each ring its vertices
/// without the closing repeat.
type GridShape = Vec<Vec<Vec<GridPoint>>>;

/// A shape as arc references: polygons, rings, and per ring the arcs it walks (`!i` backwards).
type ArcShape = Vec<Vec<Vec<i64>>>;

/// A multiply-and-rotate hasher (as rustc's FxHash) for grid points and arcs. The standard
/// SipHash resists crafted keys, which a publisher's own boundary file does not need, and took a
/// quarter of a national publication's time.
#[derive(Default)]
struct GridHasher(u64);

impl Hasher for GridHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut whole = [0u8; 8];
            whole.copy_from_slice(word);
            self.write_u64(u64::from_le_bytes(whole));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut padded = [0u8; 8];
            padded[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(padded));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, value: i64) {
        self.write_u64(value as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

type GridMap<K, V> = HashMap<K, V, BuildHasherDefault<GridHasher>>;
type GridSet<K> = HashSet<K, BuildHasherDefault<GridHasher>>;

/// Metres in one degree of latitude (and of longitude at the equator). A degree of longitude is
/// shorter away from the equator (cos φ: about 100 km at 25° N), so a distance converted with
/// this constant is never longer on the ground than asked for.
pub const METRES_PER_DEGREE: f64 = 111_320.0;

/// How [`write_topology`] quantises and simplifies. Both figures are in degrees, on both axes
/// alike (TopoJSON's `transform` has one scale per axis; the same step keeps the grid square in
/// degrees, as GIS tools expect).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TopologyOptions {
    /// Side of one quantisation step, in degrees: every coordinate is snapped to a whole number
    /// of steps from the south-west corner before anything else. Must be finite and > 0.
    pub grid_deg: f64,
    /// Ramer–Douglas–Peucker tolerance, in degrees: a vertex nearer than this to the line
    /// between the vertices kept around it is dropped. 0 keeps every (snapped) vertex.
    pub simplify_deg: f64,
}

impl TopologyOptions {
    /// The options for a grid step and a tolerance given in metres on the ground, converted at
    /// [`METRES_PER_DEGREE`].
    pub const fn from_metres(grid_m: f64, simplify_m: f64) -> TopologyOptions {
        TopologyOptions {
            grid_deg: grid_m / METRES_PER_DEGREE,
            simplify_deg: simplify_m / METRES_PER_DEGREE,
        }
    }
}

/// Writes `objects` (each a name and its features, lon/lat or any planar coordinates) as one
/// TopoJSON topology: one `GeometryCollection` per object, each feature a `Polygon` (one part),
/// a `MultiPolygon` (several) or a null geometry (none left), with its `properties` as given.
/// Borders shared between features (of one object or of several) are stored once; see the
/// module comment for the steps. Exterior rings are written clockwise and holes anticlockwise.
/// A ring smaller than one grid step has no area left on the grid and is left out (a polygon
/// whose exterior is left out, with its holes).
///
/// # Panics
/// When `options.grid_deg` is not finite and positive.
pub fn write_topology(objects: &[(&str, Vec<TopoFeature>)], options: &TopologyOptions) -> String {
    assert!(
        options.grid_deg.is_finite() && options.grid_deg > 0.0,
        "the grid step must be positive, found {}",
        options.grid_deg
    );
    let grid = Grid::around(objects, options.grid_deg);
    let snapped: Vec<Vec<GridShape>> = objects
        .iter()
        .map(|(_, features)| {
            features
                .iter()
                .map(|f| grid.snap_shape(&f.geometry))
                .collect()
        })
        .collect();
    let all_rings = || snapped.iter().flatten().flatten().flatten();
    let junctions = junctions(all_rings().map(Vec::as_slice));
    let mut table = ArcTable::default();
    let shapes: Vec<Vec<ArcShape>> = snapped
        .iter()
        .map(|features| {
            features
                .iter()
                .map(|shape| cut_shape(shape, &junctions, &mut table))
                .collect()
        })
        .collect();
    let rings: Vec<(&[i64], i128)> = shapes
        .iter()
        .flatten()
        .flatten()
        .flatten()
        .zip(all_rings())
        .map(|(refs, points)| (refs.as_slice(), twice_area(points)))
        .collect();
    let tolerance_steps = options.simplify_deg.max(0.0) / options.grid_deg;
    let arcs = simplify_arcs(&table.arcs, tolerance_steps, &rings);
    let mut out = String::with_capacity(64 + 12 * arcs.iter().map(Vec::len).sum::<usize>());
    write_header(&mut out, &grid);
    write_objects(&mut out, objects, &shapes);
    write_arcs(&mut out, &arcs);
    out
}

/// The quantisation grid: its south-west corner and its step.
struct Grid {
    origin: Coord<f64>,
    step_deg: f64,
}

impl Grid {
    /// The grid of `step_deg` whose corner is the south-west corner of every coordinate of
    /// `objects` (the origin when there are none), so every grid point is ≥ 0.
    fn around(objects: &[(&str, Vec<TopoFeature>)], step_deg: f64) -> Grid {
        let mut min = Coord {
            x: f64::INFINITY,
            y: f64::INFINITY,
        };
        let coords = objects
            .iter()
            .flat_map(|(_, features)| features)
            .flat_map(|f| &f.geometry.0)
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| &ring.0);
        for c in coords {
            min.x = min.x.min(c.x);
            min.y = min.y.min(c.y);
        }
        if !min.x.is_finite() || !min.y.is_finite() {
            min = Coord { x: 0.0, y: 0.0 };
        }
        Grid {
            origin: min,
            step_deg,
        }
    }

    fn snap(&self, c: Coord<f64>) -> GridPoint {
        [
            ((c.x - self.origin.x) / self.step_deg).round() as i64,
            ((c.y - self.origin.y) / self.step_deg).round() as i64,
        ]
    }

    /// The shape on the grid, without the rings left with no area and the polygons whose
    /// exterior is one of them; exteriors clockwise and holes anticlockwise (lon east, lat
    /// north), whatever the input's winding: the order d3-geo, topojson-client and mapshaper
    /// read TopoJSON in, and the one a canvas's non-zero fill needs to leave holes open.
    fn snap_shape(&self, shape: &MultiPolygon<f64>) -> GridShape {
        let wound = |mut ring: Vec<GridPoint>, clockwise: bool| {
            if (twice_area(&ring) < 0) != clockwise {
                ring.reverse();
            }
            ring
        };
        shape
            .0
            .iter()
            .filter_map(|polygon| {
                let exterior = wound(self.snap_ring(polygon.exterior())?, true);
                let holes = (polygon.interiors().iter())
                    .filter_map(|r| self.snap_ring(r))
                    .map(|hole| wound(hole, false));
                Some(std::iter::once(exterior).chain(holes).collect())
            })
            .collect()
    }

    /// The ring's vertices on the grid, without repeats (two vertices in one grid step are one)
    /// nor the closing vertex; `None` when no area is left.
    fn snap_ring(&self, ring: &LineString<f64>) -> Option<Vec<GridPoint>> {
        let mut points: Vec<GridPoint> = Vec::with_capacity(ring.0.len());
        for c in &ring.0 {
            let p = self.snap(*c);
            if points.last() != Some(&p) {
                points.push(p);
            }
        }
        while points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        (points.len() >= 3 && twice_area(&points) != 0).then_some(points)
    }
}

/// Twice the signed area of an open ring (the closing edge implied), exact on the grid:
/// positive counter-clockwise.
fn twice_area(ring: &[GridPoint]) -> i128 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let ([x0, y0], [x1, y1]) = (ring[i], ring[(i + 1) % n]);
            i128::from(x0) * i128::from(y1) - i128::from(x1) * i128::from(y0)
        })
        .sum()
}

/// The points where rings meet or part: a point is a junction when two passes through it (by
/// one ring or two) come from or go to different neighbours. Cutting every ring there makes
/// each piece of border run between the same rings along its whole length.
fn junctions<'r>(rings: impl Iterator<Item = &'r [GridPoint]>) -> GridSet<GridPoint> {
    // Per point: the neighbours of its first pass, in order; `None` once two passes differ.
    let mut seen: GridMap<GridPoint, Option<(GridPoint, GridPoint)>> = GridMap::default();
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (before, after) = (ring[(i + n - 1) % n], ring[(i + 1) % n]);
            let pair = (before.min(after), before.max(after));
            seen.entry(ring[i])
                .and_modify(|first| {
                    if *first != Some(pair) {
                        *first = None;
                    }
                })
                .or_insert(Some(pair));
        }
    }
    seen.into_iter()
        .filter_map(|(point, pair)| pair.is_none().then_some(point))
        .collect()
}

/// Arcs stored once each, found by their points in either direction.
#[derive(Default)]
struct ArcTable {
    arcs: Vec<Vec<GridPoint>>,
    /// The arcs by the hash of their points (several when hashes collide), so each arc's
    /// points are held once.
    by_hash: GridMap<u64, Vec<usize>>,
}

impl ArcTable {
    /// The reference to the arc through `points`: `i`, or `!i` (TopoJSON's `~i`) when it is
    /// stored the other way round; stored first if new. Each arc is stored in the direction
    /// whose points come first in order, so both directions find it.
    fn reference(&mut self, mut points: Vec<GridPoint>) -> i64 {
        let forward = points.iter().le(points.iter().rev());
        if !forward {
            points.reverse();
        }
        let mut hasher = GridHasher::default();
        for [x, y] in &points {
            hasher.write_i64(*x);
            hasher.write_i64(*y);
        }
        let candidates = self.by_hash.entry(hasher.finish()).or_default();
        let found = candidates.iter().copied().find(|&i| self.arcs[i] == points);
        let i = found.unwrap_or_else(|| {
            self.arcs.push(points);
            candidates.push(self.arcs.len() - 1);
            self.arcs.len() - 1
        }) as i64;
        if forward {
            i
        } else {
            !i
        }
    }
}

fn cut_shape(shape: &GridShape, junctions: &GridSet<GridPoint>, table: &mut ArcTable) -> ArcShape {
    shape
        .iter()
        .map(|polygon| {
            polygon
                .iter()
                .map(|ring| cut_ring(ring, junctions, table))
                .collect()
        })
        .collect()
}

/// The ring as references to its arcs, cut at every junction on it. A ring without a junction
/// is one closed arc starting at its least point, so the same ring walked by another feature
/// (an enclave's exterior and the hole it fills) from anywhere finds the same arc.
fn cut_ring(ring: &[GridPoint], junctions: &GridSet<GridPoint>, table: &mut ArcTable) -> Vec<i64> {
    let n = ring.len();
    let least = || (0..n).min_by_key(|&i| ring[i]).unwrap_or(0);
    let start = (0..n)
        .find(|&i| junctions.contains(&ring[i]))
        .unwrap_or_else(least);
    let mut refs = Vec::new();
    let mut arc = Vec::new();
    for k in 0..=n {
        let p = ring[(start + k) % n];
        arc.push(p);
        if k > 0 && (k == n || junctions.contains(&p)) {
            refs.push(table.reference(std::mem::replace(&mut arc, vec![p])));
        }
    }
    refs
}

/// Each arc simplified on its own, endpoints fixed, then put back as it was where that would
/// harm a shape: the arcs of every ring that would be left without area or turned inside out,
/// and every arc that would cross another arc or itself where they did not as given
/// ([`restore_crossing_arcs`]). Repeated
/// until nothing more is put back: an arc put back adds detail to its other ring too, never
/// takes it away. `rings` are every ring's references with its twice-area on the grid.
fn simplify_arcs(
    arcs: &[Vec<GridPoint>],
    tolerance_steps: f64,
    rings: &[(&[i64], i128)],
) -> Vec<Vec<GridPoint>> {
    let mut simplified: Vec<Vec<GridPoint>> = arcs
        .iter()
        .map(|arc| simplify_arc(arc, tolerance_steps))
        .collect();
    if tolerance_steps <= 0.0 {
        return simplified;
    }
    let excused = crossing_pairs(arcs);
    loop {
        let collapsed = restore_collapsed_rings(arcs, &mut simplified, rings);
        let crossing = restore_crossing_arcs(arcs, &mut simplified, &excused);
        if !collapsed && !crossing {
            return simplified;
        }
    }
}

/// Puts back the arcs of every ring that `simplified` leaves without area or turns inside out;
/// true when any was put back.
fn restore_collapsed_rings(
    arcs: &[Vec<GridPoint>],
    simplified: &mut [Vec<GridPoint>],
    rings: &[(&[i64], i128)],
) -> bool {
    let arc_index = |r: i64| (if r < 0 { !r } else { r }) as usize;
    let mut changed = false;
    for (refs, area) in rings {
        let kept = twice_area(&stitch(refs, simplified));
        if kept != 0 && kept.signum() == area.signum() {
            continue;
        }
        for i in refs.iter().map(|&r| arc_index(r)) {
            if simplified[i] != arcs[i] {
                simplified[i] = arcs[i].clone();
                changed = true;
            }
        }
    }
    changed
}

/// A segment of an arc, as the sweep sees it.
#[derive(Clone, Copy)]
struct ArcSegment {
    line: geo::Line<f64>,
    arc: usize,
}

impl geo::algorithm::sweep::Cross for ArcSegment {
    type Scalar = f64;

    fn line(&self) -> geo::Line<f64> {
        self.line
    }
}

/// Puts back every simplified arc that meets another arc, or itself, other than end to end,
/// where the arcs as given did not: arcs are simplified one by one, so two borders that run
/// close (a narrow neck, two arcs bent towards each other near a junction) can cross once each
/// is, and the shapes on either side would overlap. A pair that crossed as given (`excused`,
/// the input's own overlap) is left as it is. True when any arc was put back.
fn restore_crossing_arcs(
    arcs: &[Vec<GridPoint>],
    simplified: &mut [Vec<GridPoint>],
    excused: &GridSet<(usize, usize)>,
) -> bool {
    let mut changed = false;
    for (a, b) in crossing_pairs(simplified) {
        if excused.contains(&(a, b)) {
            continue;
        }
        for i in [a, b] {
            if simplified[i] != arcs[i] {
                simplified[i] = arcs[i].clone();
                changed = true;
            }
        }
    }
    changed
}

/// The pairs of arcs (lower index first; an arc with itself too) that meet other than end to
/// end: one sweep ([`geo::Intersections`]) over every segment, in about n log n.
fn crossing_pairs(arcs: &[Vec<GridPoint>]) -> GridSet<(usize, usize)> {
    let point = |[x, y]: GridPoint| Coord {
        x: x as f64,
        y: y as f64,
    };
    let segments = arcs.iter().enumerate().flat_map(|(arc, points)| {
        points.windows(2).map(move |w| ArcSegment {
            line: geo::Line::new(point(w[0]), point(w[1])),
            arc,
        })
    });
    let mut pairs = GridSet::default();
    for (a, b, meeting) in geo::Intersections::from_iter(segments) {
        let end_to_end = match meeting {
            geo::LineIntersection::SinglePoint { intersection, .. } => {
                let ends = |l: geo::Line<f64>| l.start == intersection || l.end == intersection;
                ends(a.line) && ends(b.line)
            }
            geo::LineIntersection::Collinear { .. } => false,
        };
        if !end_to_end {
            pairs.insert((a.arc.min(b.arc), a.arc.max(b.arc)));
        }
    }
    pairs
}

fn simplify_arc(arc: &[GridPoint], tolerance_steps: f64) -> Vec<GridPoint> {
    if tolerance_steps <= 0.0 || arc.len() <= 2 {
        return arc.to_vec();
    }
    let line: LineString<f64> = arc
        .iter()
        .map(|&[x, y]| Coord {
            x: x as f64,
            y: y as f64,
        })
        .collect();
    // RDP keeps a subset of the input points, so the values stay whole numbers.
    line.simplify(tolerance_steps)
        .0
        .iter()
        .map(|c| [c.x as i64, c.y as i64])
        .collect()
}

/// The open ring walked by `refs` (without its closing vertex).
fn stitch(refs: &[i64], arcs: &[Vec<GridPoint>]) -> Vec<GridPoint> {
    let mut points = Vec::new();
    for &r in refs {
        let arc = if r < 0 {
            arcs[!r as usize]
                .iter()
                .rev()
                .skip(1)
                .copied()
                .collect::<Vec<_>>()
        } else {
            arcs[r as usize].iter().skip(1).copied().collect()
        };
        points.extend(arc);
    }
    points
}

fn write_header(out: &mut String, grid: &Grid) {
    let step = grid.step_deg;
    let (x, y) = (grid.origin.x, grid.origin.y);
    let _ = write!(
        out,
        "{{\"type\":\"Topology\",\"transform\":{{\"scale\":[{step},{step}],\"translate\":[{x},{y}]}},"
    );
}

fn write_objects(out: &mut String, objects: &[(&str, Vec<TopoFeature>)], shapes: &[Vec<ArcShape>]) {
    out.push_str("\"objects\":{");
    for (k, ((name, features), shapes)) in objects.iter().zip(shapes).enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&Value::from(*name).to_string());
        out.push_str(":{\"type\":\"GeometryCollection\",\"geometries\":[");
        for (j, (feature, shape)) in features.iter().zip(shapes).enumerate() {
            if j > 0 {
                out.push(',');
            }
            write_geometry(out, &feature.properties, shape);
        }
        out.push_str("]}");
    }
    out.push_str("},");
}

/// One feature: a Polygon when it has one part, a MultiPolygon when more, null when none.
fn write_geometry(out: &mut String, properties: &Map<String, Value>, shape: &ArcShape) {
    let refs = |polygon: &Vec<Vec<i64>>| serde_json::to_string(polygon).unwrap_or_default();
    match shape.as_slice() {
        [] => out.push_str("{\"type\":null"),
        [polygon] => {
            let _ = write!(out, "{{\"type\":\"Polygon\",\"arcs\":{}", refs(polygon));
        }
        parts => {
            let list: Vec<String> = parts.iter().map(refs).collect();
            let _ = write!(
                out,
                "{{\"type\":\"MultiPolygon\",\"arcs\":[{}]",
                list.join(",")
            );
        }
    }
    if !properties.is_empty() {
        let _ = write!(out, ",\"properties\":{}", Value::Object(properties.clone()));
    }
    out.push('}');
}

/// The arcs, each its first point on the grid and then the step to each next point.
fn write_arcs(out: &mut String, arcs: &[Vec<GridPoint>]) {
    out.push_str("\"arcs\":[");
    for (k, arc) in arcs.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push('[');
        let mut last = [0, 0];
        for (j, p) in arc.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(out, "[{},{}]", p[0] - last[0], p[1] - last[1]);
            last = *p;
        }
        out.push(']');
    }
    out.push_str("]}");
}

#[cfg(test)]
mod tests;
