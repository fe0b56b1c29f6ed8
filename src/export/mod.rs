//! Stage 4 (beside render), **export**: the machine-readable downloads. Each format has its
//! own module; this one decides which files exist and writes them in parallel.

pub mod chart_images;
pub mod csv;
pub mod json;
pub mod status;
pub mod zip;

use crate::compute::Computed;
use crate::model::Portal;
use crate::output::Output;
use crate::problem::Problem;
use crate::render::urls::Downloads;
use rayon::prelude::*;

/// Files for the zip of all indicators: name inside the zip, contents.
type ZipEntries = [(String, Vec<u8>); 2];

pub fn export(portal: &Portal, computed: &Computed, output: &Output) -> Result<(), Vec<Problem>> {
    let write = |path: String, bytes: &[u8]| -> Result<(), Problem> {
        output
            .write(&path, bytes)
            .map_err(|e| Problem::new(path, "a writable output folder", format!("an error: {e}")))
    };
    let per_indicator: Vec<Result<ZipEntries, Problem>> = portal
        .indicators
        .par_iter()
        .zip(&computed.indicators)
        .map(|(indicator, facts)| {
            let csv = csv::indicator_csv(portal, indicator, &facts.table);
            let json =
                json::indicator_json(portal, computed, indicator, &facts.table, &facts.targets);
            write(Downloads::indicator_csv(&indicator.id), &csv)?;
            write(Downloads::indicator_json(&indicator.id), &json)?;
            Ok([
                (format!("indicators/{}.csv", indicator.id), csv),
                (format!("indicators/{}.json", indicator.id), json),
            ])
        })
        .collect();
    let mut problems = Vec::new();
    let mut entries = vec![("README.md".to_string(), zip_readme(portal).into_bytes())];
    for result in per_indicator {
        match result {
            Ok(files) => entries.extend(files),
            Err(p) => problems.push(p),
        }
    }
    let zipped = zip::deterministic_zip(entries)
        .map_err(|e| {
            Problem::new(
                Downloads::all_indicators_zip(),
                "a zip archive",
                format!("an error: {e}"),
            )
        })
        .and_then(|bytes| write(Downloads::all_indicators_zip(), &bytes));
    problems.extend(zipped.err());

    let rows = status::rows(portal, computed);
    problems.extend(write(Downloads::status_csv(), &status::to_csv(&rows)).err());
    problems.extend(
        write(
            Downloads::status_json(),
            &status::to_json(&rows, &computed.as_of.to_string()),
        )
        .err(),
    );

    let copied: Vec<Problem> = portal
        .datasets
        .par_iter()
        .filter_map(|dataset| {
            let dest = Downloads::dataset_csv(&dataset.id);
            match output.copy(&portal.root.join(&dataset.data_file), &dest) {
                Ok(_) => None,
                Err(e) => Some(Problem::new(
                    &dataset.data_file,
                    "a dataset file that can be copied",
                    format!("an error: {e}"),
                )),
            }
        })
        .collect();
    problems.extend(copied);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
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
