//! From an Open SDG repository's files to the portal model: goals and targets from the
//! indicators' numbering (`1-2-1` is indicator 1.2.1 of target 1.2 of goal 1), names from
//! metadata and translations, observations, sources, narratives and progress settings.

use super::data::{self, Maps, Table};
use super::layout::{self, IndicatorFiles};
use super::meta::Meta;
use super::progress::{self, Progress};
use super::schema::{self, SchemaField, Scope};
use super::site;
use super::translations::Translations;
use super::{Loaded, Report};
use crate::model::config::SiteConfig;
use crate::model::{
    Aim, ChartKind, ChartOptions, Citation, Content, Coverage, Document, Goal, Indicator,
    IndicatorSource, Markdown, NarrativeKey, Portal, ProgressScale, ReportingGrouping,
    ReportingOverview, ReportingStatus, Scoped, Section, Target, TargetValue, Text, Unit,
};
use crate::problem::{Problem, quoted};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The unit of an indicator whose repository names none.
const UNSPECIFIED_UNIT: &str = "unspecified";

pub fn read(root: &Path) -> Result<Loaded, Vec<Problem>> {
    let mut report = Report::default();
    let settings = layout::settings(root, &mut report);
    let strings = crate::theme::default_strings(root);
    let config = site::site_config(root, &settings, &strings, &mut report);
    let languages = config
        .as_ref()
        .map_or_else(|| vec!["en".to_string()], |c| c.languages.clone());
    let translations = Translations::load(root, &languages, &mut report);
    let maps = Maps::load(root, &settings, &mut report);
    let layers = super::geo::layers(root, &settings, &languages, &mut report);
    let schema = schema::read(root, &settings, &mut report);
    let mut files = layout::indicator_files(root, &settings, &mut report);
    let sdmx = super::sdmx::read(root, &settings.sdmx_inputs, &mut report);
    for id in sdmx.keys() {
        files.entry(id.clone()).or_default();
    }

    let interface: BTreeMap<String, BTreeMap<String, String>> = languages
        .iter()
        .map(|lang| {
            let (mut own, _) = strings.with_fallback(lang);
            own.retain(|key, _| key.starts_with("opensdg."));
            (lang.clone(), own)
        })
        .collect();
    let context = Context {
        root,
        languages: &languages,
        interface: &interface,
        translations: &translations,
        maps: &maps,
        layers: &layers,
        schema: &schema,
        sdmx: &sdmx,
        extra_fields: &settings.reporting_status_extra_fields,
    };
    let drafts: Vec<(Draft, Report)> = files
        .par_iter()
        .map(|(id, files)| {
            let mut report = Report::default();
            let draft = context.indicator(id, files, &mut report);
            (draft, report)
        })
        .collect();
    let mut drafts: Vec<Draft> = drafts
        .into_iter()
        .map(|(draft, found)| {
            report.absorb(found);
            draft
        })
        .collect();
    drafts.sort_by(|a, b| {
        natural_cmp(&a.sort_key, &b.sort_key).then_with(|| a.indicator.id.cmp(&b.indicator.id))
    });

    let Some(config) = config else {
        return Err(sorted(report.problems));
    };
    if !report.problems.is_empty() {
        return Err(sorted(report.problems));
    }
    let placeholders: Vec<&str> = drafts
        .iter()
        .filter(|d| d.placeholder)
        .filter_map(|d| d.indicator.data_file.as_deref()?.to_str())
        .collect();
    if let Some(first) = placeholders.first() {
        report.warn(Problem::new(
            *first,
            "observations, or a header only, for an indicator whose reporting_status is notstarted",
            format!("{} files whose only row is a zero, such as this one: read as placeholders, shown as no data yet", placeholders.len()),
        ));
    }
    warn_of_own_statuses(&drafts, &languages[0], &mut report);
    let portal = context.portal(config, drafts);
    let missing = translations.missing();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(3).map(String::as_str).collect();
        report.warn(Problem::new(
            "translations",
            "a translation of every key the metadata uses (Open SDG takes goal, target and indicator titles from its shared sdg-translations repository, which chiso does not download: copy its files into translations/<lang>/ to use them)",
            format!(
                "{} keys without one, such as {}; names were taken from the metadata instead",
                missing.len(),
                shown.join(", ")
            ),
        ));
    }
    report.warnings.sort();
    Ok(Loaded {
        portal,
        warnings: report.warnings,
    })
}

fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort();
    problems.dedup();
    problems
}

struct Context<'a> {
    root: &'a Path,
    languages: &'a [String],
    /// Rows of the SDMX inputs, by indicator.
    sdmx: &'a BTreeMap<String, super::sdmx::SdmxRows>,
    /// The theme's `opensdg.*` interface strings, by language.
    interface: &'a BTreeMap<String, BTreeMap<String, String>>,
    translations: &'a Translations,
    maps: &'a Maps,
    /// The boundary layers of `map_layers`.
    layers: &'a [crate::model::MapLayer],
    schema: &'a [SchemaField],
    /// `reporting_status_extra_fields`.
    extra_fields: &'a [String],
}

