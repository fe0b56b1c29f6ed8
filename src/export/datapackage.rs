//! Frictionless Data Packages (v2): one beside each indicator's and dataset's CSV
//! (`<id>.datapackage.json`) and one for the whole portal (`datapackage.json`). Each
//! resource names its CSV by a relative path, with its dialect, a Table Schema (field
//! types, labels, descriptions), its size in bytes and its SHA-256 hash, so
//! `frictionless validate` checks the metadata and the data together.

use super::catalog::{Catalog, Entry, FileFacts, absolute_page_url};
use super::csv::Column;
use crate::model::Portal;
use crate::render::urls::Downloads;
use serde_json::{Value, json};

const PACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";
const RESOURCE_PROFILE: &str = "https://datapackage.org/profiles/2.0/dataresource.json";
const DIALECT_PROFILE: &str = "https://datapackage.org/profiles/2.0/tabledialect.json";
const SCHEMA_PROFILE: &str = "https://datapackage.org/profiles/2.0/tableschema.json";

/// The package of one indicator or dataset, written beside its CSV.
pub fn single(portal: &Portal, entry: &Entry, csv: &FileFacts) -> Vec<u8> {
    let file_name = entry.csv().rsplit('/').next().unwrap_or_default();
    let mut package = package(portal, &entry.id, entry.identifier(portal));
    let default_lang = portal.config.default_lang();
    package["title"] = json!(entry.title.get(default_lang, default_lang));
    package["description"] = json!(entry.description.get(default_lang, default_lang));
    package["homepage"] = json!(entry.identifier(portal));
    package["keywords"] = json!(entry.keywords[default_lang]);
    if let Some(version) = &entry.version {
        package["version"] = json!(version);
    }
    package["resources"] = json!([resource(portal, &entry.id, file_name, entry, csv)]);
    to_bytes(&package)
}

/// The package of every CSV of the portal: indicators, datasets and the status matrix.
pub fn portal(portal: &Portal, catalog: &Catalog, status: (&[Column], &FileFacts)) -> Vec<u8> {
    let config = &portal.config;
    let default_lang = config.default_lang();
    let name = config
        .base_url
        .split_once("://")
        .map_or(config.base_url.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .replace('/', "-")
        .to_lowercase();
    let mut package = package(portal, &name, config.base_url.clone());
    package["title"] = json!(config.title.get(default_lang, default_lang));
    package["description"] = json!(config.description.get(default_lang, default_lang));
    package["homepage"] = json!(config.base_url);
    let mut resources: Vec<Value> = catalog
        .entries()
        .map(|entry| {
            let prefix = match entry.kind {
                super::catalog::Kind::Indicator => "indicator",
                super::catalog::Kind::Dataset => "dataset",
            };
            resource(
                portal,
                &format!("{prefix}-{}", entry.id),
                entry.csv(),
                entry,
                &catalog.written[entry.csv()],
            )
        })
        .collect();
    let (status_columns, status_csv) = status;
    resources.push(json!({
        "$schema": RESOURCE_PROFILE,
        "name": "status",
        "type": "table",
        "path": Downloads::status_csv(),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": status_csv.bytes,
        "hash": hash(status_csv),
        "dialect": dialect(),
        "schema": schema(portal, status_columns),
    }));
    package["resources"] = Value::Array(resources);
    to_bytes(&package)
}

/// What every package says: profile, name, id, licence and publisher.
fn package(portal: &Portal, name: &str, id: String) -> Value {
    let config = &portal.config;
    let default_lang = config.default_lang();
    let mut publisher = json!({
        "title": config.publisher.name.get(default_lang, default_lang),
        "email": config.publisher.email,
        "roles": ["publisher"],
    });
    if let Some(url) = &config.publisher.url {
        publisher["path"] = json!(url);
    }
    json!({
        "$schema": PACKAGE_PROFILE,
        "name": name,
        "id": id,
        "licenses": [{"path": config.license.url, "title": config.license.name}],
        "contributors": [publisher],
    })
}

fn resource(portal: &Portal, name: &str, path: &str, entry: &Entry, csv: &FileFacts) -> Value {
    let default_lang = portal.config.default_lang();
    let sources: Vec<Value> = entry
        .sources
        .iter()
        .map(|citation| {
            let document = portal.documents.iter().find(|d| d.id == citation.document);
            let title = document.map_or(citation.document.as_str(), |d| {
                d.title.get(default_lang, default_lang)
            });
            let mut source = json!({"title": format!("{title} — {}", citation.locator)});
            if let Some(url) = document.and_then(|d| d.url.as_deref()) {
                source["path"] = json!(url);
            }
            source
        })
        .collect();
    json!({
        "$schema": RESOURCE_PROFILE,
        "name": name,
        "type": "table",
        "path": path,
        "title": entry.title.get(default_lang, default_lang),
        "description": entry.description.get(default_lang, default_lang),
        "homepage": absolute_page_url(portal, &entry.page, default_lang),
        "sources": sources,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": csv.bytes,
        "hash": hash(csv),
        "dialect": dialect(),
        "schema": schema(portal, &entry.columns),
    })
}

/// RFC 4180 as the CSV writer writes it.
fn dialect() -> Value {
    json!({
        "$schema": DIALECT_PROFILE,
        "header": true,
        "delimiter": ",",
        "lineTerminator": "\r\n",
        "quoteChar": "\"",
        "doubleQuote": true,
    })
}

fn schema(portal: &Portal, columns: &[Column]) -> Value {
    let default_lang = portal.config.default_lang();
    let fields: Vec<Value> = columns
        .iter()
        .map(|c| {
            let mut field = json!({"name": c.name, "type": c.kind.name()});
            let title = c.label.get(default_lang, default_lang);
            if !title.is_empty() {
                field["title"] = json!(title);
            }
            let description = c.description.get(default_lang, default_lang);
            if !description.is_empty() {
                field["description"] = json!(description);
            }
            if c.kind == super::csv::FieldType::Date {
                // The profile reads dates as written, with or without leading zeros.
                field["format"] = json!("%Y-%m-%d");
            }
            field
        })
        .collect();
    json!({
        "$schema": SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
    })
}

fn hash(csv: &FileFacts) -> String {
    format!("sha256:{}", csv.sha256.as_deref().expect("CSVs are hashed"))
}

fn to_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("serialising to memory");
    bytes.push(b'\n');
    bytes
}
