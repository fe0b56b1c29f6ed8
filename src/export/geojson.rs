//! GeoJSON downloads: an indicator's boundary layer with each region's latest figure, for GIS
//! tools (QGIS, Leaflet, geopandas). Properties are flat, as those tools expect: the region's
//! code and name in each language, the period and value of its latest figure (absent when it
//! has none), and the unit. The geometry is the layer's own, unsimplified.

use super::csv::machine_number;
use super::formats::{Job, Sink, Subject, Whole, Writer};
use crate::model::Region;
use serde_json::{Map, Value, json};
use std::io;

pub struct GeoJsonWriter;

impl Writer for GeoJsonWriter {
    fn start<'a>(&self, job: &'a Job<'a>, path: &'a str) -> io::Result<Box<dyn Sink + 'a>> {
        let Subject::Indicator(indicator, facts, _) = job.subject else {
            return Err(io::Error::other(
                "only indicators with a map have a GeoJSON file",
            ));
        };
        Ok(Box::new(Whole::new(job, path, move |_| {
            let portal = job.portal;
            let regional = facts
                .regional
                .as_ref()
                .ok_or_else(|| io::Error::other("the indicator has no map"))?;
            let features: Vec<Value> = regional
                .layer(portal)
                .regions
                .iter()
                .zip(&regional.by_region)
                .map(|(region, figures)| {
                    let mut properties = Map::new();
                    properties.insert("code".into(), json!(region.code));
                    for lang in &portal.config.languages {
                        let name = region.name.get(lang, portal.config.default_lang());
                        properties.insert(format!("name_{lang}"), json!(name));
                    }
                    let latest = figures.last().map(|&i| &indicator.observations[i]);
                    if let Some(o) = latest {
                        let value = o.value.expect("preferred figures have values");
                        properties.insert("period".into(), json!(o.period.label()));
                        let number: Option<serde_json::Number> = machine_number(value).parse().ok();
                        properties.insert("value".into(), json!(number));
                    }
                    properties.insert("unit".into(), json!(indicator.unit));
                    json!({
                        "type": "Feature",
                        "id": region.code,
                        "properties": properties,
                        "geometry": geometry(region),
                    })
                })
                .collect();
            let collection = json!({
                "type": "FeatureCollection",
                "name": indicator.id,
                "features": features,
            });
            let mut bytes = serde_json::to_vec(&collection).map_err(io::Error::other)?;
            bytes.push(b'\n');
            Ok(bytes)
        })))
    }
}

fn geometry(region: &Region) -> Value {
    match region.polygons.as_slice() {
        [polygon] => json!({"type": "Polygon", "coordinates": polygon}),
        polygons => json!({"type": "MultiPolygon", "coordinates": polygons}),
    }
}
