//! The repair kinds. Each is a generic transformation: it scans the whole document for its quirk
//! and returns, per change, the JSON pointer and a short description of what changed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::pointer_push;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
    /// A parameter's `in` or `style` in another case than OpenAPI's (`HEADER`, `FORM`: older
    /// editions of Zoom's documents) is written as OpenAPI spells it.
    ParameterValueCase,
    /// An operation's `extensions` object (older editions' name, which OpenAPI parsers drop as
    /// an unknown key) becomes `x-extensions`, where Zoom keeps scopes and permissions today.
    ExtensionsKey,
    /// A path parameter with `required` false or missing becomes required.
    PathParameterRequired,
    /// A path template variable no parameter declares gets a required string parameter.
    UndeclaredPathParameter,
    /// A `requestBody` without `content` is removed.
    RequestBodyWithoutContent,
    /// A `requestBody` whose only media type is not a media type (`undefined`) is removed.
    RequestBodyWithoutMediaType,
    /// A response without `description` gets an empty one.
    ResponseWithoutDescription,
    /// A type name in the wrong case (`Integer`) is lowercased.
    TypeNameCase,
    /// `type: Date` becomes `type: string, format: date`.
    TypeDate,
    /// An OpenAPI 3.1 style `{type: "null"}` member of anyOf/oneOf becomes `nullable: true`.
    NullTypeMember,
    /// Repeated names in `required` are dropped.
    DuplicateRequired,
    /// Repeated values in `enum` are dropped.
    DuplicateEnum,
    /// A `default` that is not one of the schema's `enum` values is dropped.
    DefaultOutsideEnum,
    /// An `enum` on an array schema moves to its `items`.
    EnumOnArray,
    /// Leading or trailing whitespace in a scope name is trimmed.
    ScopeWhitespace,
    /// A schema keyword written inside `properties` (`"type": "object"`, `"additionalProperties":
    /// false`, where a property's schema would be) moves up to the schema that owns the map.
    KeywordInProperties,
    /// A numeric schema keyword (`minimum`, `maxLength`, …) written as a string (`"65535"`)
    /// becomes the number.
    NumberAsString,
    /// `required: true` on a property's schema (Swagger 2's way) becomes the property's name in
    /// the owning schema's `required` list; `required: false` is dropped.
    RequiredFlag,
    /// A `$ref` to another place in the same document is replaced by a copy of what it points to
    /// (the lowering names every type after its position, and reads no references).
    LocalRef,
}

/// Where a document is beyond repair (a JSON pointer), and why.
pub type Unrepairable = (String, String);

/// Applies the repair kinds to a whole document in one walk. Returns, per change, the index of
/// the kind in `kinds`, the JSON pointer and a description; or the pointer and reason of a
/// document no repair can make usable.
pub fn apply(kinds: &[RepairKind], doc: &mut Value) -> Result<Vec<(usize, String, String)>, Unrepairable> {
    let mut changes = Vec::new();
    if let Some(index) = kinds.iter().position(|k| *k == RepairKind::LocalRef) {
        changes.extend(inline_local_refs(doc)?.into_iter().map(|(pointer, change)| (index, pointer, change)));
    }
    let mut tokens = Vec::new();
    walk(doc, &mut tokens, false, &mut |obj, tokens| {
        for (index, kind) in kinds.iter().enumerate() {
            for (relative, change) in repair_object(*kind, obj, tokens) {
                let pointer = tokens.iter().chain(&relative).fold(String::new(), |p, t| pointer_push(&p, t));
                changes.push((index, pointer, change));
            }
        }
    });
    Ok(changes)
}

/// Keys whose values are data (examples, enum values, defaults), never schemas or operations.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "x-enum-descriptions"];

/// What a walk calls on every object node, with the node's path.
pub(super) type Visitor<'a> = dyn FnMut(&mut Map<String, Value>, &[String]) + 'a;

/// Visits every object node in pre-order with its path. `in_properties_map` is true when `value`
/// is a schema's `properties` map, whose keys are property names (which may be `example` or
/// `default`), not schema keywords.
pub(super) fn walk(value: &mut Value, tokens: &mut Vec<String>, in_properties_map: bool, visit: &mut Visitor) {
    match value {
        Value::Object(obj) => {
            if !in_properties_map {
                visit(obj, tokens);
            }
            for (key, child) in obj.iter_mut() {
                if !in_properties_map && DATA_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let child_is_map = !in_properties_map && key == "properties";
                tokens.push(key.clone());
                walk(child, tokens, child_is_map, visit);
                tokens.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                tokens.push(i.to_string());
                walk(child, tokens, false, visit);
                tokens.pop();
            }
        }
        _ => {}
    }
}

