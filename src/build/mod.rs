//! The pipeline from a portal folder to a published output folder:
//! load → validate → compute → render and export → write. Releases, each an older revision
//! built the same way, are part of it ([`releases`]).

mod last;
mod links;
pub mod preview;
pub mod releases;

use crate::compute::{Computed, compute};
use crate::export;
use crate::failure::{Failure, Stopped};
use crate::history::History;
use crate::model::Portal;
use crate::output::{Output, StageError, check_target};
use crate::problem::Problem;
use crate::render::reuse::{CHART_SVGS, PAGES, Reuse};
use crate::render::{RenderOptions, Renderer, write_static};
use crate::site::catalog::Catalog;
use crate::site::release::Release;
use crate::source::{Checked, check};
use crate::theme::Theme;
use preview::Kept;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    /// Replaces the configured base URL for this build.
    pub base_url: Option<String>,
    pub live_reload: bool,
    /// Replace the output folder even if chiso did not write it (it has no marker).
    pub force: bool,
    /// Where slow products (chart images, workbooks) are kept between builds.
    pub cache: crate::cache::Cache,
    /// Write every chart as a PNG beside its SVG (the default, when chiso has the `png`
    /// feature). Without, pages offer the SVG only, and no font is read.
    pub png: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            out: PathBuf::from("public"),
            base_url: None,
            live_reload: false,
            force: false,
            cache: crate::cache::Cache::default(),
            png: cfg!(feature = "png"),
        }
    }
}

impl BuildOptions {
    /// What the renderer is told of these options, with where kept pages are found.
    fn render_options(&self, reuse: Option<Reuse>) -> RenderOptions {
        RenderOptions {
            live_reload: self.live_reload,
            png: self.png && cfg!(feature = "png"),
            reuse,
        }
    }
}

/// What a build reports as it goes, for a progress bar or a log; see [`build`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A stage starts: `checking`, `computing`, `exporting`, `rendering`.
    Stage(&'static str),
    /// How many pages the rendering stage will write.
    Pages(usize),
    /// One more page written. Reported from the threads that render.
    PageWritten,
}

/// A progress report receiver; `&|_| {}` reports nothing.
pub type OnProgress<'a> = &'a (dyn Fn(Progress) + Sync);

/// What a build wrote, for the summary line.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    pub pages: usize,
    /// Pages whose inputs did not change since a build that kept them: taken from the cache
    /// instead of rendered ([`crate::render::reuse`]).
    pub pages_reused: usize,
    pub files: u64,
    pub bytes: u64,
    pub seconds: f64,
    /// How long each stage took, in pipeline order (render and export run side by side).
    pub stages: Vec<(&'static str, f64)>,
    /// What the reader of another format (Open SDG) built differently or left out.
    pub warnings: Vec<Problem>,
    /// Things the person building should know, such as history missing from a shallow clone.
    pub notes: Vec<String>,
    /// Nothing changed since the last build into the folder, which was kept as it was
    /// ([`last`]); the figures and warnings are that build's.
    pub unchanged: bool,
}

