//! An indicator's observations: `data/indicator_<id>.csv`, read as Open SDG reads it.
//!
//! The first `Year` column holds the period and `Value` the figure (SDMX's `TIME_PERIOD` and
//! `OBS_VALUE` too); observation attributes (`COMMENT_OBS`, `OBS_STATUS`, `Observation
//! status`) become notes; every other column is a dimension, `Units`, `Series` and `GeoCode`
//! included, with a blank cell meaning "all". Real files carry a byte-order mark, spaces after
//! names and values, spreadsheet leftovers (blank columns, `NaN`), a header and no rows: all
//! read as Open SDG (pandas) reads them.

use super::Report;
use super::translations::Translations;
use crate::model::{Dimension, Number, Observation, Period, Text};
use crate::problem::{Problem, quoted};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Columns whose values name what is measured rather than a part of the population: a row is
/// the headline (Open SDG's "total") when every other dimension is blank.
const SELECTOR_COLUMNS: [&str; 5] = ["Units", "UNIT_MEASURE", "Series", "SERIES", "GeoCode"];
/// Observation attributes, shown as notes on their points: sdg-build's default
/// `observation_attributes`, a comment column, and the observation status — except its normal
/// value, which qualifies nothing (see [`STATUS_COLUMNS`]).
const NOTE_COLUMNS: [&str; 4] = [
    "COMMENT_OBS",
    "Observation comment",
    "OBS_STATUS",
    "Observation status",
];
/// The observation status: an estimate, a provisional or a break is said on its point; a
/// normal value (SDMX `A`) is not, or every point of a series would carry the same note.
const STATUS_COLUMNS: [&str; 2] = ["OBS_STATUS", "Observation status"];
const NORMAL_STATUS: [&str; 2] = ["A", "Normal value"];
/// Columns that are neither disaggregations nor shown: the defaults of sdg-build's
/// `non_disaggregation_columns` (`open_sdg_indicator_options_defaults`) apart from the
/// period, the value, the selectors and the status, with the SDMX multiplier. sdg-build's
/// `filter_headline()` drops them before it looks for the headline, so they never split a
/// series: a `Unit multiplier` of "Units" on every row is no sub-series.
const HIDDEN_COLUMNS: [&str; 5] = [
    "Unit multiplier",
    "UNIT_MULT",
    "Unit measure",
    "COMMENT_TS",
    "DATA_LAST_UPDATE",
];
/// Cells pandas reads as infinity: a warning, and no value.
const INFINITE: [&str; 6] = ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"];
/// Cells pandas reads as "no value" (its default `na_values`).
const NO_VALUE: [&str; 14] = [
    "NaN", "nan", "-NaN", "-nan", "NA", "N/A", "n/a", "#N/A", "NULL", "null", "None", "<NA>",
    "#NA", "-1.#IND",
];

/// How the repository's columns are read: the renaming and recoding of `column_map.csv` and
/// `code_map.csv`, when configured, and the columns `indicator_options` says are not
/// disaggregations or are observation attributes.
#[derive(Debug, Default)]
pub struct Maps {
    columns: HashMap<String, String>,
    hidden: Vec<String>,
    attributes: Vec<String>,
    /// (column, text) → code.
    codes: HashMap<(String, String), String>,
}

impl Maps {
    pub fn load(root: &Path, settings: &super::layout::Settings, report: &mut Report) -> Maps {
        let mut maps = Maps {
            attributes: settings.observation_attributes.clone(),
            ..Maps::default()
        };
        // Year, Value and the selectors keep their roles whatever the list says.
        maps.hidden = settings
            .non_disaggregation_columns
            .iter()
            .filter(|c| {
                !["Year", "Value", "TIME_PERIOD", "OBS_VALUE"].contains(&c.as_str())
                    && !SELECTOR_COLUMNS.contains(&c.as_str())
                    && !maps.attributes.contains(c)
            })
            .cloned()
            .collect();
        if let Some(rel) = settings.column_map.as_deref() {
            for row in mapping_rows(root, rel, 2, report) {
                maps.columns.insert(row[0].clone(), row[1].clone());
            }
        }
        if let Some(rel) = settings.code_map.as_deref() {
            for row in mapping_rows(root, rel, 3, report) {
                maps.codes
                    .insert((row[1].clone(), row[0].clone()), row[2].clone());
            }
        }
        maps
    }
}

