//! Charts as SVG, rendered at build time so every reader gets them without JavaScript, and as
//! PNG images for reuse.
//!
//! A chart is described by a [`Chart`] (what to draw, with every label already written in the
//! page's language and number format) and drawn by [`Chart::to_svg`] in one of three
//! [`Variant`]s: wide and compact for pages (CSS shows the one that fits the screen, so text
//! stays legible at 320 px) and the image, which adds a heading, source and licence lines.
//! Nothing here knows about indicators or pages; `render::charts` builds the description.
//!
//! On pages, series and marks carry `data-` attributes that the theme's script reads for
//! tooltips and series toggles; the drawing itself uses presentation attributes only, so the
//! same SVG renders the same in browsers and in the PNG rasteriser.

mod categories;
mod legend;
pub mod map;
#[cfg(feature = "png")]
pub mod png;
mod scale;
mod style;
mod svg;
pub mod text;
mod time;

use crate::escape::markup as escape;
use crate::format::NumberFormat;
pub use style::{PALETTE, SeriesStyle, series_style};
use svg::{Px, Svg};

/// How the data are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Lines over a proportional time axis.
    Line,
    /// Vertical bars over a proportional time axis, series side by side.
    Bars,
    /// Vertical bars over a time axis, the series that are not the total stacked.
    StackedBars,
    /// One horizontal bar per series, for a single period.
    Categories,
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// Prefix of the SVG's element ids; unique on a page.
    pub id: String,
    pub title: String,
    /// The finding in words, for screen readers and as the image's description.
    pub description: String,
    pub kind: Kind,
    /// The unit, written above the value axis.
    pub unit_label: String,
    /// The first series is the headline.
    pub series: Vec<Series>,
    pub targets: Vec<TargetMark>,
    pub moments: Vec<Moment>,
    pub baseline: Option<BaselineMark>,
    pub paths: Vec<Path>,
    /// Values the value axis spans at least (Open SDG's `graph_limits`): it is widened to them,
    /// never narrowed, so no figure is drawn off the chart.
    pub axis: [Option<f64>; 2],
    /// For axis ticks; values of points come formatted.
    pub numbers: NumberFormat,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    /// Drawn without JavaScript and in images; pages also hold the other series, hidden, for
    /// the reader to show.
    pub shown: bool,
    /// The total of the dimensions: never stacked on the others.
    pub total: bool,
    /// The series' code in each dimension (blank for the total), for pages' filters.
    pub codes: Vec<String>,
    /// In chronological order.
    pub points: Vec<Point>,
}

/// An observation on a time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The middle of the period, as a fractional year.
    pub x: f64,
    /// The start and end of a period that spans more than a year (`2021-2025`), drawn as a
    /// bar through the point.
    pub span: Option<(f64, f64)>,
    /// `None` is a gap: the line breaks there.
    pub y: Option<f64>,
    /// The period as written.
    pub period: String,
    /// The value as written in the page's language, with its unit (`30,86%`).
    pub value: String,
    /// A footnote marker shown next to the point.
    pub marker: Option<String>,
    /// Not comparable with the point before it (a series break): the line is not joined.
    pub break_before: bool,
}

/// A target: the value to reach by a deadline, or, without one, a line the data owner draws
/// at a value (Open SDG's `graph_target_lines`, `graph_annotations`).
#[derive(Debug, Clone)]
pub struct TargetMark {
    pub value: f64,
    pub deadline: Option<f64>,
    pub label: String,
}

/// A moment marked on the time axis with a vertical line: a change of method, a census year.
#[derive(Debug, Clone)]
pub struct Moment {
    /// The middle of its period, as a fractional year.
    pub x: f64,
    /// Blank for a line without words.
    pub label: String,
}

