//! Dates, deadlines, paces and spans as the verdicts and charts write them, in both languages.

use crate::date::{PartialDate, DAYS_PER_MONTH};
use crate::lang::Lang;

/// "2023-12" / "2023年12月".
pub fn fmt_date(d: &PartialDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Zh => match (d.month, d.day) {
            (Some(m), Some(day)) => format!("{}年{m}月{day}日", d.year),
            (Some(m), None) => format!("{}年{m}月", d.year),
            _ => format!("{}年", d.year),
        },
    }
}

/// A deadline at the end of a year reads "end-2025" / "2025年底", as the plans word it.
pub fn fmt_deadline(d: &PartialDate, lang: Lang) -> String {
    let year_end = matches!(
        (d.month, d.day),
        (None, _) | (Some(12), None) | (Some(12), Some(31))
    );
    match (year_end, lang) {
        (true, Lang::En) => format!("end-{}", d.year),
        (true, Lang::Zh) => format!("{}年底", d.year),
        (false, _) => fmt_date(d, lang),
    }
}

/// A date to the month ("2026-09" / "2026年9月"): projections are not precise to the day.
pub fn fmt_month(d: &PartialDate, lang: Lang) -> String {
    fmt_date(
        &PartialDate {
            year: d.year,
            month: d.month,
            day: None,
        },
        lang,
    )
}

/// One decimal, two below 0.1 so a slow pace does not read as zero.
pub fn fmt_pace(p: f64) -> String {
    if p.abs() < 0.095 {
        format!("{p:.2}")
    } else {
        format!("{p:.1}")
    }
}

/// "2 years" / "2年", "5 months" / "5个月", "12 days" / "12天".
pub fn fmt_span(days: i64, lang: Lang) -> String {
    let days = days.abs();
    let years = days as f64 / 365.2425;
    let months = days as f64 / DAYS_PER_MONTH;
    let (n, unit_en, unit_zh) = if years >= 0.95 {
        let y = (years * 2.0).round() / 2.0;
        (y, "year", "年")
    } else if months >= 0.95 {
        (months.round(), "month", "个月")
    } else {
        (days as f64, "day", "天")
    };
    let num = if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    match lang {
        Lang::Zh => format!("{num}{unit_zh}"),
        Lang::En if n == 1.0 => format!("{num} {unit_en}"),
        Lang::En => format!("{num} {unit_en}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_paces_read_naturally() {
        assert_eq!(fmt_span(730, Lang::En), "2 years");
        assert_eq!(fmt_span(365, Lang::En), "1 year");
        assert_eq!(fmt_span(550, Lang::Zh), "1.5年");
        assert_eq!(fmt_span(-92, Lang::En), "3 months");
        assert_eq!(fmt_span(12, Lang::Zh), "12天");
        assert_eq!(fmt_pace(1.625), "1.6");
        assert_eq!(fmt_pace(0.04), "0.04");
        assert_eq!(
            fmt_deadline(&PartialDate::parse("2025-12-31").unwrap(), Lang::Zh),
            "2025年底"
        );
        assert_eq!(
            fmt_deadline(&PartialDate::parse("2022-11-30").unwrap(), Lang::En),
            "2022-11-30"
        );
        assert_eq!(
            fmt_date(&PartialDate::parse("2021-05-31").unwrap(), Lang::Zh),
            "2021年5月31日"
        );
    }
}
