//! [`Secret`]: a credential that never shows in `Debug` output.

use std::fmt;

/// A client secret, SDK secret, access token, refresh token or PKCE verifier.
///
/// It has no `Display` and its `Debug` prints `<redacted>`, so it cannot leak into logs or error
/// messages by accident; [`Secret::expose`] is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into().into_boxed_str())
    }

    /// The secret itself, to send it where it belongs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

/// `text` with every occurrence of any of `secrets` replaced by `<redacted>`: for text a server
/// sends back, which might echo what it was sent.
pub(crate) fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        let secret = secret.expose();
        // A secret of a few characters would match ordinary words; Zoom's are far longer.
        if secret.len() >= 6 && out.contains(secret) {
            out = out.replace(secret, "<redacted>");
        }
    }
    out
}