/// The baseline a target's progress is measured from.
#[derive(Debug, Clone)]
pub struct BaselineMark {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

/// A line through the chart that is not data: the path required to reach a target, or the
/// path the latest pace projects.
#[derive(Debug, Clone)]
pub struct Path {
    pub label: String,
    pub kind: PathKind,
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Required,
    Projected,
}

/// What an image adds around the chart: a heading, and lines below it such as the source
/// and the licence.
#[derive(Debug, Clone)]
pub struct Frame {
    pub heading: String,
    pub lines: Vec<String>,
}

/// Where a chart is shown.
#[derive(Debug, Clone, Copy)]
pub enum Variant<'a> {
    /// Pages on wide screens.
    Wide,
    /// Pages on phones: narrower, fewer ticks, same text size.
    Compact,
    /// A standalone image with its frame; hidden series are left out.
    Image(&'a Frame),
}

/// Sizes of one variant, in SVG units, and what it carries besides the drawing.
struct Layout {
    /// The SVG's id, and the prefix of the ids inside it: a page holds two layouts.
    id: String,
    width: f64,
    plot_height: f64,
    font: f64,
    pad: f64,
    compact: bool,
    /// Whether marks carry their tooltips: pages do, an image runs no script.
    tips: bool,
    /// Whether lines carry their vertices' tooltips. A page holds both layouts, which draw a
    /// series' vertices in the same order, so only the wide one does and the script reads the
    /// compact one's there: a line's tooltips were a sixth of a page.
    line_tips: bool,
}

impl Variant<'_> {
    fn layout(self, chart_id: &str) -> Layout {
        let image = matches!(self, Variant::Image(_));
        let tips = !image;
        match self {
            Variant::Compact => Layout {
                id: format!("{chart_id}-compact"),
                width: 320.0,
                plot_height: 220.0,
                font: 13.0,
                pad: 6.0,
                compact: true,
                tips,
                line_tips: false,
            },
            // The wide layout keeps the plain id: links and tests point at it.
            Variant::Wide | Variant::Image(_) => Layout {
                id: chart_id.to_string(),
                width: 640.0,
                plot_height: 280.0,
                font: 13.0,
                pad: if image { 16.0 } else { 6.0 },
                compact: false,
                tips,
                line_tips: tips,
            },
        }
    }

    fn name(self) -> &'static str {
        match self {
            Variant::Wide => "wide",
            Variant::Compact => "compact",
            Variant::Image(_) => "image",
        }
    }
}

/// A series as drawn: its position in [`Chart::series`] (which fixes its look) and whether it
/// is shown.
struct Drawn<'a> {
    index: usize,
    series: &'a Series,
}

impl Drawn<'_> {
    fn style(&self) -> SeriesStyle {
        series_style(self.index)
    }

    /// The opening tag of the series' group: what the script needs to toggle it.
    fn open_group(&self) -> String {
        format!(
            r#"<g class="series" data-series="{}" data-label="{}"{}>"#,
            self.index,
            escape(&self.series.label),
            if self.series.shown {
                ""
            } else {
                r#" display="none""#
            }
        )
    }
}

/// The marker of the `index`-th series at (`x`, `y`), as an SVG element without its
/// closing `/>`: for swatches outside the chart.
pub fn marker_at(index: usize, x: f64, y: f64) -> String {
    style::marker(series_style(index).shape, x, y, 4.0)
}

/// What a mark's tooltip says, on one line and not yet escaped.
fn tip_text(point: &Point) -> String {
    format!("{}: {}", point.period, point.value).replace('\n', " ")
}

/// The tooltip of a mark that is an element of its own (a bar, a total's stroke) and where it
/// points, as its attributes: for a bar, its end, which is its figure, rather than its middle.
/// Nothing in an image.
fn bar_tip(layout: &Layout, x: f64, y: f64, point: &Point) -> String {
    if layout.tips {
        format!(
            r#" data-x="{}" data-y="{}" data-tip="{}""#,
            Px(x),
            Px(y),
            escape(&tip_text(point))
        )
    } else {
        String::new()
    }
}

