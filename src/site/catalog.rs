//! What catalogues, feeds, sitemaps and pages say about each indicator and dataset: one
//! [`Entry`] each, built once before the files are written, so `data.json`, DCAT-AP, the
//! Data Packages, the Atom feed and the pages' schema.org metadata all agree.

use super::columns::{Column, dataset_columns, indicator_columns};
use crate::compute::Computed;
use crate::model::{Citation as SourceCitation, Dataset, Indicator, Period, Portal, Text};
use crate::site::urls::{Downloads, PagePath};
use crate::theme::Theme;
use crate::theme::i18n::Translator;
use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use strum::EnumCount;

/// The formats every indicator and dataset is published in. Each has one writer
/// (`export::formats::writer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, EnumCount)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
    /// The CSVW metadata sidecar of the CSV (`<file>.csv-metadata.json`).
    Csvw,
    /// A Frictionless Data Package describing the CSV.
    DataPackage,
    /// The boundary layer of the indicator's map with each region's latest figure: only
    /// indicators with a map and a regional figure have it.
    GeoJson,
    /// SDMX-ML 2.1 structure-specific data, its structure in the portal's
    /// `data/sdmx/structure.xml`: indicators only.
    SdmxMl,
    /// SDMX-JSON 1.0 data, which carries its structure: indicators only.
    SdmxJson,
}

impl Format {
    /// Every format, in the order downloads are listed (a new format does not compile until
    /// it is placed here).
    pub const ALL: [Format; Format::COUNT] = [
        Format::Csv,
        Format::Json,
        Format::Xlsx,
        Format::Csvw,
        Format::DataPackage,
        Format::GeoJson,
        Format::SdmxMl,
        Format::SdmxJson,
    ];

    /// The end of the file name, after the id.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Csvw => "csv-metadata.json",
            Format::DataPackage => "datapackage.json",
            Format::GeoJson => "geojson",
            Format::SdmxMl => "sdmx.xml",
            Format::SdmxJson => "sdmx.json",
        }
    }

    /// Whether datasets are published in the format too: not the formats of indicators'
    /// dimensions and regions.
    pub fn for_datasets(self) -> bool {
        !matches!(self, Format::GeoJson | Format::SdmxMl | Format::SdmxJson)
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json | Format::DataPackage => "application/json",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csvw => "application/csvm+json",
            Format::GeoJson => "application/geo+json",
            Format::SdmxMl => "application/vnd.sdmx.structurespecificdata+xml",
            Format::SdmxJson => "application/vnd.sdmx.data+json",
        }
    }

    /// The name people know the format by.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::Xlsx => "XLSX",
            Format::Csvw => "CSVW",
            Format::DataPackage => "Data Package",
            Format::GeoJson => "GeoJSON",
            Format::SdmxMl => "SDMX-ML",
            Format::SdmxJson => "SDMX-JSON",
        }
    }

    /// The code of the EU file-type authority list, which DCAT-AP uses for `dct:format`.
    pub fn eu_file_type(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json | Format::DataPackage => "JSON",
            Format::Xlsx => "XLSX",
            Format::Csvw => "JSON_LD",
            Format::GeoJson => "GEOJSON",
            Format::SdmxMl => "SDMX",
            Format::SdmxJson => "JSON",
        }
    }

    /// The key of the format's description in the theme's strings.
    pub fn key(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Csvw => "csvw",
            Format::DataPackage => "datapackage",
            Format::GeoJson => "geojson",
            Format::SdmxMl => "sdmx_ml",
            Format::SdmxJson => "sdmx_json",
        }
    }
}

/// The media type a server should send `path` with: a download's from its [`Format`], every
/// other file the site writes from its extension. Text types say they are UTF-8.
pub fn media_type_of(path: &str) -> &'static str {
    let download = Format::ALL
        .into_iter()
        .filter(|f| path.ends_with(&format!(".{}", f.extension())))
        .max_by_key(|f| f.extension().len());
    if let Some(format) = download {
        return match format {
            Format::Csv => "text/csv; charset=utf-8",
            other => other.media_type(),
        };
    }
    match path.rsplit_once('.').map_or("", |(_, extension)| extension) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "jsonld" => "application/ld+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "txt" => "text/plain; charset=utf-8",
        "ttl" => "text/turtle; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The size of a written file, and the SHA-256 hash of a CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    pub bytes: u64,
    /// Lower-case hex, for CSVs: what Data Packages and DCAT checksums describe.
    pub sha256: Option<String>,
}

