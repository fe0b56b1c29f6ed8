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
    /// Free text with no dates (`Baseline`, `Latest`): only [`Period::lenient`] makes these.
    Label,
    /// A numbered step with no dates (`1`…`5`: a programme's years, a survey's waves), which
    /// charts place in order: only [`Period::ordinal`] makes these.
    Ordinal,
}

/// A period as written (`2020`, `2022-Q1`, `2020-12`, `2022-09-09`, `2021-2025`,
/// `2019-12/2020-12`) with the first and last day it covers.
///
/// A period counts at its **end**: `2020` means "as of the end of 2020" on time axes and when
/// compared with deadlines, since annual figures describe the state reached by year end.
///
/// Periods from [`Period::parse`] (chiso's own strict grammar) always have dates. Periods from
/// [`Period::lenient`] (labels as other systems publish them) may be free text without dates:
/// the date accessors return `None` for those, so every consumer decides what an undated period
/// means to it (charts and the status method leave it out; tables list it after dated ones).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    label: String,
    kind: PeriodKind,
    /// The first and last day covered; `None` only for [`PeriodKind::Label`].
    dates: Option<(NaiveDate, NaiveDate)>,
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
        let ((start, _), (_, end)) = (first.dates?, last.dates?);
        (start <= end).then(|| Period {
            label: label.to_string(),
            kind: PeriodKind::Range,
            dates: Some((start, end)),
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
            dates: Some((start, end)),
        })
    }

    /// A period label as other systems publish it (Open SDG's `Year` column), kept as shown.
    /// Besides chiso's own grammar it understands `2000 Q1` (a quarter), `2016/18` and
    /// `2000/01` (ranges of years with the second year abbreviated), `2015.0` (a year written
    /// as a decimal number) and a footnote marker after a period (`1974a`, `2021-2022*`: the
    /// dates of `1974` and `2021-2022`). Anything else is free text: a label without dates
    /// ([`PeriodKind::Label`]). Never used for chiso's own files, whose periods stay strict.
    pub fn lenient(text: &str) -> Period {
        let label = text.trim();
        let (core, _) = split_marker(without_note(label));
        match Self::parse_lenient_core(core) {
            Some(dated) => Period {
                label: label.to_string(),
                ..dated
            },
            None => Period {
                label: label.to_string(),
                kind: PeriodKind::Label,
                dates: None,
            },
        }
    }

    fn parse_lenient_core(core: &str) -> Option<Period> {
        if let Some(strict) = Self::parse(core) {
            return Some(strict);
        }
        fn year(s: &str) -> Option<&str> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
        }
        // `2000 Q1`, `2000Q1`, `2000 q1`.
        if let Some((y, q)) = core.split_once(['Q', 'q']) {
            if let Some(y) = year(y.trim_end()) {
                return Self::parse(&format!("{y}-Q{q}")).map(|p| Period {
                    label: core.to_string(),
                    ..p
                });
            }
        }
        // `2016/18`, `2000/01`, `1999/00`: the second year within the next century.
        if let Some((a, b)) = core.split_once('/') {
            let (a, b) = (a.trim(), b.trim());
            if let (Some(first), true) = (
                year(a),
                b.len() == 2 && b.bytes().all(|c| c.is_ascii_digit()),
            ) {
                let first: i32 = first.parse().ok()?;
                let short: i32 = b.parse().ok()?;
                let mut second = first - first % 100 + short;
                if second < first {
                    second += 100;
                }
                return Self::range(core, Self::parse(a)?, Self::parse(&second.to_string())?);
            }
        }
        // `1993 01`: a month written with a space.
        if let Some((y, m)) = core.split_once(' ') {
            if year(y).is_some() && m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) {
                return Self::parse(&format!("{y}-{m}")).map(|p| Period {
                    label: core.to_string(),
                    ..p
                });
            }
        }
        // `2010 to 2011`, `2007/08 to 2008/09`, `2002/03-2007/08`: a range between two
        // periods, from the first's start to the second's end.
        let between = core
            .split_once(" to ")
            .or_else(|| core.contains('/').then(|| core.split_once('-')).flatten());
        if let Some((a, b)) = between {
            let (a, b) = (
                Self::parse_lenient_core(a.trim())?,
                Self::parse_lenient_core(b.trim())?,
            );
            return Self::range(core, a, b);
        }
        // `2015.0`: a year that went through a spreadsheet or a data frame as a number.
        let (whole, fraction) = core.split_once('.')?;
        (year(whole).is_some() && !fraction.is_empty() && fraction.bytes().all(|b| b == b'0'))
            .then(|| Self::parse(whole))
            .flatten()
    }

    /// `label` read as a numbered step (`1`, `2`…`999`) rather than a year, when it is one to
    /// three digits. Whether a file's numbers are steps depends on the labels around it (a
    /// file of `1`…`5` counts steps; one that also has `2015` does not), so only a reader that
    /// has seen them all asks for this reading (see `opensdg::data`).
    pub fn ordinal(label: &str) -> Option<Period> {
        let label = label.trim();
        let digits = (1..=3).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| Period {
            label: label.to_string(),
            kind: PeriodKind::Ordinal,
            dates: None,
        })
    }

    /// `label` read as a range of years with the second abbreviated (`2003-05` as 2003 to
    /// 2005, `1999-01` as 1999 to 2001), when it has that shape. Whether such a label is a
    /// range or a month depends on the labels around it, so only a reader that has seen them
    /// all asks for this reading (see `opensdg::data`).
    pub fn abbreviated_year_range(label: &str) -> Option<Period> {
        let label = label.trim();
        let (core, _) = split_marker(label);
        let (a, b) = core.split_once('-')?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
        if !digits(a, 4) || !digits(b, 2) {
            return None;
        }
        let first: i32 = a.parse().ok()?;
        let mut second = first - first % 100 + b.parse::<i32>().ok()?;
        if second <= first {
            second += 100;
        }
        let range = Self::range(label, Self::parse(a)?, Self::parse(&second.to_string())?)?;
        Some(Period {
            label: label.to_string(),
            ..range
        })
    }

    /// The period in chiso's strict grammar (`2000 Q1` → `2000-Q1`, `2016/18` → `2016-2018`,
    /// `1974a` → `1974`), for writing it into chiso's own files; `None` for free text.
    pub fn canonical(&self) -> Option<String> {
        let (start, end) = self.dates?;
        let (core, _) = split_marker(&self.label);
        // Kept as written when chiso reads it as the same period: `2003-05` read as a range
        // of years is written `2003-2005`, or chiso would read May 2003.
        if Self::parse(core).is_some_and(|p| p.dates == self.dates && p.kind == self.kind) {
            return Some(core.to_string());
        }
        Some(match self.kind {
            PeriodKind::Quarter => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            PeriodKind::Month => format!("{}-{:02}", start.year(), start.month()),
            PeriodKind::Date => start.to_string(),
            PeriodKind::Range => format!("{}-{}", start.year(), end.year()),
            PeriodKind::Year | PeriodKind::Label | PeriodKind::Ordinal => start.year().to_string(),
        })
    }

    /// The footnote marker written after the period (`a` in `1974a`), if any.
    pub fn marker(&self) -> Option<&str> {
        self.dates?;
        let (_, marker) = split_marker(&self.label);
        (!marker.is_empty()).then_some(marker)
    }

    pub fn label(&self) -> &str {
        &self.label
    }
    pub fn kind(&self) -> PeriodKind {
        self.kind
    }
    /// Whether the period has dates: always for chiso's grammar, not for free-text labels.
    pub fn is_dated(&self) -> bool {
        self.dates.is_some()
    }
    /// The first and last day covered, or `None` for a free-text label.
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.dates
    }
    // The accessors below are for dated periods: every period of chiso's own files, and those
    // of other formats once `is_dated()` said so.
    pub fn start(&self) -> NaiveDate {
        self.dated().0
    }
    pub fn end(&self) -> NaiveDate {
        self.dated().1
    }
    /// The calendar year the period ends in.
    pub fn end_year(&self) -> i32 {
        self.end().year()
    }
    /// The middle of the period as a fractional year: where it sits on a chart's time axis,
    /// so a year's point stands above the year's label and a month within its year.
    pub fn mid_as_year(&self) -> f64 {
        let (start, end) = self.dated();
        (date_as_year(start) - 1.0 / 365.25 + date_as_year(end)) / 2.0
    }

    /// Where the period sits on a chart's time axis: the middle of a dated period
    /// ([`Period::mid_as_year`]), and a numbered step `n` at `n + 0.5`, so that the axis
    /// labels `n` under it as it labels a year; `None` for free text, which has no place.
    pub fn axis_position(&self) -> Option<f64> {
        match (self.kind, self.dates) {
            (_, Some(_)) => Some(self.mid_as_year()),
            (PeriodKind::Ordinal, None) => self.label.parse::<f64>().ok().map(|n| n + 0.5),
            _ => None,
        }
    }

    /// The end of the period as a fractional year (2020-12-31 → ~2021.0), for time axes and
    /// rates per year.
    pub fn end_as_year(&self) -> f64 {
        date_as_year(self.end())
    }

    fn dated(&self) -> (NaiveDate, NaiveDate) {
        self.dates.unwrap_or_else(|| {
            panic!(
                "the free-text period {:?} has no dates: check Period::is_dated() first",
                self.label
            )
        })
    }
}

