//! Releases built: each release's downloads exported from the portal as it was at that
//! revision, under `releases/<version>/`, and its changelog, what the diff engine finds between
//! it and the release before.

use crate::cache::Cache;
use crate::diff::{self, Revision, Version};
use crate::export;
use crate::failure::{Failure, Stopped};
use crate::history::releases::plan;
use crate::model::Portal;
use crate::model::config::CONFIG_FILE;
use crate::output::Output;
use crate::problem::Problem;
use crate::site::release::{Release, folder};
use crate::site::urls::Downloads;
use crate::theme::Theme;

/// Builds every release of the portal: its downloads into `output`, and its changelog.
/// Oldest first. A release that cannot be built stops the build: published URLs must not
/// disappear silently.
pub fn publish(
    portal: &Portal,
    theme: &Theme,
    output: &Output,
    cache: &Cache,
) -> Result<Vec<Release>, Stopped> {
    let planned = plan(&portal.root, &portal.config)?;
    let mut releases = Vec::with_capacity(planned.len());
    let mut previous: Option<Revision> = None;
    for release in planned {
        let problem = |found: String| {
            Problem::new(
                CONFIG_FILE,
                format!("release {} that builds", release.version),
                found,
            )
        };
        let mut loaded = Revision::load(&portal.root, &Version::Revision(release.commit.clone()))
            .map_err(|e| match e {
            diff::LoadError::Git(why) => {
                Stopped::from(Failure::Git(format!("release {}: {why}", release.version)))
            }
            problems => problem(problems.to_string()).into(),
        })?;
        loaded.label = release.version.clone();
        // Downloads name the site they are published on, which is today's.
        loaded.portal.config.base_url = portal.config.base_url.clone();
        write_downloads(&loaded, theme, &release.version, output, cache)?;
        let changes = previous
            .as_ref()
            .map(|before| diff::between(before, &loaded));
        let p = &loaded.portal;
        let mut downloads = vec![
            Downloads::all_indicators_zip(),
            Downloads::status_csv(),
            Downloads::status_json(),
        ];
        downloads.extend(p.datasets.iter().map(|d| Downloads::dataset_csv(&d.id)));
        releases.push(Release {
            previous: previous.as_ref().map(|before| before.label.clone()),
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
        previous = Some(loaded);
    }
    Ok(releases)
}

/// Exports a release's portal with the usual export functions into its own folder. The
/// current theme labels it: a release's data is what it was, its interface is today's.
fn write_downloads(
    release: &Revision,
    theme: &Theme,
    version: &str,
    output: &Output,
    cache: &Cache,
) -> Result<(), Vec<Failure>> {
    let output = output.within(&folder(version));
    let portal = &release.portal;
    let catalog = export::export(portal, &release.computed, theme, &output, cache, None)?;
    let zip = export::all_indicators_zip(portal, &catalog, &output).map_err(|f| vec![f])?;
    let path = Downloads::all_indicators_zip();
    output
        .write(&path, &zip)
        .map_err(|e| vec![Failure::io(path, e)])
}
