//! Changes as Markdown, for a pull-request comment: a summary line, then target statuses,
//! indicators, goals and targets, and datasets, each as short tables.

use super::datasets::RowChanges;
use super::{Changes, FieldChange, IndicatorDiff, Listed, Named, ObservationChanges};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Rows of one table shown before "… and N more".
const MAX_ROWS: usize = 50;
/// A comment on GitHub holds at most 65,536 characters.
const MAX_CHARS: usize = 60_000;

pub fn render(changes: &Changes) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Data changes from `{}` to `{}`\n",
        changes.from, changes.to
    );
    if changes.is_empty() {
        md.push_str("No data changes.\n");
        return md;
    }
    let _ = writeln!(md, "{}\n", summary(changes));
    statuses(&mut md, changes);
    indicators(&mut md, changes);
    listed(&mut md, "Goals", &changes.goals, |md, g| {
        let _ = writeln!(md, "#### Goal `{}`\n", g.id);
        field_table(md, &g.fields);
    });
    listed(&mut md, "Targets", &changes.targets, |md, t| {
        let _ = writeln!(md, "#### Target `{}`\n", t.id);
        field_table(md, &t.fields);
    });
    listed(&mut md, "Datasets", &changes.datasets, |md, d| {
        let _ = writeln!(md, "#### Dataset `{}` — {}\n", d.id, escape(&d.title));
        if !d.metadata.is_empty() {
            field_table(md, &d.metadata);
        }
        if let Some(rows) = &d.rows {
            dataset_rows(md, rows);
        }
        if let Some(error) = &d.error {
            let _ = writeln!(md, "The files could not be compared: {}\n", escape(error));
        }
    });
    if md.len() > MAX_CHARS {
        let cut = md[..MAX_CHARS].rfind('\n').unwrap_or(MAX_CHARS);
        md.truncate(cut);
        md.push_str(
            "\n\n… (cut to fit a comment; run `chiso diff --format json` for every change)\n",
        );
    }
    md
}

/// One line: how many things of each kind changed.
fn summary(changes: &Changes) -> String {
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    let i = &changes.indicators;
    count(
        changes.statuses.len(),
        "target status changes",
        "target statuses change",
    );
    count(i.changed.len(), "indicator changed", "indicators changed");
    count(i.added.len(), "indicator added", "indicators added");
    count(i.removed.len(), "indicator removed", "indicators removed");
    count(i.renamed.len(), "indicator renamed", "indicators renamed");
    for (listed, kind) in [
        (listed_counts(&changes.goals), ("goal", "goals")),
        (listed_counts(&changes.targets), ("target", "targets")),
        (listed_counts(&changes.datasets), ("dataset", "datasets")),
    ] {
        let (added, removed, changed) = listed;
        count(
            changed,
            &format!("{} changed", kind.0),
            &format!("{} changed", kind.1),
        );
        count(
            added,
            &format!("{} added", kind.0),
            &format!("{} added", kind.1),
        );
        count(
            removed,
            &format!("{} removed", kind.0),
            &format!("{} removed", kind.1),
        );
    }
    format!("**{}**", parts.join(" · "))
}

fn listed_counts<T>(listed: &Listed<T>) -> (usize, usize, usize) {
    (
        listed.added.len(),
        listed.removed.len(),
        listed.changed.len(),
    )
}

/// A status code in words: `at-risk` → `at risk`.
fn status_words(code: Option<&str>) -> String {
    code.map_or_else(|| "—".to_string(), |c| c.replace('-', " "))
}

fn statuses(md: &mut String, changes: &Changes) {
    if changes.statuses.is_empty() {
        return;
    }
    md.push_str("### Target statuses\n\n| Target | Before | After |\n| --- | --- | --- |\n");
    for s in &changes.statuses {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} |",
            s.target,
            status_words(s.from),
            status_words(s.to)
        );
    }
    md.push('\n');
}

fn indicators(md: &mut String, changes: &Changes) {
    let i = &changes.indicators;
    if i.is_empty() {
        return;
    }
    md.push_str("### Indicators\n\n");
    named_list(md, "Added", &i.added, "observations");
    named_list(md, "Removed", &i.removed, "observations");
    if !i.renamed.is_empty() {
        md.push_str("Renamed:\n\n");
        for r in &i.renamed {
            let _ = writeln!(md, "- `{}` → `{}`", r.from, r.to);
        }
        md.push('\n');
    }
    for diff in &i.changed {
        indicator(md, diff);
    }
}

fn indicator(md: &mut String, diff: &IndicatorDiff) {
    let _ = writeln!(md, "#### `{}` — {}\n", diff.id, escape(&diff.name));
    if let Some(previous) = &diff.previous_id {
        let _ = writeln!(md, "Renamed from `{previous}`.\n");
    }
    if !diff.metadata.is_empty() {
        field_table(md, &diff.metadata);
    }
    observations(md, &diff.observations);
}

