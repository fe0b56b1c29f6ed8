//! The `chiso` command line.

#[cfg(feature = "serve")]
mod serve;

use crate::build::{BuildOptions, BuildSummary, Progress, build};
use crate::failure::{Failure, Stopped};
use crate::problem::Problem;
use crate::source::check;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "chiso",
    version,
    about = "Build a static open-data portal of goals, targets, indicators, tasks and datasets from plain files."
)]
struct Cli {
    /// Print nothing but problems.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the portal into a folder of static files.
    Build {
        /// The portal folder (with chiso.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site; default DIR/public (DIR/_site for an Open SDG repository).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Publish under this URL instead of the configured base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even though chiso did not write it, deleting what it
        /// holds (chiso otherwise refuses a non-empty folder without its marker file).
        #[arg(long)]
        force: bool,
    },
    /// Check the portal's files and print every problem found; exit 1 if there is any.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build, serve on this machine, rebuild on every change and reload the open page.
    #[cfg(feature = "serve")]
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The address to listen on; 0.0.0.0 makes the preview reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Where to write the site; default DIR/public (DIR/_site for an Open SDG repository).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the output folder even though chiso did not write it.
        #[arg(long)]
        force: bool,
    },
    /// Show what changed in the data between two revisions: observations, metadata, targets
    /// and their statuses, datasets. Default: from where this branch left the default branch
    /// to the working tree.
    Diff {
        /// The revision to compare from (commit, tag or branch); default: the merge base of
        /// HEAD and the default branch.
        from: Option<String>,
        /// The revision to compare to; default: the working tree.
        to: Option<String>,
        /// The portal folder (with chiso.toml).
        #[arg(long, short = 'C', default_value = ".")]
        dir: PathBuf,
        /// Markdown (for a pull-request comment) or JSON.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Exit with 1 when anything changed (and 2 on errors), for CI.
        #[arg(long)]
        exit_code: bool,
    },
    /// Create a small portal in a new folder that builds as is.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write a portal of another format in chiso's own layout (build and serve read Open SDG
    /// repositories directly; import is for moving over).
    Import {
        /// The format of SRC.
        #[arg(value_enum)]
        format: ImportFormat,
        /// The repository to read.
        src: PathBuf,
        /// A new or empty folder for the portal.
        dest: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportFormat {
    /// An Open SDG data repository (config_data.yml, data/, meta/, indicator-config/).
    Opensdg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build {
            dir,
            out,
            base_url,
            timings,
            force,
        } => {
            let out = out.unwrap_or_else(|| default_output(&dir));
            let options = BuildOptions {
                out,
                base_url,
                force,
                cache: crate::cache::Cache::from_env(),
                ..BuildOptions::default()
            };
            build_command(&dir, &options, timings, quiet)
        }
        Command::Check { dir } => check_command(&dir, quiet),
        #[cfg(feature = "serve")]
        Command::Serve {
            dir,
            bind,
            port,
            out,
            force,
        } => {
            let out = out.unwrap_or_else(|| default_output(&dir));
            exit(serve::serve(&dir, &out, &bind, port, quiet, force).map_err(|f| f.to_string()))
        }
        Command::Diff {
            from,
            to,
            dir,
            format,
            exit_code,
        } => diff(&dir, from, to, format, exit_code),
        Command::New { dir } => {
            let created = crate::scaffold::create(&dir);
            if created.is_ok() && !quiet {
                eprintln!(
                    "Created a portal in {}. Build it with: chiso build {}",
                    dir.display(),
                    dir.display()
                );
            }
            exit(created)
        }
        Command::Import {
            format: ImportFormat::Opensdg,
            src,
            dest,
        } => import_command(&src, &dest, quiet),
    }
}

/// Where a portal is built when `--out` is not given: `public/`, or for an Open SDG data
/// repository `_site/`, where sdg-build writes, so that the repository's own tracked
/// `public/` (deploy workflows keep files there) is never the output.
fn default_output(dir: &Path) -> PathBuf {
    if crate::opensdg::detect(dir) {
        dir.join("_site")
    } else {
        dir.join("public")
    }
}

