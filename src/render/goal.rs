//! A goal's page: its targets with their statuses, and the indicators that measure them.

use super::render_template;
use super::target::{TargetSummary, target_summary};
use super::view::{CitationView, Link, PageMeta, StatusCount, TextView, View};
use crate::failure::Failure;
use crate::model::Section;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct GoalPage {
    page: PageMeta,
    id: String,
    title: TextView,
    description: Option<TextView>,
    narrative: Option<TextView>,
    source: Option<CitationView>,
    counts: Vec<StatusCount>,
    targets: Vec<TargetSummary>,
    indicators: Vec<Link>,
    /// The goal's review form, when it publishes one.
    review_url: Option<String>,
}

pub fn render(view: &View, id: &str) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let (index, goal) = portal
        .goals
        .iter()
        .enumerate()
        .find(|(_, g)| g.id == id)
        .expect("a page per goal");
    let indicators = portal
        .indicators
        .iter()
        .zip(&computed.indicators)
        .filter(|(_, facts)| facts.goals.iter().any(|g| g == id))
        .map(|(indicator, _)| {
            view.link(
                view.plain(&indicator.name),
                &PagePath::Indicator(indicator.id.clone()),
            )
        })
        .collect();
    let title = view.plain(&goal.title);
    let context = GoalPage {
        page: view.meta(
            "goal",
            format!("{} {}", goal.id, title),
            view.plain(&goal.description),
            vec![],
        ),
        id: goal.id.clone(),
        title: view.text(&goal.title),
        description: view.optional_text(&goal.description),
        narrative: view.narrative(Section::Goals, id),
        source: goal.source.as_ref().map(|c| view.citation(c)),
        counts: view.status_counts(&computed.summary.by_goal[index], Some(&goal.id)),
        targets: goal
            .targets
            .iter()
            .map(|t| target_summary(view, t))
            .collect(),
        indicators,
        review_url: goal
            .review_form
            .then(|| view.url(&PagePath::Review(goal.id.clone()))),
    };
    render_template(view, "goal.html", &context)
}
