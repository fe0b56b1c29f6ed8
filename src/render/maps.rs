//! Maps of indicators' regional figures for pages, embeds and images: which regions have which
//! figure in which period, the classes and their labels, and the highest and lowest regions
//! in words. Drawing is `crate::chart::map`'s job; this module only describes.

use super::charts::{embed_code, image_frame};
use super::view::{TextView, View};
use crate::chart::map::{
    Fill, Map, MapVariant, Outlines, class_colour, class_of, quantile_classes,
};
use crate::compute::regional::Regional;
use crate::model::{Indicator, MapLayer, Number};
use crate::site::catalog::Format;
use crate::site::urls::{ChartRef, PagePath};
use serde::Serialize;

/// A map as a page shows it: the latest period drawn, every period's fills for the script,
/// the table of figures beside it, and the links to its images, embed page and GeoJSON.
#[derive(Clone, Serialize)]
pub struct MapView {
    pub id: String,
    pub svg: String,
    /// The period drawn, and every period with a figure (oldest first) for the selector.
    pub period: String,
    pub periods: Vec<String>,
    /// Per period: each region's class (or none), tip and value, as JSON for the script.
    pub periods_json: String,
    /// The colours of the classes, as JSON for the script.
    pub colours_json: String,
    pub layer: String,
    /// The figures of the period drawn, one row per region, in the layer's order.
    pub rows: Vec<MapRow>,
    pub attribution: Option<TextView>,
    pub png: Option<String>,
    pub svg_url: String,
    pub geojson: Option<String>,
    pub embed_url: String,
    pub embed_code: String,
}

#[derive(Clone, Serialize)]
pub struct MapRow {
    pub name: String,
    pub value: String,
}

#[derive(Serialize)]
struct PeriodFills {
    label: String,
    /// The highest and lowest regions of this period, in words: the map's description when
    /// the script shows this period.
    description: String,
    classes: Vec<Option<usize>>,
    tips: Vec<String>,
    values: Vec<String>,
}

/// A map described in the view's language (the latest period), with each period's fills.
struct Described<'a> {
    map: Map,
    periods: Vec<PeriodFills>,
    /// The indicator's position in the portal (and its catalogue).
    index: usize,
    layer: &'a MapLayer,
}

/// The map of indicator `id`: `None` when it has no map or no regional figure.
fn describe<'a>(view: &View<'a>, id: &str) -> Option<Described<'a>> {
    let index = view.computed().indicator(id)?;
    let indicator = &view.portal().indicators[index];
    let regional = view.computed().indicators[index].regional.as_ref()?;
    Some(described(view, index, indicator, regional))
}

fn described<'a>(
    view: &View<'a>,
    index: usize,
    indicator: &Indicator,
    regional: &Regional,
) -> Described<'a> {
    let t = view.t();
    let layer = regional.layer(view.portal());
    let name = view.plain(&indicator.name);
    let layer_name = view.plain(&layer.name);
    let number = |i: usize| -> Number {
        indicator.observations[i]
            .value
            .expect("preferred figures have values")
    };
    // One scale for every period, so a colour means the same figure in each.
    let all: Vec<f64> = regional
        .by_region
        .iter()
        .flatten()
        .map(|&i| number(i).value)
        .collect();
    let ranges = quantile_classes(&all, 5);
    let mut periods: Vec<&crate::model::Period> = regional
        .by_region
        .iter()
        .flatten()
        .map(|&i| &indicator.observations[i].period)
        .collect();
    periods.sort();
    periods.dedup();
    let shown = |n: Number| view.value(view.shown(indicator, n), &indicator.unit);
    let region_names: Vec<String> = layer.regions.iter().map(|r| view.plain(&r.name)).collect();
    let fills: Vec<PeriodFills> = periods
        .iter()
        .map(|period| {
            let mut fills = PeriodFills {
                label: period.label().to_string(),
                description: String::new(),
                classes: Vec::new(),
                tips: Vec::new(),
                values: Vec::new(),
            };
            let mut with_figure = Vec::new();
            for (r, (region, figures)) in region_names.iter().zip(&regional.by_region).enumerate() {
                let figure = figures
                    .iter()
                    .find(|&&i| indicator.observations[i].period == **period)
                    .map(|&i| number(i));
                with_figure.extend(figure.map(|n| (r, n.value)));
                let value = figure.map_or_else(|| t.get("map.no_data").to_string(), shown);
                fills
                    .classes
                    .push(figure.and_then(|n| class_of(n.value, &ranges)));
                fills
                    .tips
                    .push(t.fill("map.tip", &[("region", region), ("value", &value)]));
                fills.values.push(value);
            }
            fills.description = describe_extremes(view, &with_figure, &region_names, &fills);
            fills
        })
        .collect();
    let latest = fills.last().expect("a map has a figure");
    let class_labels = ranges
        .iter()
        .map(|&(low, high)| {
            let label = |v: f64| shown(number_like(v, indicator, regional));
            if low == high {
                label(low)
            } else {
                t.fill("map.class", &[("low", &label(low)), ("high", &label(high))])
            }
        })
        .collect();
    let map = Map {
        id: format!("map-{}", indicator.id),
        title: t.fill("map.title", &[("name", &name), ("layer", &layer_name)]),
        description: latest.description.clone(),
        legend_title: view.unit_label(&indicator.unit),
        period: latest.label.clone(),
        classes: class_labels,
        no_data: t.get("map.no_data").to_string(),
        regions: latest
            .classes
            .iter()
            .zip(&latest.tips)
            .map(|(class, tip)| Fill {
                tip: tip.clone(),
                class: *class,
            })
            .collect(),
    };
    Described {
        map,
        periods: fills,
        index,
        layer,
    }
}

