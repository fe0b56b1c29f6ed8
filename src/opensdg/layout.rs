//! Which files of an Open SDG data repository hold what: indicator ids from file names,
//! language folders, and the settings of `config_data.yml`.

use super::yaml::{self, Node};
use super::{Report, read_text};
use crate::model::check_id;
use crate::problem::{Problem, display_path, quoted};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const CONFIG: &str = "config_data.yml";
const DATA_DIR: &str = "data";
const META_DIR: &str = "meta";
const CONFIG_DIR: &str = "indicator-config";
const TRANSLATIONS_DIR: &str = "translations";

/// Whether `root` looks like an Open SDG data repository: `config_data.yml`, or indicator data
/// named `data/indicator_*.csv` beside `meta/` or `indicator-config/`, and none of chiso's own
/// folders (`data/indicators/`, `data/goals/`).
pub fn detect(root: &Path) -> bool {
    let chiso_layout = root.join(DATA_DIR).join("indicators").is_dir()
        || root.join(DATA_DIR).join("goals").is_dir();
    if chiso_layout {
        return false;
    }
    if root.join(CONFIG).is_file() {
        return true;
    }
    let has_indicator_data = std::fs::read_dir(root.join(DATA_DIR)).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("indicator_") && name.ends_with(".csv")
        })
    });
    has_indicator_data && (root.join(META_DIR).is_dir() || root.join(CONFIG_DIR).is_dir())
}

/// The files of one indicator.
#[derive(Debug, Default)]
pub struct IndicatorFiles {
    pub data: Option<PathBuf>,
    /// `meta/<id>.md`, `meta/<id>.yml` and `indicator-config/<id>.yml`, in the order Open SDG
    /// merges them (a later file's field wins).
    pub meta: Vec<PathBuf>,
    /// The same files in language folders (`meta/fr/<id>.yml`), by language.
    pub translated: BTreeMap<String, Vec<PathBuf>>,
}

/// What `config_data.yml` says, as far as chiso uses it.
#[derive(Debug, Default)]
pub struct Settings {
    /// The languages in the configured order; the first is the default.
    pub languages: Vec<String>,
    pub schema_file: PathBuf,
    pub column_map: Option<PathBuf>,
    pub code_map: Option<PathBuf>,
    /// `indicator_options.non_disaggregation_columns` and `.observation_attributes`: the
    /// repository's own columns that are not disaggregations (added to Open SDG's defaults).
    pub non_disaggregation_columns: Vec<String>,
    pub observation_attributes: Vec<String>,
    /// The `path_pattern` of the `InputCsvData` input (sdg-build's default `data/*-*.csv`):
    /// the data files read, each an indicator whose id is the file's name without
    /// `indicator_`.
    pub data_pattern: String,
    /// `map_layers`: the boundary files sdg-build joins regional figures with
    /// (`OutputGeoJson`), in order; indicators with `data_show_map` are mapped on the first.
    pub map_layers: Vec<MapLayerSettings>,
    /// The SDMX-ML inputs (`InputSdmxMl_Multiple`, `InputSdmxMl_Structure`,
    /// `InputSdmxMl_StructureSpecific`), in order.
    pub sdmx_inputs: Vec<SdmxInput>,
    /// `reporting_status_extra_fields`: metadata fields the reporting-status overview also
    /// groups indicators by (sdg-build's `stats.reporting_status`), in order.
    pub reporting_status_extra_fields: Vec<String>,
}

/// An SDMX-ML input, with sdg-build's defaults (`InputSdmx`).
#[derive(Debug, Clone)]
pub struct SdmxInput {
    /// The files read: `path_pattern` (`InputSdmxMl_Multiple`) or `source`.
    pub files: String,
    /// The data structure definition: a file of the repository, or an address (the global
    /// SDG DSD by default), which chiso does not download.
    pub dsd: Option<String>,
    pub drop_dimensions: Vec<String>,
    pub drop_singleton_dimensions: bool,
    /// Codes and ids as written, rather than the DSD's names.
    pub import_codes: bool,
    pub import_observation_attributes: bool,
    pub import_series_attributes: bool,
    /// Names for ids (`SEX`) and for codes (`SEX|F`).
    pub dimension_map: BTreeMap<String, String>,
    /// Indicator ids of `SERIES` codes, overriding the DSD's annotations.
    pub indicator_id_map: BTreeMap<String, Vec<String>>,
    pub at: crate::problem::Position,
}

