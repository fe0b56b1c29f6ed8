//! The site search index: one small JSON file per language (`<lang>/search.json`) with every
//! page that has a subject — goals, targets, indicators, datasets, content pages — its kind,
//! code and, for targets, status. The script that reads it (`chiso.js`) folds case and
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
    /// The target's status, in words.
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
    // In the order a tie is broken: what readers look for by name first.
    let (mut goals, mut targets, mut entries) = (Vec::new(), Vec::new(), Vec::new());
    let kind = |key: &str| t.get(key).to_string();
    for goal in &portal.goals {
        goals.push(Entry {
            u: view.url(&PagePath::Goal(goal.id.clone())),
            t: view.plain(&goal.title),
            k: kind("search.kind.goal"),
            c: goal.id.clone(),
            s: None,
        });
        for target in &goal.targets {
            targets.push(Entry {
                u: view.url(&PagePath::Target(target.id.clone())),
                t: view.plain(&target.title),
                k: kind("search.kind.target"),
                c: target.id.clone(),
                s: computed
                    .target(&target.id)
                    .map(|f| view.status(f.assessment.status).label),
            });
        }
    }
    for indicator in &portal.indicators {
        entries.push(Entry {
            u: view.url(&PagePath::Indicator(indicator.id.clone())),
            t: view.plain(&indicator.name),
            k: kind("search.kind.indicator"),
            c: indicator.id.clone(),
            s: None,
        });
    }
    entries.append(&mut targets);
    entries.append(&mut goals);
    for dataset in &portal.datasets {
        entries.push(Entry {
            u: view.url(&PagePath::Dataset(dataset.id.clone())),
            t: view.plain(&dataset.title),
            k: kind("search.kind.dataset"),
            c: dataset.id.clone(),
            s: None,
        });
    }
    for (slug, versions) in &renderer.pages {
        let title = versions
            .get(view.lang())
            .or_else(|| versions.values().next())
            .and_then(|m| m.title.clone())
            .unwrap_or_else(|| slug.clone());
        entries.push(Entry {
            u: view.url(&PagePath::Page(slug.clone())),
            t: title,
            k: kind("search.kind.page"),
            c: String::new(),
            s: None,
        });
    }
    serde_json::to_vec(&entries).expect("entries serialize")
}
