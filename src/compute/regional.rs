//! Regional figures: what an indicator's map shows, and what its GeoJSON download holds.

use super::preferred_by_period;
use crate::model::{Indicator, MapLayer, Portal};
use std::collections::BTreeMap;

/// An indicator's figures per region of its layer: for each region (in layer order), the
/// preferred observation of each period (chronological) whose other dimensions are all
/// totals, so a map never mixes a breakdown (by sex, by level) into the regional figures.
/// Computed once per indicator ([`super::IndicatorFacts::regional`]) for its map, its map's
/// image and embed, its GeoJSON and its catalogue entry.
#[derive(Debug)]
pub struct Regional {
    /// The layer's index in the portal's maps.
    layer: usize,
    pub by_region: Vec<Vec<usize>>,
}

impl Regional {
    pub fn layer<'a>(&self, portal: &'a Portal) -> &'a MapLayer {
        &portal.maps[self.layer]
    }
}

/// The regional figures of `indicator`, when it names a layer (`display.map`) and some region
/// has a figure: a map without one is not drawn.
pub fn regional(portal: &Portal, indicator: &Indicator) -> Option<Regional> {
    let index = portal
        .maps
        .iter()
        .position(|l| Some(&l.id) == indicator.map.as_ref())?;
    let layer = &portal.maps[index];
    let column = layer.join_column(indicator)?;
    let names = region_names(indicator, column);
    let by_region = layer
        .regions
        .iter()
        .map(|region| {
            let mut dims = vec![String::new(); indicator.dimensions.len()];
            dims[column] = region.code.clone();
            for (&other, by_code) in &names {
                if let Some(name) = by_code.get(region.code.as_str()) {
                    dims[other] = name.to_string();
                }
            }
            preferred_by_period(indicator, &dims)
        })
        .collect::<Vec<Vec<usize>>>();
    by_region.iter().any(|r| !r.is_empty()).then_some(Regional {
        layer: index,
        by_region,
    })
}

/// Columns that only name the region of the join column, by column: filled exactly where
/// the code is, with one value per code (Open SDG repositories write a region's name beside
/// its `GeoCode`). They are part of the region, not a breakdown of it.
fn region_names(indicator: &Indicator, column: usize) -> BTreeMap<usize, BTreeMap<&str, &str>> {
    (0..indicator.dimensions.len())
        .filter(|&other| other != column)
        .filter_map(|other| {
            let mut by_code: BTreeMap<&str, &str> = BTreeMap::new();
            for o in &indicator.observations {
                let (code, name) = (o.dims[column].as_str(), o.dims[other].as_str());
                if code.is_empty() != name.is_empty() {
                    return None;
                }
                if !code.is_empty() && *by_code.entry(code).or_insert(name) != name {
                    return None;
                }
            }
            (!by_code.is_empty()).then_some((other, by_code))
        })
        .collect()
}
