//! Path parameters: each value is one percent-encoded path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded, `/` included: a value is one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `value` as one path segment.
pub fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// A meeting or webinar UUID as one path segment. Zoom requires a UUID that starts with `/` or
/// contains `//` to be encoded twice; any other value is encoded once.
pub fn uuid_segment(value: &str) -> String {
    let once = segment(value);
    if value.starts_with('/') || value.contains("//") { segment(&once) } else { once }
}

/// The path from its literal parts and encoded segments.
pub fn join(parts: &[&str]) -> String {
    parts.concat()
}

/// A segment of `path` that is empty, `.` or `..` where `template` has a parameter, as
/// (parameter, value). Such a segment cannot be sent: URL parsing drops or resolves it, and
/// percent-encoding does not help, since the URL standard reads `%2E` as `.` too. Encoded values
/// never contain `/`, so the path has the template's segments one for one.
pub(crate) fn unsendable_segment(template: &'static str, path: &str) -> Option<(&'static str, &'static str)> {
    let (path, _) = path.split_once('?').unwrap_or((path, ""));
    for (pattern, sent) in template.split('/').zip(path.split('/')) {
        let value = match sent {
            "" => "",
            "." => ".",
            ".." => "..",
            _ => continue,
        };
        if let Some(start) = pattern.find('{') {
            let name = &pattern[start + 1..];
            return Some((&name[..name.find('}').unwrap_or(name.len())], value));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_one_segment() {
        assert_eq!(segment("me"), "me");
        assert_eq!(segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
        assert_eq!(segment("user@example.com"), "user%40example.com");
        assert_eq!(segment("ünï"), "%C3%BCn%C3%AF");
    }

    #[test]
    fn double_encodes_only_uuids_that_need_it() {
        assert_eq!(uuid_segment("85746065432"), "85746065432");
        assert_eq!(uuid_segment("4444AAAiAAAAAiAiAiiAii=="), "4444AAAiAAAAAiAiAiiAii%3D%3D");
        assert_eq!(uuid_segment("/ajXp112QmuoKj4854875=="), "%252FajXp112QmuoKj4854875%253D%253D");
        assert_eq!(uuid_segment("ab//cd=="), "ab%252F%252Fcd%253D%253D");
        assert_eq!(uuid_segment("a/b"), "a%2Fb");
    }

    #[test]
    fn finds_the_parameter_of_a_dot_or_empty_segment() {
        let template = "/meetings/{meetingId}/recordings/{recordingId}";
        let path = |a: &str, b: &str| join(&["/meetings/", &segment(a), "/recordings/", &segment(b)]);
        assert_eq!(unsendable_segment(template, &path("85746065", "abc")), None);
        assert_eq!(unsendable_segment(template, &path("85746065", "..")), Some(("recordingId", "..")));
        assert_eq!(unsendable_segment(template, &path(".", "x")), Some(("meetingId", ".")));
        assert_eq!(unsendable_segment(template, &path("", "x")), Some(("meetingId", "")));
        // Values that merely contain dots, or encode to something else, are one segment.
        for fine in ["...", ".a", "a.", "%2e", "%2E%2E", "./", "/..", "?", "#", "ü"] {
            assert_eq!(unsendable_segment(template, &path(fine, fine)), None, "{fine:?}");
        }
        assert_eq!(unsendable_segment("/users/{userId}/meetings", "/users/../meetings?x=1"), Some(("userId", "..")));
    }
}
