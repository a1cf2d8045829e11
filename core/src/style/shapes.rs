//! The style of every shape in a scene: its class in the current mode, its colour and pattern,
//! and whether it stands under a regional total (hatched). The rules for which class a region
//! takes live here and only here.

use crate::data::code::{Level, RegionCode};
use crate::measure::coverage::{Coverage, CoverageTable, TownshipState};
use crate::measure::progress::{Deadlines, Status};
use crate::measure::rating::RatingTable;
use crate::shape::scene::Scene;
use crate::style::classify::{rating_class, Class, MapMode, Pattern, PctBins, Rgb, Scheme};

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
/// hatched, so 101/140 is never shown as 101 specific townships.
fn coverage_class(code: &RegionCode, table: &CoverageTable, bins: &PctBins) -> (Class, bool) {
    let class_of = |c: &Coverage| match c {
        Coverage::Known { .. } | Coverage::ReportedRate { .. } => {
            c.pct().map_or(Class::NoData, |p| bins.class_of_pct(p))
        }
        Coverage::Partial { .. } => Class::Partial,
        Coverage::NoData { .. } => Class::NoData,
    };
    // A township with no detail, or a region with no figure of its own, stands under the
    // nearest reported total above it (hatched): 黔西南's counties read 72%, not "no data".
    let own_unknown = match table.get(code) {
        _ if code.level() == Level::Township => table.township(code) == TownshipState::Unknown,
        Some(Coverage::NoData { .. }) | None => true,
        Some(_) => false,
    };
    if own_unknown {
        if let Some((_, reported)) = table.reported_ancestor(code) {
            return (class_of(&reported), true);
        }
    }
    match table.get(code) {
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

/// The style of every shape of `scene`, in scene order.
pub fn style_shapes(scene: &Scene, inputs: &StyleInputs) -> Vec<ShapeStyle> {
    scene
        .shapes
        .iter()
        .map(|shape| {
            let (class, reported_total) = match inputs.mode {
                MapMode::Coverage => coverage_class(&shape.code, inputs.coverage, &inputs.bins),
                MapMode::Rating => {
                    let (reading, reported) = inputs.ratings.reading_of(&shape.code);
                    (rating_class(reading), reported)
                }
                MapMode::Deadline => deadline_class(&shape.code, inputs.deadlines, inputs.coverage),
            };
            ShapeStyle {
                class,
                fill: class.colour(),
                pattern: class.pattern(),
                reported_total,
            }
        })
        .collect()
}

/// Bins for the coverage values on show (own figures of the shapes, not inherited totals).
pub fn bins_for_scene(scene: &Scene, table: &CoverageTable, scheme: Scheme) -> PctBins {
    let values: Vec<f64> = scene
        .shapes
        .iter()
        .filter_map(|s| table.get(&s.code).and_then(Coverage::pct))
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
