//! The download formats, each one [`Writer`] used by indicators and datasets alike. Every
//! [`Format`] has exactly one writer ([`writer`] matches them all, so a new format does not
//! compile without one), and [`publish`] drives them: it starts each format's file of an
//! indicator or dataset, streams the rows through all of them at once — a dataset of any size
//! is read once, in blocks encoded on every core, and never sits in memory — and finishes
//! them in format order, so the formats that describe the CSV (CSVW, Data Package) see its
//! size and hash.

use super::dataset::Span;
use crate::cache::Cache;
use crate::compute::{Computed, IndicatorFacts};
use crate::failure::Failure;
use crate::load::blocks::{Block, Blocks, parse_in_order};
use crate::model::{Dataset, Indicator, Portal};
use crate::output::Output;
use crate::site::catalog::{Entry, FileFacts, Format, Labels, hex};
use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What the files are about: an indicator with its rows as its CSV has them (before formula
/// neutralisation; see [`super::csv::indicator_records`]), or a dataset, whose rows are its file's.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    Indicator(&'a Indicator, &'a IndicatorFacts, &'a [Vec<String>]),
    Dataset(&'a Dataset),
}

impl Subject<'_> {
    /// The source file a failure names.
    fn file(&self) -> &Path {
        match self {
            Subject::Indicator(indicator, ..) => &indicator.file,
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
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>>;
}

/// One file being written: fed the subject's rows, if it takes them, then finished.
pub trait Sink: Send {
    /// How the file writes a row, and where the rows go; `None` for a file made whole once
    /// the rows are done.
    fn rows(&mut self) -> Option<(&dyn Encode, &mut (dyn Write + Send))> {
        None
    }
    fn finish(self: Box<Self>, written: &Written) -> io::Result<FileFacts>;
}

/// How a file writes the subject's rows (as the CSV has them, before formula
/// neutralisation). Rows are encoded on any thread, a dataset's a block at a time on every
/// core, and their bytes appended in order with [`Encode::separator`] between two rows.
pub trait Encode: Sync {
    fn separator(&self) -> &'static [u8] {
        b""
    }
    fn row(&self, row: &csv::StringRecord, out: &mut Vec<u8>) -> io::Result<()>;
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
    let mut streams: Vec<Stream> = sinks
        .iter_mut()
        .filter_map(|(format, _, sink)| {
            let (encoder, out) = sink.rows()?;
            Some(Stream {
                format: *format,
                encoder,
                out,
                started: false,
            })
        })
        .collect();
    let temporal = match job.subject {
        Subject::Indicator(.., records) => {
            let mut bytes = Vec::new();
            for record in records {
                let record = csv::StringRecord::from_iter(record);
                for stream in &mut streams {
                    bytes.clear();
                    stream
                        .encoder
                        .row(&record, &mut bytes)
                        .and_then(|()| stream.append(&bytes))
                        .map_err(|e| problem(stream.format, &e))?;
                }
            }
            None
        }
        Subject::Dataset(dataset) => {
            let file = std::fs::File::open(job.portal.root.join(&dataset.data_file))
                .map_err(|e| problem(Format::Csv, &e))?;
            let encoders: Vec<(Format, &dyn Encode)> =
                streams.iter().map(|s| (s.format, s.encoder)).collect();
            let unspanned = Span::new(&job.entry.columns);
            // Every core encodes blocks of rows for every file; the blocks are appended in order.
            let encode = |block: &Block| -> Result<EncodedBlock, Failure> {
                let mut encoded = EncodedBlock {
                    rows: 0,
                    // JSON takes about twice the bytes of the CSV; the CSV about as many.
                    bytes: (encoders.iter())
                        .map(|_| Vec::with_capacity(3 * block.bytes.len()))
                        .collect(),
                    span: unspanned.clone(),
                };
                let mut reader = block.reader();
                let mut record = csv::StringRecord::new();
                let read_failed = |e: csv::Error| problem(Format::Csv, &e.into());
                while reader.read_record(&mut record).map_err(read_failed)? {
                    encoded.span.observe(&record);
                    for ((format, encoder), out) in encoders.iter().zip(&mut encoded.bytes) {
                        if encoded.rows > 0 {
                            out.extend_from_slice(encoder.separator());
                        }
                        encoder
                            .row(&record, out)
                            .map_err(|e| problem(*format, &e))?;
                    }
                    encoded.rows += 1;
                }
                Ok(encoded)
            };
            let mut span = unspanned.clone();
            let append = |blocks: Vec<EncodedBlock>| {
                streams
                    .par_iter_mut()
                    .enumerate()
                    .try_for_each(|(i, stream)| {
                        blocks
                            .iter()
                            .filter(|block| block.rows > 0)
                            .try_for_each(|block| stream.append(&block.bytes[i]))
                            .map_err(|e| problem(stream.format, &e))
                    })?;
                for block in &blocks {
                    span.widen(&block.span);
                }
                Ok(())
            };
            let read_failed = |e: io::Error| problem(Format::Csv, &e);
            parse_in_order(Blocks::new(file), read_failed, encode, append)?;
            span.range()
        }
    };
    // The streams borrow the sinks, which are finished now.
    drop(streams);
    let mut written = Written::new();
    let mut files = Vec::with_capacity(sinks.len());
    for (format, path, sink) in sinks {
        let facts = sink.finish(&written).map_err(|e| problem(format, &e))?;
        files.push((path.clone(), facts.clone()));
        written.insert(format, facts);
    }
    Ok(Published { files, temporal })
}

/// A file's rows as they are appended: the bytes of one or more rows at a time.
struct Stream<'s> {
    format: Format,
    encoder: &'s dyn Encode,
    out: &'s mut (dyn Write + Send),
    /// Whether a row was appended yet: the next one follows a separator.
    started: bool,
}

impl Stream<'_> {
    fn append(&mut self, rows: &[u8]) -> io::Result<()> {
        if self.started {
            self.out.write_all(self.encoder.separator())?;
        }
        self.started = true;
        self.out.write_all(rows)
    }
}

/// A block of a dataset's rows as each file writes them, and the time span they cover.
struct EncodedBlock {
    rows: usize,
    /// By file, in the order of the streams.
    bytes: Vec<Vec<u8>>,
    span: Span,
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

impl<F: FnOnce(&Written) -> io::Result<Vec<u8>> + Send> Sink for Whole<'_, F> {
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
