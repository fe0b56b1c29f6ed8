//! Tidy CSV downloads: UTF-8, RFC 4180, machine column names that are the same in every
//! language, `.` as decimal point, and no cell a spreadsheet would run as a formula.

use super::formats::{Destination, Encode, Job, Sink, Writer, Written};
use crate::model::{Indicator, Number, Portal};
use crate::site::catalog::FileFacts;
use std::io::{self, Write};

/// The UTF-8 byte-order mark, written first when `csv_bom` is set (see `SiteConfig`).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer as every download uses: RFC 4180 (comma, `"` quoting, CRLF line ends), the
/// byte-order mark first when `bom` is set.
pub fn writer<W: std::io::Write>(mut out: W, bom: bool) -> std::io::Result<csv::Writer<W>> {
    if bom {
        out.write_all(BOM)?;
    }
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return
/// at the start) gets a leading `'`, unless it is a number such as `-0.5`.
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && Number::read_float(cell).is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A number as machines read it: `.` as decimal point, the decimals as written.
pub fn machine_number(number: Number) -> String {
    format!("{:.*}", number.decimals as usize, number.value)
}

/// The indicator's observations in table order, one row of cells per observation, as
/// written to its CSV and XLSX (before formula neutralisation).
pub fn indicator_records(
    portal: &Portal,
    indicator: &Indicator,
    order: &[usize],
) -> Vec<Vec<String>> {
    let languages = &portal.config.languages;
    let default_lang = portal.config.default_lang();
    order
        .iter()
        .map(|&i| {
            let o = &indicator.observations[i];
            let source = o.source.as_ref().and_then(|s| indicator.source(s));
            let mut record: Vec<String> = vec![
                indicator.id.clone(),
                o.period.label().to_string(),
                o.value.map(machine_number).unwrap_or_default(),
            ];
            record.extend(o.dims.iter().cloned());
            record.push(indicator.unit.clone());
            record.push(o.status.map(|s| s.code().to_string()).unwrap_or_default());
            record.push(
                source
                    .map(|s| s.citation.document.clone())
                    .unwrap_or_default(),
            );
            record.push(
                source
                    .map(|s| s.citation.locator.clone())
                    .unwrap_or_default(),
            );
            record.extend(languages.iter().map(|l| {
                if o.note.is_empty() {
                    String::new()
                } else {
                    o.note.get(l, default_lang).to_string()
                }
            }));
            record
        })
        .collect()
}

/// The CSV of an indicator or dataset: the header as the catalogue names the columns, then
/// the rows, every cell a spreadsheet would run as a formula neutralised.
pub struct CsvWriter;

impl Writer for CsvWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        let mut out = Destination::of(job, path)?;
        let mut header = Vec::new();
        if job.portal.config.csv_bom {
            header.extend_from_slice(BOM);
        }
        let names = job.entry.columns.iter().map(|c| c.name.as_str());
        CsvRows.row(&csv::StringRecord::from_iter(names), &mut header)?;
        out.write_all(&header)?;
        Ok(Box::new(CsvSink(out)))
    }
}

struct CsvSink<'a>(Destination<'a>);

impl Sink for CsvSink<'_> {
    fn rows(&mut self) -> Option<(&dyn Encode, &mut (dyn Write + Send))> {
        Some((&CsvRows, &mut self.0))
    }

    fn finish(self: Box<Self>, _: &Written) -> io::Result<FileFacts> {
        self.0.finish()
    }
}

/// A CSV's rows as [`writer`] writes them, each cell through [`safe_cell`].
struct CsvRows;

impl Encode for CsvRows {
    fn row(&self, row: &csv::StringRecord, out: &mut Vec<u8>) -> io::Result<()> {
        let start = out.len();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let cell = safe_cell(cell);
            let cell = cell.as_bytes();
            if cell
                .iter()
                .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
            {
                out.push(b'"');
                for &b in cell {
                    if b == b'"' {
                        out.push(b'"');
                    }
                    out.push(b);
                }
                out.push(b'"');
            } else {
                out.extend_from_slice(cell);
            }
        }
        // A row of one empty cell would read as no row at all.
        if out.len() == start {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(safe_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(safe_cell("@cmd"), "'@cmd");
        assert_eq!(safe_cell("+84 123"), "'+84 123");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("-0.5"), "-0.5");
        assert_eq!(safe_cell("Bộ Y tế"), "Bộ Y tế");
    }

    #[test]
    fn rows_are_written_as_the_csv_writer_writes_them() {
        let rows: &[&[&str]] = &[
            &[
                "plain",
                "with, comma",
                "with \"quotes\"",
                "two\nlines",
                "cr\r",
            ],
            &[""],
            &["", ""],
            &["=SUM(A1)", "-0.5", "\"", " spaced "],
            &["Bộ Y tế", "", "x"],
        ];
        for row in rows {
            let mut expected = writer(Vec::new(), false).unwrap();
            expected
                .write_record(row.iter().map(|c| safe_cell(c).into_owned()))
                .unwrap();
            let expected = String::from_utf8(expected.into_inner().unwrap()).unwrap();
            let mut written = Vec::new();
            CsvRows
                .row(&csv::StringRecord::from(row.to_vec()), &mut written)
                .unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
        let mut one_empty_cell = Vec::new();
        CsvRows
            .row(&csv::StringRecord::from(vec![""]), &mut one_empty_cell)
            .unwrap();
        assert_eq!(one_empty_cell, b"\"\"\r\n");
    }

    #[test]
    fn numbers_keep_the_written_decimals_with_a_point() {
        assert_eq!(
            machine_number(Number {
                value: 30.86,
                decimals: 2
            }),
            "30.86"
        );
        assert_eq!(
            machine_number(Number {
                value: 100.0,
                decimals: 0
            }),
            "100"
        );
    }
}
