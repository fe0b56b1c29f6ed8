//! Open SDG data repositories built as they are, and imported into chiso's own layout:
//! a small hand-made repository with the quirks real ones have, and the whole of the United
//! States' repository (kept with its licence in `tests/fixtures/opensdg-usa`, so `cargo test`
//! needs nothing beside the repository; copied into a temporary folder, never written to).

mod common;

use chiso::source::check;
use common::{Site, copy_dir, csv_rows, visible_text, warnings_containing};
use std::path::{Path, PathBuf};

fn corpus() -> Site {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opensdg-usa");
    assert!(
        corpus.is_dir(),
        "the Open SDG corpus is missing: {}",
        corpus.display()
    );
    copy_dir(&corpus, dir.path());
    Site { dir }
}

/// The `<main>` of a page as a reader sees it, without the chart.
fn main_text(html: &str) -> String {
    let main = &html[html.find("<main").unwrap_or(0)..];
    visible_text(main)
}

/// The SVG chart of a page.
/// The first chart of a page: the first SVG that is an image (legend swatches are not).
fn chart(html: &str) -> &str {
    let role = html.find(r#"role="img""#).expect("a chart");
    let start = html[..role].rfind("<svg").expect("a chart");
    &html[start
        ..html[start..]
            .find("</svg>")
            .map_or(html.len(), |end| start + end)]
}

fn warnings(site: &Site) -> Vec<String> {
    match check(site.root()) {
        Ok(checked) => checked.warnings.iter().map(ToString::to_string).collect(),
        Err(problems) => panic!("{problems:?}"),
    }
}

#[test]
fn names_come_from_translations_metadata_and_language_folders() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let en = main_text(&site.page("en/indicators/1-1-1/index.html"));
    assert!(
        en.starts_with("Proportion of the population living below the poverty line"),
        "{en}"
    );
    let vi = main_text(&site.page("vi/indicators/1-1-1/index.html"));
    assert!(vi.starts_with("Tỷ lệ dân số sống dưới chuẩn nghèo"), "{vi}");
    // Goal titles from translations/<lang>/global_goals.yml; the theme names goals without one.
    assert!(main_text(&site.page("vi/goals/1/index.html")).starts_with("1 Xóa nghèo"));
    assert!(main_text(&site.page("en/goals/2/index.html")).starts_with("2 Goal 2"));
    // The target's wording from the metadata's `target` field.
    let target = main_text(&site.page("en/targets/1.1/index.html"));
    assert!(
        target.contains("By 2030, eradicate extreme poverty for all people everywhere."),
        "{target}"
    );
    // French, the third language of config_data.yml, is published with the theme's French
    // interface (and the English texts, which the repository does not translate).
    let fr = site.page("fr/indicators/1-1-1/index.html");
    assert!(fr.contains(r#"<html lang="fr">"#));
    assert!(visible_text(&fr).contains("Métadonnées"), "{fr}");
    let warned = warnings(&site);
    assert!(!warned.iter().any(|w| w.contains("i18n/fr")), "{warned:?}");
}

/// sdg-build publishes every language of `config_data.yml`, the first being the default
/// (`languages` in sdg-build's `open_sdg_build`; open-sdg's `_config.yml` names the same).
#[test]
fn a_repository_in_german_alone_is_published_in_german_as_its_default() {
    let site = Site::fixture("opensdg-quirks");
    site.edit("config_data.yml", "  - en\n  - vi\n  - fr\n", "  - de\n");
    site.build();
    let root = site.page("index.html");
    assert!(root.contains(r#"<html lang="de">"#), "{root}");
    assert!(root.contains("/de/"), "{root}");
    let page = site.page("de/indicators/1-1-1/index.html");
    assert!(page.contains(r#"<html lang="de">"#));
    assert!(visible_text(&page).contains("Metadaten"), "{page}");
    assert!(!site.out().join("en").exists());
}

#[test]
fn sdmx_codes_and_disaggregations_are_shown_with_their_labels() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let page = main_text(&site.page("en/indicators/2-1-1/index.html"));
    assert!(
        page.contains("Period Unit of measure Area GeoCode Sex Value"),
        "{page}"
    );
    assert!(
        page.contains("2020 Percent California 06 Total 8.2"),
        "{page}"
    );
    assert!(
        page.contains("2020 Percent New York 36 Female 6.9"),
        "{page}"
    );
    // An observation attribute becomes a footnote.
    assert!(
        page.contains("Notes Observation status: Estimated value"),
        "{page}"
    );
    // column_map.csv renames `sex` to SEX and code_map.csv recodes `male ` (with its space).
    let vi = main_text(&site.page("vi/indicators/1-1-1/index.html"));
    assert!(vi.contains("Giới tính"), "{vi}");
    assert!(vi.contains("2016 Percent Nam 10,1"), "{vi}");
    let csv = csv_rows(&site.page("data/indicators/2-1-1.csv"));
    assert_eq!(
        csv[0][..7],
        [
            "indicator",
            "period",
            "value",
            "UNIT_MEASURE",
            "REF_AREA",
            "GeoCode",
            "SEX"
        ]
    );
    assert_eq!(
        csv[3][..7],
        ["2-1-1", "2020", "8.2", "PT", "US-CA", "06", ""]
    );
}

#[test]
fn byte_order_marks_spaces_and_blank_values_are_read_as_open_sdg_reads_them() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let page = main_text(&site.page("en/indicators/1-1-1/index.html"));
    // The headline (units Percent, no sex) leads although the file starts with a female row.
    let csv = csv_rows(&site.page("data/indicators/1-1-1.csv"));
    let rows: Vec<Vec<&str>> = csv
        .iter()
        .map(|r| r[1..5].iter().map(String::as_str).collect())
        .collect();
    assert_eq!(rows[0], ["period", "value", "Units", "SEX"]);
    assert!(
        rows.contains(&vec!["2018", "9.6", "Percent", ""]),
        "{rows:?}"
    );
    assert!(
        rows.contains(&vec!["2017", "", "Percent", ""]),
        "NaN is a gap: {rows:?}"
    );
    assert!(page.contains("2017 Percent Total no data"), "{page}");
    assert!(page.contains("Notes Provisional figure"), "{page}");
    // The headline series is charted: 2015, 2016 and 2018 in percent (2017 is a gap).
    let svg = chart(&site.page("en/indicators/1-1-1/index.html")).to_string();
    assert!(
        svg.contains("12.5") && svg.contains("9.6") && !svg.contains("31,000"),
        "{svg}"
    );
}

#[test]
fn period_labels_are_kept_as_shown_in_time_order_and_free_text_stays_off_the_chart() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let html = site.page("en/indicators/1-2-1/index.html");
    let page = main_text(&html);
    assert!(
        page.contains("Period Value 1974a 30.0 2000 Q1 20.5 2000 Q2 20.1 2000/01 19.8 2016/18 15.2 Baseline survey 25.0"),
        "{page}"
    );
    let svg = chart(&html);
    assert!(svg.contains("2016/18") && svg.contains("1974a"), "{svg}");
    assert!(
        !svg.contains("Baseline survey"),
        "free text has no place on a time axis"
    );
    let csv = csv_rows(&site.page("data/indicators/1-2-1.csv"));
    let periods: Vec<&str> = csv[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        periods,
        [
            "1974a",
            "2000 Q1",
            "2000 Q2",
            "2000/01",
            "2016/18",
            "Baseline survey"
        ]
    );
}

#[test]
fn header_only_files_metadata_only_and_non_statistical_indicators_have_pages() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let header_only = main_text(&site.page("en/indicators/1-3-1/index.html"));
    assert!(
        header_only.contains("There is no data for this indicator yet."),
        "{header_only}"
    );
    assert!(
        header_only.contains("reported in words rather than in figures"),
        "{header_only}"
    );
    // Metadata and no data file.
    let metadata_only = main_text(&site.page("en/indicators/2-2-1/index.html"));
    assert!(
        metadata_only.starts_with("Prevalence of undernourishment among children"),
        "{metadata_only}"
    );
    assert!(
        metadata_only.contains("Data collection starts next year."),
        "{metadata_only}"
    );
    assert!(metadata_only.contains("There is no data for this indicator yet."));
    // Data and no metadata: named by its number.
    assert!(main_text(&site.page("en/indicators/2-1-1/index.html")).starts_with("Indicator 2.1.1"));
    // A file Open SDG would not read either is left out, with a warning.
    assert!(!site.out().join("en/indicators/2_2_1").exists());
    let warned = warnings(&site);
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("data/indicator_2_2_1.csv") && w.contains("left out")),
        "{warned:?}"
    );
}

