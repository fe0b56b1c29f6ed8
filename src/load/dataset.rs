//! One streaming pass over a dataset's CSV: row count, column types and a preview, in memory
//! bounded by the preview size whatever the file's size.

use crate::model::{ColumnProfile, ColumnType, DatasetProfile, Number};
use crate::problem::Problem;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub const PREVIEW_ROWS: usize = 10;
/// Rows of a large CSV read at a time while the previous batch is used: enough to keep each
/// thread busy, few enough that two batches stay small in memory.
pub const BATCH: usize = 8192;

/// A large CSV's rows a batch at a time: `read` refills a batch (leaving it empty at the end)
/// while `take` uses the previous one on another thread. Batches are reused, so rows are not
/// allocated anew. The first error of either stops it.
pub fn in_batches<E: Send>(
    mut read: impl FnMut(&mut Vec<csv::StringRecord>) -> Result<(), E> + Send,
    mut take: impl FnMut(&[csv::StringRecord]) -> Result<(), E> + Send,
) -> Result<(), E> {
    let (mut current, mut next) = (Vec::new(), Vec::new());
    read(&mut current)?;
    while !current.is_empty() {
        let (was_read, taken) = rayon::join(|| read(&mut next), || take(&current));
        taken?;
        was_read?;
        std::mem::swap(&mut current, &mut next);
    }
    Ok(())
}
/// Beyond this many problems in one dataset the rest are counted, not listed.
const MAX_PROBLEMS: usize = 20;

