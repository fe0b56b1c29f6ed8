//! Releases: revisions published for good. A release is a git tag matching
//! `[history] release_tags` or a `[[releases]]` entry of the configuration. Each release's
//! downloads are exported from the portal as it was at that revision, under
//! `releases/<version>/` (the same files as the live `data/`, at URLs that never change), and
//! its changelog is what the diff engine finds between it and the release before.

use super::History;
use super::git::{Repo, Unavailable};
use crate::compute::{Computed, compute};
use crate::config::{CONFIG_FILE, SiteConfig};
use crate::diff::{self, Changes, Loaded, Side, Version};
use crate::export;
use crate::model::{Portal, Text};
use crate::output::Output;
use crate::problem::Problem;
use crate::render::theme::Theme;
use crate::render::urls::Downloads;
use chrono::NaiveDate;
use std::path::Path;

/// A release, as its pages show it.
#[derive(Debug)]
pub struct Release {
    pub version: String,
    /// The full hash of the released commit.
    pub commit: String,
    pub date: NaiveDate,
    /// The configured note, else an annotated tag's message.
    pub note: Text,
    /// The version released before this one.
    pub previous: Option<String>,
    /// What changed since the previous release; `None` for the first release.
    pub changes: Option<Changes>,
    /// How many indicators, targets and datasets the release holds.
    pub indicators: usize,
    pub targets: usize,
    pub datasets: usize,
    /// The release's main downloads, as paths under the output folder.
    pub downloads: Vec<String>,
}

/// A release before it is built.
#[derive(Debug, Clone, PartialEq)]
struct Planned {
    version: String,
    commit: String,
    date: NaiveDate,
    note: Text,
}

/// The folder of a release's downloads in the output: `releases/<version>/`.
pub fn folder(version: &str) -> String {
    format!("releases/{version}")
}

/// Builds every release of the portal: its downloads into `output`, and its changelog.
/// Oldest first. A release that cannot be built stops the build: published URLs must not
/// disappear silently.
pub fn publish(
    portal: &Portal,
    theme: &Theme,
    output: &Output,
    cache: &crate::cache::Cache,
) -> Result<Vec<Release>, Vec<Problem>> {
    let planned = plan(&portal.root, &portal.config)?;
    let mut releases = Vec::with_capacity(planned.len());
    let mut previous: Option<(Loaded, Computed)> = None;
    for release in planned {
        let problem = |found: String| {
            Problem::new(
                CONFIG_FILE,
                format!("release {} that builds", release.version),
                found,
            )
        };
        let mut loaded = diff::load(&portal.root, &Version::Revision(release.commit.clone()))
            .map_err(|e| vec![problem(e.to_string())])?;
        loaded.label = release.version.clone();
        // Downloads name the site they are published on, which is today's.
        loaded.portal.config.base_url = portal.config.base_url.clone();
        let computed = compute(&loaded.portal).with_history(
            &loaded.portal,
            History::read_at(&portal.root, &release.commit),
        );
        write_downloads(
            &loaded.portal,
            &computed,
            theme,
            &release.version,
            output,
            cache,
        )?;
        let changes = previous.as_ref().map(|(before, before_computed)| {
            diff::compare(
                &Side {
                    label: &before.label,
                    portal: &before.portal,
                    computed: before_computed,
                },
                &Side {
                    label: &loaded.label,
                    portal: &loaded.portal,
                    computed: &computed,
                },
            )
        });
        let p = &loaded.portal;
        let mut downloads = vec![
            Downloads::all_indicators_zip(),
            Downloads::status_csv(),
            Downloads::status_json(),
        ];
        downloads.extend(p.datasets.iter().map(|d| Downloads::dataset_csv(&d.id)));
        releases.push(Release {
            previous: previous.as_ref().map(|(before, _)| before.label.clone()),
            changes,
            indicators: p.indicators.len(),
            targets: p.goals.iter().map(|g| g.targets.len()).sum(),
            datasets: p.datasets.len(),
            downloads: downloads
                .iter()
                .map(|d| format!("{}/{d}", folder(&release.version)))
                .collect(),
            version: release.version,
            commit: release.commit,
            date: release.date,
            note: release.note,
        });
        previous = Some((loaded, computed));
    }
    Ok(releases)
}

/// Exports a release's portal with the usual export functions into its own folder. The
/// current theme labels it: a release's data is what it was, its interface is today's.
fn write_downloads(
    portal: &Portal,
    computed: &Computed,
    theme: &Theme,
    version: &str,
    output: &Output,
    cache: &crate::cache::Cache,
) -> Result<(), Vec<Problem>> {
    let output = output.within(&folder(version));
    let catalog = export::export(portal, computed, theme, &output, cache)?;
    let zip = export::all_indicators_zip(portal, &catalog, &output).map_err(|p| vec![p])?;
    let path = Downloads::all_indicators_zip();
    output.write(&path, &zip).map_err(|e| {
        vec![Problem::new(
            path,
            "a writable output folder",
            format!("an error: {e}"),
        )]
    })
}

/// The releases the configuration asks for, oldest first. Reads nothing from git when no
/// release is configured.
fn plan(root: &Path, config: &SiteConfig) -> Result<Vec<Planned>, Vec<Problem>> {
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
