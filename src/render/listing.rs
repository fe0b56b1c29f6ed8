//! The list of all indicators, with their latest value.

use super::render_template;
use super::view::{PageMeta, TextView, View};
use crate::failure::Failure;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct Listing {
    page: PageMeta,
    indicators: Vec<Entry>,
    reporting_url: String,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    name: TextView,
    url: String,
    unit: String,
    latest: Option<String>,
    latest_period: Option<String>,
    targets: usize,
}

pub fn render(view: &View) -> Result<String, Failure> {
    let portal = view.portal();
    let computed = view.computed();
    let indicators = portal
        .indicators
        .iter()
        .zip(&computed.indicators)
        .map(|(indicator, facts)| {
            let latest = facts
                .headline_obs
                .last()
                .map(|&i| &indicator.observations[i]);
            Entry {
                id: indicator.id.clone(),
                name: view.text(&indicator.name),
                url: view.url(&PagePath::Indicator(indicator.id.clone())),
                unit: view.unit_label(&indicator.unit),
                latest: latest
                    .and_then(|o| o.value)
                    .map(|v| view.value(v, &indicator.unit)),
                latest_period: latest.map(|o| o.period.label().to_string()),
                targets: facts.targets.len(),
            }
        })
        .collect();
    let title = view.t().get("indicators.title").to_string();
    let context = Listing {
        page: view.meta("indicators", title, String::new(), vec![]),
        indicators,
        reporting_url: view.url(&PagePath::Reporting),
    };
    render_template(view, "indicators.html", &context)
}
