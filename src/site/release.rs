//! Releases: revisions published for good, each with its downloads under
//! `releases/<version>/` (the same files as the live `data/`, at URLs that never change) and
//! its changelog. The build makes them (`build::releases`); pages and feeds show them.

use crate::diff::Changes;
use crate::model::Text;
use crate::theme::i18n::Translator;
use chrono::NaiveDate;

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

impl Release {
    /// What a release holds or changed, in one sentence: on its page and in the Atom feed.
    pub fn summary(&self, t: &Translator) -> String {
        match &self.changes {
            None => t.fill(
                "releases.first",
                &[
                    ("indicators", &self.indicators.to_string()),
                    ("targets", &self.targets.to_string()),
                    ("datasets", &self.datasets.to_string()),
                ],
            ),
            Some(c) => {
                let i = &c.indicators;
                t.fill(
                    "releases.summary",
                    &[
                        ("statuses", &c.statuses.len().to_string()),
                        ("changed", &i.changed.len().to_string()),
                        ("added", &i.added.len().to_string()),
                        ("removed", &i.removed.len().to_string()),
                        ("datasets", &c.datasets.changed.len().to_string()),
                    ],
                )
            }
        }
    }
}

/// The folder of a release's downloads in the output: `releases/<version>/`.
pub fn folder(version: &str) -> String {
    format!("releases/{version}")
}
