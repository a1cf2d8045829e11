//! Dates as the atlas uses them: a [`Day`] (one calendar day, for "today" and deadlines), a
//! [`Month`] (the time slider's step) and a [`PartialDate`] (as precise as a source gave it:
//! "2021", "2023-12" or "2023-12-31"). Plain integers underneath, so dates compare and subtract
//! without a calendar crate; every conversion between them lives here.

use std::fmt;

/// Average days in a month, for paces "per month" (365.2425 / 12).
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// One calendar day, counted from 1970-01-01 (day 0). Serialised as that number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

/// The years a written date may fall in: anything outside is a typo or a number that is not a
/// date (an Excel serial of 110000 is the year 2201), never a station's date.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Written as `YYYY-MM-DD`, as people and other tools read dates in a manifest or a message.
impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read from `YYYY-MM-DD`.
impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Day::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a date YYYY-MM-DD, found {text:?}"))
        })
    }
}

impl Day {
    /// The day with this number of days since 1970-01-01.
    pub const fn from_days_since_epoch(days: i64) -> Day {
        Day(days)
    }

    /// Days since 1970-01-01.
    pub const fn days_since_epoch(self) -> i64 {
        self.0
    }

    /// The day of a calendar date (Howard Hinnant's days-from-civil).
    pub const fn from_ymd(year: i32, month: u8, day: u8) -> Day {
        Day(days_from_civil(year, month, day))
    }

    /// Year, month (1–12) and day of the month.
    pub fn ymd(self) -> (i32, u8, u8) {
        civil_from_days(self.0)
    }

    /// The same day as a full [`PartialDate`].
    pub fn date(self) -> PartialDate {
        let (year, month, day) = self.ymd();
        PartialDate::ymd(year, month, day)
    }

    /// The month this day falls in.
    pub fn month(self) -> Month {
        let (year, month, _) = self.ymd();
        Month::new(year, u32::from(month))
    }

    /// Parses `YYYY-MM-DD` (a full date; `2023-12` is not a day).
    pub fn parse(raw: &str) -> Option<Day> {
        PartialDate::parse(raw)
            .filter(|d| d.day.is_some())
            .map(|d| d.first_day())
    }

    /// The day `days` later (earlier when negative).
    pub fn plus_days(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_after(self, earlier: Day) -> i64 {
        self.0 - earlier.0
    }

    /// Months (of [`DAYS_PER_MONTH`]) from `earlier` to `self`.
    pub fn months_after(self, earlier: Day) -> f64 {
        self.days_after(earlier) as f64 / DAYS_PER_MONTH
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A month on the time slider, counted from January 2000 (month 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    /// The month of `year` and `month` (1–12).
    pub fn new(year: i32, month: u32) -> Month {
        Month(year * 12 + month as i32 - 1 - 2000 * 12)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        (self.0 + 2000 * 12).div_euclid(12)
    }

    /// The month of the year, 1–12.
    pub fn month(self) -> u32 {
        ((self.0 + 2000 * 12).rem_euclid(12) + 1) as u32
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    /// Last day of the month: a figure dated "2023-12" is known by the end of December.
    pub fn last_day(self) -> Day {
        let next = self.next();
        Day::from_ymd(next.year(), next.month() as u8, 1).plus_days(-1)
    }

    /// Parses `YYYY-MM`.
    pub fn parse(raw: &str) -> Option<Month> {
        let (y, m) = raw.split_once('-')?;
        let (y, m): (i32, u32) = (y.trim().parse().ok()?, m.trim().parse().ok()?);
        (1..=12).contains(&m).then(|| Month::new(y, m))
    }

    /// `YYYY-MM`, as in URLs and figure labels.
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year(), self.month())
    }

    /// The month as a [`PartialDate`] without a day.
    pub fn date(self) -> PartialDate {
        PartialDate {
            year: self.year(),
            month: Some(self.month() as u8),
            day: None,
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A date as precise as the source gave it. Articles often say "2023-12" or just "2021".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PartialDate {
    /// The calendar year; [`PartialDate::parse`] accepts 1900–2200.
    pub year: i32,
    /// 1–12; `None` when the source gave only the year.
    pub month: Option<u8>,
    /// Day of the month, valid for the month; `None` when the source gave no day.
    /// [`PartialDate::parse`] never sets it without a month.
    pub day: Option<u8>,
}

impl PartialDate {
    /// A full date. Not checked: the caller passes a real calendar day.
    pub fn ymd(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Accepts `2023`, `2023-12`, `2023-12-31`, `2023/12/31`, `2023年12月`, `2023年12月31日`.
    pub fn parse(raw: &str) -> Option<PartialDate> {
        let normalised: String = raw
            .trim()
            .trim_end_matches('日')
            .replace(['年', '月', '/', '.'], "-");
        let mut parts = normalised.trim_end_matches('-').split('-');
        let year: i32 = parts.next()?.trim().parse().ok()?;
        if !DATE_YEARS.contains(&year) {
            return None;
        }
        let month = match parts.next() {
            Some(m) => Some(
                m.trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))?,
            ),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => {
                let d = d.trim().parse::<u8>().ok()?;
                (1..=days_in_month(year, month?))
                    .contains(&d)
                    .then_some(d)?;
                Some(d)
            }
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// First day of the period the date names: a figure "as of 2023-12" is known from 2023-12-01.
    pub fn first_day(&self) -> Day {
        Day::from_ymd(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Last day of the period the date names: a deadline "2025" means the end of 2025.
    pub fn last_day(&self) -> Day {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        Day::from_ymd(self.year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Days in `month` (1–12) of `year`, with Gregorian leap years (2000 yes, 2100 no). Any month
/// number outside 1–12 is treated as February.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse), so dates compare and
/// subtract without a calendar crate.
const fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = year as i64 - (month <= 2) as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number: the inverse of [`days_from_civil`] (Howard Hinnant's
/// algorithm).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_invert_calendar_dates() {
        for d in [
            -1_000_000, -1, 0, 1, 59, 60, 10_957, 19_722, 20_453, 2_000_000,
        ] {
            let day = Day::from_days_since_epoch(d);
            assert_eq!(day.date().last_day(), day, "{day}");
        }
        assert_eq!(Day::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Day::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert_eq!(Day::parse("2024-02"), None);
    }

    #[test]
    fn months_round_trip_and_end_on_their_last_day() {
        let m = Month::new(2023, 12);
        assert_eq!(m.label(), "2023-12");
        assert_eq!(Month::parse("2023-12"), Some(m));
        assert_eq!(m.last_day().to_string(), "2023-12-31");
        assert_eq!(Month::new(2024, 2).last_day().to_string(), "2024-02-29");
        assert_eq!(m.next(), Month::new(2024, 1));
        assert_eq!(Day::parse("2023-12-05").unwrap().month(), m);
        assert_eq!(Month::parse("2023-13"), None);
    }

    #[test]
    fn partial_dates_span_their_period() {
        let year = PartialDate::parse("2025").unwrap();
        assert_eq!(year.first_day().to_string(), "2025-01-01");
        assert_eq!(year.last_day().to_string(), "2025-12-31");
        let month = PartialDate::parse("2023年12月").unwrap();
        assert_eq!(month.last_day().to_string(), "2023-12-31");
    }
}
