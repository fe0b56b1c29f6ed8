//! The YAML of an Open SDG repository (metadata, indicator configuration, translations,
//! `config_data.yml`), read into plain values that remember their line and column.
//!
//! Scalars are kept as written: Open SDG metadata is free text, and YAML's type guessing would
//! turn `target_id: 1.10` into the number 1.1. Fields that are flags (`data_non_statistical`)
//! are read as booleans where they are used, accepting YAML 1.1's `yes`/`no` as Open SDG's
//! Python tools do. Duplicate keys keep the last value, as those tools do too.

use crate::problem::{Position, Problem};
use saphyr::{MarkedYaml, ScalarStyle, YamlData, YamlLoader};
use std::path::Path;

/// A YAML value with the position it starts at.
#[derive(Debug, Clone)]
pub struct Node {
    pub at: Position,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    /// A scalar as written (quotes removed, block scalars folded as YAML says).
    Text(String),
    List(Vec<Node>),
    /// Keys in file order; a duplicate key keeps its last value.
    Map(Vec<(String, Node)>),
}

impl Node {
    fn null(at: Position) -> Node {
        Node {
            at,
            value: Value::Null,
        }
    }

    /// The value of `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::List(items) => items,
            _ => &[],
        }
    }

    /// The scalar's text, trimmed; `None` for null, blank text, lists and mappings.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        }
    }

    /// A flag: `true`/`false`, and YAML 1.1's `yes`/`no`/`on`/`off`, in any case.
    pub fn flag(&self) -> Option<bool> {
        match self.text()?.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" => Some(true),
            "false" | "no" | "off" | "n" => Some(false),
            _ => None,
        }
    }
}

/// Parses `text`, the contents of `rel` starting at line `first_line` of the file (front matter
/// starts after its `---` line). An empty document is an empty mapping.
pub fn parse(
    rel: &Path,
    text: &str,
    first_line: usize,
    report: &mut super::Report,
) -> Result<Node, Problem> {
    let position = |line: usize, col: usize| Position {
        line: line + first_line - 1,
        column: col + 1,
    };
    let (text, replaced) = nbsp_indentation_as_spaces(text);
    for (line, column) in replaced {
        report.warn(
            Problem::new(
                rel,
                "indentation with spaces",
                "a no-break space (U+00A0), read as a space as PyYAML reads it",
            )
            .at(Some(position(line, column))),
        );
    }
    let mut text = text.into_owned();
    let loader = loop {
        let mut loader: YamlLoader<MarkedYaml> = YamlLoader::default();
        loader.early_parse(false);
        loader.allow_duplicate_keys(true);
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let scanned = parser
            .load(&mut loader, false)
            .err()
            .or_else(|| loader.error().cloned());
        let Some(e) = scanned else { break loader };
        drop((parser, loader));
        let line = e.marker().line();
        // A tab starting a continuation line of a quoted scalar: YAML 1.2 parsers take it
        // for indentation and refuse it; PyYAML strips it with the line's other leading
        // white space, as it does spaces. Read so, and parse again.
        if e.info().contains("tab cannot be used as indentation") {
            if let Some(column) = tabs_as_spaces(&mut text, line) {
                report.warn(
                    Problem::new(
                        rel,
                        "indentation with spaces",
                        "a tab starting a line of a quoted value, read as a space as PyYAML reads it",
                    )
                    .at(Some(position(line, column))),
                );
                continue;
            }
        }
        let at = position(line, e.marker().col());
        return Err(
            Problem::new(rel, "valid YAML", format!("a syntax error: {}", e.info())).at(Some(at)),
        );
    };
    let start = position(1, 0);
    Ok(match loader.into_documents().into_iter().next() {
        Some(doc) => match convert(&doc, &position) {
            Node {
                value: Value::Null, ..
            } => Node {
                at: start,
                value: Value::Map(Vec::new()),
            },
            node => node,
        },
        None => Node {
            at: start,
            value: Value::Map(Vec::new()),
        },
    })
}

/// A no-break space (U+00A0) among the spaces that start a line, as text pasted from a word
/// processor has: YAML 1.2 parsers refuse it as indentation, PyYAML (which Open SDG uses)
/// reads on. Each becomes a space; returned with the line (from 1) and column (from 0) of
/// the first on each line.
fn nbsp_indentation_as_spaces(text: &str) -> (std::borrow::Cow<'_, str>, Vec<(usize, usize)>) {
    let leading = |line: &str| {
        line.chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '\u{a0}'))
            .position(|c| c == '\u{a0}')
    };
    if !text.lines().any(|l| leading(l).is_some()) {
        return (text.into(), Vec::new());
    }
    let mut found = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        match leading(line) {
            Some(column) => {
                found.push((n + 1, column));
                let indent = line
                    .char_indices()
                    .find(|(_, c)| !matches!(c, ' ' | '\t' | '\u{a0}'))
                    .map_or(line.len(), |(i, _)| i);
                out.push_str(&line[..indent].replace('\u{a0}', " "));
                out.push_str(&line[indent..]);
            }
            None => out.push_str(line),
        }
    }
    (out.into(), found)
}

