//! Boundary layers: a layer's metadata and its GeoJSON, checked as a map needs them (a
//! FeatureCollection of polygons with closed rings, a unique code and a name per region), and
//! the joins indicators make onto them (a layer that exists, a dimension it joins on, a
//! region for every code in the data).

use super::{Registry, stem_id, unknown, unknown_at};
use crate::load::raw::{CsvTable, Parsed, RawIndicator, RawMapFiles};
use crate::model::{Indicator, MapLayer, Region, Text};
use crate::problem::{Position, Problem, Problems, display_path, quoted};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What an indicator's join is checked against, per layer id.
#[derive(Debug, Default)]
pub(crate) struct LayerKeys {
    pub dimension: String,
    pub geojson: Option<PathBuf>,
    pub codes: BTreeSet<String>,
}

pub fn validate(files: &[RawMapFiles], problems: &mut Problems) -> Vec<MapLayer> {
    let mut layers: Vec<MapLayer> = files
        .iter()
        .filter_map(|file| layer(file, problems))
        .collect();
    layers.sort_by(|a, b| a.id.cmp(&b.id));
    layers
}

/// The keys of every layer whose metadata could be read, even one whose GeoJSON could not: an
/// indicator naming it is then not reported as naming an unknown layer.
pub(crate) fn keys(files: &[RawMapFiles], layers: &[MapLayer]) -> BTreeMap<String, LayerKeys> {
    files
        .iter()
        .map(|file| {
            let id = file.meta.stem.clone();
            let layer = layers.iter().find(|l| l.id == id);
            let keys = LayerKeys {
                dimension: file.meta.value.dimension.get_ref().clone(),
                geojson: layer.map(|l| l.geojson.clone()),
                codes: layer
                    .map(|l| l.regions.iter().map(|r| r.code.clone()).collect())
                    .unwrap_or_default(),
            };
            (id, keys)
        })
        .collect()
}

fn layer(file: &RawMapFiles, problems: &mut Problems) -> Option<MapLayer> {
    let meta = &file.meta;
    let id = stem_id(meta, None, problems)?;
    let raw = &meta.value;
    if raw.name.is_empty() {
        problems.push(
            Problem::new(&meta.rel, "a layer name in at least one language", "none").field("name"),
        );
    }
    for (property, field) in [(&raw.code, "code"), (&raw.dimension, "dimension")] {
        if property.get_ref().trim().is_empty() {
            problems.push(
                Problem::new(&meta.rel, "a name", "an empty name")
                    .at(Some(meta.position(property.span())))
                    .field(field),
            );
        }
    }
    let (rel, text) = file.geojson.as_ref()?;
    let layer = MapLayer {
        id,
        file: meta.rel.clone(),
        geojson: rel.clone(),
        name: raw.name.clone(),
        dimension: raw.dimension.get_ref().clone(),
        attribution: raw.attribution.clone(),
        regions: Vec::new(),
    };
    with_regions(layer, text, raw.code.get_ref(), &raw.names, problems)
}

/// `layer` with the regions of its GeoJSON `text`, whose feature property `code_property`
/// holds each region's code and `names` its name per language; `None` when the file has a
/// problem (every one is reported). Open SDG's `map_layers` are read with it too.
pub fn with_regions(
    mut layer: MapLayer,
    text: &str,
    code_property: &str,
    names: &BTreeMap<String, String>,
    problems: &mut Problems,
) -> Option<MapLayer> {
    let before = problems.len();
    layer.regions = regions(
        &layer.geojson,
        text,
        &layer.file,
        code_property,
        names,
        problems,
    );
    (problems.len() == before).then_some(layer)
}

