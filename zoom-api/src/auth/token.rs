//! [`AccessToken`] and [`TokenSet`]: what Zoom's token endpoint hands out.

use std::fmt;
use std::time::{Duration, SystemTime};

use zoom_scopes::ScopeSet;

use super::secret::Secret;

/// An access token with its type, expiry and granted scopes. `Debug` shows everything but the
/// token.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub(crate) value: Secret,
    pub(crate) token_type: String,
    pub(crate) expires_at: SystemTime,
    pub(crate) scope: Option<String>,
}

impl AccessToken {
    /// A token that expires at `expires_at`, of type `bearer`.
    pub fn new(value: impl Into<Secret>, expires_at: SystemTime) -> Self {
        AccessToken { value: value.into(), token_type: "bearer".to_owned(), expires_at, scope: None }
    }

    /// The `scope` field of the token response (scopes separated by spaces).
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// The token itself.
    pub fn secret(&self) -> &Secret {
        &self.value
    }

    /// The `token_type` of the token response (Zoom's is `bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// Time left until the token expires (zero once it has).
    pub fn expires_in(&self) -> Duration {
        self.expires_at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO)
    }

    /// Whether the token expires within `margin` from now (or already has).
    pub fn expires_within(&self, margin: Duration) -> bool {
        match SystemTime::now().checked_add(margin) {
            Some(deadline) => self.expires_at <= deadline,
            None => true,
        }
    }

    /// The `scope` field of the token response as Zoom sent it.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The granted scopes, for [`ClientBuilder::scopes`](crate::ClientBuilder::scopes) and
    /// [`ScopeSet::allows`]. Empty when the response had no `scope` field.
    pub fn scopes(&self) -> ScopeSet {
        ScopeSet::from_token(self.scope.as_deref().unwrap_or_default())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("value", &self.value)
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish()
    }
}

/// One answer of the token endpoint: the access token and, for user OAuth, the refresh token
/// that replaces the previous one. This is what a [`TokenStore`](super::TokenStore) keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSet {
    pub access_token: AccessToken,
    /// Zoom rotates refresh tokens: each refresh answers with a new one and the old one stops
    /// working.
    pub refresh_token: Option<Secret>,
}

impl TokenSet {
    pub fn new(access_token: AccessToken, refresh_token: Option<Secret>) -> Self {
        TokenSet { access_token, refresh_token }
    }
}

/// Seconds since the Unix epoch (negative before it), for the stored format and JWT claims.
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// The time `seconds` after the Unix epoch (clamped to what `SystemTime` holds).
pub(crate) fn from_unix_seconds(seconds: i64) -> SystemTime {
    let magnitude = Duration::from_secs(seconds.unsigned_abs());
    let time = if seconds >= 0 {
        SystemTime::UNIX_EPOCH.checked_add(magnitude)
    } else {
        SystemTime::UNIX_EPOCH.checked_sub(magnitude)
    };
    time.unwrap_or(SystemTime::UNIX_EPOCH)
}
