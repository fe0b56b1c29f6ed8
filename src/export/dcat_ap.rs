//! The DCAT-AP 3 catalogue, the European profile of W3C DCAT that EU and many national
//! portals harvest: `catalog.jsonld` (JSON-LD) and `catalog.ttl` (Turtle), linked from every
//! page's head.
//!
//! The catalogue is built once as a small graph of [`Node`]s, then written twice: as JSON-LD,
//! readable and nested (each dataset holds its distributions), and as triples that a Turtle
//! serializer (oxttl) writes, so the two always say the same thing and escaping is the
//! library's job. Every node has an IRI (no blank nodes), which keeps the Turtle stable.

use crate::model::{Portal, Text};
use crate::site::catalog::{Catalog, Entry, Format, absolute_page_url, absolute_url};
use oxrdf::{Literal, NamedNode, Triple};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The vocabularies' prefixes, and those of the EU authority tables and IANA media types that
/// every distribution names: in both files IRIs under them are written as compact names
/// (`filetype:CSV`): written out, they were a seventh of each file.
const PREFIXES: [(&str, &str); 14] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    (
        "availability",
        "http://publications.europa.eu/resource/authority/planned-availability/",
    ),
    (
        "country",
        "http://publications.europa.eu/resource/authority/country/",
    ),
    (
        "filetype",
        "http://publications.europa.eu/resource/authority/file-type/",
    ),
    (
        "language",
        "http://publications.europa.eu/resource/authority/language/",
    ),
    (
        "theme",
        "http://publications.europa.eu/resource/authority/data-theme/",
    ),
    ("mediatype", "http://www.iana.org/assignments/media-types/"),
];

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// A resource of the catalogue: its IRI, types and properties (compact names such as
/// `dct:title`, in the order written).
struct Node {
    iri: String,
    types: Vec<&'static str>,
    properties: Vec<(&'static str, Object)>,
}

enum Object {
    Iri(String),
    /// A string, with its language when it has one.
    Text(String, Option<String>),
    /// A literal of an XML Schema type (`xsd:date`).
    Typed(String, &'static str),
    /// A resource described in place.
    Node(Node),
}

impl Node {
    fn new(iri: impl Into<String>, kind: &'static str) -> Node {
        Node {
            iri: iri.into(),
            types: vec![kind],
            properties: Vec::new(),
        }
    }

    fn add(&mut self, property: &'static str, object: Object) -> &mut Self {
        self.properties.push((property, object));
        self
    }

    fn iri(&mut self, property: &'static str, iri: impl Into<String>) -> &mut Self {
        self.add(property, Object::Iri(iri.into()))
    }

    /// One value per language that has its own text.
    fn text(&mut self, property: &'static str, portal: &Portal, text: &Text) -> &mut Self {
        let default_lang = portal.config.default_lang();
        for lang in &portal.config.languages {
            let localized = text.localize(lang, default_lang);
            // A language that falls back to another one's text says nothing new.
            if localized.fallback_lang.is_none() && !localized.text.is_empty() {
                let value = Object::Text(localized.text.to_string(), Some(lang.clone()));
                self.properties.push((property, value));
            }
        }
        self
    }

    fn date(&mut self, property: &'static str, date: chrono::NaiveDate) -> &mut Self {
        self.add(property, Object::Typed(date.to_string(), "xsd:date"))
    }

