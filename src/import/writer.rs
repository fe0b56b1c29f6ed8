//! Writes a portal model in chiso's own layout (`docs/format.md`): `chiso.toml`, `data/` and
//! `content/`. Nothing here is specific to Open SDG: any reader that makes a [`Portal`] can
//! hand it over. The files pass `chiso check` and build to the same pages, except where
//! chiso's format is stricter than the source (see [`Written::notices`]).

use crate::export::csv::machine_number;
use crate::model::{Goal, Indicator, MapLayer, Portal, ReportingStatus, Section, Text};
use crate::problem::{Problem, quoted};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// Columns with a meaning of their own in chiso's observation files.
const RESERVED_COLUMNS: [&str; 5] = ["period", "value", "status", "source", "note"];

/// What the writer had to change to fit chiso's format.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    /// Periods written in chiso's grammar (`2000 Q1` → `2000-Q1`) and renamed columns.
    pub notices: Vec<Problem>,
}

/// Writes `portal` into the empty folder `dest`. What chiso's format cannot hold (a row whose
/// period has no dates, a second figure for the same period and dimensions) is left out, with
/// one notice per file and kind naming how many rows and which; everything else is written.
pub fn write(portal: &Portal, dest: &Path) -> Result<Written, Vec<Problem>> {
    let mut written = Written::default();
    let mut files: Vec<(PathBuf, String)> = vec![(PathBuf::from("chiso.toml"), config(portal))];
    files.push((PathBuf::from("data/sources.toml"), sources(portal)));
    files.push((PathBuf::from("data/units.toml"), units(portal)));
    for goal in &portal.goals {
        files.push((
            PathBuf::from(format!("data/goals/{}.toml", goal.id)),
            goal_file(goal),
        ));
    }
    for indicator in &portal.indicators {
        let map = joined_map(portal, indicator, &mut written.notices);
        files.push((
            PathBuf::from(format!("data/indicators/{}.toml", indicator.id)),
            indicator_meta(indicator, map),
        ));
        if indicator.data_file.is_some() {
            files.push((
                PathBuf::from(format!("data/indicators/{}.csv", indicator.id)),
                observations(indicator, &mut written.notices),
            ));
        }
    }
    for layer in &portal.maps {
        let (meta, geojson) = map_layer(portal, layer);
        files.push((PathBuf::from(format!("data/maps/{}.toml", layer.id)), meta));
        files.push((
            PathBuf::from(format!("data/maps/{}.geojson", layer.id)),
            geojson,
        ));
    }
    let charted: Vec<&str> = portal
        .indicators
        .iter()
        .filter(|i| {
            let o = &i.chart_options;
            !(o.titles.is_empty()
                && o.limits.is_empty()
                && o.lines.is_empty()
                && o.moments.is_empty()
                && o.breaks.is_empty()
                && o.start_values.is_empty())
        })
        .filter_map(|i| i.file.to_str())
        .collect();
    if let Some(first) = charted.first() {
        written.notices.push(Problem::new(
            *first,
            "chart settings chiso's own files can hold",
            format!(
                "graph_titles, graph_limits, graph_target_lines, graph_annotations, graph_series_breaks or data_start_values in {} indicators' metadata, such as this one: not written (chiso's format has no field for them yet)",
                charted.len()
            ),
        ));
    }
    let own_status: Vec<&Indicator> = portal
        .indicators
        .iter()
        .filter(|i| matches!(i.reporting_status, ReportingStatus::Other(_)))
        .collect();
    if let Some(first) = own_status.first().and_then(|i| i.file.to_str()) {
        written.notices.push(Problem::new(
            first,
            "reporting statuses chiso's own files can hold (complete, in-progress, not-started, not-applicable)",
            format!(
                "a status of the repository's own on {} indicators, such as this one: not written, so their status follows their data",
                own_status.len()
            ),
        ));
    }
    if !portal.reporting.groupings.is_empty() {
        written.notices.push(Problem::new(
            "config_data.yml",
            "settings chiso's own files can hold",
            "reporting_status_extra_fields: not written (chiso's reporting page groups by goal only)",
        ));
    }
    for (key, markdown) in &portal.content.narratives {
        let section = match key.section {
            Section::Home => None,
            Section::Goals => Some("goals"),
            Section::Targets => Some("targets"),
            Section::Indicators => Some("indicators"),
        };
        let rel = match section {
            Some(section) => format!("content/{}/{section}/{}.md", key.lang, key.id),
            None => format!("content/{}/_index.md", key.lang),
        };
        files.push((PathBuf::from(rel), markdown.body.clone()));
    }
    for (rel, text) in files {
        let path = dest.join(&rel);
        let result = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, text));
        if let Err(e) = result {
            return Err(vec![Problem::new(
                dest.join(rel),
                "a file that can be written",
                format!("an error: {e}"),
            )]);
        }
        written.files += 1;
    }
    Ok(written)
}

