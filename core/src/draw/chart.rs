//! Progress charts: one region's milestones against its target and deadline, and a text-free
//! sparkline for the deadline board.
//!
//! Drawn on any [`plotters_backend::DrawingBackend`]: the SVG backend here (for snapshots, export
//! and `<img>`/inline SVG in the app), or a canvas backend in the browser.
//!
//! Why `plotters-backend` and not the `plotters` crate: `plotters` depends on `web-sys` and
//! `wasm-bindgen` whenever it is built for wasm32 (it measures text in the DOM), and atlas-core
//! must stay free of web crates. Its chart builder would also lay out text with a DOM measurement
//! in the browser and a byte-count guess natively, so the same chart would differ between the two.
//! Drawing the handful of elements below directly, with our own text-width estimate (CJK
//! characters are one em wide, Latin ones about half), gives the same SVG everywhere.
//!
//! Text is never rasterised here: the SVG backend writes it as `<text>` elements (escaping `<`,
//! `>`, `&` and quotes, so region names and article titles cannot inject markup), and a canvas
//! backend draws it with the browser's fonts. On a pixel-only backend text is skipped.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontStyle, FontTransform,
};
use plotters_svg::SVGBackend;

use crate::date::{Day, PartialDate, DAYS_PER_MONTH};
use crate::lang::Lang;
use crate::measure::progress::{
    fmt_date, fmt_deadline, fmt_month, fmt_pace, fmt_span, Assessment, Status,
};

pub use super::svg::FONT_FAMILY;
use super::svg::{ellipsize, wrap_clauses, Metrics};

/// The charts' text width estimate.
const METRICS: Metrics = Metrics::Fine;

/// The part of the backend a chart is drawn in, in backend pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartArea {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl ChartArea {
    /// The whole backend.
    pub fn whole<DB: DrawingBackend>(backend: &DB) -> ChartArea {
        let (width, height) = backend.get_size();
        ChartArea {
            x: 0,
            y: 0,
            width,
            height,
        }
    }

    fn right(&self) -> i32 {
        self.x + self.width as i32
    }

    fn bottom(&self) -> i32 {
        self.y + self.height as i32
    }
}

type DrawResult<DB> = Result<(), DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

const fn rgb(r: u8, g: u8, b: u8) -> BackendColor {
    BackendColor {
        alpha: 1.0,
        rgb: (r, g, b),
    }
}

const WHITE: BackendColor = rgb(255, 255, 255);
const INK: BackendColor = rgb(17, 24, 39);
const MUTED: BackendColor = rgb(75, 85, 99);
const GRID: BackendColor = rgb(229, 231, 235);
const AXIS: BackendColor = rgb(156, 163, 175);
const ACTUAL: BackendColor = rgb(29, 78, 216);
const REQUIRED: BackendColor = rgb(124, 58, 237);
const WARN: BackendColor = rgb(217, 119, 6);
const DEADLINE: BackendColor = rgb(185, 28, 28);
const GOOD: BackendColor = rgb(21, 128, 61);

/// The colour that carries a status, on charts and on the board.
pub fn status_color(status: Status) -> (u8, u8, u8) {
    status_backend_color(status).rgb
}

fn status_backend_color(status: Status) -> BackendColor {
    match status {
        Status::Overdue => DEADLINE,
        Status::AtRisk => WARN,
        Status::OnTrack | Status::Met => GOOD,
        Status::PaceUnknown | Status::NoDeadline | Status::DenominatorNeeded | Status::NoTarget => {
            MUTED
        }
    }
}

#[derive(Clone, Copy)]
struct Stroke {
    color: BackendColor,
    width: u32,
}

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.color
    }

    fn stroke_width(&self) -> u32 {
        self.width
    }
}

fn stroke(color: BackendColor, width: u32) -> Stroke {
    Stroke { color, width }
}

/// A text style with a width estimate that knows CJK glyphs are square.
#[derive(Clone, Copy)]
struct Text {
    /// Glyph size in pixels.
    em: f64,
    color: BackendColor,
    anchor: Pos,
    bold: bool,
    rotate: bool,
}

impl Text {
    fn new(em: f64, color: BackendColor, h: HPos, v: VPos) -> Text {
        Text {
            em,
            color,
            anchor: Pos::new(h, v),
            bold: false,
            rotate: false,
        }
    }

