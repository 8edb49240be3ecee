//! The repair kinds. Each is a generic transformation: it scans the whole document for its quirk
//! and returns, per change, the JSON pointer and a short description of what changed.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::pointer_push;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
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
}

/// Applies the repair kinds to a whole document in one walk. Returns, per change, the index of
/// the kind in `kinds`, the JSON pointer and a description.
pub fn apply(kinds: &[RepairKind], doc: &mut Value) -> Vec<(usize, String, String)> {
    let mut changes = Vec::new();
    let mut tokens = Vec::new();
    walk(doc, &mut tokens, false, &mut |obj, tokens| {
        for (index, kind) in kinds.iter().enumerate() {
            for (relative, change) in repair_object(*kind, obj, tokens) {
                let pointer = tokens.iter().chain(&relative).fold(String::new(), |p, t| pointer_push(&p, t));
                changes.push((index, pointer, change));
            }
        }
    });
    changes
}

/// Keys whose values are data (examples, enum values, defaults), never schemas or operations.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "x-enum-descriptions"];

/// What a walk calls on every object node, with the node's path.
type Visitor<'a> = dyn FnMut(&mut Map<String, Value>, &[String]) + 'a;

/// Visits every object node in pre-order with its path. `in_properties_map` is true when `value`
/// is a schema's `properties` map, whose keys are property names (which may be `example` or
/// `default`), not schema keywords.
fn walk(value: &mut Value, tokens: &mut Vec<String>, in_properties_map: bool, visit: &mut Visitor) {
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

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const TYPE_NAMES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

/// What changed: the path below the repaired node, and a description.
type Changes = Vec<(Vec<String>, String)>;

/// Repairs one object node.
fn repair_object(kind: RepairKind, obj: &mut Map<String, Value>, tokens: &[String]) -> Changes {
    let at = |key: &str, change: String| vec![(vec![key.to_owned()], change)];
    let is_operation = tokens.len() == 3 && tokens[0] == "paths" && HTTP_METHODS.contains(&tokens[2].as_str());
    match kind {
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
