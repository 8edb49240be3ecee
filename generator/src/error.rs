//! The one error type of the generator. Every variant says where the problem is: a file, and for
//! problems inside a document, the JSON pointer and (when known) the operation.

use std::fmt;
use std::path::PathBuf;

/// Where in Zoom's documents something is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Document file name as listed in `spec/documents.toml`, e.g. `meetings.json`.
    pub file: String,
    /// JSON pointer (RFC 6901) into the document, e.g. `/paths/~1users/get`.
    pub pointer: String,
    /// Zoom's operationId, when the location is inside an operation.
    pub operation: Option<String>,
}

impl Location {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Location { file: file.into(), pointer: pointer.into(), operation: None }
    }

    pub fn in_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.operation = Some(operation_id.into());
        self
    }

    /// The same location one level deeper: `token` is escaped as RFC 6901 requires.
    pub fn child(&self, token: impl AsRef<str>) -> Self {
        Location {
            file: self.file.clone(),
            pointer: pointer_push(&self.pointer, token.as_ref()),
            operation: self.operation.clone(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)?;
        if let Some(op) = &self.operation {
            write!(f, " (operation `{op}`)")?;
        }
        Ok(())
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    #[error("{file}: not found in {} (set --spec-dir or ZOOM_SPEC_DIR)", dir.display())]
    MissingDocument { file: String, dir: PathBuf },

    #[error(
        "{file}: the edition with sha256 {sha256} is neither in {} nor in its archive editions/ \
         (`cargo xtask fetch` archives each edition it replaces)",
        spec_dir.display()
    )]
    MissingEdition { file: String, sha256: String, spec_dir: PathBuf },

    #[error(
        "{file}: sha256 is {actual} but spec/documents.toml records {expected}; \
         if this is a new Zoom edition, review it and rerun with --accept-new"
    )]
    HashMismatch { file: String, expected: String, actual: String },

    #[error("{location}: {message}")]
    Spec { location: Location, message: String },

    /// Several problems of one document, each where it is.
    #[error("{file}: {} problems:{}", problems.len(), listed(problems))]
    SpecProblems { file: String, problems: Vec<(Location, String)> },

    #[error("generation failed; the previous output is untouched: {0}")]
    Aborted(String),
}

impl Error {
    pub fn spec(location: &Location, message: impl Into<String>) -> Self {
        Error::Spec { location: location.clone(), message: message.into() }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn listed(problems: &[(Location, String)]) -> String {
    problems.iter().map(|(location, message)| format!("\n  {location}: {message}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        let loc = Location::new("meetings.json", "").child("paths").child("/users/{userId}").child("a~b");
        assert_eq!(loc.pointer, "/paths/~1users~1{userId}/a~0b");
        assert_eq!(loc.to_string(), "meetings.json#/paths/~1users~1{userId}/a~0b");
        let loc = loc.in_operation("listMeetings");
        assert_eq!(loc.to_string(), "meetings.json#/paths/~1users~1{userId}/a~0b (operation `listMeetings`)");
    }
}
