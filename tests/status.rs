//! Target statuses as readers see them: on target pages with the calculation in words, in the
//! status matrix year by year, beside declared statuses, and in the matrix downloads.

mod common;

use common::{Site, csv_rows, visible_text};

#[test]
fn the_target_page_shows_the_status_and_the_calculation() {
    let site = Site::fixture("demo");
    site.build();
    let en = visible_text(&site.page("en/targets/G1.a/index.html"));
    assert!(en.contains("Status ◆ At risk"), "{en}");
    assert!(
        en.contains("Baseline stated with the target: 30.86% (2020)."),
        "{en}"
    );
    assert!(en.contains("Latest value: 55.1% (2022)."), "{en}");
    assert!(
        en.contains("Needed +13.8 points a year, achieved +12.1 a year — ratio 0.88: At risk."),
        "{en}"
    );
    assert!(
        en.contains("At this pace the value would be 91.5% by 2025."),
        "{en}"
    );
    let vi = visible_text(&site.page("vi/targets/G1.a/index.html"));
    assert!(vi.contains("Cần tăng +13,8 điểm phần trăm mỗi năm, thực tế +12,1 mỗi năm — tỷ số 0,88: Có nguy cơ chậm."), "{vi}");
}

#[test]
fn the_target_chart_shows_the_required_and_projected_paths() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/targets/G1.a/index.html");
    assert!(
        html.contains(r#"<path class="path path-required""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<path class="path path-projected""#),
        "{html}"
    );
    let text = visible_text(&html);
    assert!(
        text.contains("Path required from the baseline to the target"),
        "{text}"
    );
    assert!(text.contains("Path projected at the latest pace"), "{text}");
}

#[test]
fn lower_is_better_targets_are_measured_downwards() {
    let site = Site::fixture("demo");
    site.build();
    let text = visible_text(&site.page("en/targets/G1.đ/index.html"));
    assert!(text.contains("at most 50 by 2025"), "{text}");
    assert!(
        text.contains("No baseline is stated, so the first observation is used: 88 (2018)."),
        "{text}"
    );
    assert!(
        text.contains("Needed -5.4 a year, achieved -2.8 a year — ratio 0.52: Off track."),
        "{text}"
    );
}

#[test]
fn a_final_verdict_after_the_deadline_and_a_declared_status_beside_it() {
    let site = Site::fixture("demo");
    site.build();
    let text = visible_text(&site.page("vi/targets/G1.b/index.html"));
    assert!(text.contains("Tình trạng ✘ Không đạt"), "{text}");
    assert!(text.contains("Giá trị cuối cùng trước thời hạn, 42,5% (2021), không đạt chỉ tiêu: tối thiểu 50%, hạn 2021."), "{text}");
    assert!(
        text.contains("Tình trạng tự đánh giá ✘ Không đạt (2022-03-31)"),
        "{text}"
    );
    assert!(text.contains("Căn cứ: Báo cáo tự đánh giá."), "{text}");
    assert!(
        !text.contains("khác với tình trạng tính từ số liệu"),
        "they agree: {text}"
    );
}

#[test]
fn a_declared_status_that_contradicts_the_data_is_pointed_out() {
    let site = Site::fixture("demo");
    site.edit(
        "data/goals/G1.toml",
        r#"declared = { status = "not-met""#,
        r#"declared = { status = "met""#,
    );
    site.build();
    let text = visible_text(&site.page("en/targets/G1.b/index.html"));
    assert!(text.contains("Declared status ✔ Met"), "{text}");
    assert!(
        text.contains("The declared status and the status computed from the data disagree."),
        "{text}"
    );
    let goal = visible_text(&site.page("en/goals/G1/index.html"));
    assert!(
        goal.contains("Declared and computed statuses disagree"),
        "{goal}"
    );
}

#[test]
fn a_qualitative_target_is_not_assessed_but_shows_its_declared_status() {
    let site = Site::fixture("demo");
    site.build();
    let text = visible_text(&site.page("en/targets/G2.1/index.html"));
    assert!(
        text.contains("Status – Not assessed (qualitative)"),
        "{text}"
    );
    assert!(
        text.contains("only a status declared by hand can assess it"),
        "{text}"
    );
    assert!(text.contains("Declared status ✔ Met (2025)"), "{text}");
}

