//! `metadata_schema.yml`: which metadata fields indicator pages show, in which order, with
//! which labels.

use super::Report;
use super::layout::{self, Settings};
use super::yaml::Node;
use std::path::Path;

/// A field of `metadata_schema.yml`: what the indicator pages show, in this order.
#[derive(Debug)]
pub struct SchemaField {
    pub name: String,
    pub label: Option<String>,
    pub translation_key: Option<String>,
    pub global: bool,
}

/// Reads the prose.io-style schema Open SDG uses (`prose.metadata.meta`); hidden fields, data
/// fields and sources (shown as sources) are left out.
pub fn read(root: &Path, settings: &Settings, report: &mut Report) -> Vec<SchemaField> {
    if !root.join(&settings.schema_file).is_file() {
        return Vec::new();
    }
    let Some(node) = layout::read_yaml(root, &settings.schema_file, report) else {
        return Vec::new();
    };
    let fields = node
        .get("prose")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("meta"));
    fields
        .map_or(&[][..], Node::items)
        .iter()
        .filter_map(|item| {
            let name = item.get("name")?.text()?.to_string();
            let field = item.get("field");
            let get = |key: &str| field.and_then(|f| f.get(key)).and_then(Node::text);
            let scope = get("scope").unwrap_or("national");
            let hidden = get("element") == Some("hidden")
                || scope == "data"
                || scope.starts_with("source")
                || name.starts_with("source_");
            (!hidden).then(|| SchemaField {
                global: scope == "global" || name.ends_with("__GLOBAL"),
                label: get("label").map(str::to_string),
                translation_key: get("translation_key").map(str::to_string),
                name,
            })
        })
        .collect()
}
