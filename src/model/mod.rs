//! The portal as chiso understands it once loaded and validated: goals with their targets,
//! indicators with their observations, tasks, datasets, sources and narratives.

pub mod config;
mod id;
mod language;
mod period;
mod text;
mod url;

pub use id::{check_id, check_relative_path};
pub use language::{check_language_tag, endonym, is_right_to_left, nearest_language};
pub use period::{PERIOD_FORMS, Period, PeriodKind, date_as_year, iso_date};
pub use text::{Localized, Text, with_language_keys};
pub use url::{WEB_URL, check_web_url, is_safe_link};

use chrono::NaiveDate;
use config::SiteConfig;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
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
    /// Boundary layers indicators draw maps on, by id.
    pub maps: Vec<MapLayer>,
    pub content: Content,
    pub reporting: ReportingOverview,
}

/// What the reporting-status overview shows beyond the built-in statuses by goal: the labels
/// of statuses a portal names itself and further groupings (Open SDG's custom status types
/// and `reporting_status_extra_fields`). Empty for chiso's own portals.
#[derive(Debug, Clone, Default)]
pub struct ReportingOverview {
    /// Labels of the portal's own statuses ([`ReportingStatus::Other`]), by code.
    pub status_labels: BTreeMap<String, Text>,
    /// In the order they are shown, after the goals.
    pub groupings: Vec<ReportingGrouping>,
}

/// Indicators grouped by one metadata field, for the overview's "by field" tables.
#[derive(Debug, Clone)]
pub struct ReportingGrouping {
    /// The field, as the overview names it.
    pub label: Text,
    /// Each value with the ids of the indicators that have it, in order; `None` gathers the
    /// indicators without one.
    pub groups: Vec<(Option<Text>, Vec<String>)>,
}

/// A boundary layer (`data/maps/<id>.toml` and the GeoJSON file it names): the regions an
/// indicator's figures are mapped onto, joined on one dimension column of its data.
#[derive(Debug, Clone)]
pub struct MapLayer {
    pub id: String,
    /// The metadata file, relative to the portal.
    pub file: PathBuf,
    /// The GeoJSON file, relative to the portal.
    pub geojson: PathBuf,
    pub name: Text,
    /// The dimension column whose codes are the regions' codes.
    pub dimension: String,
    /// Who drew the boundaries and under which licence, shown under every map.
    pub attribution: Text,
    /// In file order; codes are unique.
    pub regions: Vec<Region>,
}

impl MapLayer {
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The position of the column `indicator` joins on, when its data has it.
    pub fn join_column(&self, indicator: &Indicator) -> Option<usize> {
        indicator
            .dimensions
            .iter()
            .position(|d| d.column == self.dimension)
    }

    /// The codes of `indicator`'s join column that no region has, in order; `None` when its
    /// data lacks the column.
    pub fn unknown_codes<'a>(
        &self,
        indicator: &'a Indicator,
    ) -> Option<std::collections::BTreeSet<&'a str>> {
        let column = self.join_column(indicator)?;
        Some(
            indicator
                .observations
                .iter()
                .map(|o| o.dims[column].as_str())
                .filter(|code| !code.is_empty() && self.region(code).is_none())
                .collect(),
        )
    }
}

/// One region of a layer: its code, its name in each language and its outline.
#[derive(Debug, Clone)]
pub struct Region {
    pub code: String,
    pub name: Text,
    /// Polygons of rings of (longitude, latitude) positions, each ring closed, the first of
    /// each polygon its outer boundary and the rest holes.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// A number as the data owner wrote it: the value, and how many decimals were written, so
/// `30.86` is shown as `30,86` in Vietnamese and `100` never becomes `100.00`.
///
/// Only numbers that a 64-bit float holds exactly to the last written digit are accepted (at
/// most [`Number::MAX_DIGITS`] digits from the first significant one to the last written
/// one), so every format prints back the very decimal the author wrote: scientific notation is
/// expanded (`1.5E-3` is `0.0015`, with four decimals) and nothing is rounded or invented.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

/// Why a cell is not a number chiso can publish exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a machine-written number at all (`30,86`, `12%`, `NaN`).
    NotANumber,
    /// More digits than a value can be stored and published without changing it.
    TooManyDigits { digits: usize },
}

impl NumberError {
    /// What the author should have written, in plain words.
    pub fn expected(&self) -> String {
        match self {
            NumberError::NotANumber => {
                "a number with . as decimal point, or a blank cell for no data".into()
            }
            NumberError::TooManyDigits { digits } => format!(
                "a number of at most {} digits, counted from the first non-zero digit to the \
                 last one written (this one has {digits}; write large amounts in a larger unit, \
                 such as thousands or millions)",
                Number::MAX_DIGITS
            ),
        }
    }
}

