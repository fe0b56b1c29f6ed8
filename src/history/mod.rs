//! What git knows about a portal: which commits changed which files (for each indicator's and
//! dataset's "last updated" date and revision list) and which revisions were released.
//!
//! History is read once per build, in one pass over the log ([`History::read`]); the compute
//! stage turns it into per-indicator facts. When it cannot be read (not a git checkout, a
//! shallow clone, no `git`) the build falls back to the dates in the metadata and says why.

pub mod git;
pub mod releases;

use crate::model::Portal;
use chrono::NaiveDate;
use git::{Commit, FileChange, LineCounts, Repo, Unavailable};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The commits that changed the portal's files. The default is an empty history, as for a
/// portal whose history was not read.
#[derive(Debug, Default)]
pub struct History {
    /// Why there is no history; `None` when it was read.
    pub unavailable: Option<Unavailable>,
    /// Newest first.
    pub commits: Vec<Commit>,
    /// For each file (relative to the portal, `/`-separated), the commits that changed it,
    /// as indices into `commits`, newest first, with the lines each added and deleted.
    by_file: HashMap<String, Vec<(usize, Option<LineCounts>)>>,
}

/// What a commit did to a subject's data, as far as git's line counts tell: rows only added
/// (new periods or breakdowns), rows changed or removed (a revision), or only the metadata.
/// Whether a revision corrected a mistake only the data owner's revision note can say.
/// Ordered by weight: several commits on one day are said to be the weightiest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataChange {
    Metadata,
    NewData,
    Revised,
}

impl DataChange {
    pub fn code(self) -> &'static str {
        match self {
            DataChange::NewData => "new-data",
            DataChange::Revised => "revised",
            DataChange::Metadata => "metadata",
        }
    }
}

impl History {
    /// The history of the portal at `root` up to its checked-out commit.
    pub fn read(root: &Path, portal: &Portal) -> History {
        Self::read_at(root, "HEAD", portal)
    }

    /// The history of the portal at `root` up to revision `rev`: the commits that changed the
    /// folders of `portal`'s indicator and dataset files, the only files whose history the
    /// build asks for. A portal inside a larger repository (beside code, say) need not have
    /// git compute the changes of every other file of every commit.
    pub fn read_at(root: &Path, rev: &str, portal: &Portal) -> History {
        let log = Repo::open(root).and_then(|repo| {
            if repo.shallow {
                Err(Unavailable::Shallow)
            } else {
                repo.log(rev, &source_folders(portal))
            }
        });
        match log {
            Ok(log) => Self::from_log(log),
            Err(why) => History::unavailable(why),
        }
    }

    pub fn unavailable(why: Unavailable) -> History {
        History {
            unavailable: Some(why),
            ..Default::default()
        }
    }

    fn from_log(log: Vec<(Commit, Vec<FileChange>)>) -> History {
        let mut by_file: HashMap<String, Vec<(usize, Option<LineCounts>)>> = HashMap::new();
        let mut commits = Vec::with_capacity(log.len());
        for (i, (commit, files)) in log.into_iter().enumerate() {
            for file in files {
                by_file.entry(file.path).or_default().push((i, file.lines));
            }
            commits.push(commit);
        }
        History {
            unavailable: None,
            commits,
            by_file,
        }
    }

    /// The commits that changed any of `files` (relative to the portal), newest first.
    pub fn changes<'a>(&self, files: impl IntoIterator<Item = &'a Path>) -> Vec<usize> {
        let mut found: Vec<usize> = files
            .into_iter()
            .filter_map(|f| self.by_file.get(&slashed(f)))
            .flatten()
            .map(|&(commit, _)| commit)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// What `commit` did to the data in `data_files` (observation tables, relative to the
    /// portal): a table whose lines were only added gained rows; one with a line deleted (a
    /// changed line counts as deleted and added) was revised; a commit that changed none of
    /// them changed only the metadata. A binary table counts as revised.
    pub fn data_change<'a>(
        &self,
        commit: usize,
        data_files: impl IntoIterator<Item = &'a Path>,
    ) -> DataChange {
        let counts: Vec<Option<LineCounts>> = data_files
            .into_iter()
            .filter_map(|f| self.by_file.get(&slashed(f)))
            .flatten()
            .filter(|&&(c, _)| c == commit)
            .map(|&(_, lines)| lines)
            .collect();
        if counts.is_empty() {
            DataChange::Metadata
        } else if counts.iter().all(|l| l.is_some_and(|l| l.deleted == 0)) {
            DataChange::NewData
        } else {
            DataChange::Revised
        }
    }

    /// What a page or download shows of `changes` (indices into the commits) of a subject
    /// whose observations are in `data_files`: each commit's hash, date and subject and what
    /// it did to the data ([`History::data_change`]), for the keys of kept products.
    pub fn describe(&self, changes: &[usize], data_files: &[&Path]) -> String {
        let mut described = format!("{:?}", self.unavailable);
        for &i in changes {
            let change = self.data_change(i, data_files.iter().copied());
            described.push_str(&format!(" {:?} {change:?}", self.commits[i]));
        }
        described
    }

    /// All of the history, for the keys of the products that show all of it (the updates).
    pub fn describe_all(&self) -> String {
        let mut by_file: Vec<_> = self.by_file.iter().collect();
        by_file.sort_by_key(|(file, _)| *file);
        format!("{:?} {:?} {by_file:?}", self.unavailable, self.commits)
    }

    /// The date of the newest of `changes`.
    pub fn newest(&self, changes: &[usize]) -> Option<NaiveDate> {
        changes.first().map(|&i| self.commits[i].date)
    }

    /// A note for the build summary when history was expected but could not be read; a
    /// folder that is not a git checkout, or has no commit yet, needs no note.
    pub fn warning(&self) -> Option<String> {
        match self.unavailable.as_ref()? {
            Unavailable::NotARepository | Unavailable::NoCommits => None,
            why => Some(format!(
                "history unavailable ({why}): last-updated dates come from the metadata{}",
                if *why == Unavailable::Shallow {
                    "; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)"
                } else {
                    ""
                }
            )),
        }
    }
}