/// Replaces the tabs among the white space starting `line` (from 1) of `text` with spaces;
/// the column (from 0) of the first, or `None` when the line starts with no tab.
fn tabs_as_spaces(text: &mut String, line: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = &text[start..];
    let indent = rest
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(rest.len());
    let column = rest[..indent].find('\t')?;
    let spaces = rest[..indent].replace('\t', " ");
    text.replace_range(start..start + indent, &spaces);
    Some(column)
}

fn convert(node: &MarkedYaml, position: &impl Fn(usize, usize) -> Position) -> Node {
    let at = position(node.span.start.line(), node.span.start.col());
    match &node.data {
        YamlData::Representation(raw, style, _) => {
            let null = *style == ScalarStyle::Plain
                && matches!(raw.as_ref(), "" | "~" | "null" | "Null" | "NULL");
            if null {
                Node::null(at)
            } else {
                Node {
                    at,
                    value: Value::Text(raw.to_string()),
                }
            }
        }
        YamlData::Sequence(items) => Node {
            at,
            value: Value::List(items.iter().map(|i| convert(i, position)).collect()),
        },
        YamlData::Mapping(map) => {
            let mut entries: Vec<(String, Node)> = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key = match convert(key, position).value {
                    Value::Text(k) => k,
                    _ => continue,
                };
                let value = convert(value, position);
                match entries.iter_mut().find(|(k, _)| *k == key) {
                    Some(existing) => existing.1 = value,
                    None => entries.push((key, value)),
                }
            }
            Node {
                at,
                value: Value::Map(entries),
            }
        }
        YamlData::Tagged(_, inner) => convert(inner, position),
        _ => Node::null(at),
    }
}

/// Splits a Markdown file with YAML front matter (between `---` lines) into the front
/// matter's text, the line it starts on, and the body. A file without front matter is all body.
pub fn front_matter(text: &str) -> (Option<(&str, usize)>, &str) {
    let Some(after_open) = text
        .strip_prefix("---")
        .and_then(|t| t.strip_prefix('\n').or_else(|| t.strip_prefix("\r\n")))
    else {
        return (None, text);
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            let front = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return (Some((front, 2)), body.trim_start_matches(['\r', '\n']));
        }
        offset += line.len();
    }
    (Some((after_open, 2)), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Node {
        parse(
            Path::new("meta/1-1-1.yml"),
            text,
            1,
            &mut Default::default(),
        )
        .unwrap()
    }

    #[test]
    fn scalars_stay_as_written() {
        let node = yaml("target_id: 1.10\ntier: 01\nname: 'x'\nempty: ''\nnothing: ~\nflag: yes\n");
        assert_eq!(node.get("target_id").unwrap().text(), Some("1.10"));
        assert_eq!(node.get("tier").unwrap().text(), Some("01"));
        assert_eq!(node.get("name").unwrap().text(), Some("x"));
        assert_eq!(node.get("empty").unwrap().text(), None);
        assert!(matches!(node.get("nothing").unwrap().value, Value::Null));
        assert_eq!(node.get("flag").unwrap().flag(), Some(true));
    }

    #[test]
    fn values_know_their_line_and_column() {
        let node = yaml("a: 1\nlist:\n  - first\n  - second\n");
        let second = &node.get("list").unwrap().items()[1];
        assert_eq!(second.at, Position { line: 4, column: 5 });
    }

    #[test]
    fn syntax_errors_name_the_line_and_column_in_the_file() {
        let problem = parse(
            Path::new("meta/1-1-1.md"),
            "a: 1\nb: [unclosed\n",
            2,
            &mut Default::default(),
        )
        .unwrap_err();
        assert!(problem.line.is_some_and(|l| l >= 3), "{problem}");
        assert!(problem.column.is_some(), "{problem}");
        assert!(
            problem.to_string().starts_with("meta/1-1-1.md:"),
            "{problem}"
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        assert_eq!(yaml("a: 1\na: 2\n").get("a").unwrap().text(), Some("2"));
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (front, body) = front_matter("---\ntitle: x\n---\n\nBody text\n");
        assert_eq!(front, Some(("title: x\n", 2)));
        assert_eq!(body, "Body text\n");
        assert_eq!(
            front_matter("# Just Markdown\n"),
            (None, "# Just Markdown\n")
        );
    }
}
