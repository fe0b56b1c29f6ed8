//! The command line as people use it: help, new, build, check (serve: `tests/serve.rs`).

mod common;

use common::Site;
use std::process::Command;

fn chiso() -> Command {
    common::chiso_command()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = chiso().args(args).output().expect("chiso runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
#[cfg(feature = "serve")]
fn every_command_has_help() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for command in ["build", "check", "serve", "new"] {
        assert!(stdout.contains(command), "{stdout}");
    }
    for (command, options) in [
        ("build", &["[DIR]", "--out", "--base-url"][..]),
        ("check", &["[DIR]"][..]),
        (
            "serve",
            &["[DIR]", "--bind", "--port", "127.0.0.1", "8000"][..],
        ),
        ("new", &["<DIR>"][..]),
    ] {
        let (code, stdout, _) = run(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        for option in options {
            assert!(
                stdout.contains(option),
                "{command} --help lacks {option}: {stdout}"
            );
        }
    }
}

#[test]
fn new_then_build_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("cong");
    let portal = portal.to_str().unwrap();
    let (code, _, stderr) = run(&["new", portal]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(&["check", portal]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("No problems: 1 goals, 2 targets, 2 indicators, 3 tasks, 1 datasets; every internal link resolves."),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["build", portal]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    // Not a terminal: no progress bar, only the one-line summary.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("Built "), "{stderr}");
    assert!(
        stderr.contains(" pages, ") && stderr.contains(" files, ") && stderr.contains(" s into "),
        "{stderr}"
    );
    assert!(dir.path().join("cong/public/en/index.html").is_file());
}

#[test]
fn quiet_prints_nothing_and_new_refuses_a_folder_in_use() {
    let site = Site::scaffold();
    let root = site.root().to_str().unwrap();
    let (code, stdout, stderr) = run(&["build", root, "--quiet"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let (code, _, stderr) = run(&["new", root]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("already exists and is not empty"),
        "{stderr}"
    );
}

#[test]
fn build_defaults_to_the_current_folder_and_its_public_folder() {
    let site = Site::scaffold();
    let output = chiso()
        .arg("build")
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(site.path("public/vi/index.html").is_file());
}

#[test]
fn timings_list_every_stage() {
    let site = Site::scaffold();
    let (code, _, stderr) = run(&["build", site.root().to_str().unwrap(), "--timings"]);
    assert_eq!(code, 0);
    for stage in [
        "compare with last build",
        "load and validate",
        "compute",
        "render pages",
        "export downloads",
        "search, static files",
        "prune cache",
        "check links",
        "swap output",
    ] {
        assert!(stderr.contains(&format!("{stage}: ")), "{stderr}");
    }
    // The names are aligned on the colon.
    let colons: std::collections::BTreeSet<usize> = stderr
        .lines()
        .filter(|l| l.ends_with(" s") && l.contains(": "))
        .map(|l| l.find(": ").unwrap())
        .collect();
    assert_eq!(colons.len(), 1, "{stderr}");
}

#[test]
fn check_reports_a_broken_internal_link_by_its_place_in_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("cong");
    let portal = portal.to_str().unwrap();
    assert_eq!(run(&["new", portal]).0, 0);
    std::fs::create_dir_all(dir.path().join("cong/content/en")).unwrap();
    std::fs::write(
        dir.path().join("cong/content/en/about.md"),
        "+++\ntitle = \"About\"\n+++\nSee [the old page](/en/gone/).\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["check", portal]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "(the built site)/en/about/index.html: expected links that lead to a file of the site"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("found \"/en/gone/\" (no such file in the output)"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("cong/public").exists(),
        "check publishes nothing"
    );
}
