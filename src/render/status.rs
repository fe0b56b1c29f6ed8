//! The answer to "which targets are met?": an overview of every target, grouped by goal,
//! with its title, latest value, target value and status (and a page per status, so the list
//! filters without JavaScript); and the matrix of every target's status year by year, with a
//! second matrix of tasks by lead agency and status.

use super::parts::{PartLink, Split};
use super::render_template;
use super::target::{aim_text, latest_text};
use super::view::{PageMeta, StatusCount, StatusView, TextView, View};
use crate::compute::TargetFacts;
use crate::compute::status::{Assessment, Status};
use crate::failure::Failure;
use crate::model::Target;
use crate::model::TaskStatus;
use crate::site::urls::{Downloads, PagePath};
use serde::Serialize;

#[derive(Serialize)]
struct StatusPage {
    page: PageMeta,
    as_of: String,
    years: Vec<i32>,
    counts: Vec<StatusCount>,
    goals: Vec<GoalRows>,
    legend: Vec<StatusView>,
    tasks: TaskMatrix,
    methodology_url: String,
    downloads: Vec<(String, String)>,
    /// The index of a matrix split by goal: its rows are on the goals' pages.
    split_index: bool,
}

#[derive(Serialize)]
struct GoalRows {
    id: String,
    title: TextView,
    url: String,
    /// Where the goal's rows of the matrix are: on this page, or on a page of their own.
    matrix_url: String,
    counts: Vec<StatusCount>,
    /// Empty on the index of a matrix split by goal.
    targets: Vec<TargetRow>,
}

#[derive(Serialize)]
struct TargetRow {
    id: String,
    title: TextView,
    url: String,
    aim: Option<String>,
    current: StatusView,
    declared: Option<StatusView>,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    year: i32,
    status: StatusView,
    declared: Option<StatusView>,
    /// The cell's accessible name: target, year, status and the numbers behind it.
    label: String,
}

#[derive(Serialize)]
struct TaskMatrix {
    statuses: Vec<StatusView>,
    rows: Vec<TaskRow>,
    totals: Vec<TaskCell>,
}

#[derive(Serialize)]
struct TaskRow {
    agency: String,
    url: String,
    cells: Vec<TaskCell>,
}

#[derive(Serialize)]
struct TaskCell {
    count: usize,
    url: Option<String>,
}

#[derive(Serialize)]
struct OverviewPage {
    page: PageMeta,
    /// The list is split: its goals link to their parts.
    split_index: bool,
    as_of: String,
    methodology_url: String,
    matrix_url: String,
    /// "All" and one link per status, the current one marked.
    filters: Vec<Filter>,
    goals: Vec<OverviewGoal>,
    /// The status shown, on a filtered page.
    only: Option<StatusView>,
}

