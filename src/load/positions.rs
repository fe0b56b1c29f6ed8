//! Where the values and keys of a TOML text are, from the parser's own spans: a problem found
//! after deserialising (a bad URL, an unknown language key) is reported at its exact line and
//! column, never at the first line that merely looks like the key.

use crate::problem::Position;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A TOML text parsed with the span of every key and value.
pub struct TomlPositions<'t> {
    text: &'t str,
    /// `None` when the text does not parse (its problem is reported by the deserialiser).
    document: Option<Spanned<DeTable<'t>>>,
}

impl<'t> TomlPositions<'t> {
    pub fn new(text: &'t str) -> TomlPositions<'t> {
        TomlPositions {
            text,
            document: DeTable::parse(text).ok(),
        }
    }

    /// The position of the value at `path`: keys separated by `.`, with a number for an
    /// element of an array (`license.url`, `languages.1`, `releases.0.version`).
    pub fn of(&self, path: &str) -> Option<Position> {
        let document = self.document.as_ref()?;
        let mut table = document.get_ref();
        let mut value: Option<&Spanned<DeValue>> = None;
        for segment in path.split('.') {
            let next = match value.map(Spanned::get_ref) {
                None => entry(table, segment)?,
                Some(DeValue::Table(inner)) => entry(inner, segment)?,
                Some(DeValue::Array(items)) => items.get(segment.parse::<usize>().ok()?)?,
                Some(_) => return None,
            };
            if let DeValue::Table(inner) = next.get_ref() {
                table = inner;
            }
            value = Some(next);
        }
        value.map(|v| Position::of_offset(self.text, v.span().start))
    }

    /// The positions of every key named `name`, at any depth, in text order.
    pub fn keys_named(&self, name: &str) -> Vec<Position> {
        let mut found = Vec::new();
        if let Some(document) = &self.document {
            collect_keys(document.get_ref(), name, &mut found);
        }
        let mut positions: Vec<Position> = found
            .into_iter()
            .map(|offset| Position::of_offset(self.text, offset))
            .collect();
        positions.sort_by_key(|p| (p.line, p.column));
        positions
    }
}

fn entry<'a, 't>(table: &'a DeTable<'t>, key: &str) -> Option<&'a Spanned<DeValue<'t>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

fn collect_keys(table: &DeTable, name: &str, found: &mut Vec<usize>) {
    for (key, value) in table {
        if key.get_ref().as_ref() == name {
            found.push(key.span().start);
        }
        collect_in_value(value.get_ref(), name, found);
    }
}

fn collect_in_value(value: &DeValue, name: &str, found: &mut Vec<usize>) {
    match value {
        DeValue::Table(table) => collect_keys(table, name, found),
        DeValue::Array(items) => {
            for item in items {
                collect_in_value(item.get_ref(), name, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"title = { vi = "Cổng", en = "Portal" }
languages = ["vi", "vn"]

[publisher]
url = "https://a.vn"

[license]
name = "CC BY 4.0"
url = "javascript:alert(1)"

[[releases]]
version = "v1"

[[releases]]
version = "bad version"
note = { vn = "x" }
"#;

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    #[test]
    fn values_are_found_at_their_own_line_and_column() {
        let positions = TomlPositions::new(TEXT);
        assert_eq!(positions.of("license.url"), at(9, 7));
        assert_eq!(positions.of("publisher.url"), at(5, 7));
        assert_eq!(positions.of("languages.1"), at(2, 20));
        assert_eq!(positions.of("releases.1.version"), at(15, 11));
        assert_eq!(positions.of("title.en"), at(1, 29));
        assert_eq!(positions.of("license.nothing"), None);
    }

    #[test]
    fn keys_are_found_wherever_they_are() {
        let positions = TomlPositions::new(TEXT);
        assert_eq!(
            positions.keys_named("vn"),
            vec![Position {
                line: 16,
                column: 10
            }]
        );
        assert_eq!(positions.keys_named("url").len(), 2);
    }
}
