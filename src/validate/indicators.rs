//! Indicators: their metadata and their observations.

use super::{Registry, Seen, checked_id, number, period, stem_id, unknown, unknown_at};
use crate::load::raw::{CsvTable, Parsed, RawIndicator, RawIndicatorFiles};
use crate::model::{
    Dimension, Indicator, IndicatorSource, Number, Observation, ObservationStatus, PERIOD_FORMS,
    Period, ReportingStatus, TargetValue, Text, check_id,
};
use crate::problem::{Position, Problem, Problems, display_path, quoted};
use chrono::Datelike;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Reserved columns of an observations file; every other column is a dimension.
const PERIOD: &str = "period";
const VALUE: &str = "value";
const STATUS: &str = "status";
const SOURCE: &str = "source";
const NOTE: &str = "note";

/// The ids of indicators that have a metadata file (even one that failed to parse, so a
/// broken file is reported once rather than as an unknown id everywhere it is used).
pub fn ids(files: &[RawIndicatorFiles], problems: &mut Problems) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for f in files {
        if let Err(why) = check_id(&f.id) {
            let expected =
                "a file name of letters, digits, '.', '-' or '_' (it becomes the id in URLs)";
            problems.push(Problem::new(
                &f.meta_rel,
                expected,
                format!("{} with {why}", quoted(&f.id)),
            ));
        } else if f.meta_exists {
            ids.insert(f.id.clone());
        } else if let Some(data) = &f.data {
            problems.push(Problem::new(
                &data.rel,
                format!(
                    "a metadata file {} beside the observations",
                    display_path(&f.meta_rel)
                ),
                "observations without metadata",
            ));
        }
    }
    ids
}

pub fn validate(
    files: &[RawIndicatorFiles],
    registry: &Registry,
    problems: &mut Problems,
) -> Vec<Indicator> {
    let checked: Vec<(Option<Indicator>, Vec<Problem>)> = files
        .par_iter()
        .filter(|f| registry.indicators.contains(&f.id))
        .map(|f| {
            let mut found = Problems::default();
            let indicator = f.meta.as_ref().and_then(|meta| {
                let data = f.data.as_ref().ok_or(f.data_exists);
                indicator(meta, data, registry, &mut found)
            });
            (indicator, found.into_sorted())
        })
        .collect();
    let mut indicators = Vec::with_capacity(checked.len());
    for (indicator, found) in checked {
        problems.extend(found);
        indicators.extend(indicator);
    }
    indicators.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    indicators
}

/// `data` is the observations table, or whether an observations file exists that could not
/// be read.
fn indicator(
    meta: &Parsed<RawIndicator>,
    data: Result<&CsvTable, bool>,
    registry: &Registry,
    problems: &mut Problems,
) -> Option<Indicator> {
    let raw = &meta.value;
    let id = stem_id(meta, raw.id.as_ref(), problems)?;
    if raw.name.is_empty() {
        problems.push(
            Problem::new(
                &meta.rel,
                "an indicator name in at least one language",
                "an empty name",
            )
            .field("name"),
        );
    }
    if !registry.units.contains(raw.unit.get_ref()) {
        problems.push(unknown(
            meta,
            raw.unit.span(),
            "unit",
            "unit of data/units.toml",
            raw.unit.get_ref(),
            &registry.units,
        ));
    }
    let goals = references(
        meta,
        &raw.goals,
        "goals",
        "goal (a file in data/goals/)",
        &registry.goals,
        problems,
    );
    let targets = references(
        meta,
        &raw.targets,
        "targets",
        "target of a goal",
        &registry.targets,
        problems,
    );

    let mut seen = Seen::default();
    let mut sources = Vec::new();
    for s in &raw.sources {
        let Some(source_id) = checked_id(meta, &s.id, "sources.id", problems) else {
            continue;
        };
        if seen.check(meta, &s.id, problems).is_none() {
            continue;
        }
        if !registry.documents.contains(s.document.get_ref()) {
            let what = "document of data/sources.toml";
            problems.push(unknown(
                meta,
                s.document.span(),
                "sources.document",
                what,
                s.document.get_ref(),
                &registry.documents,
            ));
            continue;
        }
        let citation = crate::model::Citation {
            document: s.document.get_ref().clone(),
            locator: s.locator.trim().to_string(),
        };
        sources.push(IndicatorSource {
            id: source_id,
            citation,
            note: s.note.clone(),
        });
    }
    let source_ids: BTreeSet<String> = sources.iter().map(|s| s.id.clone()).collect();

    let (dimensions, observations) = match data {
        Ok(table) => observations(meta, table, &source_ids, registry, problems),
        Err(_) => (Vec::new(), Vec::new()),
    };
    if matches!(data, Err(false)) {
        for (column, spanned) in &raw.dimensions {
            let expected = "a dimension column of the observations file (there is none)";
            problems.push(
                Problem::new(&meta.rel, expected, quoted(column))
                    .at(Some(meta.position(spanned.span())))
                    .field("dimensions"),
            );
        }
    }

    let target_values = raw
        .target_values
        .iter()
        .filter_map(|t| {
            let period = period(meta, &t.period, "target_values.period", problems)?;
            if let Some(s) = &t.source {
                if !source_ids.contains(s.get_ref()) {
                    problems.push(unknown(
                        meta,
                        s.span(),
                        "target_values.source",
                        "source of this indicator ([[sources]])",
                        s.get_ref(),
                        &source_ids,
                    ));
                }
            }
            Some(TargetValue {
                period,
                value: number(t.value),
                comparison: t.comparison,
                source: t.source.as_ref().map(|s| s.get_ref().clone()),
                note: t.note.clone(),
            })
        })
        .collect();

    let has_values = observations.iter().any(|o: &Observation| o.value.is_some());
    let reporting_status = raw.reporting_status.clone().unwrap_or(if has_values {
        ReportingStatus::Complete
    } else {
        ReportingStatus::NotStarted
    });
    let mut indicator = Indicator {
        id,
        data_theme: super::data_theme(meta, raw.data_theme.as_ref(), problems),
        file: meta.rel.clone(),
        data_file: data.ok().map(|t| t.rel.clone()),
        name: raw.name.clone(),
        unit: raw.unit.get_ref().clone(),
        definition: raw.definition.clone(),
        reporting_status,
        version: raw.version.clone(),
        order: raw.order.unwrap_or(0),
        goals,
        targets,
        updated: raw
            .updated
            .as_ref()
            .and_then(|u| period(meta, u, "updated", problems)),
        revisions: super::revisions::validate(meta, &raw.revisions, problems),
        chart: raw.display.chart,
        decimals: raw.display.decimals,
        map: None,
        chart_options: Default::default(),
        sources,
        dimensions,
        target_values,
        observations,
    };
    indicator.map = super::maps::check_join(meta, data.ok(), &indicator, registry, problems);
    Some(indicator)
}