#[test]
fn metadata_fields_sources_and_the_markdown_body_make_the_narrative() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let page = main_text(&site.page("en/indicators/1-1-1/index.html"));
    assert!(
        page.contains("The poverty line is set each year by the national statistics office"),
        "{page}"
    );
    // Schema order and labels, the label translated where translations have it.
    assert!(page.contains("National metadata How it is computed Persons below the line divided by all persons. Periodicity Annual Global metadata Custodian agency (global) World Bank"), "{page}");
    assert!(
        !page.contains("internal note never shown"),
        "hidden schema fields stay hidden"
    );
    assert!(
        page.contains("Sources Household Survey, National Statistics Office"),
        "{page}"
    );
    assert!(
        site.page("en/indicators/1-1-1/index.html")
            .contains("href=\"https://example.org/survey\"")
    );
}

/// open-sdg's metadata tabs (`components/indicator/metadata.html`): a tab lists the schema's
/// fields whose `scope` is the tab's, so `graph`, `data` and unscoped fields are in no tab; a
/// `_url`/`_link` field is a link whose text is its `_url_text`/`_link_text` field ("Link"
/// without one) and those text fields are never rows; a multiselect's items are joined.
#[test]
fn metadata_fields_are_shown_in_the_tab_of_their_scope_and_links_with_their_text() {
    let site = Site::fixture("opensdg-quirks");
    let extra = "      - name: national_methodology_url\n        field:\n          label: Methodology\n          scope: national\n      - name: national_methodology_url_text\n        field:\n          label: Methodology link text\n          scope: national\n      - name: un_link\n        field:\n          label: UN page\n          scope: global\n      - name: graph_note\n        field:\n          label: Graph note\n          scope: graph\n      - name: unscoped_note\n        field:\n          label: Unscoped note\n      - name: collection\n        field:\n          label: Collection modes\n          element: multiselect\n          scope: national\n";
    site.edit(
        "metadata_schema.yml",
        "    meta:\n",
        &format!("    meta:\n{extra}"),
    );
    site.write("data/indicator_9-8-1.csv", "Year,Value\n2020,5\n");
    site.write(
        "meta/9-8-1.md",
        "---\nindicator_name: Broadband\nreporting_status: complete\nnational_methodology_url: https://stats.example.org/method\nnational_methodology_url_text: How [we] count\nun_link: https://unstats.un.org/sdgs/metadata/\ngraph_note: drawn from the survey\nunscoped_note: kept for the office\ncollection:\n  - Survey\n  - Census\n---\n",
    );
    site.build();
    let html = site.page("en/indicators/9-8-1/index.html");
    let text = main_text(&html);
    assert!(
        text.contains(
            "National metadata Methodology How [we] count Collection modes Survey, Census"
        ),
        "{text}"
    );
    assert!(text.contains("Global metadata UN page Link"), "{text}");
    assert!(
        html.contains(r#"<a href="https://stats.example.org/method">How [we] count</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="https://unstats.un.org/sdgs/metadata/">Link</a>"#));
    for hidden in [
        "Methodology link text",
        "drawn from the survey",
        "kept for the office",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} is in no tab: {text}");
    }
}

/// open-sdg `markdownify`s a definition in its metadata tab, HTML and all; chiso's lead and
/// catalogues take the text it shows, and its tab shows it rendered, sanitised.
#[test]
fn html_in_a_definition_is_rendered_in_its_tab_sanitised_and_read_as_text_in_the_lead() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "metadata_schema.yml",
        "    meta:\n",
        "    meta:\n      - name: indicator_definition\n        field:\n          label: Definition\n          scope: national\n",
    );
    site.write("data/indicator_9-8-2.csv", "Year,Value\n2020,5\n");
    site.write(
        "meta/9-8-2.md",
        "---\nindicator_name: Fixed broadband\nreporting_status: complete\nindicator_definition: '<p>Share of <a href=\"https://itu.example.org/def\" onclick=\"steal()\">homes</a>:</p><ul><li>cable</li><li>fibre</li></ul><script>alert(1)</script>'\n---\n",
    );
    site.build();
    let html = site.page("en/indicators/9-8-2/index.html");
    let section = &html[html.find(">Definition</h3>").expect(&html)..];
    assert!(section.contains("<li>cable</li>"), "{section}");
    assert!(
        section.contains(r#"<a href="https://itu.example.org/def""#),
        "{section}"
    );
    assert!(
        !html.contains("steal()") && !html.contains("alert(1)"),
        "sanitised"
    );
    let text = main_text(&html);
    assert!(
        text.contains("Share of homes: cable fibre"),
        "the lead: {text}"
    );
    assert!(!text.contains("<p>"), "{text}");
}

#[test]
fn progress_settings_feed_the_status_method() {
    let site = Site::fixture("opensdg-quirks");
    site.build();
    let target = main_text(&site.page("en/targets/1.1/index.html"));
    assert!(
        target.contains("Target value at most 5 by 2030"),
        "{target}"
    );
    assert!(target.contains("Baseline 12.5 (2015)"), "{target}");
    assert!(target.contains("Latest value: 9.6 (2018)"), "{target}");
    assert!(target.contains("Status ▲ On track"), "{target}");
    let without = main_text(&site.page("en/targets/1.2/index.html"));
    assert!(without.contains("Not assessed"), "{without}");
}

#[test]
fn problems_name_the_open_sdg_file_line_and_column() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "meta/1-2-1.yml",
        "reporting_status: inprogress",
        "reporting_status: [inprogress",
    );
    site.edit("data/indicator_1-2-1.csv", "2000 Q2,20.1", "2000 Q2,twenty");
    let problems = site.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("meta/1-2-1.yml:3:") && p.contains("valid YAML")),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"data/indicator_1-2-1.csv:3:2: Value: expected a number with . as decimal point, or a blank cell for no data, found \"twenty\"".to_string()),
        "{problems:?}"
    );
    // Lines count from 1 in files with Windows line ends too.
    site.edit(
        "data/indicator_1-1-1.csv",
        "2016,Percent,male ,,10.1",
        "2016,Percent,male ,,ten",
    );
    let problems = site.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("data/indicator_1-1-1.csv:5:5:")),
        "{problems:?}"
    );
}

