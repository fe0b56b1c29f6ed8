//! The tasks page, filtered by lead agency and status. Every filter is a page of its own, so
//! filtering works without JavaScript and each filtered list has a URL to share.

use super::render_template;
use super::view::{Link, PageMeta, StatusView, TextView, View};
use crate::failure::Failure;
use crate::model::{Task, TaskStatus};
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct TasksPage {
    page: PageMeta,
    filter: Option<String>,
    agencies: Vec<Filter>,
    statuses: Vec<Filter>,
    all_url: String,
    tasks: Vec<TaskView>,
    total: usize,
}

#[derive(Serialize)]
struct Filter {
    label: String,
    count: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct TaskView {
    id: String,
    group: Option<TextView>,
    title: TextView,
    agencies: Vec<Link>,
    period: Option<String>,
    expected_result: Option<TextView>,
    status: StatusView,
    status_date: Option<String>,
    evidence: Option<TextView>,
    source: String,
}

pub fn render(view: &View, agency: Option<&str>, status: Option<&str>) -> Result<String, Failure> {
    let portal = view.portal();
    let t = view.t();
    let status = status.and_then(|code| TaskStatus::ALL.into_iter().find(|s| s.code() == code));
    let agency_name = |id: &str| {
        portal
            .agencies
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| view.plain(&a.name))
    };
    let matches = |task: &Task| {
        agency.is_none_or(|a| task.lead_agencies.iter().any(|l| l == a))
            && status.is_none_or(|s| task.status == s)
    };
    let page = |agency: Option<&str>, status: Option<TaskStatus>| PagePath::Tasks {
        agency: agency.map(str::to_string),
        status: status.map(|s| s.code().to_string()),
    };
    // Choosing an agency keeps the chosen status, and the other way round.
    let agencies = view
        .computed()
        .tasks
        .by_agency
        .iter()
        .map(|(id, counts)| {
            let count = match status {
                Some(s) => counts.get(&s).copied().unwrap_or(0),
                None => counts.values().sum(),
            };
            let target = if count > 0 {
                page(Some(id), status)
            } else {
                page(Some(id), None)
            };
            Filter {
                label: agency_name(id),
                count,
                url: view.url(&target),
                current: agency == Some(id.as_str()),
            }
        })
        .collect();
    let statuses = TaskStatus::ALL
        .into_iter()
        .filter_map(|s| {
            let count = portal
                .tasks
                .iter()
                .filter(|task| {
                    task.status == s
                        && agency.is_none_or(|a| task.lead_agencies.iter().any(|l| l == a))
                })
                .count();
            let exists = portal.tasks.iter().any(|task| task.status == s);
            exists.then(|| {
                let target = if count > 0 {
                    page(agency, Some(s))
                } else {
                    page(None, Some(s))
                };
                Filter {
                    label: view.task_status(s).label,
                    count,
                    url: view.url(&target),
                    current: status == Some(s),
                }
            })
        })
        .collect();
    let tasks: Vec<TaskView> = portal
        .tasks
        .iter()
        .filter(|task| matches(task))
        .map(|task| TaskView {
            id: task.id.clone(),
            group: view.optional_text(&task.group),
            title: view.text(&task.title),
            agencies: task
                .lead_agencies
                .iter()
                .map(|a| {
                    view.link(
                        agency_name(a),
                        &PagePath::Tasks {
                            agency: Some(a.clone()),
                            status: None,
                        },
                    )
                })
                .collect(),
            period: task.period.as_ref().map(|p| p.label().to_string()),
            expected_result: view.optional_text(&task.expected_result),
            status: view.task_status(task.status),
            status_date: task.status_date.as_ref().map(|p| p.label().to_string()),
            evidence: view.optional_text(&task.evidence),
            source: {
                let c = view.citation(&task.source);
                format!("{} — {}", c.title.text, c.locator)
            },
        })
        .collect();
    let filter = match (agency, status) {
        (None, None) => None,
        (Some(a), None) => Some(agency_name(a)),
        (None, Some(s)) => Some(view.task_status(s).label),
        (Some(a), Some(s)) => Some(format!(
            "{} · {}",
            agency_name(a),
            view.task_status(s).label
        )),
    };
    let base_title = t.get("tasks.title").to_string();
    let title = match &filter {
        Some(f) => format!("{base_title}: {f}"),
        None => base_title.clone(),
    };
    let trail = if filter.is_some() {
        vec![view.link(base_title, &page(None, None))]
    } else {
        vec![]
    };
    let context = TasksPage {
        page: view.meta("tasks", title, String::new(), trail),
        filter,
        agencies,
        statuses,
        all_url: view.url(&page(None, None)),
        total: tasks.len(),
        tasks,
    };
    render_template(view, "tasks.html", &context)
}
