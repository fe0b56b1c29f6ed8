//! Stage 1, **load**: read every file of a portal folder, in parallel where files are
//! independent, into [`RawPortal`]. Loading reports what cannot be read or parsed (missing
//! files, invalid UTF-8, TOML syntax, malformed CSV rows); whether the content makes sense is
//! the validate stage's job.

pub mod blocks;
mod csv_file;
mod dataset;
mod files;
mod positions;
pub mod raw;

pub use csv_file::parse_csv;
pub use dataset::PREVIEW_ROWS;
pub use files::{decode_utf8, inside_portal, is_file_entry, parse_toml, walk_files};

use crate::model::config::{CONFIG_FILE, SiteConfig};
use crate::model::{WEB_URL, check_relative_path, check_web_url, with_language_keys};
use crate::problem::{Problem, Problems, quoted};
use files::read_text;
use raw::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DATA_DIR: &str = "data";
pub const CONTENT_DIR: &str = "content";

/// Reads the portal at `root`. Returns `None` when there is not even a usable configuration;
/// otherwise whatever could be read, with every problem found added to `problems`.
pub fn load(root: &Path, problems: &mut Problems) -> Option<RawPortal> {
    let config = match read_config(root) {
        Ok((config, found)) => {
            problems.extend(found);
            config
        }
        Err(found) => {
            problems.extend(found);
            return None;
        }
    };
    let data = Path::new(DATA_DIR);

    let sources = optional_toml::<RawSources>(root, &data.join("sources.toml"), problems);
    let units =
        optional_toml::<BTreeMap<String, RawUnit>>(root, &data.join("units.toml"), problems);
    let agencies = optional_toml::<RawAgencies>(root, &data.join("agencies.toml"), problems);

    let goal_files = list_files(root, &data.join("goals"), &["toml"], problems);
    let goals = collect(
        goal_files
            .par_iter()
            .map(|rel| parse_file::<RawGoal>(root, rel))
            .collect(),
        problems,
    );

    let indicators = load_indicators(root, &data.join("indicators"), problems);

    let tasks_rel = data.join("tasks.csv");
    let tasks = if files::present(root, &tasks_rel) {
        csv_file::read_csv(root, &tasks_rel)
            .map_err(|p| problems.extend(p))
            .ok()
    } else {
        None
    };

    let dataset_files = list_files(root, &data.join("datasets"), &["toml"], problems);
    let datasets: Vec<(RawDataset, Vec<Problem>)> = dataset_files
        .par_iter()
        .filter_map(|rel| load_dataset(root, rel))
        .collect();
    let datasets = datasets
        .into_iter()
        .map(|(dataset, found)| {
            problems.extend(found);
            dataset
        })
        .collect();

    let map_files = list_files(root, &data.join("maps"), &["toml"], problems);
    let maps = collect(
        map_files
            .par_iter()
            .map(|rel| load_map(root, rel))
            .collect(),
        problems,
    )
    .into_iter()
    .map(|(layer, found)| {
        problems.extend(found);
        layer
    })
    .collect();

    let content = load_content(root, &config.languages, problems);

    let portal = RawPortal {
        root: root.to_path_buf(),
        config,
        sources,
        units,
        agencies,
        goals,
        indicators,
        tasks,
        datasets,
        maps,
        content,
    };
    check_language_keys(&portal, problems);
    Some(portal)
}

/// Reads and checks `chiso.toml`.
pub fn load_config(root: &Path) -> Result<SiteConfig, Vec<Problem>> {
    match read_config(root)? {
        (config, problems) if problems.is_empty() => Ok(config),
        (_, problems) => Err(problems),
    }
}