pub fn profile(root: &Path, rel: &Path) -> Result<DatasetProfile, Vec<Problem>> {
    let path = super::files::inside_portal(root, rel).map_err(|p| vec![p])?;
    let file = File::open(path).map_err(|e| {
        vec![Problem::new(
            rel,
            "a readable dataset file",
            format!("an error: {e}"),
        )]
    })?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut input = BufReader::with_capacity(1 << 16, file);
    // The csv crate counts one line short after a header ending with CRLF; see `csv_file`.
    let crlf_header = input
        .fill_buf()
        .map(first_line_ends_with_crlf)
        .unwrap_or(false);
    let line_of =
        move |position: &csv::Position| position.line() as usize + usize::from(crlf_header);
    skip_byte_order_mark(&mut input).map_err(|e| {
        vec![Problem::new(
            rel,
            "a readable file",
            format!("an error: {e}"),
        )]
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);

    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![csv_problem(
                rel,
                &e,
                "a CSV header row in UTF-8",
                line_of,
            )]);
        }
    };
    let mut inference: Vec<TypeInference> =
        header.iter().map(|_| TypeInference::default()).collect();
    let mut preview = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = 0usize;
    let mut rows = 0u64;
    // The next batch of rows is read while the types of this one are inferred.
    let mut finished = false;
    let read = |batch: &mut Vec<csv::StringRecord>| {
        let mut filled = 0;
        while filled < BATCH && !finished {
            if filled == batch.len() {
                batch.push(csv::StringRecord::new());
            }
            let record = &mut batch[filled];
            match reader.read_record(record) {
                Ok(false) => finished = true,
                Ok(true) if record.len() != header.len() => {
                    let line = record.position().map_or(0, line_of);
                    let problem = Problem::new(
                        rel,
                        format!("{} fields, as in the header", header.len()),
                        format!("{} fields", record.len()),
                    )
                    .at_line(line);
                    push_capped(&mut problems, &mut skipped, problem);
                }
                Ok(true) => {
                    rows += 1;
                    if preview.len() < PREVIEW_ROWS {
                        preview.push(record.iter().map(str::to_string).collect());
                    }
                    filled += 1;
                }
                Err(e) => {
                    let problem = csv_problem(rel, &e, "a well-formed CSV row in UTF-8", line_of);
                    let fatal = !matches!(
                        e.kind(),
                        csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                    );
                    push_capped(&mut problems, &mut skipped, problem);
                    finished = fatal;
                }
            }
        }
        batch.truncate(filled);
        Ok::<(), std::convert::Infallible>(())
    };
    let infer = |batch: &[csv::StringRecord]| {
        for record in batch {
            for (cell, column) in record.iter().zip(inference.iter_mut()) {
                column.observe(cell.trim());
            }
        }
        Ok(())
    };
    let Ok(()) = in_batches(read, infer);
    if skipped > 0 {
        problems.push(Problem::new(
            rel,
            "no more problems",
            format!("{skipped} more like the ones above"),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let columns = header
        .into_iter()
        .zip(inference)
        .map(|(name, inferred)| ColumnProfile {
            name,
            kind: inferred.kind(),
            blanks: inferred.blanks,
        })
        .collect();
    Ok(DatasetProfile {
        columns,
        rows,
        bytes,
        preview,
    })
}

fn push_capped(problems: &mut Vec<Problem>, skipped: &mut usize, problem: Problem) {
    if problems.len() < MAX_PROBLEMS {
        problems.push(problem);
    } else {
        *skipped += 1;
    }
}

fn skip_byte_order_mark(input: &mut impl BufRead) -> std::io::Result<()> {
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}

fn first_line_ends_with_crlf(start: &[u8]) -> bool {
    start
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && start[i - 1] == b'\r')
}

fn csv_problem(
    rel: &Path,
    error: &csv::Error,
    expected: &str,
    line_of: impl Fn(&csv::Position) -> usize,
) -> Problem {
    let mut problem = Problem::new(rel, expected, format!("an error: {error}"));
    if let Some(position) = error.position() {
        problem = problem.at_line(line_of(position));
    }
    if let csv::ErrorKind::Utf8 { err, .. } = error.kind() {
        problem = problem.at_column(err.field() + 1).field("encoding");
    }
    problem
}

/// Narrows a column's type as cells are seen: a column is an integer column until a cell is
/// not an integer, and so on down to text.
#[derive(Debug)]
struct TypeInference {
    integer: bool,
    number: bool,
    boolean: bool,
    date: bool,
    filled: u64,
    blanks: u64,
}

impl Default for TypeInference {
    fn default() -> Self {
        TypeInference {
            integer: true,
            number: true,
            boolean: true,
            date: true,
            filled: 0,
            blanks: 0,
        }
    }
}

impl TypeInference {
    fn observe(&mut self, cell: &str) {
        if cell.is_empty() {
            self.blanks += 1;
            return;
        }
        self.filled += 1;
        // `001` is a code, not the number 1: a leading zero makes the column text.
        let leading_zero = cell.len() > 1 && cell.trim_start_matches(['-', '+']).starts_with('0');
        if self.integer && (leading_zero || cell.parse::<i64>().is_err()) {
            self.integer = false;
        }
        let exact = || Number::parse(cell).is_some();
        if self.number && (leading_zero && !cell.contains('.') || !exact()) {
            self.number = false;
        }
        if self.boolean && !matches!(cell, "true" | "false" | "TRUE" | "FALSE" | "True" | "False") {
            self.boolean = false;
        }
        if self.date && crate::model::iso_date(cell).is_none() {
            self.date = false;
        }
    }

    fn kind(&self) -> ColumnType {
        match self {
            _ if self.filled == 0 => ColumnType::Empty,
            TypeInference { integer: true, .. } => ColumnType::Integer,
            TypeInference { number: true, .. } => ColumnType::Number,
            TypeInference { boolean: true, .. } => ColumnType::Boolean,
            TypeInference { date: true, .. } => ColumnType::Date,
            _ => ColumnType::Text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn profile_of(content: &[u8]) -> Result<DatasetProfile, Vec<Problem>> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("d.csv"), content).unwrap();
        profile(dir.path(), Path::new("d.csv"))
    }

    #[test]
    fn infers_types_counts_rows_and_keeps_a_preview() {
        let mut csv = String::from("\u{feff}id,share,done,day,name,empty\n");
        for i in 0..25 {
            csv.push_str(&format!(
                "{i},{}.5,true,2021-06-{:02},Bộ {i},\n",
                i,
                i % 28 + 1
            ));
        }
        let profile = profile_of(csv.as_bytes()).unwrap();
        assert_eq!(profile.rows, 25);
        assert_eq!(profile.preview.len(), PREVIEW_ROWS);
        let kinds: Vec<_> = profile
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("id", ColumnType::Integer),
                ("share", ColumnType::Number),
                ("done", ColumnType::Boolean),
                ("day", ColumnType::Date),
                ("name", ColumnType::Text),
                ("empty", ColumnType::Empty)
            ]
        );
    }

    #[test]
    fn lines_are_right_in_files_saved_on_windows() {
        let problems = profile_of(b"a,b\r\n1,2\r\n3\r\n4,\xff\r\n").unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
    }

    #[test]
    fn reports_malformed_rows_and_invalid_utf8_with_their_lines() {
        let problems = profile_of(b"a,b\n1,2\n3\n4,\xff\n").unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
        assert!(problems[1].expected.contains("UTF-8"));
    }
}