fn config(portal: &Portal) -> String {
    let c = &portal.config;
    let mut table = Table::new();
    insert_text(&mut table, "title", &c.title);
    insert_text(&mut table, "description", &c.description);
    table.insert(
        "languages".into(),
        Value::Array(
            c.languages
                .iter()
                .map(|l| Value::String(l.clone()))
                .collect(),
        ),
    );
    table.insert("base_url".into(), c.base_url.clone().into());
    table.insert("theme".into(), c.theme.clone().into());
    if let Some(date) = &c.status.as_of {
        let mut status = Table::new();
        status.insert("as_of".into(), date.get_ref().clone().into());
        table.insert("status".into(), Value::Table(status));
    }
    let mut publisher = Table::new();
    insert_text(&mut publisher, "name", &c.publisher.name);
    if let Some(url) = &c.publisher.url {
        publisher.insert("url".into(), url.clone().into());
    }
    // chiso requires a contact address; a placeholder is written when the source had none.
    let email = if c.publisher.email.is_empty() {
        "data@example.org"
    } else {
        &c.publisher.email
    };
    publisher.insert("email".into(), email.into());
    table.insert("publisher".into(), publisher.into());
    let mut license = Table::new();
    license.insert("name".into(), c.license.name.clone().into());
    license.insert("url".into(), c.license.url.clone().into());
    table.insert("license".into(), license.into());
    toml_text(&table)
}

fn sources(portal: &Portal) -> String {
    let documents: Vec<Value> = portal
        .documents
        .iter()
        .map(|d| {
            let mut t = Table::new();
            t.insert("id".into(), d.id.clone().into());
            insert_text(&mut t, "title", &d.title);
            insert_text(&mut t, "publisher", &d.publisher);
            insert_text(&mut t, "link_text", &d.link_text);
            insert_text(&mut t, "note", &d.note);
            for (key, value) in [
                ("date", &d.date),
                ("reference", &d.reference),
                ("url", &d.url),
            ] {
                if let Some(v) = value {
                    t.insert(key.into(), v.clone().into());
                }
            }
            Value::Table(t)
        })
        .collect();
    let mut table = Table::new();
    if !documents.is_empty() {
        table.insert("document".into(), Value::Array(documents));
    }
    toml_text(&table)
}

fn units(portal: &Portal) -> String {
    let mut table = Table::new();
    for (id, unit) in &portal.units {
        let mut t = Table::new();
        insert_text(&mut t, "label", &unit.label);
        if let Some(symbol) = &unit.symbol {
            t.insert("symbol".into(), symbol.clone().into());
        }
        t.insert("progress".into(), serde_plain(&unit.progress).into());
        table.insert(id.clone(), t.into());
    }
    toml_text(&table)
}