/// The regions of a GeoJSON FeatureCollection, every problem of the file reported.
fn regions(
    rel: &Path,
    text: &str,
    described_in: &Path,
    code_property: &str,
    names: &BTreeMap<String, String>,
    problems: &mut Problems,
) -> Vec<Region> {
    let json: Value = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(e) => {
            problems.push(
                Problem::new(rel, "GeoJSON (JSON text)", format!("invalid JSON: {e}"))
                    .at_line(e.line())
                    .at_column(e.column()),
            );
            return Vec::new();
        }
    };
    let Some(features) = json
        .get("type")
        .filter(|t| *t == "FeatureCollection")
        .and(json.get("features"))
        .and_then(Value::as_array)
    else {
        problems.push(Problem::new(
            rel,
            "a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with \"features\")",
            format!("a {}", kind_of(json.get("type"))),
        ));
        return Vec::new();
    };
    if features.is_empty() {
        problems.push(Problem::new(rel, "at least one feature", "none").field("features"));
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut first_of: BTreeMap<String, usize> = BTreeMap::new();
    for (index, feature) in features.iter().enumerate() {
        let field = format!("features[{index}]");
        let at = |problem: Problem| problem.field(field.clone());
        let properties = feature.get("properties").and_then(Value::as_object);
        let code = match properties.and_then(|p| p.get(code_property)) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            other => {
                problems.push(at(Problem::new(
                    rel,
                    format!(
                        "a region code in the property {} (named in {})",
                        quoted(code_property),
                        display_path(described_in)
                    ),
                    match other {
                        None => "no such property".to_string(),
                        Some(v) => format!("a {}", kind_of(Some(v))),
                    },
                )));
                continue;
            }
        };
        let line = line_of(text, &code);
        let at = |problem: Problem| {
            let problem = problem.field(field.clone());
            match line {
                Some(line) => problem.at_line(line),
                None => problem,
            }
        };
        if let Some(first) = first_of.insert(code.clone(), index) {
            problems.push(at(Problem::new(
                rel,
                "a code of its own for each region",
                format!(
                    "{} again (it is the code of features[{first}] too)",
                    quoted(&code)
                ),
            )));
        }
        let mut name = BTreeMap::new();
        for (lang, property) in names {
            match properties.and_then(|p| p.get(property)) {
                Some(Value::String(s)) if !s.trim().is_empty() => {
                    name.insert(lang.clone(), s.trim().to_string());
                }
                other => problems.push(at(Problem::new(
                    rel,
                    format!(
                        "the region's name in {lang} in the property {}",
                        quoted(property)
                    ),
                    match other {
                        None => "no such property".to_string(),
                        Some(v) => format!("a {}", kind_of(Some(v))),
                    },
                ))),
            }
        }
        let polygons = match geometry(feature.get("geometry")) {
            Ok(polygons) => polygons,
            Err(why) => {
                problems.push(at(Problem::new(
                    rel,
                    "a Polygon or MultiPolygon of closed rings of [longitude, latitude] positions",
                    why,
                )));
                continue;
            }
        };
        regions.push(Region {
            name: if name.is_empty() {
                Text::neutral(code.clone())
            } else {
                Text::from_pairs(name)
            },
            code,
            polygons,
        });
    }
    regions
}

/// The polygons of a geometry, or what is wrong with it in words.
fn geometry(geometry: Option<&Value>) -> Result<Vec<Vec<Vec<[f64; 2]>>>, String> {
    let geometry = geometry.ok_or("no geometry")?;
    let coordinates = geometry.get("coordinates");
    match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(vec![polygon(coordinates, "")?]),
        Some("MultiPolygon") => coordinates
            .and_then(Value::as_array)
            .ok_or("a MultiPolygon without an array of polygons")?
            .iter()
            .enumerate()
            .map(|(i, p)| polygon(Some(p), &format!("polygon {} ", i + 1)))
            .collect(),
        Some(other) => Err(format!("a {other}")),
        None => Err("a geometry without a type".into()),
    }
}

