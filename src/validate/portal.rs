//! The checks of a portal as a whole, which every portal passes whatever format it was read
//! from — chiso's own layout or an Open SDG repository (the source stage runs them on
//! both): every reference resolves (targets to indicators, indicators to goals and targets,
//! observations to their sources, units), ids are unique, what a target assesses exists, and
//! entries without a definition are noted.

use super::goals::check_coverage;
use crate::model::{Dataset, Indicator, Portal};
use crate::problem::{Problem, Problems, quoted};
use std::collections::{BTreeSet, HashMap};

pub fn check(portal: &Portal, problems: &mut Problems) {
    // A chiso portal's loader reports each dangling reference at its line and leaves it out
    // of the model; checked again on a portal that did not load cleanly, it would be said
    // twice.
    if problems.is_empty() {
        references(portal, problems);
    }
    check_coverage(&portal.goals, &portal.indicators, problems);
    note_missing_definitions(&portal.indicators, &portal.datasets, problems);
}

fn references(portal: &Portal, problems: &mut Problems) {
    let mut indicators: HashMap<&str, &Indicator> = HashMap::new();
    for indicator in &portal.indicators {
        if indicators.insert(&indicator.id, indicator).is_some() {
            problems.push(Problem::new(
                &indicator.file,
                "each indicator id once",
                format!("the indicator {} again", quoted(&indicator.id)),
            ));
        }
    }
    let goals: BTreeSet<&str> = portal.goals.iter().map(|g| g.id.as_str()).collect();
    let mut targets = BTreeSet::new();
    for goal in &portal.goals {
        for target in &goal.targets {
            if !targets.insert(target.id.as_str()) {
                problems.push(
                    Problem::new(
                        &goal.file,
                        "each target id once in the portal",
                        format!("the target {} again", quoted(&target.id)),
                    )
                    .field("targets.id"),
                );
            }
            for id in &target.indicators {
                if !indicators.contains_key(id.as_str()) {
                    problems.push(
                        Problem::new(
                            &goal.file,
                            "the id of an indicator of the portal",
                            format!("{} (in target {})", quoted(id), target.id),
                        )
                        .field("targets.indicators"),
                    );
                }
            }
        }
    }
    for indicator in &portal.indicators {
        let unknown = |field: &str, expected: &str, id: &str| {
            Problem::new(&indicator.file, expected, quoted(id)).field(field)
        };
        for goal in indicator
            .goals
            .iter()
            .filter(|g| !goals.contains(g.as_str()))
        {
            problems.push(unknown("goals", "the id of a goal of the portal", goal));
        }
        for target in indicator
            .targets
            .iter()
            .filter(|t| !targets.contains(t.as_str()))
        {
            problems.push(unknown(
                "targets",
                "the id of a target of the portal",
                target,
            ));
        }
        if !portal.units.contains_key(&indicator.unit) {
            problems.push(unknown("unit", "a unit of the portal", &indicator.unit));
        }
        let data_file = indicator.data_file.as_ref().unwrap_or(&indicator.file);
        for observation in &indicator.observations {
            if let Some(source) = &observation.source {
                if indicator.source(source).is_none() {
                    problems.push(
                        Problem::new(
                            data_file,
                            "the id of one of the indicator's sources",
                            quoted(source),
                        )
                        .at_line(observation.line)
                        .field("source"),
                    );
                }
            }
        }
    }
}

/// Catalogues describe an entry without a definition as "no definition published": one note
/// names how many, with examples.
fn note_missing_definitions(
    indicators: &[Indicator],
    datasets: &[Dataset],
    problems: &mut Problems,
) {
    let bare: Vec<&str> = indicators
        .iter()
        .filter(|i| i.observations.iter().any(|o| o.value.is_some()))
        .filter(|i| i.definition.is_empty() || i.definition == i.name)
        .map(|i| i.id.as_str())
        .chain(
            datasets
                .iter()
                .filter(|d| d.description.is_empty() || d.description == d.title)
                .map(|d| d.id.as_str()),
        )
        .collect();
    if bare.is_empty() {
        return;
    }
    let examples: Vec<&str> = bare.iter().take(5).copied().collect();
    problems.note(Problem::new(
        crate::load::DATA_DIR,
        "a `definition` (indicators) or `description` (datasets) of its own for every catalogued entry",
        format!(
            "{} without one, such as {}: catalogues describe them as \"no definition published\"",
            bare.len(),
            examples.join(", ")
        ),
    ));
}
