//! Release pages: the list of releases, and each release's changelog (what the diff engine
//! found since the release before) with its permanent downloads; and the releases' Atom feed.

use super::render_template;
use super::view::{Link, PageMeta, StatusView, TextView, View};
use crate::compute::status::Status;
use crate::diff::{Changes, FieldChange, Named};
use crate::model::Number;
use crate::problem::Problem;
use crate::site::release::Release;
use crate::site::urls::{Downloads, PagePath};
use serde::Serialize;
use std::collections::BTreeMap;

/// Observation rows shown per indicator; more are counted.
const MAX_ROWS: usize = 50;

#[derive(Serialize)]
struct ReleasesPage {
    page: PageMeta,
    releases: Vec<Entry>,
    feed: String,
}

#[derive(Serialize)]
struct Entry {
    version: String,
    url: String,
    date: String,
    note: Option<TextView>,
    summary: String,
}

#[derive(Serialize)]
struct ReleasePage {
    page: PageMeta,
    version: String,
    date: String,
    commit: String,
    commit_url: Option<String>,
    note: Option<TextView>,
    previous: Option<Link>,
    downloads: Vec<Link>,
    /// For the first release, what it holds.
    first: Option<String>,
    changes: Option<ChangesView>,
}

#[derive(Serialize)]
struct ChangesView {
    heading: String,
    empty: bool,
    statuses: Vec<StatusRow>,
    added: Vec<Item>,
    removed: Vec<Item>,
    renamed: Vec<(Item, Item)>,
    indicators: Vec<IndicatorView>,
    /// Goals and targets added, removed or changed, with the fields that changed.
    targets: Vec<Item>,
    datasets: Vec<Item>,
}

#[derive(Serialize)]
struct StatusRow {
    target: Item,
    from: Option<StatusView>,
    to: Option<StatusView>,
}

/// Something the changelog names, linked when today's portal still has its page.
#[derive(Serialize)]
struct Item {
    id: String,
    label: String,
    url: Option<String>,
    /// What happened to it, in words.
    detail: String,
}

#[derive(Serialize)]
struct IndicatorView {
    item: Item,
    metadata: Vec<FieldView>,
    rows: Vec<RowView>,
    more: usize,
}

#[derive(Serialize)]
struct FieldView {
    field: String,
    old: String,
    new: String,
}

#[derive(Serialize)]
struct RowView {
    change: String,
    period: String,
    dimensions: String,
    source: String,
    old: String,
    new: String,
}

fn releases<'a>(view: &View<'a>) -> &'a [Release] {
    view.renderer.releases
}

pub fn render_list(view: &View) -> Result<String, Problem> {
    let t = view.t();
    let entries = releases(view)
        .iter()
        .rev()
        .map(|r| Entry {
            version: r.version.clone(),
            url: view.url(&PagePath::Release(r.version.clone())),
            date: r.date.to_string(),
            note: view.optional_text(&r.note),
            summary: r.summary(view.t()),
        })
        .collect();
    let title = t.get("releases.title").to_string();
    let context = ReleasesPage {
        page: view.meta(
            "releases",
            title,
            t.get("releases.description").to_string(),
            vec![],
        ),
        releases: entries,
        feed: view.download_url(&Downloads::feed(view.lang())),
    };
    render_template(view, "releases.html", &context)
}

pub fn render(view: &View, version: &str) -> Result<String, Problem> {
    let t = view.t();
    let release = releases(view)
        .iter()
        .find(|r| r.version == version)
        .expect("a page per release");
    let config = &view.portal().config;
    let downloads = release
        .downloads
        .iter()
        .map(|path| Link {
            label: path
                .split_once("/data/")
                .map_or(path.as_str(), |(_, file)| file)
                .to_string(),
            url: view.download_url(path),
        })
        .collect();
    let title = t.fill("releases.release_title", &[("version", version)]);
    let context = ReleasePage {
        page: view.meta(
            "release",
            title,
            view.plain(&release.note),
            vec![view.link(t.get("releases.title"), &PagePath::Releases)],
        ),
        version: release.version.clone(),
        date: release.date.to_string(),
        commit: release.commit.chars().take(7).collect(),
        commit_url: config.commit_url(&release.commit),
        note: view.optional_text(&release.note),
        previous: release.previous.as_ref().map(|p| {
            view.link(
                t.fill("releases.release_title", &[("version", p)]),
                &PagePath::Release(p.clone()),
            )
        }),
        downloads,
        first: release.changes.is_none().then(|| {
            t.fill(
                "releases.first",
                &[
                    ("indicators", &release.indicators.to_string()),
                    ("targets", &release.targets.to_string()),
                    ("datasets", &release.datasets.to_string()),
                ],
            )
        }),
        changes: release
            .changes
            .as_ref()
            .map(|c| changes_view(view, release, c)),
    };
    render_template(view, "release.html", &context)
}