#[test]
fn the_whole_us_repository_builds() {
    let site = corpus();
    let summary = site.build();
    let indicators: Vec<PathBuf> = std::fs::read_dir(site.out().join("en/indicators"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.path())
        .collect();
    // 247 ids with a dash: 238 data files, 249 metadata and 248 configuration files, minus
    // the oddly named copies (indicator_10_1_1.csv, 15.a.1.yml, 15_a_1.yml…).
    assert_eq!(indicators.len(), 247);
    assert_eq!(
        std::fs::read_dir(site.out().join("en/goals"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .count(),
        17
    );
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.to_string().contains("indicator_10_1_1.csv"))
    );

    let poverty = main_text(&site.page("en/indicators/1-2-1/index.html"));
    assert!(
        poverty.starts_with("Proportion of population living below the US poverty line"),
        "{poverty}"
    );
    assert!(
        poverty.contains("Period Sex Age Value 2000 Total Total 11.3 2000 Total 17 and under 16.2"),
        "{poverty}"
    );
    assert!(
        poverty.contains("2000 Female Total 12.6"),
        "code_map.csv and SEX.yml: {poverty}"
    );
    // A header-only file.
    let empty = main_text(&site.page("en/indicators/1-1-1/index.html"));
    assert!(
        empty.contains("There is no data for this indicator yet."),
        "{empty}"
    );
    // "2021-2022*": a range with a footnote marker, shown as written.
    let injuries = main_text(&site.page("en/indicators/8-8-1/index.html"));
    assert!(injuries.contains("2021-2022*"), "{injuries}");
    // Spreadsheet leftovers (Year,Value,,) are dropped.
    let csv = csv_rows(&site.page("data/indicators/3-2-1.csv"));
    assert_eq!(csv[0][..4], ["indicator", "period", "value", "unit"]);
    assert_eq!(csv[1][..3], ["3-2-1", "2000", "8.13"]);
    // Every data row of 1-2-1 is downloadable.
    let source = std::fs::read_to_string(site.path("data/indicator_1-2-1.csv")).unwrap();
    let rows = source
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(
        csv_rows(&site.page("data/indicators/1-2-1.csv")).len() - 1,
        rows
    );
}

#[test]
fn import_writes_a_chiso_portal_that_builds_to_the_same_pages() {
    let direct = corpus();
    // Site settings beside the Open SDG files, as a country would add them.
    direct.write(
        "chiso.toml",
        "title = \"U.S. SDG data\"\nlanguages = [\"en\"]\nbase_url = \"https://sdg.example.org/\"\n\
         publisher = { name = \"U.S. statistical agencies\", email = \"sdg@example.org\" }\n\
         license = { name = \"Public domain\", url = \"https://www.usa.gov/government-copyright\" }\n",
    );
    direct.build();
    let imported = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    let result =
        chiso::import::import(direct.root(), imported.root()).unwrap_or_else(|p| panic!("{p:?}"));
    assert!(result.warnings.iter().any(|w| {
        w.to_string()
            .contains("labels rewritten: \"2021-2022*\" as \"2021-2022\" (line ")
    }));
    assert!(imported.path("data/indicators/1-2-1.csv").is_file());
    assert!(imported.path("content/en/indicators/1-2-1.md").is_file());
    check(imported.root()).unwrap_or_else(|p| panic!("chiso check: {p:?}"));
    imported.build();

    let files = |site: &Site| -> Vec<(String, Vec<u8>)> {
        site.output_files()
            .into_iter()
            .map(|(path, bytes)| {
                let text =
                    String::from_utf8(bytes.clone()).map(|t| t.replace("2021-2022*", "2021-2022"));
                (path, text.map_or(bytes, String::into_bytes))
            })
            .collect()
    };
    let (a, b) = (files(&direct), files(&imported));
    let paths =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b));
    let differing: Vec<&str> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| x.0.as_str())
        .collect();
    // Only three things differ: the downloads of the indicator whose `status` column chiso
    // reserves (3-c-1, written as `status_dimension`, which names its SDMX dimension in its
    // files and the portal's SDMX structures too), the byte sizes and hashes of files
    // holding 8-8-1's `2021-2022*` (written as `2021-2022`): binary XLSX and the catalogues,
    // pages (the data hub among them) and feeds that give those files' sizes; and what
    // chiso's own format has no field for: 16-1-1's chart title from `graph_titles` and the
    // two age groups 3-7-2 shows from the start (`data_start_values`).
    assert_eq!(
        differing,
        [
            "catalog.jsonld",
            "catalog.ttl",
            "charts/en/indicators/16-1-1.svg",
            "charts/en/indicators/3-7-2.svg",
            "data/indicators.zip",
            "data/indicators/3-c-1.csv",
            "data/indicators/3-c-1.csv-metadata.json",
            "data/indicators/3-c-1.datapackage.json",
            "data/indicators/3-c-1.json",
            "data/indicators/3-c-1.sdmx.json",
            "data/indicators/3-c-1.sdmx.xml",
            "data/indicators/3-c-1.xlsx",
            "data/indicators/8-8-1.datapackage.json",
            "data/indicators/8-8-1.xlsx",
            "data/sdmx/structure.xml",
            "datapackage.json",
            "en/data/index.html",
            "en/embed/indicators/16-1-1/index.html",
            "en/embed/indicators/3-7-2/index.html",
            "en/feed.xml",
            "en/indicators/16-1-1/index.html",
            "en/indicators/3-7-2/index.html",
            "en/indicators/3-c-1/index.html"
        ]
    );
    // `data_start_values: [{field: AGE.AGE, value: AGE.Y10T14}, …]`, translation keys.
    let page = direct.page("en/indicators/3-7-2/index.html");
    assert!(
        page.contains(r#"data-series="1" data-label="10 to 14">"#),
        "shown from the start"
    );
    let page = direct.page("en/indicators/16-1-1/index.html");
    assert!(page.contains(">Rate of intentional homicide per 100,000 population</title>"));
}

#[test]
fn import_writes_what_chiso_files_can_hold_and_names_the_rest_once_per_file_and_kind() {
    let site = Site::fixture("opensdg-quirks");
    let mut csv = String::from("Year,Value\n");
    for year in 3..19 {
        csv.push_str(&format!("20{year:02}-{:02},{year}\n", year + 2));
    }
    csv.push_str("Baseline survey,1\nMidline survey,2\n");
    site.write("data/indicator_3-2-1.csv", &csv);
    let dest = tempfile::tempdir().unwrap();
    let target = dest.path().join("portal");
    let imported = chiso::import::import(site.root(), &target).unwrap_or_else(|p| panic!("{p:?}"));
    let about: Vec<String> = imported
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.starts_with("data/indicator_3-2-1.csv:"))
        .collect();
    let rewritten: Vec<&String> = about.iter().filter(|w| w.contains("rewritten")).collect();
    assert_eq!(
        rewritten.len(),
        1,
        "one notice for the file's rewrites: {about:#?}"
    );
    assert!(
        rewritten[0].starts_with("data/indicator_3-2-1.csv:2: expected periods in chiso's grammar, found 16 labels rewritten: \"2003-05\" as \"2003-2005\" (line 2), \"2004-06\" as \"2004-2006\" (line 3), \"2005-07\" as \"2005-2007\" (line 4) and 13 more"),
        "{}",
        rewritten[0]
    );
    let free_text: Vec<&String> = about.iter().filter(|w| w.contains("free-text")).collect();
    assert_eq!(free_text.len(), 1, "{about:#?}");
    assert!(
        free_text[0].contains("2 rows with a free-text period: \"Baseline survey\" left out (line 18), \"Midline survey\" left out (line 19)"),
        "{}",
        free_text[0]
    );
    let rows =
        csv_rows(&std::fs::read_to_string(target.join("data/indicators/3-2-1.csv")).unwrap());
    assert_eq!(
        rows.len(),
        17,
        "the 16 dated rows and the header are imported: {rows:?}"
    );
    assert_eq!(rows[1][0], "2003-2005");
    assert!(
        target.join("data/indicators/1-2-1.csv").is_file(),
        "the quirky file with a free-text row is imported too"
    );
}

