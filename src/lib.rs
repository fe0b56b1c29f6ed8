//! chiso builds a static open-data portal from a folder of plain files.
//!
//! The build is one pipeline, each stage a module with one input and one output:
//! [`load`] (files → raw documents) → [`validate`] (raw → [`model::Portal`], with every
//! problem found) → [`compute`] (statuses, series, summaries) → [`render`] (pages) and
//! [`export`] (downloads) → [`output`] (a temporary folder swapped in only on success).

pub mod build;
pub mod cache;
pub mod chart;
pub mod cli;
pub mod compute;
pub mod diff;
pub mod escape;
pub mod export;
pub mod format;
pub mod history;
pub mod import;
pub mod load;
pub mod model;
pub mod opensdg;
pub mod output;
pub mod problem;
pub mod render;
pub mod scaffold;
pub mod site;
pub mod source;
pub mod theme;
pub mod validate;
