//! Stage 4 (before render), **export**: the machine-readable downloads and catalogues. Each
//! format has its own module; this one decides which files exist and writes them in
//! parallel, in two steps: first the data (CSV, JSON, XLSX of every indicator and dataset,
//! the status matrix), then what describes it (CSVW sidecars, Data Packages, `data.json`,
//! DCAT-AP, Atom feeds, the zip), which needs the data files' sizes and hashes. Pages are
//! rendered afterwards, so they can show every download's size.

pub mod catalog;
pub mod csv;
pub mod csvw;
pub mod datapackage;
pub mod dataset;
pub mod dcat_ap;
pub mod dcat_us;
pub mod feed;
pub mod json;
pub mod sitemap;
pub mod status;
pub mod xlsx;
pub mod zip;

use crate::compute::Computed;
use crate::model::Portal;
use crate::output::Output;
use crate::problem::Problem;
use crate::render::theme::Theme;
use crate::render::urls::{Downloads, PagePath};
use catalog::{Catalog, Entry, FileFacts, Format, Labels};
use rayon::prelude::*;

/// A file to write: output path and contents.
type File = (String, Vec<u8>);

/// Work that makes files of the whole portal, run in parallel with the others.
type Job<'a> = Box<dyn FnOnce() -> Result<Vec<File>, Problem> + Send + 'a>;

