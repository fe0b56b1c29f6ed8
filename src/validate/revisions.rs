//! `[[revisions]]` entries of indicators and datasets: dated, of a known kind, with a note.

use super::text_required;
use crate::load::raw::{Parsed, RawRevision};
use crate::model::{PeriodKind, RevisionNote};
use crate::problem::{Problem, Problems, quoted};

/// The revision notes of a file, newest first; entries with a problem are reported and left
/// out.
pub fn validate<T>(
    file: &Parsed<T>,
    raw: &[RawRevision],
    problems: &mut Problems,
) -> Vec<RevisionNote> {
    let mut notes: Vec<RevisionNote> = raw
        .iter()
        .filter_map(|r| {
            text_required(
                file,
                r.note.get_ref(),
                r.note.span(),
                "revisions.note",
                problems,
            );
            let date = crate::model::Period::parse(r.date.get_ref())
                .filter(|p| p.kind() == PeriodKind::Date)
                .map(|p| p.end());
            if date.is_none() {
                problems.push(
                    Problem::new(&file.rel, "a date YYYY-MM-DD", quoted(r.date.get_ref()))
                        .at(Some(file.position(r.date.span())))
                        .field("revisions.date"),
                );
            }
            Some(RevisionNote {
                date: date?,
                kind: r.kind,
                note: r.note.get_ref().clone(),
            })
        })
        .collect();
    notes.sort_by_key(|n| std::cmp::Reverse(n.date));
    notes
}
