//! Draws a core `Scene` on a 2D canvas. Only drawing lives here; what to draw and in which colour
//! is decided in the core, so the export path draws the same thing.

use atlas_core::classify::Pattern;
use atlas_core::scene::{BorderWeight, Scene, ShapeStyle};
use geo::{MultiPolygon, Rect};
use wasm_bindgen::JsCast;
use web_sys::{CanvasPattern, CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement};

/// Maps Albers kilometres to canvas pixels (north up), fitting a box with a margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    pub px_per_km: f64,
    pub origin_x_km: f64,
    pub origin_y_km: f64,
    pub offset_x_px: f64,
    pub offset_y_px: f64,
}

impl ViewTransform {
    pub fn fit(bounds: Rect<f64>, width_px: f64, height_px: f64, margin_px: f64) -> ViewTransform {
        let usable_w = (width_px - 2.0 * margin_px).max(1.0);
        let usable_h = (height_px - 2.0 * margin_px).max(1.0);
        let w_km = bounds.width().max(1e-6);
        let h_km = bounds.height().max(1e-6);
        let px_per_km = (usable_w / w_km).min(usable_h / h_km);
        ViewTransform {
            px_per_km,
            origin_x_km: bounds.min().x,
            origin_y_km: bounds.max().y,
            offset_x_px: margin_px + (usable_w - w_km * px_per_km) / 2.0,
            offset_y_px: margin_px + (usable_h - h_km * px_per_km) / 2.0,
        }
    }

    pub fn to_px(&self, x_km: f64, y_km: f64) -> (f64, f64) {
        (
            self.offset_x_px + (x_km - self.origin_x_km) * self.px_per_km,
            self.offset_y_px + (self.origin_y_km - y_km) * self.px_per_km,
        )
    }

    pub fn to_km(&self, x_px: f64, y_px: f64) -> (f64, f64) {
        (
            self.origin_x_km + (x_px - self.offset_x_px) / self.px_per_km,
            self.origin_y_km - (y_px - self.offset_y_px) / self.px_per_km,
        )
    }
}

pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

fn trace(ctx: &CanvasRenderingContext2d, geometry: &MultiPolygon<f64>, view: &ViewTransform) {
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points = ring.0.iter();
            if let Some(first) = points.next() {
                let (x, y) = view.to_px(first.x, first.y);
                ctx.move_to(x, y);
                for p in points {
                    let (x, y) = view.to_px(p.x, p.y);
                    ctx.line_to(x, y);
                }
                ctx.close_path();
            }
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

pub struct DrawCounts {
    pub shapes: usize,
    pub townships: usize,
}

/// Draws the whole map (background layer). The hover/selection outline goes on its own canvas
/// so moving the mouse never repaints tens of thousands of shapes.
pub fn draw_scene(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    styles: &[ShapeStyle],
    view: &ViewTransform,
    dpr: f64,
) -> DrawCounts {
    let Some(ctx) = context_2d(canvas) else {
        return DrawCounts {
            shapes: 0,
            townships: 0,
        };
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let (w, h) = (
        f64::from(canvas.width()) / dpr,
        f64::from(canvas.height()) / dpr,
    );
    ctx.clear_rect(0.0, 0.0, w, h);
    ctx.set_line_join("round");

    ctx.set_fill_style_str("#f3f1ec");
    ctx.set_stroke_style_str("#c9c5bb");
    ctx.set_line_width(0.8);
    for geometry in &scene.context {
        ctx.begin_path();
        trace(&ctx, geometry, view);
        ctx.fill_with_canvas_winding_rule(CanvasWindingRule::Evenodd);
        ctx.stroke();
    }

    let hatch = overlay_pattern(&ctx, dpr, Overlay::Hatch);
    let dots = overlay_pattern(&ctx, dpr, Overlay::Dots);
    let cross = overlay_pattern(&ctx, dpr, Overlay::Cross);
    let mut drawn = 0;
    for (shape, style) in scene.shapes.iter().zip(styles) {
        ctx.begin_path();
        trace(&ctx, &shape.geometry, view);
        ctx.set_fill_style_str(&style.fill.hex());
        ctx.fill_with_canvas_winding_rule(CanvasWindingRule::Evenodd);
        let class_overlay = match style.pattern {
            Pattern::Solid => None,
            Pattern::Dots => dots.as_ref(),
            Pattern::CrossHatch => cross.as_ref(),
        };
        let total_overlay = style.reported_total.then_some(hatch.as_ref()).flatten();
        for pattern in class_overlay.into_iter().chain(total_overlay) {
            ctx.set_fill_style_canvas_pattern(pattern);
            ctx.fill_with_canvas_winding_rule(CanvasWindingRule::Evenodd);
        }
        drawn += 1;
    }
    // Schematic cells get dashed edges so they never pass for surveyed borders.
    ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
    ctx.set_line_width(0.6);
    let dash = js_sys::Array::of2(&3.0.into(), &2.0.into());
    for shape in &scene.shapes {
        let _ = if shape.schematic {
            ctx.set_line_dash(&dash)
        } else {
            ctx.set_line_dash(&js_sys::Array::new())
        };
        ctx.begin_path();
        trace(&ctx, &shape.geometry, view);
        ctx.stroke();
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());

    // Real borders get a light halo under a dark line so they read over dark and light fills.
    for (halo, colour_inner, colour_focus) in [
        (true, "rgba(255,255,255,0.85)", "rgba(255,255,255,0.9)"),
        (false, "#3a3a3a", "#111111"),
    ] {
        for (weight, geometry) in &scene.borders {
            let (colour, width) = match weight {
                BorderWeight::Inner => (colour_inner, 1.0),
                BorderWeight::Focus => (colour_focus, 1.8),
            };
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(if halo { width + 2.0 } else { width });
            ctx.begin_path();
            trace(&ctx, geometry, view);
            ctx.stroke();
        }
    }
    DrawCounts {
        shapes: drawn,
        townships: scene.schematic_count(),
    }
}

/// Outlines the hovered and selected shapes on the overlay canvas.
pub fn draw_highlight(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    hovered: Option<usize>,
    selected: &[usize],
    view: &ViewTransform,
    dpr: f64,
) {
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()) / dpr,
        f64::from(canvas.height()) / dpr,
    );
    ctx.set_line_join("round");
    for &i in selected {
        ctx.set_stroke_style_str("#d7301f");
        ctx.set_line_width(3.0);
        ctx.begin_path();
        trace(&ctx, &scene.shapes[i].geometry, view);
        ctx.stroke();
    }
    if let Some(i) = hovered {
        ctx.set_stroke_style_str("#111111");
        ctx.set_line_width(2.2);
        ctx.begin_path();
        trace(&ctx, &scene.shapes[i].geometry, view);
        ctx.stroke();
    }
}
