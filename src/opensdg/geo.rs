//! Open SDG's maps: the boundary layers of `config_data.yml`'s `map_layers` (sdg-build's
//! `OutputGeoJson`: `geojson_file`, `name_property`, `id_property`, `id_column` = `GeoCode`),
//! read as chiso's own layers, and the indicators that turn them on (`data_show_map`).

use super::Report;
use super::layout::{CONFIG, Settings};
use crate::model::{Indicator, MapLayer, Text, check_id, check_relative_path};
use crate::problem::{Problem, Problems, quoted};
use std::collections::BTreeMap;
use std::path::Path;

/// The layers of `map_layers` whose GeoJSON is a file of the repository. A layer named by its
/// address is left out with a warning: chiso reads nothing from outside the repository.
pub fn layers(
    root: &Path,
    settings: &Settings,
    languages: &[String],
    report: &mut Report,
) -> Vec<MapLayer> {
    let mut layers: Vec<MapLayer> = Vec::new();
    for layer in &settings.map_layers {
        let file = layer.geojson_file.as_str();
        let at = |expected: &str, found: String| {
            Problem::new(CONFIG, expected, found)
                .at(Some(layer.at))
                .field("map_layers")
        };
        if file.starts_with("http://") || file.starts_with("https://") {
            report.warn(at(
                "a GeoJSON file in the repository, named by its path (chiso reads nothing from outside it: download the file into the repository)",
                format!("the address {}; indicators are published without this map", quoted(file)),
            ));
            continue;
        }
        if let Err(why) = check_relative_path(file) {
            report.problem(at(
                "a GeoJSON file in the repository, named by its path",
                format!("{} ({why})", quoted(file)),
            ));
            continue;
        }
        let id = &layer.output_subfolder;
        if check_id(id).is_err() || layers.iter().any(|l| &l.id == id) {
            report.problem(at(
                "an output_subfolder of its own for each layer, of letters, digits, '-' or '_'",
                quoted(id),
            ));
            continue;
        }
        let rel = Path::new(file);
        let text = match super::read_text(root, rel) {
            Ok(text) => text,
            Err(problem) => {
                report.problem(problem);
                continue;
            }
        };
        let empty = MapLayer {
            id: id.clone(),
            file: CONFIG.into(),
            geojson: rel.to_path_buf(),
            name: Text::neutral(id.clone()),
            dimension: layer.id_column.clone(),
            attribution: Text::default(),
            regions: Vec::new(),
        };
        let names: BTreeMap<String, String> = languages
            .iter()
            .map(|lang| (lang.clone(), layer.name_property.clone()))
            .collect();
        let mut problems = Problems::default();
        let read = crate::validate::maps::with_regions(
            empty,
            &text,
            &layer.id_property,
            &names,
            &mut problems,
        );
        problems
            .into_sorted()
            .into_iter()
            .for_each(|p| report.problem(p));
        layers.extend(read);
    }
    layers
}

/// The layer an indicator with `data_show_map` is mapped on: the first whose `id_column` is one
/// of its columns. Codes of that column no region has are left off the map, as Open SDG leaves
/// them off, with one warning naming them.
pub fn layer_of(
    indicator: &Indicator,
    show_map: bool,
    layers: &[MapLayer],
    report: &mut Report,
) -> Option<String> {
    if !show_map {
        return None;
    }
    let (layer, column) = layers
        .iter()
        .find_map(|layer| Some((layer, layer.join_column(indicator)?)))?;
    let unknown = layer.unknown_codes(indicator)?;
    if let Some(first) = unknown.first() {
        let file = indicator.data_file.as_deref().unwrap_or(&indicator.file);
        let line = indicator
            .observations
            .iter()
            .find(|o| o.dims[column] == *first)
            .map_or(0, |o| o.line);
        report.warn(
            Problem::new(
                file,
                format!(
                    "{} codes of regions of the layer {} ({})",
                    layer.dimension,
                    quoted(&layer.id),
                    crate::problem::display_path(&layer.geojson)
                ),
                format!(
                    "{}, which no region has: left off the map",
                    unknown
                        .iter()
                        .map(|c| quoted(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .at_line(line)
            .field(layer.dimension.clone()),
        );
    }
    Some(layer.id.clone())
}
