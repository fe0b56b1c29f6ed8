//! schema.org `Dataset` metadata embedded in indicator and dataset pages as JSON-LD, as
//! dataset search engines (Google Dataset Search and others) read it.

use super::downloads::machine_size;
use super::view::View;
use crate::site::catalog::{Entry, absolute_page_url, absolute_url, as_sentence};
use serde::Serialize;

/// Search engines ignore descriptions outside these lengths (in characters).
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 50..=5000;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dataset<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    description: String,
    url: String,
    identifier: String,
    keywords: &'a [String],
    in_language: &'a str,
    license: &'a str,
    is_accessible_for_free: bool,
    creator: &'a Organization<'a>,
    publisher: &'a Organization<'a>,
    date_modified: String,
    credit_text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spatial_coverage: Option<Place<'a>>,
    variable_measured: Vec<Variable>,
    included_in_data_catalog: DataCatalog,
    distribution: Vec<DataDownload>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
}

/// What a dataset measures: an indicator's value, or a dataset's column.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The machine name (a dataset's column).
    #[serde(rename = "propertyID", skip_serializing_if = "Option::is_none")]
    property_id: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_text: Option<String>,
}

impl Variable {
    pub fn new(
        property_id: Option<String>,
        name: String,
        description: Option<String>,
        unit_text: Option<String>,
    ) -> Variable {
        Variable {
            kind: "PropertyValue",
            property_id,
            name,
            description,
            unit_text,
        }
    }
}

#[derive(Serialize)]
struct DataCatalog {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataDownload {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'static str,
    encoding_format: &'static str,
    content_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_size: Option<String>,
}

/// The JSON-LD of a page about `entry`, ready to sit inside `<script type="application/ld+json">`.
/// `variables` are what it measures; `credit` is how to cite it.
pub fn dataset(view: &View, entry: &Entry, variables: Vec<Variable>, credit: &str) -> String {
    let portal = view.portal();
    let config = &portal.config;
    let lang = view.lang();
    let organization = Organization {
        kind: "Organization",
        name: view.plain(&config.publisher.name),
        email: &config.publisher.email,
        url: config.publisher.url.as_deref(),
    };
    let value = Dataset {
        context: "https://schema.org",
        kind: "Dataset",
        name: view.plain(&entry.title),
        description: description(view, entry),
        url: absolute_page_url(portal, &entry.page, lang),
        identifier: entry.identifier(portal),
        keywords: &entry.keywords[lang],
        in_language: lang,
        license: &config.license.url,
        is_accessible_for_free: true,
        creator: &organization,
        publisher: &organization,
        date_modified: entry.modified.date.to_string(),
        credit_text: credit,
        temporal_coverage: entry.temporal.map(|(start, end)| format!("{start}/{end}")),
        spatial_coverage: config.spatial.as_ref().map(|spatial| Place {
            kind: "Place",
            name: view.plain(&spatial.name),
            same_as: spatial.uri.as_deref(),
        }),
        variable_measured: variables,
        included_in_data_catalog: DataCatalog {
            kind: "DataCatalog",
            name: view.plain(&config.title),
            url: absolute_page_url(portal, &crate::site::urls::PagePath::Home, lang),
        },
        distribution: entry
            .files
            .iter()
            .map(|(format, path)| DataDownload {
                kind: "DataDownload",
                name: format.label(),
                encoding_format: format.media_type(),
                content_url: absolute_url(portal, path),
                content_size: view.renderer.catalog.bytes(path).map(machine_size),
            })
            .collect(),
        version: entry.version.as_deref(),
    };
    script_safe(&value)
}

/// The entry's description in the page's language, lengthened with what the portal publishes
/// when it is too short for search engines, and cut when too long.
fn description(view: &View, entry: &Entry) -> String {
    let config = &view.portal().config;
    let mut text = view.plain(&entry.description);
    if text.chars().count() < *DESCRIPTION_CHARS.start() {
        let more = view.t().fill(
            "publishing.jsonld_description",
            &[
                ("publisher", &view.plain(&config.publisher.name)),
                ("portal", &view.plain(&config.title)),
                ("license", &config.license.name),
            ],
        );
        text = format!("{} {more}", as_sentence(&text));
    }
    if text.chars().count() > *DESCRIPTION_CHARS.end() {
        text = text
            .chars()
            .take(DESCRIPTION_CHARS.end() - 1)
            .collect::<String>()
            + "…";
    }
    text
}

/// JSON that cannot end the script element it sits in (`</script>`) or open a comment there:
/// `<` only occurs inside strings, where `\u003c` means the same.
fn script_safe(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("serialising to memory");
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}