#[test]
fn an_sdmx_break_is_not_described_as_a_rise_or_fall() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_1-1-1.csv",
        "Year,Units,OBS_STATUS,Value\n2015,Percent,,12.5\n2016,Percent,,11.8\n2018,Percent,B,9.6\n",
    );
    site.build();
    let page = site.page("en/indicators/1-1-1/index.html");
    assert!(
        page.contains("the series breaks between them, so the figures are not comparable"),
        "{page}"
    );
    assert!(!page.contains("fell from 12.5"));
}

#[test]
fn an_open_sdg_portal_passes_the_same_whole_portal_checks_as_a_chiso_one() {
    let site = Site::fixture("opensdg-quirks");
    let mut checked = check(site.root()).expect("the repository is read");
    let mut problems = chiso::problem::Problems::default();
    chiso::validate::portal::check(&checked.portal, &mut problems);
    assert!(problems.is_empty(), "as read, every reference resolves");
    // The same checks find what a reader that left a dangling reference would produce.
    let goal = &mut checked.portal.goals[0];
    let file = goal.file.clone();
    goal.targets[0].indicators.push("9-z-9".into());
    checked.portal.indicators[0].unit = "no-such-unit".into();
    chiso::validate::portal::check(&checked.portal, &mut problems);
    let found: Vec<String> = problems
        .into_sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        found.iter().any(|p| p.starts_with(&format!("{}: targets.indicators: expected the id of an indicator of the portal, found \"9-z-9\"", file.display()))),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("unit: expected a unit of the portal, found \"no-such-unit\"")),
        "{found:#?}"
    );
}

/// sdg-build's `filter_headline()` drops the non-disaggregation columns (Open SDG's defaults,
/// `open_sdg_indicator_options_defaults()`, and the repository's `indicator_options`) before it
/// takes the rows whose other columns are all blank as the headline: a `Unit multiplier` on
/// every row, or a configured `Progress` column, is no sub-series.
#[test]
fn columns_that_are_not_disaggregations_never_split_the_headline() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "config_data.yml",
        "schema_file: metadata_schema.yml",
        "schema_file: metadata_schema.yml\nindicator_options:\n  non_disaggregation_columns:\n    - Year\n    - Units\n    - Value\n    - Progress\n  observation_attributes:\n    - COMMENT_OBS",
    );
    site.write(
        "data/indicator_3-1-1.csv",
        "Year,Sex,Unit multiplier,Observation status,Progress,Value\n\
         2013,Female,Units,Normal value,up,5\n\
         2014,Female,Units,Normal value,up,6\n\
         2010,,Units,Normal value,,1\n\
         2011,,Units,Estimated value,,2\n",
    );
    site.build();
    let html = site.page("en/indicators/3-1-1/index.html");
    let page = main_text(&html);
    assert!(page.contains("Period Sex Value"), "{page}");
    assert!(
        !page.contains("Unit multiplier") && !page.contains("Progress"),
        "not dimensions: {page}"
    );
    assert!(
        page.contains("Notes Observation status: Estimated value"),
        "a status that qualifies the value is a note: {page}"
    );
    assert!(
        !page.contains("Normal value"),
        "the normal one is not: {page}"
    );
    let svg = chart(&html);
    assert!(
        svg.contains("rose from 1 in 2010 to 2 in 2011"),
        "the total is the headline: {svg}"
    );
    let csv = csv_rows(&site.page("data/indicators/3-1-1.csv"));
    assert_eq!(csv[0][..4], ["indicator", "period", "value", "Sex"]);
}

#[test]
fn an_infinite_cell_is_no_value_with_a_warning_naming_it_not_a_stopped_build() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_3-2-1.csv",
        "Year,Value\n2019,4\n2020,Inf\n2021,-inf\n",
    );
    let summary = site.build();
    let named = warnings_containing(&summary, "indicator_3-2-1.csv");
    assert_eq!(named.len(), 2, "{named:#?}");
    assert!(
        named[0].starts_with("data/indicator_3-2-1.csv:3:2: Value: expected a figure (pandas reads this cell as infinity"),
        "{}",
        named[0]
    );
    let csv = csv_rows(&site.page("data/indicators/3-2-1.csv"));
    let values: Vec<&str> = csv[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(values, ["4", "", ""]);
}

#[test]
fn an_open_sdg_repository_is_built_into_site_leaving_its_own_public_folder_alone() {
    let site = Site::fixture("opensdg-quirks");
    site.write("public/robots.txt", "User-agent: *\n");
    let output = common::chiso_command()
        .args(["build", "--quiet", site.root().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(site.path("_site/en/indicators/1-1-1/index.html").is_file());
    assert_eq!(site.read_source("public/robots.txt"), "User-agent: *\n");
}

#[test]
fn year_ranges_written_yyyy_yy_are_ranges_unless_the_file_says_months() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_3-3-1.csv",
        "Year,Value\n2003-05,10\n2004-06,9\n2010-12,8\n2011-13,7\n",
    );
    site.write(
        "data/indicator_3-3-2.csv",
        "Year,Value\n2010-11,10\n2010-12,9\n2011-01,8\n",
    );
    let summary = site.build();
    let ranges = chart(&site.page("en/indicators/3-3-1/index.html")).to_string();
    assert!(
        ranges.contains("2011-13") && ranges.contains("fell from 10 in 2003-05 to 7 in 2011-13"),
        "every label is on the time axis as a range: {ranges}"
    );
    let months = chart(&site.page("en/indicators/3-3-2/index.html")).to_string();
    assert!(months.contains("2011-01"), "months stay months: {months}");
    let said: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        said.iter().any(|w| w.starts_with("data/indicator_3-3-1.csv: expected periods of Open SDG's labels, found 2003-05 … 2011-13: 4 labels read as ranges of years")),
        "{said:#?}"
    );
    assert!(
        !said
            .iter()
            .any(|w| w.contains("indicator_3-3-2.csv: expected periods")),
        "{said:#?}"
    );
}

#[test]
fn numbered_steps_are_charted_in_order_and_years_among_them_stay_years() {
    // open-sdg charts a file's Year labels as Chart.js categories in sorted order, whatever
    // they are: `1`…`10` (a programme's years) get a chart, ordered as numbers.
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_3-3-1.csv",
        "Year,Value\n10,7\n2,4\n1,3\n3,5\n",
    );
    site.write("data/indicator_3-3-2.csv", "Year,Value\n5,1\n2015,2\n");
    let summary = site.build();
    let steps = chart(&site.page("en/indicators/3-3-1/index.html")).to_string();
    assert!(
        steps.contains("rose from 3 in 1 to 7 in 10"),
        "the steps are on the axis in their order: {steps}"
    );
    let said: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        said.iter().any(|w| w.starts_with("data/indicator_3-3-1.csv: expected periods of Open SDG's labels, found 1 … 10: 4 labels read as numbered steps in order")),
        "{said:#?}"
    );
    // Beside a year, `5` is not a step: it stays free text, off the chart, in the table.
    let mixed = site.page("en/indicators/3-3-2/index.html");
    assert!(!chart(&mixed).contains(">5<"), "{}", chart(&mixed));
    assert!(
        !said
            .iter()
            .any(|w| w.contains("indicator_3-3-2.csv: expected periods")),
        "{said:#?}"
    );
}

