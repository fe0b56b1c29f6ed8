//! Tasks: commitments with lead agencies, periods, expected results and statuses.

use super::{Registry, Seen, unknown_at};
use crate::load::raw::{CsvRow, CsvTable};
use crate::model::{Citation, PERIOD_FORMS, Period, Task, TaskStatus, Text, check_id};
use crate::problem::{Position, Problem, Problems, quoted};

/// Columns holding text, each either language-neutral (`title`) or per language (`title_vi`).
const TEXT_COLUMNS: [&str; 4] = ["group", "title", "expected_result", "evidence"];
const PLAIN_COLUMNS: [&str; 6] = [
    "id",
    "lead_agencies",
    "period",
    "status",
    "status_date",
    "source_document",
];
const OPTIONAL_PLAIN: [&str; 1] = ["source_locator"];

struct TextColumn {
    neutral: Option<usize>,
    by_lang: Vec<(String, usize)>,
}

impl TextColumn {
    fn find(table: &CsvTable, base: &str, languages: &[String]) -> TextColumn {
        TextColumn {
            neutral: table.column(base),
            by_lang: languages
                .iter()
                .filter_map(|l| table.column(&format!("{base}_{l}")).map(|i| (l.clone(), i)))
                .collect(),
        }
    }

    fn exists(&self) -> bool {
        self.neutral.is_some() || !self.by_lang.is_empty()
    }

    fn read(&self, row: &CsvRow) -> Text {
        let text = Text::from_pairs(
            self.by_lang
                .iter()
                .map(|(l, i)| (l.clone(), row.cells[*i].clone())),
        );
        match self
            .neutral
            .map(|i| row.cells[i].as_str())
            .filter(|s| !s.is_empty())
        {
            Some(n) if text.is_empty() => Text::neutral(n),
            Some(n) => text.with_neutral(n),
            None => text,
        }
    }
}

pub fn validate(
    table: &CsvTable,
    registry: &Registry,
    languages: &[String],
    problems: &mut Problems,
) -> Vec<Task> {
    let texts: Vec<TextColumn> = TEXT_COLUMNS
        .iter()
        .map(|base| TextColumn::find(table, base, languages))
        .collect();
    let [group, title, expected_result, evidence] = &texts[..] else {
        unreachable!("four text columns")
    };

    let known = |name: &str| {
        PLAIN_COLUMNS.contains(&name)
            || OPTIONAL_PLAIN.contains(&name)
            || TEXT_COLUMNS
                .iter()
                .any(|b| name == *b || languages.iter().any(|l| name == format!("{b}_{l}")))
    };
    for (i, name) in table.header.iter().enumerate() {
        if !known(name) {
            let expected = format!(
                "a task column: {}, {}, or a text column {} with an optional _<language> suffix",
                PLAIN_COLUMNS.join(", "),
                OPTIONAL_PLAIN.join(", "),
                TEXT_COLUMNS.join(", ")
            );
            problems.push(
                Problem::new(&table.rel, expected, quoted(name))
                    .at_line(1)
                    .at_column(i + 1),
            );
        }
    }
    let mut missing = Vec::new();
    for name in ["id", "lead_agencies", "source_document"] {
        if table.column(name).is_none() {
            missing.push(name.to_string());
        }
    }
    if !title.exists() {
        missing.push("title".into());
    }
    if !missing.is_empty() {
        let expected = format!("the required columns {}", missing.join(", "));
        problems.push(
            Problem::new(
                &table.rel,
                expected,
                format!("the header {}", quoted(&table.header.join(","))),
            )
            .at_line(1),
        );
        return Vec::new();
    }
    let column = |name: &str| table.column(name);
    let mut seen = Seen::default();
    let mut tasks = Vec::new();
    for row in &table.rows {
        let cell = |name: &str| column(name).map_or("", |i| row.cells[i].as_str());
        let at = |name: &str| {
            Some(Position {
                line: row.line,
                column: column(name).map_or(1, |i| i + 1),
            })
        };
        let problem = |name: &str, expected: &str, found: String| {
            Problem::new(&table.rel, expected, found)
                .at(at(name))
                .field(name)
        };

        let id = cell("id");
        if let Err(why) = check_id(id) {
            problems.push(problem(
                "id",
                "a task id of letters, digits, '.', '-' or '_'",
                format!("{} with {why}", quoted(id)),
            ));
            continue;
        }
        if seen
            .check_at(&table.rel, at("id"), id, "id", problems)
            .is_none()
        {
            continue;
        }
        let title = title.read(row);
        if title.is_empty() {
            problems.push(problem(
                "title",
                "a task title in at least one language",
                "an empty cell".into(),
            ));
        }
        let mut lead_agencies = Vec::new();
        for agency in cell("lead_agencies")
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            if registry.agencies.contains(agency) {
                lead_agencies.push(agency.to_string());
            } else {
                let what = "agency of data/agencies.toml (several are separated by ;)";
                problems.push(unknown_at(
                    &table.rel,
                    at("lead_agencies"),
                    "lead_agencies",
                    what,
                    agency,
                    &registry.agencies,
                ));
            }
        }
        if cell("lead_agencies").trim().is_empty() {
            problems.push(problem(
                "lead_agencies",
                "one or more agency ids separated by ;",
                "an empty cell".into(),
            ));
        }
        let mut period = |name: &str| -> Option<Period> {
            let text = cell(name);
            if text.is_empty() {
                return None;
            }
            let parsed = Period::parse(text);
            if parsed.is_none() {
                problems.push(problem(name, PERIOD_FORMS, quoted(text)));
            }
            parsed
        };
        let task_period = period("period");
        let status_date = period("status_date");
        let status = TaskStatus::from_cell(cell("status"));
        if status.is_none() {
            let codes: Vec<&str> = TaskStatus::ALL
                .iter()
                .filter(|s| **s != TaskStatus::NotReported)
                .map(|s| s.code())
                .collect();
            problems.push(problem(
                "status",
                &format!("one of {} or blank", codes.join(", ")),
                quoted(cell("status")),
            ));
        }
        let document = cell("source_document");
        if !registry.documents.contains(document) {
            problems.push(unknown_at(
                &table.rel,
                at("source_document"),
                "source_document",
                "document of data/sources.toml",
                document,
                &registry.documents,
            ));
        }
        tasks.push(Task {
            id: id.to_string(),
            group: group.read(row),
            title,
            lead_agencies,
            period: task_period,
            expected_result: expected_result.read(row),
            status: status.unwrap_or(TaskStatus::NotReported),
            status_date,
            evidence: evidence.read(row),
            source: Citation {
                document: document.to_string(),
                locator: cell("source_locator").to_string(),
            },
            line: row.line,
        });
    }
    tasks
}
