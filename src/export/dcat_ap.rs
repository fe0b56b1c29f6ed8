//! The DCAT-AP 3 catalogue, the European profile of W3C DCAT that EU and many national
//! portals harvest: `catalog.jsonld` (JSON-LD) and `catalog.ttl` (Turtle), linked from every
//! page's head.
//!
//! The JSON-LD is written here, readable and nested (each dataset holds its distributions);
//! the Turtle is that same graph, parsed back by a JSON-LD processor (oxjsonld) and written
//! by a Turtle serializer (oxttl), so the two always say the same thing and escaping is the
//! libraries' job. Every node has an IRI (no blank nodes), which keeps the Turtle stable.

use super::catalog::{Catalog, Entry, Format, absolute_page_url, absolute_url};
use crate::model::{Portal, Text};
use oxrdf::{Subject, Triple};
use serde_json::{Value, json};
use std::collections::HashMap;

const PREFIXES: [(&str, &str); 7] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The catalogue as JSON-LD.
pub fn jsonld(portal: &Portal, catalog: &Catalog) -> Vec<u8> {
    let config = &portal.config;
    let base = &config.base_url;
    let context: serde_json::Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, iri)| (p.to_string(), json!(iri)))
        .collect();
    let mut catalog_node = json!({
        "@id": format!("{base}#catalog"),
        "@type": "dcat:Catalog",
        "dct:title": languages(portal, &config.title),
        "dct:description": languages(portal, if config.description.is_empty() { &config.title } else { &config.description }),
        "dct:publisher": {"@id": format!("{base}#publisher")},
        "foaf:homepage": {"@id": base},
        "dct:license": {"@id": config.license.url},
        "dct:language": config.languages.iter().map(|l| json!({"@id": language_uri(l)})).collect::<Vec<_>>(),
        "dcat:dataset": catalog.entries().map(|e| json!({"@id": dataset_iri(portal, e)})).collect::<Vec<_>>(),
    });
    if let Some(date) = catalog.modified() {
        catalog_node["dct:modified"] = date_value(date);
    }
    if config.spatial.is_some() {
        catalog_node["dct:spatial"] = json!({"@id": spatial_iri(portal)});
    }
    let mut publisher = json!({
        "@id": format!("{base}#publisher"),
        "@type": "foaf:Agent",
        "foaf:name": languages(portal, &config.publisher.name),
        "foaf:mbox": {"@id": format!("mailto:{}", config.publisher.email)},
    });
    if let Some(url) = &config.publisher.url {
        publisher["foaf:homepage"] = json!({"@id": url});
    }
    let contact = json!({
        "@id": format!("{base}#contact"),
        "@type": "vcard:Organization",
        "vcard:fn": languages(portal, &config.publisher.name),
        "vcard:hasEmail": {"@id": format!("mailto:{}", config.publisher.email)},
    });
    let mut graph = vec![catalog_node, publisher, contact];
    if let Some(spatial) = &config.spatial {
        graph.push(json!({
            "@id": spatial_iri(portal),
            "@type": "dct:Location",
            "skos:prefLabel": languages(portal, &spatial.name),
        }));
    }
    graph.extend(catalog.entries().map(|e| dataset(portal, catalog, e)));
    let document = json!({"@context": context, "@graph": graph});
    let mut bytes = serde_json::to_vec_pretty(&document).expect("serialising to memory");
    bytes.push(b'\n');
    bytes
}

/// The same catalogue as Turtle, from the JSON-LD.
pub fn turtle(jsonld: &[u8]) -> Result<Vec<u8>, String> {
    let mut order: Vec<Subject> = Vec::new();
    let mut by_subject: HashMap<Subject, Vec<Triple>> = HashMap::new();
    for quad in oxjsonld::JsonLdParser::new().for_slice(jsonld) {
        let quad = quad.map_err(|e| e.to_string())?;
        let triple = Triple::from(quad);
        let triples = by_subject.entry(triple.subject.clone()).or_insert_with(|| {
            order.push(triple.subject.clone());
            Vec::new()
        });
        triples.push(triple);
    }
    let mut serializer = oxttl::TurtleSerializer::new();
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(prefix, iri)
            .map_err(|e| e.to_string())?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for subject in &order {
        for triple in &by_subject[subject] {
            writer.serialize_triple(triple).map_err(|e| e.to_string())?;
        }
    }
    writer.finish().map_err(|e| e.to_string())
}

