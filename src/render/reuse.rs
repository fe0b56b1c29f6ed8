//! Pages and chart images whose inputs did not change are not made again: they are kept in
//! the build cache ([`crate::cache`]) under a key of everything that decides their bytes, and
//! a build finds them there. Indicator, target and embed pages are most of a portal's pages
//! (8,000 of 8,400 at 1,000 indicators), and each shows one indicator or target and the few
//! others linked to it, so an edit of one indicator's data renders only a few of them again.
//! The pages about many indicators at once (home, listings, status, goals) show the data of
//! every indicator: they are kept too, and rendered again after any edit.
//!
//! What decides a kept page's bytes, and so its key:
//! - every source file but the indicators' observation tables, by path and bytes, chiso
//!   itself and the build's options: a change to the theme, the configuration, a goal file
//!   or any indicator's metadata renders every page again, since pages show titles, menus
//!   and links from all of them;
//! - what the data of all indicators decides for every page: the assessment date and the
//!   years of the status matrix, and the list of every page (menus and links); and the
//!   releases;
//! - not the revision checked out, which every commit moves, but what the page shows of the
//!   git history: the changes of each indicator it shows, or all of the history for a page
//!   about many;
//! - the page and its language;
//! - for each indicator the page shows the data of — its own, and those of the targets it
//!   shows, whose statuses come from their indicators' data ([`Renderer::shown_indicators`]);
//!   every indicator for a page about many — its observation table's bytes and its
//!   catalogue entry with the files written for it (sizes and hashes the downloads list).
//!
//! The output is the same whatever the cache holds: an entry is what rendering gives for its
//! key, and the build tests compare a build from the cache with a clean one after each kind
//! of edit.

use super::{Job, Renderer};
use crate::cache::{Area, Cache, Key, Product, Sources};
use crate::compute::Computed;
use crate::site::release::Release;
use crate::site::urls::{ChartRef, PagePath};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Pages: HTML documents, as a portal's own templates may write them too (any case, any
/// white space at the end).
pub const PAGES: Area = Area {
    name: "pages",
    extension: "html",
    is_whole: |start, end| {
        let doctype = b"<!DOCTYPE html>";
        start
            .get(..doctype.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(doctype))
            && end
                .trim_ascii_end()
                .to_ascii_lowercase()
                .ends_with(b"</html>")
    },
};

/// Chart images as SVG (their PNGs are kept by the SVG's bytes, [`super::chart_images`]).
pub const CHART_SVGS: Area = Area {
    name: "chart-svgs",
    extension: "svg",
    is_whole: |start, end| start.starts_with(b"<svg") && end.ends_with(b"</svg>\n"),
};

/// Where pages are kept and what they are keyed by; see the module's documentation.
pub struct Reuse {
    pub cache: Cache,
    sources: Sources,
    /// The part of every page's key that is the same for all: the shared inputs and, once the
    /// renderer adds them, the assessment date, the years and every page's path.
    site: Key,
    /// Each indicator's own part of the keys ([`Renderer::indicator_key`]), by position.
    indicators: Vec<OnceLock<Option<String>>>,
    /// The part of every indicator together, for the pages about many.
    every_indicator: OnceLock<Option<String>>,
    /// Pages found in the cache by this build.
    found: AtomicUsize,
}

impl Reuse {
    pub fn new(cache: Cache, sources: Sources) -> Reuse {
        Reuse {
            cache,
            site: sources.shared.clone(),
            sources,
            indicators: Vec::new(),
            every_indicator: OnceLock::new(),
            found: AtomicUsize::new(0),
        }
    }

    /// What the build read its sources as, which the downloads are kept by too.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Adds to the key of every page what the data of all indicators decides for each, and
    /// the releases (menus and the pages about them show them).
    pub(super) fn for_site(
        mut self,
        computed: &Computed,
        releases: &[Release],
        every_page: &[PagePath],
    ) -> Reuse {
        self.site.part(format!(
            "{:?} {:?} {every_page:?}",
            computed.as_of, computed.years
        ));
        for release in releases {
            self.site.part(format!(
                "{} {} {} {:?} {:?}",
                release.version, release.commit, release.date, release.note, release.previous
            ));
        }
        self.indicators = computed
            .indicators
            .iter()
            .map(|_| OnceLock::new())
            .collect();
        self
    }

    /// How many pages this build found in the cache.
    pub fn found(&self) -> usize {
        self.found.load(Ordering::Relaxed)
    }
}

