//! The dataset catalogue and each dataset's page: description, columns with their types,
//! row count, a preview of the first rows, and the download.

use super::render_template;
use super::revisions::{RevisionsView, revisions};
use super::urls::{Downloads, PagePath};
use super::view::{CitationView, PageMeta, TextView, View};
use crate::model::Dataset;
use crate::problem::Problem;
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
    download: String,
    updated: Option<String>,
    revisions: Option<RevisionsView>,
}

#[derive(Serialize)]
struct Column {
    name: String,
    label: Option<TextView>,
    description: Option<TextView>,
    kind: String,
    blanks: String,
}

/// A size in bytes as people read it: 12,3 kB.
fn size(view: &View, bytes: u64) -> String {
    let numbers = &view.t().numbers;
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", numbers.format(b as f64 / (1u64 << 20) as f64, 1)),
        b if b >= 1 << 10 => format!("{} kB", numbers.format(b as f64 / 1024.0, 1)),
        b => format!("{} B", numbers.format(b as f64, 0)),
    }
}

fn count(view: &View, n: u64) -> String {
    view.t().numbers.format(n as f64, 0)
}

pub fn render_catalogue(view: &View) -> Result<String, Problem> {
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

pub fn render(view: &View, id: &str) -> Result<String, Problem> {
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
        download: view.download_url(&Downloads::dataset_csv(id)),
        updated: facts.last_updated.map(|d| d.to_string()),
        revisions: revisions(view, &dataset.revisions, &facts.changes),
    };
    render_template(view, "dataset.html", &context)
}