#[derive(Serialize)]
struct Filter {
    label: String,
    status: Option<StatusView>,
    count: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct OverviewGoal {
    id: String,
    title: TextView,
    url: String,
    targets: Vec<OverviewTarget>,
    /// Where the goal's targets are, when the list is split.
    part: Option<PartLink>,
}

#[derive(Serialize)]
struct OverviewTarget {
    id: String,
    title: TextView,
    url: String,
    status: StatusView,
    /// How the status was found, in words: computed from which figures, or declared.
    basis: String,
    latest: Option<String>,
    aim: Option<String>,
    declared: Option<StatusView>,
    declared_on: Option<String>,
}

/// The overview of every target's status, or of those with the status `only` (a code); in a
/// large portal, of one goal's (`goal`).
pub fn overview(view: &View, only: Option<&str>, goal: Option<&str>) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let t = view.t();
    let split = Split::new(
        view,
        only.map_or(PagePath::Status, |code| PagePath::StatusFilter(code.into())),
        goal,
    );
    let only = only.and_then(|code| Status::ALL.into_iter().find(|s| s.code() == code));
    let mut filters = vec![Filter {
        label: t.get("overview.all").to_string(),
        status: None,
        count: computed.targets.len(),
        url: view.url(&PagePath::Status),
        current: only.is_none(),
    }];
    filters.extend(Status::ALL.into_iter().filter_map(|s| {
        let count = *computed.summary.overall.get(&s)?;
        Some(Filter {
            label: view.status(s).label,
            status: Some(view.status(s)),
            count,
            url: view.url(&PagePath::StatusFilter(s.code().to_string())),
            current: only == Some(s),
        })
    }));
    let goals = portal
        .goals
        .iter()
        .filter(|goal| split.names(&goal.id))
        .map(|goal| OverviewGoal {
            id: goal.id.clone(),
            title: view.text(&goal.title),
            url: view.url(&PagePath::Goal(goal.id.clone())),
            part: split.part(view, &goal.id),
            targets: goal
                .targets
                .iter()
                .filter(|_| split.shows(&goal.id))
                .filter_map(|target| {
                    let facts = computed.target(&target.id).expect("computed");
                    let a = &facts.assessment;
                    if only.is_some_and(|s| s != a.status) {
                        return None;
                    }
                    Some(OverviewTarget {
                        id: target.id.clone(),
                        title: view.text(&target.title),
                        url: view.url(&PagePath::Target(target.id.clone())),
                        status: view.status(a.status),
                        basis: basis(view, target, facts),
                        latest: latest_text(view, target, a),
                        aim: aim_text(view, target),
                        declared: target
                            .declared
                            .as_ref()
                            .map(|d| view.declared_status(d.status)),
                        declared_on: target.declared.as_ref().map(|d| d.date.label().to_string()),
                    })
                })
                .collect(),
        })
        .filter(|g: &OverviewGoal| !g.targets.is_empty() || g.part.is_some())
        .collect();
    let (title, description) = match only {
        None => (
            t.get("overview.title").to_string(),
            t.get("overview.description").to_string(),
        ),
        Some(s) => (
            t.fill("overview.title_only", &[("status", &view.status(s).label)]),
            t.get("overview.description").to_string(),
        ),
    };
    let crumbs = match only {
        None => vec![],
        Some(_) => vec![view.link(t.get("overview.title").to_string(), &PagePath::Status)],
    };
    let context = OverviewPage {
        page: split.meta(view, "status", title, description, crumbs),
        split_index: split.is_index(),
        as_of: computed.as_of.to_string(),
        methodology_url: view.url(&PagePath::Page("methodology".into())),
        matrix_url: view.url(&PagePath::StatusMatrix),
        filters,
        goals,
        only: only.map(|s| view.status(s)),
    };
    render_template(view, "status-overview.html", &context)
}

/// Whether a status was computed, and from what, in words.
fn basis(view: &View, target: &Target, facts: &TargetFacts) -> String {
    let t = view.t();
    match facts.assessment.status {
        Status::NotAssessed if target.declared.is_some() => {
            t.get("overview.basis.declared_only").to_string()
        }
        Status::NotAssessed => t.get("overview.basis.qualitative").to_string(),
        _ if facts.series.len() > 1 => t.fill(
            "overview.basis.series",
            &[("count", &facts.series.len().to_string())],
        ),
        _ => t.get("overview.basis.computed").to_string(),
    }
}

