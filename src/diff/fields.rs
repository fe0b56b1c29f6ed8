//! Metadata as named fields of plain text, so any two versions compare field by field and a
//! reviewer reads the change as it is written: `unit: percent → count`.

use super::FieldChange;
use crate::model::{
    Citation, Dataset, Goal, Indicator, Number, Period, RevisionNote, Target, Text,
};
use serde::Serialize;

/// A field's name and its value as text; `""` is "not set".
pub type Fields = Vec<(&'static str, String)>;

/// The fields that differ between two lists made by the same function.
pub fn changes(old: &Fields, new: &Fields) -> Vec<FieldChange> {
    old.iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((name, a), (_, b))| FieldChange {
            field: (*name).to_string(),
            old: (!a.is_empty()).then(|| a.clone()),
            new: (!b.is_empty()).then(|| b.clone()),
        })
        .collect()
}

pub fn indicator(i: &Indicator) -> Fields {
    vec![
        ("name", text(&i.name)),
        ("unit", i.unit.clone()),
        ("definition", text(&i.definition)),
        ("reporting_status", code(&i.reporting_status)),
        ("version", i.version.clone().unwrap_or_default()),
        ("order", i.order.to_string()),
        ("goals", i.goals.join(", ")),
        ("targets", i.targets.join(", ")),
        ("updated", period(i.updated.as_ref())),
        ("revisions", revisions(&i.revisions)),
        ("display.chart", code(&i.chart)),
        (
            "display.decimals",
            i.decimals.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "sources",
            list(i.sources.iter().map(|s| {
                let mut line = format!("{}: {}", s.id, citation(Some(&s.citation)));
                if !s.note.is_empty() {
                    line.push_str(&format!(" ({})", text(&s.note)));
                }
                line
            })),
        ),
        (
            "dimensions",
            list(i.dimensions.iter().map(|d| {
                let values: Vec<String> = d
                    .values
                    .iter()
                    .map(|(code, label)| format!("{code} = {}", text(label)))
                    .collect();
                format!("{} ({}): {}", d.column, text(&d.label), values.join(", "))
            })),
        ),
        (
            "target_values",
            list(i.target_values.iter().map(|t| {
                let mut line = format!(
                    "{} {} {}",
                    t.period.label(),
                    t.comparison.code(),
                    number(t.value)
                );
                if let Some(source) = &t.source {
                    line.push_str(&format!(" [{source}]"));
                }
                if !t.note.is_empty() {
                    line.push_str(&format!(" ({})", text(&t.note)));
                }
                line
            })),
        ),
    ]
}

pub fn goal(g: &Goal) -> Fields {
    vec![
        ("title", text(&g.title)),
        ("description", text(&g.description)),
        ("order", g.order.to_string()),
        ("source", citation(g.source.as_ref())),
    ]
}

pub fn target(t: &Target) -> Fields {
    vec![
        ("goal", t.goal.clone()),
        ("title", text(&t.title)),
        ("indicators", t.indicators.join(", ")),
        (
            "value",
            t.aim.as_ref().map(|a| number(a.value)).unwrap_or_default(),
        ),
        (
            "comparison",
            t.aim
                .as_ref()
                .map(|a| a.comparison.code().to_string())
                .unwrap_or_default(),
        ),
        (
            "unit",
            t.aim.as_ref().map(|a| a.unit.clone()).unwrap_or_default(),
        ),
        ("deadline", period(t.deadline.as_ref())),
        (
            "baseline",
            t.baseline
                .as_ref()
                .map(|b| {
                    format!(
                        "{} in {} {}",
                        number(b.value),
                        b.period.label(),
                        citation(b.source.as_ref())
                    )
                    .trim_end()
                    .to_string()
                })
                .unwrap_or_default(),
        ),
        ("source", citation(t.source.as_ref())),
        ("note", text(&t.note)),
        (
            "declared",
            t.declared
                .as_ref()
                .map(|d| {
                    format!(
                        "{} on {}: {} {}",
                        d.status.code(),
                        d.date.label(),
                        text(&d.evidence),
                        citation(d.source.as_ref())
                    )
                    .trim_end()
                    .to_string()
                })
                .unwrap_or_default(),
        ),
    ]
}

pub fn dataset(d: &Dataset) -> Fields {
    vec![
        ("title", text(&d.title)),
        ("description", text(&d.description)),
        ("file", d.data_file.to_string_lossy().replace('\\', "/")),
        ("source", citation(d.source.as_ref())),
        ("updated", period(d.updated.as_ref())),
        ("revisions", revisions(&d.revisions)),
        (
            "keywords",
            list(
                d.keywords
                    .iter()
                    .map(|(lang, words)| format!("{lang}: {}", words.join(", "))),
            ),
        ),
        (
            "columns",
            list(d.columns.iter().map(|(name, doc)| {
                format!("{name}: {} {}", text(&doc.label), text(&doc.description))
                    .trim_end()
                    .to_string()
            })),
        ),
    ]
}

/// A number as written: `30.86`, `100`.
pub fn number(n: Number) -> String {
    format!("{:.*}", n.decimals as usize, n.value)
}

/// Text in every language it has: `vi: …; en: …`, or the text alone when it is the same in
/// every language.
pub fn text(t: &Text) -> String {
    let entries = t.entries();
    match entries.len() {
        0 => String::new(),
        1 if entries.contains_key("") => entries[""].to_string(),
        _ => entries
            .iter()
            .map(|(lang, text)| {
                if lang.is_empty() {
                    text.to_string()
                } else {
                    format!("{lang}: {text}")
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn citation(c: Option<&Citation>) -> String {
    c.map(|c| {
        format!("{}, {}", c.document, c.locator)
            .trim_end_matches([',', ' '])
            .to_string()
    })
    .unwrap_or_default()
}

fn period(p: Option<&Period>) -> String {
    p.map(|p| p.label().to_string()).unwrap_or_default()
}

fn revisions(notes: &[RevisionNote]) -> String {
    list(
        notes
            .iter()
            .map(|r| format!("{} {}: {}", r.date, r.kind.code(), text(&r.note))),
    )
}

/// A kebab-case code of an enum, as it is written in the files.
fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shows_every_language_or_the_neutral_text_alone() {
        assert_eq!(text(&Text::neutral("GDP")), "GDP");
        assert_eq!(
            text(&Text::from_pairs([("vi", "Đạt"), ("en", "Met")])),
            "en: Met; vi: Đạt"
        );
        assert_eq!(text(&Text::default()), "");
    }

    #[test]
    fn numbers_keep_their_written_decimals() {
        assert_eq!(number(Number::parse("30.86").unwrap()), "30.86");
        assert_eq!(number(Number::parse("100").unwrap()), "100");
        assert_eq!(number(Number::parse("0.50").unwrap()), "0.50");
    }

    #[test]
    fn only_fields_that_differ_are_changes() {
        let old: Fields = vec![("unit", "percent".into()), ("version", String::new())];
        let new: Fields = vec![("unit", "count".into()), ("version", "1.1".into())];
        let found = changes(&old, &new);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].old.as_deref(), Some("percent"));
        assert_eq!(found[1].old, None);
        assert_eq!(found[1].new.as_deref(), Some("1.1"));
    }
}
