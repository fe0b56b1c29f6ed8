//! Releases as Atom feed entries. The entries are plain data, so any feed of the portal can
//! carry them; [`atom`] writes them as a feed of their own (`<lang>/releases/atom.xml`).

use chrono::NaiveDate;

/// One entry of an Atom feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// A permanent id: the absolute URL of the release's page.
    pub id: String,
    pub title: String,
    pub updated: NaiveDate,
    /// The page the entry is about (absolute URL).
    pub link: String,
    pub summary: String,
}

/// A whole Atom feed (RFC 4287) by `author`. `updated` is the newest entry's date, never the
/// clock, so the same releases always give the same bytes.
pub fn atom(id: &str, title: &str, author: &str, lang: &str, entries: &[FeedEntry]) -> String {
    let updated = entries.iter().map(|e| e.updated).max();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(lang)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape(id)));
    xml.push_str(&format!("  <title>{}</title>\n", escape(title)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(author)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}atom.xml\"/>\n",
        escape(id)
    ));
    xml.push_str(&format!("  <link href=\"{}\"/>\n", escape(id)));
    if let Some(date) = updated {
        xml.push_str(&format!("  <updated>{}</updated>\n", timestamp(date)));
    }
    for entry in entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", escape(&entry.id)));
        xml.push_str(&format!("    <title>{}</title>\n", escape(&entry.title)));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(entry.updated)
        ));
        xml.push_str(&format!("    <link href=\"{}\"/>\n", escape(&entry.link)));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&entry.summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn timestamp(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

fn escape(text: &str) -> String {
    crate::render::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_is_dated_by_its_newest_entry_and_escapes_text() {
        let entry = |v: &str, date: &str| FeedEntry {
            id: format!("https://example.org/en/releases/{v}/"),
            title: format!("Release {v} <&>"),
            updated: date.parse().unwrap(),
            link: format!("https://example.org/en/releases/{v}/"),
            summary: "2 indicators changed".into(),
        };
        let xml = atom(
            "https://example.org/en/releases/",
            "Releases",
            "Statistics Office",
            "en",
            &[entry("v2", "2024-06-30"), entry("v1", "2024-01-31")],
        );
        assert!(xml.contains("<updated>2024-06-30T00:00:00Z</updated>\n  <entry>"));
        assert!(xml.contains("<title>Release v1 &lt;&amp;&gt;</title>"));
        assert_eq!(xml.matches("<entry>").count(), 2);
        assert!(xml.contains("<author><name>Statistics Office</name></author>"));
    }
}
