//! The geometry checks of one feature: rings closed, degenerate rings dropped, winding as
//! RFC 7946 has it, and self-intersections found with geo's sweep and reported.

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::lang::Text;

use super::report::{GeometryChecks, IssueOutcome};

/// A repair or warning about one feature, which becomes a report line if the feature is joined.
pub(super) struct Note {
    /// Repaired or Warning.
    pub outcome: IssueOutcome,
    /// What was repaired or is wrong.
    pub reason: Text,
    /// A routine repair (rings rewound), counted in one line of the report.
    pub routine: bool,
}

impl Note {
    fn new(outcome: IssueOutcome, reason: Text) -> Note {
        Note {
            outcome,
            reason,
            routine: false,
        }
    }
}

/// What is wrong with a polygon, worded as geo's validation words it. geo checks a ring against
/// itself pair by pair, quadratic in its vertices: a surveyed township of 5,000 vertices took
/// seconds. Rings are checked here with geo's sweep ([`geo::Intersections`]) under the same rule
/// (two edges may meet only end to start); a polygon with holes has its rings checked against
/// each other by one sweep too ([`super::rings`]).
fn polygon_problems(polygon: &Polygon<f64>) -> Vec<Text> {
    if !polygon.interiors().is_empty() {
        return super::rings::ring_problems(polygon)
            .into_iter()
            .map(|e| Text::new(format!("环不合规（{e}）"), e.to_string()))
            .collect();
    }
    if ring_crosses_itself(polygon.exterior()) {
        vec![Text::new(
            "外环自相交",
            "exterior ring has a self-intersection",
        )]
    } else {
        Vec::new()
    }
}

/// An edge of a ring, as the sweep sees it.
#[derive(Clone, Copy)]
struct Edge(geo::Line<f64>);

impl geo::algorithm::sweep::Cross for Edge {
    type Scalar = f64;

    fn line(&self) -> geo::Line<f64> {
        self.0
    }
}

/// True when two edges of the ring meet other than end to start (geo's rule for a ring).
fn ring_crosses_itself(ring: &LineString<f64>) -> bool {
    geo::Intersections::from_iter(ring.lines().map(Edge)).any(|(a, b, _)| {
        let (a, b) = (a.0, b.0);
        a.start != b.end && a.end != b.start
    })
}

/// Closes rings, drops degenerate ones, orients rings to RFC 7946 and reports
/// self-intersections. `None` when no polygon is left.
pub(super) fn repair(
    polygons: Vec<Vec<Vec<Coord<f64>>>>,
    checks: &mut GeometryChecks,
    notes: &mut Vec<Note>,
) -> Option<MultiPolygon<f64>> {
    let mut repairs = RingRepairs::default();
    let out: Vec<Polygon<f64>> = polygons
        .into_iter()
        .filter_map(|rings| repair_polygon(rings, &mut repairs))
        .collect();
    repairs.record(checks, notes);
    if out.is_empty() {
        return None;
    }
    let geometry = MultiPolygon(out);
    warn_if_invalid(&geometry, checks, notes);
    Some(geometry)
}

/// Rings repaired in one feature, for the tallies and the feature's report lines.
#[derive(Default)]
struct RingRepairs {
    closed: usize,
    dropped: usize,
    reoriented: usize,
}

impl RingRepairs {
    /// Adds the repairs to the tallies and, for each kind that happened, a line to `notes`.
    fn record(&self, checks: &mut GeometryChecks, notes: &mut Vec<Note>) {
        let RingRepairs {
            closed,
            dropped,
            reoriented,
        } = *self;
        checks.rings_closed += closed;
        checks.rings_dropped += dropped;
        checks.rings_reoriented += reoriented;
        if closed > 0 {
            notes.push(Note::new(
                IssueOutcome::Repaired,
                Text::new(
                    format!("{closed} 个环未闭合：已补上与起点相同的终点"),
                    format!("{closed} unclosed ring(s): closed by repeating the first point"),
                ),
            ));
        }
        if dropped > 0 {
            notes.push(Note::new(
                IssueOutcome::Repaired,
                Text::new(
                    format!("已删除 {dropped} 个退化环（不同的点少于 3 个）"),
                    format!(
                        "{dropped} degenerate ring(s) with fewer than 3 distinct points dropped"
                    ),
                ),
            ));
        }
        if reoriented > 0 {
            notes.push(Note {
                routine: true,
                ..Note::new(
                    IssueOutcome::Repaired,
                    Text::new(
                        format!(
                            "{reoriented} 个环方向错误：已反转（外环逆时针、内环顺时针，RFC 7946）"
                        ),
                        format!(
                            "{reoriented} ring(s) wound the wrong way: reversed (exterior \
                             counterclockwise, holes clockwise, RFC 7946)"
                        ),
                    ),
                )
            });
        }
    }
}