impl Chart {
    /// The chart as an SVG document (pages inline it; images are rendered from it). An image
    /// draws its shown series only; a page's variants draw every series, the hidden ones for
    /// the script to show.
    pub fn to_svg(&self, variant: Variant) -> String {
        self.draw(variant, matches!(variant, Variant::Image(_)))
    }

    /// A page's variant with its shown series only, as the image has them: for an embed page,
    /// which has no controls to show the others and is inlined in other sites' pages.
    pub fn to_svg_of_shown_series(&self, variant: Variant) -> String {
        self.draw(variant, true)
    }

    fn draw(&self, variant: Variant, shown_only: bool) -> String {
        let layout = variant.layout(&self.id);
        let is_image = matches!(variant, Variant::Image(_));
        let drawn: Vec<Drawn> = self
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| s.shown || !shown_only)
            .map(|(index, series)| Drawn { index, series })
            .collect();
        let inner = layout.width - 2.0 * layout.pad;
        let mut body = Svg::default();
        let mut y = layout.pad;

        if let Variant::Image(frame) = variant {
            let size = 18.0;
            // Bold text runs about a tenth wider than the estimate for regular text.
            for line in text::wrap(&frame.heading, inner / 1.12, size) {
                y += size * 1.25;
                body.line(&format!(
                    r#"<text x="{}" y="{y}" font-size="{size}" font-weight="700">{}</text>"#,
                    Px(layout.pad),
                    escape(&line),
                    y = Px(y)
                ));
            }
            y += 10.0;
        }
        let unit_size = layout.font - 1.0;
        for line in text::wrap(&self.unit_label, inner, unit_size) {
            y += unit_size * 1.25;
            body.line(&format!(
                r#"<text class="unit" x="{}" y="{y}" font-size="{unit_size}" fill="{}">{}</text>"#,
                Px(layout.pad),
                style::MUTED,
                escape(&line),
                y = Px(y)
            ));
        }
        y += 6.0;

        let plotted = match self.kind {
            Kind::Categories => categories::draw(self, &drawn, &layout, &mut body, y),
            _ => time::draw(self, &drawn, &layout, &mut body, y),
        };
        y = plotted.bottom;
        let mut items = Vec::new();
        if drawn.len() > 1 && !plotted.labelled_directly {
            items.extend(drawn.iter().map(|d| legend::Item::series(d, self.kind)));
        }
        if let Some(b) = &self.baseline {
            items.push(legend::Item::baseline(&b.label));
        }
        items.extend(self.paths.iter().map(legend::Item::path));
        y = legend::draw(&items, &layout, &mut body, y);

        if let Variant::Image(frame) = variant {
            let size = 11.0;
            y += 6.0;
            for line in frame.lines.iter().flat_map(|l| text::wrap(l, inner, size)) {
                y += size * 1.35;
                body.line(&format!(
                    r#"<text x="{}" y="{y}" font-size="{size}" fill="{}">{}</text>"#,
                    Px(layout.pad),
                    style::MUTED,
                    escape(&line),
                    y = Px(y)
                ));
            }
        }
        let height = (y + layout.pad).ceil();

        let mut svg = Svg::default();
        let width = layout.width;
        svg.open_document(svg::Head {
            id: &layout.id,
            class: &format!("chart chart-{}", variant.name()),
            width,
            height,
            sized: is_image,
            font: layout.font,
            title: &self.title,
            description: &self.description,
        });
        if is_image {
            svg.line(&format!(
                r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
            ));
        }
        svg.append(body);
        svg.line("</svg>");
        svg.finish()
    }
}

/// What drawing the plot left for the rest of the layout.
struct Plotted {
    bottom: f64,
    /// Series are named at their ends, so the legend need not list them.
    labelled_directly: bool,
}

fn bounds(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

#[cfg(test)]
mod tests;
