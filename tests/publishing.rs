//! Machine-readable publishing: every indicator and dataset in CSV, JSON, XLSX, CSVW and
//! Data Package form; the portal's DCAT-US `data.json`, DCAT-AP catalogue, Data Package,
//! sitemap, robots.txt and Atom feeds; schema.org metadata and the downloads section on pages.
//! Outputs are checked against the official schemas and read back with independent parsers.
//! (`frictionless validate` runs on every Data Package in `.ci/run`.)

mod common;

use common::{Site, csv_rows, visible_text};
use oxrdf::Triple;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const INDICATORS: [&str; 3] = ["dvc-truc-tuyen", "ho-so", "xep-hang"];

/// The demo fixture, built once for the tests that only read it.
fn demo() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Site::fixture("demo");
        site.build();
        site
    })
}

fn bundled() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Site::bundled();
        site.build();
        site
    })
}

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.page(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn standards() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/standards")
}

/// Resolves the DCAT-US schemas' `$ref`s (`https://project-open-data.cio.gov/v1.1/schema/*`)
/// to the local copies, with `dataset.json` mapped to the given file.
struct LocalSchemas {
    dir: PathBuf,
    dataset: &'static str,
}

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .trim_end_matches('#')
            .rsplit('/')
            .next()
            .unwrap_or("");
        let file = if name == "dataset.json" {
            self.dataset
        } else {
            name
        };
        let text = std::fs::read_to_string(self.dir.join(file))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// Every error the two DCAT-US v1.1 schemas find in `data_json`: Project Open Data's
/// original (federal) schema and data.gov's non-federal one.
fn dcat_us_errors(data_json: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    for (folder, dataset) in [
        ("dcat-us-1.1", "dataset.json"),
        ("dcat-us-1.1-datagov", "non-federal_dataset.json"),
    ] {
        let dir = standards().join(folder);
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("catalog.json")).unwrap())
                .unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .with_retriever(LocalSchemas { dir, dataset })
            .build(&schema)
            .unwrap_or_else(|e| panic!("{folder}: {e}"));
        errors.extend(
            validator
                .iter_errors(data_json)
                .map(|e| format!("{folder}: {} at {}", e, e.instance_path())),
        );
    }
    errors
}

#[test]
fn data_json_is_valid_dcat_us_for_the_original_and_the_datagov_schemas() {
    for site in [demo(), bundled()] {
        let data_json = json(site, "data.json");
        let errors = dcat_us_errors(&data_json);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The check is real: a catalogue without a contact e-mail or a date fails both.
    let mut broken = json(demo(), "data.json");
    broken["dataset"][0]["contactPoint"]["hasEmail"] = "data@example.org".into();
    broken["dataset"][1]
        .as_object_mut()
        .unwrap()
        .remove("modified");
    let errors = dcat_us_errors(&broken);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("dcat-us-1.1:") && e.contains("hasEmail"))
            && errors
                .iter()
                .any(|e| e.starts_with("dcat-us-1.1-datagov:") && e.contains("modified")),
        "{errors:#?}"
    );
}

