//! The diff engine: what changed in the data between two versions of a portal, for reviewers
//! of a pull request (`chiso diff`) and for readers of a release's changelog.
//!
//! It compares two [`Portal`] models with their computed statuses, never files, so it works
//! for any format chiso reads: indicators added, removed and renamed; observations added,
//! removed and changed; metadata fields; goals and targets; every target whose status
//! changes; and datasets, compared as streams ([`datasets`]).

pub mod datasets;
mod fields;
mod indicators;
pub mod markdown;
mod revision;

pub use revision::{LoadError, Revision, Version, default_base};

use crate::model::{Indicator, Portal};
use datasets::RowChanges;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Everything that changed from one version to the other.
#[derive(Debug, Default, Serialize)]
pub struct Changes {
    pub from: String,
    pub to: String,
    /// Targets whose status changes, in goal and target order.
    pub statuses: Vec<StatusChange>,
    pub indicators: IndicatorChanges,
    pub goals: Listed<GoalDiff>,
    pub targets: Listed<TargetDiff>,
    pub datasets: Listed<DatasetDiff>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
            && self.indicators.is_empty()
            && self.goals.is_empty()
            && self.targets.is_empty()
            && self.datasets.is_empty()
    }
}

/// `CL.III.1.a: at-risk → achieved`; `None` where the target does not exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusChange {
    pub target: String,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
}

/// Things added, removed and changed, each list in the portal's order.
#[derive(Debug, Serialize)]
pub struct Listed<T> {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub changed: Vec<T>,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        }
    }
}

impl<T> Listed<T> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Debug, Default, Serialize)]
pub struct IndicatorChanges {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub renamed: Vec<Renamed>,
    /// Indicators (renamed ones included) whose metadata or observations changed.
    pub changed: Vec<IndicatorDiff>,
}

impl IndicatorChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.changed.is_empty()
    }
}

/// Something added or removed: its id, its name in the default language, and how many
/// observations or rows it has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorDiff {
    pub id: String,
    /// The id before a rename.
    pub previous_id: Option<String>,
    pub name: String,
    pub metadata: Vec<FieldChange>,
    pub observations: ObservationChanges,
}

/// A field whose text changed; `None` where it was not set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct ObservationChanges {
    pub added: Vec<ObservationRow>,
    pub removed: Vec<ObservationRow>,
    pub changed: Vec<ObservationChange>,
}

