//! [`SdkJwt`]: the short-lived HS256 JWTs that authorise the Video SDK and Cobrowse SDK APIs.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::cache::{Cached, DEFAULT_EXPIRY_MARGIN, TokenCache};
use super::error::AuthError;
use super::secret::Secret;
use super::token::{AccessToken, TokenSet, from_unix_seconds, unix_seconds};

/// How long a signed JWT is valid, by default.
pub const DEFAULT_JWT_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// JWTs signed with an SDK key and secret (HS256; claims `iss` = key, `iat` = now,
/// `exp` = now + lifetime), for the Video SDK and Cobrowse SDK REST APIs. A JWT is reused until
/// it comes within the expiry margin of its `exp`, then signed anew.
///
/// Cheap to clone; clones share the current JWT.
#[derive(Clone)]
pub struct SdkJwt {
    key: String,
    secret: Secret,
    lifetime: Duration,
    margin: Duration,
    cache: Arc<TokenCache>,
}

impl SdkJwt {
    pub fn new(key: impl Into<String>, secret: impl Into<String>) -> Self {
        SdkJwt {
            key: key.into(),
            secret: Secret::new(secret),
            lifetime: DEFAULT_JWT_LIFETIME,
            margin: DEFAULT_EXPIRY_MARGIN,
            cache: Arc::default(),
        }
    }

    /// How long each JWT is valid (default 30 minutes; at least twice the expiry margin
    /// is sensible).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self.cache = Arc::default();
        self
    }

    /// Sign a new JWT this long before the current one expires (default 60 s).
    pub fn expiry_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The current JWT, signed anew when it is about to expire.
    pub fn access_token(&self) -> Result<AccessToken, AuthError> {
        Ok(self.current()?.tokens.access_token.clone())
    }

    /// A JWT issued at `now`, valid for the lifetime (not cached).
    pub fn sign_at(&self, now: SystemTime) -> AccessToken {
        let iat = unix_seconds(now);
        let exp = iat.saturating_add(i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX));
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = serde_json::json!({ "iss": self.key, "iat": iat, "exp": exp });
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signing_input = format!("{header}.{payload}");
        let signature =
            URL_SAFE_NO_PAD.encode(crate::hmac_sha256::sign(self.secret.expose().as_bytes(), signing_input.as_bytes()));
        AccessToken {
            value: Secret::new(format!("{signing_input}.{signature}")),
            token_type: "JWT".to_owned(),
            expires_at: from_unix_seconds(exp),
            scope: None,
        }
    }

    pub(crate) fn cache(&self) -> &TokenCache {
        &self.cache
    }

    /// The cached token if it is usable now, without fetching.
    pub(crate) fn fresh(&self) -> Option<Cached> {
        self.cache.fresh(self.margin)
    }

    pub(crate) fn current(&self) -> Result<Cached, AuthError> {
        self.cache.get_sync(self.margin, || Ok(TokenSet::new(self.sign_at(SystemTime::now()), None)))
    }
}

impl fmt::Debug for SdkJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SdkJwt")
            .field("key", &self.key)
            .field("secret", &self.secret)
            .field("lifetime", &self.lifetime)
            .field("expiry_margin", &self.margin)
            .finish()
    }
}
