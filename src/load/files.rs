//! Reading portal files into text and TOML, turning every failure into a [`Problem`] that
//! names the file, line and column.

use crate::problem::{Position, Problem};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Reads a file as UTF-8 text (a byte-order mark is dropped). Invalid UTF-8 is reported at the
/// line and column of the first bad byte.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Problem::new(rel, "a readable file", format!("an error: {e}")))?;
    decode_utf8(rel, bytes)
}

pub fn decode_utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Problem> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
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

/// Parses TOML text into `T`, reporting syntax and shape errors as problems.
pub fn parse_toml<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<T, Problem> {
    toml::from_str(text).map_err(|e| toml_problem(rel, text, &e))
}

pub fn toml_problem(rel: &Path, text: &str, error: &toml::de::Error) -> Problem {
    let position = error
        .span()
        .map(|span| Position::of_offset(text, span.start));
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
                return (None, expected.to_string(), found.to_string());
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
        let p = parse_toml::<Meta>(Path::new("m.toml"), "order = 1\n").unwrap_err();
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
            .unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(9)));
        assert!(p.expected.contains("i64"), "{p}");
        assert!(p.found.contains("string"), "{p}");
    }

    #[test]
    fn a_typo_in_a_field_name_is_reported() {
        let p = parse_toml::<Meta>(Path::new("m.toml"), "name = \"x\"\nordre = 1\n").unwrap_err();
        assert_eq!(p.line, Some(2));
        assert!(p.found.contains("ordre"), "{p}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let p =
            decode_utf8(Path::new("x.csv"), b"period,value\n2020,\xff1\n".to_vec()).unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(6)));
        assert!(p.expected.contains("UTF-8"));
    }
}
