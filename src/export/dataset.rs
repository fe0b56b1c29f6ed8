//! A dataset published whole. One streaming pass over its CSV writes the three downloads at
//! once, so a dataset of any size never sits in memory:
//!
//! - the CSV, rewritten rather than copied so every download follows the same rules: RFC 4180
//!   with CRLF line ends, UTF-8 (with the byte-order mark when configured), the header as the
//!   load-time profile named the columns, and every cell a spreadsheet would run as a formula
//!   neutralised ([`safe_cell`]); it is hashed as it is written, for the Data Packages;
//! - the JSON, with typed values (numbers, booleans, `null` for blanks) and the metadata;
//! - the XLSX, unless the dataset is larger than a worksheet: the pass computes its cache key,
//!   and only a workbook the cache does not hold is written, reading the dataset once more
//!   into a constant-memory worksheet (see [`xlsx`]).
//!
//! It also notes the time span the dataset covers: the dates of its date columns and the
//! periods of a column named `period` (periods as chiso writes them, see docs/format.md).

use super::csv::safe_cell;
use super::json::all_languages;
use super::xlsx::{self, DatasetKey, DatasetWorkbook};
use crate::cache::Cache;
use crate::model::{Dataset, Period, Portal};
use crate::output::Output;
use crate::problem::Problem;
use crate::site::catalog::{Entry, FileFacts, Format, Labels, hex};
use crate::site::columns::{Column, FieldType};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// What publishing a dataset wrote and learned.
pub struct Published {
    pub files: Vec<(String, FileFacts)>,
    pub temporal: Option<(NaiveDate, NaiveDate)>,
}

pub fn publish(
    portal: &Portal,
    dataset: &Dataset,
    entry: &Entry,
    labels: &Labels,
    output: &Output,
    cache: &Cache,
) -> Result<Published, Problem> {
    let problem = |what: &str, e: &dyn std::fmt::Display| {
        Problem::new(
            &dataset.data_file,
            format!("a dataset that can be published as {what}"),
            format!("an error: {e}"),
        )
    };
    let columns = &entry.columns;
    let create = |rel: &str| -> Result<BufWriter<File>, Problem> {
        let path = output.path_for(rel).map_err(|e| problem(rel, &e))?;
        let file = File::create(&path).map_err(|e| problem(rel, &e))?;
        Ok(BufWriter::with_capacity(1 << 16, file))
    };

    let csv_path = &entry.files[&Format::Csv];
    let json_path = &entry.files[&Format::Json];
    let mut csv_out =
        super::csv::writer(Counting::hashing(create(csv_path)?), portal.config.csv_bom)
            .map_err(|e| problem("CSV", &e))?;
    let mut json_out = Counting::new(create(json_path)?);
    // The workbook is keyed as the dataset streams past, and written afterwards if the cache
    // does not hold it.
    let lang = portal.config.default_lang();
    let properties = xlsx::Properties {
        title: dataset.title.get(lang, lang),
        author: portal.config.publisher.name.get(lang, lang),
        comment: &portal.config.license.url,
        created: entry.modified.date,
    };
    let metadata = xlsx::metadata(portal, entry, labels);
    let mut xlsx_key = entry
        .files
        .get(&Format::Xlsx)
        .map(|path| (path, DatasetKey::new(columns, &metadata, &properties)));

    csv_out
        .write_record(columns.iter().map(|c| safe_cell(&c.name).into_owned()))
        .map_err(|e| problem("CSV", &e))?;
    write_json_head(&mut json_out, portal, dataset, entry, columns)
        .map_err(|e| problem("JSON", &e))?;
    let mut span = Span::new(columns);

    let mut reader = source(portal, dataset).map_err(|e| problem("CSV", &e))?;
    let mut record = csv::StringRecord::new();
    let mut first = true;
    while reader
        .read_record(&mut record)
        .map_err(|e| problem("CSV", &e))?
    {
        csv_out
            .write_record(record.iter().map(|c| safe_cell(c).into_owned()))
            .map_err(|e| problem("CSV", &e))?;
        write_json_row(&mut json_out, columns, &record, first).map_err(|e| problem("JSON", &e))?;
        first = false;
        if let Some((_, key)) = &mut xlsx_key {
            key.push(&record);
        }
        span.observe(&record);
    }

    json_out
        .write_all(b"\n  ]\n}\n")
        .map_err(|e| problem("JSON", &e))?;
    let csv_out = csv_out
        .into_inner()
        .map_err(|e| problem("CSV", &e.into_error()))?;
    let mut files = vec![
        (
            csv_path.clone(),
            csv_out.finish().map_err(|e| problem("CSV", &e))?,
        ),
        (
            json_path.clone(),
            json_out.finish().map_err(|e| problem("JSON", &e))?,
        ),
    ];
    for (_, facts) in &files {
        output.count(facts.bytes);
    }
    if let Some((path, key)) = xlsx_key {
        let key = key.finish();
        let bytes = match cache.file(&xlsx::XLSX, &key) {
            Some(cached) => output.copy(&cached, path),
            None => output.path_for(path).and_then(|file| {
                let bytes = write_xlsx(portal, dataset, columns, (&metadata, &properties), &file)?;
                cache.store_file(&xlsx::XLSX, &key, &file);
                output.count(bytes);
                Ok(bytes)
            }),
        }
        .map_err(|e| problem("XLSX", &e))?;
        files.push((
            path.clone(),
            FileFacts {
                bytes,
                sha256: None,
            },
        ));
    }
    Ok(Published {
        files,
        temporal: span.range(),
    })
}