/// One indicator and what it brings to the rest of the portal.
struct Draft {
    indicator: Indicator,
    sort_key: String,
    /// Goal and target ids from the numbering; `None` for a standalone indicator.
    numbering: Option<(String, String)>,
    /// The target's wording from the metadata (`target`), used when translations have none.
    target_text: Option<Text>,
    units: Vec<Unit>,
    documents: Vec<Document>,
    narratives: BTreeMap<String, Markdown>,
    progress: Option<Progress>,
    /// Whether the data file held only the data starter's placeholder row.
    placeholder: bool,
    /// A reporting status of the repository's own, where the indicator has one.
    own_status: Option<OwnStatus>,
    /// The indicator's value of each `reporting_status_extra_fields` field.
    grouped_by: Vec<Option<Text>>,
}

/// A reporting status none of open-sdg's built-in ones is (`notapplicable` is one, as its
/// theme labels it), which its reporting page lists as a status of its own.
struct OwnStatus {
    code: String,
    label: Text,
    field: super::meta::Field,
}

impl Context<'_> {
    /// An interface string of the theme (`opensdg.goal`) in `lang`.
    fn string(&self, lang: &str, key: &str) -> &str {
        self.interface
            .get(lang)
            .and_then(|strings| strings.get(key))
            .map_or("", String::as_str)
    }

    fn default_lang(&self) -> &str {
        &self.languages[0]
    }

    /// An interface string of the theme in every language, with `{number}` filled in.
    fn named(&self, key: &str, number: &str) -> Text {
        Text::from_pairs(self.languages.iter().map(|lang| {
            let text = self.string(lang, key);
            (lang.clone(), text.replace("{number}", number))
        }))
    }

    /// A metadata field in every language: its own text per language (language folders,
    /// `<lang>:` mappings), translated when it is a translation key, else the default
    /// language's text. `None` when the field is blank, or is a key no translation has.
    fn localized(&self, meta: &Meta, key: &str) -> Option<Text> {
        let base = meta.text(key);
        let t = self.translations;
        let pairs: Vec<(String, String)> = self
            .languages
            .iter()
            .filter_map(|lang| {
                let text = match meta.text_in(key, lang) {
                    Some(own) => t.get(lang, own).unwrap_or(own),
                    None => {
                        let base = base?;
                        let literal = lang == self.default_lang() && !t.is_key(base);
                        t.get(lang, base).or(literal.then_some(base))?
                    }
                };
                Some((lang.clone(), text.to_string()))
            })
            .collect();
        if pairs.is_empty() {
            if let Some(key) = base.filter(|b| t.is_key(b)) {
                t.note_missing(key);
            }
            return None;
        }
        Some(Text::from_pairs(pairs))
    }

    fn indicator(&self, id: &str, files: &IndicatorFiles, report: &mut Report) -> Draft {
        let meta = Meta::read(self.root, files, self.languages, report);
        let sdmx = self.sdmx.get(id);
        if let (Some(csv), Some(sdmx)) = (&files.data, sdmx) {
            report.warn(Problem::new(
                &sdmx.file,
                format!(
                    "an indicator's data in one input ({} has {id}'s)",
                    csv.display()
                ),
                format!("{id}'s series too, left out: the CSV is read"),
            ));
        }
        let table = match (&files.data, sdmx) {
            (Some(rel), _) => data::read(
                self.root,
                rel,
                self.maps,
                self.translations,
                self.languages,
                report,
            ),
            (None, Some(sdmx)) => data::table(
                &sdmx.file,
                &data::Rows {
                    header: &sdmx.header,
                    rows: &sdmx.rows,
                    columns_are_cells: false,
                },
                self.maps,
                self.translations,
                self.languages,
                report,
            ),
            (None, None) => None,
        };
        let data_file = files.data.clone().or_else(|| sdmx.map(|s| s.file.clone()));
        let number = id.replace('-', ".");
        // sdg-build's `is_standalone()`: anything but a missing value or false is true, so
        // `standalone: "true This, or part…"` (a folding slip) is standalone too.
        let standalone = meta
            .field("standalone")
            .and_then(|f| f.node.text())
            .is_some_and(|t| !t.trim().is_empty() && not_false_in_python(t));
        let parts: Vec<&str> = id.split('-').collect();
        // sdg-build's goal is the first part and its target the first two, whatever the
        // number of parts (`7-1`, `7-1-1-a`).
        let numbering = (!standalone && parts.len() >= 2)
            .then(|| (parts[0].to_string(), format!("{}.{}", parts[0], parts[1])));

        let name_keys = [
            "indicator_name",
            "indicator_available",
            "SDG_INDICATOR",
            "title",
            "graph_title",
        ];
        let (name_key, name) = name_keys
            .iter()
            .find_map(|key| Some((*key, self.localized(&meta, key)?)))
            .map_or_else(
                || ("", self.named("opensdg.indicator", &number)),
                |(k, n)| (k, n),
            );
        // Open SDG shows the definition as HTML; chiso's is plain text (a page's lead, a
        // catalogue's description), so markup is read as the text it shows. A definition with
        // markup is also shown in its metadata tab, rendered (sanitised like every field), so
        // its lists and links keep their shape.
        let (definition_key, definition, marked_up) = ["indicator_definition", "STAT_CONC_DEF"]
            .iter()
            .find_map(|key| {
                let written = self.localized(&meta, key)?;
                let text = written.clone().map(html_as_text);
                Some((*key, text.clone(), text != written))
            })
            .unwrap_or(("", Text::default(), false));
        let only_in_the_lead = if marked_up { "" } else { definition_key };

        let (reporting_status, own_status) = meta
            .field("reporting_status")
            .and_then(|field| Some(self.reporting_status(field.text()?, field)))
            .map_or((None, None), |(status, own)| (Some(status), own));
        let chart = match meta.text("graph_type") {
            Some("line") => ChartKind::Line,
            Some("bar") => ChartKind::Bar,
            _ => ChartKind::Auto,
        };
        let decimals = meta
            .field("precision")
            .and_then(|p| p.node.items().first().cloned())
            .and_then(|first| first.get("decimals")?.text()?.parse::<u8>().ok());

        let chart_options = self.chart_options(&meta);
        let (units, unit) = self.units(&meta, table.as_ref());
        let (documents, sources) = self.sources(id, &meta);
        let mut table = table.unwrap_or_default();
        // The data starter's placeholder: one row `2015,0` for an indicator not started yet.
        // Shown as "no data yet" rather than as a measured zero.
        let placeholder = reporting_status == Some(ReportingStatus::NotStarted)
            && matches!(table.observations.as_slice(), [only] if only.value.is_some_and(|v| v.value == 0.0));
        if placeholder {
            table = Table::default();
        }
        let has_values = table.observations.iter().any(|o| o.value.is_some());
        let reporting_status = reporting_status.unwrap_or(if has_values {
            ReportingStatus::Complete
        } else {
            ReportingStatus::NotStarted
        });
        let progress = progress::read(&meta, &table.observations, report);
        let narratives = self.narratives(id, &meta, &[name_key, only_in_the_lead]);
        let grouped_by = self
            .extra_fields
            .iter()
            .map(|field| self.localized(&meta, field))
            .collect();
        let target_text = numbering.as_ref().and(self.localized(&meta, "target"));
        let sort_key = meta.text("sort").unwrap_or(id).to_string();
        let file = meta
            .file
            .clone()
            .or_else(|| data_file.clone())
            .unwrap_or_else(|| PathBuf::from("meta").join(format!("{id}.md")));

        let mut indicator = Indicator {
            id: id.to_string(),
            data_theme: None,
            file,
            data_file,
            name,
            unit,
            definition,
            reporting_status,
            version: None,
            order: 0,
            goals: Vec::new(),
            targets: Vec::new(),
            updated: None,
            chart,
            decimals,
            map: None,
            chart_options,
            sources,
            dimensions: table.dimensions,
            target_values: Vec::new(),
            revisions: Vec::new(),
            observations: table.observations,
        };
        // sdg-build and the Open SDG theme map an indicator whose `data_show_map` is true.
        let show_map = meta.flag("data_show_map") == Some(true);
        indicator.map = super::geo::layer_of(&indicator, show_map, self.layers, report);
        Draft {
            indicator,
            sort_key,
            numbering,
            target_text,
            units,
            documents,
            narratives,
            progress,
            placeholder,
            own_status,
            grouped_by,
        }
    }

    /// The chart settings open-sdg reads per unit and series: `graph_titles`, `graph_limits`,
    /// the horizontal lines of `graph_target_lines` and `graph_annotations`, the vertical lines
    /// of `graph_annotations` with `mode: vertical` (their `value` a position among the chart's
    /// periods, as in Chart.js's category axis), `graph_series_breaks`, and the series shown
    /// from the start (`data_start_values`).
    fn chart_options(&self, meta: &Meta) -> ChartOptions {
        let items = |key: &str| -> Vec<super::yaml::Node> {
            meta.field(key)
                .map(|f| f.node.items().to_vec())
                .unwrap_or_default()
        };
        let text = |item: &super::yaml::Node, key: &str| {
            item.get(key).and_then(|n| n.text()).map(str::to_string)
        };
        let number = |item: &super::yaml::Node, key: &str| {
            item.get(key)?
                .text()?
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
        };
        fn scoped<T>(item: &super::yaml::Node, value: T) -> Scoped<T> {
            let text = |key: &str| item.get(key).and_then(|n| n.text()).map(str::to_string);
            Scoped {
                unit: text("unit"),
                series: text("series"),
                value,
            }
        }
        // A title or label may be a translation key, as everywhere in Open SDG.
        let translated = |written: &str| {
            Text::from_pairs(self.languages.iter().map(|lang| {
                let text = self.translations.get(lang, written).unwrap_or(written);
                (lang.clone(), text.to_string())
            }))
        };
        let default_label = Text::from_pairs(self.languages.iter().map(|lang| {
            (
                lang.clone(),
                self.string(lang, "opensdg.target_line").to_string(),
            )
        }));
        let titles = items("graph_titles")
            .iter()
            .filter_map(|item| Some(scoped(item, translated(&text(item, "title")?))))
            .collect();
        let limits = items("graph_limits")
            .iter()
            .map(|item| scoped(item, [number(item, "minimum"), number(item, "maximum")]))
            .filter(|l| l.value.iter().any(Option::is_some))
            .collect();
        let target_lines = items("graph_target_lines").into_iter().filter_map(|item| {
            let label =
                text(&item, "label_content").map_or(default_label.clone(), |l| translated(&l));
            Some(scoped(&item, (number(&item, "value")?, label)))
        });
        let annotations = items("graph_annotations");
        let vertical =
            |item: &super::yaml::Node| text(item, "mode").is_some_and(|m| m == "vertical");
        let label = |item: &super::yaml::Node, default: &Text| {
            item.get("label")
                .and_then(|l| l.get("content"))
                .and_then(|c| c.text())
                .map_or(default.clone(), translated)
        };
        let horizontal = annotations
            .iter()
            .filter(|item| !vertical(item))
            .filter_map(|item| {
                Some(scoped(
                    item,
                    (number(item, "value")?, label(item, &default_label)),
                ))
            });
        let moments = annotations
            .iter()
            .filter(|item| vertical(item))
            .filter_map(|item| {
                Some(scoped(
                    item,
                    (text(item, "value")?, label(item, &Text::default())),
                ))
            })
            .collect();
        let breaks = items("graph_series_breaks")
            .iter()
            .filter_map(|item| Some(scoped(item, number(item, "value").filter(|v| *v >= 0.0)?)))
            .collect();
        // Fields and values may be translation keys (`AGE.AGE`, `AGE.Y15T19`): matched by
        // the text they translate to, as the chart's labels are.
        let as_shown = |written: String| {
            self.translations
                .get(self.default_lang(), &written)
                .map_or(written.clone(), str::to_string)
        };
        let start_values = items("data_start_values")
            .iter()
            .filter_map(|item| {
                Some((
                    as_shown(text(item, "field")?),
                    as_shown(text(item, "value")?),
                ))
            })
            .collect();
        ChartOptions {
            titles,
            limits,
            lines: target_lines.chain(horizontal).collect(),
            moments,
            breaks,
            start_values,
        }
    }

    /// The units the indicator's data name (its `Units` column), or its `computation_units`;
    /// the indicator's own unit is its headline's.
    fn units(&self, meta: &Meta, table: Option<&Table>) -> (Vec<Unit>, String) {
        let unit = |code: &str, label: Text| Unit {
            id: unit_id(code),
            label,
            symbol: None,
            progress: ProgressScale::Growth,
        };
        if let Some(table) = table {
            if let Some(column) = table.units {
                let dimension = &table.dimensions[column];
                let mut codes: Vec<&str> = Vec::new();
                for o in &table.observations {
                    let code = o.dims[column].as_str();
                    if !code.is_empty() && !codes.contains(&code) {
                        codes.push(code);
                    }
                }
                let units: Vec<Unit> = codes
                    .iter()
                    .map(|code| {
                        let label = dimension.values.get(*code).cloned().unwrap_or_else(|| {
                            Text::from_pairs([(self.default_lang().to_string(), code.to_string())])
                        });
                        unit(code, label)
                    })
                    .collect();
                if let Some(first) = units.first() {
                    let id = first.id.clone();
                    return (units, id);
                }
            }
        }
        if let Some(label) = self.localized(meta, "computation_units") {
            let code = label
                .get(self.default_lang(), self.default_lang())
                .to_string();
            let unit = unit(&code, label);
            let unit_id = unit.id.clone();
            return (vec![unit], unit_id);
        }
        (
            vec![Unit {
                id: UNSPECIFIED_UNIT.to_string(),
                label: Text::neutral("—"),
                symbol: None,
                progress: ProgressScale::Growth,
            }],
            UNSPECIFIED_UNIT.to_string(),
        )
    }

    /// Sources from `source_organisation_1`, `source_title_1`, `source_url_1`… : one
    /// document each, cited by the indicator.
    fn sources(&self, id: &str, meta: &Meta) -> (Vec<Document>, Vec<IndicatorSource>) {
        let mut numbers: Vec<u32> = meta
            .keys()
            .iter()
            .filter_map(|k| k.strip_prefix("source_")?.rsplit_once('_')?.1.parse().ok())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut documents = Vec::new();
        let mut sources = Vec::new();
        for n in numbers {
            let field = |name: &str| self.localized(meta, &format!("source_{name}_{n}"));
            if meta.flag(&format!("source_active_{n}")) == Some(false) {
                continue;
            }
            let organisation = field("organisation");
            let urls: Vec<String> = meta
                .text(&format!("source_url_{n}"))
                .map(|u| {
                    u.split_whitespace()
                        .filter(|w| crate::model::check_web_url(w).is_ok())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let title = field("title")
                .or_else(|| field("agency_survey_dataset"))
                .or_else(|| organisation.clone())
                .or_else(|| field("url_text"))
                .or_else(|| urls.first().map(|u| Text::neutral(u.clone())));
            let Some(title) = title else { continue };
            let publisher = organisation.filter(|o| *o != title).unwrap_or_default();
            let mut note = self.source_details(meta, n, field("notes"));
            if urls.len() > 1 {
                let more = urls[1..].join(" ");
                // Further addresses follow the notes, in every language the notes have.
                note = if note.is_empty() {
                    Text::neutral(more)
                } else {
                    Text::from_pairs(
                        note.entries()
                            .into_iter()
                            .map(|(lang, text)| (lang, format!("{text} {more}"))),
                    )
                };
            }
            let document = format!("{id}-source-{n}");
            // The link says its text when the title is not that text already.
            let link_text = field("url_text").filter(|t| *t != title && !urls.is_empty());
            documents.push(Document {
                id: document.clone(),
                title,
                link_text: link_text.unwrap_or_default(),
                publisher,
                date: meta
                    .text(&format!("source_release_date_{n}"))
                    .or(meta.text(&format!("source_date_{n}")))
                    .map(str::to_string),
                reference: None,
                url: urls.first().cloned(),
                note,
            });
            sources.push(IndicatorSource {
                id: format!("s{n}"),
                citation: Citation {
                    document,
                    locator: String::new(),
                },
                note: Text::default(),
            });
        }
        (documents, sources)
    }

    /// A source's notes followed by every other field open-sdg's Sources tab lists for it
    /// (the schema's `source_<n>` fields, shown whatever they are: periodicity, earliest data,
    /// coverage, next release, classification, contact, other information first, then the
    /// rest in file order), each with its label, in every language. The fields the document
    /// itself shows (title, organisation, address, link text, date, notes) are not repeated;
    /// `agency_survey_dataset` is, unless it stood in for a missing title.
    fn source_details(&self, meta: &Meta, n: u32, notes: Option<Text>) -> Text {
        const FIRST: [&str; 7] = [
            "periodicity",
            "earliest_data",
            "geographical_coverage",
            "next_release",
            "statistical_classification",
            "contact",
            "other_info",
        ];
        let shown_by_the_document = [
            "active",
            "organisation",
            "title",
            "url",
            "url_text",
            "notes",
            "release_date",
            "date",
        ];
        let suffix = format!("_{n}");
        let others = meta.keys().iter().filter_map(|key| {
            let detail = key.strip_prefix("source_")?.strip_suffix(&suffix)?;
            let title_stand_in = detail == "agency_survey_dataset"
                && meta.text(&format!("source_title{suffix}")).is_none();
            (!FIRST.contains(&detail)
                && !shown_by_the_document.contains(&detail)
                && !title_stand_in)
                .then_some(detail)
        });
        let details: Vec<(&str, Text)> = FIRST
            .into_iter()
            .chain(others)
            .filter_map(|d| Some((d, self.localized(meta, &format!("source_{d}{suffix}"))?)))
            .collect();
        if details.is_empty() {
            return notes.unwrap_or_default();
        }
        Text::from_pairs(self.languages.iter().map(|lang| {
            let default = self.default_lang();
            let mut parts: Vec<String> = notes
                .iter()
                .map(|t| t.get(lang, default).trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            for (detail, text) in &details {
                parts.push(format!(
                    "{}: {}.",
                    self.source_label(lang, detail, n),
                    text.get(lang, default).trim().trim_end_matches('.')
                ));
            }
            (lang.clone(), parts.join(" "))
        }))
    }

    /// The label of a source's field `source_<detail>_<n>` in `lang`: the translation of the
    /// schema's key for it, else the theme's word for it, else the schema's label, else its
    /// name in words (`agency_staff_name` is "Agency staff name").
    fn source_label(&self, lang: &str, detail: &str, n: u32) -> String {
        let name = format!("source_{detail}_{n}");
        let field = self.schema.iter().find(|f| f.name == name);
        let translated = field
            .and_then(|f| f.translation_key.as_deref())
            .and_then(|k| self.translations.get(lang, k));
        let theme =
            Some(self.string(lang, &format!("opensdg.source_{detail}"))).filter(|s| !s.is_empty());
        if let Some(label) = translated
            .or(theme)
            .or_else(|| field.and_then(|f| f.label.as_deref()))
        {
            return label.to_string();
        }
        in_words(detail)
    }

    /// The indicator's narrative per language: the non-statistical notice, the Markdown body
    /// of `meta/<id>.md`, then the metadata fields of the schema as sections (Open SDG's
    /// metadata tabs). Languages without text of their own fall back to the default one.
    fn narratives(&self, id: &str, meta: &Meta, used: &[&str]) -> BTreeMap<String, Markdown> {
        let mut narratives = BTreeMap::new();
        let non_statistical = meta.flag("data_non_statistical") == Some(true);
        for lang in self.languages {
            let is_default = lang == self.default_lang();
            let (file, body) = match meta.body_by_lang.get(lang) {
                Some((file, body)) => (Some(file.clone()), Some(body.as_str())),
                None if is_default => (
                    meta.body.as_ref().map(|(f, _)| f.clone()),
                    meta.body.as_ref().map(|(_, b)| b.as_str()),
                ),
                None => (None, None),
            };
            let own_fields = self
                .schema
                .iter()
                .any(|f| meta.text_in(&f.name, lang).is_some());
            if !is_default && body.is_none() && !own_fields {
                continue;
            }
            let string = |key: &str| self.string(lang, key);
            let mut text = String::new();
            if non_statistical {
                text.push_str(string("opensdg.non_statistical"));
                text.push_str("\n\n");
            }
            // open-sdg's indicator page: the data notice (`data_notice_heading`,
            // `data_notice_text`) above everything, `page_content` before the data, and the
            // data footer under it (`data-footer.html`: geographical area, copyright,
            // footnote, `footer_fields`); here in that order around the body.
            let field = |key: &str| {
                self.localized(meta, key)
                    .map(|t| t.get(lang, self.default_lang()).trim().to_string())
                    .filter(|t| !t.is_empty())
            };
            if let Some(notice) = field("data_notice_text") {
                if let Some(heading) = field("data_notice_heading") {
                    text.push_str(&format!("**{heading}**\n\n"));
                }
                text.push_str(&format!("{notice}\n\n"));
            }
            if let Some(body) = body {
                text.push_str(body);
                text.push_str("\n\n");
            }
            if let Some(content) = field("page_content") {
                text.push_str(&format!("{content}\n\n"));
            }
            for (key, label) in [
                (
                    "national_geographical_coverage",
                    "opensdg.geographical_area",
                ),
                ("copyright", "opensdg.copyright"),
                ("data_footnote", "opensdg.footnote"),
            ] {
                if let Some(value) = field(key) {
                    text.push_str(&format!("{}: {value}\n\n", string(label)));
                }
            }
            for (label, value) in self.footer_fields(meta, lang) {
                text.push_str(&format!("{label}: {value}\n\n"));
            }
            for (scope, heading) in [
                (Scope::National, "opensdg.national_metadata"),
                (Scope::Global, "opensdg.global_metadata"),
            ] {
                let mut section = String::new();
                for field in self
                    .schema
                    .iter()
                    .filter(|f| f.scope == scope && !used.contains(&f.name.as_str()))
                {
                    let Some(value) = self.shown_field(meta, &field.name) else {
                        continue;
                    };
                    section.push_str(&format!(
                        "### {}\n\n{}\n\n",
                        field.label_in(self.translations, lang),
                        value.get(lang, self.default_lang())
                    ));
                }
                if !section.is_empty() {
                    text.push_str(&format!("## {}\n\n{section}", string(heading)));
                }
            }
            let text = text.trim_end();
            if text.is_empty() {
                continue;
            }
            let file = file
                .or_else(|| meta.file.clone())
                .unwrap_or_else(|| PathBuf::from("meta").join(format!("{id}.md")));
            narratives.insert(
                lang.clone(),
                Markdown {
                    file,
                    lang: lang.clone(),
                    title: None,
                    description: None,
                    body: format!("{text}\n"),
                },
            );
        }
        narratives
    }

    /// `footer_fields` in `lang`: each item's `label` and `value` (translation keys
    /// translated); an item for one unit or series says which, as the page shows them all.
    fn footer_fields(&self, meta: &Meta, lang: &str) -> Vec<(String, String)> {
        let translated = |text: &str| {
            self.translations
                .get(lang, text)
                .unwrap_or(text)
                .to_string()
        };
        let Some(items) = meta.field("footer_fields") else {
            return Vec::new();
        };
        items
            .node
            .items()
            .iter()
            .filter_map(|item| {
                let get = |key: &str| item.get(key).and_then(super::yaml::Node::text);
                let (label, value) = (translated(get("label")?), translated(get("value")?));
                let scope: Vec<String> = [get("unit"), get("series")]
                    .into_iter()
                    .flatten()
                    .map(translated)
                    .collect();
                let label = match scope.is_empty() {
                    true => label,
                    false => format!("{label} ({})", scope.join(", ")),
                };
                Some((label, value))
            })
            .collect()
    }

    /// `reporting_status` as open-sdg reads it: its built-in statuses in any case and with any
    /// separators (`notstarted`, `not_started`, `In progress`), anything else a status of the
    /// repository's own (open-sdg lists every value its indicators have), named by the
    /// translation of `status.<value>` where there is one, else by its words.
    fn reporting_status(
        &self,
        written: &str,
        field: &super::meta::Field,
    ) -> (ReportingStatus, Option<OwnStatus>) {
        let squeezed = written.to_lowercase().replace(['-', '_', ' '], "");
        let built_in = match squeezed.as_str() {
            "complete" => Some(ReportingStatus::Complete),
            "inprogress" => Some(ReportingStatus::InProgress),
            "notstarted" => Some(ReportingStatus::NotStarted),
            "notapplicable" => Some(ReportingStatus::NotApplicable),
            _ => None,
        };
        if let Some(status) = built_in {
            return (status, None);
        }
        let code = slug(written);
        let key = format!("status.{written}");
        let mut label: Vec<(String, String)> = self
            .languages
            .iter()
            .filter_map(|lang| Some((lang.clone(), self.translations.get(lang, &key)?.to_string())))
            .collect();
        if !label.iter().any(|(lang, _)| lang == self.default_lang()) {
            label.push((self.default_lang().to_string(), in_words(written)));
        }
        let own = OwnStatus {
            code: code.clone(),
            label: Text::from_pairs(label),
            field: field.clone(),
        };
        (ReportingStatus::Other(code), Some(own))
    }

    /// A metadata field's name in every language, as open-sdg's `translate_metadata_field`
    /// gives it: the schema's label for it, else its name in words.
    fn field_label(&self, name: &str) -> Text {
        let field = self.schema.iter().find(|f| f.name == name);
        Text::from_pairs(self.languages.iter().map(|lang| {
            let label = field.map_or_else(
                || in_words(name),
                |f| f.label_in(self.translations, lang).to_string(),
            );
            (lang.clone(), label)
        }))
    }

    /// A metadata field as open-sdg's metadata table shows it (`metadata.html`): a `_url` or
    /// `_link` field as a link whose text is its `_url_text` or `_link_text` field ("Link"
    /// without one), those text fields never as rows of their own, a list's items (a
    /// multiselect) translated and joined. Markdown, as open-sdg `markdownify`s values.
    fn shown_field(&self, meta: &Meta, name: &str) -> Option<Text> {
        if name.contains("_url_text") || name.contains("_link_text") {
            return None;
        }
        let value = self
            .localized(meta, name)
            .or_else(|| self.listed(meta, name))?;
        if !name.contains("_url") && !name.contains("_link") {
            return Some(value);
        }
        let text_field = name
            .replacen("_url", "_url_text", 1)
            .replacen("_link", "_link_text", 1);
        let link_text = self.localized(meta, &text_field);
        let default = self.default_lang();
        Some(Text::from_pairs(self.languages.iter().map(|lang| {
            let address = value.get(lang, default).trim();
            let shown = match &link_text {
                Some(text) => text.get(lang, default),
                None => self.string(lang, "opensdg.link"),
            };
            let markdown = if crate::model::is_safe_link(address) {
                format!("[{}](<{address}>)", escape_link_text(shown))
            } else {
                address.to_string()
            };
            (lang.clone(), markdown)
        })))
    }

    /// A field holding a list (open-sdg's `multiselect`): its items, each translated, joined.
    fn listed(&self, meta: &Meta, name: &str) -> Option<Text> {
        let items: Vec<&str> = meta
            .field(name)?
            .node
            .items()
            .iter()
            .filter_map(super::yaml::Node::text)
            .collect();
        if items.is_empty() {
            return None;
        }
        Some(Text::from_pairs(self.languages.iter().map(|lang| {
            let translated: Vec<&str> = items
                .iter()
                .map(|item| self.translations.get(lang, item).unwrap_or(item))
                .collect();
            (lang.clone(), translated.join(", "))
        })))
    }

    /// Goals and targets from the numbering, units and documents from every indicator.
    fn portal(&self, config: SiteConfig, drafts: Vec<Draft>) -> Portal {
        let mut units: BTreeMap<String, Unit> = BTreeMap::new();
        let mut documents = Vec::new();
        let mut content = Content::default();
        let mut goals: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
        for (i, draft) in drafts.iter().enumerate() {
            if let Some((goal, target)) = &draft.numbering {
                goals
                    .entry(goal.clone())
                    .or_default()
                    .entry(target.clone())
                    .or_default()
                    .push(i);
            }
        }
        let mut goal_list = Vec::new();
        for (goal_id, targets) in &goals {
            let title = self
                .translations
                .key(&format!("global_goals.{goal_id}-title"), self.languages);
            let title = if title.is_empty() {
                self.named("opensdg.goal", goal_id)
            } else {
                title
            };
            let mut target_list = Vec::new();
            for (target_id, members) in targets {
                let key = format!("global_targets.{}-title", target_id.replace('.', "-"));
                let mut title = self.translations.key(&key, self.languages);
                if title.is_empty() {
                    title = members
                        .iter()
                        .find_map(|&i| drafts[i].target_text.clone())
                        .unwrap_or_else(|| self.named("opensdg.target", target_id));
                }
                // The indicator with progress settings is assessed: it leads the list.
                let mut indicators: Vec<usize> = members.clone();
                if let Some(pos) = indicators
                    .iter()
                    .position(|&i| drafts[i].progress.is_some())
                {
                    let assessed = indicators.remove(pos);
                    indicators.insert(0, assessed);
                }
                let progress = drafts[indicators[0]].progress.as_ref();
                target_list.push(Target {
                    id: target_id.clone(),
                    goal: goal_id.clone(),
                    title,
                    indicators: indicators
                        .iter()
                        .map(|&i| drafts[i].indicator.id.clone())
                        .collect(),
                    aim: progress.map(|p| Aim {
                        value: p.value,
                        comparison: p.comparison,
                        unit: drafts[indicators[0]].indicator.unit.clone(),
                    }),
                    deadline: progress.map(|p| p.deadline.clone()),
                    baseline: progress.and_then(|p| p.baseline.clone()),
                    source: None,
                    note: Text::default(),
                    declared: None,
                    // Open SDG measures progress on the headline only.
                    coverage: Coverage::Headline,
                    coverage_line: None,
                });
            }
            target_list.sort_by(|a, b| natural_cmp(&a.id, &b.id));
            goal_list.push(Goal {
                id: goal_id.clone(),
                file: PathBuf::from(layout::CONFIG),
                title,
                description: Text::default(),
                order: goal_id.parse().unwrap_or(i64::MAX),
                source: None,
                targets: target_list,
                review_form: false,
                data_theme: None,
            });
        }
        goal_list.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));

        let assessed: Vec<&str> = goal_list
            .iter()
            .flat_map(|g| &g.targets)
            .filter(|t| t.aim.is_some())
            .map(|t| t.indicators[0].as_str())
            .collect();
        let reporting = self.reporting_overview(&drafts);
        let mut indicators = Vec::with_capacity(drafts.len());
        for (order, draft) in drafts.into_iter().enumerate() {
            let mut indicator = draft.indicator;
            indicator.order = order as i64;
            // Progress settings of an indicator its target does not assess are shown with it.
            if let Some(p) = draft
                .progress
                .filter(|_| !assessed.contains(&indicator.id.as_str()))
            {
                indicator.target_values.push(TargetValue {
                    period: p.deadline,
                    value: p.value,
                    comparison: p.comparison,
                    source: None,
                    note: Text::default(),
                });
            }
            for unit in draft.units {
                units.entry(unit.id.clone()).or_insert(unit);
            }
            documents.extend(draft.documents);
            for (lang, markdown) in draft.narratives {
                let key = NarrativeKey {
                    section: Section::Indicators,
                    id: indicator.id.clone(),
                    lang,
                };
                content.narratives.insert(key, markdown);
            }
            indicators.push(indicator);
        }
        Portal {
            root: self.root.to_path_buf(),
            config,
            documents,
            units,
            agencies: Vec::new(),
            goals: goal_list,
            indicators,
            tasks: Vec::new(),
            datasets: Vec::new(),
            maps: self.layers.to_vec(),
            content,
            reporting,
        }
    }

    /// The labels of the repository's own statuses and the groupings by
    /// `reporting_status_extra_fields`, as sdg-build's `stats.reporting_status` makes them:
    /// standalone indicators left out, values in order (numbers as numbers), indicators
    /// without a value gathered as "not specified", after the others.
    fn reporting_overview(&self, drafts: &[Draft]) -> ReportingOverview {
        let status_labels = drafts
            .iter()
            .filter_map(|d| d.own_status.as_ref())
            .map(|s| (s.code.clone(), s.label.clone()))
            .collect();
        let default = self.default_lang();
        let groupings = self
            .extra_fields
            .iter()
            .enumerate()
            .map(|(n, field)| {
                let mut groups: Vec<(Option<Text>, Vec<String>)> = Vec::new();
                for draft in drafts.iter().filter(|d| d.numbering.is_some()) {
                    let value = &draft.grouped_by[n];
                    let id = draft.indicator.id.clone();
                    match groups.iter_mut().find(|(v, _)| v == value) {
                        Some((_, ids)) => ids.push(id),
                        None => groups.push((value.clone(), vec![id])),
                    }
                }
                groups.sort_by(|(a, _), (b, _)| match (a, b) {
                    (Some(a), Some(b)) => {
                        natural_cmp(a.get(default, default), b.get(default, default))
                    }
                    (a, b) => a.is_none().cmp(&b.is_none()),
                });
                ReportingGrouping {
                    label: self.field_label(field),
                    groups,
                }
            })
            .collect();
        ReportingOverview {
            status_labels,
            groupings,
        }
    }
}

