//! A chart or map alone on a page, for other sites to embed in an `<iframe>`: the chart as
//! its image shows it, with tooltips, and the notes its marks refer to (or the map with its table), a link to the
//! full page with the data table, and the licence.

use super::charts::{ChartNote, ChartView, embedded_figure};
use super::maps::{self, MapView};
use super::render_template;
use super::view::{PageMeta, View};
use crate::failure::Failure;
use crate::site::urls::ChartRef;
use serde::Serialize;

#[derive(Serialize)]
struct EmbedPage {
    page: PageMeta,
    chart: Option<ChartView>,
    map: Option<MapView>,
    caption: String,
    /// What the chart's footnote marks mean: the embed has no table to point to.
    notes: Vec<ChartNote>,
    /// The page the chart comes from, with the data table, sources and notes.
    full: String,
}

pub fn render(view: &View, chart_ref: &ChartRef) -> Result<String, Failure> {
    let t = view.t();
    let indicator_name = |id: &str| {
        let index = view
            .computed()
            .indicator(id)
            .expect("a chart per indicator");
        view.plain(&view.portal().indicators[index].name)
    };
    let (title, caption) = match chart_ref {
        ChartRef::Indicator(id) => (indicator_name(id), t.get("chart.embed.caption")),
        ChartRef::Map(id) => (indicator_name(id), t.get("map.embed_caption")),
        ChartRef::Target(id) => {
            let facts = view.computed().target(id).expect("a chart per target");
            let target = &view.portal().goals[facts.goal].targets[facts.position];
            (
                format!("{} {}", target.id, view.plain(&target.title)),
                t.get("target.chart_caption"),
            )
        }
    };
    let (chart, map) = match chart_ref {
        ChartRef::Map(id) => (None, maps::figure(view, id)),
        _ => (embedded_figure(view, chart_ref), None),
    };
    assert!(
        chart.is_some() || map.is_some(),
        "embed pages exist for charts with data"
    );
    let notes = chart.as_ref().map(|c| c.notes.clone()).unwrap_or_default();
    let context = EmbedPage {
        page: view.meta("embed", title, String::new(), Vec::new()),
        caption: caption.to_string(),
        notes,
        chart,
        map,
        full: view.url(&chart_ref.page()),
    };
    render_template(view, "embed.html", &context)
}
