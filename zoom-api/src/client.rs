//! The client and its configuration: base URL, credentials, HTTP connection pool, scope check,
//! retry policy and throttle.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::Credentials;
use crate::json::Decoding;
use crate::retry::RetryPolicy;
use crate::scopes::ScopeSet;
use crate::throttle::Throttle;

/// Zoom's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.zoom.us/v2";

/// A Zoom API client. Cheap to clone; clones share the connection pool, the token cache and the
/// throttle.
///
/// ```no_run
/// # async fn run() -> Result<(), zoom_client::Error> {
/// let client = zoom_client::Client::new("access-token");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Answers calls instead of the network (feature `mock`).
    #[cfg(feature = "mock")]
    pub(crate) mock: Option<crate::mock::MockZoom>,
    pub(crate) base_url: String,
    /// `None` sends no `Authorization` header.
    pub(crate) credentials: Option<Credentials>,
    pub(crate) scope_check: ScopeCheck,
    pub(crate) retry: RetryPolicy,
    pub(crate) throttle: Option<Throttle>,
    pub(crate) max_response_bytes: usize,
    pub(crate) decoding: Decoding,
    /// The longest one attempt may take, from connecting to the last byte of the answer.
    pub(crate) timeout: Duration,
}

/// Whether the client refuses, before sending, calls the token's scopes do not authorise.
#[derive(Debug, Clone)]
pub(crate) enum ScopeCheck {
    Off,
    /// Against scopes the application stated.
    Fixed(ScopeSet),
    /// Against the `scope` field of the latest token response.
    Granted,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials)
            .field("scope_check", &inner.scope_check)
            .field("retry", &inner.retry)
            .field("throttle", &inner.throttle.is_some())
            .field("timeout", &inner.timeout)
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
            credentials: None,
            http: None,
            scope_check: ScopeCheck::Off,
            retry: RetryPolicy::default(),
            throttle: None,
            max_response_bytes: ClientBuilder::DEFAULT_MAX_RESPONSE_BYTES,
            decoding: Decoding::Tolerant,
            connect_timeout: ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
            timeout: ClientBuilder::DEFAULT_TIMEOUT,
            #[cfg(feature = "mock")]
            mock: None,
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
    credentials: Option<Credentials>,
    http: Option<reqwest::Client>,
    scope_check: ScopeCheck,
    retry: RetryPolicy,
    throttle: Option<Throttle>,
    max_response_bytes: usize,
    decoding: Decoding,
    connect_timeout: Duration,
    timeout: Duration,
    #[cfg(feature = "mock")]
    mock: Option<crate::mock::MockZoom>,
}

impl ClientBuilder {
    /// The default for [`ClientBuilder::max_response_bytes`]: 64 MiB.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

