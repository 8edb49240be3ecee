//! Webhook documents in the shape the OpenAPI 3.0 parser reads, so their payload schemas go
//! through the same repairs, parser and lowering as the REST documents.
//!
//! Each event of the 3.1 `webhooks` map becomes a path item under `paths`, keyed by `/<event>`
//! (the parser keeps only keys that start with `/`). Zoom's own `$ref`s in these documents
//! address `#/paths/<event>/…`, the shape its site renders them in, which does not exist in the
//! document as published; they are pointed at `#/paths/~1<event>/…`, where the conversion puts
//! that event. The `responses` are emptied: an app answers a delivery with an empty 200, and
//! Zoom's `200`s lack the description 3.0 requires.

use serde_json::{Map, Value, json};

use crate::error::{Error, Location, Result};

/// `json` (the webhook document `file`) as an OpenAPI 3.0 document whose operations are the events.
pub fn as_paths(file: &str, json: &Value) -> Result<Value> {
    let at = |pointer: &str| Location::new(file, pointer);
    let webhooks = json
        .get("webhooks")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::spec(&at("/webhooks"), "a webhook document needs a `webhooks` object"))?;
    let mut paths = Map::with_capacity(webhooks.len());
    for (key, item) in webhooks {
        let location = at("/webhooks").child(key).child("post").in_operation(key);
        let mut post = item
            .get("post")
            .and_then(Value::as_object)
            .cloned()
            .ok_or_else(|| Error::spec(&location, "a webhook event needs a `post` operation"))?;
        let name = post.get("operationId").and_then(Value::as_str).unwrap_or(key);
        if name != key {
            let message = format!("the event's operationId `{name}` is not its key in `webhooks`");
            return Err(Error::spec(&location, message));
        }
        post.insert("operationId".into(), Value::String(key.clone()));
        post.insert("responses".into(), json!({}));
        paths.insert(format!("/{key}"), json!({ "post": post }));
    }
    let mut paths = Value::Object(paths);
    let events: Vec<&String> = webhooks.keys().collect();
    repoint_refs(&mut paths, &events);
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": json.get("info").cloned().unwrap_or_else(|| json!({"title": "", "version": ""})),
        "paths": paths,
    });
    if let Some(components) = json.get("components") {
        doc["components"] = components.clone();
    }
    Ok(doc)
}

/// `#/paths/<event>/…` → `#/paths/~1<event>/…` for every `$ref` naming one of `events`.
fn repoint_refs(value: &mut Value, events: &[&String]) {
    super::rules::walk(value, &mut Vec::new(), false, &mut |obj, _| {
        if let Some(Value::String(target)) = obj.get_mut("$ref")
            && let Some(rest) = target.strip_prefix("#/paths/")
        {
            let event = rest.split('/').next().unwrap_or_default();
            if events.iter().any(|e| e.as_str() == event) {
                *target = format!("#/paths/~1{rest}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_become_operations_under_their_names() {
        let doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "Meetings", "version": "1"},
            "webhooks": {"meeting.started": {"post": {
                "operationId": "meeting.started",
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                    "a": {"type": "string"},
                    "b": {"$ref": "#/paths/meeting.started/post/requestBody/content/application~1json/schema/properties/a"},
                    "c": {"$ref": "#/paths/other/x"}
                }}}}},
                "responses": {"200": {}}
            }}}
        });
        let converted = as_paths("webhooks/meetings.json", &doc).unwrap();
        assert_eq!(converted["openapi"], "3.0.3");
        let post = &converted["paths"]["/meeting.started"]["post"];
        assert_eq!(post["operationId"], "meeting.started");
        assert_eq!(post["responses"], json!({}));
        let properties = &post["requestBody"]["content"]["application/json"]["schema"]["properties"];
        let target = properties["b"]["$ref"].as_str().unwrap();
        assert_eq!(target, "#/paths/~1meeting.started/post/requestBody/content/application~1json/schema/properties/a");
        assert_eq!(converted.pointer(&target[1..]), Some(&json!({"type": "string"})));
        assert_eq!(properties["c"]["$ref"], "#/paths/other/x", "not an event of this document");
        assert!(crate::parse::parse_openapi("webhooks/meetings.json", &converted).is_ok());
    }

    #[test]
    fn malformed_documents_are_errors_naming_the_place() {
        let err = as_paths("webhooks/meetings.json", &json!({"paths": {}})).unwrap_err().to_string();
        assert!(err.contains("webhooks/meetings.json") && err.contains("/webhooks"), "{err}");
        let doc = json!({"webhooks": {"a/b": {"post": {"operationId": "other"}}}});
        let err = as_paths("webhooks/meetings.json", &doc).unwrap_err().to_string();
        assert!(err.contains("/webhooks/a~1b/post") && err.contains("`other`"), "{err}");
        let err = as_paths("webhooks/meetings.json", &json!({"webhooks": {"a": {"get": {}}}})).unwrap_err();
        assert!(err.to_string().contains("needs a `post`"));
    }
}