fn dataset(portal: &Portal, catalog: &Catalog, entry: &Entry) -> Value {
    let config = &portal.config;
    let base = &config.base_url;
    let iri = dataset_iri(portal, entry);
    let keywords: Vec<Value> = config
        .languages
        .iter()
        .flat_map(|l| {
            entry.keywords[l]
                .iter()
                .map(move |w| json!({"@value": w, "@language": l}))
        })
        .collect();
    let mut node = json!({
        "@id": iri,
        "@type": "dcat:Dataset",
        "dct:identifier": entry.identifier(portal),
        "dct:title": languages(portal, &entry.title),
        "dct:description": languages(portal, &entry.description),
        "dcat:keyword": keywords,
        "dct:publisher": {"@id": format!("{base}#publisher")},
        "dcat:contactPoint": {"@id": format!("{base}#contact")},
        "dct:modified": date_value(entry.modified.date),
        "dct:license": {"@id": config.license.url},
        "dct:language": config.languages.iter().map(|l| json!({"@id": language_uri(l)})).collect::<Vec<_>>(),
        "dcat:landingPage": config.languages.iter()
            .map(|l| json!({"@id": absolute_page_url(portal, &entry.page, l)}))
            .collect::<Vec<_>>(),
        "dcat:distribution": entry.files.iter()
            .map(|(&format, path)| distribution(portal, catalog, entry, format, path))
            .collect::<Vec<_>>(),
    });
    if let Some((start, end)) = entry.temporal {
        node["dct:temporal"] = json!({
            "@id": format!("{iri}-temporal"),
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": date_value(start),
            "dcat:endDate": date_value(end),
        });
    }
    if config.spatial.is_some() {
        node["dct:spatial"] = json!({"@id": spatial_iri(portal)});
    }
    if let Some(version) = &entry.version {
        node["dcat:version"] = json!(version);
    }
    node
}

fn distribution(
    portal: &Portal,
    catalog: &Catalog,
    entry: &Entry,
    format: Format,
    path: &str,
) -> Value {
    let config = &portal.config;
    let iri = format!("{}-{}", dataset_iri(portal, entry), format.key());
    let url = absolute_url(portal, path);
    let title = Text::from_pairs(config.languages.iter().map(|l| {
        let title = entry.title.get(l, config.default_lang());
        (l.clone(), format!("{title} ({})", format.label()))
    }));
    let mut node = json!({
        "@id": iri,
        "@type": "dcat:Distribution",
        "dct:title": languages(portal, &title),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": format!("http://www.iana.org/assignments/media-types/{}", format.media_type())},
        "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{}", format.eu_file_type())},
        "dct:license": {"@id": config.license.url},
        "dct:modified": date_value(entry.modified.date),
    });
    if let Some(facts) = catalog.written.get(path) {
        node["dcat:byteSize"] =
            json!({"@value": facts.bytes.to_string(), "@type": "xsd:nonNegativeInteger"});
        if !facts.sha256.is_empty() && format == Format::Csv {
            node["spdx:checksum"] = json!({
                "@id": format!("{iri}-checksum"),
                "@type": "spdx:Checksum",
                "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                "spdx:checksumValue": {"@value": facts.sha256, "@type": "xsd:hexBinary"},
            });
        }
    }
    let conforms_to = match format {
        Format::Csvw => Some("http://www.w3.org/TR/tabular-metadata/"),
        Format::DataPackage => Some("https://datapackage.org/standard/data-package/"),
        _ => None,
    };
    if let Some(spec) = conforms_to {
        node["dct:conformsTo"] = json!({"@id": spec});
    }
    node
}

/// The dataset's IRI: its default-language page with a fragment (the page is the landing
/// page, the fragment the dataset it describes).
fn dataset_iri(portal: &Portal, entry: &Entry) -> String {
    format!("{}#dataset", entry.identifier(portal))
}

fn spatial_iri(portal: &Portal) -> String {
    let spatial = portal.config.spatial.as_ref().expect("spatial coverage");
    spatial
        .uri
        .clone()
        .unwrap_or_else(|| format!("{}#spatial", portal.config.base_url))
}

fn languages(portal: &Portal, text: &Text) -> Value {
    let default_lang = portal.config.default_lang();
    portal
        .config
        .languages
        .iter()
        .map(|l| (l, text.localize(l, default_lang)))
        // A language that falls back to another one's text says nothing new.
        .filter(|(_, t)| t.fallback_lang.is_none() && !t.text.is_empty())
        .map(|(l, t)| json!({"@value": t.text, "@language": l}))
        .collect()
}

fn date_value(date: chrono::NaiveDate) -> Value {
    json!({"@value": date.to_string(), "@type": "xsd:date"})
}

/// The language's IRI in the EU language authority list, which DCAT-AP asks for; languages
/// not listed here use the Library of Congress's ISO 639-1 list.
fn language_uri(code: &str) -> String {
    const EU: [(&str, &str); 16] = [
        ("vi", "VIE"),
        ("en", "ENG"),
        ("fr", "FRA"),
        ("de", "DEU"),
        ("es", "SPA"),
        ("pt", "POR"),
        ("zh", "ZHO"),
        ("ja", "JPN"),
        ("ko", "KOR"),
        ("ru", "RUS"),
        ("th", "THA"),
        ("lo", "LAO"),
        ("km", "KHM"),
        ("id", "IND"),
        ("ms", "MSA"),
        ("ar", "ARA"),
    ];
    let primary = code.split('-').next().unwrap_or(code).to_lowercase();
    match EU.iter().find(|(iso, _)| *iso == primary) {
        Some((_, eu)) => format!("http://publications.europa.eu/resource/authority/language/{eu}"),
        None => format!("http://id.loc.gov/vocabulary/iso639-1/{primary}"),
    }
}
