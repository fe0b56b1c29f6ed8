//! JSON downloads: an indicator's metadata with its observations.

use super::csv::machine_number;
use super::formats::{Destination, Encode, Job, Sink, Subject, Whole, Writer, Written};
use crate::compute::Computed;
use crate::model::{Citation, Dataset, Indicator, Portal, Text};
use crate::site::catalog::{Entry, FileFacts};
use crate::site::columns::FieldType;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Text in every configured language (falling back to the default language).
pub fn all_languages(portal: &Portal, text: &Text) -> BTreeMap<String, String> {
    let default_lang = portal.config.default_lang();
    portal
        .config
        .languages
        .iter()
        .map(|l| (l.clone(), text.get(l, default_lang).to_string()))
        .collect()
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    id: &'a str,
    name: BTreeMap<String, String>,
    definition: BTreeMap<String, String>,
    unit: UnitJson<'a>,
    reporting_status: crate::model::ReportingStatus,
    version: Option<&'a str>,
    /// When the data last changed (YYYY-MM-DD), if known.
    updated: Option<String>,
    goals: &'a [String],
    targets: Vec<TargetJson<'a>>,
    target_values: Vec<TargetValueJson>,
    sources: Vec<SourceJson<'a>>,
    dimensions: Vec<DimensionJson<'a>>,
    observations: Vec<ObservationJson>,
    license: &'a str,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: &'a str,
    label: BTreeMap<String, String>,
    symbol: Option<&'a str>,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    id: &'a str,
    value: Option<f64>,
    comparison: Option<crate::model::Comparison>,
    deadline: Option<&'a str>,
    status: &'static str,
}

#[derive(Serialize)]
struct TargetValueJson {
    period: String,
    value: f64,
    comparison: crate::model::Comparison,
    source: Option<String>,
}

#[derive(Serialize)]
pub struct SourceJson<'a> {
    id: &'a str,
    document: &'a str,
    title: BTreeMap<String, String>,
    publisher: BTreeMap<String, String>,
    date: Option<&'a str>,
    reference: Option<&'a str>,
    url: Option<&'a str>,
    locator: &'a str,
}

#[derive(Serialize)]
struct DimensionJson<'a> {
    column: &'a str,
    label: BTreeMap<String, String>,
    values: BTreeMap<&'a str, BTreeMap<String, String>>,
}

#[derive(Serialize)]
struct ObservationJson {
    period: String,
    /// The value as written, with `.` as decimal point; a number in JSON.
    value: Option<serde_json::Number>,
    dimensions: BTreeMap<String, String>,
    status: Option<&'static str>,
    source: Option<String>,
    note: Option<BTreeMap<String, String>>,
}

pub fn source_json<'a>(portal: &'a Portal, id: &'a str, citation: &'a Citation) -> SourceJson<'a> {
    let document = portal.documents.iter().find(|d| d.id == citation.document);
    let empty = Text::default();
    SourceJson {
        id,
        document: &citation.document,
        title: all_languages(portal, document.map_or(&empty, |d| &d.title)),
        publisher: all_languages(portal, document.map_or(&empty, |d| &d.publisher)),
        date: document.and_then(|d| d.date.as_deref()),
        reference: document.and_then(|d| d.reference.as_deref()),
        url: document.and_then(|d| d.url.as_deref()),
        locator: &citation.locator,
    }
}

