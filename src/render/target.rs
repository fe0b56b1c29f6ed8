//! A target's page: the aim, the status computed from the data and the calculation behind it
//! in words and numbers, any declared status, and a chart of the path required and projected.

use super::charts::{ChartView, figure, series_label};
use super::render_template;
use super::view::{CitationView, Link, PageMeta, StatusView, TextView, View};
use crate::compute::status::{Assessment, Reason, Status};
use crate::compute::{CoverageKind, TargetFacts};
use crate::failure::Failure;
use crate::model::{Aim, ProgressScale, Section, Target};
use crate::site::urls::{ChartRef, PagePath};
use serde::Serialize;

/// A target as listed on goal, indicator and status pages.
#[derive(Serialize)]
pub struct TargetSummary {
    pub id: String,
    pub title: TextView,
    pub url: String,
    pub status: StatusView,
    pub declared: Option<StatusView>,
    pub disagreement: bool,
    pub aim: Option<String>,
    /// The latest value the status used, with its period.
    pub latest: Option<String>,
}

pub fn target_summary(view: &View, target: &Target) -> TargetSummary {
    let facts = view
        .computed()
        .target(&target.id)
        .expect("every target is computed");
    TargetSummary {
        id: target.id.clone(),
        title: view.text(&target.title),
        url: view.url(&PagePath::Target(target.id.clone())),
        status: view.status(facts.assessment.status),
        declared: target
            .declared
            .as_ref()
            .map(|d| view.declared_status(d.status)),
        disagreement: facts.disagreement,
        aim: aim_text(view, target),
        latest: latest_text(view, target, &facts.assessment),
    }
}

/// "55.1% (2022)": the latest value an assessment used.
pub fn latest_text(view: &View, target: &Target, a: &Assessment) -> Option<String> {
    let unit = target.aim.as_ref().map_or("", |a| a.unit.as_str());
    a.latest.as_ref().map(|p| point_text(view, p, unit))
}

/// A value with its period: "55.1% (2022)".
fn point_text(view: &View, point: &crate::compute::status::Point, unit: &str) -> String {
    format!("{} ({})", view.measured(point.value, unit), point.period)
}

/// A sentence for each figure the status rests on that is derived, not stated.
pub fn derived_figures(view: &View, target: &Target, a: &Assessment) -> Vec<String> {
    let unit = target.aim.as_ref().map_or("", |a| a.unit.as_str());
    let mut figures: Vec<&crate::compute::status::Point> = a
        .baseline
        .iter()
        .chain(&a.latest)
        .filter(|p| p.derived)
        .collect();
    figures.dedup();
    figures
        .into_iter()
        .map(|p| {
            view.t().fill(
                "target.derived",
                &[
                    ("value", &view.measured(p.value, unit)),
                    ("period", &p.period),
                ],
            )
        })
        .collect()
}

/// "at least 100% by 2025".
pub fn aim_text(view: &View, target: &Target) -> Option<String> {
    let (aim, deadline) = (target.aim.as_ref()?, target.deadline.as_ref()?);
    Some(aim_words(view, aim, deadline.label()))
}

fn aim_words(view: &View, aim: &Aim, deadline: &str) -> String {
    view.aim(aim.comparison, aim.value, &aim.unit, deadline)
}

#[derive(Serialize)]
struct TargetPage {
    page: PageMeta,
    id: String,
    title: TextView,
    aim: Option<String>,
    baseline: Option<String>,
    status: StatusView,
    explanation: Vec<String>,
    as_of: String,
    declared: Option<DeclaredView>,
    disagreement: bool,
    assessed: Option<Link>,
    indicators: Vec<Link>,
    chart: Option<ChartView>,
    note: Option<TextView>,
    source: Option<CitationView>,
    narrative: Option<TextView>,
    matrix_url: String,
    /// What the target is judged on, in words.
    coverage: Option<String>,
    /// That the status is computed by the portal, in words; none when it is not computed.
    computed_basis: Option<String>,
    methodology_url: String,
    /// Each series judged, when there are several (or one named).
    series: Vec<SeriesRow>,
}

#[derive(Serialize)]
struct SeriesRow {
    label: String,
    latest: Option<String>,
    status: StatusView,
    /// Whether this series' status is the target's.
    decides: bool,
}

#[derive(Serialize)]
struct DeclaredView {
    status: StatusView,
    date: String,
    evidence: Option<TextView>,
    source: Option<CitationView>,
}