fn goal_file(goal: &Goal) -> String {
    let mut table = Table::new();
    insert_text(&mut table, "title", &goal.title);
    insert_text(&mut table, "description", &goal.description);
    table.insert("order".into(), goal.order.into());
    let targets: Vec<Value> = goal
        .targets
        .iter()
        .map(|target| {
            let mut t = Table::new();
            t.insert("id".into(), target.id.clone().into());
            insert_text(&mut t, "title", &target.title);
            t.insert(
                "indicators".into(),
                Value::Array(
                    target
                        .indicators
                        .iter()
                        .map(|i| Value::String(i.clone()))
                        .collect(),
                ),
            );
            if let Some(aim) = &target.aim {
                t.insert("value".into(), aim.value.value.into());
                t.insert("comparison".into(), aim.comparison.code().into());
                t.insert("unit".into(), aim.unit.clone().into());
            }
            if let Some(deadline) = target.deadline.as_ref().and_then(|d| d.canonical()) {
                t.insert("deadline".into(), deadline.into());
            }
            if let Some(b) = &target.baseline {
                let mut baseline = Table::new();
                baseline.insert("value".into(), b.value.value.into());
                baseline.insert(
                    "period".into(),
                    b.period.canonical().unwrap_or_default().into(),
                );
                t.insert("baseline".into(), baseline.into());
            }
            insert_text(&mut t, "note", &target.note);
            Value::Table(t)
        })
        .collect();
    table.insert("targets".into(), Value::Array(targets));
    toml_text(&table)
}

fn indicator_meta(indicator: &Indicator, map: Option<&str>) -> String {
    let mut table = Table::new();
    insert_text(&mut table, "name", &indicator.name);
    table.insert("unit".into(), indicator.unit.clone().into());
    insert_text(&mut table, "definition", &indicator.definition);
    if !matches!(indicator.reporting_status, ReportingStatus::Other(_)) {
        table.insert(
            "reporting_status".into(),
            serde_plain(&indicator.reporting_status).into(),
        );
    }
    table.insert("order".into(), indicator.order.into());
    let mut display = Table::new();
    display.insert("chart".into(), serde_plain(&indicator.chart).into());
    if let Some(decimals) = indicator.decimals {
        display.insert("decimals".into(), i64::from(decimals).into());
    }
    if let Some(layer) = map {
        display.insert("map".into(), layer.into());
    }
    table.insert("display".into(), display.into());
    if !indicator.sources.is_empty() {
        let sources = indicator
            .sources
            .iter()
            .map(|s| {
                let mut t = Table::new();
                t.insert("id".into(), s.id.clone().into());
                t.insert("document".into(), s.citation.document.clone().into());
                t.insert("locator".into(), s.citation.locator.clone().into());
                insert_text(&mut t, "note", &s.note);
                Value::Table(t)
            })
            .collect();
        table.insert("sources".into(), Value::Array(sources));
    }
    let mut dimensions = Table::new();
    for d in &indicator.dimensions {
        let mut t = Table::new();
        insert_text(&mut t, "label", &d.label);
        let mut values = Table::new();
        for (code, label) in &d.values {
            if let Some(v) = text_value(label) {
                values.insert(code.clone(), v);
            }
        }
        if !values.is_empty() {
            t.insert("values".into(), values.into());
        }
        dimensions.insert(column_name(&d.column), t.into());
    }
    if !dimensions.is_empty() {
        table.insert("dimensions".into(), dimensions.into());
    }
    let target_values: Vec<Value> = indicator
        .target_values
        .iter()
        .filter_map(|tv| {
            let mut t = Table::new();
            t.insert("period".into(), tv.period.canonical()?.into());
            t.insert("value".into(), tv.value.value.into());
            t.insert("comparison".into(), tv.comparison.code().into());
            insert_text(&mut t, "note", &tv.note);
            Some(Value::Table(t))
        })
        .collect();
    if !target_values.is_empty() {
        table.insert("target_values".into(), Value::Array(target_values));
    }
    toml_text(&table)
}