impl FileFacts {
    pub fn of(path: &str, contents: &[u8]) -> FileFacts {
        FileFacts {
            bytes: contents.len() as u64,
            sha256: path
                .ends_with(".csv")
                .then(|| hex(&Sha256::digest(contents))),
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file the export wrote, by output path.
pub type Written = BTreeMap<String, FileFacts>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Indicator,
    Dataset,
}

/// When an entry's data last changed, and how that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modified {
    pub date: NaiveDate,
    pub basis: Basis,
}

/// Where a "last updated" date comes from, best first. Never the build time: harvesters
/// re-import every dataset whose date changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// When the data last changed (`compute`'s `last_updated`: metadata `updated`, git).
    DataChanged,
    /// No update date is recorded: the date of the newest source document the data cites
    /// (the first day of it when the document gives only a year or a month).
    NewestSource,
    /// Neither: the newest date of the other entries of the portal, or, in a portal without
    /// any date, the date statuses are assessed at.
    Portal,
}

impl Basis {
    pub fn code(self) -> &'static str {
        match self {
            Basis::DataChanged => "data",
            Basis::NewestSource => "source",
            Basis::Portal => "portal",
        }
    }
}

/// One indicator or dataset as catalogues describe it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// The position among the portal's indicators or datasets.
    pub index: usize,
    pub id: String,
    pub page: PagePath,
    pub title: Text,
    /// Never empty: the title when there is no definition or description.
    pub description: Text,
    /// Per language.
    pub keywords: BTreeMap<String, Vec<String>>,
    pub modified: Modified,
    /// The first and last day the data covers, when known.
    pub temporal: Option<(NaiveDate, NaiveDate)>,
    /// Output paths of the entry's files, by format.
    pub files: BTreeMap<Format, String>,
    pub sources: Vec<SourceCitation>,
    pub version: Option<String>,
    /// The unit of the measured values (indicators).
    pub unit: Option<String>,
    /// The columns of the CSV, described.
    pub columns: Vec<Column>,
    /// Its EU data theme: the indicator's own, its first goal's, or the portal's.
    pub data_theme: Option<String>,
    /// Whether it holds any value: an indicator without one has its page and files, but is
    /// no dataset for harvesters (no `data.json` or DCAT-AP entry, no "data updated" feed
    /// entry) until it has data.
    pub holds_data: bool,
}

impl Entry {
    /// The stable identifier catalogues use: the absolute URL of the page in the default
    /// language.
    pub fn identifier(&self, portal: &Portal) -> String {
        absolute_page_url(portal, &self.page, portal.config.default_lang())
    }

    pub fn csv(&self) -> &str {
        &self.files[&Format::Csv]
    }
}

/// Every entry of the portal with the files written.
#[derive(Debug, Default)]
pub struct Catalog {
    pub indicators: Vec<Entry>,
    pub datasets: Vec<Entry>,
    pub written: Written,
}

impl Catalog {
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.indicators.iter().chain(&self.datasets)
    }

    /// The entries harvesters catalogue as datasets: those that hold data.
    pub fn catalogued(&self) -> impl Iterator<Item = &Entry> {
        self.entries().filter(|e| e.holds_data)
    }

    pub fn indicator(&self, index: usize) -> &Entry {
        &self.indicators[index]
    }

    pub fn dataset(&self, id: &str) -> Option<&Entry> {
        self.datasets.iter().find(|d| d.id == id)
    }

    pub fn bytes(&self, path: &str) -> Option<u64> {
        self.written.get(path).map(|f| f.bytes)
    }

    /// The newest "last updated" of the whole portal: the catalogue's own modification date.
    pub fn modified(&self) -> Option<NaiveDate> {
        self.entries().map(|e| e.modified.date).max()
    }

    /// Builds the entries before any file is written; the export then records what it wrote
    /// (and the time span each dataset covers, learned while streaming it).
    pub fn new(portal: &Portal, computed: &Computed, labels: &Labels) -> Catalog {
        let mut indicators: Vec<Entry> = portal
            .indicators
            .par_iter()
            .zip(&computed.indicators)
            .enumerate()
            .map(|(index, (indicator, facts))| {
                indicator_entry(portal, index, indicator, facts, labels)
            })
            .collect();
        let mut datasets: Vec<Entry> = portal
            .datasets
            .iter()
            .zip(&computed.datasets)
            .enumerate()
            .map(|(index, (dataset, facts))| dataset_entry(portal, index, dataset, facts, labels))
            .collect();
        resolve_unknown_dates(computed, &mut indicators, &mut datasets);
        Catalog {
            indicators,
            datasets,
            written: Written::new(),
        }
    }
}

/// The description catalogues require: the text, or, when there is none, the title and the
/// words "no definition published", so that no description merely repeats the title and none
/// is invented.
fn described(text: &Text, title: &Text, labels: &Labels) -> Text {
    if text.is_empty() || text == title {
        labels.fill("publishing.no_definition", &[("title", title)])
    } else {
        text.clone()
    }
}

