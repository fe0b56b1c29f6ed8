//! Building fixture portals and checking what readers get: pages in every language,
//! language switching, breadcrumbs, tables, footnotes, citations and downloads.

mod common;

use common::{Site, csv_rows, visible_text};
use std::io::Read;
use std::path::Path;

#[test]
fn every_page_exists_in_every_language() {
    let site = Site::fixture("demo");
    site.build();
    for lang in ["vi", "en"] {
        for page in [
            "index.html",
            "goals/G1/index.html",
            "goals/G2/index.html",
            "targets/G1.a/index.html",
            "targets/G1.đ/index.html",
            "indicators/index.html",
            "indicators/dvc-truc-tuyen/index.html",
            "indicators/ho-so/index.html",
            "tasks/index.html",
            "datasets/index.html",
            "datasets/nhiem-vu/index.html",
            "status/index.html",
            "status/matrix/index.html",
            "status/at-risk/index.html",
            "methodology/index.html",
            "about/index.html",
        ] {
            let html = site.page(&format!("{lang}/{page}"));
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{lang}/{page}"
            );
        }
    }
    assert!(site.page("404.html").contains("Không tìm thấy trang"));
    assert!(
        site.page("index.html").contains("url=/portal/vi/"),
        "the root page sends readers to the default language"
    );
}

