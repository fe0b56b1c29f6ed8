//! Reading portal files into text and TOML, turning every failure into a [`Problem`] that
//! names the file, line and column.

use crate::problem::{Position, Problem, display_path};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The UTF-8 byte-order mark some editors write first, which no file's content includes.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads a file as UTF-8 text (a byte-order mark is dropped). Invalid UTF-8 is reported at the
/// line and column of the first bad byte.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Problem> {
    let path = inside_portal(root, rel)?;
    let bytes = std::fs::read(path)
        .map_err(|e| Problem::new(rel, "a readable file", format!("an error: {e}")))?;
    decode_utf8(rel, bytes)
}

/// The one rule for links, for every file a build reads: a symbolic link inside the portal
/// folder is followed (git checks links out as links, and a portal may share a file between
/// two places), but only while it leads to a file inside the portal folder. A link that leads
/// outside — to `/proc/self/environ`, to the CI runner's secrets, to another checkout — stops
/// the build with the file, the link and its target named, because anything read is
/// published. Returns the path to open.
pub fn inside_portal(root: &Path, rel: &Path) -> Result<PathBuf, Problem> {
    let path = root.join(rel);
    let refuse = |found: String| {
        Err(Problem::new(
            rel,
            "a file inside the portal folder (a link may only lead to a file inside it)",
            found,
        ))
    };
    let real = match std::fs::canonicalize(&path) {
        Ok(real) => real,
        Err(_) if std::fs::symlink_metadata(&path).is_ok() => {
            let link = first_link(root, rel).unwrap_or_else(|| rel.to_path_buf());
            let target = std::fs::read_link(root.join(&link)).unwrap_or_default();
            return refuse(format!(
                "a link {} to {}, which does not exist",
                display_path(&link),
                escape_path(&target)
            ));
        }
        Err(e) => {
            return Err(Problem::new(
                rel,
                "a readable file",
                format!("an error: {e}"),
            ));
        }
    };
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if real.starts_with(&real_root) {
        return Ok(path);
    }
    let link = first_link(root, rel).unwrap_or_else(|| rel.to_path_buf());
    refuse(format!(
        "a link {} to {}, outside the portal folder",
        display_path(&link),
        escape_path(&real)
    ))
}

/// The first part of `rel` (the file or one of its folders) that is a symbolic link.
fn first_link(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut ancestors: Vec<&Path> = rel
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    ancestors.reverse();
    ancestors
        .into_iter()
        .find(|a| std::fs::symlink_metadata(root.join(a)).is_ok_and(|m| m.is_symlink()))
        .map(Path::to_path_buf)
}

/// Whether a folder entry is a file to read: a file, or a link (which [`inside_portal`] then
/// follows or refuses, so that no linked file is skipped silently).
pub fn is_file_entry(kind: std::fs::FileType) -> bool {
    kind.is_file() || kind.is_symlink()
}

/// Whether `rel` is there to read: a file, or a link (even a broken one, which reading then
/// reports rather than skipping the file as absent).
pub fn present(root: &Path, rel: &Path) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| !m.is_dir())
}

/// Every file under the folder `rel_dir` of the portal, sorted by name, as paths relative to
/// `root`; links to folders are walked into (and their files then checked by
/// [`inside_portal`] when read). What cannot be walked — a broken link, a loop of links, a
/// folder without permission — is a problem, never a silently missing file.
pub fn walk_files(root: &Path, rel_dir: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    let dir = root.join(rel_dir);
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let inner = entry.path().strip_prefix(&dir).expect("walked inside");
                files.push(rel_dir.join(inner));
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(&dir);
                let shown = path.strip_prefix(root).unwrap_or(path);
                let found = match e.loop_ancestor() {
                    Some(_) => "a link that leads back into its own folder".to_string(),
                    None => match std::fs::read_link(path) {
                        Ok(target) => {
                            format!("a link to {}, which does not exist", escape_path(&target))
                        }
                        Err(_) => format!(
                            "an error: {}",
                            e.io_error().map_or(e.to_string(), |io| io.to_string())
                        ),
                    },
                };
                problems.push(Problem::new(shown, "a readable file or folder", found));
            }
        }
    }
    (files, problems)
}

