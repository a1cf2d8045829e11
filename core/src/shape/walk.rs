//! Walking a scene by keyboard: from one region to its neighbour in a direction, by the regions'
//! centres. A region drawn as several shapes (its children's outlines) is one stop, at the
//! area-weighted centre of its shapes.
//!
//! The neighbour in a direction is the region whose centre lies within 60° of that direction
//! and is nearest, with distance across the direction counting double (so ↓ from a region
//! prefers the one straight below to a nearer one far off to the side). When nothing lies within
//! 60°, any region on that side will do; when nothing lies on that side, there is no neighbour.

use geo::{Area, Centroid};

use crate::data::code::RegionCode;
use crate::shape::scene::Scene;

/// An arrow key's direction on the map (north up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// North, ↑.
    Up,
    /// South, ↓.
    Down,
    /// West, ←.
    Left,
    /// East, →.
    Right,
}

impl Direction {
    /// The direction of an arrow key's `KeyboardEvent.key` (`ArrowUp`…), `None` for other keys.
    pub fn from_key(key: &str) -> Option<Direction> {
        match key {
            "ArrowUp" => Some(Direction::Up),
            "ArrowDown" => Some(Direction::Down),
            "ArrowLeft" => Some(Direction::Left),
            "ArrowRight" => Some(Direction::Right),
            _ => None,
        }
    }

    /// The unit vector in Albers kilometres (y grows north).
    fn unit(self) -> (f64, f64) {
        match self {
            Direction::Up => (0.0, 1.0),
            Direction::Down => (0.0, -1.0),
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
        }
    }
}

/// One stop of the walk: a region and its centre in Albers kilometres.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    /// The region, as the scene styles it.
    pub code: RegionCode,
    /// The area-weighted centre of its shapes, x east and y north, in km.
    pub centre_km: (f64, f64),
}

/// Every region of `scene` once, in scene order, with its centre.
pub fn stops(scene: &Scene) -> Vec<Stop> {
    let mut sums: Vec<(RegionCode, f64, f64, f64)> = Vec::new();
    for shape in &scene.shapes {
        let Some(c) = shape.geometry.centroid() else {
            continue;
        };
        // A sliver of zero area still counts, so every region has a centre.
        let area = shape.geometry.unsigned_area().max(1e-9);
        match sums.iter_mut().find(|(code, ..)| *code == shape.code) {
            Some((_, a, x, y)) => {
                *a += area;
                *x += c.x() * area;
                *y += c.y() * area;
            }
            None => sums.push((shape.code.clone(), area, c.x() * area, c.y() * area)),
        }
    }
    sums.into_iter()
        .map(|(code, a, x, y)| Stop {
            code,
            centre_km: (x / a, y / a),
        })
        .collect()
}

/// The neighbour of `from` in `direction` among `stops`, by the rule in the module docs; `None`
/// when `from` is not a stop or nothing lies on that side.
pub fn neighbour<'a>(
    stops: &'a [Stop],
    from: &RegionCode,
    direction: Direction,
) -> Option<&'a Stop> {
    let origin = stops.iter().find(|s| &s.code == from)?.centre_km;
    let (ux, uy) = direction.unit();
    let scored = |within_cone: bool| {
        stops
            .iter()
            .filter(|s| &s.code != from)
            .filter_map(|s| {
                let (dx, dy) = (s.centre_km.0 - origin.0, s.centre_km.1 - origin.1);
                let along_km = dx * ux + dy * uy;
                let across_km = (dx * uy - dy * ux).abs();
                // tan 60° ≈ 1.732: within 60° of the direction.
                let inside = along_km > 0.0 && (!within_cone || across_km <= along_km * 1.732);
                inside.then_some((along_km + 2.0 * across_km, s))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| s)
    };
    scored(true).or_else(|| scored(false))
}

/// Where a walk starts when no region has the keyboard yet: `preferred` (the selection) when it
/// is on show, else the region nearest the mean of the centres.
pub fn start<'a>(stops: &'a [Stop], preferred: Option<&RegionCode>) -> Option<&'a Stop> {
    if let Some(stop) = preferred.and_then(|p| stops.iter().find(|s| &s.code == p)) {
        return Some(stop);
    }
    let n = stops.len() as f64;
    let mid = stops.iter().fold((0.0, 0.0), |(x, y), s| {
        (x + s.centre_km.0 / n, y + s.centre_km.1 / n)
    });
    stops.iter().min_by(|a, b| {
        let d = |s: &Stop| (s.centre_km.0 - mid.0).powi(2) + (s.centre_km.1 - mid.1).powi(2);
        d(a).total_cmp(&d(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(code: &str, x: f64, y: f64) -> Stop {
        Stop {
            code: RegionCode::parse(code).unwrap(),
            centre_km: (x, y),
        }
    }

    /// A plus shape: 52 in the middle, 51 north, 53 south, 45 west, 50 east, and 44 far off to
    /// the north-east.
    fn plus() -> Vec<Stop> {
        vec![
            stop("52", 0.0, 0.0),
            stop("51", 0.0, 100.0),
            stop("53", 10.0, -100.0),
            stop("45", -100.0, 0.0),
            stop("50", 100.0, 10.0),
            stop("44", 300.0, 300.0),
        ]
    }

    fn code(c: &str) -> RegionCode {
        RegionCode::parse(c).unwrap()
    }

    #[test]
    fn each_arrow_goes_to_the_region_on_that_side() {
        let s = plus();
        let go = |from: &str, d| neighbour(&s, &code(from), d).map(|s| s.code.to_string());
        assert_eq!(go("52", Direction::Up).as_deref(), Some("51"));
        assert_eq!(go("52", Direction::Down).as_deref(), Some("53"));
        assert_eq!(go("52", Direction::Left).as_deref(), Some("45"));
        assert_eq!(go("52", Direction::Right).as_deref(), Some("50"));
        // And back again.
        assert_eq!(go("51", Direction::Down).as_deref(), Some("52"));
        assert_eq!(go("50", Direction::Left).as_deref(), Some("52"));
    }

    #[test]
    fn at_the_edge_there_is_no_neighbour_and_off_cone_regions_are_a_fallback() {
        let s = plus();
        assert!(neighbour(&s, &code("44"), Direction::Up).is_none());
        assert!(neighbour(&s, &code("44"), Direction::Right).is_none());
        // From 51 (0, 100) both 50 (below right, within 60°) and 44 are east: 50 is nearer.
        let east = neighbour(&s, &code("51"), Direction::Right).unwrap();
        assert_eq!(east.code.as_str(), "50");
        assert!(neighbour(&s, &code("99"), Direction::Up).is_none());
    }

    #[test]
    fn a_walk_starts_at_the_selection_or_the_middle() {
        let s = &plus()[..5];
        assert_eq!(start(s, Some(&code("45"))).unwrap().code.as_str(), "45");
        assert_eq!(start(s, Some(&code("99"))).unwrap().code.as_str(), "52");
        assert!(start(&[], None).is_none());
    }
}