/// A unit's id from its code or label: lower-case letters and digits joined by `-`.
fn unit_id(code: &str) -> String {
    let id = slug(code);
    if id.is_empty() {
        UNSPECIFIED_UNIT.to_string()
    } else {
        id
    }
}

/// A field name or code in words: `agency_staff_name` is "Agency staff name".
fn in_words(name: &str) -> String {
    let words = name.trim().replace(['_', '-'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A code safe in class names and anchors: letters and digits, lower-case, other runs as `-`.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// One warning per status of a repository's own, at its first indicator, saying how many
/// indicators have it: a deliberate status reads so, a misspelt one shows.
fn warn_of_own_statuses(drafts: &[Draft], default_lang: &str, report: &mut Report) {
    let mut own: BTreeMap<&str, (&OwnStatus, usize)> = BTreeMap::new();
    for status in drafts.iter().filter_map(|d| d.own_status.as_ref()) {
        own.entry(&status.code).or_insert((status, 0)).1 += 1;
    }
    for (status, count) in own.into_values() {
        let written = status.field.text().unwrap_or_default();
        report.warn(status.field.problem(
            "reporting_status",
            "complete, inprogress, notstarted, notapplicable or a status of the repository's own",
            format!(
                "{} on {count} indicator(s): listed as a status of its own, {} (translate status.{written} to name it)",
                quoted(written),
                quoted(status.label.get(default_lang, default_lang))
            ),
        ));
    }
}

/// `text` as the text of a Markdown link: brackets and backslashes escaped, so it cannot close
/// the link or start another.
fn escape_link_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Orders ids as people read them: `1.2` before `1.10`, `1.9` before `1.a`.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(u8, u64, String)> {
        s.split(['.', '-'])
            .map(|p| match p.parse::<u64>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, p.to_string()),
            })
            .collect()
    };
    parts(a).cmp(&parts(b)).then_with(|| a.cmp(b))
}