fn references(
    meta: &Parsed<RawIndicator>,
    refs: &[toml::Spanned<String>],
    field: &str,
    what: &str,
    known: &BTreeSet<String>,
    problems: &mut Problems,
) -> Vec<String> {
    let mut valid = Vec::new();
    for r in refs {
        if known.contains(r.get_ref()) {
            valid.push(r.get_ref().clone());
        } else {
            problems.push(unknown(meta, r.span(), field, what, r.get_ref(), known));
        }
    }
    valid
}

/// How the columns of an observations file are used.
struct Columns {
    period: usize,
    value: usize,
    status: Option<usize>,
    source: Option<usize>,
    /// `note` (language-neutral, under `""`) and `note_<lang>` columns.
    notes: Vec<(String, usize)>,
    dimensions: Vec<usize>,
}

fn columns(table: &CsvTable, languages: &[String], problems: &mut Problems) -> Option<Columns> {
    let required = |name: &str, problems: &mut Problems| {
        let found = table.column(name);
        if found.is_none() {
            let header = table.header.join(",");
            problems.push(
                Problem::new(
                    &table.rel,
                    format!("a `{name}` column"),
                    format!("the header {}", quoted(&header)),
                )
                .at_line(1),
            );
        }
        found
    };
    let period = required(PERIOD, problems);
    let value = required(VALUE, problems);
    let (period, value) = (period?, value?);
    let mut notes = Vec::new();
    let mut dimensions = Vec::new();
    for (i, name) in table.header.iter().enumerate() {
        if name == NOTE {
            notes.push((String::new(), i));
        } else if let Some(lang) = name.strip_prefix("note_") {
            if !languages.iter().any(|l| l == lang) {
                let nearest =
                    crate::model::nearest_language(lang, languages.iter().map(String::as_str));
                problems.push(
                    Problem::new(
                        &table.rel,
                        format!(
                            "note_<language> for a language the portal publishes ({}){}",
                            languages.join(", "),
                            nearest.map_or(String::new(), |n| format!(": did you mean note_{n}?"))
                        ),
                        format!("the column {}", quoted(name)),
                    )
                    .at_line(1)
                    .at_column(i + 1),
                );
            }
            notes.push((lang.to_string(), i));
        } else if ![PERIOD, VALUE, STATUS, SOURCE].contains(&name.as_str()) {
            dimensions.push(i);
        }
    }
    Some(Columns {
        period,
        value,
        status: table.column(STATUS),
        source: table.column(SOURCE),
        notes,
        dimensions,
    })
}

/// What a period outside the years a portal's data can hold should have been: from 1900
/// (or the indicator's `years.from`) up to the assessment date (or its `years.to`). A year
/// typed `0000`, `2052` for `2025` or `2099` is a mistake that would otherwise stretch every
/// chart and move the assessment.
fn unexpected_years(
    period: &Period,
    meta: &Parsed<RawIndicator>,
    registry: &Registry,
) -> Option<String> {
    let (start, end) = period.dates()?;
    let years = meta.value.years;
    let declare = display_path(&meta.rel);
    let earliest = years.from.unwrap_or(super::EARLIEST_YEAR);
    if start.year() < earliest {
        return Some(format!(
            "a period from {earliest} on (for older data, declare `years = {{ from = {} }}` in {declare})",
            start.year()
        ));
    }
    let (as_of, described) = registry.as_of.as_ref()?;
    let beyond = years.to.is_none_or(|to| end.year() > to);
    (end > *as_of && beyond).then(|| {
        format!(
            "a period that ended by {described} (for projections, declare `years = {{ to = {} }}` in {declare})",
            end.year()
        )
    })
}

