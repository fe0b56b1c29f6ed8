//! Problems found in a portal's files, reported so a data clerk can fix them: each names the
//! file, the line and column (or field) where it applies, what was expected and what was found.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The file, relative to the portal folder.
    pub file: PathBuf,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The field, column or key the problem is in, when there is one.
    pub field: Option<String>,
    pub expected: String,
    pub found: String,
}

impl Problem {
    pub fn new(
        file: impl Into<PathBuf>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            field: None,
            expected: expected.into(),
            found: found.into(),
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(saturate(line));
        self
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        if let Some(p) = position {
            self.line = Some(saturate(p.line));
            self.column = Some(saturate(p.column));
        }
        self
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = Some(saturate(column));
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "expected {}, found {}", self.expected, self.found)
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A path as shown in messages: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    let root = if path.has_root() { "/" } else { "" };
    let shown = format!("{root}{}", parts.join("/"));
    escape_control(&shown)
}

/// Quotes found text for a message, shortening what is too long to read in a terminal.
/// Control characters are shown escaped, so a message never moves the cursor or rings a bell.
pub fn quoted(found: &str) -> String {
    const LIMIT: usize = 60;
    if found.chars().count() > LIMIT {
        let head: String = found.chars().take(LIMIT).collect();
        format!("\"{}…\"", escape_control(&head))
    } else {
        format!("\"{}\"", escape_control(found))
    }
}

/// Text with its control characters written as Rust escapes (`\u{1}`), for messages.
pub fn escape_control(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// A line and column (both from 1; the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of a byte offset in a text.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Every problem of a run, sorted by file and position so reports are stable, and the notes
/// (files passed over on purpose) that do not stop it.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>, Vec<Problem>);

impl Problems {
    /// Something the author should know that does not stop the build.
    pub fn note(&mut self, note: Problem) {
        self.1.push(note);
    }
    /// The notes, sorted.
    pub fn take_notes(&mut self) -> Vec<Problem> {
        let mut notes = std::mem::take(&mut self.1);
        notes.sort();
        notes
    }
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }
    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.0.extend(problems);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.0.sort();
        self.0.dedup();
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_line_column_field_expected_and_found() {
        let problem = Problem::new("data/indicators/x.csv", "a number", quoted("abc"))
            .at(Some(Position { line: 5, column: 2 }))
            .field("value");
        assert_eq!(
            problem.to_string(),
            "data/indicators/x.csv:5:2: value: expected a number, found \"abc\""
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a = 1\ntên = \"Đạt\"\n";
        let offset = text.find("\"Đạt").unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position { line: 2, column: 7 }
        );
    }
}
