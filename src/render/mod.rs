//! Stage 4, **render**: every page in every language, from Tera templates. Each page gets a
//! context holding only what it shows (never whole collections), built by the module of its
//! page kind; pages are rendered in parallel and written as they are done.

pub mod chart_images;
pub mod charts;
mod data_hub;
mod dataset;
mod downloads;
mod embed;
mod fallback;
mod goal;
mod goals;
mod home;
mod indicator;
mod jsonld;
mod listing;
mod maps;
pub mod markdown;
mod page;
mod parts;
pub mod release;
mod reporting;
pub mod reuse;
mod review;
mod revisions;
mod search;
mod status;
mod target;
mod tasks;
mod updates;
mod view;

use crate::compute::Computed;
use crate::failure::Failure;
use crate::model::{Markdown, Portal};
use crate::output::Output;

use crate::site::catalog::Catalog;
use crate::site::pages::{every_page, menu};
use crate::site::release::Release;
use crate::site::urls::{Downloads, PagePath};
use crate::theme::i18n::{FALLBACK_LANGUAGE, Translator};
use crate::theme::{StaticSource, Theme};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::Tera;
pub use view::View;

pub struct RenderOptions {
    /// Adds the script that reloads the page when `chiso serve` rebuilds.
    pub live_reload: bool,
    /// Draws every chart as a PNG too, and links it.
    pub png: bool,
    /// Where pages whose inputs did not change are found, if anywhere.
    pub reuse: Option<reuse::Reuse>,
}

/// One language's template engine and strings.
pub struct Language {
    pub code: String,
    pub tera: Tera,
    /// The language's strings, those borrowed from English bracketed for marking
    /// ([`Translator::marking_borrowed`]).
    pub t: Translator,
}

/// The search index of a language, without the brackets of borrowed strings.
fn search_index(renderer: &Renderer, lang: usize) -> Vec<u8> {
    let index = search::index(renderer, lang);
    if renderer.languages[lang].t.borrows() {
        fallback::strip(&String::from_utf8_lossy(&index)).into_bytes()
    } else {
        index
    }
}

pub struct Renderer<'a> {
    pub portal: &'a Portal,
    pub computed: &'a Computed,
    /// Released revisions, oldest first, with their changes.
    pub releases: &'a [Release],
    /// What the export wrote: downloads with their sizes, dates and citations.
    pub catalog: &'a Catalog,
    pub languages: Vec<Language>,
    pub options: RenderOptions,
    /// Pages written in Markdown: the theme's (such as the methodology), replaced by the
    /// portal's own pages of the same name.
    pub pages: BTreeMap<String, BTreeMap<String, Markdown>>,
    /// Every page in one language ([`every_page`]), and the main navigation's entries
    /// among them.
    pub every_page: Vec<PagePath>,
    pub menu: Vec<(&'static str, PagePath)>,
    /// Where each template was read from, for the messages.
    pub template_files: BTreeMap<String, std::path::PathBuf>,
    /// Maps by language and indicator, drawn once for the indicator's page and its embed.
    pub maps: Memo<(usize, String), Option<maps::MapView>>,
    /// Each boundary layer projected and simplified, once, by layer id.
    pub outlines: BTreeMap<String, crate::chart::map::Outlines>,
}

/// Values computed once per key, by whichever of the pages rendering in parallel needs them
/// first.
pub struct Memo<K, V> {
    slots: std::sync::Mutex<HashMap<K, Arc<std::sync::OnceLock<V>>>>,
}

impl<K: Eq + std::hash::Hash, V: Clone> Memo<K, V> {
    fn new() -> Self {
        Memo {
            slots: std::sync::Mutex::new(HashMap::new()),
        }
    }

    pub fn get_or_compute(&self, key: K, compute: impl FnOnce() -> V) -> V {
        let slot = Arc::clone(
            self.slots
                .lock()
                .expect("not poisoned")
                .entry(key)
                .or_default(),
        );
        slot.get_or_init(compute).clone()
    }
}

/// A page to render: which page, in which language.
#[derive(Debug, Clone)]
pub struct Job {
    pub page: PagePath,
    pub lang: usize,
}

