//! Plots over a proportional time axis: lines, bars side by side and stacked bars, with the
//! targets, baseline and paths of the status method.
//!
//! Periods sit at their middle (`Point::x`): a year's point stands above the year's label, a
//! quarter or month inside its year, and a range that spans years is drawn as a bar through
//! its point.

use super::scale::{LinearScale, nice_ticks, year_labels};
use super::style::{self, Shape, marker};
use super::svg::{Px, Svg};
use super::{Chart, Drawn, Kind, Layout, PathKind, Plotted, bar_tip, bounds, text, tip_text};
use crate::escape::markup as escape;

struct Axes {
    x: LinearScale,
    y: LinearScale,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

pub(super) fn draw(
    chart: &Chart,
    drawn: &[Drawn],
    layout: &Layout,
    svg: &mut Svg,
    top: f64,
) -> Plotted {
    let points = || drawn.iter().flat_map(|d| d.series.points.iter());
    let xs = points()
        .flat_map(|p| {
            let (a, b) = p.span.unwrap_or((p.x, p.x));
            [a, b]
        })
        .chain(chart.targets.iter().filter_map(|t| t.deadline))
        .chain(chart.moments.iter().map(|m| m.x))
        .chain(chart.baseline.iter().map(|b| b.x))
        .chain(
            chart
                .paths
                .iter()
                .flat_map(|p| p.points.iter().map(|q| q.0)),
        );
    let Some((x_min, x_max)) = bounds(xs) else {
        return Plotted {
            bottom: top,
            labelled_directly: false,
        };
    };
    let stacked = chart.kind == Kind::StackedBars;
    let ys: Vec<f64> = if stacked {
        stack_extents(drawn)
    } else {
        points().filter_map(|p| p.y).collect()
    };
    let (y_min, y_max) = bounds(
        ys.into_iter()
            .chain(chart.targets.iter().map(|t| t.value))
            .chain(chart.axis.iter().flatten().copied())
            .chain(chart.baseline.iter().map(|b| b.y))
            .chain(
                chart
                    .paths
                    .iter()
                    .flat_map(|p| p.points.iter().map(|q| q.1)),
            )
            .chain([0.0]),
    )
    .expect("zero is always there");
    let ticks = nice_ticks(y_min, y_max, if layout.compact { 4 } else { 5 });
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|t| chart.numbers.format_shortest(*t, 2))
        .collect();
    let font = layout.font;
    let left = layout.pad
        + tick_labels
            .iter()
            .map(|l| text::width(l, font))
            .fold(0.0, f64::max)
        + 8.0;

    // Series are named at their ends when all are shown and the names are short; otherwise
    // the legend names them.
    let label_size = font - 1.0;
    let label_width = drawn
        .iter()
        .map(|d| text::width(&d.series.label, label_size))
        .fold(0.0, f64::max);
    let direct = chart.kind == Kind::Line
        && drawn.len() > 1
        && drawn.iter().all(|d| d.series.shown)
        && !layout.compact
        && label_width <= layout.width * 0.25;
    let right = if direct {
        label_width + 16.0
    } else {
        layout.pad + 8.0
    };
    let first = x_min.floor();
    let last = x_max.ceil().max(first + 1.0);
    let plot_top = top + font * 0.5;
    let bottom = plot_top + layout.plot_height;
    let axes = Axes {
        x: LinearScale::new((first, last), (left, layout.width - right)),
        y: LinearScale::new(
            (
                *ticks.first().expect("ticks"),
                *ticks.last().expect("ticks"),
            ),
            (bottom, plot_top),
        ),
        left,
        right: layout.width - right,
        top: plot_top,
        bottom,
    };

