//! Chart images for reuse: for every chart and language, the chart as a standalone SVG with
//! its title, source and licence drawn in, and the same as a PNG
//! (`charts/<lang>/indicators/<id>.svg` and `.png`, `charts/<lang>/targets/<id>.…`).
//!
//! Rasterising is the slow part of a build (milliseconds per image, where a page takes
//! microseconds), so PNGs are kept in a content-addressed cache outside the portal: the key
//! is a hash of the SVG and of the fonts and renderer that draw it, so a cached image is
//! exactly the image that rendering would give, and the output is the same whatever the cache
//! holds. The cache lives in `$CHISO_CACHE_DIR`, else `$XDG_CACHE_HOME/chiso`, else
//! `~/.cache/chiso`; without any of them every image is rendered.

use crate::chart::png::{self, Fonts};
use crate::output::Output;
use crate::problem::Problem;
use crate::render::charts;
use crate::render::urls::PagePath;
use crate::render::{Renderer, View};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

pub fn export(renderer: &Renderer, output: &Output) -> Result<(), Vec<Problem>> {
    let charts = charts::all(renderer.portal, renderer.computed);
    let jobs: Vec<_> = (0..renderer.languages.len())
        .flat_map(|lang| charts.iter().map(move |chart| (lang, chart)))
        .collect();
    let fonts = Fonts::system();
    let cache = cache_dir();
    let results: Vec<Result<BTreeSet<char>, Problem>> = jobs
        .par_iter()
        .filter_map(|&(lang, chart)| {
            let page = PagePath::Embed(chart.clone());
            let view = View::new(renderer, lang, &page);
            let svg = charts::image(&view, chart)?;
            let code = &renderer.languages[lang].code;
            let write = |extension: &str, bytes: &[u8]| {
                let path = chart.image(code, extension);
                output.write(&path, bytes).map_err(|e| {
                    Problem::new(path, "a writable output folder", format!("an error: {e}"))
                })
            };
            let result = write("svg", svg.as_bytes())
                .and_then(|()| {
                    cached_png(&svg, &fonts, cache.as_deref()).map_err(|e| {
                        Problem::new(
                            chart.image(code, "png"),
                            "an SVG chart that can be rendered",
                            e,
                        )
                    })
                })
                .and_then(|png| write("png", &png))
                .map(|()| svg.chars().collect());
            Some(result)
        })
        .collect();
    let mut problems = Vec::new();
    let mut chars = BTreeSet::new();
    for result in results {
        match result {
            Ok(c) => chars.extend(c),
            Err(p) => problems.push(p),
        }
    }
    let text: String = chars.into_iter().collect();
    let missing = fonts.missing_glyphs(&text);
    if !missing.is_empty() {
        problems.push(Problem::new(
            "charts/",
            format!(
                "a system font with every character of the charts ({}; on Debian and Ubuntu: apt-get install fonts-dejavu-core)",
                png::FAMILIES.join(" or ")
            ),
            format!(
                "{} without glyphs for: {}",
                fonts.chart_face().unwrap_or_else(|| "no font".into()),
                missing.iter().collect::<String>()
            ),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Where rendered PNGs are kept between builds, if anywhere.
fn cache_dir() -> Option<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("CHISO_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("chiso")))
        .or_else(|| env("HOME").map(|d| d.join(".cache").join("chiso")))
        .map(|d| d.join("chart-png"))
}

/// The PNG of `svg`: from `cache` when it holds it, else rendered (and stored there). A cache
/// that cannot be read or written only costs time.
pub fn cached_png(svg: &str, fonts: &Fonts, cache: Option<&Path>) -> Result<Vec<u8>, String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(fonts.fingerprint().as_bytes());
    hasher.update(b"\n");
    hasher.update(svg.as_bytes());
    let key = hasher.finalize().to_hex();
    let path = cache.map(|dir| dir.join(&key[..2]).join(format!("{key}.png")));
    if let Some(bytes) = path.as_ref().and_then(|p| fs::read(p).ok())
        && is_complete_png(&bytes)
    {
        return Ok(bytes);
    }
    let bytes = png::render(svg, fonts)?;
    if let Some(path) = path {
        store(&path, &bytes);
    }
    Ok(bytes)
}

/// Writes beside the final name and renames, so that a concurrent build never reads half a
/// file.
fn store(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let written = fs::create_dir_all(dir)
        .and_then(|()| fs::write(&temporary, bytes))
        .and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
}

/// A PNG signature at the start and the image-end chunk at the end: not a truncated file.
fn is_complete_png(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    const END: &[u8] = b"\0\0\0\0IEND\xae\x42\x60\x82";
    bytes.starts_with(SIGNATURE) && bytes.ends_with(END)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Chart, Frame, Kind, Point, Series, Variant};
    use crate::format::NumberFormat;

    fn svg() -> String {
        let chart = Chart {
            id: "c".into(),
            title: "Tỷ lệ".into(),
            description: "Tăng".into(),
            kind: Kind::Line,
            unit_label: "phần trăm".into(),
            series: vec![Series {
                label: "Tổng".into(),
                shown: true,
                total: true,
                codes: Vec::new(),
                points: [(2020, 30.86), (2021, 50.0)]
                    .into_iter()
                    .map(|(year, y)| Point {
                        x: year as f64 + 0.5,
                        span: None,
                        y: Some(y),
                        period: year.to_string(),
                        value: y.to_string(),
                        marker: None,
                    })
                    .collect(),
            }],
            targets: Vec::new(),
            baseline: None,
            paths: Vec::new(),
            numbers: NumberFormat {
                decimal: ",".into(),
                group: ".".into(),
            },
        };
        let frame = Frame {
            heading: "Tỷ lệ hồ sơ".into(),
            lines: vec!["Nguồn".into()],
        };
        chart.to_svg(Variant::Image(&frame))
    }

    #[test]
    fn the_image_is_the_same_whatever_the_cache_holds() {
        let fonts = Fonts::system();
        let dir = tempfile::tempdir().unwrap();
        let svg = svg();
        let uncached = cached_png(&svg, &fonts, None).unwrap();
        let cold = cached_png(&svg, &fonts, Some(dir.path())).unwrap();
        assert_eq!(cold, uncached);
        let stored: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        assert_eq!(stored.len(), 1, "one image stored, no temporary file left");
        assert_eq!(
            cached_png(&svg, &fonts, Some(dir.path())).unwrap(),
            uncached
        );
        // A truncated or foreign file in the cache is not trusted.
        fs::write(&stored[0], &uncached[..uncached.len() / 2]).unwrap();
        assert_eq!(
            cached_png(&svg, &fonts, Some(dir.path())).unwrap(),
            uncached
        );
        assert_eq!(fs::read(&stored[0]).unwrap(), uncached, "and is repaired");
        // Another chart is another entry.
        let other = svg.replace("Tỷ lệ hồ sơ", "Số hồ sơ");
        assert_ne!(
            cached_png(&other, &fonts, Some(dir.path())).unwrap(),
            uncached
        );
    }
}
