//! The hand-maintained OAuth scope catalogue: every `*.yaml` file in `scopes/catalogue/`, loaded
//! and checked against the scope grammar. A malformed entry fails regen naming file and entry.
//!
//! A file holds any of five sections: `classic` (every classic scope), `granular_mappings`
//! (granular scopes for operations whose document lists none), `overrides` (corrections to an
//! operation's lists), `agent_reference` (the endpoints of Zoom's agent reference, mapped to
//! operations, with where it disagrees with the documents) and `acknowledged` (drift findings a
//! maintainer has looked at, with why they stay).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use zoom_scopes::{Model, Scope, Tier};

use crate::error::{Error, Result};

/// Every catalogue file, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    /// Sorted by name; names are unique across files.
    pub classic: Vec<ClassicScope>,
    /// Sorted by operation; one entry per operation.
    pub granular_mappings: Vec<GranularMapping>,
    /// Sorted by operation; one entry per operation.
    pub overrides: Vec<Override>,
    /// In the reference's order.
    pub agent_reference: Vec<ReferenceEndpoint>,
    /// Drift finding key (as `cargo xtask regen -v` prints it) → why it is accepted.
    pub acknowledged: BTreeMap<String, String>,
}

impl Catalogue {
    pub fn classic(&self, name: &str) -> Option<&ClassicScope> {
        self.classic.binary_search_by(|s| s.name.as_str().cmp(name)).ok().map(|i| &self.classic[i])
    }

    pub fn granular_mapping(&self, operation: &str) -> Option<&GranularMapping> {
        let found = self.granular_mappings.binary_search_by(|m| m.operation.as_str().cmp(operation));
        found.ok().map(|i| &self.granular_mappings[i])
    }

    pub fn override_for(&self, operation: &str) -> Option<&Override> {
        self.overrides.binary_search_by(|o| o.operation.as_str().cmp(operation)).ok().map(|i| &self.overrides[i])
    }
}

/// How catalogue entries name an operation: `surface/operationId`, the surface being its Cargo
/// feature (`meetings-master/meetingCreate`).
pub fn operation_key(feature: &str, operation_id: &str) -> String {
    format!("{feature}/{operation_id}")
}

/// Granular scopes for an operation whose document lists only classic ones. Never derived from
/// naming conventions: without a source that names them, `granular` stays absent (unknown).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GranularMapping {
    /// `surface/operationId`, e.g. `meetings-master/deviceList`.
    pub operation: String,
    /// The granular scopes, or `None` when no source names them.
    #[serde(default)]
    pub granular: Option<Vec<String>>,
    /// Where the scopes are from (required with `granular`).
    #[serde(default)]
    pub source: Option<String>,
    pub reason: String,
}

/// A correction to what a document lists for one operation; the generated table uses it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// `surface/operationId`.
    pub operation: String,
    /// Replaces the classic list when present.
    #[serde(default)]
    pub classic: Option<Vec<String>>,
    /// Replaces the granular list when present.
    #[serde(default)]
    pub granular: Option<Vec<String>>,
    pub reason: String,
}

/// One endpoint of Zoom's agent-oriented API reference, which names no method or path: the
/// catalogue says which operation it is and transcribes what the reference claims.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceEndpoint {
    /// The reference's group heading, e.g. `Meetings`.
    pub group: String,
    /// `surface/operationId`.
    pub operation: String,
    /// Its `Classic scope:` line.
    pub classic: String,
    /// Its `Granular scope:` line, where it has one.
    #[serde(default)]
    pub granular: Option<String>,
    /// Its `Permission (capability)` line: a granular scope name, or sometimes a classic one.
    pub capability: String,
    /// Its `Rate limit` line.
    pub rate_limit: String,
    /// Where the documents say otherwise (the documents win), with what they say.
    #[serde(default)]
    pub disagreements: BTreeMap<ReferenceField, String>,
}

