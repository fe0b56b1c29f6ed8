//! Stage 2, **validate**: turn the raw files into the [`Portal`] model, checking what the
//! parser cannot: ids, references between files, periods, numbers, duplicates and required
//! fields. Every problem is collected; nothing stops at the first.

mod content;
mod goals;
mod indicators;
pub mod maps;
pub mod portal;
mod revisions;
mod tasks;

use crate::load::raw::{Parsed, RawCitation, RawDataset, RawPortal};
use crate::model::{
    Agency, Citation, Dataset, Document, Number, PERIOD_FORMS, Period, Portal, Text, Unit, WEB_URL,
    check_id, check_web_url,
};
use crate::problem::{Position, Problem, Problems, quoted};
use chrono::Datelike;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// The ids every file may refer to, known before any file is checked against them.
pub(crate) struct Registry {
    documents: BTreeSet<String>,
    units: BTreeSet<String>,
    agencies: BTreeSet<String>,
    indicators: BTreeSet<String>,
    goals: BTreeSet<String>,
    targets: BTreeSet<String>,
    /// The portal's languages, the default first.
    languages: Vec<String>,
    /// The values targets in a unit can aim at, for the units that bound them.
    unit_ranges: BTreeMap<String, [f64; 2]>,
    /// The configured assessment date, and where it is set, for messages.
    as_of: Option<(chrono::NaiveDate, String)>,
    /// The boundary layers indicators may map their figures on.
    maps: BTreeMap<String, maps::LayerKeys>,
}

/// Years before this are mistakes unless an indicator declares them (`years.from`).
pub(crate) const EARLIEST_YEAR: i32 = 1900;

pub fn validate(raw: RawPortal, problems: &mut Problems) -> Portal {
    let documents = documents(&raw, problems);
    let units = units(&raw, problems);
    let agencies = agencies(&raw, problems);
    let indicator_ids = indicators::ids(&raw.indicators, problems);
    let layers = maps::validate(&raw.maps, problems);
    let mut registry = Registry {
        maps: maps::keys(&raw.maps, &layers),
        documents: documents.iter().map(|d| d.id.clone()).collect(),
        units: units.keys().cloned().collect(),
        agencies: agencies.iter().map(|a| a.id.clone()).collect(),
        indicators: indicator_ids,
        goals: BTreeSet::new(),
        targets: BTreeSet::new(),
        languages: raw.config.languages.clone(),
        unit_ranges: unit_ranges(&raw),
        as_of: raw
            .config
            .status
            .as_of_date()
            .zip(raw.config.status.as_of_described()),
    };
    let goals = goals::validate(&raw.goals, &registry, problems);
    registry.goals = goals.iter().map(|g| g.id.clone()).collect();
    registry.targets = goals
        .iter()
        .flat_map(|g| g.targets.iter().map(|t| t.id.clone()))
        .collect();

    let indicators = indicators::validate(&raw.indicators, &registry, problems);
    let tasks = raw
        .tasks
        .as_ref()
        .map(|t| tasks::validate(t, &registry, &raw.config.languages, problems))
        .unwrap_or_default();
    let datasets = datasets(&raw.datasets, &registry, problems);
    let content = content::validate(raw.content, &registry, problems);

    Portal {
        root: raw.root,
        config: raw.config,
        documents,
        units,
        agencies,
        goals,
        indicators,
        tasks,
        datasets,
        maps: layers,
        reporting: crate::model::ReportingOverview::default(),
        content,
    }
}

