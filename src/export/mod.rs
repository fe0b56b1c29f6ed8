//! Stage 4 (before and beside render), **export**: the machine-readable downloads and
//! catalogues. Each format has its own module; this one decides which files exist and writes
//! them in parallel, in three steps:
//!
//! 1. [`export`]: the data of every indicator and dataset (CSV, JSON, XLSX) and the status
//!    matrix, then what describes each CSV (CSVW sidecar, Data Package), which needs its size
//!    and hash. It returns the [`Catalog`], which pages show (sizes, dates, citations). An
//!    indicator's files are kept in the build cache, as its pages are ([`DOWNLOADS`]).
//! 2. [`write_portal_files`], while pages render: the files about the whole portal
//!    (`data.json`, DCAT-AP, the portal's Data Package, Atom feeds, sitemap, robots.txt,
//!    the zip of all indicators).

pub mod csv;
pub mod csvw;
pub mod datapackage;
pub mod dataset;
pub mod dcat_ap;
pub mod dcat_us;
pub mod feed;
pub mod formats;
pub mod geojson;
pub mod json;
pub mod review;
pub mod sdmx;
pub mod sitemap;
pub mod status;
pub mod xlsx;
pub mod zip;

use crate::cache::{Area, Cache, Key, Sources};
use crate::compute::Computed;
use crate::failure::{Failure, Stopped};
use crate::model::Portal;
use crate::output::Output;
use crate::problem::Problem;
use crate::site::catalog::{Catalog, Entry, FileFacts, Format, Labels};
use crate::site::release::Release;
use crate::site::urls::{Downloads, PagePath};
use crate::theme::Theme;
use formats::{Job, Subject, publish};
use rayon::prelude::*;

/// A file to write: output path and contents.
type File = (String, Vec<u8>);

/// Work that makes files of the whole portal, run in parallel with the others.
type PortalJob<'a> = Box<dyn FnOnce() -> Result<Vec<File>, Stopped> + Send + 'a>;

/// An indicator's files, kept in the build cache between builds, each under the key of what
/// decides them ([`downloads_key`]) and its path. A warm build links them into the output
/// rather than making them again: at 1,000 indicators they are 7,000 files, and making them
/// was a fifth of a warm build's work. The cache checks an entry's bytes against its name,
/// so whatever an output's files went through, a download is what making it gives.
pub const DOWNLOADS: Area = Area {
    name: "downloads",
    extension: "data",
    // Files of any format: the hash in an entry's name is what tells it is whole.
    is_whole: |_, _| true,
};

