//! The status matrix as CSV and JSON: for each target and year its status, computed and
//! declared.

use super::csv::safe_cell;
use crate::compute::Computed;
use crate::compute::status::Assessment;
use crate::model::{Portal, ProgressScale, Text};
use crate::site::columns::{Column, FieldType};
use serde::Serialize;

/// A target's statuses: what it aims at, then one entry per year, computed and declared. The
/// JSON holds them so; the CSV repeats the target's columns on each year's row.
#[derive(Serialize)]
pub struct TargetStatus {
    pub target: String,
    pub goal: String,
    pub target_value: Option<f64>,
    pub comparison: String,
    pub deadline: String,
    pub years: Vec<YearStatus>,
}

#[derive(Serialize)]
pub struct YearStatus {
    pub year: i32,
    pub status: String,
    /// `computed` from the data, or `declared` by hand.
    pub kind: &'static str,
    /// `growth`, `linear`, or blank for declared and qualitative statuses.
    pub method: String,
    pub indicator: String,
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

pub fn statuses(portal: &Portal, computed: &Computed) -> Vec<TargetStatus> {
    computed
        .targets
        .iter()
        .map(|facts| {
            let goal = &portal.goals[facts.goal];
            let target = &goal.targets[facts.position];
            let mut years = Vec::new();
            for (&year, a) in computed.years.iter().zip(&facts.by_year) {
                years.push(computed_year(year, a, facts.assessed.clone()));
                if let Some(declared) = target
                    .declared
                    .as_ref()
                    .filter(|d| d.date.end_year() <= year)
                {
                    years.push(YearStatus {
                        year,
                        status: declared.status.code().to_string(),
                        kind: "declared",
                        method: String::new(),
                        indicator: String::new(),
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
            TargetStatus {
                target: target.id.clone(),
                goal: goal.id.clone(),
                target_value: target.aim.as_ref().map(|a| a.value.value),
                comparison: target
                    .aim
                    .as_ref()
                    .map_or(String::new(), |a| a.comparison.code().to_string()),
                deadline: target
                    .deadline
                    .as_ref()
                    .map_or(String::new(), |d| d.label().to_string()),
                years,
            }
        })
        .collect()
}

fn computed_year(year: i32, a: &Assessment, indicator: Option<String>) -> YearStatus {
    let rounded = |v: f64| (v * 1e6).round() / 1e6;
    YearStatus {
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

/// The matrix as CSV: a row per target and year, in [`HEADER`]'s columns.
pub fn to_csv(statuses: &[TargetStatus], bom: bool) -> Vec<u8> {
    let mut writer = super::csv::writer(Vec::new(), bom).expect("writing to memory");
    writer.write_record(HEADER).expect("writing to memory");
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for t in statuses {
        for y in &t.years {
            let record = [
                t.target.clone(),
                t.goal.clone(),
                y.year.to_string(),
                y.status.clone(),
                y.kind.to_string(),
                y.method.clone(),
                y.indicator.clone(),
                number(t.target_value),
                t.comparison.clone(),
                t.deadline.clone(),
                y.baseline_period.clone(),
                number(y.baseline_value),
                y.latest_period.clone(),
                number(y.latest_value),
                number(y.required_rate),
                number(y.achieved_rate),
                number(y.ratio),
            ];
            writer
                .write_record(record.iter().map(|c| safe_cell(c).into_owned()))
                .expect("writing to memory");
        }
    }
    writer.into_inner().expect("writing to memory")
}

/// The matrix as JSON: each target with its years. (Its columns on every year's row, as in
/// the CSV, were a third of the file.)
pub fn to_json(statuses: &[TargetStatus], as_of: &str) -> Vec<u8> {
    #[derive(Serialize)]
    struct Matrix<'a> {
        assessed_as_of: &'a str,
        targets: &'a [TargetStatus],
    }
    super::json_document(&Matrix {
        assessed_as_of: as_of,
        targets: statuses,
    })
}
