//! The direction of dependency, enforced: every `crate::` path in `src/` (outside test
//! modules) must point from a top-level module to one in a lower layer. A new edge that points
//! sideways or up — the start of a cycle — fails here, naming the files that make it. The layers
//! are those `docs/architecture.md` draws; change both together, and only to move a layer, not
//! to let one edge through.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Bottom first. A module may use modules of lower layers only.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "ground",
        &["problem", "escape", "format", "cache", "output", "scaffold"],
    ),
    ("model", &["model", "chart", "failure"]),
    ("reading files and git", &["load", "history"]),
    (
        "checking, theming, computing",
        &["validate", "theme", "compute"],
    ),
    ("reading Open SDG", &["opensdg"]),
    ("the checked source", &["source"]),
    ("comparing", &["diff"]),
    ("site map", &["site"]),
    ("writing", &["render", "export"]),
    ("pipelines", &["build", "import"]),
    ("command line", &["cli"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, members)| members.contains(&module))
}

/// The top-level modules of `src/`: `src/<m>.rs` and `src/<m>/`.
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    fs::read_dir(src)
        .expect("src/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            if path.is_dir() {
                Some(name)
            } else {
                let stem = name.strip_suffix(".rs")?;
                (stem != "lib" && stem != "main").then(|| stem.to_string())
            }
        })
        .collect()
}

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(path).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            files.push(path);
        }
    }
    files
}

/// The text with every `#[cfg(test)] mod … { … }` block removed: tests may use anything.
fn without_test_modules(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("#[cfg(test)]") {
        let after = &rest[start..];
        let Some(open) = after.find('{') else { break };
        let is_module = after[..open].contains("mod ");
        kept.push_str(&rest[..start]);
        if !is_module {
            kept.push_str(&after[..open + 1]);
            rest = &after[open + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after.char_indices().skip(open) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    kept.push_str(rest);
    kept
}

/// The top-level modules a text names as `crate::m` or inside `crate::{a, b::c}`.
fn used_modules(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            group
                .split(',')
                .map(|part| part.trim().split("::").next().unwrap_or("").trim())
                .collect()
        } else {
            vec![
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or(""),
            ]
        };
        used.extend(
            names
                .into_iter()
                .filter(|name| modules.contains(*name))
                .map(String::from),
        );
    }
    used
}

/// Every edge between top-level modules, with the files that make it.
fn edges(src: &Path) -> BTreeMap<(String, String), BTreeSet<String>> {
    let modules = top_level_modules(src);
    let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for module in &modules {
        let root = if src.join(module).is_dir() {
            src.join(module)
        } else {
            src.join(format!("{module}.rs"))
        };
        for file in rust_files(&root) {
            let text = without_test_modules(&fs::read_to_string(&file).expect("readable source"));
            for used in used_modules(&text, &modules) {
                if &used != module {
                    let shown = file
                        .strip_prefix(src)
                        .unwrap_or(&file)
                        .display()
                        .to_string();
                    edges
                        .entry((module.clone(), used))
                        .or_default()
                        .insert(format!("src/{shown}"));
                }
            }
        }
    }
    edges
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let unplaced: Vec<String> = top_level_modules(&src)
        .into_iter()
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules with no layer: {unplaced:?}; add each to LAYERS in tests/architecture.rs and \
         to docs/architecture.md"
    );
}

#[test]
fn every_dependency_points_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for ((from, to), files) in edges(&src) {
        let (Some(a), Some(b)) = (layer_of(&from), layer_of(&to)) else {
            continue;
        };
        if b >= a {
            let direction = if a == b {
                "sideways, within"
            } else {
                "up, into"
            };
            wrong.push(format!(
                "{from} → {to} points {direction} the {:?} layer ({}); it starts a cycle. \
                 Move what {from} needs from {to} down a layer, or pass it in.",
                LAYERS[b].0,
                files.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn the_check_finds_an_upward_edge_and_ignores_tests() {
    let modules: BTreeSet<String> = ["render", "export", "model"].map(String::from).into();
    let text = "use crate::{model::Portal, render::View};\n\
                #[cfg(test)]\nmod tests { use crate::export::x; }\n";
    assert_eq!(
        used_modules(&without_test_modules(text), &modules),
        ["model", "render"].map(String::from).into()
    );
    assert!(
        layer_of("export") == layer_of("render"),
        "siblings share a layer"
    );
}