impl<'a> Renderer<'a> {
    pub fn new(
        portal: &'a Portal,
        computed: &'a Computed,
        releases: &'a [Release],
        catalog: &'a Catalog,
        theme: &Theme,
        options: RenderOptions,
    ) -> Result<Self, Failure> {
        let mut base = Tera::default();
        base.autoescape_on(vec![".html", ".xml"]);
        base.set_escape_fn(crate::escape::markup);
        let templates: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        // Each template parsed alone first, so that a syntax error names its own file.
        for (name, source) in &templates {
            if let Err(e) = tera::Template::new(name, None, source) {
                return Err(template_failure(&theme.template_files, name, &e));
            }
        }
        if let Err(e) = base.add_raw_templates(templates) {
            return Err(template_failure(&theme.template_files, "", &e));
        }
        let languages = portal
            .config
            .languages
            .iter()
            .map(|code| {
                // Pages show borrowed strings marked with their language (`fallback`).
                let t = Translator::new(code, &theme.strings).marking_borrowed();
                let mut tera = base.clone();
                let strings = Arc::new(t.clone());
                tera.register_function("t", move |args: &HashMap<String, tera::Value>| {
                    let key = args
                        .get("key")
                        .and_then(|k| k.as_str())
                        .ok_or("t() needs key=\"…\"")?;
                    // Most calls name only the key: no placeholders to fill.
                    if args.len() == 1 {
                        return Ok(tera::Value::String(strings.get(key).to_string()));
                    }
                    let values: Vec<(String, String)> = args
                        .iter()
                        .filter(|(k, _)| k.as_str() != "key")
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        })
                        .collect();
                    let pairs: Vec<(&str, &str)> = values
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    Ok(tera::Value::String(strings.fill(key, &pairs)))
                });
                Language {
                    code: code.clone(),
                    tera,
                    t,
                }
            })
            .collect();
        let mut pages = theme.pages.clone();
        for (slug, versions) in &portal.content.pages {
            pages.insert(slug.clone(), versions.clone());
        }
        let content: Vec<&str> = pages.keys().map(String::as_str).collect();
        let every = every_page(portal, computed, releases, &content);
        let options = RenderOptions {
            reuse: options
                .reuse
                .map(|reuse| reuse.for_site(computed, releases, &every)),
            ..options
        };
        Ok(Renderer {
            portal,
            computed,
            releases,
            catalog,
            languages,
            options,
            menu: menu(&every),
            every_page: every,
            pages,
            template_files: theme.template_files.clone(),
            maps: Memo::new(),
            outlines: portal
                .maps
                .par_iter()
                .map(|layer| {
                    let regions: Vec<&[Vec<Vec<[f64; 2]>>]> = layer
                        .regions
                        .iter()
                        .map(|r| r.polygons.as_slice())
                        .collect();
                    (layer.id.clone(), crate::chart::map::Outlines::new(&regions))
                })
                .collect(),
        })
    }

    /// Every page of the portal, in every language.
    pub fn jobs(&self) -> Vec<Job> {
        (0..self.languages.len())
            .flat_map(|lang| {
                self.every_page.iter().map(move |page| Job {
                    page: page.clone(),
                    lang,
                })
            })
            .collect()
    }

    /// Renders the jobs in parallel into `output`, calling `done` after each page.
    pub fn render(
        &self,
        jobs: &[Job],
        output: &Output,
        done: &(dyn Fn() + Sync),
    ) -> Result<(), Vec<Failure>> {
        let failures: Vec<Failure> = jobs
            .par_iter()
            .filter_map(|job| {
                let result = self.page_bytes(job).and_then(|html| {
                    let file = job.page.file(&self.languages[job.lang].code);
                    (output.link_or_write(&file, &html.bytes, html.file.as_deref()))
                        .map_err(|e| Failure::io(file, e))
                });
                done();
                result.err()
            })
            .collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures)
        }
    }

    /// Every page, in every language, that shows the data of one of the indicators at
    /// `indices` ([`Renderer::shown_indicators`]), by its path in the output: what the preview
    /// of an edit of their tables renders first, under `chiso serve`.
    pub fn render_showing(&self, indices: &[usize]) -> Result<Vec<(String, Vec<u8>)>, Failure> {
        let shows = |job: &Job| {
            self.shown_indicators(&job.page)
                .is_some_and(|shown| indices.iter().any(|i| shown.contains(i)))
        };
        self.jobs()
            .into_par_iter()
            .filter(shows)
            .map(|job| {
                let html = self.render_page(&job)?;
                Ok((
                    job.page.file(&self.languages[job.lang].code),
                    html.into_bytes(),
                ))
            })
            .collect()
    }

    pub fn render_page(&self, job: &Job) -> Result<String, Failure> {
        let view = View::new(self, job.lang, &job.page);
        match &job.page {
            PagePath::Home => home::render(&view),
            PagePath::Goals => goals::render_goals(&view),
            PagePath::Targets => goals::render_targets(&view, None),
            PagePath::Goal(id) => goal::render(&view, id),
            PagePath::Target(id) => target::render(&view, id),
            PagePath::Indicators => listing::render(&view, None),
            PagePath::Indicator(id) => indicator::render(&view, id),
            PagePath::Tasks { agency, status } => {
                tasks::render(&view, agency.as_deref(), status.as_deref())
            }
            PagePath::Datasets => dataset::render_catalogue(&view),
            PagePath::DataHub => data_hub::render(&view),
            PagePath::Dataset(id) => dataset::render(&view, id),
            PagePath::Status => status::overview(&view, None, None),
            PagePath::StatusFilter(code) => status::overview(&view, Some(code), None),
            PagePath::StatusMatrix => status::render(&view, None),
            PagePath::GoalPart { list, goal } => match list.as_ref() {
                PagePath::Targets => goals::render_targets(&view, Some(goal)),
                PagePath::Indicators => listing::render(&view, Some(goal)),
                PagePath::Status => status::overview(&view, None, Some(goal)),
                PagePath::StatusFilter(code) => status::overview(&view, Some(code), Some(goal)),
                PagePath::StatusMatrix => status::render(&view, Some(goal)),
                PagePath::Reporting => reporting::render(&view, Some(goal)),
                other => unreachable!("{other:?} is never split"),
            },
            PagePath::Reporting => reporting::render(&view, None),
            PagePath::Review(goal) => review::render(&view, goal),
            PagePath::Page(slug) => page::render(&view, slug),
            PagePath::Embed(chart) => embed::render(&view, chart),
            PagePath::Releases => release::render_list(&view),
            PagePath::Release(version) => release::render(&view, version),
            PagePath::Updates => updates::render(&view),
        }
    }

    /// Pages outside the language folders: the root page that sends readers to the default
    /// language, and the 404 page.
    pub fn render_root_pages(&self, output: &Output) -> Result<(), Vec<Failure>> {
        let lang = 0;
        let view = View::new(self, lang, &PagePath::Home);
        let write = |name: &str, html: Result<String, Failure>| -> Result<(), Failure> {
            output
                .write(name, html?.as_bytes())
                .map_err(|e| Failure::io(name, e))
        };
        let results = [
            write("index.html", page::render_root(&view)),
            write("404.html", page::render_not_found(&view)),
        ];
        let failures: Vec<Failure> = results.into_iter().filter_map(Result::err).collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures)
        }
    }

    /// The search index of every language (`<lang>/search.json`).
    pub fn write_search_indexes(&self, output: &Output) -> Result<(), Vec<Failure>> {
        let failures: Vec<Failure> = (0..self.languages.len())
            .filter_map(|lang| {
                let path = Downloads::search_index(&self.languages[lang].code);
                output
                    .write(&path, &search_index(self, lang))
                    .err()
                    .map(|e| Failure::io(path, e))
            })
            .collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures)
        }
    }

    /// The review forms in every language, filled as their pages show them.
    pub fn review_forms(&self) -> Vec<crate::site::review::ReviewForm> {
        review::forms(self)
    }

    pub fn lang(&self, index: usize) -> &Language {
        &self.languages[index]
    }
}

