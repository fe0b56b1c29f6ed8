//! XLSX downloads for spreadsheet users: a `data` sheet with the same rows as the CSV (numbers
//! as real number cells, shown with the decimals the data owner wrote; the header row bold
//! and frozen) and a `metadata` sheet with the labels, licence, citation and sources in every
//! language. Text cells are neutralised like CSV cells ([`safe_cell`]).
//!
//! The workbook is the smallest SpreadsheetML package spreadsheets open (workbook, styles,
//! two worksheets with inline strings, document properties), written here with the `zip`
//! crate. A general-purpose writer (rust_xlsxwriter) spent a third of the whole build on the
//! indicators' workbooks (a dozen compressed parts per file, a theme included); this one
//! stores the small parts uncompressed, compresses only large sheets, and streams a dataset's
//! sheet row by row, so no dataset sits in memory. Every part has fixed contents and the zip
//! entries a fixed time, and the document's dates are when the data last changed, so the same
//! data always gives the same bytes. Tests read the files back with calamine.

use super::csv::{Column, FieldType, safe_cell};
use crate::model::Number;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The most rows a worksheet holds, header included.
pub const MAX_ROWS: u64 = 1_048_576;
/// The most columns a worksheet holds.
pub const MAX_COLUMNS: usize = 16_384;
/// The most characters a cell holds; longer text is cut (the CSV and JSON keep it whole).
const MAX_CELL_CHARS: usize = 32_767;
/// Sheets larger than this are compressed; smaller parts are stored as they are.
const COMPRESS_ABOVE: usize = 16 * 1024;

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

/// An indicator's workbook: `records` are the CSV's rows before neutralisation.
pub fn indicator_xlsx(
    columns: &[Column],
    records: &[Vec<String>],
    metadata: &Metadata,
    properties: &Properties,
) -> std::io::Result<Vec<u8>> {
    let mut data = String::new();
    data_sheet_start(&mut data, columns);
    for (i, record) in records.iter().enumerate() {
        data_row(&mut data, i as u32 + 2, columns, record);
    }
    data.push_str(SHEET_END);
    let mut zip = package(std::io::Cursor::new(Vec::new()), properties)?;
    part(&mut zip, "xl/worksheets/sheet1.xml", data.as_bytes())?;
    part(
        &mut zip,
        "xl/worksheets/sheet2.xml",
        metadata_sheet(metadata).as_bytes(),
    )?;
    Ok(zip.finish()?.into_inner())
}

/// A dataset's workbook, written row by row as the dataset streams past.
pub struct DatasetWorkbook<W: Write + Seek> {
    zip: ZipWriter<W>,
    columns: Vec<Column>,
    next_row: u32,
    buffer: String,
}

impl<W: Write + Seek> DatasetWorkbook<W> {
    pub fn new(out: W, columns: Vec<Column>, properties: &Properties) -> std::io::Result<Self> {
        let mut zip = package(out, properties)?;
        zip.start_file("xl/worksheets/sheet1.xml", options(true))?;
        let mut buffer = String::new();
        data_sheet_start(&mut buffer, &columns);
        Ok(DatasetWorkbook {
            zip,
            columns,
            next_row: 2,
            buffer,
        })
    }

    pub fn push<S: AsRef<str>>(&mut self, record: &[S]) -> std::io::Result<()> {
        data_row(&mut self.buffer, self.next_row, &self.columns, record);
        self.next_row += 1;
        if self.buffer.len() > 1 << 16 {
            self.zip.write_all(self.buffer.as_bytes())?;
            self.buffer.clear();
        }
        Ok(())
    }

    pub fn finish(mut self, metadata: &Metadata) -> std::io::Result<W> {
        self.buffer.push_str(SHEET_END);
        self.zip.write_all(self.buffer.as_bytes())?;
        part(
            &mut self.zip,
            "xl/worksheets/sheet2.xml",
            metadata_sheet(metadata).as_bytes(),
        )?;
        Ok(self.zip.finish()?)
    }
}

fn options(compress: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(if compress {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        })
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(true)
}