fn mapping_rows(root: &Path, rel: &Path, width: usize, report: &mut Report) -> Vec<Vec<String>> {
    let Ok(text) = super::read_text(root, rel).map_err(|p| report.problem(p)) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(|r| match r {
            Ok(r) if r.len() >= width => {
                Some(r.iter().take(width).map(|c| c.trim().to_string()).collect())
            }
            Ok(_) => None,
            Err(e) => {
                malformed_row(report, rel, &e);
                None
            }
        })
        .collect()
}

/// A row's period and dimensions, and what it says, to find rows repeated word for word.
type RowKey = (String, Vec<String>);
type RowContent = (Option<Number>, Text);

/// What an observations file holds.
#[derive(Debug, Default)]
pub struct Table {
    pub dimensions: Vec<Dimension>,
    /// The position among the dimensions of the units column (`Units` or `UNIT_MEASURE`).
    pub units: Option<usize>,
    /// In file order, except that the headline's first row leads (see [`read`]).
    pub observations: Vec<Observation>,
}

/// Reads `rel`. Rows without a readable period or value are reported as problems, with the
/// line and column of the cell.
pub fn read(
    root: &Path,
    rel: &Path,
    maps: &Maps,
    translations: &Translations,
    languages: &[String],
    report: &mut Report,
) -> Option<Table> {
    let text = super::read_text(root, rel)
        .map_err(|p| report.problem(p))
        .ok()?;
    let (header, rows) = records(&text, rel, report)?;
    let csv = Rows {
        header: &header,
        rows: &rows,
        columns_are_cells: true,
    };
    table(rel, &csv, maps, translations, languages, report)
}

/// The rows of a table under their header.
pub struct Rows<'a> {
    pub header: &'a [String],
    pub rows: &'a [Row],
    /// Whether a cell's position is a column of the file (a CSV's) that problems may name;
    /// not so for the rows sdg-build makes of an SDMX file's observations, where the line of
    /// the observation says where it is.
    pub columns_are_cells: bool,
}

/// The table of `rows`, from `rel`: a CSV's, or the rows sdg-build makes of an SDMX file's
/// observations (`sdmx`), each with its line in the file.
pub fn table(
    rel: &Path,
    Rows {
        header,
        rows,
        columns_are_cells,
    }: &Rows,
    maps: &Maps,
    translations: &Translations,
    languages: &[String],
    report: &mut Report,
) -> Option<Table> {
    let columns = Columns::of(header, rows, maps, rel, report)?;
    let mut observations = Vec::with_capacity(rows.len());
    let mut codes: Vec<Vec<String>> = vec![Vec::new(); columns.names.len()];
    let mut seen: HashMap<RowKey, (usize, RowContent)> = HashMap::new();
    let reading = Reading {
        rel,
        header,
        columns_are_cells: *columns_are_cells,
        columns: &columns,
        maps,
        translations,
        languages,
    };
    for (line, cells) in *rows {
        let Some(observation) = reading.observation(*line, cells, report) else {
            continue;
        };
        for (seen, code) in codes.iter_mut().zip(&observation.dims) {
            if !code.is_empty() && !seen.contains(code) {
                seen.push(code.clone());
            }
        }
        // A row repeated word for word says nothing new: it is shown once.
        let key = (
            cell(cells, columns.year).to_string(),
            observation.dims.clone(),
        );
        let content = (observation.value, observation.note.clone());
        if let Some((first, same)) = seen.get(&key) {
            if *same == content {
                report.warn(
                    Problem::new(
                        rel,
                        format!("each row once (line {first} is the same row)"),
                        format!("period {} again, shown once", quoted(&key.0)),
                    )
                    .at_line(*line),
                );
                continue;
            }
            // Both are published, as Open SDG publishes them; which one is right is for the
            // data owner to say.
            let figure = |value: &Option<Number>| {
                value.map_or_else(
                    || "no value".to_string(),
                    |n| crate::format::NumberFormat::machine().format(n.value, n.decimals),
                )
            };
            report.warn(
                Problem::new(
                    rel,
                    format!(
                        "one figure per period and disaggregation (line {first} has {} for the same)",
                        figure(&same.0)
                    ),
                    format!("period {} with {}", quoted(&key.0), figure(&content.0)),
                )
                .at_line(*line),
            );
        } else {
            seen.insert(key, (*line, content));
        }
        observations.push(observation);
    }
    read_abbreviated_ranges(&mut observations, rel, report);
    read_ordinal_periods(&mut observations, rel, report);
    let names = &columns.names;
    let selectors: Vec<bool> = names
        .iter()
        .map(|n| SELECTOR_COLUMNS.contains(&n.as_str()))
        .collect();
    lead_with_headline(&mut observations, &selectors);
    Some(Table {
        dimensions: dimensions(names, &codes, translations, languages),
        units: names
            .iter()
            .position(|n| n == "Units")
            .or_else(|| names.iter().position(|n| n == "UNIT_MEASURE")),
        observations,
    })
}