/// Splits a trailing footnote marker (`a`, `*`, `e`, `†`: up to three characters that are
/// neither digits nor spaces) from a period label, when what remains ends with a digit.
/// A label without a note in brackets after it (`2019/20 [Note 5]`, `1990-1994 (baseline)`):
/// statistical offices annotate periods so, and the note names no other dates.
fn without_note(label: &str) -> &str {
    let trimmed = label.trim_end();
    for (open, close) in [('[', ']'), ('(', ')')] {
        if trimmed.ends_with(close) {
            if let Some(start) = trimmed.rfind(open) {
                let core = trimmed[..start].trim_end();
                if core.ends_with(|c: char| c.is_ascii_digit()) {
                    return core;
                }
            }
        }
    }
    label
}

fn split_marker(label: &str) -> (&str, &str) {
    let cut = label
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_ascii_digit() && !c.is_whitespace())
        .last()
        .map_or(label.len(), |(i, _)| i);
    let (core, marker) = label.split_at(cut);
    let core_ends_in_digit = core.ends_with(|c: char| c.is_ascii_digit());
    if marker.chars().count() <= 3 && core_ends_in_digit && !marker.is_empty() {
        (core, marker)
    } else {
        (label, "")
    }
}

/// Orders free-text labels as people read them: runs of digits by their number (`Wave 2`
/// before `Wave 10`), everything else as text.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn runs(s: &str) -> Vec<(bool, &str)> {
        let mut runs = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digits.is_some_and(|prev| prev != d) {
                runs.push((digits.unwrap_or(false), &s[start..i]));
                start = i;
            }
            digits = Some(d);
        }
        if start < s.len() {
            runs.push((digits.unwrap_or(false), &s[start..]));
        }
        runs
    }
    let key = |(digits, run): (bool, &str)| {
        let trimmed = run.trim_start_matches('0');
        // Numbers compare by length of their digits first, then digit by digit.
        if digits {
            (0, trimmed.len(), trimmed.to_string())
        } else {
            (1, 0, run.to_lowercase())
        }
    };
    let (ra, rb) = (runs(a), runs(b));
    ra.into_iter()
        .map(key)
        .cmp(rb.into_iter().map(key))
        .then_with(|| a.cmp(b))
}

