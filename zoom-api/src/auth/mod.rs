//! Authentication: how a client authorises its requests to Zoom.
//!
//! [`Credentials`] is what a client holds; it is made from one of
//!
//! - a static bearer token ([`Credentials::bearer`]);
//! - [`ServerToServer`]: Server-to-Server OAuth, an account's own app (`account_credentials`);
//! - [`UserOAuth`]: user-level OAuth, the authorization-code flow with PKCE and a `state` checked
//!   once, then refresh tokens, rotated on every refresh and saved to a [`TokenStore`]
//!   ([`MemoryTokenStore`], or [`FileTokenStore`] to survive restarts);
//! - [`SdkJwt`]: HS256 JWTs signed with an SDK key and secret, for the Video SDK and Cobrowse
//!   SDK APIs.
//!
//! OAuth tokens are cached and fetched again [`DEFAULT_EXPIRY_MARGIN`] before they expire; any
//! number of concurrent callers on an expired token cause one token request. A token answer's
//! `expires_in` may be any JSON number or numeric string; it is kept between two minutes and a
//! day, and one that is not a positive number counts as two minutes (each adjustment logged at
//! `warn`), so that callers share even a token of nonsensical lifetime. After a failed token
//! request, calls within a backoff (about a second, doubling with each failure in a row up to
//! 30 s, jittered; a token resets it) get its error without asking the endpoint again.
//!
//! Secrets (client and SDK secrets, access and refresh tokens, PKCE verifiers) are [`Secret`]s,
//! which never show in `Debug` output, and no [`AuthError`] carries one.

mod cache;
mod endpoint;
mod error;
mod pkce;
mod sdk_jwt;
mod secret;
mod server_to_server;
mod state;
pub(crate) mod store;
mod token;
mod user;

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;
use zoom_scopes::ScopeSet;

pub use cache::DEFAULT_EXPIRY_MARGIN;
pub use endpoint::DEFAULT_TOKEN_URL;
pub use error::{AuthError, TokenEndpointError};
pub use pkce::challenge as pkce_challenge;
pub use sdk_jwt::{DEFAULT_JWT_LIFETIME, SdkJwt};
pub use secret::Secret;
pub use server_to_server::ServerToServer;
pub use state::{DEFAULT_STATE_LIFETIME, MemoryStateStore, PendingAuthorization, StateStore};
pub use store::{FileTokenStore, MemoryTokenStore, RefreshLease, StoreFuture, TokenStore};
pub use token::{AccessToken, TokenSet};
pub use user::{AuthorizationStart, DEFAULT_AUTHORIZE_URL, UserOAuth};

use cache::TokenCache;

/// How a client authorises its requests. Cheap to clone; clones share cached tokens. `Debug`
/// shows no secret.
#[derive(Clone)]
pub struct Credentials {
    kind: Arc<Kind>,
}

enum Kind {
    /// `None`: the token cannot be a header value (requests fail with a configuration error).
    Bearer(Option<HeaderValue>),
    ServerToServer(ServerToServer),
    User(UserOAuth),
    SdkJwt(SdkJwt),
}

/// The `Authorization` header value for one request (`Bearer …`), and which token it came
/// from, so that a rejection can invalidate exactly that token. `Debug` shows no secret.
#[derive(Clone)]
pub struct Authorization {
    /// Marked sensitive; `None` if the token cannot be a header value.
    header: Option<HeaderValue>,
    /// The cache generation of the token; `None` for a static bearer token.
    generation: Option<u64>,
}

impl Authorization {
    /// The header value, e.g. `Bearer eyJ…` (empty if the token cannot be a header value).
    pub fn header_value(&self) -> &str {
        self.header.as_ref().and_then(|h| h.to_str().ok()).unwrap_or_default()
    }

    /// The header to send; `None` if the token cannot be a header value.
    pub(crate) fn header(&self) -> Option<&HeaderValue> {
        self.header.as_ref()
    }

    /// The token the header carries, to keep it out of what a server echoes back.
    pub(crate) fn token(&self) -> Option<&str> {
        let value = self.header.as_ref()?.to_str().ok()?;
        Some(value.strip_prefix("Bearer ").unwrap_or(value))
    }