/// The most rows an XLSX worksheet holds, header included: a larger dataset has no workbook.
const XLSX_MAX_ROWS: u64 = 1_048_576;
/// The most columns an XLSX worksheet holds.
const XLSX_MAX_COLUMNS: usize = 16_384;

fn dataset_entry(
    portal: &Portal,
    index: usize,
    dataset: &Dataset,
    facts: &crate::compute::DatasetFacts,
    labels: &Labels,
) -> Entry {
    let fits_a_sheet =
        dataset.profile.rows < XLSX_MAX_ROWS && dataset.profile.columns.len() <= XLSX_MAX_COLUMNS;
    let files = Format::ALL
        .into_iter()
        .filter(|f| f.for_datasets() && (*f != Format::Xlsx || fits_a_sheet))
        .map(|f| (f, Downloads::dataset_file(&dataset.id, f)))
        .collect();
    let default_lang = portal.config.default_lang();
    let mut keywords: BTreeMap<String, Vec<String>> = portal
        .config
        .languages
        .iter()
        .map(|lang| {
            let words = dataset
                .keywords
                .get(lang)
                .or_else(|| dataset.keywords.get(default_lang))
                .cloned()
                .unwrap_or_default();
            (lang.clone(), words)
        })
        .collect();
    for words in keywords.values_mut() {
        if words.is_empty() {
            words.push(dataset.id.clone());
        }
    }
    Entry {
        data_theme: portal.config.catalogue.data_theme.clone(),
        holds_data: true,
        kind: Kind::Dataset,
        index,
        id: dataset.id.clone(),
        page: PagePath::Dataset(dataset.id.clone()),
        title: dataset.title.clone(),
        description: described(&dataset.description, &dataset.title, labels),
        keywords,
        modified: modified(portal, facts.last_updated, dataset.source.iter()),
        temporal: None,
        files,
        sources: dataset.source.iter().cloned().collect(),
        version: None,
        unit: None,
        columns: dataset_columns(dataset),
    }
}

fn indicator_entry(
    portal: &Portal,
    index: usize,
    indicator: &Indicator,
    facts: &crate::compute::IndicatorFacts,
    labels: &Labels,
) -> Entry {
    let mapped = facts.regional.is_some();
    let files = Format::ALL
        .into_iter()
        .filter(|f| *f != Format::GeoJson || mapped)
        .map(|f| (f, Downloads::indicator_file(&indicator.id, f)))
        .collect();
    let default_lang = portal.config.default_lang();
    let unit = portal.units.get(&indicator.unit);
    let keywords = portal
        .config
        .languages
        .iter()
        .map(|lang| {
            let mut words = vec![indicator.id.clone()];
            words.extend(
                facts
                    .goals
                    .iter()
                    .filter_map(|id| portal.goals.iter().find(|g| &g.id == id))
                    .map(|g| g.title.get(lang, default_lang).to_string()),
            );
            if let Some(unit) = unit {
                words.push(unit.label.get(lang, default_lang).to_string());
            }
            words.retain(|w| !w.trim().is_empty());
            words.dedup();
            (lang.clone(), words)
        })
        .collect();
    let temporal = indicator
        .observations
        .iter()
        // Free-text periods (other formats' labels) have no dates to cover.
        .filter_map(|o| o.period.dates())
        .reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)));
    let goal_theme = facts.goals.iter().find_map(|id| {
        portal
            .goals
            .iter()
            .find(|g| &g.id == id)
            .and_then(|g| g.data_theme.clone())
    });
    Entry {
        data_theme: indicator
            .data_theme
            .clone()
            .or(goal_theme)
            .or_else(|| portal.config.catalogue.data_theme.clone()),
        holds_data: indicator.observations.iter().any(|o| o.value.is_some()),
        kind: Kind::Indicator,
        index,
        id: indicator.id.clone(),
        page: PagePath::Indicator(indicator.id.clone()),
        title: indicator.name.clone(),
        description: described(&indicator.definition, &indicator.name, labels),
        keywords,
        modified: modified(
            portal,
            facts.last_updated,
            indicator.sources.iter().map(|s| &s.citation),
        ),
        temporal,
        files,
        sources: indicator
            .sources
            .iter()
            .map(|s| s.citation.clone())
            .collect(),
        version: indicator.version.clone(),
        unit: Some(indicator.unit.clone()),
        columns: indicator_columns(portal, indicator, labels),
    }
}

