//! Tidy CSV downloads: UTF-8, RFC 4180, machine column names that are the same in every
//! language, `.` as decimal point, and no cell a spreadsheet would run as a formula.

use super::formats::{Destination, Job, Sink, Writer, Written};
use crate::model::{Indicator, Number, Portal};
use crate::site::catalog::FileFacts;
use std::io;

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
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + Send + 'a>> {
        let mut out = writer(Destination::of(job, path)?, job.portal.config.csv_bom)?;
        out.write_record(
            job.entry
                .columns
                .iter()
                .map(|c| safe_cell(&c.name).into_owned()),
        )?;
        Ok(Box::new(CsvSink(out)))
    }
}

struct CsvSink<'a>(csv::Writer<Destination<'a>>);

impl Sink for CsvSink<'_> {
    fn row(&mut self, row: &csv::StringRecord) -> io::Result<()> {
        Ok(self
            .0
            .write_record(row.iter().map(|cell| safe_cell(cell).into_owned()))?)
    }

    fn finish(self: Box<Self>, _: &Written) -> io::Result<FileFacts> {
        self.0.into_inner().map_err(|e| e.into_error())?.finish()
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
