//! Rust names for operations and types.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Home, TypeDef};
use crate::lock::NamesLock;
use crate::names::{self, Namespace};

/// The method name of an operation, and a warning when Zoom's operationId had to be guessed at.
///
/// In order: the rename map (`spec/renames.toml`); the id itself when it is an identifier in
/// camelCase or snake_case; for ids Zoom ran together (`Getameetingsummary`) or that are not
/// identifiers, the summary's words when they spell the same letters (articles dropped:
/// `get_meeting_summary`); else the id's own characters, with a warning.
pub fn operation_name(
    id: &str,
    summary: Option<&str>,
    renames: Option<&BTreeMap<String, String>>,
) -> (String, Option<String>) {
    if let Some(name) = renames.and_then(|r| r.get(id)) {
        return (name.clone(), None);
    }
    let is_identifier =
        id.starts_with(|c: char| c.is_ascii_alphabetic()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let words_in_id = names::words(id);
    let run_together =
        is_identifier && id.len() > 12 && !id.contains('_') && !id[1..].chars().any(|c| c.is_ascii_uppercase());
    if is_identifier && !run_together {
        return (names::snake(id), None);
    }
    let letters =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    if let Some(summary) = summary {
        let words: Vec<String> = names::words(summary)
            .into_iter()
            .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
            .collect();
        let matches = letters(summary) == letters(id) || letters(&words.join(" ")) == letters(id);
        if matches && words.len() > 1 {
            return (names::snake(&words.join(" ")), None);
        }
    }
    let name = names::snake(&words_in_id.join("_"));
    let why = if is_identifier { "runs words together" } else { "is not an identifier" };
    (
        name.clone(),
        Some(format!("operationId `{id}` {why}; named `{name}` (give it a better name in spec/renames.toml)")),
    )
}

/// Names every type of a product: a name the lock records for one of the type's positions wins;
/// other types take the shortest name their positions suggest, made unique within their module.
/// Returns the lock entries (home, name, origin key) for the product.
pub fn assign_type_names(
    product: &str,
    types: &mut [TypeDef],
    suggested: &[Vec<String>],
    lock: &NamesLock,
) -> Vec<(Home, String, String)> {
    let mut namespaces: BTreeMap<Home, Namespace> = BTreeMap::new();
    let mut entries = Vec::new();
    let mut unnamed = Vec::new();
    // Locked names first, so a new type can never take a recorded name.
    for (i, ty) in types.iter_mut().enumerate() {
        let ns = namespaces.entry(ty.home).or_default();
        let locked: BTreeSet<(&str, String)> =
            ty.origins.iter().filter_map(|o| lock.name_for(product, ty.home, &o.key()).map(|n| (n, o.key()))).collect();
        // A type that merged two locked types keeps the shorter (then alphabetically first) name.
        let best = locked.iter().filter(|(n, _)| !ns.contains(n)).min_by_key(|(n, _)| (n.len(), *n));
        match best {
            Some((name, origin)) => {
                ns.reserve(name);
                ty.name = (*name).to_owned();
                entries.push((ty.home, ty.name.clone(), origin.clone()));
            }
            None => unnamed.push(i),
        }
    }
    for i in unnamed {
        let ty = &mut types[i];
        let ns = namespaces.entry(ty.home).or_default();
        let mut candidates: Vec<(&String, String)> =
            suggested[i].iter().zip(ty.origins.iter().map(|o| o.key())).collect();
        candidates.sort_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
        // The shortest suggestion still free; else the shortest, numbered.
        let (name, origin) = match candidates.iter().find(|(n, _)| !ns.contains(n)) {
            Some((n, o)) => (ns.unique(n), o.clone()),
            None => (ns.unique(candidates[0].0), candidates[0].1.clone()),
        };
        ty.name = name;
        entries.push((ty.home, ty.name.clone(), origin));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names() {
        assert_eq!(operation_name("listMeetings", None, None), ("list_meetings".into(), None));
        assert_eq!(operation_name("meeting", Some("Get a meeting"), None), ("meeting".into(), None));
        assert_eq!(operation_name("Getameetingsummary", Some("Get a meeting summary"), None).0, "get_meeting_summary");
        assert_eq!(operation_name("downloadFile.", Some("Download file"), None).0, "download_file");
        assert_eq!(operation_name("Deletedivision", Some("Delete a division"), None), ("delete_division".into(), None));
        let (name, warning) = operation_name("Getuser'sfaxlogs", Some("Get extension's fax logs"), None);
        assert_eq!(name, "getuser_sfaxlogs");
        assert!(warning.unwrap().contains("not an identifier"));
        let renames = BTreeMap::from([("meetings".to_owned(), "list_meetings".to_owned())]);
        assert_eq!(operation_name("meetings", Some("List meetings"), Some(&renames)).0, "list_meetings");
    }
}