pub fn render(view: &View, id: &str) -> Result<String, Failure> {
    let portal = view.portal();
    let facts = view.computed().target(id).expect("a page per target");
    let goal = &portal.goals[facts.goal];
    let target = &goal.targets[facts.position];
    let goal_link = view.link(
        format!("{} {}", goal.id, view.plain(&goal.title)),
        &PagePath::Goal(goal.id.clone()),
    );
    let indicator_of = |id: &str| {
        let index = view.computed().indicator(id).expect("validated reference");
        &portal.indicators[index]
    };
    let indicator_link = |id: &String| {
        let indicator = indicator_of(id);
        view.link(
            view.plain(&indicator.name),
            &PagePath::Indicator(id.clone()),
        )
    };
    let chart = figure(view, &ChartRef::Target(id.to_string()));
    let context = TargetPage {
        page: view.meta(
            "target",
            format!("{} {}", target.id, view.plain(&target.title)),
            String::new(),
            vec![goal_link],
        ),
        id: target.id.clone(),
        title: view.text(&target.title),
        aim: aim_text(view, target),
        baseline: target.baseline.as_ref().map(|b| {
            let unit = target.aim.as_ref().map_or("", |a| a.unit.as_str());
            format!("{} ({})", view.value(b.value, unit), b.period)
        }),
        status: view.status(facts.assessment.status),
        explanation: explain(view, target, facts)
            .into_iter()
            .chain(derived_figures(view, target, &facts.assessment))
            .collect(),
        computed_basis: (facts.assessment.status != Status::NotAssessed)
            .then(|| view.t().get("target.computed").to_string()),
        methodology_url: view.url(&PagePath::Page("methodology".into())),
        as_of: view.computed().as_of.to_string(),
        declared: target.declared.as_ref().map(|d| DeclaredView {
            status: view.declared_status(d.status),
            date: d.date.label().to_string(),
            evidence: view.optional_text(&d.evidence),
            source: d.source.as_ref().map(|c| view.citation(c)),
        }),
        disagreement: facts.disagreement,
        assessed: facts.assessed.as_ref().map(indicator_link),
        indicators: target
            .indicators
            .iter()
            .filter(|i| Some(*i) != facts.assessed.as_ref())
            .map(indicator_link)
            .collect(),
        chart,
        note: view.optional_text(&target.note),
        source: target.source.as_ref().map(|c| view.citation(c)),
        narrative: view.narrative(Section::Targets, id),
        matrix_url: format!(
            "{}#target-{}",
            view.url(&crate::site::pages::page_of_goal(
                portal,
                PagePath::StatusMatrix,
                &goal.id
            )),
            target.id
        ),
        coverage: coverage_words(view, target, facts),
        series: series_rows(view, target, facts),
    };
    render_template(view, "target.html", &context)
}

/// What the target is judged on: "the total", "one series: …", "every level of government:
/// met only when each is", "every series (the indicator has no total)".
fn coverage_words(view: &View, target: &Target, facts: &TargetFacts) -> Option<String> {
    let indicator =
        &view.portal().indicators[view.computed().indicator(facts.assessed.as_ref()?)?];
    let t = view.t();
    Some(match &facts.coverage {
        CoverageKind::Total => t.get("target.coverage.total").to_string(),
        CoverageKind::Named => t.fill(
            "target.coverage.named",
            &[(
                "series",
                &series_label(view, indicator, &facts.series.first()?.dims),
            )],
        ),
        CoverageKind::EveryValue(dimension) => {
            let label = indicator
                .dimensions
                .iter()
                .find(|d| &d.column == dimension)
                .map_or(dimension.clone(), |d| view.plain(&d.label));
            // "every level", mid-sentence.
            let mut chars = label.chars();
            let label: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            t.fill("target.coverage.every", &[("dimension", &label)])
        }
        CoverageKind::EverySeries => t.get("target.coverage.every_series").to_string(),
    })
    .filter(|_| target.aim.is_some())
}

fn series_rows(view: &View, target: &Target, facts: &TargetFacts) -> Vec<SeriesRow> {
    let Some(indicator) = facts
        .assessed
        .as_ref()
        .and_then(|id| view.computed().indicator(id))
        .map(|i| &view.portal().indicators[i])
    else {
        return Vec::new();
    };
    if facts.coverage == CoverageKind::Total {
        return Vec::new();
    }
    let unit = target.aim.as_ref().map_or("", |a| a.unit.as_str());
    facts
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| SeriesRow {
            label: series_label(view, indicator, &s.dims),
            latest: s
                .assessment
                .latest
                .as_ref()
                .map(|p| point_text(view, p, unit)),
            status: view.status(s.assessment.status),
            decides: facts.decided_by == Some(i),
        })
        .collect()
}

