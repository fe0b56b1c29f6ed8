//! Charts of indicators and targets for pages, embeds and images: which series, targets and
//! paths a chart shows, their labels in the page's language, and the finding in words.
//! Drawing is `crate::chart`'s job; this module only describes.

use super::view::{TextView, View};
use crate::chart::{
    self, BaselineMark, Chart, Frame, Kind, Moment, Path, PathKind, Point, Series, TargetMark,
    Variant,
};
use crate::compute::{IndicatorFacts, TargetFacts, preferred_by_period};
use crate::model::{
    ChartKind, Comparison, Indicator, ObservationStatus, Period, PeriodKind, ProgressScale, Target,
    Text,
};
use crate::site::urls::{ChartRef, PagePath};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

/// Series a page's chart offers at most: each is drawn in both layouts, so thousands of
/// breakdowns would make a page of megabytes; the table and downloads hold them all.
const MAX_SERIES: usize = 30;

/// A chart as a page shows it: both layouts, the controls the script brings to life, and
/// the links to its images and embed page.
#[derive(Default, Serialize)]
pub struct ChartView {
    pub id: String,
    pub wide: String,
    pub compact: String,
    /// One toggle per series, when there are several and they differ in one dimension.
    pub series: Vec<SeriesToggle>,
    /// One set of checkboxes per dimension, when the series differ in several: the one set
    /// of controls then, as a toggle per combination would be a long list.
    pub filters: Vec<Filter>,
    /// Each series' code in each dimension (blank for the total), by series: the script
    /// shows and hides series by them, and the data table's rows of those series with them.
    pub series_codes: Vec<Vec<String>>,
    /// The PNG, when the build draws them (`BuildOptions::png`).
    pub png: Option<String>,
    pub svg: String,
    pub embed_url: String,
    /// The `<iframe>` to paste into another site.
    pub embed_code: String,
    /// What the footnote marks of the shown series mean, on the embed page (the indicator's
    /// page has them under its table).
    pub notes: Vec<ChartNote>,
}

#[derive(Clone, Serialize)]
pub struct SeriesToggle {
    pub index: usize,
    pub label: String,
    pub shown: bool,
    /// A small SVG sample of the series' colour, marker and dash.
    pub swatch: String,
}

#[derive(Clone, Serialize)]
pub struct Filter {
    pub dimension: usize,
    pub label: String,
    pub values: Vec<FilterValue>,
}

#[derive(Clone, Serialize)]
pub struct FilterValue {
    pub code: String,
    pub label: String,
    pub checked: bool,
}

/// The chart `chart` refers to, described in the view's language; `None` when it has no data.
pub fn describe(view: &View, chart: &ChartRef) -> Option<Chart> {
    let (indicator, facts) = charted(view, chart)?;
    let target = match chart {
        ChartRef::Indicator(_) | ChartRef::Map(_) => None,
        ChartRef::Target(id) => {
            let facts = view.computed().target(id)?;
            Some((
                &view.portal().goals[facts.goal].targets[facts.position],
                facts,
            ))
        }
    };
    let described = indicator_chart(view, indicator, facts, target);
    (!described.series.is_empty()).then_some(described)
}

/// The indicator whose data a chart draws: its own, or the one a target is assessed by.
fn charted<'a>(view: &View<'a>, chart: &ChartRef) -> Option<(&'a Indicator, &'a IndicatorFacts)> {
    let computed = view.computed();
    let id = match chart {
        ChartRef::Indicator(id) => id.as_str(),
        ChartRef::Target(id) => computed.target(id)?.assessed.as_deref()?,
        // Maps are `super::maps`' to describe.
        ChartRef::Map(_) => return None,
    };
    let index = computed.indicator(id)?;
    Some((
        &view.portal().indicators[index],
        &computed.indicators[index],
    ))
}