/// A cell without the whitespace around it, as [`str::trim`] gives it but quicker for the
/// usual cell, which has none (large datasets trim every cell).
pub fn trimmed(cell: &str) -> &str {
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
}

impl Number {
    /// The digits a 64-bit float holds exactly: 15 significant decimal digits.
    pub const MAX_DIGITS: usize = 15;

    /// Parses a machine-written number: `.` as decimal point, optional sign and exponent.
    pub fn parse(text: &str) -> Option<Number> {
        Number::read(text).ok()
    }

    /// Like [`Number::parse`], saying why a cell is refused.
    pub fn read(text: &str) -> Result<Number, NumberError> {
        let text = text.trim();
        let decimals = Number::decimals(text)?;
        // The float nearest the exact decimal, which prints back as written.
        let value: f64 = text.parse().map_err(|_| NumberError::NotANumber)?;
        Ok(Number { value, decimals })
    }

    /// The decimals of a machine-written number (trimmed), without reading its value: for a
    /// reader that only asks whether a cell is one.
    pub fn decimals(text: &str) -> Result<u8, NumberError> {
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e)),
            None => (unsigned, None),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() && frac.is_empty() || !all_digits(int) || !all_digits(frac) {
            return Err(NumberError::NotANumber);
        }
        let exponent: i64 = match exponent {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
                if digits.is_empty() || !all_digits(digits) || digits.len() > 4 {
                    return Err(NumberError::NotANumber);
                }
                e.parse().map_err(|_| NumberError::NotANumber)?
            }
        };
        // value = (the digits written, point removed) × 10^-scale.
        let scale = frac.len() as i64 - exponent;
        let leading_zeros = int.bytes().chain(frac.bytes()).take_while(|&b| b == b'0');
        let significant = int.len() + frac.len() - leading_zeros.count();
        // Digits from the first significant one to the last written, plus the zeros a
        // positive power of ten appends: `1e20` is 21 digits once expanded.
        let written = significant as i64 + (-scale).max(0);
        if written > Number::MAX_DIGITS as i64 {
            return Err(NumberError::TooManyDigits {
                digits: written as usize,
            });
        }
        u8::try_from(scale.max(0)).map_err(|_| NumberError::TooManyDigits {
            digits: scale as usize,
        })
    }

    /// Like [`Number::read`], but also taking a number of more than [`Number::MAX_DIGITS`]
    /// digits when they are exactly the digits of the float they name printed back, as
    /// programs print a float they computed (pandas writes `-0.22999999999999998`): such a
    /// number is kept and published with every digit, as written. Open SDG repositories hold
    /// them; chiso's own format asks for figures as measured.
    pub fn read_float(text: &str) -> Result<Number, NumberError> {
        let too_many = match Number::read(text) {
            Err(too_many @ NumberError::TooManyDigits { .. }) => too_many,
            other => return other,
        };
        let text = text.trim();
        let value: f64 = text.parse().map_err(|_| NumberError::NotANumber)?;
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i64>().map_err(|_| NumberError::NotANumber)?),
            None => (unsigned, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let decimals = (frac.len() as i64 - exponent).max(0);
        if !value.is_finite() || decimals > 40 {
            return Err(too_many);
        }
        // The number written out in plain decimals, to compare with the float printed back.
        let digits = format!("{int}{frac}");
        let point = int.len() as i64 + exponent;
        let plain = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        let (plain_int, plain_frac) = plain.split_once('.').unwrap_or((&plain, ""));
        let plain_int = plain_int.trim_start_matches('0');
        let written = format!(
            "{}{}{}{plain_frac:0<width$}",
            if negative { "-" } else { "" },
            if plain_int.is_empty() { "0" } else { plain_int },
            if decimals > 0 { "." } else { "" },
            width = decimals as usize
        );
        let printed = format!("{:.*}", decimals as usize, value);
        if printed == written {
            Ok(Number {
                value,
                decimals: decimals as u8,
            })
        } else {
            Err(too_many)
        }
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
    /// What the link to `url` says (Open SDG's `source_url_text_<n>`); without it the title
    /// is the link.
    pub link_text: Text,
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
    /// Whether the reform-review form (STT · target · result · Đạt/Không đạt) is published.
    pub review_form: bool,
    /// The EU data theme of its indicators in catalogues, unless an indicator names its own.
    pub data_theme: Option<String>,
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
    /// Which series of the assessed indicator the target is judged on.
    pub coverage: Coverage,
    /// The line of the goal file where `assess` is written, for messages.
    pub coverage_line: Option<usize>,
}

