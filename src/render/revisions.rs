//! The revisions section of indicator and dataset pages: the revision notes of the metadata
//! (scheduled revisions and corrections) and the commits that changed the files, each named by
//! what it did to the data, its message shown as the committer wrote it and marked with the
//! language commit messages are written in (`history.commit_language`).

use super::view::{TextView, View};
use crate::history::git::Unavailable;
use crate::model::RevisionNote;
use serde::Serialize;
use std::path::Path;

/// Commits listed on a page; older ones are counted.
const SHOWN: usize = 25;

#[derive(Serialize)]
pub struct RevisionsView {
    notes: Vec<NoteView>,
    changes: Vec<ChangeView>,
    /// Changes older than those listed.
    older: usize,
    /// Why the change history is missing where it was expected.
    unavailable: Option<String>,
}

#[derive(Serialize)]
struct NoteView {
    date: String,
    kind: &'static str,
    label: String,
    note: TextView,
}

#[derive(Serialize)]
struct ChangeView {
    date: String,
    /// What the commit did to the data, in the page's language.
    kind: String,
    subject: String,
    /// The commit message's language, when it is not the page's.
    subject_lang: Option<String>,
    commit: String,
    url: Option<String>,
}

/// The section for a page with these notes and changes (indices into the history) of its
/// files, whose observations are in `data_files`; `None` when there is nothing to show.
pub fn revisions(
    view: &View,
    notes: &[RevisionNote],
    changes: &[usize],
    data_files: &[&Path],
) -> Option<RevisionsView> {
    let t = view.t();
    let history = &view.computed().history;
    let config = &view.portal().config;
    let commit_lang = config.commit_language();
    let subject_lang = (commit_lang != view.lang()).then(|| commit_lang.to_string());
    let unavailable = match &history.unavailable {
        None | Some(Unavailable::NotARepository | Unavailable::NoCommits) => None,
        Some(Unavailable::Shallow) => Some(t.get("revisions.shallow").to_string()),
        Some(why) => Some(t.fill("revisions.unavailable", &[("why", &why.to_string())])),
    };
    let section = RevisionsView {
        notes: notes
            .iter()
            .map(|n| NoteView {
                date: n.date.to_string(),
                kind: n.kind.code(),
                label: t
                    .get(&format!("revision_kind.{}", n.kind.code()))
                    .to_string(),
                note: view.text(&n.note),
            })
            .collect(),
        changes: changes
            .iter()
            .take(SHOWN)
            .map(|&i| {
                let commit = &history.commits[i];
                let kind = history.data_change(i, data_files.iter().copied());
                ChangeView {
                    date: commit.date.to_string(),
                    kind: t.get(&format!("updates.kind.{}", kind.code())).to_string(),
                    subject: commit.subject.clone(),
                    subject_lang: subject_lang.clone(),
                    commit: commit.hash.chars().take(7).collect(),
                    url: config.commit_url(&commit.hash),
                }
            })
            .collect(),
        older: changes.len().saturating_sub(SHOWN),
        unavailable,
    };
    let empty = section.notes.is_empty() && section.changes.is_empty();
    (!empty || section.unavailable.is_some()).then_some(section)
}