/// Whether the series of `dims` is one the indicator shows from the start: for every field
/// `data_start_values` names, it has one of that field's values (open-sdg selects them all,
/// so two values of one field select two series), each matched by column (or its label) and
/// by code (or its label).
fn selected_from_start(indicator: &Indicator, dims: &[String]) -> bool {
    let start = &indicator.chart_options.start_values;
    let labelled =
        |text: &Text, wanted: &str| text.languages().any(|lang| text.get(lang, lang) == wanted);
    let has = |field: &str, value: &str| {
        indicator.dimensions.iter().zip(dims).any(|(d, code)| {
            (d.column == field || labelled(&d.label, field))
                && !code.is_empty()
                && (code == value || d.values.get(code).is_some_and(|l| labelled(l, value)))
        })
    };
    let fields: BTreeSet<&str> = start.iter().map(|(field, _)| field.as_str()).collect();
    !fields.is_empty()
        && fields.iter().all(|field| {
            start
                .iter()
                .filter(|(f, _)| f == field)
                .any(|(_, value)| has(field, value))
        })
}

/// Open SDG's `graph_series_breaks`: a break at position `v` among the chart's periods (`8.5`
/// between the ninth and the tenth) is a break before period `floor(v) + 1` in every series.
fn mark_series_breaks(indicator: &Indicator, facts: &IndicatorFacts, series: &mut [Series]) {
    let positions: Vec<f64> = indicator
        .chart_options
        .breaks
        .iter()
        .filter(|b| scoped_to_headline(indicator, facts, &b.unit, &b.series))
        .map(|b| b.value)
        .collect();
    if positions.is_empty() {
        return;
    }
    let mut periods: Vec<f64> = series.iter().flat_map(|s| &s.points).map(|p| p.x).collect();
    periods.sort_by(f64::total_cmp);
    periods.dedup();
    let after: Vec<f64> = positions
        .iter()
        .filter_map(|v| periods.get(v.floor() as usize + 1).copied())
        .collect();
    for point in series.iter_mut().flat_map(|s| &mut s.points) {
        if after.contains(&point.x) {
            point.break_before = true;
        }
    }
}

/// Open SDG's vertical `graph_annotations` on the headline chart, each with the period it is
/// at (or after, between two): a `value` is a position among the chart's periods as Chart.js's
/// category axis reads it (`3` the fourth period, `2.5` halfway between the third and the
/// fourth), or a period's label as written (`"2015"`; a number past the last position that
/// names a period is read so too, rather than drawn off the chart as open-sdg would).
fn marked_moments(
    view: &View,
    indicator: &Indicator,
    facts: &IndicatorFacts,
    series: &[Series],
) -> Vec<(Moment, String)> {
    let mut periods: Vec<(f64, &str)> = series
        .iter()
        .flat_map(|s| &s.points)
        .map(|p| (p.x, p.period.as_str()))
        .collect();
    periods.sort_by(|a, b| a.0.total_cmp(&b.0));
    periods.dedup_by(|a, b| a.0 == b.0);
    if periods.is_empty() {
        return Vec::new();
    }
    indicator
        .chart_options
        .moments
        .iter()
        .filter(|m| scoped_to_headline(indicator, facts, &m.unit, &m.series))
        .filter_map(|m| {
            let written = m.value.0.trim();
            let by_label = || periods.iter().find(|(_, label)| *label == written).copied();
            let at = match written.parse::<f64>() {
                Ok(v) if v >= 0.0 && v <= (periods.len() - 1) as f64 => {
                    let (low, high) = (periods[v.floor() as usize], periods[v.ceil() as usize]);
                    let x = low.0 + (high.0 - low.0) * v.fract();
                    Some((x, high.1))
                }
                _ => by_label(),
            }?;
            let moment = Moment {
                x: at.0,
                label: view.plain(&m.value.1),
            };
            Some((moment, at.1.to_string()))
        })
        .collect()
}

