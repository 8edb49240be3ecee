//! Normalisation: repairs Zoom's known deviations from OpenAPI 3.0 on the raw JSON, before typed
//! parsing, and reports every change.
//!
//! The repairs are data (`spec/repairs.toml`): each names a [`RepairKind`] (the transformation,
//! implemented in [`rules`]), the reason it exists and the documents it is expected to change. A
//! repair that no longer changes a document it lists is reported as stale: Zoom fixed the quirk and
//! the entry can go. A repair that changes a document it does not list is reported as new.

mod rules;
pub mod webhooks;

pub use rules::path_template_vars;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

pub use rules::RepairKind;

/// One repair rule from `spec/repairs.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairRule {
    pub id: String,
    pub kind: RepairKind,
    pub reason: String,
    /// Documents (file names) this repair is known to change.
    #[serde(default)]
    pub expected: BTreeSet<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairSet {
    #[serde(rename = "repair", default)]
    pub rules: Vec<RepairRule>,
}

impl RepairSet {
    pub fn load(path: &Path) -> Result<RepairSet> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let set: RepairSet =
            toml::from_str(&text).map_err(|e| Error::Config { path: path.to_owned(), message: e.to_string() })?;
        let mut ids = BTreeSet::new();
        for rule in &set.rules {
            if !ids.insert(&rule.id) {
                return Err(Error::Config {
                    path: path.to_owned(),
                    message: format!("repair `{}` is listed twice", rule.id),
                });
            }
        }
        Ok(set)
    }
}

/// One change made to one document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Repair {
    pub file: String,
    pub pointer: String,
    pub rule: String,
    pub change: String,
}

/// Applies every rule to `doc` (the document `file`) and returns what changed, in document order;
/// or an error naming where the document is beyond repair (references that cycle or fan out).
pub fn normalise(file: &str, doc: &mut Value, repairs: &RepairSet) -> Result<Vec<Repair>> {
    let kinds: Vec<RepairKind> = repairs.rules.iter().map(|r| r.kind).collect();
    let changes = rules::apply(&kinds, doc)
        .map_err(|(pointer, message)| Error::spec(&crate::parse::locate(file, doc, &pointer), message))?;
    Ok(changes
        .into_iter()
        .map(|(index, pointer, change)| Repair {
            file: file.to_owned(),
            pointer,
            rule: repairs.rules[index].id.clone(),
            change,
        })
        .collect())
}

/// How the applied repairs compare with what `spec/repairs.toml` expects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairAudit {
    /// (rule id, file): listed as expected, but nothing changed. Zoom fixed it.
    pub stale: Vec<(String, String)>,
    /// (rule id, file): changed, but not listed. A new occurrence of a known quirk.
    pub new: Vec<(String, String)>,
}

/// Compares applied repairs with the rules' expectations over the documents that were read.
pub fn audit(repairs: &RepairSet, applied: &[Repair], files_read: &BTreeSet<String>) -> RepairAudit {
    let mut hit: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in applied {
        hit.entry(r.rule.as_str()).or_default().insert(r.file.as_str());
    }
    let mut audit = RepairAudit::default();
    for rule in &repairs.rules {
        let files = hit.get(rule.id.as_str()).cloned().unwrap_or_default();
        for expected in &rule.expected {
            if files_read.contains(expected) && !files.contains(expected.as_str()) {
                audit.stale.push((rule.id.clone(), expected.clone()));
            }
        }
        for file in files {
            if !rule.expected.contains(file) {
                audit.new.push((rule.id.clone(), file.to_owned()));
            }
        }
    }
    audit
}
