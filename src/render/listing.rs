//! The indicator index: every indicator under its goal and target (an indicator that measures
//! several targets is listed under each), with its latest value and period, reporting status
//! and the date its data last changed. Without JavaScript the grouped list reads as it is;
//! with it, `chiso.js` filters by text, goal and reporting status and sorts by name or by
//! last update. In a large portal the list is split by goal ([`super::parts`]).

use super::parts::{PartLink, Split};
use super::render_template;
use super::view::{PageMeta, TextView, View};
use crate::failure::Failure;
use crate::model::ReportingStatus;
use crate::site::urls::PagePath;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Listing {
    page: PageMeta,
    /// The list is split: its goals link to their parts.
    split_index: bool,
    count: usize,
    groups: Vec<GoalGroup>,
    /// Indicators linked to no goal.
    ungrouped: Vec<usize>,
    entries: Vec<Entry>,
    statuses: Vec<Choice>,
    goals: Vec<Choice>,
    reporting_url: String,
}

#[derive(Serialize)]
struct GoalGroup {
    id: String,
    title: TextView,
    url: String,
    targets: Vec<TargetGroup>,
    /// Indicators linked to the goal itself, under none of its targets.
    direct: Vec<usize>,
    /// Where the goal's indicators are, when the list is split.
    part: Option<PartLink>,
}

#[derive(Serialize)]
struct TargetGroup {
    id: String,
    title: TextView,
    url: String,
    /// Positions in [`Listing::entries`].
    indicators: Vec<usize>,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    name: TextView,
    url: String,
    latest: Option<String>,
    latest_period: Option<String>,
    reporting: Choice,
    /// ISO date, for sorting and to show.
    updated: Option<String>,
}

/// An option of a filter: its code and its words.
#[derive(Serialize)]
struct Choice {
    code: String,
    label: String,
}

/// Every indicator; in a large portal, one goal's (`only`).
pub fn render(view: &View, only: Option<&str>) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let t = view.t();
    let split = Split::new(view, PagePath::Indicators, only);
    let reporting = |s: &ReportingStatus| Choice {
        code: s.code().to_string(),
        label: view.reporting_label(s),
    };
    // The indicators the page lists: every one, or, when the list is split, one goal's on
    // its part and those of no goal on the list page.
    let shown: Vec<usize> = (0..portal.indicators.len())
        .filter(|&i| {
            let goals = &computed.indicators[i].goals;
            match (split.is_index(), only) {
                (true, _) => goals.is_empty(),
                (false, Some(only)) => goals.iter().any(|g| g == only),
                (false, None) => true,
            }
        })
        .collect();
    let entries: Vec<Entry> = shown
        .iter()
        .map(|&i| (&portal.indicators[i], &computed.indicators[i]))
        .map(|(indicator, facts)| {
            let latest = facts
                .headline_obs
                .last()
                .map(|&i| &indicator.observations[i]);
            Entry {
                id: indicator.id.clone(),
                name: view.text(&indicator.name),
                url: view.url(&PagePath::Indicator(indicator.id.clone())),
                latest: latest
                    .and_then(|o| o.value)
                    .map(|v| view.value(view.shown(indicator, v), &indicator.unit)),
                latest_period: latest.map(|o| o.period.label().to_string()),
                reporting: reporting(&indicator.reporting_status),
                updated: facts.last_updated.map(|d| d.to_string()),
            }
        })
        .collect();

    // One pass over the indicators, so a portal with thousands of targets stays linear.
    let mut by_target: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_goal: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, facts) in shown.iter().map(|&i| &computed.indicators[i]).enumerate() {
        for target in &facts.targets {
            by_target.entry(target).or_default().push(i);
        }
        for goal in &facts.goals {
            by_goal.entry(goal).or_default().push(i);
        }
    }
    let groups: Vec<GoalGroup> = portal
        .goals
        .iter()
        .filter(|goal| split.names(&goal.id))
        .filter_map(|goal| {
            // On the index of a split list no goal's indicators are shown: only its part.
            let part = split.part(view, &goal.id);
            let targets: Vec<TargetGroup> = goal
                .targets
                .iter()
                .filter_map(|target| {
                    let indicators = by_target.get(target.id.as_str())?.clone();
                    Some(TargetGroup {
                        id: target.id.clone(),
                        title: view.text(&target.title),
                        url: view.url(&PagePath::Target(target.id.clone())),
                        indicators,
                    })
                })
                .collect();
            let direct: Vec<usize> = by_goal
                .get(goal.id.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| !targets.iter().any(|target| target.indicators.contains(&i)))
                .collect();
            (!targets.is_empty() || !direct.is_empty() || part.is_some()).then(|| GoalGroup {
                id: goal.id.clone(),
                title: view.text(&goal.title),
                url: view.url(&PagePath::Goal(goal.id.clone())),
                targets,
                direct,
                part,
            })
        })
        .collect();
    let ungrouped = (0..entries.len())
        .filter(|&n| computed.indicators[shown[n]].goals.is_empty())
        .collect();
    let context = Listing {
        page: split.meta(
            view,
            "indicators",
            t.get("indicators.title").to_string(),
            String::new(),
            vec![],
        ),
        split_index: split.is_index(),
        count: match split.is_index() {
            true => portal.indicators.len(),
            false => entries.len(),
        },
        goals: groups
            .iter()
            .map(|g| Choice {
                code: g.id.clone(),
                label: format!("{} {}", g.id, g.title.text),
            })
            .collect(),
        groups,
        ungrouped,
        entries,
        statuses: ReportingStatus::listed(&view.portal().indicators)
            .iter()
            .map(reporting)
            .collect(),
        reporting_url: view.url(&PagePath::Reporting),
    };
    render_template(view, "indicators.html", &context)
}