    /// The node's triples, then those of the nodes described in place.
    fn triples(&self, iris: &mut Iris, out: &mut Vec<Triple>) -> Result<(), String> {
        let subject = iris.get(&self.iri)?;
        for kind in &self.types {
            out.push(Triple::new(
                subject.clone(),
                iris.get(RDF_TYPE)?,
                iris.get(kind)?,
            ));
        }
        for (property, value) in &self.properties {
            let object: oxrdf::Term = match value {
                Object::Iri(iri) => iris.get(iri)?.into(),
                Object::Text(text, None) => Literal::new_simple_literal(text).into(),
                Object::Text(text, Some(lang)) => Literal::new_language_tagged_literal(text, lang)
                    .map_err(|e| format!("the language tag {lang}: {e}"))?
                    .into(),
                Object::Typed(text, datatype) => {
                    Literal::new_typed_literal(text, iris.get(datatype)?).into()
                }
                Object::Node(node) => iris.get(&node.iri)?.into(),
            };
            out.push(Triple::new(subject.clone(), iris.get(property)?, object));
        }
        for (_, value) in &self.properties {
            if let Object::Node(node) = value {
                node.triples(iris, out)?;
            }
        }
        Ok(())
    }
}

/// How the context writes every value of a property, when they are all of one kind: an IRI
/// or node as a plain string or node object, a typed literal as its bare text, texts in
/// languages as a map from language to text. The catalogue repeats the same few properties
/// thousands of times, and without it their `@id`, `@value`, `@type` and `@language` keys
/// were a fifth of the file. The graph is the same: the tests compare it with the Turtle's.
#[derive(Clone, Copy, PartialEq)]
enum Coercion {
    Iri,
    Typed(&'static str),
    Languages,
    /// Values of different kinds, or plain strings: written out in full.
    Expanded,
}

impl Coercion {
    fn of(object: &Object) -> Coercion {
        match object {
            Object::Iri(_) | Object::Node(_) => Coercion::Iri,
            Object::Typed(_, datatype) => Coercion::Typed(datatype),
            Object::Text(_, Some(_)) => Coercion::Languages,
            Object::Text(_, None) => Coercion::Expanded,
        }
    }
}

/// The coercion of every property of the graph, by compact name.
type Coercions = BTreeMap<&'static str, Coercion>;

fn coercions(graph: &[Node]) -> Coercions {
    fn collect(node: &Node, found: &mut Coercions) {
        for (property, value) in &node.properties {
            let kind = Coercion::of(value);
            found
                .entry(property)
                .and_modify(|seen| {
                    if *seen != kind {
                        *seen = Coercion::Expanded;
                    }
                })
                .or_insert(kind);
            if let Object::Node(inner) = value {
                collect(inner, found);
            }
        }
    }
    let mut found = Coercions::new();
    for node in graph {
        collect(node, &mut found);
    }
    found
}

/// A node as a JSON-LD node object under the catalogue's context, its properties in the
/// order given; a property with several values gets an array.
struct Compact<'a> {
    node: &'a Node,
    written: &'a Written<'a>,
}

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut grouped: Vec<(&str, Vec<&Object>)> = Vec::new();
        for (property, value) in &self.node.properties {
            match grouped.iter_mut().find(|(p, _)| p == property) {
                Some((_, values)) => values.push(value),
                None => grouped.push((property, vec![value])),
            }
        }
        let mut map = serializer.serialize_map(Some(2 + grouped.len()))?;
        map.serialize_entry("@id", &self.written.iri(&self.node.iri))?;
        match self.node.types.as_slice() {
            [one] => map.serialize_entry("@type", one)?,
            many => map.serialize_entry("@type", many)?,
        }
        for (property, values) in grouped {
            let coercion = self.written.coercions.get(property).copied();
            if coercion == Some(Coercion::Languages) {
                let mut by_language: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
                for value in values {
                    if let Object::Text(text, Some(lang)) = value {
                        by_language.entry(lang).or_default().push(text);
                    }
                }
                let by_language: BTreeMap<&str, OneOrMany<&str>> = by_language
                    .into_iter()
                    .map(|(lang, texts)| (lang, OneOrMany(texts)))
                    .collect();
                map.serialize_entry(property, &by_language)?;
                continue;
            }
            let values: Vec<Value> = values
                .into_iter()
                .map(|object| Value {
                    object,
                    coerced: coercion == Some(Coercion::of(object)),
                    written: self.written,
                })
                .collect();
            map.serialize_entry(property, &OneOrMany(values))?;
        }
        map.end()
    }
}

/// A value alone, or several as an array.
struct OneOrMany<T>(Vec<T>);

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(serializer),
            many => many.serialize(serializer),
        }
    }
}

/// One value of a property; `coerced` when the context says its kind, so that its text is
/// enough.
struct Value<'a> {
    object: &'a Object,
    coerced: bool,
    written: &'a Written<'a>,
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entries: &[(&str, &str)] = match (self.object, self.coerced) {
            (Object::Node(node), _) => {
                let written = self.written;
                return Compact { node, written }.serialize(serializer);
            }
            (Object::Iri(iri), true) => return serializer.serialize_str(&self.written.iri(iri)),
            (Object::Text(text, None), _) | (Object::Typed(text, _), true) => {
                return serializer.serialize_str(text);
            }
            (Object::Iri(iri), false) => &[("@id", &self.written.iri(iri))],
            (Object::Text(text, Some(lang)), _) => &[("@value", text), ("@language", lang)],
            (Object::Typed(text, datatype), false) => &[("@value", text), ("@type", datatype)],
        };
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (key, value) in entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// IRIs checked once each: the catalogue repeats the same few many times.
#[derive(Default)]
struct Iris(std::collections::HashMap<String, NamedNode>);