fn documents(raw: &RawPortal, problems: &mut Problems) -> Vec<Document> {
    let Some(file) = &raw.sources else {
        return Vec::new();
    };
    let mut seen = Seen::default();
    file.value
        .document
        .iter()
        .filter_map(|d| {
            let id = checked_id(file, &d.id, "id", problems)?;
            seen.check(file, &d.id, problems)?;
            if d.title.is_empty() {
                problems.push(
                    Problem::new(&file.rel, "a document title", "none")
                        .at(Some(file.position(d.id.span())))
                        .field("title"),
                );
            }
            if let Some(url) = &d.url {
                if let Err(why) = check_web_url(url.get_ref()) {
                    problems.push(
                        Problem::new(
                            &file.rel,
                            WEB_URL,
                            format!("{} with {why}", quoted(url.get_ref())),
                        )
                        .at(Some(file.position(url.span())))
                        .field("url"),
                    );
                }
            }
            Some(Document {
                id,
                title: d.title.clone(),
                publisher: d.publisher.clone(),
                date: d.date.clone(),
                reference: d.reference.clone(),
                url: d
                    .url
                    .as_ref()
                    .map(|u| u.get_ref().clone())
                    .filter(|u| check_web_url(u).is_ok()),
                link_text: d.link_text.clone(),
                note: d.note.clone(),
            })
        })
        .collect()
}

/// `range` of every unit that has one; `%` units are bounded by 0 and 100 unless they say.
fn unit_ranges(raw: &RawPortal) -> BTreeMap<String, [f64; 2]> {
    let Some(file) = &raw.units else {
        return BTreeMap::new();
    };
    file.value
        .iter()
        .filter_map(|(id, unit)| {
            let percent = unit.symbol.as_deref() == Some("%");
            let range = unit.range.or(percent.then_some([0.0, 100.0]))?;
            Some((id.clone(), range))
        })
        .collect()
}

fn units(raw: &RawPortal, problems: &mut Problems) -> BTreeMap<String, Unit> {
    let Some(file) = &raw.units else {
        return BTreeMap::new();
    };
    file.value
        .iter()
        .filter_map(|(id, unit)| {
            if let Err(why) = check_id(id) {
                problems.push(Problem::new(
                    &file.rel,
                    "a unit id of letters, digits, '.', '-' or '_'",
                    format!("{} with {why}", quoted(id)),
                ));
                return None;
            }
            Some((
                id.clone(),
                Unit {
                    id: id.clone(),
                    label: unit.label.clone(),
                    symbol: unit.symbol.clone(),
                    progress: unit.progress,
                },
            ))
        })
        .collect()
}

fn agencies(raw: &RawPortal, problems: &mut Problems) -> Vec<Agency> {
    let Some(file) = &raw.agencies else {
        return Vec::new();
    };
    let mut seen = Seen::default();
    file.value
        .agency
        .iter()
        .filter_map(|a| {
            let id = checked_id(file, &a.id, "id", problems)?;
            seen.check(file, &a.id, problems)?;
            Some(Agency {
                id,
                name: a.name.clone(),
            })
        })
        .collect()
}

fn datasets(raw: &[RawDataset], registry: &Registry, problems: &mut Problems) -> Vec<Dataset> {
    let checked: Vec<(Option<Dataset>, Vec<Problem>)> = raw
        .par_iter()
        .map(|d| {
            let mut found = Problems::default();
            let file = &d.meta;
            let id = stem_id(file, file.value.id.as_ref(), &mut found);
            let source = file
                .value
                .source
                .as_ref()
                .and_then(|c| citation(file, c, registry, "source", &mut found));
            let updated = file
                .value
                .updated
                .as_ref()
                .and_then(|u| period(file, u, "updated", &mut found));
            let revisions = revisions::validate(file, &file.value.revisions, &mut found);
            if file.value.title.is_empty() && !file.text.is_empty() {
                found.push(Problem::new(&file.rel, "a dataset title", "none").field("title"));
            }
            let dataset = match (id, &d.data_rel, &d.profile) {
                (Some(id), Some(data_file), Some(profile)) => {
                    for column in file.value.columns.keys() {
                        if !profile.columns.iter().any(|c| &c.name == column) {
                            let names: Vec<&str> =
                                profile.columns.iter().map(|c| c.name.as_str()).collect();
                            found.push(
                                Problem::new(
                                    &file.rel,
                                    format!("a column of the dataset ({})", names.join(", ")),
                                    quoted(column),
                                )
                                .field(format!("columns.{column}")),
                            );
                        }
                    }
                    Some(Dataset {
                        id,
                        file: file.rel.clone(),
                        data_file: data_file.clone(),
                        title: file.value.title.clone(),
                        description: file.value.description.clone(),
                        source,
                        updated,
                        revisions,
                        keywords: file.value.keywords.clone(),
                        columns: file
                            .value
                            .columns
                            .iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    crate::model::ColumnDoc {
                                        label: v.label.clone(),
                                        description: v.description.clone(),
                                    },
                                )
                            })
                            .collect(),
                        profile: with_declared_types(profile, &file.value.columns),
                    })
                }
                _ => None,
            };
            (dataset, found.into_sorted())
        })
        .collect();
    let mut datasets = Vec::new();
    for (dataset, found) in checked {
        problems.extend(found);
        datasets.extend(dataset);
    }
    datasets.sort_by(|a, b| a.id.cmp(&b.id));
    datasets
}

