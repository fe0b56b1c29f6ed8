//! Open SDG data repositories, read as they are.
//!
//! Some thirty countries publish their SDG indicators with Open SDG from data repositories of
//! one layout: `data/indicator_<id>.csv`, `meta/<id>.md` or `.yml`, `indicator-config/<id>.yml`,
//! `translations/<lang>/*.yml` and `config_data.yml`. [`read`] turns such a repository into
//! the same [`Portal`] that chiso's own files become, so `build`, `check`, `serve` and `diff`
//! work on it unchanged, and [`import`] writes that portal in chiso's own layout for those who
//! move over. `docs/migration-opensdg.md` says what maps to what.
//!
//! Problems (a YAML syntax error, a CSV row without a number) stop the build as they do for
//! chiso's files, naming the Open SDG file, line and column. What Open SDG itself tolerates
//! (oddly named files it skips, keys only its shared translations hold) is a warning.

mod assemble;
mod data;
mod geo;
mod layout;
mod meta;
mod progress;
mod schema;
mod sdmx;
mod site;
mod translations;
mod yaml;

pub use layout::detect;

use crate::model::Portal;
use crate::problem::Problem;
use std::path::Path;

/// A portal read from an Open SDG repository, with what the reader wants the user to know.
#[derive(Debug)]
pub struct Loaded {
    pub portal: Portal,
    /// Things built differently from Open SDG, or left out, as Open SDG leaves them out.
    pub warnings: Vec<Problem>,
}

/// Reads the Open SDG repository at `root`; every problem found is returned.
pub fn read(root: &Path) -> Result<Loaded, Vec<Problem>> {
    assemble::read(root)
}

/// Reads the Open SDG repository at `root` into the portal model, ignoring warnings: for
/// callers that compare portals (`chiso diff` on a checked-out revision).
pub fn load(root: &Path) -> Result<Portal, Vec<Problem>> {
    read(root).map(|loaded| loaded.portal)
}

/// Problems and warnings collected while reading.
#[derive(Debug, Default)]
pub(crate) struct Report {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Report {
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn warn(&mut self, warning: Problem) {
        self.warnings.push(warning);
    }

    pub fn absorb(&mut self, other: Report) {
        self.problems.extend(other.problems);
        self.warnings.extend(other.warnings);
    }
}

/// Reads a file as UTF-8 text; a byte-order mark is dropped.
fn read_text(root: &Path, rel: &Path) -> Result<String, Problem> {
    let path = crate::load::inside_portal(root, rel)?;
    let bytes = std::fs::read(path)
        .map_err(|e| Problem::new(rel, "a readable file", format!("an error: {e}")))?;
    crate::load::decode_utf8(rel, bytes)
}
