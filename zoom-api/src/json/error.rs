//! The error for JSON that does not fit the type it is decoded into.

use std::fmt;

use super::path::{Path, Segment};

/// A JSON value that did not fit the type it was decoded into, or text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    path: Path,
    message: String,
    /// The text is not JSON (or nests too deep): nothing after it can be read, so a decoder that
    /// keeps values which do not fit must not keep going.
    syntax: bool,
    /// What the type expected, when the error is a value of another shape.
    expected: Option<&'static str>,
    /// What came instead (`a string`), when known.
    found: Option<&'static str>,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError { path: Path::default(), message: message.into(), syntax: false, expected: None, found: None }
    }

    /// A value of another shape than `expected` (`an integer`, `an RFC 3339 date-time`).
    pub(crate) fn mismatch(expected: &'static str, message: String) -> Self {
        DecodeError { expected: Some(expected), ..DecodeError::new(message) }
    }

    pub(crate) fn found(mut self, found: &'static str) -> Self {
        self.found = Some(found);
        self
    }

    pub(crate) fn expected(&self) -> Option<&'static str> {
        self.expected
    }

    pub(crate) fn what_came(&self) -> Option<&'static str> {
        self.found
    }

    pub(crate) fn syntax(message: String) -> Self {
        DecodeError { syntax: true, ..DecodeError::new(message) }
    }

    /// The error seen from one level up: `segment` is a field name or an array index (`[2]`).
    pub fn within(mut self, segment: impl Into<String>) -> Self {
        let segment = segment.into();
        let index = segment.strip_prefix('[').and_then(|s| s.strip_suffix(']')).and_then(|s| s.parse().ok());
        self.path.push(index.map_or(Segment::Key(segment.into()), Segment::Index));
        self
    }

    pub(crate) fn within_segment(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }

    /// Path of the offending value, e.g. `settings.approved_or_denied_countries_or_regions[2]`.
    pub fn path(&self) -> String {
        self.path.to_string()
    }

    pub(crate) fn path_segments(&self) -> &Path {
        &self.path
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the text is not JSON at all (as opposed to JSON of another shape).
    pub fn is_syntax(&self) -> bool {
        self.syntax
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}