fn observations(md: &mut String, o: &ObservationChanges) {
    if o.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "Observations: {} added, {} removed, {} changed.\n",
        o.added.len(),
        o.removed.len(),
        o.changed.len()
    );
    md.push_str("| Change | Period | Dimensions | Source | Before | After |\n");
    md.push_str("| --- | --- | --- | --- | --- | --- |\n");
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "(no value)".into());
    let mut rows: Vec<String> = Vec::new();
    for c in &o.changed {
        let mut after = value(&c.new);
        for other in &c.other {
            let _ = write!(
                after,
                "; {}: {} → {}",
                other.field,
                other.old.as_deref().unwrap_or("—"),
                other.new.as_deref().unwrap_or("—")
            );
        }
        rows.push(row(
            "changed",
            &c.period,
            &c.dimensions,
            &c.source,
            &value(&c.old),
            &after,
        ));
    }
    for a in &o.added {
        rows.push(row(
            "added",
            &a.period,
            &a.dimensions,
            &a.source,
            "",
            &value(&a.value),
        ));
    }
    for r in &o.removed {
        rows.push(row(
            "removed",
            &r.period,
            &r.dimensions,
            &r.source,
            &value(&r.value),
            "",
        ));
    }
    capped(md, rows);
}

fn row(
    change: &str,
    period: &str,
    dimensions: &BTreeMap<String, String>,
    source: &Option<String>,
    before: &str,
    after: &str,
) -> String {
    let dims = if dimensions.is_empty() {
        "total".to_string()
    } else {
        dimensions
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "| {change} | {} | {} | {} | {} | {} |",
        escape(period),
        escape(&dims),
        escape(source.as_deref().unwrap_or("")),
        escape(before),
        escape(after)
    )
}

fn capped(md: &mut String, rows: Vec<String>) {
    let total = rows.len();
    for row in rows.into_iter().take(MAX_ROWS) {
        md.push_str(&row);
        md.push('\n');
    }
    if total > MAX_ROWS {
        let _ = writeln!(md, "\n… and {} more.", total - MAX_ROWS);
    }
    md.push('\n');
}

fn field_table(md: &mut String, fields: &[FieldChange]) {
    md.push_str("| Field | Before | After |\n| --- | --- | --- |\n");
    let rows = fields
        .iter()
        .map(|f| {
            format!(
                "| {} | {} | {} |",
                f.field,
                escape(f.old.as_deref().unwrap_or("—")),
                escape(f.new.as_deref().unwrap_or("—"))
            )
        })
        .collect();
    capped(md, rows);
}

fn named_list(md: &mut String, heading: &str, items: &[Named], unit: &str) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(md, "{heading}:\n");
    for item in items {
        let _ = writeln!(
            md,
            "- `{}` — {} ({} {unit})",
            item.id,
            escape(&item.name),
            item.rows
        );
    }
    md.push('\n');
}

fn listed<T>(md: &mut String, title: &str, listed: &Listed<T>, each: impl Fn(&mut String, &T)) {
    if listed.is_empty() {
        return;
    }
    let _ = writeln!(md, "### {title}\n");
    let unit = if title == "Goals" { "targets" } else { "rows" };
    named_list(md, "Added", &listed.added, unit);
    named_list(md, "Removed", &listed.removed, unit);
    for item in &listed.changed {
        each(md, item);
    }
}

fn dataset_rows(md: &mut String, rows: &RowChanges) {
    let _ = write!(
        md,
        "Rows: {} → {}: {} added, {} removed, {} changed",
        rows.rows_before, rows.rows_after, rows.added, rows.removed, rows.changed
    );
    match &rows.key {
        Some(key) => {
            let _ = writeln!(md, " (rows matched by `{}`).\n", escape(key));
        }
        None => md.push_str(".\n\n"),
    }
    for (label, columns) in [
        ("Columns added", &rows.columns_added),
        ("Columns removed", &rows.columns_removed),
    ] {
        if !columns.is_empty() {
            let names: Vec<String> = columns.iter().map(|c| format!("`{}`", escape(c))).collect();
            let _ = writeln!(md, "{label}: {}.\n", names.join(", "));
        }
    }
    sample(
        md,
        "First rows added",
        &rows.columns_after,
        &rows.sample_added,
    );
    sample(
        md,
        "First rows removed",
        &rows.columns_before,
        &rows.sample_removed,
    );
    if !rows.sample_changed.is_empty() {
        md.push_str(
            "First rows changed:\n\n| Key | Column | Before | After |\n| --- | --- | --- | --- |\n",
        );
        for change in &rows.sample_changed {
            for cell in &change.cells {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    escape(&change.key),
                    escape(&cell.field),
                    escape(cell.old.as_deref().unwrap_or("")),
                    escape(cell.new.as_deref().unwrap_or(""))
                );
            }
        }
        md.push('\n');
    }
}

fn sample(md: &mut String, label: &str, columns: &[String], rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(md, "{label}:\n");
    let cells = |cells: &[String]| {
        cells
            .iter()
            .map(|c| escape(c))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let _ = writeln!(md, "| {} |", cells(columns));
    let _ = writeln!(md, "|{}", " --- |".repeat(columns.len()));
    for row in rows {
        let _ = writeln!(md, "| {} |", cells(row));
    }
    md.push('\n');
}

/// Text safe inside a Markdown table cell: no line breaks, no markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(escape("a|b\n<script>"), "a\\|b \\<script\\>");
    }

    #[test]
    fn no_changes_say_so() {
        let changes = Changes {
            from: "main".into(),
            to: "working tree".into(),
            ..Default::default()
        };
        assert!(render(&changes).contains("No data changes."));
    }
}
