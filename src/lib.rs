//! chiso builds a static open-data portal from a folder of plain files.
//!
//! The build is one pipeline, each stage a module with one input and one output:
//! [`source`] (files → a checked [`model::Portal`] with its theme: [`load`] and [`validate`],
//! or [`opensdg`]) → [`compute`] (statuses, series, summaries, with [`history`]) →
//! [`render`] (pages) and [`export`] (downloads), which both read the [`site`] map →
//! [`output`] (a temporary folder swapped in only on success), driven by [`build`].
//! Dependencies point one way only; `docs/architecture.md` draws the layers and
//! `tests/architecture.rs` enforces them.

pub mod build;
pub mod cache;
pub mod chart;
pub mod cli;
pub mod compute;
pub mod diff;
pub mod escape;
pub mod export;
pub mod failure;
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
