//! The portal's files as parsed, before validation: TOML documents with the positions of their
//! values, and CSV tables with the line of every row.

use crate::model::config::SiteConfig;
use crate::model::{
    ChartKind, Comparison, DatasetProfile, DeclaredStatus, ProgressScale, ReportingStatus,
    RevisionKind, Text,
};
use crate::problem::Position;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;

/// Everything read from a portal folder.
#[derive(Debug)]
pub struct RawPortal {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub sources: Option<Parsed<RawSources>>,
    pub units: Option<Parsed<BTreeMap<String, RawUnit>>>,
    pub agencies: Option<Parsed<RawAgencies>>,
    pub goals: Vec<Parsed<RawGoal>>,
    pub indicators: Vec<RawIndicatorFiles>,
    pub tasks: Option<CsvTable>,
    pub datasets: Vec<RawDataset>,
    pub maps: Vec<RawMapFiles>,
    pub content: Vec<RawMarkdown>,
}

/// A boundary layer's metadata and the text of the GeoJSON file it names (`None` when that
/// could not be read: the problem is reported).
#[derive(Debug)]
pub struct RawMapFiles {
    pub meta: Parsed<RawMapLayer>,
    pub geojson: Option<(PathBuf, String)>,
}

/// `data/maps/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMapLayer {
    pub name: Text,
    /// The GeoJSON file, relative to this file's folder.
    pub file: Spanned<String>,
    /// The feature property holding each region's code.
    pub code: Spanned<String>,
    /// The feature property holding each region's name, per language (`{ vi = "ten", en =
    /// "name_en" }`); a language without one shows the default language's name.
    pub names: BTreeMap<String, String>,
    /// The dimension column of indicators' data whose codes are the regions' codes.
    pub dimension: Spanned<String>,
    #[serde(default)]
    pub attribution: Text,
}

/// A parsed TOML file with its text, so spans can be turned into lines and columns.
#[derive(Debug)]
pub struct Parsed<T> {
    pub rel: PathBuf,
    /// The file name without extension: the id of what the file describes.
    pub stem: String,
    pub text: String,
    pub value: T,
    /// The language keys of the file's texts (`title = { vi = …, en = … }`), checked against
    /// the portal's languages once they are known.
    pub language_keys: Vec<String>,
}

impl<T> Parsed<T> {
    pub fn position(&self, span: Range<usize>) -> Position {
        Position::of_offset(&self.text, span.start)
    }
}

/// A CSV file: its header and rows, each row with its line number.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub rel: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<CsvRow>,
}

