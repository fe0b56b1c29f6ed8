//! The download formats, each one [`Writer`] used by indicators and datasets alike. Every
//! [`Format`] has exactly one writer ([`writer`] matches them all, so a new format does not
//! compile without one), and [`publish`] drives them: it starts each format's file of an
//! indicator or dataset, streams the rows through all of them at once — a dataset of any size
//! is read once and never sits in memory — and finishes them in format order, so the formats
//! that describe the CSV (CSVW, Data Package) see its size and hash.

use super::dataset::{Span, source};
use crate::cache::Cache;
use crate::compute::{Computed, IndicatorFacts};
use crate::failure::Failure;
use crate::load::{BATCH, in_batches};
use crate::model::{Dataset, Indicator, Portal};
use crate::output::Output;
use crate::site::catalog::{Entry, FileFacts, Format, Labels, hex};
use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What the files are about.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    Indicator(&'a Indicator, &'a IndicatorFacts),
    Dataset(&'a Dataset),
}

impl Subject<'_> {
    /// The source file a failure names.
    fn file(&self) -> &Path {
        match self {
            Subject::Indicator(indicator, _) => &indicator.file,
            Subject::Dataset(dataset) => &dataset.data_file,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Subject::Indicator(..) => "the indicator",
            Subject::Dataset(_) => "the dataset",
        }
    }
}

/// Everything a writer may read to write one subject's file.
pub struct Job<'a> {
    pub portal: &'a Portal,
    pub computed: &'a Computed,
    pub labels: &'a Labels,
    pub entry: &'a Entry,
    pub subject: Subject<'a>,
    pub output: &'a Output,
    pub cache: &'a Cache,
}

/// The files of the same subject finished before this one, by format.
pub type Written = BTreeMap<Format, FileFacts>;

/// The writer of one format.
pub trait Writer: Sync {
    /// Starts the file of the job's subject at `path`.
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + Send + 'a>>;
}

/// One file being written: fed the subject's rows (as the CSV has them, before formula
/// neutralisation), then finished. A dataset's sinks take its rows a batch at a time, each
/// on its own thread, while the next batch is read (see [`publish`]).
pub trait Sink {
    fn row(&mut self, row: &csv::StringRecord) -> io::Result<()>;
    fn rows(&mut self, rows: &[csv::StringRecord]) -> io::Result<()> {
        rows.iter().try_for_each(|row| self.row(row))
    }
    fn finish(self: Box<Self>, written: &Written) -> io::Result<FileFacts>;
}

/// The one writer of each format.
pub fn writer(format: Format) -> &'static dyn Writer {
    match format {
        Format::Csv => &super::csv::CsvWriter,
        Format::Json => &super::json::JsonWriter,
        Format::Xlsx => &super::xlsx::XlsxWriter,
        Format::Csvw => &super::csvw::CsvwWriter,
        Format::DataPackage => &super::datapackage::DataPackageWriter,
        Format::GeoJson => &super::geojson::GeoJsonWriter,
        Format::SdmxMl => &super::sdmx::SdmxMlWriter,
        Format::SdmxJson => &super::sdmx::SdmxJsonWriter,
    }
}

/// What publishing a subject wrote and learned.
pub struct Published {
    pub files: Vec<(String, FileFacts)>,
    /// The days a dataset's dates and periods span, noted as its rows stream past.
    pub temporal: Option<(NaiveDate, NaiveDate)>,
}