#[test]
fn two_part_ids_and_a_folded_standalone_are_placed_as_sdg_build_places_them() {
    let site = Site::fixture("opensdg-quirks");
    site.write("data/indicator_3-4.csv", "Year,Value\n2020,1\n");
    site.write("data/indicator_9-9-9.csv", "Year,Value\n2020,1\n");
    site.write(
        "meta/9-9-9.md",
        "---\nindicator_name: A national indicator\nstandalone: true This, or part of it, is national\n---\n",
    );
    site.build();
    let goal = main_text(&site.page("en/goals/3/index.html"));
    assert!(
        goal.contains("3.4"),
        "a two-part id is under its goal and target: {goal}"
    );
    let page = main_text(&site.page("en/indicators/9-9-9/index.html"));
    assert!(
        !page.contains("Goal 9"),
        "a standalone indicator has no goal: {page}"
    );
}

#[test]
fn two_rows_with_the_same_period_and_disaggregation_but_other_figures_are_named() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_3-5-1.csv",
        "Year,Sex,Value\n2020,,1.5\n2020,F,2\n2020,,1.7\n",
    );
    let summary = site.build();
    let said: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        said.iter().any(|w| w == "data/indicator_3-5-1.csv:4: expected one figure per period and disaggregation (line 2 has 1.5 for the same), found period \"2020\" with 1.7"),
        "{said:#?}"
    );
}

#[test]
fn figures_are_published_as_written_and_shown_with_the_configured_precision() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_3-2-1.csv",
        "Year,Value\n2018,8e-04\n2019,1e-04\n2020,-0.22999999999999998\n2021,12.3456\n",
    );
    // open-sdg rounds what charts and tables show to `precision[0].decimals`
    // (indicatorView's `getPrecision`); sdg-build's CSV and JSON keep what pandas read.
    site.write(
        "meta/3-2-1.md",
        "---\ntitle: Mortality\nreporting_status: complete\nprecision:\n  - decimals: 2\n---\n",
    );
    let summary = site.build();
    let csv = csv_rows(&site.page("data/indicators/3-2-1.csv"));
    let values: Vec<&str> = csv[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        values,
        ["0.0008", "0.0001", "-0.22999999999999998", "12.3456"]
    );
    let noise = warnings_containing(&summary, "binary noise");
    assert_eq!(noise.len(), 1, "{noise:#?}");
    assert!(
        noise[0].starts_with("data/indicator_3-2-1.csv:4:2: Value: "),
        "{}",
        noise[0]
    );
    let page = visible_text(&site.page("en/indicators/3-2-1/index.html"));
    assert!(page.contains("2021 12.35"), "shown to 2 decimals: {page}");
    assert!(page.contains("2020 -0.23"), "{page}");
    assert!(page.contains("2018 0.00"), "{page}");
}

#[test]
fn an_indicator_page_stays_under_a_megabyte_whatever_its_data() {
    let site = Site::fixture("opensdg-quirks");
    let mut csv = String::from("Year,Sex,Age,Region,Value\n");
    for year in 1995..2025 {
        csv.push_str(&format!("{year},,,,{year}.5\n"));
        for sex in ["Female", "Male"] {
            for age in 0..10 {
                for region in 0..20 {
                    csv.push_str(&format!(
                        "{year},{sex},Y{age},Region {region},{age}.{region}\n"
                    ));
                }
            }
        }
    }
    site.write("data/indicator_3-2-1.csv", &csv);
    site.build();
    let html = site.page("en/indicators/3-2-1/index.html");
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
    let text = visible_text(&html);
    assert!(
        text.contains("This table shows 1000 of 12030 observations: the headline series whole, then the latest periods. Every observation is in the downloads."),
        "{}",
        &text[..2000]
    );
    assert!(
        text.contains("1995 Total"),
        "the headline's first period is there"
    );
    assert!(
        html.contains("The chart offers 30 of the 401 series"),
        "the chart says what it leaves out"
    );
    let rows = csv_rows(&site.page("data/indicators/3-2-1.csv"));
    assert_eq!(
        rows.len(),
        12_031,
        "the download holds every row and its header"
    );
}

#[test]
fn a_placeholder_row_is_recognised_by_rule_not_by_its_words() {
    let site = Site::fixture("opensdg-quirks");
    for (file, sentence) in [
        (
            "data/indicator_3-2-1.csv",
            "There is no data for this indicator yet",
        ),
        ("data/indicator_3-3-1.csv", "Data not yet available"),
    ] {
        site.write(file, format!("Year,Value\n{sentence},\n"));
    }
    let summary = site.build();
    let placeholders = warnings_containing(&summary, "is a placeholder: skipped").len();
    assert_eq!(placeholders, 2);
    for id in ["3-2-1", "3-3-1"] {
        let csv = csv_rows(&site.page(&format!("data/indicators/{id}.csv")));
        assert_eq!(csv.len(), 1, "no observation in {id}: {csv:?}");
    }
}

#[test]
fn no_break_spaces_indenting_yaml_are_read_as_pyyaml_reads_them_with_a_warning_at_their_line() {
    let site = Site::fixture("opensdg-quirks");
    site.write("data/indicator_3-2-1.csv", "Year,Value\n2020,4\n");
    // PyYAML folds the continuation line into the title; YAML 1.2 parsers refuse it.
    site.write(
        "meta/3-2-1.md",
        "---\ntitle: \"Maternal mortality\n\u{a0}\u{a0}ratio\"\nreporting_status: complete\n---\n",
    );
    let summary = site.build();
    let warnings = warnings_containing(&summary, "U+00A0");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "meta/3-2-1.md:3:1: expected indentation with spaces, found a no-break space"
        ),
        "{}",
        warnings[0]
    );
    let page = visible_text(&site.page("en/indicators/3-2-1/index.html"));
    assert!(page.contains("Maternal mortality ratio"), "{page}");
}

/// PyYAML strips a tab starting a continuation line of a quoted value as it strips spaces;
/// YAML 1.2 parsers take the tab for indentation and refuse the file. Where PyYAML refuses a
/// tab too (indenting a mapping), so does chiso, at the tab.
#[test]
fn tabs_starting_lines_of_quoted_yaml_values_are_read_as_pyyaml_reads_them() {
    let site = Site::fixture("opensdg-quirks");
    site.write("data/indicator_3-2-1.csv", "Year,Value\n2020,4\n");
    site.write("data/indicator_3-2-2.csv", "Year,Value\n2020,4\n");
    site.write(
        "meta/3-2-1.md",
        "---\ntitle: \"Maternal\n  \tmortality\n\tratio\"\nreporting_status: complete\n---\n",
    );
    site.write(
        "meta/3-2-2.md",
        "---\ntitle: 'Neonatal\n\tmortality'\nreporting_status: complete\n---\n",
    );
    let summary = site.build();
    let warnings = warnings_containing(&summary, "a tab starting a line");
    // A tab after spaces (line 3) is white space to both; a tab starting a line is not.
    assert_eq!(warnings.len(), 2, "one per line refused: {warnings:#?}");
    assert!(
        warnings[0].starts_with("meta/3-2-1.md:4:1: expected indentation with spaces, found a tab"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with("meta/3-2-2.md:3:1:"),
        "{warnings:#?}"
    );
    let page = visible_text(&site.page("en/indicators/3-2-1/index.html"));
    assert!(page.contains("Maternal mortality ratio"), "{page}");
    let page = visible_text(&site.page("en/indicators/3-2-2/index.html"));
    assert!(page.contains("Neonatal mortality"), "{page}");

    site.write("meta/3-2-2.md", "---\ntitle: T\nsub:\n\tkey: 1\n---\n");
    let Err(problems) = check(site.root()) else {
        panic!("PyYAML refuses a tab indenting a mapping");
    };
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        said.iter().any(|p| p.starts_with("meta/3-2-2.md:4:")),
        "{said:#?}"
    );
}

