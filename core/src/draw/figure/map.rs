//! The SVG backend of the map's paint list (`draw::paint`): the overlay tiles and each shape's
//! path once in `<defs>`, then the list's layers referencing them, in its order.

use std::fmt::Write;

use geo::MultiPolygon;

use super::Layout;
use crate::draw::paint::{Colour, Layer, PaintList, PointLook, Stroke, Tile, TILE_LOOK};
use crate::draw::svg::{escape, num, Fit, Frame};
use crate::shape::scene::{BorderWeight, Scene};
use crate::style::shapes::ShapeStyle;

/// Everything the figure references: pattern tiles, the frame's clip path, the shapes and the
/// two border weights.
pub(super) fn defs(
    out: &mut String,
    scene: &Scene,
    styles: &[ShapeStyle],
    fit: Option<&Fit>,
    layout: &Layout,
) {
    out.push_str("<defs>");
    pattern_defs(out, layout.u);
    let frame = layout.frame;
    let _ = write!(
        out,
        r#"<clipPath id="frame"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
        num(frame.0),
        num(frame.1),
        num(frame.2),
        num(frame.3)
    );
    if let Some(fit) = fit {
        geometry_defs(out, scene, styles, fit);
    }
    out.push_str("</defs>");
}

/// The overlay tiles of [`TILE_LOOK`] at scale `u`, one `<pattern>` per [`Tile`].
fn pattern_defs(out: &mut String, u: f64) {
    let look = TILE_LOOK;
    let s = look.size_px * u;
    let line = look.line.colour;
    let w = num(look.line.width_px * u);
    let diag = |flip: bool| {
        let mut d = String::new();
        for o in [-s, 0.0, s] {
            if flip {
                let _ = write!(d, "M{} 0L{} {}", num(o), num(o + s), num(s));
            } else {
                let _ = write!(d, "M{} {}L{} 0", num(o), num(s), num(o + s));
            }
        }
        d
    };
    for tile in Tile::ALL {
        let _ = write!(
            out,
            r#"<pattern id="{}" patternUnits="userSpaceOnUse" width="{}" height="{}">"#,
            tile.id(),
            num(s),
            num(s)
        );
        let lines = match tile {
            Tile::Dots => {
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="{}"/>"#,
                    num(s / 2.0),
                    num(s / 2.0),
                    num(look.dot_radius_px * u),
                    look.dot.rgb.hex(),
                    num(look.dot.opacity)
                );
                None
            }
            Tile::Cross => Some(diag(false) + &diag(true)),
            Tile::Hatch => Some(diag(false)),
        };
        if let Some(d) = lines {
            let _ = write!(
                out,
                r#"<path d="{d}" fill="none" stroke="{}" stroke-opacity="{}" stroke-width="{w}"/>"#,
                line.rgb.hex(),
                num(line.opacity)
            );
        }
        out.push_str("</pattern>");
    }
}

/// Each shape once (`#s0`, `#s1`, …), referenced by the fill, overlay and edge layers, then the
/// inner and focus borders.
fn geometry_defs(out: &mut String, scene: &Scene, styles: &[ShapeStyle], fit: &Fit) {
    let mut d = String::new();
    for (i, shape) in scene.shapes.iter().enumerate() {
        d.clear();
        path_data(&shape.geometry, fit, &mut d);
        let class = styles.get(i).map(|s| s.class.key()).unwrap_or_default();
        let _ = write!(
            out,
            r#"<path id="s{i}" class="{}" data-code="{}" data-class="{}" d="{d}"/>"#,
            if shape.schematic {
                "township"
            } else {
                "region"
            },
            escape(shape.code.as_str()),
            escape(&class)
        );
    }
    for weight in [BorderWeight::Inner, BorderWeight::Focus] {
        d.clear();
        for (wt, g) in &scene.borders {
            if *wt == weight {
                path_data(g, fit, &mut d);
            }
        }
        let _ = write!(out, r#"<path id="border-{}" d="{d}"/>"#, border_id(weight));
    }
}

fn border_id(weight: BorderWeight) -> &'static str {
    match weight {
        BorderWeight::Inner => "inner",
        BorderWeight::Focus => "focus",
    }
}