fn part<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    contents: &[u8],
) -> std::io::Result<()> {
    zip.start_file(name, options(contents.len() > COMPRESS_ABOVE))?;
    zip.write_all(contents)
}

/// Every part but the sheets.
fn package<W: Write + Seek>(out: W, properties: &Properties) -> std::io::Result<ZipWriter<W>> {
    let mut zip = ZipWriter::new(out);
    part(&mut zip, "[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
    part(&mut zip, "_rels/.rels", ROOT_RELATIONSHIPS.as_bytes())?;
    part(
        &mut zip,
        "docProps/core.xml",
        core_properties(properties).as_bytes(),
    )?;
    part(&mut zip, "xl/workbook.xml", WORKBOOK.as_bytes())?;
    part(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        WORKBOOK_RELATIONSHIPS.as_bytes(),
    )?;
    part(&mut zip, "xl/styles.xml", styles().as_bytes())?;
    Ok(zip)
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    "</Types>\n"
);

const ROOT_RELATIONSHIPS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    "</Relationships>\n"
);

const WORKBOOK: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<sheets><sheet name="data" sheetId="1" r:id="rId1"/><sheet name="metadata" sheetId="2" r:id="rId2"/></sheets>"#,
    "</workbook>\n"
);

const WORKBOOK_RELATIONSHIPS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    "</Relationships>\n"
);

/// Cell styles: 0 plain, 1 bold (headers), 2 + d a number shown with d decimals (0 to 12).
const BOLD: u8 = 1;
const MAX_DECIMALS: u8 = 12;

fn number_style(decimals: u8) -> u8 {
    2 + decimals.min(MAX_DECIMALS)
}

