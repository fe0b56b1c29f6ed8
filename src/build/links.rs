//! The link checker, run on the staged output before it is published (as Zola checks its
//! internal links on every build): every internal `href`, `src` and `action` of every page,
//! with its `#fragment`, and every URL in the catalogues and feeds that points into the site
//! must lead to a file of the output. A link a template gets wrong breaks on every page it
//! renders, so each broken target is reported once, with how many pages link to it.

use crate::problem::Problem;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// Where the site is published: what makes a URL internal.
pub struct Site<'a> {
    /// The output folder as the build was asked to write it, for the messages.
    pub shown_as: &'a Path,
    /// The configured base URL, ending in `/`.
    pub base_url: &'a str,
    /// Its path, ending in `/` (`/` or `/portal/`).
    pub base_path: &'a str,
}

/// What one file links to and what fragments it offers.
#[derive(Default)]
struct Scanned {
    /// The `href`, `src` and `action` values of a page: their fragments must exist too.
    links: Vec<String>,
    /// Absolute URLs under the base URL anywhere in the file. In catalogues a fragment names
    /// a resource (`…/#dataset-csv`) and in feeds an entry, not an element, so only the
    /// file they lead to is checked.
    mentions: Vec<String>,
    ids: HashSet<String>,
}

/// One file checked on its own: what it offers the links of others, its links broken
/// whatever the others hold, and those that wait on another page's ids. A portal's pages have
/// hundreds of thousands of links; only these few facts of each page are kept at once.
#[derive(Default)]
struct Checked {
    /// The hashes of a page's `id`s ([`id_hash`]).
    ids: HashSet<u64>,
    /// Broken links, with why.
    broken: Vec<(String, &'static str)>,
    /// Links to an element of another page: the link as written, the page, its id's hash.
    to_elements: Vec<(String, String, u64)>,
}

/// Every broken internal link of the output at `root`, one problem per broken target.
pub fn check(root: &Path, site: &Site) -> Vec<Problem> {
    let files = files_under(root);
    let checked: HashMap<&str, Checked> = files
        .par_iter()
        .filter(|rel| holds_links(rel))
        .filter_map(|rel| {
            let text = std::fs::read_to_string(root.join(rel)).ok()?;
            let scanned = scan(&text, rel.ends_with(".html"), site.base_url);
            Some((rel.as_str(), check_file(rel, scanned, site, &files)))
        })
        .collect();
    // Then the links to elements of other pages, and each broken target → the files that
    // link to it, with why.
    let mut broken: BTreeMap<(String, &'static str), BTreeSet<&str>> = BTreeMap::new();
    for (&from, file) in &checked {
        for (link, why) in &file.broken {
            broken.entry((link.clone(), why)).or_default().insert(from);
        }
        for (link, page, id) in &file.to_elements {
            if checked
                .get(page.as_str())
                .is_some_and(|p| !p.ids.contains(id))
            {
                let why = "the page has no element with this id";
                broken.entry((link.clone(), why)).or_default().insert(from);
            }
        }
    }
    broken
        .into_iter()
        .map(|((link, why), pages)| {
            let first = pages.iter().next().expect("a broken link is on a page");
            let also = match pages.len() {
                1 => String::new(),
                n => format!(", and on {} other files", n - 1),
            };
            Problem::new(
                site.shown_as.join(first),
                "links that lead to a file of the site (check the template or the page that writes this link)",
                format!(
                    "\"{}\" ({why}){also}",
                    crate::problem::escape_control(&link)
                ),
            )
        })
        .collect()
}

/// The links of the file `from` resolved to files of the site, and its own fragments checked.
fn check_file(from: &str, scanned: Scanned, site: &Site, files: &HashSet<String>) -> Checked {
    let mut checked = Checked {
        ids: scanned.ids.iter().map(|id| id_hash(id)).collect(),
        ..Checked::default()
    };
    let links = scanned.links.into_iter().map(|l| (l, true));
    for (link, with_fragment) in links.chain(scanned.mentions.into_iter().map(|l| (l, false))) {
        match resolve(&link, from, site, files) {
            Err(why) => checked.broken.push((link, why)),
            Ok(Some((page, id))) if with_fragment && page.ends_with(".html") && !id.is_empty() => {
                let id = id_hash(&id);
                if page != from {
                    checked.to_elements.push((link, page, id));
                } else if !checked.ids.contains(&id) {
                    let why = "the page has no element with this id";
                    checked.broken.push((link, why));
                }
            }
            Ok(_) => {}
        }
    }
    checked
}

/// What a page's ids are known by: a 64-bit hash, which two ids of one page share with a
/// chance of one in billions of billions.
fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// Every file under `root`, by its `/`-separated path relative to it; the folders at the top
/// (one per language, the charts, the data) are walked side by side.
fn files_under(root: &Path) -> HashSet<String> {
    let Ok(top) = std::fs::read_dir(root) else {
        return HashSet::new();
    };
    let top: Vec<std::path::PathBuf> = top.filter_map(|e| Some(e.ok()?.path())).collect();
    top.par_iter()
        .flat_map_iter(|path| {
            walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| {
                    let rel = e.path().strip_prefix(root).ok()?;
                    Some(rel.to_string_lossy().replace('\\', "/"))
                })
        })
        .collect()
}

/// Pages, and the catalogues and feeds about the site. The data downloads are left out: their
/// URLs are the files' own, and a dataset's JSON may be as large as the dataset.
fn holds_links(rel: &str) -> bool {
    let is_data_json = rel.starts_with("data/")
        && rel.ends_with(".json")
        && !rel.ends_with(".csv-metadata.json")
        && !rel.ends_with(".datapackage.json");
    let extension = rel.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(extension, "html" | "json" | "jsonld" | "ttl" | "xml") && !is_data_json
}

/// The links of a file: in HTML, every `href`, `src` and `action`; in every file, each
/// absolute URL under the base URL (catalogues, feeds, JSON-LD and share tags). A page is read
/// once for all its attributes, from one `="` to the next: a portal's pages are hundreds of
/// megabytes, and this scan was most of the link check.
fn scan(text: &str, html: bool, base_url: &str) -> Scanned {
    let mut scanned = Scanned::default();
    if html {
        let bytes = text.as_bytes();
        for at in memchr::memchr_iter(b'=', bytes) {
            if bytes.get(at + 1) != Some(&b'"') {
                continue;
            }
            let before = &bytes[..at];
            let is_link = [&b" href"[..], b" src", b" action"]
                .iter()
                .any(|name| before.ends_with(name));
            if !is_link && !before.ends_with(b" id") {
                continue;
            }
            let value = &text[at + 2..];
            let Some(end) = memchr::memchr(b'"', value.as_bytes()) else {
                continue;
            };
            let value = &value[..end];
            if is_link {
                scanned.links.push(value.replace("&amp;", "&"));
            } else {
                scanned.ids.insert(value.to_string());
            }
        }
    }
    let base = memchr::memmem::Finder::new(base_url);
    let mut rest = text;
    while let Some(at) = base.find(rest.as_bytes()) {
        let url = &rest[at..];
        let mut end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\'' | '\\' | ')'))
            .unwrap_or(url.len());
        // An URL quoted inside an attribute's text, as in the embed code.
        for quote in ["&quot;", "&#39;"] {
            end = url[..end].find(quote).unwrap_or(end);
        }
        scanned.mentions.push(url[..end].replace("&amp;", "&"));
        rest = &url[end..];
    }
    // An absolute `href` is already checked as a link, fragment and all.
    let links: HashSet<&str> = scanned.links.iter().map(String::as_str).collect();
    let mut mentions = std::mem::take(&mut scanned.mentions);
    mentions.retain(|m| !links.contains(m.as_str()));
    mentions.sort();
    mentions.dedup();
    scanned.mentions = mentions;
    scanned
}

