//! What moves in the plot: the pace required from the latest figure to the deadline, the
//! projection at the pace achieved so far, the "met early" bracket, and the milestones with
//! their labels.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, DrawingBackend};

use super::{
    actual_line, dashed, px, status_backend_color, stroke, text, DrawResult, Plot, Text, ACTUAL,
    GOOD, METRICS, REQUIRED,
};
use crate::date::DAYS_PER_MONTH;
use crate::lang::Lang;
use crate::measure::progress::{fmt_month, fmt_pace, fmt_span, Assessment, Milestone, Status};

/// The two pace lines. They leave the latest figure together; each label goes on its line's
/// outer side (the steeper line's above, the other's below) so neither sits between them.
pub(super) fn pace_lines<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    lang: Lang,
) -> DrawResult<DB> {
    let Some(last) = a
        .milestones
        .iter()
        .max_by(|p, q| p.day.cmp(&q.day).then(p.covered.cmp(&q.covered)))
    else {
        return Ok(());
    };
    let projection_steeper = match (a.achieved_pace_per_month, a.required_pace_per_month) {
        (Some(achieved), Some(required)) => achieved >= required,
        _ => false,
    };
    let required_above = !(projection_steeper || a.achieved_pace_per_month.is_none());
    required_pace(b, plot, a, last, required_above, lang)?;
    projection(b, plot, a, last, projection_steeper, lang)
}

/// A pace line's label style and position beside the line's midpoint: above-left or
/// below-right.
fn pace_label(mid: (f64, f64), color: BackendColor, above: bool) -> (Text, BackendCoord) {
    if above {
        (
            Text::new(11.0, color, HPos::Right, VPos::Bottom),
            px(mid.0 - 6.0, mid.1 - 4.0),
        )
    } else {
        (
            Text::new(11.0, color, HPos::Left, VPos::Top),
            px(mid.0 + 6.0, mid.1 + 4.0),
        )
    }
}

/// The pace required: from the latest figure straight to the target at the deadline.
fn required_pace<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    last: &Milestone,
    label_above: bool,
    lang: Lang,
) -> DrawResult<DB> {
    let (Some(t), Some(d), Some(pace)) = (
        a.target_townships,
        a.deadline_day(),
        a.required_pace_per_month,
    ) else {
        return Ok(());
    };
    if a.status == Status::Met {
        return Ok(());
    }
    let scale = &plot.scale;
    let from = (
        scale.x(last.day.days_since_epoch() as f64),
        scale.y(f64::from(last.covered)),
    );
    let to = (scale.x(d.days_since_epoch() as f64), scale.y(f64::from(t)));
    dashed(b, from, to, 7.0, 4.0, stroke(REQUIRED, 2))?;
    let label = if lang == Lang::Zh {
        format!("需每月{}个", fmt_pace(pace))
    } else {
        format!("needs {}/month", fmt_pace(pace))
    };
    let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let (style, at) = pace_label(mid, REQUIRED, label_above);
    text(b, &label, &style, at)
}

/// The projection at the pace achieved so far (only with two dated figures and some progress),
/// up to the target, ending at the plot's edge when the projection was cut.
fn projection<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    last: &Milestone,
    label_above: bool,
    lang: Lang,
) -> DrawResult<DB> {
    let (Some(t), Some(pace)) = (a.target_townships, a.achieved_pace_per_month) else {
        return Ok(());
    };
    let drawn = a.status != Status::Met && pace > 0.0;
    if !drawn {
        return Ok(());
    }
    let scale = &plot.scale;
    let color = status_backend_color(a.status);
    let end_day = match (a.projected_completion, plot.cut_projection) {
        (Some(_), Some(_)) | (None, _) => plot.x1 as f64,
        (Some(p), None) => p.last_day().days_since_epoch() as f64,
    };
    let end_count = (f64::from(last.covered)
        + pace * (end_day - last.day.days_since_epoch() as f64) / DAYS_PER_MONTH)
        .min(f64::from(t));
    let from = (
        scale.x(last.day.days_since_epoch() as f64),
        scale.y(f64::from(last.covered)),
    );
    let to = (scale.x(end_day), scale.y(end_count));
    dashed(b, from, to, 2.0, 3.0, stroke(color, 2))?;
    let when = a
        .projected_completion
        .map(|p| fmt_month(&p, lang))
        .unwrap_or_default();
    let arrow = if plot.cut_projection.is_some() {
        "→ "
    } else {
        ""
    };
    let label = if lang == Lang::Zh {
        format!("按此前每月{}个：{arrow}{when}", fmt_pace(pace))
    } else {
        format!("at {}/month so far: {arrow}{when}", fmt_pace(pace))
    };
    let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let (style, at) = pace_label(mid, color, label_above);
    text(b, &label, &style, at)
}