/// open-sdg's indicator configuration (docs/indicator-configuration.md, "unit-specific and
/// series-specific settings"): `graph_titles`, `graph_limits`, `graph_target_lines` and
/// `graph_annotations` apply while the reader looks at their unit (and series), or always
/// when they name none. chiso's chart draws the headline first, so the items for the
/// headline's unit are the ones drawn.
#[test]
fn graph_titles_limits_target_lines_and_annotations_apply_to_their_unit() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_9-2-1.csv",
        "Year,Units,Sex,Value\n2015,Percent,,40\n2016,Percent,,45\n2016,Percent,Female,50\n2015,Number,,400\n2016,Number,,450\n",
    );
    site.write(
        "meta/9-2-1.md",
        "---\nindicator_name: Access to services\nreporting_status: complete\ngraph_titles:\n  - unit: Percent\n    title: Share of people with access\n  - unit: Number\n    title: People with access\ngraph_limits:\n  - unit: Percent\n    minimum: 0\n    maximum: 100\ngraph_target_lines:\n  - unit: Percent\n    value: 90\n    label_content: 2030 target\n  - unit: Number\n    value: 1000\ngraph_annotations:\n  - value: 3\n    mode: vertical\n  - value: 0.5\n    mode: vertical\n    label:\n      content: New survey\n  - unit: Percent\n    value: 60\n    label:\n      content: Regional average\n---\n",
    );
    site.build();
    let page = site.page("en/indicators/9-2-1/index.html");
    let svg = chart(&page);
    assert!(
        svg.contains(">Share of people with access</title>"),
        "{svg}"
    );
    assert!(svg.contains(">2030 target</text>"), "{svg}");
    assert!(svg.contains(">Regional average</text>"), "{svg}");
    assert!(!svg.contains("People with access"));
    // A vertical annotation's value is a position among the chart's periods (Chart.js's
    // category axis, open-sdg's docs/indicator-configuration.md): 0.5 is halfway between 2015
    // and 2016; 3 is past the last of the two, so drawn nowhere, as open-sdg draws it.
    assert_eq!(svg.matches(r#"<g class="moment">"#).count(), 1, "{svg}");
    assert!(svg.contains(">New survey</text>"), "{svg}");
    assert!(svg.contains("New survey (2016)."), "{svg}");
    // The axis reaches the limit (the data stop at 50)…
    assert!(svg.contains(">100</text>"), "{svg}");
    // …and a line without a deadline has no deadline's diamond.
    let target = &svg[svg.find(r#"<g class="target">"#).unwrap()..];
    assert!(
        !target[..target.find("</g>").unwrap()].contains("<path"),
        "{target}"
    );
}

/// open-sdg's indicator page (`_includes/components/indicator/…`): a data notice
/// (`data_notice_heading`, `data_notice_text`) at the top, `page_content` above the data, and
/// `data_footnote` under it.
#[test]
fn the_data_notice_page_content_and_data_footer_are_shown() {
    let site = Site::fixture("opensdg-quirks");
    site.write("data/indicator_9-3-1.csv", "Year,Value\n2020,5\n");
    site.write(
        "meta/9-3-1.md",
        "---\nindicator_name: Broadband\nreporting_status: complete\ndata_notice_heading: Provisional\ndata_notice_text: Figures for 2020 will be revised.\npage_content: Broadband means 10 Mbit/s or more.\ndata_footnote: Households with a fixed line.\ncopyright: © 2021 Statistics Office\nnational_geographical_coverage: Whole country\nfooter_fields:\n  - label: Survey round\n    value: Round 3\n  - label: Revision\n    value: Rebased\n    unit: Percent\n---\nThe narrative.\n",
    );
    site.build();
    let text = main_text(&site.page("en/indicators/9-3-1/index.html"));
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {text}"))
    };
    assert!(at("Provisional") < at("Figures for 2020 will be revised."));
    assert!(at("Figures for 2020 will be revised.") < at("The narrative."));
    assert!(at("The narrative.") < at("Broadband means 10 Mbit/s or more."));
    // open-sdg's data footer (`data-footer.html`), in its order.
    assert!(at("Broadband means") < at("Geographical area: Whole country"));
    assert!(at("Geographical area: Whole country") < at("Copyright: © 2021 Statistics Office"));
    assert!(at("Copyright: ©") < at("Footnote: Households with a fixed line."));
    assert!(at("Footnote: Households") < at("Survey round: Round 3"));
    assert!(at("Survey round: Round 3") < at("Revision (Percent): Rebased"));
}

/// Open SDG sites often add the reporting status `notapplicable` (site config
/// `reporting_status.status_types`); chiso knows it, and lists it only where it is used.
#[test]
fn a_not_applicable_indicator_is_reported_so_not_as_not_started() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "meta/9-4-1.md",
        "---\nindicator_name: Coral reefs\nreporting_status: notapplicable\n---\n",
    );
    site.build();
    let page = main_text(&site.page("en/indicators/9-4-1/index.html"));
    assert!(page.contains("Not applicable"), "{page}");
    assert!(!page.contains("Not started"), "{page}");
    let reporting = main_text(&site.page("en/reporting/index.html"));
    assert!(reporting.contains("Not applicable"), "{reporting}");
    let index = site.page("en/indicators/index.html");
    assert!(index.contains("Not applicable"));
    // A portal without it has no such column.
    let plain = Site::fixture("opensdg-quirks");
    plain.build();
    assert!(!main_text(&plain.page("en/reporting/index.html")).contains("Not applicable"));
}

/// open-sdg lists every reporting status its indicators have (sdg-build's
/// `stats.reporting_status` collects the values as found) and groups them by each
/// `reporting_status_extra_fields` field too, standalone indicators left out and indicators
/// without the field as `status.not_specified`.
#[test]
fn a_status_of_the_repository_s_own_and_extra_fields_are_on_the_reporting_page() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "config_data.yml",
        "schema_file:",
        "reporting_status_extra_fields:\n  - un_designated_tier\nschema_file:",
    );
    site.write(
        "meta/9-4-1.md",
        "---\nindicator_name: Coral reefs\nreporting_status: data_being_sourced\nun_designated_tier: 2\n---\n",
    );
    site.write(
        "meta/9-4-2.md",
        "---\nindicator_name: Mangroves\nreporting_status: data_being_sourced\nun_designated_tier: 10\n---\n",
    );
    site.write(
        "meta/9-4-3.md",
        "---\nindicator_name: Seagrass\nreporting_status: complete\nun_designated_tier: 2\n---\n",
    );
    let summary = site.build();
    let page = main_text(&site.page("en/indicators/9-4-1/index.html"));
    assert!(page.contains("Data being sourced"), "{page}");
    let reporting = main_text(&site.page("en/reporting/index.html"));
    assert!(
        reporting.contains("Complete In progress Not started Data being sourced"),
        "the repository's own status is a column after open-sdg's: {reporting}"
    );
    // By tier: 2 before 10 (numbers as numbers), the rest not specified, each with its
    // counts per status and total.
    let by_tier = &reporting[reporting
        .find("Reporting status by Un designated tier")
        .expect(&reporting)..];
    assert!(by_tier.contains("Value Complete In progress Not started Data being sourced Total 2 1 0 0 1 2 10 0 0 0 1 1 Not specified"), "{by_tier}");
    let said: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    let own: Vec<&String> = said
        .iter()
        .filter(|w| w.contains("status of its own"))
        .collect();
    assert_eq!(
        own.len(),
        1,
        "one warning per status, not per indicator: {said:#?}"
    );
    assert!(
        own[0].starts_with("meta/9-4-1.md:3:") && own[0].contains("\"data_being_sourced\" on 2 indicator(s): listed as a status of its own, \"Data being sourced\""),
        "{own:?}"
    );
    let index = site.page("en/indicators/index.html");
    assert!(
        index.contains(r#"value="data-being-sourced""#),
        "the list filters by it"
    );
}

