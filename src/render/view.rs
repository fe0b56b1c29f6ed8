//! What every page needs to show things: the page chrome (navigation, language switcher,
//! footer) and the small pieces pages share (localised text, numbers, statuses, citations).

use super::Renderer;
use crate::compute::status::Status;
use crate::model::{
    Citation, Comparison, DeclaredStatus, Number, Portal, ReportingStatus, TaskStatus, Text,
};
use crate::site::urls::{ChartRef, Downloads, PagePath};
use crate::theme::i18n::Translator;
use serde::Serialize;

pub struct View<'a> {
    pub renderer: &'a Renderer<'a>,
    pub lang_index: usize,
    pub page: &'a PagePath,
}

/// Text in the page's language, with the language it is really in when it fell back.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub text: String,
    /// Set when the text is in another language than the page.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub code: &'static str,
    pub label: String,
    /// A label short enough for a cell of the status matrix.
    pub short: String,
    /// A symbol shown with the label, so status is never told by colour alone.
    pub symbol: String,
    /// `computed` or `declared`.
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    pub document: String,
    pub title: TextView,
    pub publisher: TextView,
    pub date: Option<String>,
    pub reference: Option<String>,
    pub locator: String,
    /// Locators are written in the portal's default language.
    pub locator_lang: Option<String>,
    pub url: Option<String>,
    pub link_text: Option<TextView>,
    pub note: Option<TextView>,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    home: String,
    assets: String,
    base_url: String,
    languages: Vec<LanguageLink>,
    nav: Vec<NavLink>,
    license_name: String,
    license_url: String,
    publisher: String,
    publisher_url: Option<String>,
    email: String,
    all_data: String,
    /// Machine-readable alternates every page links in its head.
    catalog_jsonld: String,
    catalog_turtle: String,
    feed: String,
    /// The search index the header's search box reads, and where the box leads without
    /// JavaScript (the indicator index).
    search_index: String,
    search_fallback: String,
    live_reload: bool,
    /// The Content-Security-Policy every page sends in a `<meta>`.
    csp: &'static str,
}

/// The policy every page carries: scripts, styles and images from the portal itself only, no
/// inline script or style, no `eval`, no plugins, forms only to the portal. Static hosting
/// rarely lets a portal set headers, so it goes in a `<meta http-equiv>`, which browsers
/// enforce the same way (except `frame-ancestors`, which only a header can set, and which
/// would stop other sites embedding the charts).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'";

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
    absolute_url: String,
    current: bool,
}

#[derive(Serialize)]
struct NavLink {
    label: String,
    url: String,
    current: bool,
}

impl<'a> View<'a> {
    pub fn new(renderer: &'a Renderer<'a>, lang_index: usize, page: &'a PagePath) -> View<'a> {
        View {
            renderer,
            lang_index,
            page,
        }
    }

    pub fn portal(&self) -> &'a Portal {
        self.renderer.portal
    }

