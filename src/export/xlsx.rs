//! XLSX downloads for spreadsheet users: a `data` sheet with the same rows as the CSV (numbers
//! as real number cells, shown with the decimals the data owner wrote; the header row bold
//! and frozen) and a `metadata` sheet with the labels, licence, citation and sources in every
//! language. Text cells are neutralised like CSV cells ([`safe_cell`]).
//!
//! rust_xlsxwriter writes the workbooks. Packaging one (a dozen compressed parts) takes far
//! longer than the rest of an indicator's downloads, so workbooks go through the build cache
//! ([`crate::cache`]): the key is everything the workbook's bytes depend on, namely the
//! crates that write and compress it, this module's own source (how the sheets are laid out),
//! the document properties and every cell exactly as the worksheets receive it; a build calls
//! the crate only for workbooks whose key is new. The zip entries have a fixed time and the
//! document's dates are when the data last changed, so the same data always gives the same
//! bytes, cached or not.
//!
//! A dataset's workbook is keyed by the hash of the dataset's published CSV, finished before
//! it (its cells are that CSV's cells, typed by the columns: a cell the CSV neutralises is
//! neither a number nor written otherwise in the sheet); only when the key is new is the dataset read again into a
//! worksheet in constant-memory mode (rows go to a temporary file), and the workbook is
//! written to its file, so no dataset sits in memory.

use super::csv::safe_cell;
use super::formats::{Job, Sink, Subject, Writer, Written};
use crate::cache::{Area, Cache, Key, Product};
use crate::model::Number;
use crate::site::catalog::FileFacts;
use crate::site::columns::{Column, FieldType};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::io;
use std::io::Write;

/// The most characters a cell holds; longer text is cut (the CSV and JSON keep it whole).
const MAX_CELL_CHARS: usize = 32_767;
/// Number formats go from `0` to `0.000000000000`.
const MAX_DECIMALS: u8 = 12;

/// The crates that write and compress the workbooks, as Cargo.lock resolves them (a test
/// holds this to Cargo.lock): part of every key, so upgrading them never serves an old
/// workbook.
const WRITERS: &str = "rust_xlsxwriter 0.102.0, zip 9.8.1, flate2 1.1.11, zlib-rs 0.6.8";

/// Workbooks in the cache. A zip file is whole when it starts with a local file header and
/// its last 22 bytes are the end-of-central-directory record (the crate writes no comment).
pub const XLSX: Area = Area {
    name: "xlsx",
    extension: "xlsx",
    is_whole: |start, end| {
        start.starts_with(b"PK\x03\x04")
            && end.len() >= 22
            && end[end.len() - 22..].starts_with(b"PK\x05\x06")
    },
};

/// What the workbook's document properties say.
pub struct Properties<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub comment: &'a str,
    /// When the data last changed: the document's creation and modification date.
    pub created: NaiveDate,
}

/// The `metadata` sheet: a header row (`property` and the language codes), then one row per
/// property with its text in each language.
pub struct Metadata {
    pub languages: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// An indicator's workbook, from the cache when it holds it (with the entry's file, which
/// the output links): `records` are the CSV's rows before neutralisation.
pub fn indicator_xlsx(
    columns: &[Column],
    records: &[Vec<String>],
    metadata: &Metadata,
    properties: &Properties,
    cache: &Cache,
) -> Result<Product, XlsxError> {
    let data = |cells: &mut dyn Cells| -> Result<(), XlsxError> {
        header(cells, columns)?;
        for (i, record) in records.iter().enumerate() {
            data_row(
                cells,
                i as u32 + 1,
                columns,
                record.iter().map(String::as_str),
            )?;
        }
        Ok(())
    };
    let mut key = KeyCells::new(SHARED_STRINGS, properties, metadata);
    data(&mut key)?;
    cache.bytes(&XLSX, &key.finish(), || {
        let mut workbook = workbook(properties)?;
        let formats = Formats::new();
        let sheet = data_sheet(workbook.add_worksheet())?;
        data(&mut SheetCells {
            sheet,
            formats: &formats,
        })?;
        add_metadata_sheet(&mut workbook, metadata, &formats)?;
        workbook.save_to_buffer()
    })
}

/// The workbook of an indicator or dataset: a data sheet typed by column and a metadata
/// sheet. Both are keyed by what decides their bytes, and one the cache holds is not made
/// again; a dataset's is made by reading the dataset once more into a constant-memory sheet.
pub struct XlsxWriter;

impl Writer for XlsxWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        let config = &job.portal.config;
        let lang = config.default_lang();
        let title = match job.subject {
            Subject::Indicator(indicator, ..) => indicator.name.get(lang, lang),
            Subject::Dataset(dataset) => dataset.title.get(lang, lang),
        };
        let properties = Properties {
            title,
            author: config.publisher.name.get(lang, lang),
            comment: &config.license.url,
            created: job.entry.modified.date,
        };
        let metadata = metadata(job.portal, job.entry, job.labels);
        Ok(Box::new(XlsxSink {
            job,
            path,
            properties,
            metadata,
        }))
    }
}

