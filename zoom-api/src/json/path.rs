//! Where a value is in a JSON document: `meetings[3].settings.topic`.

use std::fmt;

/// One step into a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Segment {
    Key(Box<str>),
    Index(usize),
}

/// A path built from the inside out, as decoding unwinds: segments are pushed innermost first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Path(Vec<Segment>);

impl Path {
    pub fn push(&mut self, segment: Segment) {
        self.0.push(segment);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The path with every array index written `[]`: one entry for all the items of a list.
    pub fn without_indexes(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, false);
        out
    }

    fn write(&self, out: &mut impl fmt::Write, indexes: bool) {
        for (i, segment) in self.0.iter().rev().enumerate() {
            let _ = match segment {
                Segment::Key(key) if i == 0 => out.write_str(key),
                Segment::Key(key) => write!(out, ".{key}"),
                Segment::Index(index) if indexes => write!(out, "[{index}]"),
                Segment::Index(_) => out.write_str("[]"),
            };
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out, true);
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_outside_in() {
        let mut path = Path::default();
        for segment in [Segment::Key("id".into()), Segment::Index(3), Segment::Key("meetings".into())] {
            path.push(segment);
        }
        assert_eq!(path.to_string(), "meetings[3].id");
        assert_eq!(path.without_indexes(), "meetings[].id");
        let mut top = Path::default();
        top.push(Segment::Index(0));
        top.push(Segment::Index(2));
        assert_eq!(top.to_string(), "[2][0]");
    }
}