/// One of `map_layers`, with sdg-build's defaults (`OutputGeoJson`).
#[derive(Debug, Clone)]
pub struct MapLayerSettings {
    pub geojson_file: String,
    pub name_property: String,
    pub id_property: String,
    pub id_column: String,
    pub output_subfolder: String,
    /// Where it is written in `config_data.yml`, for messages.
    pub at: crate::problem::Position,
}

pub fn settings(root: &Path, report: &mut Report) -> Settings {
    let mut settings = Settings {
        schema_file: PathBuf::from("metadata_schema.yml"),
        data_pattern: DEFAULT_DATA_PATTERN.to_string(),
        ..Settings::default()
    };
    let rel = Path::new(CONFIG);
    if !root.join(rel).is_file() {
        return settings;
    }
    let Some(config) = read_yaml(root, rel, report) else {
        return settings;
    };
    if let Some(languages) = config.get("languages") {
        for item in languages.items() {
            match item.text() {
                Some(lang) if check_id(lang).is_ok() => settings.languages.push(lang.to_string()),
                _ => report.problem(
                    Problem::new(
                        rel,
                        "language codes such as en or fr",
                        quoted(item.text().unwrap_or("")),
                    )
                    .at(Some(item.at))
                    .field("languages"),
                ),
            }
        }
    }
    if let Some(file) = config.get("schema_file").and_then(Node::text) {
        settings.schema_file = PathBuf::from(file);
    }
    settings.reporting_status_extra_fields = config
        .get("reporting_status_extra_fields")
        .map_or(&[][..], Node::items)
        .iter()
        .filter_map(Node::text)
        .map(String::from)
        .collect();
    if let Some(options) = config.get("indicator_options") {
        let texts = |key: &str| -> Vec<String> {
            options
                .get(key)
                .map_or(&[][..], Node::items)
                .iter()
                .filter_map(Node::text)
                .map(String::from)
                .collect()
        };
        settings.non_disaggregation_columns = texts("non_disaggregation_columns");
        settings.observation_attributes = texts("observation_attributes");
    }
    for layer in config.get("map_layers").map_or(&[][..], Node::items) {
        let text = |key: &str, default: &str| {
            layer
                .get(key)
                .and_then(Node::text)
                .unwrap_or(default)
                .to_string()
        };
        settings.map_layers.push(MapLayerSettings {
            geojson_file: text("geojson_file", "regions.geojson"),
            name_property: text("name_property", "name"),
            id_property: text("id_property", "id"),
            id_column: text("id_column", "GeoCode"),
            output_subfolder: text("output_subfolder", "regions"),
            at: layer.at,
        });
    }
    for input in config.get("inputs").map_or(&[][..], Node::items) {
        let class = input.get("class").and_then(Node::text).unwrap_or_default();
        if !READ_INPUTS.contains(&class) {
            report.warn(
                Problem::new(
                    rel,
                    format!("inputs chiso reads: {}", READ_INPUTS.join(", ")),
                    format!("the input class {}, not read: the indicators get no data or metadata from it (see docs/migration-opensdg.md)", crate::problem::quoted(class)),
                )
                .at(Some(input.at)),
            );
        }
        if class.starts_with("InputSdmxMl_") {
            let key = if class == "InputSdmxMl_Multiple" {
                "path_pattern"
            } else {
                "source"
            };
            let text = |key: &str| input.get(key).and_then(Node::text).map(str::to_string);
            let flag =
                |key: &str, default: bool| input.get(key).and_then(Node::flag).unwrap_or(default);
            let list = |key: &str| -> Vec<String> {
                input
                    .get(key)
                    .map_or(&[][..], Node::items)
                    .iter()
                    .filter_map(|n| n.text().map(str::to_string))
                    .collect()
            };
            let map = |key: &str| -> Vec<(String, &Node)> {
                input
                    .get(key)
                    .map_or(&[][..], Node::entries)
                    .iter()
                    .map(|(k, v)| (k.clone(), v))
                    .collect()
            };
            settings.sdmx_inputs.push(SdmxInput {
                files: text(key)
                    .unwrap_or_default()
                    .trim_start_matches("./")
                    .to_string(),
                dsd: text("dsd"),
                drop_dimensions: list("drop_dimensions"),
                drop_singleton_dimensions: flag("drop_singleton_dimensions", true),
                import_codes: flag("import_codes", false),
                import_observation_attributes: flag("import_observation_attributes", true),
                import_series_attributes: flag("import_series_attributes", true),
                dimension_map: map("dimension_map")
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v.text()?.to_string())))
                    .collect(),
                indicator_id_map: map("indicator_id_map")
                    .into_iter()
                    .map(|(k, v)| {
                        let ids = match v.text() {
                            Some(one) => vec![one.to_string()],
                            None => v
                                .items()
                                .iter()
                                .filter_map(|n| n.text().map(str::to_string))
                                .collect(),
                        };
                        (k, ids)
                    })
                    .collect(),
                at: input.at,
            });
        }
        if class == "InputCsvData" {
            let path = |key: &str| input.get(key).and_then(Node::text).map(PathBuf::from);
            settings.column_map = path("column_map");
            settings.code_map = path("code_map");
            if let Some(pattern) = input.get("path_pattern").and_then(Node::text) {
                settings.data_pattern = pattern.trim_start_matches("./").to_string();
            }
        }
    }
    settings
}

