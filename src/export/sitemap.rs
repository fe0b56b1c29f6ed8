//! `sitemap.xml` and `robots.txt`, for search engines: every page they may index in every
//! language, each listing its versions in the other languages, indicator and dataset pages
//! with the date their data last changed.

use crate::escape::markup as escape;
use crate::model::Portal;
use crate::site::catalog::{Catalog, absolute_page_url};
use crate::site::urls::{Downloads, PagePath};
use std::collections::BTreeMap;

/// The most URLs one sitemap file may list.
const MAX_URLS: usize = 50_000;

/// The sitemap files: `sitemap.xml`, and when the portal has more pages than one file may
/// list, `sitemap-<n>.xml` files that `sitemap.xml` indexes.
pub fn sitemaps(portal: &Portal, catalog: &Catalog, pages: &[PagePath]) -> Vec<(String, Vec<u8>)> {
    let config = &portal.config;
    let lastmod: BTreeMap<&PagePath, String> = catalog
        .entries()
        .map(|e| (&e.page, e.modified.date.to_string()))
        .collect();
    let urls: Vec<String> = pages
        .iter()
        .filter(|page| page.is_indexed())
        .flat_map(|page| config.languages.iter().map(move |lang| (page, lang)))
        .map(|(page, lang)| {
            let mut url = format!(
                "<url><loc>{}</loc>",
                escape(&absolute_page_url(portal, page, lang))
            );
            if let Some(date) = lastmod.get(page) {
                url.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            for other in &config.languages {
                url.push_str(&format!(
                    r#"<xhtml:link rel="alternate" hreflang="{}" href="{}"/>"#,
                    escape(other),
                    escape(&absolute_page_url(portal, page, other))
                ));
            }
            url.push_str("</url>\n");
            url
        })
        .collect();
    let urlset = |urls: &[String]| -> Vec<u8> {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        xml.extend(urls.iter().map(String::as_str));
        xml.push_str("</urlset>\n");
        xml.into_bytes()
    };
    if urls.len() <= MAX_URLS {
        return vec![(Downloads::sitemap(), urlset(&urls))];
    }
    let parts: Vec<(String, Vec<u8>)> = urls
        .chunks(MAX_URLS)
        .enumerate()
        .map(|(n, chunk)| (format!("sitemap-{}.xml", n + 1), urlset(chunk)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, _) in &parts {
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&crate::site::catalog::absolute_url(portal, path))
        ));
    }
    index.push_str("</sitemapindex>\n");
    let mut files = vec![(Downloads::sitemap(), index.into_bytes())];
    files.extend(parts);
    files
}

/// `robots.txt`: everything may be crawled; the sitemap is named. Crawlers read it only at
/// the root of a host, so it matters when the portal is published there.
pub fn robots(portal: &Portal) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        crate::site::catalog::absolute_url(portal, &Downloads::sitemap())
    )
    .into_bytes()
}
