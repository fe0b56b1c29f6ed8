//! CSVW metadata sidecars (`<file>.csv-metadata.json`, W3C "Metadata Vocabulary for Tabular
//! Data"): the CSV's dialect and columns, each column with its machine name, its header
//! title and its labels in every language, its datatype and description, so tools that read
//! CSV on the Web (and people) know what each column means without guessing.

use super::formats::{Job, Sink, Whole, Writer};
use crate::model::{Portal, Text};
use crate::site::catalog::{Entry, absolute_page_url, absolute_url};
use crate::site::columns::Column;
use crate::site::urls::encode;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

#[derive(Serialize)]
struct Table<'a> {
    #[serde(rename = "@context")]
    context: (&'static str, Context<'a>),
    url: String,
    #[serde(rename = "dc:identifier")]
    identifier: String,
    #[serde(rename = "dc:title")]
    title: Vec<Tagged<'a>>,
    #[serde(rename = "dc:description")]
    description: Vec<Tagged<'a>>,
    #[serde(rename = "dc:license")]
    license: Id,
    #[serde(rename = "dc:publisher")]
    publisher: Publisher<'a>,
    #[serde(rename = "dc:modified")]
    modified: Typed,
    #[serde(rename = "dcat:landingPage")]
    landing_page: Vec<Id>,
    #[serde(rename = "dcat:downloadURL")]
    download_url: Id,
    dialect: Dialect,
    #[serde(rename = "tableSchema")]
    table_schema: TableSchema<'a>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(rename = "@language")]
    language: &'a str,
}

/// A string in a language.
#[derive(Serialize)]
struct Tagged<'a> {
    #[serde(rename = "@value")]
    value: &'a str,
    #[serde(rename = "@language")]
    language: &'a str,
}

#[derive(Serialize)]
struct Id {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
struct Typed {
    #[serde(rename = "@value")]
    value: String,
    #[serde(rename = "@type")]
    datatype: &'static str,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "schema:name")]
    name: Vec<Tagged<'a>>,
    #[serde(rename = "schema:email")]
    email: &'a str,
    #[serde(rename = "schema:url", skip_serializing_if = "Option::is_none")]
    url: Option<Id>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    encoding: &'static str,
    line_terminators: [&'static str; 1],
    header: bool,
    double_quote: bool,
    trim: bool,
}

#[derive(Serialize)]
struct TableSchema<'a> {
    columns: Vec<ColumnDescription<'a>>,
}

#[derive(Serialize)]
struct ColumnDescription<'a> {
    name: String,
    /// The header cell as written (language "und", which matches any language), then the
    /// labels people read.
    titles: BTreeMap<&'a str, [&'a str; 1]>,
    datatype: &'static str,
    #[serde(rename = "dc:description", skip_serializing_if = "Vec::is_empty")]
    description: Vec<Tagged<'a>>,
}

/// The sidecar of `entry`'s CSV; it sits beside the CSV, so `url` is the CSV's file name.
pub fn sidecar(portal: &Portal, entry: &Entry) -> Vec<u8> {
    let config = &portal.config;
    let file_name = entry.csv().rsplit('/').next().unwrap_or_default();
    let table = Table {
        context: (
            "http://www.w3.org/ns/csvw",
            Context {
                language: config.default_lang(),
            },
        ),
        url: encode(file_name),
        identifier: entry.identifier(portal),
        title: languages(portal, &entry.title),
        description: languages(portal, &entry.description),
        license: Id {
            id: config.license.url.clone(),
        },
        publisher: Publisher {
            name: languages(portal, &config.publisher.name),
            email: &config.publisher.email,
            url: config.publisher.url.clone().map(|id| Id { id }),
        },
        modified: Typed {
            value: entry.modified.date.to_string(),
            datatype: "xsd:date",
        },
        landing_page: config
            .languages
            .iter()
            .map(|l| Id {
                id: absolute_page_url(portal, &entry.page, l),
            })
            .collect(),
        download_url: Id {
            id: absolute_url(portal, entry.csv()),
        },
        dialect: Dialect {
            encoding: "utf-8",
            line_terminators: ["\r\n"],
            header: true,
            double_quote: true,
            trim: false,
        },
        table_schema: TableSchema {
            columns: entry.columns.iter().map(|c| column(portal, c)).collect(),
        },
    };
    super::json_document(&table)
}

fn column<'a>(portal: &'a Portal, column: &'a Column) -> ColumnDescription<'a> {
    let mut titles = BTreeMap::from([("und", [column.name.as_str()])]);
    for (lang, label) in column.label.entries() {
        if !lang.is_empty() && !label.is_empty() {
            titles.insert(lang, [label]);
        }
    }
    ColumnDescription {
        name: variable_name(&column.name),
        titles,
        datatype: column.kind.name(),
        description: if column.description.is_empty() {
            Vec::new()
        } else {
            languages(portal, &column.description)
        },
    }
}

/// Text as language-tagged values, one per configured language.
fn languages<'a>(portal: &'a Portal, text: &'a Text) -> Vec<Tagged<'a>> {
    let default_lang = portal.config.default_lang();
    portal
        .config
        .languages
        .iter()
        .map(|l| Tagged {
            value: text.get(l, default_lang),
            language: l,
        })
        .collect()
}

/// A column name as CSVW allows it (a URI-template variable name): letters, digits and `_`,
/// anything else percent-encoded, and no leading `_`.
fn variable_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, byte) in name.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric() || (byte == b'_' && i > 0);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The CSVW sidecar that describes the CSV.
pub struct CsvwWriter;

impl Writer for CsvwWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Whole::new(job, path, |_| {
            Ok(sidecar(job.portal, job.entry))
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_become_template_variables() {
        assert_eq!(variable_name("note_vi"), "note_vi");
        assert_eq!(variable_name("phạm-vi"), "ph%E1%BA%A1m%2Dvi");
        assert_eq!(variable_name("_x"), "%5Fx");
    }
}