struct XlsxSink<'a> {
    job: &'a Job<'a>,
    path: &'a str,
    properties: Properties<'a>,
    metadata: Metadata,
}

impl Sink for XlsxSink<'_> {
    fn finish(self: Box<Self>, written: &Written) -> io::Result<FileFacts> {
        let XlsxSink {
            job,
            path,
            properties,
            metadata,
        } = *self;
        let output = job.output;
        let columns = &job.entry.columns;
        let bytes = match job.subject {
            Subject::Dataset(dataset) => {
                let csv = (written.get(&crate::site::catalog::Format::Csv))
                    .and_then(|csv| csv.sha256.as_deref());
                let csv = csv.ok_or_else(|| io::Error::other("a dataset's CSV comes first"))?;
                let key = dataset_key(columns, &metadata, &properties, csv);
                match job.cache.file(&XLSX, &key) {
                    Some(cached) => output.copy(&cached, path)?,
                    None => {
                        let file = output.path_for(path)?;
                        let bytes = super::dataset::write_xlsx(
                            job.portal,
                            dataset,
                            columns,
                            (&metadata, &properties),
                            &file,
                        )?;
                        job.cache.store_file(&XLSX, &key, &file);
                        output.count(bytes);
                        bytes
                    }
                }
            }
            Subject::Indicator(.., records) => {
                let workbook = indicator_xlsx(columns, records, &metadata, &properties, job.cache)
                    .map_err(io::Error::other)?;
                output.link_or_write(path, &workbook.bytes, workbook.file.as_deref())?;
                workbook.bytes.len() as u64
            }
        };
        Ok(FileFacts {
            bytes,
            sha256: None,
        })
    }
}

/// A dataset workbook's cache key: how it is written, its columns and the SHA-256 of the
/// dataset's published CSV.
pub fn dataset_key(
    columns: &[Column],
    metadata: &Metadata,
    properties: &Properties,
    csv_sha256: &str,
) -> Key {
    let mut cells = KeyCells::new(CONSTANT_MEMORY, properties, metadata);
    header(&mut cells, columns).expect("keys take every cell");
    cells.key.part(format!("{columns:?}")).part(csv_sha256);
    cells.finish()
}

/// A dataset's workbook, written row by row: the data sheet is in constant-memory mode, so
/// rows go to a temporary file rather than stay in memory.
pub struct DatasetWorkbook {
    workbook: Workbook,
    formats: Formats,
    columns: Vec<Column>,
    next_row: u32,
}

impl DatasetWorkbook {
    pub fn new(columns: &[Column], properties: &Properties) -> Result<Self, XlsxError> {
        let mut workbook = workbook(properties)?;
        let formats = Formats::new();
        let sheet = data_sheet(workbook.add_worksheet_with_constant_memory()?)?;
        header(
            &mut SheetCells {
                sheet,
                formats: &formats,
            },
            columns,
        )?;
        Ok(DatasetWorkbook {
            workbook,
            formats,
            columns: columns.to_vec(),
            next_row: 1,
        })
    }

    pub fn push<'r>(&mut self, record: impl IntoIterator<Item = &'r str>) -> Result<(), XlsxError> {
        let sheet = self.workbook.worksheet_from_index(0)?;
        let mut cells = SheetCells {
            sheet,
            formats: &self.formats,
        };
        data_row(&mut cells, self.next_row, &self.columns, record)?;
        self.next_row += 1;
        Ok(())
    }

    /// Adds the metadata sheet and writes the workbook to `out`.
    pub fn finish(mut self, metadata: &Metadata, out: impl Write + Send) -> Result<(), XlsxError> {
        add_metadata_sheet(&mut self.workbook, metadata, &self.formats)?;
        self.workbook.save_to_writer(out)
    }
}

