//! The updates page: what changed in the data lately, newest first — each indicator and
//! dataset with the day it changed and what kind of change it was — and the releases, with the
//! Atom feed a reader can follow. A revision note the data owner wrote (in the page's language
//! where there is one) says what a change was; a change git alone knows is said to be a data
//! update, with its commit, because a commit message is in whatever language its author wrote.

use super::render_template;
use super::view::{Link, PageMeta, TextView, View};
use crate::failure::Failure;
use crate::model::RevisionNote;
use crate::site::urls::{Downloads, PagePath};
use serde::Serialize;
use std::collections::BTreeSet;

/// Changes listed; older ones are in the pages' revision sections and the repository.
const SHOWN: usize = 100;

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
    /// `correction`, `scheduled` or `updated`.
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
                    )
                }),
        );
    for (subject, notes, commits) in subjects {
        changes.extend(changes_of(view, &subject, notes, commits));
    }
    // Newest first; on one day, in the portal's order.
    changes.sort_by(|a, b| b.date.cmp(&a.date));
    let older = changes.len().saturating_sub(SHOWN);
    changes.truncate(SHOWN);
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
/// days without a note.
fn changes_of(
    view: &View,
    subject: &Link,
    notes: &[RevisionNote],
    commits: &[usize],
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
    let mut days = BTreeSet::new();
    let from_git = commits
        .iter()
        .map(|&i| &history.commits[i])
        .filter(|c| !noted.contains(&c.date) && days.insert(c.date))
        .map(|c| Change {
            date: c.date.to_string(),
            subject: subject.clone(),
            kind: "updated",
            label: t.get("updates.updated").to_string(),
            note: None,
            commit: Some(c.hash.chars().take(7).collect()),
        });
    from_notes.chain(from_git).collect()
}