    fn from_cache(cached: &cache::Cached) -> Self {
        Authorization { header: cached.header.clone(), generation: Some(cached.generation) }
    }
}

/// `Bearer <token>` as a header value marked sensitive (hyper keeps it out of its own logs).
pub(crate) fn bearer_header(token: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("header", &format_args!("<redacted>"))
            .field("generation", &self.generation)
            .finish()
    }
}

impl Credentials {
    /// A static access token, sent as `Authorization: Bearer <token>`; never refreshed.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials { kind: Arc::new(Kind::Bearer(bearer_header(&token.into()))) }
    }

    /// The `Authorization` header value to send now, fetching, refreshing or signing a token as
    /// needed.
    #[doc(hidden)]
    pub async fn authorize(&self) -> Result<Authorization, AuthError> {
        if let Some(ready) = self.ready() {
            return Ok(ready);
        }
        // Fetching a token is a large future that most calls never run: boxed, it does not
        // enlarge (and get copied with) every request's future.
        Box::pin(self.renew()).await
    }

    /// The header for a token that is usable now, if there is one.
    fn ready(&self) -> Option<Authorization> {
        let cached = match &*self.kind {
            Kind::Bearer(header) => return Some(Authorization { header: header.clone(), generation: None }),
            Kind::ServerToServer(s2s) => s2s.fresh(),
            Kind::User(user) => user.fresh(),
            Kind::SdkJwt(jwt) => jwt.fresh(),
        };
        cached.as_ref().map(Authorization::from_cache)
    }

    async fn renew(&self) -> Result<Authorization, AuthError> {
        match &*self.kind {
            Kind::Bearer(header) => Ok(Authorization { header: header.clone(), generation: None }),
            Kind::ServerToServer(s2s) => Ok(Authorization::from_cache(&s2s.current().await?)),
            Kind::User(user) => Ok(Authorization::from_cache(&user.current().await?)),
            Kind::SdkJwt(jwt) => Ok(Authorization::from_cache(&jwt.current()?)),
        }
    }

    /// After Zoom rejected `used` (HTTP 401, code 124): drops its token so that the next
    /// [`authorize`](Self::authorize) fetches (or signs) a new one, unless another caller has
    /// replaced it already. Returns whether a retry could help: false for a static bearer token.
    #[doc(hidden)]
    pub fn invalidate(&self, used: &Authorization) -> bool {
        let Some(generation) = used.generation else { return false };
        match self.cache() {
            Some(cache) => {
                cache.invalidate(generation);
                true
            }
            None => false,
        }
    }

    /// The scopes of the latest token response: `None` for bearer tokens and SDK JWTs, and
    /// before the first token.
    pub fn granted_scopes(&self) -> Option<ScopeSet> {
        match &*self.kind {
            Kind::ServerToServer(s2s) => s2s.granted_scopes(),
            Kind::User(user) => user.granted_scopes(),
            Kind::Bearer(_) | Kind::SdkJwt(_) => None,
        }
    }

    fn cache(&self) -> Option<&TokenCache> {
        match &*self.kind {
            Kind::Bearer(_) => None,
            Kind::ServerToServer(s2s) => Some(s2s.cache()),
            Kind::User(user) => Some(user.cache()),
            Kind::SdkJwt(jwt) => Some(jwt.cache()),
        }
    }
}

impl From<ServerToServer> for Credentials {
    fn from(s2s: ServerToServer) -> Self {
        Credentials { kind: Arc::new(Kind::ServerToServer(s2s)) }
    }
}

impl From<UserOAuth> for Credentials {
    fn from(user: UserOAuth) -> Self {
        Credentials { kind: Arc::new(Kind::User(user)) }
    }
}

impl From<SdkJwt> for Credentials {
    fn from(jwt: SdkJwt) -> Self {
        Credentials { kind: Arc::new(Kind::SdkJwt(jwt)) }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            Kind::Bearer(_) => f.debug_tuple("Credentials::Bearer").field(&format_args!("<redacted>")).finish(),
            Kind::ServerToServer(s2s) => f.debug_tuple("Credentials").field(s2s).finish(),
            Kind::User(user) => f.debug_tuple("Credentials").field(user).finish(),
            Kind::SdkJwt(jwt) => f.debug_tuple("Credentials").field(jwt).finish(),
        }
    }
}
