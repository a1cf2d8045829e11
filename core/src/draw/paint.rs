//! The one drawing recipe of the map: a styled scene and a [`Palette`] become an ordered
//! [`PaintList`] of layers (context, fills, pattern overlays, edges, borders), each with its
//! colour, stroke width in pixels at scale 1 and dash. The print figure's SVG
//! (`figure/map.rs`) and the page's canvas (`canvas.rs` here, run by `src/map.rs`) only walk the
//! list, so a layer, a width or a colour is decided here once for both.
//!
//! What differs between outputs is explicit: the [`Theme`] picks the palette (print, page,
//! dark display), and the outlines of the hovered, selected and keyboard-focused shapes come
//! from [`paint_marks`], which only the page calls. The map carries no labels in either output.
//!
//! The station directory's points ([`paint_points`], from `shape::points`) are one more layer
//! on top, in the palette's [`PointLook`]; the page draws them on a canvas of their own (the
//! directory arrives after the map), the figure at the end of its list.

pub mod canvas;
pub mod raster;

use crate::draw::svg::num;
use crate::shape::points::StationPoint;
use crate::shape::scene::{BorderWeight, Scene};
use crate::style::classify::{Pattern, Rgb};
use crate::style::dark::{dark_colour, DARK_CONTEXT, DARK_PAGE};
use crate::style::shapes::ShapeStyle;

/// A colour with its opacity (0 to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    /// The colour.
    pub rgb: Rgb,
    /// 1 is opaque.
    pub opacity: f64,
}

impl Colour {
    /// An opaque colour.
    pub const fn solid(rgb: Rgb) -> Colour {
        Colour { rgb, opacity: 1.0 }
    }

    /// A colour seen through at `opacity`.
    pub const fn translucent(rgb: Rgb, opacity: f64) -> Colour {
        Colour { rgb, opacity }
    }

    /// As CSS: `#rrggbb` when opaque, else `rgba(r,g,b,a)`.
    pub fn css(self) -> String {
        let Rgb(r, g, b) = self.rgb;
        if self.opacity >= 1.0 {
            self.rgb.hex()
        } else {
            format!("rgba({r},{g},{b},{})", num(self.opacity))
        }
    }
}

/// A line: colour, width in pixels at scale 1, and an optional dash (on, off) in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// The line's colour.
    pub colour: Colour,
    /// Width in CSS pixels at scale 1 (the figure's `u`, the canvas's pixel).
    pub width_px: f64,
    /// Dash and gap lengths in pixels at scale 1; `None` for a solid line.
    pub dash_px: Option<(f64, f64)>,
}

impl Stroke {
    const fn solid(colour: Colour, width_px: f64) -> Stroke {
        Stroke {
            colour,
            width_px,
            dash_px: None,
        }
    }
}

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// The dash of schematic cells' edges, so they never pass for surveyed borders; the legend's
/// schematic swatch uses it too.
pub const SCHEMATIC_DASH_PX: (f64, f64) = (3.0, 2.0);

/// Which output is drawn, and so which palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// The print figure (SVG, PNG, PDF): on its own paper, inside a frame line.
    Print,
    /// The page's light map.
    Page,
    /// The briefing display: fills from the dark palette (`style::dark`), each 3:1 against the
    /// dark background.
    Dark,
}

/// The colours of everything on the map that is not data, and which fills the classes take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// The map frame's background and its frame line, when the output draws its own frame.
    pub frame: Option<(Colour, Colour)>,
    /// Neighbouring regions around the focus.
    pub context_fill: Colour,
    /// Their outlines.
    pub context_stroke: Colour,
    /// Every shape's edge (dashed for schematic cells).
    pub edge: Colour,
    /// The halo under inner borders, so they read over dark and light fills.
    pub inner_halo: Colour,
    /// The halo under the focus region's border.
    pub focus_halo: Colour,
    /// Borders of the levels between the focus and the fills.
    pub inner_border: Colour,
    /// The focus region's border.
    pub focus_border: Colour,
    /// Fills from the dark palette ([`dark_colour`]) rather than each style's own.
    pub dark_fills: bool,
    /// The station directory's points.
    pub points: PointLook,
}

