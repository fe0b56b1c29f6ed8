//! How fast `chiso diff` compares large datasets, and how long reading the git history of
//! the bundled portal takes. Prints figures; run with `cargo bench --bench diff`
//! (`CHISO_BENCH_ROWS=5000000` for a larger file).

use chiso::diff::datasets::compare;
use chiso::history::History;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

fn main() {
    let rows: usize = std::env::var("CHISO_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (old, new) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
    // The new version: every 100th row changed, every 200th removed, and 1% new rows.
    write_csv(&old, rows, |i| Some(row(i, i as f64 * 0.5)));
    write_csv(&new, rows + rows / 100, |i| match i {
        i if i >= rows => Some(row(i, 1.0)),
        i if i % 200 == 7 => None,
        i if i % 100 == 3 => Some(row(i, i as f64 * 0.5 + 1.0)),
        i => Some(row(i, i as f64 * 0.5)),
    });
    let bytes = std::fs::metadata(&old).unwrap().len() + std::fs::metadata(&new).unwrap().len();

    let started = Instant::now();
    let changes = compare(&old, &new).unwrap().expect("the files differ");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "dataset diff: {rows} rows → {} rows ({:.1} MB read): {} added, {} removed, {} changed in {seconds:.2} s ({:.1} M rows/s, {:.0} MB/s)",
        changes.rows_after,
        bytes as f64 / 1e6,
        changes.added,
        changes.removed,
        changes.changed,
        (changes.rows_before + changes.rows_after) as f64 / seconds / 1e6,
        bytes as f64 / seconds / 1e6,
    );

    let started = Instant::now();
    std::fs::copy(&old, &new).unwrap();
    assert!(compare(&old, &new).unwrap().is_none());
    println!(
        "dataset diff of identical files: {:.3} s",
        started.elapsed().as_secs_f64()
    );

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(bundled) = chiso::source::check(repo) else {
        panic!("the bundled portal has problems: run `chiso check`");
    };
    let started = Instant::now();
    let history = History::read(repo, &bundled.portal);
    println!(
        "git history of the bundled portal: {} commits in {:.1} ms ({})",
        history.commits.len(),
        started.elapsed().as_secs_f64() * 1e3,
        history
            .unavailable
            .map_or_else(|| "read".to_string(), |why| why.to_string())
    );
}

fn row(i: usize, value: f64) -> String {
    let mut line = String::new();
    let _ = write!(
        line,
        "R{i:08},{},district-{},{value},text for row {i}",
        2000 + i % 25,
        i % 700
    );
    line
}

fn write_csv(path: &Path, rows: usize, row: impl Fn(usize) -> Option<String>) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "id,year,district,value,note").unwrap();
    for i in 0..rows {
        if let Some(line) = row(i) {
            writeln!(out, "{line}").unwrap();
        }
    }
}