/// The targets × years matrix: all of it, or, split by goal, the index of goals or the rows
/// of `only` one goal.
pub fn render(view: &View, only: Option<&str>) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let t = view.t();
    let split = Split::new(view, PagePath::StatusMatrix, only);
    let goals = portal
        .goals
        .iter()
        .enumerate()
        .filter(|(_, goal)| split.names(&goal.id))
        .map(|(g, goal)| GoalRows {
            id: goal.id.clone(),
            title: view.text(&goal.title),
            url: view.url(&PagePath::Goal(goal.id.clone())),
            matrix_url: match split.is_index() {
                true => view.url(&split.part_page(&goal.id)),
                false => format!("#goal-{}", goal.id),
            },
            counts: view.status_counts(&computed.summary.by_goal[g], Some(&goal.id)),
            targets: goal
                .targets
                .iter()
                .filter(|_| split.shows(&goal.id))
                .map(|target| {
                    let facts = computed.target(&target.id).expect("computed");
                    let unit = target.aim.as_ref().map_or("", |a| a.unit.as_str());
                    let cells = computed
                        .years
                        .iter()
                        .zip(&facts.by_year)
                        .map(|(&year, a)| {
                            let declared = target
                                .declared
                                .as_ref()
                                .filter(|d| d.date.end_year() <= year)
                                .map(|d| view.declared_status(d.status));
                            let status = view.status(a.status);
                            let mut label = t.fill(
                                "matrix.cell",
                                &[
                                    ("target", &target.id),
                                    ("year", &year.to_string()),
                                    // The words the cell shows, so its accessible name
                                    // contains its visible label (WCAG 2.5.3).
                                    ("status", &status.short),
                                ],
                            );
                            if let Some(figures) = figures(view, a, unit) {
                                label.push_str(" — ");
                                label.push_str(&figures);
                            }
                            if let Some(d) = &declared {
                                label.push_str("; ");
                                label.push_str(&t.fill("matrix.declared", &[("status", &d.label)]));
                            }
                            Cell {
                                year,
                                status,
                                declared,
                                label,
                            }
                        })
                        .collect();
                    TargetRow {
                        id: target.id.clone(),
                        title: view.text(&target.title),
                        url: view.url(&PagePath::Target(target.id.clone())),
                        aim: aim_text(view, target),
                        current: view.status(facts.assessment.status),
                        declared: target
                            .declared
                            .as_ref()
                            .map(|d| view.declared_status(d.status)),
                        cells,
                    }
                })
                .collect(),
        })
        .collect();

    let statuses: Vec<TaskStatus> = TaskStatus::ALL
        .into_iter()
        .filter(|s| computed.tasks.overall.contains_key(s))
        .collect();
    let task_url = |agency: Option<&str>, status: Option<TaskStatus>| {
        view.url(&PagePath::Tasks {
            agency: agency.map(str::to_string),
            status: status.map(|s| s.code().to_string()),
        })
    };
    let rows = computed
        .tasks
        .by_agency
        .iter()
        .map(|(agency, counts)| TaskRow {
            agency: portal
                .agencies
                .iter()
                .find(|a| &a.id == agency)
                .map_or_else(|| agency.clone(), |a| view.plain(&a.name)),
            url: task_url(Some(agency), None),
            cells: statuses
                .iter()
                .map(|s| {
                    let count = counts.get(s).copied().unwrap_or(0);
                    TaskCell {
                        count,
                        url: (count > 0).then(|| task_url(Some(agency), Some(*s))),
                    }
                })
                .collect(),
        })
        .collect();
    let totals = statuses
        .iter()
        .map(|s| {
            let count = computed.tasks.overall.get(s).copied().unwrap_or(0);
            TaskCell {
                count,
                url: (count > 0).then(|| task_url(None, Some(*s))),
            }
        })
        .collect();
    let legend = crate::compute::status::Status::ALL
        .into_iter()
        .map(|s| view.status(s))
        .collect();
    let context = StatusPage {
        page: split.meta(
            view,
            "status",
            t.get("matrix.title").to_string(),
            t.get("matrix.description").to_string(),
            vec![view.link(t.get("overview.title").to_string(), &PagePath::Status)],
        ),
        as_of: computed.as_of.to_string(),
        years: computed.years.clone(),
        counts: view.status_counts(&computed.summary.overall, None),
        split_index: split.is_index(),
        goals,
        legend,
        // The task matrix is the whole portal's: on the matrix page, not on a goal's part.
        tasks: TaskMatrix {
            statuses: statuses.iter().map(|s| view.task_status(*s)).collect(),
            rows: if only.is_some() { Vec::new() } else { rows },
            totals,
        },
        methodology_url: view.url(&PagePath::Page("methodology".into())),
        downloads: vec![
            ("CSV".into(), view.download_url(&Downloads::status_csv())),
            ("JSON".into(), view.download_url(&Downloads::status_json())),
        ],
    };
    render_template(view, "status.html", &context)
}

/// The numbers behind a status in words: "latest 42.9% (2022), baseline 23.5% (2020)".
fn figures(view: &View, a: &Assessment, unit: &str) -> Option<String> {
    let t = view.t();
    let latest = a.latest.as_ref()?;
    let mut text = t.fill(
        "matrix.latest",
        &[
            ("value", &view.measured(latest.value, unit)),
            ("period", &latest.period),
        ],
    );
    if let (Some(b), true) = (&a.baseline, a.baseline.as_ref() != Some(latest)) {
        text.push_str(", ");
        text.push_str(&t.fill(
            "matrix.baseline",
            &[
                ("value", &view.measured(b.value, unit)),
                ("period", &b.period),
            ],
        ));
    }
    if let Some(ratio) = a.ratio {
        text.push_str(", ");
        text.push_str(&t.fill("matrix.ratio", &[("ratio", &t.numbers.format(ratio, 2))]));
    }
    Some(text)
}
