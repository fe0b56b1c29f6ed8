//! `metadata_schema.yml`: which metadata fields indicator pages show, in which order, with
//! which labels.

use super::Report;
use super::layout::{self, Settings};
use super::translations::Translations;
use super::yaml::Node;
use std::path::Path;

/// A field of `metadata_schema.yml`: what the indicator pages show, in this order.
#[derive(Debug)]
pub struct SchemaField {
    pub name: String,
    pub label: Option<String>,
    pub translation_key: Option<String>,
    pub scope: Scope,
}

/// Where open-sdg shows a field: the tab whose scope the field names. open-sdg's metadata
/// table lists a tab's fields by `field.scope == tab` (`components/indicator/metadata.html`),
/// so a field of no tab's scope (`data`, `graph`, none at all) is never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    National,
    Global,
    /// `source_<n>`: the n-th source, in the Sources tab.
    Source(u32),
}

impl SchemaField {
    /// The field's label in `lang`: its translation key's translation, else its label, else
    /// its name.
    pub fn label_in<'a>(&'a self, translations: &'a Translations, lang: &str) -> &'a str {
        self.translation_key
            .as_deref()
            .and_then(|k| translations.get(lang, k))
            .or(self.label.as_deref())
            .unwrap_or(&self.name)
    }
}

/// Reads the prose.io-style schema Open SDG uses (`prose.metadata.meta`): the fields of the
/// national, global and source tabs; hidden fields and those of no tab are left out.
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
            if get("element") == Some("hidden") {
                return None;
            }
            let scope = match get("scope")? {
                "national" => Scope::National,
                "global" => Scope::Global,
                other => Scope::Source(other.strip_prefix("source_")?.parse().ok()?),
            };
            Some(SchemaField {
                scope,
                label: get("label").map(str::to_string),
                translation_key: get("translation_key").map(str::to_string),
                name,
            })
        })
        .collect()
}
