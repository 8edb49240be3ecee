//! Typed parsing of a normalised document with `openapiv3`. A failure names the JSON pointer of
//! the value that did not fit.

use serde_json::Value;

use crate::error::{Error, Location, Result};

pub fn parse_openapi(file: &str, json: &Value) -> Result<openapiv3::OpenAPI> {
    // From `&Value`: deserializing a borrowed tree is about twice as fast as consuming it.
    serde_path_to_error::deserialize(json).map_err(|e| {
        let mut location = Location::new(file, "");
        for segment in e.path().iter() {
            location = match segment {
                serde_path_to_error::Segment::Seq { index } => location.child(index.to_string()),
                serde_path_to_error::Segment::Map { key } => location.child(key),
                serde_path_to_error::Segment::Enum { variant } => location.child(variant),
                serde_path_to_error::Segment::Unknown => location,
            };
        }
        Error::spec(&location, format!("not a valid OpenAPI 3.0 document here: {}", e.inner()))
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
