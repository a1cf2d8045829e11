//! Draws a core `Scene` on a 2D canvas. Only drawing lives here; what to draw and in which colour
//! is decided in the core, so the export path draws the same thing.
//!
//! Geometry becomes `Path2D` objects once per scene, in Albers kilometres; each frame only sets
//! a transform and fills them. A recolour therefore costs one `fill` per shape, not one call per
//! vertex across the wasm boundary (the national layer has about 600,000 vertices).

use atlas_core::draw::svg::Fit;
use atlas_core::shape::scene::{BorderWeight, Scene};
use atlas_core::sort;
use atlas_core::style::classify::Pattern;
use atlas_core::style::dark::dark_colour;
use atlas_core::style::shapes::ShapeStyle;
use geo::{MultiPolygon, Rect};
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasPattern, CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement, Path2d,
};

/// Maps Albers kilometres to canvas pixels (north up), fitting a box with a margin: core's
/// [`Fit`], the same as the printed figure's map frame.
pub type ViewTransform = Fit;

/// A canvas of `width_px` × `height_px` fitted to `bounds` with `margin_px` on every side.
pub fn fit_canvas(bounds: Rect<f64>, width_px: f64, height_px: f64, margin_px: f64) -> Fit {
    Fit::new(bounds, (0.0, 0.0, width_px, height_px), margin_px)
}

/// Sets the canvas transform so path units land on CSS pixels (times the pixel ratio).
fn apply_km(view: &Fit, ctx: &CanvasRenderingContext2d, dpr: f64) {
    let s = view.px_per_km * dpr / UNITS_PER_KM;
    let _ = ctx.set_transform(
        s,
        0.0,
        0.0,
        -s,
        dpr * (view.offset_x_px - view.origin_x_km * view.px_per_km),
        dpr * (view.offset_y_px + view.origin_y_km * view.px_per_km),
    );
}

pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Path units: decametres. Whole numbers format several times faster than floats in wasm, and
/// 10 m is far below a pixel at any zoom this map offers.
const UNITS_PER_KM: f64 = 100.0;

/// Appends `geometry` as SVG path data in [`UNITS_PER_KM`]: each ring an absolute move, then
/// relative lines (short numbers, so less for the browser to parse), leaving out a vertex that
/// rounds onto the one before (10 m apart at most: nothing a pixel shows).
fn svg_path(geometry: &MultiPolygon<f64>, out: &mut String) {
    let mut digits = itoa::Buffer::new();
    let mut number = |out: &mut String, command: char, x: i64, y: i64| {
        out.push(command);
        out.push_str(digits.format(x));
        out.push(' ');
        out.push_str(digits.format(y));
    };
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut last: Option<(i64, i64)> = None;
            for p in &ring.0 {
                let x = (p.x * UNITS_PER_KM).round() as i64;
                let y = (p.y * UNITS_PER_KM).round() as i64;
                match last {
                    None => number(out, 'M', x, y),
                    Some(previous) if previous == (x, y) => continue,
                    Some((px, py)) => number(out, 'l', x - px, y - py),
                }
                last = Some((x, y));
            }
            out.push('Z');
        }
    }
}

fn path_data(geometries: &[&MultiPolygon<f64>]) -> String {
    let mut d = String::new();
    for g in geometries {
        svg_path(g, &mut d);
    }
    d
}

fn path_of_data(d: &str) -> Path2d {
    Path2d::new_with_path_string(d).unwrap_or_else(|_| Path2d::new().expect("Path2D"))
}

fn path_of(geometries: &[&MultiPolygon<f64>]) -> Path2d {
    path_of_data(&path_data(geometries))
}

/// A scene's geometry as canvas paths, built once per scene.
pub struct ScenePaths {
    shapes: Vec<Path2d>,
    schematic_edges: Path2d,
    real_edges: Path2d,
    inner_borders: Path2d,
    focus_border: Path2d,
    context: Path2d,
}

