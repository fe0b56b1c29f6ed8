//! Release pages: the list of releases, and each release's changelog (what the diff engine
//! found since the release before) with its permanent downloads; and the releases' Atom feed.

use super::render_template;
use super::view::{Link, PageMeta, StatusView, TextView, View};
use crate::compute::status::Status;
use crate::diff::{Changes, FieldChange, IndicatorDiff, Named};
use crate::failure::Failure;
use crate::model::Number;
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

pub fn render_list(view: &View) -> Result<String, Failure> {
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

pub fn render(view: &View, version: &str) -> Result<String, Failure> {
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

/// What a release changed, in the page's language: statuses, indicators, goals and targets,
/// datasets.
fn changes_view(view: &View, release: &Release, changes: &Changes) -> ChangesView {
    let t = view.t();
    let status = |code: Option<&str>| {
        code.and_then(|c| Status::ALL.into_iter().find(|s| s.code() == c))
            .map(|s| view.status(s))
    };
    let named = |n: &Named| indicator_item(view, &n.id, &n.name, String::new());
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
                target: target_item(view, &s.target, String::new()),
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
                    indicator_item(view, &r.from, "", String::new()),
                    indicator_item(view, &r.to, "", String::new()),
                )
            })
            .collect(),
        indicators: changes
            .indicators
            .changed
            .iter()
            .map(|d| indicator_view(view, d))
            .collect(),
        targets: goal_and_target_items(view, changes),
        datasets: dataset_items(view, changes),
    }
}

/// An indicator, named in the page's language where today's portal still has it.
fn indicator_item(view: &View, id: &str, label: &str, detail: String) -> Item {
    let current = view.computed().indicator(id);
    Item {
        id: id.to_string(),
        label: current.map_or_else(
            || label.to_string(),
            |i| view.plain(&view.portal().indicators[i].name),
        ),
        url: current.map(|_| view.url(&PagePath::Indicator(id.to_string()))),
        detail,
    }
}

fn target_item(view: &View, id: &str, detail: String) -> Item {
    Item {
        id: id.to_string(),
        label: String::new(),
        url: view
            .computed()
            .target(id)
            .map(|_| view.url(&PagePath::Target(id.to_string()))),
        detail,
    }
}

fn goal_item(view: &View, id: &str, detail: String) -> Item {
    Item {
        id: id.to_string(),
        label: String::new(),
        url: view
            .portal()
            .goals
            .iter()
            .any(|g| g.id == id)
            .then(|| view.url(&PagePath::Goal(id.to_string()))),
        detail,
    }
}

fn dataset_item(view: &View, id: &str, label: &str, detail: String) -> Item {
    let current = view.portal().datasets.iter().find(|d| d.id == id);
    Item {
        id: id.to_string(),
        label: current.map_or_else(|| label.to_string(), |d| view.plain(&d.title)),
        url: current.map(|_| view.url(&PagePath::Dataset(id.to_string()))),
        detail,
    }
}

/// A changed indicator: how many observations changed, its changed metadata, and the first
/// [`MAX_ROWS`] observation rows (changed, then added, then removed).
fn indicator_view(view: &View, d: &IndicatorDiff) -> IndicatorView {
    let t = view.t();
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
    let label = |key: &str| t.get(&format!("releases.{key}")).to_string();
    let changed = o.changed.iter().map(|c| RowView {
        change: label("changed"),
        period: c.period.clone(),
        dimensions: dimensions(view, &c.dimensions),
        source: c.source.clone().unwrap_or_default(),
        old: value(view, &c.old),
        new: value(view, &c.new),
    });
    let added = o.added.iter().map(|a| RowView {
        change: label("added"),
        period: a.period.clone(),
        dimensions: dimensions(view, &a.dimensions),
        source: a.source.clone().unwrap_or_default(),
        old: String::new(),
        new: value(view, &a.value),
    });
    let removed = o.removed.iter().map(|r| RowView {
        change: label("removed"),
        period: r.period.clone(),
        dimensions: dimensions(view, &r.dimensions),
        source: r.source.clone().unwrap_or_default(),
        old: value(view, &r.value),
        new: String::new(),
    });
    let mut rows: Vec<RowView> = changed.chain(added).chain(removed).collect();
    let more = rows.len().saturating_sub(MAX_ROWS);
    rows.truncate(MAX_ROWS);
    IndicatorView {
        item: indicator_item(view, &d.id, &d.name, detail),
        metadata: d.metadata.iter().map(field).collect(),
        rows,
        more,
    }
}

/// Goals, then targets: added, removed, and those whose fields changed.
fn goal_and_target_items(view: &View, changes: &Changes) -> Vec<Item> {
    let goals = changes
        .goals
        .changed
        .iter()
        .map(|g| (g.id.as_str(), &g.fields[..]));
    let targets = changes
        .targets
        .changed
        .iter()
        .map(|t| (t.id.as_str(), &t.fields[..]));
    let mut items = listed_items(
        view,
        &changes.goals.added,
        &changes.goals.removed,
        goals,
        goal_item,
    );
    items.extend(listed_items(
        view,
        &changes.targets.added,
        &changes.targets.removed,
        targets,
        target_item,
    ));
    items
}

fn listed_items<'c>(
    view: &View,
    added: &[Named],
    removed: &[Named],
    changed: impl Iterator<Item = (&'c str, &'c [FieldChange])>,
    item: fn(&View, &str, String) -> Item,
) -> Vec<Item> {
    let t = view.t();
    let added = added
        .iter()
        .map(|n| item(view, &n.id, t.get("releases.added").to_string()));
    let removed = removed
        .iter()
        .map(|n| item(view, &n.id, t.get("releases.removed").to_string()));
    let changed = changed.map(|(id, fields)| item(view, id, fields_changed(view, fields)));
    added.chain(removed).chain(changed).collect()
}

/// Datasets added, removed, and changed (their rows and metadata).
fn dataset_items(view: &View, changes: &Changes) -> Vec<Item> {
    let t = view.t();
    let listed = |names: &[Named], key: &str| -> Vec<Item> {
        names
            .iter()
            .map(|n| dataset_item(view, &n.id, &n.name, t.get(key).to_string()))
            .collect()
    };
    let mut items = listed(&changes.datasets.added, "releases.added");
    items.extend(listed(&changes.datasets.removed, "releases.removed"));
    items.extend(changes.datasets.changed.iter().map(|d| {
        let rows = d.rows.as_ref().map(|r| {
            t.fill(
                "releases.rows",
                &[
                    ("before", &count(view, r.rows_before)),
                    ("after", &count(view, r.rows_after)),
                    ("added", &count(view, r.added)),
                    ("removed", &count(view, r.removed)),
                    ("changed", &count(view, r.changed)),
                ],
            )
        });
        let fields = (!d.metadata.is_empty()).then(|| fields_changed(view, &d.metadata));
        let detail: Vec<String> = rows.into_iter().chain(fields).collect();
        dataset_item(view, &d.id, &d.title, detail.join(" · "))
    }));
    items
}

fn fields_changed(view: &View, fields: &[FieldChange]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    view.t()
        .fill("releases.fields_changed", &[("fields", &names.join(", "))])
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