#[test]
fn data_json_lists_every_indicator_with_data_and_dataset_with_its_distributions() {
    let data_json = json(demo(), "data.json");
    let datasets = data_json["dataset"].as_array().unwrap();
    let identifiers: Vec<&str> = datasets
        .iter()
        .map(|d| d["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(
        identifiers,
        // ho-so has no observation yet: its page says so, and harvesters do not list it.
        [
            "https://data.example.org/portal/vi/indicators/dvc-truc-tuyen/",
            "https://data.example.org/portal/vi/indicators/xep-hang/",
            "https://data.example.org/portal/vi/datasets/nhiem-vu/",
        ]
    );
    let dvc = &datasets[0];
    assert_eq!(dvc["title"], "Tỷ lệ dịch vụ công trực tuyến mức độ 4");
    assert_eq!(
        dvc["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(dvc["publisher"]["name"], "Cục Thống kê Thử nghiệm");
    assert_eq!(dvc["contactPoint"]["hasEmail"], "mailto:data@example.org");
    assert_eq!(dvc["temporal"], "2020-01-01/2023-12-31");
    assert_eq!(dvc["spatial"], "Việt Nam");
    let downloads: Vec<(&str, &str)> = dvc["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["mediaType"].as_str().unwrap(),
                d["downloadURL"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        downloads,
        [
            (
                "text/csv",
                "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.csv"
            ),
            (
                "application/json",
                "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.json"
            ),
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.xlsx"
            ),
            (
                "application/json",
                "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.datapackage.json"
            ),
            (
                "application/vnd.sdmx.structurespecificdata+xml",
                "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.sdmx.xml"
            ),
            (
                "application/vnd.sdmx.data+json",
                "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.sdmx.json"
            ),
        ]
    );
    assert_eq!(
        dvc["distribution"][0]["describedBy"],
        "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.csv-metadata.json"
    );
    // Every listed file exists.
    for dataset in datasets {
        for distribution in dataset["distribution"].as_array().unwrap() {
            let url = distribution["downloadURL"].as_str().unwrap();
            let rel = url
                .strip_prefix("https://data.example.org/portal/")
                .unwrap();
            assert!(demo().out().join(rel).is_file(), "{url}");
        }
    }
}

#[test]
fn modified_is_when_the_data_changed_never_the_build_time() {
    let site = Site::fixture("demo");
    site.edit(
        "data/indicators/dvc-truc-tuyen.toml",
        "updated = \"2023-05-01\"",
        "updated = \"2024-02-03\"",
    );
    site.build();
    let data_json = json(&site, "data.json");
    let modified: Vec<&str> = data_json["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["modified"].as_str().unwrap())
        .collect();
    // dvc-truc-tuyen: its `updated`; xep-hang (no date): its newest source, dated 2023;
    // nhiem-vu: its source, 2021-06-15. (ho-so, without data, is not catalogued.)
    assert_eq!(modified, ["2024-02-03", "2023-01-01", "2021-06-15"]);
    let page = site.page("en/indicators/dvc-truc-tuyen/index.html");
    assert!(visible_text(&page).contains("Last updated 2024-02-03 Licence"));
    let xep_hang = visible_text(&site.page("en/indicators/xep-hang/index.html"));
    assert!(
        xep_hang.contains(
            "Last updated 2023-01-01 (no update date recorded: the date of the newest source document)"
        ),
        "{xep_hang}"
    );
    assert!(page.contains(r#""dateModified":"2024-02-03""#));
    let feed = site.page("en/feed.xml");
    assert!(feed.contains("<updated>2024-02-03T00:00:00Z</updated>"));
    assert!(feed.contains(
        "<id>https://data.example.org/portal/en/indicators/dvc-truc-tuyen/#updated-2024-02-03</id>"
    ));
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://data.example.org/portal/vi/indicators/dvc-truc-tuyen/</loc><lastmod>2024-02-03</lastmod>"
    ));
}

#[test]
fn every_indicator_and_dataset_has_every_format_with_a_data_package_that_hashes_its_csv() {
    let site = demo();
    let items = INDICATORS
        .iter()
        .map(|id| format!("data/indicators/{id}"))
        .chain(["data/datasets/nhiem-vu".to_string()]);
    for base in items {
        for extension in [
            "csv",
            "json",
            "xlsx",
            "csv-metadata.json",
            "datapackage.json",
        ] {
            assert!(
                site.out().join(format!("{base}.{extension}")).is_file(),
                "{base}.{extension}"
            );
        }
        let package = json(site, &format!("{base}.datapackage.json"));
        assert_eq!(
            package["$schema"],
            "https://datapackage.org/profiles/2.0/datapackage.json"
        );
        assert_eq!(
            package["licenses"][0]["path"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        let resource = &package["resources"][0];
        let csv = site.output_bytes(&format!("{base}.csv"));
        assert_eq!(resource["bytes"], csv.len() as u64, "{base}");
        let hash = sha256_hex(&csv);
        assert_eq!(resource["hash"], format!("sha256:{hash}"), "{base}");
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            csv_rows(&String::from_utf8(csv).unwrap())[0],
            "{base}"
        );
    }
    let dvc = json(site, "data/indicators/dvc-truc-tuyen.datapackage.json");
    let value = &dvc["resources"][0]["schema"]["fields"][2];
    assert_eq!(
        (&value["name"], &value["type"]),
        (&"value".into(), &"number".into())
    );
    assert!(
        dvc["resources"][0]["sources"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Chiến lược thử nghiệm — Phần 3 - II.2")
    );
    // The portal's package holds every CSV, paths relative to the site root.
    let portal = json(site, "datapackage.json");
    let paths: Vec<&str> = portal["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "data/indicators/dvc-truc-tuyen.csv",
            "data/indicators/ho-so.csv",
            "data/indicators/xep-hang.csv",
            "data/datasets/nhiem-vu.csv",
            "data/status.csv"
        ]
    );
}

#[test]
fn every_data_package_is_valid_against_the_data_package_v2_profile() {
    let profile: Value = serde_json::from_str(
        &std::fs::read_to_string(standards().join("datapackage-2.0/datapackage.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&profile)
        .unwrap();
    for site in [demo(), bundled()] {
        let packages: Vec<String> = site
            .output_files()
            .into_iter()
            .map(|(rel, _)| rel)
            .filter(|rel| rel.ends_with("datapackage.json"))
            .collect();
        assert!(packages.len() >= 2, "{packages:?}");
        for rel in packages {
            let package = json(site, &rel);
            let errors: Vec<String> = validator
                .iter_errors(&package)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{rel}: {errors:#?}");
        }
    }
    // The check is real: a package whose licence has neither name nor path fails.
    let mut broken = json(demo(), "datapackage.json");
    broken["licenses"][0] = serde_json::json!({"title": "CC BY 4.0"});
    assert!(!validator.is_valid(&broken));
}

/// Hex SHA-256, for comparing with the hashes the packages declare.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn csvw_sidecars_name_every_column_with_its_labels_and_type() {
    let site = demo();
    let sidecar = json(site, "data/indicators/dvc-truc-tuyen.csv-metadata.json");
    assert_eq!(sidecar["url"], "dvc-truc-tuyen.csv");
    let columns = sidecar["tableSchema"]["columns"].as_array().unwrap();
    let header = &csv_rows(&site.page("data/indicators/dvc-truc-tuyen.csv"))[0];
    let titles: Vec<&str> = columns
        .iter()
        .map(|c| c["titles"]["und"][0].as_str().unwrap())
        .collect();
    assert_eq!(&titles, header);
    let agency = columns.iter().find(|c| c["name"] == "agency").unwrap();
    assert_eq!(agency["titles"]["vi"][0], "Cơ quan");
    assert_eq!(agency["titles"]["en"][0], "Agency");
    let value = columns.iter().find(|c| c["name"] == "value").unwrap();
    assert_eq!(value["datatype"], "number");
    assert_eq!(value["titles"]["vi"][0], "Giá trị");
    assert!(
        value["dc:description"][1]["@value"]
            .as_str()
            .unwrap()
            .contains("(percent)")
    );
    let dataset = json(site, "data/datasets/nhiem-vu.csv-metadata.json");
    let status = dataset["tableSchema"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "status")
        .unwrap()
        .clone();
    assert_eq!(status["titles"]["vi"][0], "Tình trạng");
}

fn triples_of_turtle(bytes: &[u8]) -> BTreeSet<String> {
    oxttl::TurtleParser::new()
        .for_slice(bytes)
        .map(|t| t.expect("valid Turtle").to_string())
        .collect()
}

fn triples_of_jsonld(bytes: &[u8]) -> BTreeSet<String> {
    oxjsonld::JsonLdParser::new()
        .for_slice(bytes)
        .map(|q| Triple::from(q.expect("valid JSON-LD")).to_string())
        .collect()
}

#[test]
fn the_dcat_ap_catalogue_is_the_same_graph_in_turtle_and_json_ld() {
    let site = demo();
    let turtle = triples_of_turtle(&site.output_bytes("catalog.ttl"));
    let jsonld = triples_of_jsonld(&site.output_bytes("catalog.jsonld"));
    assert_eq!(turtle, jsonld);
    let dataset = "<https://data.example.org/portal/vi/indicators/dvc-truc-tuyen/#dataset>";
    for triple in [
        format!("<https://data.example.org/portal/#catalog> <http://www.w3.org/ns/dcat#dataset> {dataset}"),
        format!("{dataset} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>"),
        format!("{dataset} <http://purl.org/dc/terms/title> \"Share of level-4 online public services\"@en"),
        format!("{dataset} <http://purl.org/dc/terms/modified> \"2023-05-01\"^^<http://www.w3.org/2001/XMLSchema#date>"),
        format!("{dataset} <http://purl.org/dc/terms/spatial> <http://publications.europa.eu/resource/authority/country/VNM>"),
        "<https://data.example.org/portal/vi/indicators/dvc-truc-tuyen/#dataset-csv> <http://www.w3.org/ns/dcat#downloadURL> <https://data.example.org/portal/data/indicators/dvc-truc-tuyen.csv>".to_string(),
        "<https://data.example.org/portal/#contact> <http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:data@example.org>".to_string(),
    ] {
        assert!(turtle.contains(&triple), "{triple}");
    }
    let datasets = turtle
        .iter()
        .filter(|t| t.ends_with("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>"))
        .count();
    assert_eq!(datasets, 3, "every indicator with data, and the dataset");
    // The bundled portal's catalogue parses too, Vietnamese ids and all.
    let bundled_turtle = triples_of_turtle(&bundled().output_bytes("catalog.ttl"));
    assert!(bundled_turtle.len() > 1000);
}

#[test]
fn every_page_links_the_catalogue_and_the_feed_in_its_head() {
    let site = demo();
    for page in [
        "vi/index.html",
        "en/indicators/ho-so/index.html",
        "en/status/index.html",
        "404.html",
    ] {
        let html = site.page(page);
        let head = &html[..html.find("</head>").unwrap()];
        for link in [
            r#"<link rel="alternate" type="application/ld+json" href="/portal/catalog.jsonld""#,
            r#"<link rel="alternate" type="text/turtle" href="/portal/catalog.ttl""#,
            r#"<link rel="alternate" type="application/atom+xml" href="/portal/"#,
        ] {
            assert!(head.contains(link), "{page}: {link}");
        }
    }
}

/// The text of a page's JSON-LD script.
fn jsonld_script(html: &str) -> &str {
    const OPEN: &str = r#"<script type="application/ld+json">"#;
    let start = html.find(OPEN).expect("a JSON-LD script") + OPEN.len();
    let end = start + html[start..].find("</script>").unwrap();
    &html[start..end]
}

/// The schema.org JSON-LD of a page.
fn page_jsonld(html: &str) -> Value {
    serde_json::from_str(jsonld_script(html)).expect("JSON")
}

#[test]
fn indicator_and_dataset_pages_carry_schema_org_dataset_metadata() {
    let site = demo();
    for (page, lang) in [
        ("vi/indicators/dvc-truc-tuyen/index.html", "vi"),
        ("en/indicators/ho-so/index.html", "en"),
        ("en/datasets/nhiem-vu/index.html", "en"),
    ] {
        let value = page_jsonld(&site.page(page));
        assert_eq!(value["@type"], "Dataset", "{page}");
        for property in [
            "name",
            "description",
            "url",
            "identifier",
            "keywords",
            "license",
            "creator",
            "dateModified",
            "spatialCoverage",
            "variableMeasured",
            "includedInDataCatalog",
            "distribution",
        ] {
            assert!(!value[property].is_null(), "{page}: {property}");
        }
        let description = value["description"].as_str().unwrap().chars().count();
        assert!((50..=5000).contains(&description), "{page}: {description}");
        assert_eq!(value["inLanguage"], lang);
        assert_eq!(
            value["url"],
            format!(
                "https://data.example.org/portal/{}",
                page.trim_end_matches("index.html")
            )
        );
        for download in value["distribution"].as_array().unwrap() {
            assert_eq!(download["@type"], "DataDownload");
            assert!(download["encodingFormat"].is_string());
            assert!(
                download["contentUrl"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://data.example.org/portal/data/")
            );
        }
    }
    let dvc = page_jsonld(&site.page("en/indicators/dvc-truc-tuyen/index.html"));
    assert_eq!(dvc["temporalCoverage"], "2020-01-01/2023-12-31");
    assert_eq!(dvc["variableMeasured"][0]["unitText"], "percent");
    assert_eq!(dvc["spatialCoverage"]["name"], "Viet Nam");
    assert_eq!(dvc["includedInDataCatalog"]["@type"], "DataCatalog");
    // It is JSON-LD a processor reads: the dataset and its downloads are there.
    let html = site.page("en/indicators/dvc-truc-tuyen/index.html");
    let triples: Vec<String> = oxjsonld::JsonLdParser::new()
        .for_reader(jsonld_script(&html).as_bytes())
        .with_load_document_callback(|url, _| {
            assert_eq!(url, "https://schema.org");
            Ok(oxjsonld::JsonLdRemoteDocument {
                document: br#"{"@context": {"@vocab": "https://schema.org/"}}"#.to_vec(),
                document_url: url.into(),
            })
        })
        .map(|q| Triple::from(q.expect("valid JSON-LD")).to_string())
        .collect();
    assert!(
        triples
            .iter()
            .any(|t| t.ends_with("<https://schema.org/Dataset>"))
    );
    assert_eq!(
        triples
            .iter()
            .filter(|t| t.ends_with("<https://schema.org/DataDownload>"))
            .count(),
        7
    );
}

#[test]
fn the_downloads_section_gives_formats_sizes_licence_citation_date_and_how_to_load() {
    let site = demo();
    let html = site.page("en/indicators/dvc-truc-tuyen/index.html");
    let text = visible_text(&html);
    let csv_size = site
        .output_bytes("data/indicators/dvc-truc-tuyen.csv")
        .len();
    assert!(
        text.contains(&format!(
            "CSV The data, one row per observation (tidy CSV, UTF-8) {csv_size} B https://data.example.org/portal/data/indicators/dvc-truc-tuyen.csv"
        )),
        "{text}"
    );
    for format in ["JSON", "XLSX", "CSVW", "Data Package"] {
        assert!(text.contains(&format!("{format} ")), "{format}");
    }
    assert!(
        html.contains(r#"<a href="/portal/data/indicators/dvc-truc-tuyen.xlsx" download>XLSX</a>"#)
    );
    assert!(
        text.contains("Last updated 2023-05-01 Licence Free to reuse under the licence CC BY 4.0")
    );
    assert!(text.contains(
        "Cite (short) Test Statistics Office (2023). Share of level-4 online public services."
    ));
    assert!(text.contains(
        "Cite (full) Test Statistics Office (2023). Share of level-4 online public services [data set]. Test portal. Last updated 2023-05-01. Licence CC BY 4.0. https://data.example.org/portal/en/indicators/dvc-truc-tuyen/"
    ));
    let csv = "https://data.example.org/portal/data/indicators/dvc-truc-tuyen.csv";
    assert!(text.contains(&format!("=IMPORTDATA(\"{csv}\")")), "{text}");
    assert!(text.contains(&format!("df = pd.read_csv(\"{csv}\")")));
    assert!(text.contains(&format!("df <- read.csv(\"{csv}\", encoding = \"UTF-8\")")));
    // In Vietnamese, with sizes written the Vietnamese way.
    let vi = visible_text(&site.page("vi/indicators/dvc-truc-tuyen/index.html"));
    assert!(vi.contains("Trích dẫn (ngắn) Cục Thống kê Thử nghiệm (2023). Tỷ lệ dịch vụ công trực tuyến mức độ 4."), "{vi}");
    let xlsx = site
        .output_bytes("data/indicators/dvc-truc-tuyen.xlsx")
        .len() as f64
        / 1000.0;
    assert!(
        vi.contains(&format!("{:.1} kB", xlsx).replace('.', ",")),
        "{vi}"
    );
    // The dataset page has the same section.
    let dataset = visible_text(&site.page("en/datasets/nhiem-vu/index.html"));
    assert!(
        dataset.contains(
            "=IMPORTDATA(\"https://data.example.org/portal/data/datasets/nhiem-vu.csv\")"
        )
    );
    assert!(dataset.contains("Cite (full)"));
}

/// A workbook's sheet as rows of cells written the way the CSV writes them.
fn sheet(bytes: Vec<u8>, name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("float:{f}"),
                    Data::Int(i) => format!("float:{i}"),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

/// CSV cells with numbers marked as the workbook reads them.
fn as_sheet(csv: &str, number_columns: &[&str]) -> Vec<Vec<String>> {
    let rows = csv_rows(csv);
    let numeric: Vec<bool> = rows[0]
        .iter()
        .map(|h| number_columns.contains(&h.as_str()))
        .collect();
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .zip(&numeric)
                .map(|(cell, &number)| match cell.parse::<f64>() {
                    Ok(value) if number && i > 0 => format!("float:{value}"),
                    _ => cell.clone(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn xlsx_files_hold_the_csv_values_with_numbers_as_number_cells() {
    let site = demo();
    for id in INDICATORS {
        let csv = site.page(&format!("data/indicators/{id}.csv"));
        let data = sheet(
            site.output_bytes(&format!("data/indicators/{id}.xlsx")),
            "data",
        );
        assert_eq!(data, as_sheet(&csv, &["value"]), "{id}");
    }
    let dvc = sheet(
        site.output_bytes("data/indicators/dvc-truc-tuyen.xlsx"),
        "data",
    );
    assert_eq!(dvc[1][2], "float:30.86");
    let metadata = sheet(
        site.output_bytes("data/indicators/dvc-truc-tuyen.xlsx"),
        "metadata",
    );
    assert_eq!(metadata[0], ["property", "vi", "en"]);
    assert!(metadata.contains(&vec![
        "title".to_string(),
        "Tỷ lệ dịch vụ công trực tuyến mức độ 4".to_string(),
        "Share of level-4 online public services".to_string()
    ]));
    assert!(
        metadata
            .iter()
            .any(|r| r[0] == "column.value" && r[2].starts_with("Value — The value"))
    );
    // Datasets too.
    let dataset = sheet(site.output_bytes("data/datasets/nhiem-vu.xlsx"), "data");
    let csv = csv_rows(&site.page("data/datasets/nhiem-vu.csv"));
    assert_eq!(dataset[0], csv[0]);
    assert_eq!(dataset[1][3], csv[1][3]);
}

#[test]
fn cells_a_spreadsheet_would_run_are_neutralised_in_csv_and_xlsx_but_numbers_are_not() {
    let site = Site::fixture("demo");
    site.write(
        "data/datasets/formulas.toml",
        "title = \"Formulas\"\nfile = \"formulas.csv\"\n",
    );
    site.write(
        "data/formulas.csv",
        "name,amount,phone\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-5,+84 123\n@SUM(A1),1.5,-\n",
    );
    site.build();
    let csv = csv_rows(&site.page("data/datasets/formulas.csv"));
    assert_eq!(
        csv,
        [
            vec!["name", "amount", "phone"],
            vec!["'=HYPERLINK(\"http://evil\",\"x\")", "-5", "'+84 123"],
            vec!["'@SUM(A1)", "1.5", "'-"],
        ]
    );
    let data = sheet(site.output_bytes("data/datasets/formulas.xlsx"), "data");
    assert_eq!(
        data[1],
        ["'=HYPERLINK(\"http://evil\",\"x\")", "float:-5", "'+84 123"]
    );
    assert_eq!(data[2], ["'@SUM(A1)", "float:1.5", "'-"]);
    // JSON is not a spreadsheet: it keeps the data as written, typed.
    let json = json(&site, "data/datasets/formulas.json");
    assert_eq!(json["rows"][0]["name"], "=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(json["rows"][0]["amount"], -5);
    assert_eq!(json["rows"][1]["amount"], 1.5);
    assert_eq!(json["columns"][1]["type"], "number");
}

#[test]
fn csv_files_are_utf8_without_a_byte_order_mark_unless_configured() {
    let bom = b"\xEF\xBB\xBF";
    let files = [
        "data/indicators/dvc-truc-tuyen.csv",
        "data/datasets/nhiem-vu.csv",
        "data/status.csv",
    ];
    for file in files {
        let bytes = demo().output_bytes(file);
        assert!(!bytes.starts_with(bom), "{file}");
        assert!(String::from_utf8(bytes.clone()).is_ok(), "{file}");
        assert!(
            bytes.windows(2).any(|w| w == b"\r\n"),
            "{file}: RFC 4180 line ends"
        );
    }
    let site = Site::fixture("demo");
    let config = site.read_source("chiso.toml");
    site.write("chiso.toml", format!("csv_bom = true\n{config}"));
    site.build();
    for file in files {
        assert!(site.output_bytes(file).starts_with(bom), "{file}");
    }
    let text = visible_text(&site.page("en/indicators/dvc-truc-tuyen/index.html"));
    assert!(
        text.contains("fileEncoding = \"UTF-8-BOM\""),
        "R is told about the mark"
    );
    // The packages still describe the files exactly.
    let package = json(&site, "data/indicators/dvc-truc-tuyen.datapackage.json");
    let csv = site.output_bytes("data/indicators/dvc-truc-tuyen.csv");
    assert_eq!(package["resources"][0]["bytes"], csv.len() as u64);
}

#[test]
fn numbers_use_a_point_in_every_machine_format_whatever_the_page_language() {
    let site = demo();
    assert!(visible_text(&site.page("vi/indicators/dvc-truc-tuyen/index.html")).contains("30,86"));
    let csv = csv_rows(&site.page("data/indicators/dvc-truc-tuyen.csv"));
    assert!(csv.iter().any(|r| r[1] == "2020" && r[2] == "30.86"));
    let json = json(site, "data/indicators/dvc-truc-tuyen.json");
    assert_eq!(json["observations"][0]["value"], 30.86);
    assert!(
        site.page("data/indicators/dvc-truc-tuyen.json")
            .contains("30.86")
    );
    let data = sheet(
        site.output_bytes("data/indicators/dvc-truc-tuyen.xlsx"),
        "data",
    );
    assert_eq!(data[1][2], "float:30.86");
    // Machine column names are the same whatever the language; labels live in the metadata.
    assert_eq!(
        csv[0],
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
}

/// Checks that `xml` is well-formed and returns the text of every element named `name`.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut texts, mut inside) = (Vec::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == name.as_bytes() => inside = true,
            Event::End(e) if e.name().as_ref() == name.as_bytes() => inside = false,
            Event::Text(t) if inside => texts.push(t.decode().unwrap().into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    texts
}

#[test]
fn the_sitemap_lists_every_page_search_engines_may_index_and_robots_txt_names_it() {
    let site = demo();
    let sitemap = site.page("sitemap.xml");
    let locations: BTreeSet<String> = xml_texts(&sitemap, "loc").into_iter().collect();
    let mut indexed = BTreeSet::new();
    let mut embeds = 0;
    for (rel, bytes) in site.output_files() {
        if !(rel.ends_with("index.html") && rel.contains('/')) {
            continue;
        }
        let path = rel.trim_end_matches("index.html");
        let path = percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS);
        let url = format!("https://data.example.org/portal/{path}");
        if String::from_utf8(bytes)
            .unwrap()
            .contains(r#"<meta name="robots" content="noindex">"#)
        {
            assert!(!locations.contains(&url), "{url} says noindex");
            embeds += usize::from(rel.contains("/embed/"));
        } else {
            indexed.insert(url);
        }
    }
    assert!(embeds > 0, "the embed pages say noindex");
    assert_eq!(locations, indexed);
    assert!(locations.contains("https://data.example.org/portal/en/targets/G1.%C4%91/"));
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://data.example.org/portal/en/indicators/ho-so/"/>"#));
    // The demo is published under /portal/, where crawlers never read a robots.txt.
    assert!(!site.out().join("robots.txt").exists());
}

#[test]
fn robots_txt_is_written_at_the_root_of_a_host_only() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "base_url = \"https://data.example.org/portal/\"",
        "base_url = \"https://data.example.org/\"",
    );
    let summary = site.build();
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    assert_eq!(
        site.page("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://data.example.org/sitemap.xml\n"
    );
    let under_a_path = Site::fixture("demo").build();
    assert!(
        under_a_path
            .notes
            .iter()
            .any(|n| n
                .starts_with("robots.txt is not written: the portal is published under /portal/")),
        "{:?}",
        under_a_path.notes
    );
}

#[test]
fn the_atom_feeds_list_data_updates_in_each_language() {
    let site = demo();
    for lang in ["vi", "en"] {
        let feed = site.page(&format!("{lang}/feed.xml"));
        let ids = xml_texts(&feed, "id");
        assert_eq!(
            ids[0],
            format!("https://data.example.org/portal/{lang}/feed.xml")
        );
        assert_eq!(
            ids.len(),
            1 + 3,
            "the feed and one entry per indicator with data and dataset"
        );
        let updated = xml_texts(&feed, "updated");
        assert_eq!(updated[0], "2023-05-01T00:00:00Z", "the newest data date");
        let mut entries = updated[1..].to_vec();
        entries.sort_by(|a, b| b.cmp(a));
        assert_eq!(entries, updated[1..], "newest first");
    }
    let en = site.page("en/feed.xml");
    assert!(
        xml_texts(&en, "title").contains(&"Share of level-4 online public services".to_string())
    );
    assert!(en.contains(r#"<link rel="enclosure" type="text/csv" length=""#));
}

#[test]
fn building_twice_gives_byte_identical_files_in_every_format() {
    let site = Site::fixture("demo");
    site.build();
    let first = site.output_files();
    site.build();
    assert_eq!(site.output_files(), first);
    let names: Vec<&str> = first.iter().map(|(rel, _)| rel.as_str()).collect();
    for file in [
        "data/indicators/dvc-truc-tuyen.xlsx",
        "data/datasets/nhiem-vu.xlsx",
        "data/indicators.zip",
        "catalog.ttl",
        "catalog.jsonld",
        "data.json",
        "datapackage.json",
        "vi/feed.xml",
        "sitemap.xml",
    ] {
        assert!(names.contains(&file), "{file}");
    }
    // The workbook's creation date is the data's, not the build's.
    let xlsx = site.output_bytes("data/indicators/dvc-truc-tuyen.xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("docProps/core.xml").unwrap(),
        &mut core,
    )
    .unwrap();
    assert!(core.contains("2023-05-01T00:00:00Z"), "{core}");
}

#[test]
fn machine_values_use_a_point_in_every_language() {
    let site = demo();
    let vi = site.page("vi/indicators/dvc-truc-tuyen/index.html");
    let sizes: Vec<&str> = vi
        .split("\"contentSize\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(!sizes.is_empty());
    assert!(sizes.iter().all(|s| !s.contains(',')), "{sizes:?}");
}

#[test]
fn the_dcat_ap_catalogue_types_every_resource_it_points_to_as_the_shapes_require() {
    let turtle = triples_of_turtle(&demo().output_bytes("catalog.ttl"));
    let typed = |iri: &str, class: &str| {
        turtle.contains(&format!(
            "<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{class}>"
        ))
    };
    let dct = "http://purl.org/dc/terms/";
    for (iri, class) in [
        (
            "https://creativecommons.org/licenses/by/4.0/",
            format!("{dct}LicenseDocument"),
        ),
        (
            "http://publications.europa.eu/resource/authority/language/VIE",
            format!("{dct}LinguisticSystem"),
        ),
        (
            "http://www.iana.org/assignments/media-types/text/csv",
            format!("{dct}MediaType"),
        ),
        (
            "http://publications.europa.eu/resource/authority/file-type/CSV",
            format!("{dct}MediaTypeOrExtent"),
        ),
        (
            "http://www.w3.org/TR/tabular-metadata/",
            format!("{dct}Standard"),
        ),
        (
            "https://data.example.org/portal/vi/indicators/xep-hang/",
            "http://xmlns.com/foaf/0.1/Document".to_string(),
        ),
        (
            "https://data.example.org/portal/#contact",
            "http://www.w3.org/2006/vcard/ns#Kind".to_string(),
        ),
        (
            "http://spdx.org/rdf/terms#checksumAlgorithm_sha256",
            "http://spdx.org/rdf/terms#ChecksumAlgorithm".to_string(),
        ),
    ] {
        assert!(typed(iri, &class), "{iri} a {class}");
    }
}

/// data.gov's harvester places `spatial` when it is GeoJSON, a bounding box written
/// `west,south,east,north`, or a place name it knows (United States places only).
#[test]
fn data_json_spatial_is_a_bounding_box_the_harvester_can_place() {
    let data_json = json(bundled(), "data.json");
    let datasets = data_json["dataset"].as_array().unwrap();
    for dataset in datasets {
        let spatial = dataset["spatial"].as_str().unwrap();
        let bbox: Vec<f64> = spatial.split(',').map(|n| n.parse().unwrap()).collect();
        let [west, south, east, north] = bbox[..] else {
            panic!("four numbers: {spatial}")
        };
        assert!((-180.0..=180.0).contains(&west) && (-180.0..=180.0).contains(&east));
        assert!((-90.0..=90.0).contains(&south) && south < north && north <= 90.0);
    }
    assert_eq!(datasets[0]["spatial"], "102.14,8.18,109.47,23.39");
}

#[test]
fn the_dcat_ap_catalogue_has_the_recommended_theme_availability_and_dates() {
    let turtle = triples_of_turtle(&bundled().output_bytes("catalog.ttl"));
    let has = |predicate: &str, object: &str| {
        turtle
            .iter()
            .any(|t| t.contains(&format!("<{predicate}> {object}")))
    };
    let theme = "<http://publications.europa.eu/resource/authority/data-theme/GOVE>";
    assert!(has("http://www.w3.org/ns/dcat#theme", theme));
    assert!(has(
        "http://www.w3.org/ns/dcat#themeTaxonomy",
        "<http://publications.europa.eu/resource/authority/data-theme>"
    ));
    assert!(has(
        "http://data.europa.eu/r5r/availability",
        "<http://publications.europa.eu/resource/authority/planned-availability/STABLE>"
    ));
    assert!(
        turtle
            .iter()
            .any(|t| t.contains("<http://purl.org/dc/terms/issued>"))
    );
    assert!(turtle.iter().any(|t| t.starts_with("<https://chiso.example.org/vi/indicators/egdi-rank/#dataset-csv> <http://purl.org/dc/terms/description>")));
}

#[test]
fn column_types_never_lose_leading_zeros_and_declared_types_win() {
    let site = Site::fixture("demo");
    site.write(
        "data/datasets/codes.csv",
        "code,amount,year\n001,10,2020\n002,20,2021\n",
    );
    site.write(
        "data/datasets/codes.toml",
        "title = \"Codes\"\n[columns.year]\ntype = \"text\"\n",
    );
    site.build();
    let package: serde_json::Value =
        serde_json::from_str(&site.page("data/datasets/codes.datapackage.json")).unwrap();
    let types: Vec<(&str, &str)> = package["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        types,
        [
            ("code", "string"),
            ("amount", "integer"),
            ("year", "string")
        ]
    );
    let rows = sheet(site.output_bytes("data/datasets/codes.xlsx"), "data");
    assert_eq!(
        rows[1][0], "001",
        "the code stays text in the workbook: {rows:?}"
    );
    assert_eq!(rows[1][2], "2020");
}

#[test]
fn an_entry_without_a_description_of_its_own_is_said_to_have_none_and_check_warns() {
    let site = demo();
    let data_json = json(site, "data.json");
    let rank = data_json["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["identifier"].as_str().unwrap().ends_with("/xep-hang/"))
        .unwrap();
    let description = rank["description"].as_str().unwrap();
    assert!(
        description.contains("Chưa có định nghĩa được công bố"),
        "{description}"
    );
    let fresh = Site::fixture("demo");
    let checked = chiso::source::check(fresh.root()).unwrap();
    assert!(
        checked.warnings.iter().any(|w| w
            .to_string()
            .contains("found 1 without one, such as xep-hang:")),
        "{:?}",
        checked.warnings
    );
}

#[test]
fn an_indicator_or_its_goal_may_name_its_own_data_theme() {
    let site = Site::fixture("demo");
    site.edit(
        "chiso.toml",
        "\n[publisher]",
        "\n[catalogue]\ndata_theme = \"GOVE\"\n\n[publisher]",
    );
    site.edit(
        "data/goals/G1.toml",
        "order = 1\n",
        "order = 1\ndata_theme = \"TECH\"\n",
    );
    site.edit(
        "data/indicators/xep-hang.toml",
        "unit = ",
        "data_theme = \"ECON\"\nunit = ",
    );
    site.build();
    let turtle = triples_of_turtle(&site.output_bytes("catalog.ttl"));
    let theme_of = |id: &str| {
        turtle
            .iter()
            .find(|t| {
                t.starts_with(&format!("<https://data.example.org/portal/vi/{id}/#dataset> <http://www.w3.org/ns/dcat#theme>"))
            })
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        theme_of("indicators/xep-hang").ends_with("data-theme/ECON>"),
        "the indicator's own"
    );
    assert!(
        theme_of("indicators/dvc-truc-tuyen").ends_with("data-theme/TECH>"),
        "its goal's"
    );
    assert!(
        theme_of("datasets/nhiem-vu").ends_with("data-theme/GOVE>"),
        "the portal's"
    );
    site.edit(
        "data/indicators/xep-hang.toml",
        "data_theme = \"ECON\"",
        "data_theme = \"MONEY\"",
    );
    let problems = site.problems();
    assert!(
        problems[0].starts_with("data/indicators/xep-hang.toml:2:14: data_theme: expected a code of the EU data-theme list"),
        "{problems:#?}"
    );
}

/// The attributes of every element named `name` of a well-formed `xml`, in document order.
fn xml_elements(xml: &str, name: &str) -> Vec<Vec<(String, String)>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name.as_bytes() => {
                found.push(
                    e.attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                            (
                                key,
                                a.decode_and_unescape_value(reader.decoder())
                                    .unwrap()
                                    .into_owned(),
                            )
                        })
                        .collect(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

/// SDMX-ML 2.1 structure-specific data by series: each key a `Series` whose attributes are the
/// DSD's dimensions, each observation an `Obs` with `TIME_PERIOD`, `OBS_VALUE` and each
/// attribute (SDMX 2.1 Technical Notes, section 6). `.ci/run` reads every file of the bundled
/// portal with sdmx1, the reference parser.
#[test]
fn sdmx_data_holds_one_observation_per_key_with_codes_its_structure_declares() {
    let site = demo();
    let xml = site.page("data/indicators/dvc-truc-tuyen.sdmx.xml");
    assert!(
        xml.contains(r#"dimensionAtObservation="TIME_PERIOD""#),
        "{xml}"
    );
    let pairs = |o: &[(String, String)]| -> String {
        let pairs: Vec<String> = o.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.join(" ")
    };
    // Each series with its observations, in the file's order.
    let data = &xml[xml.find("<Series").unwrap()..xml.rfind("</Series>").unwrap()];
    let rows: Vec<String> = data
        .split("</Series>")
        .map(|series| {
            let key = xml_elements(series, "Series");
            let observations: Vec<String> = xml_elements(series, "Obs")
                .iter()
                .map(|o| pairs(o))
                .collect();
            format!("{}: {}", pairs(&key[0]), observations.join("; "))
        })
        .collect();
    assert_eq!(
        rows,
        [
            // 2020 has two figures: the exact one stands for the key, as on the chart;
            // "more than 30" stays in the CSV.
            "INDICATOR=dvc-truc-tuyen AGENCY=_T: TIME_PERIOD=2020 OBS_VALUE=30.86 UNIT_MEASURE=percent; \
             TIME_PERIOD=2021 OBS_VALUE=42.5 UNIT_MEASURE=percent; \
             TIME_PERIOD=2022 OBS_VALUE=55.1 UNIT_MEASURE=percent OBS_STATUS=ESTIMATE",
            "INDICATOR=dvc-truc-tuyen AGENCY=bo-a: TIME_PERIOD=2022 OBS_VALUE=100 UNIT_MEASURE=percent",
            "INDICATOR=dvc-truc-tuyen AGENCY=bo-b: TIME_PERIOD=2022 OBS_VALUE=61.25 UNIT_MEASURE=percent",
        ]
    );
    // The message names its structure, which the portal's structure message defines with a
    // code list for each dimension, the total as _T.
    assert!(xml.contains(r#"<Ref agencyID="CHISO" id="DSD_dvc-truc-tuyen" version="1.0"/>"#));
    let structure = site.page("data/sdmx/structure.xml");
    let dsds = xml_elements(&structure, "str:DataStructure");
    assert_eq!(dsds.len(), INDICATORS.len());
    let lists = xml_elements(&structure, "str:Codelist");
    assert!(
        lists
            .iter()
            .any(|l| l.contains(&("id".into(), "CL_dvc-truc-tuyen_AGENCY".into())))
    );
    let agency = &structure[structure.find(r#"id="CL_dvc-truc-tuyen_AGENCY""#).unwrap()..];
    let agency = &agency[..agency.find("</str:Codelist>").unwrap()];
    let codes: Vec<String> = xml_elements(&format!("<x {agency}</x>"), "str:Code")
        .iter()
        .map(|c| c[0].1.clone())
        .collect();
    assert_eq!(codes, ["_T", "bo-a", "bo-b"]);
    assert!(
        agency.contains(r#"<com:Name xml:lang="en">Total</com:Name>"#),
        "{agency}"
    );
    // Datasets have no SDMX file: their columns are no dimensions.
    assert!(site.out().join("data/datasets/nhiem-vu.csv").exists());
    assert!(!site.out().join("data/datasets/nhiem-vu.sdmx.xml").exists());
}

/// SDMX-JSON 1.0 data messages carry their structure; observations are keyed by the
/// positions of their codes (SDMX-JSON data message 1.0, "observations").
#[test]
fn sdmx_json_keys_each_figure_by_the_positions_of_its_codes() {
    let site = demo();
    let message = json(site, "data/indicators/dvc-truc-tuyen.sdmx.json");
    let dimensions = message["structure"]["dimensions"]["observation"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = dimensions
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["INDICATOR", "AGENCY", "TIME_PERIOD"]);
    let codes = |d: usize| -> Vec<&str> {
        dimensions[d]["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect()
    };
    assert_eq!(codes(1), ["_T", "bo-a", "bo-b"]);
    assert_eq!(codes(2), ["2020", "2021", "2022"]);
    let observations = &message["dataSets"][0]["observations"];
    assert_eq!(observations.as_object().unwrap().len(), 5);
    assert_eq!(observations["0:1:2"][0].to_string(), "100");
    // The 2022 total is an estimate: the index of ESTIMATE among OBS_STATUS's values.
    assert_eq!(observations["0:0:2"], serde_json::json!([55.1, 0, 0]));
    let data_json = site.page("data.json");
    assert!(data_json.contains("dvc-truc-tuyen.sdmx.xml"));
    assert!(data_json.contains("application/vnd.sdmx.data+json"));
    let sdmx_format = "<http://purl.org/dc/terms/format> <http://publications.europa.eu/resource/authority/file-type/SDMX>";
    assert!(
        triples_of_turtle(&site.output_bytes("catalog.ttl"))
            .iter()
            .any(|triple| triple.ends_with(sdmx_format))
    );
    assert!(
        site.page("en/data/index.html")
            .contains("data/sdmx/structure.xml")
    );
}

/// A dataset is read and written in batches of rows, each format on its own thread while the
/// next batch is read: a dataset of several batches comes out whole and in order, its Data
/// Package hashing the CSV as published, and a malformed row past the first batch is named at
/// its line.
#[test]
fn a_dataset_of_many_batches_is_published_whole_and_in_order() {
    let site = Site::fixture("demo");
    let rows = 20_001;
    let mut csv = String::from("id,date,agency,count,share\n");
    for i in 1..=rows {
        csv.push_str(&format!(
            "{i},2024-{:02}-{:02},\"agency, {}\",{},{}.{:02}\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 7,
            i * 3,
            i % 100,
            i % 97
        ));
    }
    site.write("data/big.csv", &csv);
    site.write(
        "data/datasets/big.toml",
        "title = { vi = \"Lớn\", en = \"Large\" }\ndescription = { vi = \"Nhiều dòng.\", en = \"Many rows.\" }\nfile = \"big.csv\"\n",
    );
    site.build();
    let published = site.output_bytes("data/datasets/big.csv");
    // Every row in order, as written; published CSVs end their lines with CRLF (RFC 4180).
    assert!(
        published == csv.replace('\n', "\r\n").into_bytes(),
        "the CSV as written, in order"
    );
    let package = json(&site, "data/datasets/big.datapackage.json");
    assert_eq!(
        package["resources"][0]["hash"],
        format!("sha256:{}", sha256_hex(&published))
    );
    let data = json(&site, "data/datasets/big.json");
    let ids: Vec<i64> = data["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, (1..=rows as i64).collect::<Vec<_>>());
    assert_eq!(data["rows"][12344]["agency"], "agency, 4");
    assert_eq!(data["rows"][12344]["date"], "2024-10-26");

    let broken = csv.replacen("\n15000,", "\n15000,extra,", 1);
    site.write("data/big.csv", &broken);
    let Err(stopped) = site.try_build() else {
        panic!("a row with a field too many stops the build");
    };
    let said: Vec<String> = stopped.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["data/big.csv:15001: expected 5 fields, as in the header, found 6 fields"]
    );
}