/// Writes the subject's file in every format its catalogue entry lists.
pub fn publish(job: &Job) -> Result<Published, Failure> {
    let problem = |format: Format, e: &io::Error| {
        Failure::io(
            job.subject.file(),
            format!(
                "{} not published as {}: {e}",
                job.subject.kind(),
                format.label()
            ),
        )
    };
    let mut sinks = Vec::with_capacity(job.entry.files.len());
    for (&format, path) in &job.entry.files {
        let sink = writer(format)
            .start(job, path)
            .map_err(|e| problem(format, &e))?;
        sinks.push((format, path, sink));
    }
    let temporal = match job.subject {
        Subject::Indicator(indicator, facts) => {
            let records = super::csv::indicator_records(job.portal, indicator, &facts.table);
            for record in records {
                let record = csv::StringRecord::from(record);
                for (format, _, sink) in &mut sinks {
                    sink.row(&record).map_err(|e| problem(*format, &e))?;
                }
            }
            None
        }
        Subject::Dataset(dataset) => {
            let mut span = Span::new(&job.entry.columns);
            let mut reader = source(job.portal, dataset).map_err(|e| problem(Format::Csv, &e))?;
            // Each format writes a batch on its own thread while the next one is read.
            let read = |batch: &mut Vec<csv::StringRecord>| -> Result<(), Failure> {
                let mut filled = 0;
                while filled < BATCH {
                    if filled == batch.len() {
                        batch.push(csv::StringRecord::new());
                    }
                    let more = reader
                        .read_record(&mut batch[filled])
                        .map_err(|e| problem(Format::Csv, &e.into()))?;
                    if !more {
                        break;
                    }
                    span.observe(&batch[filled]);
                    filled += 1;
                }
                batch.truncate(filled);
                Ok(())
            };
            let write = |batch: &[csv::StringRecord]| {
                sinks.par_iter_mut().try_for_each(|(format, _, sink)| {
                    sink.rows(batch).map_err(|e| problem(*format, &e))
                })
            };
            in_batches(read, write)?;
            span.range()
        }
    };
    let mut written = Written::new();
    let mut files = Vec::with_capacity(sinks.len());
    for (format, path, sink) in sinks {
        let facts = sink.finish(&written).map_err(|e| problem(format, &e))?;
        files.push((path.clone(), facts.clone()));
        written.insert(format, facts);
    }
    Ok(Published { files, temporal })
}

/// A file made in one piece once the rows are done, from the subject and the files finished
/// before it: for the formats that do not read the rows one by one.
pub struct Whole<'a, F> {
    output: &'a Output,
    path: &'a str,
    make: F,
}

impl<'a, F: FnOnce(&Written) -> io::Result<Vec<u8>>> Whole<'a, F> {
    pub fn new(job: &Job<'a>, path: &'a str, make: F) -> Self {
        Whole {
            output: job.output,
            path,
            make,
        }
    }
}

impl<F: FnOnce(&Written) -> io::Result<Vec<u8>>> Sink for Whole<'_, F> {
    fn row(&mut self, _: &csv::StringRecord) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, written: &Written) -> io::Result<FileFacts> {
        let Whole { output, path, make } = *self;
        let bytes = make(written)?;
        output.write(path, &bytes)?;
        Ok(FileFacts::of(path, &bytes))
    }
}

/// Where a file goes: built in memory and written whole, for an indicator's small files (an
/// unchanged one is then linked from the previous output), or streamed to disk, for a
/// dataset of any size. Either way its bytes are counted, and a CSV's hashed.
pub struct Destination<'a> {
    output: &'a Output,
    path: &'a str,
    to: To,
    hasher: Option<Sha256>,
    bytes: u64,
}

enum To {
    Memory(Vec<u8>),
    Disk(BufWriter<std::fs::File>),
}

impl<'a> Destination<'a> {
    /// The destination of `path` for the job's subject.
    pub fn of(job: &Job<'a>, path: &'a str) -> io::Result<Destination<'a>> {
        let to = match job.subject {
            Subject::Indicator(..) => To::Memory(Vec::new()),
            Subject::Dataset(_) => {
                let file = std::fs::File::create(job.output.path_for(path)?)?;
                To::Disk(BufWriter::with_capacity(1 << 16, file))
            }
        };
        Ok(Destination {
            output: job.output,
            path,
            to,
            hasher: path.ends_with(".csv").then(Sha256::new),
            bytes: 0,
        })
    }

    pub fn finish(self) -> io::Result<FileFacts> {
        match self.to {
            To::Memory(bytes) => self.output.write(self.path, &bytes)?,
            To::Disk(mut file) => {
                file.flush()?;
                self.output.count(self.bytes);
            }
        }
        Ok(FileFacts {
            bytes: self.bytes,
            sha256: self.hasher.map(|h| hex(&h.finalize())),
        })
    }
}

impl Write for Destination<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = match &mut self.to {
            To::Memory(bytes) => {
                bytes.extend_from_slice(buf);
                buf.len()
            }
            To::Disk(file) => file.write(buf)?,
        };
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&buf[..n]);
        }
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.to {
            To::Memory(_) => Ok(()),
            To::Disk(file) => file.flush(),
        }
    }
}
