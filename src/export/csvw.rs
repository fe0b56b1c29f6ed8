//! CSVW metadata sidecars (`<file>.csv-metadata.json`, W3C "Metadata Vocabulary for Tabular
//! Data"): the CSV's dialect and columns, each column with its machine name, its header
//! title and its labels in every language, its datatype and description, so tools that read
//! CSV on the Web (and people) know what each column means without guessing.

use super::catalog::{Entry, absolute_page_url, absolute_url};
use super::csv::Column;
use crate::model::{Portal, Text};
use crate::render::urls::encode;
use serde_json::{Value, json};

/// The sidecar of `entry`'s CSV; it sits beside the CSV, so `url` is the CSV's file name.
pub fn sidecar(portal: &Portal, entry: &Entry) -> Vec<u8> {
    let config = &portal.config;
    let file_name = entry.csv().rsplit('/').next().unwrap_or_default();
    let mut table = json!({
        "@context": ["http://www.w3.org/ns/csvw", {"@language": config.default_lang()}],
        "url": encode(file_name),
        "dc:identifier": entry.identifier(portal),
        "dc:title": languages(portal, &entry.title),
        "dc:description": languages(portal, &entry.description),
        "dc:license": {"@id": config.license.url},
        "dc:publisher": {
            "schema:name": languages(portal, &config.publisher.name),
            "schema:email": config.publisher.email,
        },
        "dc:modified": {"@value": entry.modified.date.to_string(), "@type": "xsd:date"},
        "dcat:landingPage": config.languages.iter()
            .map(|l| json!({"@id": absolute_page_url(portal, &entry.page, l)}))
            .collect::<Vec<_>>(),
        "dcat:downloadURL": {"@id": absolute_url(portal, entry.csv())},
        "dialect": {
            "encoding": "utf-8",
            "lineTerminators": ["\r\n"],
            "header": true,
            "doubleQuote": true,
            "trim": false,
        },
        "tableSchema": {
            "columns": entry.columns.iter().map(|c| column(portal, c)).collect::<Vec<_>>(),
        },
    });
    if let Some(url) = config.publisher.url.as_deref() {
        table["dc:publisher"]["schema:url"] = json!({"@id": url});
    }
    let mut bytes = serde_json::to_vec_pretty(&table).expect("serialising to memory");
    bytes.push(b'\n');
    bytes
}

fn column(portal: &Portal, column: &Column) -> Value {
    // The header cell as written (language "und", which matches any language), then the
    // labels people read.
    let mut titles = serde_json::Map::new();
    titles.insert("und".into(), json!([column.name]));
    for (lang, label) in column.label.entries() {
        if !lang.is_empty() && !label.is_empty() {
            titles.insert(lang.to_string(), json!([label]));
        }
    }
    let mut value = json!({
        "name": variable_name(&column.name),
        "titles": titles,
        "datatype": column.kind.name(),
    });
    if !column.description.is_empty() {
        value["dc:description"] = languages(portal, &column.description);
    }
    value
}

/// Text as a list of language-tagged values, one per configured language.
fn languages(portal: &Portal, text: &Text) -> Value {
    let default_lang = portal.config.default_lang();
    portal
        .config
        .languages
        .iter()
        .map(|l| json!({"@value": text.get(l, default_lang), "@language": l}))
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
