//! Removing token-shaped text from what a server sends back, before an error keeps it: a proxy
//! or an error page may echo the request's `Authorization` header, and errors end up in logs.

/// What replaces a token.
const REDACTED: &str = "<redacted>";

/// `text` without tokens: `known` (the token the request carried) wherever it appears, every
/// JWT (`eyJ…` and two more dot-separated base64url parts, the shape of Zoom's access and
/// refresh tokens), and whatever follows `Bearer ` (any case). Linear in `text`.
pub(crate) fn tokens(text: &str, known: Option<&str>) -> String {
    let mut text = match known {
        // A token of a few characters would match ordinary words; real ones are far longer.
        Some(known) if known.len() >= 8 && text.contains(known) => text.replace(known, REDACTED),
        _ => text.to_owned(),
    };
    if text.contains("eyJ") {
        text = jwts(&text);
    }
    // Scanning finds `Bearer ` in any case itself; a lower-cased copy to test for it first
    // would cost as much as the scan.
    bearer_credentials(&text)
}

fn is_base64url(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// RFC 6750's `b64token`: what may follow `Bearer `.
fn is_b64token(byte: u8) -> bool {
    is_base64url(byte) || matches!(byte, b'.' | b'~' | b'+' | b'/' | b'=')
}

/// `text` with every JWT replaced.
fn jwts(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = text[at..].find("eyJ") {
        let start = at + found;
        match jwt_end(bytes, start) {
            Ok(end) => {
                out.push_str(&text[copied..start]);
                out.push_str(REDACTED);
                (copied, at) = (end, end);
            }
            // A JWT starting anywhere before the failure point fails there too, so the search
            // goes on from it: each byte is looked at a bounded number of times.
            Err(failed_at) => at = failed_at.max(start + 1),
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The end of the JWT that starts at `start`, or where it stops being one.
fn jwt_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let run = |from: usize| from + bytes[from..].iter().take_while(|b| is_base64url(**b)).count();
    let header_end = run(start);
    if bytes.get(header_end) != Some(&b'.') {
        return Err(header_end);
    }
    let payload_end = run(header_end + 1);
    if payload_end == header_end + 1 || bytes.get(payload_end) != Some(&b'.') {
        return Err(payload_end);
    }
    Ok(run(payload_end + 1))
}

/// `text` with the credential after each `Bearer ` replaced.
fn bearer_credentials(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut at) = (0, 0);
    while at + 7 <= bytes.len() {
        if !bytes[at..at + 7].eq_ignore_ascii_case(b"bearer ") {
            at += 1;
            continue;
        }
        let start = at + 7;
        let end = start + bytes[start..].iter().take_while(|b| is_b64token(**b)).count();
        if end > start && !text[start..end].starts_with(REDACTED) {
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
        at = end.max(start);
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjl9.Hq3_-x0";

    #[test]
    fn redacts_jwts_bearer_credentials_and_the_known_token() {
        assert_eq!(tokens(&format!("token {JWT} expired"), None), "token <redacted> expired");
        assert_eq!(tokens(&format!("{JWT},{JWT}"), None), "<redacted>,<redacted>");
        assert_eq!(tokens("Authorization: bearer abc.DEF+/==; x", None), "Authorization: bearer <redacted>; x");
        assert_eq!(tokens("BEARER x", None), "BEARER <redacted>");
        assert_eq!(tokens("sent opaque-token-123 back", Some("opaque-token-123")), "sent <redacted> back");
        assert_eq!(tokens(&format!("Bearer {JWT}"), None), "Bearer <redacted>");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for text in ["Invalid access token.", "eyJ alone", "eyJa.b", "eyJa..b", "bearer", "a bearer ", "ünï eyJ"] {
            assert_eq!(tokens(text, Some("short")), text);
        }
        assert_eq!(tokens("eyJa..eyJb.c.d", None), "eyJa..<redacted>");
    }

    #[test]
    fn is_linear_in_the_worst_case() {
        // Many candidate starts, none of them a JWT: a rescan from each would take hours here.
        for text in ["eyJ".repeat(200_000), "eyJa..".repeat(200_000), "bearer ,".repeat(200_000)] {
            assert_eq!(tokens(&text, None), text);
        }
    }
}