fn changes_view(view: &View, release: &Release, changes: &Changes) -> ChangesView {
    let t = view.t();
    let portal = view.portal();
    // Names in the page's language where today's portal still has the indicator.
    let indicator_item = |id: &str, label: &str, detail: String| {
        let current = view.computed().indicator(id);
        Item {
            id: id.to_string(),
            label: current.map_or_else(
                || label.to_string(),
                |i| view.plain(&portal.indicators[i].name),
            ),
            url: current.map(|_| view.url(&PagePath::Indicator(id.to_string()))),
            detail,
        }
    };
    let target_item = |id: &str, detail: String| Item {
        id: id.to_string(),
        label: String::new(),
        url: view
            .computed()
            .target(id)
            .map(|_| view.url(&PagePath::Target(id.to_string()))),
        detail,
    };
    let status = |code: Option<&str>| {
        code.and_then(|c| Status::ALL.into_iter().find(|s| s.code() == c))
            .map(|s| view.status(s))
    };
    let named = |n: &Named| indicator_item(&n.id, &n.name, String::new());
    let indicators = changes
        .indicators
        .changed
        .iter()
        .map(|d| {
            let o = &d.observations;
            let mut detail = t.fill(
                "releases.observations",
                &[
                    ("added", &o.added.len().to_string()),
                    ("removed", &o.removed.len().to_string()),
                    ("changed", &o.changed.len().to_string()),
                ],
            );
            if let Some(previous) = &d.previous_id {
                detail.push_str(" · ");
                detail.push_str(&t.fill("releases.renamed_from", &[("id", previous)]));
            }
            let mut rows: Vec<RowView> = Vec::new();
            let label = |key: &str| t.get(&format!("releases.{key}")).to_string();
            for c in &o.changed {
                rows.push(RowView {
                    change: label("changed"),
                    period: c.period.clone(),
                    dimensions: dimensions(view, &c.dimensions),
                    source: c.source.clone().unwrap_or_default(),
                    old: value(view, &c.old),
                    new: value(view, &c.new),
                });
            }
            for a in &o.added {
                rows.push(RowView {
                    change: label("added"),
                    period: a.period.clone(),
                    dimensions: dimensions(view, &a.dimensions),
                    source: a.source.clone().unwrap_or_default(),
                    old: String::new(),
                    new: value(view, &a.value),
                });
            }
            for r in &o.removed {
                rows.push(RowView {
                    change: label("removed"),
                    period: r.period.clone(),
                    dimensions: dimensions(view, &r.dimensions),
                    source: r.source.clone().unwrap_or_default(),
                    old: value(view, &r.value),
                    new: String::new(),
                });
            }
            let more = rows.len().saturating_sub(MAX_ROWS);
            rows.truncate(MAX_ROWS);
            IndicatorView {
                item: indicator_item(&d.id, &d.name, detail),
                metadata: d.metadata.iter().map(field).collect(),
                rows,
                more,
            }
        })
        .collect();
    let mut targets = Vec::new();
    for (listed_added, listed_removed, changed, is_goal) in [
        (
            &changes.goals.added,
            &changes.goals.removed,
            changes
                .goals
                .changed
                .iter()
                .map(|g| (&g.id, &g.fields))
                .collect::<Vec<_>>(),
            true,
        ),
        (
            &changes.targets.added,
            &changes.targets.removed,
            changes
                .targets
                .changed
                .iter()
                .map(|t| (&t.id, &t.fields))
                .collect(),
            false,
        ),
    ] {
        let item = |id: &str, detail: String| {
            if is_goal {
                Item {
                    id: id.to_string(),
                    label: String::new(),
                    url: portal
                        .goals
                        .iter()
                        .any(|g| g.id == id)
                        .then(|| view.url(&PagePath::Goal(id.to_string()))),
                    detail,
                }
            } else {
                target_item(id, detail)
            }
        };
        targets.extend(
            listed_added
                .iter()
                .map(|n| item(&n.id, t.get("releases.added").to_string())),
        );
        targets.extend(
            listed_removed
                .iter()
                .map(|n| item(&n.id, t.get("releases.removed").to_string())),
        );
        targets.extend(changed.into_iter().map(|(id, fields)| {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            item(
                id,
                t.fill("releases.fields_changed", &[("fields", &names.join(", "))]),
            )
        }));
    }
    let dataset_item = |id: &str, label: &str, detail: String| {
        let current = portal.datasets.iter().find(|d| d.id == id);
        Item {
            id: id.to_string(),
            label: current.map_or_else(|| label.to_string(), |d| view.plain(&d.title)),
            url: current.map(|_| view.url(&PagePath::Dataset(id.to_string()))),
            detail,
        }
    };
    let mut datasets: Vec<Item> = Vec::new();
    datasets.extend(
        changes
            .datasets
            .added
            .iter()
            .map(|n| dataset_item(&n.id, &n.name, t.get("releases.added").to_string())),
    );
    datasets.extend(
        changes
            .datasets
            .removed
            .iter()
            .map(|n| dataset_item(&n.id, &n.name, t.get("releases.removed").to_string())),
    );
    datasets.extend(changes.datasets.changed.iter().map(|d| {
        let mut detail = match &d.rows {
            Some(r) => t.fill(
                "releases.rows",
                &[
                    ("before", &count(view, r.rows_before)),
                    ("after", &count(view, r.rows_after)),
                    ("added", &count(view, r.added)),
                    ("removed", &count(view, r.removed)),
                    ("changed", &count(view, r.changed)),
                ],
            ),
            None => String::new(),
        };
        if !d.metadata.is_empty() {
            let names: Vec<&str> = d.metadata.iter().map(|f| f.field.as_str()).collect();
            if !detail.is_empty() {
                detail.push_str(" · ");
            }
            detail.push_str(&t.fill("releases.fields_changed", &[("fields", &names.join(", "))]));
        }
        dataset_item(&d.id, &d.title, detail)
    }));
    ChangesView {
        heading: t.fill(
            "releases.changes",
            &[("previous", release.previous.as_deref().unwrap_or(""))],
        ),
        empty: changes.is_empty(),
        statuses: changes
            .statuses
            .iter()
            .map(|s| StatusRow {
                target: target_item(&s.target, String::new()),
                from: status(s.from),
                to: status(s.to),
            })
            .collect(),
        added: changes.indicators.added.iter().map(named).collect(),
        removed: changes.indicators.removed.iter().map(named).collect(),
        renamed: changes
            .indicators
            .renamed
            .iter()
            .map(|r| {
                (
                    indicator_item(&r.from, "", String::new()),
                    indicator_item(&r.to, "", String::new()),
                )
            })
            .collect(),
        indicators,
        targets,
        datasets,
    }
}

fn field(f: &FieldChange) -> FieldView {
    FieldView {
        field: f.field.clone(),
        old: f.old.clone().unwrap_or_else(|| "—".into()),
        new: f.new.clone().unwrap_or_else(|| "—".into()),
    }
}

/// A value as the page's language writes numbers; `—` for a gap.
fn value(view: &View, v: &Option<String>) -> String {
    match v {
        None => view.t().get("table.no_value").to_string(),
        Some(text) => Number::parse(text).map_or_else(|| text.clone(), |n| view.number(n)),
    }
}

fn dimensions(view: &View, dims: &BTreeMap<String, String>) -> String {
    if dims.is_empty() {
        return view.t().get("table.total").to_string();
    }
    dims.iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn count(view: &View, n: u64) -> String {
    view.t().numbers.format(n as f64, 0)
}
