//! An indicator's page: narrative, chart, the full data table with every dimension,
//! footnotes, metadata, sources with citations, targets, downloads, previous and next.

use super::charts::{ChartView, figure};
use super::downloads::{DownloadsView, downloads};
use super::jsonld;
use super::render_template;
use super::revisions::{RevisionsView, revisions};
use super::target::{TargetSummary, target_summary};
use super::view::{CitationView, Link, PageMeta, TextView, View};
use crate::compute::IndicatorFacts;
use crate::failure::Failure;
use crate::model::{Indicator, Section};
use crate::site::urls::{ChartRef, Downloads, PagePath};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Serialize)]
struct IndicatorPage {
    page: PageMeta,
    id: String,
    name: TextView,
    unit: String,
    definition: Option<TextView>,
    narrative: Option<TextView>,
    chart: Option<ChartView>,
    map: Option<super::maps::MapView>,
    table: Table,
    footnotes: Vec<Footnote>,
    sources: Vec<SourceView>,
    metadata: Vec<Field>,
    goals: Vec<Link>,
    targets: Vec<TargetSummary>,
    target_values: Vec<String>,
    downloads: DownloadsView,
    /// schema.org metadata for the page's head.
    jsonld: String,
    revisions: Option<RevisionsView>,
    previous: Option<Link>,
    next: Option<Link>,
}

#[derive(Serialize)]
struct Table {
    dimensions: Vec<String>,
    has_status: bool,
    /// Whether the table has a column of sources: some rows cite one, and not all the same.
    has_source: bool,
    /// The source every row cites, said once under the table instead of on each row.
    one_source: Option<usize>,
    rows: Vec<Row>,
    /// Every observation, when the page shows only some of them.
    total: Option<usize>,
}

/// Rows an indicator page holds at most, so that a page stays well under a megabyte whatever
/// the data (a row is a few hundred bytes): the downloads hold every row.
const ROWS_ON_PAGE: usize = 1_000;

/// The observations the page's table shows, in table order: all of them when they fit;
/// else the headline series whole and then the other rows of the latest periods first.
fn rows_on_page(facts: &IndicatorFacts, headline: &HashSet<usize>) -> Vec<usize> {
    if facts.table.len() <= ROWS_ON_PAGE {
        return facts.table.clone();
    }
    let mut chosen: HashSet<usize> = headline.clone();
    // Table order is by period, so from its end backwards the newest come first.
    for &i in facts.table.iter().rev() {
        if chosen.len() >= ROWS_ON_PAGE.max(headline.len()) {
            break;
        }
        chosen.insert(i);
    }
    facts
        .table
        .iter()
        .copied()
        .filter(|i| chosen.contains(i))
        .collect()
}

#[derive(Serialize)]
struct Row {
    period: String,
    value: String,
    dims: Vec<String>,
    status: Option<String>,
    source: Option<usize>,
    footnote: Option<usize>,
    headline: bool,
    /// The chart's series the row belongs to: the chart's controls show and hide it with it.
    series: Option<usize>,
}

#[derive(Serialize)]
struct Footnote {
    number: usize,
    text: TextView,
}

#[derive(Serialize)]
struct SourceView {
    number: usize,
    citation: CitationView,
    note: Option<TextView>,
}

#[derive(Serialize)]
struct Field {
    label: String,
    value: String,
}

pub fn render(view: &View, id: &str) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let index = computed.indicator(id).expect("a page per indicator");
    let indicator: &Indicator = &portal.indicators[index];
    let facts = &computed.indicators[index];
    let t = view.t();
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| portal.indicators.get(i))
            .map(|n| view.link(view.plain(&n.name), &PagePath::Indicator(n.id.clone())))
    };
    let entry = view.renderer.catalog.indicator(index);
    let all = Link {
        label: t.get("downloads.all").to_string(),
        url: view.download_url(&Downloads::all_indicators_zip()),
    };
    let downloads = downloads(view, entry, Some(all));
    let variable = jsonld::Variable::new(
        None,
        view.plain(&indicator.name),
        view.optional_text(&indicator.definition).map(|t| t.text),
        Some(view.unit_label(&indicator.unit)),
    );
    let jsonld = jsonld::dataset(view, entry, vec![variable], &downloads.cite_full);
    let chart = figure(view, &ChartRef::Indicator(id.to_string()));
    let series_codes = chart.as_ref().map_or(&[][..], |c| &c.series_codes[..]);
    let table = table(view, indicator, facts, series_codes);
    let context = IndicatorPage {
        page: view.meta(
            "indicator",
            view.plain(&indicator.name),
            view.plain(&indicator.definition),
            vec![view.link(t.get("nav.indicators"), &PagePath::Indicators)],
        ),
        id: indicator.id.clone(),
        name: view.text(&indicator.name),
        unit: view.unit_label(&indicator.unit),
        definition: view.optional_text(&indicator.definition),
        narrative: view.narrative(Section::Indicators, id),
        chart,
        map: super::maps::figure(view, id),
        table,
        footnotes: footnotes(view, indicator, facts),
        sources: sources(view, indicator),
        metadata: metadata(view, indicator, facts),
        goals: goal_links(view, facts),
        targets: facts
            .targets
            .iter()
            .filter_map(|id| computed.target(id))
            .map(|f| target_summary(view, &portal.goals[f.goal].targets[f.position]))
            .collect(),
        target_values: target_values(view, indicator),
        downloads,
        jsonld,
        revisions: revisions(
            view,
            &indicator.revisions,
            &facts.changes,
            &indicator
                .data_file
                .iter()
                .map(|p| p.as_path())
                .collect::<Vec<_>>(),
        ),
        previous: neighbour(index.checked_sub(1)),
        next: neighbour(Some(index + 1)),
    };
    render_template(view, "indicator.html", &context)
}

