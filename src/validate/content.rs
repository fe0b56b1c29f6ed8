//! Markdown narratives and pages: each file must belong to something that exists.

use super::{Registry, unknown_at};
use crate::load::raw::RawMarkdown;
use crate::model::{Content, Markdown, NarrativeKey, Section, check_id};
use crate::problem::{Problem, Problems, quoted};

/// Page paths that chiso generates itself, which a content page may not take.
pub const RESERVED_SLUGS: [&str; 12] = [
    "indicators",
    "goals",
    "targets",
    "tasks",
    "datasets",
    "status",
    "data",
    "assets",
    "embed",
    "releases",
    "search",
    "updates",
];

pub fn validate(files: Vec<RawMarkdown>, registry: &Registry, problems: &mut Problems) -> Content {
    let mut content = Content::default();
    for file in files {
        let markdown = Markdown {
            file: file.rel.clone(),
            lang: file.lang.clone(),
            title: file.title,
            description: file.description,
            body: file.body,
        };
        let parts: Vec<&str> = file.path.split('/').collect();
        let narrative = |section: Section, id: &str| NarrativeKey {
            section,
            id: id.to_string(),
            lang: file.lang.clone(),
        };
        let key = match parts.as_slice() {
            ["_index"] => Some(narrative(Section::Home, "")),
            [section @ ("indicators" | "goals" | "targets"), id] => {
                let (section, known, what) = match *section {
                    "indicators" => (Section::Indicators, &registry.indicators, "indicator"),
                    "goals" => (Section::Goals, &registry.goals, "goal"),
                    _ => (Section::Targets, &registry.targets, "target"),
                };
                if known.contains(*id) {
                    Some(narrative(section, id))
                } else {
                    let what = format!("{what} for the narrative's file name");
                    problems.push(unknown_at(&file.rel, None, "file name", &what, id, known));
                    None
                }
            }
            [slug] => {
                if let Err(why) = check_id(slug) {
                    problems.push(Problem::new(
                        &file.rel,
                        "a page file name of letters, digits, '.', '-' or '_'",
                        format!("{} with {why}", quoted(slug)),
                    ));
                } else if RESERVED_SLUGS.contains(slug) {
                    let expected = format!(
                        "a page name other than those chiso generates ({})",
                        RESERVED_SLUGS.join(", ")
                    );
                    problems.push(Problem::new(&file.rel, expected, quoted(slug)));
                } else {
                    content
                        .pages
                        .entry(slug.to_string())
                        .or_default()
                        .insert(file.lang.clone(), markdown.clone());
                }
                None
            }
            _ => {
                let expected = "_index.md, <page>.md, or indicators|goals|targets/<id>.md in a language folder";
                problems.push(Problem::new(&file.rel, expected, quoted(&file.path)));
                None
            }
        };
        if let Some(key) = key {
            content.narratives.insert(key, markdown);
        }
    }
    content
}
