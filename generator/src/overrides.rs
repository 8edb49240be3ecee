//! `spec/overrides.toml`: what Zoom's answers and events really carry where its documents say
//! otherwise. Each override names schema positions in things Zoom sends, one change (the JSON
//! type of a value, or that a required field may be missing), and its reason and evidence.
//! Lowering applies them; one that changes nothing any more is reported as stale (Zoom fixed
//! the document, or the field moved).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::Variant;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default, rename = "override")]
    pub entries: Vec<Override>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub id: String,
    /// Positions: `<rest|master|event> <operationId, event name or *> <path>`, the path as the
    /// names lock writes it (`response.meetings[].type`, `event.payload.object.duration`).
    pub at: Vec<String>,
    /// The value's real JSON type: `integer`, `number`, `string` or `boolean`.
    #[serde(rename = "type")]
    pub json_type: Option<String>,
    /// `false`: the field may be missing although the document requires it.
    pub required: Option<bool>,
    pub reason: String,
    pub evidence: String,
    #[serde(skip)]
    patterns: Vec<Pattern>,
    /// `json_type` or `required`, checked when loaded.
    #[serde(skip)]
    change: Change,
}

/// What an override changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Change {
    /// The value is of this JSON type (`integer`, …).
    Type(&'static str),
    /// The field is not required.
    #[default]
    Optional,
}

#[derive(Debug, Clone)]
struct Pattern {
    variant: Variant,
    /// `None` for `*`: every operation (or event) of the variant.
    operation: Option<String>,
    path: String,
}

const TYPES: [&str; 4] = ["integer", "number", "string", "boolean"];

impl Override {
    pub fn change(&self) -> Change {
        self.change
    }
}

impl Overrides {
    pub fn load(path: &Path) -> Result<Overrides> {
        if !path.exists() {
            return Ok(Overrides::default());
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let config = |message: String| Error::Config { path: path.to_owned(), message };
        let mut overrides: Overrides = toml::from_str(&text).map_err(|e| config(e.to_string()))?;
        let mut ids = BTreeSet::new();
        for entry in &mut overrides.entries {
            let id = entry.id.clone();
            if !ids.insert(id.clone()) {
                return Err(config(format!("override `{id}` is listed twice")));
            }
            entry.change = match (&entry.json_type, entry.required) {
                (Some(t), None) if let Some(known) = TYPES.iter().find(|k| **k == t.as_str()) => Change::Type(known),
                (Some(t), None) => {
                    return Err(config(format!("override `{id}`: `type = \"{t}\"` is not one of {TYPES:?}")));
                }
                (None, Some(false)) => Change::Optional,
                (None, Some(true)) => {
                    return Err(config(format!(
                        "override `{id}`: `required = true` would make decoding fail on what Zoom omits; only `false` is an override"
                    )));
                }
                _ => return Err(config(format!("override `{id}`: give exactly one of `type` and `required`"))),
            };
            if entry.at.is_empty() {
                return Err(config(format!("override `{id}`: `at` lists no position")));
            }
            if entry.reason.trim().is_empty() || entry.evidence.trim().is_empty() {
                return Err(config(format!("override `{id}`: a reason and evidence are required")));
            }
            entry.patterns = entry
                .at
                .iter()
                .map(|at| parse_pattern(at).map_err(|e| config(format!("override `{id}`: {e}"))))
                .collect::<Result<_>>()?;
        }
        Ok(overrides)
    }

    /// The overrides for the value at a schema position, with their index.
    pub fn at<'s>(
        &'s self,
        variant: Variant,
        operation: &'s str,
        path: &'s str,
    ) -> impl Iterator<Item = (usize, Change)> + 's {
        self.entries.iter().enumerate().filter_map(move |(i, entry)| {
            let hit = entry.patterns.iter().any(|p| {
                p.variant == variant && p.path == path && p.operation.as_deref().is_none_or(|op| op == operation)
            });
            hit.then(|| (i, entry.change()))
        })
    }
}

fn parse_pattern(at: &str) -> std::result::Result<Pattern, String> {
    let mut words = at.split_whitespace();
    let (Some(variant), Some(operation), Some(path), None) = (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(format!("`{at}` is not `<rest|master|event> <operationId|*> <path>`"));
    };
    let variant = match variant {
        "rest" => Variant::Rest,
        "master" => Variant::Master,
        "event" => Variant::Webhooks,
        other => return Err(format!("`{at}`: `{other}` is not rest, master or event")),
    };
    // Only what Zoom sends: the crate sends what the document describes.
    let root = if variant == Variant::Webhooks { "event." } else { "response" };
    if !path.starts_with(root) || path == "event." {
        return Err(format!("`{at}`: overrides apply to what Zoom sends; the path must start with `{root}`"));
    }
    let operation = (operation != "*").then(|| operation.to_owned());
    Ok(Pattern { variant, operation, path: path.to_owned() })
}

