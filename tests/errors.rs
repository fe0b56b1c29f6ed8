//! Every kind of mistake a data clerk can make gives a message that names the file, the line
//! (and column or field), what was expected and what was found; all of them at once.

mod common;

use common::Site;

/// The one problem the build reports.
fn only_problem(site: &Site) -> String {
    let problems = site.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

#[test]
fn a_malformed_csv_row() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.csv",
        "2020,86,,un,,",
        "2020,86,,un",
    );
    assert_eq!(
        only_problem(&site),
        r#"data/indicators/xep-hang.csv:3: expected 6 fields, as in the header, found 4 fields in "2020,86,,un""#
    );
}

#[test]
fn a_value_that_is_not_a_number() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71,",
        "2024,71 (provisional),",
    );
    assert_eq!(
        only_problem(&site),
        r#"data/indicators/xep-hang.csv:5:2: value: expected a number with . as decimal point, or a blank cell for no data, found "71 (provisional)""#
    );
}

#[test]
fn a_decimal_comma_is_not_a_number() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2021,42.5,",
        "2021,\"42,5\",",
    );
    let problem = only_problem(&site);
    assert!(problem.starts_with("data/indicators/dvc-truc-tuyen.csv:4:2: value: expected a number with . as decimal point"), "{problem}");
    assert!(problem.ends_with(r#"found "42,5""#), "{problem}");
}

#[test]
fn an_unknown_indicator_in_a_target() {
    let site = Site::fixture("demo");
    site.edit(
        "data/goals/G1.toml",
        r#"indicators = ["xep-hang"]"#,
        r#"indicators = ["xep-hang-egdi"]"#,
    );
    assert_eq!(
        only_problem(&site),
        r#"data/goals/G1.toml:20:15: indicators: expected the id of a indicator (a file in data/indicators/), such as "xep-hang", found "xep-hang-egdi""#
    );
}

#[test]
fn an_unknown_target_in_an_indicator() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/ho-so.toml",
        "unit = \"count\"",
        "unit = \"count\"\ntargets = [\"G1.z\"]",
    );
    let problem = only_problem(&site);
    assert!(
        problem.starts_with(
            "data/indicators/ho-so.toml:3:12: targets: expected the id of a target of a goal"
        ),
        "{problem}"
    );
    assert!(problem.ends_with(r#"found "G1.z""#), "{problem}");
}

#[test]
fn an_unknown_source_in_an_observation() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.csv",
        "2020,86,,un,,",
        "2020,86,,unesco,,",
    );
    assert_eq!(
        only_problem(&site),
        r#"data/indicators/xep-hang.csv:3:4: source: expected the id of a source of the indicator's metadata ([[sources]]), such as "un", found "unesco""#
    );
}

#[test]
fn a_duplicate_target_id_across_goal_files() {
    let site = Site::fixture("demo");
    site.edit("data/goals/G2.toml", r#"id = "G2.1""#, r#"id = "G1.a""#);
    assert_eq!(
        only_problem(&site),
        r#"data/goals/G2.toml:5:6: id: expected a unique id ("G1.a" is already defined at data/goals/G1.toml:6), found "G1.a" again"#
    );
}

#[test]
fn a_duplicate_task_id() {
    let site = Site::fixture("demo");
    site.edit("data/tasks.csv", "I-2,", "I-1,");
    assert_eq!(
        only_problem(&site),
        r#"data/tasks.csv:3:1: id: expected a unique id ("I-1" is already defined at data/tasks.csv:2), found "I-1" again"#
    );
}

#[test]
fn a_duplicate_observation() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71,,un,,",
        "2024,71,,un,,\n2024,72,,un,,",
    );
    assert_eq!(
        only_problem(&site),
        r#"data/indicators/xep-hang.csv:6: expected one row per period, dimensions and source (line 5 has the same), found period "2024" again"#
    );
}

#[test]
fn a_missing_required_field() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/ho-so.toml",
        "name = { vi = \"Số hồ sơ trực tuyến\", en = \"Online applications\" }\n",
        "",
    );
    assert_eq!(
        only_problem(&site),
        "data/indicators/ho-so.toml:1:1: name: expected the required field `name`, found no such field"
    );
}

#[test]
fn a_target_value_without_its_deadline() {
    let site = Site::fixture("demo");
    site.edit("data/goals/G1.toml", "deadline = \"2021\"\n", "");
    let problem = only_problem(&site);
    assert!(
        problem.starts_with(
            "data/goals/G1.toml:31:9: targets.deadline (of target G1.b): expected a deadline"
        ),
        "{problem}"
    );
}

#[test]
fn invalid_utf8() {
    let site = Site::fixture("demo");
    let mut bytes = std::fs::read(site.path("data/indicators/xep-hang.csv")).unwrap();
    let at = bytes.windows(4).position(|w| w == b"2022").unwrap();
    bytes.splice(at..at, [0xC0, 0xAF]);
    site.write("data/indicators/xep-hang.csv", bytes);
    assert_eq!(
        only_problem(&site),
        "data/indicators/xep-hang.csv:4:1: expected UTF-8 text (save the file as UTF-8), found the bytes 0xc0 0xaf 0x32 0x30"
    );
}

#[test]
fn invalid_utf8_in_a_dataset_is_found_while_streaming() {
    let site = Site::fixture("demo");
    let mut bytes = std::fs::read(site.path("data/tasks.csv")).unwrap();
    bytes.extend_from_slice(b"II-9,,,\xff\xfe,,bo-a,2021,,,,,,,strategy,\n");
    site.write("data/tasks.csv", bytes);
    let problems = site.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("data/tasks.csv:5") && p.contains("UTF-8")),
        "{problems:#?}"
    );
}

