//! The whole legend of a view, for the screen and for print alike: every class of the mode with
//! its count, then the keys that explain marks beyond colour (hatching for a regional total,
//! dashed schematic cells) and the regions the view could not draw; and, where the view draws
//! the directory's stations, their point key ([`point_key`]: the points arrive after the
//! styling step, so the renderers add it beside the legend). Renderers lay these rows out;
//! they never decide which rows exist or what they say.

use crate::data::code::RegionCode;
use crate::lang::Lang;
use crate::shape::scene::{NotDrawn, Scene};
use crate::style::classify::{Class, MapMode, Pattern, PctBins, Rgb};
use crate::style::shapes::ShapeStyle;

/// One class row of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The class this row keys.
    pub class: Class,
    /// Its fill colour.
    pub colour: Rgb,
    /// Its pattern over the fill.
    pub pattern: Pattern,
    /// The class in words ("50%–<75%", "已逾期").
    pub label: String,
    /// Shapes in the current view with this class.
    pub count: usize,
}

/// A key row that explains a mark rather than a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRow {
    /// What the mark means, in the view's language.
    pub label: String,
    /// Whether any shape in the view carries the mark.
    pub present: bool,
}

/// The key of the directory's stations drawn as points: a disc in the palette's `PointLook`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointKey {
    /// What a point is, in the view's language.
    pub label: String,
    /// How many stations the view draws.
    pub count: usize,
}

/// The key row for `count` stations drawn as points (`shape::points::points_on_scene`): none
/// when the view draws none, so a legend keys only what its map shows.
pub fn point_key(count: usize, lang: Lang) -> Option<PointKey> {
    (count > 0).then(|| PointKey {
        label: lang.pick("社工站（点）", "Station (point)").to_string(),
        count,
    })
}

/// The regions of the filled level that have no shape in this view, grouped by reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotDrawnRow {
    /// How many regions are not drawn.
    pub count: usize,
    /// One line per reason, the codes after it: "无边界: 110100 120100".
    pub groups: Vec<String>,
    /// The whole row in words, count and groups included.
    pub label: String,
}

/// Everything the legend of one view shows, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// The mode's title, the legend's heading.
    pub title: String,
    /// Every class of the mode, always, so the scale reads the same in every view; counts say
    /// what is present.
    pub classes: Vec<LegendEntry>,
    /// Hatching: the figure is a regional total with no township detail.
    pub reported_total: KeyRow,
    /// Regions the view could not draw, when there are any.
    pub not_drawn: Option<NotDrawnRow>,
    /// Dashed edges: schematic township cells, when the view has any.
    pub schematic: Option<KeyRow>,
}

/// The class rows of `mode`, counted over `styles`.
pub fn legend(
    mode: MapMode,
    bins: &PctBins,
    styles: &[ShapeStyle],
    lang: Lang,
) -> Vec<LegendEntry> {
    mode.classes()
        .into_iter()
        .map(|class| LegendEntry {
            class,
            colour: class.colour(),
            pattern: class.pattern(),
            label: class.label(lang, bins),
            count: styles.iter().filter(|s| s.class == class).count(),
        })
        .collect()
}

/// The whole legend of a styled scene.
pub fn build_legend(
    mode: MapMode,
    bins: &PctBins,
    scene: &Scene,
    styles: &[ShapeStyle],
    lang: Lang,
) -> Legend {
    Legend {
        title: mode.title(lang).to_string(),
        classes: legend(mode, bins, styles, lang),
        reported_total: KeyRow {
            label: lang
                .pick(
                    "斜线：仅有地区总数（无乡镇明细）",
                    "hatched: regional total only, no township detail",
                )
                .to_string(),
            present: styles.iter().any(|s| s.reported_total),
        },
        not_drawn: not_drawn_row(&scene.not_drawn, lang),
        schematic: (scene.schematic_count() > 0).then(|| KeyRow {
            label: lang
                .pick(
                    "虚线：乡镇格为示意划分，非真实边界",
                    "dashed: schematic township cells, not real borders",
                )
                .to_string(),
            present: true,
        }),
    }
}

/// One line per reason with its codes, so a list of 28 stays readable.
fn not_drawn_row(not_drawn: &[(RegionCode, NotDrawn)], lang: Lang) -> Option<NotDrawnRow> {
    if not_drawn.is_empty() {
        return None;
    }
    let mut by_reason: Vec<(&NotDrawn, Vec<String>)> = Vec::new();
    for (code, why) in not_drawn {
        match by_reason.iter_mut().find(|(w, _)| *w == why) {
            Some((_, codes)) => codes.push(code.to_string()),
            None => by_reason.push((why, vec![code.to_string()])),
        }
    }
    let groups: Vec<String> = by_reason
        .into_iter()
        .map(|(why, codes)| format!("{}: {}", why.label(lang), codes.join(" ")))
        .collect();
    let count = not_drawn.len();
    let label = match lang {
        Lang::Zh => format!(
            "本视图有{count}个地区无边界，未绘制（{}）",
            groups.join("；")
        ),
        Lang::En => format!(
            "{count} regions in this view have no outline and are not drawn ({})",
            groups.join("; ")
        ),
    };
    Some(NotDrawnRow {
        count,
        groups,
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_key_is_there_only_when_points_are_drawn() {
        assert_eq!(point_key(0, Lang::Zh), None);
        let key = point_key(43, Lang::Zh).unwrap();
        assert_eq!((key.label.as_str(), key.count), ("社工站（点）", 43));
        assert_eq!(point_key(1, Lang::En).unwrap().label, "Station (point)");
    }
}
