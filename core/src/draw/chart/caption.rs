//! The text around the plot: the title, the verdict as the caption, the sources as footnotes,
//! and the note shown when there is nothing to plot.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

use super::{px, status_backend_color, text, Bounds, DrawResult, Text, INK, METRICS, MUTED};
use crate::draw::svg::{ellipsize, wrap_clauses};
use crate::lang::Lang;
use crate::measure::progress::Assessment;

/// "name code · status" in bold, cut to the width, then the verdict in the status colour on up
/// to three lines. Returns the y below the caption.
pub(super) fn title_and_caption<DB: DrawingBackend>(
    b: &mut DB,
    bounds: &Bounds,
    a: &Assessment,
    lang: Lang,
) -> DrawResult<DB, f64> {
    let Bounds {
        x: ax,
        y: ay,
        w: aw,
        pad,
        ..
    } = *bounds;
    let title_style = Text::new(16.0, INK, HPos::Left, VPos::Top).bold();
    let status = a.status.label(lang);
    let title = format!("{} {} · {status}", a.name, a.region);
    text(
        b,
        &ellipsize(&title, METRICS, 16.0, aw - 2.0 * pad),
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
    Ok(y)
}

/// Every milestone's article and the target's, one cut line each at the bottom. Returns the
/// footnotes' height.
pub(super) fn source_footnotes<DB: DrawingBackend>(
    b: &mut DB,
    bounds: &Bounds,
    a: &Assessment,
    lang: Lang,
) -> DrawResult<DB, f64> {
    let Bounds {
        x: ax,
        y: ay,
        w: aw,
        h: ah,
        pad,
    } = *bounds;
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
            // The title and quote verbatim, marked as quotations, in the chart's language.
            let line = if lang == Lang::Zh {
                format!("来源：{}", s.label(lang))
            } else {
                format!("Source: {}", s.label(lang))
            };
            ellipsize(&line, METRICS, 11.0, aw - 2.0 * pad)
        })
        .collect();
    let footer_h = source_lines.len() as f64 * 15.0;
    let mut fy = ay + ah - pad - footer_h;
    for line in &source_lines {
        text(b, line, &source_style, px(ax + pad, fy))?;
        fy += 15.0;
    }
    Ok(footer_h)
}

/// Said in the middle of the space between the caption (ending at `top`) and the footnotes
/// (`footer_h` high) when there is no dated count and no target to draw.
pub(super) fn nothing_to_plot<DB: DrawingBackend>(
    b: &mut DB,
    bounds: &Bounds,
    top: f64,
    footer_h: f64,
    lang: Lang,
) -> DrawResult<DB> {
    let Bounds {
        x: ax,
        y: ay,
        w: aw,
        h: ah,
        pad,
    } = *bounds;
    let note = if lang == Lang::Zh {
        "无可绘制的进度：没有带日期的乡镇覆盖数，或目标没有乡镇总数和期限"
    } else {
        "Nothing to plot: no dated township count, or a target without a count and a deadline"
    };
    let style = Text::new(12.0, MUTED, HPos::Center, VPos::Center);
    let line = ellipsize(note, METRICS, 12.0, aw - 2.0 * pad);
    text(
        b,
        &line,
        &style,
        px(ax + aw / 2.0, (top + ay + ah - pad - footer_h) / 2.0),
    )
}