/// `text` read as a date written `%Y-%m-%d`, exactly as chrono's `parse_from_str` reads it.
/// `YYYY-MM-DD`, which nearly every date in a large dataset is, is read without parsing the
/// format for each cell (a tenth of a dataset's publishing time went there); any other shape
/// (`2024-1-2`, `+12024-01-01`) goes to chrono.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return ymd(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
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
    /// by label to keep the order total. Free-text labels come after every dated period, in
    /// natural order.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.dates, other.dates) {
            (Some((s1, e1)), Some((s2, e2))) => (e1, s1, &self.label).cmp(&(e2, s2, &other.label)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => natural_cmp(&self.label, &other.label),
        }
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

    /// Period labels of national Open SDG repositories, each with the first and last day
    /// chiso places it at on the time axis (Open SDG charts each of them; chiso orders them by
    /// their dates, so `2007/08 to 2008/09` comes after `2007/08`). Free text stays off the
    /// axis, as a label without dates.
    #[test]
    fn open_sdg_period_labels_are_placed_on_the_time_axis() {
        let dated = [
            ("2015", "2015-01-01", "2015-12-31"),
            ("2015.0", "2015-01-01", "2015-12-31"),
            ("1974a", "1974-01-01", "1974-12-31"),
            ("2021-2022*", "2021-01-01", "2022-12-31"),
            ("2000 Q1", "2000-01-01", "2000-03-31"),
            ("2000Q4", "2000-10-01", "2000-12-31"),
            ("2000 q2", "2000-04-01", "2000-06-30"),
            ("2016/18", "2016-01-01", "2018-12-31"),
            ("2000/01", "2000-01-01", "2001-12-31"),
            ("1999/00", "1999-01-01", "2000-12-31"),
            ("2010 to 2011", "2010-01-01", "2011-12-31"),
            ("1980 to 1990", "1980-01-01", "1990-12-31"),
            ("2007/08 to 2008/09", "2007-01-01", "2009-12-31"),
            ("2002/03-2007/08", "2002-01-01", "2008-12-31"),
            ("1993 01", "1993-01-01", "1993-01-31"),
            ("2019/20 [Note 5]", "2019-01-01", "2020-12-31"),
            ("1990-1994 (baseline)", "1990-01-01", "1994-12-31"),
            ("2015 (provisional)", "2015-01-01", "2015-12-31"),
            ("2020-02", "2020-02-01", "2020-02-29"),
            ("2022-09-09", "2022-09-09", "2022-09-09"),
            ("2021-2025", "2021-01-01", "2025-12-31"),
            ("2021 - 2025", "2021-01-01", "2025-12-31"),
            ("2019-12/2020-12", "2019-12-01", "2020-12-31"),
            ("2022-Q3", "2022-07-01", "2022-09-30"),
            (" 2018 ", "2018-01-01", "2018-12-31"),
        ];
        for (label, start, end) in dated {
            let period = Period::lenient(label);
            assert_eq!(
                period.dates().map(|(a, b)| (a.to_string(), b.to_string())),
                Some((start.to_string(), end.to_string())),
                "{label:?}"
            );
            assert_eq!(period.label(), label.trim(), "kept as shown");
        }
        for free in [
            "There is no data for this indicator yet",
            "Wave 2",
            "Baseline",
            "2020 to",
            "to 2020",
            "Q1",
        ] {
            assert!(!Period::lenient(free).is_dated(), "{free:?} is free text");
        }
        // `2003-05` alone is a month; read among three-year labels, a range (opensdg::data
        // decides, having seen the file's other labels).
        assert_eq!(Period::lenient("2003-05").kind(), PeriodKind::Month);
        assert_eq!(
            Period::abbreviated_year_range("2003-05").map(|p| p.end_year()),
            Some(2005)
        );
        let mut labels: Vec<Period> = ["2010 to 2011", "2007/08 to 2008/09", "2007/08", "2000 Q1"]
            .into_iter()
            .map(Period::lenient)
            .collect();
        labels.sort();
        let order: Vec<&str> = labels.iter().map(Period::label).collect();
        assert_eq!(
            order,
            ["2000 Q1", "2007/08", "2007/08 to 2008/09", "2010 to 2011"]
        );
    }

    /// `1`…`5` (read so only when a whole file is numbers: see `opensdg::data`) sit at their
    /// numbers in numeric order, with no dates for deadlines or catalogues to misread.
    #[test]
    fn numbered_steps_are_placed_in_numeric_order_without_dates() {
        let mut steps: Vec<Period> = ["10", "2", " 1 ", "999"]
            .into_iter()
            .map(|l| Period::ordinal(l).expect("a step"))
            .collect();
        steps.sort();
        let order: Vec<&str> = steps.iter().map(Period::label).collect();
        assert_eq!(order, ["1", "2", "10", "999"]);
        assert_eq!(steps[0].axis_position(), Some(1.5));
        assert!(!steps[0].is_dated());
        assert_eq!(steps[0].canonical(), None);
        for not_a_step in ["2015", "1a", "", "-1", "1.5"] {
            assert!(Period::ordinal(not_a_step).is_none(), "{not_a_step:?}");
        }
        assert_eq!(Period::lenient("Baseline").axis_position(), None);
        assert_eq!(
            Period::parse("2020").and_then(|p| p.axis_position()),
            Some(Period::parse("2020").expect("a year").mid_as_year())
        );
    }

    /// The fast path reads every date chrono's `%Y-%m-%d` reads, and refuses what it refuses.
    #[test]
    fn iso_dates_are_read_as_chrono_reads_them() {
        for text in [
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "0000-01-01",
            "2024-1-2",
            "2024-01-2x",
            "+2024-01-01",
            " 2024-01-01",
            "2024/01/01",
            "",
            "20240101",
            "9999-12-31",
        ] {
            assert_eq!(
                iso_date(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text:?}"
            );
        }
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

    fn lenient(s: &str) -> Period {
        Period::lenient(s)
    }

    #[test]
    fn lenient_labels_keep_their_text_and_get_dates() {
        let q = lenient("2000 Q1");
        assert_eq!(
            (q.label(), q.kind(), q.end()),
            ("2000 Q1", PeriodKind::Quarter, ymd(2000, 3, 31).unwrap())
        );
        let r = lenient("2016/18");
        assert_eq!(
            (r.start(), r.end()),
            (ymd(2016, 1, 1).unwrap(), ymd(2018, 12, 31).unwrap())
        );
        assert_eq!(lenient("2000/01").end_year(), 2001);
        assert_eq!(lenient("1999/00").end_year(), 2000);
        let marked = lenient("1974a");
        assert_eq!(
            (marked.label(), marked.kind(), marked.end_year()),
            ("1974a", PeriodKind::Year, 1974)
        );
        assert_eq!(marked.marker(), Some("a"));
        assert_eq!(lenient("2021-2022*").end_year(), 2022);
        assert_eq!(lenient(" 2015.0 ").label(), "2015.0");
        assert_eq!(lenient("2015.0").end_year(), 2015);
        assert_eq!(lenient("2020").marker(), None);
    }

    #[test]
    fn free_text_has_no_dates_and_sorts_after_dated_periods() {
        let text = lenient("Baseline survey");
        assert_eq!((text.kind(), text.dates()), (PeriodKind::Label, None));
        assert!(!text.is_dated());
        assert_eq!(text.canonical(), None);
        let mut periods = [
            lenient("Wave 10"),
            lenient("2021"),
            lenient("Wave 2"),
            lenient("2000 Q1"),
        ];
        periods.sort();
        let labels: Vec<&str> = periods.iter().map(Period::label).collect();
        assert_eq!(labels, ["2000 Q1", "2021", "Wave 2", "Wave 10"]);
    }

    #[test]
    fn lenient_periods_have_a_strict_spelling() {
        for (label, strict) in [
            ("2000 Q1", "2000-Q1"),
            ("2016/18", "2016-2018"),
            ("2000/01", "2000-2001"),
            ("1974a", "1974"),
            ("2021-2022*", "2021-2022"),
            ("2015.0", "2015"),
            ("2020-12", "2020-12"),
        ] {
            let canonical = lenient(label).canonical();
            assert_eq!(canonical.as_deref(), Some(strict), "{label}");
            assert_eq!(
                Period::parse(strict).map(|p| p.dates()),
                Some(lenient(label).dates())
            );
        }
    }

    #[test]
    fn the_strict_grammar_stays_strict() {
        for label in ["2000 Q1", "2016/18", "1974a", "2015.0", "Baseline"] {
            assert!(Period::parse(label).is_none(), "{label}");
        }
    }

    #[test]
    fn yyyy_yy_reads_as_a_range_of_years_when_asked() {
        let range = |label: &str| {
            Period::abbreviated_year_range(label)
                .map(|p| (p.start().to_string(), p.end().to_string()))
        };
        let span = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(range("2003-05"), span("2003-01-01", "2005-12-31"));
        assert_eq!(range("2011-13"), span("2011-01-01", "2013-12-31"));
        assert_eq!(range("1999-01"), span("1999-01-01", "2001-12-31"));
        assert_eq!(range("2010-12*"), span("2010-01-01", "2012-12-31"));
        for not_one in [
            "2003",
            "2003-5",
            "2003-005",
            "2003/05",
            "03-05",
            "2003-05-01",
        ] {
            assert_eq!(range(not_one), None, "{not_one}");
        }
    }
}