fn escape_path(path: &Path) -> String {
    crate::problem::escape_control(&path.to_string_lossy())
}

pub fn decode_utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Problem> {
    let bytes = match bytes.strip_prefix(BYTE_ORDER_MARK) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..valid]);
        let bad = bytes[valid..]
            .iter()
            .take(4)
            .map(|b| format!("{b:#04x}"))
            .collect::<Vec<_>>();
        Problem::new(
            rel,
            "UTF-8 text (save the file as UTF-8)",
            format!("the bytes {}", bad.join(" ")),
        )
        .at(Some(Position::of_offset(&text, valid)))
    })
}

/// Parses TOML text into `T`, reporting syntax and shape errors as problems: all of them, not
/// only the first. Deserialisation stops at its first error, so each error is fixed in a
/// working copy of the text and the text parsed again: a key that is unknown or has a bad
/// value is blanked out (lines and columns stay where they were), a missing top-level key
/// gets a placeholder line. Whatever those edits cause (a key blanked out is now missing, a
/// line became invalid) is never reported: the run stops there.
pub fn parse_toml<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<T, Vec<Problem>> {
    const MOST_PROBLEMS: usize = 50;
    let mut problems: Vec<Problem> = Vec::new();
    let mut work = text.to_string();
    // Lines put at the top for missing top-level keys.
    let mut inserted: Vec<Placeholder> = Vec::new();
    let mut blanked: Vec<std::ops::Range<usize>> = Vec::new();
    // The keys of the blanked lines: their absence is the edit's doing, not the author's.
    let mut blanked_keys: Vec<String> = Vec::new();
    while problems.len() < MOST_PROBLEMS {
        let error = match toml::from_str::<T>(&work) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(error) => error,
        };
        let lines: Vec<String> = inserted.iter().map(Placeholder::line).collect();
        let offset: usize = lines.iter().map(String::len).sum();
        let message = error.message().trim();
        let span = error.span().unwrap_or(0..0);
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        if span.start < offset && span != (0..0) {
            // The error is in a placeholder: give it another value, or the key its table lacks.
            let (index, at) = line_at(&lines, span.start);
            let fixed = match missing {
                Some(field) => inserted[index].add(field),
                None => inserted[index].next_value(at),
            };
            if !fixed {
                break;
            }
            work = rebuild(&inserted, text, &blanked);
            continue;
        }
        let in_original = span.start.saturating_sub(offset)..span.end.saturating_sub(offset);
        let caused_by_an_edit = missing.is_some_and(|f| blanked_keys.iter().any(|k| k == f))
            || blanked
                .iter()
                .any(|b| b.start <= in_original.start && in_original.start <= b.end);
        if caused_by_an_edit {
            break;
        }
        problems.push(toml_problem(rel, text, &error, in_original.start));
        if let Some(field) = missing {
            if span != (0..0) {
                break; // a key missing inside a table: not worth guessing where it goes
            }
            inserted.push(Placeholder::new(field));
        } else if is_shape_error(message) {
            let line = line_around(text, in_original.start);
            let key = text[line.clone()].split('=').next().unwrap_or_default();
            blanked_keys.push(key.trim().trim_matches('"').to_string());
            blanked.push(line);
        } else {
            break; // syntax: the rest of the file cannot be read reliably
        }
        work = rebuild(&inserted, text, &blanked);
    }
    problems.sort();
    Err(problems)
}

/// A value put in for a missing key, so that parsing goes on to the next problem. Its type is
/// not known: values are tried in turn; a table gets the keys it turns out to need.
struct Placeholder {
    key: String,
    tried: usize,
    fields: Vec<Placeholder>,
}

impl Placeholder {
    const VALUES: [&str; 5] = ["\"\"", "0", "[]", "{}", "false"];
    const TABLE: usize = 3;

    fn new(key: &str) -> Placeholder {
        Placeholder {
            key: key.to_string(),
            tried: 0,
            fields: Vec::new(),
        }
    }

    fn value(&self) -> String {
        if self.fields.is_empty() {
            return Self::VALUES[self.tried].to_string();
        }
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{} = {}", f.key, f.value()))
            .collect();
        format!("{{ {} }}", fields.join(", "))
    }

