//! SDMX-ML inputs, read as sdg-build's `InputSdmx` classes read them: each series of an
//! SDMX-ML 2.1 data message (structure-specific or generic) goes to the indicators its
//! `SERIES` code names, and each observation becomes a row: `Year` (`TIME_PERIOD`), one column
//! per dimension and attribute (named by the DSD's concept, or as written with
//! `import_codes`; a total `_T` blank), `Value` (`OBS_VALUE`). Columns with one value only
//! are dropped (`drop_singleton_dimensions`). The rows then take the path of a CSV's
//! (`data::table`), so an SDMX indicator is shown exactly as one from CSV.
//!
//! A series' indicators come from `indicator_id_map`, else from the annotations of its code in
//! the DSD's `CL_SERIES` (`Indicator`), as sdg-build reads them. sdg-build's default DSD is
//! the global SDG one, downloaded; chiso never downloads, so without a DSD file in the
//! repository a series goes to the indicator its file is named for (`1-2-1.xml`,
//! `1-2-1--structure-specific.xml`), with a warning, and ids and codes are shown as written.

use super::Report;
use super::data::Row;
use super::layout::SdmxInput;
use crate::problem::{Problem, quoted};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The rows of one indicator, from one SDMX file.
#[derive(Debug, Clone)]
pub struct SdmxRows {
    pub file: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// Every SDMX input's rows, by indicator id. An indicator found in two files keeps the first,
/// with a warning.
pub fn read(root: &Path, inputs: &[SdmxInput], report: &mut Report) -> BTreeMap<String, SdmxRows> {
    let mut by_indicator: BTreeMap<String, SdmxRows> = BTreeMap::new();
    for input in inputs {
        let dsd = structure(root, input, report);
        let matched = files(root, &input.files);
        if matched.is_empty() {
            report.warn(
                Problem::new(
                    super::layout::CONFIG,
                    "SDMX-ML files of the repository that the input's path_pattern or source names",
                    format!("{}, which names none", quoted(&input.files)),
                )
                .at(Some(input.at)),
            );
        }
        for file in matched {
            let Some(text) = super::read_text(root, &file)
                .map_err(|p| report.problem(p))
                .ok()
            else {
                continue;
            };
            let doc = match roxmltree::Document::parse(&text) {
                Ok(doc) => doc,
                Err(e) => {
                    let at = e.pos();
                    report.problem(
                        Problem::new(&file, "SDMX-ML that is well-formed XML", e.to_string())
                            .at_line(at.row as usize)
                            .at_column(at.col as usize),
                    );
                    continue;
                }
            };
            let reading = Reading {
                input,
                dsd: dsd.as_ref(),
                file: &file,
                doc: &doc,
            };
            for (id, rows) in reading.indicators(report) {
                if let Some(first) = by_indicator.get(&id) {
                    report.warn(Problem::new(
                        &file,
                        format!(
                            "each indicator in one SDMX file ({} has {id})",
                            first.file.display()
                        ),
                        format!("{id} again, left out"),
                    ));
                    continue;
                }
                by_indicator.insert(id, rows);
            }
        }
    }
    by_indicator
}

/// The SDMX-ML files of `pattern` (a `path_pattern` with `*` in its last part, or one file's
/// path).
fn files(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let (dir, name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    if !dir.is_empty() && crate::model::check_relative_path(dir).is_err() {
        return Vec::new();
    }
    super::layout::list(root, Path::new(dir), &["xml"])
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| {
            let file = rel.file_name().unwrap_or_default().to_string_lossy();
            super::layout::glob(name, &file)
        })
        .collect()
}

/// What a DSD says: concept names, code lists and their codes' names and indicator
/// annotations, and each component's code list.
#[derive(Debug, Default)]
struct Structure {
    concepts: BTreeMap<String, String>,
    /// Code list id to code id to name.
    codes: BTreeMap<String, BTreeMap<String, String>>,
    /// `CL_SERIES` code to the indicator ids of its `Indicator` annotations.
    series_indicators: BTreeMap<String, Vec<String>>,
    /// Dimension or attribute id to its code list id.
    representation: BTreeMap<String, String>,
}

/// The input's DSD, read when it is a file of the repository; a warning says what is shown
/// instead when there is none to read.
fn structure(root: &Path, input: &SdmxInput, report: &mut Report) -> Option<Structure> {
    let config = Path::new(super::layout::CONFIG);
    let Some(dsd) = input.dsd.as_deref().filter(|d| !d.contains("://")) else {
        report.warn(
            Problem::new(
                config,
                "a DSD file in the repository for each SDMX input (`dsd:`)",
                format!(
                    "{}: chiso downloads nothing, so series go to the indicator their file is named for, and ids and codes are shown as written",
                    input.dsd.as_deref().map_or("the global SDG DSD, sdg-build's default".to_string(), quoted)
                ),
            )
            .at(Some(input.at)),
        );
        return None;
    };
    let rel = PathBuf::from(dsd.trim_start_matches("./"));
    let text = super::read_text(root, &rel)
        .map_err(|p| report.problem(p))
        .ok()?;
    let doc = match roxmltree::Document::parse(&text) {
        Ok(doc) => doc,
        Err(e) => {
            report.problem(
                Problem::new(&rel, "an SDMX-ML structure message", e.to_string())
                    .at_line(e.pos().row as usize),
            );
            return None;
        }
    };
    let mut found = Structure::default();
    for node in doc.descendants().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "Concept" => {
                if let (Some(id), Some(name)) = (node.attribute("id"), first_name(node)) {
                    found.concepts.entry(id.to_string()).or_insert(name);
                }
            }
            "Codelist" => {
                let Some(list) = node.attribute("id") else {
                    continue;
                };
                let codes = found.codes.entry(list.to_string()).or_default();
                for code in children(node, "Code") {
                    let Some(id) = code.attribute("id") else {
                        continue;
                    };
                    codes.insert(
                        id.to_string(),
                        first_name(code).unwrap_or_else(|| id.to_string()),
                    );
                    if list == "CL_SERIES" {
                        let indicators: Vec<String> = code
                            .descendants()
                            .filter(|a| a.tag_name().name() == "Annotation")
                            .filter(|a| {
                                child_text(*a, "AnnotationTitle").as_deref() == Some("Indicator")
                            })
                            .filter_map(|a| child_text(a, "AnnotationText"))
                            .collect();
                        found.series_indicators.insert(id.to_string(), indicators);
                    }
                }
            }
            "Dimension" | "Attribute" | "TimeDimension" => {
                let list = node
                    .descendants()
                    .find(|n| n.tag_name().name() == "Enumeration")
                    .and_then(|e| e.descendants().find(|n| n.tag_name().name() == "Ref"))
                    .and_then(|r| r.attribute("id"));
                if let (Some(id), Some(list)) = (node.attribute("id"), list) {
                    found
                        .representation
                        .insert(id.to_string(), list.to_string());
                }
            }
            _ => {}
        }
    }
    Some(found)
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(move |c| c.tag_name().name() == name)
}

