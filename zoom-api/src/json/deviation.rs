//! Where what Zoom sent differs from what its document describes, and how that is reported.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use super::path::{Path, Segment};

/// How a decoder treats a value that differs from Zoom's document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Decoding {
    /// Read what can be read without guessing, keep what cannot (in the enclosing object's
    /// `extra`), and report each difference as a [`Deviation`]. Zoom's answers often differ from
    /// its documents; this is how the client reads them unless told otherwise.
    #[default]
    Tolerant,
    /// Every deviation is a [`DecodeError`](super::DecodeError) naming its path.
    Strict,
}

/// What a tolerant decoder did with a value that differs from Zoom's document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeviationKind {
    /// Read as the documented type without guessing: a numeric string as a number, a number as
    /// a string (its JSON text), `"true"`/`"false"` as a boolean, an integer enum value sent as a
    /// string.
    Converted,
    /// `""` or `null` where the document allows neither: the field reads as absent, and the
    /// value is kept in the enclosing object's `extra`, so it is written back as it came.
    Empty,
    /// A field the document requires did not come: it reads as absent (an `Option` is `None`; an
    /// object is empty).
    Missing,
    /// A value of another shape (an object where a string is expected, a date that is not one):
    /// the field reads as absent, and the value is kept in the enclosing object's `extra`.
    Mismatched,
}

impl DeviationKind {
    fn as_str(self) -> &'static str {
        match self {
            DeviationKind::Converted => "converted",
            DeviationKind::Empty => "read as absent",
            DeviationKind::Missing => "missing",
            DeviationKind::Mismatched => "kept as sent",
        }
    }
}

/// One place where Zoom's answer or event differs from Zoom's document: its path, what the
/// document says, what came, and what the decoder made of it.
///
/// Values the document does not list are not deviations: unknown fields stay in `extra` and
/// unknown enum values in `UnknownValue`, where the decoded value shows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deviation {
    pub(crate) path: Path,
    pub(crate) kind: DeviationKind,
    pub(crate) expected: &'static str,
    pub(crate) found: &'static str,
}

impl Deviation {
    pub(crate) fn new(kind: DeviationKind, expected: &'static str, found: &'static str) -> Self {
        Deviation { path: Path::default(), kind, expected, found }
    }

    pub(crate) fn within(&mut self, segment: Segment) {
        self.path.push(segment);
    }

    /// Where the value is, from the top of the body: `meetings[3].recording_files[0].file_size`.
    pub fn path(&self) -> String {
        self.path.to_string()
    }

    pub fn kind(&self) -> DeviationKind {
        self.kind
    }

    /// What Zoom's document says the value is: `an integer`, `a string`, `a value` (not null),
    /// `a required field`.
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// What came instead: `a string`, `an empty string`, `null`, `an object`, `nothing`.
    pub fn found(&self) -> &'static str {
        self.found
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: expected {}, found {} ({})", self.path, self.expected, self.found, self.kind.as_str())
    }
}

/// A decoded value and where the JSON differed from Zoom's document.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub deviations: Vec<Deviation>,
}

/// How many distinct (source, path, kind) warnings a process logs; past it, deviations are still
/// returned to the caller but no longer logged, so hostile or endlessly varied answers cannot grow
/// memory.
const WARNED_LIMIT: usize = 4096;

static WARNED: Mutex<Option<HashSet<(String, String, DeviationKind)>>> = Mutex::new(None);

/// Logs each deviation at `warn` level, once per `source` (an operation id, an event name), path
/// (array indexes left out, so a 300-item page logs once) and kind per process.
pub(crate) fn warn_once(source: &str, deviations: &[Deviation]) {
    if deviations.is_empty() {
        return;
    }
    let mut warned = WARNED.lock().unwrap_or_else(PoisonError::into_inner);
    let warned = warned.get_or_insert_with(HashSet::new);
    for deviation in deviations {
        if warned.len() >= WARNED_LIMIT {
            return;
        }
        let path = deviation.path.without_indexes();
        if warned.insert((source.to_owned(), path.clone(), deviation.kind)) {
            tracing::warn!(
                source,
                path,
                expected = deviation.expected,
                found = deviation.found,
                outcome = deviation.kind.as_str(),
                "Zoom's answer differs from its document"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A `tracing` writer that keeps what is logged.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn at(kind: DeviationKind, segments: &[Segment]) -> Deviation {
        let mut deviation = Deviation::new(kind, "an integer", "a string");
        for segment in segments.iter().rev() {
            deviation.within(segment.clone());
        }
        deviation
    }

    #[test]
    fn each_path_is_logged_once_per_source_whatever_the_index() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        let key = |k: &str| Segment::Key(k.into());
        // A 300-item page whose every item has the same deviation, twice, and a second source.
        let page: Vec<Deviation> =
            (0..300).map(|i| at(DeviationKind::Converted, &[key("meetings"), Segment::Index(i), key("id")])).collect();
        tracing::subscriber::with_default(subscriber, || {
            warn_once("testListThings", &page);
            warn_once("testListThings", &page);
            warn_once(
                "testListThings",
                &[at(DeviationKind::Mismatched, &[key("meetings"), Segment::Index(0), key("id")])],
            );
            warn_once("testOtherThing", &page[..1]);
        });
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].contains("source=\"testListThings\"") && lines[0].contains("path=\"meetings[].id\""),
            "{text}"
        );
        assert!(
            lines[0].contains("outcome=\"converted\"") && lines[0].contains("Zoom's answer differs from its document")
        );
        assert!(lines[1].contains("outcome=\"kept as sent\""), "another kind at the same path: {text}");
        assert!(lines[2].contains("source=\"testOtherThing\""), "{text}");
        assert!(lines.iter().all(|l| l.contains("WARN")), "logged at warn level: {text}");
    }
}