/// Rounds of inlining: a copied target may hold references of its own, copied in the next round.
const ROUNDS: usize = 8;

/// The JSON values inlining may copy into one document. Zoom's documents copy 7,400 at most
/// (phone's webhooks); references that fan out (each copy holding several more) grow
/// exponentially: 4 KB of them, 8 levels of 8, would copy 16 million and take gigabytes.
const MAX_COPIED_VALUES: usize = 250_000;

/// Replaces every resolvable `#/…` reference with a copy of its target (keeping sibling keys the
/// target lacks). A copied target may hold references of its own, so this repeats, round by
/// round. A reference that resolves to nothing is left for the lowering to report; references
/// that cycle, nest deeper than [`ROUNDS`] or would copy more than [`MAX_COPIED_VALUES`] values
/// are an error (pointer, reason).
fn inline_local_refs(doc: &mut Value) -> Result<Vec<(String, String)>, Unrepairable> {
    let mut changes = Vec::new();
    let mut copied = 0;
    for round in 0..=ROUNDS {
        let mut found: Vec<(String, String)> = Vec::new();
        walk(doc, &mut Vec::new(), false, &mut |obj, tokens| {
            if let Some(Value::String(target)) = obj.get("$ref") {
                let at = tokens.iter().fold(String::new(), |p, t| pointer_push(&p, t));
                found.push((at, target.clone()));
            }
        });
        if found.is_empty() {
            break;
        }
        if round == 0
            && let Some((at, chain)) = reference_cycle(&found)
        {
            let message = format!(
                "`$ref` cycle: {}; a type named after its position cannot contain itself",
                chain.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" → ")
            );
            return Err((at, message));
        }
        // Targets are read from the document as it was before this round's replacements.
        let snapshot = doc.clone();
        let mut inlined = 0;
        for (at, target) in found {
            let Some(pointer) = target.strip_prefix('#') else { continue };
            let is_ancestor = at == pointer || at.starts_with(&format!("{pointer}/"));
            let (Some(resolved), false) = (snapshot.pointer(pointer), is_ancestor) else { continue };
            if round == ROUNDS {
                return Err((at, format!("`$ref: {target}`: references nest deeper than {ROUNDS} levels")));
            }
            copied += values_in(resolved);
            if copied > MAX_COPIED_VALUES {
                let message = format!(
                    "`$ref: {target}`: the copies of this document's references would exceed \
                     {MAX_COPIED_VALUES} JSON values (references that fan out, each copy holding more)"
                );
                return Err((at, message));
            }
            let Some(node) = doc.pointer_mut(&at) else { continue };
            let mut copy = resolved.clone();
            if let (Value::Object(copy), Value::Object(siblings)) = (&mut copy, &*node) {
                for (key, value) in siblings.iter().filter(|(k, _)| *k != "$ref") {
                    copy.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            *node = copy;
            inlined += 1;
            changes.push((at, format!("`$ref: {target}` → a copy of its target")));
        }
        if inlined == 0 {
            break;
        }
    }
    Ok(changes)
}

/// The number of JSON values in `value`, itself included.
fn values_in(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(values_in).sum(),
        Value::Array(items) => items.iter().map(values_in).sum(),
        _ => 0,
    }
}

/// A cycle among the references `(pointer, target)` of a document: targets whose copies would
/// contain copies of themselves, for ever. Returns the pointer of the reference that leads from
/// the first target of the chain to the second, and the chain of target pointers, the first
/// repeated at its end.
fn reference_cycle(refs: &[(String, String)]) -> Option<(String, Vec<&str>)> {
    let targets: BTreeSet<&str> = refs.iter().filter_map(|(_, t)| t.strip_prefix('#')).collect();
    // Target → the references inside it (the reference's pointer, its target).
    let mut inside: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (at, target) in refs {
        let Some(to) = target.strip_prefix('#') else { continue };
        let mut within = at.as_str();
        loop {
            if targets.contains(within) {
                inside.entry(within).or_default().push((at, to));
            }
            let Some(parent) = within.rfind('/') else { break };
            within = &within[..parent];
        }
    }
    // Depth-first, without recursion: a target met again while it is on the path closes a cycle.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in &targets {
        // (target, the next of its references to follow, the reference that led here)
        let mut path: Vec<(&str, usize, &str)> = vec![(start, 0, "")];
        while let Some((node, next, _)) = path.last_mut() {
            let Some(&(at, to)) = inside.get(node).and_then(|refs| refs.get(*next)) else {
                done.insert(node);
                path.pop();
                continue;
            };
            *next += 1;
            if let Some(first) = path.iter().position(|(n, _, _)| *n == to) {
                let via = path.get(first + 1).map_or(at, |(_, _, via)| *via);
                let mut chain: Vec<&str> = path[first..].iter().map(|(n, _, _)| *n).collect();
                chain.push(to);
                return Some((via.to_owned(), chain));
            }
            if !done.contains(to) {
                path.push((to, 0, at));
            }
        }
    }
    None
}