/// Whether a YAML scalar is not false as Python compares it (`false`, `no`, `off` and `0`
/// are false; PyYAML reads the first three as booleans, and `0 == False`).
fn not_false_in_python(text: &str) -> bool {
    !matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "false" | "no" | "off" | "0"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_as_people_read_them() {
        let mut ids = ["1-10-1", "1-2-1", "1-a-1", "10-1-1", "2-1-1", "1-9-1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            ["1-2-1", "1-9-1", "1-10-1", "1-a-1", "2-1-1", "10-1-1"]
        );
    }

    #[test]
    fn unit_ids_are_safe_slugs_of_their_label() {
        assert_eq!(unit_id("Percent (%)"), "percent");
        assert_eq!(unit_id("U.S. Dollars, millions"), "u-s-dollars-millions");
        assert_eq!(unit_id("  "), UNSPECIFIED_UNIT);
    }
}

/// The text an HTML fragment shows (`<p>A &amp; B</p>` is "A & B"), its blocks and line
/// breaks as spaces; text without markup is returned as it is.
fn html_as_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.to_string();
    }
    let mut spaced = html.to_string();
    for tag in [
        "</p>", "<br>", "<br/>", "<br />", "</li>", "</div>", "</h1>", "</h2>", "</h3>",
    ] {
        spaced = spaced.replace(tag, " ");
    }
    // With no tag allowed, the sanitiser keeps only text, escaped as HTML5 serialises it.
    let text = ammonia::Builder::empty().clean(&spaced).to_string();
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod html_tests {
    use super::html_as_text;

    #[test]
    fn html_in_a_definition_is_read_as_the_text_it_shows() {
        assert_eq!(
            html_as_text("<p>Share of <b>women</b> &amp; girls</p><p>aged 15&ndash;49</p>"),
            "Share of women & girls aged 15\u{2013}49"
        );
        assert_eq!(html_as_text("<script>alert(1)</script>Plain"), "Plain");
        assert_eq!(html_as_text("GDP < 5% of GNI"), "GDP < 5% of GNI");
        assert_eq!(html_as_text("No markup"), "No markup");
    }
}
