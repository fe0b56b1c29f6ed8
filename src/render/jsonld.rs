//! schema.org `Dataset` metadata embedded in indicator and dataset pages as JSON-LD, as
//! dataset search engines (Google Dataset Search and others) read it.

use super::downloads::size;
use super::view::View;
use crate::export::catalog::{Entry, absolute_page_url, absolute_url, as_sentence};
use serde_json::{Value, json};

/// Search engines ignore descriptions outside these lengths (in characters).
const DESCRIPTION_CHARS: std::ops::RangeInclusive<usize> = 50..=5000;

/// The JSON-LD of a page about `entry`, ready to sit inside `<script type="application/ld+json">`.
/// `variables` are the `variableMeasured` values; `credit` is how to cite it.
pub fn dataset(view: &View, entry: &Entry, variables: Vec<Value>, credit: &str) -> String {
    let portal = view.portal();
    let config = &portal.config;
    let lang = view.lang();
    let mut organization = json!({
        "@type": "Organization",
        "name": view.plain(&config.publisher.name),
        "email": config.publisher.email,
    });
    if let Some(url) = &config.publisher.url {
        organization["url"] = json!(url);
    }
    let distribution: Vec<Value> = entry
        .files
        .iter()
        .map(|(format, path)| {
            let mut download = json!({
                "@type": "DataDownload",
                "name": format.label(),
                "encodingFormat": format.media_type(),
                "contentUrl": absolute_url(portal, path),
            });
            if let Some(bytes) = view.renderer.catalog.bytes(path) {
                download["contentSize"] = json!(size(view, bytes));
            }
            download
        })
        .collect();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": view.plain(&entry.title),
        "description": description(view, entry),
        "url": absolute_page_url(portal, &entry.page, lang),
        "identifier": entry.identifier(portal),
        "keywords": entry.keywords[lang],
        "inLanguage": lang,
        "license": config.license.url,
        "isAccessibleForFree": true,
        "creator": organization.clone(),
        "publisher": organization,
        "dateModified": entry.modified.date.to_string(),
        "creditText": credit,
        "variableMeasured": variables,
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": view.plain(&config.title),
            "url": absolute_page_url(portal, &super::urls::PagePath::Home, lang),
        },
        "distribution": distribution,
    });
    if let Some((start, end)) = entry.temporal {
        value["temporalCoverage"] = json!(format!("{start}/{end}"));
    }
    if let Some(spatial) = &config.spatial {
        let mut place = json!({"@type": "Place", "name": view.plain(&spatial.name)});
        if let Some(uri) = &spatial.uri {
            place["sameAs"] = json!(uri);
        }
        value["spatialCoverage"] = place;
    }
    if let Some(version) = &entry.version {
        value["version"] = json!(version);
    }
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
fn script_safe(value: &Value) -> String {
    let json = serde_json::to_string(value).expect("serialising to memory");
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}
