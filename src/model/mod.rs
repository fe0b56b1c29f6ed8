//! The portal as chiso understands it once loaded and validated: goals with their targets,
//! indicators with their observations, tasks, datasets, sources and narratives.

mod id;
mod period;
mod text;

pub use id::{check_id, check_relative_path};
pub use period::{PERIOD_FORMS, Period, PeriodKind, date_as_year};
pub use text::{Localized, Text};

use crate::config::SiteConfig;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug)]
pub struct Portal {
    /// The portal folder; every path in the model is relative to it.
    pub root: PathBuf,
    pub config: SiteConfig,
    pub documents: Vec<Document>,
    pub units: BTreeMap<String, Unit>,
    pub agencies: Vec<Agency>,
    /// In display order: by `order`, then id.
    pub goals: Vec<Goal>,
    /// In display order: by `order`, then id.
    pub indicators: Vec<Indicator>,
    pub tasks: Vec<Task>,
    pub datasets: Vec<Dataset>,
    pub content: Content,
}

/// A number as the data owner wrote it: the value, and how many decimals were written, so
/// `30.86` is shown as `30,86` in Vietnamese and `100` never becomes `100.00`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

impl Number {
    /// Parses a machine-written number: `.` as decimal point, optional sign and exponent.
    pub fn parse(text: &str) -> Option<Number> {
        let text = text.trim();
        let looks_numeric = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
        let value: f64 = if looks_numeric {
            text.parse().ok()?
        } else {
            return None;
        };
        if !value.is_finite() {
            return None;
        }
        let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
        let decimals = mantissa
            .split_once('.')
            .map_or(0, |(_, d)| d.len().min(12) as u8);
        Some(Number { value, decimals })
    }

    /// A number that came from a TOML float or integer: its shortest form gives the decimals.
    pub fn from_f64(value: f64) -> Number {
        Number::parse(&value.to_string()).unwrap_or(Number { value, decimals: 0 })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: String,
    pub title: Text,
    pub publisher: Text,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub url: Option<String>,
    pub note: Text,
}

/// A place in a source document: "which document, where in it".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub document: String,
    pub locator: String,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub label: Text,
    pub symbol: Option<String>,
    pub progress: ProgressScale,
}

/// How progress towards a target in a unit is measured (see `compute::status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressScale {
    /// Compound growth rates, as Statistics Canada's progress measure: for counts and amounts.
    #[default]
    Growth,
    /// Points per year: for percentages heading for 100%, ranks, and baselines of zero.
    Linear,
}

#[derive(Debug, Clone)]
pub struct Agency {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct Goal {
    pub id: String,
    pub file: PathBuf,
    pub title: Text,
    pub description: Text,
    pub order: i64,
    pub source: Option<Citation>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub id: String,
    pub goal: String,
    pub title: Text,
    /// Indicators that measure the target; the first is the one assessed.
    pub indicators: Vec<String>,
    /// The value to reach; `None` for a qualitative target.
    pub aim: Option<Aim>,
    pub deadline: Option<Period>,
    pub baseline: Option<Baseline>,
    pub source: Option<Citation>,
    pub note: Text,
    pub declared: Option<Declared>,
}

/// A quantitative target: reach `value` (compared as `comparison`) in `unit`.
#[derive(Debug, Clone, PartialEq)]
pub struct Aim {
    pub value: Number,
    pub comparison: Comparison,
    pub unit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    AtLeast,
    AtMost,
    Equal,
}

impl Comparison {
    pub fn code(self) -> &'static str {
        match self {
            Comparison::AtLeast => "at-least",
            Comparison::AtMost => "at-most",
            Comparison::Equal => "equal",
        }
    }