/// Reads `chiso.toml`: the configuration with its problems when the rest of the portal can
/// still be read with it (so that every problem of a run is reported together), or only the
/// problems when it cannot (no file, TOML that does not parse, no usable language).
fn read_config(root: &Path) -> Result<(SiteConfig, Vec<Problem>), Vec<Problem>> {
    let rel = Path::new(CONFIG_FILE);
    if !files::present(root, rel) {
        let found = format!("no {CONFIG_FILE} in {}", root.display());
        return Err(vec![Problem::new(
            rel,
            "a portal folder with a site configuration (create one with `chiso new DIR`)",
            found,
        )]);
    }
    let text = read_text(root, rel).map_err(|p| vec![p])?;
    let (config, keys) = with_language_keys(|| files::parse_toml::<SiteConfig>(rel, &text));
    let mut config = config?;
    if let Some(as_of) = &config.status.as_of {
        config.status.as_of_line =
            Some(crate::problem::Position::of_offset(&text, as_of.span().start).line);
    }
    let mut problems = check_config(&config, &text);
    let languages_usable = !config.languages.is_empty()
        && problems
            .iter()
            .all(|p| p.field.as_deref() != Some("languages"));
    if !languages_usable {
        // Every text of every file would be reported against languages that are wrong.
        return Err(problems);
    }
    problems.extend(language_key_problems(rel, &text, &keys, &config.languages));
    Ok((config, problems))
}

/// Checks of the configuration that its types alone do not make.
fn check_config(config: &SiteConfig, text: &str) -> Vec<Problem> {
    let rel = Path::new(CONFIG_FILE);
    let positions = positions::TomlPositions::new(text);
    let mut problems = Vec::new();
    // `at` is the value's path (`license.url`, `languages.1`); the message names the key
    // without the element's number.
    let mut complain = |at: &str, expected: &str, found: String| {
        let field: Vec<&str> = at
            .split('.')
            .filter(|s| s.parse::<usize>().is_err())
            .collect();
        problems.push(
            Problem::new(rel, expected, found)
                .field(field.join("."))
                .at(positions.of(at)),
        );
    };
    if config.languages.is_empty() {
        complain(
            "languages",
            "at least one language code, the default first",
            "an empty list".into(),
        );
    }
    for (i, lang) in config.languages.iter().enumerate() {
        if let Err(why) = crate::model::check_language_tag(lang) {
            complain(&format!("languages.{i}"), &why, quoted(lang));
        }
        if config.languages[..i].contains(lang) {
            complain(
                &format!("languages.{i}"),
                "each language once",
                quoted(lang),
            );
        }
    }
    let web_urls = [
        ("base_url", Some(&config.base_url)),
        ("license.url", Some(&config.license.url)),
        ("publisher.url", config.publisher.url.as_ref()),
        (
            "spatial.uri",
            config.spatial.as_ref().and_then(|s| s.uri.as_ref()),
        ),
    ];
    for (key, url) in web_urls {
        let Some(url) = url else { continue };
        if let Err(why) = check_web_url(url) {
            complain(key, WEB_URL, format!("{} with {why}", quoted(url)));
        }
    }
    let email = &config.publisher.email;
    let valid_email = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        && !email.contains(|c: char| c.is_whitespace() || c.is_control() || "<>\"()".contains(c));
    if !valid_email {
        complain(
            "publisher.email",
            "a contact e-mail address such as data@example.org",
            quoted(email),
        );
    }
    if config.title.is_empty() {
        complain("title", "a site title", "an empty title".into());
    }
    if let Some(as_of) = &config.status.as_of {
        if config.status.as_of_date().is_none() {
            complain(
                "status.as_of",
                "the assessment date as YYYY-MM-DD, such as \"2025-12-31\"",
                quoted(as_of.get_ref()),
            );
        }
    }
    if let Some([west, south, east, north]) = config.spatial.as_ref().and_then(|s| s.bbox) {
        let longitude = |x: f64| (-180.0..=180.0).contains(&x);
        let latitude = |y: f64| (-90.0..=90.0).contains(&y);
        let valid = longitude(west)
            && longitude(east)
            && latitude(south)
            && latitude(north)
            && south < north;
        if !valid {
            complain(
                "spatial.bbox",
                "[west, south, east, north] in degrees: longitudes from -180 to 180, latitudes from -90 to 90, south below north",
                format!("[{west}, {south}, {east}, {north}]"),
            );
        }
    }
    if let Some(theme) = &config.catalogue.data_theme {
        let codes: Vec<&str> = crate::model::config::DATA_THEMES
            .iter()
            .map(|(c, _)| *c)
            .collect();
        if !codes.contains(&theme.as_str()) {
            complain(
                "catalogue.data_theme",
                &format!("a code of the EU data-theme list: {}", codes.join(", ")),
                quoted(theme),
            );
        }
    }
    for (i, font) in config.charts.fonts.iter().enumerate() {
        // Whether the file is there is checked when charts are drawn, through the link rule.
        if check_relative_path(font).is_err() {
            complain(
                &format!("charts.fonts.{i}"),
                "a font file's path inside the portal folder",
                quoted(font),
            );
        }
    }
    for (at, expected, found) in config.history_problems() {
        complain(&at, &expected, found);
    }
    problems
}

