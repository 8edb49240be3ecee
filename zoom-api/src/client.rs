//! The client and its configuration: base URL, credentials, HTTP connection pool, scope check,
//! retry policy and throttle.

use std::fmt;
use std::sync::Arc;

use crate::retry::RetryPolicy;
use crate::scopes::ScopeSet;
use crate::throttle::Throttle;

/// Zoom's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.zoom.us/v2";

/// A Zoom API client. Cheap to clone; clones share the connection pool, the token cache and the
/// throttle.
///
/// ```no_run
/// # async fn run() -> Result<(), zoom_api::Error> {
/// let client = zoom_api::Client::new("access-token");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) token: Option<Secret>,
    /// When set, calls the token's scopes do not authorise are refused before sending.
    pub(crate) scopes: Option<ScopeSet>,
    pub(crate) retry: RetryPolicy,
    pub(crate) throttle: Option<Throttle>,
    pub(crate) max_response_bytes: usize,
}

/// A credential that never shows in `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("token", &inner.token)
            .field("scopes", &inner.scopes)
            .field("retry", &inner.retry)
            .field("throttle", &inner.throttle.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `https://api.zoom.us/v2` that sends `access_token` as a bearer token.
    pub fn new(access_token: impl Into<String>) -> Self {
        Client::builder().bearer_token(access_token).build()
    }

    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: None,
            http: None,
            scopes: None,
            retry: RetryPolicy::default(),
            throttle: None,
            max_response_bytes: ClientBuilder::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    token: Option<Secret>,
    http: Option<reqwest::Client>,
    scopes: Option<ScopeSet>,
    retry: RetryPolicy,
    throttle: Option<Throttle>,
    max_response_bytes: usize,
}

impl ClientBuilder {
    /// The default for [`ClientBuilder::max_response_bytes`]: 64 MiB.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

    /// An access token to send as is (`Authorization: Bearer …`).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret(token.into()));
        self
    }

    /// Another base URL, e.g. a local mock server. A trailing `/` is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// A preconfigured `reqwest` client (timeouts, proxies, TLS).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The scopes the token holds (the token response's `scope` field, see
    /// [`ScopeSet::from_token`]). With them, the client refuses a call none of them authorises
    /// with [`Error::MissingScope`](crate::Error::MissingScope), naming the scopes that would,
    /// before anything is sent. Without (the default), every call goes to Zoom, which answers
    /// such calls with code 4711.
    pub fn scopes(mut self, scopes: ScopeSet) -> Self {
        self.scopes = Some(scopes);
        self
    }

    /// When and how often to retry (see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Paces requests to stay under Zoom's per-second limits (off by default).
    pub fn throttle(mut self, throttle: Throttle) -> Self {
        self.throttle = Some(throttle);
        self
    }

    /// The largest answer the client reads; a larger one fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) instead of filling memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    pub fn build(self) -> Client {
        Client {
            inner: Arc::new(Inner {
                http: self.http.unwrap_or_default(),
                base_url: self.base_url,
                token: self.token,
                scopes: self.scopes,
                retry: self.retry,
                throttle: self.throttle,
                max_response_bytes: self.max_response_bytes,
            }),
        }
    }
}
