//! [`ServerToServer`]: Zoom's Server-to-Server OAuth (an account's own app, no user consent).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use zoom_scopes::ScopeSet;

use super::cache::{Cached, DEFAULT_EXPIRY_MARGIN, TokenCache};
use super::endpoint::{Endpoint, Resend};
use super::error::AuthError;
use super::secret::Secret;
use super::token::AccessToken;

/// Server-to-Server OAuth: tokens for an account, fetched with the app's account id, client id
/// and client secret (`grant_type=account_credentials`), cached until shortly before they expire.
///
/// Cheap to clone; clones share the cached token.
///
/// ```no_run
/// # async fn run() -> Result<(), zoom_client::auth::AuthError> {
/// use zoom_client::auth::{Credentials, ServerToServer};
/// let s2s = ServerToServer::new("account-id", "client-id", "client-secret");
/// let token = s2s.access_token().await?;
/// println!("granted: {:?}", token.scopes());
/// let credentials = Credentials::from(s2s);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ServerToServer {
    account_id: Secret,
    endpoint: Endpoint,
    margin: Duration,
    cache: Arc<TokenCache>,
}

impl ServerToServer {
    pub fn new(account_id: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ServerToServer {
            account_id: Secret::new(account_id),
            endpoint: Endpoint::new(client_id.into(), Secret::new(client_secret)),
            margin: DEFAULT_EXPIRY_MARGIN,
            cache: Arc::default(),
        }
    }

    /// How token answers are read: [`Decoding::Tolerant`](crate::json::Decoding::Tolerant) (the
    /// default) logs where an answer differs from the token endpoint's format (`expires_in` as a
    /// string, say) and goes on; [`Decoding::Strict`](crate::json::Decoding::Strict) fails with
    /// [`AuthError::Decode`](super::AuthError::Decode) instead.
    pub fn decoding(mut self, decoding: crate::json::Decoding) -> Self {
        self.endpoint.decoding = decoding;
        self
    }

    /// Another token endpoint (default `https://zoom.us/oauth/token`), e.g. a local mock server.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint.url = url.into();
        self.cache = Arc::default();
        self
    }

    /// A preconfigured `reqwest` client (proxies, TLS) for token requests.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.endpoint.http = Some(http);
        self
    }

    /// Fetch a new token this long before the current one expires (default 60 s).
    pub fn expiry_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// A token valid for at least the expiry margin, from the cache or fetched. Concurrent
    /// callers share one fetch.
    pub async fn access_token(&self) -> Result<AccessToken, AuthError> {
        Ok(self.current().await?.tokens.access_token.clone())
    }

    /// The scopes of the latest token (`None` before the first).
    pub fn granted_scopes(&self) -> Option<ScopeSet> {
        self.cache.latest().map(|t| t.access_token.scopes())
    }

    pub(crate) fn cache(&self) -> &TokenCache {
        &self.cache
    }

    /// The cached token if it is usable now, without fetching.
    pub(crate) fn fresh(&self) -> Option<Cached> {
        self.cache.fresh(self.margin)
    }

    pub(crate) async fn current(&self) -> Result<Cached, AuthError> {
        self.cache
            .get(self.margin, |_| async {
                let grant = Secret::new("account_credentials");
                self.endpoint
                    .request(&[("grant_type", &grant), ("account_id", &self.account_id)], &[], Resend::Freely)
                    .await
            })
            .await
    }
}

impl fmt::Debug for ServerToServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerToServer")
            .field("account_id", &self.account_id)
            .field("client_id", &self.endpoint.client_id)
            .field("client_secret", &self.endpoint.client_secret)
            .field("token_url", &self.endpoint.url)
            .field("expiry_margin", &self.margin)
            .field("token", &self.cache.latest().map(|t| t.access_token.clone()))
            .finish()
    }
}