fn optional_toml<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    problems: &mut Problems,
) -> Option<Parsed<T>> {
    if !files::present(root, rel) {
        return None;
    }
    parse_file(root, rel).map_err(|p| problems.extend(p)).ok()
}

fn parse_file<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
) -> Result<Parsed<T>, Vec<Problem>> {
    let text = read_text(root, rel).map_err(|p| vec![p])?;
    let (value, language_keys) = with_language_keys(|| files::parse_toml(rel, &text));
    Ok(Parsed {
        rel: rel.to_path_buf(),
        stem: file_stem(rel),
        text,
        value: value?,
        language_keys,
    })
}

/// A problem for every text key of a file that names a language the portal does not
/// publish: such a text would never be shown (a `vn` key for `vi` leaves the Vietnamese
/// pages in English), so it is a mistake, named with the languages published and the nearest.
fn language_key_problems(
    rel: &Path,
    text: &str,
    keys: &[String],
    languages: &[String],
) -> Vec<Problem> {
    let positions = positions::TomlPositions::new(text);
    let mut problems = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for key in keys {
        if languages.contains(key) || !reported.insert(key) {
            continue;
        }
        let nearest = crate::model::nearest_language(key, languages.iter().map(String::as_str));
        let expected = format!(
            "a language the portal publishes ({}; set in {CONFIG_FILE}){}",
            languages.join(", "),
            nearest.map_or(String::new(), |n| format!(": did you mean \"{n}\"?"))
        );
        let found = format!("the language key {}", quoted(key));
        let places = positions.keys_named(key);
        if places.is_empty() {
            problems.push(Problem::new(rel, &expected, &found).field(key.clone()));
        }
        for place in places {
            problems.push(
                Problem::new(rel, &expected, &found)
                    .at(Some(place))
                    .field(key.clone()),
            );
        }
    }
    problems
}

/// Checks the language keys of every metadata file against the portal's languages.
fn check_language_keys(portal: &RawPortal, problems: &mut Problems) {
    let languages = &portal.config.languages;
    let mut check = |rel: &Path, text: &str, keys: &[String]| {
        problems.extend(language_key_problems(rel, text, keys, languages));
    };
    macro_rules! each {
        ($($parsed:expr),* $(,)?) => {
            $(for p in $parsed { check(&p.rel, &p.text, &p.language_keys); })*
        };
    }
    each!(
        portal.sources.iter(),
        portal.units.iter(),
        portal.agencies.iter(),
        &portal.goals,
        portal.indicators.iter().filter_map(|i| i.meta.as_ref()),
        portal.datasets.iter().map(|d| &d.meta),
        portal.maps.iter().map(|m| &m.meta),
    );
}

fn collect<T>(results: Vec<Result<T, Vec<Problem>>>, problems: &mut Problems) -> Vec<T> {
    results
        .into_iter()
        .filter_map(|r| r.map_err(|p| problems.extend(p)).ok())
        .collect()
}

fn file_stem(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The files of a folder with one of `extensions`, sorted by name; hidden files are skipped,
/// and so are the lock and backup files spreadsheets and editors leave beside the files they
/// have open (`~$goals.csv`, `goals.csv~`, `.#goals.toml`), with a note.
fn list_files(
    root: &Path,
    rel_dir: &Path,
    extensions: &[&str],
    problems: &mut Problems,
) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(rel_dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(files::is_file_entry))
        .map(|e| rel_dir.join(e.file_name()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let editor_file = name.starts_with("~$") || name.ends_with('~');
            if editor_file {
                problems.note(Problem::new(
                    p,
                    "a portal file",
                    "a lock or backup file left by a spreadsheet or editor, passed over",
                ));
            }
            !editor_file
        })
        .filter(|p| {
            p.extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
        })
        .collect();
    files.sort();
    files
}

