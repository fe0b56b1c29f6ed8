//! The theme: templates, static files and interface strings. The default theme is built into
//! the binary; a portal's `themes/<name>/` replaces it, and the portal's own `templates/`,
//! `static/` and `i18n/` override single files (and single strings).

pub mod i18n;

use crate::load::decode_utf8;
use crate::model::{Markdown, Portal};
use crate::problem::{Problem, display_path};
use i18n::Strings;
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folders of a theme.
const THEME_PARTS: [&str; 4] = ["templates", "static", "i18n", "content"];

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`indicator.html`) to source.
    pub templates: BTreeMap<String, String>,
    /// Template name to the file it was read from (`templates/base.html` for a portal's own,
    /// `themes/default/templates/base.html` for the theme's), for the messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Output path inside `assets/` to where the file comes from.
    pub static_files: BTreeMap<String, StaticSource>,
    pub strings: Strings,
    /// Pages the theme provides (`content/<lang>/<slug>.md`), by slug and language.
    pub pages: BTreeMap<String, BTreeMap<String, Markdown>>,
}

/// Loads the theme of `portal`, with the portal's overrides.
pub fn load(portal: &Portal) -> Result<Theme, Vec<Problem>> {
    let mut theme = Theme::default();
    let mut problems = Vec::new();
    let name = &portal.config.theme;
    let local = portal.root.join("themes").join(name);
    if local.is_dir() {
        read_folder(
            &portal.root,
            &Path::new("themes").join(name),
            &THEME_PARTS,
            &mut theme,
            &mut problems,
        );
    } else if name == "default" {
        read_embedded(&mut theme, &mut problems);
    } else {
        problems.push(
            Problem::new(
                "chiso.toml",
                "a theme folder themes/<theme>/ in the portal, or \"default\"",
                format!("\"{name}\""),
            )
            .field("theme"),
        );
    }
    // The portal's own content/ holds its narratives, not theme pages.
    read_folder(
        &portal.root,
        Path::new(""),
        &THEME_PARTS[..3],
        &mut theme,
        &mut problems,
    );

    let default_lang = portal.config.default_lang();
    for lang in &portal.config.languages {
        if !theme.strings.has_language(lang) {
            problems.push(Problem::new(
                format!("i18n/{lang}.toml"),
                format!("interface strings for the language \"{lang}\" (copy the theme's i18n/en.toml and translate it)"),
                "no such file",
            ));
            continue;
        }
        let reference = if theme.strings.has_language("en") {
            "en"
        } else {
            default_lang
        };
        let missing = theme.strings.missing_keys(lang, reference);
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
            let more = if missing.len() > shown.len() {
                format!(" and {} more", missing.len() - shown.len())
            } else {
                String::new()
            };
            problems.push(Problem::new(
                format!("i18n/{lang}.toml"),
                format!("every interface string of the theme's {reference}.toml"),
                format!("no {}{more}", shown.join(", ")),
            ));
        }
    }
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// The default theme's interface strings with the portal's own `i18n/` overrides, for readers
/// of other formats that need to name things before a portal exists (the Open SDG reader
/// names goals it has no title for, and keeps the languages that have strings). Problems in
/// these files are reported when the theme is loaded for the build.
pub fn default_strings(root: &Path) -> Strings {
    let mut theme = Theme::default();
    let mut ignored = Vec::new();
    read_embedded(&mut theme, &mut ignored);
    read_folder(root, Path::new(""), &["i18n"], &mut theme, &mut ignored);
    theme.strings
}

fn read_embedded(theme: &mut Theme, problems: &mut Vec<Problem>) {
    for file in all_files(&DEFAULT_THEME) {
        let rel = file.path();
        add(
            theme,
            rel,
            Source::Embedded(file.contents()),
            &Path::new("themes/default").join(rel),
            problems,
        );
    }
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(all_files(sub));
    }
    files
}

/// Reads the `parts` folders (`templates/`, `static/`…) under `base`, relative to the portal.
fn read_folder(
    root: &Path,
    base: &Path,
    parts: &[&str],
    theme: &mut Theme,
    problems: &mut Vec<Problem>,
) {
    for part in parts {
        let dir = root.join(base).join(part);
        if !dir.is_dir() {
            continue;
        }
        let (files, walk_problems) = crate::load::walk_files(root, &base.join(part));
        problems.extend(walk_problems);
        for shown in files {
            let inside = shown.strip_prefix(base).expect("walked inside");
            match crate::load::inside_portal(root, &shown) {
                Ok(path) => add(theme, inside, Source::Disk(path), &shown, problems),
                Err(problem) => problems.push(problem),
            }
        }
    }
}

enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// Adds one theme file found at `rel` (`templates/x.html`, `static/…`, `i18n/vi.toml`).
fn add(theme: &mut Theme, rel: &Path, source: Source, shown: &Path, problems: &mut Vec<Problem>) {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let kind = parts.next().unwrap_or_default();
    let inner: Vec<String> = parts.collect();
    let inner = inner.join("/");
    let text = |source: &Source| -> Result<String, Problem> {
        match source {
            Source::Embedded(bytes) => decode_utf8(shown, bytes.to_vec()),
            Source::Disk(path) => {
                let bytes = std::fs::read(path).map_err(|e| {
                    Problem::new(shown, "a readable file", format!("an error: {e}"))
                })?;
                decode_utf8(shown, bytes)
            }
        }
    };
    match kind.as_str() {
        "templates"
            if inner.ends_with(".html") || inner.ends_with(".xml") || inner.ends_with(".js") =>
        {
            match text(&source) {
                Ok(t) => {
                    theme
                        .template_files
                        .insert(inner.clone(), shown.to_path_buf());
                    theme.templates.insert(inner, t);
                }
                Err(p) => problems.push(p),
            }
        }
        "static" => {
            let source = match source {
                Source::Embedded(bytes) => StaticSource::Embedded(bytes),
                Source::Disk(path) => StaticSource::File(path),
            };
            theme.static_files.insert(inner, source);
        }
        "content" if inner.ends_with(".md") && inner.matches('/').count() == 1 => {
            let (lang, file) = inner.split_once('/').expect("one slash");
            let slug = file.trim_end_matches(".md");
            let parsed = text(&source).and_then(|t| {
                let (front, body) = crate::load::parse_markdown(shown, &t)?;
                Ok((front, body.to_string()))
            });
            match parsed {
                Ok((front, body)) => {
                    let page = Markdown {
                        file: shown.to_path_buf(),
                        lang: lang.to_string(),
                        title: front.as_ref().and_then(|f| f.title.clone()),
                        description: front.and_then(|f| f.description),
                        body,
                    };
                    theme
                        .pages
                        .entry(slug.to_string())
                        .or_default()
                        .insert(lang.to_string(), page);
                }
                Err(p) => problems.push(p),
            }
        }
        "i18n" if inner.ends_with(".toml") => {
            let lang = inner.trim_end_matches(".toml");
            let table = text(&source)
                .map_err(|p| vec![p])
                .and_then(|t| crate::load::parse_toml::<toml::Table>(shown, &t));
            match table {
                Ok(table) => theme.strings.merge(lang, &table),
                Err(p) => problems.extend(p),
            }
        }
        _ => problems.push(Problem::new(
            shown,
            "theme files in templates/ (*.html), static/, i18n/ (*.toml) or content/<lang>/ (*.md)",
            format!("\"{}\"", display_path(rel)),
        )),
    }
}