/// Where a workbook's cells go: into a worksheet, or into the workbook's cache key. The same
/// code lays out both, so the key holds exactly what the worksheets receive.
trait Cells {
    fn text(&mut self, row: u32, col: u16, text: &str, style: Style) -> Result<(), XlsxError>;
    fn number(&mut self, row: u32, col: u16, number: Number) -> Result<(), XlsxError>;
}

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Header,
}

/// The header row: the column names, bold.
fn header(cells: &mut dyn Cells, columns: &[Column]) -> Result<(), XlsxError> {
    for (col, column) in columns.iter().enumerate() {
        cells.text(0, col as u16, &column.name, Style::Header)?;
    }
    Ok(())
}

/// One row: number columns as number cells, the rest as (neutralised) text; blanks stay empty.
fn data_row<'r>(
    cells: &mut dyn Cells,
    row: u32,
    columns: &[Column],
    record: impl IntoIterator<Item = &'r str>,
) -> Result<(), XlsxError> {
    for (col, (cell, column)) in record.into_iter().zip(columns).enumerate() {
        if cell.is_empty() {
            continue;
        }
        let number = matches!(column.kind, FieldType::Number | FieldType::Integer)
            .then(|| Number::read_float(cell).ok())
            .flatten();
        match number {
            Some(n) => cells.number(row, col as u16, n)?,
            None => cells.text(row, col as u16, cell, Style::Plain)?,
        }
    }
    Ok(())
}

/// The metadata sheet's cells: `property` and the languages, then a row per property.
fn metadata_cells(cells: &mut dyn Cells, metadata: &Metadata) -> Result<(), XlsxError> {
    cells.text(0, 0, "property", Style::Header)?;
    for (col, lang) in metadata.languages.iter().enumerate() {
        cells.text(0, col as u16 + 1, lang, Style::Header)?;
    }
    for (i, (property, values)) in metadata.rows.iter().enumerate() {
        let row = i as u32 + 1;
        cells.text(row, 0, property, Style::Plain)?;
        for (col, value) in values.iter().enumerate() {
            if !value.is_empty() {
                cells.text(row, col as u16 + 1, value, Style::Plain)?;
            }
        }
    }
    Ok(())
}

/// Text as a cell holds it: neutralised, and cut to what a cell holds.
fn cell_text(text: &str) -> Cow<'_, str> {
    match safe_cell(text) {
        Cow::Borrowed(text) => Cow::Borrowed(cut(text)),
        Cow::Owned(text) => Cow::Owned(cut(&text).to_string()),
    }
}

fn cut(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Cells into a worksheet.
struct SheetCells<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a Formats,
}

impl Cells for SheetCells<'_> {
    fn text(&mut self, row: u32, col: u16, text: &str, style: Style) -> Result<(), XlsxError> {
        let text = cell_text(text);
        match style {
            Style::Plain => self.sheet.write_string(row, col, text.as_ref())?,
            Style::Header => self.sheet.write_string_with_format(
                row,
                col,
                text.as_ref(),
                &self.formats.header,
            )?,
        };
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, number: Number) -> Result<(), XlsxError> {
        let format = &self.formats.decimals[usize::from(number.decimals.min(MAX_DECIMALS))];
        self.sheet
            .write_number_with_format(row, col, number.value, format)?;
        Ok(())
    }
}

/// How the crate writes a data sheet: with a shared-strings table (indicators), or with
/// inline strings as rows stream to a temporary file (datasets). The same cells give other
/// bytes, so each is part of the key.
const SHARED_STRINGS: &str = "shared strings";
const CONSTANT_MEMORY: &str = "constant memory";

/// Cells into a cache key.
struct KeyCells {
    key: Key,
    buffer: Vec<u8>,
}

impl KeyCells {
    /// A key that starts with the writers, this module's source, how the data sheet is
    /// written, the document properties and the metadata sheet; the data sheet's cells follow.
    fn new(mode: &str, properties: &Properties, metadata: &Metadata) -> KeyCells {
        let mut key = Key::new();
        key.part(WRITERS)
            .part(include_str!("xlsx.rs"))
            .part(mode)
            .part(properties.title)
            .part(properties.author)
            .part(properties.comment)
            .part(properties.created.to_string());
        let mut cells = KeyCells {
            key,
            buffer: Vec::new(),
        };
        metadata_cells(&mut cells, metadata).expect("keys take every cell");
        cells.key.part("data");
        cells
    }

    fn finish(self) -> Key {
        self.key
    }