/// Whether a chart setting for `unit` and `series` (each `None` or blank for any) applies to
/// the headline: Open SDG applies it while the reader looks at that unit and series, and the
/// headline is what chiso's chart draws first. A code is matched as written or by its label.
fn scoped_to_headline(
    indicator: &Indicator,
    facts: &IndicatorFacts,
    unit: &Option<String>,
    series: &Option<String>,
) -> bool {
    let matches = |wanted: &Option<String>,
                   is_column: &dyn Fn(&crate::model::Dimension) -> bool| {
        let Some(wanted) = wanted.as_deref().filter(|w| !w.trim().is_empty()) else {
            return true;
        };
        indicator.dimensions.iter().enumerate().any(|(k, d)| {
            let code = facts.headline_dims.get(k).map_or("", String::as_str);
            is_column(d)
                && (code == wanted
                    || d.values.get(code).is_some_and(|label| {
                        label
                            .languages()
                            .any(|lang| label.get(lang, lang) == wanted)
                    }))
        })
    };
    matches(unit, &|d| d.measures_unit())
        && matches(series, &|d| d.column.eq_ignore_ascii_case("series"))
}

/// A note behind a footnote mark of a chart, numbered as on the indicator's page.
#[derive(Clone, Serialize)]
pub struct ChartNote {
    pub number: String,
    pub text: TextView,
}

/// The notes whose marks the chart's shown series carry (images and embeds draw no others),
/// so that a chart pasted elsewhere explains its own marks.
pub fn notes(view: &View, chart_ref: &ChartRef, chart: &Chart) -> Vec<ChartNote> {
    let Some((indicator, facts)) = charted(view, chart_ref) else {
        return Vec::new();
    };
    let marks: BTreeSet<usize> = chart
        .series
        .iter()
        .filter(|s| s.shown)
        .flat_map(|s| &s.points)
        .filter_map(|p| p.marker.as_ref()?.parse().ok())
        .collect();
    marks
        .into_iter()
        .filter_map(|n: usize| {
            let &obs = facts.footnotes.get(n.checked_sub(1)?)?;
            Some(ChartNote {
                number: n.to_string(),
                text: view.text(&indicator.observations[obs].note),
            })
        })
        .collect()
}

/// The chart with its controls and links, for a page.
pub fn figure(view: &View, chart_ref: &ChartRef) -> Option<ChartView> {
    let chart = describe(view, chart_ref)?;
    let (series, filters) = controls(view, chart_ref, &chart);
    Some(ChartView {
        id: chart.id.clone(),
        wide: chart.to_svg(Variant::Wide),
        compact: chart.to_svg(Variant::Compact),
        series,
        filters,
        series_codes: chart.series.iter().map(|s| s.codes.clone()).collect(),
        png: view
            .renderer
            .options
            .png
            .then(|| view.download_url(&chart_ref.image(view.lang(), "png"))),
        svg: view.download_url(&chart_ref.image(view.lang(), "svg")),
        embed_url: view.url(&PagePath::Embed(chart_ref.clone())),
        embed_code: embed_code(view, chart_ref, &chart.title, 560),
        notes: Vec::new(),
    })
}

/// The chart as its embed page shows it: the shown series only, as its image has them, with
/// no controls or links, and the notes their marks refer to (the embed has no table to point
/// to). Pages in other sites stay light whatever the indicator's breakdowns.
pub fn embedded_figure(view: &View, chart_ref: &ChartRef) -> Option<ChartView> {
    let chart = describe(view, chart_ref)?;
    Some(ChartView {
        id: chart.id.clone(),
        wide: chart.to_svg_of_shown_series(Variant::Wide),
        compact: chart.to_svg_of_shown_series(Variant::Compact),
        notes: notes(view, chart_ref, &chart),
        ..ChartView::default()
    })
}