/// A claim of the agent reference that can disagree with the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceField {
    Classic,
    Granular,
    Capability,
    RateLimit,
}

impl ReferenceField {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceField::Classic => "classic",
            ReferenceField::Granular => "granular",
            ReferenceField::Capability => "capability",
            ReferenceField::RateLimit => "rate_limit",
        }
    }
}

/// One classic scope as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicScope {
    pub name: String,
    /// Zoom's grouping on its classic-scope page, or the document product.
    pub product: String,
    pub tier: TierName,
    pub action: Option<String>,
    /// Our own short label (never Zoom's sentence).
    pub description: String,
    pub source: Source,
    /// Scopes this one covers.
    #[serde(default)]
    pub implies: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TierName {
    User,
    Admin,
    Master,
}

impl TierName {
    fn tier(self) -> Tier {
        match self {
            TierName::User => Tier::User,
            TierName::Admin => Tier::Admin,
            TierName::Master => Tier::Master,
        }
    }
}

/// Where the catalogue knows a scope from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Zoom's classic-scope page lists it.
    Reference,
    /// Only Zoom's OpenAPI documents use it.
    Documents,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(default)]
    classic: Vec<ClassicScope>,
    #[serde(default)]
    granular_mappings: Vec<GranularMapping>,
    #[serde(default)]
    overrides: Vec<Override>,
    #[serde(default)]
    agent_reference: Vec<ReferenceEndpoint>,
    #[serde(default)]
    acknowledged: BTreeMap<String, String>,
}

/// Loads `dir/*.yaml` (a missing folder is an empty catalogue) and checks every entry.
pub fn load(dir: &Path) -> Result<Catalogue> {
    let paths = match crate::load::files_in(dir, &["yaml", "yml"]) {
        Ok(paths) => paths,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalogue::default()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut classic: BTreeMap<String, (ClassicScope, PathBuf)> = BTreeMap::new();
    let mut mappings: BTreeMap<String, GranularMapping> = BTreeMap::new();
    let mut overrides: BTreeMap<String, Override> = BTreeMap::new();
    let mut agent_reference = Vec::new();
    let mut acknowledged = BTreeMap::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let file: CatalogueFile = serde_yaml_ng::from_str(&text).map_err(|e| config(&path, e.to_string()))?;
        for scope in file.classic {
            check_shape(&scope)
                .map_err(|message| config(&path, format!("classic scope `{}`: {message}", scope.name)))?;
            if let Some((_, first)) = classic.get(&scope.name) {
                let message = format!("classic scope `{}` is also listed in {}", scope.name, first.display());
                return Err(config(&path, message));
            }
            classic.insert(scope.name.clone(), (scope, path.clone()));
        }
        for mapping in file.granular_mappings {
            let entry = format!("granular mapping for `{}`", mapping.operation);
            check_mapping(&mapping).map_err(|message| config(&path, format!("{entry}: {message}")))?;
            insert_once(&mut mappings, mapping.operation.clone(), mapping).map_err(|_| twice(&path, &entry))?;
        }
        for entry in file.overrides {
            let what = format!("override for `{}`", entry.operation);
            check_override(&entry).map_err(|message| config(&path, format!("{what}: {message}")))?;
            insert_once(&mut overrides, entry.operation.clone(), entry).map_err(|_| twice(&path, &what))?;
        }
        for endpoint in file.agent_reference {
            check_reference(&endpoint)
                .map_err(|message| config(&path, format!("agent reference `{}`: {message}", endpoint.operation)))?;
            agent_reference.push(endpoint);
        }
        for (key, reason) in file.acknowledged {
            if reason.trim().is_empty() {
                return Err(config(&path, format!("acknowledged `{key}` gives no reason")));
            }
            let what = format!("acknowledged `{key}`");
            insert_once(&mut acknowledged, key, reason).map_err(|_| twice(&path, &what))?;
        }
    }
    for (scope, path) in classic.values() {
        for target in &scope.implies {
            if !classic.contains_key(target) || *target == scope.name {
                let message = format!("classic scope `{}` implies `{target}`, which is not another entry", scope.name);
                return Err(config(path, message));
            }
        }
    }
    Ok(Catalogue {
        classic: classic.into_values().map(|(scope, _)| scope).collect(),
        granular_mappings: mappings.into_values().collect(),
        overrides: overrides.into_values().collect(),
        agent_reference,
        acknowledged,
    })
}