/// The number of the source an observation or target value cites, as the sources list
/// numbers them.
fn source_number(indicator: &Indicator, source: &Option<String>) -> Option<usize> {
    source
        .as_ref()
        .and_then(|s| indicator.sources.iter().position(|x| &x.id == s))
        .map(|i| i + 1)
}

/// Every observation in table order, labelled in the page's language, each with the chart's
/// series (by their `series_codes`) it belongs to.
fn table(
    view: &View,
    indicator: &Indicator,
    facts: &IndicatorFacts,
    series_codes: &[Vec<String>],
) -> Table {
    let t = view.t();
    let series_of: HashMap<&Vec<String>, usize> = series_codes
        .iter()
        .enumerate()
        .map(|(n, c)| (c, n))
        .collect();
    let headline: HashSet<usize> = facts.headline_obs.iter().copied().collect();
    let shown = rows_on_page(facts, &headline);
    let mut cited = indicator
        .observations
        .iter()
        .map(|o| source_number(indicator, &o.source));
    let first = cited.next().flatten();
    let one_source = first.filter(|_| cited.all(|n| n == first));
    let rows = shown
        .iter()
        .map(|&i| {
            let o = &indicator.observations[i];
            Row {
                period: o.period.label().to_string(),
                value: o.value.map_or_else(
                    || t.get("table.no_value").to_string(),
                    |v| view.number(view.shown(indicator, v)),
                ),
                dims: o
                    .dims
                    .iter()
                    .zip(&indicator.dimensions)
                    .map(|(code, dim)| {
                        if code.is_empty() {
                            t.get("table.total").to_string()
                        } else {
                            dim.value_label(code, view.lang(), view.default_lang())
                                .to_string()
                        }
                    })
                    .collect(),
                status: o
                    .status
                    .map(|s| t.get(&format!("obs_status.{}", s.code())).to_string()),
                source: source_number(indicator, &o.source),
                footnote: facts.footnote_of[i],
                headline: headline.contains(&i),
                series: series_of.get(&o.dims).copied(),
            }
        })
        .collect();
    Table {
        dimensions: indicator
            .dimensions
            .iter()
            .map(|d| view.plain(&d.label))
            .collect(),
        has_status: indicator.observations.iter().any(|o| o.status.is_some()),
        has_source: one_source.is_none()
            && indicator.observations.iter().any(|o| o.source.is_some()),
        one_source,
        total: (shown.len() < facts.table.len()).then_some(facts.table.len()),
        rows,
    }
}

fn footnotes(view: &View, indicator: &Indicator, facts: &IndicatorFacts) -> Vec<Footnote> {
    facts
        .footnotes
        .iter()
        .enumerate()
        .map(|(n, &obs)| Footnote {
            number: n + 1,
            text: view.text(&indicator.observations[obs].note),
        })
        .collect()
}

fn sources(view: &View, indicator: &Indicator) -> Vec<SourceView> {
    indicator
        .sources
        .iter()
        .enumerate()
        .map(|(n, s)| SourceView {
            number: n + 1,
            citation: view.citation(&s.citation),
            note: view.optional_text(&s.note),
        })
        .collect()
}

/// Id, unit, reporting status, and the version and last update when known.
fn metadata(view: &View, indicator: &Indicator, facts: &IndicatorFacts) -> Vec<Field> {
    let t = view.t();
    let field = |key: &str, value: String| Field {
        label: t.get(key).to_string(),
        value,
    };
    let mut metadata = vec![
        field("meta.id", indicator.id.clone()),
        field("meta.unit", view.unit_label(&indicator.unit)),
        field(
            "meta.reporting_status",
            view.reporting_label(&indicator.reporting_status),
        ),
    ];
    if let Some(version) = &indicator.version {
        metadata.push(field("meta.version", version.clone()));
    }
    if let Some(updated) = facts.last_updated {
        metadata.push(field("meta.updated", updated.to_string()));
    }
    metadata
}

fn goal_links(view: &View, facts: &IndicatorFacts) -> Vec<Link> {
    facts
        .goals
        .iter()
        .filter_map(|id| view.portal().goals.iter().find(|g| &g.id == id))
        .map(|g| {
            view.link(
                format!("{} {}", g.id, view.plain(&g.title)),
                &PagePath::Goal(g.id.clone()),
            )
        })
        .collect()
}

/// The indicator's own target values, each with its source and note.
fn target_values(view: &View, indicator: &Indicator) -> Vec<String> {
    indicator
        .target_values
        .iter()
        .map(|tv| {
            let mut text = view.aim(tv.comparison, tv.value, &indicator.unit, tv.period.label());
            if let Some(n) = source_number(indicator, &tv.source) {
                text.push_str(&format!(" [{n}]"));
            }
            if !tv.note.is_empty() {
                text.push_str(" — ");
                text.push_str(&view.plain(&tv.note));
            }
            text
        })
        .collect()
}