/// The file of the site that `link`, found in the file `from`, leads to, with its fragment
/// decoded; `None` for a link out of the site; else why it leads nowhere.
fn resolve(
    link: &str,
    from: &str,
    site: &Site,
    files: &HashSet<String>,
) -> Result<Option<(String, String)>, &'static str> {
    let (address, fragment) = link.split_once('#').unwrap_or((link, ""));
    let address = address.split_once('?').map_or(address, |(a, _)| a);
    let path = if address.is_empty() {
        from.to_string()
    } else if let Some(inside) = address.strip_prefix(site.base_url) {
        inside.to_string()
    } else if address.starts_with("//")
        || address.contains(':')
        || address.starts_with(crate::site::urls::PREVIEW_PATHS)
    {
        return Ok(None); // another site, mailto:, data:, or the preview server's own
    } else if let Some(absolute) = address.strip_prefix('/') {
        match format!("/{absolute}").strip_prefix(site.base_path) {
            Some(inside) => inside.to_string(),
            None => return Err("outside the portal's base path"),
        }
    } else {
        relative(from, address).ok_or("a relative link above the site's root")?
    };
    let path = percent_decode_str(&path).decode_utf8_lossy().into_owned();
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if files.contains(&path) {
        path
    } else {
        format!("{path}/index.html")
    };
    if !files.contains(&file) {
        return Err("no such file in the output");
    }
    let fragment = percent_decode_str(fragment).decode_utf8_lossy();
    Ok(Some((file, fragment.into_owned())))
}

/// `link` relative to the folder of the file `from`, with `.` and `..` resolved.
fn relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if link.ends_with('/') {
        joined.push('/');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site<'static> {
        Site {
            shown_as: Path::new("public"),
            base_url: "https://x.vn/portal/",
            base_path: "/portal/",
        }
    }

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn working_links_pass_and_each_broken_target_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                (
                    "vi/index.html",
                    r##"<a href="/portal/vi/indicators/CL.III.1.%C4%91/#chart">a</a>
                    <a href="indicators/">b</a> <a href="#top">c</a> <p id="top"></p>
                    <a href="https://other.example/x">d</a> <a href="mailto:a@b.vn">e</a>
                    <img src="/portal/vi/releases/atom.xml"> <a href="../en/#nowhere">f</a>
                    <a href="/elsewhere/">g</a>"##,
                ),
                (
                    "en/index.html",
                    r#"<img src="/portal/vi/releases/atom.xml"> <p id="top"></p>
                    <script src="/__chiso/live-reload.js"></script>"#,
                ),
                ("vi/indicators/index.html", ""),
                (
                    "vi/indicators/CL.III.1.đ/index.html",
                    r#"<div id="chart"></div>"#,
                ),
                (
                    "data.json",
                    r#"{"a": "https://x.vn/portal/data/indicators/x.csv"}"#,
                ),
            ],
        );
        let problems = check(dir.path(), &site());
        let found: Vec<String> = problems.iter().map(|p| p.found.clone()).collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found.iter().any(|f| f.starts_with(
            "\"/portal/vi/releases/atom.xml\" (no such file in the output), and on 1 other files"
        )));
        assert!(
            found
                .iter()
                .any(|f| f.contains("../en/#nowhere") && f.contains("no element with this id"))
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains("/elsewhere/") && f.contains("outside the portal's base path"))
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains("https://x.vn/portal/data/indicators/x.csv"))
        );
        let atom = problems
            .iter()
            .find(|p| p.found.contains("atom.xml"))
            .unwrap();
        assert!(atom.to_string().contains("public/en/index.html"), "{atom}");
    }
}