    fn line(&self) -> String {
        format!("{} = {}\n", self.key, self.value())
    }

    /// The table this placeholder is needs `field`; false when it is not a table.
    fn add(&mut self, field: &str) -> bool {
        if self.tried != Self::TABLE || self.fields.len() > 20 {
            return false;
        }
        self.fields.push(Placeholder::new(field));
        true
    }

    /// The value at byte `at` of the line has the wrong type: try the next one.
    fn next_value(&mut self, at: usize) -> bool {
        let mut start = self.key.len() + 5; // `key = { `
        for field in &mut self.fields {
            let len = field.key.len() + 3 + field.value().len();
            if at < start + len {
                return field.next_value(at.saturating_sub(start + field.key.len() + 3));
            }
            start += len + 2;
        }
        self.tried += 1;
        self.fields.clear();
        self.tried < Self::VALUES.len()
    }
}

/// Which placeholder line holds byte `at` of the working text, and where in the line.
fn line_at(lines: &[String], at: usize) -> (usize, usize) {
    let mut start = 0;
    for (i, line) in lines.iter().enumerate() {
        if at < start + line.len() {
            return (i, at - start);
        }
        start += line.len();
    }
    (lines.len() - 1, 0)
}

/// The working text: placeholder lines first (top-level keys must come before any table), then
/// the original with the blanked ranges turned to spaces.
fn rebuild(inserted: &[Placeholder], text: &str, blanked: &[std::ops::Range<usize>]) -> String {
    let mut work: String = inserted.iter().map(Placeholder::line).collect();
    let mut bytes = text.as_bytes().to_vec();
    for range in blanked {
        for b in &mut bytes[range.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only ASCII bytes inside whole lines were replaced by spaces, so this stays UTF-8.
    work.push_str(&String::from_utf8_lossy(&bytes));
    work
}

/// The line holding byte `at`, without its line ending.
fn line_around(text: &str, at: usize) -> std::ops::Range<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

/// Errors of a key or value that parsed as TOML but does not fit the file's shape.
fn is_shape_error(message: &str) -> bool {
    [
        "unknown field",
        "invalid type",
        "invalid value",
        "unknown variant",
        "invalid length",
    ]
    .iter()
    .any(|p| message.starts_with(p))
        || message.starts_with("duplicate field")
}

/// The problem of a TOML error found at byte `at` of `text`.
pub fn toml_problem(rel: &Path, text: &str, error: &toml::de::Error, at: usize) -> Problem {
    let position = error.span().map(|_| Position::of_offset(text, at));
    let message = error.message().trim();
    let (field, expected, found) = explain_serde_message(message);
    let mut problem = Problem::new(rel, expected, found).at(position);
    problem.field = field;
    problem
}

/// Splits serde's messages ("invalid type: integer `5`, expected a string") into what was
/// expected and what was found.
fn explain_serde_message(message: &str) -> (Option<String>, String, String) {
    let backticked = |s: &str| s.split('`').nth(1).map(str::to_string);
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = backticked(rest);
        let expected = format!("the required field {}", rest.trim());
        return (field, expected, "no such field".into());
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "a known field"));
        return (
            None,
            format!("a known field ({expected})"),
            found.to_string(),
        );
    }
    for prefix in [
        "invalid type: ",
        "invalid value: ",
        "unknown variant ",
        "invalid length ",
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return (None, in_words(expected), in_words(found));
            }
        }
    }
    let mut lines = message.lines();
    let first = lines.next().unwrap_or(message).to_string();
    match lines.find_map(|l| l.trim().strip_prefix("expected ")) {
        Some(expected) => (None, expected.to_string(), first),
        None => (None, "valid TOML".into(), first),
    }
}