/// A dimension column whose name chiso reserves (`status`) gets a suffix.
fn column_name(column: &str) -> String {
    if RESERVED_COLUMNS.contains(&column) || column.starts_with("note_") {
        format!("{column}_dimension")
    } else {
        column.to_string()
    }
}

/// Rows of one file that share what happened to them: reported once, with how many and the
/// first few labels and lines.
#[derive(Default)]
struct Grouped {
    /// (what was written, what became of it, line).
    rows: Vec<(String, String, usize)>,
}

impl Grouped {
    const EXAMPLES: usize = 3;

    fn push(&mut self, label: &str, outcome: String, line: usize) {
        self.rows.push((label.to_string(), outcome, line));
    }

    /// One notice for the rows, at the first one's line; none when there are none.
    fn notice(&self, file: &Path, expected: &str, what: &str) -> Option<Problem> {
        let (_, _, first) = self.rows.first()?;
        let examples: Vec<String> = self
            .rows
            .iter()
            .take(Self::EXAMPLES)
            .map(|(label, outcome, line)| format!("{} {outcome} (line {line})", quoted(label)))
            .collect();
        let more = self.rows.len().saturating_sub(Self::EXAMPLES);
        let found = format!(
            "{} {what}: {}{}",
            self.rows.len(),
            examples.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        Some(Problem::new(file, expected, found).at_line(*first))
    }
}

/// The observations as chiso's tidy CSV, in the model's order (which decides the headline).
/// Rows chiso's format cannot hold are left out; each kind of change is one notice per file.
fn observations(indicator: &Indicator, notices: &mut Vec<Problem>) -> String {
    let source_file = indicator.data_file.clone().unwrap_or_default();
    let (mut rewritten, mut free_text, mut repeated) =
        (Grouped::default(), Grouped::default(), Grouped::default());
    let note_langs: BTreeSet<&str> = indicator
        .observations
        .iter()
        .flat_map(|o| o.note.entries().into_keys())
        .collect();
    let mut header = vec!["period".to_string(), "value".to_string()];
    for d in &indicator.dimensions {
        let name = column_name(&d.column);
        if name != d.column {
            notices.push(
                Problem::new(
                    &source_file,
                    "column names chiso does not reserve",
                    format!("{}, written as {}", quoted(&d.column), quoted(&name)),
                )
                .at_line(1),
            );
        }
        header.push(name);
    }
    let has_source = indicator.observations.iter().any(|o| o.source.is_some());
    if has_source {
        header.push("source".into());
    }
    header.extend(note_langs.iter().map(|l| {
        if l.is_empty() {
            "note".to_string()
        } else {
            format!("note_{l}")
        }
    }));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("writing to memory");
    let mut seen = std::collections::HashMap::new();
    for o in &indicator.observations {
        let Some(period) = o.period.canonical() else {
            free_text.push(o.period.label(), "left out".into(), o.line);
            continue;
        };
        if period != o.period.label() {
            rewritten.push(o.period.label(), format!("as {}", quoted(&period)), o.line);
        }
        // chiso's format has one row per period, dimensions and source.
        let key = (period.clone(), o.dims.clone(), o.source.clone());
        if let Some(&first) = seen.get(&key) {
            repeated.push(
                o.period.label(),
                format!("left out, line {first} kept"),
                o.line,
            );
            continue;
        }
        seen.insert(key, o.line);
        let mut record = vec![period, o.value.map(machine_number).unwrap_or_default()];
        record.extend(o.dims.iter().cloned());
        if has_source {
            record.push(o.source.clone().unwrap_or_default());
        }
        let notes = o.note.entries();
        record.extend(
            note_langs
                .iter()
                .map(|l| notes.get(l).map_or(String::new(), |t| t.to_string())),
        );
        writer.write_record(&record).expect("writing to memory");
    }
    notices.extend(
        [
            rewritten.notice(
                &source_file,
                "periods in chiso's grammar",
                "labels rewritten",
            ),
            free_text.notice(
                &source_file,
                "periods chiso can place in time (a year, quarter, month, date or range): \
                 chiso's own files cannot hold free-text periods; fix the labels, or keep \
                 building the Open SDG repository directly",
                "rows with a free-text period",
            ),
            repeated.notice(
                &source_file,
                "one row per period and dimensions, as chiso's format needs",
                "rows repeating a period and dimensions with another figure",
            ),
        ]
        .into_iter()
        .flatten(),
    );
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

/// Text as chiso's TOML writes it: a string when it is the same in every language, else a
/// table by language.
fn text_value(text: &Text) -> Option<Value> {
    let entries = text.entries();
    match entries.get("") {
        Some(neutral) if entries.len() == 1 => Some(Value::String(neutral.to_string())),
        _ if entries.is_empty() => None,
        _ => Some(Value::Table(
            entries
                .into_iter()
                .filter(|(lang, _)| !lang.is_empty())
                .map(|(lang, t)| (lang.to_string(), Value::String(t.to_string())))
                .collect(),
        )),
    }
}

fn insert_text(table: &mut Table, key: &str, text: &Text) {
    if let Some(value) = text_value(text) {
        table.insert(key.into(), value);
    }
}

/// The kebab-case code serde gives an enum (`not-started`, `growth`, `line`).
fn serde_plain<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn toml_text(table: &Table) -> String {
    toml::to_string(table).expect("a TOML table serialises")
}

/// The layer an imported indicator keeps its map on: Open SDG leaves a code no region has off
/// the map, where chiso's own format refuses it, so such an indicator is written without its
/// map (and with every row), in a notice naming the codes.
fn joined_map<'a>(
    portal: &Portal,
    indicator: &'a Indicator,
    notices: &mut Vec<Problem>,
) -> Option<&'a str> {
    let id = indicator.map.as_deref()?;
    let layer = portal.maps.iter().find(|l| l.id == id)?;
    let unknown = layer.unknown_codes(indicator)?;
    if unknown.is_empty() {
        return Some(id);
    }
    let file = indicator.data_file.as_deref().unwrap_or(&indicator.file);
    notices.push(Problem::new(
        file,
        format!("{} codes of regions of the layer {}", layer.dimension, quoted(id)),
        format!(
            "{}, which no region has: display.map not written (every row is), add the regions to data/maps/{id}.geojson or correct the codes",
            unknown.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", ")
        ),
    ));
    None
}

