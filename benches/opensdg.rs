//! Build time of a whole Open SDG data repository read as it is: the United States' (247
//! indicators), from `tests/fixtures/opensdg-usa`, copied into a temporary folder.
//!
//! `cargo bench --bench opensdg` prints the time to read the repository into the portal model
//! and the time of a whole build (read, check, compute, render, export, write), best and
//! median of several runs.

use chiso::build::{BuildOptions, build};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opensdg-usa");
    if !corpus.is_dir() {
        eprintln!("skipped: no Open SDG corpus at {}", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&corpus, dir.path());
    let root = dir.path();
    let options = BuildOptions {
        out: root.join("public"),
        base_url: None,
        live_reload: false,
        cache: chiso::cache::Cache::from_env(),
        ..Default::default()
    };

    let read = measure(|| {
        chiso::opensdg::read(root).expect("the corpus reads");
    });
    let mut pages = 0;
    let built = measure(|| {
        pages = build(root, &options, &|_| {})
            .expect("the corpus builds")
            .pages;
    });
    println!("Open SDG corpus opensdg-usa, {RUNS} runs each:");
    report("read into the portal model", &read);
    report(&format!("whole build ({pages} pages)"), &built);
}

fn measure(mut run: impl FnMut()) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(what: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {what}: best {:.1} ms, median {:.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2])
    );
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("a folder");
        } else {
            std::fs::copy(entry.path(), &dest).expect("a copy");
        }
    }
}
