//! A chart alone on a page, for other sites to embed in an `<iframe>`: the chart with its
//! controls, the notes its marks refer to, a link to the full page with the data table, and
//! the licence.

use super::charts::{ChartNote, ChartView, describe, figure, notes};
use super::render_template;
use super::view::{PageMeta, View};
use crate::failure::Failure;
use crate::site::urls::{ChartRef, PagePath};
use serde::Serialize;

#[derive(Serialize)]
struct EmbedPage {
    page: PageMeta,
    chart: ChartView,
    caption: String,
    /// What the chart's footnote marks mean: the embed has no table to point to.
    notes: Vec<ChartNote>,
    /// The page the chart comes from, with the data table, sources and notes.
    full: String,
}

pub fn render(view: &View, chart_ref: &ChartRef) -> Result<String, Failure> {
    let chart = figure(view, chart_ref).expect("embed pages exist for charts with data");
    let t = view.t();
    let (full, title, caption) = match chart_ref {
        ChartRef::Indicator(id) => {
            let index = view
                .computed()
                .indicator(id)
                .expect("a chart per indicator");
            (
                PagePath::Indicator(id.clone()),
                view.plain(&view.portal().indicators[index].name),
                t.get("chart.embed.caption"),
            )
        }
        ChartRef::Target(id) => {
            let facts = view.computed().target(id).expect("a chart per target");
            let target = &view.portal().goals[facts.goal].targets[facts.position];
            (
                PagePath::Target(id.clone()),
                format!("{} {}", target.id, view.plain(&target.title)),
                t.get("target.chart_caption"),
            )
        }
    };
    let notes = describe(view, chart_ref)
        .map(|described| notes(view, chart_ref, &described, false))
        .unwrap_or_default();
    let context = EmbedPage {
        page: view.meta("embed", title, String::new(), Vec::new()),
        caption: caption.to_string(),
        notes,
        chart,
        full: view.url(&full),
    };
    render_template(view, "embed.html", &context)
}
