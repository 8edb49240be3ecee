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