fn insert_once<V>(map: &mut BTreeMap<String, V>, key: String, value: V) -> std::result::Result<(), ()> {
    match map.entry(key) {
        std::collections::btree_map::Entry::Occupied(_) => Err(()),
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(value);
            Ok(())
        }
    }
}

fn twice(path: &Path, entry: &str) -> Error {
    config(path, format!("{entry} is listed twice"))
}

/// `surface/operationId`: the surface is a Cargo feature name, the id Zoom's operationId.
fn check_operation_key(key: &str) -> Result<(), String> {
    match key.split_once('/') {
        Some((surface, id)) if !surface.is_empty() && !id.is_empty() && !surface.contains(' ') => Ok(()),
        _ => Err(format!("`{key}` is not `surface/operationId`")),
    }
}

fn check_list(list: &[String], model: Model) -> Result<(), String> {
    if list.is_empty() {
        return Err(format!("the {} list is empty (leave it out instead)", model.as_str()));
    }
    list.iter().try_for_each(|s| Scope::parse_as(s, model).map(drop).map_err(|e| e.to_string()))
}

fn check_reason(reason: &str) -> Result<(), String> {
    if reason.trim().is_empty() { Err("the reason is empty".into()) } else { Ok(()) }
}

fn check_mapping(mapping: &GranularMapping) -> Result<(), String> {
    check_operation_key(&mapping.operation)?;
    check_reason(&mapping.reason)?;
    match (&mapping.granular, &mapping.source) {
        (Some(list), Some(_)) => check_list(list, Model::Granular),
        (Some(_), None) => Err("granular scopes need a `source` that names them".into()),
        (None, _) => Ok(()),
    }
}

fn check_override(entry: &Override) -> Result<(), String> {
    check_operation_key(&entry.operation)?;
    check_reason(&entry.reason)?;
    if entry.classic.is_none() && entry.granular.is_none() {
        return Err("it replaces neither the classic nor the granular list".into());
    }
    entry.classic.iter().try_for_each(|l| check_list(l, Model::Classic))?;
    entry.granular.iter().try_for_each(|l| check_list(l, Model::Granular))
}

fn check_reference(endpoint: &ReferenceEndpoint) -> Result<(), String> {
    check_operation_key(&endpoint.operation)?;
    Scope::parse_as(&endpoint.classic, Model::Classic).map_err(|e| e.to_string())?;
    if let Some(granular) = &endpoint.granular {
        Scope::parse_as(granular, Model::Granular).map_err(|e| e.to_string())?;
    }
    Scope::parse(&endpoint.capability).map_err(|e| e.to_string())?;
    Ok(())
}

fn config(path: &Path, message: String) -> Error {
    Error::Config { path: path.to_owned(), message }
}

