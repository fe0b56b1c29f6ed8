//! Charts of indicators for pages: the headline series with targets, described in words.

use super::view::View;
use crate::chart::{Chart, ChartPoint, Path, Series, TargetMark};
use crate::compute::TargetFacts;
use crate::model::{Indicator, Period, Target};

/// The chart of an indicator's headline series. On a target's page, `target` adds that
/// target's baseline, the path required to reach it and the path the latest pace projects.
pub fn indicator_chart(
    view: &View,
    indicator: &Indicator,
    target: Option<(&Target, &TargetFacts)>,
) -> Chart {
    let computed = view.computed();
    let index = computed.indicator(&indicator.id).expect("computed");
    let facts = &computed.indicators[index];
    let t = view.t();
    let points: Vec<ChartPoint> = facts
        .headline
        .iter()
        .zip(&facts.headline_obs)
        .map(|(p, &obs)| ChartPoint {
            x: indicator.observations[obs].period.mid_as_year(),
            y: p.value,
            label: p.period.clone(),
            marker: facts.footnote_of[obs].map(|n| n.to_string()),
        })
        .collect();
    let name = view.plain(&indicator.name);
    let value = |v: f64| view.measured(v, &indicator.unit);

    let mut targets = Vec::new();
    let mut paths = Vec::new();
    let linked: Vec<&Target> = match target {
        Some((t, _)) => vec![t],
        None => facts
            .targets
            .iter()
            .filter_map(|id| {
                let f = computed.target(id)?;
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
        let label = t.fill(
            "chart.target",
            &[
                ("value", &view.value(aim.value, &aim.unit)),
                ("deadline", deadline.label()),
            ],
        );
        targets.push(TargetMark {
            value: aim.value.value,
            deadline: deadline.mid_as_year(),
            label,
        });
    }
    for tv in &indicator.target_values {
        let label = t.fill(
            "chart.target",
            &[
                ("value", &view.value(tv.value, &indicator.unit)),
                ("deadline", tv.period.label()),
            ],
        );
        targets.push(TargetMark {
            value: tv.value.value,
            deadline: tv.period.mid_as_year(),
            label,
        });
    }
    if let Some((linked, facts)) = target {
        let a = &facts.assessment;
        // Assessments work with period ends; the chart places the same periods at their middle.
        // Labels of other formats (`2000 Q1`) are read leniently; undated ones never get here.
        let x_of = |label: &str| {
            let period = Period::lenient(label);
            if period.is_dated() {
                period.mid_as_year()
            } else {
                0.0
            }
        };
        if let (Some(b), Some(aim), Some(deadline)) = (&a.baseline, &linked.aim, &linked.deadline) {
            let (x0, xd) = (x_of(&b.period), deadline.mid_as_year());
            paths.push(Path {
                label: t.get("chart.required_path").to_string(),
                from: (x0, b.value),
                to: (xd, aim.value.value),
            });
            if let (Some(latest), Some(projected)) = (&a.latest, a.projected) {
                paths.push(Path {
                    label: t.get("chart.projected_path").to_string(),
                    from: (x_of(&latest.period), latest.value),
                    to: (xd, projected),
                });
            }
        }
    }

    let mut description = match (facts.headline.first(), facts.headline.last()) {
        (Some(first), Some(last)) if facts.headline.len() > 1 => {
            let key = if last.value > first.value {
                "chart.desc.rose"
            } else if last.value < first.value {
                "chart.desc.fell"
            } else {
                "chart.desc.flat"
            };
            t.fill(
                key,
                &[
                    ("name", &name),
                    ("first", &value(first.value)),
                    ("first_period", &first.period),
                    ("last", &value(last.value)),
                    ("last_period", &last.period),
                ],
            )
        }
        (Some(only), _) => t.fill(
            "chart.desc.single",
            &[
                ("name", &name),
                ("value", &value(only.value)),
                ("period", &only.period),
            ],
        ),
        _ => t.fill("chart.desc.none", &[("name", &name)]),
    };
    for mark in &targets {
        description.push(' ');
        description.push_str(&mark.label);
        description.push('.');
    }
    let series_label = if facts.headline_dims.iter().all(String::is_empty) {
        t.get("table.total").to_string()
    } else {
        facts
            .headline_dims
            .iter()
            .filter(|d| !d.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    Chart {
        id: format!("chart-{}", indicator.id),
        title: name,
        description,
        unit_label: view.unit_label(&indicator.unit),
        series: vec![Series {
            label: series_label,
            points,
        }],
        targets,
        paths,
        numbers: t.numbers.clone(),
        decimals: indicator.decimals.unwrap_or(2),
    }
}
