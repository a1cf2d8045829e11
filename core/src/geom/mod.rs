//! Geometry helpers every stage may use (a leaf: it imports nothing of the crate), so that a
//! reader or a writer of shapes need not reach into the scene for a box.

use geo::{BoundingRect, MultiPolygon, Rect};

/// The smallest box holding both `a` and `b`.
pub fn rect_union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        geo::Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        geo::Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

/// The box around all `geometries`; `None` when there are none (or none with a box).
pub fn union_bounds<'a>(
    geometries: impl Iterator<Item = &'a MultiPolygon<f64>>,
) -> Option<Rect<f64>> {
    geometries
        .filter_map(BoundingRect::bounding_rect)
        .reduce(rect_union)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn the_union_of_boxes_holds_them_all_and_none_is_none() {
        let square = |x: f64, y: f64| {
            MultiPolygon::new(vec![polygon![
                (x: x, y: y),
                (x: x + 1.0, y: y),
                (x: x + 1.0, y: y + 1.0),
                (x: x, y: y),
            ]])
        };
        let shapes = [square(0.0, 0.0), square(3.0, -2.0)];
        let bounds = union_bounds(shapes.iter()).unwrap();
        assert_eq!((bounds.min().x, bounds.min().y), (0.0, -2.0));
        assert_eq!((bounds.max().x, bounds.max().y), (4.0, 1.0));
        assert_eq!(union_bounds(std::iter::empty()), None);
    }
}
