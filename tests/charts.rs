//! Charts as readers and reusers get them: inline SVG in both layouts with controls for the
//! script, standalone SVG and PNG images, and embed pages.

mod common;

use common::{Site, visible_text};
use std::sync::OnceLock;

fn demo() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Site::fixture("demo");
        site.build_with_png();
        site
    })
}

#[test]
fn the_indicator_chart_comes_in_two_layouts_with_its_finding_in_each_language() {
    let vi = demo().page("vi/indicators/dvc-truc-tuyen/index.html");
    assert!(vi.contains(r#"class="chart chart-wide" id="chart-dvc-truc-tuyen""#));
    assert!(vi.contains(r#"class="chart chart-compact" id="chart-dvc-truc-tuyen-compact""#));
    assert!(vi.contains("tăng từ 30,86% (2020) lên 55,1% (2022). Chỉ tiêu 100%, hạn 2025."));
    let en = demo().page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(
        en.contains("rose from 30.86% in 2020 to 55.1% in 2022. Target 100% by 2025."),
        "{en}"
    );
    assert!(en.contains("\n2021: 42.5%\n"), "2021's tooltip");
    // 2023 has no value: the line stops at 2022 and the period stays on the axis.
    assert!(en.contains(">2023</text>"));
}

#[test]
fn dimension_values_are_series_the_script_can_show() {
    let html = demo().page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(html.contains(r#"<div class="chart-controls" hidden>"#));
    assert!(html.contains(r#"data-series="1" data-label="Ministry A" display="none""#));
    assert!(html.contains(r#"aria-pressed="false">"#));
    assert!(
        !html.contains(r#"<input type="checkbox""#),
        "series of one dimension have one set of controls, the toggles"
    );
    // The table's rows carry their series, for the controls to filter them too.
    assert!(
        html.contains(r#" data-chart="chart-dvc-truc-tuyen""#)
            && html.contains(r#"<table class="data-table "#)
    );
    assert!(html.contains(r#"<tr data-series="1">"#), "{html}");
    // One script, from a file: a strict Content-Security-Policy works.
    assert!(html.contains(r#"<script src="/portal/assets/chiso.js" defer></script>"#));
    for (path, bytes) in demo().output_files() {
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(!page.contains("<script>"), "an inline script in {path}");
        }
    }
    let script = demo().output_bytes("assets/chiso.js");
    assert!(script.len() < 20_000, "{} bytes", script.len());
}

#[test]
#[cfg(feature = "png")]
fn every_chart_is_an_svg_and_a_png_image_with_title_source_and_licence() {
    let svg = demo().page("charts/vi/indicators/dvc-truc-tuyen.svg");
    assert!(
        svg.contains(">Tỷ lệ dịch vụ công trực tuyến mức độ 4</text>"),
        "{svg}"
    );
    assert!(svg.contains("Nguồn: "));
    assert!(svg.contains("Giấy phép: CC BY 4.0"));
    assert!(!svg.contains("Bộ A"), "hidden series stay out of images");
    let png = resvg::tiny_skia::Pixmap::decode_png(
        &demo().output_bytes("charts/en/indicators/dvc-truc-tuyen.png"),
    )
    .unwrap();
    assert_eq!(png.width(), 640);
    assert!(
        png.pixels().iter().any(|p| p.red() < 100 && p.blue() > 120),
        "the blue line"
    );
    // Targets assessed with data have their chart, with the required path.
    let target = demo().page("charts/en/targets/G1.a.svg");
    assert!(target.contains(r#"class="path path-required""#), "{target}");
    let indicator_page = demo().page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(
        indicator_page
            .contains(r#"href="/portal/charts/en/indicators/dvc-truc-tuyen.png" download"#)
    );
}

#[test]
fn each_chart_has_an_embed_page_and_a_snippet_to_paste() {
    let page = demo().page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(page.contains(
        "&lt;iframe src=&quot;https://data.example.org/portal/en/embed/indicators/dvc-truc-tuyen/&quot;"
    ), "{page}");
    let embed = demo().page("en/embed/indicators/dvc-truc-tuyen/index.html");
    assert!(embed.contains(r#"role="img""#));
    let text = visible_text(&embed);
    assert!(text.contains("Data, sources and notes:"), "{text}");
    assert!(
        !text.contains("table below"),
        "the embed has no table to point to: {text}"
    );
    assert!(
        text.contains("the data table, with every dimension, is on the full page"),
        "{text}"
    );
    assert!(
        text.contains("Notes To the end of 2020 Estimate"),
        "the footnote marks are explained in the embed: {text}"
    );
    assert!(embed.contains(r#"href="/portal/en/indicators/dvc-truc-tuyen/" target="_top""#));
    // The page carries its hidden series for the toggles; the embed, like the image, draws
    // the shown ones only and has no toggles to show the rest.
    assert!(page.contains(r#"data-label="Ministry A" display="none""#));
    assert!(page.contains(r#"class="chart-controls""#));
    assert!(
        !embed.contains("Ministry A"),
        "a hidden series in the embed"
    );
    assert!(!embed.contains("chart-controls"));
    assert!(embed.contains(r#"class="series" data-series="0""#));
    assert!(
        demo()
            .page("vi/embed/targets/G1.a/index.html")
            .contains("G1.a")
    );
}

#[test]
fn a_single_period_with_categories_is_a_bar_chart() {
    let site = Site::fixture("demo");
    site.write(
        "data/indicators/ho-so.csv",
        "period,value,kind,source,note_vi,note_en\n2022,120,,,,\n2022,70,a,,,\n2022,50,b,,,\n",
    );
    site.edit(
        "data/indicators/ho-so.toml",
        "unit = \"count\"",
        "unit = \"count\"\n\n[dimensions.kind]\nlabel = { vi = \"Loại\", en = \"Kind\" }\n[dimensions.kind.values]\na = { vi = \"Loại A\", en = \"Kind A\" }\nb = { vi = \"Loại B\", en = \"Kind B\" }",
    );
    site.build();
    let html = site.page("en/indicators/ho-so/index.html");
    assert_eq!(
        html.matches(r#"class="bar""#).count(),
        6,
        "3 bars in 2 layouts"
    );
    assert!(
        html.contains("Online applications, 2022: Total 120; Kind A 70; Kind B 50."),
        "{html}"
    );
    assert!(
        html.contains(">number, in 2022</text>"),
        "bars of one period say which period, on the page and so in the images: {html}"
    );
    let image = site.page("charts/vi/indicators/ho-so.svg");
    assert!(
        image.contains(">số lượng, thời gian: 2022</text>"),
        "{image}"
    );
}

#[test]
fn an_image_explains_its_footnote_marks() {
    let svg = demo().page("charts/en/indicators/dvc-truc-tuyen.svg");
    assert!(
        svg.contains(r#"class="note-mark""#),
        "the mark is drawn: {svg}"
    );
    assert!(svg.contains(">1 Note: To the end of 2020</text>"), "{svg}");
}

#[test]
fn a_series_break_is_not_joined_described_or_measured_across() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/dvc-truc-tuyen.csv",
        "2021,42.5,,,s2,,",
        "2021,42.5,,break,s2,,",
    );
    site.build();
    let en = site.page("en/indicators/dvc-truc-tuyen/index.html");
    let wide = &en[en.find(r#"id="chart-dvc-truc-tuyen""#).unwrap()..];
    let wide = &wide[..wide.find("</svg>").unwrap()];
    let line = wide
        .split(r#"<path class="line" d=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the run 2021-2022 is drawn");
    assert_eq!(
        line.matches('L').count(),
        1,
        "2020 is not joined to 2021: {line}"
    );
    assert!(
        en.contains("30.86% in 2020, 55.1% in 2022; the series breaks between them, so the figures are not comparable."),
        "{en}"
    );
    assert!(!en.contains("rose from 30.86%"));
    let target = visible_text(&site.page("en/targets/G1.a/index.html"));
    assert!(target.contains("Status ? Insufficient data"), "{target}");
    assert!(
        target.contains("The series breaks between the baseline and the latest value"),
        "{target}"
    );
}

#[test]
fn a_lower_is_better_measure_improves_when_it_falls() {
    // The rank has an at-most target: 88 → 71 is an improvement.
    let en = visible_text(&demo().page("en/indicators/xep-hang/index.html"));
    assert!(
        en.contains("improved from 88 in 2018 to 71 in 2024 (lower is better)"),
        "{en}"
    );
    let vi = visible_text(&demo().page("vi/indicators/xep-hang/index.html"));
    assert!(
        vi.contains("cải thiện từ 88 (2018) thành 71 (2024) (càng thấp càng tốt)"),
        "{vi}"
    );
}

/// The data table names each row's source when the rows cite more than one; when every row
/// cites the same, it says so once under the table instead of on every row.
#[test]
fn a_source_every_row_cites_is_named_once_under_the_table() {
    // The table and what follows it up to its section's end, as markup and as text.
    let table = |page: &str| {
        let html = demo().page(page);
        let start = html.find(r#"<table class="data-table "#).unwrap();
        let end = start + html[start..].find("</section>").unwrap();
        let markup = html[start..end].to_string();
        (visible_text(&markup), markup)
    };
    let (one, markup) = table("en/indicators/xep-hang/index.html");
    assert!(
        !markup.contains(r#"<th scope="col">Source</th>"#),
        "no column: {one}"
    );
    assert!(
        one.contains("Source of every value in the table: [1]"),
        "{one}"
    );
    let (vi, _) = table("vi/indicators/xep-hang/index.html");
    assert!(vi.contains("Nguồn của mọi giá trị trong bảng: [1]"), "{vi}");
    let (two, markup) = table("en/indicators/dvc-truc-tuyen/index.html");
    assert!(markup.contains(r#"<th scope="col">Source</th>"#), "{two}");
    assert!(two.contains("[1]") && two.contains("[2]"), "{two}");
    assert!(!two.contains("Source of every value"), "{two}");
}

/// A line's marks are its path's vertices and their tooltips a line each of its `data-tips`.
/// Only the wide chart carries them: the compact twin draws the same lines, vertex for
/// vertex, and the script lends it the wide chart's tooltips rather than publish them twice.
#[test]
fn every_mark_of_every_line_has_its_tooltip() {
    let mut lines = 0;
    for (path, bytes) in demo().output_files() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let (mut wide, mut compact) = (Vec::new(), Vec::new());
        for chart in html.split("<svg ").skip(1) {
            let chart = &chart[..chart.find("</svg>").unwrap()];
            let is_wide = chart.contains(r#"class="chart chart-wide""#);
            for line in chart.split(r#"<path class="line" d=""#).skip(1) {
                let line = &line[..line.find("/>").unwrap()];
                let d = &line[..line.find('"').unwrap()];
                let vertices = d.matches(['M', 'L']).count();
                let tips = line.split(r#"data-tips=""#).nth(1);
                if !is_wide {
                    assert!(tips.is_none(), "{path}: compact line with tooltips: {line}");
                    compact.push(vertices);
                    continue;
                }
                let tips = tips.expect("tooltips");
                let tips: Vec<&str> = tips[..tips.find('"').unwrap()].split('\n').collect();
                assert_eq!(vertices, tips.len(), "{path}: {line}");
                assert!(tips.iter().all(|t| t.contains(": ")), "{path}: {tips:?}");
                wide.push(vertices);
                lines += 1;
            }
        }
        if !compact.is_empty() {
            assert_eq!(
                compact, wide,
                "{path}: the compact lines are the wide lines"
            );
        }
    }
    assert!(lines > 10, "{lines} lines checked");
}