impl ObservationChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationRow {
    pub period: String,
    /// Non-blank dimension values by column; empty for the total.
    pub dimensions: BTreeMap<String, String>,
    pub source: Option<String>,
    /// The value as written; `None` for a gap.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationChange {
    pub period: String,
    pub dimensions: BTreeMap<String, String>,
    pub source: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The observation's status or note, when they changed.
    pub other: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct GoalDiff {
    pub id: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct TargetDiff {
    pub id: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct DatasetDiff {
    pub id: String,
    pub title: String,
    pub metadata: Vec<FieldChange>,
    /// `None` when the file did not change.
    pub rows: Option<RowChanges>,
    /// Set when the files could not be compared.
    pub error: Option<String>,
}

/// Compares two versions of a portal.
/// What changed from `old` to `new`: the one comparison behind `chiso diff` and every
/// release's changelog.
pub fn between(old: &Revision, new: &Revision) -> Changes {
    let ((statuses, indicators), (targets, datasets)) = rayon::join(
        || {
            rayon::join(
                || status_changes(old, new),
                || indicator_changes(&old.portal, &new.portal),
            )
        },
        || {
            rayon::join(
                || target_changes(&old.portal, &new.portal),
                || dataset_changes(&old.portal, &new.portal),
            )
        },
    );
    Changes {
        from: old.label.to_string(),
        to: new.label.to_string(),
        statuses,
        indicators,
        goals: goal_changes(&old.portal, &new.portal),
        targets,
        datasets,
    }
}

fn name(portal: &Portal, text: &crate::model::Text) -> String {
    let lang = portal.config.default_lang();
    text.get(lang, lang).to_string()
}

fn status_changes(old: &Revision, new: &Revision) -> Vec<StatusChange> {
    let status =
        |side: &Revision, id: &str| side.computed.target(id).map(|f| f.assessment.status.code());
    let ids = new
        .computed
        .targets
        .iter()
        .chain(
            old.computed
                .targets
                .iter()
                .filter(|t| new.computed.target(&t.id).is_none()),
        )
        .map(|t| t.id.as_str());
    ids.filter_map(|id| {
        let (from, to) = (status(old, id), status(new, id));
        (from != to).then(|| StatusChange {
            target: id.to_string(),
            from,
            to,
        })
    })
    .collect()
}

fn indicator_changes(old: &Portal, new: &Portal) -> IndicatorChanges {
    let old_ids: HashMap<&str, &Indicator> =
        old.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_ids: HashMap<&str, &Indicator> =
        new.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let removed: Vec<&Indicator> = old
        .indicators
        .iter()
        .filter(|i| !new_ids.contains_key(i.id.as_str()))
        .collect();
    let added: Vec<&Indicator> = new
        .indicators
        .iter()
        .filter(|i| !old_ids.contains_key(i.id.as_str()))
        .collect();
    let renames = indicators::renames(&removed, &added);
    let renamed_from: HashMap<&str, &Indicator> = renames
        .iter()
        .map(|&(r, a)| (added[a].id.as_str(), removed[r]))
        .collect();
    let named = |portal: &Portal, i: &Indicator| Named {
        id: i.id.clone(),
        name: name(portal, &i.name),
        rows: i.observations.len() as u64,
    };
    let changed = new
        .indicators
        .par_iter()
        .filter_map(|current| {
            let (previous, previous_id) = match old_ids.get(current.id.as_str()) {
                Some(p) => (*p, None),
                None => {
                    let p = renamed_from.get(current.id.as_str())?;
                    (*p, Some(p.id.clone()))
                }
            };
            let metadata =
                fields::changes(&fields::indicator(previous), &fields::indicator(current));
            let observations = indicators::observations(previous, current);
            (!metadata.is_empty() || !observations.is_empty()).then(|| IndicatorDiff {
                id: current.id.clone(),
                previous_id,
                name: name(new, &current.name),
                metadata,
                observations,
            })
        })
        .collect();
    let is_renamed_from = |i: &&&Indicator| renames.iter().any(|&(r, _)| removed[r].id == i.id);
    let is_renamed_to = |i: &&&Indicator| renamed_from.contains_key(i.id.as_str());
    IndicatorChanges {
        added: added
            .iter()
            .filter(|i| !is_renamed_to(i))
            .map(|i| named(new, i))
            .collect(),
        removed: removed
            .iter()
            .filter(|i| !is_renamed_from(i))
            .map(|i| named(old, i))
            .collect(),
        renamed: renames
            .iter()
            .map(|&(r, a)| Renamed {
                from: removed[r].id.clone(),
                to: added[a].id.clone(),
            })
            .collect(),
        changed,
    }
}

/// Added, removed and changed things of one kind, matched by id, from each version's list
/// of (id, name, size, fields).
fn listed<T>(
    old: Vec<(String, String, u64, fields::Fields)>,
    new: Vec<(String, String, u64, fields::Fields)>,
    changed: impl Fn(String, Vec<FieldChange>) -> T,
) -> Listed<T> {
    let before: HashMap<&str, &fields::Fields> =
        old.iter().map(|(id, _, _, f)| (id.as_str(), f)).collect();
    let after: HashSet<&str> = new.iter().map(|(id, ..)| id.as_str()).collect();
    let named = |(id, name, rows, _): &(String, String, u64, fields::Fields)| Named {
        id: id.clone(),
        name: name.clone(),
        rows: *rows,
    };
    Listed {
        added: new
            .iter()
            .filter(|(id, ..)| !before.contains_key(id.as_str()))
            .map(named)
            .collect(),
        removed: old
            .iter()
            .filter(|(id, ..)| !after.contains(id.as_str()))
            .map(named)
            .collect(),
        changed: new
            .iter()
            .filter_map(|(id, _, _, f)| {
                let found = fields::changes(before.get(id.as_str())?, f);
                (!found.is_empty()).then(|| changed(id.clone(), found))
            })
            .collect(),
    }
}

fn goal_changes(old: &Portal, new: &Portal) -> Listed<GoalDiff> {
    let items = |p: &Portal| {
        p.goals
            .iter()
            .map(|g| {
                (
                    g.id.clone(),
                    name(p, &g.title),
                    g.targets.len() as u64,
                    fields::goal(g),
                )
            })
            .collect()
    };
    listed(items(old), items(new), |id, fields| GoalDiff { id, fields })
}

fn target_changes(old: &Portal, new: &Portal) -> Listed<TargetDiff> {
    let items = |p: &Portal| {
        p.goals
            .iter()
            .flat_map(|g| &g.targets)
            .map(|t| (t.id.clone(), name(p, &t.title), 0, fields::target(t)))
            .collect()
    };
    listed(items(old), items(new), |id, fields| TargetDiff {
        id,
        fields,
    })
}

fn dataset_changes(old: &Portal, new: &Portal) -> Listed<DatasetDiff> {
    let items = |p: &Portal| {
        p.datasets
            .iter()
            .map(|d| {
                (
                    d.id.clone(),
                    name(p, &d.title),
                    d.profile.rows,
                    fields::dataset(d),
                )
            })
            .collect()
    };
    let mut listed = listed(items(old), items(new), |id, metadata| DatasetDiff {
        id,
        title: String::new(),
        metadata,
        rows: None,
        error: None,
    });
    // Every dataset in both versions has its rows compared, metadata changed or not.
    let metadata: HashMap<String, Vec<FieldChange>> = listed
        .changed
        .drain(..)
        .map(|d| (d.id, d.metadata))
        .collect();
    let before: HashMap<&str, &crate::model::Dataset> =
        old.datasets.iter().map(|d| (d.id.as_str(), d)).collect();
    listed.changed = new
        .datasets
        .par_iter()
        .filter_map(|current| {
            let previous = before.get(current.id.as_str())?;
            let compared = datasets::compare(
                &old.root.join(&previous.data_file),
                &new.root.join(&current.data_file),
            );
            let (rows, error) = match compared {
                Ok(rows) => (rows, None),
                Err(e) => (None, Some(e.to_string())),
            };
            let metadata = metadata.get(&current.id).cloned().unwrap_or_default();
            (rows.is_some() || error.is_some() || !metadata.is_empty()).then(|| DatasetDiff {
                id: current.id.clone(),
                title: name(new, &current.title),
                metadata,
                rows,
                error,
            })
        })
        .collect();
    listed
}
