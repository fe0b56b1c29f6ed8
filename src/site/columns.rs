//! The columns of the published CSVs, described once: the CSV, XLSX, Table Schema and CSVW
//! writers and the catalogue all take them from here.

use super::catalog::Labels;
use crate::model::{ColumnType, Dataset, Indicator, Portal, Text};

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