impl Renderer<'_> {
    /// The key of a page kept between builds; `None` when there is no cache, and when the
    /// table of an indicator it shows was not read.
    pub fn page_key(&self, job: &Job) -> Option<Key> {
        let reuse = self.options.reuse.as_ref()?;
        let own = |index: usize| {
            let own = reuse.indicators[index].get_or_init(|| self.indicator_key(reuse, index));
            own.as_deref()
        };
        let mut key = reuse.site.clone();
        key.part(format!("{:?}", job.page))
            .part(&self.languages[job.lang].code);
        match self.shown_indicators(&job.page) {
            Some(shown) => {
                for index in shown {
                    key.part(own(index)?);
                }
            }
            None => {
                let every = reuse.every_indicator.get_or_init(|| {
                    let mut every = Key::new();
                    every.part(self.computed.history.describe_all());
                    for index in 0..self.portal.indicators.len() {
                        every.part(own(index)?);
                    }
                    Some(every.hex())
                });
                key.part(every.as_deref()?);
            }
        }
        Some(key)
    }

    /// What decides the pages showing the indicator at `index`, of its own: its observation
    /// table and its catalogue entry with the files written for it. Made once per build, for
    /// the eight or so pages that show it; `None` when its table was not read.
    fn indicator_key(&self, reuse: &Reuse, index: usize) -> Option<String> {
        let indicator = &self.portal.indicators[index];
        let mut key = Key::new();
        key.part(&indicator.id);
        match &indicator.data_file {
            Some(file) => key.part(reuse.sources.observations.get(file)?),
            None => key.part("no observations file"),
        };
        key.part(self.computed.indicator_history(self.portal, index));
        let entry = self.catalog.indicator(index);
        key.part(format!("{entry:?}"));
        for path in entry.files.values() {
            key.part(format!("{path} {:?}", self.catalog.written.get(path)));
        }
        Some(key.hex())
    }

    /// The indicators whose data a page shows, by position: the indicator of an indicator's
    /// page or chart and the indicators of its targets; for a target, those of each of its
    /// indicators. `None` for pages about more than that.
    pub(super) fn shown_indicators(&self, page: &PagePath) -> Option<BTreeSet<usize>> {
        let computed = self.computed;
        let around = |id: &str| computed.with_its_targets(self.portal, computed.indicator(id)?);
        let of_target = |id: &str| -> Option<BTreeSet<usize>> {
            let facts = computed.target(id)?;
            let target = &self.portal.goals[facts.goal].targets[facts.position];
            let mut shown = BTreeSet::new();
            for id in &target.indicators {
                shown.extend(around(id)?);
            }
            Some(shown)
        };
        match page {
            PagePath::Indicator(id)
            | PagePath::Embed(ChartRef::Indicator(id) | ChartRef::Map(id)) => around(id),
            PagePath::Target(id) | PagePath::Embed(ChartRef::Target(id)) => of_target(id),
            _ => None,
        }
    }

    /// The page's HTML: from the cache when it is kept and there, else rendered (and kept);
    /// with the cache's file of it, which the output links, when it is kept.
    pub(super) fn page_bytes(&self, job: &Job) -> Result<Product, crate::failure::Failure> {
        let render = || self.render_page(job).map(String::into_bytes);
        match (self.options.reuse.as_ref(), self.page_key(job)) {
            (Some(reuse), Some(key)) => {
                let page = reuse.cache.bytes(&PAGES, &key, render)?;
                if page.found {
                    reuse.found.fetch_add(1, Ordering::Relaxed);
                }
                Ok(page)
            }
            _ => Ok(Product {
                bytes: render()?,
                found: false,
                file: None,
            }),
        }
    }

    /// A chart image as SVG in the language `lang`, if the chart has one: from the cache when
    /// the inputs of the chart's embed page did not change (an image shows what the embed
    /// does), else drawn by `draw` (and kept); with the cache's file of it, which the output
    /// links, when it is kept.
    pub(super) fn image_svg(
        &self,
        lang: usize,
        chart: &ChartRef,
        draw: impl FnOnce() -> Option<String>,
    ) -> Option<(String, Option<PathBuf>)> {
        let job = Job {
            page: PagePath::Embed(chart.clone()),
            lang,
        };
        let (Some(reuse), Some(mut key)) = (self.options.reuse.as_ref(), self.page_key(&job))
        else {
            return draw().map(|svg| (svg, None));
        };
        key.part("image");
        let draw = || draw().map(String::into_bytes).ok_or(());
        let image = reuse.cache.bytes(&CHART_SVGS, &key, draw).ok()?;
        // The cache holds what drawing gave, which is text.
        Some((String::from_utf8(image.bytes).ok()?, image.file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_is_whole_when_it_is_a_document_to_its_end() {
        let whole = PAGES.is_whole;
        assert!(whole(
            b"<!DOCTYPE html>\n<html lang=\"vi\">",
            b"</body>\n</html>\n"
        ));
        assert!(
            whole(b"<!doctype html><html>", b"</HTML>\r\n\n"),
            "a theme's own"
        );
        assert!(
            !whole(b"<!DOCTYPE html>\n<html>", b"<p>cut sh"),
            "cut short"
        );
        assert!(!whole(b"<svg xmlns", b"</html>\n"), "not a page");
    }
}