    fn bold(self) -> Text {
        Text { bold: true, ..self }
    }

    fn width(&self, text: &str) -> f64 {
        text_width(text, self.em)
    }
}

impl BackendTextStyle for Text {
    type FontError = Infallible;

    fn color(&self) -> BackendColor {
        self.color
    }

    /// plotters' convention: `size` is the line box and glyphs are `size / 1.24` (the SVG backend
    /// writes `font-size` as that), so the em size is scaled up here to come out as `em` pixels.
    fn size(&self) -> f64 {
        // The sizes used here (11, 12, 14, 16) survive `* 1.24 / 1.24` exactly, so the SVG says
        // `font-size="14"`; 13 and 15 would come out as 13.000000000000002.
        self.em * 1.24
    }

    fn transform(&self) -> FontTransform {
        if self.rotate {
            FontTransform::Rotate270
        } else {
            FontTransform::None
        }
    }

    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    fn anchor(&self) -> Pos {
        self.anchor
    }

    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_FAMILY)
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Infallible> {
        let w = self.width(text).round() as i32;
        Ok((
            (0, -(self.em.round() as i32)),
            (w, (self.em * 0.24).round() as i32),
        ))
    }

    /// No glyph rasteriser in a pure crate: pixel-only backends get no text.
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: BackendCoord,
        _draw: F,
    ) -> Result<Result<(), E>, Infallible> {
        Ok(Ok(()))
    }
}

/// Shortens `text` with "…" to fit `max_px`.
fn fit(text: &str, em: f64, max_px: f64) -> String {
    ellipsize(text, METRICS, em, max_px)
}

/// Width of `text` at `em` pixels.
fn text_width(text: &str, em: f64) -> f64 {
    METRICS.width(text, em)
}

/// Maps days and counts to pixels inside the plot rectangle.
struct Scale {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x0: f64,
    x1: f64,
    y1: f64,
}

impl Scale {
    fn x(&self, day: f64) -> f64 {
        self.left + (day - self.x0) / (self.x1 - self.x0) * (self.right - self.left)
    }

    fn y(&self, count: f64) -> f64 {
        self.bottom - count / self.y1 * (self.bottom - self.top)
    }

    fn at(&self, day: f64, count: f64) -> BackendCoord {
        px(self.x(day), self.y(count))
    }
}

fn px(x: f64, y: f64) -> BackendCoord {
    (x.round() as i32, y.round() as i32)
}

