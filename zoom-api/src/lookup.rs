//! Finding operations in the static table: by Zoom's operationId, or by the method and path of
//! a request. Lookups scan the tables of the enabled features and allocate nothing.

use crate::generated::OPERATION_TABLES;
use crate::{Method, Operation};

impl Operation {
    /// Every operation of the enabled product features.
    pub fn all() -> impl Iterator<Item = &'static Operation> {
        OPERATION_TABLES.iter().flat_map(|table| table.iter().copied())
    }

    /// The operations with Zoom's operationId `id`: a product and its Master Account variant
    /// share ids, so there can be two.
    pub fn with_id(id: &str) -> impl Iterator<Item = &'static Operation> {
        Operation::all().filter(move |op| op.id == id)
    }

    /// The operation a request goes to. `path` is a template (`/users/{userId}/meetings`) or a
    /// concrete path (`/v2/users/abc/meetings`, `https://api.zoom.us/v2/users/abc/meetings?x=1`).
    /// Where several templates match, the one with the most literal segments wins
    /// (`/users/summary` before `/users/{userId}`), then the regular API before its Master
    /// Account variant.
    pub fn find(method: Method, path: &str) -> Option<&'static Operation> {
        let mut best: Option<(usize, &'static Operation)> = None;
        for op in Operation::matching(method, path) {
            let literal = segments(op.path).filter(|s| !is_parameter(s)).count();
            if best.is_none_or(|(most, _)| literal > most) {
                best = Some((literal, op));
            }
        }
        best.map(|(_, op)| op)
    }

    /// Every operation whose method is `method` and whose template matches `path` (see
    /// [`Operation::find`] for the forms `path` may take).
    pub fn matching(method: Method, path: &str) -> impl Iterator<Item = &'static Operation> {
        let path = request_path(path);
        Operation::all().filter(move |op| op.method == method && template_matches(op.path, path))
    }
}

/// The path relative to the API base: without scheme and host, query, fragment and `/v2`.
fn request_path(path: &str) -> &str {
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => path,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    match path.strip_prefix("/v2") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => path,
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Whether `path` fits `template`: same number of segments, each literal segment equal, each
/// `{parameter}` any segment.
fn template_matches(template: &str, path: &str) -> bool {
    let mut wanted = segments(template);
    let mut given = segments(path);
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if is_parameter(w) || w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_lose_host_query_and_version() {
        assert_eq!(request_path("https://api.zoom.us/v2/users/me?page_size=3"), "/users/me");
        assert_eq!(request_path("/v2/users/abc/meetings"), "/users/abc/meetings");
        assert_eq!(request_path("/users/{userId}/meetings#x"), "/users/{userId}/meetings");
        assert_eq!(request_path("/v2"), "");
        assert_eq!(request_path("/v20/x"), "/v20/x");
    }

    #[test]
    fn templates_match_segment_by_segment() {
        let template = "/users/{userId}/meetings";
        assert!(template_matches(template, "/users/abc/meetings"));
        assert!(template_matches(template, "/users/{userId}/meetings"));
        assert!(template_matches(template, "/users/abc/meetings/"));
        assert!(!template_matches(template, "/users/abc"));
        assert!(!template_matches(template, "/users/abc/meetings/1"));
        assert!(!template_matches(template, "/user/abc/meetings"));
        assert!(template_matches("/", ""));
    }
}