/// Every indicator's files, by id: the data files the configured `path_pattern` matches
/// (`data/*-*.csv` by default), and the metadata in the standard layout. Files Open SDG would
/// not read as an indicator (`indicator_10_1_1.csv` under the default pattern,
/// `meta/15.a.1.yml`) are left out with a warning naming the pattern, as sdg-build leaves
/// them out.
pub fn indicator_files(
    root: &Path,
    settings: &Settings,
    report: &mut Report,
) -> BTreeMap<String, IndicatorFiles> {
    let mut files: BTreeMap<String, IndicatorFiles> = BTreeMap::new();
    let mut ignored = Vec::new();
    // sdg-build's InputCsvData: the files its `path_pattern` matches, each indicator's id the
    // file name without `indicator_` (`convert_path_to_indicator_id`).
    let (pattern_dir, pattern_name) = settings
        .data_pattern
        .rsplit_once('/')
        .unwrap_or(("", settings.data_pattern.as_str()));
    let data_dir = match crate::model::check_relative_path(pattern_dir) {
        Ok(()) => Path::new(pattern_dir),
        Err(_) => Path::new(DATA_DIR),
    };
    for (rel, stem) in list(root, data_dir, &["csv"]) {
        let name = rel.file_name().unwrap_or_default().to_string_lossy();
        let id = stem.replace("indicator_", "");
        if glob(pattern_name, &name) && check_id(&id).is_ok() {
            files.entry(id).or_default().data = Some(rel);
        } else {
            ignored.push(rel);
        }
    }
    for dir in [META_DIR, CONFIG_DIR] {
        let extensions: &[&str] = if dir == META_DIR {
            &["md", "yml", "yaml"]
        } else {
            &["yml", "yaml"]
        };
        for (rel, stem) in list(root, Path::new(dir), extensions) {
            if is_indicator_id(&stem) {
                files.entry(stem).or_default().meta.push(rel);
            } else if !stem.eq_ignore_ascii_case("readme") {
                ignored.push(rel);
            }
        }
        for lang in subfolders(&root.join(dir)) {
            for (rel, stem) in list(root, &Path::new(dir).join(&lang), extensions) {
                if is_indicator_id(&stem) {
                    let entry = files.entry(stem).or_default();
                    entry.translated.entry(lang.clone()).or_default().push(rel);
                }
            }
        }
    }
    // `.md` before `.yml` in `meta/`, then `indicator-config/`: Open SDG's order of inputs.
    for f in files.values_mut() {
        f.meta.sort_by_key(|p| merge_rank(p));
        for list in f.translated.values_mut() {
            list.sort_by_key(|p| merge_rank(p));
        }
    }
    if !ignored.is_empty() {
        let names: Vec<String> = ignored.iter().map(|p| display_path(p)).collect();
        report.warn(Problem::new(
            &ignored[0],
            format!(
                "indicator files the inputs read: data files matching {} (InputCsvData's path_pattern), metadata named by a dash-separated id (meta/1-1-1.md, indicator-config/1-1-1.yml)",
                crate::problem::quoted(&settings.data_pattern)
            ),
            format!("{} other file{}, left out as sdg-build leaves them out: {}", names.len(), if names.len() == 1 { "" } else { "s" }, names.join(", ")),
        ));
    }
    files
}

