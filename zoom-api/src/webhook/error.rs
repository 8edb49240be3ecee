//! Why a webhook delivery was refused.

use std::time::Duration;

use crate::json::DecodeError;

/// A delivery that is not Zoom's, not fresh, too large, or not readable. Each variant is a distinct reason,
/// so a receiver can log it and answer (usually `401` for the signature and timestamp
/// variants, `400` for the others). None of them carries the secret token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    #[error("webhook delivery without the `{0}` header")]
    MissingHeader(&'static str),
    #[error("webhook delivery with more than one `{0}` header")]
    DuplicateHeader(&'static str),
    #[error("webhook `x-zm-signature` header is malformed: {0}")]
    MalformedSignature(&'static str),
    #[error("webhook `x-zm-request-timestamp` header is not a number of seconds")]
    MalformedTimestamp,
    #[error("webhook signature does not match the body: not signed with this secret token, or altered")]
    SignatureMismatch,
    /// Signed longer ago than the window allows: possibly a replayed delivery.
    #[error("webhook delivery signed {}s ago, more than the {}s allowed", age.as_secs(), window.as_secs())]
    Stale { age: Duration, window: Duration },
    /// Signed in the future by more than the window: a wrong clock, or a forged timestamp.
    #[error("webhook delivery signed {}s in the future, more than the {}s allowed", ahead.as_secs(), window.as_secs())]
    FromTheFuture { ahead: Duration, window: Duration },
    /// The (authentic) body does not decode: not a JSON object, or (for a strict receiver) not
    /// as Zoom's document describes the event.
    #[error("webhook body cannot be decoded: {0}")]
    Body(#[from] DecodeError),
    #[error("webhook `endpoint.url_validation` without `payload.plainToken`")]
    UrlValidationWithoutToken,
    /// The body is larger than the receiver accepts ([`Receiver::max_body_bytes`](super::Receiver::max_body_bytes)).
    #[error("webhook body is larger than {limit} bytes")]
    BodyTooLarge { limit: usize },
    /// The delivery store could not say whether the delivery is new; the delivery was not
    /// handed on. Answered with `503`, so that Zoom sends it again later.
    #[error("webhook delivery store failed: {0}")]
    Store(#[source] super::StoreError),
}

/// [`Receiver::new`](super::Receiver::new) was given an empty or blank secret token, with which
/// anyone could sign a delivery (an unset environment variable, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the webhook secret token is empty")]
pub struct EmptySecretToken;

impl WebhookError {
    /// The HTTP status to answer with: `401` when the delivery is not shown to be Zoom's (or
    /// is not fresh), `400` when an authentic delivery cannot be read, `413` for a body over the
    /// limit, `503` when the delivery store failed.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::Body(_) | WebhookError::UrlValidationWithoutToken => 400,
            WebhookError::BodyTooLarge { .. } => 413,
            WebhookError::Store(_) => 503,
            _ => 401,
        }
    }
}
