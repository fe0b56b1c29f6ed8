//! What a security or data review of a government's CI checks: nothing outside the portal is
//! read, folders chiso did not write are left alone, no link runs a script, numbers and
//! periods are published as meant, and every mistake is named once, where it is.

mod common;

use common::{Site, csv_rows, visible_text};
use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;

fn chiso() -> Command {
    common::chiso_command()
}

/// A file outside the portal folder with something that must never be published.
fn secret(site: &Site) -> std::path::PathBuf {
    let outside = site.root().parent().unwrap().join(format!(
        "{}-secret.csv",
        site.root().file_name().unwrap().to_string_lossy()
    ));
    fs::write(&outside, "id,title\nTOKEN,ghp_secret_token\n").unwrap();
    outside
}

fn assert_refused_link(problems: &[String], file: &str) {
    let problem = problems
        .iter()
        .find(|p| p.starts_with(&format!("{file}: ")))
        .unwrap_or_else(|| panic!("no problem for {file}: {problems:#?}"));
    assert!(
        problem.contains("expected a file inside the portal folder")
            && problem.contains("outside the portal folder")
            && problem.contains("-secret.csv"),
        "{problem}"
    );
}

#[test]
fn a_dataset_linked_to_a_file_outside_the_portal_stops_the_build_naming_link_and_target() {
    let site = Site::fixture("demo");
    let outside = secret(&site);
    fs::remove_file(site.path("data/tasks.csv")).unwrap();
    symlink(&outside, site.path("data/tasks.csv")).unwrap();
    let problems = site.problems();
    assert_refused_link(&problems, "data/tasks.csv");
    assert!(
        problems.iter().all(|p| !p.contains("ghp_secret_token")),
        "{problems:#?}"
    );
    assert!(!site.out().exists(), "nothing was published");
    let _ = fs::remove_file(outside);
}

#[test]
fn indicator_csvs_and_content_linked_outside_are_refused_not_skipped() {
    let site = Site::fixture("demo");
    let outside = secret(&site);
    fs::remove_file(site.path("data/indicators/xep-hang.csv")).unwrap();
    symlink(&outside, site.path("data/indicators/xep-hang.csv")).unwrap();
    symlink(&outside, site.path("content/vi/bi-mat.md")).unwrap();
    let problems = site.problems();
    assert_refused_link(&problems, "data/indicators/xep-hang.csv");
    assert_refused_link(&problems, "content/vi/bi-mat.md");
    let _ = fs::remove_file(outside);
}

#[test]
fn a_folder_linked_outside_is_refused_too() {
    let site = Site::fixture("demo");
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("leak.md"), "# Leak\n").unwrap();
    symlink(elsewhere.path(), site.path("content/en/linked")).unwrap();
    let problems = site.problems();
    let problem = problems
        .iter()
        .find(|p| p.starts_with("content/en/linked/leak.md: "))
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert!(
        problem.contains("a link content/en/linked to "),
        "{problem}"
    );
}

#[test]
fn links_inside_the_portal_are_followed_for_every_kind_of_file() {
    let site = Site::fixture("demo");
    fs::rename(
        site.path("data/indicators/xep-hang.csv"),
        site.path("data/xep-hang-shared.csv"),
    )
    .unwrap();
    symlink(
        "../xep-hang-shared.csv",
        site.path("data/indicators/xep-hang.csv"),
    )
    .unwrap();
    site.build();
    let rows = csv_rows(&site.page("data/indicators/xep-hang.csv"));
    assert!(
        rows.iter().any(|r| r[1] == "2024" && r[2] == "71"),
        "{rows:?}"
    );
}

#[test]
fn a_broken_link_is_a_problem_not_a_missing_file() {
    let site = Site::fixture("demo");
    symlink("nowhere.csv", site.path("data/indicators/ho-so.csv")).unwrap();
    let problems = site.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("data/indicators/ho-so.csv: ")
                && p.contains("which does not exist")),
        "{problems:#?}"
    );
}