/// Which series of its indicator a target is judged on (`assess` in the goal file).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Coverage {
    /// The total when the indicator has one; otherwise every series it has, the strictest
    /// reading, since picking one would judge the target on part of what it covers.
    #[default]
    Default,
    /// One series, named by its dimension values (the other dimensions blank); none named is
    /// the total.
    Series(BTreeMap<String, String>),
    /// Every value of one dimension (all levels of government): met only when each series
    /// is, insufficient data when any has no value.
    Every(String),
    /// The indicator's headline series, as Open SDG measures progress: its total, where
    /// selector columns (units, series) take their first value.
    Headline,
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
    /// The EU data theme catalogues classify it under, when it names its own.
    pub data_theme: Option<String>,
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
    /// The layer (an id of [`Portal::maps`]) its regional figures are mapped on.
    pub map: Option<String>,
    /// Titles, axis limits and lines for its chart (Open SDG's `graph_titles`,
    /// `graph_limits`, `graph_target_lines` and `graph_annotations`).
    pub chart_options: ChartOptions,
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

/// What an indicator's chart shows beyond its data, each item for the charts of one unit or
/// series, or of all.
#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    pub titles: Vec<Scoped<Text>>,
    /// The values the value axis spans at least: `[minimum, maximum]`.
    pub limits: Vec<Scoped<[Option<f64>; 2]>>,
    /// Horizontal lines at a value, with their label.
    pub lines: Vec<Scoped<(f64, Text)>>,
    /// Vertical lines across the time axis, with their label (a change of method, a census):
    /// Open SDG's vertical `graph_annotations`, placed as open-sdg places them: by position
    /// among the chart's periods (`3`, the fourth; `2.5`, between the third and the fourth) or
    /// by a period's label, as written.
    pub moments: Vec<Scoped<(String, Text)>>,
    /// Series breaks, placed as open-sdg places them: by position among the chart's periods
    /// (`8.5` is between the ninth and the tenth). Lines are not joined across them and no
    /// rise or fall is read across them.
    pub breaks: Vec<Scoped<f64>>,
    /// Dimension values whose series the chart shows from the start, beside the headline
    /// (Open SDG's `data_start_values`): `(column, code)`, each matched as written or by its
    /// label.
    pub start_values: Vec<(String, String)>,
}

/// A chart setting limited to the series whose unit and series codes are these (`None`, or
/// blank, for any).
#[derive(Debug, Clone)]
pub struct Scoped<T> {
    pub unit: Option<String>,
    pub series: Option<String>,
    pub value: T,
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

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportingStatus {
    Complete,
    InProgress,
    NotStarted,
    /// The indicator does not apply to the country (Open SDG's common custom status
    /// `notapplicable`): no data is expected.
    NotApplicable,
    /// A status the portal names itself (Open SDG's custom status types): its code, a slug
    /// safe in class names and anchors, labelled by [`ReportingOverview::status_labels`].
    /// chiso's own format has only the four above.
    Other(String),
}

impl ReportingStatus {
    pub const BUILT_IN: [ReportingStatus; 4] = [
        ReportingStatus::Complete,
        ReportingStatus::InProgress,
        ReportingStatus::NotStarted,
        ReportingStatus::NotApplicable,
    ];

    pub fn code(&self) -> &str {
        match self {
            ReportingStatus::Complete => "complete",
            ReportingStatus::InProgress => "in-progress",
            ReportingStatus::NotStarted => "not-started",
            ReportingStatus::NotApplicable => "not-applicable",
            ReportingStatus::Other(code) => code,
        }
    }

    /// The statuses pages list for `indicators`: the three every portal has, "not
    /// applicable" when some indicator has it, then the portal's own by code.
    pub fn listed(indicators: &[Indicator]) -> Vec<ReportingStatus> {
        let own: BTreeSet<&ReportingStatus> = indicators
            .iter()
            .map(|i| &i.reporting_status)
            .filter(|s| matches!(s, ReportingStatus::Other(_)))
            .collect();
        ReportingStatus::BUILT_IN
            .into_iter()
            .filter(|s| {
                *s != ReportingStatus::NotApplicable
                    || indicators.iter().any(|i| i.reporting_status == *s)
            })
            .chain(own.into_iter().cloned())
            .collect()
    }
}

impl Serialize for ReportingStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// chiso's own files name one of the built-in statuses by its code.
impl<'de> serde::Deserialize<'de> for ReportingStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const CODES: &[&str] = &["complete", "in-progress", "not-started", "not-applicable"];
        let code = <String as serde::Deserialize>::deserialize(deserializer)?;
        ReportingStatus::BUILT_IN
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| serde::de::Error::unknown_variant(&code, CODES))
    }
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
    /// Not comparable with the observation before it: a change of method, of coverage, or a
    /// figure from a source that disagrees with the earlier one (SDMX `OBS_STATUS` B). Charts
    /// do not join a line across it, and no rise, fall or progress is measured across it.
    Break,
}

