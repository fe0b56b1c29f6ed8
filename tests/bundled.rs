//! The bundled portal, Viet Nam's e-government / digital-government strategy 2021–2025, built
//! from the repository's own files.

mod common;

use common::{Site, csv_rows, visible_text};
use std::sync::OnceLock;

/// The bundled portal, built once for all tests of this file.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Site::bundled();
        site.build();
        site
    })
}

#[test]
fn the_level_4_online_services_page_shows_2020_and_the_100_percent_target() {
    let vi = visible_text(&site().page("vi/indicators/dvctt-muc-do-4/index.html"));
    assert!(vi.contains("2020 Tổng 30,86"), "{vi}");
    assert!(vi.contains("tối thiểu 100%, hạn 2025"), "{vi}");
    let en = visible_text(&site().page("en/indicators/dvctt-muc-do-4/index.html"));
    assert!(en.contains("2020 Total 30.86"), "{en}");
    assert!(en.contains("at least 100% by 2025"), "{en}");
    assert!(en.contains("Ministry of Health 100"), "{en}");
}

#[test]
fn the_level_4_online_services_csv_holds_the_2020_row() {
    let rows = csv_rows(&site().page("data/indicators/dvctt-muc-do-4.csv"));
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| {
            r[col("period")] == "2020" && r[col("value")] == "30.86" && r[col("agency")].is_empty()
        })
        .expect("the national 2020 row");
    assert_eq!(row[col("source_document")], "001");
    assert_eq!(row[col("unit")], "percent");
}

#[test]
fn every_goal_target_and_indicator_of_the_seed_tables_has_its_page() {
    let site = site();
    for id in ["CL.II", "CL.III.1", "BTTTT2021.1", "BTTTT2022.4", "PL6b"] {
        site.page(&format!("vi/goals/{id}/index.html"));
    }
    for id in ["CL.III.1.a", "CL.III.1.đ", "PL6b.6a", "BTTTT2022.2.7"] {
        site.page(&format!("en/targets/{id}/index.html"));
    }
    let listing = visible_text(&site.page("en/indicators/index.html"));
    assert!(listing.contains("188 indicators"), "{listing}");
    let tasks = visible_text(&site.page("vi/tasks/index.html"));
    assert!(tasks.contains("169 nhiệm vụ"), "{tasks}");
}

#[test]
fn doubts_are_shown_to_readers_as_notes() {
    let egdi = visible_text(&site().page("en/indicators/egdi-rank/index.html"));
    assert!(egdi.contains("derived, not stated"), "{egdi}");
    assert!(egdi.contains("DERIVED (86 + 2)"), "{egdi}");
    let about = visible_text(&site().page("vi/about/index.html"));
    assert!(
        about.contains("96%") && about.contains("98%"),
        "the disagreeing district figures are explained: {about}"
    );
}

#[test]
fn figures_cite_their_document_and_place() {
    let html = visible_text(&site().page("vi/indicators/dvctt-muc-do-4/index.html"));
    assert!(
        html.contains("Phần 3 - II.2 Về cung cấp dịch vụ công trực tuyến"),
        "{html}"
    );
    let target = visible_text(&site().page("en/targets/CL.III.1.a/index.html"));
    assert!(target.contains("Phần 4 - III. Mục tiêu, 1.a"), "{target}");
}

#[test]
fn the_matrix_of_the_bundled_portal_says_what_its_figures_allow() {
    let html = site().page("en/status/matrix/index.html");
    // CL.III.1.a has only 2020 figures for level-4 services: progress cannot be measured yet.
    for year in 2020..=2025 {
        assert!(
            html.contains(&format!(
                r#"aria-label="CL.III.1.a, {year}: No data — latest 30.86% (2020)"#
            )),
            "{year}"
        );
    }
    let target = visible_text(&site().page("en/targets/CL.III.1.a/index.html"));
    assert!(
        target.contains("Only one value is available up to the assessment date"),
        "{target}"
    );
    // The 2021 connection target covers all four levels of government: ministries and
    // provinces were at 100%, districts at 96% or 98%, and no document gives communes. It is
    // never shown met.
    assert!(
        html.contains(
            r#"aria-label="BTTTT2021.2.4, 2021: No data — latest 98% (2020-12), baseline 96% (2020)""#
        ),
        "{html}"
    );
    let connected = visible_text(&site().page("en/targets/BTTTT2021.2.4/index.html"));
    assert!(
        connected.contains("Judged on every level: met only when each one is")
            && connected.contains("Districts and towns 98% (2020-12) ? Insufficient data")
            && connected
                .contains("Communes, wards and townships (no document gives a figure) no value"),
        "{connected}"
    );
    assert!(!connected.contains("Status ✔ Met"), "{connected}");
    // The 2022 online-processing target (50%) has only the 2020 baseline of 23.52%.
    assert!(
        html.contains(r#"aria-label="BTTTT2022.1.2, 2022: No data — latest 23.52% (2020)""#),
        "{html}"
    );
    let rows = csv_rows(&site().page("data/status.csv"));
    let row = rows
        .iter()
        .find(|r| r[0] == "BTTTT2021.1.3" && r[2] == "2021" && r[4] == "computed")
        .unwrap();
    assert_eq!(&row[3..4], ["insufficient-data"]);
    assert_eq!(
        &row[10..12],
        ["2020", "23.52"],
        "the baseline stated in the 2021 table"
    );
}

#[test]
fn the_first_search_transfers_under_150_kb() {
    // The first query fetches the language's index; the page around the box is loaded already.
    for lang in ["vi", "en"] {
        let size = site().output_bytes(&format!("{lang}/search.json")).len();
        assert!(size < 150_000, "{lang}/search.json is {size} bytes");
    }
}