    /// Whether `value` satisfies a target of `aim` under this comparison.
    pub fn is_met(self, value: f64, aim: f64) -> bool {
        let tolerance = 1e-9 * aim.abs().max(1.0);
        match self {
            Comparison::AtLeast => value >= aim - tolerance,
            Comparison::AtMost => value <= aim + tolerance,
            Comparison::Equal => (value - aim).abs() <= tolerance,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub value: Number,
    pub period: Period,
    pub source: Option<Citation>,
}

/// A status assessed by hand, with when and on what evidence.
#[derive(Debug, Clone)]
pub struct Declared {
    pub status: DeclaredStatus,
    pub date: Period,
    pub evidence: Text,
    pub source: Option<Citation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeclaredStatus {
    Met,
    NotMet,
}

impl DeclaredStatus {
    pub fn code(self) -> &'static str {
        match self {
            DeclaredStatus::Met => "met",
            DeclaredStatus::NotMet => "not-met",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    /// The metadata file, relative to the portal.
    pub file: PathBuf,
    /// The observations file, when there is one.
    pub data_file: Option<PathBuf>,
    pub name: Text,
    pub unit: String,
    pub definition: Text,
    pub reporting_status: ReportingStatus,
    pub version: Option<String>,
    pub order: i64,
    pub goals: Vec<String>,
    pub targets: Vec<String>,
    /// When the data last changed, as stated in the metadata.
    pub updated: Option<Period>,
    /// Revisions the data owner announced or explained, newest first.
    pub revisions: Vec<RevisionNote>,
    pub chart: ChartKind,
    pub decimals: Option<u8>,
    pub sources: Vec<IndicatorSource>,
    /// The dimension columns of the observations file, in file order.
    pub dimensions: Vec<Dimension>,
    pub target_values: Vec<TargetValue>,
    /// In file order.
    pub observations: Vec<Observation>,
}

impl Indicator {
    pub fn source(&self, id: &str) -> Option<&IndicatorSource> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// A revision of published figures, explained in the metadata: statistics offices tell planned
/// revisions (new source data, annual benchmarking) from corrections of errors.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionNote {
    pub date: NaiveDate,
    pub kind: RevisionKind,
    pub note: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionKind {
    /// A planned revision, announced in advance or part of the regular cycle.
    Scheduled,
    /// The correction of an error in published figures.
    Correction,
}

impl RevisionKind {
    pub fn code(self) -> &'static str {
        match self {
            RevisionKind::Scheduled => "scheduled",
            RevisionKind::Correction => "correction",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportingStatus {
    Complete,
    InProgress,
    NotStarted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Lines for several periods, bars for one.
    #[default]
    Auto,
    Line,
    /// Bars, the dimension values side by side.
    Bar,
    /// Bars, the dimension values stacked and the total marked across them.
    StackedBar,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorSource {
    pub id: String,
    pub citation: Citation,
    pub note: Text,
}

#[derive(Debug, Clone)]
pub struct Dimension {
    /// The CSV column name: the machine name, the same in every language.
    pub column: String,
    pub label: Text,
    /// Labels of codes; a code without a label is shown as written.
    pub values: BTreeMap<String, Text>,
}

impl Dimension {
    /// Whether the column says what the values are measured in (`unit`, `units`,
    /// `unit_measure`, `unit_mult`, in any case): values with different codes there cannot be
    /// compared on one axis.
    pub fn measures_unit(&self) -> bool {
        matches!(
            self.column.to_ascii_lowercase().as_str(),
            "unit" | "units" | "unit_measure" | "unit_mult"
        )
    }

    pub fn value_label<'a>(&'a self, code: &'a str, lang: &str, default_lang: &'a str) -> &'a str {
        self.values
            .get(code)
            .map_or(code, |t| t.get(lang, default_lang))
    }
}

/// A target stated for an indicator that is not a target of a goal.
#[derive(Debug, Clone)]
pub struct TargetValue {
    pub period: Period,
    pub value: Number,
    pub comparison: Comparison,
    pub source: Option<String>,
    pub note: Text,
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub period: Period,
    /// `None` is a gap: the period is known to have no figure.
    pub value: Option<Number>,
    /// One code per dimension column, in column order; `""` is the total.
    pub dims: Vec<String>,
    pub status: Option<ObservationStatus>,
    /// The id of one of the indicator's sources.
    pub source: Option<String>,
    pub note: Text,
    /// The line in the observations file, for messages.
    pub line: usize,
}

impl Observation {
    pub fn is_total(&self) -> bool {
        self.dims.iter().all(String::is_empty)
    }
}

/// What kind of figure an observation is, beyond its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObservationStatus {
    Estimate,
    Approx,
    MoreThan,
    AtLeast,
    LessThan,
    Derived,
    Provisional,
}

impl ObservationStatus {
    pub const ALL: [ObservationStatus; 7] = [
        ObservationStatus::Estimate,
        ObservationStatus::Approx,
        ObservationStatus::MoreThan,
        ObservationStatus::AtLeast,
        ObservationStatus::LessThan,
        ObservationStatus::Derived,
        ObservationStatus::Provisional,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ObservationStatus::Estimate => "estimate",
            ObservationStatus::Approx => "approx",
            ObservationStatus::MoreThan => "more-than",
            ObservationStatus::AtLeast => "at-least",
            ObservationStatus::LessThan => "less-than",
            ObservationStatus::Derived => "derived",
            ObservationStatus::Provisional => "provisional",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: String,
    pub group: Text,
    pub title: Text,
    pub lead_agencies: Vec<String>,
    pub period: Option<Period>,
    pub expected_result: Text,
    pub status: TaskStatus,
    pub status_date: Option<Period>,
    pub evidence: Text,
    pub source: Citation,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    Completed,
    Submitted,
    Ongoing,
    InProgress,
    /// No status was reported.
    NotReported,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Completed,
        TaskStatus::Submitted,
        TaskStatus::Ongoing,
        TaskStatus::InProgress,
        TaskStatus::NotReported,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Completed => "completed",
            TaskStatus::Submitted => "submitted",
            TaskStatus::Ongoing => "ongoing",
            TaskStatus::InProgress => "in-progress",
            TaskStatus::NotReported => "not-reported",
        }
    }

    /// Parses the `status` column; blank is "not reported".
    pub fn from_cell(cell: &str) -> Option<Self> {
        match cell.trim() {
            "" => Some(TaskStatus::NotReported),
            code => Self::ALL
                .into_iter()
                .find(|s| s.code() == code && *s != TaskStatus::NotReported),
        }
    }

    /// Submitted and regular tasks are counted as completed by the reporting documents.
    pub fn counts_as_completed(self) -> bool {
        matches!(
            self,
            TaskStatus::Completed | TaskStatus::Submitted | TaskStatus::Ongoing
        )
    }
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub id: String,
    pub file: PathBuf,
    /// The CSV file, relative to the portal.
    pub data_file: PathBuf,
    pub title: Text,
    pub description: Text,
    pub source: Option<Citation>,
    /// When the data last changed, as stated in the metadata.
    pub updated: Option<Period>,
    /// Revisions the data owner announced or explained, newest first.
    pub revisions: Vec<RevisionNote>,
    pub keywords: BTreeMap<String, Vec<String>>,
    pub columns: BTreeMap<String, ColumnDoc>,
    pub profile: DatasetProfile,
}

#[derive(Debug, Clone, Default)]
pub struct ColumnDoc {
    pub label: Text,
    pub description: Text,
}

/// What one streaming pass over a dataset learned.
#[derive(Debug, Clone, Default)]
pub struct DatasetProfile {
    pub columns: Vec<ColumnProfile>,
    pub rows: u64,
    pub bytes: u64,
    /// The first rows, for the page's preview.
    pub preview: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnProfile {
    pub name: String,
    pub kind: ColumnType,
    /// Rows where the column is blank.
    pub blanks: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Integer,
    Number,
    Boolean,
    Date,
    Text,
    /// Every cell is blank.
    Empty,
}

/// Markdown narratives and pages from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Narratives attached to a goal, target or indicator, or to the home page.
    pub narratives: BTreeMap<NarrativeKey, Markdown>,
    /// Pages of their own, by slug and then language.
    pub pages: BTreeMap<String, BTreeMap<String, Markdown>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NarrativeKey {
    pub section: Section,
    /// Empty for the home page.
    pub id: String,
    pub lang: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Home,
    Goals,
    Targets,
    Indicators,
}

#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub file: PathBuf,
    pub lang: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: String,
}

impl Content {
    /// The narrative in `lang`, or the default language's when `lang` has none.
    pub fn narrative(
        &self,
        section: Section,
        id: &str,
        lang: &str,
        default_lang: &str,
    ) -> Option<&Markdown> {
        let key = |lang: &str| NarrativeKey {
            section,
            id: id.to_string(),
            lang: lang.to_string(),
        };
        self.narratives
            .get(&key(lang))
            .or_else(|| self.narratives.get(&key(default_lang)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_written_decimals() {
        assert_eq!(
            Number::parse("30.86"),
            Some(Number {
                value: 30.86,
                decimals: 2
            })
        );
        assert_eq!(
            Number::parse("100"),
            Some(Number {
                value: 100.0,
                decimals: 0
            })
        );
        assert_eq!(
            Number::parse("-0.5"),
            Some(Number {
                value: -0.5,
                decimals: 1
            })
        );
        assert_eq!(Number::from_f64(30.86).decimals, 2);
    }

    #[test]
    fn words_and_locale_numbers_are_not_numbers() {
        for bad in ["", "abc", "30,86", "1 000", "NaN", "inf", "12%"] {
            assert_eq!(Number::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn comparisons_decide_whether_a_value_meets_an_aim() {
        assert!(Comparison::AtLeast.is_met(100.0, 100.0));
        assert!(!Comparison::AtLeast.is_met(99.9, 100.0));
        assert!(Comparison::AtMost.is_met(50.0, 50.0));
        assert!(!Comparison::AtMost.is_met(71.0, 50.0));
        assert!(Comparison::Equal.is_met(3.0, 3.0));
    }
}