/// A boundary layer's metadata and its GeoJSON file, read under the same rule as every other
/// file (inside the portal folder, UTF-8). A layer whose GeoJSON cannot be read is kept
/// without it, so indicators naming it are not reported as well: the one cause is the file.
fn load_map(root: &Path, rel: &Path) -> Result<(RawMapFiles, Vec<Problem>), Vec<Problem>> {
    let meta = parse_file::<RawMapLayer>(root, rel)?;
    let named = meta.value.file.get_ref();
    let geojson_rel = rel.parent().unwrap_or(Path::new("")).join(named);
    let read = match check_relative_path(named) {
        Err(why) => Err(Problem::new(
            rel,
            "a GeoJSON file inside the portal, named relative to this file",
            format!("{} ({why})", quoted(named)),
        )
        .at(Some(meta.position(meta.value.file.span())))
        .field("file")),
        Ok(()) => read_text(root, &geojson_rel),
    };
    let (geojson, problems) = match read {
        Ok(text) => (Some((geojson_rel, text)), Vec::new()),
        Err(problem) => (None, vec![problem]),
    };
    Ok((RawMapFiles { meta, geojson }, problems))
}

fn load_indicators(root: &Path, dir: &Path, problems: &mut Problems) -> Vec<RawIndicatorFiles> {
    let mut by_id: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    for rel in list_files(root, dir, &["toml", "csv"], problems) {
        let entry = by_id.entry(file_stem(&rel)).or_default();
        if rel.extension().is_some_and(|x| x == "toml") {
            entry.0 = Some(rel);
        } else {
            entry.1 = Some(rel);
        }
    }
    let loaded: Vec<(RawIndicatorFiles, Vec<Problem>)> = by_id
        .into_par_iter()
        .map(|(id, (meta_rel, data_rel))| {
            let mut found = Vec::new();
            let meta = meta_rel
                .as_ref()
                .and_then(|rel| parse_file(root, rel).map_err(|p| found.extend(p)).ok());
            let data_exists = data_rel.is_some();
            let data = data_rel.and_then(|rel| {
                csv_file::read_csv(root, &rel)
                    .map_err(|p| found.extend(p))
                    .ok()
            });
            let meta_exists = meta_rel.is_some();
            let meta_rel = meta_rel.unwrap_or_else(|| dir.join(format!("{id}.toml")));
            (
                RawIndicatorFiles {
                    id,
                    meta_rel,
                    meta_exists,
                    meta,
                    data,
                    data_exists,
                },
                found,
            )
        })
        .collect();
    loaded
        .into_iter()
        .map(|(files, found)| {
            problems.extend(found);
            files
        })
        .collect()
}

fn load_dataset(root: &Path, rel: &Path) -> Option<(RawDataset, Vec<Problem>)> {
    let meta = match parse_file::<RawDatasetMeta>(root, rel) {
        Ok(meta) => meta,
        Err(p) => return Some((placeholder_dataset(rel), p)),
    };
    let mut problems = Vec::new();
    let data = Path::new(DATA_DIR);
    let data_rel = match &meta.value.file {
        Some(file) => match check_relative_path(file.get_ref()) {
            Ok(()) => Some(data.join(file.get_ref())),
            Err(why) => {
                let position = meta.position(file.span());
                problems.push(
                    Problem::new(
                        rel,
                        "a path inside data/",
                        format!("{} with {why}", quoted(file.get_ref())),
                    )
                    .at(Some(position))
                    .field("file"),
                );
                None
            }
        },
        None => Some(data.join("datasets").join(format!("{}.csv", meta.stem))),
    };
    let profile = data_rel.as_ref().and_then(|data_rel| {
        if !files::present(root, data_rel) {
            let expected = "the dataset's CSV file (set `file` to its path inside data/)";
            problems.push(
                Problem::new(
                    rel,
                    expected,
                    format!("no file {}", crate::problem::display_path(data_rel)),
                )
                .field("file"),
            );
            return None;
        }
        dataset::profile(root, data_rel)
            .map_err(|p| problems.extend(p))
            .ok()
    });
    Some((
        RawDataset {
            meta,
            data_rel,
            profile,
        },
        problems,
    ))
}