/// A boundary layer in chiso's own files: its metadata, and its regions as a GeoJSON whose
/// properties are the code and a name per language (whatever the source's property names).
fn map_layer(portal: &Portal, layer: &MapLayer) -> (String, String) {
    let languages = &portal.config.languages;
    let mut table = Table::new();
    insert_text(&mut table, "name", &layer.name);
    table.insert("file".into(), format!("{}.geojson", layer.id).into());
    table.insert("code".into(), "code".into());
    let names: Table = languages
        .iter()
        .map(|lang| (lang.clone(), Value::String(format!("name_{lang}"))))
        .collect();
    table.insert("names".into(), names.into());
    table.insert("dimension".into(), layer.dimension.clone().into());
    insert_text(&mut table, "attribution", &layer.attribution);
    let features: Vec<serde_json::Value> = layer
        .regions
        .iter()
        .map(|region| {
            let mut properties = serde_json::Map::new();
            properties.insert("code".into(), region.code.clone().into());
            for lang in languages {
                let name = region.name.get(lang, portal.config.default_lang());
                properties.insert(format!("name_{lang}"), name.into());
            }
            serde_json::json!({
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": region.polygons},
            })
        })
        .collect();
    let geojson = serde_json::json!({"type": "FeatureCollection", "features": features});
    (
        toml::to_string(&table).expect("a TOML table"),
        format!("{geojson}\n"),
    )
}