impl Iris {
    /// The IRI of a compact name (`dct:title`) or of a full IRI.
    fn get(&mut self, name: &str) -> Result<NamedNode, String> {
        if let Some(iri) = self.0.get(name) {
            return Ok(iri.clone());
        }
        let full = expand(name);
        let iri = NamedNode::new(&full).map_err(|e| format!("the IRI <{full}>: {e}"))?;
        self.0.insert(name.to_string(), iri.clone());
        Ok(iri)
    }
}

/// A compact name (`dct:title`) as a full IRI; anything else as it is.
fn expand(name: &str) -> String {
    name.split_once(':')
        .and_then(|(prefix, local)| {
            PREFIXES
                .iter()
                .find(|(p, _)| *p == prefix)
                .map(|(_, iri)| format!("{iri}{local}"))
        })
        .unwrap_or_else(|| name.to_string())
}

/// How the JSON-LD writes the graph: the coercion of each property, and the base IRI (the
/// portal's) against which the catalogue's own IRIs are written relative.
struct Written<'a> {
    coercions: Coercions,
    base: &'a str,
}

impl Written<'_> {
    /// An IRI as the context lets it be written: relative to the base when it is the portal's
    /// (`vi/indicators/x/#dataset`), a compact name (`filetype:CSV`) when it is under a
    /// prefix, else as it is. (Turtle's serializer shortens by itself, where its grammar
    /// allows: `mediatype:text/csv` is JSON-LD only.)
    fn iri<'i>(&self, iri: &'i str) -> Cow<'i, str> {
        if let Some(path) = iri.strip_prefix(self.base)
            && resolves_to_itself(path)
        {
            return Cow::Borrowed(path);
        }
        PREFIXES
            .iter()
            .find_map(|(prefix, namespace)| {
                let local = iri.strip_prefix(namespace)?;
                // `prefix://…` would read as an absolute IRI; no local name is the namespace.
                (!local.is_empty() && !local.starts_with("//")).then(|| format!("{prefix}:{local}"))
            })
            .map_or(Cow::Borrowed(iri), Cow::Owned)
    }
}

/// Whether `path`, the part of an IRI after the base, read as a reference relative to the
/// base (RFC 3986, section 5.2), gives the IRI back. Not when it is empty (the base itself),
/// starts with `/` (it would replace the base's path), has a colon in its first segment (it
/// would read as a scheme or a compact name) or a `.` or `..` segment (resolving drops them).
fn resolves_to_itself(path: &str) -> bool {
    let path_part = path.split(['?', '#']).next().unwrap_or_default();
    let first = path_part.split('/').next().unwrap_or_default();
    !path.is_empty()
        && !path.starts_with('/')
        && !first.contains(':')
        && !path_part
            .split('/')
            .any(|segment| segment == "." || segment == "..")
}

