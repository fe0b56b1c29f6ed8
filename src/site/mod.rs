//! The site as a map: the path and URL of every page and file ([`urls`]), the formats of the
//! downloads and the catalogue that describes them ([`catalog`], [`columns`]), and the
//! releases ([`release`]). Renderers and exporters both read this map, so neither needs the
//! other to know where something is published.

pub mod catalog;
pub mod columns;
pub mod pages;
pub mod release;
pub mod review;
pub mod urls;