/// The `<iframe>` another site pastes to show the chart or map `chart_ref`, `height` pixels
/// tall, titled `title`.
pub fn embed_code(view: &View, chart_ref: &ChartRef, title: &str, height: u32) -> String {
    let embed = PagePath::Embed(chart_ref.clone());
    format!(
        r#"<iframe src="{}" title="{}" width="100%" height="{height}" style="border:0" loading="lazy"></iframe>"#,
        view.absolute_url(&embed, view.lang()),
        crate::escape::markup(title)
    )
}

/// The standalone image of a chart: the chart with its title, source and licence drawn in.
pub fn image(view: &View, chart_ref: &ChartRef) -> Option<String> {
    let chart = describe(view, chart_ref)?;
    let t = view.t();
    let (indicator, _) = charted(view, chart_ref)?;
    let notes = notes(view, chart_ref, &chart)
        .into_iter()
        .map(|note| {
            t.fill(
                "chart.image.note",
                &[("n", &note.number), ("text", &note.text.text)],
            )
        })
        .collect();
    let frame = image_frame(view, indicator, chart_ref, chart.title.clone(), notes);
    Some(chart.to_svg(Variant::Image(&frame)))
}

/// What an image of `indicator`'s data says around it, so that it can be pasted anywhere:
/// its heading, `lines` of its own, the documents the figures come from, and the licence
/// with the page's address.
pub fn image_frame(
    view: &View,
    indicator: &Indicator,
    chart_ref: &ChartRef,
    heading: String,
    lines: Vec<String>,
) -> Frame {
    let portal = view.portal();
    let t = view.t();
    let mut documents: Vec<String> = Vec::new();
    for source in &indicator.sources {
        if let Some(doc) = portal
            .documents
            .iter()
            .find(|d| d.id == source.citation.document)
        {
            let title = view.plain(&doc.title);
            if !documents.contains(&title) {
                documents.push(title);
            }
        }
    }
    if documents.is_empty() {
        documents.push(view.plain(&portal.config.publisher.name));
    }
    let page = chart_ref.page();
    Frame {
        heading,
        lines: lines
            .into_iter()
            .chain([
                t.fill("chart.image.source", &[("sources", &documents.join("; "))]),
                t.fill(
                    "chart.image.licence",
                    &[
                        ("site", &view.plain(&portal.config.title)),
                        ("url", &view.absolute_url(&page, view.lang())),
                        ("licence", &portal.config.license.name),
                    ],
                ),
            ])
            .collect(),
    }
}