/// The catalogue's nodes: the catalogue, its publisher and contact, the place it covers, and
/// one dataset (with its distributions) per indicator and dataset.
fn graph(portal: &Portal, catalog: &Catalog) -> Vec<Node> {
    let config = &portal.config;
    let base = &config.base_url;
    let mut root = Node::new(format!("{base}#catalog"), "dcat:Catalog");
    let description = if config.description.is_empty() {
        &config.title
    } else {
        &config.description
    };
    root.text("dct:title", portal, &config.title)
        .text("dct:description", portal, description)
        .iri("dct:publisher", format!("{base}#publisher"))
        .iri("foaf:homepage", base.clone())
        .iri("dct:license", config.license.url.clone());
    for lang in &config.languages {
        root.iri("dct:language", language_uri(lang));
    }
    if let Some(date) = catalog.modified() {
        root.date("dct:modified", date);
    }
    // Issued: the oldest date of the data it catalogues, the earliest it can have been.
    if let Some(date) = catalog.catalogued().map(|e| e.modified.date).min() {
        root.date("dct:issued", date);
    }
    if catalog.catalogued().any(|e| e.data_theme.is_some()) {
        root.iri("dcat:themeTaxonomy", DATA_THEME_SCHEME);
    }
    if config.spatial.is_some() {
        root.iri("dct:spatial", spatial_iri(portal));
    }
    for entry in catalog.catalogued() {
        root.iri("dcat:dataset", dataset_iri(portal, entry));
    }
    let mut publisher = Node::new(format!("{base}#publisher"), "foaf:Agent");
    publisher
        .text("foaf:name", portal, &config.publisher.name)
        .iri("foaf:mbox", format!("mailto:{}", config.publisher.email));
    if let Some(url) = &config.publisher.url {
        publisher.iri("foaf:homepage", url.clone());
    }
    let mut contact = Node::new(format!("{base}#contact"), "vcard:Organization");
    // DCAT-AP's contact point is a vcard:Kind, of which an organisation is one.
    contact.types.push("vcard:Kind");
    contact
        .text("vcard:fn", portal, &config.publisher.name)
        .iri(
            "vcard:hasEmail",
            format!("mailto:{}", config.publisher.email),
        );
    let mut nodes = vec![root, publisher, contact];
    if let Some(spatial) = &config.spatial {
        let mut place = Node::new(spatial_iri(portal), "dct:Location");
        place.text("skos:prefLabel", portal, &spatial.name);
        nodes.push(place);
    }
    nodes.extend(catalog.catalogued().map(|e| dataset(portal, catalog, e)));
    nodes.extend(vocabulary(catalog));
    let typed = referenced_resources(&nodes);
    nodes.extend(typed);
    nodes
}

/// The concepts of EU vocabularies the catalogue uses, with the labels DCAT-AP asks for: the
/// data theme and its scheme, and the availability of the files.
fn vocabulary(catalog: &Catalog) -> Vec<Node> {
    let english = |text: &str| Object::Text(text.to_string(), Some("en".into()));
    let mut stable = Node::new(AVAILABILITY_STABLE, "skos:Concept");
    stable.add("skos:prefLabel", english("Stable"));
    let mut nodes = vec![stable];
    let used: std::collections::BTreeSet<&str> = catalog
        .catalogued()
        .filter_map(|e| e.data_theme.as_deref())
        .collect();
    if !used.is_empty() {
        let mut scheme = Node::new(DATA_THEME_SCHEME, "skos:ConceptScheme");
        scheme.add("dct:title", english("Data theme"));
        nodes.push(scheme);
    }
    for code in used {
        let label = crate::model::config::DATA_THEMES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, l)| l);
        let mut theme = Node::new(format!("{DATA_THEME_SCHEME}/{code}"), "skos:Concept");
        theme
            .add("skos:prefLabel", english(label))
            .iri("skos:inScheme", DATA_THEME_SCHEME);
        nodes.push(theme);
    }
    nodes
}

/// DCAT-AP requires the resources a catalogue points to (its licence, languages, media
/// types, formats, standards, landing pages, checksum algorithm) to carry their class; each
/// gets a node of its own, once.
fn referenced_resources(nodes: &[Node]) -> Vec<Node> {
    const RANGES: [(&str, &str); 8] = [
        ("dct:license", "dct:LicenseDocument"),
        ("dct:language", "dct:LinguisticSystem"),
        ("dcat:mediaType", "dct:MediaType"),
        ("dct:format", "dct:MediaTypeOrExtent"),
        ("dct:conformsTo", "dct:Standard"),
        ("dcat:landingPage", "foaf:Document"),
        ("foaf:homepage", "foaf:Document"),
        ("spdx:algorithm", "spdx:ChecksumAlgorithm"),
    ];
    fn collect(node: &Node, found: &mut BTreeMap<String, &'static str>) {
        for (property, object) in &node.properties {
            match object {
                Object::Iri(iri) => {
                    if let Some((_, class)) = RANGES.iter().find(|(p, _)| p == property) {
                        found.entry(iri.clone()).or_insert(class);
                    }
                }
                Object::Node(inner) => collect(inner, found),
                _ => {}
            }
        }
    }
    let mut found = BTreeMap::new();
    for node in nodes {
        collect(node, &mut found);
    }
    let described: Vec<&str> = nodes.iter().map(|n| n.iri.as_str()).collect();
    found
        .into_iter()
        .filter(|(iri, _)| !described.contains(&iri.as_str()))
        .map(|(iri, class)| Node::new(iri, class))
        .collect()
}

