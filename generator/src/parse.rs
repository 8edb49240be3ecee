//! Typed parsing of a normalised document with `openapiv3`. A failure names the JSON pointer of
//! the value that did not fit, and the operation it is in.

use serde_json::Value;

use crate::error::{Error, Location, Result, pointer_push};

pub fn parse_openapi(file: &str, json: &Value) -> Result<openapiv3::OpenAPI> {
    // From `&Value`: deserializing a borrowed tree is about twice as fast as consuming it.
    serde_path_to_error::deserialize(json).map_err(|e| {
        let mut pointer = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
                serde_path_to_error::Segment::Map { key } => pointer = pointer_push(&pointer, key),
                serde_path_to_error::Segment::Enum { variant } => pointer = pointer_push(&pointer, variant),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        // openapiv3 reads path items and schemas through flattened and untagged enums, which
        // report a failure where they start (`#/paths`), not where it is: look for the value.
        if let Some((at, found)) = json.pointer(&pointer).and_then(|v| bad_type(v, &pointer, false)) {
            let message =
                format!("not a valid OpenAPI 3.0 document here: `type` must be a type name (a string), found {found}");
            return Error::spec(&locate(file, json, &at), message);
        }
        Error::spec(&locate(file, json, &pointer), format!("not a valid OpenAPI 3.0 document here: {}", e.inner()))
    })
}

/// `pointer` in the document `file`, with the operation it is in, if any.
pub fn locate(file: &str, json: &Value, pointer: &str) -> Location {
    let location = Location::new(file, pointer);
    let mut tokens = pointer.split('/').skip(1);
    let (Some("paths"), Some(path), Some(method)) = (tokens.next(), tokens.next(), tokens.next()) else {
        return location;
    };
    match json.pointer(&format!("/paths/{path}/{method}/operationId")).and_then(Value::as_str) {
        Some(id) => location.in_operation(id),
        None => location,
    }
}

/// The first `type` at or below `value` (at `pointer`) that is not a string, and its value.
/// Values that are data (examples, enums, extensions) are not looked into; `in_properties` is
/// true for a schema's `properties` map, whose keys are names, not keywords.
fn bad_type<'a>(value: &'a Value, pointer: &str, in_properties: bool) -> Option<(String, &'a Value)> {
    match value {
        Value::Object(map) => {
            if !in_properties && let Some(found) = map.get("type").filter(|t| !t.is_string()) {
                return Some((pointer_push(pointer, "type"), found));
            }
            map.iter()
                .filter(|(key, _)| {
                    in_properties
                        || !(matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                            || key.starts_with("x-"))
                })
                .find_map(|(key, child)| {
                    bad_type(child, &pointer_push(pointer, key), !in_properties && key == "properties")
                })
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, child)| bad_type(child, &pointer_push(pointer, &i.to_string()), false)),
        _ => None,
    }
}
