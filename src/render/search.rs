//! The site search index: one small JSON file per language (`<lang>/search.json`) with every
//! page that has a subject — goals, targets, indicators, datasets, tasks (each at its row of
//! the task list), content pages — its kind, code and, for targets and tasks, status. The script that reads it (`chiso.js`) folds case and
//! diacritics on both sides, so "muc do 4" finds "mức độ 4", and ranks a code typed whole
//! first. Without JavaScript the search box leads to the indicator index.
//!
//! Why not Pagefind: its search runs as WebAssembly, which a strict Content-Security-Policy
//! (`script-src 'self'`, no `wasm-unsafe-eval`) forbids, and it fragments an index meant for
//! full-text search over long pages; a portal's subjects are a few thousand short titles and
//! codes, which one file per language holds (the bundled portal's is a few tens of kilobytes).

use super::Renderer;
use super::view::View;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct Entry {
    /// The page, relative to the site.
    u: String,
    /// Its title in the page's language.
    t: String,
    /// Its kind, as readers call it (`Indicator`).
    k: String,
    /// Its code (`CL.III.1.a`, `dvctt-muc-do-4`).
    c: String,
    /// The target's or task's status, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<String>,
}

/// The index of one language, as JSON.
pub fn index(renderer: &Renderer, lang: usize) -> Vec<u8> {
    let home = PagePath::Home;
    let view = View::new(renderer, lang, &home);
    let t = view.t();
    let portal = view.portal();
    let computed = view.computed();
    let entry =
        |page: PagePath, title: String, kind: &str, code: &str, status: Option<String>| Entry {
            u: view.url(&page),
            t: title,
            k: t.get(&format!("search.kind.{kind}")).to_string(),
            c: code.to_string(),
            s: status,
        };
    // In the order a tie is broken: what readers look for by name first.
    let indicators = portal.indicators.iter().map(|i| {
        let page = PagePath::Indicator(i.id.clone());
        entry(page, view.plain(&i.name), "indicator", &i.id, None)
    });
    let targets = portal.goals.iter().flat_map(|g| &g.targets).map(|target| {
        let status = computed
            .target(&target.id)
            .map(|f| view.status(f.assessment.status).label);
        let page = PagePath::Target(target.id.clone());
        entry(
            page,
            view.plain(&target.title),
            "target",
            &target.id,
            status,
        )
    });
    let goals = portal.goals.iter().map(|g| {
        let page = PagePath::Goal(g.id.clone());
        entry(page, view.plain(&g.title), "goal", &g.id, None)
    });
    let datasets = portal.datasets.iter().map(|d| {
        let page = PagePath::Dataset(d.id.clone());
        entry(page, view.plain(&d.title), "dataset", &d.id, None)
    });
    let task_list = view.url(&PagePath::Tasks {
        agency: None,
        status: None,
    });
    let tasks = portal.tasks.iter().map(|task| Entry {
        u: format!("{task_list}#task-{}", task.id),
        t: view.plain(&task.title),
        k: t.get("search.kind.task").to_string(),
        c: task.id.clone(),
        s: Some(view.task_status(task.status).label),
    });
    let pages = renderer.pages.iter().map(|(slug, versions)| {
        let title = versions
            .get(view.lang())
            .or_else(|| versions.values().next())
            .and_then(|m| m.title.clone())
            .unwrap_or_else(|| slug.clone());
        entry(PagePath::Page(slug.clone()), title, "page", "", None)
    });
    let entries: Vec<Entry> = indicators
        .chain(targets)
        .chain(goals)
        .chain(datasets)
        .chain(tasks)
        .chain(pages)
        .collect();
    serde_json::to_vec(&entries).expect("entries serialize")
}