/// How a station's point is drawn: a small disc on a wider halo disc, so it reads on every
/// fill, light or dark, and stays a crisp few pixels at any zoom (sizes are screen pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointLook {
    /// The disc's radius in pixels at scale 1.
    pub radius_px: f64,
    /// The disc.
    pub fill: Colour,
    /// The halo's width around the disc, in pixels at scale 1.
    pub halo_px: f64,
    /// The halo.
    pub halo: Colour,
}

/// Stations on the light maps: near-black on white, apart from every class colour and from
/// the red selection and amber focus marks.
const LIGHT_POINTS: PointLook = PointLook {
    radius_px: 3.0,
    fill: Colour::solid(Rgb(0x1b, 0x1b, 0x1b)),
    halo_px: 1.5,
    halo: Colour::solid(WHITE),
};

/// The station the reader points at (hovered, or focused in the panel's list): larger, amber
/// on a dark halo, as the keyboard's region mark.
pub const POINT_MARK: PointLook = PointLook {
    radius_px: 5.0,
    fill: Colour::solid(Rgb(0xf4, 0xa3, 0x00)),
    halo_px: 2.0,
    halo: MARK_DARK,
};

impl Palette {
    /// The palette of `theme`.
    pub const fn of(theme: Theme) -> Palette {
        let light = Palette {
            frame: None,
            context_fill: Colour::solid(Rgb(0xf3, 0xf1, 0xec)),
            context_stroke: Colour::solid(Rgb(0xc9, 0xc5, 0xbb)),
            edge: Colour::translucent(WHITE, 0.9),
            inner_halo: Colour::translucent(WHITE, 0.85),
            focus_halo: Colour::translucent(WHITE, 0.85),
            inner_border: Colour::solid(Rgb(0x3a, 0x3a, 0x3a)),
            focus_border: Colour::solid(Rgb(0x11, 0x11, 0x11)),
            dark_fills: false,
            points: LIGHT_POINTS,
        };
        match theme {
            // Print has always had a slightly stronger focus halo than the page.
            Theme::Print => Palette {
                frame: Some((
                    Colour::solid(Rgb(0xfa, 0xf9, 0xf6)),
                    Colour::solid(Rgb(0xde, 0xda, 0xd2)),
                )),
                focus_halo: Colour::translucent(WHITE, 0.9),
                ..light
            },
            Theme::Page => light,
            Theme::Dark => Palette {
                context_fill: Colour::solid(DARK_CONTEXT),
                context_stroke: Colour::solid(Rgb(0x3a, 0x46, 0x5c)),
                inner_halo: Colour::translucent(DARK_PAGE, 0.85),
                focus_halo: Colour::translucent(DARK_PAGE, 0.85),
                inner_border: Colour::solid(Rgb(0xe8, 0xec, 0xf3)),
                focus_border: Colour::solid(WHITE),
                dark_fills: true,
                points: PointLook {
                    fill: Colour::solid(WHITE),
                    halo: Colour::solid(DARK_PAGE),
                    ..LIGHT_POINTS
                },
                ..light
            },
        }
    }

    /// The fill of a shape styled `style`.
    pub fn fill(&self, style: &ShapeStyle) -> Rgb {
        if self.dark_fills {
            dark_colour(style.class)
        } else {
            style.fill
        }
    }
}

/// A repeating tile laid over a fill, for the classes colour alone cannot carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tile {
    /// Dots.
    Dots,
    /// Crossed diagonals.
    Cross,
    /// Diagonal stripes: "reported only as a regional total".
    Hatch,
}

impl Tile {
    /// Every tile, in the order the overlays are drawn.
    pub const ALL: [Tile; 3] = [Tile::Dots, Tile::Cross, Tile::Hatch];

    /// Its name (the SVG pattern's id).
    pub fn id(self) -> &'static str {
        match self {
            Tile::Dots => "dots",
            Tile::Cross => "cross",
            Tile::Hatch => "hatch",
        }
    }

    /// The tile a class pattern is drawn with.
    pub fn of_pattern(pattern: Pattern) -> Option<Tile> {
        match pattern {
            Pattern::Dots => Some(Tile::Dots),
            Pattern::CrossHatch => Some(Tile::Cross),
            _ => None,
        }
    }

    /// Whether a shape styled `style` carries this tile.
    fn carried_by(self, style: &ShapeStyle) -> bool {
        match self {
            Tile::Hatch => style.reported_total,
            tile => Tile::of_pattern(style.pattern) == Some(tile),
        }
    }
}

