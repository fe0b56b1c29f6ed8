//! Tidy CSV downloads: UTF-8, RFC 4180, machine column names that are the same in every
//! language, `.` as decimal point, and no cell a spreadsheet would run as a formula.

use super::catalog::Labels;
use crate::model::{ColumnType, Dataset, Indicator, Number, Portal, Text};

/// The UTF-8 byte-order mark, written first when `csv_bom` is set (see `SiteConfig`).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer as every download uses: RFC 4180 (comma, `"` quoting, CRLF line ends), the
/// byte-order mark first when `bom` is set.
pub fn writer<W: std::io::Write>(mut out: W, bom: bool) -> std::io::Result<csv::Writer<W>> {
    if bom {
        out.write_all(BOM)?;
    }
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

/// The type of a column, as Table Schema and CSVW name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Number,
    Integer,
    Boolean,
    Date,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
        }
    }
}

impl From<ColumnType> for FieldType {
    fn from(kind: ColumnType) -> Self {
        match kind {
            ColumnType::Integer => FieldType::Integer,
            ColumnType::Number => FieldType::Number,
            ColumnType::Boolean => FieldType::Boolean,
            ColumnType::Date => FieldType::Date,
            ColumnType::Text | ColumnType::Empty => FieldType::String,
        }
    }
}

/// A column of a published CSV: its machine name (the header cell, the same in every
/// language), its labels and description per language, and its type.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub label: Text,
    pub description: Text,
    pub kind: FieldType,
}

/// The columns of an indicator's CSV, described.
pub fn indicator_columns(portal: &Portal, indicator: &Indicator, labels: &Labels) -> Vec<Column> {
    let unit = portal
        .units
        .get(&indicator.unit)
        .map_or_else(|| Text::neutral(&indicator.unit), |u| u.label.clone());
    indicator_header(indicator, &portal.config.languages)
        .into_iter()
        .map(|name| {
            let dimension = indicator.dimensions.iter().find(|d| d.column == name);
            let (label, description) = match (dimension, name.strip_prefix("note_")) {
                (Some(d), _) => (
                    d.label.clone(),
                    labels.text("publishing.column.dimension_description"),
                ),
                (None, Some(lang)) => {
                    let lang = Text::neutral(lang);
                    (
                        labels.fill("publishing.column.note", &[("lang", &lang)]),
                        labels.fill("publishing.column.note_description", &[("lang", &lang)]),
                    )
                }
                (None, None) => (
                    labels.text(&format!("publishing.column.{name}")),
                    labels.fill(
                        &format!("publishing.column.{name}_description"),
                        &[("unit", &unit)],
                    ),
                ),
            };
            let kind = if name == "value" {
                FieldType::Number
            } else {
                FieldType::String
            };
            Column {
                name,
                label,
                description,
                kind,
            }
        })
        .collect()
}

/// The columns of a dataset, as the streaming pass at load time typed them.
pub fn dataset_columns(dataset: &Dataset) -> Vec<Column> {
    dataset
        .profile
        .columns
        .iter()
        .map(|c| {
            let doc = dataset.columns.get(&c.name);
            Column {
                name: c.name.clone(),
                label: doc.map(|d| d.label.clone()).unwrap_or_default(),
                description: doc.map(|d| d.description.clone()).unwrap_or_default(),
                kind: c.kind.into(),
            }
        })
        .collect()
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return
/// at the start) gets a leading `'`, unless it is a number such as `-0.5`.
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && Number::parse(cell).is_none() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A number as machines read it: `.` as decimal point, the decimals as written.
pub fn machine_number(number: Number) -> String {
    format!("{:.*}", number.decimals as usize, number.value)
}

/// The columns of an indicator's CSV.
pub fn indicator_header(indicator: &Indicator, languages: &[String]) -> Vec<String> {
    let mut header = vec![
        "indicator".to_string(),
        "period".to_string(),
        "value".to_string(),
    ];
    header.extend(indicator.dimensions.iter().map(|d| d.column.clone()));
    header.extend(["unit", "status", "source_document", "source_locator"].map(String::from));
    header.extend(languages.iter().map(|l| format!("note_{l}")));
    header
}

/// The indicator's observations in table order, one row of cells per observation, as
/// written to its CSV and XLSX (before formula neutralisation).
pub fn indicator_records(
    portal: &Portal,
    indicator: &Indicator,
    order: &[usize],
) -> Vec<Vec<String>> {
    let languages = &portal.config.languages;
    let default_lang = portal.config.default_lang();
    order
        .iter()
        .map(|&i| {
            let o = &indicator.observations[i];
            let source = o.source.as_ref().and_then(|s| indicator.source(s));
            let mut record: Vec<String> = vec![
                indicator.id.clone(),
                o.period.label().to_string(),
                o.value.map(machine_number).unwrap_or_default(),
            ];
            record.extend(o.dims.iter().cloned());
            record.push(indicator.unit.clone());
            record.push(o.status.map(|s| s.code().to_string()).unwrap_or_default());
            record.push(
                source
                    .map(|s| s.citation.document.clone())
                    .unwrap_or_default(),
            );
            record.push(
                source
                    .map(|s| s.citation.locator.clone())
                    .unwrap_or_default(),
            );
            record.extend(languages.iter().map(|l| {
                if o.note.is_empty() {
                    String::new()
                } else {
                    o.note.get(l, default_lang).to_string()
                }
            }));
            record
        })
        .collect()
}

/// The indicator's observations as tidy CSV, in table order.
pub fn indicator_csv(portal: &Portal, indicator: &Indicator, order: &[usize]) -> Vec<u8> {
    let mut writer = writer(Vec::new(), portal.config.csv_bom).expect("writing to memory");
    writer
        .write_record(indicator_header(indicator, &portal.config.languages))
        .expect("writing to memory");
    for record in indicator_records(portal, indicator, order) {
        writer
            .write_record(record.iter().map(|c| safe_cell(c).into_owned()))
            .expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(safe_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(safe_cell("@cmd"), "'@cmd");
        assert_eq!(safe_cell("+84 123"), "'+84 123");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("-0.5"), "-0.5");
        assert_eq!(safe_cell("Bộ Y tế"), "Bộ Y tế");
    }

    #[test]
    fn numbers_keep_the_written_decimals_with_a_point() {
        assert_eq!(
            machine_number(Number {
                value: 30.86,
                decimals: 2
            }),
            "30.86"
        );
        assert_eq!(
            machine_number(Number {
                value: 100.0,
                decimals: 0
            }),
            "100"
        );
    }
}
