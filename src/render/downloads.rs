//! The downloads section of indicator and dataset pages, as data users expect it: every
//! format with its size and stable URL, the licence, how to cite, when the data last
//! changed, and how to load the CSV in a spreadsheet, pandas or R.

use super::view::{Link, View};
use crate::site::catalog::{Basis, Entry, Format, absolute_url, citation};
use serde::Serialize;

#[derive(Serialize)]
pub struct DownloadsView {
    pub files: Vec<FileView>,
    /// The zip of every indicator, on indicator pages.
    pub all: Option<Link>,
    pub updated: String,
    /// Where the date comes from, when it is not when the data changed.
    pub updated_note: Option<String>,
    pub cite_short: String,
    pub cite_full: String,
    pub howto: Vec<HowTo>,
}

#[derive(Serialize)]
pub struct FileView {
    /// The format's name (`CSV`).
    pub format: &'static str,
    /// What the file holds.
    pub label: String,
    /// The link, relative to the site, so previews work.
    pub url: String,
    /// The stable address to share and to load from.
    pub absolute: String,
    pub size: String,
}

#[derive(Serialize)]
pub struct HowTo {
    pub label: String,
    pub code: String,
}

pub fn downloads(view: &View, entry: &Entry, all: Option<Link>) -> DownloadsView {
    let portal = view.portal();
    let catalog = view.renderer.catalog;
    let t = view.t();
    let files = entry
        .files
        .iter()
        .map(|(&format, path)| FileView {
            format: format.label(),
            label: t
                .get(&format!("publishing.format.{}", format.key()))
                .to_string(),
            url: view.download_url(path),
            absolute: absolute_url(portal, path),
            size: catalog
                .bytes(path)
                .map(|b| size(view, b))
                .unwrap_or_default(),
        })
        .collect();
    let csv = absolute_url(portal, &entry.files[&Format::Csv]);
    let r_encoding = if portal.config.csv_bom {
        "fileEncoding = \"UTF-8-BOM\""
    } else {
        "encoding = \"UTF-8\""
    };
    let howto = vec![
        HowTo {
            label: t.get("publishing.howto.spreadsheet").to_string(),
            code: format!("=IMPORTDATA(\"{csv}\")"),
        },
        HowTo {
            label: t.get("publishing.howto.pandas").to_string(),
            code: format!("import pandas as pd\ndf = pd.read_csv(\"{csv}\")"),
        },
        HowTo {
            label: t.get("publishing.howto.r").to_string(),
            code: format!("df <- read.csv(\"{csv}\", {r_encoding})"),
        },
    ];
    let citation = citation(portal, entry, t);
    DownloadsView {
        files,
        all,
        updated: entry.modified.date.to_string(),
        updated_note: (entry.modified.basis != Basis::DataChanged).then(|| {
            t.get(&format!("publishing.basis.{}", entry.modified.basis.code()))
                .to_string()
        }),
        cite_short: citation.short,
        cite_full: citation.full,
        howto,
    }
}

/// A size in bytes as people read it: 12,3 kB.
pub fn size(view: &View, bytes: u64) -> String {
    view.t().numbers.bytes(bytes)
}

/// A size for machines (schema.org's `contentSize`): a point in every language, `12.3 kB`.
pub fn machine_size(bytes: u64) -> String {
    crate::format::NumberFormat::machine().bytes(bytes)
}