/// The catalogue as JSON-LD and as Turtle.
pub fn catalogue(portal: &Portal, catalog: &Catalog) -> Result<(Vec<u8>, Vec<u8>), String> {
    let graph = graph(portal, catalog);
    let base = &portal.config.base_url;
    Ok((jsonld(&graph, base), turtle(&graph)?))
}

/// The graph under a context of the base IRI, the prefixes and the coercion of each property.
fn jsonld(graph: &[Node], base: &str) -> Vec<u8> {
    let coercions = coercions(graph);
    let mut context = serde_json::Map::new();
    context.insert("@base".into(), base.into());
    for (prefix, iri) in PREFIXES {
        context.insert(prefix.into(), iri.into());
    }
    for (property, coercion) in &coercions {
        let definition = match coercion {
            Coercion::Iri => serde_json::json!({ "@id": property, "@type": "@id" }),
            Coercion::Typed(datatype) => serde_json::json!({ "@id": property, "@type": datatype }),
            Coercion::Languages => {
                serde_json::json!({ "@id": property, "@container": "@language" })
            }
            Coercion::Expanded => continue,
        };
        context.insert(property.to_string(), definition);
    }
    #[derive(Serialize)]
    struct Document<'a> {
        #[serde(rename = "@context")]
        context: serde_json::Map<String, serde_json::Value>,
        #[serde(rename = "@graph")]
        graph: Vec<Compact<'a>>,
    }
    let written = Written { coercions, base };
    let graph = graph
        .iter()
        .map(|node| Compact {
            node,
            written: &written,
        })
        .collect();
    super::json_document(&Document { context, graph })
}

