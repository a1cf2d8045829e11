//! Where every region stands against a deadline, with or without a target of its own: the one
//! rule the map, the table, the open-data downloads and the figure share.
//!
//! A region with its own target stands as its [`Assessment`] says. Any other region stands
//! under the nearest target above it (a county of 贵州 under the nation's "every township by the
//! end of 2025"), measured with its *own* figures against its *own* townships, never with the
//! missing count of the plan above:
//!
//! 1. its own figure (or, without one, the nearest reported total above it, drawn hatched)
//!    reports full coverage: [`Status::Met`];
//! 2. a figure below full (a count or a rate; a figure of some parts only is none of the whole): [`Status::Overdue`] once the deadline has passed,
//!    [`Status::PaceUnknown`] before it (one figure gives no pace), [`Status::NoDeadline`]
//!    when no target above names a date;
//! 3. no figure at all: [`Status::DeadlinePassedNoFigure`] once the deadline has passed
//!    ("期限已过·无数据": a fact, not a claimed miss), [`Status::PaceUnknown`] before it,
//!    [`Status::NoDeadline`] without one, and [`Status::DenominatorNeeded`] only when the
//!    registry lists no township in it either;
//! 4. no target above at all: [`Status::NoTarget`].
//!
//! The figures are those of the coverage table on show (the month of the time slider), so the
//! class agrees with the coverage the same map shows.

use rustc_hash::FxHashMap as HashMap;

use crate::data::code::{Level, RegionCode};
use crate::measure::coverage::{Coverage, CoverageTable, TownshipState};

use super::assessment::{Assessment, Status};

/// Where one region stands, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Its status.
    pub status: Status,
    /// The status comes from a reported total above the region, not from a figure of its own:
    /// drawn hatched.
    pub hatched: bool,
    /// The region whose target it stands under, when it has none of its own.
    pub under: Option<RegionCode>,
}

/// What the standing of a region below a target reads from that target's assessment.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Deadline {
    status: Status,
    /// `Some(true)` once the deadline has passed; `None` without one.
    passed: Option<bool>,
}

/// The board's regions by code, for the standing of every region of a view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deadlines {
    own: HashMap<RegionCode, Deadline>,
}

impl Deadlines {
    /// The index of `board` (the assessments of every region with a target).
    pub fn from_board(board: &[Assessment]) -> Deadlines {
        Deadlines {
            own: board
                .iter()
                .map(|a| {
                    let deadline = Deadline {
                        status: a.status,
                        passed: a.months_to_deadline.map(|m| m < 0.0),
                    };
                    (a.region.clone(), deadline)
                })
                .collect(),
        }
    }

    /// Where `code` stands, by the rules of the module docs, with the figures of `coverage`.
    pub fn standing(&self, code: &RegionCode, coverage: &CoverageTable) -> Standing {
        if let Some(own) = self.own.get(code) {
            return Standing {
                status: own.status,
                hatched: false,
                under: None,
            };
        }
        let above = std::iter::successors(code.parent(), RegionCode::parent)
            .find_map(|up| self.own.get(&up).map(|d| (up, *d)));
        let Some((under, deadline)) = above else {
            return Standing {
                status: Status::NoTarget,
                hatched: false,
                under: None,
            };
        };
        let (figure, hatched) = figure_of(code, coverage);
        let status = match (figure, deadline.passed) {
            (Figure::Full, _) => Status::Met,
            (Figure::Below, Some(true)) => Status::Overdue,
            (Figure::None { townships: 0 }, _) => Status::DenominatorNeeded,
            (Figure::None { .. }, Some(true)) => Status::DeadlinePassedNoFigure,
            (_, Some(false)) => Status::PaceUnknown,
            (_, None) => Status::NoDeadline,
        };
        Standing {
            status,
            hatched,
            under: Some(under),
        }
    }
}

/// What the figures say of a region's own townships.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Figure {
    /// Full coverage reported.
    Full,
    /// A figure below full (a count, a lower bound or a rate).
    Below,
    /// No figure; the registry lists this many townships in the region.
    None {
        /// Townships in the region (1 for a township itself).
        townships: u32,
    },
}

/// The region's own figure, else the nearest reported total above it (`true`: hatched).
fn figure_of(code: &RegionCode, coverage: &CoverageTable) -> (Figure, bool) {
    // Some parts known is no figure of the whole: the parts not known may be complete.
    let of = |c: &Coverage| match c {
        Coverage::NoData { total } => Figure::None { townships: *total },
        Coverage::Partial {
            covered_at_least,
            total,
            ..
        } if covered_at_least == total && *total > 0 => Figure::Full,
        Coverage::Partial { total, .. } => Figure::None { townships: *total },
        c if c.pct() == Some(100.0) => Figure::Full,
        _ => Figure::Below,
    };
    let own = if code.level() == Level::Township {
        match coverage.township(code) {
            TownshipState::Covered { .. } => Figure::Full,
            TownshipState::Uncovered => Figure::Below,
            TownshipState::Unknown => Figure::None { townships: 1 },
        }
    } else {
        coverage.get(code).map_or(Figure::None { townships: 0 }, of)
    };
    if let Figure::None { .. } = own {
        if let Some((_, reported)) = coverage.reported_ancestor(code) {
            let above = of(&reported);
            if !matches!(above, Figure::None { .. }) {
                return (above, true);
            }
        }
    }
    (own, false)
}