    fn cell(&mut self, kind: u8, row: u32, col: u16, payload: &[u8]) {
        self.buffer.clear();
        self.buffer.push(kind);
        self.buffer.extend_from_slice(&row.to_le_bytes());
        self.buffer.extend_from_slice(&col.to_le_bytes());
        self.buffer.extend_from_slice(payload);
        self.key.part(&self.buffer);
    }
}

impl Cells for KeyCells {
    fn text(&mut self, row: u32, col: u16, text: &str, style: Style) -> Result<(), XlsxError> {
        let kind = match style {
            Style::Plain => b't',
            Style::Header => b'h',
        };
        self.cell(kind, row, col, cell_text(text).as_bytes());
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, number: Number) -> Result<(), XlsxError> {
        let mut payload = [0u8; 9];
        payload[0] = number.decimals;
        payload[1..].copy_from_slice(&number.value.to_bits().to_le_bytes());
        self.cell(b'n', row, col, &payload);
        Ok(())
    }
}

/// Cell formats shared by a workbook's sheets.
struct Formats {
    header: Format,
    /// `0`, `0.0`, `0.00`… by number of decimals.
    decimals: Vec<Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            decimals: (0..=MAX_DECIMALS)
                .map(|d| match d {
                    0 => Format::new().set_num_format("0"),
                    d => Format::new().set_num_format(format!("0.{}", "0".repeat(d.into()))),
                })
                .collect(),
        }
    }
}

