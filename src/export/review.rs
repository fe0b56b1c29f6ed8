//! The review forms the render stage filled, written as a workbook and a CSV per goal and
//! language (`data/review/<lang>/<goal>.xlsx` and `.csv`).

use super::csv::{self, safe_cell};
use super::xlsx::{DatasetWorkbook, Metadata, Properties};
use crate::failure::Failure;
use crate::model::Text;
use crate::output::Output;
use crate::site::columns::{Column, FieldType};
use crate::site::review::ReviewForm;
use crate::site::urls::Downloads;

/// Writes each form's workbook and CSV; every file that fails is a problem.
pub fn write(forms: &[ReviewForm], csv_bom: bool, output: &Output) -> Result<(), Vec<Failure>> {
    let mut failures = Vec::new();
    for form in forms {
        let path = Downloads::review_xlsx(&form.lang, &form.goal);
        if let Err(e) = workbook(form, &path, output) {
            failures.push(Failure::io(&path, e));
        }
        let path = Downloads::review_csv(&form.lang, &form.goal);
        if let Err(e) = csv_file(form, csv_bom, &path, output) {
            failures.push(Failure::io(&path, e));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

fn workbook(form: &ReviewForm, path: &str, output: &Output) -> Result<(), String> {
    let columns: Vec<Column> = form
        .columns
        .iter()
        .enumerate()
        .map(|(i, name)| Column {
            name: name.clone(),
            label: Text::neutral(name.clone()),
            description: Text::default(),
            kind: if i == 0 {
                FieldType::Integer
            } else {
                FieldType::String
            },
        })
        .collect();
    let properties = Properties {
        title: &form.title,
        author: &form.publisher,
        comment: &form.description,
        created: form.as_of,
    };
    let mut book = DatasetWorkbook::new(&columns, &properties).map_err(|e| e.to_string())?;
    for row in &form.rows {
        book.push(row.iter().map(String::as_str))
            .map_err(|e| e.to_string())?;
    }
    let metadata = Metadata {
        languages: vec![form.lang.clone()],
        rows: vec![
            ("title".into(), vec![form.title.clone()]),
            ("assessed_as_of".into(), vec![form.as_of.to_string()]),
            ("method".into(), vec![form.method.clone()]),
        ],
    };
    let mut bytes = Vec::new();
    book.finish(&metadata, &mut bytes)
        .map_err(|e| e.to_string())?;
    output.write(path, &bytes).map_err(|e| e.to_string())
}

fn csv_file(form: &ReviewForm, csv_bom: bool, path: &str, output: &Output) -> Result<(), String> {
    let mut writer = csv::writer(Vec::new(), csv_bom).map_err(|e| e.to_string())?;
    writer
        .write_record(&form.columns)
        .map_err(|e| e.to_string())?;
    for row in &form.rows {
        writer
            .write_record(row.iter().map(|cell| safe_cell(cell).into_owned()))
            .map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    output.write(path, &bytes).map_err(|e| e.to_string())
}
