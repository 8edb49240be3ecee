//! The hand-maintained OAuth scope catalogue: every `*.yaml` file in `scopes/catalogue/`, loaded
//! and checked against the scope grammar. A malformed entry fails regen naming file and entry.

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
}

impl Catalogue {
    pub fn classic(&self, name: &str) -> Option<&ClassicScope> {
        self.classic.binary_search_by(|s| s.name.as_str().cmp(name)).ok().map(|i| &self.classic[i])
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
}

/// Loads `dir/*.yaml` (a missing folder is an empty catalogue) and checks every entry.
pub fn load(dir: &Path) -> Result<Catalogue> {
    let paths = match crate::load::files_in(dir, &["yaml", "yml"]) {
        Ok(paths) => paths,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalogue::default()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut classic: BTreeMap<String, (ClassicScope, PathBuf)> = BTreeMap::new();
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
    }
    for (scope, path) in classic.values() {
        for target in &scope.implies {
            if !classic.contains_key(target) || *target == scope.name {
                let message = format!("classic scope `{}` implies `{target}`, which is not another entry", scope.name);
                return Err(config(path, message));
            }
        }
    }
    Ok(Catalogue { classic: classic.into_values().map(|(scope, _)| scope).collect() })
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
    fn a_scope_listed_twice_is_refused() {
        let error = load_text(&format!("{ENTRY}{}", &ENTRY["classic:\n".len()..])).unwrap_err().to_string();
        assert!(error.contains("also listed"), "{error}");
    }
}