/// Writes every indicator's and dataset's files; returns the catalogue of what was written.
/// With `sources` (what the build read its sources as), an indicator's files are kept in the
/// cache, and taken from there when what decides them did not change.
pub fn export(
    portal: &Portal,
    computed: &Computed,
    theme: &Theme,
    output: &Output,
    cache: &Cache,
    sources: Option<&Sources>,
) -> Result<Catalog, Vec<Failure>> {
    let labels = Labels::new(portal, theme);
    let mut catalog = Catalog::new(portal, computed, &labels);

    // Every indicator's and dataset's files, and the status matrix.
    let statuses = status::statuses(portal, computed);
    let ((indicators, datasets), status) = rayon::join(
        || {
            rayon::join(
                || {
                    (0..portal.indicators.len())
                        .into_par_iter()
                        .map(|index| {
                            let job = IndicatorJob {
                                portal,
                                computed,
                                labels: &labels,
                                entry: &catalog.indicators[index],
                                index,
                            };
                            publish_indicator(&job, output, cache, sources)
                        })
                        .collect::<Vec<_>>()
                },
                || {
                    portal
                        .datasets
                        .par_iter()
                        .zip(&catalog.datasets)
                        .map(|(dataset, entry)| {
                            publish(&Job {
                                portal,
                                computed,
                                labels: &labels,
                                entry,
                                subject: Subject::Dataset(dataset),
                                output,
                                cache,
                            })
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
        || {
            [
                (
                    Downloads::status_csv(),
                    status::to_csv(&statuses, portal.config.csv_bom),
                ),
                (
                    Downloads::status_json(),
                    status::to_json(&statuses, &computed.as_of.to_string()),
                ),
            ]
            .into_iter()
            .map(|file| put(output, file))
            .collect::<Result<Vec<_>, _>>()
        },
    );
    let mut failures = Vec::new();
    for published in indicators {
        match published {
            Ok(published) => catalog.written.extend(published.files),
            Err(f) => failures.push(f),
        }
    }
    match status {
        Ok(files) => catalog.written.extend(files),
        Err(f) => failures.push(f),
    }
    for (published, entry) in datasets.into_iter().zip(catalog.datasets.iter_mut()) {
        match published {
            Ok(published) => {
                catalog.written.extend(published.files);
                entry.temporal = published.temporal;
            }
            Err(f) => failures.push(f),
        }
    }
    if failures.is_empty() {
        Ok(catalog)
    } else {
        Err(failures)
    }
}

/// Writes the files of the indicators at `indices` alone and records them in `catalog`: what
/// the preview of an edit of their tables needs of the export, under `chiso serve`.
pub fn export_indicators(
    portal: &Portal,
    computed: &Computed,
    labels: &Labels,
    output: &Output,
    cache: &Cache,
    indices: &[usize],
    catalog: &mut Catalog,
) -> Result<(), Vec<Failure>> {
    let mut failures = Vec::new();
    for &index in indices {
        let job = IndicatorJob {
            portal,
            computed,
            labels,
            entry: &catalog.indicators[index],
            index,
        };
        match publish_indicator(&job, output, cache, None) {
            Ok(published) => catalog.written.extend(published.files),
            Err(f) => failures.push(f),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// The indicator whose files to write: the one at `index`, with its catalogue entry.
struct IndicatorJob<'a> {
    portal: &'a Portal,
    computed: &'a Computed,
    labels: &'a Labels,
    entry: &'a Entry,
    index: usize,
}

/// Writes the files of an indicator, in every format its catalogue entry lists: linked from
/// the cache when it holds them all for what decides them (with `sources`), else made (and
/// kept).
fn publish_indicator(
    job: &IndicatorJob,
    output: &Output,
    cache: &Cache,
    sources: Option<&Sources>,
) -> Result<formats::Published, Failure> {
    let IndicatorJob {
        portal,
        computed,
        labels,
        entry,
        index,
    } = *job;
    let key = sources.and_then(|sources| downloads_key(sources, job));
    let file_key = |key: &Key, path: &str| {
        let mut key = key.clone();
        key.part(path);
        key
    };
    let kept: Option<Vec<_>> = key.as_ref().and_then(|key| {
        (entry.files.values())
            .map(|path| Some((path, cache.find(&DOWNLOADS, &file_key(key, path))?)))
            .collect()
    });
    if let Some(kept) = kept {
        let mut files = Vec::with_capacity(kept.len());
        for (path, file) in kept {
            (output.link_or_write(path, &file.bytes, file.file.as_deref()))
                .map_err(|e| Failure::io(path, e))?;
            files.push((path.clone(), FileFacts::of(path, &file.bytes)));
        }
        return Ok(formats::Published {
            files,
            temporal: None,
        });
    }
    let (indicator, facts) = (&portal.indicators[index], &computed.indicators[index]);
    // An indicator's rows live only while its files are written.
    let records = csv::indicator_records(portal, indicator, &facts.table);
    let recording = key.as_ref().map(|_| output.recording());
    let published = publish(&Job {
        portal,
        computed,
        labels,
        entry,
        subject: Subject::Indicator(indicator, facts, &records),
        output: recording.as_ref().unwrap_or(output),
        cache,
    })?;
    if let (Some(key), Some(recording)) = (&key, recording) {
        let made = recording.recorded();
        // Only a whole set is kept: a warm build takes all of an indicator's files or none.
        if made.len() == entry.files.len() {
            for (path, bytes) in made {
                cache.write(&DOWNLOADS, &file_key(key, &path), &bytes);
            }
        }
    }
    Ok(published)
}

/// What decides an indicator's files: the sources other than the observation tables (the
/// configuration, the theme's labels, its metadata, chiso itself), the assessment date, its
/// changes in git, its catalogue entry (dates, columns, paths), and the observation tables of
/// the indicator and of its targets' indicators, whose data decide the statuses its JSON
/// gives. `None` when one of those tables was not read.
fn downloads_key(sources: &Sources, job: &IndicatorJob) -> Option<Key> {
    let mut key = sources.shared.clone();
    key.part("downloads").part(job.computed.as_of.to_string());
    key.part(job.computed.indicator_history(job.portal, job.index));
    for index in job.computed.with_its_targets(job.portal, job.index)? {
        let indicator = &job.portal.indicators[index];
        key.part(&indicator.id);
        match &indicator.data_file {
            Some(file) => key.part(sources.observations.get(file)?),
            None => key.part("no observations file"),
        };
    }
    key.part(format!("{:?}", job.entry));
    Some(key)
}

/// Writes the files about the whole portal; `pages` are the pages of every language, for the
/// sitemap.
pub fn write_portal_files(
    portal: &Portal,
    computed: &Computed,
    releases: &[Release],
    theme: &Theme,
    catalog: &Catalog,
    pages: &[PagePath],
    output: &Output,
) -> Result<(), Stopped> {
    let jobs: Vec<PortalJob> = vec![
        Box::new(|| {
            Ok(vec![(
                Downloads::dcat_us(),
                dcat_us::data_json(portal, catalog),
            )])
        }),
        Box::new(|| {
            let (jsonld, turtle) = dcat_ap::catalogue(portal, catalog).map_err(|e| {
                Problem::new(
                    crate::model::config::CONFIG_FILE,
                    "addresses (base_url, the licence's and publisher's url, the spatial uri) and language codes that are valid in RDF",
                    e,
                )
            })?;
            Ok(vec![
                (Downloads::dcat_ap_jsonld(), jsonld),
                (Downloads::dcat_ap_turtle(), turtle),
            ])
        }),
        Box::new(|| {
            let labels = Labels::new(portal, theme);
            let structure = sdmx::structure_message(portal, &labels, catalog);
            Ok(vec![(Downloads::sdmx_structure(), structure.into_bytes())])
        }),
        Box::new(|| {
            let status_csv = &catalog.written[&Downloads::status_csv()];
            let package = datapackage::portal(portal, catalog, (&status::columns(), status_csv));
            Ok(vec![(Downloads::portal_datapackage(), package)])
        }),
        Box::new(|| {
            let labels = Labels::new(portal, theme);
            Ok(labels
                .translators()
                .iter()
                .map(|t| {
                    let mut entries = feed::data_entries(portal, catalog, t);
                    entries.extend(feed::release_entries(portal, releases, t));
                    (
                        Downloads::feed(&t.lang),
                        feed::atom(portal, t, entries, computed.as_of),
                    )
                })
                .collect())
        }),
        Box::new(|| {
            let mut files = sitemap::sitemaps(portal, catalog, pages);
            // Crawlers read robots.txt only at the root of a host: under a sub-path it would
            // be a file nobody reads (the build's summary says where to put one).
            if portal.config.base_path() == "/" {
                files.push((Downloads::robots(), sitemap::robots(portal)));
            }
            Ok(files)
        }),
        Box::new(|| {
            Ok(vec![(
                Downloads::all_indicators_zip(),
                all_indicators_zip(portal, catalog, output)?,
            )])
        }),
    ];
    let stops: Vec<Stopped> = jobs
        .into_par_iter()
        .filter_map(|job| {
            job()
                .and_then(|files| {
                    files
                        .into_iter()
                        .try_for_each(|file| put(output, file).map(drop))
                        .map_err(Stopped::from)
                })
                .err()
        })
        .collect();
    let mut stopped = Stopped::default();
    for stop in stops {
        stopped.add(stop);
    }
    stopped.into_result()
}

/// Writes a file, noting its size (and hash, for a CSV).
fn put(output: &Output, (path, bytes): File) -> Result<(String, FileFacts), Failure> {
    output
        .write(&path, &bytes)
        .map_err(|e| Failure::io(&path, e))?;
    let facts = FileFacts::of(&path, &bytes);
    Ok((path, facts))
}

/// The zip of every indicator's CSV and JSON, read back from the output. Releases publish
/// one too.
pub fn all_indicators_zip(
    portal: &Portal,
    catalog: &Catalog,
    output: &Output,
) -> Result<Vec<u8>, Failure> {
    let mut entries = vec![("README.md".to_string(), zip_readme(portal).into_bytes())];
    for entry in &catalog.indicators {
        for format in [Format::Csv, Format::Json] {
            let path = &entry.files[&format];
            let bytes = output
                .path_for(path)
                .and_then(std::fs::read)
                .map_err(|e| Failure::io(path, e))?;
            entries.push((path.trim_start_matches("data/").to_string(), bytes));
        }
    }
    zip::deterministic_zip(entries).map_err(|e| Failure::io(Downloads::all_indicators_zip(), e))
}

/// The README inside the zip: what it holds, how to cite it, and under which licence.
fn zip_readme(portal: &Portal) -> String {
    let config = &portal.config;
    let default_lang = config.default_lang();
    let mut text = String::new();
    for lang in &config.languages {
        text.push_str(&format!(
            "# {}
",
            config.title.get(lang, default_lang)
        ));
    }
    text.push_str(
        "
Citation:

",
    );
    for lang in &config.languages {
        let title = config.title.get(lang, default_lang);
        let publisher = config.publisher.name.get(lang, default_lang);
        text.push_str(&format!(
            "- ({lang}) {publisher}. {title}. {}\n",
            config.base_url
        ));
    }
    text.push_str(&format!(
        "\nLicence: {} <{}>\n",
        config.license.name, config.license.url
    ));
    text.push_str(&format!("Contact: {}\n\n", config.publisher.email));
    text.push_str("Files:\n\n");
    text.push_str("- indicators/<id>.csv: the observations of one indicator, one row per period, dimension values and source (UTF-8, RFC 4180, '.' as decimal point; a blank dimension cell is the total).\n");
    text.push_str("- indicators/<id>.json: the indicator's metadata (names, unit, sources with citations, dimensions, targets) with the same observations.\n");
    text
}

/// A published JSON document, compact: programs read it, browsers indent it for people, and
/// indentation was a third of its bytes. A dataset's JSON, written row by row, keeps one row
/// a line instead ([`json`]).
fn json_document(value: &impl serde::Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(value).expect("serialising to memory");
    bytes.push(b'\n');
    bytes
}
