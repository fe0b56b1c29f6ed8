//! An indicator's metadata merged as Open SDG merges it: `meta/<id>.md` (YAML front matter and
//! a Markdown body), then `meta/<id>.yml`, then `indicator-config/<id>.yml`, a later file's
//! field replacing an earlier one's; `<folder>/<lang>/<id>.*` and a `<lang>:` mapping inside a
//! file override fields for one language.

use super::Report;
use super::layout::IndicatorFiles;
use super::yaml::{self, Node, Value};
use crate::problem::Problem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A field's value and the file it came from, for messages.
#[derive(Debug, Clone)]
pub struct Field {
    pub node: Node,
    pub file: PathBuf,
}

impl Field {
    pub fn text(&self) -> Option<&str> {
        self.node.text()
    }

    /// A problem at this field's position in its file.
    pub fn problem(
        &self,
        key: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Problem {
        Problem::new(&self.file, expected, found)
            .at(Some(self.node.at))
            .field(key)
    }
}

#[derive(Debug, Default)]
pub struct Meta {
    fields: BTreeMap<String, Field>,
    /// Fields in the order they were first written, for showing them in that order.
    order: Vec<String>,
    by_lang: BTreeMap<String, BTreeMap<String, Field>>,
    /// The Markdown body of `meta/<id>.md`, and of its translations.
    pub body: Option<(PathBuf, String)>,
    pub body_by_lang: BTreeMap<String, (PathBuf, String)>,
    /// The first metadata file, named as the indicator's file.
    pub file: Option<PathBuf>,
}

impl Meta {
    pub fn read(
        root: &Path,
        files: &IndicatorFiles,
        languages: &[String],
        report: &mut Report,
    ) -> Meta {
        let mut meta = Meta {
            file: files.meta.first().cloned(),
            ..Meta::default()
        };
        for rel in &files.meta {
            if let Some((node, body)) = read_file(root, rel, report) {
                meta.merge(&node, rel, languages);
                if let Some(body) = body {
                    meta.body = Some((rel.clone(), body));
                }
            }
        }
        for (lang, rels) in &files.translated {
            if !languages.contains(lang) {
                continue;
            }
            for rel in rels {
                if let Some((node, body)) = read_file(root, rel, report) {
                    let fields = meta.by_lang.entry(lang.clone()).or_default();
                    for (key, value) in node.entries() {
                        fields.insert(
                            key.clone(),
                            Field {
                                node: value.clone(),
                                file: rel.clone(),
                            },
                        );
                    }
                    if let Some(body) = body {
                        meta.body_by_lang.insert(lang.clone(), (rel.clone(), body));
                    }
                }
            }
        }
        meta
    }

    fn merge(&mut self, node: &Node, rel: &Path, languages: &[String]) {
        for (key, value) in node.entries() {
            if languages.contains(key) && matches!(value.value, Value::Map(_)) {
                let fields = self.by_lang.entry(key.clone()).or_default();
                for (k, v) in value.entries() {
                    fields.insert(
                        k.clone(),
                        Field {
                            node: v.clone(),
                            file: rel.to_path_buf(),
                        },
                    );
                }
                continue;
            }
            if !self.fields.contains_key(key) {
                self.order.push(key.clone());
            }
            self.fields.insert(
                key.clone(),
                Field {
                    node: value.clone(),
                    file: rel.to_path_buf(),
                },
            );
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.get(key)
    }

    /// The field's text, trimmed, when it has any.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.field(key).and_then(Field::text)
    }

    /// The field's own text in `lang`, from a language folder or mapping.
    pub fn text_in(&self, key: &str, lang: &str) -> Option<&str> {
        self.by_lang.get(lang)?.get(key).and_then(Field::text)
    }

    pub fn flag(&self, key: &str) -> Option<bool> {
        self.field(key).and_then(|f| f.node.flag())
    }

    /// Field names in the order the files first wrote them.
    pub fn keys(&self) -> &[String] {
        &self.order
    }
}

/// A metadata file's fields and, for Markdown, its body.
fn read_file(root: &Path, rel: &Path, report: &mut Report) -> Option<(Node, Option<String>)> {
    let text = super::read_text(root, rel)
        .map_err(|p| report.problem(p))
        .ok()?;
    let is_markdown = rel.extension().is_some_and(|x| x == "md");
    let (front, body) = if is_markdown {
        let (front, body) = yaml::front_matter(&text);
        (
            front,
            Some(body.trim().to_string()).filter(|b| !b.is_empty()),
        )
    } else {
        (Some((text.as_str(), 1)), None)
    };
    let node = match front {
        Some((front, first_line)) => yaml::parse(rel, front, first_line, report)
            .map_err(|p| report.problem(p))
            .ok()?,
        None => Node {
            at: crate::problem::Position { line: 1, column: 1 },
            value: Value::Map(Vec::new()),
        },
    };
    if !matches!(node.value, Value::Map(_)) {
        report.problem(
            Problem::new(
                rel,
                "metadata fields (key: value lines)",
                "a YAML document that is not a mapping",
            )
            .at(Some(node.at)),
        );
        return None;
    }
    Some((node, body))
}
