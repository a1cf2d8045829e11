//! The style of every shape in a scene: its class in the current mode, its colour and pattern,
//! and whether it stands under a regional total (hatched). The rules for which class a region
//! takes live here and only here.

use crate::data::code::{Level, RegionCode};
use crate::measure::coverage::{Coverage, CoverageTable, TownshipState};
use crate::measure::progress::{Deadlines, Status};
use crate::measure::rating::RatingTable;
use crate::style::classify::{rating_class, Class, MapMode, Pattern, PctBins, Rgb, Scheme};
use crate::style::regions::{SceneRegions, NO_PARENT};

/// How one shape is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShapeStyle {
    /// The legend class.
    pub class: Class,
    /// The class colour.
    pub fill: Rgb,
    /// The class pattern drawn over the fill.
    pub pattern: Pattern,
    /// Drawn hatched: the figure is a regional total, not this shape's own detail.
    pub reported_total: bool,
}

/// Everything a restyle reads. Geometry is not in here: changing any of these recolours the
/// existing scene.
pub struct StyleInputs<'a> {
    /// The map mode.
    pub mode: MapMode,
    /// The coverage bins on show.
    pub bins: PctBins,
    /// Coverage of every region for the month on show.
    pub coverage: &'a CoverageTable,
    /// Star ratings of every region.
    pub ratings: &'a RatingTable,
    /// The deadline status of every region that has a target.
    pub deadlines: &'a Deadlines,
}

/// The coverage class of a shape, and whether it stands under a regional total. A township with
/// no detail of its own, inside a region that reported only a total, takes that region's class,
/// hatched, so 101/140 is never shown as 101 specific townships. `above` is the nearest
/// reported total above `code` ([`CoverageTable::reported_ancestor`] of its parent).
fn coverage_class(
    code: &RegionCode,
    table: &CoverageTable,
    bins: &PctBins,
    above: impl FnOnce() -> Option<Coverage>,
) -> (Class, bool) {
    let class_of = |c: &Coverage| match c {
        Coverage::Known { .. } | Coverage::ReportedRate { .. } => {
            c.pct().map_or(Class::NoData, |p| bins.class_of_pct(p))
        }
        Coverage::Partial { .. } => Class::Partial,
        Coverage::NoData { .. } => Class::NoData,
    };
    let own = table.get(code);
    // A township with no detail, or a region with no figure of its own, stands under the
    // nearest reported total above it (hatched): 黔西南's counties read 72%, not "no data".
    let own_unknown = match own {
        _ if code.level() == Level::Township => table.township(code) == TownshipState::Unknown,
        Some(Coverage::NoData { .. }) | None => true,
        Some(_) => false,
    };
    if own_unknown {
        if let Some(reported) = table.reported_here(code).or_else(above) {
            return (class_of(&reported), true);
        }
    }
    match own {
        Some(coverage) if !own_unknown => (class_of(coverage), coverage.is_reported_total()),
        _ => (Class::NoData, false),
    }
}

/// The deadline class of a shape and whether it is hatched: [`Deadlines::standing`], the one
/// rule for a region with a target of its own and for every region below one.
fn deadline_class(
    code: &RegionCode,
    deadlines: &Deadlines,
    coverage: &CoverageTable,
) -> (Class, bool) {
    let standing = deadlines.standing(code, coverage);
    (deadline_class_of(standing.status), standing.hatched)
}

/// The style of every shape of a scene, in scene order (`regions`: [`SceneRegions::of`] the
/// scene).
pub fn style_shapes(regions: &SceneRegions, inputs: &StyleInputs) -> Vec<ShapeStyle> {
    let rows = style_rows(regions, inputs);
    regions
        .row_of_shape()
        .iter()
        .map(|&row| rows[row as usize])
        .collect()
}

/// The style of each row of `regions`: a region's shapes all take its style, so it is worked
/// out once per region, and what the regions above the rows say once per region above.
pub fn style_rows(regions: &SceneRegions, inputs: &StyleInputs) -> Vec<ShapeStyle> {
    let codes = regions.codes().iter().enumerate();
    let classes: Vec<(Class, bool)> = match inputs.mode {
        MapMode::Coverage => {
            let table = inputs.coverage;
            let above = over_tree(regions, |code, parent| table.reported_here(code).or(parent));
            codes
                .map(|(row, code)| {
                    coverage_class(code, table, &inputs.bins, || {
                        parent_value(&above, regions.parent_of_row(row))
                    })
                })
                .collect()
        }
        MapMode::Rating => {
            let ratings = inputs.ratings;
            let above = over_tree(regions, |code, parent| {
                ratings.reported_reading(code).or(parent)
            });
            codes
                .map(|(row, code)| {
                    let (reading, reported) = ratings
                        .reading_under(code, || parent_value(&above, regions.parent_of_row(row)));
                    (rating_class(reading), reported)
                })
                .collect()
        }
        MapMode::Deadline => regions
            .codes()
            .iter()
            .map(|code| deadline_class(code, inputs.deadlines, inputs.coverage))
            .collect(),
    };
    classes
        .into_iter()
        .map(|(class, reported_total)| ShapeStyle {
            class,
            fill: class.colour(),
            pattern: class.pattern(),
            reported_total,
        })
        .collect()
}

/// A value for every region above the rows, each from the region itself and its parent's
/// value (`step`): one pass, since parents come first.
fn over_tree<T: Copy>(
    regions: &SceneRegions,
    step: impl Fn(&RegionCode, Option<T>) -> Option<T>,
) -> Vec<Option<T>> {
    let mut values: Vec<Option<T>> = Vec::with_capacity(regions.above().len());
    for region in regions.above() {
        let parent = parent_value(&values, region.parent);
        values.push(step(&region.code, parent));
    }
    values
}

/// The value of the region above at `parent`, none for [`NO_PARENT`].
fn parent_value<T: Copy>(values: &[Option<T>], parent: u32) -> Option<T> {
    if parent == NO_PARENT {
        None
    } else {
        values[parent as usize]
    }
}

/// Bins for the coverage values on show (own figures of the shapes, not inherited totals; a
/// region drawn as several shapes counts once per shape).
pub fn bins_for_scene(regions: &SceneRegions, table: &CoverageTable, scheme: Scheme) -> PctBins {
    let row_pct: Vec<Option<f64>> = regions
        .codes()
        .iter()
        .map(|code| table.get(code).and_then(Coverage::pct))
        .collect();
    let values: Vec<f64> = regions
        .row_of_shape()
        .iter()
        .filter_map(|&row| row_pct[row as usize])
        .collect();
    PctBins::from_values(scheme, &values)
}

/// The Status → Class mapping of deadline mode: the map, the board's dots and the figure all use
/// this one rule.
pub fn deadline_class_of(status: Status) -> Class {
    match status {
        Status::Overdue => Class::Overdue,
        Status::DeadlinePassedNoFigure => Class::DeadlinePassedNoFigure,
        Status::AtRisk => Class::AtRisk,
        Status::PaceUnknown => Class::PaceUnknown,
        Status::OnTrack => Class::OnTrack,
        Status::NoDeadline => Class::NoDeadline,
        Status::DenominatorNeeded => Class::DenominatorNeeded,
        Status::Met => Class::Met,
        Status::NoTarget => Class::NoTarget,
    }
}