#[test]
fn build_refuses_a_folder_it_did_not_write_and_force_replaces_it() {
    let site = Site::fixture("demo");
    let documents = tempfile::tempdir().unwrap();
    fs::write(documents.path().join("thesis.docx"), "years of work").unwrap();
    let out = documents.path().to_str().unwrap();
    let refused = chiso()
        .args(["build", site.root().to_str().unwrap(), "--out", out])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(out) && stderr.contains("did not write") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(documents.path().join("thesis.docx").exists());

    let forced = chiso()
        .args([
            "build",
            "--quiet",
            site.root().to_str().unwrap(),
            "--out",
            out,
            "--force",
        ])
        .output()
        .unwrap();
    assert!(forced.status.success(), "{forced:?}");
    assert!(!documents.path().join("thesis.docx").exists());
    assert!(documents.path().join(".chiso-output").is_file());
    assert!(documents.path().join("vi/index.html").is_file());
}

#[test]
fn script_urls_are_refused_where_they_are_written() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "url = \"https://example.org/\"",
        "url = \"javascript:alert(document.cookie)\"",
    );
    site.edit(
        "data/sources.toml",
        "id = \"strategy\"",
        "id = \"strategy\"\nurl = \"JavaScript:alert(1)\"",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.starts_with("chiso.toml:8:7: publisher.url: expected an http:// or https:// URL, found \"javascript:alert(document.cookie)\" with another scheme")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("data/sources.toml:")
            && p.contains(
                ": url: expected an http:// or https:// URL, found \"JavaScript:alert(1)\""
            )),
        "{problems:#?}"
    );
}

#[test]
fn the_licence_url_is_reported_at_its_own_line_and_column() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "url = \"https://creativecommons.org/licenses/by/4.0/\"",
        "url = \"data:text/html,hi\"",
    );
    let problems = site.problems();
    assert!(
        problems[0].starts_with("chiso.toml:13:7: license.url: "),
        "{problems:#?}"
    );
}

#[test]
fn a_script_base_url_is_refused() {
    let site = Site::fixture("demo");
    let options = chiso::build::BuildOptions {
        out: site.out(),
        base_url: Some("javascript:alert(1)//".into()),
        ..Default::default()
    };
    let stopped = chiso::build::build(site.root(), &options, &|_| {}).unwrap_err();
    assert_eq!(
        stopped.problems[0].to_string(),
        "--base-url: expected an http:// or https:// URL, found \"javascript:alert(1)//\" with another scheme than http or https"
    );
}

#[test]
fn every_page_carries_a_strict_content_security_policy() {
    let site = Site::fixture("demo");
    site.build();
    for page in [
        "vi/index.html",
        "en/indicators/dvc-truc-tuyen/index.html",
        "en/embed/indicators/dvc-truc-tuyen/index.html",
        "404.html",
    ] {
        let html = site.page(page);
        let csp = html
            .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{page} has no policy"));
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
        ] {
            assert!(csp.contains(directive), "{page}: {csp}");
        }
        assert!(!csp.contains("unsafe"), "{page}: {csp}");
        assert!(!html.contains(" style=\""), "{page} has an inline style");
    }
}

#[test]
fn markdown_links_with_other_schemes_are_dropped_leaving_valid_html() {
    let site = Site::fixture("demo");
    site.write(
        "content/en/links.md",
        "+++\ntitle = \"Links\"\n+++\n[click](javascript:alert(1)) [web](https://example.org/)\n",
    );
    site.build();
    let html = site.page("en/links/index.html");
    assert!(html.contains("<a>click</a>"), "{html}");
    assert!(html.contains(r#"<a href="https://example.org/">web</a>"#));
    assert!(!html.contains("javascript:"));
}

#[test]
fn numbers_are_published_as_written_in_every_format() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2021,42.5,",
        "2021,4.25E1,",
    );
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2022,55.1,",
        "2022,55.10,",
    );
    site.build();
    let rows = csv_rows(&site.page("data/indicators/dvc-truc-tuyen.csv"));
    let value = |period: &str| {
        rows.iter()
            .find(|r| r[1] == period && r[3].is_empty())
            .map(|r| r[2].clone())
    };
    assert_eq!(value("2021").as_deref(), Some("42.5"));
    assert_eq!(
        value("2022").as_deref(),
        Some("55.10"),
        "trailing zeros kept"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.page("data/indicators/dvc-truc-tuyen.json")).unwrap();
    assert!(json.to_string().contains("42.5"));
    let page = visible_text(&site.page("vi/indicators/dvc-truc-tuyen/index.html"));
    assert!(page.contains("42,5") && page.contains("55,10"), "{page}");
}

