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
    /// The client is misconfigured (e.g. an invalid base URL).
    #[error("{0}")]
    Config(String),
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
