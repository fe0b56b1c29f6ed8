//! Reading small CSV tables (observations, tasks) whole, with the line of every row.

use super::files::read_text;
use super::raw::{CsvRow, CsvTable};
use crate::problem::{Problem, quoted};
use std::path::Path;

/// Reads a CSV file with a header row. Every malformed row is reported, not only the first.
pub fn read_csv(root: &Path, rel: &Path) -> Result<CsvTable, Vec<Problem>> {
    let text = read_text(root, rel).map_err(|p| vec![p])?;
    parse_csv(rel, &text)
}

pub fn parse_csv(rel: &Path, text: &str) -> Result<CsvTable, Vec<Problem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![
                Problem::new(rel, "a CSV header row", format!("an error: {e}")).at_line(1),
            ]);
        }
    };
    let mut problems = header_problems(rel, &header);
    let mut lines = LineCounter::new(text);
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
                if record.len() != header.len() {
                    problems.push(
                        Problem::new(
                            rel,
                            format!("{} fields, as in the header", header.len()),
                            format!(
                                "{} fields in {}",
                                record.len(),
                                quoted(&record.iter().collect::<Vec<_>>().join(","))
                            ),
                        )
                        .at_line(line),
                    );
                    continue;
                }
                rows.push(CsvRow {
                    line,
                    cells: record.iter().map(|c| c.trim().to_string()).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                problems.push(
                    Problem::new(rel, "a well-formed CSV row", format!("an error: {e}"))
                        .at_line(line),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(CsvTable {
            rel: rel.to_path_buf(),
            header,
            rows,
        })
    } else {
        Err(problems)
    }
}

/// Line numbers from byte offsets. After a line ending with CRLF (files saved on Windows) the
/// csv crate's line count is one short and its offset points at the `\n`, which no record
/// starts with; so lines are counted from the text itself. Records come in order, so counting
/// resumes where the previous record left off.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, byte: u64) -> usize {
        let mut byte = (byte as usize).min(self.text.len());
        if self.text.as_bytes().get(byte) == Some(&b'\n') {
            byte += 1;
        }
        if byte < self.offset {
            *self = LineCounter::new(self.text);
        }
        self.line += self.text.as_bytes()[self.offset..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = byte;
        self.line
    }
}

fn header_problems(rel: &Path, header: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            problems.push(
                Problem::new(rel, "a column name", "an empty header cell")
                    .at_line(1)
                    .at_column(i + 1),
            );
        } else if header[..i].contains(name) {
            problems.push(
                Problem::new(
                    rel,
                    "each column name once",
                    format!("{} a second time", quoted(name)),
                )
                .at_line(1)
                .at_column(i + 1),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_line_of_each_row_even_with_quoted_newlines() {
        let table = parse_csv(Path::new("t.csv"), "a,b\n1,\"x\ny\"\n2,z\n").unwrap();
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 4]
        );
        assert_eq!(table.rows[0].cells[1], "x\ny");
    }

    #[test]
    fn lines_are_right_in_files_saved_on_windows() {
        let table = parse_csv(Path::new("t.csv"), "a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n5,6\r\n").unwrap();
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3, 5]
        );
    }

    #[test]
    fn reports_every_row_with_the_wrong_number_of_fields() {
        let problems =
            parse_csv(Path::new("t.csv"), "period,value\n2020\n2021,1\n2022,1,9\n").unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(4)]);
        assert!(
            problems[0]
                .to_string()
                .contains("expected 2 fields, as in the header, found 1 fields"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn rejects_duplicate_and_empty_column_names() {
        let problems = parse_csv(Path::new("t.csv"), "period,value,,value\n").unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[1].column, Some(4));
    }
}