fn polygon(coordinates: Option<&Value>, which: &str) -> Result<Vec<Vec<[f64; 2]>>, String> {
    let rings = coordinates
        .and_then(Value::as_array)
        .filter(|r| !r.is_empty())
        .ok_or(format!("{which}without rings"))?;
    rings
        .iter()
        .enumerate()
        .map(|(r, ring)| {
            let name = format!("{which}ring {}", r + 1);
            let positions: Vec<[f64; 2]> = ring
                .as_array()
                .ok_or(format!("{name} that is not an array"))?
                .iter()
                .map(|p| position(p).ok_or(format!("{name} with a position {p} that is not [longitude, latitude] in degrees")))
                .collect::<Result<_, _>>()?;
            if positions.len() < 4 {
                return Err(format!(
                    "{name} of {} positions (a ring has at least four, the last repeating the first)",
                    positions.len()
                ));
            }
            if positions.first() != positions.last() {
                return Err(format!(
                    "{name} that is not closed: it starts at {:?} and ends at {:?}",
                    positions[0],
                    positions[positions.len() - 1]
                ));
            }
            Ok(positions)
        })
        .collect()
}

fn position(value: &Value) -> Option<[f64; 2]> {
    let p = value.as_array()?;
    let (lon, lat) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
}

fn kind_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "document without a type".into(),
        Some(Value::String(s)) => quoted(s),
        Some(Value::Number(n)) => format!("number {n}"),
        Some(Value::Bool(b)) => format!("boolean {b}"),
        Some(Value::Array(_)) => "list".into(),
        Some(Value::Object(_)) => "object".into(),
    }
}

/// The line where a region's code is written (as a JSON string), for messages.
fn line_of(text: &str, code: &str) -> Option<usize> {
    let written = serde_json::to_string(code).ok()?;
    let offset = text.find(&written)?;
    Some(Position::of_offset(text, offset).line)
}

/// An indicator's `display.map`: a layer that exists, joined on a column its data has, and a
/// region of the layer for every code in that column.
pub(crate) fn check_join(
    meta: &Parsed<RawIndicator>,
    table: Option<&CsvTable>,
    indicator: &Indicator,
    registry: &Registry,
    problems: &mut Problems,
) -> Option<String> {
    let written = meta.value.display.map.as_ref()?;
    let id = written.get_ref();
    let Some(keys) = registry.maps.get(id) else {
        let known = registry.maps.keys().cloned().collect();
        problems.push(unknown(
            meta,
            written.span(),
            "display.map",
            "boundary layer (a file in data/maps/)",
            id,
            &known,
        ));
        return None;
    };
    let Some(column) = indicator
        .dimensions
        .iter()
        .position(|d| d.column == keys.dimension)
    else {
        let data = indicator
            .data_file
            .as_deref()
            .map_or("its observations file".to_string(), display_path);
        let columns: Vec<&str> = indicator
            .dimensions
            .iter()
            .map(|d| d.column.as_str())
            .collect();
        problems.push(
            Problem::new(
                &meta.rel,
                format!(
                    "a dimension column {} in {data}, which the layer {} joins on",
                    quoted(&keys.dimension),
                    quoted(id)
                ),
                if columns.is_empty() {
                    "no dimension columns".to_string()
                } else {
                    format!("the dimension columns {}", columns.join(", "))
                },
            )
            .at(Some(meta.position(written.span())))
            .field("display.map"),
        );
        return None;
    };
    let (Some(table), Some(geojson)) = (table, &keys.geojson) else {
        // The layer's own file failed; that problem is reported once, with the file.
        return Some(id.clone());
    };
    let header_column = table.header.iter().position(|h| *h == keys.dimension);
    let what = format!(
        "region of the layer {} ({})",
        quoted(id),
        display_path(geojson)
    );
    let mut reported = BTreeSet::new();
    for observation in &indicator.observations {
        let code = &observation.dims[column];
        if code.is_empty() || keys.codes.contains(code) || !reported.insert(code) {
            continue;
        }
        let mut problem = unknown_at(&table.rel, None, &keys.dimension, &what, code, &keys.codes)
            .at_line(observation.line);
        if let Some(c) = header_column {
            problem = problem.at_column(c + 1);
        }
        problems.push(problem);
    }
    Some(id.clone())
}
