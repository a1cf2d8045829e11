//! The plot rectangle and what stands still in it: the shaded time after a missed deadline, the
//! grid and axes, the target line, and the deadline and today markers.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, DrawingBackend};

use super::time::{day_date, nice_axis, tick_label, time_domain, time_ticks};
use super::{
    dashed, px, stroke, text, Bounds, DrawResult, Plot, Scale, Text, AXIS, DEADLINE, GRID, INK,
    METRICS, MUTED,
};
use crate::date::Day;
use crate::lang::Lang;
use crate::measure::progress::{fmt_date, fmt_deadline, Assessment, Status};

impl Plot {
    /// The plot between the caption (ending at `top`) and the footnotes (`footer_h` high), with
    /// room for the marker labels above and tick labels below and left; `None` when that leaves
    /// too little to draw in.
    pub(super) fn new(
        a: &Assessment,
        today: i64,
        bounds: &Bounds,
        top: f64,
        footer_h: f64,
    ) -> Option<Plot> {
        let Bounds {
            x: ax,
            y: ay,
            w: aw,
            h: ah,
            pad,
        } = *bounds;
        let (x0, x1, cut_projection) = time_domain(a, today);
        let max_count = a
            .milestones
            .iter()
            .flat_map(|m| [Some(m.covered), m.total])
            .flatten()
            .chain(a.target_townships)
            .max()
            .unwrap_or(1);
        let (y1, y_step) = nice_axis(f64::from(max_count) * 1.08);
        let scale = Scale {
            left: ax + pad + 44.0,
            right: ax + aw - pad - 8.0,
            top: top + 34.0,
            bottom: ay + ah - pad - footer_h - 26.0,
            x0: x0 as f64,
            x1: x1 as f64,
            y1,
        };
        if scale.bottom - scale.top < 40.0 || scale.right - scale.left < 80.0 {
            return None;
        }
        Some(Plot {
            scale,
            x0,
            x1,
            y_step,
            cut_projection,
        })
    }
}

/// The time after a passed deadline with no figure: shaded, so the gap in the data shows.
pub(super) fn overdue_shade<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    today: i64,
) -> DrawResult<DB> {
    let scale = &plot.scale;
    if let Some(d) = a.deadline_day().map(Day::days_since_epoch) {
        if a.no_figure_since_deadline && a.status == Status::Overdue && today > d {
            let shade = BackendColor {
                alpha: 0.08,
                rgb: DEADLINE.rgb,
            };
            b.draw_rect(
                px(scale.x(d as f64), scale.top),
                px(scale.x(today as f64).min(scale.right), scale.bottom),
                &shade,
                true,
            )?;
        }
    }
    Ok(())
}

/// Count grid lines with their values, month-aligned time ticks, both axes and the count axis's
/// title.
pub(super) fn grid_and_axes<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    bounds: &Bounds,
    lang: Lang,
) -> DrawResult<DB> {
    let scale = &plot.scale;
    let (left, right, top, bottom) = (scale.left, scale.right, scale.top, scale.bottom);
    let tick_style = Text::new(11.0, MUTED, HPos::Right, VPos::Center);
    let mut v = 0.0;
    while v <= scale.y1 + 1e-9 {
        let yy = scale.y(v);
        b.draw_line(px(left, yy), px(right, yy), &stroke(GRID, 1))?;
        text(b, &format!("{v:.0}"), &tick_style, px(left - 6.0, yy))?;
        v += plot.y_step;
    }
    let (step, ticks) = time_ticks(plot.x0, plot.x1, ((right - left) / 70.0) as usize);
    let xtick_style = Text::new(11.0, MUTED, HPos::Center, VPos::Top);
    for t in ticks {
        let xx = scale.x(t as f64);
        b.draw_line(px(xx, bottom), px(xx, bottom + 4.0), &stroke(AXIS, 1))?;
        text(
            b,
            &tick_label(t, step, lang),
            &xtick_style,
            px(xx, bottom + 7.0),
        )?;
    }
    b.draw_line(px(left, top), px(left, bottom), &stroke(AXIS, 1))?;
    b.draw_line(px(left, bottom), px(right, bottom), &stroke(AXIS, 1))?;
    let axis_title = Text {
        rotate: true,
        ..Text::new(11.0, MUTED, HPos::Center, VPos::Top)
    };
    let y_title = if lang == Lang::Zh {
        "已覆盖乡镇数"
    } else {
        "townships covered"
    };
    text(
        b,
        y_title,
        &axis_title,
        px(bounds.x + bounds.pad - 2.0, (top + bottom) / 2.0),
    )
}