pub fn indicator_json(
    portal: &Portal,
    computed: &Computed,
    indicator: &Indicator,
    order: &[usize],
    targets: &[String],
) -> Vec<u8> {
    let unit = portal.units.get(&indicator.unit);
    let json = IndicatorJson {
        id: &indicator.id,
        name: all_languages(portal, &indicator.name),
        definition: all_languages(portal, &indicator.definition),
        unit: UnitJson {
            id: &indicator.unit,
            label: all_languages(portal, unit.map_or(&Text::default(), |u| &u.label)),
            symbol: unit.and_then(|u| u.symbol.as_deref()),
        },
        reporting_status: indicator.reporting_status.clone(),
        version: indicator.version.as_deref(),
        updated: computed.indicators[computed.indicator(&indicator.id).expect("computed")]
            .last_updated
            .map(|d| d.to_string()),
        goals: &indicator.goals,
        targets: targets
            .iter()
            .filter_map(|id| computed.target(id))
            .map(|f| {
                let target = &portal.goals[f.goal].targets[f.position];
                TargetJson {
                    id: &target.id,
                    value: target.aim.as_ref().map(|a| a.value.value),
                    comparison: target.aim.as_ref().map(|a| a.comparison),
                    deadline: target.deadline.as_ref().map(|d| d.label()),
                    status: f.assessment.status.code(),
                }
            })
            .collect(),
        target_values: indicator
            .target_values
            .iter()
            .map(|t| TargetValueJson {
                period: t.period.label().to_string(),
                value: t.value.value,
                comparison: t.comparison,
                source: t.source.clone(),
            })
            .collect(),
        sources: indicator
            .sources
            .iter()
            .map(|s| source_json(portal, &s.id, &s.citation))
            .collect(),
        dimensions: indicator
            .dimensions
            .iter()
            .map(|d| DimensionJson {
                column: &d.column,
                label: all_languages(portal, &d.label),
                values: d
                    .values
                    .iter()
                    .map(|(code, label)| (code.as_str(), all_languages(portal, label)))
                    .collect(),
            })
            .collect(),
        observations: order
            .iter()
            .map(|&i| {
                let o = &indicator.observations[i];
                ObservationJson {
                    period: o.period.label().to_string(),
                    value: o.value.and_then(|v| machine_number(v).parse().ok()),
                    dimensions: indicator
                        .dimensions
                        .iter()
                        .zip(&o.dims)
                        .map(|(d, code)| (d.column.clone(), code.clone()))
                        .collect(),
                    status: o.status.map(|s| s.code()),
                    source: o.source.clone(),
                    note: (!o.note.is_empty()).then(|| all_languages(portal, &o.note)),
                }
            })
            .collect(),
        license: &portal.config.license.url,
    };
    super::json_document(&json)
}

/// The JSON of an indicator (its metadata with its observations) or of a dataset (its
/// metadata, then its rows as objects, streamed).
pub struct JsonWriter;

impl Writer for JsonWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        match job.subject {
            Subject::Indicator(indicator, facts, _) => Ok(Box::new(Whole::new(job, path, |_| {
                Ok(indicator_json(
                    job.portal,
                    job.computed,
                    indicator,
                    &facts.table,
                    &facts.targets,
                ))
            }))),
            Subject::Dataset(dataset) => {
                let mut out = Destination::of(job, path)?;
                write_json_head(&mut out, job.portal, dataset, job.entry)?;
                let keys = job
                    .entry
                    .columns
                    .iter()
                    .map(|c| Ok((c.kind, serde_json::to_vec(&c.name)?)))
                    .collect::<std::io::Result<_>>()?;
                Ok(Box::new(DatasetJson {
                    out,
                    rows: JsonRows { keys },
                }))
            }
        }
    }
}

/// A dataset's JSON: the head written at the start, then the rows as they come.
struct DatasetJson<'a> {
    out: Destination<'a>,
    rows: JsonRows,
}

impl Sink for DatasetJson<'_> {
    fn rows(&mut self) -> Option<(&dyn Encode, &mut (dyn Write + Send))> {
        Some((&self.rows, &mut self.out))
    }

    fn finish(mut self: Box<Self>, _: &Written) -> io::Result<FileFacts> {
        self.out.write_all(b"\n  ]\n}\n")?;
        self.out.finish()
    }
}

/// A dataset's rows as JSON objects, one a line, comma-separated.
struct JsonRows {
    /// Each column's type and name as a JSON string, made once.
    keys: Vec<(FieldType, Vec<u8>)>,
}

