//! Matching a request to an operation's path template, for looking up which scopes a request
//! needs: `GET /v2/users/abc/meetings` is the operation whose template is
//! `/users/{userId}/meetings`.

/// The path of a request relative to Zoom's API base: without scheme and host, query, fragment
/// and the `/v2` prefix. `https://api.zoom.us/v2/users/me?x=1` → `/users/me`.
pub fn request_path(path: &str) -> &str {
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

/// Whether `path` (already a [`request_path`]) fits `template`: as many segments, each literal
/// segment equal, each `{parameter}` any segment. A template itself fits.
pub fn template_matches(template: &str, path: &str) -> bool {
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

/// How many literal segments a template has: where several templates fit a path, the one with
/// the most is meant (`/users/summary` rather than `/users/{userId}`).
pub fn literal_segments(template: &str) -> usize {
    segments(template).filter(|s| !is_parameter(s)).count()
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
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
        assert_eq!((literal_segments(template), literal_segments("/users/summary")), (2, 2));
        assert_eq!(literal_segments("/users/{userId}"), 1);
    }
}
