//! A dataset read for publishing: its CSV in blocks, once for every format at the same time
//! (see [`super::formats::publish`]) and once more, row by row, for a workbook the cache does
//! not hold, and the time span it covers — the dates of its date columns and the periods of a column
//! named `period` (periods as chiso writes them, see docs/format.md).

use super::xlsx::{self, DatasetWorkbook};
use crate::model::{Dataset, Period, Portal};
use crate::site::columns::{Column, FieldType};
use chrono::NaiveDate;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// The dataset's CSV, to read row by row (without its byte-order mark, if any).
pub fn source(portal: &Portal, dataset: &Dataset) -> std::io::Result<csv::Reader<BufReader<File>>> {
    let mut input =
        BufReader::with_capacity(1 << 16, File::open(portal.root.join(&dataset.data_file))?);
    if input.fill_buf()?.starts_with(super::csv::BOM) {
        input.consume(super::csv::BOM.len());
    }
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input))
}

/// Reads the dataset again into a workbook written to `file`; returns the workbook's size.
pub fn write_xlsx(
    portal: &Portal,
    dataset: &Dataset,
    columns: &[Column],
    (metadata, properties): (&xlsx::Metadata, &xlsx::Properties),
    file: &Path,
) -> std::io::Result<u64> {
    let mut workbook = DatasetWorkbook::new(columns, properties).map_err(std::io::Error::other)?;
    let mut reader = source(portal, dataset)?;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        workbook.push(&record).map_err(std::io::Error::other)?;
    }
    let mut out = BufWriter::with_capacity(1 << 16, File::create(file)?);
    workbook
        .finish(metadata, &mut out)
        .map_err(std::io::Error::other)?;
    out.flush()?;
    out.get_ref().metadata().map(|m| m.len())
}

/// The earliest and latest day a dataset's dates and periods reach.
#[derive(Clone)]
pub struct Span {
    /// Columns read as dates, and the column of periods.
    dates: Vec<usize>,
    period: Option<usize>,
    range: Option<(NaiveDate, NaiveDate)>,
}

impl Span {
    pub fn new(columns: &[Column]) -> Span {
        Span {
            dates: columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == FieldType::Date)
                .map(|(i, _)| i)
                .collect(),
            period: columns.iter().position(|c| c.name == "period"),
            range: None,
        }
    }

    pub fn observe(&mut self, record: &csv::StringRecord) {
        let dates = self
            .dates
            .iter()
            .filter_map(|&i| record.get(i))
            .filter_map(|c| crate::model::iso_date(crate::model::trimmed(c)))
            .map(|d| (d, d));
        let periods = self
            .period
            .and_then(|i| record.get(i))
            .and_then(Period::parse)
            .map(|p| (p.start(), p.end()));
        for range in dates.chain(periods) {
            include(&mut self.range, range);
        }
    }

    /// Widens this span to cover `other`'s too.
    pub fn widen(&mut self, other: &Span) {
        if let Some(range) = other.range {
            include(&mut self.range, range);
        }
    }

    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.range
    }
}

fn include(range: &mut Option<(NaiveDate, NaiveDate)>, (start, end): (NaiveDate, NaiveDate)) {
    *range = Some(match *range {
        Some((a, b)) => (a.min(start), b.max(end)),
        None => (start, end),
    });
}