/// A file whose every period is a small number (`1`…`5`: a programme's years, a survey's
/// waves) counts steps, not years: open-sdg charts such labels in their order, so chiso places
/// them on the time axis as numbered steps. One note says how many labels were read so.
fn read_ordinal_periods(observations: &mut [Observation], rel: &Path, report: &mut Report) {
    let steps: Option<Vec<Period>> = observations
        .iter()
        .map(|o| Period::ordinal(o.period.label()))
        .collect();
    let Some(steps) = steps.filter(|s| !s.is_empty()) else {
        return;
    };
    let labels: std::collections::BTreeSet<&Period> = steps.iter().collect();
    let (first, last) = (
        labels.first().map(|p| p.label()).unwrap_or_default(),
        labels.last().map(|p| p.label()).unwrap_or_default(),
    );
    report.warn(Problem::new(
        rel,
        "periods of Open SDG's labels",
        format!(
            "{first} … {last}: {} labels read as numbered steps in order, not as years",
            labels.len()
        ),
    ));
    for (observation, step) in observations.iter_mut().zip(steps) {
        observation.period = step;
    }
}

/// `YYYY-YY` labels (`2003-05`, `2011-13`) are three-year (or longer) ranges in national
/// repositories far more often than months: they are read as ranges of years unless the
/// file's other labels say months — two of them in the same year (`2010-11`, `2010-12`), or
/// one whose second part does not come after its year (`2020-05`). One note says how many
/// labels were read so.
fn read_abbreviated_ranges(observations: &mut [Observation], rel: &Path, report: &mut Report) {
    let shaped: Vec<(usize, Period)> = observations
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Period::abbreviated_year_range(o.period.label()).map(|p| (i, p)))
        .collect();
    if shaped.is_empty() {
        return;
    }
    let years: Vec<&str> = shaped.iter().map(|(_, p)| &p.label()[..4]).collect();
    let distinct: std::collections::BTreeSet<&str> = years.iter().copied().collect();
    let all_forward = shaped.iter().all(|(_, p)| {
        let label = p.label();
        label[5..7].parse::<i32>().ok() > label[2..4].parse::<i32>().ok()
    });
    let labels: std::collections::BTreeSet<&str> = shaped.iter().map(|(_, p)| p.label()).collect();
    if distinct.len() < labels.len() || !all_forward {
        return;
    }
    let (first, last) = (
        labels.first().copied().unwrap_or_default(),
        labels.last().copied().unwrap_or_default(),
    );
    report.warn(Problem::new(
        rel,
        "periods of Open SDG's labels",
        format!(
            "{first} … {last}: {} labels read as ranges of years, not months",
            labels.len()
        ),
    ));
    for (i, period) in shaped {
        observations[i].period = period;
    }
}

/// The header and the non-blank rows of a CSV text, each row with its line; malformed rows
/// are reported.
fn records(text: &str, rel: &Path, report: &mut Report) -> Option<(Vec<String>, Vec<Row>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_string()).collect(),
        Some(Err(e)) => {
            report.problem(
                Problem::new(rel, "a CSV header row", format!("an error: {e}")).at_line(1),
            );
            return None;
        }
        None => {
            report.problem(
                Problem::new(
                    rel,
                    "a header row with Year and Value columns",
                    "an empty file",
                )
                .at_line(1),
            );
            return None;
        }
    };
    let rows = records
        .filter_map(|r| match r {
            Ok(r) => Some((
                r.position().map_or(0, |p| line_of(text, p)),
                r.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>(),
            )),
            Err(e) => {
                malformed_row(report, rel, &e);
                None
            }
        })
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    Some((header, rows))
}

/// A row of cells with its line.
pub type Row = (usize, Vec<String>);

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", String::as_str)
}

/// What each column of an observations file is.
struct Columns {
    year: usize,
    value: usize,
    /// The columns that are dimensions, and their names (mapped as the repository says).
    /// Columns that are neither (see [`HIDDEN_COLUMNS`]) are left out.
    dimensions: Vec<usize>,
    names: Vec<String>,
    notes: Vec<usize>,
}