/// Schema keywords whose value is a number.
const NUMERIC_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const TYPE_NAMES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const PARAMETER_STYLES: &[&str] =
    &["matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject"];

/// What changed: the path below the repaired node, and a description.
type Changes = Vec<(Vec<String>, String)>;

/// Repairs one object node.
/// A parameter's `in` and `style` as OpenAPI spells them, when they differ only in case.
fn parameter_value_case(parameter: &mut Map<String, Value>) -> Changes {
    let mut changes = vec![];
    for (key, spellings) in [("in", PARAMETER_LOCATIONS), ("style", PARAMETER_STYLES)] {
        let Some(value) = parameter.get(key).and_then(Value::as_str) else { continue };
        let Some(spelling) = spellings.iter().copied().find(|s| s.eq_ignore_ascii_case(value) && *s != value) else {
            continue;
        };
        changes.push((vec![key.to_owned()], format!("`{key}: {value}` → `{spelling}`")));
        parameter.insert(key.into(), spelling.into());
    }
    changes
}

fn repair_object(kind: RepairKind, obj: &mut Map<String, Value>, tokens: &[String]) -> Changes {
    let at = |key: &str, change: String| vec![(vec![key.to_owned()], change)];
    let is_operation = tokens.len() == 3 && tokens[0] == "paths" && HTTP_METHODS.contains(&tokens[2].as_str());
    match kind {
        // On the path item, before any other repair reads the parameters' `in` (a walk visits
        // the path item before its parameters).
        RepairKind::ParameterValueCase => {
            let mut changes = vec![];
            if tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "parameters" {
                changes.extend(parameter_value_case(obj));
            }
            if !(tokens.len() == 2 && tokens[0] == "paths") {
                return changes;
            }
            let mut fix = |owner: &mut Map<String, Value>, at: &[&str]| {
                let Some(Value::Array(parameters)) = owner.get_mut("parameters") else { return };
                for (index, parameter) in parameters.iter_mut().enumerate() {
                    let Value::Object(parameter) = parameter else { continue };
                    for (key, change) in parameter_value_case(parameter) {
                        let mut pointer: Vec<String> = at.iter().map(|t| (*t).to_owned()).collect();
                        pointer.extend(["parameters".to_owned(), index.to_string()]);
                        pointer.extend(key);
                        changes.push((pointer, change));
                    }
                }
            };
            fix(obj, &[]);
            for method in HTTP_METHODS {
                if let Some(Value::Object(operation)) = obj.get_mut(*method) {
                    fix(operation, &[method]);
                }
            }
            changes
        }
        RepairKind::ExtensionsKey => {
            if is_operation
                && matches!(obj.get("extensions"), Some(Value::Object(_)))
                && !obj.contains_key("x-extensions")
            {
                let extensions = obj.remove("extensions").unwrap_or_default();
                obj.insert("x-extensions".into(), extensions);
                return at("extensions", "`extensions` → `x-extensions`".into());
            }
            vec![]
        }
        RepairKind::PathParameterRequired => {
            let is_parameter = tokens.len() >= 2 && tokens[tokens.len() - 2] == "parameters";
            if is_parameter && obj.get("in").and_then(Value::as_str) == Some("path") {
                let old = obj.get("required").cloned();
                if old != Some(Value::Bool(true)) {
                    obj.insert("required".into(), Value::Bool(true));
                    let old = old.map_or("missing".to_owned(), |v| v.to_string());
                    return at("required", format!("path parameter `required: {old}` → `true`"));
                }
            }
            vec![]
        }
        RepairKind::UndeclaredPathParameter => {
            if !(tokens.len() == 2 && tokens[0] == "paths") {
                return vec![];
            }
            let template_vars = path_template_vars(&tokens[1]);
            let shared = declared_path_params(obj.get("parameters"));
            let mut changes = vec![];
            for method in HTTP_METHODS {
                let Some(Value::Object(op)) = obj.get_mut(*method) else { continue };
                let declared = declared_path_params(op.get("parameters"));
                for var in &template_vars {
                    if shared.contains(var) || declared.contains(var) {
                        continue;
                    }
                    let params = op.entry("parameters").or_insert_with(|| Value::Array(vec![]));
                    if let Value::Array(params) = params {
                        params.push(serde_json::json!({
                            "name": var, "in": "path", "required": true, "schema": {"type": "string"}
                        }));
                        changes.push((
                            vec![(*method).to_owned(), "parameters".to_owned()],
                            format!("declared path parameter `{var}` (string) that the path uses"),
                        ));
                    }
                }
            }
            changes
        }
        RepairKind::RequestBodyWithoutContent => {
            if is_operation
                && let Some(Value::Object(body)) = obj.get("requestBody")
                && !body.contains_key("content")
            {
                obj.remove("requestBody");
                return at("requestBody", "removed a requestBody that has no content".into());
            }
            vec![]
        }
        RepairKind::RequestBodyWithoutMediaType => {
            if is_operation
                && let Some(Value::Object(content)) = obj.get("requestBody").and_then(|b| b.get("content"))
                && !content.is_empty()
                && content.keys().all(|k| !k.contains('/'))
            {
                let media = content.keys().cloned().collect::<Vec<_>>().join(", ");
                obj.remove("requestBody");
                return at("requestBody", format!("removed a requestBody whose media type `{media}` is not one"));
            }
            vec![]
        }
        RepairKind::ResponseWithoutDescription => {
            let is_response = tokens.len() == 5 && tokens[0] == "paths" && tokens[3] == "responses";
            if is_response && !obj.contains_key("description") {
                obj.insert("description".into(), Value::String(String::new()));
                return vec![(vec![], "added the required response `description` (empty)".into())];
            }
            vec![]
        }
        RepairKind::TypeNameCase => {
            if let Some(Value::String(t)) = obj.get("type") {
                let lower = t.to_ascii_lowercase();
                if !TYPE_NAMES.contains(&t.as_str()) && TYPE_NAMES.contains(&lower.as_str()) {
                    let change = format!("`type: {t}` → `{lower}`");
                    obj.insert("type".into(), Value::String(lower));
                    return at("type", change);
                }
            }
            vec![]
        }
        RepairKind::TypeDate => {
            if obj.get("type").and_then(Value::as_str) == Some("Date") {
                obj.insert("type".into(), "string".into());
                obj.entry("format").or_insert_with(|| "date".into());
                return at("type", "`type: Date` → `type: string, format: date`".into());
            }
            vec![]
        }
        RepairKind::NullTypeMember => {
            let mut changes = vec![];
            for key in ["anyOf", "oneOf"] {
                let Some(Value::Array(members)) = obj.get_mut(key) else { continue };
                let before = members.len();
                members.retain(|m| !is_null_type(m));
                if members.len() == before {
                    continue;
                }
                obj.insert("nullable".into(), Value::Bool(true));
                let mut change = format!("`{{type: null}}` member of {key} → `nullable: true`");
                let members = match obj.get(key) {
                    Some(Value::Array(m)) => m.clone(),
                    _ => vec![],
                };
                let has_own_shape = ["type", "properties", "items", "allOf"].iter().any(|k| obj.contains_key(*k));
                if let [Value::Object(only)] = members.as_slice()
                    && !has_own_shape
                {
                    obj.remove(key);
                    for (k, v) in only {
                        obj.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    change.push_str(&format!("; the single remaining {key} member is inlined"));
                }
                changes.push((vec![key.to_owned()], change));
            }
            changes
        }
        RepairKind::DuplicateRequired => dedupe(obj, "required", |v| v.as_str().is_some()),
        RepairKind::DuplicateEnum => dedupe(obj, "enum", |_| true),
        RepairKind::DefaultOutsideEnum => {
            if let (Some(Value::Array(values)), Some(default)) = (obj.get("enum"), obj.get("default"))
                && !values.contains(default)
            {
                let change = format!("dropped `default: {default}`, which is not one of the enum values");
                obj.remove("default");
                return at("default", change);
            }
            vec![]
        }
        RepairKind::EnumOnArray => {
            if obj.get("type").and_then(Value::as_str) == Some("array")
                && obj.contains_key("enum")
                && let Some(Value::Object(items)) = obj.get("items")
                && !items.contains_key("enum")
            {
                let values = obj.remove("enum").unwrap_or(Value::Null);
                if let Some(Value::Object(items)) = obj.get_mut("items") {
                    items.insert("enum".into(), values);
                }
                return at("enum", "moved the array's `enum` to its `items`".into());
            }
            vec![]
        }
        RepairKind::KeywordInProperties => {
            let Some(Value::Object(properties)) = obj.get_mut("properties") else { return vec![] };
            let misplaced: Vec<String> = properties
                .iter()
                .filter(|(k, v)| !v.is_object() && matches!(k.as_str(), "type" | "additionalProperties"))
                .map(|(k, _)| k.clone())
                .collect();
            let moved: Vec<(String, Value)> =
                misplaced.into_iter().filter_map(|k| properties.remove(&k).map(|v| (k, v))).collect();
            let mut changes = vec![];
            for (key, value) in moved {
                let change = format!("`properties.{key}: {value}` → `{key}: {value}` on the schema");
                changes.push((vec!["properties".to_owned(), key.clone()], change));
                obj.entry(key).or_insert(value);
            }
            changes
        }
        RepairKind::NumberAsString => {
            let mut changes = vec![];
            for key in NUMERIC_KEYWORDS {
                let Some(Value::String(text)) = obj.get(*key) else { continue };
                let number = text.trim().parse::<i64>().map(Value::from).ok().or_else(|| {
                    text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
                });
                if let Some(number) = number {
                    changes.push((vec![(*key).to_owned()], format!("`{key}: {text:?}` → `{number}`")));
                    obj.insert((*key).to_owned(), number);
                }
            }
            changes
        }
        RepairKind::RequiredFlag => {
            let Some(Value::Object(properties)) = obj.get_mut("properties") else { return vec![] };
            let mut flagged = vec![];
            for (name, property) in properties.iter_mut() {
                let Some(property) = property.as_object_mut() else { continue };
                if let Some(&Value::Bool(required)) = property.get("required") {
                    property.remove("required");
                    flagged.push((name.clone(), required));
                }
            }
            let mut changes = vec![];
            for (name, required) in flagged {
                let at = vec!["properties".to_owned(), name.clone(), "required".to_owned()];
                if required {
                    let list = obj.entry("required").or_insert_with(|| Value::Array(vec![]));
                    if let Value::Array(list) = list
                        && !list.iter().any(|v| v.as_str() == Some(&name))
                    {
                        list.push(Value::String(name.clone()));
                    }
                    changes.push((at, format!("`required: true` → `{name}` in the schema's `required`")));
                } else {
                    changes.push((at, "`required: false` dropped".to_owned()));
                }
            }
            changes
        }
        // Needs the whole document: done before the walk, in `apply`.
        RepairKind::LocalRef => vec![],
        RepairKind::ScopeWhitespace => {
            let mut changes = vec![];
            for key in ["x-macro-scopes", "x-granular-scopes", "openapi_oauth"] {
                let Some(Value::Array(scopes)) = obj.get_mut(key) else { continue };
                for (i, scope) in scopes.iter_mut().enumerate() {
                    if let Value::String(s) = scope
                        && s.trim() != s
                    {
                        let change = format!("scope {s:?} → {:?}", s.trim());
                        *s = s.trim().to_owned();
                        changes.push((vec![key.to_owned(), i.to_string()], change));
                    }
                }
            }
            changes
        }
    }
}

fn is_null_type(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.get("type").and_then(Value::as_str) == Some("null"))
}

fn dedupe(obj: &mut Map<String, Value>, key: &str, item_ok: impl Fn(&Value) -> bool) -> Changes {
    let Some(Value::Array(items)) = obj.get_mut(key) else { return vec![] };
    if !items.iter().all(&item_ok) {
        return vec![];
    }
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    let mut dropped = Vec::new();
    for item in items.drain(..) {
        if kept.contains(&item) {
            dropped.push(item.to_string());
        } else {
            kept.push(item);
        }
    }
    *items = kept;
    if dropped.is_empty() {
        vec![]
    } else {
        vec![(vec![key.to_owned()], format!("dropped repeated `{key}` item(s) {}", dropped.join(", ")))]
    }
}

/// `{var}` names in a path template, in order.
pub fn path_template_vars(path: &str) -> Vec<String> {
    let mut vars = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        vars.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    vars
}

fn declared_path_params(params: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(params)) = params else { return vec![] };
    params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}
