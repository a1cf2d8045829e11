//! The canvas backend of core's paint list (`atlas_core::draw::paint`): what to draw, in which
//! order, width and colour is decided in the core (the same list the SVG figure walks); core's
//! `canvas_ops` turns it into canvas calls, and this file only runs them with web-sys.
//!
//! Geometry becomes `Path2D` objects once per scene, in Albers kilometres; strokes and the
//! context are drawn from them. The fills are not paths on screen: once per view, zoom and
//! canvas size the scene's shape ids are rasterised in wasm (core's `paint::raster`), with the
//! layers under the fills (context) and over them (edges, borders) drawn once into canvases of
//! their own; a recolour then only maps each pixel's id through the list's colours and puts the
//! pixels, then lays the strokes over (a software canvas took over a second to fill the
//! national layer's 40,895 paths again). Hit-testing stays the scene's R-tree.

use std::cell::RefCell;

use atlas_core::draw::paint::canvas::{canvas_ops, CanvasPath, Op};
use atlas_core::draw::paint::raster::{compose, FillTable, IdBuffer, TileImage, ToPixels};
use atlas_core::draw::paint::{
    paint_map, paint_marks, Layer, Marks, Palette, Theme, Tile, TILE_LOOK,
};
use atlas_core::draw::svg::Fit;
use atlas_core::shape::scene::{BorderWeight, Scene};
use atlas_core::style::shapes::ShapeStyle;
use geo::{MultiPolygon, Rect};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{
    CanvasPattern, CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement, ImageData,
    Path2d,
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
    /// The fills' id buffer and the layers under and over them, for the view last drawn.
    raster: RefCell<Option<FillRaster>>,
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
            raster: RefCell::new(None),
        }
    }
}

fn new_canvas(width_px: u32, height_px: u32) -> Option<HtmlCanvasElement> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(width_px);
    canvas.set_height(height_px);
    Some(canvas)
}

/// The tile of core's [`TILE_LOOK`] as a canvas pattern, `dpr` device pixels per CSS pixel.
fn overlay_pattern(ctx: &CanvasRenderingContext2d, dpr: f64, tile: Tile) -> Option<CanvasPattern> {
    let canvas = tile_canvas(dpr, tile)?;
    ctx.create_pattern_with_html_canvas_element(&canvas, "repeat")
        .ok()?
}

/// The tile's pixels, as a pattern of it lays them from the canvas's corner.
fn tile_image(dpr: f64, tile: Tile) -> Option<TileImage> {
    let canvas = tile_canvas(dpr, tile)?;
    let size = canvas.width();
    let data = context_2d(&canvas)?
        .get_image_data(0.0, 0.0, f64::from(size), f64::from(size))
        .ok()?;
    Some(TileImage {
        size_px: size,
        rgba: data.data().0,
    })
}

/// One tile of core's [`TILE_LOOK`] drawn on a canvas of its own.
fn tile_canvas(dpr: f64, tile: Tile) -> Option<HtmlCanvasElement> {
    let look = TILE_LOOK;
    let size = (look.size_px * dpr).round().max(4.0) as u32;
    let canvas = new_canvas(size, size)?;
    let t = context_2d(&canvas)?;
    let s = f64::from(size);
    t.set_stroke_style_str(&look.line.colour.css());
    t.set_fill_style_str(&look.dot.css());
    t.set_line_width(look.line.width_px * dpr);
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
    match tile {
        Tile::Hatch => diagonal(false),
        Tile::Cross => {
            diagonal(false);
            diagonal(true);
        }
        Tile::Dots => {
            t.begin_path();
            let radius = look.dot_radius_px * dpr;
            let _ = t.arc(s / 2.0, s / 2.0, radius, 0.0, std::f64::consts::TAU);
            t.fill();
        }
    }
    Some(canvas)
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

/// Runs core's canvas ops on one canvas, with the scene's paths under the km transform.
struct Painter<'a> {
    ctx: CanvasRenderingContext2d,
    canvas: &'a HtmlCanvasElement,
    paths: &'a ScenePaths,
    /// Path units per CSS pixel: line widths are in path units under the km transform.
    units_per_px: f64,
    dpr: f64,
}