/// Serde's type names in the words of a data clerk: `i64` is "a whole number", `a string`
/// "text in quotes".
fn in_words(serde: &str) -> String {
    const PHRASES: [(&str, &str); 4] = [
        ("a string", "text in quotes"),
        ("a boolean", "true or false"),
        ("a sequence", "a list in [ ]"),
        ("a map", "a table"),
    ];
    const TYPES: [(&str, &str); 9] = [
        ("i64", "a whole number"),
        ("i32", "a whole number"),
        ("u64", "a whole number, 0 or more"),
        ("u32", "a whole number, 0 or more"),
        ("u16", "a whole number from 0 to 65535"),
        ("u8", "a whole number from 0 to 255"),
        ("f64", "a number"),
        ("f32", "a number"),
        ("string", "text"),
    ];
    let mut text = serde.to_string();
    for (phrase, words) in PHRASES {
        text = text.replace(phrase, words);
    }
    text.split(' ')
        .map(|word| {
            let bare = word.trim_end_matches(',');
            match TYPES.iter().find(|(name, _)| *name == bare) {
                Some((_, words)) => word.replacen(bare, words, 1),
                None => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        name: String,
        order: Option<i64>,
    }

    #[test]
    fn a_missing_field_names_the_field() {
        let p = parse_toml::<Meta>(Path::new("m.toml"), "order = 1\n")
            .unwrap_err()
            .remove(0);
        assert_eq!(p.field.as_deref(), Some("name"));
        assert!(
            p.to_string()
                .starts_with("m.toml:1:1: name: expected the required field `name`"),
            "{p}"
        );
    }

    #[test]
    fn a_wrong_type_says_what_was_expected_and_found_where() {
        let p = parse_toml::<Meta>(Path::new("m.toml"), "name = \"x\"\norder = \"first\"\n")
            .unwrap_err()
            .remove(0);
        assert_eq!((p.line, p.column), (Some(2), Some(9)));
        assert_eq!(p.expected, "a whole number", "{p}");
        assert_eq!(p.found, "text \"first\"", "{p}");
    }

    #[test]
    fn a_typo_in_a_field_name_is_reported() {
        let p = parse_toml::<Meta>(Path::new("m.toml"), "name = \"x\"\nordre = 1\n")
            .unwrap_err()
            .remove(0);
        assert_eq!(p.line, Some(2));
        assert!(p.found.contains("ordre"), "{p}");
    }

    #[test]
    fn every_typo_and_every_missing_key_of_a_file_is_reported() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Config {
            title: String,
            languages: Vec<String>,
            order: Option<i64>,
            kind: Option<Kind>,
            publisher: Publisher,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Publisher {
            name: String,
            email: String,
        }
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        enum Kind {
            Scheduled,
            Correction,
        }
        let found = |text: &str| -> Vec<String> {
            parse_toml::<Config>(Path::new("c.toml"), text)
                .unwrap_err()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let publisher = "[publisher]\nname = \"P\"\nemail = \"p@example.org\"\n";
        let typos = found(&format!(
            "title = \"x\"\nordre = 1\nlanguages = []\nknid = 2\n{publisher}"
        ));
        assert_eq!(typos.len(), 2, "{typos:#?}");
        assert!(typos[0].starts_with("c.toml:2:1:") && typos[1].starts_with("c.toml:4:1:"));
        let values = found(&format!(
            "title = \"x\"\nlanguages = []\norder = \"first\"\nkind = \"fix\"\n{publisher}"
        ));
        assert_eq!(values.len(), 2, "{values:#?}");
        assert!(
            values.iter().any(|v| v.starts_with("c.toml:3:9:")),
            "{values:#?}"
        );
        assert!(
            values.iter().any(|v| v.starts_with("c.toml:4:8:")),
            "{values:#?}"
        );
        let empty = found("");
        assert_eq!(empty.len(), 3, "{empty:#?}");
        assert!(
            empty.iter().any(|p| p.contains("`publisher`")),
            "{empty:#?}"
        );
        assert!(empty.iter().any(|p| p.contains("`title`")), "{empty:#?}");
        assert!(
            empty.iter().any(|p| p.contains("`languages`")),
            "{empty:#?}"
        );
        let broken = found("title = \"x\nlanguages = []\n");
        assert_eq!(
            broken.len(),
            1,
            "a syntax error stops the file: {broken:#?}"
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let p =
            decode_utf8(Path::new("x.csv"), b"period,value\n2020,\xff1\n".to_vec()).unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(6)));
        assert!(p.expected.contains("UTF-8"));
    }
}
