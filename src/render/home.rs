//! The home page: introduction, goals with their target counts by status, and totals.

use super::render_template;
use super::view::{Link, PageMeta, StatusCount, TextView, View};
use crate::failure::Failure;
use crate::model::Section;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct Home {
    page: PageMeta,
    intro: Option<TextView>,
    counts: Vec<StatusCount>,
    declared: Vec<StatusCount>,
    goals: Vec<GoalCard>,
    as_of: String,
    totals: Totals,
    matrix_url: String,
}

#[derive(Serialize)]
struct GoalCard {
    id: String,
    title: TextView,
    url: String,
    targets: usize,
    counts: Vec<StatusCount>,
}

#[derive(Serialize)]
struct Totals {
    goals: usize,
    targets: usize,
    indicators: usize,
    tasks: usize,
    datasets: usize,
    indicators_url: String,
    tasks_url: String,
    datasets_url: String,
}

pub fn render(view: &View) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let matrix_url = view.url(&PagePath::Status);
    let goals = portal
        .goals
        .iter()
        .enumerate()
        .map(|(i, goal)| GoalCard {
            id: goal.id.clone(),
            title: view.text(&goal.title),
            url: view.url(&PagePath::Goal(goal.id.clone())),
            targets: goal.targets.len(),
            counts: view.status_counts(&computed.summary.by_goal[i], Some(&goal.id)),
        })
        .collect();
    let declared = computed
        .summary
        .declared
        .iter()
        .map(|(status, count)| StatusCount {
            status: view.declared_status(*status),
            count: *count,
            url: matrix_url.clone(),
        })
        .collect();
    let title = view.plain(&portal.config.title);
    let context = Home {
        page: view.meta(
            "home",
            title,
            view.plain(&portal.config.description),
            Vec::<Link>::new(),
        ),
        intro: view.narrative(Section::Home, ""),
        counts: view.status_counts(&computed.summary.overall, None),
        declared,
        goals,
        as_of: computed.as_of.to_string(),
        totals: Totals {
            goals: portal.goals.len(),
            targets: computed.targets.len(),
            indicators: portal.indicators.len(),
            tasks: portal.tasks.len(),
            datasets: portal.datasets.len(),
            indicators_url: view.url(&PagePath::Indicators),
            tasks_url: view.url(&PagePath::Tasks {
                agency: None,
                status: None,
            }),
            datasets_url: view.url(&PagePath::Datasets),
        },
        matrix_url,
    };
    render_template(view, "home.html", &context)
}