impl<'a> Painter<'a> {
    /// Clears `canvas` and sets it up for `view`; `None` without a 2D context.
    fn new(
        canvas: &'a HtmlCanvasElement,
        paths: &'a ScenePaths,
        view: &Fit,
        dpr: f64,
    ) -> Option<Painter<'a>> {
        let ctx = context_2d(canvas)?;
        clear(&ctx, canvas);
        ctx.set_line_join("round");
        apply_km(view, &ctx, dpr);
        let units_per_px = UNITS_PER_KM / view.px_per_km;
        Some(Painter {
            ctx,
            canvas,
            paths,
            units_per_px,
            dpr,
        })
    }

    fn path(&self, path: &CanvasPath) -> Path2d {
        let paths = self.paths;
        match path {
            CanvasPath::Context => paths.context.clone(),
            CanvasPath::Shape(i) => paths.shapes[*i].clone(),
            CanvasPath::Edges(true) => paths.schematic_edges.clone(),
            CanvasPath::Edges(false) => paths.real_edges.clone(),
            CanvasPath::Border(BorderWeight::Inner) => paths.inner_borders.clone(),
            CanvasPath::Border(BorderWeight::Focus) => paths.focus_border.clone(),
            CanvasPath::Shapes(members) => {
                let union = Path2d::new().expect("Path2D");
                for &i in members {
                    union.add_path(&paths.shapes[i]);
                }
                union
            }
        }
    }

    fn run(&self, op: &Op) {
        let ctx = &self.ctx;
        match op {
            Op::Fill { path, css } => {
                ctx.set_fill_style_str(css);
                ctx.fill_with_path_2d_and_winding(&self.path(path), CanvasWindingRule::Evenodd);
            }
            Op::Stroke {
                path,
                css,
                width_px,
                dash_px,
            } => {
                let px = self.units_per_px;
                ctx.set_stroke_style_str(css);
                ctx.set_line_width(width_px * px);
                if let Some((on, off)) = dash_px {
                    let _ = ctx
                        .set_line_dash(&js_sys::Array::of2(&(on * px).into(), &(off * px).into()));
                }
                ctx.stroke_with_path(&self.path(path));
                if dash_px.is_some() {
                    let _ = ctx.set_line_dash(&js_sys::Array::new());
                }
            }
            Op::Pattern { path, tile } => self.pattern(path, *tile),
            Op::Discs {
                at_km,
                radius_px,
                css,
            } => self.discs(at_km, *radius_px, css),
        }
    }

    /// Discs of a radius in CSS pixels at points in km, all in one path and one fill.
    fn discs(&self, at_km: &[(f64, f64)], radius_px: f64, css: &str) {
        let (ctx, r) = (&self.ctx, radius_px * self.units_per_px);
        ctx.begin_path();
        for &(x_km, y_km) in at_km {
            let (x, y) = (x_km * UNITS_PER_KM, y_km * UNITS_PER_KM);
            ctx.move_to(x + r, y);
            let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        }
        ctx.set_fill_style_str(css);
        ctx.fill();
    }

    /// Patterns stay in screen pixels: clip to the shapes, then cover the canvas.
    fn pattern(&self, path: &CanvasPath, tile: Tile) {
        let ctx = &self.ctx;
        let Some(pattern) = overlay_pattern(ctx, self.dpr, tile) else {
            return;
        };
        ctx.save();
        ctx.clip_with_path_2d_and_winding(&self.path(path), CanvasWindingRule::Evenodd);
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.set_fill_style_canvas_pattern(&pattern);
        let (w, h) = (self.canvas.width(), self.canvas.height());
        ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
        ctx.restore();
    }
}

pub struct DrawCounts {
    pub shapes: usize,
    pub townships: usize,
}

/// The paint list's layers in three: those under the fills (drawn once per view), the fills
/// and their overlays (the colour table), and those over them (drawn once per view).
fn split_layers(layers: &[Layer]) -> (&[Layer], &[Layer], &[Layer]) {
    let Some(fills) = layers.iter().position(|l| matches!(l, Layer::Fills(_))) else {
        return (layers, &[], &[]);
    };
    let overlays = layers[fills + 1..]
        .iter()
        .take_while(|l| matches!(l, Layer::Overlay { .. }))
        .count();
    let over = fills + 1 + overlays;
    (&layers[..fills], &layers[fills..over], &layers[over..])
}

/// What a view's raster depends on: the transform, the canvas, and the strokes under and over.
#[derive(PartialEq)]
struct RasterKey {
    view: Fit,
    dpr: f64,
    size_px: (u32, u32),
    under: Vec<Op>,
    over: Vec<Op>,
}

/// One view of a scene, ready to recolour: its shape ids, the pixels under the fills, the
/// strokes over them, and the tiles' pixels at this view's pixel ratio.
struct FillRaster {
    key: RasterKey,
    ids: IdBuffer,
    under: Vec<u8>,
    over: HtmlCanvasElement,
    tiles: Vec<(Tile, Option<TileImage>)>,
    /// The pixels put on the canvas, kept between recolours.
    rgba: Vec<u8>,
}

