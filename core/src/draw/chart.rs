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
//! Drawing the handful of elements below directly, with our own text-width estimate
//! ([`super::svg::Metrics::Fine`]: CJK characters are one em wide, Latin ones about half), gives
//! the same SVG everywhere.
//!
//! Text is never rasterised here: the SVG backend writes it as `<text>` elements (escaping `<`,
//! `>`, `&` and quotes, so region names and article titles cannot inject markup), and a canvas
//! backend draws it with the browser's fonts. On a pixel-only backend text is skipped.
//! [`draw_progress`] runs the steps in order: `caption` (title, verdict, source footnotes), `axes`
//! (plot rectangle, shading, grid, target line, deadline and today markers) and `lines` (pace
//! lines, the met-early bracket, milestones); `time` is the time axis; `dark` the wall's plot.
//!
//! Kept as one file because its drawing code is under 500 lines and the rest is its snapshot tests,
//! which read the chart's SVG as a whole; its axes, lines, captions and time scale are already
//! in `chart/`.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontStyle, FontTransform,
};
use plotters_svg::SVGBackend;

use crate::date::Day;
use crate::lang::Lang;
use crate::measure::progress::{Assessment, Status};

mod axes;
mod caption;
pub mod dark;
mod lines;
mod time;

use super::svg::Metrics;
pub use super::svg::FONT_FAMILY;

/// The charts' text width estimate.
const METRICS: Metrics = Metrics::Fine;

/// The part of the backend a chart is drawn in, in backend pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartArea {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
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

/// What drawing on `DB` returns.
type DrawResult<DB, T = ()> = Result<T, DrawingErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The milestones as points of `scale`, joined by the line of what was achieved (the full chart
/// and the sparkline draw it alike); returns the points for the markers.
fn actual_line<DB: DrawingBackend>(
    b: &mut DB,
    scale: &Scale,
    a: &Assessment,
) -> DrawResult<DB, Vec<BackendCoord>> {
    let points: Vec<BackendCoord> = a
        .milestones
        .iter()
        .map(|m| scale.at(m.day.days_since_epoch() as f64, f64::from(m.covered)))
        .collect();
    if points.len() > 1 {
        b.draw_path(points.iter().copied(), &stroke(ACTUAL, 2))?;
    }
    Ok(points)
}

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
        // Not a confirmed miss: amber, like a risk, not the red of an overdue figure.
        Status::AtRisk | Status::DeadlinePassedNoFigure => WARN,
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
        METRICS.width(text, self.em)
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

/// A chart area in floating-point pixels, with the padding kept clear inside its edges.
#[derive(Clone, Copy, Debug)]
struct Bounds {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    pad: f64,
}

impl Bounds {
    fn of(area: ChartArea) -> Bounds {
        Bounds {
            x: f64::from(area.x),
            y: f64::from(area.y),
            w: f64::from(area.width),
            h: f64::from(area.height),
            pad: 12.0,
        }
    }
}

/// The plot rectangle of a progress chart with its axes' domains (see `Plot::new` in `axes`).
struct Plot {
    scale: Scale,
    /// The time domain, in day numbers.
    x0: i64,
    x1: i64,
    /// The count between grid lines.
    y_step: f64,
    /// The projected completion day when it lies too far out and the projection is cut at the
    /// right edge.
    cut_projection: Option<i64>,
}

/// A pixel position rounded to the backend's integer grid.
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
    let bounds = Bounds::of(area);
    blank_page(b, area)?;
    let caption_end = caption::title_and_caption(b, &bounds, a, lang)?;
    let footer_h = caption::source_footnotes(b, &bounds, a, lang)?;
    if !has_plot(a) {
        return caption::nothing_to_plot(b, &bounds, caption_end, footer_h, lang);
    }
    let Some(plot) = Plot::new(a, today, &bounds, caption_end, footer_h) else {
        return Ok(());
    };
    plot_layers(b, &plot, &bounds, a, today, lang)
}

/// The region has something to plot: dated counts, or a target with a count and a deadline.
pub fn has_plot(a: &Assessment) -> bool {
    !a.milestones.is_empty() || (a.target_townships.is_some() && a.deadline.is_some())
}

/// The chart's area painted white, the page every chart is drawn on.
fn blank_page<DB: DrawingBackend>(b: &mut DB, area: ChartArea) -> DrawResult<DB> {
    b.draw_rect(
        (area.x, area.y),
        (area.right(), area.bottom()),
        &WHITE,
        true,
    )
}

/// Everything inside the plot, in the order it is painted: the overdue shade, grid and axes,
/// target line, deadline and today markers, pace lines, an early finish, the milestones. The
/// print chart and the dark display's chart share it, so they differ only around the plot.
fn plot_layers<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    bounds: &Bounds,
    a: &Assessment,
    today: i64,
    lang: Lang,
) -> DrawResult<DB> {
    axes::overdue_shade(b, plot, a, today)?;
    axes::grid_and_axes(b, plot, bounds, lang)?;
    axes::target_line(b, plot, a, lang)?;
    axes::deadline_and_today(b, plot, bounds, a, today, lang)?;
    lines::pace_lines(b, plot, a, lang)?;
    lines::met_early(b, plot, a, lang)?;
    lines::milestones(b, plot, a, lang)
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
    let days = time::dated_days(a);
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
    let points = actual_line(b, &scale, a)?;
    for &p in &points {
        b.draw_circle(p, 2, &stroke(ACTUAL, 1), true)?;
    }
    Ok(())
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
        AsOf, Citation, CoveredCount, RatingCounts, ReportedFigure, Target, TierCounts,
    };
    use crate::date::PartialDate;
    use crate::measure::progress::{assess_facts, RegionFacts};

    fn assessment(name: &str, title: &str, figures: &[(&str, u32)], today: Day) -> Assessment {
        let region = RegionCode::parse("5223").unwrap();
        let source = Citation::article("009", title);
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
                    note: Default::default(),
                },
                townships_covered: Some(CoveredCount::Count(*covered)),
                townships_total: Some(140),
                coverage_pct_reported: None,
                stations_built: None,
                stations_operating: None,
                tiers: TierCounts::default(),
                ratings: RatingCounts::default(),
                source: source.clone(),
                note: Default::default(),
            })
            .collect();
        let target = Target {
            region: region.clone(),
            townships: Some(140),
            deadline: PartialDate::parse("2025-12-31"),
            note: Default::default(),
            source: source.clone(),
        };
        let facts = RegionFacts {
            code: region,
            name: name.into(),
            registry_townships: 140,
            targets: vec![&target],
            above: Vec::new(),
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
            "Source: article 009 “标题”",
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
            "来源：报道009《标题》",
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
}
