//! The legend below the plot: a sample of each line's colour, marker and dash with its name,
//! flowing into as many rows as the width needs.

use super::style::{self, Shape, marker};
use super::svg::{Px, Svg};
use super::time::path_style;
use super::{Drawn, Kind, Layout, Path, text};
use crate::escape::markup as escape;

pub(super) struct Item {
    label: String,
    swatch: Swatch,
    /// The series the item names: the item is shown and hidden with it.
    series: Option<(usize, bool, String)>,
}

enum Swatch {
    Line(style::SeriesStyle),
    Bar(style::SeriesStyle),
    Baseline,
    Path(&'static str),
}

impl Item {
    pub fn series(drawn: &Drawn, kind: Kind) -> Item {
        let style = drawn.style();
        Item {
            label: drawn.series.label.clone(),
            swatch: if kind == Kind::Line {
                Swatch::Line(style)
            } else {
                Swatch::Bar(style)
            },
            series: Some((drawn.index, drawn.series.shown, drawn.series.label.clone())),
        }
    }

    pub fn baseline(label: &str) -> Item {
        Item {
            label: label.to_string(),
            swatch: Swatch::Baseline,
            series: None,
        }
    }

    pub fn path(path: &Path) -> Item {
        Item {
            label: path.label.clone(),
            swatch: Swatch::Path(path_style(path.kind).1),
            series: None,
        }
    }
}

const SWATCH: f64 = 26.0;

pub(super) fn draw(items: &[Item], layout: &Layout, svg: &mut Svg, top: f64) -> f64 {
    if items.is_empty() {
        return top;
    }
    let font = layout.font - 1.0;
    let line_height = font * 1.3;
    let (left, right) = (layout.pad, layout.width - layout.pad);
    let (mut x, mut y) = (left, top + line_height);
    svg.line(r#"<g class="legend">"#);
    for item in items {
        let lines = text::wrap(&item.label, right - left - SWATCH - 6.0, font);
        let width = SWATCH
            + 6.0
            + lines
                .iter()
                .map(|l| text::width(l, font))
                .fold(0.0, f64::max);
        if x > left && x + width > right {
            x = left;
            y += line_height * 1.2;
        }
        match &item.series {
            Some((index, shown, label)) => svg.line(&format!(
                r#"<g class="legend-item" data-series="{index}" data-label="{}"{}>"#,
                escape(label),
                if *shown { "" } else { r#" display="none""# }
            )),
            None => svg.line(r#"<g class="legend-item">"#),
        }
        let mid = y - font * 0.35;
        match &item.swatch {
            Swatch::Line(s) => {
                let dash = if s.dash.is_empty() {
                    String::new()
                } else {
                    format!(r#" stroke-dasharray="{}""#, s.dash)
                };
                svg.line(&format!(
                    r#"<line x1="{x}" x2="{}" y1="{mid}" y2="{mid}" stroke="{}" stroke-width="2.5"{dash}/>"#,
                    Px(x + SWATCH),
                    s.colour,
                    x = Px(x),
                    mid = Px(mid)
                ));
                svg.line(&format!(
                    r#"<{} fill="{}"/>"#,
                    marker(s.shape, x + SWATCH / 2.0, mid, 4.5),
                    s.colour
                ));
            }
            Swatch::Bar(s) => {
                svg.line(&format!(
                    r#"<rect x="{}" y="{}" width="14" height="{}" fill="{}"/>"#,
                    Px(x + 2.0),
                    Px(mid - font * 0.5),
                    Px(font),
                    s.colour
                ));
                svg.line(&format!(
                    r#"<{} fill="{}"/>"#,
                    marker(s.shape, x + 21.0, mid, 3.5),
                    s.colour
                ));
            }
            Swatch::Baseline => svg.line(&format!(
                r##"<{} fill="#ffffff" stroke="{}" stroke-width="2"/>"##,
                marker(Shape::Square, x + SWATCH / 2.0, mid, 5.0),
                style::MUTED
            )),
            Swatch::Path(dash) => svg.line(&format!(
                r#"<line x1="{x}" x2="{}" y1="{mid}" y2="{mid}" stroke="{}" stroke-width="2" stroke-dasharray="{dash}"/>"#,
                Px(x + SWATCH),
                style::MUTED,
                x = Px(x),
                mid = Px(mid)
            )),
        }
        for (i, line) in lines.iter().enumerate() {
            svg.line(&format!(
                r#"<text x="{}" y="{}" font-size="{font}">{}</text>"#,
                Px(x + SWATCH + 6.0),
                Px(y + i as f64 * line_height),
                escape(line)
            ));
        }
        svg.line("</g>");
        if lines.len() > 1 {
            x = left;
            y += line_height * (lines.len() as f64 + 0.2);
        } else {
            x += width + 16.0;
        }
    }
    svg.line("</g>");
    y + font * 0.5
}
