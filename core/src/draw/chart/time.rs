//! The chart's time axis and count axis: the day range, month-aligned ticks and their labels,
//! and a round count maximum.

use crate::date::{Day, PartialDate};
use crate::lang::Lang;
use crate::measure::progress::{fmt_month, Assessment};

/// A "nice" axis maximum and step: 1, 2 or 5 times a power of ten, about five steps.
pub(super) fn nice_axis(max: f64) -> (f64, f64) {
    let max = max.max(1.0);
    let rough = max / 5.0;
    let mag = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

/// Months since year 0 of the month a day falls in.
fn month_index(day: i64) -> i64 {
    let d = day_date(day);
    i64::from(d.year) * 12 + i64::from(d.month.unwrap_or(1)) - 1
}

/// The first day of a [`month_index`], as a day number.
fn month_start(index: i64) -> i64 {
    PartialDate::ymd(
        index.div_euclid(12) as i32,
        (index.rem_euclid(12) + 1) as u8,
        1,
    )
    .first_day()
    .days_since_epoch()
}

/// Month-aligned ticks: the finest of 1, 2, 3, 6, 12, 24 or 60 months that fits `max_ticks`.
pub(super) fn time_ticks(x0: i64, x1: i64, max_ticks: usize) -> (i64, Vec<i64>) {
    for step in [1, 2, 3, 6, 12, 24, 60] {
        let first = month_index(x0);
        let mut ticks = Vec::new();
        let mut m = first + (step - first.rem_euclid(step)) % step;
        while month_start(m) <= x1 {
            if month_start(m) >= x0 {
                ticks.push(month_start(m));
            }
            m += step;
        }
        if ticks.len() <= max_ticks.max(2) {
            return (step, ticks);
        }
    }
    (60, Vec::new())
}

/// A time tick's label: the year for ticks a year or more apart, else the month.
pub(super) fn tick_label(day: i64, step_months: i64, lang: Lang) -> String {
    let d = day_date(day);
    match (step_months >= 12, lang) {
        (true, Lang::Zh) => format!("{}年", d.year),
        (true, Lang::En) => d.year.to_string(),
        (false, _) => fmt_month(&d, lang),
    }
}

/// The days (since 1970) of every milestone and of the deadline: what any time axis must show.
pub(super) fn dated_days(a: &Assessment) -> Vec<i64> {
    a.milestones
        .iter()
        .map(|m| m.day.days_since_epoch())
        .chain(a.deadline_day().map(Day::days_since_epoch))
        .collect()
}

/// Where the x axis starts and ends: every milestone, the deadline, today and the projection,
/// with a margin. A projection far beyond the deadline is cut at three years past it (the line
/// then ends at the edge with an arrow label), so one slow region does not squash the rest.
pub(super) fn time_domain(a: &Assessment, today: i64) -> (i64, i64, Option<i64>) {
    let mut days = dated_days(a);
    days.push(today);
    let hard_end = days.iter().copied().max().unwrap_or(today) + 3 * 365;
    let projection = a
        .projected_completion
        .map(|p| p.last_day().days_since_epoch());
    if let Some(p) = projection {
        days.push(p.min(hard_end));
    }
    let lo = *days.iter().min().unwrap_or(&today);
    let hi = *days.iter().max().unwrap_or(&today);
    let margin = ((hi - lo) as f64 * 0.06).max(45.0) as i64;
    (
        lo - margin,
        hi + margin,
        projection.filter(|p| *p > hard_end),
    )
}

/// The calendar date of a chart x coordinate (days since 1970-01-01).
pub(super) fn day_date(x_day: i64) -> PartialDate {
    Day::from_days_since_epoch(x_day).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> Day {
        PartialDate::parse(raw).unwrap().last_day()
    }

    #[test]
    fn ticks_are_month_aligned_and_fit() {
        let (step, ticks) = time_ticks(
            day("2023-11-15").days_since_epoch(),
            day("2026-12-31").days_since_epoch(),
            8,
        );
        assert_eq!(step, 6);
        assert_eq!(day_date(ticks[0]).to_string(), "2024-01-01");
        let (step, ticks) = time_ticks(
            day("2020-01-15").days_since_epoch(),
            day("2026-12-31").days_since_epoch(),
            8,
        );
        assert_eq!(step, 12);
        assert_eq!(ticks.len(), 6);
        assert_eq!(nice_axis(151.2), (200.0, 50.0));
        assert_eq!(nice_axis(17.28), (20.0, 5.0));
    }
}