/// Records how long each stage of a build takes.
#[derive(Default)]
struct Stopwatch(Vec<(&'static str, f64)>);

impl Stopwatch {
    fn time<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.0.push((stage, started.elapsed().as_secs_f64()));
        result
    }
}

/// Builds the portal at `root` into `options.out`. On any problem the previous output folder
/// is left as it was.
pub fn build(
    root: &Path,
    options: &BuildOptions,
    progress: OnProgress,
) -> Result<BuildSummary, Stopped> {
    build_keeping(root, options, progress).map(|(summary, _)| summary)
}

/// [`build`], keeping what the previews of the next edits need ([`preview`]); nothing is kept
/// when nothing changed since the last build, which was kept as it was.
pub fn build_keeping(
    root: &Path,
    options: &BuildOptions,
    progress: OnProgress,
) -> Result<(BuildSummary, Option<Kept>), Stopped> {
    let started = Instant::now();
    let options = &BuildOptions {
        cache: options.cache.for_build(),
        ..options.clone()
    };
    check_target(root, &options.out).map_err(|why| {
        vec![Problem::new(
            &options.out,
            "an output folder outside the portal's sources",
            why,
        )]
    })?;
    progress(Progress::Stage("checking"));
    let mut stopwatch = Stopwatch::default();
    let (inputs, fingerprint, kept) = stopwatch.time("compare with last build", || {
        let inputs = (options.cache.root()).and_then(|_| last::inputs(root, options));
        let fingerprint = inputs.as_ref().map(last::Inputs::fingerprint);
        let kept = fingerprint.as_ref().and_then(|i| last::kept(i, options));
        (inputs, fingerprint, kept)
    });
    if let Some(mut kept) = kept {
        kept.seconds = started.elapsed().as_secs_f64();
        kept.stages = stopwatch.0;
        return Ok((kept, None));
    }
    let Checked {
        portal,
        theme,
        warnings,
    } = stopwatch.time("load and validate", || checked(root, options))?;
    progress(Progress::Stage("computing"));
    let computed = stopwatch.time("compute", || compute(&portal, History::read(root, &portal)));
    let mut notes: Vec<String> = computed.history.warning().into_iter().collect();
    if portal.config.base_path() != "/" {
        notes.push(format!(
            "robots.txt is not written: the portal is published under {}, and crawlers read \
             robots.txt only at the root of the host; add the sitemap ({}) to the host's own",
            portal.config.base_path(),
            crate::site::catalog::absolute_url(&portal, &crate::site::urls::Downloads::sitemap()),
        ));
    }
    let output = Output::stage(&options.out, options.force).map_err(|e| match e {
        // Replacing what chiso did not write is for the person building to decide.
        StageError::NotOurs { .. } => Stopped::from(Problem::new(
            &options.out,
            "an output folder that chiso can write and replace",
            e.to_string(),
        )),
        _ => Failure::io(&options.out, e).into(),
    })?;
    let releases = stopwatch.time("releases", || {
        releases::publish(&portal, &theme, &output, &options.cache)
    })?;
    let facts = Facts {
        portal: &portal,
        computed: &computed,
        releases: &releases,
        theme: &theme,
    };
    let observations: BTreeSet<PathBuf> = (portal.indicators.iter())
        .filter_map(|i| i.data_file.clone())
        .collect();
    let reuse = inputs
        .as_ref()
        .map(|inputs| Reuse::new(options.cache.clone(), inputs.sources(&observations)));
    let (pages, pages_reused, catalog) =
        write(&facts, reuse, &output, options, progress, &mut stopwatch)
            .map_err(|stopped| one_cause_for_a_full_disk(stopped, &options.out))?;
    progress(Progress::Stage("checking links"));
    let broken = stopwatch.time("check links", || {
        let site = links::Site {
            shown_as: &options.out,
            base_url: &portal.config.base_url,
            base_path: portal.config.base_path(),
        };
        links::check(output.staged(), &site)
    });
    if !broken.is_empty() {
        return Err(broken.into());
    }
    let (files, bytes) = (output.files(), output.bytes());
    stopwatch
        .time("swap output", || output.commit())
        .map_err(|e| Failure::io(&options.out, e))?;
    let summary = BuildSummary {
        pages,
        pages_reused,
        files,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        stages: stopwatch.0,
        warnings,
        notes,
        unchanged: false,
    };
    if let Some(fingerprint) = &fingerprint {
        last::record(fingerprint, options, &summary);
    }
    let sources = inputs.as_ref().map(last::Inputs::paths);
    let kept = Kept::new(releases, catalog, observations, sources);
    Ok((summary, Some(kept)))
}

/// The portal at `root` loaded and checked ([`check`]), under the base URL the build is told
/// to use instead of the configured one.
fn checked(root: &Path, options: &BuildOptions) -> Result<Checked, Stopped> {
    let mut checked = check(root)?;
    if let Some(url) = &options.base_url {
        if let Err(why) = crate::model::check_web_url(url) {
            return Err(Problem::new(
                "--base-url",
                crate::model::WEB_URL,
                format!("{} with {why}", crate::problem::quoted(url)),
            )
            .into());
        }
        checked.portal.config.set_base_url(url);
    }
    Ok(checked)
}

/// A full disk or a file-size limit makes every later write fail: one failure naming the
/// output folder says it, instead of a line per file.
fn one_cause_for_a_full_disk(mut stopped: Stopped, out: &Path) -> Stopped {
    const CAUSES: [(&str, &str); 3] = [
        ("No space left on device", "no space left on the device"),
        ("Disk quota exceeded", "the disk quota exceeded"),
        (
            "File too large",
            "a file larger than the file-size limit (ulimit -f)",
        ),
    ];
    let because = |failure: &Failure, error: &str| matches!(failure, Failure::Io { error: e, .. } if e.contains(error));
    let cause = CAUSES
        .iter()
        .find(|(error, _)| stopped.failures.iter().any(|f| because(f, error)));
    let Some((error, words)) = cause else {
        return stopped;
    };
    let failed = stopped
        .failures
        .iter()
        .filter(|f| because(f, error))
        .count();
    stopped.failures.retain(|f| !because(f, error));
    stopped.failures.push(Failure::io(
        out,
        format!(
            "{words}: {failed} files could not be written (the previous output is kept as it was)"
        ),
    ));
    stopped
}

/// What the writing stages read: the checked portal, its computed facts, the releases built
/// and the theme.
struct Facts<'a> {
    portal: &'a Portal,
    computed: &'a Computed,
    releases: &'a [Release],
    theme: &'a Theme,
}