/// The status and its calculation in sentences, with the numbers used.
pub fn explain(view: &View, target: &Target, facts: &TargetFacts) -> Vec<String> {
    let t = view.t();
    let a: &Assessment = &facts.assessment;
    let Some(aim) = &target.aim else {
        return vec![t.get("calc.qualitative").to_string()];
    };
    let deadline = target.deadline.as_ref().map_or("", |d| d.label());
    let unit = aim.unit.as_str();
    let value = |v: f64| view.measured(v, unit);
    let aim_text = aim_words(view, aim, deadline);
    let mut sentences = Vec::new();
    if a.reason == Reason::NoIndicatorInUnit {
        sentences.push(t.fill("calc.no-indicator", &[("unit", &view.unit_label(unit))]));
        return sentences;
    }
    if let Some(b) = &a.baseline {
        let key = if a.baseline_stated {
            "calc.baseline-stated"
        } else {
            "calc.baseline-first"
        };
        sentences.push(t.fill(key, &[("value", &value(b.value)), ("period", &b.period)]));
    }
    let status = view.status(a.status).label;
    match (a.reason, &a.latest, &a.baseline) {
        (Reason::Ratio, Some(latest), _) => {
            sentences.push(t.fill(
                "calc.latest",
                &[("value", &value(latest.value)), ("period", &latest.period)],
            ));
            let (required, achieved, ratio) = (
                a.required_rate.unwrap_or(0.0),
                a.achieved_rate.unwrap_or(0.0),
                a.ratio.unwrap_or(0.0),
            );
            let ratio = t.numbers.format(ratio, 2);
            let sentence = match a.scale {
                ProgressScale::Linear => {
                    // Percentages change in points; other units are left unnamed ("-5.4 a year").
                    let percent = view
                        .portal()
                        .units
                        .get(unit)
                        .and_then(|u| u.symbol.as_deref())
                        == Some("%");
                    t.fill(
                        if percent {
                            "calc.linear_points"
                        } else {
                            "calc.linear"
                        },
                        &[
                            ("required", &t.numbers.format_signed(required, 1)),
                            ("achieved", &t.numbers.format_signed(achieved, 1)),
                            ("ratio", &ratio),
                            ("status", &status),
                        ],
                    )
                }
                ProgressScale::Growth => t.fill(
                    "calc.growth",
                    &[
                        (
                            "required",
                            &format!("{}%", t.numbers.format_signed(required * 100.0, 1)),
                        ),
                        (
                            "achieved",
                            &format!("{}%", t.numbers.format_signed(achieved * 100.0, 1)),
                        ),
                        ("ratio", &ratio),
                        ("status", &status),
                    ],
                ),
            };
            sentences.push(sentence);
            if let Some(projected) = a.projected {
                let projected = (projected * 10.0).round() / 10.0;
                sentences.push(t.fill(
                    "calc.projected",
                    &[("value", &value(projected)), ("deadline", deadline)],
                ));
            }
        }
        (Reason::TargetReached, Some(latest), _) => {
            let key = match a.status {
                Status::Met => "calc.met",
                Status::NotMet => "calc.not-met",
                _ => "calc.achieved",
            };
            sentences.push(t.fill(
                key,
                &[
                    ("value", &value(latest.value)),
                    ("period", &latest.period),
                    ("aim", &aim_text),
                ],
            ));
        }
        (Reason::LostSinceBaseline, Some(latest), Some(b)) => sentences.push(t.fill(
            "calc.lost",
            &[
                ("baseline", &value(b.value)),
                ("period", &b.period),
                ("value", &value(latest.value)),
                ("latest_period", &latest.period),
            ],
        )),
        (Reason::OnlyBaseline, ..) => sentences.push(t.get("calc.only-baseline").to_string()),
        (Reason::SeriesBreak, ..) => sentences.push(t.get("calc.series-break").to_string()),
        (Reason::BaselineLater, ..) => sentences.push(t.get("calc.baseline-later").to_string()),
        _ => sentences.push(t.get("calc.no-data").to_string()),
    }
    sentences
}
