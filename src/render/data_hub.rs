//! The data hub: every download of the portal in one place — the zip of all indicators, the
//! status matrix, the catalogues and feeds, then every indicator and dataset with its formats
//! and sizes — with the address patterns a programmer can fetch without scraping, and how to
//! cite and reuse the data.

use super::downloads::size;
use super::render_template;
use super::view::{PageMeta, TextView, View};
use crate::failure::Failure;
use crate::site::catalog::{Entry, Format, Kind, absolute_url};
use crate::site::urls::{Downloads, PagePath};
use serde::Serialize;

#[derive(Serialize)]
struct HubPage {
    page: PageMeta,
    portal_files: Vec<HubFile>,
    /// Indicators, then datasets, when the portal has them.
    groups: Vec<HubGroup>,
    formats: Vec<&'static str>,
    patterns: Vec<Pattern>,
    base_url: String,
    license_name: String,
    license_url: String,
    cite: String,
}

#[derive(Serialize)]
struct HubFile {
    label: String,
    url: String,
    absolute: String,
    /// Known for the files written before the pages (the data); the catalogues are written
    /// beside the pages, so their size is not stated.
    size: Option<String>,
}

#[derive(Serialize)]
struct HubGroup {
    /// `indicators` or `datasets`: the anchor and the strings' keys.
    key: &'static str,
    entries: Vec<HubEntry>,
    /// Where the entries are listed instead, when they are too many for one table: the
    /// indicators of a large portal, on their split index, each page with its downloads.
    listed_on: Option<String>,
}

#[derive(Serialize)]
struct HubEntry {
    id: String,
    name: TextView,
    url: String,
    /// One cell per format of [`Format::ALL`], empty where the entry has none.
    files: Vec<Option<HubFile>>,
}

/// An address pattern, after the base URL, and the file it gives for the first indicator or
/// dataset.
#[derive(Serialize)]
struct Pattern {
    pattern: String,
    example: String,
}

pub fn render(view: &View) -> Result<String, Failure> {
    let portal = view.portal();
    let catalog = view.renderer.catalog;
    let t = view.t();
    let file = |label: &str, path: &str| HubFile {
        label: label.to_string(),
        url: view.download_url(path),
        absolute: absolute_url(portal, path),
        size: catalog.bytes(path).map(|b| size(view, b)),
    };
    let portal_files = [
        ("hub.zip", Downloads::all_indicators_zip()),
        ("hub.status_csv", Downloads::status_csv()),
        ("hub.status_json", Downloads::status_json()),
        ("hub.dcat_us", Downloads::dcat_us()),
        ("hub.dcat_ap_turtle", Downloads::dcat_ap_turtle()),
        ("hub.dcat_ap_jsonld", Downloads::dcat_ap_jsonld()),
        ("hub.datapackage", Downloads::portal_datapackage()),
        ("hub.sdmx_structure", Downloads::sdmx_structure()),
        ("hub.sitemap", Downloads::sitemap()),
        ("hub.feed", Downloads::feed(view.lang())),
    ]
    .iter()
    .map(|(key, path)| file(t.get(key), path))
    .collect();
    let entry = |entry: &Entry| HubEntry {
        id: entry.id.clone(),
        name: view.text(&entry.title),
        url: view.url(&entry.page),
        files: Format::ALL
            .iter()
            .map(|format| {
                entry
                    .files
                    .get(format)
                    .map(|path| file(format.label(), path))
            })
            .collect(),
    };
    let example = |kind: Kind| catalog.entries().find(|e| e.kind == kind);
    let patterns = [
        (
            Kind::Indicator,
            Downloads::indicator_file as fn(&str, Format) -> String,
        ),
        (Kind::Dataset, Downloads::dataset_file),
    ]
    .into_iter()
    .flat_map(|(kind, path_of)| {
        let example = example(kind);
        Format::ALL.into_iter().filter_map(move |format| {
            let example = example?;
            example.files.contains_key(&format).then(|| Pattern {
                pattern: path_of("<id>", format),
                example: absolute_url(portal, &path_of(&example.id, format)),
            })
        })
    })
    .collect();
    let config = &portal.config;
    let context = HubPage {
        page: view.meta(
            "data",
            t.get("hub.title").to_string(),
            t.get("hub.description").to_string(),
            vec![],
        ),
        portal_files,
        groups: [
            ("indicators", &catalog.indicators),
            ("datasets", &catalog.datasets),
        ]
        .into_iter()
        .filter(|(_, entries)| !entries.is_empty())
        .map(|(key, entries)| {
            let listed_on = (key == "indicators"
                && crate::site::pages::is_split(portal, &PagePath::Indicators))
            .then(|| view.url(&PagePath::Indicators));
            HubGroup {
                key,
                entries: match listed_on {
                    Some(_) => Vec::new(),
                    None => entries.iter().map(entry).collect(),
                },
                listed_on,
            }
        })
        .collect(),
        formats: Format::ALL.iter().map(|f| f.label()).collect(),
        patterns,
        base_url: config.base_url.clone(),
        license_name: config.license.name.clone(),
        license_url: config.license.url.clone(),
        cite: t.fill(
            "hub.cite",
            &[
                ("publisher", &view.plain(&config.publisher.name)),
                ("title", &view.plain(&config.title)),
                ("url", &view.absolute_url(&PagePath::Home, view.lang())),
            ],
        ),
    };
    render_template(view, "data.html", &context)
}