/// The chart of an indicator: the headline and every other dimension combination as series.
/// On a target's page, `target` adds that target's baseline, the path required to reach it
/// and the path the latest pace projects, and only the headline is drawn.
fn indicator_chart(
    view: &View,
    indicator: &Indicator,
    facts: &IndicatorFacts,
    target: Option<(&Target, &TargetFacts)>,
) -> Chart {
    let t = view.t();
    let name = view.plain(&indicator.name);
    let mut combos: Vec<&Vec<String>> = vec![&facts.headline_dims];
    let mut omitted_series = 0;
    if target.is_none() {
        // Series in another unit than the headline's cannot share its axis.
        let same_unit = |dims: &Vec<String>| {
            indicator
                .dimensions
                .iter()
                .enumerate()
                .filter(|(_, d)| d.measures_unit())
                .all(|(k, _)| dims[k] == facts.headline_dims[k])
        };
        let others: BTreeSet<&Vec<String>> = indicator
            .observations
            .iter()
            .map(|o| &o.dims)
            .filter(|d| **d != facts.headline_dims && same_unit(d))
            .collect();
        let mut others: Vec<&Vec<String>> = others.into_iter().collect();
        if others.len() >= MAX_SERIES {
            // The simplest breakdowns first (by one dimension, then by two…).
            others.sort_by_key(|d| (d.iter().filter(|c| !c.is_empty()).count(), *d));
            omitted_series = others.len() + 1 - MAX_SERIES;
            others.truncate(MAX_SERIES - 1);
        }
        combos.extend(others);
    }
    let charted: HashSet<&Vec<String>> = combos.iter().copied().collect();
    let periods: BTreeSet<&Period> = indicator
        .observations
        .iter()
        .filter(|o| o.value.is_some() && charted.contains(&o.dims))
        .map(|o| &o.period)
        .collect();
    // A target's chart runs to the deadline on a time axis, whatever the data.
    let kind = match (indicator.chart, periods.len() > 1 || target.is_some()) {
        (ChartKind::Line, _) | (ChartKind::Auto, true) => Kind::Line,
        (ChartKind::Bar, true) => Kind::Bars,
        (ChartKind::StackedBar, _) => Kind::StackedBars,
        (ChartKind::Auto | ChartKind::Bar, false) => Kind::Categories,
    };
    let mut series: Vec<Series> = combos
        .iter()
        .enumerate()
        .map(|(n, dims)| Series {
            label: series_label(view, indicator, dims),
            // Lines start with the headline alone (and the series `data_start_values`
            // selects); bars show every category.
            shown: n == 0 || kind != Kind::Line || selected_from_start(indicator, dims),
            total: dims.iter().all(String::is_empty),
            codes: dims.to_vec(),
            points: points(view, indicator, facts, dims),
        })
        .filter(|s| s.points.iter().any(|p| p.y.is_some()))
        .collect();
    mark_series_breaks(indicator, facts, &mut series);

    let mut targets = Vec::new();
    let linked: Vec<&Target> = match target {
        Some((t, _)) => vec![t],
        None => facts
            .targets
            .iter()
            .filter_map(|id| {
                let f = view.computed().target(id)?;
                Some(&view.portal().goals[f.goal].targets[f.position])
            })
            .collect(),
    };
    for linked in linked {
        let (Some(aim), Some(deadline)) = (&linked.aim, &linked.deadline) else {
            continue;
        };
        if aim.unit != indicator.unit {
            continue;
        }
        targets.push(TargetMark {
            value: aim.value.value,
            deadline: Some(deadline.mid_as_year()),
            label: t.fill(
                "chart.target",
                &[
                    ("value", &view.value(aim.value, &aim.unit)),
                    ("deadline", deadline.label()),
                ],
            ),
        });
    }
    if target.is_none() {
        for tv in &indicator.target_values {
            targets.push(TargetMark {
                value: tv.value.value,
                deadline: Some(tv.period.mid_as_year()),
                label: t.fill(
                    "chart.target",
                    &[
                        ("value", &view.value(tv.value, &indicator.unit)),
                        ("deadline", tv.period.label()),
                    ],
                ),
            });
        }
    }
    let options = &indicator.chart_options;
    let headline_only = |unit: &Option<String>, series: &Option<String>| {
        scoped_to_headline(indicator, facts, unit, series)
    };
    if target.is_none() {
        for line in options
            .lines
            .iter()
            .filter(|l| headline_only(&l.unit, &l.series))
        {
            targets.push(TargetMark {
                value: line.value.0,
                deadline: None,
                label: view.plain(&line.value.1),
            });
        }
    }
    let moments = if target.is_none() {
        marked_moments(view, indicator, facts, &series)
    } else {
        Vec::new()
    };
    let axis = options
        .limits
        .iter()
        .find(|l| headline_only(&l.unit, &l.series))
        .map_or([None, None], |l| l.value);
    let own_title = options
        .titles
        .iter()
        .find(|title| headline_only(&title.unit, &title.series))
        .map(|title| view.plain(&title.value));
    let (baseline, paths) = match target {
        Some((linked, facts)) => status_paths(view, indicator, linked, facts),
        None => (None, Vec::new()),
    };

    let mut description = finding(
        view,
        &name,
        &series,
        kind,
        lower_is_better(view, indicator, facts),
    );
    for mark in &targets {
        description.push(' ');
        description.push_str(&mark.label);
        description.push('.');
    }
    for (moment, period) in &moments {
        if !moment.label.is_empty() {
            description.push_str(&format!(" {} ({period}).", moment.label));
        }
    }
    let moments = moments.into_iter().map(|(moment, _)| moment).collect();
    if omitted_series > 0 {
        description.push(' ');
        description.push_str(&t.fill(
            "chart.desc.omitted",
            &[
                ("shown", &MAX_SERIES.to_string()),
                ("total", &(MAX_SERIES + omitted_series).to_string()),
            ],
        ));
    }
    let id = match target {
        Some((linked, _)) => format!("chart-target-{}", linked.id),
        None => format!("chart-{}", indicator.id),
    };
    Chart {
        id,
        title: match target {
            Some((linked, _)) => format!("{} {}", linked.id, view.plain(&linked.title)),
            None => own_title.unwrap_or(name),
        },
        description,
        kind,
        unit_label: match (kind, periods.first()) {
            // Bars of one period show no time axis: the unit line says which period it is.
            (Kind::Categories, Some(period)) => t.fill(
                "chart.unit_in_period",
                &[
                    ("unit", &view.unit_label(&indicator.unit)),
                    ("period", period.label()),
                ],
            ),
            _ => view.unit_label(&indicator.unit),
        },
        series,
        targets,
        moments,
        baseline,
        paths,
        axis,
        numbers: t.numbers.clone(),
    }
}

