//! Every page of the portal, listed once: the renderer renders these, the sitemap lists them
//! and the main navigation is chosen among them. The list is built kind by kind from
//! [`PageKind`], which is derived from [`PagePath`]: a new kind of page does not compile until
//! this module says which pages of it exist.

use super::urls::{ChartRef, PageKind, PagePath};
use crate::compute::Computed;
use crate::compute::status::Status;
use crate::model::{Portal, TaskStatus};
use crate::site::release::Release;
use std::collections::BTreeSet;
use strum::EnumCount;

/// The order pages are listed in (the sitemap's order): the portal's overview pages first.
const ORDER: [PageKind; PageKind::COUNT] = [
    PageKind::Home,
    PageKind::Goals,
    PageKind::Targets,
    PageKind::Indicators,
    PageKind::Datasets,
    PageKind::DataHub,
    PageKind::Status,
    PageKind::StatusMatrix,
    PageKind::Reporting,
    PageKind::StatusFilter,
    PageKind::Goal,
    PageKind::StatusMatrixGoal,
    PageKind::Review,
    PageKind::Target,
    PageKind::Indicator,
    PageKind::Dataset,
    PageKind::Page,
    PageKind::Tasks,
    PageKind::Embed,
    PageKind::Releases,
    PageKind::Release,
    PageKind::Updates,
];

/// Every page of the portal in one language. `content` names the Markdown pages (the theme's
/// and the portal's).
pub fn every_page(
    portal: &Portal,
    computed: &Computed,
    releases: &[Release],
    content: &[&str],
) -> Vec<PagePath> {
    let goals = || portal.goals.iter();
    ORDER
        .iter()
        .flat_map(|kind| -> Vec<PagePath> {
            match kind {
                PageKind::Home => vec![PagePath::Home],
                PageKind::Goals => vec![PagePath::Goals],
                PageKind::Targets => vec![PagePath::Targets],
                PageKind::Indicators => vec![PagePath::Indicators],
                PageKind::Datasets => vec![PagePath::Datasets],
                PageKind::DataHub => vec![PagePath::DataHub],
                PageKind::Status => vec![PagePath::Status],
                PageKind::StatusMatrix => vec![PagePath::StatusMatrix],
                PageKind::Reporting => vec![PagePath::Reporting],
                PageKind::StatusFilter => Status::ALL
                    .into_iter()
                    .filter(|s| computed.summary.overall.contains_key(s))
                    .map(|s| PagePath::StatusFilter(s.code().to_string()))
                    .collect(),
                PageKind::Goal => goals().map(|g| PagePath::Goal(g.id.clone())).collect(),
                PageKind::StatusMatrixGoal if matrix_is_split(portal) => goals()
                    .map(|g| PagePath::StatusMatrixGoal(g.id.clone()))
                    .collect(),
                PageKind::StatusMatrixGoal => Vec::new(),
                PageKind::Review => goals()
                    .filter(|g| g.review_form)
                    .map(|g| PagePath::Review(g.id.clone()))
                    .collect(),
                PageKind::Target => goals()
                    .flat_map(|g| g.targets.iter().map(|t| PagePath::Target(t.id.clone())))
                    .collect(),
                PageKind::Indicator => portal
                    .indicators
                    .iter()
                    .map(|i| PagePath::Indicator(i.id.clone()))
                    .collect(),
                PageKind::Dataset => portal
                    .datasets
                    .iter()
                    .map(|d| PagePath::Dataset(d.id.clone()))
                    .collect(),
                PageKind::Page => content
                    .iter()
                    .map(|slug| PagePath::Page(slug.to_string()))
                    .collect(),
                PageKind::Tasks => task_pages(portal, computed),
                PageKind::Embed => every_chart(portal, computed)
                    .into_iter()
                    .map(PagePath::Embed)
                    .collect(),
                PageKind::Releases if !releases.is_empty() => vec![PagePath::Releases],
                PageKind::Releases => Vec::new(),
                PageKind::Updates => vec![PagePath::Updates],
                PageKind::Release => releases
                    .iter()
                    .map(|r| PagePath::Release(r.version.clone()))
                    .collect(),
            }
        })
        .collect()
}

/// The main navigation: the portal's sections in menu order (with the key of each label in
/// the theme's strings), those the portal has among `pages`.
pub fn menu(pages: &[PagePath]) -> Vec<(&'static str, PagePath)> {
    let sections = [
        ("nav.home", PagePath::Home),
        ("nav.goals", PagePath::Goals),
        ("nav.indicators", PagePath::Indicators),
        ("nav.status", PagePath::Status),
        (
            "nav.tasks",
            PagePath::Tasks {
                agency: None,
                status: None,
            },
        ),
        ("nav.datasets", PagePath::Datasets),
        ("nav.data", PagePath::DataHub),
        ("nav.updates", PagePath::Updates),
        ("releases.nav", PagePath::Releases),
        ("nav.about", PagePath::Page("about".into())),
    ];
    sections
        .into_iter()
        .filter(|(_, page)| pages.contains(page))
        .collect()
}

/// Beyond this many targets the matrix is split, a page per goal, so that no page grows
/// past a megabyte (a row is a few kilobytes with its years).
pub const MATRIX_SPLIT: usize = 200;

/// Whether the portal's matrix is split into a page per goal.
pub fn matrix_is_split(portal: &Portal) -> bool {
    portal.goals.iter().map(|g| g.targets.len()).sum::<usize>() > MATRIX_SPLIT
}

/// The task pages: all tasks, one page per agency, per status, and per agency and status
/// that have tasks.
fn task_pages(portal: &Portal, computed: &Computed) -> Vec<PagePath> {
    if portal.tasks.is_empty() {
        return vec![PagePath::Tasks {
            agency: None,
            status: None,
        }];
    }
    let mut pages = vec![PagePath::Tasks {
        agency: None,
        status: None,
    }];
    let statuses: BTreeSet<TaskStatus> = portal.tasks.iter().map(|t| t.status).collect();
    pages.extend(statuses.iter().map(|s| PagePath::Tasks {
        agency: None,
        status: Some(s.code().to_string()),
    }));
    for (agency, counts) in &computed.tasks.by_agency {
        pages.push(PagePath::Tasks {
            agency: Some(agency.clone()),
            status: None,
        });
        pages.extend(counts.keys().map(|s| PagePath::Tasks {
            agency: Some(agency.clone()),
            status: Some(s.code().to_string()),
        }));
    }
    pages
}

/// Every chart of the portal: one per indicator with data, one per target assessed with an
/// indicator that has data, and a map per indicator with regional figures.
pub fn every_chart(portal: &Portal, computed: &Computed) -> Vec<ChartRef> {
    let has_data = |id: &str| {
        computed
            .indicator(id)
            .is_some_and(|i| !computed.indicators[i].headline_obs.is_empty())
    };
    let indicators = portal
        .indicators
        .iter()
        .filter(|i| has_data(&i.id))
        .map(|i| ChartRef::Indicator(i.id.clone()));
    let targets = computed
        .targets
        .iter()
        .filter(|t| t.assessed.as_deref().is_some_and(has_data))
        .map(|t| ChartRef::Target(t.id.clone()));
    let maps = portal
        .indicators
        .iter()
        .zip(&computed.indicators)
        .filter(|(_, facts)| facts.regional.is_some())
        .map(|(i, _)| ChartRef::Map(i.id.clone()));
    indicators.chain(targets).chain(maps).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_page_is_listed_once() {
        let listed: BTreeSet<PageKind> = ORDER.into_iter().collect();
        assert_eq!(listed.len(), PageKind::COUNT);
    }
}
