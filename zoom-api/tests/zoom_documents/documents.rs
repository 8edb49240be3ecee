//! Reading Zoom's documents in tests: where they are, values assembled from their schemas, and
//! the committed lists of known failures.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

/// Zoom's documents: `$ZOOM_SPEC_DIR`, else `../shared/zoom-openapi` beside the workspace.
pub fn spec_dir() -> PathBuf {
    std::env::var_os("ZOOM_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/zoom-openapi"))
}

/// The document at `file` (relative to [`spec_dir`]), parsed; panics naming the path.
pub fn document(file: &str) -> Value {
    let path = spec_dir().join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares `failures` with `tests/zoom_documents/known/<name>.txt`, the known failures (or rewrites it when
/// `ZOOM_API_UPDATE_KNOWN` is set): a new failure fails, and so does a listed one that went away.
pub fn check_known(name: &str, failures: &[String]) {
    if let Some(mismatch) = compare_known(name, failures) {
        panic!("{mismatch}");
    }
}

/// What [`check_known`] would fail with, if anything.
pub fn compare_known(name: &str, failures: &[String]) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/zoom_documents/known/{name}.txt"));
    let mut found = failures.to_vec();
    found.sort();
    if std::env::var_os("ZOOM_API_UPDATE_KNOWN").is_some() {
        std::fs::write(&path, found.join("\n") + "\n").unwrap();
        return None;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let known: Vec<String> = text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let new: Vec<&String> = found.iter().filter(|f| !known.contains(f)).collect();
    let gone: Vec<&String> = known.iter().filter(|k| !found.contains(k)).collect();
    (!new.is_empty() || !gone.is_empty()).then(|| {
        format!(
            "{name}: {} failures ({} known)\nnew:\n{}\nno longer failing:\n{}",
            found.len(),
            known.len(),
            new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
            gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        )
    })
}

/// A value for `schema`: its `example` if it has one, else one built from its type, with every
/// property of an object and one element in an array (or as many as `minItems` asks). References are followed within `doc`
/// (Zoom writes them against `#/paths/<event>/…`, where its site renders the events).
pub fn assemble(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 24 {
        return Value::Null;
    }
    if let Some(Value::String(target)) = schema.get("$ref") {
        let pointer = target.trim_start_matches('#');
        let resolved = doc.pointer(pointer).or_else(|| doc.pointer(&pointer.replacen("/paths/", "/webhooks/", 1)));
        return resolved.map_or(Value::Null, |target| assemble(doc, target, depth + 1));
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(Value::Array(values)) = schema.get("enum")
        && let Some(first) = values.first()
    {
        return first.clone();
    }
    // allOf: every member's properties together; a member that is not an object (a string
    // with a description beside it) is the value.
    if let Some(Value::Array(members)) = schema.get("allOf") {
        let values: Vec<Value> = members.iter().map(|m| assemble(doc, m, depth + 1)).collect();
        if let Some(scalar) = values.iter().find(|v| !v.is_object()) {
            return scalar.clone();
        }
        return Value::Object(values.into_iter().flat_map(|v| v.as_object().cloned().unwrap_or_default()).collect());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = schema.get(key)
            && let Some(first) = members.first()
        {
            // A member that only narrows (`{"format": "date-time"}`) has the type beside it.
            let mut first = first.clone();
            if let (Some(typ), Value::Object(member)) = (schema.get("type"), &mut first) {
                member.entry("type").or_insert_with(|| typ.clone());
            }
            return assemble(doc, &first, depth + 1);
        }
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    // Zoom writes a few type names capitalised (`Integer`).
    match schema.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time" | "datetime") => json!("2024-05-01T09:00:00Z"),
            Some("date") => json!("2024-05-01"),
            _ => json!("text"),
        },
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => {
            let item = schema.get("items").map_or(Value::Null, |items| assemble(doc, items, depth + 1));
            let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
            Value::Array(vec![item; count as usize])
        }
        Some("object") | None if properties.is_some() => {
            let mut out = Map::new();
            for (key, property) in properties.into_iter().flatten() {
                // Zoom's documents have a few keywords written among the properties.
                if property.is_object() {
                    out.insert(key.clone(), assemble(doc, property, depth + 1));
                }
            }
            Value::Object(out)
        }
        Some("object") => json!({}),
        _ => Value::Null,
    }
}

/// Where `back` (the decoded value written out again) differs from `sent`: a missing or `null`
/// field counts as absent, numbers compare by value, and date-times by the instant they name
/// (`12.66Z` is written back as `12.660Z`).
pub fn first_difference(sent: &Value, back: &Value, path: &str) -> Option<String> {
    let mut first = None;
    compare(sent, back, path, &mut |at, a, b| {
        first = Some(format!("at `{at}`: {a} → {b}"));
        false
    });
    first
}

/// Every path where `back` differs from `sent`, compared as [`first_difference`] does, written
/// as deviations write them (`meetings[0].id`).
pub fn differences(sent: &Value, back: &Value) -> Vec<String> {
    let mut out = Vec::new();
    compare(sent, back, "", &mut |at, _, _| {
        out.push(at.strip_prefix('.').unwrap_or(at).to_owned());
        true
    });
    out
}

/// Walks `sent` and `back` together, calling `differ` at each place they differ until it returns
/// `false`; returns whether the walk went to the end.
fn compare(sent: &Value, back: &Value, path: &str, differ: &mut dyn FnMut(&str, &Value, &Value) -> bool) -> bool {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().all(|k| {
                let (x, y) = (a.get(k).unwrap_or(&Value::Null), b.get(k).unwrap_or(&Value::Null));
                compare(x, y, &format!("{path}.{k}"), differ)
            })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().all(|(i, (x, y))| compare(x, y, &format!("{path}[{i}]"), differ))
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => true,
        (Value::String(a), Value::String(b)) if same_instant(a, b) => true,
        (a, b) if a == b => true,
        (a, b) => differ(path, a, b),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The schema of the operation's first 2xx answer with JSON content.
pub fn answer_schema<'d>(doc: &'d Value, op: &zoom_client::Operation) -> Option<&'d Value> {
    let method = op.method.as_str().to_ascii_lowercase();
    let responses = doc["paths"].get(op.path)?.get(&method)?.get("responses")?.as_object()?;
    let mut codes: Vec<&String> = responses.keys().filter(|c| c.starts_with('2')).collect();
    codes.sort();
    codes.into_iter().find_map(|code| responses[code].pointer("/content/application~1json/schema"))
}

/// The webhook documents: (product key, document).
pub fn webhook_documents() -> Vec<(String, Value)> {
    let dir = spec_dir().join("webhooks");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let product = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((product.clone(), document(&format!("webhooks/{product}.json"))));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// An event's `application/json` media type object.
pub fn media(event: &Value) -> &Value {
    &event["post"]["requestBody"]["content"]["application/json"]
}

/// An event's example bodies (Zoom writes each as a string of JSON), with their labels.
pub fn event_examples(event: &Value) -> Vec<(String, Vec<u8>)> {
    let examples = media(event)["examples"].as_object().expect("every event has examples");
    examples
        .iter()
        .map(|(label, example)| {
            let body = match &example["value"] {
                Value::String(text) => text.clone().into_bytes(),
                other => serde_json::to_vec(other).unwrap(),
            };
            (label.clone(), body)
        })
        .collect()
}

/// A body assembled from an event's schema, naming the event (the tag picks the variant; a
/// schema without an example for it still names it).
pub fn assembled_event(doc: &Value, name: &str, event: &Value) -> Value {
    let mut body = assemble(doc, &media(event)["schema"], 0);
    if let Value::Object(fields) = &mut body {
        fields.insert("event".into(), Value::String(name.to_owned()));
    }
    body
}
