//! The status matrix as CSV and JSON: one row per target and year, computed and declared.

use super::csv::safe_cell;
use crate::compute::Computed;
use crate::compute::status::Assessment;
use crate::model::{Portal, ProgressScale, Text};
use crate::site::columns::{Column, FieldType};
use serde::Serialize;

#[derive(Serialize)]
pub struct StatusRow {
    pub target: String,
    pub goal: String,
    pub year: i32,
    pub status: String,
    /// `computed` from the data, or `declared` by hand.
    pub kind: &'static str,
    /// `growth`, `linear`, or blank for declared and qualitative statuses.
    pub method: String,
    pub indicator: String,
    pub target_value: Option<f64>,
    pub comparison: String,
    pub deadline: String,
    pub baseline_period: String,
    pub baseline_value: Option<f64>,
    pub latest_period: String,
    pub latest_value: Option<f64>,
    pub required_rate: Option<f64>,
    pub achieved_rate: Option<f64>,
    pub ratio: Option<f64>,
}

const HEADER: [&str; 17] = [
    "target",
    "goal",
    "year",
    "status",
    "kind",
    "method",
    "indicator",
    "target_value",
    "comparison",
    "deadline",
    "baseline_period",
    "baseline_value",
    "latest_period",
    "latest_value",
    "required_rate",
    "achieved_rate",
    "ratio",
];

pub fn rows(portal: &Portal, computed: &Computed) -> Vec<StatusRow> {
    let mut rows = Vec::new();
    for facts in &computed.targets {
        let goal = &portal.goals[facts.goal];
        let target = &goal.targets[facts.position];
        let comparison = target
            .aim
            .as_ref()
            .map_or(String::new(), |a| a.comparison.code().to_string());
        let deadline = target
            .deadline
            .as_ref()
            .map_or(String::new(), |d| d.label().to_string());
        for (&year, a) in computed.years.iter().zip(&facts.by_year) {
            rows.push(computed_row(
                target.id.clone(),
                goal.id.clone(),
                year,
                a,
                facts.assessed.clone(),
                target.aim.as_ref().map(|a| a.value.value),
                &comparison,
                &deadline,
            ));
            if let Some(declared) = target
                .declared
                .as_ref()
                .filter(|d| d.date.end_year() <= year)
            {
                rows.push(StatusRow {
                    target: target.id.clone(),
                    goal: goal.id.clone(),
                    year,
                    status: declared.status.code().to_string(),
                    kind: "declared",
                    method: String::new(),
                    indicator: String::new(),
                    target_value: target.aim.as_ref().map(|a| a.value.value),
                    comparison: comparison.clone(),
                    deadline: deadline.clone(),
                    baseline_period: String::new(),
                    baseline_value: None,
                    latest_period: String::new(),
                    latest_value: None,
                    required_rate: None,
                    achieved_rate: None,
                    ratio: None,
                });
            }
        }
    }
    rows
}

#[allow(clippy::too_many_arguments)]
fn computed_row(
    target: String,
    goal: String,
    year: i32,
    a: &Assessment,
    indicator: Option<String>,
    target_value: Option<f64>,
    comparison: &str,
    deadline: &str,
) -> StatusRow {
    let rounded = |v: f64| (v * 1e6).round() / 1e6;
    StatusRow {
        target,
        goal,
        year,
        status: a.status.code().to_string(),
        kind: "computed",
        method: if a.ratio.is_some() {
            match a.scale {
                ProgressScale::Growth => "growth".into(),
                ProgressScale::Linear => "linear".into(),
            }
        } else {
            String::new()
        },
        indicator: indicator.unwrap_or_default(),
        target_value,
        comparison: comparison.to_string(),
        deadline: deadline.to_string(),
        baseline_period: a
            .baseline
            .as_ref()
            .map_or(String::new(), |b| b.period.clone()),
        baseline_value: a.baseline.as_ref().map(|b| b.value),
        latest_period: a
            .latest
            .as_ref()
            .map_or(String::new(), |b| b.period.clone()),
        latest_value: a.latest.as_ref().map(|b| b.value),
        required_rate: a.required_rate.map(rounded),
        achieved_rate: a.achieved_rate.map(rounded),
        ratio: a.ratio.map(rounded),
    }
}

/// The columns of the matrix CSV, typed, for the portal's Data Package.
pub fn columns() -> Vec<Column> {
    HEADER
        .iter()
        .map(|&name| Column {
            name: name.to_string(),
            label: Text::default(),
            description: Text::default(),
            kind: match name {
                "year" => FieldType::Integer,
                "target_value" | "baseline_value" | "latest_value" | "required_rate"
                | "achieved_rate" | "ratio" => FieldType::Number,
                _ => FieldType::String,
            },
        })
        .collect()
}

pub fn to_csv(rows: &[StatusRow], bom: bool) -> Vec<u8> {
    let mut writer = super::csv::writer(Vec::new(), bom).expect("writing to memory");
    writer.write_record(HEADER).expect("writing to memory");
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in rows {
        let record = [
            r.target.clone(),
            r.goal.clone(),
            r.year.to_string(),
            r.status.clone(),
            r.kind.to_string(),
            r.method.clone(),
            r.indicator.clone(),
            number(r.target_value),
            r.comparison.clone(),
            r.deadline.clone(),
            r.baseline_period.clone(),
            number(r.baseline_value),
            r.latest_period.clone(),
            number(r.latest_value),
            number(r.required_rate),
            number(r.achieved_rate),
            number(r.ratio),
        ];
        writer
            .write_record(record.iter().map(|c| safe_cell(c).into_owned()))
            .expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

pub fn to_json(rows: &[StatusRow], as_of: &str) -> Vec<u8> {
    #[derive(Serialize)]
    struct Matrix<'a> {
        assessed_as_of: &'a str,
        rows: &'a [StatusRow],
    }
    super::json_document(&Matrix {
        assessed_as_of: as_of,
        rows,
    })
}