/// The entry's tier and action must be what the grammar reads from its name.
fn check_shape(scope: &ClassicScope) -> Result<(), String> {
    if scope.name.trim() != scope.name {
        return Err("the name is padded with whitespace".into());
    }
    let parsed = Scope::parse_as(&scope.name, Model::Classic).map_err(|e| e.to_string())?;
    if parsed.tier() != scope.tier.tier() {
        return Err(format!("tier is `{}` but the name says `{}`", scope.tier.tier().as_str(), parsed.tier().as_str()));
    }
    if parsed.action() != scope.action.as_deref() {
        return Err(format!("action is {:?} but the name says {:?}", scope.action, parsed.action()));
    }
    if scope.description.trim().is_empty() {
        return Err("the description is empty".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Catalogue> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), text).unwrap();
        load(dir.path())
    }

    const ENTRY: &str = "classic:\n  - name: \"meeting:read:admin\"\n    product: Meeting\n    tier: admin\n    action: read\n    description: Read meetings\n    source: reference\n";

    #[test]
    fn a_well_formed_entry_loads() {
        let catalogue = load_text(ENTRY).unwrap();
        assert_eq!(catalogue.classic("meeting:read:admin").map(|s| s.tier), Some(TierName::Admin));
        assert_eq!(catalogue.classic("meeting:read"), None);
    }

    #[test]
    fn entries_that_contradict_their_name_are_refused_naming_the_file() {
        for (from, to, expected) in [
            ("tier: admin", "tier: user", "tier is `user` but the name says `admin`"),
            ("action: read", "action: write", "action is Some(\"write\")"),
            ("\"meeting:read:admin\"", "\"Meeting:read\"", "is not a Zoom scope"),
            ("source: reference", "source: rumour", "unknown variant"),
            ("source: reference\n", "source: reference\n    implies: [\"meeting:read\"]\n", "not another entry"),
        ] {
            let error = load_text(&ENTRY.replace(from, to)).unwrap_err().to_string();
            assert!(error.contains("a.yaml") && error.contains(expected), "{from} -> {to}: {error}");
        }
    }

    #[test]
    fn mappings_overrides_and_acknowledgements_load_sorted_by_operation() {
        let text = "granular_mappings:\n  - operation: b/op\n    reason: unknown\n  - operation: a/op\n    granular: [\"x:read:y:admin\"]\n    source: s\n    reason: r\noverrides:\n  - operation: a/op\n    classic: [\"x:read\"]\n    reason: r\nacknowledged:\n  \"unused x:read\": why\n";
        let catalogue = load_text(text).unwrap();
        let ops: Vec<&str> = catalogue.granular_mappings.iter().map(|m| m.operation.as_str()).collect();
        assert_eq!(ops, ["a/op", "b/op"]);
        assert_eq!(catalogue.granular_mapping("b/op").map(|m| m.granular.is_none()), Some(true));
        assert_eq!(catalogue.override_for("a/op").and_then(|o| o.classic.clone()), Some(vec!["x:read".to_owned()]));
        assert_eq!(catalogue.acknowledged.get("unused x:read").map(String::as_str), Some("why"));
    }

    #[test]
    fn malformed_corrections_are_refused_naming_the_entry() {
        for (text, expected) in [
            (
                "granular_mappings:\n  - operation: a/op\n    granular: [\"x:read:y\"]\n    reason: r\n",
                "need a `source`",
            ),
            ("granular_mappings:\n  - operation: op\n    reason: r\n", "is not `surface/operationId`"),
            ("granular_mappings:\n  - operation: a/op\n    reason: \" \"\n", "the reason is empty"),
            ("overrides:\n  - operation: a/op\n    reason: r\n", "replaces neither"),
            ("overrides:\n  - operation: a/op\n    granular: []\n    reason: r\n", "list is empty"),
            ("overrides:\n  - operation: a/op\n    classic: [\"Bad Scope\"]\n    reason: r\n", "is not a Zoom scope"),
            (
                "overrides:\n  - operation: a/op\n    classic: [\"x:read\"]\n    reason: r\n  - operation: a/op\n    classic: [\"x:read\"]\n    reason: r\n",
                "listed twice",
            ),
            ("acknowledged:\n  \"unused x\": \"\"\n", "gives no reason"),
        ] {
            let error = load_text(text).unwrap_err().to_string();
            assert!(error.contains("a.yaml") && error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn a_scope_listed_twice_is_refused() {
        let error = load_text(&format!("{ENTRY}{}", &ENTRY["classic:\n".len()..])).unwrap_err().to_string();
        assert!(error.contains("also listed"), "{error}");
    }
}
