//! The reform-review form as the site publishes it: filled by the render stage from the data
//! (see `render::review`), shown as a page and written by the export stage as a workbook and a
//! CSV (see `export::review`).

use chrono::NaiveDate;
use serde::Serialize;

/// A review form filled from the data, in one language.
#[derive(Debug, Serialize)]
pub struct ReviewForm {
    pub lang: String,
    /// The goal whose targets are the rows.
    pub goal: String,
    pub title: String,
    pub publisher: String,
    pub description: String,
    /// How the assessments were made, for the workbook's metadata sheet.
    pub method: String,
    pub as_of: NaiveDate,
    /// STT · the target · the result with its figures · the assessment.
    pub columns: [String; 4],
    pub rows: Vec<[String; 4]>,
}
