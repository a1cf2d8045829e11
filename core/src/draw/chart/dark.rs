//! The progress chart for the dark briefing display: the plot of [`super::draw_progress`] (the
//! same axes, markers, pace lines and milestones, by the same code) without its title, verdict
//! and footnotes, which the display sets in its own type beside it; drawn in the light palette,
//! then each colour swapped for its dark counterpart (plotters writes every colour as
//! `#RRGGBB`), so the two can never differ in anything but colour and words around them.

use plotters_backend::DrawingBackend;
use plotters_svg::SVGBackend;

use crate::date::Day;
use crate::lang::Lang;
use crate::measure::progress::Assessment;
use crate::style::classify::Rgb;
use crate::style::dark::DARK_PAGE;

pub use super::has_plot;
use super::{blank_page, plot_layers, Bounds, ChartArea, DrawResult, Plot};

/// Light colour of the chart → its colour on the dark display; text colours stand at least
/// 4.5:1 against [`DARK_PAGE`], lines and marks at least 3:1 (checked in the tests).
const SWAPS: [(Rgb, Rgb); 10] = [
    // page
    (Rgb(255, 255, 255), DARK_PAGE),
    // ink
    (Rgb(17, 24, 39), Rgb(0xf4, 0xf6, 0xfa)),
    // muted text
    (Rgb(75, 85, 99), Rgb(0xc3, 0xcb, 0xd8)),
    // grid
    (Rgb(229, 231, 235), Rgb(0x2b, 0x34, 0x45)),
    // axes
    (Rgb(156, 163, 175), Rgb(0x8a, 0x96, 0xab)),
    // achieved line
    (Rgb(29, 78, 216), Rgb(0x6c, 0xb4, 0xff)),
    // required pace
    (Rgb(124, 58, 237), Rgb(0xc4, 0xa8, 0xff)),
    // at risk
    (Rgb(217, 119, 6), Rgb(0xff, 0xc1, 0x4d)),
    // deadline, overdue
    (Rgb(185, 28, 28), Rgb(0xff, 0x6b, 0x7a)),
    // on track, met
    (Rgb(21, 128, 61), Rgb(0x5c, 0xd6, 0x8a)),
];

fn hex(c: Rgb) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The plot alone: everything of the full chart between its caption and its footnotes.
fn draw_plot<DB: DrawingBackend>(
    b: &mut DB,
    area: ChartArea,
    a: &Assessment,
    today: i64,
    lang: Lang,
) -> DrawResult<DB> {
    let bounds = Bounds::of(area);
    blank_page(b, area)?;
    // The marker labels sit above the plot, in the room a caption's end leaves.
    let Some(plot) = Plot::new(a, today, &bounds, bounds.y, 0.0) else {
        return Ok(());
    };
    plot_layers(b, &plot, &bounds, a, today, lang)
}

/// The plot as an SVG document in the dark display's colours; `None` when there is nothing to
/// plot (the display says so in its tiles).
pub fn progress_plot_svg_dark(
    a: &Assessment,
    today: Day,
    lang: Lang,
    width_px: u32,
    height_px: u32,
) -> Option<String> {
    if !has_plot(a) {
        return None;
    }
    let mut svg = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut svg, (width_px, height_px));
        let area = ChartArea::whole(&backend);
        // Writing to a String cannot fail: the SVG backend's only error is file I/O.
        draw_plot(&mut backend, area, a, today.days_since_epoch(), lang)
            .expect("drawing into a String");
        backend.present().expect("drawing into a String");
    }
    for (light, dark) in SWAPS {
        svg = svg.replace(&hex(light), &hex(dark));
    }
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::atlas::Atlas;
    use crate::data::code::RegionCode;
    use crate::draw::chart::progress_svg;
    use crate::measure::progress::assess;
    use crate::style::dark::contrast_ratio;

    #[test]
    fn every_dark_colour_stands_out_from_the_page() {
        for (i, (_, dark)) in SWAPS.iter().enumerate().skip(1) {
            let needed = match i {
                1 | 2 => 4.5,
                3 => 1.3,
                _ => 3.0,
            };
            let ratio = contrast_ratio(*dark, DARK_PAGE);
            assert!(ratio >= needed, "swap {i}: {ratio:.2} < {needed}");
        }
    }

    #[test]
    fn the_dark_plot_keeps_no_light_colour_and_the_full_charts_plot_words() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let atlas = Atlas::load_dir(&data).unwrap();
        let today = Day::parse("2026-12-07").unwrap();
        let a = assess(&atlas, &RegionCode::parse("5223").unwrap(), today).expect("a target");
        let light = progress_svg(&a, today, Lang::Zh, 420, 280);
        let dark = progress_plot_svg_dark(&a, today, Lang::Zh, 420, 280).expect("a plot");
        for (from, _) in SWAPS {
            assert!(
                !dark.contains(&hex(from)),
                "{} left in the dark chart",
                hex(from)
            );
        }
        assert!(dark.contains(&hex(DARK_PAGE)));
        let words = |s: &str| -> Vec<String> {
            s.split('>')
                .filter_map(|p| p.split('<').next())
                .filter(|w| !w.trim().is_empty())
                .map(str::to_string)
                .collect()
        };
        let (full, plot) = (words(&light), words(&dark));
        assert!(plot.iter().any(|w| w.contains("目标 140")), "{plot:?}");
        assert!(
            plot.iter().all(|w| full.contains(w)),
            "{plot:?} vs {full:?}"
        );
        assert!(
            !plot.iter().any(|w| w.contains(a.verdict(Lang::Zh))),
            "the verdict is the display's"
        );
    }
}