/// A workbook with the document properties; its date is when the data last changed.
fn workbook(properties: &Properties) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let date = properties.created;
    let created = ExcelDateTime::from_ymd(
        date.year().clamp(1900, 9999) as u16,
        date.month() as u8,
        date.day() as u8,
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(properties.title)
            .set_author(properties.author)
            .set_comment(properties.comment)
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// Names the data sheet and freezes its header row.
fn data_sheet(sheet: &mut Worksheet) -> Result<&mut Worksheet, XlsxError> {
    sheet.set_name("data")?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(sheet)
}

/// The metadata sheet: property names in a narrow first column, frozen with the header row,
/// then a wide column per language.
fn add_metadata_sheet(
    workbook: &mut Workbook,
    metadata: &Metadata,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("metadata")?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_column_width(0, 24)?;
    for col in 1..=metadata.languages.len() as u16 {
        sheet.set_column_width(col, 60)?;
    }
    metadata_cells(&mut SheetCells { sheet, formats }, metadata)
}

/// The `metadata` sheet of an indicator or dataset.
pub fn metadata(
    portal: &crate::model::Portal,
    entry: &crate::site::catalog::Entry,
    labels: &crate::site::catalog::Labels,
) -> Metadata {
    use crate::site::catalog::{absolute_page_url, absolute_url, citation};
    let config = &portal.config;
    let default_lang = config.default_lang();
    let languages = config.languages.clone();
    let every = |value: &str| vec![value.to_string(); languages.len()];
    let localized = |text: &crate::model::Text| -> Vec<String> {
        languages
            .iter()
            .map(|l| text.get(l, default_lang).to_string())
            .collect()
    };
    let mut rows = vec![
        ("id".to_string(), every(&entry.id)),
        ("title".to_string(), localized(&entry.title)),
        ("description".to_string(), localized(&entry.description)),
    ];
    if let Some(unit) = entry.unit.as_deref().and_then(|u| portal.units.get(u)) {
        rows.push(("unit".to_string(), localized(&unit.label)));
    }
    rows.push((
        "last_updated".to_string(),
        every(&entry.modified.date.to_string()),
    ));
    rows.push((
        "last_updated_basis".to_string(),
        localized(&labels.text(&format!("publishing.basis.{}", entry.modified.basis.code()))),
    ));
    if let Some((start, end)) = entry.temporal {
        rows.push((
            "temporal_coverage".to_string(),
            every(&format!("{start}/{end}")),
        ));
    }
    if let Some(spatial) = &config.spatial {
        rows.push(("spatial_coverage".to_string(), localized(&spatial.name)));
    }
    rows.push(("publisher".to_string(), localized(&config.publisher.name)));
    rows.push(("contact".to_string(), every(&config.publisher.email)));
    rows.push((
        "license".to_string(),
        every(&format!("{} <{}>", config.license.name, config.license.url)),
    ));
    rows.push((
        "citation".to_string(),
        labels
            .translators()
            .iter()
            .map(|t| citation(portal, entry, t).full)
            .collect(),
    ));
    rows.push((
        "url".to_string(),
        languages
            .iter()
            .map(|l| absolute_page_url(portal, &entry.page, l))
            .collect(),
    ));
    rows.push(("csv".to_string(), every(&absolute_url(portal, entry.csv()))));
    for (n, source) in entry.sources.iter().enumerate() {
        let document = portal.documents.iter().find(|d| d.id == source.document);
        let text: Vec<String> = languages
            .iter()
            .map(|l| {
                let mut parts = vec![document.map_or(source.document.clone(), |d| {
                    d.title.get(l, default_lang).to_string()
                })];
                parts.extend(document.and_then(|d| d.reference.clone()));
                parts.extend(document.and_then(|d| d.date.clone()));
                parts.push(source.locator.clone());
                parts.extend(document.and_then(|d| d.url.clone()));
                parts.join(" — ")
            })
            .collect();
        rows.push((format!("source_{}", n + 1), text));
    }
    for column in &entry.columns {
        let text = languages
            .iter()
            .map(|l| {
                let label = column.label.get(l, default_lang);
                let description = column.description.get(l, default_lang);
                match (label.is_empty(), description.is_empty()) {
                    (_, true) => label.to_string(),
                    (true, false) => description.to_string(),
                    (false, false) => format!("{label} — {description}"),
                }
            })
            .collect();
        rows.push((format!("column.{}", column.name), text));
    }
    Metadata { languages, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use calamine::{Data, Reader, Xlsx};

    fn columns() -> Vec<Column> {
        let column = |name: &str, kind| Column {
            name: name.into(),
            label: Text::neutral(name),
            description: Text::neutral(""),
            kind,
        };
        vec![
            column("period", FieldType::String),
            column("value", FieldType::Number),
            column("note", FieldType::String),
        ]
    }

    fn metadata() -> Metadata {
        Metadata {
            languages: vec!["vi".into(), "en".into()],
            rows: vec![
                ("title".into(), vec!["Tỷ lệ".into(), "Share".into()]),
                ("note".into(), vec!["=1+1".into(), String::new()]),
            ],
        }
    }

    fn properties() -> Properties<'static> {
        Properties {
            title: "Tỷ lệ",
            author: "Bộ",
            comment: "https://creativecommons.org/licenses/by/4.0/",
            created: NaiveDate::from_ymd_opt(2023, 5, 1).unwrap(),
        }
    }

    fn records(rows: &[[&str; 3]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn some_records() -> Vec<Vec<String>> {
        records(&[
            ["2020", "30.86", "@SUM(A1)"],
            ["2021", "50.0", ""],
            ["2022", "", "-"],
        ])
    }

    /// A sheet's cells, numbers marked with their number format.
    fn read(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = workbook.worksheet_range(sheet).unwrap();
        range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        Data::String(s) => s.clone(),
                        Data::Float(f) => format!("number:{f}"),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    fn indicator(records: &[Vec<String>], cache: &Cache) -> Vec<u8> {
        indicator_xlsx(&columns(), records, &metadata(), &properties(), cache)
            .unwrap()
            .bytes
    }

    fn dataset(records: &[Vec<String>]) -> Vec<u8> {
        let mut workbook = DatasetWorkbook::new(&columns(), &properties()).unwrap();
        for record in records {
            workbook.push(record.iter().map(String::as_str)).unwrap();
        }
        let mut bytes = Vec::new();
        workbook.finish(&metadata(), &mut bytes).unwrap();
        bytes
    }

    fn entries(dir: &std::path::Path) -> usize {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    }

    #[test]
    fn workbooks_hold_number_cells_neutralised_text_and_the_metadata() {
        let records = some_records();
        for bytes in [indicator(&records, &Cache::none()), dataset(&records)] {
            assert_eq!(
                read(&bytes, "data"),
                [
                    ["period", "value", "note"],
                    ["2020", "number:30.86", "'@SUM(A1)"],
                    ["2021", "number:50", ""],
                    ["2022", "", "'-"],
                ]
            );
            assert_eq!(
                read(&bytes, "metadata"),
                [
                    ["property", "vi", "en"],
                    ["title", "Tỷ lệ", "Share"],
                    ["note", "'=1+1", ""],
                ]
            );
            let styles = unzip(&bytes, "xl/styles.xml");
            assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
            assert!(styles.contains("<b/>"), "bold headers");
            let core = unzip(&bytes, "docProps/core.xml");
            assert!(core.contains("2023-05-01T00:00:00Z"), "{core}");
            assert!(core.contains("<dc:title>Tỷ lệ</dc:title>"), "{core}");
        }
    }

    fn unzip(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    }

    #[test]
    fn text_longer_than_a_cell_holds_is_cut() {
        let long = "ạ".repeat(MAX_CELL_CHARS + 10);
        let records = records(&[["2020", "1", &long]]);
        let data = read(&indicator(&records, &Cache::none()), "data");
        assert_eq!(data[1][2].chars().count(), MAX_CELL_CHARS);
    }

    #[test]
    fn a_workbook_is_the_same_whatever_the_cache_holds() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let records = some_records();
        let uncached = indicator(&records, &Cache::none());
        assert_eq!(
            indicator(&records, &Cache::none()),
            uncached,
            "deterministic"
        );
        assert_eq!(indicator(&records, &cache), uncached, "cold");
        assert_eq!(entries(dir.path()), 1);
        assert_eq!(indicator(&records, &cache), uncached, "warm");
        assert_eq!(entries(dir.path()), 1);
    }

    #[test]
    fn every_cell_property_and_metadata_text_is_part_of_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let records = some_records();
        indicator(&records, &cache);
        let mut changed = records.clone();
        changed[1][1] = "50.00".into(); // the same value, shown with two decimals
        let other = indicator(&changed, &cache);
        assert_eq!(read(&other, "data")[2][1], "number:50");
        assert_eq!(entries(dir.path()), 2);
        let mut metadata = metadata();
        metadata.rows[0].1[1] = "Ratio".into();
        indicator_xlsx(&columns(), &records, &metadata, &properties(), &cache).unwrap();
        assert_eq!(entries(dir.path()), 3);
        let properties = Properties {
            created: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            ..properties()
        };
        indicator_xlsx(&columns(), &records, &self::metadata(), &properties, &cache).unwrap();
        assert_eq!(entries(dir.path()), 4);
        // Cells that read differently but are written the same are the same workbook.
        let mut same = records.clone();
        same[0][1] = " 30.86".into();
        indicator(&same, &cache);
        assert_eq!(entries(dir.path()), 4);
    }

    #[test]
    fn a_dataset_is_keyed_by_its_csv() {
        let records = some_records();
        let key = |records: &[Vec<String>]| {
            let mut csv = csv::Writer::from_writer(Vec::new());
            records.iter().for_each(|r| csv.write_record(r).unwrap());
            let csv = csv.into_inner().unwrap();
            let sha256 = crate::site::catalog::hex(&<sha2::Sha256 as sha2::Digest>::digest(&csv));
            dataset_key(&columns(), &metadata(), &properties(), &sha256)
        };
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let made = dir.path().join("made.xlsx");
        std::fs::write(&made, dataset(&records)).unwrap();
        cache.store_file(&XLSX, &key(&records), &made);
        let entry = cache.file(&XLSX, &key(&records)).expect("a whole entry");
        assert_eq!(std::fs::read(entry).unwrap(), dataset(&records));
        let mut changed = records.clone();
        changed[2][2] = "+".into();
        assert_eq!(cache.file(&XLSX, &key(&changed)), None);
        // Not the key of an indicator's workbook with the same cells: those bytes differ.
        let indicator_key = {
            let mut cells = KeyCells::new(SHARED_STRINGS, &properties(), &metadata());
            header(&mut cells, &columns()).unwrap();
            for (i, record) in records.iter().enumerate() {
                data_row(
                    &mut cells,
                    i as u32 + 1,
                    &columns(),
                    record.iter().map(String::as_str),
                )
                .unwrap();
            }
            cells.finish()
        };
        assert_eq!(cache.file(&XLSX, &indicator_key), None);
    }

    #[test]
    fn a_cut_workbook_in_the_cache_is_not_whole() {
        let bytes = indicator(&some_records(), &Cache::none());
        assert!((XLSX.is_whole)(&bytes, &bytes));
        let cut = &bytes[..bytes.len() - 1];
        assert!(!(XLSX.is_whole)(cut, cut));
        assert!(!(XLSX.is_whole)(b"", b""));
    }

    #[test]
    fn the_key_names_the_writing_crates_as_cargo_lock_resolves_them() {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
            .expect("Cargo.lock");
        for writer in WRITERS.split(", ") {
            let (name, version) = writer.split_once(' ').unwrap();
            assert!(
                lock.contains(&format!("name = \"{name}\"\nversion = \"{version}\"\n")),
                "Cargo.lock has no {writer}: update WRITERS"
            );
        }
    }
}
