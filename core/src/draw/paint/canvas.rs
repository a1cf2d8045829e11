//! The canvas backend's translation of a paint list into 2D-canvas calls, kept pure so
//! `cargo test` sees what the page paints. `src/map.rs` runs each [`Op`] with web-sys on paths
//! it built once per scene.

use crate::draw::paint::{Layer, Stroke, Tile};
use crate::shape::scene::BorderWeight;
use crate::sort;
use crate::style::classify::Rgb;

/// A path the page has built for the scene.
#[derive(Clone, Debug, PartialEq)]
pub enum CanvasPath {
    /// Every context region.
    Context,
    /// The union of these shapes.
    Shapes(Vec<usize>),
    /// One shape.
    Shape(usize),
    /// The edges of every schematic (true) or real (false) shape.
    Edges(bool),
    /// Every border of one weight.
    Border(BorderWeight),
}

/// One canvas call (or a few that always go together).
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Fill `path` even-odd in a CSS colour.
    Fill {
        /// What to fill.
        path: CanvasPath,
        /// The CSS colour.
        css: String,
    },
    /// Stroke `path`, width and dash in CSS pixels (the page scales them to path units).
    Stroke {
        /// What to stroke.
        path: CanvasPath,
        /// The CSS colour.
        css: String,
        /// The width in CSS pixels.
        width_px: f64,
        /// Dash and gap in CSS pixels; `None` for a solid line.
        dash_px: Option<(f64, f64)>,
    },
    /// Clip to `path` and cover the canvas with `tile`, which stays in screen pixels.
    Pattern {
        /// The clip.
        path: CanvasPath,
        /// The tile.
        tile: Tile,
    },
    /// Fill a disc of `radius_px` (CSS pixels) at each point (Albers km), all in one path.
    Discs {
        /// The centres, in Albers kilometres.
        at_km: Vec<(f64, f64)>,
        /// The radius in CSS pixels.
        radius_px: f64,
        /// The CSS colour.
        css: String,
    },
}

fn stroke(path: CanvasPath, s: &Stroke) -> Op {
    Op::Stroke {
        path,
        css: s.colour.css(),
        width_px: s.width_px,
        dash_px: s.dash_px,
    }
}

/// The calls that paint `layers`. Fills go one per colour (shapes never overlap, so the union
/// filled even-odd keeps each hole): a recolour costs one fill per class, not per shape.
pub fn canvas_ops(layers: &[Layer]) -> Vec<Op> {
    let mut ops = Vec::new();
    for layer in layers {
        match layer {
            Layer::Context { fill, stroke: s } => {
                ops.push(Op::Fill {
                    path: CanvasPath::Context,
                    css: fill.css(),
                });
                ops.push(stroke(CanvasPath::Context, s));
            }
            Layer::Fills(fills) => fill_ops(fills, &mut ops),
            Layer::Overlay { tile, shapes } => ops.push(Op::Pattern {
                path: CanvasPath::Shapes(shapes.clone()),
                tile: *tile,
            }),
            Layer::Edges {
                schematic,
                stroke: s,
                ..
            } => ops.push(stroke(CanvasPath::Edges(*schematic), s)),
            Layer::Border { weight, stroke: s } => ops.push(stroke(CanvasPath::Border(*weight), s)),
            Layer::Outline { shapes, stroke: s } => {
                ops.extend(shapes.iter().map(|&i| stroke(CanvasPath::Shape(i), s)))
            }
            Layer::Points { at_km, look } => {
                // Every halo, then every disc: two fills however many stations.
                let discs = |radius_px: f64, css: String| Op::Discs {
                    at_km: at_km.clone(),
                    radius_px,
                    css,
                };
                ops.push(discs(look.radius_px + look.halo_px, look.halo.css()));
                ops.push(discs(look.radius_px, look.fill.css()));
            }
        }
    }
    ops
}

fn fill_ops(fills: &[Rgb], ops: &mut Vec<Op>) {
    let mut order: Vec<usize> = (0..fills.len()).collect();
    sort::sort_by_key(&mut order, |&i| (fills[i].0, fills[i].1, fills[i].2));
    for group in order.chunk_by(|&a, &b| fills[a] == fills[b]) {
        ops.push(Op::Fill {
            path: CanvasPath::Shapes(group.to_vec()),
            css: fills[group[0]].hex(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::paint::{Colour, PointLook};

    #[test]
    fn points_are_a_halo_fill_then_a_disc_fill() {
        let look = PointLook {
            radius_px: 3.0,
            fill: Colour::solid(Rgb(0x1b, 0x1b, 0x1b)),
            halo_px: 1.5,
            halo: Colour::solid(Rgb(0xff, 0xff, 0xff)),
        };
        let at_km = vec![(1.0, 2.0), (3.0, 4.0)];
        let ops = canvas_ops(&[Layer::Points {
            at_km: at_km.clone(),
            look,
        }]);
        assert_eq!(
            ops,
            vec![
                Op::Discs {
                    at_km: at_km.clone(),
                    radius_px: 4.5,
                    css: "#ffffff".into()
                },
                Op::Discs {
                    at_km,
                    radius_px: 3.0,
                    css: "#1b1b1b".into()
                },
            ]
        );
    }

    #[test]
    fn fills_go_one_per_colour() {
        let red = Rgb(0xff, 0, 0);
        let blue = Rgb(0, 0, 0xff);
        let ops = canvas_ops(&[Layer::Fills(vec![red, blue, red])]);
        assert_eq!(
            ops,
            vec![
                Op::Fill {
                    path: CanvasPath::Shapes(vec![1]),
                    css: "#0000ff".into()
                },
                Op::Fill {
                    path: CanvasPath::Shapes(vec![0, 2]),
                    css: "#ff0000".into()
                },
            ]
        );
    }
}
