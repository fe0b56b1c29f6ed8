//! The updates page: what changed in the data lately, newest first — each indicator and
//! dataset with the day it changed and what kind of change it was — and the releases, with the
//! Atom feed a reader can follow. A revision note the data owner wrote (in the page's language
//! where there is one) says what a change was; a change git alone knows is named by what it
//! did to the data (rows added, rows revised, or the metadata only), with its commit, and never
//! by its commit message, which is in whatever language its author wrote.

use super::render_template;
use super::view::{Link, PageMeta, TextView, View};
use crate::failure::Failure;
use crate::model::RevisionNote;
use crate::site::pages::LATEST_UPDATES;
use crate::site::urls::{Downloads, PagePath};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Serialize)]
struct UpdatesPage {
    page: PageMeta,
    feed: String,
    changes: Vec<Change>,
    releases: Vec<Link>,
    older: usize,
}

#[derive(Serialize)]
struct Change {
    date: String,
    subject: Link,
    /// A revision note's kind (`correction`, `scheduled`…), or what a commit did to the
    /// data (`new-data`, `revised`, `metadata`).
    kind: &'static str,
    label: String,
    note: Option<TextView>,
    commit: Option<String>,
}

pub fn render(view: &View) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let t = view.t();
    let mut changes = Vec::new();
    let subjects = portal
        .indicators
        .iter()
        .zip(&computed.indicators)
        .map(|(i, f)| {
            let page = PagePath::Indicator(i.id.clone());
            (
                view.link(view.plain(&i.name), &page),
                &i.revisions,
                &f.changes,
                i.data_file.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
            )
        })
        .chain(
            portal
                .datasets
                .iter()
                .zip(&computed.datasets)
                .map(|(d, f)| {
                    let page = PagePath::Dataset(d.id.clone());
                    (
                        view.link(view.plain(&d.title), &page),
                        &d.revisions,
                        &f.changes,
                        vec![d.data_file.as_path()],
                    )
                }),
        );
    for (subject, notes, commits, data_files) in subjects {
        changes.extend(changes_of(view, &subject, notes, commits, &data_files));
    }
    // Newest first; on one day, in the portal's order.
    changes.sort_by(|a, b| b.date.cmp(&a.date));
    let older = changes.len().saturating_sub(LATEST_UPDATES);
    changes.truncate(LATEST_UPDATES);
    let context = UpdatesPage {
        page: view.meta(
            "updates",
            t.get("updates.title").to_string(),
            t.get("updates.description").to_string(),
            vec![],
        ),
        feed: view.download_url(&Downloads::feed(view.lang())),
        changes,
        releases: view
            .renderer
            .releases
            .iter()
            .rev()
            .map(|r| {
                view.link(
                    format!("{} ({})", r.version, r.date),
                    &PagePath::Release(r.version.clone()),
                )
            })
            .collect(),
        older,
    };
    render_template(view, "updates.html", &context)
}

/// One subject's changes: its revision notes, and the commits that changed its files on
/// days without a note, one entry a day (the day's weightiest change, its newest commit).
fn changes_of(
    view: &View,
    subject: &Link,
    notes: &[RevisionNote],
    commits: &[usize],
    data_files: &[&Path],
) -> Vec<Change> {
    let t = view.t();
    let history = &view.computed().history;
    let noted: BTreeSet<_> = notes.iter().map(|n| n.date).collect();
    let from_notes = notes.iter().map(|n| Change {
        date: n.date.to_string(),
        subject: subject.clone(),
        kind: n.kind.code(),
        label: t
            .get(&format!("revision_kind.{}", n.kind.code()))
            .to_string(),
        note: Some(view.text(&n.note)),
        commit: None,
    });
    let mut days = BTreeMap::new();
    for &i in commits {
        let commit = &history.commits[i];
        if noted.contains(&commit.date) {
            continue;
        }
        let change = history.data_change(i, data_files.iter().copied());
        days.entry(commit.date)
            .and_modify(|(kind, _): &mut (_, &str)| *kind = change.max(*kind))
            .or_insert((change, commit.hash.as_str()));
    }
    let from_git = days.into_iter().rev().map(|(date, (change, hash))| Change {
        date: date.to_string(),
        subject: subject.clone(),
        kind: change.code(),
        label: t
            .get(&format!("updates.kind.{}", change.code()))
            .to_string(),
        note: None,
        commit: Some(hash.chars().take(7).collect()),
    });
    from_notes.chain(from_git).collect()
}