/// sdg-build's `InputCsvData` reads the data files its `path_pattern` matches
/// (`data/*-*.csv` by default), an indicator's id being the file name without `indicator_`
/// (`convert_path_to_indicator_id`): `data/archived-7-b-1.csv` is indicator `archived-7-b-1`.
#[test]
fn data_files_are_selected_by_the_configured_path_pattern_with_sdg_build_ids() {
    let site = Site::fixture("opensdg-quirks");
    site.write("data/archived-7-b-1.csv", "Year,Value\n2019,3\n");
    site.write(
        "meta/archived-7-b-1.md",
        "---\nindicator_name: An archived indicator\nstandalone: true\n---\n",
    );
    let summary = site.build();
    assert!(
        site.page("en/indicators/archived-7-b-1/index.html")
            .contains("An archived indicator")
    );
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    let left_out = warnings
        .iter()
        .find(|w| w.contains("left out as sdg-build leaves them out"))
        .expect("a warning");
    assert!(left_out.contains("\"data/*-*.csv\""), "{left_out}");
    assert!(left_out.contains("data/indicator_2_2_1.csv"), "{left_out}");

    // A pattern of the repository's own: underscore names are read, dashed ones are not.
    let config = site.read_source("config_data.yml");
    site.write(
        "config_data.yml",
        config.replace(
            "path_pattern: data/*-*.csv",
            "path_pattern: data/indicator_*.csv",
        ),
    );
    let summary = site.build();
    assert!(site.page("en/indicators/2_2_1/index.html").contains("<h1"));
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(
            |w| w.contains("\"data/indicator_*.csv\"") && w.contains("data/archived-7-b-1.csv")
        ),
        "{warnings:#?}"
    );
}

