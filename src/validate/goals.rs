//! Goals and their targets.

use super::{
    Registry, Seen, checked_id, citation, number, period, stem_id, text_required, unknown,
};
use crate::load::raw::{Parsed, RawGoal, RawTarget};
use crate::model::{Aim, Baseline, Coverage, Declared, Goal, Indicator, Target};
use crate::problem::{Problem, Problems, quoted};
use std::collections::BTreeMap;

pub fn validate(
    files: &[Parsed<RawGoal>],
    registry: &Registry,
    problems: &mut Problems,
) -> Vec<Goal> {
    let mut target_ids = Seen::default();
    let mut goals: Vec<Goal> = files
        .iter()
        .filter_map(|file| {
            let id = stem_id(file, file.value.id.as_ref(), problems)?;
            if file.value.title.is_empty() {
                problems.push(
                    Problem::new(&file.rel, "a goal title in at least one language", "none")
                        .field("title"),
                );
            }
            let targets = file
                .value
                .targets
                .iter()
                .filter_map(|raw| target(file, &id, raw, registry, &mut target_ids, problems))
                .collect();
            Some(Goal {
                id,
                file: file.rel.clone(),
                title: file.value.title.clone(),
                description: file.value.description.clone(),
                order: file.value.order.unwrap_or(0),
                source: file
                    .value
                    .source
                    .as_ref()
                    .and_then(|c| citation(file, c, registry, "source", problems)),
                targets,
                review_form: file.value.review_form,
                data_theme: super::data_theme(file, file.value.data_theme.as_ref(), problems),
            })
        })
        .collect();
    goals.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    goals
}

fn target(
    file: &Parsed<RawGoal>,
    goal: &str,
    raw: &RawTarget,
    registry: &Registry,
    seen: &mut Seen,
    problems: &mut Problems,
) -> Option<Target> {
    let id = checked_id(file, &raw.id, "targets.id", problems)?;
    seen.check(file, &raw.id, problems)?;
    let at = raw.id.span();
    text_required(file, &raw.title, at.clone(), "title", problems);

    let mut indicators = Vec::new();
    for indicator in &raw.indicators {
        if registry.indicators.contains(indicator.get_ref()) {
            indicators.push(indicator.get_ref().clone());
        } else {
            problems.push(unknown(
                file,
                indicator.span(),
                "indicators",
                "indicator (a file in data/indicators/)",
                indicator.get_ref(),
                &registry.indicators,
            ));
        }
    }

    let deadline = raw
        .deadline
        .as_ref()
        .and_then(|d| period(file, d, "deadline", problems));
    let aim = match &raw.value {
        None => None,
        Some(value) => {
            let mut missing = |field: &str, expected: &str| {
                problems.push(
                    Problem::new(&file.rel, expected, "no such field")
                        .at(Some(file.position(value.span())))
                        .field(format!("targets.{field} (of target {id})")),
                );
            };
            if raw.comparison.is_none() {
                missing(
                    "comparison",
                    "a comparison (at-least, at-most or equal) for the target value",
                );
            }
            if raw.unit.is_none() {
                missing("unit", "the unit of the target value");
            }
            if raw.deadline.is_none() {
                missing("deadline", "a deadline for the target value");
            }
            let unit = raw.unit.as_ref().and_then(|u| {
                if registry.units.contains(u.get_ref()) {
                    Some(u.get_ref().clone())
                } else {
                    problems.push(unknown(
                        file,
                        u.span(),
                        "unit",
                        "unit of data/units.toml",
                        u.get_ref(),
                        &registry.units,
                    ));
                    None
                }
            });
            if let Some(&[lowest, highest]) =
                unit.as_ref().and_then(|u| registry.unit_ranges.get(u))
            {
                let aim = *value.get_ref();
                if !(lowest..=highest).contains(&aim) {
                    problems.push(
                        Problem::new(
                            &file.rel,
                            format!(
                                "a target value from {lowest} to {highest}, the range of its unit (a unit may declare another `range` in data/units.toml)"
                            ),
                            aim.to_string(),
                        )
                        .at(Some(file.position(value.span())))
                        .field(format!("targets.value (of target {id})")),
                    );
                }
            }
            match (raw.comparison, unit) {
                (Some(comparison), Some(unit)) => Some(Aim {
                    value: number(*value.get_ref()),
                    comparison,
                    unit,
                }),
                _ => None,
            }
        }
    };

    let baseline = raw.baseline.as_ref().and_then(|b| {
        let period = period(file, &b.period, "baseline.period", problems)?;
        let source = b
            .source
            .as_ref()
            .and_then(|c| citation(file, c, registry, "baseline.source", problems));
        Some(Baseline {
            value: number(b.value),
            period,
            source,
        })
    });
    if let (Some(deadline), Some(baseline), Some(at)) = (&deadline, &baseline, &raw.deadline) {
        if deadline.end() < baseline.period.end() {
            problems.push(
                Problem::new(
                    &file.rel,
                    format!(
                        "a deadline after the baseline period {}",
                        baseline.period.label()
                    ),
                    format!("the deadline {}", deadline.label()),
                )
                .at(Some(file.position(at.span())))
                .field(format!("targets.deadline (of target {id})")),
            );
        }
    }
    let declared = raw.declared.as_ref().and_then(|d| {
        let date = period(file, &d.date, "declared.date", problems)?;
        let source = d
            .source
            .as_ref()
            .and_then(|c| citation(file, c, registry, "declared.source", problems));
        Some(Declared {
            status: d.status,
            date,
            evidence: d.evidence.clone(),
            source,
        })
    });

    let coverage = raw.assess.as_ref().and_then(|assess| {
        use crate::load::raw::RawAssess;
        let problem = |found: String| {
            Problem::new(
                &file.rel,
                "\"total\", { every = \"<dimension>\" } or { <dimension> = \"<value>\", … }",
                found,
            )
            .at(Some(file.position(assess.span())))
            .field(format!("targets.assess (of target {id})"))
        };
        match assess.get_ref() {
            RawAssess::Word(w) if w == "total" => Some(Coverage::Series(BTreeMap::new())),
            RawAssess::Word(w) => {
                problems.push(problem(quoted(w)));
                None
            }
            RawAssess::Series(map) => match map.get("every") {
                Some(dimension) if map.len() == 1 => Some(Coverage::Every(dimension.clone())),
                Some(_) => {
                    problems.push(problem("`every` with other keys".into()));
                    None
                }
                None => Some(Coverage::Series(map.clone())),
            },
        }
    });

    Some(Target {
        id,
        goal: goal.to_string(),
        title: raw.title.clone(),
        indicators,
        aim,
        deadline,
        baseline,
        source: raw
            .source
            .as_ref()
            .and_then(|c| citation(file, c, registry, "source", problems)),
        note: raw.note.clone(),
        declared,
        coverage: coverage.unwrap_or_default(),
        coverage_line: raw.assess.as_ref().map(|a| file.position(a.span()).line),
    })
}

