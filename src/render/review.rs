//! The reform-review form, filled from the data: the columns agencies fill by hand in the
//! 2021–2025 review outline (Phụ lục 6b: STT · the reform target · the result achieved, with
//! figures · Đạt/Không đạt), one row per target of a goal that asks for it (`review_form`),
//! each result citing its figures' sources and each assessment saying whether the portal
//! computed it or an authority declared it. Published as a printable page and a workbook.

use super::Renderer;
use super::charts::series_label;
use super::render_template;
use super::view::{PageMeta, View};
use crate::compute::preferred_by_period;
use crate::compute::status::Status;
use crate::failure::Failure;
use crate::model::Goal;
use crate::site::review::ReviewForm;
use crate::site::urls::{Downloads, PagePath};
use serde::Serialize;

#[derive(Serialize)]
struct ReviewPage {
    page: PageMeta,
    form: ReviewForm,
    as_of: String,
    workbook: String,
    csv: String,
    methodology_url: String,
}

pub fn render(view: &View, goal_id: &str) -> Result<String, Failure> {
    let goal = goal_of(view, goal_id);
    let t = view.t();
    let context = ReviewPage {
        page: view.meta(
            "review",
            t.fill("review.title", &[("goal", &view.plain(&goal.title))]),
            t.get("review.description").to_string(),
            vec![view.link(
                format!("{} {}", goal.id, view.plain(&goal.title)),
                &PagePath::Goal(goal.id.clone()),
            )],
        ),
        form: form(view, goal),
        as_of: view.computed().as_of.to_string(),
        workbook: view.download_url(&Downloads::review_xlsx(view.lang(), &goal.id)),
        csv: view.download_url(&Downloads::review_csv(view.lang(), &goal.id)),
        methodology_url: view.url(&PagePath::Page("methodology".into())),
    };
    render_template(view, "review.html", &context)
}

/// Every review form, in each language, for the workbooks and CSVs the export stage writes.
pub fn forms(renderer: &Renderer) -> Vec<ReviewForm> {
    let mut forms = Vec::new();
    for goal in renderer.portal.goals.iter().filter(|g| g.review_form) {
        for lang in 0..renderer.languages.len() {
            let page = PagePath::Review(goal.id.clone());
            forms.push(form(&View::new(renderer, lang, &page), goal));
        }
    }
    forms
}

fn goal_of<'a>(view: &View<'a>, id: &str) -> &'a Goal {
    view.portal()
        .goals
        .iter()
        .find(|g| g.id == id)
        .expect("a review page per goal that asks for one")
}

fn form(view: &View, goal: &Goal) -> ReviewForm {
    let t = view.t();
    let columns = ["stt", "target", "result", "assessment"]
        .map(|c| t.get(&format!("review.column.{c}")).to_string());
    let rows = goal
        .targets
        .iter()
        .enumerate()
        .map(|(i, target)| {
            [
                (i + 1).to_string(),
                format!("{} {}", target.id, view.plain(&target.title)),
                result(view, &target.id),
                assessment(view, &target.id),
            ]
        })
        .collect();
    ReviewForm {
        lang: view.lang().to_string(),
        goal: goal.id.clone(),
        title: t.fill("review.title", &[("goal", &view.plain(&goal.title))]),
        publisher: view.plain(&view.portal().config.publisher.name),
        description: t.get("review.description").to_string(),
        method: t.get("review.method_note").to_string(),
        as_of: view.computed().as_of,
        columns,
        rows,
    }
}

/// The figures behind a target's status, each with its period and source: "Districts and
/// towns: 98% (2020-12; 001, Phụ lục II - nhiệm vụ 29.2)".
fn result(view: &View, target_id: &str) -> String {
    let portal = view.portal();
    let computed = view.computed();
    let facts = computed.target(target_id).expect("computed");
    let target = &portal.goals[facts.goal].targets[facts.position];
    let Some(indicator) = facts
        .assessed
        .as_ref()
        .and_then(|id| computed.indicator(id))
        .map(|i| &portal.indicators[i])
    else {
        return view.t().get("review.no_figures").to_string();
    };
    let unit = target.aim.as_ref().map_or("", |a| a.unit.as_str());
    let several = facts.series.len() > 1;
    let figures: Vec<String> = facts
        .series
        .iter()
        .map(|series| {
            let label =
                several.then(|| format!("{}: ", series_label(view, indicator, &series.dims)));
            let Some(latest) = &series.assessment.latest else {
                return format!(
                    "{}{}",
                    label.unwrap_or_default(),
                    view.t().get("review.no_figures")
                );
            };
            let source = preferred_by_period(indicator, &series.dims)
                .into_iter()
                .map(|i| &indicator.observations[i])
                .find(|o| o.period.label() == latest.period)
                .and_then(|o| o.source.as_ref())
                .and_then(|s| indicator.sources.iter().find(|x| &x.id == s))
                .map(|s| format!("; {}, {}", s.citation.document, s.citation.locator))
                .unwrap_or_default();
            format!(
                "{}{} ({}{source})",
                label.unwrap_or_default(),
                view.measured(latest.value, unit),
                latest.period
            )
        })
        .collect();
    if figures.is_empty() {
        view.t().get("review.no_figures").to_string()
    } else {
        figures.join("; ")
    }
}

/// Đạt / Không đạt, or why there is no verdict yet, and whether it is computed or declared.
fn assessment(view: &View, target_id: &str) -> String {
    let t = view.t();
    let computed = view.computed();
    let facts = computed.target(target_id).expect("computed");
    let target = &view.portal().goals[facts.goal].targets[facts.position];
    let status = facts.assessment.status;
    let computed_words = match status {
        Status::Met | Status::Achieved => Some(t.get("review.met").to_string()),
        Status::NotMet => Some(t.get("review.not_met").to_string()),
        Status::NotAssessed => None,
        Status::InsufficientData => Some(t.get("review.insufficient").to_string()),
        before_deadline => Some(t.fill(
            "review.before_deadline",
            &[("status", &view.status(before_deadline).label)],
        )),
    };
    let mut parts: Vec<String> = computed_words
        .map(|words| format!("{words} ({})", t.get("review.computed")))
        .into_iter()
        .collect();
    if let Some(declared) = &target.declared {
        let words = match declared.status {
            crate::model::DeclaredStatus::Met => t.get("review.met"),
            crate::model::DeclaredStatus::NotMet => t.get("review.not_met"),
        };
        parts.push(t.fill(
            "review.declared",
            &[("status", words), ("date", declared.date.label())],
        ));
    }
    if parts.is_empty() {
        t.get("review.not_assessed").to_string()
    } else {
        parts.join("; ")
    }
}