/// The sdg-build input classes whose files chiso reads: the data CSVs, SDMX-ML files and the
/// metadata in the standard layout (`meta/*.md`, `indicator-config/*.yml`).
const READ_INPUTS: [&str; 6] = [
    "InputCsvData",
    "InputSdmxMl_Multiple",
    "InputSdmxMl_Structure",
    "InputSdmxMl_StructureSpecific",
    "InputYamlMdMeta",
    "InputYamlMeta",
];

/// sdg-build's default `path_pattern` of `InputCsvData`.
const DEFAULT_DATA_PATTERN: &str = "data/*-*.csv";

/// Whether `name` matches the glob `pattern` (`*` any run of characters, `?` one), as
/// Python's `glob` matches a file name.
pub fn glob(pattern: &str, name: &str) -> bool {
    fn matches(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => matches(&p[1..], n) || (!n.is_empty() && matches(p, &n[1..])),
            (Some('?'), Some(_)) => matches(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => matches(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    matches(&p, &n)
}

fn merge_rank(path: &Path) -> (bool, bool) {
    let in_config = path.starts_with(CONFIG_DIR);
    let is_yml = path.extension().is_some_and(|x| x != "md");
    (in_config, is_yml)
}

/// An id Open SDG reads as an indicator (its inputs match `*-*`) and chiso can use in a path.
fn is_indicator_id(id: &str) -> bool {
    id.contains('-') && check_id(id).is_ok()
}

/// Translation files: `translations/<lang>/<group>.yml`, by language.
pub fn translation_files(root: &Path) -> BTreeMap<String, Vec<(PathBuf, String)>> {
    subfolders(&root.join(TRANSLATIONS_DIR))
        .into_iter()
        .map(|lang| {
            let files = list(
                root,
                &Path::new(TRANSLATIONS_DIR).join(&lang),
                &["yml", "yaml"],
            );
            (lang, files)
        })
        .collect()
}

/// Files of `rel_dir` with one of `extensions`, sorted, with their stems.
pub fn list(root: &Path, rel_dir: &Path, extensions: &[&str]) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(root.join(rel_dir)) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(crate::load::is_file_entry))
        .filter_map(|e| {
            let path = rel_dir.join(e.file_name());
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
            (extensions.contains(&ext.as_str()) && !stem.starts_with('.')).then_some((path, stem))
        })
        .collect();
    files.sort();
    files
}

fn subfolders(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a YAML file, reporting what cannot be read or parsed.
pub fn read_yaml(root: &Path, rel: &Path, report: &mut Report) -> Option<Node> {
    let text = read_text(root, rel).map_err(|p| report.problem(p)).ok()?;
    yaml::parse(rel, &text, 1, report)
        .map_err(|p| report.problem(p))
        .ok()
}