/// The map in its frame: the list's frame background, its layers clipped to the frame, and the
/// frame line on top.
pub(super) fn layers(
    out: &mut String,
    scene: &Scene,
    list: &PaintList,
    fit: Option<&Fit>,
    layout: &Layout,
) {
    let (frame, u) = (layout.frame, layout.u);
    let rect = |out: &mut String, attrs: String| {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {attrs}/>"#,
            num(frame.0),
            num(frame.1),
            num(frame.2),
            num(frame.3),
        );
    };
    if let Some((paper, _)) = &list.frame {
        rect(out, format!(r#"fill="{}""#, paper.rgb.hex()));
    }
    if let Some(fit) = fit {
        out.push_str(r#"<g clip-path="url(#frame)" stroke-linejoin="round">"#);
        for layer in &list.layers {
            layer_svg(out, layer, scene, fit, frame, u);
        }
        out.push_str("</g>");
    }
    if let Some((_, line)) = &list.frame {
        let attrs = format!(
            r#"fill="none" stroke="{}" stroke-width="{}""#,
            line.colour.rgb.hex(),
            num(line.width_px * u)
        );
        rect(out, attrs);
    }
}

/// ` stroke="…" stroke-opacity="…" stroke-width="…"` and the dash, at scale `u`.
fn stroke_attrs(s: &Stroke, u: f64) -> String {
    let dash = match s.dash_px {
        Some((on, off)) => format!(r#" stroke-dasharray="{} {}""#, num(on * u), num(off * u)),
        None => String::new(),
    };
    format!(
        r#"stroke="{}" stroke-opacity="{}" stroke-width="{}"{dash}"#,
        s.colour.rgb.hex(),
        num(s.colour.opacity),
        num(s.width_px * u)
    )
}

/// `<use>` of each of `shapes`.
fn uses(out: &mut String, shapes: &[usize]) {
    for i in shapes {
        let _ = write!(out, r##"<use href="#s{i}"/>"##);
    }
}

fn layer_svg(out: &mut String, layer: &Layer, scene: &Scene, fit: &Fit, frame: Frame, u: f64) {
    match layer {
        Layer::Context { fill, stroke } => context_layer(out, scene, fit, frame, u, (fill, stroke)),
        Layer::Fills(fills) => {
            out.push_str(r#"<g class="fills" fill-rule="evenodd">"#);
            for (i, fill) in fills.iter().enumerate() {
                let _ = write!(out, r##"<use href="#s{i}" fill="{}"/>"##, fill.hex());
            }
            out.push_str("</g>");
        }
        Layer::Overlay { tile, shapes } => {
            let id = tile.id();
            let _ = write!(
                out,
                r#"<g class="overlay-{id}" fill="url(#{id})" fill-rule="evenodd">"#
            );
            uses(out, shapes);
            out.push_str("</g>");
        }
        Layer::Edges {
            schematic,
            shapes,
            stroke,
        } => {
            let class = if *schematic {
                "schematic-edges"
            } else {
                "edges"
            };
            let _ = write!(
                out,
                r#"<g class="{class}" fill="none" {}>"#,
                stroke_attrs(stroke, u)
            );
            uses(out, shapes);
            out.push_str("</g>");
        }
        Layer::Border { weight, stroke } => {
            let _ = write!(
                out,
                r##"<use href="#border-{}" fill="none" {}/>"##,
                border_id(*weight),
                stroke_attrs(stroke, u)
            );
        }
        Layer::Outline { shapes, stroke } => {
            for i in shapes {
                let _ = write!(
                    out,
                    r##"<use href="#s{i}" fill="none" {}/>"##,
                    stroke_attrs(stroke, u)
                );
            }
        }
        Layer::Points { at_km, look } => points_layer(out, at_km, look, fit, u),
    }
}

/// Stations as the canvas draws them: every halo disc, then every disc, at scale `u`.
fn points_layer(out: &mut String, at_km: &[(f64, f64)], look: &PointLook, fit: &Fit, u: f64) {
    out.push_str(r#"<g class="stations">"#);
    for (radius_px, colour) in [
        (look.radius_px + look.halo_px, look.halo),
        (look.radius_px, look.fill),
    ] {
        let _ = write!(
            out,
            r#"<g fill="{}" fill-opacity="{}">"#,
            colour.rgb.hex(),
            num(colour.opacity)
        );
        let r = num(radius_px * u);
        for &(x_km, y_km) in at_km {
            let (x, y) = fit.px(x_km, y_km);
            let _ = write!(out, r#"<circle cx="{}" cy="{}" r="{r}"/>"#, num(x), num(y));
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// The neighbours drawn grey for orientation, cut to the frame plus a margin wider than any
/// stroke, so no cut edge shows.
fn context_layer(
    out: &mut String,
    scene: &Scene,
    fit: &Fit,
    frame: Frame,
    u: f64,
    (fill, stroke): (&Colour, &Stroke),
) {
    let mut d = String::new();
    let slack = 20.0 * u;
    let clip = (
        frame.0 - slack,
        frame.1 - slack,
        frame.0 + frame.2 + slack,
        frame.1 + frame.3 + slack,
    );
    for g in &scene.context {
        path_data_clipped(g, fit, Some(clip), &mut d);
    }
    if !d.is_empty() {
        let _ = write!(
            out,
            r#"<path class="context" d="{d}" fill="{}" fill-rule="evenodd" stroke="{}" stroke-width="{}"/>"#,
            fill.rgb.hex(),
            stroke.colour.rgb.hex(),
            num(stroke.width_px * u)
        );
    }
}

/// Path data in pixels; points that round onto the previous one are dropped.
fn path_data(geometry: &MultiPolygon<f64>, fit: &Fit, out: &mut String) {
    path_data_clipped(geometry, fit, None, out);
}

/// A clip box in pixels: (min x, min y, max x, max y).
type PxBox = (f64, f64, f64, f64);

/// As [`path_data`], with each ring cut to `clip` first (Sutherland–Hodgman). Only for fills
/// and strokes whose cut edges fall outside the visible frame: the neighbours drawn as context
/// are mostly off the page, and cutting them keeps a province figure small.
fn path_data_clipped(
    geometry: &MultiPolygon<f64>,
    fit: &Fit,
    clip: Option<PxBox>,
    out: &mut String,
) {
    let mut ring_px: Vec<(f64, f64)> = Vec::new();
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            ring_px.clear();
            ring_px.extend(ring.0.iter().map(|p| fit.px(p.x, p.y)));
            if let Some(b) = clip {
                ring_px = clip_ring(&ring_px, b);
                if ring_px.len() < 3 {
                    continue;
                }
            }
            ring_path(&ring_px, out);
        }
    }
}

/// One closed ring as "M x yL x y…Z", skipping points that round onto the previous one.
fn ring_path(ring_px: &[(f64, f64)], out: &mut String) {
    let mut last: Option<(i64, i64)> = None;
    let mut written = 0;
    for &(x, y) in ring_px {
        let key = ((x * 100.0).round() as i64, (y * 100.0).round() as i64);
        if last == Some(key) {
            continue;
        }
        last = Some(key);
        let _ = write!(
            out,
            "{}{} {}",
            if written == 0 { 'M' } else { 'L' },
            num(x),
            num(y)
        );
        written += 1;
    }
    if written > 0 {
        out.push('Z');
    }
}

/// Sutherland–Hodgman clipping of a closed ring to an axis-aligned box.
fn clip_ring(ring: &[(f64, f64)], (x0, y0, x1, y1): PxBox) -> Vec<(f64, f64)> {
    if ring
        .iter()
        .all(|&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1)
    {
        return ring.to_vec();
    }
    let mut points = ring.to_vec();
    // Each edge: inside test, and the crossing of a segment with the edge line.
    let edges: [(usize, f64, bool); 4] =
        [(0, x0, true), (0, x1, false), (1, y0, true), (1, y1, false)];
    for (axis, limit, keep_above) in edges {
        if points.is_empty() {
            break;
        }
        let coord = |p: (f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let inside = |p: (f64, f64)| {
            if keep_above {
                coord(p) >= limit
            } else {
                coord(p) <= limit
            }
        };
        let cross = |a: (f64, f64), b: (f64, f64)| {
            let t = (limit - coord(a)) / (coord(b) - coord(a));
            if axis == 0 {
                (limit, a.1 + t * (b.1 - a.1))
            } else {
                (a.0 + t * (b.0 - a.0), limit)
            }
        };
        let input = std::mem::take(&mut points);
        let mut prev = input[input.len() - 1];
        for &cur in &input {
            match (inside(cur), inside(prev)) {
                (true, true) => points.push(cur),
                (true, false) => {
                    points.push(cross(prev, cur));
                    points.push(cur);
                }
                (false, true) => points.push(cross(prev, cur)),
                (false, false) => {}
            }
            prev = cur;
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_cut_to_the_box() {
        let square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let cut = clip_ring(&square, (0.0, 0.0, 10.0, 10.0));
        assert_eq!(cut.len(), 4);
        for (x, y) in &cut {
            assert!(
                (0.0..=5.0).contains(x) && (0.0..=5.0).contains(y),
                "{cut:?}"
            );
        }
        assert!(clip_ring(&square, (20.0, 20.0, 30.0, 30.0)).is_empty());
        assert_eq!(
            clip_ring(&square, (-10.0, -10.0, 10.0, 10.0)),
            square.to_vec()
        );
    }
}