/// The number `value` as the data writes it: a class bound is always a figure of the data, so
/// its decimals are that figure's.
fn number_like(value: f64, indicator: &Indicator, regional: &Regional) -> Number {
    regional
        .by_region
        .iter()
        .flatten()
        .filter_map(|&i| indicator.observations[i].value)
        .find(|n| n.value == value)
        .unwrap_or(Number { value, decimals: 0 })
}

/// Which regions have the highest and the lowest figure, in words.
fn describe_extremes(
    view: &View,
    with_figure: &[(usize, f64)],
    names: &[String],
    period: &PeriodFills,
) -> String {
    let t = view.t();
    let total = names.len().to_string();
    let count = with_figure.len().to_string();
    let high = with_figure
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a figure");
    let low = with_figure
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a figure");
    let values = &period.values;
    let period = period.label.as_str();
    if with_figure.len() == 1 {
        t.fill(
            "map.desc.one",
            &[
                ("period", period),
                ("region", &names[high.0]),
                ("value", &values[high.0]),
                ("total", &total),
            ],
        )
    } else if high.1 == low.1 {
        t.fill(
            "map.desc.equal",
            &[
                ("period", period),
                ("count", &count),
                ("value", &values[high.0]),
                ("total", &total),
            ],
        )
    } else {
        t.fill(
            "map.desc.range",
            &[
                ("period", period),
                ("high", &names[high.0]),
                ("high_value", &values[high.0]),
                ("low", &names[low.0]),
                ("low_value", &values[low.0]),
                ("count", &count),
                ("total", &total),
            ],
        )
    }
}

/// The layer as drawn: projected and simplified once, when rendering starts.
fn outlines<'a>(view: &View<'a>, layer: &MapLayer) -> &'a Outlines {
    &view.renderer.outlines[&layer.id]
}

/// The map of indicator `id` with its table and links, for a page; `None` without regional
/// figures.
pub fn figure(view: &View, id: &str) -> Option<MapView> {
    view.renderer
        .maps
        .get_or_compute((view.lang_index, id.to_string()), || draw_figure(view, id))
}

fn draw_figure(view: &View, id: &str) -> Option<MapView> {
    let described = describe(view, id)?;
    let chart_ref = ChartRef::Map(id.to_string());
    let map = &described.map;
    let layer = described.layer;
    let embed = PagePath::Embed(chart_ref.clone());
    let embed_code = embed_code(view, &chart_ref, &map.title, 720);
    let latest = described.periods.last().expect("a period");
    let colours: Vec<&str> = (0..map.classes.len())
        .map(|c| class_colour(c, map.classes.len()))
        .collect();
    let entry = view.renderer.catalog.indicator(described.index);
    Some(MapView {
        id: map.id.clone(),
        svg: map.to_svg(outlines(view, layer), MapVariant::Page),
        period: map.period.clone(),
        periods: described.periods.iter().map(|p| p.label.clone()).collect(),
        periods_json: serde_json::to_string(&described.periods).expect("serialisable"),
        colours_json: serde_json::to_string(&colours).expect("serialisable"),
        layer: view.plain(&layer.name),
        rows: layer
            .regions
            .iter()
            .zip(&latest.values)
            .map(|(region, value)| MapRow {
                name: view.plain(&region.name),
                value: value.clone(),
            })
            .collect(),
        attribution: view.optional_text(&layer.attribution),
        png: view
            .renderer
            .options
            .png
            .then(|| view.download_url(&chart_ref.image(view.lang(), "png"))),
        svg_url: view.download_url(&chart_ref.image(view.lang(), "svg")),
        geojson: entry
            .files
            .get(&Format::GeoJson)
            .map(|path| view.download_url(path)),
        embed_url: view.url(&embed),
        embed_code,
    })
}

/// The standalone image of indicator `id`'s map: the latest period with its title, legend,
/// source, boundaries' attribution and licence drawn in.
pub fn image(view: &View, id: &str) -> Option<String> {
    let described = describe(view, id)?;
    let indicator = &view.portal().indicators[described.index];
    let layer = described.layer;
    let lines = [
        described.map.description.clone(),
        view.plain(&layer.attribution),
    ]
    .into_iter()
    .filter(|l| !l.is_empty())
    .collect();
    let frame = image_frame(
        view,
        indicator,
        &ChartRef::Map(id.to_string()),
        format!("{}, {}", described.map.title, described.map.period),
        lines,
    );
    Some(
        described
            .map
            .to_svg(outlines(view, layer), MapVariant::Image(&frame)),
    )
}