fn styles() -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(
        r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    // Built-in format 1 is "0"; custom formats from 164 hold 1 to 12 decimals.
    xml.push_str(&format!(r#"<numFmts count="{MAX_DECIMALS}">"#));
    for d in 1..=MAX_DECIMALS {
        xml.push_str(&format!(
            r#"<numFmt numFmtId="{}" formatCode="0.{}"/>"#,
            163 + u32::from(d),
            "0".repeat(usize::from(d))
        ));
    }
    xml.push_str("</numFmts>");
    xml.push_str(concat!(
        r#"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#,
        r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
        r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
        r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    ));
    xml.push_str(&format!(r#"<cellXfs count="{}">"#, 3 + MAX_DECIMALS));
    xml.push_str(r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#);
    xml.push_str(r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#);
    for d in 0..=MAX_DECIMALS {
        let id = if d == 0 { 1 } else { 163 + u32::from(d) };
        xml.push_str(&format!(
            r#"<xf numFmtId="{id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        ));
    }
    xml.push_str("</cellXfs>");
    xml.push_str(
        r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
    );
    xml.push_str("</styleSheet>\n");
    xml
}

fn core_properties(properties: &Properties) -> String {
    let date = format!("{}T00:00:00Z", properties.created);
    format!(
        concat!(
            "{declaration}",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><dc:description>{comment}</dc:description>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            "</cp:coreProperties>\n"
        ),
        declaration = XML_DECLARATION,
        title = xml_text(properties.title),
        author = xml_text(properties.author),
        comment = xml_text(properties.comment),
        date = date,
    )
}

const SHEET_START: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
);
const SHEET_END: &str = "</sheetData></worksheet>\n";

/// The data sheet up to its first row: the header, frozen.
fn data_sheet_start(xml: &mut String, columns: &[Column]) {
    xml.push_str(SHEET_START);
    xml.push_str(r#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#);
    xml.push_str("<sheetData>");
    xml.push_str(r#"<row r="1">"#);
    for (col, column) in columns.iter().enumerate() {
        text_cell(xml, col, 1, &column.name, BOLD);
    }
    xml.push_str("</row>");
}

/// One row: number columns as number cells, the rest as (neutralised) text; blanks stay empty.
fn data_row<S: AsRef<str>>(xml: &mut String, row: u32, columns: &[Column], record: &[S]) {
    let _ = write!(xml, r#"<row r="{row}">"#);
    for (col, (cell, column)) in record.iter().zip(columns).enumerate() {
        let cell = cell.as_ref();
        if cell.is_empty() {
            continue;
        }
        let number = matches!(column.kind, FieldType::Number | FieldType::Integer)
            .then(|| Number::parse(cell))
            .flatten();
        match number {
            Some(n) => {
                xml.push_str("<c r=\"");
                push_reference(xml, col, row);
                let _ = write!(
                    xml,
                    r#"" s="{}"><v>{}</v></c>"#,
                    number_style(n.decimals),
                    n.value
                );
            }
            None => text_cell(xml, col, row, cell, 0),
        }
    }
    xml.push_str("</row>");
}

fn metadata_sheet(metadata: &Metadata) -> String {
    let mut xml = String::from(SHEET_START);
    xml.push_str(r#"<sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/></sheetView></sheetViews>"#);
    xml.push_str(&format!(
        r#"<cols><col min="1" max="1" width="24" customWidth="1"/><col min="2" max="{}" width="60" customWidth="1"/></cols>"#,
        metadata.languages.len() + 1
    ));
    xml.push_str("<sheetData>");
    xml.push_str(r#"<row r="1">"#);
    text_cell(&mut xml, 0, 1, "property", BOLD);
    for (col, lang) in metadata.languages.iter().enumerate() {
        text_cell(&mut xml, col + 1, 1, lang, BOLD);
    }
    xml.push_str("</row>");
    for (i, (property, values)) in metadata.rows.iter().enumerate() {
        let row = i as u32 + 2;
        let _ = write!(xml, r#"<row r="{row}">"#);
        text_cell(&mut xml, 0, row, property, 0);
        for (col, value) in values.iter().enumerate() {
            if !value.is_empty() {
                text_cell(&mut xml, col + 1, row, value, 0);
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str(SHEET_END);
    xml
}

/// A text cell, neutralised, as an inline string.
fn text_cell(xml: &mut String, col: usize, row: u32, text: &str, style: u8) {
    let text = safe_cell(text);
    let text = match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => &text,
    };
    xml.push_str("<c r=\"");
    push_reference(xml, col, row);
    let _ = write!(
        xml,
        r#"" s="{style}" t="inlineStr"><is><t xml:space="preserve">"#
    );
    push_xml_text(xml, text);
    xml.push_str("</t></is></c>");
}

/// A cell's reference: the column as spreadsheets name it (0 is A, 26 is AA), then the row.
fn push_reference(xml: &mut String, col: usize, row: u32) {
    let mut letters = [0u8; 3];
    let mut start = letters.len();
    let mut n = col + 1;
    while n > 0 && start > 0 {
        start -= 1;
        letters[start] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    xml.push_str(std::str::from_utf8(&letters[start..]).expect("ASCII letters"));
    let _ = write!(xml, "{row}");
}

/// Text as XML character data. Control characters XML cannot hold are written as the
/// `_xHHHH_` escapes spreadsheets read back (and an underscore that would start such an
/// escape is escaped itself).
fn push_xml_text(out: &mut String, text: &str) {
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", c as u32);
            }
            '_' if looks_like_escape(&text[i..]) => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
}

fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_xml_text(&mut out, text);
    out
}

fn looks_like_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

/// The `metadata` sheet of an indicator or dataset.
pub fn metadata(
    portal: &crate::model::Portal,
    entry: &super::catalog::Entry,
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

    #[test]
    fn cells_are_named_like_spreadsheets_name_them() {
        let names: Vec<String> = [0, 25, 26, 27, 701, 702, 16_383]
            .into_iter()
            .map(|col| {
                let mut name = String::new();
                push_reference(&mut name, col, 7);
                name
            })
            .collect();
        assert_eq!(names, ["A7", "Z7", "AA7", "AB7", "ZZ7", "AAA7", "XFD7"]);
    }

    #[test]
    fn text_is_escaped_for_xml_and_spreadsheets() {
        assert_eq!(xml_text("a < b & c"), "a &lt; b &amp; c");
        assert_eq!(xml_text("bell\u{7}"), "bell_x0007_");
        assert_eq!(xml_text("_x0041_"), "_x005F_x0041_");
        assert_eq!(xml_text("snake_case"), "snake_case");
    }
}