/// "Met early": a bracket under the target line from the figure that met it to the deadline.
pub(super) fn met_early<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    lang: Lang,
) -> DrawResult<DB> {
    let (Some(lead), Some(met), Some(t), Some(d)) =
        (a.lead_days, a.met_on, a.target_townships, a.deadline_day())
    else {
        return Ok(());
    };
    if a.status != Status::Met || lead <= 0 {
        return Ok(());
    }
    let scale = &plot.scale;
    let yy = scale.y(f64::from(t)) + 16.0;
    let x_met = scale.x(met.last_day().days_since_epoch() as f64);
    let x_deadline = scale.x(d.days_since_epoch() as f64);
    let s = stroke(GOOD, 2);
    b.draw_line(px(x_met, yy), px(x_deadline, yy), &s)?;
    b.draw_line(px(x_met, yy - 4.0), px(x_met, yy + 4.0), &s)?;
    b.draw_line(px(x_deadline, yy - 4.0), px(x_deadline, yy + 4.0), &s)?;
    let label = if lang == Lang::Zh {
        format!("提前{}", fmt_span(lead, lang))
    } else {
        format!("{} early", fmt_span(lead, lang))
    };
    let style = Text::new(11.0, GOOD, HPos::Center, VPos::Top);
    text(b, &label, &style, px((x_met + x_deadline) / 2.0, yy + 5.0))
}

/// The milestones: the line, the points, and "101/140 · 2023-12 [000]" beside each.
pub(super) fn milestones<DB: DrawingBackend>(
    b: &mut DB,
    plot: &Plot,
    a: &Assessment,
    lang: Lang,
) -> DrawResult<DB> {
    let scale = &plot.scale;
    let points = actual_line(b, scale, a)?;
    // Where the line leaving a point rises (to the next figure, or the pace lines from the
    // latest), its label goes below-right first so it does not sit on the line.
    let lines_leave_last = a.status != Status::Met && a.remaining.is_some_and(|r| r > 0);
    let mut labels = Labels {
        plot: (scale.left, scale.right, scale.top, scale.bottom),
        placed: Vec::new(),
    };
    for (i, (m, &(x, y))) in a.milestones.iter().zip(&points).enumerate() {
        b.draw_circle((x, y), 5, &stroke(ACTUAL, 1), true)?;
        // The source's id goes with the label where the label still fits beside its point; a
        // long one (a press site's address) is left to the footnotes on a narrow chart rather
        // than drawn over the chart's edge.
        let cited = format!("{} [{}]", m.label(lang), m.source.id);
        let label = if labels.fits((x, y), METRICS.width(&cited, 11.0)) {
            cited
        } else {
            m.label(lang)
        };
        let rising_after = match points.get(i + 1) {
            Some(next) => next.1 < y,
            None => lines_leave_last,
        };
        let r = labels.place((x, y), METRICS.width(&label, 11.0), rising_after);
        let style = Text::new(11.0, ACTUAL, HPos::Left, VPos::Top);
        text(b, &label, &style, px(r.0, r.1))?;
    }
    Ok(())
}

/// A box in pixels: (left, top, right, bottom).
type LabelBox = (f64, f64, f64, f64);

/// Places milestone labels clear of each other inside the plot.
struct Labels {
    /// The plot rectangle: left, right, top, bottom.
    plot: (f64, f64, f64, f64),
    /// Labels already placed.
    placed: Vec<LabelBox>,
}

impl Labels {
    /// The box of a label `w` wide beside `point`: tries above-right, below-right, above-left,
    /// below-left (the first two swapped when the line rises after the point) and takes the first
    /// that stays in the plot and clear of labels already placed, else the first in the plot.
    /// Some place beside `point` holds a label `w` wide inside the plot.
    fn fits(&self, point: BackendCoord, w: f64) -> bool {
        let (left, right, top, bottom) = self.plot;
        [(true, false), (true, true), (false, false), (false, true)]
            .iter()
            .map(|&(rs, bl)| label_box(point, w, rs, bl))
            .any(|r| r.0 >= left && r.2 <= right && r.1 >= top && r.3 <= bottom)
    }

    fn place(&mut self, point: BackendCoord, w: f64, rising_after: bool) -> LabelBox {
        let boxes = |right_side: bool, below: bool| label_box(point, w, right_side, below);
        let mut candidates = [(true, false), (true, true), (false, false), (false, true)];
        if rising_after {
            candidates.swap(0, 1);
        }
        let (left, right, top, bottom) = self.plot;
        let inside = |r: &LabelBox| r.0 >= left && r.2 <= right && r.1 >= top && r.3 <= bottom;
        let clear = |r: &LabelBox| {
            self.placed
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
        self.placed.push(r);
        r
    }
}

/// The box of a label `w` wide to the right or left of `point`, above or below it.
fn label_box(point: BackendCoord, w: f64, right_side: bool, below: bool) -> LabelBox {
    let (fx, fy) = (f64::from(point.0), f64::from(point.1));
    let x0 = if right_side { fx + 8.0 } else { fx - 8.0 - w };
    let y0 = if below { fy + 8.0 } else { fy - 8.0 - 12.0 };
    (x0, y0, x0 + w, y0 + 12.0)
}
