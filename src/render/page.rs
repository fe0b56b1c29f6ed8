//! Pages written in Markdown (about, …), the root page and the 404 page.

use super::markdown::to_html;
use super::render_template;
use super::view::{Link, PageMeta, TextView, View};
use crate::failure::Failure;
use crate::site::urls::PagePath;
use serde::Serialize;

#[derive(Serialize)]
struct ContentPage {
    page: PageMeta,
    body: TextView,
}

pub fn render(view: &View, slug: &str) -> Result<String, Failure> {
    let versions = view
        .renderer
        .pages
        .get(slug)
        .expect("a page per content page");
    let markdown = versions
        .get(view.lang())
        .or_else(|| versions.get(view.default_lang()))
        .or_else(|| versions.values().next())
        .expect("at least one language");
    let title = markdown.title.clone().unwrap_or_else(|| slug.to_string());
    let lang = (markdown.lang != view.lang()).then(|| markdown.lang.clone());
    let context = ContentPage {
        page: view.meta(
            "page",
            title,
            markdown.description.clone().unwrap_or_default(),
            vec![],
        ),
        body: TextView {
            text: to_html(&markdown.body),
            lang,
        },
    };
    render_template(view, "page.html", &context)
}

#[derive(Serialize)]
struct RootPage {
    page: PageMeta,
    languages: Vec<Link>,
    target: String,
}

/// The page at `/`: sends readers to the default language's home, with links to every
/// language for clients that do not follow the redirect.
pub fn render_root(view: &View) -> Result<String, Failure> {
    let languages = view
        .renderer
        .languages
        .iter()
        .map(|l| Link {
            label: l.t.get("language.name").to_string(),
            url: format!(
                "{}{}",
                view.portal().config.base_path(),
                PagePath::Home.url(&l.code)
            ),
        })
        .collect();
    let title = view.plain(&view.portal().config.title);
    let context = RootPage {
        page: view.meta("root", title, String::new(), vec![]),
        languages,
        target: view.url(&PagePath::Home),
    };
    render_template(view, "root.html", &context)
}

#[derive(Serialize)]
struct NotFound {
    page: PageMeta,
    homes: Vec<Link>,
}

pub fn render_not_found(view: &View) -> Result<String, Failure> {
    let homes = view
        .renderer
        .languages
        .iter()
        .map(|l| Link {
            label: l.t.get("not_found.home").to_string(),
            url: format!(
                "{}{}",
                view.portal().config.base_path(),
                PagePath::Home.url(&l.code)
            ),
        })
        .collect();
    let title = view.t().get("not_found.title").to_string();
    render_template(
        view,
        "404.html",
        &NotFound {
            page: view.meta("not-found", title, String::new(), vec![]),
            homes,
        },
    )
}