/// The text of the first element `name` under `node`.
fn child_text(node: roxmltree::Node, name: &str) -> Option<String> {
    node.descendants()
        .find(|n| n.tag_name().name() == name)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
}

/// The first `Name` of an item, as sdg-build takes it (`find(".//Name")`).
fn first_name(node: roxmltree::Node) -> Option<String> {
    children(node, "Name")
        .next()
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
}

/// sdg-build's `normalize_indicator_id`: the first word, dots as dashes, no dash at either
/// end (`1.2.1 Proportion…` is `1-2-1`).
fn normalize_indicator_id(written: &str) -> String {
    let first = written.split(' ').next().unwrap_or_default();
    first.replace('.', "-").trim_matches('-').to_string()
}

/// One SDMX file being read.
struct Reading<'a, 'i> {
    input: &'a SdmxInput,
    dsd: Option<&'a Structure>,
    file: &'a Path,
    doc: &'a roxmltree::Document<'i>,
}

/// One observation as sdg-build makes it a row: its period, value, and the other columns by
/// id (dimensions and attributes) with their codes.
#[derive(Clone)]
struct Observation {
    line: usize,
    year: String,
    value: String,
    columns: Vec<(String, String)>,
}

impl Reading<'_, '_> {
    fn line(&self, node: roxmltree::Node) -> usize {
        self.doc.text_pos_at(node.range().start).row as usize
    }

