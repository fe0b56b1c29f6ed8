//! One streaming pass over a dataset's CSV, on every core: row count, column types and a
//! preview, in memory bounded by the blocks in flight and the preview whatever the file's size.

use super::blocks::{Block, Blocks, parse_in_order};
use super::files::BYTE_ORDER_MARK;
use crate::model::{ColumnProfile, ColumnType, DatasetProfile, Number};
use crate::problem::Problem;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub const PREVIEW_ROWS: usize = 10;
/// Beyond this many problems in one dataset the rest are counted, not listed.
const MAX_PROBLEMS: usize = 20;

/// Profiles the dataset's CSV on every core, a block each (see [`super::blocks`]). A file
/// with any problem is read again, one record after another, for the problems' exact lines.
pub fn profile(root: &Path, rel: &Path) -> Result<DatasetProfile, Vec<Problem>> {
    let path = super::files::inside_portal(root, rel).map_err(|p| vec![p])?;
    let open = || {
        File::open(&path).map_err(|e| {
            vec![Problem::new(
                rel,
                "a readable dataset file",
                format!("an error: {e}"),
            )]
        })
    };
    let file = open()?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    profile_in_blocks(file, bytes).or_else(|Unusual| profile_record_by_record(open()?, rel, bytes))
}

/// Why profiling in blocks stopped: a record is not as it should be, or the file could not
/// be read. Reading it record by record says which, and where.
struct Unusual;

/// What one block's records say about the columns.
struct BlockProfile {
    /// The first block's header.
    header: Option<Vec<String>>,
    /// How many fields each record has, if there is one.
    width: Option<usize>,
    inference: Vec<TypeInference>,
    rows: u64,
    preview: Vec<Vec<String>>,
}

fn profile_in_blocks(file: File, bytes: u64) -> Result<DatasetProfile, Unusual> {
    let parse = |block: &Block| -> Result<BlockProfile, Unusual> {
        let mut reader = block.reader();
        let header = match block.index {
            0 => Some(
                reader
                    .headers()
                    .map_err(|_| Unusual)?
                    .iter()
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        };
        let mut width = header.as_ref().map(Vec::len);
        let mut inference = Vec::new();
        let (mut rows, mut preview) = (0, Vec::new());
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(|_| Unusual)? {
            let expected = *width.get_or_insert(record.len());
            if record.len() != expected {
                return Err(Unusual);
            }
            inference.resize_with(expected, TypeInference::default);
            for (cell, column) in record.iter().zip(inference.iter_mut()) {
                column.observe(crate::model::trimmed(cell));
            }
            if preview.len() < PREVIEW_ROWS {
                preview.push(record.iter().map(str::to_string).collect());
            }
            rows += 1;
        }
        Ok(BlockProfile {
            header,
            width,
            inference,
            rows,
            preview,
        })
    };
    let mut whole: Option<BlockProfile> = None;
    let take = |blocks: Vec<BlockProfile>| {
        for block in blocks {
            let Some(whole) = &mut whole else {
                whole = Some(block);
                continue;
            };
            let expected = whole.header.as_ref().map(Vec::len);
            if block.width.is_some_and(|w| Some(w) != expected) {
                return Err(Unusual);
            }
            if whole.inference.is_empty() {
                whole.inference = block.inference;
            } else {
                for (column, seen) in whole.inference.iter_mut().zip(&block.inference) {
                    column.merge(seen);
                }
            }
            whole.rows += block.rows;
            let room = PREVIEW_ROWS - whole.preview.len();
            whole.preview.extend(block.preview.into_iter().take(room));
        }
        Ok(())
    };
    parse_in_order(Blocks::new(file), |_| Unusual, parse, take)?;
    // An empty file has no header: the record-by-record reading says what it is.
    let whole = whole.ok_or(Unusual)?;
    let header = whole.header.ok_or(Unusual)?;
    let mut inference = whole.inference;
    inference.resize_with(header.len(), TypeInference::default);
    Ok(DatasetProfile {
        columns: columns(header, inference),
        rows: whole.rows,
        bytes,
        preview: whole.preview,
    })
}

/// The profile of a dataset's CSV, or all its problems (up to [`MAX_PROBLEMS`]), each at its
/// line, from one record after another.
fn profile_record_by_record(
    file: File,
    rel: &Path,
    bytes: u64,
) -> Result<DatasetProfile, Vec<Problem>> {
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
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
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
                for (cell, column) in record.iter().zip(inference.iter_mut()) {
                    column.observe(crate::model::trimmed(cell));
                }
                if preview.len() < PREVIEW_ROWS {
                    preview.push(record.iter().map(str::to_string).collect());
                }
            }
            Err(e) => {
                let problem = csv_problem(rel, &e, "a well-formed CSV row in UTF-8", line_of);
                let fatal = !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                );
                push_capped(&mut problems, &mut skipped, problem);
                if fatal {
                    break;
                }
            }
        }
    }
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
    Ok(DatasetProfile {
        columns: columns(header, inference),
        rows,
        bytes,
        preview,
    })
}

fn columns(header: Vec<String>, inference: Vec<TypeInference>) -> Vec<ColumnProfile> {
    header
        .into_iter()
        .zip(inference)
        .map(|(name, inferred)| ColumnProfile {
            name,
            kind: inferred.kind(),
            blanks: inferred.blanks,
        })
        .collect()
}

fn push_capped(problems: &mut Vec<Problem>, skipped: &mut usize, problem: Problem) {
    if problems.len() < MAX_PROBLEMS {
        problems.push(problem);
    } else {
        *skipped += 1;
    }
}

fn skip_byte_order_mark(input: &mut impl BufRead) -> std::io::Result<()> {
    if input.fill_buf()?.starts_with(BYTE_ORDER_MARK) {
        input.consume(BYTE_ORDER_MARK.len());
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
        if !(self.integer || self.number || self.boolean || self.date) {
            return;
        }
        // `001` is a code, not the number 1: a leading zero makes the column text.
        let leading_zero = cell.len() > 1 && cell.trim_start_matches(['-', '+']).starts_with('0');
        let integer = self.integer && !leading_zero && cell.parse::<i64>().is_ok();
        self.integer = integer;
        // An integer of few digits is a number as written; other cells are read to know.
        let exact =
            || integer && cell.len() <= Number::MAX_DIGITS || Number::decimals(cell).is_ok();
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

    /// What this column and `other` say together: `other` seen after this.
    fn merge(&mut self, other: &TypeInference) {
        self.integer &= other.integer;
        self.number &= other.number;
        self.boolean &= other.boolean;
        self.date &= other.date;
        self.filled += other.filled;
        self.blanks += other.blanks;
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
    fn a_file_of_many_blocks_is_profiled_as_a_whole() {
        let mut csv = String::from("id,code,note\n");
        let rows = 2 * super::super::blocks::BLOCK / 10;
        for i in 0..rows {
            csv.push_str(&format!("{i},{},\"line\nbreak\"\n", i % 7));
        }
        // Only the last rows say the codes are text.
        csv.push_str("-1,X1,last\n");
        let profile = profile_of(csv.as_bytes()).unwrap();
        assert_eq!(profile.rows, rows as u64 + 1);
        assert_eq!(profile.preview[3], ["3", "3", "line\nbreak"]);
        let kinds: Vec<_> = profile.columns.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ColumnType::Integer, ColumnType::Text, ColumnType::Text]
        );
        // A short row far into the file is reported at its line, counted over every block.
        csv.push_str("7,8\n");
        let problems = profile_of(csv.as_bytes()).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some((2 * rows + 3) as u32)]);
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