/// A dataset whose metadata did not parse: kept out of the portal, its problem reported.
fn placeholder_dataset(rel: &Path) -> RawDataset {
    RawDataset {
        meta: Parsed {
            rel: rel.to_path_buf(),
            stem: file_stem(rel),
            text: String::new(),
            language_keys: Vec::new(),
            value: RawDatasetMeta {
                id: None,
                title: Default::default(),
                description: Default::default(),
                file: None,
                source: None,
                updated: None,
                revisions: Vec::new(),
                keywords: Default::default(),
                columns: Default::default(),
            },
        },
        data_rel: None,
        profile: None,
    }
}

fn load_content(root: &Path, languages: &[String], problems: &mut Problems) -> Vec<RawMarkdown> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Vec::new();
    }
    let (found, walk_problems) = files::walk_files(root, Path::new(CONTENT_DIR));
    problems.extend(walk_problems);
    let mut files = Vec::new();
    for rel in found {
        if rel.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let inner = rel
            .strip_prefix(CONTENT_DIR)
            .expect("walked inside content/");
        let mut parts = inner
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let lang = parts.next().unwrap_or_default();
        let rest: Vec<String> = parts.collect();
        if rest.is_empty() || !languages.contains(&lang) {
            let expected = format!(
                "Markdown files inside a language folder: content/{{{}}}/…",
                languages.join(",")
            );
            problems.push(Problem::new(
                &rel,
                expected,
                format!("a file in {}", quoted(&lang)),
            ));
            continue;
        }
        files.push((
            rel,
            lang,
            rest.join("/").trim_end_matches(".md").to_string(),
        ));
    }
    let parsed: Vec<Result<RawMarkdown, Vec<Problem>>> = files
        .into_par_iter()
        .map(|(rel, lang, path)| {
            let text = read_text(root, &rel).map_err(|p| vec![p])?;
            let (front, body) = parse_markdown(&rel, &text).map_err(|p| vec![p])?;
            Ok(RawMarkdown {
                rel,
                lang,
                path,
                title: front.as_ref().and_then(|f| f.title.clone()),
                description: front.and_then(|f| f.description),
                body: body.to_string(),
            })
        })
        .collect();
    collect(parsed, problems)
}

/// Splits a Markdown file into its TOML front matter (between `+++` lines) and its body.
pub fn parse_markdown<'a>(
    rel: &Path,
    text: &'a str,
) -> Result<(Option<RawFrontMatter>, &'a str), Problem> {
    let Some(after_open) = text
        .strip_prefix("+++")
        .and_then(|t| t.strip_prefix('\n').or_else(|| t.strip_prefix("\r\n")))
    else {
        return Ok((None, text));
    };
    let front_start = text.len() - after_open.len();
    let close = after_open
        .match_indices("+++")
        .find(|(i, _)| *i == 0 || after_open.as_bytes()[i - 1] == b'\n')
        .map(|(i, _)| i)
        .ok_or_else(|| {
            Problem::new(
                rel,
                "front matter closed by a line of +++",
                "no closing +++",
            )
            .at_line(1)
        })?;
    let front_text = &after_open[..close];
    let body = after_open[close + 3..].trim_start_matches(['\r', '\n']);
    let front = toml::from_str::<RawFrontMatter>(front_text).map_err(|e| {
        let at = e.span().map_or(0, |span| span.start);
        let mut p = files::toml_problem(rel, front_text, &e, at);
        if let Some(span) = e.span() {
            let shifted = crate::problem::Position::of_offset(text, front_start + span.start);
            p = p.at(Some(shifted));
        }
        p
    })?;
    Ok((Some(front), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_the_body() {
        let (front, body) = parse_markdown(
            Path::new("a.md"),
            "+++\ntitle = \"Giới thiệu\"\n+++\n\nXin chào\n",
        )
        .unwrap();
        assert_eq!(front.unwrap().title.as_deref(), Some("Giới thiệu"));
        assert_eq!(body, "Xin chào\n");
    }

    #[test]
    fn front_matter_errors_point_into_the_markdown_file() {
        let p = parse_markdown(
            Path::new("a.md"),
            "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\nbody",
        )
        .unwrap_err();
        assert_eq!(p.line, Some(3));
    }

    #[test]
    fn markdown_without_front_matter_is_all_body() {
        let (front, body) = parse_markdown(Path::new("a.md"), "# Hello\n").unwrap();
        assert!(front.is_none());
        assert_eq!(body, "# Hello\n");
    }
}