    pub fn computed(&self) -> &'a crate::compute::Computed {
        self.renderer.computed
    }

    pub fn lang(&self) -> &str {
        &self.renderer.languages[self.lang_index].code
    }

    pub fn default_lang(&self) -> &'a str {
        self.renderer.portal.config.default_lang()
    }

    pub fn t(&self) -> &Translator {
        &self.renderer.languages[self.lang_index].t
    }

    pub fn text(&self, text: &Text) -> TextView {
        let localized = text.localize(self.lang(), self.default_lang());
        TextView {
            text: localized.text.to_string(),
            lang: localized.fallback_lang.map(str::to_string),
        }
    }

    pub fn optional_text(&self, text: &Text) -> Option<TextView> {
        (!text.is_empty()).then(|| self.text(text))
    }

    pub fn plain(&self, text: &Text) -> String {
        text.get(self.lang(), self.default_lang()).to_string()
    }

    /// A reporting status in words: the theme's for the built-in ones, the portal's for its
    /// own (its code where it names none).
    pub fn reporting_label(&self, status: &ReportingStatus) -> String {
        match status {
            ReportingStatus::Other(code) => self
                .portal()
                .reporting
                .status_labels
                .get(code)
                .map_or_else(|| code.clone(), |label| self.plain(label)),
            built_in => self
                .t()
                .get(&format!("reporting.{}", built_in.code()))
                .to_string(),
        }
    }

    fn base_path(&self) -> &str {
        self.renderer.portal.config.base_path()
    }

    /// The URL of a page in this view's language.
    pub fn url(&self, page: &PagePath) -> String {
        format!("{}{}", self.base_path(), page.url(self.lang()))
    }

    pub fn link(&self, label: impl Into<String>, page: &PagePath) -> Link {
        Link {
            label: label.into(),
            url: self.url(page),
        }
    }

    /// The absolute URL of a page, for canonical links and machine-readable metadata.
    pub fn absolute_url(&self, page: &PagePath, lang: &str) -> String {
        crate::site::catalog::absolute_page_url(self.renderer.portal, page, lang)
    }

    /// The URL of a download (`data/…`), relative to the site root.
    pub fn download_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), Downloads::url(path))
    }

    pub fn absolute_download_url(&self, path: &str) -> String {
        crate::site::catalog::absolute_url(self.renderer.portal, path)
    }

    pub fn number(&self, number: Number) -> String {
        self.t().numbers.format(number.value, number.decimals)
    }

    /// An observation of `indicator` as pages and charts show it: rounded to the indicator's
    /// display decimals when it sets fewer than written (`display.decimals`, Open SDG's
    /// `precision`). Downloads keep every digit written.
    pub fn shown(&self, indicator: &crate::model::Indicator, number: Number) -> Number {
        match indicator.decimals {
            Some(decimals) if decimals < number.decimals => Number {
                value: number.value,
                decimals,
            },
            _ => number,
        }
    }

    /// A number with its unit's symbol (`30,86%`), or alone when the unit has none.
    pub fn value(&self, number: Number, unit: &str) -> String {
        let formatted = self.number(number);
        match self
            .renderer
            .portal
            .units
            .get(unit)
            .and_then(|u| u.symbol.as_deref())
        {
            Some("%") => format!("{formatted}%"),
            Some(symbol) => format!("{formatted} {symbol}"),
            None => formatted,
        }
    }

    /// A value that went through arithmetic, shown with as few decimals as it needs (at most
    /// two) and its unit's symbol.
    pub fn measured(&self, value: f64, unit: &str) -> String {
        let shown = self.t().numbers.format_shortest(value, 2);
        let decimals = shown
            .rsplit_once(self.t().numbers.decimal.as_str())
            .map_or(0, |(_, d)| d.len() as u8);
        self.value(Number { value, decimals }, unit)
    }

    /// A target in words: "at least 100% by 2025".
    pub fn aim(&self, comparison: Comparison, value: Number, unit: &str, deadline: &str) -> String {
        let key = format!("aim.{}", comparison.code());
        self.t().fill(
            &key,
            &[("value", &self.value(value, unit)), ("deadline", deadline)],
        )
    }

    pub fn unit_label(&self, unit: &str) -> String {
        self.renderer
            .portal
            .units
            .get(unit)
            .map_or_else(|| unit.to_string(), |u| self.plain(&u.label))
    }

    pub fn status(&self, status: Status) -> StatusView {
        self.status_view("status", status.code(), "computed")
    }

    pub fn declared_status(&self, status: DeclaredStatus) -> StatusView {
        self.status_view("status", status.code(), "declared")
    }

    pub fn task_status(&self, status: TaskStatus) -> StatusView {
        self.status_view("task_status", status.code(), "declared")
    }

    /// A status's words and symbol from the `<family>`, `<family>_short` and
    /// `<family>_symbol` tables of the interface strings (the short label falls back to the
    /// full one).
    fn status_view(&self, family: &str, code: &'static str, kind: &'static str) -> StatusView {
        let t = self.t();
        let label = t.get(&format!("{family}.{code}")).to_string();
        let short_key = format!("{family}_short.{code}");
        let short = match t.get(&short_key) {
            missing if missing == short_key => label.clone(),
            short => short.to_string(),
        };
        StatusView {
            code,
            label,
            short,
            symbol: t.get(&format!("{family}_symbol.{code}")).to_string(),
            kind,
        }
    }

    pub fn citation(&self, citation: &Citation) -> CitationView {
        let document = self
            .renderer
            .portal
            .documents
            .iter()
            .find(|d| d.id == citation.document);
        let empty = Text::default();
        CitationView {
            document: citation.document.clone(),
            title: self.text(document.map_or(&empty, |d| &d.title)),
            publisher: self.text(document.map_or(&empty, |d| &d.publisher)),
            date: document.and_then(|d| d.date.clone()),
            reference: document.and_then(|d| d.reference.clone()),
            locator: citation.locator.clone(),
            locator_lang: (self.lang() != self.default_lang())
                .then(|| self.default_lang().to_string()),
            url: document.and_then(|d| d.url.clone()),
            link_text: document.and_then(|d| self.optional_text(&d.link_text)),
            note: document.and_then(|d| self.optional_text(&d.note)),
        }
    }

    /// Breadcrumbs from the home page down to (not including) the current page.
    pub fn breadcrumbs(&self, trail: Vec<Link>) -> Vec<Link> {
        let mut crumbs = vec![self.link(self.t().get("nav.home"), &PagePath::Home)];
        crumbs.extend(trail);
        crumbs
    }

    pub fn site(&self) -> impl Serialize + use<> {
        let portal = self.renderer.portal;
        let config = &portal.config;
        let languages = self
            .renderer
            .languages
            .iter()
            .map(|l| LanguageLink {
                code: l.code.clone(),
                name: l.t.get("language.name").to_string(),
                url: format!("{}{}", self.base_path(), self.page.url(&l.code)),
                absolute_url: self.absolute_url(self.page, &l.code),
                current: l.code == self.lang(),
            })
            .collect();
        let t = self.t();
        let nav = self
            .renderer
            .menu
            .iter()
            .map(|(key, page)| NavLink {
                label: t.get(key).to_string(),
                url: self.url(page),
                current: in_section(self.page, page),
            })
            .collect();
        SiteView {
            title: self.plain(&config.title),
            description: self.plain(&config.description),
            home: self.url(&PagePath::Home),
            assets: format!("{}assets/", self.base_path()),
            base_url: config.base_url.clone(),
            languages,
            nav,
            license_name: config.license.name.clone(),
            license_url: config.license.url.clone(),
            publisher: self.plain(&config.publisher.name),
            publisher_url: config.publisher.url.clone(),
            email: config.publisher.email.clone(),
            all_data: self.download_url(&Downloads::all_indicators_zip()),
            catalog_jsonld: self.download_url(&Downloads::dcat_ap_jsonld()),
            catalog_turtle: self.download_url(&Downloads::dcat_ap_turtle()),
            feed: self.download_url(&Downloads::feed(self.lang())),
            search_index: self.download_url(&Downloads::search_index(self.lang())),
            search_fallback: self.url(&PagePath::Indicators),
            live_reload: self.renderer.options.live_reload,
            csp: CONTENT_SECURITY_POLICY,
        }
    }
}