/// One polygon with its rings closed and wound as RFC 7946 has them, degenerate holes dropped;
/// `None` when the exterior ring is degenerate (the rings after it are then not looked at).
fn repair_polygon(rings: Vec<Vec<Coord<f64>>>, repairs: &mut RingRepairs) -> Option<Polygon<f64>> {
    let mut kept: Vec<LineString<f64>> = Vec::new();
    for (r, mut ring) in rings.into_iter().enumerate() {
        if ring.len() >= 2 && ring.first() != ring.last() {
            ring.push(ring[0]);
            repairs.closed += 1;
        }
        let mut distinct = ring.clone();
        distinct.dedup();
        if distinct.len() < 4 {
            repairs.dropped += 1;
            if r == 0 {
                return None;
            }
            continue;
        }
        let exterior = r == 0;
        let ccw = signed_area(&ring) > 0.0;
        if ccw != exterior {
            ring.reverse();
            repairs.reoriented += 1;
        }
        kept.push(LineString(ring));
    }
    let mut rings = kept.into_iter();
    let exterior = rings.next()?;
    Some(Polygon::new(exterior, rings.collect()))
}

/// A polygon that crosses itself is joined as it is, with a warning: repairing it would guess at
/// the border.
fn warn_if_invalid(
    geometry: &MultiPolygon<f64>,
    checks: &mut GeometryChecks,
    notes: &mut Vec<Note>,
) {
    let problems: Vec<Text> = geometry.0.iter().flat_map(polygon_problems).collect();
    if !problems.is_empty() {
        checks.self_intersecting += 1;
        let listed =
            |pick: fn(&Text) -> &str, sep| problems.iter().map(pick).collect::<Vec<_>>().join(sep);
        notes.push(Note::new(
            IssueOutcome::Warning,
            Text::new(
                format!(
                    "多边形无效，未修复：{}——请在 GIS 软件中修正",
                    listed(|t| &t.zh, "；")
                ),
                format!(
                    "invalid polygon, not repaired: {} — fix it in GIS software",
                    listed(|t| &t.en, "; ")
                ),
            ),
        ));
    }
}

/// The signed area by the shoelace formula: positive for a counterclockwise ring.
fn signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Validation;

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(points.to_vec())
    }

    #[test]
    fn the_sweep_agrees_with_geo_on_rings() {
        let cases = [
            // square, bow-tie, a ring touching itself at a vertex, a spike back along an edge
            ring(&[(0., 0.), (2., 0.), (2., 2.), (0., 2.), (0., 0.)]),
            ring(&[(0., 0.), (2., 2.), (2., 0.), (0., 2.), (0., 0.)]),
            ring(&[
                (0., 0.),
                (4., 0.),
                (2., 2.),
                (4., 4.),
                (0., 4.),
                (2., 2.),
                (0., 0.),
            ]),
            ring(&[(0., 0.), (4., 0.), (4., 4.), (4., 2.), (0., 4.), (0., 0.)]),
            ring(&[(0., 0.), (4., 0.), (4., 4.), (2., -1.), (0., 4.), (0., 0.)]),
        ];
        for (i, r) in cases.iter().enumerate() {
            let polygon = Polygon::new(r.clone(), vec![]);
            let geo_says: Vec<String> = polygon
                .validation_errors()
                .into_iter()
                .map(|e| e.to_string())
                .collect();
            let ours: Vec<String> = polygon_problems(&polygon)
                .into_iter()
                .map(|t| t.en)
                .collect();
            assert_eq!(ours, geo_says, "case {i}");
        }
        let crossing: Vec<bool> = cases.iter().map(ring_crosses_itself).collect();
        assert_eq!(crossing, [false, true, true, true, true]);
    }
}