/// open-sdg's `graph_series_breaks` (docs/indicator-configuration.md): `value` is a position
/// among the chart's years, 1.5 being between the second and the third. The line is not
/// joined across it and no rise or fall is read across it.
#[test]
fn a_graph_series_break_splits_the_line_between_the_years_it_names() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_9-5-1.csv",
        "Year,Value\n2015,10\n2016,12\n2017,30\n2018,32\n",
    );
    site.write(
        "meta/9-5-1.md",
        "---\nindicator_name: Recorded crime\nreporting_status: complete\ngraph_series_breaks:\n  - value: 1.5\n---\n",
    );
    site.build();
    let svg = chart(&site.page("en/indicators/9-5-1/index.html")).to_string();
    let headline = &svg[svg.find(r#"data-series="0""#).unwrap()..];
    let headline = &headline[..headline.find("</g>").unwrap()];
    let d = headline.split(r#"class="line" d=""#).nth(1).unwrap();
    let d = &d[..d.find('"').unwrap()];
    assert_eq!(d.matches('M').count(), 2, "two strokes: {d}");
    assert!(!svg.contains("rose from"), "{svg}");
}

/// open-sdg's Sources tab lists each source's details under its name; chiso's citation note
/// holds them, labelled, after the source's own notes.
#[test]
fn source_details_are_shown_with_their_labels() {
    let site = Site::fixture("opensdg-quirks");
    site.write("data/indicator_9-6-1.csv", "Year,Value\n2020,5\n");
    site.write(
        "meta/9-6-1.md",
        "---\nindicator_name: Internet use\nreporting_status: complete\nsource_active_1: true\nsource_organisation_1: Statistics Office\nsource_notes_1: Household survey.\nsource_agency_staff_name_1: A. Nguyen\nsource_periodicity_1: Annual\nsource_next_release_1: June 2025\nsource_contact_1: stats@example.org\nsource_url_1: https://stats.example.org/ict\nsource_url_text_1: Survey tables\n---\n",
    );
    site.build();
    let html = site.page("en/indicators/9-6-1/index.html");
    let text = main_text(&html);
    // Every field of the source is shown, those without a word of their own by their name.
    assert!(
        text.contains("Household survey. Periodicity: Annual. Next release: June 2025. Contact: stats@example.org. Agency staff name: A. Nguyen."),
        "{text}"
    );
    // The address is a link that says its `source_url_text`, as open-sdg's Sources tab.
    assert!(
        html.contains(r#"<cite>Statistics Office</cite> · <a href="https://stats.example.org/ict">Survey tables</a>"#),
        "{html}"
    );
    let vi = main_text(&site.page("vi/indicators/9-6-1/index.html"));
    assert!(vi.contains("Định kỳ: Annual."), "{vi}");
}

/// open-sdg's `data_start_values`: the indicator loads with those disaggregation values
/// selected. chiso's chart shows their series from the start, beside the headline, without
/// the script and in its images too.
#[test]
fn data_start_values_show_their_series_from_the_start() {
    let site = Site::fixture("opensdg-quirks");
    site.write(
        "data/indicator_9-7-1.csv",
        "Year,Sex,Value\n2015,,10\n2016,,12\n2015,Female,9\n2016,Female,11\n2015,Male,11\n2016,Male,13\n2015,Other,10\n2016,Other,12\n",
    );
    site.write(
        "meta/9-7-1.md",
        "---\nindicator_name: Literacy\nreporting_status: complete\ndata_start_values:\n  - field: Sex\n    value: Female\n  - field: Sex\n    value: Other\n---\n",
    );
    site.build();
    let svg = chart(&site.page("en/indicators/9-7-1/index.html")).to_string();
    let group = |label: &str| {
        let at = svg
            .find(&format!(r#"data-label="{label}""#))
            .unwrap_or_else(|| panic!("{label} in {svg}"));
        svg[at..at + svg[at..].find('>').unwrap()].to_string()
    };
    // Two values of one field select two series.
    assert!(!group("Female").contains(r#"display="none""#));
    assert!(!group("Other").contains(r#"display="none""#));
    assert!(group("Male").contains(r#"display="none""#));
    assert!(
        site.page("charts/en/indicators/9-7-1.svg")
            .contains(r#"data-label="Female""#)
    );
}

/// sdg-build reads every configured input; chiso reads the repository's standard files only
/// (`InputCsvData`, `InputYamlMdMeta`, `InputYamlMeta`), never downloads, and names every
/// other input where it is configured rather than skip it without a word.
#[test]
fn an_input_chiso_does_not_read_is_named_at_its_line() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "config_data.yml",
        "inputs:\n",
        "inputs:\n  - class: InputSdmxJson\n    source: https://example.org/sdmx.json\n",
    );
    let warned = warnings(&site);
    let unread: Vec<&String> = warned
        .iter()
        .filter(|w| w.contains("not read: the indicators get no data or metadata from it"))
        .collect();
    assert_eq!(unread.len(), 1, "{warned:?}");
    assert!(
        unread[0].starts_with("config_data.yml:8:")
            && unread[0].contains("the input class \"InputSdmxJson\""),
        "{unread:?}"
    );
}

/// A small DSD: a `CL_SERIES` code annotated with its indicator, as the global SDG DSD
/// annotates them, and the concepts and code lists of SEX.
const SDMX_DSD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<mes:Structure xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:str="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
<mes:Structures>
<str:Codelists>
<str:Codelist id="CL_SERIES" agencyID="IAEG-SDGs" version="1.0"><com:Name xml:lang="en">Series</com:Name>
<str:Code id="SI_POV_DAY1"><com:Annotations><com:Annotation><com:AnnotationTitle>Indicator</com:AnnotationTitle><com:AnnotationText xml:lang="en">5.4.1 Proportion of time spent on unpaid care</com:AnnotationText></com:Annotation></com:Annotations><com:Name xml:lang="en">Poverty rate</com:Name></str:Code>
</str:Codelist>
<str:Codelist id="CL_SEX" agencyID="IAEG-SDGs" version="1.0"><com:Name xml:lang="en">Sex</com:Name>
<str:Code id="F"><com:Name xml:lang="en">Female</com:Name></str:Code><str:Code id="M"><com:Name xml:lang="en">Male</com:Name></str:Code><str:Code id="_T"><com:Name xml:lang="en">Total</com:Name></str:Code>
</str:Codelist>
</str:Codelists>
<str:Concepts><str:ConceptScheme id="CS" agencyID="IAEG-SDGs" version="1.0"><com:Name xml:lang="en">Concepts</com:Name>
<str:Concept id="SEX"><com:Name xml:lang="en">Sex</com:Name></str:Concept>
<str:Concept id="SERIES"><com:Name xml:lang="en">Series</com:Name></str:Concept>
</str:ConceptScheme></str:Concepts>
<str:DataStructures><str:DataStructure id="SDG" agencyID="IAEG-SDGs" version="1.0"><com:Name xml:lang="en">SDG</com:Name><str:DataStructureComponents><str:DimensionList id="DimensionDescriptor">
<str:Dimension id="SERIES" position="1"><str:LocalRepresentation><str:Enumeration><Ref id="CL_SERIES" agencyID="IAEG-SDGs" version="1.0"/></str:Enumeration></str:LocalRepresentation></str:Dimension>
<str:Dimension id="SEX" position="2"><str:LocalRepresentation><str:Enumeration><Ref id="CL_SEX" agencyID="IAEG-SDGs" version="1.0"/></str:Enumeration></str:LocalRepresentation></str:Dimension>
</str:DimensionList></str:DataStructureComponents></str:DataStructure></str:DataStructures>
</mes:Structures>
</mes:Structure>
"#;

/// sdg-build's `InputSdmxMl_Multiple` (inputs/InputSdmxMl_Multiple.py, InputSdmx.py): every
/// file of `path_pattern`, structure-specific or generic; each series goes to the indicators
/// its SERIES code's `Indicator` annotation names in the DSD; dimensions are named by their
/// concepts and codes by their code lists, a total `_T` blank; columns with one value only
/// are dropped (`drop_singleton_dimensions`).
#[test]
fn sdmx_ml_inputs_are_read_with_their_dsd_as_sdg_build_reads_them() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "config_data.yml",
        "inputs:\n",
        "inputs:\n  - class: InputSdmxMl_Multiple\n    path_pattern: sdmx/*.xml\n    dsd: sdmx-dsd/dsd.xml\n",
    );
    site.write("sdmx-dsd/dsd.xml", SDMX_DSD);
    site.write(
        "sdmx/poverty--structure-specific.xml",
        r#"<?xml version="1.0"?>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific">
<message:DataSet ss:structureRef="SDG">
<Series FREQ="A" SERIES="SI_POV_DAY1" SEX="_T" UNIT_MEASURE="PT">
<Obs TIME_PERIOD="2020" OBS_VALUE="100" OBS_STATUS="A"/>
<Obs TIME_PERIOD="2021" OBS_VALUE="120" OBS_STATUS="A"/>
</Series>
<Series FREQ="A" SERIES="SI_POV_DAY1" SEX="F" UNIT_MEASURE="PT">
<Obs TIME_PERIOD="2020" OBS_VALUE="70" OBS_STATUS="A"/>
<Obs TIME_PERIOD="2021" OBS_VALUE="oops" OBS_STATUS="A"/>
</Series>
<Series FREQ="A" SERIES="XX_UNKNOWN" SEX="_T" UNIT_MEASURE="PT">
<Obs TIME_PERIOD="2020" OBS_VALUE="1"/>
</Series>
</message:DataSet>
</message:StructureSpecificData>
"#,
    );
    // A value that is no number is named at the line of its observation, as in a CSV.
    let problems = match check(site.root()) {
        Ok(_) => panic!("\"oops\" is no number"),
        Err(problems) => problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert_eq!(
        problems,
        [
            "sdmx/poverty--structure-specific.xml:10: Value: expected a number with . as decimal point, or a blank cell for no data, found \"oops\""
        ]
    );
    site.edit("sdmx/poverty--structure-specific.xml", "\"oops\"", "\"80\"");
    let warned = warnings(&site);
    assert!(
        warned
            .iter()
            .any(|w| w.contains("\"XX_UNKNOWN\", left out as sdg-build leaves them out")),
        "{warned:?}"
    );
    site.build();
    let page = main_text(&site.page("en/indicators/5-4-1/index.html"));
    // FREQ, UNIT_MEASURE and OBS_STATUS have one value each: dropped. SEX is named by its
    // concept, F by its code list, and the total charted as the headline.
    assert!(page.contains("Period Sex Value"), "{page}");
    assert!(page.contains("2020 Female 70"), "{page}");
    assert!(page.contains("2021 Female 80"), "{page}");
    let csv = csv_rows(&site.page("data/indicators/5-4-1.csv"));
    assert_eq!(csv.len(), 5, "{csv:?}");
    let chart = chart(&site.page("en/indicators/5-4-1/index.html")).to_string();
    assert!(
        chart.contains("rose from 100 in 2020 to 120 in 2021"),
        "{chart}"
    );
}

/// Without a DSD in the repository (sdg-build downloads the global SDG one, chiso downloads
/// nothing) a series goes to the indicator its file is named for, ids and codes as written,
/// and a warning says so; a generic data message is read as well.
#[test]
fn an_sdmx_input_without_a_dsd_goes_by_file_name_with_a_warning() {
    let site = Site::fixture("opensdg-quirks");
    site.edit(
        "config_data.yml",
        "inputs:\n",
        "inputs:\n  - class: InputSdmxMl_Multiple\n    path_pattern: sdmx/*.xml\n",
    );
    site.write(
        "sdmx/1-4-1--structure.xml",
        r#"<?xml version="1.0"?>
<message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic">
<message:DataSet>
<generic:Series>
<generic:SeriesKey><generic:Value id="SERIES" value="SP_ACS_BSRVH2O"/><generic:Value id="SEX" value="_T"/></generic:SeriesKey>
<generic:Obs><generic:ObsDimension value="2019"/><generic:ObsValue value="91.5"/></generic:Obs>
<generic:Obs><generic:ObsDimension value="2021"/><generic:ObsValue value="94"/></generic:Obs>
</generic:Series>
<generic:Series>
<generic:SeriesKey><generic:Value id="SERIES" value="SP_ACS_BSRVH2O"/><generic:Value id="SEX" value="F"/></generic:SeriesKey>
<generic:Obs><generic:ObsDimension value="2021"/><generic:ObsValue value="95"/></generic:Obs>
<generic:Obs><generic:ObsDimension value="2022"/></generic:Obs>
</generic:Series>
</message:DataSet>
</message:GenericData>
"#,
    );
    let warned = warnings(&site);
    assert!(
        warned.iter().any(|w| w.starts_with("config_data.yml:8:")
            && w.contains("the global SDG DSD, sdg-build's default")
            && w.contains("series go to the indicator their file is named for")),
        "{warned:?}"
    );
    site.build();
    let page = main_text(&site.page("en/indicators/1-4-1/index.html"));
    // SERIES has one value: dropped; SEX as written; an Obs without ObsValue skipped.
    // (The repository's translations name SEX and F, as they name a CSV's columns.)
    assert!(page.contains("Period Sex Value"), "{page}");
    assert!(page.contains("2021 Female 95"), "{page}");
    assert!(!page.contains("2022"), "{page}");
}
