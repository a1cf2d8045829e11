//! The figure's legend, right of the map: the mode's heading, one row per class with its count
//! (absent classes dimmed, as in the app), then the key rows for hatching, schematic cells, the
//! directory's stations as points (when the figure draws them) and the regions the view could
//! not draw.

use std::fmt::Write;

use super::{Layout, METRICS};
use crate::draw::paint::{PointLook, Tile};
use crate::draw::svg::{num, schematic_dash, text, wrap};
use crate::style::legend::{Legend, LegendEntry, PointKey};

/// The legend column: where swatches, labels and counts go.
struct Column {
    /// Left edge of the swatches.
    x: f64,
    /// Left edge of the labels.
    label_x: f64,
    /// Right edge of the counts.
    count_x: f64,
    /// Right edge of the page's content.
    right: f64,
    /// Swatch width and height.
    swatch: (f64, f64),
    /// Height of one row.
    row: f64,
    /// The figure's scale.
    u: f64,
}

impl Column {
    fn new(layout: &Layout) -> Column {
        let u = layout.u;
        let x = layout.w - layout.pad - layout.legend_w + 24.0 * u;
        let swatch = (34.0 * u, 20.0 * u);
        Column {
            x,
            label_x: x + swatch.0 + 12.0 * u,
            count_x: (layout.w - layout.pad).min(x + 380.0 * u),
            right: layout.w - layout.pad,
            swatch,
            row: 30.0 * u,
            u,
        }
    }

    /// The baseline of a row's text whose swatch starts at `y`.
    fn baseline(&self, y: f64) -> f64 {
        y + self.swatch.1 * 0.78
    }

    /// A swatch at `y`: a fill, an optional pattern over it, dashed edges for schematic cells.
    fn swatch(&self, out: &mut String, y: f64, fill: &str, overlay: Option<&str>, dashed: bool) {
        let (x, (sw, sh), u) = (self.x, self.swatch, self.u);
        let _ = write!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="#8a8a8a" stroke-width="{}"{}/>"##,
            num(x),
            num(y),
            num(sw),
            num(sh),
            num(0.8 * u),
            if dashed {
                schematic_dash(u)
            } else {
                String::new()
            }
        );
        if let Some(id) = overlay {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{id})"/>"#,
                num(x),
                num(y),
                num(sw),
                num(sh)
            );
        }
    }

    /// A key row at `y`: swatch and label.
    fn key_row(&self, out: &mut String, y: f64, swatch: (&str, Option<&str>, bool), label: &str) {
        let (fill, overlay, dashed) = swatch;
        self.swatch(out, y, fill, overlay, dashed);
        text(
            out,
            self.label_x,
            self.baseline(y),
            15.0 * self.u,
            r##"fill="#222222""##,
            label,
        );
    }
}

/// The whole legend group; `points`, the stations' key and the look they are drawn in, when the
/// figure draws any.
pub(super) fn legend(
    out: &mut String,
    legend: &Legend,
    points: Option<(&PointKey, &PointLook)>,
    layout: &Layout,
) {
    let col = Column::new(layout);
    let u = layout.u;
    let mut y = layout.header_h + 20.0 * u;
    out.push_str(r#"<g class="legend">"#);
    text(
        out,
        col.x,
        y,
        20.0 * u,
        r##"font-weight="bold" fill="#111111""##,
        &legend.title,
    );
    y += 16.0 * u;
    for entry in &legend.classes {
        class_row(out, &col, y, entry);
        y += col.row;
    }
    y += 8.0 * u;
    if legend.reported_total.present {
        let swatch = ("#225ea8", Some(Tile::Hatch.id()), false);
        col.key_row(out, y, swatch, &legend.reported_total.label);
        y += col.row;
    }
    if let Some(key) = &legend.schematic {
        col.key_row(out, y, ("#ffffff", None, true), &key.label);
        y += col.row;
    }
    if let Some((key, look)) = points {
        point_row(out, &col, y, key, look);
        y += col.row;
    }
    if let Some(not_drawn) = &legend.not_drawn {
        not_drawn_row(out, &col, y, &not_drawn.label);
    }
    out.push_str("</g>");
}

/// One class: swatch, label and count; a class absent from the view is dimmed.
fn class_row(out: &mut String, col: &Column, y: f64, entry: &LegendEntry) {
    let overlay = Tile::of_pattern(entry.pattern).map(Tile::id);
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
    col.swatch(out, y, &entry.colour.hex(), overlay, false);
    label_and_count(out, col, y, &entry.label, entry.count);
    out.push_str("</g>");
}

/// A row's label at the left and its count at the right, as every counted row has them.
fn label_and_count(out: &mut String, col: &Column, y: f64, label: &str, count: usize) {
    let size = 17.0 * col.u;
    text(
        out,
        col.label_x,
        col.baseline(y),
        size,
        r##"fill="#222222" class="legend-label""##,
        label,
    );
    text(
        out,
        col.count_x,
        col.baseline(y),
        size,
        r##"fill="#222222" text-anchor="end" class="legend-count""##,
        &count.to_string(),
    );
}

/// The stations' key: one point as the map draws it (halo disc, then disc, at the map's size),
/// centred where a swatch would be, its label and how many the figure shows.
fn point_row(out: &mut String, col: &Column, y: f64, key: &PointKey, look: &PointLook) {
    let (cx, cy) = (col.x + col.swatch.0 / 2.0, y + col.swatch.1 / 2.0);
    out.push_str(r#"<g class="legend-points">"#);
    for (radius_px, colour) in [
        (look.radius_px + look.halo_px, look.halo),
        (look.radius_px, look.fill),
    ] {
        let _ = write!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="{}"/>"#,
            num(cx),
            num(cy),
            num(radius_px * col.u),
            colour.rgb.hex(),
            num(colour.opacity)
        );
    }
    label_and_count(out, col, y, &key.label, key.count);
    out.push_str("</g>");
}

/// The regions the view could not draw, wrapped to the legend's width; a long list is cut after
/// six lines (the screen and the boundary report list every code).
fn not_drawn_row(out: &mut String, col: &Column, y: f64, label: &str) {
    let u = col.u;
    col.swatch(out, y, "#ffffff", None, true);
    let lines = wrap(
        label,
        METRICS,
        13.0 * u,
        (col.right - col.label_x).max(40.0 * u),
    );
    let shown = lines.len().min(6);
    for (i, line) in lines.iter().take(shown).enumerate() {
        let ellipsis = if i + 1 == shown && lines.len() > shown {
            "…"
        } else {
            ""
        };
        text(
            out,
            col.label_x,
            col.baseline(y) + i as f64 * 13.0 * u * 1.35,
            13.0 * u,
            r##"fill="#222222" class="legend-not-drawn""##,
            &format!("{line}{ellipsis}"),
        );
    }
}