/// Copies the theme's static files to `assets/`, and the favicon to the root of the host too
/// when the portal is published there (browsers ask for `/favicon.ico` whatever the pages say).
pub fn write_static(
    theme: &Theme,
    output: &Output,
    at_host_root: bool,
) -> Result<(), Vec<Failure>> {
    let root_icon = at_host_root
        .then(|| theme.static_files.get_key_value("favicon.ico"))
        .flatten()
        .map(|(_, source)| ("favicon.ico".to_string(), source));
    let copies = theme
        .static_files
        .iter()
        .map(|(rel, source)| (format!("assets/{rel}"), source))
        .chain(root_icon)
        .collect::<Vec<_>>();
    let failures: Vec<Failure> = copies
        .par_iter()
        .filter_map(|(dest, source)| {
            let bytes = match source {
                StaticSource::Embedded(bytes) => bytes.to_vec(),
                StaticSource::File(path) => match std::fs::read(path) {
                    Ok(b) => b,
                    Err(e) => return Some(Failure::io(path, e)),
                },
            };
            output
                .write(dest, &bytes)
                .err()
                .map(|e| Failure::io(dest, e))
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// Renders `template` with a page's context.
pub fn render_template<T: Serialize>(
    view: &View,
    template: &str,
    context: &T,
) -> Result<String, Failure> {
    let theme_file = |e: tera::Error| template_failure(&view.renderer.template_files, template, &e);
    let mut ctx = tera::Context::from_serialize(context).map_err(theme_file)?;
    ctx.insert("site", &view.site());
    ctx.insert("lang", view.lang());
    let right_to_left = crate::model::is_right_to_left(view.lang());
    ctx.insert("rtl", &right_to_left);
    let language = view.renderer.lang(view.lang_index);
    let page = language.tera.render(template, &ctx).map_err(theme_file)?;
    // A page may show another language's strings too (the 404 page's links home).
    let borrows = view.renderer.languages.iter().any(|l| l.t.borrows());
    Ok(if borrows {
        let html = template.ends_with(".html");
        fallback::mark(&page, FALLBACK_LANGUAGE, right_to_left, html)
    } else {
        page
    })
}

/// A template's failure, naming the theme file of `template` (the page's own template; its
/// message names the parent or included template where the error is, if another) and Tera's
/// reasons, cause by cause.
fn template_failure(
    files: &BTreeMap<String, std::path::PathBuf>,
    template: &str,
    error: &tera::Error,
) -> Failure {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let file = files.get(template).map_or_else(
        || "the theme's templates".to_string(),
        |path| path.display().to_string(),
    );
    Failure::Template { file, message }
}
