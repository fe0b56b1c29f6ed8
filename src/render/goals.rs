//! The indexes of goals and targets: every goal with how many targets it has and how they
//! stand, and every target by goal with its status — the way in for a reader who asks "which
//! targets were met?" goal by goal.

use super::parts::{PartLink, Split};
use super::render_template;
use super::view::{PageMeta, StatusCount, StatusView, TextView, View};
use crate::failure::Failure;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct GoalsPage {
    page: PageMeta,
    goals: Vec<GoalEntry>,
    targets_url: String,
}

#[derive(Serialize)]
struct GoalEntry {
    id: String,
    title: TextView,
    url: String,
    targets: usize,
    indicators: usize,
    statuses: Vec<StatusCount>,
}

#[derive(Serialize)]
struct TargetsPage {
    page: PageMeta,
    /// The list is split: its goals link to their parts.
    split_index: bool,
    goals: Vec<GoalTargets>,
    count: usize,
}

#[derive(Serialize)]
struct GoalTargets {
    id: String,
    title: TextView,
    url: String,
    targets: Vec<TargetEntry>,
    /// Where the goal's targets are, when the list is split.
    part: Option<PartLink>,
}

#[derive(Serialize)]
struct TargetEntry {
    id: String,
    title: TextView,
    url: String,
    status: StatusView,
}

pub fn render_goals(view: &View) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let indicators = crate::site::pages::indicators_by_goal(computed);
    let goals = portal
        .goals
        .iter()
        .zip(&computed.summary.by_goal)
        .map(|(goal, counts)| GoalEntry {
            id: goal.id.clone(),
            title: view.text(&goal.title),
            url: view.url(&PagePath::Goal(goal.id.clone())),
            targets: goal.targets.len(),
            indicators: indicators.get(goal.id.as_str()).copied().unwrap_or(0),
            statuses: view.status_counts(counts, Some(&goal.id)),
        })
        .collect();
    let t = view.t();
    let context = GoalsPage {
        page: view.meta(
            "goals",
            t.get("goals.title").to_string(),
            t.get("goals.description").to_string(),
            vec![],
        ),
        goals,
        targets_url: view.url(&PagePath::Targets),
    };
    render_template(view, "goals.html", &context)
}

/// Every target by goal; in a large portal, one goal's (`only`).
pub fn render_targets(view: &View, only: Option<&str>) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let split = Split::new(view, PagePath::Targets, only);
    let goals: Vec<GoalTargets> = portal
        .goals
        .iter()
        .filter(|goal| split.names(&goal.id))
        .map(|goal| GoalTargets {
            id: goal.id.clone(),
            title: view.text(&goal.title),
            url: view.url(&PagePath::Goal(goal.id.clone())),
            part: split.part(view, &goal.id),
            targets: goal
                .targets
                .iter()
                .filter(|_| split.shows(&goal.id))
                .filter_map(|target| {
                    let facts = computed.target(&target.id)?;
                    Some(TargetEntry {
                        id: target.id.clone(),
                        title: view.text(&target.title),
                        url: view.url(&PagePath::Target(target.id.clone())),
                        status: view.status(facts.assessment.status),
                    })
                })
                .collect(),
        })
        .collect();
    let t = view.t();
    let context = TargetsPage {
        count: match split.is_index() {
            true => portal.goals.iter().map(|g| g.targets.len()).sum(),
            false => goals.iter().map(|g| g.targets.len()).sum(),
        },
        split_index: split.is_index(),
        page: split.meta(
            view,
            "targets",
            t.get("targets.title").to_string(),
            t.get("targets.description").to_string(),
            vec![view.link(t.get("goals.title"), &PagePath::Goals)],
        ),
        goals,
    };
    render_template(view, "targets.html", &context)
}
