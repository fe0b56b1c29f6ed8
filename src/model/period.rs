//! Periods of observations, deadlines and tasks: years, quarters, months, dates and ranges.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

/// What kind of period was written; ranges keep the kinds of their ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Year,
    Quarter,
    Month,
    Date,
    Range,
}

/// A period as written (`2020`, `2022-Q1`, `2020-12`, `2022-09-09`, `2021-2025`,
/// `2019-12/2020-12`) with the first and last day it covers.
///
/// A period counts at its **end**: `2020` means "as of the end of 2020" on time axes and when
/// compared with deadlines, since annual figures describe the state reached by year end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    label: String,
    kind: PeriodKind,
    start: NaiveDate,
    end: NaiveDate,
}

/// The grammar, for error messages: what a period may look like.
pub const PERIOD_FORMS: &str =
    "a period: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-YYYY or two of these joined by /";

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        let label = text.trim();
        if let Some((a, b)) = label.split_once('/') {
            return Self::range(
                label,
                Self::parse_single(a.trim())?,
                Self::parse_single(b.trim())?,
            );
        }
        if let Some(single) = Self::parse_single(label) {
            return Some(single);
        }
        // `2021-2025`: a range of years (a month would be 1-12, so four digits on both sides
        // cannot be confused with YYYY-MM).
        let (a, b) = label.split_once('-')?;
        let (a, b) = (a.trim(), b.trim());
        if a.len() == 4 && b.len() == 4 {
            return Self::range(label, Self::parse_single(a)?, Self::parse_single(b)?);
        }
        None
    }

    fn range(label: &str, first: Period, last: Period) -> Option<Period> {
        (first.start <= last.end).then(|| Period {
            label: label.to_string(),
            kind: PeriodKind::Range,
            start: first.start,
            end: last.end,
        })
    }

    fn parse_single(text: &str) -> Option<Period> {
        let number = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let parts: Vec<&str> = text.split('-').collect();
        let year = |s: &str| {
            (s.len() == 4)
                .then(|| number(s))
                .flatten()
                .map(|y| y as i32)
        };
        let (kind, start, end) = match parts.as_slice() {
            [y] => {
                let y = year(y)?;
                (PeriodKind::Year, ymd(y, 1, 1)?, ymd(y, 12, 31)?)
            }
            [y, q] if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
                let (y, q) = (year(y)?, number(&q[1..])?);
                if !(1..=4).contains(&q) {
                    return None;
                }
                let first_month = (q - 1) * 3 + 1;
                (
                    PeriodKind::Quarter,
                    ymd(y, first_month, 1)?,
                    month_end(y, first_month + 2)?,
                )
            }
            [y, m] if m.len() == 2 => {
                let (y, m) = (year(y)?, number(m)?);
                (PeriodKind::Month, ymd(y, m, 1)?, month_end(y, m)?)
            }
            [y, m, d] if m.len() == 2 && d.len() == 2 => {
                let date = ymd(year(y)?, number(m)?, number(d)?)?;
                (PeriodKind::Date, date, date)
            }
            _ => return None,
        };
        Some(Period {
            label: text.to_string(),
            kind,
            start,
            end,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }
    pub fn kind(&self) -> PeriodKind {
        self.kind
    }
    pub fn start(&self) -> NaiveDate {
        self.start
    }
    pub fn end(&self) -> NaiveDate {
        self.end
    }
    /// The calendar year the period ends in.
    pub fn end_year(&self) -> i32 {
        self.end.year()
    }
    /// The middle of the period as a fractional year: where it sits on a chart's time axis,
    /// so a year's point stands above the year's label and a month within its year.
    pub fn mid_as_year(&self) -> f64 {
        (date_as_year(self.start) - 1.0 / 365.25 + date_as_year(self.end)) / 2.0
    }

    /// The end of the period as a fractional year (2020-12-31 → ~2021.0), for time axes and
    /// rates per year.
    pub fn end_as_year(&self) -> f64 {
        date_as_year(self.end)
    }
}

/// A date as a fractional year: 2021-01-01 is 2021.0; the end of a day counts, so the
/// year 2020 ends at 2021.0.
pub fn date_as_year(date: NaiveDate) -> f64 {
    let year = date.year();
    let start = ymd(year, 1, 1).expect("January 1st exists");
    let next = ymd(year + 1, 1, 1).expect("January 1st exists");
    let days_in_year = (next - start).num_days() as f64;
    year as f64 + ((date - start).num_days() + 1) as f64 / days_in_year
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let next = if m == 12 {
        ymd(y + 1, 1, 1)?
    } else {
        ymd(y, m + 1, 1)?
    };
    next.pred_opt()
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl Ord for Period {
    /// Chronological by end, then by start (so the year 2020 comes before its December), then
    /// by label to keep the order total.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.end, self.start, &self.label).cmp(&(other.end, other.start, &other.label))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn parses_every_documented_form() {
        assert_eq!(
            (p("2020").start(), p("2020").end()),
            (ymd(2020, 1, 1).unwrap(), ymd(2020, 12, 31).unwrap())
        );
        assert_eq!(p("2022-Q1").end(), ymd(2022, 3, 31).unwrap());
        assert_eq!(p("2020-02").end(), ymd(2020, 2, 29).unwrap());
        assert_eq!(p("2022-09-09").kind(), PeriodKind::Date);
        assert_eq!(p("2021-2025").start(), ymd(2021, 1, 1).unwrap());
        assert_eq!(p("2021-2025").end(), ymd(2025, 12, 31).unwrap());
        assert_eq!(p("2019-12/2020-12").start(), ymd(2019, 12, 1).unwrap());
        assert_eq!(p("2019-12/2020-12").kind(), PeriodKind::Range);
        assert_eq!(p("2021 - 2025").end_year(), 2025);
    }

    #[test]
    fn rejects_what_is_not_a_period() {
        for bad in [
            "",
            "20",
            "2020-13",
            "2020-Q5",
            "2020-02-30",
            "next year",
            "2025-2021",
            "2020/",
            "12/2020",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn orders_by_end_then_start() {
        let mut periods = [p("2021"), p("2020-12"), p("2020"), p("2019-12/2020-12")];
        periods.sort();
        let labels: Vec<&str> = periods.iter().map(Period::label).collect();
        assert_eq!(labels, ["2019-12/2020-12", "2020", "2020-12", "2021"]);
    }

    #[test]
    fn a_year_ends_at_the_next_year_on_a_time_axis() {
        assert!((p("2020").end_as_year() - 2021.0).abs() < 1e-9);
        assert!((p("2020-06").end_as_year() - 2020.5).abs() < 0.01);
    }

    #[test]
    fn periods_sit_at_their_middle_on_charts() {
        assert!((p("2020").mid_as_year() - 2020.5).abs() < 0.01);
        assert!((p("2020-Q1").mid_as_year() - 2020.125).abs() < 0.01);
        assert!((p("2021-2025").mid_as_year() - 2023.5).abs() < 0.01);
    }
}
