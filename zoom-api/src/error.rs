//! The crate's error type, and how an error answer from Zoom becomes one of its variants.

use crate::json::DecodeError;
use crate::operation::Operation;
use crate::rate_limit::RateLimitInfo;

/// Everything a call can fail with. Match on the variant for what to do next; every variant that
/// comes from an answer carries Zoom's tracking id ([`Error::tracking_id`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Zoom answered with an error status that none of the variants below describes.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The access token is missing, malformed or expired (HTTP 401, usually code 124). The client
    /// has already refreshed a refreshable token once and retried.
    #[error("{0}")]
    InvalidToken(Box<ApiError>),
    /// The token holds none of the scopes the call accepts: Zoom said so (code 4711), or the
    /// client's scope check (see [`ClientBuilder::scopes`](crate::ClientBuilder::scopes)) refused
    /// the call before sending it.
    #[error("{0}")]
    MissingScope(Box<MissingScope>),
    /// Zoom rejected the request's content (code 300).
    #[error("{0}")]
    Validation(Box<ApiError>),
    /// The resource does not exist, or the user is not on this account (HTTP 404, code 1001).
    #[error("{0}")]
    NotFound(Box<ApiError>),
    /// A rate limit was hit (HTTP 429), and the client's retry policy did not wait for it.
    #[error("{0}")]
    RateLimited(Box<RateLimited>),
    /// The daily limit of the call's rate-limit label is used up, so the call was not sent: the
    /// throttle counted it out ([`Throttle::daily_limits`](crate::Throttle::daily_limits)), or
    /// Zoom answered the limit to an earlier call sharing the throttle. The client's retry policy
    /// did not wait for it to reset.
    #[error("{0}")]
    DailyLimitReached(Box<DailyLimitReached>),
    /// A paginated call sent a page token Zoom no longer accepts (they last about 15 minutes):
    /// start the listing again.
    #[error("{0} (the page token expired; start the listing again)")]
    PageTokenExpired(Box<ApiError>),
    /// Zoom answered with a success status, but the body does not fit the documented type.
    #[error("{0}")]
    Decode(Box<DecodeFailure>),
    /// The answer was larger than the client accepts (see
    /// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    #[error("{operation}: the answer is larger than {limit} bytes")]
    ResponseTooLarge { operation: &'static Operation, limit: usize },
    /// The request could not be sent or the answer not read.
    #[error("{operation}: request failed: {source}")]
    Transport {
        operation: &'static Operation,
        #[source]
        source: reqwest::Error,
    },
    /// No access token could be had (token endpoint, token store, OAuth state).
    #[error("{0}")]
    Auth(Box<crate::auth::AuthError>),
    /// The client is misconfigured (e.g. an invalid base URL).
    #[error("{0}")]
    Config(String),
    /// A path parameter is empty, `.` or `..`: URL parsing would drop or resolve such a segment,
    /// and the request would reach another endpoint (`DELETE /meetings/{id}` with `..` is
    /// `DELETE /`). Nothing was sent.
    #[error("{operation}: path parameter `{parameter}` is {value:?}, which is not a path segment")]
    InvalidPathParameter {
        operation: &'static Operation,
        /// The parameter's name in Zoom's path template.
        parameter: &'static str,
        /// The value as given (one of `""`, `"."`, `".."`).
        value: &'static str,
    },
}

impl Error {
    /// The answer from Zoom behind this error, if there was one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api)
            | Error::InvalidToken(api)
            | Error::Validation(api)
            | Error::NotFound(api)
            | Error::PageTokenExpired(api) => Some(api),
            Error::RateLimited(limited) => Some(&limited.api),
            Error::MissingScope(missing) => missing.rejected.as_ref(),
            _ => None,
        }
    }

    /// `x-zm-trackingid` of Zoom's answer, which Zoom support asks for.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            Error::Decode(failure) => failure.tracking_id.as_deref(),
            other => other.api().and_then(|api| api.tracking_id.as_deref()),
        }
    }

    /// Whether the call failed because Zoom did not answer in time: connecting took longer than
    /// [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout), or the attempt
    /// longer than [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// The HTTP status of Zoom's answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode(failure) => Some(failure.status),
            other => other.api().map(|api| api.status),
        }
    }

    /// Sorts an error answer into the variant a caller would match on; `headers` are the
    /// answer's, read for the rate-limit state of a 429.
    pub(crate) fn from_answer(operation: &'static Operation, api: ApiError) -> Error {
        match (api.status, api.code) {
            (429, _) => {
                let info = RateLimitInfo::from_headers(&api.headers, crate::rate_limit::now());
                Error::RateLimited(Box::new(RateLimited { api, info }))
            }
            (_, Some(ApiError::MISSING_SCOPE)) => Error::MissingScope(Box::new(MissingScope {
                operation,
                classic: operation.classic_scopes,
                granular: operation.granular_scopes,
                rejected: Some(api),
            })),
            (401, _) | (_, Some(ApiError::INVALID_TOKEN)) => Error::InvalidToken(Box::new(api)),
            (_, Some(ApiError::VALIDATION)) => Error::Validation(Box::new(api)),
            (404, _) | (_, Some(ApiError::USER_NOT_FOUND)) => Error::NotFound(Box::new(api)),
            _ => Error::Api(Box::new(api)),
        }
    }
}