impl ScenePaths {
    pub fn new(scene: &Scene) -> ScenePaths {
        // Each shape's path data is written once: filled on its own, stroked with the others
        // of its kind (the edges of schematic cells apart from real borders).
        let data: Vec<String> = (scene.shapes.iter())
            .map(|s| path_data(&[s.geometry.as_ref()]))
            .collect();
        let shapes = data.iter().map(|d| path_of_data(d)).collect();
        let edges = |schematic: bool| -> Path2d {
            let joined: String = (scene.shapes.iter().zip(&data))
                .filter(|(s, _)| s.schematic == schematic)
                .map(|(_, d)| d.as_str())
                .collect();
            path_of_data(&joined)
        };
        let borders = |weight: BorderWeight| -> Vec<&MultiPolygon<f64>> {
            scene
                .borders
                .iter()
                .filter(|(w, _)| *w == weight)
                .map(|(_, g)| g.polygons())
                .collect()
        };
        let context: Vec<&MultiPolygon<f64>> = scene.context.iter().map(|g| g.polygons()).collect();
        ScenePaths {
            shapes,
            schematic_edges: edges(true),
            real_edges: edges(false),
            inner_borders: path_of(&borders(BorderWeight::Inner)),
            focus_border: path_of(&borders(BorderWeight::Focus)),
            context: path_of(&context),
        }
    }
}

#[derive(Clone, Copy)]
enum Overlay {
    /// Diagonal stripes: "reported only as a regional total".
    Hatch,
    Dots,
    Cross,
}

/// A repeating tile laid over a fill, for the classes colour alone cannot carry.
fn overlay_pattern(
    ctx: &CanvasRenderingContext2d,
    dpr: f64,
    overlay: Overlay,
) -> Option<CanvasPattern> {
    let document = web_sys::window()?.document()?;
    let tile: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    let size = (8.0 * dpr).round().max(4.0) as u32;
    tile.set_width(size);
    tile.set_height(size);
    let t = context_2d(&tile)?;
    let s = f64::from(size);
    t.set_stroke_style_str("rgba(255,255,255,0.75)");
    t.set_fill_style_str("rgba(255,255,255,0.85)");
    t.set_line_width(1.6 * dpr);
    let diagonal = |flip: bool| {
        for offset in [-s, 0.0, s] {
            t.begin_path();
            if flip {
                t.move_to(offset, 0.0);
                t.line_to(offset + s, s);
            } else {
                t.move_to(offset, s);
                t.line_to(offset + s, 0.0);
            }
            t.stroke();
        }
    };
    match overlay {
        Overlay::Hatch => diagonal(false),
        Overlay::Cross => {
            diagonal(false);
            diagonal(true);
        }
        Overlay::Dots => {
            t.begin_path();
            let _ = t.arc(s / 2.0, s / 2.0, 1.5 * dpr, 0.0, std::f64::consts::TAU);
            t.fill();
        }
    }
    ctx.create_pattern_with_html_canvas_element(&tile, "repeat")
        .ok()?
}

fn clear(ctx: &CanvasRenderingContext2d, canvas: &HtmlCanvasElement) {
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
}

/// Colours of everything that is not data: the page's light theme, or the dark briefing display.
#[derive(Clone, Copy)]
pub struct Theme {
    pub context_fill: &'static str,
    pub context_stroke: &'static str,
    pub halo: &'static str,
    pub inner_border: &'static str,
    pub focus_border: &'static str,
    /// Fills from core's dark palette (`style::dark`), each 3:1 against the dark background.
    pub dark: bool,
}

pub const LIGHT: Theme = Theme {
    context_fill: "#f3f1ec",
    context_stroke: "#c9c5bb",
    halo: "rgba(255,255,255,0.85)",
    inner_border: "#3a3a3a",
    focus_border: "#111111",
    dark: false,
};

pub const DARK: Theme = Theme {
    context_fill: "#161d2a",
    context_stroke: "#3a465c",
    halo: "rgba(11,15,23,0.85)",
    inner_border: "#e8ecf3",
    focus_border: "#ffffff",
    dark: true,
};

pub struct DrawCounts {
    pub shapes: usize,
    pub townships: usize,
}