/// The dataset's CSV, to read row by row (without its byte-order mark, if any).
fn source(portal: &Portal, dataset: &Dataset) -> std::io::Result<csv::Reader<BufReader<File>>> {
    let mut input =
        BufReader::with_capacity(1 << 16, File::open(portal.root.join(&dataset.data_file))?);
    if input.fill_buf()?.starts_with(super::csv::BOM) {
        input.consume(super::csv::BOM.len());
    }
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input))
}

/// Reads the dataset again into a workbook written to `file`; returns the workbook's size.
fn write_xlsx(
    portal: &Portal,
    dataset: &Dataset,
    columns: &[Column],
    (metadata, properties): (&xlsx::Metadata, &xlsx::Properties),
    file: &Path,
) -> std::io::Result<u64> {
    let mut workbook = DatasetWorkbook::new(columns, properties).map_err(std::io::Error::other)?;
    let mut reader = source(portal, dataset)?;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        workbook.push(&record).map_err(std::io::Error::other)?;
    }
    let mut out = BufWriter::with_capacity(1 << 16, File::create(file)?);
    workbook
        .finish(metadata, &mut out)
        .map_err(std::io::Error::other)?;
    out.flush()?;
    out.get_ref().metadata().map(|m| m.len())
}

/// A writer that counts what passes through it, and hashes it when asked to.
struct Counting<W: Write> {
    inner: W,
    hasher: Option<Sha256>,
    bytes: u64,
}

impl<W: Write> Counting<W> {
    fn new(inner: W) -> Self {
        Counting {
            inner,
            hasher: None,
            bytes: 0,
        }
    }

    fn hashing(inner: W) -> Self {
        Counting {
            hasher: Some(Sha256::new()),
            ..Counting::new(inner)
        }
    }

    fn finish(mut self) -> std::io::Result<FileFacts> {
        self.inner.flush()?;
        Ok(FileFacts {
            bytes: self.bytes,
            sha256: self.hasher.map(|h| hex(&h.finalize())),
        })
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&buf[..n]);
        }
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[derive(Serialize)]
struct DatasetJson<'a> {
    id: &'a str,
    title: BTreeMap<String, String>,
    description: BTreeMap<String, String>,
    /// When the data last changed (YYYY-MM-DD), and how that is known.
    updated: String,
    updated_basis: &'static str,
    source: Option<super::json::SourceJson<'a>>,
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
    columns: &[Column],
) -> std::io::Result<()> {
    let head = DatasetJson {
        id: &dataset.id,
        title: all_languages(portal, &dataset.title),
        description: all_languages(portal, &dataset.description),
        updated: entry.modified.date.to_string(),
        updated_basis: entry.modified.basis.code(),
        source: dataset
            .source
            .as_ref()
            .map(|c| super::json::source_json(portal, &c.document, c)),
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

/// One row as an object, keys in column order, values typed by the column's type.
fn write_json_row(
    out: &mut impl Write,
    columns: &[Column],
    record: &csv::StringRecord,
    first: bool,
) -> std::io::Result<()> {
    out.write_all(if first { b"\n    {" } else { b",\n    {" })?;
    for (i, (column, cell)) in columns.iter().zip(record.iter()).enumerate() {
        if i > 0 {
            out.write_all(b", ")?;
        }
        serde_json::to_writer(&mut *out, &column.name)?;
        out.write_all(b": ")?;
        serde_json::to_writer(&mut *out, &json_value(column.kind, cell))?;
    }
    out.write_all(b"}")
}

fn json_value(kind: FieldType, cell: &str) -> serde_json::Value {
    use serde_json::Value;
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return Value::Null;
    }
    let typed = match kind {
        FieldType::Integer => trimmed.parse::<i64>().ok().map(Value::from),
        // As written when it is a JSON number (`-5` stays `-5`, not `-5.0`), else its value.
        FieldType::Number => serde_json::from_str::<serde_json::Number>(trimmed)
            .ok()
            .or_else(|| {
                trimmed
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
            })
            .map(Value::Number),
        FieldType::Boolean => match trimmed {
            "true" | "True" | "TRUE" => Some(Value::Bool(true)),
            "false" | "False" | "FALSE" => Some(Value::Bool(false)),
            _ => None,
        },
        FieldType::Date | FieldType::String => None,
    };
    typed.unwrap_or_else(|| Value::String(cell.to_string()))
}

/// The earliest and latest day a dataset's dates and periods reach.
struct Span {
    /// Columns read as dates, and the column of periods.
    dates: Vec<usize>,
    period: Option<usize>,
    range: Option<(NaiveDate, NaiveDate)>,
}

impl Span {
    fn new(columns: &[Column]) -> Span {
        Span {
            dates: columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == FieldType::Date)
                .map(|(i, _)| i)
                .collect(),
            period: columns.iter().position(|c| c.name == "period"),
            range: None,
        }
    }

    fn observe(&mut self, record: &csv::StringRecord) {
        let dates = self
            .dates
            .iter()
            .filter_map(|&i| record.get(i))
            .filter_map(|c| NaiveDate::parse_from_str(c.trim(), "%Y-%m-%d").ok())
            .map(|d| (d, d));
        let periods = self
            .period
            .and_then(|i| record.get(i))
            .and_then(Period::parse)
            .map(|p| (p.start(), p.end()));
        for (start, end) in dates.chain(periods) {
            self.range = Some(match self.range {
                Some((a, b)) => (a.min(start), b.max(end)),
                None => (start, end),
            });
        }
    }

    fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.range
    }
}
