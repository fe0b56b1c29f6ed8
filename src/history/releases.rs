//! The releases the configuration asks for: git tags matching `[history] release_tags` and
//! `[[releases]]` entries, resolved to commits and dates. What is built from them is the
//! build's business (`build::releases`).

use super::git::{Repo, Unavailable};
use crate::model::Text;
use crate::model::config::{CONFIG_FILE, SiteConfig};
use crate::problem::Problem;
use chrono::NaiveDate;
use std::path::Path;

/// A release before it is built.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub version: String,
    /// The full hash of the released commit.
    pub commit: String,
    pub date: NaiveDate,
    /// The configured note, else an annotated tag's message.
    pub note: Text,
}

/// The releases the configuration asks for, oldest first. Reads nothing from git when no
/// release is configured.
pub fn plan(root: &Path, config: &SiteConfig) -> Result<Vec<Planned>, Vec<Problem>> {
    if config.history.release_tags.is_none() && config.releases.is_empty() {
        return Ok(Vec::new());
    }
    let complain = |field: &str, expected: &str, found: String| {
        vec![Problem::new(CONFIG_FILE, expected, found).field(field)]
    };
    let repo = Repo::open(root).map_err(|why| {
        complain(
            "releases",
            "the portal's git history, which releases are built from",
            format!("none ({why})"),
        )
    })?;
    if repo.shallow {
        return Err(complain(
            "releases",
            "the portal's full git history, which releases are built from (git fetch --unshallow, or fetch-depth: 0 in CI)",
            format!("history unavailable ({})", Unavailable::Shallow),
        ));
    }
    let mut planned = Vec::new();
    if let Some(pattern) = &config.history.release_tags {
        let tags = repo
            .tags(pattern)
            .map_err(|why| complain("release_tags", "git tags that can be listed", why))?;
        for tag in tags {
            if let Err(why) = crate::model::check_id(&tag.name) {
                return Err(complain(
                    "release_tags",
                    "release tags of letters, digits, '.', '-' or '_' (the tag becomes a URL)",
                    format!("the tag {:?} with {why}", tag.name),
                ));
            }
            planned.push(Planned {
                version: tag.name,
                commit: tag.commit,
                date: tag.date,
                note: tag.message.map(Text::neutral).unwrap_or_default(),
            });
        }
    }
    for entry in &config.releases {
        let commit = repo
            .resolve(&entry.revision)
            .map_err(|why| complain("revision", "a revision of the repository", why))?;
        let date = match &entry.date {
            Some(date) => NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| complain("date", "a date YYYY-MM-DD", format!("{date:?}")))?,
            None => repo
                .commit_date(&commit)
                .map_err(|why| complain("revision", "a commit with a date", why))?,
        };
        if planned.iter().any(|p: &Planned| p.version == entry.version) {
            return Err(complain(
                "version",
                "a release version not also a release tag",
                format!("{:?}", entry.version),
            ));
        }
        planned.push(Planned {
            version: entry.version.clone(),
            commit,
            date,
            note: entry.note.clone(),
        });
    }
    planned.sort_by(|a, b| (a.date, &a.version).cmp(&(b.date, &b.version)));
    Ok(planned)
}