/// The id of what a file describes is its file name; an `id` field, if given, must agree.
pub(crate) fn stem_id<T>(
    file: &Parsed<T>,
    declared: Option<&Spanned<String>>,
    problems: &mut Problems,
) -> Option<String> {
    if let Err(why) = check_id(&file.stem) {
        let expected =
            "a file name of letters, digits, '.', '-' or '_' (it becomes the id in URLs)";
        problems.push(Problem::new(
            &file.rel,
            expected,
            format!("{} with {why}", quoted(&file.stem)),
        ));
        return None;
    }
    if let Some(id) = declared {
        if id.get_ref() != &file.stem {
            problems.push(
                Problem::new(
                    &file.rel,
                    format!(
                        "the id {} of the file name (or no id field)",
                        quoted(&file.stem)
                    ),
                    quoted(id.get_ref()),
                )
                .at(Some(file.position(id.span())))
                .field("id"),
            );
        }
    }
    Some(file.stem.clone())
}

/// An id written in a file, checked for characters that could escape a folder.
pub(crate) fn checked_id<T>(
    file: &Parsed<T>,
    id: &Spanned<String>,
    field: &str,
    problems: &mut Problems,
) -> Option<String> {
    match check_id(id.get_ref()) {
        Ok(()) => Some(id.get_ref().clone()),
        Err(why) => {
            problems.push(
                Problem::new(
                    &file.rel,
                    "an id of letters, digits, '.', '-' or '_'",
                    format!("{} with {why}", quoted(id.get_ref())),
                )
                .at(Some(file.position(id.span())))
                .field(field),
            );
            None
        }
    }
}

/// Ids already used in one scope, with where they were first defined.
#[derive(Default)]
pub(crate) struct Seen(BTreeMap<String, String>);

impl Seen {
    /// Records the id; reports it (and returns `None`) if it was used before.
    pub(crate) fn check<T>(
        &mut self,
        file: &Parsed<T>,
        id: &Spanned<String>,
        problems: &mut Problems,
    ) -> Option<()> {
        let here = file.position(id.span());
        self.check_at(&file.rel, Some(here), id.get_ref(), "id", problems)
    }

    pub(crate) fn check_at(
        &mut self,
        rel: &Path,
        at: Option<Position>,
        id: &str,
        field: &str,
        problems: &mut Problems,
    ) -> Option<()> {
        let location = match at {
            Some(p) => format!("{}:{}", crate::problem::display_path(rel), p.line),
            None => crate::problem::display_path(rel),
        };
        match self.0.get(id) {
            Some(first) => {
                problems.push(
                    Problem::new(
                        rel,
                        format!("a unique id ({} is already defined at {first})", quoted(id)),
                        format!("{} again", quoted(id)),
                    )
                    .at(at)
                    .field(field),
                );
                None
            }
            None => {
                self.0.insert(id.to_string(), location);
                Some(())
            }
        }
    }
}

pub(crate) fn citation<T>(
    file: &Parsed<T>,
    raw: &RawCitation,
    registry: &Registry,
    field: &str,
    problems: &mut Problems,
) -> Option<Citation> {
    let document = raw.document.get_ref();
    if !registry.documents.contains(document) {
        problems.push(unknown(
            file,
            raw.document.span(),
            &format!("{field}.document"),
            "document of data/sources.toml",
            document,
            &registry.documents,
        ));
        return None;
    }
    Some(Citation {
        document: document.clone(),
        locator: raw.locator.trim().to_string(),
    })
}