/// How every tile is drawn: one square, its lines (diagonals, corner to corner) and its dot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TileLook {
    /// The square's side in pixels at scale 1.
    pub size_px: f64,
    /// The diagonals of [`Tile::Cross`] and [`Tile::Hatch`].
    pub line: Stroke,
    /// The dot of [`Tile::Dots`].
    pub dot: Colour,
    /// The dot's radius in pixels at scale 1.
    pub dot_radius_px: f64,
}

/// The look of the overlay tiles, on every theme.
pub const TILE_LOOK: TileLook = TileLook {
    size_px: 8.0,
    line: Stroke::solid(Colour::translucent(WHITE, 0.75), 1.6),
    dot: Colour::translucent(WHITE, 0.85),
    dot_radius_px: 1.5,
};

/// One layer of the map, in painting order. Shapes are indexes into the scene's shapes.
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    /// The neighbours drawn for orientation: filled even-odd, then stroked.
    Context {
        /// Their fill.
        fill: Colour,
        /// Their outline.
        stroke: Stroke,
    },
    /// Each shape's fill, by shape index (opaque).
    Fills(Vec<Rgb>),
    /// A tile laid over these shapes.
    Overlay {
        /// The tile.
        tile: Tile,
        /// The shapes that carry it (never empty).
        shapes: Vec<usize>,
    },
    /// The edges of these shapes (never empty), all schematic or all real.
    Edges {
        /// True for schematic cells' edges.
        schematic: bool,
        /// The shapes.
        shapes: Vec<usize>,
        /// How they are drawn.
        stroke: Stroke,
    },
    /// Every border of one weight in the scene.
    Border {
        /// Which borders.
        weight: BorderWeight,
        /// How they are drawn.
        stroke: Stroke,
    },
    /// Each of these shapes outlined on its own: the page's hover, selection and focus marks.
    Outline {
        /// The shapes.
        shapes: Vec<usize>,
        /// How they are drawn.
        stroke: Stroke,
    },
    /// Points (Albers km), each a halo disc under a disc: the station directory.
    Points {
        /// Where, in Albers kilometres (the scene's space).
        at_km: Vec<(f64, f64)>,
        /// How each is drawn.
        look: PointLook,
    },
}

/// The whole map in painting order, plus the frame it sits in when the output has one.
#[derive(Clone, Debug, PartialEq)]
pub struct PaintList {
    /// The frame's background and frame line (print only).
    pub frame: Option<(Colour, Stroke)>,
    /// The layers, bottom first.
    pub layers: Vec<Layer>,
}

/// The width of the print frame's line, in pixels at scale 1.
const FRAME_LINE_PX: f64 = 1.0;

/// The map of `scene` styled by `styles` (scene order; a `StyledMap`'s scene and styles) in
/// `palette`: context, fills, overlays, edges, then borders, each a halo under a line.
pub fn paint_map(scene: &Scene, styles: &[ShapeStyle], palette: &Palette) -> PaintList {
    let styles = &styles[..scene.shapes.len().min(styles.len())];
    let mut layers = vec![
        Layer::Context {
            fill: palette.context_fill,
            stroke: Stroke::solid(palette.context_stroke, 0.8),
        },
        Layer::Fills(styles.iter().map(|s| palette.fill(s)).collect()),
    ];
    for tile in Tile::ALL {
        let shapes: Vec<usize> = (0..styles.len())
            .filter(|&i| tile.carried_by(&styles[i]))
            .collect();
        if !shapes.is_empty() {
            layers.push(Layer::Overlay { tile, shapes });
        }
    }
    for schematic in [false, true] {
        let shapes: Vec<usize> = (0..scene.shapes.len())
            .filter(|&i| scene.shapes[i].schematic == schematic)
            .collect();
        if !shapes.is_empty() {
            let stroke = Stroke {
                dash_px: schematic.then_some(SCHEMATIC_DASH_PX),
                ..Stroke::solid(palette.edge, 0.6)
            };
            layers.push(Layer::Edges {
                schematic,
                shapes,
                stroke,
            });
        }
    }
    for (weight, colour, width_px) in [
        (BorderWeight::Inner, palette.inner_halo, 3.0),
        (BorderWeight::Focus, palette.focus_halo, 3.8),
        (BorderWeight::Inner, palette.inner_border, 1.0),
        (BorderWeight::Focus, palette.focus_border, 1.8),
    ] {
        let stroke = Stroke::solid(colour, width_px);
        layers.push(Layer::Border { weight, stroke });
    }
    let frame = (palette.frame).map(|(paper, line)| (paper, Stroke::solid(line, FRAME_LINE_PX)));
    PaintList { frame, layers }
}