#[test]
fn an_unparseable_period() {
    let site = Site::fixture("demo");
    site.edit("data/indicators/xep-hang.csv", "2022,86,", "năm 2022,86,");
    assert_eq!(
        only_problem(&site),
        r#"data/indicators/xep-hang.csv:4:1: period: expected a period: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-YYYY or two of these joined by /, found "năm 2022""#
    );
}

#[test]
fn an_unparseable_deadline() {
    let site = Site::fixture("demo");
    site.edit(
        "data/goals/G1.toml",
        r#"deadline = "2021""#,
        r#"deadline = "end of 2021""#,
    );
    let problem = only_problem(&site);
    assert!(
        problem.starts_with("data/goals/G1.toml:34:12: deadline: expected a period"),
        "{problem}"
    );
}

#[test]
fn ids_that_could_escape_their_folder() {
    for (bad, shown) in [
        ("G1/a", "a path separator (/ or \\)"),
        ("G1\\\\a", "a path separator (/ or \\)"),
        ("..", "\"..\""),
    ] {
        let site = Site::fixture("demo");
        site.edit(
            "data/goals/G2.toml",
            r#"id = "G2.1""#,
            &format!(r#"id = "{bad}""#),
        );
        let problem = only_problem(&site);
        assert!(
            problem.starts_with(
                "data/goals/G2.toml:5:6: targets.id: expected an id of letters, digits"
            ),
            "{problem}"
        );
        assert!(problem.ends_with(&format!("with {shown}")), "{problem}");
    }
}

#[test]
fn file_names_that_are_not_ids() {
    let site = Site::fixture("demo");
    std::fs::rename(
        site.path("data/indicators/ho-so.toml"),
        site.path("data/indicators/ho..so.toml"),
    )
    .unwrap();
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p
            .starts_with("data/indicators/ho..so.toml: expected a file name of letters")
            && p.ends_with("with \"..\"")),
        "{problems:#?}"
    );
}

#[test]
fn a_dataset_path_that_leaves_data() {
    let site = Site::fixture("demo");
    site.edit(
        "data/datasets/nhiem-vu.toml",
        r#"file = "tasks.csv""#,
        r#"file = "../chiso.toml""#,
    );
    assert_eq!(
        only_problem(&site),
        r#"data/datasets/nhiem-vu.toml:3:8: file: expected a path inside data/, found "../chiso.toml" with "..", which leaves the folder"#
    );
}

#[test]
fn a_toml_syntax_error() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/ho-so.toml",
        r#"unit = "count""#,
        r#"unit = "count"#,
    );
    let problem = only_problem(&site);
    assert!(
        problem.starts_with("data/indicators/ho-so.toml:2:"),
        "{problem}"
    );
}

#[test]
fn every_problem_of_a_run_is_reported_together_in_file_order() {
    let site = Site::fixture("demo");
    site.edit("data/indicators/xep-hang.csv", "2022,86,", "2022,abc,");
    site.edit("data/indicators/xep-hang.csv", "2024,71,", "24,71,");
    site.edit(
        "data/goals/G1.toml",
        r#"indicators = ["xep-hang"]"#,
        r#"indicators = ["nope"]"#,
    );
    site.edit("data/tasks.csv", "bo-a;bo-b", "bo-a;bo-z");
    let problems = site.problems();
    let files: Vec<&str> = problems
        .iter()
        .map(|p| p.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "data/goals/G1.toml",
            "data/indicators/xep-hang.csv",
            "data/indicators/xep-hang.csv",
            "data/tasks.csv"
        ],
        "{problems:#?}"
    );
}

fn chiso(args: &[&str]) -> std::process::Output {
    common::chiso_command()
        .args(args)
        .output()
        .expect("chiso runs")
}

#[test]
fn check_and_build_exit_1_and_print_every_problem_leaving_the_output_alone() {
    let site = Site::fixture("demo");
    site.build();
    let before = site.output_files();
    site.edit("data/indicators/xep-hang.csv", "2022,86,", "2022,abc,");
    site.edit("data/tasks.csv", "bo-a;bo-b", "bo-a;bo-z");
    let root = site.root().to_str().unwrap();
    for command in ["check", "build"] {
        let output = chiso(&[command, root]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("error: data/indicators/xep-hang.csv:4:2: value: expected a number"),
            "{stderr}"
        );
        assert!(
            stderr
                .contains("error: data/tasks.csv:3:6: lead_agencies: expected the id of a agency"),
            "{stderr}"
        );
        assert!(stderr.contains("2 problems found"), "{stderr}");
    }
    assert_eq!(site.output_files(), before);
}

#[test]
fn a_folder_without_a_portal_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let output = chiso(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("chiso.toml: expected a portal folder with a site configuration (create one with `chiso new DIR`)"), "{stderr}");
}

#[test]
fn lines_are_right_in_files_saved_on_windows() {
    let site = Site::fixture("demo");
    let text = site
        .read_source("data/indicators/xep-hang.csv")
        .replace('\n', "\r\n")
        .replace("2022,86,", "2022,abc,");
    site.write("data/indicators/xep-hang.csv", text);
    let problem = only_problem(&site);
    assert!(
        problem.starts_with("data/indicators/xep-hang.csv:4:2: value:"),
        "{problem}"
    );
}
