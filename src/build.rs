//! The pipeline from a portal folder to a published output folder:
//! load → validate → compute → render and export → write.

use crate::compute::{Computed, compute};
use crate::history::{History, releases};
use crate::model::Portal;
use crate::output::{Output, check_target};
use crate::problem::{Problem, Problems};
use crate::render::theme::Theme;
use crate::render::{RenderOptions, Renderer, theme, write_static};
use crate::{export, load, opensdg, validate};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub out: PathBuf,
    /// Replaces the configured base URL for this build.
    pub base_url: Option<String>,
    pub live_reload: bool,
    /// Replace the output folder even if chiso did not write it (it has no marker).
    pub force: bool,
    /// Where slow products (chart images, workbooks) are kept between builds.
    pub cache: crate::cache::Cache,
}

/// What a build wrote, for the summary line.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: u64,
    pub bytes: u64,
    pub seconds: f64,
    /// How long each stage took, in pipeline order (render and export run side by side).
    pub stages: Vec<(&'static str, f64)>,
    /// What the reader of another format (Open SDG) built differently or left out.
    pub warnings: Vec<Problem>,
    /// Things the person building should know, such as history missing from a shallow clone.
    pub notes: Vec<String>,
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

/// A portal that passed every check, ready to build.
pub struct Checked {
    pub portal: Portal,
    pub theme: Theme,
    /// See [`BuildSummary::warnings`].
    pub warnings: Vec<Problem>,
}

/// Loads and validates the portal at `root` with its theme; every problem found is returned.
/// An Open SDG data repository, recognised by its layout, is read as it is.
pub fn check(root: &Path) -> Result<Checked, Vec<Problem>> {
    if opensdg::detect(root) {
        let loaded = opensdg::read(root)?;
        let theme = theme::load(&loaded.portal)?;
        return Ok(Checked {
            portal: loaded.portal,
            theme,
            warnings: loaded.warnings,
        });
    }
    let mut problems = Problems::default();
    let Some(raw) = load::load(root, &mut problems) else {
        return Err(problems.into_sorted());
    };
    let portal = validate::validate(raw, &mut problems);
    let theme = theme::load(&portal).map_err(|p| problems.extend(p)).ok();
    match theme {
        Some(theme) if problems.is_empty() => Ok(Checked {
            portal,
            theme,
            warnings: problems.take_notes(),
        }),
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
    let mut stopwatch = Stopwatch::default();
    progress.set_message("checking");
    let Checked {
        mut portal,
        theme,
        warnings,
    } = stopwatch.time("load and validate", || check(root))?;
    if let Some(url) = &options.base_url {
        if let Err(why) = crate::model::check_web_url(url) {
            return Err(vec![Problem::new(
                "--base-url",
                crate::model::WEB_URL,
                format!("{} with {why}", crate::problem::quoted(url)),
            )]);
        }
        portal.config.set_base_url(url);
    }
    progress.set_message("computing");
    let mut computed = stopwatch.time("compute", || {
        compute(&portal).with_history(&portal, History::read(root))
    });
    let mut notes: Vec<String> = computed.history.warning().into_iter().collect();
    if portal.config.base_path() != "/" {
        notes.push(format!(
            "robots.txt is not written: the portal is published under {}, and crawlers read \
             robots.txt only at the root of the host; add the sitemap ({}) to the host's own",
            portal.config.base_path(),
            crate::export::catalog::absolute_url(
                &portal,
                &crate::render::urls::Downloads::sitemap()
            ),
        ));
    }
    let output = Output::stage(&options.out, options.force).map_err(|e| {
        vec![Problem::new(
            &options.out,
            "an output folder that chiso can write and replace",
            e.to_string(),
        )]
    })?;
    computed.releases = stopwatch.time("releases", || {
        releases::publish(&portal, &theme, &output, &options.cache)
    })?;
    let pages = write(
        &portal,
        &computed,
        &theme,
        &output,
        options,
        progress,
        &mut stopwatch,
    )
    .map_err(|problems| one_cause_for_a_full_disk(problems, &options.out))?;
    let (files, bytes) = (output.files(), output.bytes());
    stopwatch
        .time("swap output", || output.commit())
        .map_err(|e| {
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
        stages: stopwatch.0,
        warnings,
        notes,
    })
}

/// A full disk or a file-size limit makes every later write fail: one message naming the
/// output folder says it, instead of a line per file.
fn one_cause_for_a_full_disk(problems: Vec<Problem>, out: &Path) -> Vec<Problem> {
    const CAUSES: [(&str, &str); 3] = [
        ("No space left on device", "no space left on the device"),
        ("Disk quota exceeded", "the disk quota exceeded"),
        (
            "File too large",
            "a file larger than the file-size limit (ulimit -f)",
        ),
    ];
    let cause = CAUSES
        .iter()
        .find(|(error, _)| problems.iter().any(|p| p.found.contains(error)));
    let Some((error, words)) = cause else {
        return problems;
    };
    let failed = problems.iter().filter(|p| p.found.contains(error)).count();
    let mut rest: Vec<Problem> = problems
        .into_iter()
        .filter(|p| !p.found.contains(error))
        .collect();
    rest.push(Problem::new(
        out,
        "an output folder with room for the whole site (the previous output is kept as it was)",
        format!("{words}: {failed} files could not be written"),
    ));
    rest
}

fn write(
    portal: &Portal,
    computed: &Computed,
    theme: &Theme,
    output: &Output,
    options: &BuildOptions,
    progress: &ProgressBar,
    stopwatch: &mut Stopwatch,
) -> Result<usize, Vec<Problem>> {
    progress.set_message("exporting");
    // Each indicator's and dataset's files first: pages show their sizes. The files about the
    // whole portal and the chart images are written while pages render.
    let catalog = stopwatch.time("export downloads", || {
        export::export(portal, computed, theme, output, &options.cache)
    })?;
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
    let timed = |work: &dyn Fn() -> Result<(), Vec<Problem>>| {
        let started = Instant::now();
        (work(), started.elapsed().as_secs_f64())
    };
    let ((rendered, render_time), ((portal_files, portal_time), (chart_images, images_time))) =
        rayon::join(
            || timed(&|| renderer.render(&jobs, output, &tick)),
            || {
                rayon::join(
                    || {
                        timed(&|| {
                            export::write_portal_files(
                                portal, computed, theme, &catalog, &pages, output,
                            )
                        })
                    },
                    || timed(&|| export::chart_images::export(&renderer, output, &options.cache)),
                )
            },
        );
    stopwatch.0.push(("render pages", render_time));
    stopwatch.0.push(("portal catalogues", portal_time));
    stopwatch.0.push(("chart images", images_time));
    let mut problems = Vec::new();
    for result in [
        rendered,
        portal_files,
        chart_images,
        renderer.render_root_pages(output),
        renderer.write_review_workbooks(output),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_one_message_naming_the_output_folder() {
        let failed = |path: &str| {
            Problem::new(
                path,
                "a writable output folder",
                "an error: /srv/public/x: No space left on device (os error 28)",
            )
        };
        let problems = vec![
            failed("vi/index.html"),
            failed("en/index.html"),
            failed("data/indicators/a.csv"),
        ];
        let one = one_cause_for_a_full_disk(problems, Path::new("/srv/public"));
        assert_eq!(one.len(), 1);
        assert_eq!(
            one[0].to_string(),
            "/srv/public: expected an output folder with room for the whole site (the previous \
             output is kept as it was), found no space left on the device: 3 files could not be \
             written"
        );
    }
}