fn observations(
    meta: &Parsed<RawIndicator>,
    table: &CsvTable,
    source_ids: &BTreeSet<String>,
    registry: &Registry,
    problems: &mut Problems,
) -> (Vec<Dimension>, Vec<Observation>) {
    let Some(columns) = columns(table, &registry.languages, problems) else {
        return (Vec::new(), Vec::new());
    };
    let dimension_names: Vec<&str> = columns
        .dimensions
        .iter()
        .map(|&i| table.header[i].as_str())
        .collect();
    for (column, spanned) in &meta.value.dimensions {
        if !dimension_names.contains(&column.as_str()) {
            let expected = format!(
                "a dimension column of {} ({})",
                display_path(&table.rel),
                dimension_names.join(", ")
            );
            problems.push(
                Problem::new(&meta.rel, expected, quoted(column))
                    .at(Some(meta.position(spanned.span())))
                    .field("dimensions"),
            );
        }
    }
    let dimensions = columns
        .dimensions
        .iter()
        .map(|&i| {
            let column = table.header[i].clone();
            let described = meta.value.dimensions.get(&column).map(|d| d.get_ref());
            let label = described
                .map(|d| d.label.clone())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| Text::neutral(column.clone()));
            let values = described.map(|d| d.values.clone()).unwrap_or_default();
            Dimension {
                column,
                label,
                values,
            }
        })
        .collect();

    let mut first_line: HashMap<(String, Vec<String>, Option<String>), usize> = HashMap::new();
    let mut observations = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let cell = |i: usize| row.cells[i].as_str();
        let problem = |column: usize, expected: &str, found: String| {
            Problem::new(&table.rel, expected, found)
                .at_line(row.line)
                .at_column(column + 1)
                .field(table.header[column].clone())
        };
        let period = Period::parse(cell(columns.period));
        let period = match period {
            None => {
                problems.push(problem(
                    columns.period,
                    PERIOD_FORMS,
                    quoted(cell(columns.period)),
                ));
                None
            }
            Some(period) => match unexpected_years(&period, meta, registry) {
                Some(expected) => {
                    problems.push(problem(
                        columns.period,
                        &expected,
                        format!("period {}", quoted(period.label())),
                    ));
                    None
                }
                None => Some(period),
            },
        };
        let value = match cell(columns.value) {
            "" => Some(None),
            text => {
                let number = Number::read(text);
                if let Err(why) = &number {
                    problems.push(problem(columns.value, &why.expected(), quoted(text)));
                }
                number.ok().map(Some)
            }
        };
        let status = match columns.status.map(cell).filter(|s| !s.is_empty()) {
            None => Some(None),
            Some(code) => {
                let status = ObservationStatus::from_code(code);
                if status.is_none() {
                    let codes: Vec<&str> =
                        ObservationStatus::ALL.iter().map(|s| s.code()).collect();
                    problems.push(problem(
                        columns.status.unwrap(),
                        &format!("one of {} or blank", codes.join(", ")),
                        quoted(code),
                    ));
                }
                status.map(Some)
            }
        };
        let source = columns
            .source
            .map(cell)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        if let Some(s) = &source {
            if !source_ids.contains(s) {
                let at = Position {
                    line: row.line,
                    column: columns.source.unwrap_or(0) + 1,
                };
                let what = "source of the indicator's metadata ([[sources]])";
                problems.push(unknown_at(
                    &table.rel,
                    Some(at),
                    SOURCE,
                    what,
                    s,
                    source_ids,
                ));
            }
        }
        let (Some(period), Some(value), Some(status)) = (period, value, status) else {
            continue;
        };
        let dims: Vec<String> = columns
            .dimensions
            .iter()
            .map(|&i| cell(i).to_string())
            .collect();
        let key = (period.label().to_string(), dims.clone(), source.clone());
        if let Some(first) = first_line.get(&key) {
            problems.push(
                Problem::new(
                    &table.rel,
                    format!(
                        "one row per period, dimensions and source (line {first} has the same)"
                    ),
                    format!("period {} again", quoted(period.label())),
                )
                .at_line(row.line),
            );
            continue;
        }
        first_line.insert(key, row.line);
        let note = Text::from_pairs(
            columns
                .notes
                .iter()
                .filter(|(lang, _)| !lang.is_empty())
                .map(|(lang, i)| (lang.clone(), cell(*i).to_string())),
        );
        let neutral = columns
            .notes
            .iter()
            .find(|(lang, _)| lang.is_empty())
            .map(|(_, i)| cell(*i))
            .filter(|n| !n.is_empty());
        let note = match neutral {
            Some(n) if note.is_empty() => Text::neutral(n),
            Some(n) => note.with_neutral(n),
            None => note,
        };
        observations.push(Observation {
            period,
            value,
            dims,
            status,
            source,
            note,
            line: row.line,
        });
    }
    (dimensions, observations)
}