/// Writes every download and catalogue; returns the catalogue of what was written, which
/// pages show.
pub fn export(
    portal: &Portal,
    computed: &Computed,
    theme: &Theme,
    output: &Output,
) -> Result<Catalog, Vec<Problem>> {
    let labels = Labels::new(portal, theme);
    let mut catalog = Catalog::new(portal, computed);
    let columns = Columns::new(portal, &labels);
    let put = |(path, bytes): File| -> Result<(String, FileFacts), Problem> {
        write(output, &path, &bytes)?;
        Ok((path, FileFacts::of(&bytes)))
    };

    // Step 1: the data.
    let status_rows = status::rows(portal, computed);
    let ((indicators, datasets), status) = rayon::join(
        || {
            rayon::join(
                || {
                    portal
                        .indicators
                        .par_iter()
                        .zip(&computed.indicators)
                        .enumerate()
                        .map(|(i, (indicator, facts))| {
                            let entry = catalog.indicator(i);
                            let files = indicator_data(
                                portal,
                                computed,
                                (indicator, facts),
                                entry,
                                &columns.indicators[i],
                                &labels,
                            )?;
                            let mut written = Vec::with_capacity(files.len());
                            let mut zipped = Vec::new();
                            for (path, bytes) in files {
                                write(output, &path, &bytes)?;
                                written.push((path.clone(), FileFacts::of(&bytes)));
                                if path == entry.files[&Format::Csv]
                                    || path == entry.files[&Format::Json]
                                {
                                    let name = path.trim_start_matches("data/").to_string();
                                    zipped.push((name, bytes));
                                }
                            }
                            Ok((written, zipped))
                        })
                        .collect::<Vec<_>>()
                },
                || {
                    portal
                        .datasets
                        .par_iter()
                        .zip(&catalog.datasets)
                        .map(|(dataset, entry)| {
                            dataset::publish(portal, dataset, entry, &labels, output)
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
        || {
            [
                (
                    Downloads::status_csv(),
                    status::to_csv(&status_rows, portal.config.csv_bom),
                ),
                (
                    Downloads::status_json(),
                    status::to_json(&status_rows, &computed.as_of.to_string()),
                ),
            ]
            .into_iter()
            .map(put)
            .collect::<Result<Vec<_>, _>>()
        },
    );
    let mut problems = Vec::new();
    let mut zip_entries = vec![("README.md".to_string(), zip_readme(portal).into_bytes())];
    for files in indicators {
        match files {
            Ok((files, zipped)) => {
                catalog.written.extend(files);
                zip_entries.extend(zipped);
            }
            Err(p) => problems.push(p),
        }
    }
    match status {
        Ok(files) => catalog.written.extend(files),
        Err(p) => problems.push(p),
    }
    for (published, entry) in datasets.into_iter().zip(catalog.datasets.iter_mut()) {
        match published {
            Ok(published) => {
                catalog.written.extend(published.files);
                entry.temporal = published.temporal;
            }
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    // Step 2: what describes the data.
    let per_entry = catalog
        .entries()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|entry| {
            let columns = columns.of(&catalog, entry);
            let csv = &catalog.written[entry.csv()];
            [
                (
                    entry.files[&Format::Csvw].clone(),
                    csvw::sidecar(portal, entry, columns),
                ),
                (
                    entry.files[&Format::DataPackage].clone(),
                    datapackage::single(portal, entry, columns, csv),
                ),
            ]
            .into_iter()
            .map(put)
            .collect::<Result<Vec<_>, _>>()
        });
    let portal_jobs: Vec<Job> = vec![
        Box::new(|| {
            Ok(vec![(
                Downloads::dcat_us(),
                dcat_us::data_json(portal, &catalog),
            )])
        }),
        Box::new(|| {
            let jsonld = dcat_ap::jsonld(portal, &catalog);
            let turtle = dcat_ap::turtle(&jsonld).map_err(|e| {
                Problem::new(
                    Downloads::dcat_ap_turtle(),
                    "a catalogue that converts to Turtle",
                    e,
                )
            })?;
            Ok(vec![
                (Downloads::dcat_ap_jsonld(), jsonld),
                (Downloads::dcat_ap_turtle(), turtle),
            ])
        }),
        Box::new(|| {
            let status_csv = &catalog.written[&Downloads::status_csv()];
            let package = datapackage::portal(
                portal,
                &catalog,
                |entry| columns.of(&catalog, entry).to_vec(),
                (&status::columns(), status_csv),
            );
            Ok(vec![(Downloads::portal_datapackage(), package)])
        }),
        Box::new(|| {
            Ok(labels
                .translators()
                .iter()
                .map(|t| {
                    let entries = feed::data_entries(portal, &catalog, t);
                    (
                        Downloads::feed(&t.lang),
                        feed::atom(portal, t, entries, computed.as_of),
                    )
                })
                .collect())
        }),
        Box::new(|| Ok(vec![(Downloads::robots(), sitemap::robots(portal))])),
        Box::new(|| {
            let bytes = zip::deterministic_zip(zip_entries).map_err(|e| {
                Problem::new(
                    Downloads::all_indicators_zip(),
                    "a zip archive",
                    format!("an error: {e}"),
                )
            })?;
            Ok(vec![(Downloads::all_indicators_zip(), bytes)])
        }),
    ];
    let portal_files = portal_jobs
        .into_par_iter()
        .map(|job| job()?.into_iter().map(put).collect());
    let written: Vec<Result<Vec<(String, FileFacts)>, Problem>> =
        per_entry.chain(portal_files).collect();
    for files in written {
        match files {
            Ok(files) => catalog.written.extend(files),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(problems)
    }
}

/// Writes `sitemap.xml` (and its parts) for `pages`, the pages of every language.
pub fn write_sitemaps(
    portal: &Portal,
    catalog: &Catalog,
    pages: &[PagePath],
    output: &Output,
) -> Result<(), Vec<Problem>> {
    let problems: Vec<Problem> = sitemap::sitemaps(portal, catalog, pages)
        .into_iter()
        .filter_map(|(path, bytes)| {
            output
                .write(&path, &bytes)
                .err()
                .map(|e| Problem::new(&path, "a writable output folder", format!("an error: {e}")))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The described columns of every indicator and dataset CSV, computed once.
struct Columns {
    indicators: Vec<Vec<csv::Column>>,
    datasets: Vec<Vec<csv::Column>>,
}

impl Columns {
    fn new(portal: &Portal, labels: &Labels) -> Columns {
        Columns {
            indicators: portal
                .indicators
                .par_iter()
                .map(|i| csv::indicator_columns(portal, i, labels))
                .collect(),
            datasets: portal.datasets.iter().map(csv::dataset_columns).collect(),
        }
    }

    fn of(&self, catalog: &Catalog, entry: &Entry) -> &[csv::Column] {
        let list = match entry.kind {
            catalog::Kind::Indicator => (&catalog.indicators, &self.indicators),
            catalog::Kind::Dataset => (&catalog.datasets, &self.datasets),
        };
        let index = list
            .0
            .iter()
            .position(|e| e.id == entry.id)
            .expect("an entry of the catalogue");
        &list.1[index]
    }
}

fn write(output: &Output, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    output
        .write(path, bytes)
        .map_err(|e| Problem::new(path, "a writable output folder", format!("an error: {e}")))
}

/// An indicator's CSV, JSON and XLSX.
fn indicator_data(
    portal: &Portal,
    computed: &Computed,
    (indicator, facts): (&crate::model::Indicator, &crate::compute::IndicatorFacts),
    entry: &Entry,
    columns: &[csv::Column],
    labels: &Labels,
) -> Result<Vec<File>, Problem> {
    let order = &facts.table;
    let records = csv::indicator_records(portal, indicator, order);
    let config = &portal.config;
    let lang = config.default_lang();
    let xlsx = xlsx::indicator_xlsx(
        columns,
        &records,
        &xlsx::metadata(portal, entry, columns, labels),
        &xlsx::Properties {
            title: indicator.name.get(lang, lang),
            author: config.publisher.name.get(lang, lang),
            comment: &config.license.url,
            created: entry.modified.date,
        },
    )
    .map_err(|e| {
        Problem::new(
            &indicator.file,
            "an indicator that can be written as XLSX",
            format!("an error: {e}"),
        )
    })?;
    Ok(vec![
        (
            entry.files[&Format::Csv].clone(),
            csv::indicator_csv(portal, indicator, order),
        ),
        (
            entry.files[&Format::Json].clone(),
            json::indicator_json(portal, computed, indicator, order, &facts.targets),
        ),
        (entry.files[&Format::Xlsx].clone(), xlsx),
    ])
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