/// The first two rules of [`Basis`]; entries that know neither get a placeholder that
/// [`resolve_unknown_dates`] replaces.
fn modified<'a>(
    portal: &Portal,
    last_updated: Option<NaiveDate>,
    citations: impl Iterator<Item = &'a SourceCitation>,
) -> Modified {
    if let Some(date) = last_updated {
        return Modified {
            date,
            basis: Basis::DataChanged,
        };
    }
    let newest_source = citations
        .filter_map(|c| portal.documents.iter().find(|d| d.id == c.document))
        .filter_map(|d| d.date.as_deref().and_then(Period::parse))
        .map(|p| p.start())
        .max();
    match newest_source {
        Some(date) => Modified {
            date,
            basis: Basis::NewestSource,
        },
        None => Modified {
            date: NaiveDate::MIN,
            basis: Basis::Portal,
        },
    }
}

fn resolve_unknown_dates(computed: &Computed, indicators: &mut [Entry], datasets: &mut [Entry]) {
    let known = indicators
        .iter()
        .chain(datasets.iter())
        .filter(|e| e.modified.basis != Basis::Portal)
        .map(|e| e.modified.date)
        .max();
    let fallback = known.unwrap_or(computed.as_of);
    for entry in indicators.iter_mut().chain(datasets.iter_mut()) {
        if entry.modified.basis == Basis::Portal {
            entry.modified.date = fallback;
        }
    }
}

/// The absolute URL of a page, as catalogues link to it.
pub fn absolute_page_url(portal: &Portal, page: &PagePath, lang: &str) -> String {
    format!("{}{}", portal.config.base_url, page.url(lang))
}

/// The absolute URL of a file of the output.
pub fn absolute_url(portal: &Portal, path: &str) -> String {
    format!("{}{}", portal.config.base_url, Downloads::url(path))
}

/// The theme's strings in every language, for the labels machine formats carry.
pub struct Labels {
    translators: Vec<Translator>,
}

impl Labels {
    pub fn new(portal: &Portal, theme: &Theme) -> Labels {
        Labels {
            translators: portal
                .config
                .languages
                .iter()
                .map(|lang| Translator::new(lang, &theme.strings))
                .collect(),
        }
    }

    pub fn translators(&self) -> &[Translator] {
        &self.translators
    }

    /// The string `key` in every language.
    pub fn text(&self, key: &str) -> Text {
        self.fill(key, &[])
    }

    /// The string `key` in every language, with placeholders filled by text in the same
    /// language.
    pub fn fill(&self, key: &str, values: &[(&str, &Text)]) -> Text {
        let default_lang = self.translators.first().map_or("", |t| t.lang.as_str());
        Text::from_pairs(self.translators.iter().map(|t| {
            let values: Vec<(&str, &str)> = values
                .iter()
                .map(|(name, text)| (*name, text.get(&t.lang, default_lang)))
                .collect();
            (t.lang.clone(), t.fill(key, &values))
        }))
    }
}

/// How to cite an indicator or dataset, in one language.
pub struct Citation {
    pub short: String,
    pub full: String,
}

pub fn citation(portal: &Portal, entry: &Entry, t: &Translator) -> Citation {
    use chrono::Datelike;
    let config = &portal.config;
    let default_lang = config.default_lang();
    let year = entry.modified.date.year().to_string();
    let date = entry.modified.date.to_string();
    let url = absolute_page_url(portal, &entry.page, &t.lang);
    let values = [
        (
            "publisher",
            config.publisher.name.get(&t.lang, default_lang),
        ),
        ("year", year.as_str()),
        ("title", entry.title.get(&t.lang, default_lang)),
        ("portal", config.title.get(&t.lang, default_lang)),
        ("date", date.as_str()),
        ("license", config.license.name.as_str()),
        ("url", url.as_str()),
    ];
    Citation {
        short: t.fill("publishing.cite_short", &values),
        full: t.fill("publishing.cite_full", &values),
    }
}

/// Text as a sentence: with a full stop at the end unless it ends with punctuation already.
pub fn as_sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::media_type_of;

    #[test]
    fn files_are_served_with_the_media_type_of_their_format() {
        for (path, media_type) in [
            ("data/indicators/a.csv", "text/csv; charset=utf-8"),
            (
                "data/indicators/a.csv-metadata.json",
                "application/csvm+json",
            ),
            ("data/indicators/a.datapackage.json", "application/json"),
            ("data/indicators/a.json", "application/json"),
            (
                "data/indicators/a.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("vi/index.html", "text/html; charset=utf-8"),
            ("catalog.ttl", "text/turtle; charset=utf-8"),
            ("charts/a.png", "image/png"),
            ("a.unknown", "application/octet-stream"),
        ] {
            assert_eq!(media_type_of(path), media_type, "{path}");
        }
    }
}
