//! The reporting-status overview, as Open SDG has: for each goal, how many of its indicators
//! have complete data, some, or none yet, each count leading to the list of those indicators;
//! then the same counts by each further field the portal groups by (Open SDG's
//! `reporting_status_extra_fields`). In a large portal the lists of indicators are on a page
//! per goal, which the counts lead to; the counts stay on the one page.

use super::parts::Split;
use super::render_template;
use super::view::{Link, PageMeta, TextView, View};
use crate::failure::Failure;
use crate::model::{Indicator, ReportingStatus};
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct ReportingPage {
    page: PageMeta,
    statuses: Vec<StatusColumn>,
    goals: Vec<GoalReporting>,
    totals: Vec<Count>,
    groupings: Vec<GroupingTable>,
}

#[derive(Serialize)]
struct StatusColumn {
    code: String,
    label: String,
}

#[derive(Serialize)]
struct GoalReporting {
    id: String,
    title: TextView,
    url: String,
    counts: Vec<Count>,
    lists: Vec<StatusList>,
}

#[derive(Serialize)]
struct Count {
    count: usize,
    /// The list of those indicators, when there are any.
    url: Option<String>,
}

#[derive(Serialize)]
struct StatusList {
    anchor: String,
    label: String,
    indicators: Vec<Link>,
}

/// The counts by one further field: a row per value.
#[derive(Serialize)]
struct GroupingTable {
    anchor: String,
    caption: String,
    rows: Vec<GroupRow>,
}

#[derive(Serialize)]
struct GroupRow {
    value: TextView,
    counts: Vec<usize>,
    total: usize,
}

/// The overview, or on a large portal's part for goal `goal`, that goal's lists.
pub fn render(view: &View, goal: Option<&str>) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let t = view.t();
    let split = Split::new(view, PagePath::Reporting, goal);
    let listed = ReportingStatus::listed(&portal.indicators);
    let goals: Vec<GoalReporting> = portal
        .goals
        .iter()
        .filter(|goal| split.names(&goal.id))
        .map(|goal| {
            let of_goal: Vec<&Indicator> = (0..portal.indicators.len())
                .filter(|&i| computed.indicators[i].goals.contains(&goal.id))
                .map(|i| &portal.indicators[i])
                .collect();
            let lists: Vec<StatusList> = listed
                .iter()
                .map(|s| StatusList {
                    anchor: format!("goal-{}-{}", goal.id, s.code()),
                    label: view.reporting_label(s),
                    indicators: of_goal
                        .iter()
                        .filter(|i| i.reporting_status == *s)
                        .map(|i| view.link(view.plain(&i.name), &PagePath::Indicator(i.id.clone())))
                        .collect(),
                })
                .collect();
            // The lists are on this page, or on the goal's part of a split overview.
            let on = if split.is_index() {
                view.url(&split.part_page(&goal.id))
            } else {
                String::new()
            };
            let counts = lists
                .iter()
                .map(|l| Count {
                    count: l.indicators.len(),
                    url: (!l.indicators.is_empty()).then(|| format!("{on}#{}", l.anchor)),
                })
                .collect();
            GoalReporting {
                id: goal.id.clone(),
                title: view.text(&goal.title),
                url: view.url(&PagePath::Goal(goal.id.clone())),
                counts,
                lists: lists
                    .into_iter()
                    .filter(|l| !l.indicators.is_empty() && split.shows(&goal.id))
                    .collect(),
            }
        })
        .collect();
    let count = |indicators: &[&Indicator], s: &ReportingStatus| {
        indicators
            .iter()
            .filter(|i| i.reporting_status == *s)
            .count()
    };
    // The whole portal's counts are the overview's, not a part's.
    let whole = goal.is_none();
    let every: Vec<&Indicator> = portal.indicators.iter().collect();
    let totals = listed
        .iter()
        .map(|s| Count {
            count: count(&every, s),
            url: None,
        })
        .filter(|_| whole)
        .collect();
    let groupings = portal
        .reporting
        .groupings
        .iter()
        .filter(|_| whole)
        .enumerate()
        .map(|(n, grouping)| GroupingTable {
            anchor: format!("by-field-{}", n + 1),
            caption: t.fill(
                "reporting_page.by_field",
                &[("field", &view.plain(&grouping.label))],
            ),
            rows: grouping
                .groups
                .iter()
                .map(|(value, ids)| {
                    let indicators: Vec<&Indicator> = ids
                        .iter()
                        .filter_map(|id| computed.indicator(id))
                        .map(|i| &portal.indicators[i])
                        .collect();
                    GroupRow {
                        value: value.as_ref().map_or_else(
                            || TextView {
                                text: t.get("reporting_page.not_specified").to_string(),
                                lang: None,
                            },
                            |v| view.text(v),
                        ),
                        counts: listed.iter().map(|s| count(&indicators, s)).collect(),
                        total: indicators.len(),
                    }
                })
                .collect(),
        })
        .collect();
    let context = ReportingPage {
        page: split.meta(
            view,
            "reporting",
            t.get("reporting_page.title").to_string(),
            t.get("reporting_page.description").to_string(),
            vec![view.link(t.get("nav.indicators").to_string(), &PagePath::Indicators)],
        ),
        statuses: listed
            .iter()
            .map(|s| StatusColumn {
                code: s.code().to_string(),
                label: view.reporting_label(s),
            })
            .collect(),
        goals,
        totals,
        groupings,
    };
    render_template(view, "reporting.html", &context)
}
