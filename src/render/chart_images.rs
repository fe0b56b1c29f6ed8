//! Chart images for reuse: for every chart and language, the chart as a standalone SVG with
//! its title, source and licence drawn in, and the same as a PNG when chiso is built with the
//! `png` feature (`charts/<lang>/indicators/<id>.svg` and `.png`, `charts/<lang>/targets/<id>.…`,
//! `charts/<lang>/maps/<id>.…`).
//!
//! Rasterising is the slow part of a build (milliseconds per image, where a page takes
//! microseconds), so PNGs are kept in the build cache ([`crate::cache`], outside the portal):
//! the key is a hash of the SVG and of the fonts and renderer that draw it, so a cached image
//! is exactly the image that rendering would give, and the output is the same whatever the
//! cache holds.

use super::charts;
use super::{Renderer, View};
#[cfg(feature = "png")]
use crate::cache::{Area, Key};
use crate::cache::{Cache, Product};
#[cfg(feature = "png")]
use crate::chart::png::{self, Fonts};
use crate::failure::{Failure, Stopped};
use crate::output::Output;
#[cfg(feature = "png")]
use crate::problem::Problem;
use crate::site::urls::{ChartRef, PagePath};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Writes every chart image. Fonts the portal names that cannot be read, or that lack a
/// character the charts use, are problems; a chart that cannot be written or drawn a failure.
pub fn export(renderer: &Renderer, output: &Output, cache: &Cache) -> Result<(), Stopped> {
    let charts = crate::site::pages::every_chart(renderer.portal, renderer.computed);
    let jobs: Vec<_> = (0..renderer.languages.len())
        .flat_map(|lang| charts.iter().map(move |chart| (lang, chart)))
        .collect();
    let png = renderer.options.png;
    #[cfg(feature = "png")]
    let fonts = if png {
        fonts(renderer.portal)?
    } else {
        Fonts::from_data(Vec::new())
    };
    #[cfg(feature = "png")]
    let raster = |svg: &str| png.then(|| cached_png(svg, &fonts, cache)).transpose();
    #[cfg(not(feature = "png"))]
    let raster = |_: &str| Ok::<_, String>(None::<Product>);
    let results: Vec<Result<BTreeSet<char>, Failure>> = jobs
        .par_iter()
        .filter_map(|&(lang, chart)| {
            let page = PagePath::Embed(chart.clone());
            let view = View::new(renderer, lang, &page);
            let (svg, svg_file) = renderer.image_svg(lang, chart, || {
                let svg = match chart {
                    ChartRef::Map(id) => super::maps::image(&view, id)?,
                    _ => charts::image(&view, chart)?,
                };
                // An image is no page: a borrowed string cannot be marked in it.
                Some(if renderer.languages[lang].t.borrows() {
                    super::fallback::strip(&svg)
                } else {
                    svg
                })
            })?;
            let code = &renderer.languages[lang].code;
            let write = |extension: &str, bytes: &[u8], kept: Option<&std::path::Path>| {
                let path = chart.image(code, extension);
                (output.link_or_write(&path, bytes, kept)).map_err(|e| Failure::io(path, e))
            };
            let result = write("svg", svg.as_bytes(), svg_file.as_deref())
                .and_then(|()| raster(&svg).map_err(|e| Failure::io(chart.image(code, "png"), e)))
                .and_then(|png| {
                    png.map_or(Ok(()), |png| write("png", &png.bytes, png.file.as_deref()))
                })
                .map(|()| svg.chars().collect());
            Some(result)
        })
        .collect();
    let mut stopped = Stopped::default();
    let mut chars = BTreeSet::new();
    for result in results {
        match result {
            Ok(c) => chars.extend(c),
            Err(failure) => stopped.failures.push(failure),
        }
    }
    #[cfg(feature = "png")]
    if png {
        missing_glyphs(&fonts, chars, &mut stopped.problems);
    }
    #[cfg(not(feature = "png"))]
    let _ = (chars, cache, png);
    stopped.into_result()
}