#[test]
fn the_matrix_has_a_labelled_cell_per_target_and_year_with_its_numbers() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/status/matrix/index.html");
    // Years from the earliest baseline (2018, the rank's first observation) to the assessment
    // date (2024, the end of the latest observation): none after it.
    let header = html.split("<caption id=\"goal-G1\">").nth(1).unwrap();
    let years: String = header.split("</thead>").next().unwrap().to_string();
    for year in 2018..=2024 {
        assert!(
            years.contains(&format!("<th scope=\"col\">{year}</th>")),
            "{years}"
        );
    }
    assert!(!years.contains("<th scope=\"col\">2017</th>"));
    assert!(!years.contains("<th scope=\"col\">2025</th>"));
    // "Was G1.a on track in 2021?" — with only the data known by the end of 2021.
    assert!(html.contains(r#"aria-label="G1.a, 2021: At risk — latest 42.5% (2021), baseline 30.86% (2020), ratio 0.84""#), "{html}");
    assert!(
        html.contains(r#"aria-label="G1.a, 2019: No data""#),
        "before the baseline"
    );
    // A text label and a symbol in every cell, not colour alone.
    assert!(
        html.contains(r#"<td class="cell status-at-risk" aria-label="G1.a, 2022: At risk"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="cell-symbol" aria-hidden="true">◆</span> At risk</td>"#));
    // After the deadline the verdict, with the declared status from its date.
    assert!(html.contains(r#"aria-label="G1.b, 2022: Not met — latest 42.5% (2021), baseline 30.86% (2020); declared Not met""#), "{html}");
}

#[test]
fn the_matrix_summarises_counts_overall_and_per_goal() {
    let site = Site::fixture("demo");
    site.build();
    let text = visible_text(&site.page("en/status/matrix/index.html"));
    assert!(
        text.contains(
            "Summary ◆ At risk: 1 ▼ Off track: 1 ✘ Not met: 1 – Not assessed (qualitative): 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("G1 Online public services ◆ At risk: 1 ▼ Off track: 1 ✘ Not met: 1"),
        "{text}"
    );
}

#[test]
fn the_task_matrix_counts_agencies_by_status_and_links_to_the_filtered_lists() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/status/matrix/index.html");
    let text = visible_text(&html);
    assert!(text.contains("Ministry A 1 1 0"), "{text}");
    assert!(text.contains("Ministry B 0 1 1"), "{text}");
    assert!(
        html.contains(r#"<a href="/portal/en/tasks/agency/bo-b/in-progress/">1</a>"#),
        "{html}"
    );
}

#[test]
fn the_matrix_downloads_read_back() {
    let site = Site::fixture("demo");
    site.build();
    let rows = csv_rows(&site.page("data/status.csv"));
    let header = rows[0].clone();
    assert_eq!(
        header,
        [
            "target",
            "goal",
            "year",
            "status",
            "kind",
            "method",
            "indicator",
            "target_value",
            "comparison",
            "deadline",
            "baseline_period",
            "baseline_value",
            "latest_period",
            "latest_value",
            "required_rate",
            "achieved_rate",
            "ratio"
        ]
    );
    let get = |target: &str, year: &str, kind: &str| {
        rows.iter()
            .find(|r| r[0] == target && r[2] == year && r[4] == kind)
            .unwrap_or_else(|| panic!("{target} {year} {kind}"))
            .clone()
    };
    let row = get("G1.a", "2022", "computed");
    assert_eq!(
        &row[3..7],
        ["at-risk", "computed", "linear", "dvc-truc-tuyen"]
    );
    assert_eq!(
        &row[7..14],
        ["100", "at-least", "2025", "2020", "30.86", "2022", "55.1"]
    );
    let ratio: f64 = row[16].parse().unwrap();
    assert!((ratio - 0.876).abs() < 0.001, "{ratio}");
    assert_eq!(get("G1.b", "2023", "declared")[3], "not-met");
    assert_eq!(get("G2.1", "2024", "computed")[3], "not-assessed");
    // Every target has one computed row per year, 2018 to the assessment date (2024).
    let computed = rows.iter().filter(|r| r[4] == "computed").count();
    assert_eq!(computed, 4 * 7);

    // The JSON holds the same statuses, each target once with its years.
    let json: serde_json::Value = serde_json::from_str(&site.page("data/status.json")).unwrap();
    assert_eq!(json["assessed_as_of"], "2024-12-31");
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 4);
    let years: usize = targets
        .iter()
        .map(|t| t["years"].as_array().unwrap().len())
        .sum();
    assert_eq!(years, rows.len() - 1, "a year per row of the CSV");
    let target = targets.iter().find(|t| t["target"] == "G1.a").unwrap();
    assert_eq!(
        (
            &target["goal"],
            &target["target_value"],
            &target["comparison"],
            &target["deadline"]
        ),
        (
            &"G1".into(),
            &100.0.into(),
            &"at-least".into(),
            &"2025".into()
        )
    );
    let year = target["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2022 && y["kind"] == "computed")
        .unwrap();
    assert_eq!(year["status"], "at-risk");
    assert_eq!(year["indicator"], "dvc-truc-tuyen");
    assert_eq!(year["latest_value"], 55.1);
}

#[test]
fn the_methodology_page_exists_in_every_language_with_its_thresholds() {
    let site = Site::fixture("demo");
    site.build();
    let en = visible_text(&site.page("en/methodology/index.html"));
    assert!(
        en.contains("0.95 or more On track") && en.contains("0.6 to 0.95 At risk"),
        "{en}"
    );
    let vi = visible_text(&site.page("vi/methodology/index.html"));
    assert!(vi.contains("từ 0,95 trở lên Đúng tiến độ"), "{vi}");
    assert!(
        site.page("en/status/matrix/index.html")
            .contains(r#"href="/portal/en/methodology/""#)
    );
}

/// A target on `dvc-truc-tuyen` (50% by 2021) judged on every agency, with 2020 and 2021
/// figures for Ministry A and Ministry B.
fn every_agency_target(site: &Site, ministry_b_2021: &str) {
    site.edit(
        "data/goals/G1.toml",
        "deadline = \"2021\"\nsource = { document = \"report\", locator = \"Bảng 2\" }",
        "deadline = \"2021\"\nassess = { every = \"agency\" }\nsource = { document = \"report\", locator = \"Bảng 2\" }",
    );
    let rows =
        format!("2020,40,bo-a,,s2,,\n2021,60,bo-a,,s2,,\n2020,20,bo-b,,s2,,\n{ministry_b_2021}");
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2022,100,bo-a,,s2,,\n",
        &format!("2022,100,bo-a,,s2,,\n{rows}"),
    );
}

#[test]
fn a_target_judged_on_every_series_is_not_met_when_one_fails() {
    let site = Site::fixture("demo");
    every_agency_target(&site, "2021,45,bo-b,,s2,,\n");
    site.build();
    let en = visible_text(&site.page("en/targets/G1.b/index.html"));
    assert!(en.contains("Status ✘ Not met"), "{en}");
    assert!(
        en.contains("Judged on every agency: met only when each one is"),
        "{en}"
    );
    assert!(en.contains("Ministry A 60% (2021) ✔ Met"), "{en}");
    assert!(
        en.contains("Ministry B 45% (2021) ✘ Not met (decides the status)"),
        "{en}"
    );
}

#[test]
fn a_target_with_a_required_series_without_data_is_insufficient() {
    let site = Site::fixture("demo");
    every_agency_target(&site, "2021,55,bo-b,,s2,,\n");
    // A third agency the metadata declares, with no figure at all.
    site.edit(
        "data/indicators/dvc-truc-tuyen.toml",
        "[dimensions.agency.values]",
        "[dimensions.agency.values]\nbo-c = { vi = \"Bộ C\", en = \"Ministry C\" }",
    );
    site.build();
    let en = visible_text(&site.page("en/targets/G1.b/index.html"));
    assert!(en.contains("Status ? Insufficient data"), "{en}");
    assert!(
        en.contains("Ministry C no value ? Insufficient data (decides the status)"),
        "{en}"
    );
}

#[test]
fn without_a_total_every_series_is_judged_and_the_page_says_so() {
    let site = Site::fixture("demo");
    every_agency_target(&site, "2021,45,bo-b,,s2,,\n");
    site.edit(
        "data/goals/G1.toml",
        "assess = { every = \"agency\" }\n",
        "",
    );
    // No total rows: the indicator has only the agencies' series.
    let csv = site.read_source("data/indicators/dvc-truc-tuyen.csv");
    let kept: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("period") || l.contains(",bo-"))
        .collect();
    site.write("data/indicators/dvc-truc-tuyen.csv", kept.join("\n") + "\n");
    site.build();
    let en = visible_text(&site.page("en/targets/G1.b/index.html"));
    assert!(
        en.contains("The indicator has no total, so every series it has is judged"),
        "{en}"
    );
    assert!(en.contains("Status ✘ Not met"), "{en}");
}

#[test]
fn an_assess_naming_no_dimension_of_the_indicator_is_a_problem() {
    let site = Site::fixture("demo");
    site.edit(
        "data/goals/G1.toml",
        "deadline = \"2021\"\nsource = { document = \"report\", locator = \"Bảng 2\" }",
        "deadline = \"2021\"\nassess = { every = \"level\" }\nsource = { document = \"report\", locator = \"Bảng 2\" }",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p.starts_with("data/goals/G1.toml:")
            && p.contains(
                "expected a dimension column of indicator dvc-truc-tuyen (agency), found \"level\""
            )),
        "{problems:#?}"
    );
}

#[test]
fn no_status_is_given_for_a_year_after_the_assessment_date() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "\n[publisher]",
        "\n[status]\nas_of = \"2023-12-31\"\nfirst_year = 2020\n\n[publisher]",
    );
    site.edit("data/indicators/xep-hang.csv", "2024,71,,un,,\n", "");
    site.build();
    let rows = csv_rows(&site.page("data/status.csv"));
    let years: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        ["2020", "2021", "2022", "2023"],
        "from first_year to the assessment date, nothing later"
    );
    let json: serde_json::Value = serde_json::from_str(&site.page("data/status.json")).unwrap();
    assert_eq!(json["assessed_as_of"], "2023-12-31");
    assert!(
        json["targets"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["years"].as_array().unwrap())
            .all(|y| y["year"].as_i64().is_some_and(|y| y <= 2023)),
        "{json}"
    );
    let matrix = site.page("en/status/matrix/index.html");
    assert!(matrix.contains("G1.a, 2023:"), "the last year is there");
    assert!(!matrix.contains("G1.a, 2024:") && !matrix.contains("G1.a, 2025:"));
    assert!(
        !matrix.contains("G1.a, 2019:"),
        "the matrix starts at first_year"
    );
}

#[test]
fn the_overview_answers_which_targets_are_met_with_titles_values_and_filters() {
    let site = Site::fixture("demo");
    site.build();
    let en = visible_text(&site.page("en/status/index.html"));
    assert!(en.contains("Which targets are met?"), "{en}");
    assert!(
        en.contains("G1.a 100% of procedures provided online ◆ At risk Computed from the data with the published method. Latest value 55.1% (2022) Target value at least 100% by 2025"),
        "{en}"
    );
    assert!(
        en.contains("G1.b Meet the 2021 target ✘ Not met Computed from the data with the published method. Latest value 42.5% (2021) Target value at least 50% by 2021 Declared ✘ Not met (2022-03-31)"),
        "{en}"
    );
    // One page per status, reached without JavaScript, listing only those targets.
    let html = site.page("en/status/index.html");
    assert!(
        html.contains(r#"<a href="/portal/en/status/not-met/">"#),
        "{html}"
    );
    let not_met = visible_text(&site.page("en/status/not-met/index.html"));
    assert!(not_met.contains("Targets: Not met"), "{not_met}");
    assert!(not_met.contains("G1.b Meet the 2021 target"), "{not_met}");
    assert!(!not_met.contains("G1.a 100% of procedures"), "{not_met}");
    let vi = visible_text(&site.page("vi/status/index.html"));
    assert!(vi.contains("Chỉ tiêu nào đã đạt?"), "{vi}");
    // The matrix is its own page, the current status first, one link per target.
    let matrix = site.page("en/status/matrix/index.html");
    let row = &matrix[matrix.find(r#"<tr id="target-G1.a">"#).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert_eq!(row.matches("<a ").count(), 1, "{row}");
    let now = row.find(r#"class="now""#).unwrap();
    assert!(now < row.find(r#"class="cell"#).unwrap(), "{row}");
}

#[test]
fn every_status_says_it_is_computed_and_flags_derived_figures_it_rests_on() {
    let site = Site::fixture("demo");
    site.build();
    let rank = visible_text(&site.page("en/targets/G1.đ/index.html"));
    assert!(
        rank.contains(
            "Computed by this portal from the published figures, not declared by an authority."
        ),
        "{rank}"
    );
    // The rank's first figure, 88 in 2018, is derived from "up 2 places".
    assert!(
        rank.contains("This status rests on a derived figure, 88 (2018)"),
        "{rank}"
    );
    let goal = visible_text(&site.page("en/goals/G1/index.html"));
    assert!(
        goal.contains("Target Latest value Target value Status"),
        "{goal}"
    );
    assert!(
        goal.contains("55.1% (2022) at least 100% by 2025 ◆ At risk computed"),
        "{goal}"
    );
}

#[test]
fn the_reporting_status_overview_counts_indicators_by_goal_and_lists_them() {
    let site = Site::fixture("demo");
    site.build();
    let en = visible_text(&site.page("en/reporting/index.html"));
    assert!(en.contains("Reporting status"), "{en}");
    // G1 has the two indicators with data, and ho-so, declared in progress.
    assert!(en.contains("G1 Online public services 2 1 0"), "{en}");
    assert!(en.contains("In progress (1) Online applications"), "{en}");
    let html = site.page("en/reporting/index.html");
    assert!(
        html.contains(r##"<a href="#goal-G1-in-progress">1</a>"##),
        "{html}"
    );
    assert!(
        html.contains(r#"<h3 id="goal-G1-in-progress">In progress (1)</h3>"#),
        "{html}"
    );
    assert!(
        site.page("en/indicators/index.html")
            .contains("/portal/en/reporting/")
    );
}

#[test]
fn the_review_form_is_filled_from_the_data_as_a_page_and_a_workbook() {
    let site = Site::fixture("demo");
    site.edit(
        "data/goals/G1.toml",
        "order = 1\n",
        "order = 1\nreview_form = true\n",
    );
    site.build();
    let vi = visible_text(&site.page("vi/goals/G1/review/index.html"));
    assert!(
        vi.contains("STT Các mục tiêu cải cách Kết quả đạt được (nêu số liệu cụ thể nếu có) Đánh giá kết quả đạt được (Đạt/Không đạt)"),
        "{vi}"
    );
    // Each result cites its figure's source; each assessment says it is computed, or declared.
    assert!(
        vi.contains("1 G1.a 100% thủ tục được cung cấp trực tuyến 55,1% (2022; report, Bảng 1) Chưa đến hạn: Có nguy cơ chậm (do cổng tính)"),
        "{vi}"
    );
    assert!(
        vi.contains("Không đạt (do cổng tính); tự đánh giá Không đạt ngày 2022-03-31"),
        "{vi}"
    );
    assert!(
        site.page("en/goals/G1/index.html")
            .contains("/portal/en/goals/G1/review/"),
        "the goal page links its form"
    );
    let bytes = site.output_bytes("data/review/vi/G1.xlsx");
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("data").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "STT",
            "Các mục tiêu cải cách",
            "Kết quả đạt được (nêu số liệu cụ thể nếu có)",
            "Đánh giá kết quả đạt được (Đạt/Không đạt)"
        ]
    );
    assert_eq!(rows.len(), 4, "a row per target of G1: {rows:?}");
    assert_eq!(rows[1][2], "55,1% (2022; report, Bảng 1)");
    let csv = csv_rows(&site.page("data/review/en/G1.csv"));
    assert_eq!(csv[0][0], "No.");
    assert_eq!(csv.len(), 4);
}

#[test]
fn a_large_portal_has_a_matrix_page_per_goal_none_over_a_megabyte() {
    let site = Site::fixture("demo");
    // 30 goals of 10 targets each: past the 200 targets one page holds. (Qualitative
    // targets: no chart to draw for each, so the test stays quick.)
    for g in 0..30 {
        let mut goal = format!("title = \"Goal {g}\"\n");
        for t in 0..10 {
            goal.push_str(&format!(
                "\n[[targets]]\nid = \"X{g}.{t}\"\ntitle = \"Target {g}.{t}\"\ndeadline = \"2030\"\n"
            ));
        }
        site.write(&format!("data/goals/X{g}.toml"), goal);
    }
    site.build();
    let index = site.page("en/status/matrix/index.html");
    assert!(
        !index.contains(r#"<tr id="target-X3.4">"#),
        "the index has no rows"
    );
    assert!(
        index.contains(r#"href="/portal/en/status/matrix/goals/X3/""#),
        "it links each goal's page"
    );
    let goal = site.page("en/status/matrix/goals/X3/index.html");
    assert!(goal.contains(r#"<tr id="target-X3.4">"#), "{goal}");
    assert!(!goal.contains(r#"<tr id="target-X4.4">"#));
    assert!(
        site.page("en/targets/X3.4/index.html")
            .contains(r##"href="/portal/en/status/matrix/goals/X3/#target-X3.4""##)
    );
    for page in [
        "en/status/matrix/index.html",
        "en/status/matrix/goals/X3/index.html",
    ] {
        assert!(site.page(page).len() < 1 << 20, "{page} is under 1 MB");
    }
}
