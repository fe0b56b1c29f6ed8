//! Stage 1, **load**: read every file of a portal folder, in parallel where files are
//! independent, into [`RawPortal`]. Loading reports what cannot be read or parsed (missing
//! files, invalid UTF-8, TOML syntax, malformed CSV rows); whether the content makes sense is
//! the validate stage's job.

mod csv_file;
mod dataset;
mod files;
pub mod raw;

pub use csv_file::parse_csv;
pub use dataset::PREVIEW_ROWS;
pub use files::{decode_utf8, parse_toml};

use crate::config::{CONFIG_FILE, SiteConfig};
use crate::model::check_relative_path;
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
    let config = load_config(root).map_err(|p| problems.extend(p)).ok()?;
    let data = Path::new(DATA_DIR);

    let sources = optional_toml::<RawSources>(root, &data.join("sources.toml"), problems);
    let units =
        optional_toml::<BTreeMap<String, RawUnit>>(root, &data.join("units.toml"), problems);
    let agencies = optional_toml::<RawAgencies>(root, &data.join("agencies.toml"), problems);

    let goal_files = list_files(root, &data.join("goals"), &["toml"]);
    let goals = collect(
        goal_files
            .par_iter()
            .map(|rel| parse_file::<RawGoal>(root, rel))
            .collect(),
        problems,
    );

    let indicators = load_indicators(root, &data.join("indicators"), problems);

    let tasks_rel = data.join("tasks.csv");
    let tasks = if root.join(&tasks_rel).is_file() {
        csv_file::read_csv(root, &tasks_rel)
            .map_err(|p| problems.extend(p))
            .ok()
    } else {
        None
    };

    let dataset_files = list_files(root, &data.join("datasets"), &["toml"]);
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

    let content = load_content(root, &config.languages, problems);

    Some(RawPortal {
        root: root.to_path_buf(),
        config,
        sources,
        units,
        agencies,
        goals,
        indicators,
        tasks,
        datasets,
        content,
    })
}

/// Reads and checks `chiso.toml`.
pub fn load_config(root: &Path) -> Result<SiteConfig, Vec<Problem>> {
    let rel = Path::new(CONFIG_FILE);
    if !root.join(rel).is_file() {
        let found = format!("no {CONFIG_FILE} in {}", root.display());
        return Err(vec![Problem::new(
            rel,
            "a portal folder with a site configuration (create one with `chiso new DIR`)",
            found,
        )]);
    }
    let text = read_text(root, rel).map_err(|p| vec![p])?;
    let config: SiteConfig = files::parse_toml(rel, &text).map_err(|p| vec![p])?;
    let problems = check_config(&config, &text);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// Checks of the configuration that its types alone do not make.
fn check_config(config: &SiteConfig, text: &str) -> Vec<Problem> {
    let rel = Path::new(CONFIG_FILE);
    let at = |key: &str| {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i + 1);
        let problem = Problem::new(rel, "", "").field(key);
        match line {
            Some(line) => problem.at_line(line),
            None => problem,
        }
    };
    let mut problems = Vec::new();
    let mut complain = |key: &str, expected: &str, found: String| {
        let mut p = at(key);
        p.expected = expected.to_string();
        p.found = found;
        problems.push(p);
    };
    if config.languages.is_empty() {
        complain(
            "languages",
            "at least one language code, the default first",
            "an empty list".into(),
        );
    }
    for lang in &config.languages {
        let valid = !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            complain(
                "languages",
                "language codes such as \"vi\" or \"en\"",
                quoted(lang),
            );
        }
    }
    for (i, lang) in config.languages.iter().enumerate() {
        if config.languages[..i].contains(lang) {
            complain("languages", "each language once", quoted(lang));
        }
    }
    let is_web_url = |u: &str| {
        (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace)
    };
    if !is_web_url(&config.base_url) {
        complain(
            "base_url",
            "an http:// or https:// URL",
            quoted(&config.base_url),
        );
    }
    if !is_web_url(&config.license.url) {
        complain(
            "url",
            "the licence's http:// or https:// URL",
            quoted(&config.license.url),
        );
    }
    let email = &config.publisher.email;
    let valid_email = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        && !email.contains(char::is_whitespace);
    if !valid_email {
        complain(
            "email",
            "a contact e-mail address such as data@example.org",
            quoted(email),
        );
    }
    if config.title.is_empty() {
        complain("title", "a site title", "an empty title".into());
    }
    for (key, expected, found) in config.history_problems() {
        complain(key, &expected, found);
    }
    problems
}

fn optional_toml<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
    problems: &mut Problems,
) -> Option<Parsed<T>> {
    if !root.join(rel).is_file() {
        return None;
    }
    parse_file(root, rel).map_err(|p| problems.push(p)).ok()
}

fn parse_file<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &Path,
) -> Result<Parsed<T>, Problem> {
    let text = read_text(root, rel)?;
    let value = files::parse_toml(rel, &text)?;
    Ok(Parsed {
        rel: rel.to_path_buf(),
        stem: file_stem(rel),
        text,
        value,
    })
}

fn collect<T>(results: Vec<Result<T, Problem>>, problems: &mut Problems) -> Vec<T> {
    results
        .into_iter()
        .filter_map(|r| r.map_err(|p| problems.push(p)).ok())
        .collect()
}

fn file_stem(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The files of a folder with one of `extensions`, sorted by name; hidden files are skipped.
fn list_files(root: &Path, rel_dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(rel_dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| rel_dir.join(e.file_name()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .filter(|p| {
            p.extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
        })
        .collect();
    files.sort();
    files
}

fn load_indicators(root: &Path, dir: &Path, problems: &mut Problems) -> Vec<RawIndicatorFiles> {
    let mut by_id: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    for rel in list_files(root, dir, &["toml", "csv"]) {
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
                .and_then(|rel| parse_file(root, rel).map_err(|p| found.push(p)).ok());
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
        Err(p) => return Some((placeholder_dataset(rel), vec![p])),
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
        if !root.join(data_rel).is_file() {
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
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let inner = entry
            .path()
            .strip_prefix(&content_dir)
            .expect("walked inside content/");
        let rel = Path::new(CONTENT_DIR).join(inner);
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
    let parsed: Vec<Result<RawMarkdown, Problem>> = files
        .into_par_iter()
        .map(|(rel, lang, path)| {
            let text = read_text(root, &rel)?;
            let (front, body) = parse_markdown(&rel, &text)?;
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
        let mut p = files::toml_problem(rel, front_text, &e);
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