/// A dashed segment, drawn as short lines: backends have no dash style.
fn dashed<DB: DrawingBackend>(
    b: &mut DB,
    from: (f64, f64),
    to: (f64, f64),
    dash: f64,
    gap: f64,
    style: Stroke,
) -> DrawResult<DB> {
    let len = (to.0 - from.0).hypot(to.1 - from.1);
    if len < 0.5 {
        return Ok(());
    }
    let period = dash + gap;
    let n = ((len / period).ceil() as usize).min(500);
    for i in 0..n {
        let t0 = i as f64 * period / len;
        let t1 = ((i as f64 * period + dash) / len).min(1.0);
        let p = |t: f64| px(from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
        b.draw_line(p(t0), p(t1), &style)?;
    }
    Ok(())
}

/// Draws `text` and returns nothing; keeps call sites short.
fn text<DB: DrawingBackend>(b: &mut DB, s: &str, style: &Text, at: BackendCoord) -> DrawResult<DB> {
    if s.is_empty() {
        return Ok(());
    }
    b.draw_text(s, style, at)
}

/// A "nice" axis maximum and step: 1, 2 or 5 times a power of ten, about five steps.
fn nice_axis(max: f64) -> (f64, f64) {
    let max = max.max(1.0);
    let rough = max / 5.0;
    let mag = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

fn month_index(day: i64) -> i64 {
    let d = day_date(day);
    i64::from(d.year) * 12 + i64::from(d.month.unwrap_or(1)) - 1
}

fn month_start(index: i64) -> i64 {
    PartialDate::ymd(
        index.div_euclid(12) as i32,
        (index.rem_euclid(12) + 1) as u8,
        1,
    )
    .first_day()
    .days_since_epoch()
}

/// Month-aligned ticks: the finest of 1, 2, 3, 6, 12, 24 or 60 months that fits `max_ticks`.
fn time_ticks(x0: i64, x1: i64, max_ticks: usize) -> (i64, Vec<i64>) {
    for step in [1, 2, 3, 6, 12, 24, 60] {
        let first = month_index(x0);
        let mut ticks = Vec::new();
        let mut m = first + (step - first.rem_euclid(step)) % step;
        while month_start(m) <= x1 {
            if month_start(m) >= x0 {
                ticks.push(month_start(m));
            }
            m += step;
        }
        if ticks.len() <= max_ticks.max(2) {
            return (step, ticks);
        }
    }
    (60, Vec::new())
}

fn tick_label(day: i64, step_months: i64, lang: Lang) -> String {
    let d = day_date(day);
    match (step_months >= 12, lang) {
        (true, Lang::Zh) => format!("{}年", d.year),
        (true, Lang::En) => d.year.to_string(),
        (false, _) => fmt_month(&d, lang),
    }
}

/// Where the x axis starts and ends: every milestone, the deadline, today and the projection,
/// with a margin. A projection far beyond the deadline is cut at three years past it (the line
/// then ends at the edge with an arrow label), so one slow region does not squash the rest.
fn time_domain(a: &Assessment, today: i64) -> (i64, i64, Option<i64>) {
    let mut days: Vec<i64> = a
        .milestones
        .iter()
        .map(|m| m.day.days_since_epoch())
        .collect();
    days.extend(a.deadline_day().map(Day::days_since_epoch));
    days.push(today);
    let hard_end = days.iter().copied().max().unwrap_or(today) + 3 * 365;
    let projection = a
        .projected_completion
        .map(|p| p.last_day().days_since_epoch());
    if let Some(p) = projection {
        days.push(p.min(hard_end));
    }
    let lo = *days.iter().min().unwrap_or(&today);
    let hi = *days.iter().max().unwrap_or(&today);
    let margin = ((hi - lo) as f64 * 0.06).max(45.0) as i64;
    (
        lo - margin,
        hi + margin,
        projection.filter(|p| *p > hard_end),
    )
}

/// The full progress chart: milestones with labels and sources, target line, deadline and today
/// markers, the pace required from the latest figure to the deadline, the projection at the pace
/// achieved so far, and the verdict as the caption. `today` is a day number, as in
/// [`crate::measure::progress::assess`].
pub fn draw_progress<DB: DrawingBackend>(
    b: &mut DB,
    area: ChartArea,
    a: &Assessment,
    today: i64,
    lang: Lang,
) -> DrawResult<DB> {
    let zh = lang == Lang::Zh;
    let pad = 12.0;
    let (ax, ay) = (f64::from(area.x), f64::from(area.y));
    let (aw, ah) = (f64::from(area.width), f64::from(area.height));
    b.draw_rect(
        (area.x, area.y),
        (area.right(), area.bottom()),
        &WHITE,
        true,
    )?;

    // Title and caption.
    let title_style = Text::new(16.0, INK, HPos::Left, VPos::Top).bold();
    let status = a.status.label(lang);
    let title = format!("{} {} · {status}", a.name, a.region);
    text(
        b,
        &fit(&title, 16.0, aw - 2.0 * pad),
        &title_style,
        px(ax + pad, ay + pad),
    )?;
    let caption_style = Text::new(14.0, status_backend_color(a.status), HPos::Left, VPos::Top);
    let caption = wrap_clauses(a.verdict(lang), METRICS, 14.0, aw - 2.0 * pad, 3);
    let mut y = ay + pad + 24.0;
    for line in &caption {
        text(b, line, &caption_style, px(ax + pad, y))?;
        y += 19.0;
    }

    // Sources, as footnotes: every milestone's article and the target's.
    let mut sources = a.sources();
    if let Some(t) = &a.target_source {
        if !sources.contains(&t) {
            sources.push(t);
        }
    }
    let source_style = Text::new(11.0, MUTED, HPos::Left, VPos::Top);
    let source_lines: Vec<String> = sources
        .iter()
        .map(|s| {
            let line = if zh {
                format!("来源 [{}] {}", s.id, s.title)
            } else {
                format!("Source [{}] {}", s.id, s.title)
            };
            fit(&line, 11.0, aw - 2.0 * pad)
        })
        .collect();
    let footer_h = source_lines.len() as f64 * 15.0;
    let mut fy = ay + ah - pad - footer_h;
    for line in &source_lines {
        text(b, line, &source_style, px(ax + pad, fy))?;
        fy += 15.0;
    }

    let target = a.target_townships;
    let has_timeline = !a.milestones.is_empty() || (target.is_some() && a.deadline.is_some());
    if !has_timeline {
        let note = if zh {
            "无可绘制的进度：没有带日期的乡镇覆盖数，或目标没有乡镇总数和期限"
        } else {
            "Nothing to plot: no dated township count, or a target without a count and a deadline"
        };
        let style = Text::new(12.0, MUTED, HPos::Center, VPos::Center);
        let line = fit(note, 12.0, aw - 2.0 * pad);
        return text(
            b,
            &line,
            &style,
            px(ax + aw / 2.0, (y + ay + ah - pad - footer_h) / 2.0),
        );
    }

    // Plot rectangle: room for the marker labels above, tick labels below and left.
    let (x0, x1, cut_projection) = time_domain(a, today);
    let max_count = a
        .milestones
        .iter()
        .flat_map(|m| [Some(m.covered), m.total])
        .flatten()
        .chain(target)
        .max()
        .unwrap_or(1);
    let (y1, y_step) = nice_axis(f64::from(max_count) * 1.08);
    let scale = Scale {
        left: ax + pad + 44.0,
        right: ax + aw - pad - 8.0,
        top: y + 34.0,
        bottom: ay + ah - pad - footer_h - 26.0,
        x0: x0 as f64,
        x1: x1 as f64,
        y1,
    };
    if scale.bottom - scale.top < 40.0 || scale.right - scale.left < 80.0 {
        return Ok(());
    }
    let (left, right, top, bottom) = (scale.left, scale.right, scale.top, scale.bottom);

    // The time after a passed deadline with no figure: shaded, so the gap in the data shows.
    if let Some(d) = a.deadline_day().map(Day::days_since_epoch) {
        if a.no_figure_since_deadline && a.status == Status::Overdue && today > d {
            let shade = BackendColor {
                alpha: 0.08,
                rgb: DEADLINE.rgb,
            };
            b.draw_rect(
                px(scale.x(d as f64), top),
                px(scale.x(today as f64).min(right), bottom),
                &shade,
                true,
            )?;
        }
    }

    // Grid and axes.
    let tick_style = Text::new(11.0, MUTED, HPos::Right, VPos::Center);
    let mut v = 0.0;
    while v <= y1 + 1e-9 {
        let yy = scale.y(v);
        b.draw_line(px(left, yy), px(right, yy), &stroke(GRID, 1))?;
        text(b, &format!("{v:.0}"), &tick_style, px(left - 6.0, yy))?;
        v += y_step;
    }
    let (step, ticks) = time_ticks(x0, x1, ((right - left) / 70.0) as usize);
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
    let y_title = if zh {
        "已覆盖乡镇数"
    } else {
        "townships covered"
    };
    text(
        b,
        y_title,
        &axis_title,
        px(ax + pad - 2.0, (top + bottom) / 2.0),
    )?;

    // Target line, labelled at the right end, or just left of the deadline when the deadline
    // marker would run through the label.
    if let Some(t) = target {
        let yy = scale.y(f64::from(t));
        dashed(b, (left, yy), (right, yy), 6.0, 4.0, stroke(INK, 1))?;
        let label = if zh {
            format!("目标 {t}")
        } else {
            format!("target {t}")
        };
        let style = Text::new(11.0, INK, HPos::Right, VPos::Bottom);
        let w = style.width(&label);
        let mut end = right - 2.0;
        if let Some(d) = a.deadline_day() {
            let xd = scale.x(d.days_since_epoch() as f64);
            if xd > end - w - 4.0 && xd < end + 4.0 {
                end = xd - 5.0;
            }
        }
        text(b, &label, &style, px(end, yy - 3.0))?;
    }

    // Deadline and today markers, labelled above the plot; today's label drops to a second row
    // when the two would overlap.
    let marker_label = |b: &mut DB, label: &str, xx: f64, row: f64, color| -> DrawResult<DB> {
        let style = Text::new(11.0, color, HPos::Center, VPos::Bottom);
        let half = style.width(label) / 2.0;
        let cx = xx.clamp(ax + pad + half, ax + aw - pad - half);
        text(b, label, &style, px(cx, top - 4.0 - row * 14.0))
    };
    let mut deadline_span = None;
    if let Some(d) = a.deadline {
        let xx = scale.x(d.last_day().days_since_epoch() as f64);
        dashed(b, (xx, top), (xx, bottom), 5.0, 3.0, stroke(DEADLINE, 2))?;
        let label = if zh {
            format!("期限 {}", fmt_deadline(&d, lang))
        } else {
            format!("deadline {}", fmt_deadline(&d, lang))
        };
        let half = text_width(&label, 11.0) / 2.0;
        deadline_span = Some((xx - half, xx + half));
        marker_label(b, &label, xx, 0.0, DEADLINE)?;
    }
    {
        let xx = scale.x(today as f64);
        dashed(b, (xx, top), (xx, bottom), 2.0, 3.0, stroke(MUTED, 1))?;
        let date = fmt_date(&day_date(today), lang);
        let label = if zh {
            format!("今天 {date}")
        } else {
            format!("today {date}")
        };
        let half = text_width(&label, 11.0) / 2.0;
        let overlaps =
            deadline_span.is_some_and(|(l, r)| xx + half + 6.0 > l && xx - half - 6.0 < r);
        marker_label(b, &label, xx, if overlaps { 1.0 } else { 0.0 }, MUTED)?;
    }

    let last = a
        .milestones
        .iter()
        .max_by(|p, q| p.day.cmp(&q.day).then(p.covered.cmp(&q.covered)));

    // The two pace lines leave the latest figure together; each label goes on its line's outer
    // side (the steeper line's above, the other's below) so neither sits between them.
    let projection_steeper = match (a.achieved_pace_per_month, a.required_pace_per_month) {
        (Some(achieved), Some(required)) => achieved >= required,
        _ => false,
    };
    let above = |mid: (f64, f64), color| {
        (
            Text::new(11.0, color, HPos::Right, VPos::Bottom),
            px(mid.0 - 6.0, mid.1 - 4.0),
        )
    };
    let below = |mid: (f64, f64), color| {
        (
            Text::new(11.0, color, HPos::Left, VPos::Top),
            px(mid.0 + 6.0, mid.1 + 4.0),
        )
    };

    // Required pace: from the latest figure straight to the target at the deadline.
    if let (Some(m), Some(t), Some(d), Some(pace)) =
        (last, target, a.deadline_day(), a.required_pace_per_month)
    {
        if a.status != Status::Met {
            let from = (
                scale.x(m.day.days_since_epoch() as f64),
                scale.y(f64::from(m.covered)),
            );
            let to = (scale.x(d.days_since_epoch() as f64), scale.y(f64::from(t)));
            dashed(b, from, to, 7.0, 4.0, stroke(REQUIRED, 2))?;
            let label = if zh {
                format!("需每月{}个", fmt_pace(pace))
            } else {
                format!("needs {}/month", fmt_pace(pace))
            };
            let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            let (style, at) = if projection_steeper || a.achieved_pace_per_month.is_none() {
                below(mid, REQUIRED)
            } else {
                above(mid, REQUIRED)
            };
            text(b, &label, &style, at)?;
        }
    }

    // Projection at the pace achieved so far (only with two dated figures and some progress).
    if let (Some(m), Some(t), Some(pace)) = (last, target, a.achieved_pace_per_month) {
        if a.status != Status::Met && pace > 0.0 {
            let color = status_backend_color(a.status);
            let end_day = match (a.projected_completion, cut_projection) {
                (Some(_), Some(_)) | (None, _) => x1 as f64,
                (Some(p), None) => p.last_day().days_since_epoch() as f64,
            };
            let end_count = (f64::from(m.covered)
                + pace * (end_day - m.day.days_since_epoch() as f64) / DAYS_PER_MONTH)
                .min(f64::from(t));
            let from = (
                scale.x(m.day.days_since_epoch() as f64),
                scale.y(f64::from(m.covered)),
            );
            let to = (scale.x(end_day), scale.y(end_count));
            dashed(b, from, to, 2.0, 3.0, stroke(color, 2))?;
            let when = a
                .projected_completion
                .map(|p| fmt_month(&p, lang))
                .unwrap_or_default();
            let arrow = if cut_projection.is_some() { "→ " } else { "" };
            let label = if zh {
                format!("按此前每月{}个：{arrow}{when}", fmt_pace(pace))
            } else {
                format!("at {}/month so far: {arrow}{when}", fmt_pace(pace))
            };
            let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            let (style, at) = if projection_steeper {
                above(mid, color)
            } else {
                below(mid, color)
            };
            text(b, &label, &style, at)?;
        }
    }

    // "Met early": a bracket from the figure that met the target to the deadline.
    if let (Some(lead), Some(met), Some(t), Some(d)) =
        (a.lead_days, a.met_on, target, a.deadline_day())
    {
        if a.status == Status::Met && lead > 0 {
            let yy = scale.y(f64::from(t)) + 16.0;
            let x_met = scale.x(met.last_day().days_since_epoch() as f64);
            let x_deadline = scale.x(d.days_since_epoch() as f64);
            let s = stroke(GOOD, 2);
            b.draw_line(px(x_met, yy), px(x_deadline, yy), &s)?;
            b.draw_line(px(x_met, yy - 4.0), px(x_met, yy + 4.0), &s)?;
            b.draw_line(px(x_deadline, yy - 4.0), px(x_deadline, yy + 4.0), &s)?;
            let label = if zh {
                format!("提前{}", fmt_span(lead, lang))
            } else {
                format!("{} early", fmt_span(lead, lang))
            };
            let style = Text::new(11.0, GOOD, HPos::Center, VPos::Top);
            text(b, &label, &style, px((x_met + x_deadline) / 2.0, yy + 5.0))?;
        }
    }

    // Milestones: the line, the points, and "101/140 · 2023-12 [000]" beside each.
    let points: Vec<BackendCoord> = a
        .milestones
        .iter()
        .map(|m| scale.at(m.day.days_since_epoch() as f64, f64::from(m.covered)))
        .collect();
    if points.len() > 1 {
        b.draw_path(points.iter().copied(), &stroke(ACTUAL, 2))?;
    }
    // Labels try above-right, below-right, above-left, below-left of their point and take the
    // first that stays in the plot and clear of labels already placed. Where the line leaving a
    // point rises (to the next figure, or the pace lines from the latest), below-right comes
    // first so the label does not sit on the line.
    let lines_leave_last = a.status != Status::Met && a.remaining.is_some_and(|r| r > 0);
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (i, (m, &(x, y))) in a.milestones.iter().zip(&points).enumerate() {
        b.draw_circle((x, y), 5, &stroke(ACTUAL, 1), true)?;
        let label = format!("{} [{}]", m.label(lang), m.source.id);
        let w = text_width(&label, 11.0);
        let (fx, fy) = (f64::from(x), f64::from(y));
        let boxes = |right_side: bool, below: bool| {
            let x0 = if right_side { fx + 8.0 } else { fx - 8.0 - w };
            let y0 = if below { fy + 8.0 } else { fy - 8.0 - 12.0 };
            (x0, y0, x0 + w, y0 + 12.0)
        };
        let mut candidates = [(true, false), (true, true), (false, false), (false, true)];
        let rising_after = match points.get(i + 1) {
            Some(next) => next.1 < y,
            None => lines_leave_last,
        };
        if rising_after {
            candidates.swap(0, 1);
        }
        let inside =
            |r: &(f64, f64, f64, f64)| r.0 >= left && r.2 <= right && r.1 >= top && r.3 <= bottom;
        let clear = |r: &(f64, f64, f64, f64)| {
            placed
                .iter()
                .all(|p| r.2 <= p.0 || r.0 >= p.2 || r.3 <= p.1 || r.1 >= p.3)
        };
        let (right_side, below) = candidates
            .iter()
            .copied()
            .find(|&(rs, bl)| inside(&boxes(rs, bl)) && clear(&boxes(rs, bl)))
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .find(|&(rs, bl)| inside(&boxes(rs, bl)))
            })
            .unwrap_or(candidates[0]);
        let r = boxes(right_side, below);
        placed.push(r);
        let style = Text::new(11.0, ACTUAL, HPos::Left, VPos::Top);
        text(b, &label, &style, px(r.0, r.1))?;
    }
    Ok(())
}