/// `chiso build`: the summary line (and each stage's time with `--timings`), or the problems.
fn build_command(dir: &Path, options: &BuildOptions, timings: bool, quiet: bool) -> ExitCode {
    let progress = progress_bar(quiet);
    let result = build(dir, options, &reporter(&progress));
    progress.finish_and_clear();
    match result {
        Ok(summary) => {
            warn(&summary.warnings);
            if !quiet {
                eprintln!("{}", summary_line(&summary, &options.out));
            }
            if timings {
                let width = summary.stages.iter().map(|(s, _)| s.len()).max();
                for (stage, seconds) in &summary.stages {
                    eprintln!(
                        "{stage:>width$}: {seconds:.3} s",
                        width = width.unwrap_or(0)
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(stopped) => report(
            &stopped,
            "the build stopped; the output folder was not changed",
        ),
    }
}

/// `chiso check`: what the portal holds, or its problems.
fn check_command(dir: &Path, quiet: bool) -> ExitCode {
    match check_with_links(dir) {
        Ok(checked) => {
            warn(&checked.warnings);
            if !quiet {
                let p = &checked.portal;
                let targets: usize = p.goals.iter().map(|g| g.targets.len()).sum();
                eprintln!(
                    "No problems: {} goals, {targets} targets, {} indicators, {} tasks, {} datasets; every internal link resolves.",
                    p.goals.len(),
                    p.indicators.len(),
                    p.tasks.len(),
                    p.datasets.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(stopped) => report(&stopped, "fix them and run chiso check again"),
    }
}

/// `chiso import opensdg SRC DEST`: what was imported, or the problems.
fn import_command(src: &Path, dest: &Path, quiet: bool) -> ExitCode {
    match crate::import::import(src, dest) {
        Ok(imported) => {
            warn(&imported.warnings);
            if !quiet {
                eprintln!("{}", crate::import::summary(&imported, dest));
            }
            ExitCode::SUCCESS
        }
        Err(problems) => report(&problems.into(), "nothing was written"),
    }
}

/// Success, or the error printed and a failure exit.
fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `chiso check`: the portal's sources checked, then built into a temporary folder so that
/// the link checker sees every page; nothing is published.
fn check_with_links(dir: &Path) -> Result<crate::source::Checked, Stopped> {
    let checked = check(dir)?;
    let scratch = tempfile::tempdir().map_err(|e| Failure::io(std::env::temp_dir(), e))?;
    let site = scratch.path().join("site");
    let options = BuildOptions {
        out: site.clone(),
        cache: crate::cache::Cache::from_env(),
        ..BuildOptions::default()
    };
    build(dir, &options, &|_| {}).map_err(|mut stopped| {
        // The scratch folder is gone when this returns: name pages by their place in the site.
        let in_site = |path: &mut PathBuf| {
            if let Ok(page) = path.strip_prefix(&site) {
                *path = Path::new("(the built site)").join(page);
            }
        };
        for problem in &mut stopped.problems {
            in_site(&mut problem.file);
        }
        for failure in &mut stopped.failures {
            if let Failure::Io { path, .. } = failure {
                in_site(path);
            }
        }
        stopped
    })?;
    Ok(checked)
}

/// Prints what a reader of another format built differently or left out.
pub fn warn(warnings: &[Problem]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// `chiso diff`: prints the changes on standard output.
fn diff(
    dir: &Path,
    from: Option<String>,
    to: Option<String>,
    format: DiffFormat,
    exit_code: bool,
) -> ExitCode {
    use crate::diff::{Revision, Version, between, default_base, markdown};
    let failed = |e: crate::diff::LoadError| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    };
    let (from, base_branch) = match from {
        Some(rev) => (Version::Revision(rev), None),
        None => match default_base(dir) {
            Ok((version, branch)) => (version, Some(branch)),
            Err(e) => return failed(e),
        },
    };
    let to = to.map_or(Version::WorkingTree, Version::Revision);
    let (old, new) = rayon::join(|| Revision::load(dir, &from), || Revision::load(dir, &to));
    let (mut old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return failed(e),
    };
    if let Some(branch) = base_branch {
        old.label = format!("{}, where this branch left {branch}", old.label);
    }
    let changes = between(&old, &new);
    match format {
        DiffFormat::Markdown => print!("{}", markdown::render(&changes)),
        DiffFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&changes).expect("changes serialize")
        ),
    }
    if exit_code && !changes.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every problem, then how many there were; exit code 1.
pub fn report(stopped: &Stopped, advice: &str) -> ExitCode {
    for problem in &stopped.problems {
        eprintln!("error: {problem}");
    }
    for failure in &stopped.failures {
        eprintln!("error: {failure}");
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (problems, failures) = (stopped.problems.len(), stopped.failures.len());
    if failures == 0 {
        eprintln!("{} found; {advice}.", plural(problems, "problem"));
    } else {
        eprintln!(
            "{} found, and {} of chiso itself (the output folder, a template, git), not of the portal's files; {advice}.",
            plural(problems, "problem"),
            plural(failures, "failure")
        );
    }
    ExitCode::FAILURE
}

/// A progress bar on a terminal; nothing when output is piped or with --quiet.
pub fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} pages")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}

/// Shows a build's progress reports on `bar`.
pub fn reporter(bar: &ProgressBar) -> impl Fn(Progress) + Sync + '_ {
    move |report| match report {
        Progress::Stage(name) => bar.set_message(name),
        Progress::Pages(pages) => bar.set_length(pages as u64),
        Progress::PageWritten => bar.inc(1),
    }
}

pub fn summary_line(summary: &BuildSummary, out: &Path) -> String {
    let bytes = crate::format::NumberFormat::machine().bytes(summary.bytes);
    let mut line = if summary.unchanged {
        format!(
            "Nothing changed since the last build: kept its {} pages, {} files, {bytes} in {} \
             ({:.2} s)",
            summary.pages,
            summary.files,
            out.display(),
            summary.seconds,
        )
    } else {
        let reused = match summary.pages_reused {
            0 => String::new(),
            n => format!(" ({n} pages unchanged, from the cache)"),
        };
        format!(
            "Built {} pages, {} files, {bytes} in {:.2} s into {}{reused}",
            summary.pages,
            summary.files,
            summary.seconds,
            out.display()
        )
    };
    for note in &summary.notes {
        line.push_str(&format!("\nnote: {note}"));
    }
    line
}