/// Writes every file of the portal into `output`; the pages written, how many of them were
/// found in the cache, and the catalogue of the downloads.
fn write(
    facts: &Facts,
    reuse: Option<Reuse>,
    output: &Output,
    options: &BuildOptions,
    progress: OnProgress,
    stopwatch: &mut Stopwatch,
) -> Result<(usize, usize, Catalog), Stopped> {
    let Facts {
        portal,
        computed,
        releases,
        theme,
    } = *facts;
    progress(Progress::Stage("exporting"));
    // Each indicator's and dataset's files first: pages show their sizes. The files about the
    // whole portal and the chart images are written while pages render.
    let sources = reuse.as_ref().map(Reuse::sources);
    let catalog = stopwatch.time("export downloads", || {
        export::export(portal, computed, theme, output, &options.cache, sources)
    })?;
    let renderer = Renderer::new(
        portal,
        computed,
        releases,
        &catalog,
        theme,
        options.render_options(reuse),
    )?;
    let jobs = renderer.jobs();
    progress(Progress::Pages(jobs.len()));
    progress(Progress::Stage("rendering"));
    let tick = || progress(Progress::PageWritten);
    let pages: Vec<_> = jobs
        .iter()
        .filter(|j| j.lang == 0)
        .map(|j| j.page.clone())
        .collect();
    let timed = |work: &dyn Fn() -> Result<(), Stopped>| {
        let started = Instant::now();
        (work(), started.elapsed().as_secs_f64())
    };
    let ((rendered, render_time), ((portal_files, portal_time), (chart_images, images_time))) =
        rayon::join(
            || timed(&|| Ok(renderer.render(&jobs, output, &tick)?)),
            || {
                rayon::join(
                    || {
                        timed(&|| {
                            export::write_portal_files(
                                portal, computed, releases, theme, &catalog, &pages, output,
                            )
                        })
                    },
                    || {
                        timed(&|| {
                            crate::render::chart_images::export(&renderer, output, &options.cache)
                        })
                    },
                )
            },
        );
    stopwatch.0.push(("render pages", render_time));
    stopwatch.0.push(("portal catalogues", portal_time));
    stopwatch.0.push(("chart images", images_time));
    let mut stopped = Stopped::default();
    for result in [rendered, portal_files, chart_images] {
        if let Err(e) = result {
            stopped.add(e);
        }
    }
    let rest = stopwatch.time("search, static files", || {
        [
            renderer.render_root_pages(output),
            renderer.write_search_indexes(output),
            export::review::write(&renderer.review_forms(), portal.config.csv_bom, output),
            write_static(theme, output, portal.config.base_path() == "/"),
        ]
    });
    for result in rest {
        if let Err(e) = result {
            stopped.add(e);
        }
    }
    let reused = stopwatch.time("prune cache", || {
        for area in [&PAGES, &CHART_SVGS, &export::DOWNLOADS] {
            options.cache.prune(area);
        }
        renderer.options.reuse.as_ref().map_or(0, Reuse::found)
    });
    let pages = jobs.len() + 2;
    // The renderer borrows the catalogue, which the build then keeps.
    drop(renderer);
    stopped.into_result().map(|()| (pages, reused, catalog))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_one_message_naming_the_output_folder() {
        let failed =
            |path: &str| Failure::io(path, "/srv/public/x: No space left on device (os error 28)");
        let failures = vec![
            failed("vi/index.html"),
            failed("en/index.html"),
            failed("data/indicators/a.csv"),
        ];
        let one = one_cause_for_a_full_disk(failures.into(), Path::new("/srv/public"));
        assert_eq!(one.failures.len(), 1);
        assert_eq!(
            one.failures[0].to_string(),
            "/srv/public: no space left on the device: 3 files could not be written (the \
             previous output is kept as it was)"
        );
    }
}