/// The board's miniature: the milestone line, the target level and a deadline tick, no text.
pub fn draw_sparkline<DB: DrawingBackend>(
    b: &mut DB,
    area: ChartArea,
    a: &Assessment,
) -> DrawResult<DB> {
    let inset = 2.0;
    let (ax, ay) = (f64::from(area.x), f64::from(area.y));
    let (aw, ah) = (f64::from(area.width), f64::from(area.height));
    let mut days: Vec<i64> = a
        .milestones
        .iter()
        .map(|m| m.day.days_since_epoch())
        .collect();
    days.extend(a.deadline_day().map(Day::days_since_epoch));
    let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) else {
        return Ok(());
    };
    let margin = ((hi - lo) as f64 * 0.05).max(30.0);
    let max_count = a
        .milestones
        .iter()
        .map(|m| m.covered)
        .chain(a.target_townships)
        .max()
        .unwrap_or(1)
        .max(1);
    let scale = Scale {
        left: ax + inset,
        right: ax + aw - inset,
        top: ay + inset,
        bottom: ay + ah - inset,
        x0: lo as f64 - margin,
        x1: hi as f64 + margin,
        y1: f64::from(max_count),
    };
    if let Some(t) = a.target_townships {
        let yy = scale.y(f64::from(t));
        b.draw_line(px(scale.left, yy), px(scale.right, yy), &stroke(AXIS, 1))?;
    }
    if let Some(d) = a.deadline_day() {
        let xx = scale.x(d.days_since_epoch() as f64);
        let color = status_backend_color(a.status);
        b.draw_line(px(xx, scale.top), px(xx, scale.bottom), &stroke(color, 2))?;
    }
    let points: Vec<BackendCoord> = a
        .milestones
        .iter()
        .map(|m| scale.at(m.day.days_since_epoch() as f64, f64::from(m.covered)))
        .collect();
    if points.len() > 1 {
        b.draw_path(points.iter().copied(), &stroke(ACTUAL, 2))?;
    }
    for &p in &points {
        b.draw_circle(p, 2, &stroke(ACTUAL, 1), true)?;
    }
    Ok(())
}

