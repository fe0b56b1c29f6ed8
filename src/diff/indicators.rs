//! What changed in an indicator's observations, and which indicators were renamed.
//!
//! An observation is identified as the format identifies it, by its period, its dimension
//! values (by column name, so reordering columns is no change) and its source; each version's
//! observations go into one hash map, so comparing is linear in their number.

use super::fields::{number, text};
use super::{FieldChange, ObservationChange, ObservationChanges, ObservationRow};
use crate::model::{Indicator, Observation, Period};
use std::collections::{BTreeMap, HashMap};
use xxhash_rust::xxh3::Xxh3;

/// An observation's identity: period, non-blank dimension values by column, source.
type Key = (String, BTreeMap<String, String>, Option<String>);

fn key(indicator: &Indicator, o: &Observation) -> Key {
    let dims = indicator
        .dimensions
        .iter()
        .zip(&o.dims)
        .filter(|(_, code)| !code.is_empty())
        .map(|(d, code)| (d.column.clone(), code.clone()))
        .collect();
    (o.period.label().to_string(), dims, o.source.clone())
}

fn value(o: &Observation) -> Option<String> {
    o.value.map(number)
}

fn row(indicator: &Indicator, o: &Observation) -> ObservationRow {
    let (period, dimensions, source) = key(indicator, o);
    ObservationRow {
        period,
        dimensions,
        source,
        value: value(o),
    }
}

/// The observations added, removed and changed from `old` to `new`, in period order.
pub fn observations(old: &Indicator, new: &Indicator) -> ObservationChanges {
    let mut before: HashMap<Key, &Observation> =
        old.observations.iter().map(|o| (key(old, o), o)).collect();
    let mut added: Vec<(&Period, ObservationRow)> = Vec::new();
    let mut changed: Vec<(&Period, ObservationChange)> = Vec::new();
    for o in &new.observations {
        let k = key(new, o);
        let Some(previous) = before.remove(&k) else {
            added.push((&o.period, row(new, o)));
            continue;
        };
        let other: Vec<FieldChange> = [
            (
                "status",
                previous.status.map(|s| s.code().to_string()),
                o.status.map(|s| s.code().to_string()),
            ),
            (
                "note",
                Some(text(&previous.note)).filter(|t| !t.is_empty()),
                Some(text(&o.note)).filter(|t| !t.is_empty()),
            ),
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, old, new)| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect();
        let (old_value, new_value) = (value(previous), value(o));
        // A value written differently but equal (`30.0` and `30`) is no change.
        let same_value = previous.value.map(|n| n.value) == o.value.map(|n| n.value);
        if !same_value || !other.is_empty() {
            let (period, dimensions, source) = k;
            changed.push((
                &o.period,
                ObservationChange {
                    period,
                    dimensions,
                    source,
                    old: old_value,
                    new: new_value,
                    other,
                },
            ));
        }
    }
    let mut removed: Vec<(&Period, ObservationRow)> = before
        .into_values()
        .map(|o| (&o.period, row(old, o)))
        .collect();
    let order = |a: &(&Period, ObservationRow), b: &(&Period, ObservationRow)| {
        (a.0, &a.1.dimensions, &a.1.source).cmp(&(b.0, &b.1.dimensions, &b.1.source))
    };
    added.sort_by(order);
    removed.sort_by(order);
    changed.sort_by(|a, b| {
        (a.0, &a.1.dimensions, &a.1.source).cmp(&(b.0, &b.1.dimensions, &b.1.source))
    });
    ObservationChanges {
        added: added.into_iter().map(|(_, r)| r).collect(),
        removed: removed.into_iter().map(|(_, r)| r).collect(),
        changed: changed.into_iter().map(|(_, c)| c).collect(),
    }
}

/// A hash of an indicator's observations, whatever their order: two indicators with the
/// same figures have the same fingerprint.
pub fn fingerprint(indicator: &Indicator) -> u64 {
    let mut rows: Vec<String> = indicator
        .observations
        .iter()
        .map(|o| {
            let (period, dims, source) = key(indicator, o);
            format!("{period}\u{1f}{dims:?}\u{1f}{source:?}\u{1f}{:?}", value(o))
        })
        .collect();
    rows.sort_unstable();
    let mut hasher = Xxh3::new();
    for row in rows {
        hasher.update(row.as_bytes());
        hasher.update(b"\x1e");
    }
    hasher.digest()
}

/// Pairs removed indicators with added ones that are the same indicator under a new id:
/// the same observations, else the same name. Returns (removed index, added index) pairs.
pub fn renames(removed: &[&Indicator], added: &[&Indicator]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut taken = vec![false; added.len()];
    let by_figures: HashMap<u64, usize> = added
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.observations.is_empty())
        .map(|(i, a)| (fingerprint(a), i))
        .collect();
    let by_name: HashMap<String, usize> = added
        .iter()
        .enumerate()
        .map(|(i, a)| (text(&a.name), i))
        .collect();
    for (r, old) in removed.iter().enumerate() {
        let figures = (!old.observations.is_empty())
            .then(|| by_figures.get(&fingerprint(old)))
            .flatten();
        let found = figures
            .filter(|&&a| !taken[a])
            .or_else(|| by_name.get(&text(&old.name)).filter(|&&a| !taken[a]));
        if let Some(&a) = found {
            taken[a] = true;
            pairs.push((r, a));
        }
    }
    pairs
}
