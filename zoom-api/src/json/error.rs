//! The error for JSON that does not fit the type it is decoded into.

use std::fmt;

/// A JSON value that did not fit the type it was decoded into, or text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Path from the top of the document, innermost first: field names and array indexes.
    path: Vec<String>,
    message: String,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError { path: Vec::new(), message: message.into() }
    }

    /// The error seen from one level up: `segment` is a field name or an array index (`[2]`).
    pub fn within(mut self, segment: impl Into<String>) -> Self {
        self.path.push(segment.into());
        self
    }

    /// Path of the offending value, e.g. `settings.approved_or_denied_countries_or_regions[2]`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            if segment.starts_with('[') {
                out.push_str(segment);
            } else {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(segment);
            }
        }
        out
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for DecodeError {}