impl Encode for JsonRows {
    fn separator(&self) -> &'static [u8] {
        b","
    }

    fn row(&self, row: &csv::StringRecord, out: &mut Vec<u8>) -> io::Result<()> {
        write_json_row(out, &self.keys, row)
    }
}

#[derive(Serialize)]
struct DatasetHead<'a> {
    id: &'a str,
    title: BTreeMap<String, String>,
    description: BTreeMap<String, String>,
    /// When the data last changed (YYYY-MM-DD), and how that is known.
    updated: String,
    updated_basis: &'static str,
    source: Option<SourceJson<'a>>,
    license: &'a str,
    columns: Vec<ColumnJson<'a>>,
}

#[derive(Serialize)]
struct ColumnJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: BTreeMap<String, String>,
    description: BTreeMap<String, String>,
}

/// The metadata, then the opening of the `rows` array.
fn write_json_head(
    out: &mut impl Write,
    portal: &Portal,
    dataset: &Dataset,
    entry: &Entry,
) -> std::io::Result<()> {
    let columns = &entry.columns;
    let head = DatasetHead {
        id: &dataset.id,
        title: all_languages(portal, &dataset.title),
        description: all_languages(portal, &dataset.description),
        updated: entry.modified.date.to_string(),
        updated_basis: entry.modified.basis.code(),
        source: dataset
            .source
            .as_ref()
            .map(|c| source_json(portal, &c.document, c)),
        license: &portal.config.license.url,
        columns: columns
            .iter()
            .map(|c| ColumnJson {
                name: &c.name,
                kind: c.kind.name(),
                label: all_languages(portal, &c.label),
                description: all_languages(portal, &c.description),
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&head)?;
    let open = text
        .strip_suffix("\n}")
        .expect("a JSON object ends with a brace");
    out.write_all(open.as_bytes())?;
    out.write_all(b",\n  \"rows\": [")
}

/// One row as a JSON object, keys in column order (the columns' names already written as
/// JSON strings), values typed by the column's type.
fn write_json_row(
    out: &mut Vec<u8>,
    keys: &[(FieldType, Vec<u8>)],
    record: &csv::StringRecord,
) -> std::io::Result<()> {
    out.extend_from_slice(b"\n    {");
    for (i, ((kind, key), cell)) in keys.iter().zip(record.iter()).enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        out.extend_from_slice(key);
        out.extend_from_slice(b": ");
        write_json_value(out, *kind, cell)?;
    }
    out.push(b'}');
    Ok(())
}

/// A cell as its column's JSON type: a number, integer or boolean where it reads as one,
/// `null` when blank, else the text as written.
fn write_json_value(out: &mut Vec<u8>, kind: FieldType, cell: &str) -> std::io::Result<()> {
    let trimmed = crate::model::trimmed(cell);
    if trimmed.is_empty() {
        out.extend_from_slice(b"null");
        return Ok(());
    }
    match kind {
        // Most cells of a large dataset: copied, as reading and printing them would give.
        FieldType::Integer | FieldType::Number
            if prints_as_written(trimmed, kind == FieldType::Number) =>
        {
            out.extend_from_slice(trimmed.as_bytes());
            return Ok(());
        }
        FieldType::Integer => {
            if let Ok(n) = trimmed.parse::<i64>() {
                return Ok(serde_json::to_writer(out, &n)?);
            }
        }
        // As written when it is a JSON number (`-5` stays `-5`, not `-5.0`), else its value.
        FieldType::Number => {
            let number = serde_json::from_str::<serde_json::Number>(trimmed)
                .ok()
                .or_else(|| {
                    trimmed
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                });
            if let Some(number) = number {
                return Ok(serde_json::to_writer(out, &number)?);
            }
        }
        FieldType::Boolean => match trimmed {
            "true" | "True" | "TRUE" => {
                out.extend_from_slice(b"true");
                return Ok(());
            }
            "false" | "False" | "FALSE" => {
                out.extend_from_slice(b"false");
                return Ok(());
            }
            _ => {}
        },
        FieldType::Date | FieldType::String => {}
    }
    write_json_string(out, cell)
}

/// A string as serde_json writes it; most cells need no escape and are copied in quotes.
fn write_json_string(out: &mut Vec<u8>, text: &str) -> std::io::Result<()> {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return Ok(());
    }
    Ok(serde_json::to_writer(out, text)?)
}

