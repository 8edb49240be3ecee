//! Lowering: parsed documents → [`ir::Api`](crate::ir::Api). One product at a time: its regular
//! and Master Account documents share one type pool, so identical schemas become one type.

mod conversions;
mod events;
mod item_names;
mod meta;
mod naming;
mod operation;
mod paging;
mod pool;
mod schema;
mod type_names;
mod value_docs;
mod view;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::ir::{Home, Method, Operation, Product, ResponseBody, Surface, TypeRef, Variant};
use crate::lock::NamesLock;
use crate::manifest::DocumentEntry;
use crate::overrides::{Hits, Overrides};

pub use events::lower_webhooks;
pub use item_names::UNKNOWN_EVENT;
pub use naming::{OperationName, Shape, operation_name, verb_last};
pub use schema::{UNKNOWN_VARIANT, numbered_ident};

/// A document after normalisation and typed parsing.
pub struct ParsedDocument {
    pub entry: DocumentEntry,
    pub sha256: String,
    pub openapi: openapiv3::OpenAPI,
}

/// `spec/renames.toml`: product key → operationId, or `"METHOD /path"`, → Rust method name.
pub type Renames = BTreeMap<String, BTreeMap<String, Rename>>;

/// A method name from `spec/renames.toml`: `"name"`, or `{ name = "…", verb_last = "why" }` for
/// a name that ends in a verb ([`verb_last`]), which a name may do only with a reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(from = "RenameEntry")]
pub struct Rename {
    pub name: String,
    pub verb_last: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum RenameEntry {
    Name(String),
    Table(RenameTable),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameTable {
    name: String,
    verb_last: String,
}

impl From<RenameEntry> for Rename {
    fn from(entry: RenameEntry) -> Self {
        match entry {
            RenameEntry::Name(name) => Rename { name, verb_last: None },
            RenameEntry::Table(RenameTable { name, verb_last }) => Rename { name, verb_last: Some(verb_last) },
        }
    }
}

impl From<&str> for Rename {
    fn from(name: &str) -> Self {
        Rename { name: name.to_owned(), verb_last: None }
    }
}

pub fn load_renames(path: &std::path::Path) -> Result<Renames> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_renames(&text).map_err(|message| Error::Config { path: path.to_owned(), message })
}

/// Each name must be a snake_case identifier, and one that ends in a verb must say why.
fn parse_renames(text: &str) -> std::result::Result<Renames, String> {
    let renames: Renames = toml::from_str(text).map_err(|e| e.to_string())?;
    for (product, names) in &renames {
        for (id, Rename { name, verb_last: reason }) in names {
            let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok {
                return Err(format!("[{product}] {id}: `{name}` is not a snake_case identifier"));
            }
            match (verb_last(name), reason) {
                (Some(verb), None) => {
                    return Err(format!(
                        "[{product}] {id}: `{name}` ends in the verb `{verb}`; put it first, or give the reason \
                         as `{{ name = \"{name}\", verb_last = \"…\" }}`"
                    ));
                }
                (None, Some(_)) => {
                    return Err(format!("[{product}] {id}: `{name}` does not end in a verb; drop its `verb_last`"));
                }
                _ => {}
            }
        }
    }
    Ok(renames)
}

/// A lowered product and the names-lock entries it chose.
pub struct Lowered {
    pub product: Product,
    pub lock_entries: Vec<crate::lock::Entry>,
    /// Where `spec/overrides.toml` applied.
    pub hits: Hits,
}

/// A product's documents: any of the three may be missing (`node` has webhooks only).
#[derive(Default)]
pub struct ProductDocuments {
    pub rest: Option<ParsedDocument>,
    pub master: Option<ParsedDocument>,
    pub webhooks: Option<ParsedDocument>,
}

pub fn lower_product(
    key: &str,
    docs: &ProductDocuments,
    renames: &Renames,
    lock: &NamesLock,
    overrides: &Overrides,
) -> Result<Lowered> {
    let (rest, master) = (docs.rest.as_ref(), docs.master.as_ref());
    let first = rest
        .or(master)
        .or(docs.webhooks.as_ref())
        .ok_or_else(|| Error::Aborted(format!("product {key} has no document")))?;
    let mut pool = pool::Pool::default();
    let mut warnings = Vec::new();
    let mut hits = Hits::default();
    let mut surfaces = Vec::new();
    let mut lock_entries = Vec::new();
    for doc in [rest, master].into_iter().flatten() {
        let variant = doc.entry.variant;
        let mut operations = Vec::new();
        for named in naming::name_operations(key, doc, renames.get(key), &mut warnings)? {
            let mut lowerer = schema::Lowerer { pool: &mut pool, warnings: &mut warnings, overrides, hits: &mut hits };
            let input = operation::OperationInput {
                variant,
                path: named.path,
                method: method(named.method),
                item: named.item,
                op: named.op,
                name: named.name,
                positions: named.positions,
                location: named.location,
            };
            operations.push(operation::lower(input, &mut lowerer)?);
        }
        operations.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
        surfaces.push(Surface {
            variant,
            handle: item_names::handle(key, Home::of(variant), lock, &mut lock_entries),
            file: doc.entry.file.clone(),
            sha256: doc.sha256.clone(),
            version: doc.openapi.info.version.clone(),
            operations,
        });
    }

    let mut webhooks = match &docs.webhooks {
        Some(doc) => {
            let mut lowerer = schema::Lowerer { pool: &mut pool, warnings: &mut warnings, overrides, hits: &mut hits };
            Some(events::lower_webhooks(doc, &mut lowerer)?)
        }
        None => None,
    };

    // Keep only types an operation or event reaches, then name them.
    let mut roots: Vec<(Variant, TypeRef)> = surfaces.iter().flat_map(operation_roots).collect();
    roots.extend(webhooks.iter().flat_map(|w| &w.events).map(|e| (Variant::Webhooks, e.payload.clone())));
    let remap = pool.collect(&roots);
    for surface in &mut surfaces {
        for op in &mut surface.operations {
            for_each_root(op, |ty| pool::remap_ref(ty, &remap));
        }
    }
    for event in webhooks.iter_mut().flat_map(|w| &mut w.events) {
        pool::remap_ref(&mut event.payload, &remap);
    }
    lock_entries.extend(type_names::assign_type_names(key, &mut pool.types, &pool.seeds, lock));
    item_names::enum_variants(key, &mut pool.types, lock, &mut lock_entries);
    if let Some(webhooks) = &mut webhooks {
        item_names::event_variants(key, &mut webhooks.events, lock, &mut lock_entries);
    }
    paging::decide(&mut surfaces, &pool.types);

    let mut rest_surface = None;
    let mut master_surface = None;
    for s in surfaces {
        match s.variant {
            Variant::Master => master_surface = Some(s),
            _ => rest_surface = Some(s),
        }
    }
    warnings.sort();
    warnings.dedup();
    let mut product = Product {
        key: key.to_owned(),
        module: crate::names::snake(key),
        title: first.openapi.info.title.trim().to_owned(),
        auth: first.entry.auth,
        rest: rest_surface,
        master: master_surface,
        webhooks,
        types: pool.types,
        warnings,
        duplicates_folded: pool.folded,
        conversions: Vec::new(),
    };
    product.conversions = conversions::plan(&product);
    Ok(Lowered { product, lock_entries, hits })
}

fn method(name: &str) -> Method {
    match name {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

fn operation_roots(surface: &Surface) -> Vec<(Variant, TypeRef)> {
    let mut out = Vec::new();
    for op in &surface.operations {
        let mut op = op.clone();
        for_each_root(&mut op, |ty| out.push((surface.variant, ty.clone())));
    }
    out
}

/// Every type an operation refers to directly: parameters, body, response.
fn for_each_root(op: &mut Operation, mut f: impl FnMut(&mut TypeRef)) {
    for p in &mut op.params {
        f(&mut p.ty);
    }
    if let Some(body) = &mut op.body {
        f(&mut body.ty);
    }
    if let ResponseBody::Json(ty) = &mut op.response.body {
        f(ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_that_ends_in_a_verb_says_why() {
        let renames =
            parse_renames("[m]\na = \"get_a\"\nb = { name = \"b_update\", verb_last = \"Zoom's noun\" }\n").unwrap();
        assert_eq!(renames["m"]["a"], Rename::from("get_a"));
        assert_eq!(renames["m"]["b"].verb_last.as_deref(), Some("Zoom's noun"));
        let silent = parse_renames("[m]\na = \"meeting_update\"\n").unwrap_err();
        assert!(silent.contains("`meeting_update` ends in the verb `update`"), "{silent}");
        let stale = parse_renames("[m]\na = { name = \"update_meeting\", verb_last = \"why\" }\n").unwrap_err();
        assert!(stale.contains("does not end in a verb"), "{stale}");
        assert!(parse_renames("[m]\na = { name = \"b_update\", reason = \"why\" }\n").is_err(), "unknown key");
        assert!(parse_renames("[m]\na = \"NotSnake\"\n").unwrap_err().contains("not a snake_case identifier"));
    }
}