/// The characters of the charts that the fonts cannot draw.
#[cfg(feature = "png")]
fn missing_glyphs(fonts: &Fonts, chars: BTreeSet<char>, problems: &mut Vec<Problem>) {
    let text: String = chars.into_iter().collect();
    let missing = fonts.missing_glyphs(&text);
    if !missing.is_empty() {
        problems.push(Problem::new(
            crate::model::config::CONFIG_FILE,
            "fonts with every character of the charts (name font files that have them in `[charts] fonts`)",
            format!(
                "{} without glyphs for: {}",
                fonts.chart_face().unwrap_or_else(|| "no font".into()),
                missing.iter().collect::<String>()
            ),
        ));
    }
}

#[cfg(feature = "png")]
/// The faces charts are drawn with: the portal's own (`[charts] fonts`), else those chiso
/// carries.
fn fonts(portal: &crate::model::Portal) -> Result<Fonts, Vec<Problem>> {
    let named = &portal.config.charts.fonts;
    if named.is_empty() {
        return Ok(Fonts::bundled());
    }
    let mut faces = Vec::new();
    let mut problems = Vec::new();
    for file in named {
        let rel = std::path::Path::new(file);
        let read = crate::load::inside_portal(&portal.root, rel).and_then(|path| {
            std::fs::read(path)
                .map_err(|e| Problem::new(rel, "a readable font file", format!("an error: {e}")))
        });
        match read {
            Ok(bytes) => faces.push(bytes),
            Err(p) => problems.push(p.field("charts.fonts")),
        }
    }
    if problems.is_empty() {
        Ok(Fonts::from_data(faces))
    } else {
        Err(problems)
    }
}

#[cfg(feature = "png")]
/// Rendered PNGs in the cache. A PNG is whole when it starts with the signature and ends
/// with the image-end chunk.
const PNG: Area = Area {
    name: "chart-png",
    extension: "png",
    is_whole: |start, end| {
        start.starts_with(b"\x89PNG\r\n\x1a\n") && end.ends_with(b"\0\0\0\0IEND\xae\x42\x60\x82")
    },
};

/// The PNG of `svg`: from `cache` when it holds it, else rendered (and stored there). The key
/// is the SVG and the fingerprint of the fonts and renderer that draw it.
#[cfg(feature = "png")]
pub fn cached_png(svg: &str, fonts: &Fonts, cache: &Cache) -> Result<Product, String> {
    let mut key = Key::new();
    key.part(fonts.fingerprint()).part(svg);
    cache.bytes(&PNG, &key, || png::render(svg, fonts))
}

#[cfg(all(test, feature = "png"))]
mod tests {
    use super::*;
    use crate::chart::{Chart, Frame, Kind, Point, Series, Variant};
    use crate::format::NumberFormat;
    use std::fs;
    use std::path::PathBuf;

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
                        break_before: false,
                    })
                    .collect(),
            }],
            targets: Vec::new(),
            moments: Vec::new(),
            baseline: None,
            paths: Vec::new(),
            axis: [None, None],
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
        let fonts = Fonts::bundled();
        let dir = tempfile::tempdir().unwrap();
        let svg = svg();
        let uncached = cached_png(&svg, &fonts, &Cache::none()).unwrap().bytes;
        let cold = cached_png(&svg, &fonts, &Cache::at(dir.path()))
            .unwrap()
            .bytes;
        assert_eq!(cold, uncached);
        let stored: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        assert_eq!(stored.len(), 1, "one image stored, no temporary file left");
        assert_eq!(
            cached_png(&svg, &fonts, &Cache::at(dir.path()))
                .unwrap()
                .bytes,
            uncached
        );
        // A truncated or foreign file in the cache is not trusted.
        fs::write(&stored[0], &uncached[..uncached.len() / 2]).unwrap();
        assert_eq!(
            cached_png(&svg, &fonts, &Cache::at(dir.path()))
                .unwrap()
                .bytes,
            uncached
        );
        assert_eq!(fs::read(&stored[0]).unwrap(), uncached, "and is repaired");
        // Another chart is another entry.
        let other = svg.replace("Tỷ lệ hồ sơ", "Số hồ sơ");
        assert_ne!(
            cached_png(&other, &fonts, &Cache::at(dir.path()))
                .unwrap()
                .bytes,
            uncached
        );
    }
}