impl ObservationStatus {
    pub const ALL: [ObservationStatus; 8] = [
        ObservationStatus::Estimate,
        ObservationStatus::Approx,
        ObservationStatus::MoreThan,
        ObservationStatus::AtLeast,
        ObservationStatus::LessThan,
        ObservationStatus::Derived,
        ObservationStatus::Provisional,
        ObservationStatus::Break,
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
            ObservationStatus::Break => "break",
        }
    }

    /// Whether the number itself is qualified (an estimate, "more than"…), so that an exact
    /// figure for the same period is preferred. A break qualifies the comparison, not the
    /// number.
    pub fn qualifies_the_value(self) -> bool {
        self != ObservationStatus::Break
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

    /// Every form a spreadsheet or statistics package writes, and what is published for it.
    #[test]
    fn numbers_are_published_exactly_as_written() {
        let cases = [
            ("30.86", "30.86"),
            ("100", "100"),
            ("-0.5", "-0.5"),
            ("+5", "5"),
            ("0.50", "0.50"),
            ("100.000", "100.000"),
            ("1.", "1"),
            (".5", "0.5"),
            ("-.25", "-0.25"),
            ("007", "7"),
            ("0", "0"),
            ("-0", "-0"),
            ("0.000", "0.000"),
            ("1.5E-3", "0.0015"),
            ("1.5e-3", "0.0015"),
            ("1E-07", "0.0000001"),
            ("2.5e-1", "0.25"),
            ("2.50e-1", "0.250"),
            ("1e3", "1000"),
            ("1.5E+3", "1500"),
            ("1.25e1", "12.5"),
            ("12e-2", "0.12"),
            ("-4.2E2", "-420"),
            ("0.1", "0.1"),
            ("0.3", "0.3"),
            ("123456789012345", "123456789012345"),
            ("1234567890.12345", "1234567890.12345"),
            ("0.000000000000000000123", "0.000000000000000000123"),
            ("999999999999999", "999999999999999"),
            ("1e14", "100000000000000"),
            ("  42  ", "42"),
            ("5e0", "5"),
        ];
        for (written, published) in cases {
            let number = Number::read(written).unwrap_or_else(|e| panic!("{written}: {e:?}"));
            let machine = format!("{:.*}", number.decimals as usize, number.value);
            assert_eq!(machine, published, "{written}");
        }
    }

    #[test]
    fn numbers_that_cannot_be_kept_exactly_are_refused() {
        for (written, digits) in [
            ("12345678901234567890", 20),
            ("1e308", 309),
            ("1e15", 16),
            ("0.1000000000000000000", 19),
            ("1234567890123456", 16),
        ] {
            assert_eq!(
                Number::read(written),
                Err(NumberError::TooManyDigits { digits }),
                "{written}"
            );
        }
        assert!(
            NumberError::TooManyDigits { digits: 20 }
                .expected()
                .contains("at most 15 digits")
        );
    }

    #[test]
    fn a_computed_floats_digits_are_kept_as_written_where_floats_are_read() {
        for (written, published) in [
            ("-0.22999999999999998", "-0.22999999999999998"),
            ("0.30000000000000004", "0.30000000000000004"),
            ("1.2345678901234567e-3", "0.0012345678901234567"),
            ("30.86", "30.86"),
        ] {
            let number = Number::read_float(written).unwrap_or_else(|e| panic!("{written}: {e:?}"));
            assert_eq!(
                format!("{:.*}", number.decimals as usize, number.value),
                published
            );
        }
        // Digits no float holds are still refused: publishing them would change the figure.
        for written in ["12345678901234567890", "0.1000000000000000000", "1e308"] {
            assert!(
                matches!(
                    Number::read_float(written),
                    Err(NumberError::TooManyDigits { .. })
                ),
                "{written}"
            );
        }
    }

    #[test]
    fn words_and_locale_numbers_are_not_numbers() {
        for bad in [
            "", "abc", "30,86", "1 000", "NaN", "inf", "12%", ".", "-", "1e", "e5", "1e+", "1.2.3",
            "0x10", "1_000", "1e99999",
        ] {
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
