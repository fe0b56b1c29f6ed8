//! Long lists split by goal. In a large portal the lists of every target or indicator, the
//! status overview and its filters and the matrix would each be megabytes of HTML: beyond a
//! size ([`crate::site::pages::is_split`]) the list page names the goals, each with how many
//! entries it has and a link to its part, and each part is a page of its own that shows one
//! goal's entries as the whole list would.

use super::view::{Link, PageMeta, View};
use crate::site::urls::PagePath;
use serde::Serialize;
use std::collections::HashMap;

/// Which goals a page of a list shows, and how.
pub struct Split<'a> {
    list: PagePath,
    /// The goal of a part; `None` on the list page itself.
    only: Option<&'a str>,
    split: bool,
    /// Entries per goal, on the page of a split list.
    counts: Option<HashMap<&'a str, usize>>,
}

/// A goal's link, on the list page, to its part.
#[derive(Serialize)]
pub struct PartLink {
    url: String,
    /// "Targets of this goal: 12".
    label: String,
}

impl<'a> Split<'a> {
    /// The page of `list` that `view` renders: the list itself, or the part of goal `only`.
    pub fn new(view: &View<'a>, list: PagePath, only: Option<&'a str>) -> Split<'a> {
        let portal = view.portal();
        let split = crate::site::pages::is_split(portal, &list);
        // Only the list page links to the parts: a part need not count the others.
        let counts = (split && only.is_none()).then(|| {
            crate::site::pages::goal_parts(portal, view.computed(), &list)
                .into_iter()
                .map(|(goal, count)| (goal.id.as_str(), count))
                .collect()
        });
        Split {
            list,
            only,
            split,
            counts,
        }
    }

    /// Whether the list is split and this is its page: the goals are named, their entries
    /// are on their parts.
    pub fn is_index(&self) -> bool {
        self.split && self.only.is_none()
    }

    /// Whether the page lists goal `goal` at all: every goal on the list page, one on a part.
    pub fn names(&self, goal: &str) -> bool {
        self.only.is_none_or(|only| only == goal)
    }

    /// Whether the page shows the entries of goal `goal`.
    pub fn shows(&self, goal: &str) -> bool {
        self.names(goal) && !self.is_index()
    }

    /// The link to the part of goal `goal`, on the index of a split list.
    pub fn part(&self, view: &View, goal: &str) -> Option<PartLink> {
        let count = *self.counts.as_ref()?.get(goal)?;
        let key = match self.list {
            PagePath::Indicators | PagePath::Reporting => "lists.part_indicators",
            _ => "lists.part_targets",
        };
        Some(PartLink {
            url: view.url(&self.part_page(goal)),
            label: view.t().fill(key, &[("count", &count.to_string())]),
        })
    }

    /// The part of goal `goal`, as a page.
    pub fn part_page(&self, goal: &str) -> PagePath {
        PagePath::goal_part(self.list.clone(), goal)
    }

    /// The page's metadata: the list's `title` and `trail`, or, on a part, "list — goal"
    /// with the list in the trail.
    pub fn meta(
        &self,
        view: &View,
        kind: &'static str,
        title: String,
        description: String,
        mut trail: Vec<Link>,
    ) -> PageMeta {
        let Some(goal) = self.only else {
            return view.meta(kind, title, description, trail);
        };
        let goal_title = view
            .portal()
            .goals
            .iter()
            .find(|g| g.id == goal)
            .map_or_else(String::new, |g| view.plain(&g.title));
        let part_title = view.t().fill(
            "lists.part_title",
            &[("list", &title), ("goal", &format!("{goal} {goal_title}"))],
        );
        trail.push(view.link(title, &self.list));
        view.meta(kind, part_title, description, trail)
    }
}