/// Whether a number prints back as written once read as [`write_json_value`] reads it:
/// digits with no leading zero, a point only when `with_point` and then no trailing zero,
/// and so few significant digits that its float prints them all, in plain notation.
fn prints_as_written(number: &str, with_point: bool) -> bool {
    let unsigned = number.strip_prefix('-').unwrap_or(number);
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) if with_point => (int, Some(frac)),
        Some(_) => return false,
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 1 && int.starts_with('0') {
        return false;
    }
    match frac {
        // An integer is read as a 64-bit one; `-0` would print as `0`.
        None => int.len() <= 18 && number != "-0",
        Some(frac) => {
            let zeros = if int == "0" {
                frac.bytes().take_while(|&b| b == b'0').count()
            } else {
                0
            };
            let significant = int.trim_start_matches('0').len() + frac.len() - zeros;
            digits(frac) && !frac.ends_with('0') && significant <= 15 && zeros <= 3
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell as the JSON writer reads and prints it, without copying any.
    fn read_and_printed(kind: FieldType, cell: &str) -> String {
        let printed = match kind {
            FieldType::Integer => cell.parse::<i64>().ok().map(|n| n.to_string()),
            _ => serde_json::from_str::<serde_json::Number>(cell)
                .ok()
                .map(|n| n.to_string()),
        };
        printed.unwrap_or_else(|| serde_json::to_string(cell).unwrap())
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut texts: Vec<String> = (0..=0x7f_u8).map(|b| format!("a{}z", b as char)).collect();
        texts.extend(["", "Bộ Y tế", "\u{2028}", "\\\"", "tab\tend"].map(String::from));
        for text in &texts {
            let mut out = Vec::new();
            write_json_string(&mut out, text).unwrap();
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn numbers_copied_as_written_are_those_that_print_back_so() {
        let mut cells: Vec<String> = [
            "0",
            "-0",
            "7",
            "-7",
            "007",
            "+5",
            "10",
            "0.5",
            "-0.5",
            "0.50",
            "1.",
            ".5",
            "0.0001",
            "0.00001",
            "-0.0",
            "1e5",
            "12.340",
            "99999999999999.9",
            "123456789012345678",
            "1234567890123456789",
            "0.123456789012345",
            "0.1234567890123456",
        ]
        .map(String::from)
        .to_vec();
        // Digits of every length, with zeros where they matter, from a fixed-seed generator.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut digit = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            [b'0', b'0', b'1', b'5', b'9'][(state % 5) as usize] as char
        };
        let lengths = (1..20).flat_map(|int| (0..20).map(move |frac| (int, frac)));
        for (int_len, frac_len) in lengths.cycle().take(10 * 19 * 20) {
            let int: String = (0..int_len).map(|_| digit()).collect();
            let frac: String = (0..frac_len).map(|_| digit()).collect();
            cells.push(match frac_len {
                0 => int,
                _ => format!("{int}.{frac}"),
            });
            cells.push(format!("-{}", cells.last().unwrap()));
        }
        let mut copied = 0;
        for cell in &cells {
            for kind in [FieldType::Integer, FieldType::Number] {
                if prints_as_written(cell, kind == FieldType::Number) {
                    copied += 1;
                    assert_eq!(&read_and_printed(kind, cell), cell, "{kind:?}");
                }
            }
        }
        assert!(
            copied > 1000,
            "plain numbers are copied: {copied} of {}",
            cells.len()
        );
        let mut out = Vec::new();
        write_json_value(&mut out, FieldType::Number, " 30.86 ").unwrap();
        write_json_value(&mut out, FieldType::Integer, "1.5").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "30.86\"1.5\"");
    }
}