    // The grid is one path, and the zero line another in the axis colour.
    // Labels take their alignment from their group: a chart has dozens of them per layout.
    svg.line(r#"<g class="axis y-axis" text-anchor="end">"#);
    let mut grid = String::new();
    let mut zero = String::new();
    for tick in &ticks {
        let line = if *tick == 0.0 { &mut zero } else { &mut grid };
        line.push_str(&format!(
            "M{} {}H{}",
            Px(axes.left),
            Px(axes.y.map(*tick)),
            Px(axes.right)
        ));
    }
    for (d, colour) in [(grid, style::GRID), (zero, style::AXIS)] {
        if !d.is_empty() {
            svg.line(&format!(
                r#"<path d="{d}" stroke="{colour}" stroke-width="1"/>"#
            ));
        }
    }
    for (tick, label) in ticks.iter().zip(&tick_labels) {
        svg.line(&format!(
            r#"<text x="{}" y="{}">{}</text>"#,
            Px(axes.left - 6.0),
            Px(axes.y.map(*tick) + font * 0.35),
            escape(label)
        ));
    }
    svg.line("</g>");
    x_axis(svg, &axes, first as i32, last as i32, layout);

    let mut labels = text::Placed::default();
    for target in &chart.targets {
        let y = axes.y.map(target.value);
        let x = target.deadline.map(|d| axes.x.map(d));
        // The label goes above the line, or below it when the line is at the top; a label
        // that would overprint another's moves on in the same direction.
        let (label_y, step) = if y - axes.top < font * 1.4 {
            (y + font * 1.2, font * 1.2)
        } else {
            (y - 6.0, -font * 1.2)
        };
        svg.line(r#"<g class="target">"#);
        svg.line(&format!(
            r#"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4"/>"#,
            Px(axes.left),
            Px(axes.right),
            style::TARGET,
            y = Px(y)
        ));
        if let Some(x) = x {
            svg.line(&format!(
                r#"<{} fill="{}"/>"#,
                marker(Shape::Diamond, x, y, 5.0),
                style::TARGET
            ));
        }
        // Right-aligned, and left of the deadline's diamond when that would be under it.
        let label_end = match x {
            Some(x) if x > axes.right - text::width(&target.label, font) - 8.0 => x - 10.0,
            _ => axes.right - 2.0,
        };
        let label_width = text::width(&target.label, font);
        let label_y = labels.place(label_end - label_width, label_end, label_y, step);
        svg.line(&format!(
            r#"<text x="{label_end}" y="{label_y}" text-anchor="end" fill="{}" font-weight="600">{}</text>"#,
            style::TARGET,
            escape(&target.label),
            label_end = Px(label_end),
            label_y = Px(label_y)
        ));
        svg.line("</g>");
    }
    for moment in &chart.moments {
        // A dotted line from the top of the plot to the axis, its words beside it at the top:
        // after the line, or before it when they would run off the plot.
        let x = axes.x.map(moment.x);
        svg.line(r#"<g class="moment">"#);
        svg.line(&format!(
            r#"<line x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="{}" stroke-width="1.5" stroke-dasharray="2 3"/>"#,
            Px(axes.top),
            Px(axes.bottom),
            style::MUTED,
            x = Px(x)
        ));
        if !moment.label.is_empty() {
            let width = text::width(&moment.label, font);
            let (label_x, anchor) = if x + 4.0 + width > axes.right {
                (x - 4.0, "end")
            } else {
                (x + 4.0, "start")
            };
            let (start, end) = if anchor == "end" {
                (label_x - width, label_x)
            } else {
                (label_x, label_x + width)
            };
            let label_y = labels.place(start, end, axes.top + font, font * 1.2);
            svg.line(&format!(
                r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{}">{}</text>"#,
                Px(label_x),
                Px(label_y),
                style::MUTED,
                escape(&moment.label)
            ));
        }
        svg.line("</g>");
    }
    for path in &chart.paths {
        let d: Vec<String> = path
            .points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| {
                format!(
                    "{}{} {}",
                    if i == 0 { "M" } else { "L" },
                    Px(axes.x.map(*x)),
                    Px(axes.y.map(*y))
                )
            })
            .collect();
        let (class, dash) = path_style(path.kind);
        svg.line(&format!(
            r#"<path class="path {class}" d="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{dash}"/>"#,
            d.join(""),
            style::MUTED
        ));
    }
    if let Some(b) = &chart.baseline {
        svg.line(&format!(
            r##"<{} class="baseline-mark" fill="#ffffff" stroke="{}" stroke-width="2"/>"##,
            marker(Shape::Square, axes.x.map(b.x), axes.y.map(b.y), 6.0),
            style::MUTED
        ));
    }

    match chart.kind {
        Kind::Bars | Kind::StackedBars => bars(drawn, &axes, layout, svg, stacked),
        Kind::Line | Kind::Categories => lines(drawn, &axes, layout, svg, direct),
    }
    Plotted {
        bottom: bottom + font * 2.0,
        labelled_directly: direct,
    }
}

pub(super) fn path_style(kind: PathKind) -> (&'static str, &'static str) {
    match kind {
        PathKind::Required => ("path-required", "8 4"),
        PathKind::Projected => ("path-projected", "2 4"),
    }
}

/// The time axis: a tick at every year boundary and the years' labels in their bands.
fn x_axis(svg: &mut Svg, axes: &Axes, first: i32, last: i32, layout: &Layout) {
    svg.line(r#"<g class="axis x-axis" text-anchor="middle">"#);
    svg.line(&format!(
        r#"<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1.5"/>"#,
        Px(axes.left),
        Px(axes.right),
        Px(axes.bottom),
        Px(axes.bottom),
        style::AXIS
    ));
    let band = (axes.right - axes.left) / (last - first).max(1) as f64;
    // A tick at every year boundary. The boundaries are evenly spaced, so the ticks are one
    // stroke 4 units wide under the axis, dashed: a dash 1 unit long per boundary, then the
    // gap to the next. Each tick its own move and line took 13 bytes, and a chart has one per
    // year in each of its layouts on three pages in each language.
    if band >= 6.0 {
        let (start, end) = (axes.x.map(first as f64), axes.x.map(last as f64));
        // Three decimals: a gap rounded to a tenth drifted by a unit over 25 years.
        let gap = format!("{:.3}", band - 1.0);
        let gap = gap.trim_end_matches('0').trim_end_matches('.');
        svg.line(&format!(
            r#"<path d="M{} {}H{}" stroke="{}" stroke-width="4" stroke-dasharray="1 {gap}"/>"#,
            Px(start - 0.5),
            Px(axes.bottom + 2.0),
            Px(end + 0.5),
            style::AXIS
        ));
    }
    let max_labels = ((axes.right - axes.left) / (layout.font * 3.2)) as usize;
    for year in year_labels(first, last, max_labels) {
        svg.line(&format!(
            r#"<text x="{}" y="{}">{year}</text>"#,
            Px(axes.x.map(year as f64 + 0.5)),
            Px(axes.bottom + layout.font * 1.4)
        ));
    }
    svg.line("</g>");
}

fn lines(drawn: &[Drawn], axes: &Axes, layout: &Layout, svg: &mut Svg, direct: bool) {
    let font = layout.font;
    let label_ys = if direct {
        direct_label_positions(drawn, axes, font)
    } else {
        Vec::new()
    };
    for (n, d) in drawn.iter().enumerate() {
        let style = d.style();
        svg.line(&d.open_group());
        // One path per series. A run of values is a stroke; a gap or a series break starts
        // another, and a lone value is a run of no length (`h0`), which no stroke draws. The
        // marks ride on the path as the series' marker at every vertex: a chart has a mark
        // per observation in each of its layouts and pages carry both layouts, so as elements
        // of their own, each with its tooltip, the marks were a third of a page. The tooltips
        // are one attribute, a line per vertex, for the script (on the wide layout only).
        let mut path = String::new();
        let mut tips = Vec::new();
        let mut notes = Svg::default();
        let mut run = 0;
        let end_run = |path: &mut String, run: &mut usize| {
            if *run == 1 {
                path.push_str("h0");
            }
            *run = 0;
        };
        for p in &d.series.points {
            if p.break_before {
                end_run(&mut path, &mut run);
            }
            let Some(value) = p.y else {
                end_run(&mut path, &mut run);
                continue;
            };
            let (x, y) = (axes.x.map(p.x), axes.y.map(value));
            let command = if run == 0 { 'M' } else { 'L' };
            path.push_str(&format!("{command}{} {}", Px(x), Px(y)));
            run += 1;
            tips.push(tip_text(p));
            if let Some((a, b)) = p.span {
                svg.line(&format!(
                    r#"<line class="span" x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="1.5"/>"#,
                    Px(axes.x.map(a)),
                    Px(axes.x.map(b)),
                    style.colour,
                    y = Px(y)
                ));
            }
            if let Some(note) = &p.marker {
                notes.line(&format!(
                    r#"<text class="note-mark" x="{}" y="{}" font-size="{:.0}" fill="{}">{}</text>"#,
                    Px(x + 5.0),
                    Px(y - 7.0),
                    font * 0.8,
                    style::MUTED,
                    escape(note)
                ));
            }
        }
        end_run(&mut path, &mut run);
        if !tips.is_empty() {
            let id = format!("{}-m{}", layout.id, d.index);
            svg.line(&format!(
                r##"<marker id="{id}" markerUnits="userSpaceOnUse" overflow="visible"><{} fill="{}" stroke="#ffffff" stroke-width="1"/></marker>"##,
                marker(style.shape, 0.0, 0.0, 4.5),
                style.colour
            ));
            let dash = if style.dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{}""#, style.dash)
            };
            let tips = if layout.line_tips {
                format!(r#" data-tips="{}""#, escape(&tips.join("\n")))
            } else {
                String::new()
            };
            svg.line(&format!(
                r#"<path class="line" d="{path}" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round"{dash} marker-start="url(#{id})" marker-mid="url(#{id})" marker-end="url(#{id})"{tips}/>"#,
                style.colour
            ));
        }
        svg.append(notes);
        if let Some(y) = label_ys.get(n).copied().flatten() {
            svg.line(&format!(
                r#"<text class="direct-label" x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
                Px(axes.right + 8.0),
                Px(y + font * 0.35),
                font - 1.0,
                style.colour,
                escape(&d.series.label)
            ));
        }
        svg.line("</g>");
    }
}

/// Where each series' name goes at the right of the plot: level with its last value, pushed
/// apart so that no two names overlap.
fn direct_label_positions(drawn: &[Drawn], axes: &Axes, font: f64) -> Vec<Option<f64>> {
    let mut wanted: Vec<(usize, f64)> = drawn
        .iter()
        .enumerate()
        .filter_map(|(n, d)| {
            let last = d.series.points.iter().rev().find_map(|p| p.y)?;
            Some((n, axes.y.map(last)))
        })
        .collect();
    wanted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let gap = font * 1.15;
    for i in 1..wanted.len() {
        wanted[i].1 = wanted[i].1.max(wanted[i - 1].1 + gap);
    }
    // Names pushed below the plot move back up, pushing the ones above them.
    if let Some(overflow) = wanted
        .last()
        .map(|w| w.1 - axes.bottom)
        .filter(|o| *o > 0.0)
    {
        for w in &mut wanted {
            w.1 -= overflow;
        }
        for i in (0..wanted.len().saturating_sub(1)).rev() {
            wanted[i].1 = wanted[i].1.min(wanted[i + 1].1 - gap);
        }
    }
    let mut positions = vec![None; drawn.len()];
    for (n, y) in wanted {
        positions[n] = Some(y);
    }
    positions
}

/// The lowest and highest ends of the stacks, period by period, and the totals.
fn stack_extents(drawn: &[Drawn]) -> Vec<f64> {
    let mut ends = Vec::new();
    let mut sums: Vec<(f64, f64, f64)> = Vec::new();
    for d in drawn {
        for p in &d.series.points {
            let Some(y) = p.y else { continue };
            if d.series.total {
                ends.push(y);
                continue;
            }
            match sums.iter_mut().find(|s| s.0 == p.x) {
                Some(s) if y >= 0.0 => s.2 += y,
                Some(s) => s.1 += y,
                None => sums.push((p.x, y.min(0.0), y.max(0.0))),
            }
        }
    }
    ends.extend(sums.into_iter().flat_map(|(_, lo, hi)| [lo, hi]));
    ends
}

fn bars(drawn: &[Drawn], axes: &Axes, layout: &Layout, svg: &mut Svg, stacked: bool) {
    let font = layout.font;
    let mut slots: Vec<f64> = drawn
        .iter()
        .flat_map(|d| d.series.points.iter().map(|p| p.x))
        .collect();
    slots.sort_by(f64::total_cmp);
    slots.dedup();
    let closest = slots
        .windows(2)
        .map(|w| axes.x.map(w[1]) - axes.x.map(w[0]))
        .fold(axes.x.map(1.0) - axes.x.map(0.0), f64::min);
    let group = (closest * 0.75).min(96.0);
    let side_by_side: Vec<&Drawn> = drawn
        .iter()
        .filter(|d| !(stacked && d.series.total))
        .collect();
    let width = if stacked {
        group
    } else {
        group / side_by_side.len().max(1) as f64
    };
    let zero = axes.y.map(0.0);
    // Running stack heights per slot: (below zero, above zero).
    let mut stacks: Vec<(f64, f64)> = vec![(0.0, 0.0); slots.len()];
    for d in drawn {
        let style = d.style();
        let position = side_by_side
            .iter()
            .position(|s| s.index == d.index)
            .unwrap_or(0);
        svg.line(&d.open_group());
        for p in &d.series.points {
            let Some(value) = p.y else { continue };
            let slot = slots.iter().position(|s| *s == p.x).expect("slot");
            let centre = axes.x.map(p.x);
            if stacked && d.series.total {
                // The total is a bold mark across the stack, not a part of it.
                let y = axes.y.map(value);
                svg.line(&format!(
                    r#"<line class="total-mark" x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="3"{}/>"#,
                    Px(centre - group / 2.0 - 4.0),
                    Px(centre + group / 2.0 + 4.0),
                    style::TEXT,
                    bar_tip(layout, centre, y, p),
                    y = Px(y)
                ));
                continue;
            }
            let (from, to, x) = if stacked {
                let stack = &mut stacks[slot];
                let base = if value >= 0.0 { stack.1 } else { stack.0 };
                if value >= 0.0 {
                    stack.1 += value;
                } else {
                    stack.0 += value;
                }
                (
                    axes.y.map(base),
                    axes.y.map(base + value),
                    centre - group / 2.0,
                )
            } else {
                (
                    zero,
                    axes.y.map(value),
                    centre - group / 2.0 + position as f64 * width,
                )
            };
            let (y0, y1) = (from.min(to), from.max(to));
            svg.line(&format!(
                r##"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" stroke-width="1"{}/>"##,
                Px(x),
                Px(y0),
                Px(width),
                Px((y1 - y0).max(0.5)),
                style.colour,
                bar_tip(layout, x + width / 2.0, to, p)
            ));
            // The series' marker above the bar tells the series apart without colour.
            if drawn.len() > 1 && !stacked {
                svg.line(&format!(
                    r#"<{} fill="{}"/>"#,
                    marker(style.shape, x + width / 2.0, to.min(from) - 6.0, 3.5),
                    style.colour
                ));
            }
            if let Some(note) = &p.marker {
                svg.line(&format!(
                    r#"<text class="note-mark" x="{}" y="{}" font-size="{:.0}" fill="{}">{}</text>"#,
                    Px(x + width / 2.0 + 4.0),
                    Px(to.min(from) - 10.0),
                    font * 0.8,
                    style::MUTED,
                    escape(note)
                ));
            }
        }
        svg.line("</g>");
    }
}