/// Draws the whole map (background layer). The hover/selection outline goes on its own canvas
/// so moving the mouse never repaints tens of thousands of shapes.
pub fn draw_scene(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    paths: &ScenePaths,
    styles: &[ShapeStyle],
    view: &ViewTransform,
    dpr: f64,
    theme: Theme,
) -> DrawCounts {
    let Some(ctx) = context_2d(canvas) else {
        return DrawCounts {
            shapes: 0,
            townships: 0,
        };
    };
    clear(&ctx, canvas);
    ctx.set_line_join("round");
    apply_km(view, &ctx, dpr);
    // Line widths are in path units under this transform.
    let px = UNITS_PER_KM / view.px_per_km;

    ctx.set_fill_style_str(theme.context_fill);
    ctx.set_stroke_style_str(theme.context_stroke);
    ctx.set_line_width(0.8 * px);
    ctx.fill_with_path_2d_and_winding(&paths.context, CanvasWindingRule::Evenodd);
    ctx.stroke_with_path(&paths.context);

    // Fill by colour so the style changes once per class, not once per shape.
    let fill = |i: usize| match theme.dark {
        true => dark_colour(styles[i].class),
        false => styles[i].fill,
    };
    let mut order: Vec<usize> = (0..scene.shapes.len().min(styles.len())).collect();
    sort::sort_by_key(&mut order, |&i| (fill(i).0, fill(i).1, fill(i).2));
    for group in order.chunk_by(|&a, &b| fill(a) == fill(b)) {
        let Ok(union) = Path2d::new() else { continue };
        for &i in group {
            union.add_path(&paths.shapes[i]);
        }
        ctx.set_fill_style_str(&fill(group[0]).hex());
        // One fill per class: shapes never overlap, so even-odd on the union keeps each hole.
        ctx.fill_with_path_2d_and_winding(&union, CanvasWindingRule::Evenodd);
    }

    // Patterns stay in screen pixels: clip to the shapes that carry one, then fill the canvas.
    let overlays = [
        (
            Overlay::Dots,
            Box::new(|s: &ShapeStyle| s.pattern == Pattern::Dots)
                as Box<dyn Fn(&ShapeStyle) -> bool>,
        ),
        (
            Overlay::Cross,
            Box::new(|s: &ShapeStyle| s.pattern == Pattern::CrossHatch),
        ),
        (Overlay::Hatch, Box::new(|s: &ShapeStyle| s.reported_total)),
    ];
    for (overlay, wanted) in overlays {
        let members: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| wanted(&styles[i]))
            .collect();
        if members.is_empty() {
            continue;
        }
        let Some(pattern) = overlay_pattern(&ctx, dpr, overlay) else {
            continue;
        };
        let Ok(union) = Path2d::new() else { continue };
        for i in members {
            union.add_path(&paths.shapes[i]);
        }
        ctx.save();
        ctx.clip_with_path_2d_and_winding(&union, CanvasWindingRule::Evenodd);
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.set_fill_style_canvas_pattern(&pattern);
        ctx.fill_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
        ctx.restore();
    }

    // Schematic cells get dashed edges so they never pass for surveyed borders.
    ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
    ctx.set_line_width(0.6 * px);
    ctx.stroke_with_path(&paths.real_edges);
    let dash = js_sys::Array::of2(&(3.0 * px).into(), &(2.0 * px).into());
    let _ = ctx.set_line_dash(&dash);
    ctx.stroke_with_path(&paths.schematic_edges);
    let _ = ctx.set_line_dash(&js_sys::Array::new());

    // Real borders get a light halo under a dark line so they read over dark and light fills.
    for (colour, width, path) in [
        (theme.halo, 3.0, &paths.inner_borders),
        (theme.halo, 3.8, &paths.focus_border),
        (theme.inner_border, 1.0, &paths.inner_borders),
        (theme.focus_border, 1.8, &paths.focus_border),
    ] {
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width * px);
        ctx.stroke_with_path(path);
    }
    DrawCounts {
        shapes: order.len(),
        townships: scene.schematic_count(),
    }
}

/// What the overlay outlines, by shape index of the scene.
pub struct Highlights<'a> {
    pub hovered: Option<usize>,
    pub selected: &'a [usize],
    /// The region the keyboard (or a tap) rests on.
    pub pointed: &'a [usize],
}

/// Outlines the hovered, selected and keyboard-focused shapes on the overlay canvas. The
/// keyboard focus is amber on a dark halo, so it shows on every fill, light or dark.
pub fn draw_highlight(
    canvas: &HtmlCanvasElement,
    paths: &ScenePaths,
    marks: &Highlights,
    view: &ViewTransform,
    dpr: f64,
) {
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    clear(&ctx, canvas);
    ctx.set_line_join("round");
    apply_km(view, &ctx, dpr);
    let px = UNITS_PER_KM / view.px_per_km;
    for &i in marks.selected {
        ctx.set_stroke_style_str("#d7301f");
        ctx.set_line_width(3.0 * px);
        ctx.stroke_with_path(&paths.shapes[i]);
    }
    for (colour, width) in [("#111111", 7.0), ("#f4a300", 3.5)] {
        for &i in marks.pointed {
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width * px);
            ctx.stroke_with_path(&paths.shapes[i]);
        }
    }
    if let Some(i) = marks.hovered {
        ctx.set_stroke_style_str("#111111");
        ctx.set_line_width(2.2 * px);
        ctx.stroke_with_path(&paths.shapes[i]);
    }
}