impl Columns {
    fn of(
        header: &[String],
        rows: &[Row],
        maps: &Maps,
        rel: &Path,
        report: &mut Report,
    ) -> Option<Columns> {
        let find = |names: &[&str]| {
            header
                .iter()
                .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
        };
        let (Some(year), Some(value)) = (
            find(&["Year", "TIME_PERIOD"]),
            find(&["Value", "OBS_VALUE"]),
        ) else {
            report.problem(
                Problem::new(
                    rel,
                    "a header with a Year column and a Value column",
                    format!("the header {}", quoted(&header.join(","))),
                )
                .at_line(1),
            );
            return None;
        };
        let mut dimensions = Vec::new();
        let mut notes = Vec::new();
        for (i, name) in header.iter().enumerate() {
            if i == year || i == value {
                continue;
            }
            // A spreadsheet's leftover column: dropped when blank, named as pandas names it
            // when it holds something.
            if name.is_empty() && rows.iter().all(|(_, cells)| cell(cells, i).is_empty()) {
                continue;
            }
            let mapped = maps.columns.get(name).unwrap_or(name);
            let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(mapped));
            let configured = |list: &[String]| list.iter().any(|n| n == mapped);
            if is(&NOTE_COLUMNS) || configured(&maps.attributes) {
                notes.push(i);
            } else if !is(&HIDDEN_COLUMNS) && !configured(&maps.hidden) {
                dimensions.push(i);
            }
        }
        let names = dimensions
            .iter()
            .map(|&i| match header[i].as_str() {
                "" => format!("Unnamed: {i}"),
                name => maps
                    .columns
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| name.to_string()),
            })
            .collect();
        Some(Columns {
            year,
            value,
            dimensions,
            names,
            notes,
        })
    }
}

/// What reading one row needs.
struct Reading<'a> {
    rel: &'a Path,
    header: &'a [String],
    columns_are_cells: bool,
    columns: &'a Columns,
    maps: &'a Maps,
    translations: &'a Translations,
    languages: &'a [String],
}

impl Reading<'_> {
    /// The row at `line` as an observation; `None`, with the problem reported, when its
    /// period or value cannot be read.
    fn observation(
        &self,
        line: usize,
        cells: &[String],
        report: &mut Report,
    ) -> Option<Observation> {
        let (rel, header, columns) = (self.rel, self.header, self.columns);
        if cells.len() > header.len() {
            report.problem(
                Problem::new(
                    rel,
                    format!("at most {} fields, as in the header", header.len()),
                    format!("{} fields", cells.len()),
                )
                .at_line(line),
            );
            return None;
        }
        let at = |column: usize, expected: &str, found: String| {
            let problem = Problem::new(rel, expected, found).at_line(line);
            let problem = if self.columns_are_cells {
                problem.at_column(column + 1)
            } else {
                problem
            };
            problem.field(header[column].clone())
        };
        let label = cell(cells, columns.year);
        if label.is_empty() {
            report.problem(at(
                columns.year,
                "a period such as 2020, 2000 Q1 or 2016/18",
                "a blank cell".into(),
            ));
            return None;
        }
        let written = cell(cells, columns.value);
        let infinite = INFINITE.iter().any(|i| i.eq_ignore_ascii_case(written));
        if infinite {
            // pandas reads it as a float; no figure can be published or charted from it.
            report.warn(at(
                columns.value,
                "a figure (pandas reads this cell as infinity: it is published as no value)",
                quoted(written),
            ));
        }
        let value = if written.is_empty() || NO_VALUE.contains(&written) || infinite {
            None
        } else {
            match Number::read_float(written) {
                Ok(n) => {
                    if Number::read(written).is_err() {
                        // sdg-build publishes what pandas read; so does chiso, saying so.
                        report.warn(at(
                            columns.value,
                            &format!(
                                "a figure of at most {} significant digits (this is a computed \
                                 float's binary noise, published as written; round it where it \
                                 is computed)",
                                Number::MAX_DIGITS
                            ),
                            quoted(written),
                        ));
                    }
                    Some(n)
                }
                Err(why) => {
                    report.problem(at(columns.value, &why.expected(), quoted(written)));
                    return None;
                }
            }
        };
        // A row with neither a period nor a figure is a placeholder, however it is worded
        // ("There is no data for this indicator yet"): no observation.
        if value.is_none() && !label.chars().any(|c| c.is_numeric()) {
            report.warn(at(
                columns.year,
                "a period (a row without a period or a figure is a placeholder: skipped)",
                quoted(label),
            ));
            return None;
        }
        let dims: Vec<String> = columns
            .dimensions
            .iter()
            .zip(&columns.names)
            .map(|(&i, name)| {
                let text = cell(cells, i).to_string();
                self.maps
                    .codes
                    .get(&(name.clone(), text.clone()))
                    .cloned()
                    .unwrap_or(text)
            })
            .collect();
        // SDMX `OBS_STATUS` B: a break in the series, which charts and the status method
        // must not measure across.
        let breaks = header.iter().enumerate().any(|(i, name)| {
            matches!(name.as_str(), "OBS_STATUS" | "Observation status")
                && cells.get(i).is_some_and(|c| c.trim() == "B")
        });
        Some(Observation {
            period: Period::lenient(label),
            value,
            dims,
            status: breaks.then_some(crate::model::ObservationStatus::Break),
            source: None,
            note: note(
                header,
                &columns.notes,
                cells,
                self.translations,
                self.languages,
            ),
            line,
        })
    }
}