/// A reference to an id that does not exist, listing a few that do.
pub(crate) fn unknown<T>(
    file: &Parsed<T>,
    span: Range<usize>,
    field: &str,
    what: &str,
    found: &str,
    known: &BTreeSet<String>,
) -> Problem {
    unknown_at(
        &file.rel,
        Some(file.position(span)),
        field,
        what,
        found,
        known,
    )
}

pub(crate) fn unknown_at(
    rel: &Path,
    at: Option<Position>,
    field: &str,
    what: &str,
    found: &str,
    known: &BTreeSet<String>,
) -> Problem {
    let expected = if known.is_empty() {
        format!("the id of a {what} (there are none)")
    } else {
        let close = closest(found, known);
        match close {
            Some(close) => format!("the id of a {what}, such as {}", quoted(close)),
            None => format!("the id of a {what}"),
        }
    };
    Problem::new(rel, expected, quoted(found))
        .at(at)
        .field(field)
}

/// The known id that shares the longest prefix with what was written: a hint for typos.
fn closest<'a>(found: &str, known: &'a BTreeSet<String>) -> Option<&'a str> {
    known
        .iter()
        .map(|k| {
            (
                k.chars()
                    .zip(found.chars())
                    .take_while(|(a, b)| a == b)
                    .count(),
                k,
            )
        })
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, k)| k.as_str())
}

/// A `data_theme` as written, when it is a code of the EU data-theme list.
pub(crate) fn data_theme<T>(
    file: &Parsed<T>,
    theme: Option<&Spanned<String>>,
    problems: &mut Problems,
) -> Option<String> {
    let theme = theme?;
    let codes: Vec<&str> = crate::model::config::DATA_THEMES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    if codes.contains(&theme.get_ref().as_str()) {
        return Some(theme.get_ref().clone());
    }
    problems.push(
        Problem::new(
            &file.rel,
            format!("a code of the EU data-theme list: {}", codes.join(", ")),
            quoted(theme.get_ref()),
        )
        .at(Some(file.position(theme.span())))
        .field("data_theme"),
    );
    None
}

/// The profile's column types, where the metadata declares a column's type: declared wins.
fn with_declared_types(
    profile: &crate::model::DatasetProfile,
    declared: &BTreeMap<String, crate::load::raw::RawColumnDoc>,
) -> crate::model::DatasetProfile {
    let mut profile = profile.clone();
    for column in &mut profile.columns {
        if let Some(kind) = declared.get(&column.name).and_then(|d| d.kind) {
            column.kind = kind;
        }
    }
    profile
}

pub(crate) fn period<T>(
    file: &Parsed<T>,
    raw: &Spanned<String>,
    field: &str,
    problems: &mut Problems,
) -> Option<Period> {
    let parsed = Period::parse(raw.get_ref());
    let expected = match &parsed {
        None => PERIOD_FORMS.to_string(),
        Some(p)
            if p.dates()
                .is_some_and(|(start, _)| start.year() < EARLIEST_YEAR) =>
        {
            format!("a period from {EARLIEST_YEAR} on")
        }
        Some(_) => return parsed,
    };
    problems.push(
        Problem::new(&file.rel, expected, quoted(raw.get_ref()))
            .at(Some(file.position(raw.span())))
            .field(field),
    );
    None
}

pub(crate) fn text_required<T>(
    file: &Parsed<T>,
    text: &Text,
    at: Range<usize>,
    field: &str,
    problems: &mut Problems,
) {
    if text.is_empty() {
        problems.push(
            Problem::new(
                &file.rel,
                format!("a {field} in at least one language"),
                "an empty text",
            )
            .at(Some(file.position(at)))
            .field(field),
        );
    }
}

pub(crate) fn number(value: f64) -> Number {
    Number::from_f64(value)
}
