//! The first answer to an edit under `chiso serve`. When the only sources that changed since
//! the last build are indicators' observation tables, the pages that show those indicators
//! (their pages and embeds, and the pages of their targets) are rendered at once, in memory,
//! from the portal as it now is: the open page shows the new value in a fraction of the time
//! of a build. The full build follows, and what it publishes replaces the preview; `serve`
//! compares the two, so a reader whose page the build left as previewed is not reloaded twice.
//!
//! A preview is exact: the portal is loaded and checked whole and its facts computed, the
//! edited indicators' downloads are exported (into a scratch folder, for the sizes and hashes
//! their pages list), and the pages are rendered by the one renderer. It borrows from the last
//! build only what an edit of observation tables does not change for the pages previewed: the
//! releases (git commits) and the files written for the other indicators and the datasets.
//! `tests/build.rs` compares previews with the pages built after them.

use super::BuildOptions;
use crate::compute::compute;
use crate::export;
use crate::history::History;
use crate::output::Output;
use crate::render::Renderer;
use crate::site::catalog::{Catalog, Labels, Written};
use crate::site::release::Release;
use crate::source::Checked;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a successful build leaves for the previews of the edits that follow it.
pub struct Kept {
    releases: Vec<Release>,
    written: Written,
    /// Each dataset's time span, by id: learned by streaming its table, which a preview does
    /// not read.
    spans: Vec<(String, Option<(NaiveDate, NaiveDate)>)>,
    /// The indicators' observation tables, relative to the portal: the only sources whose
    /// edits a preview answers.
    observations: BTreeSet<PathBuf>,
    /// Every file the build read, relative to the portal, when it listed them (with a cache).
    sources: Option<BTreeSet<PathBuf>>,
}

impl Kept {
    pub(super) fn new(
        releases: Vec<Release>,
        catalog: Catalog,
        observations: BTreeSet<PathBuf>,
        sources: Option<BTreeSet<PathBuf>>,
    ) -> Kept {
        Kept {
            releases,
            spans: catalog
                .datasets
                .iter()
                .map(|d| (d.id.clone(), d.temporal))
                .collect(),
            written: catalog.written,
            observations,
            sources,
        }
    }
}

/// A page rendered ahead of the build: its path in the output folder and its bytes.
pub type PreviewPage = (String, Vec<u8>);

/// The pages that show the indicators whose observation tables are `changed` (paths relative
/// to the portal at `root`), rendered as the build will publish them and handed to `show` as
/// soon as they are (what made them is freed after). Shows nothing and returns `None` when
/// something else changed too, or the portal now has problems: then only the build answers.
pub fn preview(
    root: &Path,
    options: &BuildOptions,
    kept: &Kept,
    changed: &BTreeSet<PathBuf>,
    show: impl FnOnce(Vec<PreviewPage>),
) -> Option<()> {
    // Editors write a temporary file beside the one they save, then rename it over it: a file
    // that came and went, and that the last build did not read, changes nothing.
    let came_and_went = |path: &PathBuf| {
        !root.join(path).exists()
            && kept
                .sources
                .as_ref()
                .is_some_and(|sources| !sources.contains(path))
    };
    let changed: BTreeSet<&PathBuf> = changed.iter().filter(|p| !came_and_went(p)).collect();
    if changed.is_empty() || !changed.iter().all(|p| kept.observations.contains(*p)) {
        return None;
    }
    let Checked { portal, theme, .. } = super::checked(root, options).ok()?;
    let computed = compute(&portal, History::read(root, &portal));
    let edited: Vec<usize> = (portal.indicators.iter().enumerate())
        .filter(|(_, i)| i.data_file.as_ref().is_some_and(|f| changed.contains(f)))
        .map(|(index, _)| index)
        .collect();
    let labels = Labels::new(&portal, &theme);
    let mut catalog = Catalog::new(&portal, &computed, &labels);
    catalog.written = kept.written.clone();
    for dataset in &mut catalog.datasets {
        let span = kept.spans.iter().find(|(id, _)| *id == dataset.id);
        dataset.temporal = span.and_then(|(_, span)| *span);
    }
    // The downloads are written only for their sizes and hashes; the build publishes them.
    let scratch = tempfile::tempdir().ok()?;
    let downloads = Output::stage(&scratch.path().join("preview"), true).ok()?;
    export::export_indicators(
        &portal,
        &computed,
        &labels,
        &downloads,
        &options.cache,
        &edited,
        &mut catalog,
    )
    .ok()?;
    let renderer = Renderer::new(
        &portal,
        &computed,
        &kept.releases,
        &catalog,
        &theme,
        options.render_options(None),
    )
    .ok()?;
    show(renderer.render_showing(&edited).ok()?);
    Some(())
}
