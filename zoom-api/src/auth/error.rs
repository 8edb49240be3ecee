//! [`AuthError`]: everything obtaining a token can fail with. No variant carries a secret.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

/// Why no token could be had. Cheap to clone: a failed refresh is handed to every caller that
/// waited for it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// Zoom's token endpoint answered with an error status (or a success without a token), with
    /// the `error` and `reason` of its JSON body when it has them (e.g. 400 `invalid_client`,
    /// "Invalid client_id or client_secret").
    #[error("{0}")]
    TokenEndpoint(Box<TokenEndpointError>),
    /// The token request could not be sent or its answer not read.
    #[error("token request failed: {0}")]
    Transport(Arc<reqwest::Error>),
    /// The token endpoint answered with a success status, but not with a token response.
    #[error("token response could not be read: {0}")]
    Decode(String),
    /// The [`TokenStore`](super::TokenStore) or [`StateStore`](super::StateStore) failed (file
    /// I/O, a stored document that does not parse, a custom store's backend).
    #[error("token store: {0}")]
    Store(Arc<dyn StdError + Send + Sync>),
    /// The `state` of an authorization callback is not one this application issued (a forged or
    /// mistyped callback, or one from before a restart with an in-memory state store).
    #[error("the OAuth state of this callback is unknown: it was not issued here")]
    UnknownState,
    /// The `state` of an authorization callback was already used: a replayed callback.
    #[error("the OAuth state of this callback was already used")]
    StateReplayed,
    /// The `state` of an authorization callback was issued here, but too long ago.
    #[error("the OAuth state of this callback has expired; start the authorization again")]
    StateExpired,
    /// User OAuth has no token to use or refresh: the user has to authorize the app first
    /// ([`UserOAuth::start_authorization`](super::UserOAuth::start_authorization)).
    #[error("no user token yet: the user has to authorize the app first")]
    NotAuthorized,
    /// The operating system's random number generator failed (PKCE verifier, state).
    #[error("the system random number generator failed: {0}")]
    Random(getrandom::Error),
    /// A misconfiguration, e.g. an authorize URL that does not parse.
    #[error("{0}")]
    Config(String),
}

impl AuthError {
    /// A [`AuthError::Store`] from any error, for custom stores.
    pub fn store(error: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        AuthError::Store(Arc::from(error.into()))
    }

    /// The token endpoint's answer, for [`AuthError::TokenEndpoint`].
    pub fn token_endpoint(&self) -> Option<&TokenEndpointError> {
        match self {
            AuthError::TokenEndpoint(e) => Some(e),
            _ => None,
        }
    }
}

/// An error answer of Zoom's token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEndpointError {
    pub status: u16,
    /// The OAuth error code (`invalid_client`, `invalid_grant`, `invalid_request`, …).
    pub error: Option<String>,
    /// Zoom's explanation (`reason`, else `error_description` or `message`), with anything that
    /// echoes a secret of the request redacted; for a body that is not JSON, its beginning.
    pub reason: Option<String>,
}

impl fmt::Display for TokenEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zoom's token endpoint answered {}", self.status)?;
        match (&self.error, &self.reason) {
            (Some(error), Some(reason)) => write!(f, ": {error} ({reason})"),
            (Some(text), None) | (None, Some(text)) => write!(f, ": {text}"),
            (None, None) => Ok(()),
        }
    }
}

impl StdError for TokenEndpointError {}
