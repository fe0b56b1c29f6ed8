//! One period, several categories: a horizontal bar per series in the series' colour, its
//! name written above the bar over the full width (long Vietnamese names stay readable on a
//! phone) and its value at the bar's end. The period is the caller's to state, in the unit
//! line.

use super::scale::{LinearScale, nice_ticks};
use super::style;
use super::svg::{Px, Svg};
use super::{Chart, Drawn, Layout, Plotted, Point, bar_tip, bounds, text};
use crate::escape::markup as escape;

pub(super) fn draw(
    chart: &Chart,
    drawn: &[Drawn],
    layout: &Layout,
    svg: &mut Svg,
    top: f64,
) -> Plotted {
    let font = layout.font;
    // Each category's latest value.
    let rows: Vec<(&Drawn, Option<&Point>)> = drawn
        .iter()
        .map(|d| (d, d.series.points.iter().rev().find(|p| p.y.is_some())))
        .collect();
    let values = rows.iter().filter_map(|(_, p)| p.and_then(|p| p.y));
    let (lo, hi) = bounds(
        values
            .chain(chart.targets.iter().map(|t| t.value))
            .chain(chart.axis.iter().flatten().copied())
            .chain([0.0]),
    )
    .expect("zero is always there");
    let ticks = nice_ticks(lo, hi, if layout.compact { 3 } else { 5 });
    let value_width = rows
        .iter()
        .filter_map(|(_, p)| p.map(|p| text::width(&p.value, font)))
        .fold(0.0, f64::max);
    let left = layout.pad + 2.0;
    let right = layout.width - layout.pad - value_width - 8.0;
    let x = LinearScale::new(
        (
            *ticks.first().expect("ticks"),
            *ticks.last().expect("ticks"),
        ),
        (left, right),
    );
    let bar = font * 1.4;
    // Target labels above the rows, as many lines up as they need not to overprint.
    let line = font * 1.2;
    let mut placed = text::Placed::default();
    let target_labels: Vec<(f64, &str, f64)> = chart
        .targets
        .iter()
        .map(|target| {
            let tx = x.map(target.value);
            let width = text::width(&target.label, font);
            let (x0, anchor) = if tx > (left + right) / 2.0 {
                (tx - width, "end")
            } else {
                (tx, "start")
            };
            (tx, anchor, placed.place(x0, x0 + width, 0.0, -line))
        })
        .collect();
    let label_lines = target_labels
        .iter()
        .map(|&(_, _, dy)| 1.0 - dy / line)
        .fold(0.0, f64::max);
    let mut y = top + label_lines * line + if label_lines > 0.0 { 4.0 } else { 0.0 };
    let rows_top = y;

    let mut body = Svg::default();
    for (d, point) in &rows {
        body.line(&d.open_group());
        for line in text::wrap(&d.series.label, layout.width - 2.0 * layout.pad, font) {
            y += font * 1.25;
            body.line(&format!(
                r#"<text x="{left}" y="{y}"{}>{}</text>"#,
                if d.series.total {
                    r#" font-weight="700""#
                } else {
                    ""
                },
                escape(&line),
                left = Px(left),
                y = Px(y)
            ));
        }
        y += 5.0;
        if let Some(p) = point {
            let value = p.y.expect("has a value");
            let (a, b) = (x.map(0.0), x.map(value));
            let (x0, x1) = (a.min(b), a.max(b));
            body.line(&format!(
                r#"<rect class="bar" x="{x0}" y="{y}" width="{}" height="{bar}" fill="{}"{}/>"#,
                Px((x1 - x0).max(1.0)),
                d.style().colour,
                bar_tip(layout, x1, y + bar / 2.0, p),
                x0 = Px(x0),
                y = Px(y),
                bar = Px(bar)
            ));
            let note = p
                .marker
                .as_ref()
                .map(|m| {
                    format!(
                        r#"<tspan font-size="{:.0}" dy="-4">{}</tspan>"#,
                        font * 0.8,
                        escape(m)
                    )
                })
                .unwrap_or_default();
            body.line(&format!(
                r#"<text x="{}" y="{}">{}{note}</text>"#,
                Px(x1 + 6.0),
                Px(y + bar / 2.0 + font * 0.35),
                escape(&p.value)
            ));
        }
        y += bar + font * 0.6;
        body.line("</g>");
    }
    let bottom = y;

    svg.line(r#"<g class="axis value-axis">"#);
    for tick in &ticks {
        let tx = x.map(*tick);
        svg.line(&format!(
            r#"<line x1="{tx}" x2="{tx}" y1="{rows_top}" y2="{bottom}" stroke="{}" stroke-width="1"/>"#,
            if *tick == 0.0 { style::AXIS } else { style::GRID },
            tx = Px(tx),
            rows_top = Px(rows_top),
            bottom = Px(bottom)
        ));
        svg.line(&format!(
            r#"<text x="{tx}" y="{}" text-anchor="middle">{}</text>"#,
            Px(bottom + font * 1.3),
            escape(&chart.numbers.format_shortest(*tick, 2)),
            tx = Px(tx)
        ));
    }
    svg.line("</g>");
    svg.append(body);
    for (target, (tx, anchor, dy)) in chart.targets.iter().zip(target_labels) {
        svg.line(r#"<g class="target">"#);
        svg.line(&format!(
            r#"<line x1="{tx}" x2="{tx}" y1="{rows_top}" y2="{bottom}" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4"/>"#,
            style::TARGET,
            tx = Px(tx),
            rows_top = Px(rows_top),
            bottom = Px(bottom)
        ));
        svg.line(&format!(
            r#"<text x="{tx}" y="{}" text-anchor="{anchor}" fill="{}" font-weight="600">{}</text>"#,
            Px(rows_top - 4.0 + dy),
            style::TARGET,
            escape(&target.label),
            tx = Px(tx)
        ));
        svg.line("</g>");
    }
    Plotted {
        bottom: bottom + font * 2.0,
        labelled_directly: true,
    }
}