/// The folders holding the portal's indicator and dataset files, relative to the portal; the
/// portal itself when one of them is at its top.
fn source_folders(portal: &Portal) -> BTreeSet<PathBuf> {
    let files = (portal.indicators.iter())
        .flat_map(|i| std::iter::once(&i.file).chain(&i.data_file))
        .chain(portal.datasets.iter().flat_map(|d| [&d.file, &d.data_file]));
    let mut folders: BTreeSet<PathBuf> = files
        .map(|file| file.parent().unwrap_or(Path::new("")).to_path_buf())
        .collect();
    if folders.iter().any(|folder| folder.as_os_str().is_empty()) {
        folders = BTreeSet::from([PathBuf::from(".")]);
    }
    folders
}

fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(hash: &str, date: &str) -> Commit {
        Commit {
            hash: hash.into(),
            date: date.parse().unwrap(),
            subject: format!("change {hash}"),
        }
    }

    fn file(path: &str, added: u64, deleted: u64) -> FileChange {
        FileChange {
            path: path.into(),
            lines: Some(LineCounts { added, deleted }),
        }
    }

    #[test]
    fn a_files_changes_are_the_commits_that_touched_it_newest_first() {
        let history = History::from_log(vec![
            (commit("c3", "2024-03-01"), vec![file("data/b.csv", 1, 0)]),
            (
                commit("c2", "2024-02-01"),
                vec![file("data/a.toml", 1, 1), file("data/a.csv", 1, 1)],
            ),
            (commit("c1", "2024-01-01"), vec![file("data/a.csv", 5, 0)]),
        ]);
        let changes = history.changes([Path::new("data/a.toml"), Path::new("data/a.csv")]);
        assert_eq!(changes, [1, 2]);
        assert_eq!(history.newest(&changes), "2024-02-01".parse().ok());
        assert!(history.changes([Path::new("data/none.csv")]).is_empty());
    }

    #[test]
    fn a_commit_adds_data_revises_it_or_changes_only_the_metadata() {
        let history = History::from_log(vec![
            (commit("c4", "2024-04-01"), vec![file("data/a.toml", 2, 1)]),
            (commit("c3", "2024-03-01"), vec![file("data/a.csv", 1, 1)]),
            (
                commit("c2", "2024-02-01"),
                vec![file("data/a.csv", 2, 0), file("data/a.toml", 1, 1)],
            ),
            (
                commit("c1", "2024-01-01"),
                vec![FileChange {
                    path: "data/a.xlsx".into(),
                    lines: None,
                }],
            ),
        ]);
        let data = [Path::new("data/a.csv"), Path::new("data/a.xlsx")];
        assert_eq!(history.data_change(0, data), DataChange::Metadata);
        assert_eq!(history.data_change(1, data), DataChange::Revised);
        assert_eq!(history.data_change(2, data), DataChange::NewData);
        assert_eq!(history.data_change(3, data), DataChange::Revised);
    }

    #[test]
    fn shallow_clones_are_worth_a_warning_and_plain_folders_are_not() {
        assert!(
            History::unavailable(Unavailable::Shallow)
                .warning()
                .unwrap()
                .contains("shallow clone")
        );
        assert_eq!(
            History::unavailable(Unavailable::NotARepository).warning(),
            None
        );
    }
}