/// A call the token's scopes do not authorise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{operation}: the token holds none of the scopes this call accepts (classic: {}; granular: {}){}",
    list(classic),
    list(granular),
    match rejected { Some(api) => format!("; Zoom answered {}: {}", api.status, api.message.as_deref().unwrap_or("")), None => String::new() }
)]
pub struct MissingScope {
    /// The operation called; displayed as its Rust method and Zoom's operationId.
    pub operation: &'static Operation,
    /// The classic scopes Zoom documents for the operation; any one would do.
    pub classic: &'static [&'static str],
    /// The granular scopes Zoom documents for the operation; any one would do.
    pub granular: &'static [&'static str],
    /// Zoom's answer (code 4711) when Zoom refused the call; `None` when the client's scope check
    /// refused it without sending anything.
    pub rejected: Option<ApiError>,
}

impl MissingScope {
    /// The scopes Zoom's answer names ([`ApiError::missing_scopes`]); empty for a local refusal.
    pub fn named_by_zoom(&self) -> Vec<&str> {
        self.rejected.as_ref().map(ApiError::missing_scopes).unwrap_or_default()
    }
}

fn list(scopes: &[&str]) -> String {
    if scopes.is_empty() { "none".to_owned() } else { scopes.join(", ") }
}

/// A rate-limited answer (HTTP 429) with what Zoom's headers say about the limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{api}{}", match info.retry_at() { Some(at) => format!(" (retry at {at})"), None => String::new() })]
pub struct RateLimited {
    pub api: ApiError,
    pub info: RateLimitInfo,
}

/// A call refused by the daily limit of its rate-limit label, before it was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: the daily limit of its rate-limit label is used up{}; it resets at {resets_at}", limit.map(|l| format!(" ({l} calls)")).unwrap_or_default())]
pub struct DailyLimitReached {
    pub operation: &'static Operation,
    /// The throttle's limit, or `None` when Zoom's answer to an earlier call said so.
    pub limit: Option<u32>,
    /// When calls of the label are sent again (00:00 UTC, or what Zoom's answer said).
    pub resets_at: chrono::DateTime<chrono::Utc>,
}

/// An error status from Zoom, with the `code` and `message` of its JSON body when it has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: Zoom answered {status}{}{}", code.map(|c| format!(" (code {c})")).unwrap_or_default(), message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
pub struct ApiError {
    /// The operation called; displayed as its Rust method and Zoom's operationId.
    pub operation: &'static Operation,
    pub status: u16,
    /// Zoom's error code (e.g. 124 invalid token, 300 validation, 1001 user not found, 4711 missing scope).
    pub code: Option<i64>,
    pub message: Option<String>,
    /// The start of the raw body (at most [`ApiError::BODY_LIMIT`] bytes), for answers that do
    /// not follow Zoom's `{code, message}` shape, tokens redacted.
    pub body: String,
    /// `x-zm-trackingid`, which Zoom support asks for.
    pub tracking_id: Option<String>,
    /// Every header of the answer (`X-RateLimit-*`, `Retry-After`, and whatever a proxy or mock
    /// server adds).
    pub headers: reqwest::header::HeaderMap,
}

impl ApiError {
    /// Zoom's code for an invalid or expired access token.
    pub const INVALID_TOKEN: i64 = 124;
    /// Zoom's code for a request whose content it rejects.
    pub const VALIDATION: i64 = 300;
    /// Zoom's code for a user that does not exist or is not on the account.
    pub const USER_NOT_FOUND: i64 = 1001;
    /// Zoom's code for a token that lacks the scope a call needs.
    pub const MISSING_SCOPE: i64 = 4711;
    /// How much of an error body is kept.
    pub const BODY_LIMIT: usize = 4096;

    /// An error answer: Zoom's `{code, message}` when the body is such a JSON object. Tokens
    /// in the message, body and headers (`token`, the one the request carried, and anything
    /// token-shaped) are redacted: a server may echo what it was sent.
    pub(crate) fn from_body(
        operation: &'static Operation,
        status: u16,
        mut headers: reqwest::header::HeaderMap,
        body: &[u8],
        token: Option<&str>,
    ) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let field = |name: &str| parsed.as_ref().and_then(|v| v.get(name));
        for value in headers.values_mut() {
            let Ok(text) = value.to_str() else { continue };
            let scrubbed = crate::redact::tokens(text, token);
            if scrubbed != text {
                *value = reqwest::header::HeaderValue::from_str(&scrubbed)
                    .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("<redacted>"));
            }
        }
        ApiError {
            operation,
            status,
            code: field("code").and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok()))),
            message: field("message").and_then(|m| m.as_str().map(|m| crate::redact::tokens(m, token))),
            body: redacted_snippet(body, Self::BODY_LIMIT, token),
            tracking_id: crate::request::tracking_id(&headers).map(str::to_owned),
            headers,
        }
    }

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
    /// The operation called; displayed as its Rust method and Zoom's operationId.
    pub operation: &'static Operation,
    pub status: u16,
    /// What did not fit, and where ([`DecodeError::path`]).
    pub error: DecodeError,
    /// The start of the body (at most [`DecodeFailure::SNIPPET_LIMIT`] bytes).
    pub body_snippet: String,
    /// The `content-type` Zoom sent.
    pub content_type: Option<String>,
    pub tracking_id: Option<String>,
}

impl DecodeFailure {
    pub const SNIPPET_LIMIT: usize = 512;
}

/// At most `limit` bytes of `body` as text, tokens redacted: in the whole body first, so that the
/// cut cannot leave part of a token unrecognised.
pub(crate) fn redacted_snippet(body: &[u8], limit: usize, token: Option<&str>) -> String {
    let text = crate::redact::tokens(&String::from_utf8_lossy(body), token);
    let mut end = text.len().min(limit);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}