    /// The rows of each indicator the file's series go to.
    fn indicators(&self, report: &mut Report) -> Vec<(String, SdmxRows)> {
        let root = self.doc.root_element();
        let generic = match root.tag_name().name() {
            "StructureSpecificData" => false,
            "GenericData" => true,
            other => {
                report.problem(
                    Problem::new(
                        self.file,
                        "an SDMX-ML 2.1 data message (StructureSpecificData or GenericData)",
                        quoted(other),
                    )
                    .at_line(self.line(root)),
                );
                return Vec::new();
            }
        };
        let mut by_indicator: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
        let mut unmapped: Vec<String> = Vec::new();
        let by_name = self.indicator_of_file();
        for series in root
            .descendants()
            .filter(|n| n.tag_name().name() == "Series")
        {
            let keys = if generic {
                self.generic_series(series)
            } else {
                series
                    .attributes()
                    .map(|a| (a.name().to_string(), a.value().to_string()))
                    .collect()
            };
            let code = keys
                .iter()
                .find(|(id, _)| id == "SERIES")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let indicators = self.indicators_of(&code, by_name.as_deref());
            if indicators.is_empty() {
                if !unmapped.contains(&code) {
                    unmapped.push(code);
                }
                continue;
            }
            let observations: Vec<Observation> = children(series, "Obs")
                .filter_map(|obs| self.observation(obs, &keys, generic))
                .collect();
            for id in indicators {
                by_indicator
                    .entry(id)
                    .or_default()
                    .extend(observations.iter().cloned());
            }
        }
        if !unmapped.is_empty() {
            report.warn(Problem::new(
                self.file,
                "series whose SERIES code names an indicator (indicator_id_map, or the DSD's Indicator annotations)",
                format!("{}, left out as sdg-build leaves them out", unmapped.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", ")),
            ));
        }
        by_indicator
            .into_iter()
            .map(|(id, observations)| (id, self.rows(observations)))
            .collect()
    }

    /// A generic series' key values and (when imported) attributes.
    fn generic_series(&self, series: roxmltree::Node) -> Vec<(String, String)> {
        let values = |parent: &'static str| -> Vec<(String, String)> {
            children(series, parent)
                .flat_map(|p| children(p, "Value"))
                .filter_map(|v| {
                    Some((
                        v.attribute("id")?.to_string(),
                        v.attribute("value")?.to_string(),
                    ))
                })
                .collect()
        };
        let mut keys = values("SeriesKey");
        if self.input.import_series_attributes {
            keys.extend(values("Attributes"));
        }
        keys
    }

    /// The indicator ids a `SERIES` code goes to: `indicator_id_map`'s, the DSD's, or without
    /// a DSD the file's own.
    fn indicators_of(&self, code: &str, by_name: Option<&str>) -> Vec<String> {
        if let Some(ids) = self.input.indicator_id_map.get(code) {
            return ids.iter().map(|id| normalize_indicator_id(id)).collect();
        }
        match self.dsd {
            Some(dsd) => dsd
                .series_indicators
                .get(code)
                .map(|ids| ids.iter().map(|id| normalize_indicator_id(id)).collect())
                .unwrap_or_default(),
            None => by_name.map(str::to_string).into_iter().collect(),
        }
    }

    /// The indicator a file is named for: its name up to `--` or its extension, when that is
    /// an indicator id (`1-2-1--structure-specific.xml`, `indicator_1-2-1.xml`).
    fn indicator_of_file(&self) -> Option<String> {
        let stem = self.file.file_stem()?.to_string_lossy();
        let id = stem.split("--").next()?.replace("indicator_", "");
        crate::model::check_id(&id).ok().map(|()| id)
    }

    fn observation(
        &self,
        obs: roxmltree::Node,
        series: &[(String, String)],
        generic: bool,
    ) -> Option<Observation> {
        const OMITTED: [&str; 3] = ["OBS_VALUE", "TIME_PERIOD", "TIME_DETAIL"];
        let (year, value, attributes): (String, String, Vec<(String, String)>) = if generic {
            let year = children(obs, "ObsDimension")
                .next()?
                .attribute("value")?
                .to_string();
            // sdg-build skips a generic observation without an ObsValue.
            let value = children(obs, "ObsValue")
                .next()?
                .attribute("value")?
                .to_string();
            let attributes = children(obs, "Attributes")
                .flat_map(|a| children(a, "Value"))
                .filter_map(|v| {
                    Some((
                        v.attribute("id")?.to_string(),
                        v.attribute("value")?.to_string(),
                    ))
                })
                .collect();
            (year, value, attributes)
        } else {
            let year = obs.attribute("TIME_PERIOD")?.to_string();
            let value = obs.attribute("OBS_VALUE").unwrap_or_default().to_string();
            let attributes = obs
                .attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect();
            (year, value, attributes)
        };
        let mut columns: Vec<(String, String)> = series.to_vec();
        if self.input.import_observation_attributes {
            columns.extend(
                attributes
                    .into_iter()
                    .filter(|(id, _)| !OMITTED.contains(&id.as_str())),
            );
        }
        columns.retain(|(id, _)| !self.input.drop_dimensions.contains(id));
        Some(Observation {
            line: self.line(obs),
            year,
            value,
            columns,
        })
    }

    /// The observations as rows under one header: `Year`, the columns by name in order of
    /// first appearance (those with one value dropped, as sdg-build's
    /// `drop_singleton_dimensions`), `Value`.
    fn rows(&self, observations: Vec<Observation>) -> SdmxRows {
        let mut ids: Vec<String> = Vec::new();
        for o in &observations {
            for (id, _) in &o.columns {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        if self.input.drop_singleton_dimensions {
            ids.retain(|id| {
                let mut values = observations.iter().map(|o| {
                    o.columns
                        .iter()
                        .find(|(c, _)| c == id)
                        .map(|(_, v)| v.as_str())
                });
                let first = values.next().flatten();
                values.any(|v| v != first)
            });
        }
        let mut header = vec!["Year".to_string()];
        header.extend(ids.iter().map(|id| self.column_name(id)));
        header.push("Value".to_string());
        let rows = observations
            .iter()
            .map(|o| {
                let mut cells = vec![o.year.clone()];
                cells.extend(ids.iter().map(|id| {
                    o.columns
                        .iter()
                        .find(|(c, _)| c == id)
                        .map_or_else(String::new, |(_, code)| self.value_name(id, code))
                }));
                cells.push(o.value.clone());
                (o.line, cells)
            })
            .collect();
        SdmxRows {
            file: self.file.to_path_buf(),
            header,
            rows,
        }
    }

    /// sdg-build's `get_dimension_name`: `dimension_map`, else the DSD's concept name, else
    /// the id.
    fn column_name(&self, id: &str) -> String {
        if let Some(name) = self.input.dimension_map.get(id) {
            return name.clone();
        }
        if self.input.import_codes {
            return id.to_string();
        }
        self.dsd
            .and_then(|d| d.concepts.get(id))
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// sdg-build's `get_dimension_value_name`: `dimension_map` (`SEX|F`), a total `_T` blank,
    /// else the code's name in its code list, else the code.
    fn value_name(&self, id: &str, code: &str) -> String {
        if let Some(name) = self.input.dimension_map.get(&format!("{id}|{code}")) {
            return name.clone();
        }
        if code == "_T" {
            return String::new();
        }
        if self.input.import_codes {
            return code.to_string();
        }
        self.dsd
            .and_then(|d| d.codes.get(d.representation.get(id)?)?.get(code))
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_ids_are_normalized_as_sdg_build_normalizes_them() {
        assert_eq!(normalize_indicator_id("1.2.1"), "1-2-1");
        assert_eq!(
            normalize_indicator_id("1.2.1 Proportion of population"),
            "1-2-1"
        );
        assert_eq!(normalize_indicator_id("-17.1.1-"), "17-1-1");
    }
}
