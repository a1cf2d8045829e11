//! The style of every shape in a scene: its class in the current mode, its colour and pattern,
//! and whether it stands under a regional total (hatched). The rules for which class a region
//! takes live here and only here.

use std::collections::HashMap;

use crate::data::code::{Level, RegionCode};
use crate::measure::coverage::{Coverage, CoverageTable, TownshipState};
use crate::measure::progress::{Assessment, Status};
use crate::measure::rating::RatingTable;
use crate::shape::scene::Scene;
use crate::style::classify::{Class, MapMode, Pattern, PctBins, Rgb, Scheme};

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
    /// Deadline class of every region that has a target.
    pub deadlines: &'a HashMap<RegionCode, Class>,
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

/// A region's own deadline status; else full coverage of its own counts as met (a complete
/// county inside an overdue prefecture has done its part); else the nearest target above, hatched.
fn deadline_class(
    code: &RegionCode,
    deadlines: &HashMap<RegionCode, Class>,
    coverage: &CoverageTable,
) -> (Class, bool) {
    if let Some(class) = deadlines.get(code) {
        return (*class, false);
    }
    let own_full = match code.level() {
        Level::Township => matches!(coverage.township(code), TownshipState::Covered { .. }),
        _ => coverage.get(code).and_then(Coverage::pct) == Some(100.0),
    };
    if own_full {
        return (Class::Met, false);
    }
    let mut up = code.parent();
    while let Some(region) = up {
        if let Some(class) = deadlines.get(&region) {
            return (*class, true);
        }
        up = region.parent();
    }
    (Class::NoTarget, false)
}

/// The style of every shape of `scene`, in scene order.
pub fn style_shapes(scene: &Scene, inputs: &StyleInputs) -> Vec<ShapeStyle> {
    scene
        .shapes
        .iter()
        .map(|shape| {
            let (class, reported_total) = match inputs.mode {
                MapMode::Coverage => coverage_class(&shape.code, inputs.coverage, &inputs.bins),
                MapMode::Rating => inputs.ratings.class_of(&shape.code),
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
        Status::AtRisk => Class::AtRisk,
        Status::PaceUnknown => Class::PaceUnknown,
        Status::OnTrack => Class::OnTrack,
        Status::NoDeadline => Class::NoDeadline,
        Status::DenominatorNeeded => Class::DenominatorNeeded,
        Status::Met => Class::Met,
        Status::NoTarget => Class::NoTarget,
    }
}

/// Deadline class of every region on the board.
pub fn deadline_classes(board: &[Assessment]) -> HashMap<RegionCode, Class> {
    board
        .iter()
        .map(|a| (a.region.clone(), deadline_class_of(a.status)))
        .collect()
}