/// The dimensions with the labels of their values, in the repository's translations.
fn dimensions(
    names: &[String],
    codes: &[Vec<String>],
    translations: &Translations,
    languages: &[String],
) -> Vec<Dimension> {
    names
        .iter()
        .zip(codes)
        .map(|(name, codes)| Dimension {
            column: name.clone(),
            label: translations.text(name, &[name, "data"], languages),
            values: codes
                .iter()
                .filter_map(|code| {
                    let label = translations.text(code, &[name, "data"], languages);
                    (label.get(&languages[0], &languages[0]) != code
                        || label.languages().count() > 1)
                        .then(|| (code.clone(), label))
                })
                .collect::<BTreeMap<_, _>>(),
        })
        .collect()
}

/// Open SDG's headline is the first series (units, series) whose other dimensions are all
/// blank. chiso's headline is the total row (every dimension blank) or else the first row's
/// combination, so when there is no total row the first row of Open SDG's headline is moved
/// to the front; every other row keeps its place.
fn lead_with_headline(observations: &mut [Observation], selectors: &[bool]) {
    if observations.iter().any(Observation::is_total) {
        return;
    }
    let headline = observations.iter().position(|o| {
        o.dims
            .iter()
            .zip(selectors)
            .all(|(code, &selector)| selector || code.is_empty())
    });
    if let Some(i) = headline {
        observations[..=i].rotate_right(1);
    }
}

/// The observation attributes of a row as one note: `COMMENT_OBS` as written, other
/// attributes as "label: value".
fn note(
    header: &[String],
    columns: &[usize],
    cells: &[String],
    translations: &Translations,
    languages: &[String],
) -> Text {
    let parts: Vec<(String, Text)> = columns
        .iter()
        .filter_map(|&i| {
            let value = cells.get(i).filter(|c| !c.is_empty())?;
            let name = &header[i];
            let normal = STATUS_COLUMNS.contains(&name.as_str())
                && NORMAL_STATUS.iter().any(|n| n.eq_ignore_ascii_case(value));
            if normal {
                return None;
            }
            Some((
                name.clone(),
                translations.text(value, &[name, "data"], languages),
            ))
        })
        .collect();
    if parts.is_empty() {
        return Text::default();
    }
    let default = &languages[0];
    let mut by_lang = Vec::new();
    for lang in languages {
        let own = parts.iter().any(|(_, t)| t.languages().any(|l| l == lang));
        if !own && lang != default {
            continue;
        }
        let text: Vec<String> = parts
            .iter()
            .map(|(name, value)| {
                let value = value.get(lang, default);
                if name.eq_ignore_ascii_case("COMMENT_OBS") {
                    value.to_string()
                } else {
                    let label = translations.text(name, &[name, "data"], languages);
                    format!("{}: {value}", label.get(lang, default))
                }
            })
            .collect();
        by_lang.push((lang.clone(), text.join("; ")));
    }
    Text::from_pairs(by_lang)
}

/// The line a record starts on. After a Windows line end the csv crate places the next record
/// at the `\n` of the `\r\n`, still on the line before.
/// Reports a row the CSV reader could not read, at its line.
fn malformed_row(report: &mut Report, rel: &Path, error: &csv::Error) {
    let line = error.position().map_or(0, |p| p.line() as usize);
    report.problem(
        Problem::new(rel, "a well-formed CSV row", format!("an error: {error}")).at_line(line),
    );
}

fn line_of(text: &str, position: &csv::Position) -> usize {
    let line = position.line() as usize;
    match text.as_bytes().get(position.byte() as usize) {
        Some(b'\n') => line + 1,
        _ => line,
    }
}