/// What lowering did with the overrides: per override, each position it matched and whether it
/// changed the document there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits(BTreeMap<usize, BTreeMap<String, bool>>);

impl Hits {
    pub fn record(&mut self, index: usize, position: String, changed: bool) {
        let seen = self.0.entry(index).or_default().entry(position).or_insert(false);
        *seen |= changed;
    }

    pub fn merge(&mut self, other: Hits) {
        for (index, positions) in other.0 {
            for (position, changed) in positions {
                self.record(index, position, changed);
            }
        }
    }
}

/// The overrides' effect on one generation, for the regen report and its snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideReport {
    /// `(override id, position, change)` for every position an override changed.
    pub applied: Vec<(String, String, String)>,
    /// `(override id, why)` for overrides that changed nothing.
    pub stale: Vec<(String, String)>,
}

impl OverrideReport {
    pub fn new(overrides: &Overrides, hits: &Hits) -> Self {
        let mut report = OverrideReport::default();
        for (index, entry) in overrides.entries.iter().enumerate() {
            let positions = hits.0.get(&index);
            let changed: Vec<&String> =
                positions.into_iter().flatten().filter(|(_, changed)| **changed).map(|(p, _)| p).collect();
            let what = match entry.change() {
                Change::Type(t) => format!("type → {t}"),
                Change::Optional => "required → optional".to_owned(),
            };
            for position in &changed {
                report.applied.push((entry.id.clone(), (*position).clone(), what.clone()));
            }
            if changed.is_empty() {
                let why = match positions {
                    None => "matches no position (the field is gone or moved)".to_owned(),
                    Some(_) => "the document already says so everywhere it matches".to_owned(),
                };
                report.stale.push((entry.id.clone(), why));
            }
        }
        report
    }

    /// One line per change and per stale override, as the snapshot records them.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (id, position, what) in &self.applied {
            out.push_str(&format!("{position}: {what} ({id})\n"));
        }
        for (id, why) in &self.stale {
            out.push_str(&format!("stale `{id}`: {why}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Overrides> {
        let dir = std::env::temp_dir().join(format!("overrides-test-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("overrides.toml");
        std::fs::write(&path, text).unwrap();
        let loaded = Overrides::load(&path);
        std::fs::remove_dir_all(&dir).unwrap();
        loaded
    }

    const ONE: &str = r#"
[[override]]
id = "ts"
at = ["event * event.event_ts", "rest recordingGet response.type"]
required = false
reason = "r"
evidence = "e"
"#;

    #[test]
    fn positions_match_by_variant_operation_and_path() {
        let o = load(ONE).unwrap();
        let hits = |v, op, path| o.at(v, op, path).collect::<Vec<_>>();
        assert_eq!(hits(Variant::Webhooks, "meeting.started", "event.event_ts"), [(0, Change::Optional)]);
        assert_eq!(hits(Variant::Rest, "recordingGet", "response.type"), [(0, Change::Optional)]);
        assert!(hits(Variant::Master, "recordingGet", "response.type").is_empty());
        assert!(hits(Variant::Rest, "recordingsList", "response.type").is_empty());
        assert!(hits(Variant::Webhooks, "meeting.started", "event.payload.event_ts").is_empty());
    }

    #[test]
    fn bad_entries_are_refused_with_their_id() {
        let bad = [
            (ONE.replace("required = false", "required = true"), "`required = true`"),
            (ONE.replace("required = false", "type = \"date\""), "is not one of"),
            (ONE.replace("required = false", "type = \"integer\"\nrequired = false"), "exactly one"),
            (ONE.replace("event * event.event_ts", "rest meetingCreate request.topic"), "must start with `response`"),
            (ONE.replace("event * event.event_ts", "event.event_ts"), "is not `<rest|master|event>"),
            (ONE.replace("event * ", "webhook * "), "is not rest, master or event"),
            (ONE.replace("evidence = \"e\"", "evidence = \" \""), "evidence are required"),
            (format!("{ONE}{ONE}"), "listed twice"),
        ];
        for (text, expected) in bad {
            let err = load(&text).unwrap_err().to_string();
            assert!(err.contains(expected) && err.contains("overrides.toml"), "{err}");
        }
    }

    #[test]
    fn an_override_that_changes_nothing_is_stale() {
        let o = load(ONE).unwrap();
        let mut hits = Hits::default();
        assert_eq!(
            OverrideReport::new(&o, &hits).stale,
            [("ts".to_owned(), "matches no position (the field is gone or moved)".to_owned())]
        );
        hits.record(0, "event a event.event_ts".into(), false);
        assert!(OverrideReport::new(&o, &hits).stale[0].1.contains("already says so"));
        hits.record(0, "event b event.event_ts".into(), true);
        let report = OverrideReport::new(&o, &hits);
        assert!(report.stale.is_empty());
        assert_eq!(report.render(), "event b event.event_ts: required → optional (ts)\n");
    }
}
