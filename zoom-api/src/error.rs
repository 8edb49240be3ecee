//! The crate's error type.

use crate::json::DecodeError;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Zoom answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// Zoom answered with a success status, but the body does not fit the documented type.
    #[error("{0}")]
    Decode(Box<DecodeFailure>),
    /// The request could not be sent or the answer not read.
    #[error("{operation}: request failed: {source}")]
    Transport {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// The client's scope check (see [`ClientBuilder::scopes`](crate::ClientBuilder::scopes))
    /// refused the call before sending it: the token holds none of the scopes the operation lists.
    #[error("{0}")]
    MissingScope(Box<MissingScope>),
    /// A paginated call sent a page token Zoom no longer accepts (they last about 15 minutes):
    /// start the listing again.
    #[error("{0} (the page token expired; start the listing again)")]
    PageTokenExpired(Box<ApiError>),
    /// The client is misconfigured (e.g. an invalid base URL).
    #[error("{0}")]
    Config(String),
}

/// A call the token's scopes do not authorise, refused without a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{operation}: the token holds none of the scopes this call accepts (classic: {}; granular: {})",
    list(classic),
    list(granular)
)]
pub struct MissingScope {
    /// Zoom's operationId of the call.
    pub operation: &'static str,
    /// The classic scopes the operation accepts; any one would do.
    pub classic: &'static [&'static str],
    /// The granular scopes the operation accepts; any one would do.
    pub granular: &'static [&'static str],
}

fn list(scopes: &[&str]) -> String {
    if scopes.is_empty() { "none".to_owned() } else { scopes.join(", ") }
}

/// An error status from Zoom, with the `code` and `message` of its JSON body when it has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: Zoom answered {status}{}{}", code.map(|c| format!(" (code {c})")).unwrap_or_default(), message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
pub struct ApiError {
    /// Zoom's operationId of the call.
    pub operation: &'static str,
    pub status: u16,
    /// Zoom's error code (e.g. 124 invalid token, 300 validation, 1001 user not found, 4711 missing scope).
    pub code: Option<i64>,
    pub message: Option<String>,
    /// The raw body, for errors that do not follow Zoom's `{code, message}` shape.
    pub body: String,
    /// `x-zm-trackingid`, which Zoom support asks for.
    pub tracking_id: Option<String>,
}

impl ApiError {
    /// Zoom's code for a token that lacks the scope a call needs.
    pub const MISSING_SCOPE: i64 = 4711;

    /// For a missing-scope answer (code 4711), the scopes Zoom's message names (it lists the
    /// ones the call accepts, e.g. `does not contain scopes:[meeting:read:admin, meeting:read]`);
    /// empty for any other answer.
    pub fn missing_scopes(&self) -> Vec<&str> {
        if self.code != Some(Self::MISSING_SCOPE) {
            return Vec::new();
        }
        let message = self.message.as_deref().unwrap_or_default();
        let words = message.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '-'));
        // A scope has at least two non-empty parts; `scopes:` (the label before the list) does not.
        words.map(|w| w.trim_matches(':')).filter(|w| w.contains(':') && zoom_scopes::Scope::parse(w).is_ok()).collect()
    }
}

/// A success response whose body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: cannot decode Zoom's {status} answer: {error}")]
pub struct DecodeFailure {
    pub operation: &'static str,
    pub status: u16,
    pub error: DecodeError,
    /// The start of the body (at most 512 bytes).
    pub body_snippet: String,
    pub tracking_id: Option<String>,
}
