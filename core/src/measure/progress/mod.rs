//! Progress toward full-coverage deadlines: who will miss the deadline, and what pace is needed.
//!
//! Leaders ask one question of the data, so this module answers it from the same reported facts
//! the map shows, without inventing any: where a number is not in the data (a programme start, a
//! township count, a second dated figure), the answer says "unknown" and the status says why.
//!
//! # Conventions
//!
//! * **Dates are the end of their period.** A figure "as of 2023-12" is placed at 2023-12-31 and a
//!   figure "2021" at 2021-12-31; a deadline "2025" or "2025-12" likewise means its last day. A
//!   report summarises the period it names, and the end is the conservative choice: it leaves the
//!   fewest months between the last figure and the deadline, so the required pace is never
//!   understated. It is also what makes 建德 come out as the articles say: full coverage "in
//!   2021" against Hangzhou's end-2023 requirement is 730 days, two years, early.
//! * **A month is 1/12 of a Gregorian year** (30.436875 days), so paces over spans that do not
//!   start on the first of a month stay comparable. 黔西南's 39 missing townships over the 731
//!   days from 2023-12-31 to 2025-12-31 (24.02 months) need 1.62 stations a month.
//! * **"Today" is a parameter** (a [`Day`](crate::date::Day), days since 1970), never the clock:
//!   the same data and day give the same answer in a test, in the browser and in a report. A
//!   figure whose period has not begun by `today` is left out (and listed in `issues`), so a
//!   past `today` shows the board as it stood then.
//! * **Milestones** are dated counts of townships covered: reported totals whose
//!   `townships_covered` is known, and the cumulative number of distinct townships whose township
//!   station (built or operating) had opened by each opening date. Station counts without a
//!   township count (兰州's 32 stations, 齐齐哈尔's 164) are *not* milestones: a station count mixes
//!   tiers and says nothing about which townships are covered. They are kept as
//!   [`StationCount`]s and shown beside the verdict.
//!
//! # Status rules
//!
//! Evaluated in this order, on the milestones known by `today`; "the latest figure" is the
//! milestone with the latest date (the highest count among figures of that same date).
//!
//! 1. [`Status::NoTarget`]: the region has milestones but no target.
//! 2. [`Status::Met`]: the latest figure reports full coverage ("全部完成"), or covers at least the
//!    target count (or, when there are no dated figures, an undated one does). `met_on` is the
//!    earliest figure from which every later figure is also at target; `lead_days` is the
//!    deadline minus that date (positive = early, negative = late).
//! 3. [`Status::DenominatorNeeded`]: no township count anywhere: not in the target, not in a
//!    figure's total, and not in the registry. A plan's own count comes first (济南 reported 161
//!    where the 2023 registry has 164), then a figure's total; a plan for every township that
//!    names no count (云南, 广东, 兰州, 天津's districts, 濮阳's projects) is measured against
//!    the registry's townships of its region (`townships_from_registry`, said in `issues`). Only
//!    the nation's goal keeps no count: the ministry counts the townships of its own year, and
//!    the nation's figures are station counts and rates, not townships of a registry.
//! 4. [`Status::NoDeadline`]: a township count but no deadline, in the target or in any target
//!    above it (a plan without a date stands under the nearest one above: `deadline_from`).
//! 5. [`Status::DeadlinePassedNoFigure`]: `today` is after the deadline and no dated figure
//!    counts the region's townships at all (梅州's plan of 114 by 2021 and nothing since).
//! 6. [`Status::Overdue`]: `today` is after the deadline and the latest figure is below target.
//!    When no figure dates from after the deadline, `no_figure_since_deadline` is set and the
//!    verdict says "deadline passed with no newer figure" rather than claiming a confirmed miss.
//! 7. [`Status::PaceUnknown`]: the deadline is ahead but the pace achieved so far cannot be
//!    measured: fewer than two figures with different dates. A programme start counts as a
//!    figure only when the data holds it as one (0 covered at a date); prose such as 黔西南's
//!    "invested since the 2020 provincial pilot" names neither a month nor a starting count.
//! 8. [`Status::AtRisk`]: the projected completion at the achieved pace falls after the deadline,
//!    or the achieved pace is zero or negative (no projection).
//! 9. [`Status::OnTrack`]: the projected completion falls on or before the deadline.
//!
//! Required pace = townships remaining at the latest figure / months from that figure to the
//! deadline (`None` when that span is not positive). Achieved pace = (latest count - earliest
//! count) / months between the earliest and the latest figure. Projected completion = latest
//! figure date + remaining / achieved pace.
//!
//! # Files
//!
//! `facts` gathers a region's targets, figures and stations and makes the milestones;
//! `assessment` is the answer ([`Assessment`], [`Status`]); `assess` applies the rules above;
//! `verdict` puts the answer in a sentence; `format` writes dates, paces and spans; `standing`
//! says where every other region stands under the target above it (the map's one rule).

mod assess;
mod assessment;
mod facts;
mod format;
mod standing;
#[cfg(test)]
mod tests;
mod verdict;

pub use assess::{assess, assess_facts, deadline_board};
pub use assessment::{Assessment, Status};
pub use facts::{
    milestones_for, Milestone, MilestoneBasis, RegionFacts, StationCount, UndatedFigure,
};
pub use format::{fmt_date, fmt_deadline, fmt_month, fmt_pace, fmt_span};
pub use standing::{Deadlines, Standing};