/// The stations of a scene (`shape::points::points_on_scene`) as one layer in `palette`'s
/// look; `None` when there are none, so a list without stations is unchanged.
pub fn paint_points(points: &[StationPoint], palette: &Palette) -> Option<Layer> {
    (!points.is_empty()).then(|| Layer::Points {
        at_km: points.iter().map(|p| (p.x_km, p.y_km)).collect(),
        look: palette.points,
    })
}

/// The station the reader points at, over the others, in [`POINT_MARK`].
pub fn paint_point_mark(point: &StationPoint) -> Layer {
    Layer::Points {
        at_km: vec![(point.x_km, point.y_km)],
        look: POINT_MARK,
    }
}

/// What the page marks over the map, by shape index of the scene.
pub struct Marks<'a> {
    /// The shape under the pointer.
    pub hovered: Option<usize>,
    /// The selected region's shapes.
    pub selected: &'a [usize],
    /// The shapes of the region the keyboard (or a tap) rests on.
    pub pointed: &'a [usize],
}

const MARK_DARK: Colour = Colour::solid(Rgb(0x11, 0x11, 0x11));

/// The page's marks as outlines, bottom first: the selection in red, the keyboard focus amber
/// on a dark halo (so it shows on every fill, light or dark), the hovered shape on top.
pub fn paint_marks(marks: &Marks) -> Vec<Layer> {
    let outline = |shapes: &[usize], colour: Colour, width_px: f64| Layer::Outline {
        shapes: shapes.to_vec(),
        stroke: Stroke::solid(colour, width_px),
    };
    let mut layers = vec![
        outline(marks.selected, Colour::solid(Rgb(0xd7, 0x30, 0x1f)), 3.0),
        outline(marks.pointed, MARK_DARK, 7.0),
        outline(marks.pointed, Colour::solid(Rgb(0xf4, 0xa3, 0x00)), 3.5),
    ];
    if let Some(i) = marks.hovered {
        layers.push(outline(&[i], MARK_DARK, 2.2));
    }
    layers.retain(|l| !matches!(l, Layer::Outline { shapes, .. } if shapes.is_empty()));
    layers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_as_css() {
        assert_eq!(Colour::solid(Rgb(0xf3, 0xf1, 0xec)).css(), "#f3f1ec");
        assert_eq!(
            Colour::translucent(WHITE, 0.85).css(),
            "rgba(255,255,255,0.85)"
        );
    }

    #[test]
    fn the_dark_display_takes_the_dark_palettes_context() {
        assert_eq!(Palette::of(Theme::Dark).context_fill.rgb, DARK_CONTEXT);
        assert!(Palette::of(Theme::Dark).dark_fills);
        assert!(Palette::of(Theme::Print).frame.is_some());
        assert!(Palette::of(Theme::Page).frame.is_none());
    }

    #[test]
    fn points_are_a_layer_only_when_there_are_some() {
        assert_eq!(paint_points(&[], &Palette::of(Theme::Page)), None);
        let p = StationPoint {
            x_km: 1.0,
            y_km: 2.0,
            station: 0,
        };
        let layer = paint_points(std::slice::from_ref(&p), &Palette::of(Theme::Dark)).unwrap();
        assert_eq!(
            layer,
            Layer::Points {
                at_km: vec![(1.0, 2.0)],
                look: Palette::of(Theme::Dark).points
            }
        );
        assert_ne!(
            Palette::of(Theme::Dark).points.fill,
            Palette::of(Theme::Page).points.fill
        );
        assert!(matches!(paint_point_mark(&p), Layer::Points { look, .. } if look == POINT_MARK));
    }

    #[test]
    fn marks_leave_out_what_is_not_marked() {
        let none = paint_marks(&Marks {
            hovered: None,
            selected: &[],
            pointed: &[],
        });
        assert!(none.is_empty());
        let some = paint_marks(&Marks {
            hovered: Some(4),
            selected: &[1, 2],
            pointed: &[],
        });
        assert_eq!(some.len(), 2);
        assert!(matches!(&some[1], Layer::Outline { shapes, .. } if shapes == &[4]));
    }
}
