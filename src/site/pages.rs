//! Every page of the portal, listed once: the renderer renders these, the sitemap lists them
//! and the main navigation is chosen among them. The list is built kind by kind from
//! [`PageKind`], which is derived from [`PagePath`]: a new kind of page does not compile until
//! this module says which pages of it exist.

use super::urls::{ChartRef, PageKind, PagePath};
use crate::compute::Computed;
use crate::compute::status::Status;
use crate::model::{Goal, Portal, TaskStatus};
use crate::site::release::Release;
use std::collections::{BTreeSet, HashMap};
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
    PageKind::GoalPart,
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
                PageKind::StatusFilter => status_filters(computed).collect(),
                PageKind::Goal => goals().map(|g| PagePath::Goal(g.id.clone())).collect(),
                PageKind::GoalPart => splittable_lists(computed)
                    .filter(|list| is_split(portal, list))
                    .flat_map(|list| {
                        goal_parts(portal, computed, &list)
                            .into_iter()
                            .map(move |(goal, _)| PagePath::goal_part(list.clone(), &goal.id))
                    })
                    .collect(),
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

/// How many of the newest updates the updates page lists and each Atom feed carries. A feed
/// reader fetches the feed again and again to see what is new: the whole history (an entry per
/// indicator) would be megabytes at every fetch, and is on the pages' revision sections.
pub const LATEST_UPDATES: usize = 100;

/// Beyond this many targets the matrix is split, a page per goal, so that no page grows
/// past a megabyte (a row is a few kilobytes with its years).
pub const MATRIX_SPLIT: usize = 200;

/// Beyond this many entries a list of targets or indicators is split, a page per goal: an
/// entry is up to 650 bytes, and no page should grow past a megabyte.
pub const LIST_SPLIT: usize = 1000;

/// Whether `list` is split into a page per goal ([`PagePath::GoalPart`]): the list page then
/// names the goals, each with its number of entries and a link to its part.
pub fn is_split(portal: &Portal, list: &PagePath) -> bool {
    let targets = || portal.goals.iter().map(|g| g.targets.len()).sum::<usize>();
    match list {
        PagePath::StatusMatrix => targets() > MATRIX_SPLIT,
        PagePath::Targets | PagePath::Status | PagePath::StatusFilter(_) => targets() > LIST_SPLIT,
        PagePath::Indicators | PagePath::Reporting => portal.indicators.len() > LIST_SPLIT,
        _ => false,
    }
}

/// The page that holds goal `goal`'s entries of `list`: its part when the list is split, else
/// the list itself (where the goal has a section).
pub fn page_of_goal(portal: &Portal, list: PagePath, goal: &str) -> PagePath {
    if is_split(portal, &list) {
        PagePath::goal_part(list, goal)
    } else {
        list
    }
}

/// The lists that may be split: every target, every indicator, the status overview and its
/// filters, the matrix, the indicators by reporting status.
fn splittable_lists(computed: &Computed) -> impl Iterator<Item = PagePath> + '_ {
    [
        PagePath::Targets,
        PagePath::Indicators,
        PagePath::Status,
        PagePath::StatusMatrix,
        PagePath::Reporting,
    ]
    .into_iter()
    .chain(status_filters(computed))
}

/// A page of the targets with each status some target has.
fn status_filters(computed: &Computed) -> impl Iterator<Item = PagePath> + '_ {
    Status::ALL
        .into_iter()
        .filter(|s| computed.summary.overall.contains_key(s))
        .map(|s| PagePath::StatusFilter(s.code().to_string()))
}

/// The goals with entries in `list`, in order, and how many each has: the parts of the list
/// when it is split.
pub fn goal_parts<'p>(
    portal: &'p Portal,
    computed: &Computed,
    list: &PagePath,
) -> Vec<(&'p Goal, usize)> {
    let indicators = match list {
        PagePath::Indicators | PagePath::Reporting => indicators_by_goal(computed),
        _ => HashMap::new(),
    };
    portal
        .goals
        .iter()
        .map(|goal| {
            let count = match list {
                PagePath::Indicators | PagePath::Reporting => {
                    indicators.get(goal.id.as_str()).copied().unwrap_or(0)
                }
                PagePath::StatusFilter(code) => goal
                    .targets
                    .iter()
                    .filter_map(|t| computed.target(&t.id))
                    .filter(|facts| facts.assessment.status.code() == code)
                    .count(),
                _ => goal.targets.len(),
            };
            (goal, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// How many indicators each goal has (through its targets or directly), counted in one pass:
/// a large portal has thousands of both.
pub fn indicators_by_goal(computed: &Computed) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for goal in computed.indicators.iter().flat_map(|facts| &facts.goals) {
        *counts.entry(goal).or_default() += 1;
    }
    counts
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
