//! Open SDG's progress settings, fed to chiso's status method as a target's value, deadline
//! and baseline.

use super::Report;
use super::meta::Meta;
use super::yaml::Node;
use crate::model::{Baseline, Comparison, Number, Observation, Period};
use crate::problem::{Problem, quoted};
use chrono::Datelike;

/// Open SDG's defaults for progress calculation (sdg-build's `ProgressMeasure`).
const DEFAULT_BASE_YEAR: i32 = 2015;
const DEFAULT_TARGET_YEAR: i32 = 2030;

/// An indicator's progress settings (`auto_progress_calculation`).
pub struct Progress {
    pub value: Number,
    pub comparison: Comparison,
    pub deadline: Period,
    pub baseline: Option<Baseline>,
}

/// Progress settings: `auto_progress_calculation: true` with `progress_calculation_options`
/// (or the same keys at the top level): a `target` value, a `target_year` (default 2030), a
/// `direction` (default negative: lower is better) and a `base_year` (default 2015).
pub fn read(meta: &Meta, observations: &[Observation], report: &mut Report) -> Option<Progress> {
    if meta.flag("auto_progress_calculation") != Some(true) {
        return None;
    }
    let options = meta
        .field("progress_calculation_options")
        .and_then(|f| f.node.items().first().cloned());
    let option = |key: &str| -> Option<(String, Node)> {
        match &options {
            Some(o) => o
                .get(key)
                .and_then(|n| Some((n.text()?.to_string(), n.clone()))),
            None => meta
                .field(key)
                .and_then(|f| Some((f.text()?.to_string(), f.node.clone()))),
        }
    };
    let file = meta
        .field("auto_progress_calculation")
        .map(|f| f.file.clone())
        .unwrap_or_default();
    let (value, _) = option("target").and_then(|(t, n)| Some((Number::parse(&t)?, n)))?;
    let mut year = |key: &str, default: i32| -> i32 {
        match option(key) {
            Some((text, node)) => text.trim_end_matches(".0").parse().unwrap_or_else(|_| {
                report.warn(
                    Problem::new(&file, "a year such as 2030", quoted(&text))
                        .at(Some(node.at))
                        .field(key),
                );
                default
            }),
            None => default,
        }
    };
    let target_year = year("target_year", DEFAULT_TARGET_YEAR);
    let base_year = year("base_year", DEFAULT_BASE_YEAR);
    let comparison = match option("direction").map(|(d, _)| d.to_ascii_lowercase()) {
        Some(d) if d == "positive" => Comparison::AtLeast,
        _ => Comparison::AtMost,
    };
    let deadline = Period::parse(&target_year.to_string())?;
    // The baseline: the headline's value in the base year, or the first year after it
    // that has one (as sdg-build does).
    let headline = observations
        .iter()
        .find(|o| o.is_total())
        .or(observations.first())
        .map(|o| &o.dims);
    let baseline = observations
        .iter()
        .filter(|o| Some(&o.dims) == headline && o.value.is_some() && o.period.is_dated())
        .filter(|o| o.period.start().year() >= base_year)
        .min_by(|a, b| a.period.cmp(&b.period))
        .map(|o| Baseline {
            value: o.value.expect("filtered"),
            period: o.period.clone(),
            source: None,
        });
    Some(Progress {
        value,
        comparison,
        deadline,
        baseline,
    })
}
