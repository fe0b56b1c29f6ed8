//! The reporting-status overview, as Open SDG has: for each goal, how many of its indicators
//! have complete data, some, or none yet, each count leading to the list of those indicators.

use super::render_template;
use super::view::{Link, PageMeta, TextView, View};
use crate::failure::Failure;
use crate::model::ReportingStatus;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct ReportingPage {
    page: PageMeta,
    statuses: Vec<StatusColumn>,
    goals: Vec<GoalReporting>,
    totals: Vec<Count>,
}

#[derive(Serialize)]
struct StatusColumn {
    code: &'static str,
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

pub fn render(view: &View) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let t = view.t();
    let label = |s: ReportingStatus| t.get(&format!("reporting.{}", s.code())).to_string();
    let listed = ReportingStatus::listed(&portal.indicators);
    let goals: Vec<GoalReporting> = portal
        .goals
        .iter()
        .map(|goal| {
            let of_goal: Vec<usize> = (0..portal.indicators.len())
                .filter(|&i| computed.indicators[i].goals.contains(&goal.id))
                .collect();
            let lists: Vec<StatusList> = listed
                .iter()
                .copied()
                .map(|s| StatusList {
                    anchor: format!("goal-{}-{}", goal.id, s.code()),
                    label: label(s),
                    indicators: of_goal
                        .iter()
                        .map(|&i| &portal.indicators[i])
                        .filter(|i| i.reporting_status == s)
                        .map(|i| view.link(view.plain(&i.name), &PagePath::Indicator(i.id.clone())))
                        .collect(),
                })
                .collect();
            let counts = lists
                .iter()
                .map(|l| Count {
                    count: l.indicators.len(),
                    url: (!l.indicators.is_empty()).then(|| format!("#{}", l.anchor)),
                })
                .collect();
            GoalReporting {
                id: goal.id.clone(),
                title: view.text(&goal.title),
                url: view.url(&PagePath::Goal(goal.id.clone())),
                counts,
                lists: lists
                    .into_iter()
                    .filter(|l| !l.indicators.is_empty())
                    .collect(),
            }
        })
        .collect();
    let totals = listed
        .iter()
        .copied()
        .map(|s| Count {
            count: portal
                .indicators
                .iter()
                .filter(|i| i.reporting_status == s)
                .count(),
            url: None,
        })
        .collect();
    let context = ReportingPage {
        page: view.meta(
            "reporting",
            t.get("reporting_page.title").to_string(),
            t.get("reporting_page.description").to_string(),
            vec![view.link(t.get("nav.indicators").to_string(), &PagePath::Indicators)],
        ),
        statuses: listed
            .iter()
            .copied()
            .map(|s| StatusColumn {
                code: s.code(),
                label: label(s),
            })
            .collect(),
        goals,
        totals,
    };
    render_template(view, "reporting.html", &context)
}
