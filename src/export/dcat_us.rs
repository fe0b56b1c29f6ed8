//! `data.json`: the DCAT-US v1.1 (Project Open Data) catalogue that data.gov-style harvesters
//! read. Every indicator and dataset is a dataset with its distributions. `modified` is when
//! its data last changed (see [`crate::site::catalog::Basis`]): harvesters detect changes by
//! hashing each entry, so a date that moved with every build would re-import everything.
//!
//! `bureauCode` and `programCode` are required by the original (federal) schema and mean
//! nothing outside the US federal government; the catalogue carries the "not applicable"
//! codes data.gov itself uses for that (`000:00`, `000:000`, GSA/data.gov#5164), so it
//! validates against both the original schema and data.gov's non-federal one.

use crate::model::Portal;
use crate::site::catalog::{Catalog, Entry, Format, absolute_page_url, absolute_url};
use crate::site::urls::Downloads;
use serde::Serialize;

const NOT_APPLICABLE_BUREAU: &str = "000:00";
const NOT_APPLICABLE_PROGRAM: &str = "000:000";

#[derive(Serialize)]
struct DataJson {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "conformsTo")]
    conforms_to: &'static str,
    #[serde(rename = "describedBy")]
    described_by: &'static str,
    dataset: Vec<Dataset>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dataset {
    #[serde(rename = "@type")]
    kind: &'static str,
    title: String,
    description: String,
    keyword: Vec<String>,
    modified: String,
    publisher: Organization,
    contact_point: Contact,
    identifier: String,
    access_level: &'static str,
    bureau_code: [&'static str; 1],
    program_code: [&'static str; 1],
    license: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    spatial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temporal: Option<String>,
    landing_page: String,
    language: Vec<String>,
    distribution: Vec<Distribution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    references: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Organization {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Contact {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "fn")]
    name: String,
    has_email: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Distribution {
    #[serde(rename = "@type")]
    kind: &'static str,
    title: String,
    #[serde(rename = "downloadURL")]
    download_url: String,
    media_type: &'static str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    conforms_to: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    described_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    described_by_type: Option<&'static str>,
}

pub fn data_json(portal: &Portal, catalog: &Catalog) -> Vec<u8> {
    let json = DataJson {
        context: "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        id: absolute_url(portal, &Downloads::dcat_us()),
        kind: "dcat:Catalog",
        conforms_to: "https://project-open-data.cio.gov/v1.1/schema",
        described_by: "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        dataset: catalog.catalogued().map(|e| dataset(portal, e)).collect(),
    };
    super::json_document(&json)
}

fn dataset(portal: &Portal, entry: &Entry) -> Dataset {
    let config = &portal.config;
    let lang = config.default_lang();
    // Keywords of every language, each once: harvesters index them for search.
    let mut keyword: Vec<String> = Vec::new();
    for l in &config.languages {
        for word in &entry.keywords[l] {
            if !keyword.contains(word) {
                keyword.push(word.clone());
            }
        }
    }
    let references: Vec<String> = entry
        .sources
        .iter()
        .filter_map(|c| portal.documents.iter().find(|d| d.id == c.document))
        .filter_map(|d| d.url.clone())
        .fold(Vec::new(), |mut urls, url| {
            if !urls.contains(&url) {
                urls.push(url);
            }
            urls
        });
    let publisher = config.publisher.name.get(lang, lang).to_string();
    Dataset {
        kind: "dcat:Dataset",
        title: entry.title.get(lang, lang).to_string(),
        description: entry.description.get(lang, lang).to_string(),
        keyword,
        modified: entry.modified.date.to_string(),
        publisher: Organization {
            kind: "org:Organization",
            name: publisher.clone(),
        },
        contact_point: Contact {
            kind: "vcard:Contact",
            name: publisher,
            has_email: format!("mailto:{}", config.publisher.email),
        },
        identifier: entry.identifier(portal),
        access_level: "public",
        bureau_code: [NOT_APPLICABLE_BUREAU],
        program_code: [NOT_APPLICABLE_PROGRAM],
        license: config.license.url.clone(),
        // A bounding box when there is one: the harvester places no other name abroad.
        spatial: config.spatial.as_ref().map(|s| {
            s.bbox_text()
                .unwrap_or_else(|| s.name.get(lang, lang).to_string())
        }),
        temporal: entry.temporal.map(|(start, end)| format!("{start}/{end}")),
        landing_page: absolute_page_url(portal, &entry.page, lang),
        language: config.languages.clone(),
        distribution: distributions(portal, entry),
        references: (!references.is_empty()).then_some(references),
    }
}

fn distributions(portal: &Portal, entry: &Entry) -> Vec<Distribution> {
    let lang = portal.config.default_lang();
    let title = entry.title.get(lang, lang);
    entry
        .files
        .iter()
        .filter(|(format, _)| **format != Format::Csvw)
        .map(|(&format, path)| {
            let csvw = (format == Format::Csv).then(|| &entry.files[&Format::Csvw]);
            Distribution {
                kind: "dcat:Distribution",
                title: format!("{title} ({})", format.label()),
                download_url: absolute_url(portal, path),
                media_type: format.media_type(),
                format: format.label(),
                conforms_to: (format == Format::DataPackage)
                    .then_some("https://datapackage.org/standard/data-package/"),
                described_by: csvw.map(|p| absolute_url(portal, p)),
                described_by_type: csvw.map(|_| Format::Csvw.media_type()),
            }
        })
        .collect()
}