impl FillRaster {
    fn new(scene: &Scene, paths: &ScenePaths, key: RasterKey) -> Option<FillRaster> {
        let (w, h) = key.size_px;
        let to_px = ToPixels::of_fit(&key.view, key.dpr);
        let geometry = scene.shapes.iter().map(|s| s.geometry.polygons());
        let ids = IdBuffer::rasterise(geometry, &to_px, w, h);
        let layer = |ops: &[Op]| -> Option<HtmlCanvasElement> {
            let canvas = new_canvas(w, h)?;
            let painter = Painter::new(&canvas, paths, &key.view, key.dpr)?;
            ops.iter().for_each(|op| painter.run(op));
            Some(canvas)
        };
        let under = layer(&key.under)?;
        let under = context_2d(&under)?
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?
            .data()
            .0;
        Some(FillRaster {
            over: layer(&key.over)?,
            ids,
            under,
            tiles: Vec::new(),
            rgba: vec![0; w as usize * h as usize * 4],
            key,
        })
    }

    /// The images of `table`'s tiles, in its order, each drawn once per raster.
    fn tile_images(&mut self, table: &FillTable) -> Vec<Option<TileImage>> {
        let dpr = self.key.dpr;
        (table.overlays().iter())
            .map(|&tile| {
                if let Some((_, image)) = self.tiles.iter().find(|(t, _)| *t == tile) {
                    return image.clone();
                }
                let image = tile_image(dpr, tile);
                self.tiles.push((tile, image.clone()));
                image
            })
            .collect()
    }

    /// Puts `table`'s colours on `canvas`, then the strokes over them.
    fn paint(&mut self, canvas: &HtmlCanvasElement, table: &FillTable) -> Option<()> {
        let tiles = self.tile_images(table);
        compose(&self.ids, table, &tiles, &self.under, &mut self.rgba);
        let (w, h) = self.key.size_px;
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.rgba[..]), w, h);
        let ctx = context_2d(canvas)?;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.put_image_data(&image.ok()?, 0.0, 0.0).ok()?;
        ctx.draw_image_with_html_canvas_element(&self.over, 0.0, 0.0)
            .ok()
    }
}

/// Draws the whole map (background layer) in `theme`'s palette. The hover/selection outline
/// goes on its own canvas so moving the mouse never repaints tens of thousands of shapes. The
/// view's raster is made again only when the view, the canvas or the strokes changed: a
/// recolour reuses it.
pub fn draw_scene(
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    paths: &ScenePaths,
    styles: &[ShapeStyle],
    view: &ViewTransform,
    dpr: f64,
    theme: Theme,
) -> DrawCounts {
    let list = paint_map(scene, styles, &Palette::of(theme));
    let (under, fills, over) = split_layers(&list.layers);
    let key = RasterKey {
        view: *view,
        dpr,
        size_px: (canvas.width(), canvas.height()),
        under: canvas_ops(under),
        over: canvas_ops(over),
    };
    let mut raster = paths.raster.borrow_mut();
    if raster.as_ref().is_none_or(|r| r.key != key) {
        *raster = FillRaster::new(scene, paths, key);
    }
    let painted = (raster.as_mut()).and_then(|r| r.paint(canvas, &FillTable::of(fills)));
    if painted.is_none() {
        return DrawCounts {
            shapes: 0,
            townships: 0,
        };
    }
    DrawCounts {
        shapes: scene.shapes.len().min(styles.len()),
        townships: scene.schematic_count(),
    }
}

/// Outlines the hovered, selected and keyboard-focused shapes on the overlay canvas, as core's
/// `paint_marks` lists them.
pub fn draw_highlight(
    canvas: &HtmlCanvasElement,
    paths: &ScenePaths,
    marks: &Marks,
    view: &ViewTransform,
    dpr: f64,
) {
    let Some(painter) = Painter::new(canvas, paths, view, dpr) else {
        return;
    };
    for op in canvas_ops(&paint_marks(marks)) {
        painter.run(&op);
    }
}

/// Draws `layers` (the station points of `atlas_core::draw::paint::paint_points` and their
/// mark) on their own canvas, cleared first: the directory arrives after the map, and pointing
/// at a station never repaints the fills.
pub fn draw_layers(
    canvas: &HtmlCanvasElement,
    paths: &ScenePaths,
    layers: &[atlas_core::draw::paint::Layer],
    view: &ViewTransform,
    dpr: f64,
) {
    let Some(painter) = Painter::new(canvas, paths, view, dpr) else {
        return;
    };
    for op in canvas_ops(layers) {
        painter.run(&op);
    }
}