    /// The default for [`ClientBuilder::connect_timeout`]: 10 s. Connecting (DNS, TCP and TLS)
    /// to a reachable Zoom takes well under a second; longer means an unreachable host.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The default for [`ClientBuilder::timeout`]: 60 s. Zoom answers API calls within seconds;
    /// a minute leaves room for a large download (the 64 MiB default answer limit at about
    /// 1 MiB/s) and still ends a call to a server that has stopped answering.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// An access token to send as is (`Authorization: Bearer …`), never refreshed.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::bearer(token));
        self
    }

    /// How to authorise requests: [`ServerToServer`](crate::auth::ServerToServer) or
    /// [`UserOAuth`](crate::auth::UserOAuth) tokens (cached, refreshed before they expire, and
    /// refreshed once more if Zoom answers code 124), [`SdkJwt`](crate::auth::SdkJwt) for the
    /// Video SDK and Cobrowse SDK APIs, or [`Credentials::bearer`].
    ///
    /// ```no_run
    /// use zoom_client::auth::ServerToServer;
    /// let client = zoom_client::Client::builder()
    ///     .credentials(ServerToServer::new("account-id", "client-id", "client-secret"))
    ///     .check_scopes()
    ///     .build();
    /// ```
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// Another base URL, e.g. a local mock server. A trailing `/` is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// A preconfigured `reqwest` client (proxies, TLS, connection pool).
    ///
    /// [`ClientBuilder::timeout`] still bounds every attempt made through it, in place of any
    /// timeout set on the `reqwest::Client` (reqwest lets a request's own timeout override the
    /// client's). [`ClientBuilder::connect_timeout`] does not apply, since reqwest fixes it when
    /// a client is built: set it on the `reqwest::ClientBuilder`, or rely on the attempt's
    /// timeout, which covers connecting too.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How long connecting to Zoom (DNS, TCP, TLS) may take before the attempt fails with
    /// [`Error::Transport`](crate::Error::Transport) (default
    /// [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT), 10 s). Nothing reached Zoom,
    /// so the retry policy may send the call again whatever its method. Not applied to a client
    /// given with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte of the answer, before
    /// it fails with [`Error::Transport`](crate::Error::Transport) ([`Error::is_timeout`](crate::Error::is_timeout)
    /// is true); default [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), 60 s. It ends a call to a
    /// server that accepts and never answers, or trickles its answer. Each retry has the full
    /// timeout again, within the retry policy's [`max_elapsed`](crate::RetryPolicy::max_elapsed).
    /// Applies to a client given with [`ClientBuilder::http_client`] too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The scopes the token holds (the token response's `scope` field, see
    /// [`ScopeSet::from_token`]). With them, the client refuses a call none of them authorises
    /// with [`Error::MissingScope`](crate::Error::MissingScope), naming the scopes that would,
    /// before anything is sent. Without (the default), every call goes to Zoom, which answers
    /// such calls with code 4711.
    pub fn scopes(mut self, scopes: ScopeSet) -> Self {
        self.scope_check = ScopeCheck::Fixed(scopes);
        self
    }

    /// Like [`ClientBuilder::scopes`], with the scopes of the OAuth token the client fetched
    /// itself: the `scope` field of the latest token response. Calls go through unchecked while
    /// no token response has named scopes (bearer tokens, SDK JWTs).
    pub fn check_scopes(mut self) -> Self {
        self.scope_check = ScopeCheck::Granted;
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

    /// How answers are read: [`Decoding::Tolerant`] (the default) reads an answer that differs
    /// from Zoom's document all the same and reports each difference
    /// ([`Answer::deviations`](crate::Answer::deviations), and a `warn` log once per operation
    /// and path); [`Decoding::Strict`] fails the call with [`Error::Decode`](crate::Error::Decode)
    /// naming the first one.
    pub fn decoding(mut self, decoding: Decoding) -> Self {
        self.decoding = decoding;
        self
    }

    /// Answers every call from `mock` instead of the network (see [`crate::mock`]).
    #[cfg(feature = "mock")]
    pub fn mock(mut self, mock: crate::mock::MockZoom) -> Self {
        self.mock = Some(mock);
        self
    }

    pub fn build(self) -> Client {
        Client {
            inner: Arc::new(Inner {
                // reqwest sets the connect timeout when a client is built; the timeout of the
                // whole attempt is set per request (see `execute`), so it bounds a given client too.
                http: self.http.unwrap_or_else(|| {
                    crate::tls::http_builder()
                        .connect_timeout(self.connect_timeout)
                        .build()
                        // As `reqwest::Client::new` does: only a TLS backend that cannot start fails.
                        .expect("cannot build the HTTP client")
                }),
                #[cfg(feature = "mock")]
                mock: self.mock,
                base_url: self.base_url,
                credentials: self.credentials,
                scope_check: self.scope_check,
                retry: self.retry,
                throttle: self.throttle,
                max_response_bytes: self.max_response_bytes,
                decoding: self.decoding,
                timeout: self.timeout,
            }),
        }
    }
}
