//! XLSX downloads for spreadsheet users: a `data` sheet with the same rows as the CSV (numbers
//! as real number cells, shown with the decimals the data owner wrote) and a `metadata` sheet
//! with the labels, licence, citation and sources in every language.
//!
//! Text cells are neutralised like CSV cells ([`safe_cell`]), and the document's creation
//! date is the date the data last changed, so the same data always gives the same bytes
//! (`rust_xlsxwriter` stamps its zip entries with a fixed time).

use super::csv::{Column, FieldType, safe_cell};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The most rows a worksheet holds, header included.
pub const MAX_ROWS: u64 = 1_048_576;

/// What the workbook's document properties say.
pub struct Properties<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub comment: &'a str,
    pub created: NaiveDate,
}

/// The `metadata` sheet: a header row (`property` and the language codes), then one row per
/// property with its text in each language.
pub struct Metadata {
    pub languages: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
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
            decimals: (0..=12)
                .map(|d| {
                    let pattern = if d == 0 {
                        "0".to_string()
                    } else {
                        format!("0.{}", "0".repeat(d))
                    };
                    Format::new().set_num_format(pattern)
                })
                .collect(),
        }
    }
}

/// An indicator's workbook: `records` are the CSV's rows before neutralisation.
pub fn indicator_xlsx(
    columns: &[Column],
    records: &[Vec<String>],
    metadata: &Metadata,
    properties: &Properties,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = workbook(properties)?;
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("data")?;
    write_header(sheet, columns, &formats)?;
    for (row, record) in records.iter().enumerate() {
        write_record(sheet, row as u32 + 1, columns, record, &formats)?;
    }
    workbook.push_worksheet(metadata_sheet(metadata, &formats)?);
    workbook.save_to_buffer()
}

/// A dataset's workbook, written row by row as the dataset streams past: the data sheet is
/// in constant-memory mode (rows go to a temporary file), so no dataset is held in memory.
pub struct DatasetWorkbook {
    workbook: Workbook,
    formats: Formats,
    columns: Vec<Column>,
    next_row: u32,
}

impl DatasetWorkbook {
    pub fn new(columns: Vec<Column>, properties: &Properties) -> Result<Self, XlsxError> {
        let mut workbook = workbook(properties)?;
        let formats = Formats::new();
        let sheet = workbook.add_worksheet_with_constant_memory();
        sheet.set_name("data")?;
        write_header(sheet, &columns, &formats)?;
        Ok(DatasetWorkbook {
            workbook,
            formats,
            columns,
            next_row: 1,
        })
    }

    pub fn push<S: AsRef<str>>(&mut self, record: &[S]) -> Result<(), XlsxError> {
        let sheet = self.workbook.worksheet_from_index(0)?;
        write_record(sheet, self.next_row, &self.columns, record, &self.formats)?;
        self.next_row += 1;
        Ok(())
    }

    pub fn save(mut self, metadata: &Metadata, path: &Path) -> Result<(), XlsxError> {
        let sheet = metadata_sheet(metadata, &self.formats)?;
        self.workbook.push_worksheet(sheet);
        self.workbook.save(path)
    }
}

fn workbook(properties: &Properties) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        properties.created.year().clamp(1900, 9999) as u16,
        properties.created.month() as u8,
        properties.created.day() as u8,
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

fn write_header(
    sheet: &mut Worksheet,
    columns: &[Column],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, safe_cell(&column.name), &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// One row: number columns as number cells, the rest as (neutralised) text; blanks stay empty.
fn write_record<S: AsRef<str>>(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[Column],
    record: &[S],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, (cell, column)) in record.iter().zip(columns).enumerate() {
        let (cell, col) = (cell.as_ref(), col as u16);
        if cell.is_empty() {
            continue;
        }
        let number = matches!(column.kind, FieldType::Number | FieldType::Integer)
            .then(|| crate::model::Number::parse(cell))
            .flatten();
        match number {
            Some(n) => {
                let format = &formats.decimals[usize::from(n.decimals).min(12)];
                sheet.write_number_with_format(row, col, n.value, format)?;
            }
            None => {
                sheet.write_string(row, col, safe_cell(cell))?;
            }
        }
    }
    Ok(())
}

fn metadata_sheet(metadata: &Metadata, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name("metadata")?;
    sheet.write_string_with_format(0, 0, "property", &formats.header)?;
    for (col, lang) in metadata.languages.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16 + 1, safe_cell(lang), &formats.header)?;
    }
    for (row, (property, values)) in metadata.rows.iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, safe_cell(property))?;
        for (col, value) in values.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(row, col as u16 + 1, safe_cell(value))?;
            }
        }
    }
    sheet.set_column_width(0, 24)?;
    for col in 1..=metadata.languages.len() as u16 {
        sheet.set_column_width(col, 60)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(sheet)
}

/// The `metadata` sheet of an indicator or dataset.
pub fn metadata(
    portal: &crate::model::Portal,
    entry: &super::catalog::Entry,
    columns: &[Column],
    labels: &super::catalog::Labels,
) -> Metadata {
    use super::catalog::{absolute_page_url, absolute_url, citation};
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
    for column in columns {
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
