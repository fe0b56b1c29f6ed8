//! Build-time benchmark: the bundled portal, and a generated portal of 1,000 indicators ×
//! 20 periods × 5 dimension values. Prints the median of several builds of each.
//!
//! Run with `cargo bench --bench build`. Aim (2-core machine, release build): bundled portal
//! under 0.5 s, 1,000 indicators under 2 s. To profile a build of the generated portal, write
//! it to a folder with `cargo bench --bench build -- --generate DIR [INDICATORS]` (1,000 by
//! default) and build that; `benches/scale.sh` does so at several sizes.

use chiso::build::{BuildOptions, build};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Instant;

const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--generate") {
        let dir = args.get(at + 1).expect("--generate DIR [INDICATORS]");
        let indicators = args
            .get(at + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000);
        generate(Path::new(dir), indicators, 20, 5);
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = tempfile::tempdir().expect("temp dir");
    fs::copy(repo.join("chiso.toml"), bundled.path().join("chiso.toml")).expect("copy config");
    for folder in ["data", "content"] {
        copy_dir(&repo.join(folder), &bundled.path().join(folder));
    }
    report("bundled portal", bundled.path());

    let generated = tempfile::tempdir().expect("temp dir");
    generate(generated.path(), 1000, 20, 5);
    report(
        "1,000 indicators × 20 periods × 5 dimension values",
        generated.path(),
    );
}

fn report(name: &str, root: &Path) {
    let out = root.join("public");
    let options = BuildOptions {
        out,
        base_url: None,
        live_reload: false,
        cache: chiso::cache::Cache::from_env(),
        ..Default::default()
    };
    let mut seconds = Vec::new();
    let mut pages = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let summary = build(root, &options, &|_| {}).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        seconds.push(started.elapsed().as_secs_f64());
        pages = summary.pages;
    }
    seconds.sort_by(f64::total_cmp);
    println!(
        "{name}: {pages} pages, median {:.3} s (min {:.3} s, max {:.3} s, {RUNS} builds)",
        seconds[RUNS / 2],
        seconds[0],
        seconds[RUNS - 1]
    );
}

/// Writes a portal with `indicators` indicators, each with `periods` years of data for a total
/// and `values - 1` areas, grouped in goals of ten targets.
fn generate(root: &Path, indicators: usize, periods: usize, values: usize) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "chiso.toml",
        r#"title = { vi = "Cổng thử tải", en = "Load test portal" }
languages = ["vi", "en"]
base_url = "https://example.org/"
publisher = { name = "Bench", email = "bench@example.org" }
license = { name = "CC BY 4.0", url = "https://creativecommons.org/licenses/by/4.0/" }
"#,
    );
    write(
        "data/units.toml",
        "[percent]\nlabel = { vi = \"phần trăm\", en = \"percent\" }\nsymbol = \"%\"\nprogress = \"linear\"\n",
    );
    write(
        "data/sources.toml",
        "[[document]]\nid = \"survey\"\ntitle = { vi = \"Điều tra\", en = \"Survey\" }\n",
    );
    let goals = indicators.div_ceil(10);
    for g in 0..goals {
        let mut goal =
            format!("title = {{ vi = \"Mục tiêu {g}\", en = \"Goal {g}\" }}\norder = {g}\n");
        for i in (g * 10)..((g + 1) * 10).min(indicators) {
            write!(
                goal,
                "\n[[targets]]\nid = \"T{i}\"\ntitle = {{ vi = \"Chỉ tiêu {i}\", en = \"Target {i}\" }}\nindicators = [\"ind-{i}\"]\nvalue = 90\ncomparison = \"at-least\"\nunit = \"percent\"\ndeadline = \"2030\"\n"
            )
            .unwrap();
        }
        write(&format!("data/goals/G{g}.toml"), &goal);
    }
    for i in 0..indicators {
        let mut meta = format!(
            "name = {{ vi = \"Chỉ số {i}\", en = \"Indicator {i}\" }}\nunit = \"percent\"\n\n[[sources]]\nid = \"s1\"\ndocument = \"survey\"\nlocator = \"Table {i}\"\n\n[dimensions.area]\nlabel = {{ vi = \"Vùng\", en = \"Area\" }}\n"
        );
        meta.push_str("[dimensions.area.values]\n");
        for v in 1..values {
            writeln!(meta, "a{v} = {{ vi = \"Vùng {v}\", en = \"Area {v}\" }}").unwrap();
        }
        write(&format!("data/indicators/ind-{i}.toml"), &meta);
        let mut csv = String::from("period,value,area,source,note_en\n");
        for p in 0..periods {
            for v in 0..values {
                let area = if v == 0 {
                    String::new()
                } else {
                    format!("a{v}")
                };
                let value = 20.0 + (p as f64) * 2.5 + (v as f64) * 1.25 + (i % 7) as f64;
                let note = if p % 10 == 0 { "Provisional" } else { "" };
                writeln!(csv, "{},{value:.2},{area},s1,{note}", 2005 + p).unwrap();
            }
        }
        write(&format!("data/indicators/ind-{i}.csv"), &csv);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