/// The calendar date of a chart x coordinate (days since 1970-01-01).
fn day_date(x_day: i64) -> PartialDate {
    Day::from_days_since_epoch(x_day).date()
}

/// The progress chart as an SVG document.
pub fn progress_svg(
    a: &Assessment,
    today: Day,
    lang: Lang,
    width_px: u32,
    height_px: u32,
) -> String {
    let mut out = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut out, (width_px, height_px));
        let area = ChartArea::whole(&backend);
        // Writing to a String cannot fail: the SVG backend's only error is file I/O.
        draw_progress(&mut backend, area, a, today.days_since_epoch(), lang)
            .expect("drawing into a String");
        backend.present().expect("drawing into a String");
    }
    out
}

/// The sparkline as an SVG document.
pub fn sparkline_svg(a: &Assessment, width_px: u32, height_px: u32) -> String {
    let mut out = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut out, (width_px, height_px));
        let area = ChartArea::whole(&backend);
        draw_sparkline(&mut backend, area, a).expect("drawing into a String");
        backend.present().expect("drawing into a String");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::code::RegionCode;
    use crate::data::model::{
        AsOf, CoveredCount, RatingCounts, ReportedFigure, Source, Target, TierCounts,
    };
    use crate::measure::progress::{assess_facts, RegionFacts};

    fn assessment(name: &str, title: &str, figures: &[(&str, u32)], today: Day) -> Assessment {
        let region = RegionCode::parse("5223").unwrap();
        let source = Source {
            id: "009".into(),
            title: title.into(),
        };
        let figures: Vec<ReportedFigure> = figures
            .iter()
            .enumerate()
            .map(|(i, (date, covered))| ReportedFigure {
                row: i + 2,
                regions: vec![region.clone()],
                region_name: name.into(),
                level_label: "prefecture".into(),
                as_of: AsOf {
                    date: PartialDate::parse(date),
                    note: String::new(),
                },
                townships_covered: Some(CoveredCount::Count(*covered)),
                townships_total: Some(140),
                stations_built: None,
                stations_operating: None,
                tiers: TierCounts::default(),
                ratings: RatingCounts::default(),
                source: source.clone(),
                note: String::new(),
            })
            .collect();
        let target = Target {
            region: region.clone(),
            townships: Some(140),
            deadline: PartialDate::parse("2025-12-31"),
            note: String::new(),
            source: source.clone(),
        };
        let facts = RegionFacts {
            code: region,
            name: name.into(),
            registry_townships: 140,
            targets: vec![&target],
            figures: figures.iter().collect(),
            stations: Vec::new(),
        };
        assess_facts(&facts, today).unwrap()
    }

    fn day(raw: &str) -> Day {
        PartialDate::parse(raw).unwrap().last_day()
    }

    #[test]
    fn names_and_titles_from_data_are_escaped() {
        let a = assessment(
            "<script>alert(1)</script>",
            "Tom & Jerry's \"<b>report</b>\"",
            &[("2023-12", 101)],
            day("2024-01-15"),
        );
        for svg in [
            progress_svg(&a, day("2024-01-15"), Lang::Zh, 640, 400),
            progress_svg(&a, day("2024-01-15"), Lang::En, 640, 400),
        ] {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("<b>"));
            assert!(
                svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{svg}"
            );
            assert!(
                svg.contains("Tom &amp; Jerry&apos;s &quot;&lt;b&gt;report&lt;/b&gt;&quot;"),
                "{svg}"
            );
        }
    }

    #[test]
    fn chart_shows_every_element_it_promises() {
        let today = day("2024-06-15");
        let a = assessment(
            "测试州",
            "标题",
            &[("2022-12", 60), ("2023-12", 101)],
            today,
        );
        let svg = progress_svg(&a, today, Lang::En, 720, 420);
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("r=\"5\"").count(), 2, "one point per milestone");
        for expected in [
            "On track: needs 1.6 stations a month to reach 140",
            "deadline end-2025",
            "today 2024-06-15",
            "target 140",
            "needs 1.6/month",
            "at 3.4/month so far: 2024-12",
            "101/140 · 2023-12 [009]",
            "60/140 · 2022-12 [009]",
            "Source [009] 标题",
            "townships covered",
            FONT_FAMILY,
        ] {
            assert!(svg.contains(expected), "missing {expected:?}");
        }
        for size in svg.split("font-size=\"").skip(1) {
            let size = &size[..size.find('"').unwrap()];
            assert!(["11", "12", "14", "16"].contains(&size), "font-size {size}");
        }
        let zh = progress_svg(&a, today, Lang::Zh, 720, 420);
        for expected in [
            "期限 2025年底",
            "今天 2024年6月15日",
            "目标 140",
            "需每月1.6个",
            "来源 [009] 标题",
            "2023年12月",
        ] {
            assert!(zh.contains(expected), "missing {expected:?}");
        }
    }

    #[test]
    fn sparkline_has_no_text() {
        let a = assessment(
            "<x>",
            "t",
            &[("2022-12", 60), ("2023-12", 101)],
            day("2024-06-15"),
        );
        let svg = sparkline_svg(&a, 120, 28);
        assert!(!svg.contains("<text"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("width=\"120\""));
    }

    #[test]
    fn ticks_are_month_aligned_and_fit() {
        let (step, ticks) = time_ticks(
            day("2023-11-15").days_since_epoch(),
            day("2026-12-31").days_since_epoch(),
            8,
        );
        assert_eq!(step, 6);
        assert_eq!(day_date(ticks[0]).to_string(), "2024-01-01");
        let (step, ticks) = time_ticks(
            day("2020-01-15").days_since_epoch(),
            day("2026-12-31").days_since_epoch(),
            8,
        );
        assert_eq!(step, 12);
        assert_eq!(ticks.len(), 6);
        assert_eq!(nice_axis(151.2), (200.0, 50.0));
        assert_eq!(nice_axis(17.28), (20.0, 5.0));
    }
}
