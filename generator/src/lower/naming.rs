//! Rust method names for operations.

use std::collections::BTreeMap;

use openapiv3::{Operation, PathItem, ReferenceOr};

use super::ParsedDocument;
use crate::error::{Error, Location, Result};
use crate::ir::Warning;
use crate::names;

/// An operation of a document and its method name.
pub struct Named<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub item: &'a PathItem,
    pub op: &'a Operation,
    pub name: String,
    /// See [`super::operation::OperationInput::positions`].
    pub positions: String,
    pub location: Location,
}

/// Names every operation of a document. Two operations that would get one method name are an
/// error naming both: which one got it would depend on their order in Zoom's document, and
/// Zoom adding an operation could hand an existing method to it. `spec/renames.toml` names
/// operations apart, by operationId or, for operations that share one, by `"METHOD /path"`.
pub fn name_operations<'a>(
    product: &str,
    doc: &'a ParsedDocument,
    renames: Option<&BTreeMap<String, String>>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Named<'a>>> {
    let mut named = Vec::new();
    // Per operation: its endpoint, operationId, and whether spec/renames.toml named it by endpoint.
    let mut keys: Vec<(String, &str, bool)> = Vec::new();
    for (path, item) in &doc.openapi.paths.paths {
        let location = Location::new(&doc.entry.file, "").child("paths").child(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(Error::spec(&location, format!("`$ref: {reference}` path items are not supported")));
            }
        };
        for (method, op) in item.iter() {
            let location = location.child(method);
            let id =
                op.operation_id.as_deref().ok_or_else(|| Error::spec(&location, "operation has no operationId"))?;
            let location = location.in_operation(id);
            let endpoint = format!("{} {path}", method.to_ascii_uppercase());
            let by_endpoint = renames.and_then(|r| r.get(&endpoint));
            let (name, warning) = match by_endpoint {
                Some(name) => (name.clone(), None),
                None => operation_name(id, op.summary.as_deref(), renames),
            };
            if let Some(message) = warning {
                warnings.push(Warning { location: location.clone(), message });
            }
            keys.push((endpoint, id, by_endpoint.is_some()));
            named.push(Named { path, method, item, op, name, positions: id.to_owned(), location });
        }
    }
    let mut first_with: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in named.iter().enumerate() {
        if let Some(&first) = first_with.get(n.name.as_str()) {
            let ((a, id_a, _), (b, id_b, _)) = (&keys[first], &keys[i]);
            let how = if id_a == id_b {
                format!("both have operationId `{id_a}`, so name one of them by method and path")
            } else {
                "name one of them by operationId or by method and path".to_owned()
            };
            let at = &n.location;
            let message = format!(
                "{a} and {b} ({}#{}) would both be the method `{}`; {how} in spec/renames.toml \
                 (`[{product}]` `\"{a}\" = \"…\"`)",
                at.file, at.pointer, n.name
            );
            return Err(Error::spec(&named[first].location, message));
        }
        first_with.insert(&n.name, i);
    }
    // Operations that share an operationId would share the type positions keyed by it: those
    // named by method and path key their positions by those instead, as `GET:/path` (one word,
    // as spec/overrides.toml writes an operation).
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, id, _) in &keys {
        *ids.entry(id).or_default() += 1;
    }
    for (n, (endpoint, id, by_endpoint)) in named.iter_mut().zip(&keys) {
        if *by_endpoint && ids[id] > 1 {
            n.positions = endpoint.replacen(' ', ":", 1);
        }
    }
    Ok(named)
}

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
