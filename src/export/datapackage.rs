//! Frictionless Data Packages (v2): one beside each indicator's and dataset's CSV
//! (`<id>.datapackage.json`) and one for the whole portal (`datapackage.json`). Each
//! resource names its CSV by a relative path, with its dialect, a Table Schema (field
//! types, labels, descriptions), its size in bytes and its SHA-256 hash, so
//! `frictionless validate` checks the metadata and the data together.

use super::formats::{Job, Sink, Whole, Writer, Written};
use crate::model::Portal;
use crate::site::catalog::{Catalog, Entry, FileFacts, Format, Kind, absolute_page_url};
use crate::site::columns::{Column, FieldType};
use crate::site::urls::Downloads;
use serde::Serialize;
use std::io;

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "$schema")]
    profile: &'static str,
    name: String,
    id: String,
    title: &'a str,
    description: &'a str,
    homepage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<&'a [String]>,
    licenses: [License<'a>; 1],
    contributors: [Contributor<'a>; 1],
    resources: Vec<Resource<'a>>,
}

#[derive(Serialize)]
struct License<'a> {
    path: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Contributor<'a> {
    title: &'a str,
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    roles: [&'static str; 1],
}

#[derive(Serialize)]
struct Resource<'a> {
    #[serde(rename = "$schema")]
    profile: &'static str,
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    homepage: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<Source<'a>>,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: u64,
    hash: String,
    dialect: Dialect,
    schema: Schema<'a>,
}

#[derive(Serialize)]
struct Source<'a> {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

/// RFC 4180 as the CSV writer writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    #[serde(rename = "$schema")]
    profile: &'static str,
    header: bool,
    delimiter: &'static str,
    line_terminator: &'static str,
    quote_char: &'static str,
    double_quote: bool,
}

const DIALECT: Dialect = Dialect {
    profile: "https://datapackage.org/profiles/2.0/tabledialect.json",
    header: true,
    delimiter: ",",
    line_terminator: "\r\n",
    quote_char: "\"",
    double_quote: true,
};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Schema<'a> {
    #[serde(rename = "$schema")]
    profile: &'static str,
    fields: Vec<Field<'a>>,
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    /// Dates as the load-time profile reads them, with or without leading zeros.
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
}

/// The package of one indicator or dataset, written beside its CSV.
pub fn single(portal: &Portal, entry: &Entry, csv: &FileFacts) -> Vec<u8> {
    let lang = portal.config.default_lang();
    let file_name = entry.csv().rsplit('/').next().unwrap_or_default();
    let package = Package {
        title: entry.title.get(lang, lang),
        description: entry.description.get(lang, lang),
        homepage: entry.identifier(portal),
        version: entry.version.as_deref(),
        keywords: Some(&entry.keywords[lang]),
        resources: vec![resource(portal, entry.id.clone(), file_name, entry, csv)],
        ..package(portal, entry.id.clone(), entry.identifier(portal))
    };
    to_bytes(&package)
}

/// The package of every CSV of the portal: indicators, datasets and the status matrix.
pub fn portal(portal: &Portal, catalog: &Catalog, status: (&[Column], &FileFacts)) -> Vec<u8> {
    let config = &portal.config;
    let lang = config.default_lang();
    let name = config
        .base_url
        .split_once("://")
        .map_or(config.base_url.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .replace('/', "-")
        .to_lowercase();
    let mut resources: Vec<Resource> = catalog
        .entries()
        .map(|entry| {
            let prefix = match entry.kind {
                Kind::Indicator => "indicator",
                Kind::Dataset => "dataset",
            };
            let csv = &catalog.written[entry.csv()];
            resource(
                portal,
                format!("{prefix}-{}", entry.id),
                entry.csv(),
                entry,
                csv,
            )
        })
        .collect();
    let (status_columns, status_csv) = status;
    let status_path = Downloads::status_csv();
    resources.push(Resource {
        profile: RESOURCE_PROFILE,
        name: "status".to_string(),
        kind: "table",
        path: &status_path,
        title: None,
        description: None,
        homepage: None,
        sources: Vec::new(),
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        bytes: status_csv.bytes,
        hash: hash(status_csv),
        dialect: DIALECT,
        schema: schema(portal, status_columns),
    });
    let description = if config.description.is_empty() {
        &config.title
    } else {
        &config.description
    };
    let package = Package {
        title: config.title.get(lang, lang),
        description: description.get(lang, lang),
        homepage: config.base_url.clone(),
        resources,
        ..package(portal, name, config.base_url.clone())
    };
    to_bytes(&package)
}

const RESOURCE_PROFILE: &str = "https://datapackage.org/profiles/2.0/dataresource.json";

/// What every package says: profile, name, id, licence and publisher.
fn package(portal: &Portal, name: String, id: String) -> Package<'_> {
    let config = &portal.config;
    let lang = config.default_lang();
    Package {
        profile: "https://datapackage.org/profiles/2.0/datapackage.json",
        name,
        id,
        title: "",
        description: "",
        homepage: String::new(),
        version: None,
        keywords: None,
        licenses: [License {
            path: &config.license.url,
            title: &config.license.name,
        }],
        contributors: [Contributor {
            title: config.publisher.name.get(lang, lang),
            email: &config.publisher.email,
            path: config.publisher.url.as_deref(),
            roles: ["publisher"],
        }],
        resources: Vec::new(),
    }
}

fn resource<'a>(
    portal: &'a Portal,
    name: String,
    path: &'a str,
    entry: &'a Entry,
    csv: &FileFacts,
) -> Resource<'a> {
    let lang = portal.config.default_lang();
    let sources = entry
        .sources
        .iter()
        .map(|citation| {
            let document = portal.documents.iter().find(|d| d.id == citation.document);
            let title = document.map_or(citation.document.as_str(), |d| d.title.get(lang, lang));
            Source {
                title: format!("{title} — {}", citation.locator),
                path: document.and_then(|d| d.url.as_deref()),
            }
        })
        .collect();
    Resource {
        profile: RESOURCE_PROFILE,
        name,
        kind: "table",
        path,
        title: Some(entry.title.get(lang, lang)),
        description: Some(entry.description.get(lang, lang)),
        homepage: Some(absolute_page_url(portal, &entry.page, lang)),
        sources,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        bytes: csv.bytes,
        hash: hash(csv),
        dialect: DIALECT,
        schema: schema(portal, &entry.columns),
    }
}

fn schema<'a>(portal: &'a Portal, columns: &'a [Column]) -> Schema<'a> {
    let lang = portal.config.default_lang();
    Schema {
        profile: "https://datapackage.org/profiles/2.0/tableschema.json",
        fields: columns
            .iter()
            .map(|c| Field {
                name: &c.name,
                kind: c.kind.name(),
                title: c.label.get(lang, lang),
                description: c.description.get(lang, lang),
                format: (c.kind == FieldType::Date).then_some("%Y-%m-%d"),
            })
            .collect(),
        missing_values: [""],
    }
}

fn hash(csv: &FileFacts) -> String {
    format!("sha256:{}", csv.sha256.as_deref().expect("CSVs are hashed"))
}

fn to_bytes(package: &Package) -> Vec<u8> {
    super::json_document(package)
}

/// The Data Package that describes the CSV, with its size and hash.
pub struct DataPackageWriter;

impl Writer for DataPackageWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Whole::new(job, path, |written: &Written| {
            let csv = written
                .get(&Format::Csv)
                .ok_or_else(|| io::Error::other("the CSV it describes was not written first"))?;
            Ok(single(job.portal, job.entry, csv))
        })))
    }
}
