//! The client: base URL, credentials and the HTTP connection pool.

use std::fmt;

use crate::error::{ApiError, Error, MissingScope};
use crate::request::{Body, Request, Response};
use crate::scopes::{Access, ScopeSet};

/// Zoom's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.zoom.us/v2";

/// A Zoom API client. Cheap to clone; clones share the connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), zoom_api::Error> {
/// let client = zoom_api::Client::new("access-token");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Secret,
    /// When set, calls the token's scopes do not authorise are refused before sending.
    scopes: Option<ScopeSet>,
}

/// A credential that never shows in `Debug` output.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `https://api.zoom.us/v2` that sends `access_token` as a bearer token.
    pub fn new(access_token: impl Into<String>) -> Self {
        Client::builder(access_token).build()
    }

    pub fn builder(access_token: impl Into<String>) -> ClientBuilder {
        ClientBuilder { base_url: DEFAULT_BASE_URL.to_owned(), token: access_token.into(), http: None, scopes: None }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends a request built by generated code. Non-2xx answers become [`Error::Api`].
    pub async fn execute(&self, request: Request) -> Result<Response, Error> {
        let operation = request.operation;
        if let Some(scopes) = &self.scopes
            && operation.auth == crate::AuthKind::OAuth
            && let Access::Missing { classic, granular } = scopes.allows(operation)
        {
            return Err(Error::MissingScope(Box::new(MissingScope { operation: operation.id, classic, granular })));
        }
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| Error::Config(format!("{}: invalid URL: {e}", operation.id)))?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        let method = reqwest::Method::from_bytes(operation.method.as_str().as_bytes())
            .map_err(|e| Error::Config(format!("{}: {e}", operation.id)))?;
        let transport = |source| Error::Transport { operation: operation.id, source };
        let mut builder = self.http.request(method, url).bearer_auth(&self.token.0);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        builder = match request.body {
            Body::None => builder,
            Body::Json(value) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(&value).unwrap_or_default()),
            Body::Multipart(form) => builder.multipart(form.into_form().map_err(transport)?),
        };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let tracking_id = headers.get("x-zm-trackingid").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?.to_vec();
        if !(200..300).contains(&status) {
            let parsed: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
            let field = |name: &str| parsed.as_ref().and_then(|v| v.get(name)).cloned();
            return Err(Error::Api(Box::new(ApiError {
                operation: operation.id,
                status,
                code: field("code").and_then(|c| c.as_i64()),
                message: field("message").and_then(|m| m.as_str().map(str::to_owned)),
                body: String::from_utf8_lossy(&body).into_owned(),
                tracking_id,
            })));
        }
        Ok(Response { operation, status, tracking_id, headers, body })
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    token: String,
    http: Option<reqwest::Client>,
    scopes: Option<ScopeSet>,
}

impl ClientBuilder {
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
    /// with [`Error::MissingScope`], naming the scopes that would, before anything is sent.
    /// Without (the default), every call goes to Zoom, which answers such calls with code 4711.
    pub fn scopes(mut self, scopes: ScopeSet) -> Self {
        self.scopes = Some(scopes);
        self
    }

    pub fn build(self) -> Client {
        let http = self.http.unwrap_or_default();
        Client { http, base_url: self.base_url, token: Secret(self.token), scopes: self.scopes }
    }
}
