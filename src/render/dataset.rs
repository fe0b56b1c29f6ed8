//! The dataset catalogue and each dataset's page: description, columns with their types,
//! row count, a preview of the first rows, and the download.

use super::downloads::{DownloadsView, downloads, size};
use super::jsonld;
use super::render_template;
use super::revisions::{RevisionsView, revisions};
use super::view::{CitationView, PageMeta, TextView, View};
use crate::failure::Failure;
use crate::model::Dataset;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct Catalogue {
    page: PageMeta,
    datasets: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    title: TextView,
    description: Option<TextView>,
    url: String,
    rows: String,
    size: String,
}

#[derive(Serialize)]
struct DatasetPage {
    page: PageMeta,
    id: String,
    title: TextView,
    description: Option<TextView>,
    source: Option<CitationView>,
    keywords: Vec<String>,
    rows: String,
    size: String,
    columns: Vec<Column>,
    preview: Vec<Vec<String>>,
    preview_rows: usize,
    updated: Option<String>,
    revisions: Option<RevisionsView>,
    downloads: DownloadsView,
    /// schema.org metadata for the page's head.
    jsonld: String,
}

#[derive(Serialize)]
struct Column {
    name: String,
    label: Option<TextView>,
    description: Option<TextView>,
    kind: String,
    blanks: String,
}

fn count(view: &View, n: u64) -> String {
    view.t().numbers.format(n as f64, 0)
}

pub fn render_catalogue(view: &View) -> Result<String, Failure> {
    let datasets = view
        .portal()
        .datasets
        .iter()
        .map(|d| Entry {
            id: d.id.clone(),
            title: view.text(&d.title),
            description: view.optional_text(&d.description),
            url: view.url(&PagePath::Dataset(d.id.clone())),
            rows: count(view, d.profile.rows),
            size: size(view, d.profile.bytes),
        })
        .collect();
    let title = view.t().get("datasets.title").to_string();
    render_template(
        view,
        "datasets.html",
        &Catalogue {
            page: view.meta("datasets", title, String::new(), vec![]),
            datasets,
        },
    )
}

pub fn render(view: &View, id: &str) -> Result<String, Failure> {
    let position = view
        .portal()
        .datasets
        .iter()
        .position(|d| d.id == id)
        .expect("a page per dataset");
    let dataset: &Dataset = &view.portal().datasets[position];
    let facts = &view.computed().datasets[position];
    let t = view.t();
    let lang = view.lang();
    let columns = dataset
        .profile
        .columns
        .iter()
        .map(|c| {
            let doc = dataset.columns.get(&c.name);
            Column {
                name: c.name.clone(),
                label: doc.and_then(|d| view.optional_text(&d.label)),
                description: doc.and_then(|d| view.optional_text(&d.description)),
                kind: t
                    .get(&format!(
                        "column_type.{}",
                        serde_json::to_value(c.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    ))
                    .to_string(),
                blanks: count(view, c.blanks),
            }
        })
        .collect();
    let keywords = dataset
        .keywords
        .get(lang)
        .or_else(|| dataset.keywords.get(view.default_lang()))
        .cloned()
        .unwrap_or_default();
    let entry = view
        .renderer
        .catalog
        .dataset(id)
        .expect("a catalogue entry per dataset");
    let variables = dataset
        .profile
        .columns
        .iter()
        .map(|c| {
            let doc = dataset.columns.get(&c.name);
            let label = doc.map(|d| view.plain(&d.label)).unwrap_or_default();
            jsonld::Variable::new(
                Some(c.name.clone()),
                if label.is_empty() {
                    c.name.clone()
                } else {
                    label
                },
                doc.and_then(|d| view.optional_text(&d.description))
                    .map(|t| t.text),
                None,
            )
        })
        .collect();
    let downloads = downloads(view, entry, None);
    let title = view.plain(&dataset.title);
    let context = DatasetPage {
        page: view.meta(
            "dataset",
            title,
            view.plain(&dataset.description),
            vec![view.link(t.get("nav.datasets"), &PagePath::Datasets)],
        ),
        id: dataset.id.clone(),
        title: view.text(&dataset.title),
        description: view.optional_text(&dataset.description),
        source: dataset.source.as_ref().map(|c| view.citation(c)),
        keywords,
        rows: count(view, dataset.profile.rows),
        size: size(view, dataset.profile.bytes),
        columns,
        preview_rows: dataset.profile.preview.len(),
        preview: dataset.profile.preview.clone(),
        updated: facts.last_updated.map(|d| d.to_string()),
        revisions: revisions(
            view,
            &dataset.revisions,
            &facts.changes,
            &[dataset.data_file.as_path()],
        ),
        jsonld: jsonld::dataset(view, entry, variables, &downloads.cite_full),
        downloads,
    };
    render_template(view, "dataset.html", &context)
}