/// "Total", or the labels of a combination's dimension values.
pub fn series_label(view: &View, indicator: &Indicator, dims: &[String]) -> String {
    if dims.iter().all(String::is_empty) {
        return view.t().get("table.total").to_string();
    }
    dims.iter()
        .zip(&indicator.dimensions)
        .filter(|(code, _)| !code.is_empty())
        .map(|(code, dim)| dim.value_label(code, view.lang(), view.default_lang()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One point per period of a combination: the preferred figure, or a gap where the period
/// has only observations without a value.
fn points(
    view: &View,
    indicator: &Indicator,
    facts: &IndicatorFacts,
    dims: &[String],
) -> Vec<Point> {
    let preferred = preferred_by_period(indicator, dims);
    let with_value: BTreeSet<&Period> = preferred
        .iter()
        .map(|&i| &indicator.observations[i].period)
        .collect();
    let gaps: BTreeSet<&Period> = indicator
        .observations
        .iter()
        .filter(|o| {
            o.dims == dims
                && o.value.is_none()
                && o.period.axis_position().is_some()
                && !with_value.contains(&o.period)
        })
        .map(|o| &o.period)
        .collect();
    let mut points: Vec<(&Period, Point)> = preferred
        .iter()
        .map(|&i| {
            let o = &indicator.observations[i];
            let value = o.value.expect("preferred figures have values");
            (
                &o.period,
                Point {
                    break_before: o.status == Some(ObservationStatus::Break),
                    ..point(
                        &o.period,
                        Some(value.value),
                        view.value(view.shown(indicator, value), &indicator.unit),
                        facts.footnote_of[i],
                    )
                },
            )
        })
        .chain(gaps.into_iter().map(|p| {
            (
                p,
                point(p, None, view.t().get("table.no_value").to_string(), None),
            )
        }))
        .collect();
    points.sort_by(|a, b| a.0.cmp(b.0));
    points.into_iter().map(|(_, p)| p).collect()
}

/// `period`'s point, where the axis places it (callers keep only periods it places).
fn point(period: &Period, y: Option<f64>, value: String, footnote: Option<usize>) -> Point {
    let range = || {
        let start = crate::model::date_as_year(period.start()) - 1.0 / 366.0;
        (start, period.end_as_year())
    };
    Point {
        x: period.axis_position().unwrap_or_default(),
        span: (period.kind() == PeriodKind::Range).then(range),
        y,
        period: period.label().to_string(),
        value,
        marker: footnote.map(|n| n.to_string()),
        break_before: false,
    }
}

/// Whether less is better for an indicator: a target that measures it wants it at most some
/// value (a rank, a processing time). Only the indicator's own targets are looked at.
fn lower_is_better(view: &View, indicator: &Indicator, facts: &IndicatorFacts) -> bool {
    let portal = view.portal();
    facts
        .targets
        .iter()
        .filter_map(|id| view.computed().target(id))
        .map(|t| &portal.goals[t.goal].targets[t.position])
        .any(|t| {
            t.indicators.contains(&indicator.id)
                && t.aim
                    .as_ref()
                    .is_some_and(|a| a.comparison == Comparison::AtMost && a.unit == indicator.unit)
        })
}

/// The finding in words: how the headline moved, or each category's value.
fn finding(
    view: &View,
    name: &str,
    series: &[Series],
    kind: Kind,
    lower_is_better: bool,
) -> String {
    let t = view.t();
    let Some(headline) = series.first() else {
        return t.fill("chart.desc.none", &[("name", name)]);
    };
    let values: Vec<&Point> = headline.points.iter().filter(|p| p.y.is_some()).collect();
    if kind == Kind::Categories && series.len() > 1 {
        let parts: Vec<String> = series
            .iter()
            .filter_map(|s| {
                let p = s.points.iter().rev().find(|p| p.y.is_some())?;
                Some(format!("{} {}", s.label, p.value))
            })
            .collect();
        let period = values.last().map_or("", |p| p.period.as_str());
        return t.fill(
            "chart.more.categories",
            &[
                ("name", name),
                ("period", period),
                ("values", &parts.join("; ")),
            ],
        );
    }
    match (values.first(), values.last()) {
        (Some(first), Some(last)) if values.len() > 1 => {
            let (a, b) = (first.y.unwrap_or(0.0), last.y.unwrap_or(0.0));
            // Figures on both sides of a break are not comparable: no rise or fall is read
            // from them. For lower-is-better measures a fall is an improvement.
            let key = if values[1..].iter().any(|p| p.break_before) {
                "chart.desc.break"
            } else if a == b {
                "chart.desc.flat"
            } else if lower_is_better {
                if b < a {
                    "chart.desc.improved"
                } else {
                    "chart.desc.worsened"
                }
            } else if b > a {
                "chart.desc.rose"
            } else {
                "chart.desc.fell"
            };
            t.fill(
                key,
                &[
                    ("name", name),
                    ("first", &first.value),
                    ("first_period", &first.period),
                    ("last", &last.value),
                    ("last_period", &last.period),
                ],
            )
        }
        (Some(only), _) => t.fill(
            "chart.desc.single",
            &[
                ("name", name),
                ("value", &only.value),
                ("period", &only.period),
            ],
        ),
        _ => t.fill("chart.desc.none", &[("name", name)]),
    }
}

/// The baseline and the paths of a target's assessment, placed like the data: each period at
/// its middle. Paths follow the scale the status method used: straight for points per year,
/// compound growth curves for growth rates.
fn status_paths(
    view: &View,
    indicator: &Indicator,
    target: &Target,
    facts: &TargetFacts,
) -> (Option<BaselineMark>, Vec<Path>) {
    let t = view.t();
    let a = &facts.assessment;
    // Assessments name periods by label; other formats' labels (`2000 Q1`) are read leniently.
    let x_of = |label: &str| {
        Some(Period::lenient(label))
            .filter(Period::is_dated)
            .map(|p| p.mid_as_year())
    };
    let Some(b) = &a.baseline else {
        return (None, Vec::new());
    };
    let Some(x0) = x_of(&b.period) else {
        return (None, Vec::new());
    };
    let baseline = BaselineMark {
        x: x0,
        y: b.value,
        label: t.fill(
            "chart.more.baseline",
            &[
                ("value", &view.measured(b.value, &indicator.unit)),
                ("period", &b.period),
            ],
        ),
    };
    let mut paths = Vec::new();
    let (Some(aim), Some(deadline)) = (&target.aim, &target.deadline) else {
        return (Some(baseline), paths);
    };
    let growth = a.scale == ProgressScale::Growth;
    let xd = deadline.mid_as_year();
    paths.push(Path {
        label: t.get("chart.required_path").to_string(),
        kind: PathKind::Required,
        points: path_points((x0, b.value), (xd, aim.value.value), growth),
    });
    if let (Some(latest), Some(projected)) = (&a.latest, a.projected)
        && let Some(x1) = x_of(&latest.period)
    {
        paths.push(Path {
            label: t.get("chart.projected_path").to_string(),
            kind: PathKind::Projected,
            points: path_points((x1, latest.value), (xd, projected), growth),
        });
    }
    (Some(baseline), paths)
}

/// Points from `from` to `to`: a straight line, or a compound-growth curve.
fn path_points(from: (f64, f64), to: (f64, f64), growth: bool) -> Vec<(f64, f64)> {
    if !growth || from.1 <= 0.0 || to.1 <= 0.0 {
        return vec![from, to];
    }
    const STEPS: usize = 16;
    (0..=STEPS)
        .map(|i| {
            let f = i as f64 / STEPS as f64;
            (
                from.0 + f * (to.0 - from.0),
                from.1 * (to.1 / from.1).powf(f),
            )
        })
        .collect()
}

/// The series toggles and dimension filters of a chart with several series.
/// The one set of controls of a chart with several series: a toggle per series when they
/// differ in one dimension, else a set of checkboxes per dimension.
fn controls(view: &View, chart_ref: &ChartRef, chart: &Chart) -> (Vec<SeriesToggle>, Vec<Filter>) {
    if chart.series.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let ChartRef::Indicator(id) = chart_ref else {
        return (Vec::new(), Vec::new());
    };
    let Some(index) = view.computed().indicator(id) else {
        return (Vec::new(), Vec::new());
    };
    let indicator = &view.portal().indicators[index];
    let combos: Vec<&Vec<String>> = chart.series.iter().map(|s| &s.codes).collect();
    let filters: Vec<Filter> = indicator
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let codes: BTreeSet<&str> = combos.iter().map(|c| c[d].as_str()).collect();
            Filter {
                dimension: d,
                label: view.plain(&dim.label),
                values: codes
                    .into_iter()
                    .map(|code| FilterValue {
                        code: code.to_string(),
                        label: if code.is_empty() {
                            view.t().get("table.total").to_string()
                        } else {
                            dim.value_label(code, view.lang(), view.default_lang())
                                .to_string()
                        },
                        checked: chart
                            .series
                            .iter()
                            .zip(&combos)
                            .any(|(s, c)| s.shown && c[d] == code),
                    })
                    .collect(),
            }
        })
        .filter(|f| f.values.len() > 1)
        .collect();
    if filters.len() > 1 {
        return (Vec::new(), filters);
    }
    let toggles = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, s)| SeriesToggle {
            index,
            label: s.label.clone(),
            shown: s.shown,
            swatch: swatch(index, chart.kind),
        })
        .collect();
    (toggles, Vec::new())
}

/// A sample of a series' look for its toggle button.
fn swatch(index: usize, kind: Kind) -> String {
    let style = chart::series_style(index);
    let dash = if style.dash.is_empty() || kind != Kind::Line {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{}""#, style.dash)
    };
    format!(
        r#"<svg class="swatch" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true" focusable="false"><line x1="0" x2="28" y1="6" y2="6" stroke="{}" stroke-width="{}"{dash}/><{} fill="{}"/></svg>"#,
        style.colour,
        if kind == Kind::Line { 2.5 } else { 8.0 },
        chart::marker_at(index, 14.0, 6.0),
        style.colour
    )
}
