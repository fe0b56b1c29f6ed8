//! The theme: templates, static files and interface strings. The default theme is built into
//! the binary; a portal's `themes/<name>/` replaces it, and the portal's own `templates/`,
//! `static/` and `i18n/` override single files (and single strings).

pub mod i18n;

use crate::load::decode_utf8;
use crate::model::{Markdown, Portal};
use crate::problem::{Problem, Problems, display_path};
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

/// Loads the theme of `portal`, with the portal's overrides. A language it lacks interface
/// strings for is no problem but a warning: its pages show English ones, marked as such.
pub fn load(portal: &Portal, problems: &mut Problems) -> Option<Theme> {
    let mut theme = Theme::default();
    let mut found = Vec::new();
    let name = &portal.config.theme;
    let local = portal.root.join("themes").join(name);
    if local.is_dir() {
        read_folder(
            &portal.root,
            &Path::new("themes").join(name),
            &THEME_PARTS,
            &mut theme,
            &mut found,
        );
    } else if name == "default" {
        read_embedded(&mut theme, &mut found);
    } else {
        found.push(
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
        &mut found,
    );
    // A theme of the portal's own may lack the English strings to fall back on: then a
    // language without strings of its own would show bare keys, which stops the build.
    let can_fall_back = theme.strings.has_language(i18n::FALLBACK_LANGUAGE);
    for lang in &portal.config.languages {
        match untranslated(&theme.strings, lang) {
            Some(warning) if can_fall_back => problems.note(warning),
            Some(problem) => found.push(problem),
            None => {}
        }
    }
    let failed = !found.is_empty();
    problems.extend(found);
    (!failed).then_some(theme)
}

/// The warning for a language the theme lacks some or all interface strings for, naming the
/// file to write and the first keys to translate.
fn untranslated(strings: &Strings, lang: &str) -> Option<Problem> {
    let fallback = i18n::FALLBACK_LANGUAGE;
    let file = format!("i18n/{lang}.toml");
    let shown = if strings.has_language(fallback) {
        "English is shown in their place, marked lang=\"en\""
    } else {
        "the theme has no English strings to show in their place"
    };
    if !strings.has_language(lang) {
        return Some(Problem::new(
            file,
            format!(
                "interface strings for the language \"{lang}\" (copy the theme's i18n/{fallback}.toml to i18n/{lang}.toml and translate it)"
            ),
            format!("no such file; {shown}"),
        ));
    }
    let missing = strings.missing_keys(lang, fallback);
    if missing.is_empty() {
        return None;
    }
    let listed: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
    let more = if missing.len() > listed.len() {
        format!(" and {} more", missing.len() - listed.len())
    } else {
        String::new()
    };
    Some(Problem::new(
        file,
        format!("every interface string of the theme's i18n/{fallback}.toml, translated"),
        format!("no {}{more}; {shown}", listed.join(", ")),
    ))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `{name}` placeholders of a string.
    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// Every language the default theme ships has every English string, no key English lacks,
    /// and the same placeholders in each, so that no page shows a bare key or a `{value}`.
    #[test]
    fn every_shipped_language_has_every_string_with_its_placeholders() {
        let mut theme = Theme::default();
        let mut problems = Vec::new();
        read_embedded(&mut theme, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let strings = &theme.strings;
        let english = strings.language(i18n::FALLBACK_LANGUAGE);
        let shipped: Vec<&str> = DEFAULT_THEME
            .get_dir("i18n")
            .expect("the theme's i18n folder")
            .files()
            .filter_map(|f| f.path().file_stem()?.to_str())
            .collect();
        for lang in ["ar", "de", "en", "es", "fr", "ru", "vi", "zh"] {
            assert!(
                shipped.contains(&lang),
                "no i18n/{lang}.toml in {shipped:?}"
            );
        }
        for lang in shipped {
            let own = strings.language(lang);
            assert_eq!(
                strings.missing_keys(lang, "en"),
                Vec::<String>::new(),
                "{lang}"
            );
            assert_eq!(
                strings.missing_keys("en", lang),
                Vec::<String>::new(),
                "{lang}"
            );
            for (key, text) in &own {
                assert_eq!(
                    placeholders(text),
                    placeholders(&english[key]),
                    "{lang}: {key} = {text}"
                );
            }
        }
    }
}
