//! The Atom feed of data updates, one per language (`<lang>/feed.xml`), so journalists and
//! analysts can follow the portal in a feed reader.
//!
//! The feed is written from a list of [`FeedEntry`]s: this module contributes one entry per
//! indicator and dataset ([`data_entries`]) and one per release ([`release_entries`]). Dates come from the data, never the clock, and
//! an entry's id names what changed and when, so it stays the same from build to build and a
//! new update is a new entry.

use crate::escape::markup as escape;
use crate::model::Portal;
use crate::site::catalog::{Catalog, Kind, absolute_page_url, absolute_url, as_sentence, citation};
use crate::site::pages::LATEST_UPDATES;
use crate::site::release::Release;
use crate::site::urls::{Downloads, PagePath};
use crate::theme::i18n::Translator;
use chrono::NaiveDate;

/// One item of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// A permanent IRI: the same update always has the same id.
    pub id: String,
    pub title: String,
    pub updated: NaiveDate,
    /// The page to read.
    pub link: String,
    pub summary: String,
    /// What kind of update (`indicator`, `dataset`, …) and its label.
    pub category: (String, String),
    /// A file the update concerns (the CSV).
    pub enclosure: Option<Enclosure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    pub media_type: String,
    pub bytes: u64,
}

/// One entry per indicator and dataset that holds data, dated when its data last changed.
pub fn data_entries(portal: &Portal, catalog: &Catalog, t: &Translator) -> Vec<FeedEntry> {
    let lang = t.lang.as_str();
    let default_lang = portal.config.default_lang();
    catalog
        .catalogued()
        .map(|entry| {
            let page = absolute_page_url(portal, &entry.page, lang);
            let kind = match entry.kind {
                Kind::Indicator => "indicator",
                Kind::Dataset => "dataset",
            };
            let date = entry.modified.date.to_string();
            let summary = t.fill(
                &format!("publishing.feed_summary.{}", entry.modified.basis.code()),
                &[
                    ("date", date.as_str()),
                    (
                        "description",
                        &as_sentence(entry.description.get(lang, default_lang)),
                    ),
                    ("citation", &citation(portal, entry, t).short),
                ],
            );
            FeedEntry {
                id: format!("{page}#updated-{date}"),
                title: entry.title.get(lang, default_lang).to_string(),
                updated: entry.modified.date,
                link: page,
                summary,
                category: (
                    kind.to_string(),
                    t.get(&format!("publishing.kind.{kind}")).to_string(),
                ),
                enclosure: catalog.bytes(entry.csv()).map(|bytes| Enclosure {
                    url: absolute_url(portal, entry.csv()),
                    media_type: "text/csv".to_string(),
                    bytes,
                }),
            }
        })
        .collect()
}

/// One entry per release, pointing to its changelog page.
pub fn release_entries(portal: &Portal, releases: &[Release], t: &Translator) -> Vec<FeedEntry> {
    let lang = t.lang.as_str();
    let default_lang = portal.config.default_lang();
    releases
        .iter()
        .map(|release| {
            let page = absolute_page_url(portal, &PagePath::Release(release.version.clone()), lang);
            let summary = release.summary(t);
            let note = release.note.get(lang, default_lang);
            FeedEntry {
                id: page.clone(),
                title: t.fill("releases.release_title", &[("version", &release.version)]),
                updated: release.date,
                link: page,
                summary: if note.is_empty() {
                    summary
                } else {
                    format!("{note} — {summary}")
                },
                category: (
                    "release".to_string(),
                    t.get("publishing.kind.release").to_string(),
                ),
                enclosure: None,
            }
        })
        .collect()
}

/// The feed in `t`'s language: its [`LATEST_UPDATES`] newest entries, newest first.
/// `fallback` dates a feed without entries.
pub fn atom(
    portal: &Portal,
    t: &Translator,
    mut entries: Vec<FeedEntry>,
    fallback: NaiveDate,
) -> Vec<u8> {
    let config = &portal.config;
    let lang = t.lang.as_str();
    let default_lang = config.default_lang();
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(LATEST_UPDATES);
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(fallback);
    let self_url = absolute_url(portal, &Downloads::feed(lang));
    let home = absolute_page_url(portal, &crate::site::urls::PagePath::Home, lang);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(lang)
    ));
    xml.push_str(&format!("<id>{}</id>\n", escape(&self_url)));
    xml.push_str(&format!(
        "<title>{}</title>\n",
        escape(&t.fill(
            "publishing.feed_title",
            &[("portal", config.title.get(lang, default_lang))]
        ))
    ));
    xml.push_str(&format!("<updated>{}</updated>\n", timestamp(updated)));
    xml.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&self_url)
    ));
    xml.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&home)
    ));
    xml.push_str(&format!(
        "<author><name>{}</name><email>{}</email>{}</author>\n",
        escape(config.publisher.name.get(lang, default_lang)),
        escape(&config.publisher.email),
        config
            .publisher
            .url
            .as_deref()
            .map(|u| format!("<uri>{}</uri>", escape(u)))
            .unwrap_or_default()
    ));
    xml.push_str(&format!(
        "<rights>{} {}</rights>\n",
        escape(&config.license.name),
        escape(&config.license.url)
    ));
    for entry in &entries {
        xml.push_str("<entry>\n");
        xml.push_str(&format!("<id>{}</id>\n", escape(&entry.id)));
        xml.push_str(&format!("<title>{}</title>\n", escape(&entry.title)));
        xml.push_str(&format!(
            "<updated>{}</updated>\n",
            timestamp(entry.updated)
        ));
        xml.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&entry.link)
        ));
        if let Some(enclosure) = &entry.enclosure {
            xml.push_str(&format!(
                "<link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>\n",
                escape(&enclosure.media_type),
                enclosure.bytes,
                escape(&enclosure.url)
            ));
        }
        xml.push_str(&format!(
            "<category term=\"{}\" label=\"{}\"/>\n",
            escape(&entry.category.0),
            escape(&entry.category.1)
        ));
        xml.push_str(&format!("<summary>{}</summary>\n", escape(&entry.summary)));
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

/// A date as an Atom timestamp: the start of the day, UTC.
fn timestamp(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}