/// What every page's `<head>` and heading need.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// The page kind, for templates and styles (`indicator`, `goal`…).
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// The picture a link to the page is shared with (Open Graph, Twitter cards): the chart
    /// of an indicator or target page, as an absolute URL, when its PNG is published.
    pub image: Option<String>,
    pub breadcrumbs: Vec<Link>,
}

/// A count of targets with one status, linking to where they are listed.
#[derive(Debug, Serialize)]
pub struct StatusCount {
    pub status: StatusView,
    pub count: usize,
    pub url: String,
}

impl View<'_> {
    pub fn meta(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        trail: Vec<Link>,
    ) -> PageMeta {
        PageMeta {
            kind,
            title,
            description,
            canonical: self.absolute_url(self.page, self.lang()),
            image: self.share_image(),
            breadcrumbs: if matches!(self.page, PagePath::Home) {
                Vec::new()
            } else {
                self.breadcrumbs(trail)
            },
        }
    }

    /// The chart PNG of an indicator or target page, when the page has a chart and PNGs are
    /// drawn.
    fn share_image(&self) -> Option<String> {
        let chart = match self.page {
            PagePath::Indicator(id) => ChartRef::Indicator(id.clone()),
            PagePath::Target(id) => ChartRef::Target(id.clone()),
            _ => return None,
        };
        let drawn = self.renderer.options.png
            && self
                .renderer
                .every_page
                .contains(&PagePath::Embed(chart.clone()));
        drawn.then(|| self.absolute_download_url(&chart.image(self.lang(), "png")))
    }

    /// The counts of targets by status, each linked to the page of the targets with that
    /// status (at the goal's section when the counts are a goal's).
    pub fn status_counts(
        &self,
        counts: &std::collections::BTreeMap<Status, usize>,
        goal: Option<&str>,
    ) -> Vec<StatusCount> {
        Status::ALL
            .into_iter()
            .filter_map(|s| {
                let count = *counts.get(&s)?;
                let filter = PagePath::StatusFilter(s.code().to_string());
                // A goal's targets with the status: its part of a split list, else its
                // section of the list.
                let url = match goal {
                    Some(goal) => {
                        match crate::site::pages::page_of_goal(self.portal(), filter, goal) {
                            part @ PagePath::GoalPart { .. } => self.url(&part),
                            list => format!("{}#goal-{goal}", self.url(&list)),
                        }
                    }
                    None => self.url(&filter),
                };
                Some(StatusCount {
                    status: self.status(s),
                    count,
                    url,
                })
            })
            .collect()
    }

    /// Renders a portal narrative's Markdown to safe HTML, with its language if it fell back.
    pub fn narrative(&self, section: crate::model::Section, id: &str) -> Option<TextView> {
        let md = self
            .portal()
            .content
            .narrative(section, id, self.lang(), self.default_lang())?;
        let lang = (md.lang != self.lang()).then(|| md.lang.clone());
        Some(TextView {
            text: super::markdown::to_html(&md.body),
            lang,
        })
    }
}

/// Whether `page` belongs to the menu's `section`: an indicator to the indicators, a goal's
/// part of a list to the list's section.
fn in_section(page: &PagePath, section: &PagePath) -> bool {
    match (section, page) {
        (PagePath::Indicators, PagePath::Indicator(_) | PagePath::Reporting) => true,
        (PagePath::Goals, PagePath::Goal(_) | PagePath::Targets | PagePath::Target(_)) => true,
        (PagePath::Tasks { .. }, PagePath::Tasks { .. }) => true,
        (PagePath::Datasets, PagePath::Dataset(_)) => true,
        (PagePath::Releases, PagePath::Release(_)) => true,
        (PagePath::Status, PagePath::StatusFilter(_) | PagePath::StatusMatrix) => true,
        (section, PagePath::GoalPart { list, .. }) => in_section(list, section),
        (a, b) => a == b,
    }
}