#[test]
fn a_number_that_cannot_be_kept_exactly_is_a_problem() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71,",
        "2024,12345678901234567890,",
    );
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "data/indicators/xep-hang.csv:5:2: value: expected a number of at most 15 digits"
        ),
        "{}",
        problems[0]
    );
}

#[test]
fn years_nobody_meant_are_refused() {
    let site = Site::fixture("demo");
    site.edit("data/indicators/xep-hang.csv", "2024,71,", "0000,71,");
    let problems = site.problems();
    assert!(
        problems[0].starts_with(
            "data/indicators/xep-hang.csv:5:1: period: expected a period from 1900 on"
        ),
        "{problems:#?}"
    );
}

#[test]
fn a_year_after_the_assessment_date_names_where_the_date_is_set() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "\n[publisher]",
        "\n[status]\nas_of = \"2025-12-31\"\n\n[publisher]",
    );
    site.edit("data/indicators/xep-hang.csv", "2024,71,", "2052,71,");
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("data/indicators/xep-hang.csv:5:1: period: expected a period that ended by the assessment date 2025-12-31 set in chiso.toml:7"),
        "{}",
        problems[0]
    );
    // An indicator that publishes projections says so.
    site.edit(
        "data/indicators/xep-hang.toml",
        "unit = ",
        "years = { to = 2060 }\nunit = ",
    );
    site.build();
}

#[test]
fn targets_that_cannot_be_met_as_written_are_refused() {
    let site = Site::fixture("demo");
    site.edit("data/goals/G1.toml", "value = 100\n", "value = 1000\n");
    site.edit(
        "data/goals/G1.toml",
        "deadline = \"2025\"\nbaseline",
        "deadline = \"2019\"\nbaseline",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.starts_with("data/goals/G1.toml:")
            && p.contains("expected a target value from 0 to 100, the range of its unit")
            && p.ends_with("found 1000")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains(
            "expected a deadline after the baseline period 2020, found the deadline 2019"
        )),
        "{problems:#?}"
    );
}

#[test]
fn a_language_key_the_portal_does_not_publish_is_named_with_the_nearest() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.toml",
        "name = { vi = ",
        "name = { vn = ",
    );
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "note_vi,note_en",
        "note_vi,note_fr",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.starts_with("data/indicators/xep-hang.toml:1:10: vn: expected a language the portal publishes (vi, en; set in chiso.toml): did you mean \"vi\"?, found the language key \"vn\"")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("data/indicators/dvc-truc-tuyen.csv:1:7: expected note_<language> for a language the portal publishes (vi, en), found the column \"note_fr\"")),
        "{problems:#?}"
    );
}

#[test]
fn a_portal_language_that_is_no_language_says_so_once() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "languages = [\"vi\", \"en\"]",
        "languages = [\"vn\", \"en\"]",
    );
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("chiso.toml:3:14: languages: expected an ISO 639 language code such as \"vi\" or \"en\" (\"vn\" is no language; did you mean \"vi\"?)"),
        "{}",
        problems[0]
    );
}

#[test]
fn lock_files_of_spreadsheets_are_passed_over_with_a_note() {
    let site = Site::fixture("demo");
    site.write("data/indicators/~$xep-hang.csv", "locked");
    let summary = site.build();
    assert!(
        summary.warnings.iter().any(|w| w
            .to_string()
            .starts_with("data/indicators/~$xep-hang.csv: ")
            && w.to_string().contains("lock or backup file")),
        "{:?}",
        summary.warnings
    );
}

#[test]
fn control_characters_in_messages_are_escaped() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71,",
        "2024,7\u{1b}[2J1,",
    );
    let problems = site.problems();
    assert!(
        problems[0].ends_with(r#"found "7\u{1b}[2J1""#),
        "{}",
        problems[0]
    );
}

#[test]
#[cfg(feature = "png")]
fn the_bundled_font_draws_every_chart_without_installed_fonts() {
    let fonts = chiso::chart::png::Fonts::bundled();
    assert_eq!(fonts.chart_face().as_deref(), Some("DejaVu Sans"));
    assert!(
        fonts
            .missing_glyphs("Dịch vụ công trực tuyến mức độ 4 — ỹ ữ ặ")
            .is_empty()
    );
    let licence = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/chart/fonts/LICENSE");
    assert!(
        fs::read_to_string(licence)
            .unwrap()
            .contains("Bitstream Vera")
    );
}