/// The target line, labelled at the right end, or just left of the deadline when the deadline
/// marker would run through the label.
pub(super) fn target_line<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    lang: Lang,
) -> DrawResult<DB> {
    let Some(t) = a.target_townships else {
        return Ok(());
    };
    let scale = &plot.scale;
    let yy = scale.y(f64::from(t));
    dashed(
        b,
        (scale.left, yy),
        (scale.right, yy),
        6.0,
        4.0,
        stroke(INK, 1),
    )?;
    let label = if lang == Lang::Zh {
        format!("目标 {t}")
    } else {
        format!("target {t}")
    };
    let style = Text::new(11.0, INK, HPos::Right, VPos::Bottom);
    let w = style.width(&label);
    let mut end = scale.right - 2.0;
    if let Some(d) = a.deadline_day() {
        let xd = scale.x(d.days_since_epoch() as f64);
        if xd > end - w - 4.0 && xd < end + 4.0 {
            end = xd - 5.0;
        }
    }
    text(b, &label, &style, px(end, yy - 3.0))
}

/// Deadline and today markers, labelled above the plot; today's label drops to a second row
/// when the two would overlap.
pub(super) fn deadline_and_today<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    bounds: &Bounds,
    a: &Assessment,
    today: i64,
    lang: Lang,
) -> DrawResult<DB> {
    let zh = lang == Lang::Zh;
    let scale = &plot.scale;
    let (top, bottom) = (scale.top, scale.bottom);
    let mut deadline_span = None;
    if let Some(d) = a.deadline {
        let xx = scale.x(d.last_day().days_since_epoch() as f64);
        dashed(b, (xx, top), (xx, bottom), 5.0, 3.0, stroke(DEADLINE, 2))?;
        let label = if zh {
            format!("期限 {}", fmt_deadline(&d, lang))
        } else {
            format!("deadline {}", fmt_deadline(&d, lang))
        };
        let (cx, half) = label_centre(bounds, xx, &label);
        deadline_span = Some((cx - half, cx + half));
        marker_label(b, bounds, top, (&label, xx, 0.0), DEADLINE)?;
    }
    let xx = scale.x(today as f64);
    dashed(b, (xx, top), (xx, bottom), 2.0, 3.0, stroke(MUTED, 1))?;
    let date = fmt_date(&day_date(today), lang);
    let label = if zh {
        format!("今天 {date}")
    } else {
        format!("today {date}")
    };
    // Compared where the labels are drawn, after both are kept inside the chart.
    let (cx, half) = label_centre(bounds, xx, &label);
    let overlaps = deadline_span.is_some_and(|(l, r)| cx + half + 6.0 > l && cx - half - 6.0 < r);
    let row = if overlaps { 1.0 } else { 0.0 };
    marker_label(b, bounds, top, (&label, xx, row), MUTED)
}

/// A marker's label centred over `x` in `row` (0 or 1) above the plot's `top`, kept inside the
/// chart.
fn marker_label<DB: DrawingBackend>(
    b: &mut DB,
    bounds: &Bounds,
    top: f64,
    (label, x, row): (&str, f64, f64),
    color: BackendColor,
) -> DrawResult<DB> {
    let style = Text::new(11.0, color, HPos::Center, VPos::Bottom);
    let (cx, _) = label_centre(bounds, x, label);
    text(b, label, &style, px(cx, top - 4.0 - row * 14.0))
}

/// Where a marker's label over `x` is centred once kept inside the chart, and its half width.
fn label_centre(bounds: &Bounds, x: f64, label: &str) -> (f64, f64) {
    let half = METRICS.width(label, 11.0) / 2.0;
    let (left, right) = (
        bounds.x + bounds.pad + half,
        bounds.x + bounds.w - bounds.pad - half,
    );
    (x.clamp(left, right.max(left)), half)
}