/// Checks that what a target's `assess` names exists in the indicator it is assessed with:
/// its dimension columns and, for one series, a value the data or the metadata has.
pub fn check_coverage(goals: &[Goal], indicators: &[Indicator], problems: &mut Problems) {
    for goal in goals {
        for target in &goal.targets {
            let dimensions: Vec<&str> = match &target.coverage {
                Coverage::Default | Coverage::Headline => continue,
                Coverage::Series(series) => series.keys().map(String::as_str).collect(),
                Coverage::Every(dimension) => vec![dimension.as_str()],
            };
            let Some(indicator) = target.aim.as_ref().and_then(|aim| {
                target
                    .indicators
                    .iter()
                    .filter_map(|id| indicators.iter().find(|i| &i.id == id))
                    .find(|i| i.unit == aim.unit)
            }) else {
                continue;
            };
            for dimension in dimensions {
                if !indicator.dimensions.iter().any(|d| d.column == dimension) {
                    let columns: Vec<&str> = indicator
                        .dimensions
                        .iter()
                        .map(|d| d.column.as_str())
                        .collect();
                    let mut p = Problem::new(
                        &goal.file,
                        format!(
                            "a dimension column of indicator {} ({})",
                            indicator.id,
                            if columns.is_empty() {
                                "it has none".to_string()
                            } else {
                                columns.join(", ")
                            }
                        ),
                        quoted(dimension),
                    )
                    .field(format!("targets.assess (of target {})", target.id));
                    if let Some(line) = target.coverage_line {
                        p = p.at_line(line);
                    }
                    problems.push(p);
                }
            }
        }
    }
}
