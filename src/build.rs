//! The pipeline from a portal folder to a published output folder:
//! load → validate → compute → render and export → write.

use crate::compute::{Computed, compute};
use crate::model::Portal;
use crate::output::{Output, check_target};
use crate::problem::{Problem, Problems};
use crate::render::theme::Theme;
use crate::render::{RenderOptions, Renderer, theme, write_static};
use crate::{export, load, validate};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct BuildOptions {
    pub out: PathBuf,
    /// Replaces the configured base URL for this build.
    pub base_url: Option<String>,
    pub live_reload: bool,
}

/// What a build wrote, for the summary line.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: u64,
    pub bytes: u64,
    pub seconds: f64,
}

/// A portal that passed every check, ready to build.
pub struct Checked {
    pub portal: Portal,
    pub theme: Theme,
}

/// Loads and validates the portal at `root` with its theme; every problem found is returned.
pub fn check(root: &Path) -> Result<Checked, Vec<Problem>> {
    let mut problems = Problems::default();
    let Some(raw) = load::load(root, &mut problems) else {
        return Err(problems.into_sorted());
    };
    let portal = validate::validate(raw, &mut problems);
    let theme = theme::load(&portal).map_err(|p| problems.extend(p)).ok();
    match theme {
        Some(theme) if problems.is_empty() => Ok(Checked { portal, theme }),
        _ => Err(problems.into_sorted()),
    }
}

/// Builds the portal at `root` into `options.out`. On any problem the previous output folder
/// is left as it was.
pub fn build(
    root: &Path,
    options: &BuildOptions,
    progress: &ProgressBar,
) -> Result<BuildSummary, Vec<Problem>> {
    let started = Instant::now();
    check_target(root, &options.out).map_err(|why| {
        vec![Problem::new(
            &options.out,
            "an output folder outside the portal's sources",
            why,
        )]
    })?;
    progress.set_message("checking");
    let Checked { mut portal, theme } = check(root)?;
    if let Some(url) = &options.base_url {
        portal.config.set_base_url(url);
    }
    progress.set_message("computing");
    let computed = compute(&portal);
    let output = Output::stage(&options.out).map_err(|e| {
        vec![Problem::new(
            &options.out,
            "an output folder that can be written",
            format!("an error: {e}"),
        )]
    })?;
    let pages = write(&portal, &computed, &theme, &output, options, progress)?;
    let (files, bytes) = (output.files(), output.bytes());
    output.commit().map_err(|e| {
        vec![Problem::new(
            &options.out,
            "an output folder that can be replaced",
            format!("an error: {e}"),
        )]
    })?;
    Ok(BuildSummary {
        pages,
        files,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn write(
    portal: &Portal,
    computed: &Computed,
    theme: &Theme,
    output: &Output,
    options: &BuildOptions,
    progress: &ProgressBar,
) -> Result<usize, Vec<Problem>> {
    progress.set_message("exporting");
    // Each indicator's and dataset's files first: pages show their sizes. The files about the
    // whole portal are written while pages render.
    let catalog = export::export(portal, computed, theme, output)?;
    let renderer = Renderer::new(
        portal,
        computed,
        &catalog,
        theme,
        RenderOptions {
            live_reload: options.live_reload,
        },
    )?;
    let jobs = renderer.jobs();
    progress.set_length(jobs.len() as u64);
    progress.set_message("rendering");
    let tick = || progress.inc(1);
    let pages: Vec<_> = jobs
        .iter()
        .filter(|j| j.lang == 0)
        .map(|j| j.page.clone())
        .collect();
    let (rendered, portal_files) = rayon::join(
        || renderer.render(&jobs, output, &tick),
        || export::write_portal_files(portal, computed, theme, &catalog, &pages, output),
    );
    let mut problems = Vec::new();
    for result in [
        rendered,
        portal_files,
        renderer.render_root_pages(output),
        write_static(theme, output),
    ] {
        if let Err(p) = result {
            problems.extend(p);
        }
    }
    if problems.is_empty() {
        Ok(jobs.len() + 2)
    } else {
        problems.sort();
        Err(problems)
    }
}