fn turtle(graph: &[Node]) -> Result<Vec<u8>, String> {
    // No `@base`: the serializer would write every https IRI relative to it, a licence as
    // `<//creativecommons.org/…>`.
    let mut serializer = oxttl::TurtleSerializer::new();
    for (prefix, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(prefix, iri)
            .map_err(|e| e.to_string())?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    // A node's triples at a time: those of a whole catalogue were its largest part in memory.
    let mut iris = Iris::default();
    let mut triples = Vec::new();
    for node in graph {
        node.triples(&mut iris, &mut triples)?;
        for triple in triples.drain(..) {
            writer
                .serialize_triple(&triple)
                .map_err(|e| e.to_string())?;
        }
    }
    writer.finish().map_err(|e| e.to_string())
}

fn dataset(portal: &Portal, catalog: &Catalog, entry: &Entry) -> Node {
    let config = &portal.config;
    let base = &config.base_url;
    let iri = dataset_iri(portal, entry);
    let mut node = Node::new(iri.clone(), "dcat:Dataset");
    node.add(
        "dct:identifier",
        Object::Text(entry.identifier(portal), None),
    )
    .text("dct:title", portal, &entry.title)
    .text("dct:description", portal, &entry.description);
    for lang in &config.languages {
        for word in &entry.keywords[lang] {
            node.add(
                "dcat:keyword",
                Object::Text(word.clone(), Some(lang.clone())),
            );
        }
    }
    node.iri("dct:publisher", format!("{base}#publisher"))
        .iri("dcat:contactPoint", format!("{base}#contact"))
        .date("dct:modified", entry.modified.date)
        .iri("dct:license", config.license.url.clone());
    for lang in &config.languages {
        node.iri("dct:language", language_uri(lang));
        node.iri(
            "dcat:landingPage",
            absolute_page_url(portal, &entry.page, lang),
        );
    }
    if let Some((start, end)) = entry.temporal {
        let mut period = Node::new(format!("{iri}-temporal"), "dct:PeriodOfTime");
        period
            .date("dcat:startDate", start)
            .date("dcat:endDate", end);
        node.add("dct:temporal", Object::Node(period));
    }
    if config.spatial.is_some() {
        node.iri("dct:spatial", spatial_iri(portal));
    }
    if let Some(version) = &entry.version {
        node.add("dcat:version", Object::Text(version.clone(), None));
    }
    if let Some(theme) = &entry.data_theme {
        node.iri("dcat:theme", format!("{DATA_THEME_SCHEME}/{theme}"));
    }
    for (&format, path) in &entry.files {
        node.add(
            "dcat:distribution",
            Object::Node(distribution(portal, catalog, entry, format, path)),
        );
    }
    node
}

fn distribution(
    portal: &Portal,
    catalog: &Catalog,
    entry: &Entry,
    format: Format,
    path: &str,
) -> Node {
    let config = &portal.config;
    let iri = format!("{}-{}", dataset_iri(portal, entry), format.key());
    let url = absolute_url(portal, path);
    let title = Text::from_pairs(config.languages.iter().map(|l| {
        let title = entry.title.get(l, config.default_lang());
        (l.clone(), format!("{title} ({})", format.label()))
    }));
    let mut node = Node::new(iri.clone(), "dcat:Distribution");
    node.text("dct:title", portal, &title)
        .iri("dcat:accessURL", url.clone())
        .iri("dcat:downloadURL", url)
        .iri(
            "dcat:mediaType",
            format!(
                "http://www.iana.org/assignments/media-types/{}",
                format.media_type()
            ),
        )
        .iri(
            "dct:format",
            format!(
                "http://publications.europa.eu/resource/authority/file-type/{}",
                format.eu_file_type()
            ),
        )
        .iri("dct:license", config.license.url.clone())
        // Files at addresses that stay the same from build to build.
        .iri("dcatap:availability", AVAILABILITY_STABLE)
        .date("dct:modified", entry.modified.date);
    let description = Text::from_pairs(config.languages.iter().map(|l| {
        let title = entry.title.get(l, config.default_lang());
        (l.clone(), format!("{title}: {}", format.label()))
    }));
    node.text("dct:description", portal, &description);
    if let Some(facts) = catalog.written.get(path) {
        node.add(
            "dcat:byteSize",
            Object::Typed(facts.bytes.to_string(), "xsd:nonNegativeInteger"),
        );
        if let Some(sha256) = &facts.sha256 {
            let mut checksum = Node::new(format!("{iri}-checksum"), "spdx:Checksum");
            checksum
                .iri("spdx:algorithm", "spdx:checksumAlgorithm_sha256")
                .add(
                    "spdx:checksumValue",
                    Object::Typed(sha256.clone(), "xsd:hexBinary"),
                );
            node.add("spdx:checksum", Object::Node(checksum));
        }
    }
    let conforms_to = match format {
        Format::Csvw => Some("http://www.w3.org/TR/tabular-metadata/"),
        Format::DataPackage => Some("https://datapackage.org/standard/data-package/"),
        _ => None,
    };
    if let Some(spec) = conforms_to {
        node.iri("dct:conformsTo", spec);
    }
    node
}

/// The EU data-theme vocabulary, the taxonomy of `dcat:theme`.
const DATA_THEME_SCHEME: &str = "http://publications.europa.eu/resource/authority/data-theme";
/// The EU planned-availability code for files that stay at their address.
const AVAILABILITY_STABLE: &str =
    "http://publications.europa.eu/resource/authority/planned-availability/STABLE";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_writes_the_portals_iris_relative_and_vocabularies_compact() {
        let written = Written {
            coercions: Coercions::new(),
            base: "https://data.example.org/portal/",
        };
        let iri = |iri| written.iri(iri).into_owned();
        assert_eq!(
            iri("https://data.example.org/portal/vi/indicators/a/#dataset"),
            "vi/indicators/a/#dataset"
        );
        assert_eq!(iri("https://data.example.org/portal/#catalog"), "#catalog");
        // The base itself, and paths that would resolve elsewhere, stay whole.
        assert_eq!(
            iri("https://data.example.org/portal/"),
            "https://data.example.org/portal/"
        );
        for whole in [
            "https://data.example.org/portal/a:b/x",
            "https://data.example.org/portal//x",
            "https://data.example.org/portal/a/../x",
            "https://data.example.org/portal/./x",
        ] {
            assert_eq!(iri(whole), whole);
        }
        assert_eq!(
            iri("https://data.example.org/portal/data/a.csv?v=1#x"),
            "data/a.csv?v=1#x"
        );
        assert_eq!(
            iri("http://publications.europa.eu/resource/authority/file-type/CSV"),
            "filetype:CSV"
        );
        assert_eq!(
            iri("http://www.iana.org/assignments/media-types/text/csv"),
            "mediatype:text/csv"
        );
        assert_eq!(
            iri("https://creativecommons.org/licenses/by/4.0/"),
            "https://creativecommons.org/licenses/by/4.0/"
        );
    }
}