#[test]
fn the_language_switcher_leads_to_the_same_page() {
    let site = Site::fixture("demo");
    site.build();
    let vi = site.page("vi/targets/G1.đ/index.html");
    assert!(
        vi.contains(
            r#"<a href="/portal/en/targets/G1.%C4%91/" hreflang="en" lang="en">English</a>"#
        ),
        "{vi}"
    );
    let en = site.page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(en.contains(
        r#"<a href="/portal/vi/indicators/dvc-truc-tuyen/" hreflang="vi" lang="vi">Tiếng Việt</a>"#
    ));
    assert!(en.contains(r#"<link rel="alternate" hreflang="vi" href="https://data.example.org/portal/vi/indicators/dvc-truc-tuyen/">"#));
}

#[test]
fn numbers_follow_the_page_language() {
    let site = Site::fixture("demo");
    site.build();
    let vi = visible_text(&site.page("vi/indicators/dvc-truc-tuyen/index.html"));
    let en = visible_text(&site.page("en/indicators/dvc-truc-tuyen/index.html"));
    assert!(vi.contains("2020 Tổng 30,86"), "{vi}");
    assert!(en.contains("2020 Total 30.86"), "{en}");
    assert!(vi.contains("61,25") && en.contains("61.25"));
}

#[test]
fn the_indicator_page_shows_table_footnotes_sources_targets_and_downloads() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/indicators/dvc-truc-tuyen/index.html");
    let text = visible_text(&html);
    // Every dimension value, the kind of figure, and gaps.
    assert!(text.contains("2022 Ministry A 100"), "{text}");
    assert!(
        html.contains(r##"<td>30<sup><a href="#note-2" aria-label="Note 2">2</a></sup></td>"##),
        "{html}"
    );
    assert!(text.contains("more than [2]"), "{text}");
    assert!(text.contains("2023 Total no data"), "{text}");
    // Footnotes numbered once per distinct note, in table order.
    for (n, note) in [
        (1, "To the end of 2020"),
        (2, "'more than 30%'"),
        (3, "Estimate"),
        (4, "Not yet available"),
    ] {
        assert!(
            html.contains(&format!(
                r#"<li id="note-{n}" value="{n}">{}</li>"#,
                note.replace('\'', "&#39;")
            )),
            "note {n}"
        );
    }
    assert!(
        html.contains(r##"61.25<sup><a href="#note-3""##),
        "a note shared by two rows keeps one number"
    );
    // Sources cite the document and the place in it.
    assert!(
        text.contains("Test strategy (942/QĐ-TTg), Ministry of Tests, 2021-06-15 — Phần 3 - II.2"),
        "{text}"
    );
    assert!(text.contains("The document is undated."), "{text}");
    // The target it measures, with its status, and targets stated for the indicator alone.
    assert!(
        text.contains("G1.a 100% of procedures provided online — at least 100% by 2025"),
        "{text}"
    );
    assert!(
        text.contains("at least 100% by 2030 [2] — Orientation to 2030."),
        "{text}"
    );
    // Downloads with stable URLs.
    assert!(html.contains(r#"href="/portal/data/indicators/dvc-truc-tuyen.csv""#));
    assert!(html.contains(r#"href="/portal/data/indicators/dvc-truc-tuyen.json""#));
    // Previous and next indicator, breadcrumbs.
    assert!(
        html.contains(r#"rel="next" href="/portal/en/indicators/ho-so/""#)
            && !html.contains(r#"rel="prev""#)
    );
    let middle = site.page("en/indicators/ho-so/index.html");
    assert!(middle.contains(r#"rel="prev" href="/portal/en/indicators/dvc-truc-tuyen/""#));
    assert!(middle.contains(r#"rel="next" href="/portal/en/indicators/xep-hang/""#));
    assert!(
        text.contains("Home Indicators Share of level-4 online public services"),
        "{text}"
    );
}

#[test]
fn the_headline_is_the_exact_total_and_the_chart_is_accessible() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("vi/indicators/dvc-truc-tuyen/index.html");
    assert!(html.contains(r#"role="img""#));
    assert!(html.contains(
        "<title id=\"chart-dvc-truc-tuyen-title\">Tỷ lệ dịch vụ công trực tuyến mức độ 4</title>"
    ));
    // 30.86 (exact) wins over "more than 30" for 2020.
    assert!(
        html.contains("tăng từ 30,86% (2020) lên 55,1% (2022)"),
        "{html}"
    );
    assert!(html.contains("Chỉ tiêu 100%, hạn 2025"));
}

#[test]
fn text_missing_in_a_language_falls_back_and_is_marked() {
    let site = Site::fixture("demo");
    site.build();
    // The home introduction exists only in Vietnamese.
    let en = site.page("en/index.html");
    assert!(en.contains(r#"<div class="prose" lang="vi">"#), "{en}");
    assert!(en.contains("<strong>kiểm thử</strong>"));
    // The publisher of the report is language-neutral text.
    assert!(
        visible_text(&site.page("en/indicators/xep-hang/index.html"))
            .contains("Report 2022, Bộ Thử nghiệm, 2023 — Mục 1")
    );
}

#[test]
fn markdown_is_sanitised() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("vi/indicators/dvc-truc-tuyen/index.html");
    assert!(html.contains("Đây là phần thuyết minh."));
    assert!(
        !html.contains("alert"),
        "scripts and javascript: links are removed"
    );
    assert!(!html.contains("onclick"));
}

#[test]
fn an_indicator_without_data_says_so() {
    let site = Site::fixture("demo");
    site.build();
    assert!(
        visible_text(&site.page("en/indicators/ho-so/index.html"))
            .contains("There is no data for this indicator yet.")
    );
    assert!(visible_text(&site.page("vi/indicators/ho-so/index.html")).contains("Đang cập nhật"));
}

#[test]
fn the_csv_download_is_tidy_and_the_same_in_every_language() {
    let site = Site::fixture("demo");
    site.build();
    let text = site.page("data/indicators/dvc-truc-tuyen.csv");
    assert!(
        !text.starts_with('\u{feff}'),
        "no byte-order mark by default"
    );
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let rows = csv_rows(&text);
    assert_eq!(
        rows[0],
        [
            "indicator",
            "period",
            "value",
            "agency",
            "unit",
            "status",
            "source_document",
            "source_locator",
            "note_vi",
            "note_en"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "dvc-truc-tuyen",
            "2020",
            "30.86",
            "",
            "percent",
            "",
            "strategy",
            "Phần 3 - II.2",
            "Đến hết năm 2020",
            "To the end of 2020"
        ]
    );
    assert!(
        rows.iter()
            .any(|r| r[1] == "2022" && r[2] == "100" && r[3] == "bo-a")
    );
    assert!(
        rows.iter().any(|r| r[1] == "2023" && r[2].is_empty()),
        "gaps are kept as blank values"
    );
    assert_eq!(rows.len(), 1 + 7);
}

#[test]
fn the_json_download_holds_metadata_and_observations() {
    let site = Site::fixture("demo");
    site.build();
    let json: serde_json::Value =
        serde_json::from_str(&site.page("data/indicators/dvc-truc-tuyen.json")).unwrap();
    assert_eq!(json["id"], "dvc-truc-tuyen");
    assert_eq!(
        json["name"]["en"],
        "Share of level-4 online public services"
    );
    assert_eq!(json["unit"]["symbol"], "%");
    assert_eq!(json["sources"][0]["locator"], "Phần 3 - II.2");
    assert_eq!(json["targets"][0]["id"], "G1.a");
    assert_eq!(json["observations"][0]["value"], 30.86);
    assert_eq!(json["observations"][0]["period"], "2020");
    let bo_a = json["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["dimensions"]["agency"] == "bo-a")
        .unwrap();
    assert_eq!(bo_a["value"], 100);
}

#[test]
fn the_zip_holds_every_indicator_and_a_readme_with_citation_and_licence() {
    let site = Site::fixture("demo");
    site.build();
    let bytes = site.output_bytes("data/indicators.zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    for id in ["dvc-truc-tuyen", "ho-so", "xep-hang"] {
        assert!(names.contains(&format!("indicators/{id}.csv")), "{names:?}");
        assert!(
            names.contains(&format!("indicators/{id}.json")),
            "{names:?}"
        );
    }
    let mut readme = String::new();
    archive
        .by_name("README.md")
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    assert!(
        readme.contains("Test Statistics Office. Test portal. https://data.example.org/portal/"),
        "{readme}"
    );
    assert!(
        readme.contains("Licence: CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>"),
        "{readme}"
    );
}

#[test]
fn the_dataset_page_describes_columns_rows_and_preview() {
    let site = Site::fixture("demo");
    site.build();
    let text = visible_text(&site.page("en/datasets/nhiem-vu/index.html"));
    assert!(text.contains("Rows 3"), "{text}");
    assert!(text.contains("status Status text"), "{text}");
    assert!(text.contains("id text"), "{text}");
    assert!(
        text.contains("Sửa đổi Luật Giao dịch điện tử"),
        "the preview shows the first rows"
    );
    // Published whole: the same rows, rewritten as RFC 4180 (CRLF line ends).
    assert_eq!(
        csv_rows(&site.page("data/datasets/nhiem-vu.csv")),
        csv_rows(&site.read_source("data/tasks.csv"))
    );
}

#[test]
fn tasks_are_filtered_by_agency_and_status_without_javascript() {
    let site = Site::fixture("demo");
    site.build();
    let all = visible_text(&site.page("en/tasks/index.html"));
    assert!(all.contains("3 tasks"), "{all}");
    let agency = visible_text(&site.page("en/tasks/agency/bo-b/index.html"));
    assert!(
        agency.contains("2 tasks")
            && agency.contains("Build the data platform")
            && !agency.contains("Amend the Law"),
        "{agency}"
    );
    let both = visible_text(&site.page("vi/tasks/agency/bo-a/completed/index.html"));
    assert!(
        both.contains("1 nhiệm vụ")
            && both.contains("Sửa đổi Luật Giao dịch điện tử")
            && both.contains("Hoàn thành"),
        "{both}"
    );
    let status = visible_text(&site.page("vi/tasks/status/not-reported/index.html"));
    assert!(
        status.contains("Xây dựng nền tảng dữ liệu") && status.contains("Chưa báo cáo tình trạng"),
        "{status}"
    );
}

#[test]
fn the_home_page_counts_targets_by_status_and_links_to_the_matrix() {
    let site = Site::fixture("demo");
    site.build();
    let html = site.page("en/index.html");
    let text = visible_text(&html);
    assert!(text.contains("2 goals"), "{text}");
    assert!(text.contains("4 targets"), "{text}");
    assert!(html.contains(r#"<a href="/portal/en/status/">"#));
    // Each count leads to the list of the targets with that status, at the goal's section.
    assert!(
        html.contains(r#"href="/portal/en/status/at-risk/#goal-G1""#),
        "{html}"
    );
}

#[test]
fn building_twice_gives_identical_output() {
    let first = Site::fixture("demo");
    first.build();
    let second = Site::fixture("demo");
    second.build();
    let (a, b) = (first.output_files(), second.output_files());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between two builds");
    }
    // And building again in place replaces the output with the same bytes.
    first.build();
    assert_eq!(first.output_files(), a);
}

#[test]
fn a_build_with_nothing_changed_keeps_the_folder_and_any_change_builds_again() {
    let site = Site::fixture("demo");
    let first = site.build();
    assert!(!first.unchanged);
    let built = site.output_files();
    let again = site.build();
    assert!(again.unchanged, "nothing changed, so nothing is rendered");
    assert_eq!((again.pages, again.files), (first.pages, first.files));
    assert_eq!(site.output_files(), built);

    // An edit to the data, even one that keeps the file's size, builds again.
    site.edit("data/indicators/xep-hang.csv", "2024,71", "2024,72");
    assert!(!site.build().unchanged);
    assert!(
        site.page("data/indicators/xep-hang.csv")
            .contains("2024,72")
    );
    site.edit("data/indicators/xep-hang.csv", "2024,72", "2024,71");
    assert!(!site.build().unchanged);
    assert_eq!(
        site.output_files(),
        built,
        "the same inputs, the same bytes"
    );

    // A folder tagged as a cache (as cargo's `target`) holds no source: what is written there
    // changes nothing. A file anywhere else in the portal might be one.
    site.write(
        "target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    );
    site.write("target/release/chiso.o", "object code");
    assert!(site.build().unchanged, "written in a cache");
    site.write("target/release/chiso.o", "other object code");
    assert!(site.build().unchanged, "written in a cache again");
    site.write("notes/chiso.txt", "a note");
    assert!(!site.build().unchanged, "written beside the sources");

    // A file of the output changed or removed by hand is put right by a full build.
    let page = site.out().join("en/index.html");
    std::fs::write(&page, "defaced").unwrap();
    assert!(!site.build().unchanged);
    std::fs::remove_file(site.out().join("data/indicators.zip")).unwrap();
    assert!(!site.build().unchanged);
    assert_eq!(site.output_files(), built);

    // Other options are another build.
    let options = chiso::build::BuildOptions {
        out: site.out(),
        cache: common::test_cache(),
        base_url: Some("http://localhost:9000".into()),
        ..Default::default()
    };
    let other = chiso::build::build(site.root(), &options, &|_| {}).unwrap();
    assert!(!other.unchanged);
    assert!(
        site.page("en/index.html")
            .contains("http://localhost:9000/en/")
    );

    // Without a cache there is no record of the last build to compare with.
    let options = chiso::build::BuildOptions {
        out: site.out(),
        ..Default::default()
    };
    for _ in 0..2 {
        assert!(
            !chiso::build::build(site.root(), &options, &|_| {})
                .unwrap()
                .unchanged
        );
    }
}

#[test]
fn pages_taken_from_the_cache_are_the_pages_a_clean_build_writes() {
    let site = Site::fixture("demo");
    let cache = tempfile::tempdir().unwrap();
    let cached = || {
        let options = chiso::build::BuildOptions {
            out: site.out(),
            cache: chiso::cache::Cache::at(cache.path()),
            png: false,
            ..Default::default()
        };
        chiso::build::build(site.root(), &options, &|_| {}).unwrap()
    };
    // A clean build of the portal as it is now: a copy of its sources, no cache.
    let clean = || {
        let copy = tempfile::tempdir().unwrap();
        common::copy_dir(site.root(), copy.path());
        std::fs::remove_dir_all(copy.path().join("public")).unwrap();
        let options = chiso::build::BuildOptions {
            out: copy.path().join("public"),
            png: false,
            ..Default::default()
        };
        chiso::build::build(copy.path(), &options, &|_| {}).unwrap();
        common::files_under(&copy.path().join("public"))
    };
    assert_eq!(cached().pages_reused, 0, "an empty cache holds no page");
    // Into a new folder, with nothing changed: every page kept is taken from the cache.
    std::fs::remove_dir_all(site.out()).unwrap();
    let again = cached();
    let kept = again.pages_reused;
    assert!(!again.unchanged && kept > 0 && kept < again.pages);
    assert!(
        chiso::cli::summary_line(&again, &site.out())
            .contains(&format!(" ({kept} pages unchanged, from the cache)"))
    );
    assert_eq!(site.output_files(), clean());

    // One indicator's data: its pages and its targets' are rendered again (and those of the
    // other indicators of its targets, which show their statuses), not the others.
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2022,55.1",
        "2022,56.1",
    );
    let edited = cached();
    assert!(
        edited.pages_reused > 0 && edited.pages_reused < kept,
        "{} of {kept} pages reused",
        edited.pages_reused
    );
    assert!(
        site.page("en/indicators/dvc-truc-tuyen/index.html")
            .contains("56.1")
    );
    assert_eq!(
        site.output_files(),
        clean(),
        "after editing one indicator's data"
    );

    // What every page shows, or data newer than any (it moves the assessment date, 2024 in
    // another indicator), renders every kept page again.
    let everywhere = [
        (
            "data/indicators/xep-hang.toml",
            "en = \"E-government rank\"",
            "en = \"E-government ranking\"",
        ),
        (
            "data/goals/G1.toml",
            "en = \"Improve the e-government rank\"",
            "en = \"Raise the e-government rank\"",
        ),
        (
            "data/indicators/dvc-truc-tuyen.csv",
            "2023,,,,s2,",
            "2025,70,,,s2,,\n2023,,,,s2,",
        ),
        (
            "chiso.toml",
            "en = \"Test portal\"",
            "en = \"Test portal, renamed\"",
        ),
    ];
    for (file, from, to) in everywhere {
        site.edit(file, from, to);
        let edited = cached();
        assert_eq!(edited.pages_reused, 0, "after editing {file}");
        assert_eq!(site.output_files(), clean(), "after editing {file}");
    }
}

/// Kept files are hard links to the cache's entries (creating thousands of files is most of a
/// warm build), so a script that edits a published file in place edits the entry: the entry's
/// name holds its bytes' hash, and a later build makes such a file again.
#[cfg(unix)]
#[test]
fn kept_files_are_linked_from_the_cache_and_an_edit_through_a_link_reaches_no_later_build() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("demo");
    let cache = tempfile::tempdir().unwrap();
    let outputs = tempfile::tempdir().unwrap();
    let build_into = |name: &str| {
        let options = chiso::build::BuildOptions {
            out: outputs.path().join(name),
            cache: chiso::cache::Cache::at(cache.path()),
            png: false,
            ..Default::default()
        };
        let summary = chiso::build::build(site.root(), &options, &|_| {}).unwrap();
        (outputs.path().join(name), summary.unchanged)
    };
    let (page, csv) = (
        "en/indicators/dvc-truc-tuyen/index.html",
        "data/indicators/dvc-truc-tuyen.csv",
    );
    let (first, _) = build_into("first");
    let (second, _) = build_into("second");
    // Linking the same entries into another folder moved their change time: a build into the
    // first folder with nothing changed still keeps it as it was.
    assert!(build_into("first").1, "nothing changed");
    let links = |file: &Path| std::fs::metadata(file).unwrap().nlink();
    assert!(links(&second.join(page)) >= 2, "a kept page is linked");
    assert!(links(&second.join(csv)) >= 2, "a kept download is linked");
    let published = common::files_under(&second);
    assert_eq!(published, common::files_under(&first));

    // A script rewrites the published files in place: the same inodes, other bytes that still
    // look whole.
    std::fs::write(
        first.join(page),
        "<!DOCTYPE html>\n<html><p>injected</p></html>\n",
    )
    .unwrap();
    std::fs::write(first.join(csv), "indicator,period,value\nx,2020,1\n").unwrap();
    let (third, _) = build_into("third");
    assert_eq!(
        common::files_under(&third),
        published,
        "what the script did is not published again"
    );
    assert!(links(&third.join(page)) >= 2, "made again, and kept again");
}

#[test]
fn a_build_with_nothing_changed_says_its_warnings_again() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_3-2-1.csv",
        "Year,Value\nData not yet available,\n",
    );
    let warned = common::warnings_containing(&site.build(), "is a placeholder");
    assert_eq!(warned.len(), 1);
    let again = site.build();
    assert!(again.unchanged);
    assert_eq!(
        common::warnings_containing(&again, "is a placeholder"),
        warned
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let site = Site::fixture("demo");
    site.build();
    let before = site.output_files();
    site.edit(
        "data/indicators/xep-hang.csv",
        "2024,71",
        "2024,seventy-one",
    );
    assert!(!site.problems().is_empty());
    assert_eq!(site.output_files(), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("chiso-staging") || name.contains("chiso-old")
        })
        .collect();
    assert!(leftovers.is_empty(), "no staging folder is left behind");
}

#[test]
fn the_build_never_writes_into_the_sources() {
    let site = Site::fixture("demo");
    let sources_before: Vec<_> = walkdir::WalkDir::new(site.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    site.build();
    for (path, bytes) in sources_before {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
    }
    let options = chiso::build::BuildOptions {
        out: site.path("data/out"),
        base_url: None,
        live_reload: false,
        ..Default::default()
    };
    let refused = chiso::build::build(site.root(), &options, &|_| {}).unwrap_err();
    assert!(
        refused.problems[0]
            .to_string()
            .contains("inside the portal's data/ folder"),
        "{:?}",
        refused
    );
}

#[test]
fn the_base_url_can_be_overridden_for_one_build() {
    let site = Site::fixture("demo");
    let options = chiso::build::BuildOptions {
        out: site.out(),
        base_url: Some("http://localhost:9000".into()),
        live_reload: false,
        ..Default::default()
    };
    chiso::build::build(site.root(), &options, &|_| {}).unwrap();
    let html = site.page("en/index.html");
    assert!(
        html.contains(r#"href="/en/indicators/""#),
        "links use the new base path"
    );
    assert!(html.contains(r#"<link rel="canonical" href="http://localhost:9000/en/">"#));
}

#[test]
fn the_scaffold_portal_builds_as_is() {
    let site = Site::scaffold();
    let summary = site.build();
    assert!(summary.pages > 20);
    assert!(
        site.page("en/index.html")
            .contains("Example Indicators Portal")
    );
    assert!(site.page("vi/index.html").contains("Cổng chỉ số mẫu"));
}

#[test]
fn a_portal_overrides_theme_templates_strings_and_static_files_one_by_one() {
    let site = Site::fixture("demo");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<p>Lost? {{ t(key=\"nav.home\") }}</p>{% endblock main %}");
    site.write("i18n/en.toml", "[nav]\nhome = \"Start\"\n");
    site.write("static/style.css", "body { color: black; }");
    site.build();
    assert!(
        site.page("404.html").contains("<p>Lost? Trang chủ</p>"),
        "the template is replaced"
    );
    let en = site.page("en/index.html");
    assert!(en.contains(">Start</a>"), "one string is replaced");
    assert!(
        en.contains(">Indicators</a>"),
        "the others keep the theme's wording"
    );
    assert_eq!(site.page("assets/style.css"), "body { color: black; }");
    assert!(
        site.page("en/indicators/ho-so/index.html")
            .contains("There is no data for this indicator yet."),
        "other templates stay"
    );
}

/// A language without strings borrows English ones (tests/languages.rs), unless the portal's
/// own theme has no English to lend: then its pages would show bare keys, so the build stops.
#[test]
fn a_language_without_interface_strings_in_a_theme_without_english_is_a_problem() {
    let site = Site::fixture("demo");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.path("themes/mine"));
    for lang in ["ar", "de", "en", "es", "fr", "ru", "zh"] {
        std::fs::remove_file(site.path(&format!("themes/mine/i18n/{lang}.toml"))).unwrap();
    }
    site.edit(
        "chiso.toml",
        r#"languages = ["vi", "en"]"#,
        "languages = [\"vi\", \"en\", \"fr\"]\ntheme = \"mine\"",
    );
    let problems = site.problems();
    assert!(
        problems.iter().any(|p| p
            .starts_with("i18n/fr.toml: expected interface strings for the language \"fr\"")
            && p.contains("the theme has no English strings")),
        "{problems:#?}"
    );
}

#[test]
fn a_template_link_to_a_missing_file_or_fragment_fails_the_build_once_per_target() {
    let site = Site::fixture("demo");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let broken = base.replace(
        r#"<a href="{{ site.all_data }}">"#,
        r##"<a href="{{ site.all_data }}.old">x</a> <a href="#no-such-part">"##,
    );
    assert_ne!(broken, base, "the footer link is in the theme");
    site.write("templates/base.html", broken);
    let shown = common::messages(&site.try_build().unwrap_err());
    let missing: Vec<&String> = shown
        .iter()
        .filter(|p| p.contains("indicators.zip.old\" (no such file in the output), and on"))
        .collect();
    assert_eq!(
        missing.len(),
        1,
        "one problem for the broken target: {shown:#?}"
    );
    assert!(
        missing[0].contains("/public/") && missing[0].contains(".html: expected links"),
        "it names a page of the output: {}",
        missing[0]
    );
    assert!(
        shown
            .iter()
            .any(|p| p.contains("#no-such-part\" (the page has no element with this id)")),
        "{shown:#?}"
    );
    assert!(!site.out().exists(), "nothing is published");
}

#[test]
fn a_template_that_does_not_parse_is_a_failure_naming_its_own_file() {
    let site = Site::fixture("demo");
    site.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    let stopped = site.try_build().unwrap_err();
    assert!(stopped.problems.is_empty(), "{:?}", stopped.problems);
    let shown = common::messages(&stopped);
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].starts_with("templates/goal.html: the template does not render: "),
        "{}",
        shown[0]
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_a_failure_not_a_problem() {
    let site = Site::fixture("demo");
    // A file where the output's parent folder should be.
    site.write("blocked", "");
    let options = chiso::build::BuildOptions {
        out: site.path("blocked/public"),
        cache: common::test_cache(),
        ..Default::default()
    };
    let stopped = chiso::build::build(site.root(), &options, &|_| {}).unwrap_err();
    assert!(stopped.problems.is_empty(), "{:?}", stopped.problems);
    assert!(
        matches!(&stopped.failures[..], [chiso::failure::Failure::Io { path, .. }] if path.ends_with("blocked/public")),
        "{:?}",
        stopped.failures
    );
}

#[test]
fn a_preview_of_an_edited_table_shows_what_the_build_then_publishes() {
    use std::collections::BTreeSet;
    use std::path::PathBuf;
    let site = Site::fixture("demo");
    let cache = tempfile::tempdir().unwrap();
    let options = chiso::build::BuildOptions {
        out: site.out(),
        cache: chiso::cache::Cache::at(cache.path()),
        png: false,
        ..Default::default()
    };
    let build = || {
        let (_, kept) = chiso::build::build_keeping(site.root(), &options, &|_| {}).unwrap();
        kept.expect("a build that wrote the output keeps what previews need")
    };
    let table = "data/indicators/dvc-truc-tuyen.csv";
    let preview = |kept: &chiso::build::preview::Kept, changed: &[&str]| {
        let changed: BTreeSet<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let mut shown = None;
        chiso::build::preview::preview(site.root(), &options, kept, &changed, |pages| {
            shown = Some(pages)
        });
        shown
    };
    let mut kept = build();

    // A value, then a year newer than any (which moves the assessment date): the preview
    // shows the indicator's pages and its targets', as the build then writes them.
    for (from, to, shown) in [
        ("2022,55.1", "2022,56.1", "56.1"),
        ("2023,,,,s2,", "2025,70,,,s2,,\n2023,,,,s2,", "70"),
    ] {
        site.edit(table, from, to);
        // An editor's temporary file, gone by the time the folder is quiet, changes nothing.
        let pages = preview(&kept, &[table, "data/indicators/.dvc-truc-tuyen.csv.swx"])
            .unwrap_or_else(|| panic!("a preview after writing {to:?}"));
        let paths: BTreeSet<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        for page in [
            "en/indicators/dvc-truc-tuyen/index.html",
            "vi/indicators/dvc-truc-tuyen/index.html",
            "en/embed/indicators/dvc-truc-tuyen/index.html",
            "en/targets/G1.a/index.html",
        ] {
            assert!(paths.contains(page), "{page} is previewed: {paths:?}");
        }
        assert!(!paths.contains("en/index.html"), "pages about many are not");
        let indicator = &pages[pages
            .iter()
            .position(|(p, _)| p == "en/indicators/dvc-truc-tuyen/index.html")
            .unwrap()]
        .1;
        assert!(String::from_utf8_lossy(indicator).contains(shown));
        kept = build();
        for (page, bytes) in &pages {
            assert!(
                site.page(page).as_bytes() == bytes.as_slice(),
                "{page} as previewed after writing {to:?} is not as built"
            );
        }
    }

    // Anything but an observation table, or a table with a problem: only the build answers.
    assert!(preview(&kept, &["data/indicators/dvc-truc-tuyen.toml"]).is_none());
    assert!(preview(&kept, &[table, "data/units.toml"]).is_none());
    site.edit(table, "2022,56.1", "2022,many");
    assert!(preview(&kept, &[table]).is_none());
}