#[derive(Debug, Clone)]
pub struct CsvRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl CsvTable {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSources {
    #[serde(default)]
    pub document: Vec<RawDocument>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    pub id: Spanned<String>,
    pub title: Text,
    #[serde(default)]
    pub publisher: Text,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub link_text: Text,
    #[serde(default)]
    pub note: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub label: Text,
    pub symbol: Option<String>,
    /// The values a target in this unit can aim at, `[lowest, highest]`; default `[0, 100]`
    /// for a unit whose symbol is `%`, else any.
    pub range: Option<[f64; 2]>,
    #[serde(default)]
    pub progress: ProgressScale,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgencies {
    #[serde(default)]
    pub agency: Vec<RawAgency>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgency {
    pub id: Spanned<String>,
    pub name: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    pub document: Spanned<String>,
    #[serde(default)]
    pub locator: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    pub id: Option<Spanned<String>>,
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    pub order: Option<i64>,
    pub source: Option<RawCitation>,
    /// Publish the reform-review form (Phụ lục 6b) for this goal's targets.
    #[serde(default)]
    pub review_form: bool,
    /// The EU data theme of the goal's indicators, over the portal's.
    pub data_theme: Option<Spanned<String>>,
    #[serde(default)]
    pub targets: Vec<RawTarget>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub id: Spanned<String>,
    pub title: Text,
    #[serde(default)]
    pub indicators: Vec<Spanned<String>>,
    pub value: Option<Spanned<f64>>,
    pub comparison: Option<Comparison>,
    pub unit: Option<Spanned<String>>,
    pub deadline: Option<Spanned<String>>,
    pub baseline: Option<RawBaseline>,
    pub source: Option<RawCitation>,
    #[serde(default)]
    pub note: Text,
    pub declared: Option<RawDeclared>,
    /// Which series of the indicator the target is judged on: `"total"`, one series
    /// (`{ agency = "bo-a" }`) or every value of a dimension (`{ every = "level" }`).
    pub assess: Option<Spanned<RawAssess>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "\"total\", { every = \"<dimension>\" } or { <dimension> = \"<value>\" }"
)]
pub enum RawAssess {
    Word(String),
    Series(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBaseline {
    pub value: f64,
    pub period: Spanned<String>,
    pub source: Option<RawCitation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeclared {
    pub status: DeclaredStatus,
    pub date: Spanned<String>,
    #[serde(default)]
    pub evidence: Text,
    pub source: Option<RawCitation>,
}

/// An indicator's two files; either may be missing.
#[derive(Debug)]
pub struct RawIndicatorFiles {
    pub id: String,
    pub meta_rel: PathBuf,
    /// Whether the metadata file exists (it may exist and still fail to parse).
    pub meta_exists: bool,
    pub meta: Option<Parsed<RawIndicator>>,
    pub data: Option<CsvTable>,
    /// Whether the observations file exists (it may exist and still fail to parse, and what
    /// depends on its columns is then not checked: the parse problem is the one cause).
    pub data_exists: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Option<Spanned<String>>,
    pub name: Text,
    pub unit: Spanned<String>,
    #[serde(default)]
    pub definition: Text,
    pub reporting_status: Option<ReportingStatus>,
    pub version: Option<String>,
    pub order: Option<i64>,
    #[serde(default)]
    pub goals: Vec<Spanned<String>>,
    #[serde(default)]
    pub targets: Vec<Spanned<String>>,
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub revisions: Vec<RawRevision>,
    #[serde(default)]
    pub display: RawDisplay,
    #[serde(default)]
    pub sources: Vec<RawIndicatorSource>,
    #[serde(default)]
    pub dimensions: BTreeMap<String, Spanned<RawDimension>>,
    #[serde(default)]
    pub target_values: Vec<RawTargetValue>,
    /// Years the data may hold beyond the usual range (1900 to the assessment date): history
    /// from earlier, or projections after it.
    #[serde(default)]
    pub years: RawYears,
    /// The EU data theme of this indicator, over its goal's and the portal's.
    pub data_theme: Option<Spanned<String>>,
}

/// `years = { from = 1850, to = 2050 }`.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawYears {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// A `[[revisions]]` entry of an indicator or dataset.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevision {
    pub date: Spanned<String>,
    pub kind: RevisionKind,
    pub note: Spanned<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDisplay {
    #[serde(default)]
    pub chart: ChartKind,
    pub decimals: Option<u8>,
    /// The boundary layer (`data/maps/<id>.toml`) the regional figures are mapped on.
    pub map: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicatorSource {
    pub id: Spanned<String>,
    pub document: Spanned<String>,
    #[serde(default)]
    pub locator: String,
    #[serde(default)]
    pub note: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub values: BTreeMap<String, Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargetValue {
    pub period: Spanned<String>,
    pub value: f64,
    #[serde(default = "at_least")]
    pub comparison: Comparison,
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Text,
}

fn at_least() -> Comparison {
    Comparison::AtLeast
}

#[derive(Debug)]
pub struct RawDataset {
    pub meta: Parsed<RawDatasetMeta>,
    /// The data file, relative to the portal, once its path was found safe.
    pub data_rel: Option<PathBuf>,
    pub profile: Option<DatasetProfile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatasetMeta {
    pub id: Option<Spanned<String>>,
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    pub file: Option<Spanned<String>>,
    pub source: Option<RawCitation>,
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub revisions: Vec<RawRevision>,
    #[serde(default)]
    pub keywords: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub columns: BTreeMap<String, RawColumnDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumnDoc {
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub description: Text,
    /// The column's type, when what the cells look like would mislead (codes such as `001`
    /// are text); a declared type wins over the inferred one.
    #[serde(rename = "type")]
    pub kind: Option<crate::model::ColumnType>,
}

/// A Markdown file of `content/<lang>/`.
#[derive(Debug)]
pub struct RawMarkdown {
    pub rel: PathBuf,
    pub lang: String,
    /// The path inside the language folder, without `.md`, with `/` separators.
    pub path: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
}
