//! [`UserOAuth`]: Zoom's user-level OAuth: the authorization-code flow with PKCE, then refresh.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use zoom_scopes::ScopeSet;

use super::cache::{Cached, DEFAULT_EXPIRY_MARGIN, TokenCache};
use super::endpoint::{Endpoint, Resend};
use super::error::AuthError;
use super::pkce;
use super::secret::Secret;
use super::state::{MemoryStateStore, PendingAuthorization, StateStore};
use super::store::{MemoryTokenStore, RefreshLease, TokenStore};
use super::token::{AccessToken, TokenSet};

/// Zoom's authorization page.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://zoom.us/oauth/authorize";

/// User OAuth (authorization code with PKCE): the app sends the user to Zoom's authorization
/// page, Zoom sends them back with a code, the code becomes an access token and a refresh token,
/// and the refresh token renews the access token from then on.
///
/// Zoom rotates refresh tokens, so every token set is saved to the [`TokenStore`] as it arrives,
/// and a new `UserOAuth` over the same store starts from the tokens saved there. Should the
/// store fail, the tokens are used all the same: they are kept in memory, saved again on each
/// later call until the store takes them, and the failure is logged (`error` level) and kept
/// in [`UserOAuth::last_store_error`]. A store that cannot be read (a damaged file) does not
/// stop a refresh with the refresh token in memory either. One
/// `UserOAuth` holds one user's tokens: an app acting for many users keeps one per user, e.g.
/// `template.clone().token_store(store_of_that_user)` (a new token store starts a new token
/// cache; the [`StateStore`] stays shared). Cheap to clone; clones share the cached token.
///
/// ```no_run
/// # async fn run(code: &str, state: &str) -> Result<(), zoom_client::auth::AuthError> {
/// use std::sync::Arc;
/// use zoom_client::auth::{FileTokenStore, UserOAuth};
/// let oauth = UserOAuth::new("client-id", "client-secret", "https://app.example/oauth/callback")
///     .token_store(Arc::new(FileTokenStore::new("/var/lib/app/zoom-token.json")));
/// // 1. Send the user to Zoom.
/// let start = oauth.start_authorization().await?;
/// println!("open {}", start.url);
/// // 2. In the callback handler, with the `code` and `state` query parameters:
/// oauth.exchange_code(code, state).await?;
/// // 3. From then on (and after a restart), tokens come from the store and refresh themselves.
/// let token = oauth.access_token().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct UserOAuth {
    endpoint: Endpoint,
    redirect_uri: String,
    authorize_url: String,
    margin: Duration,
    tokens: Arc<dyn TokenStore>,
    states: Arc<dyn StateStore>,
    cache: Arc<TokenCache>,
    persist: Arc<Persist>,
}

/// What the token store has not taken yet.
#[derive(Default)]
struct Persist {
    /// Set while `unsaved` holds tokens: checked on every call, so an atomic rather than a lock.
    pending: AtomicBool,
    state: Mutex<PersistState>,
    /// Held while saving, so that concurrent calls do not save the same tokens at once.
    saving: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct PersistState {
    /// The newest tokens, when a save of them failed: the rotated refresh token lives here
    /// until the store takes it.
    unsaved: Option<Arc<TokenSet>>,
    /// The store's latest failure, until a save succeeds.
    error: Option<AuthError>,
}

impl Persist {
    fn state(&self) -> std::sync::MutexGuard<'_, PersistState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Where to send the user, and the `state` that will come back with the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationStart {
    /// The authorization URL: `response_type=code`, client id, redirect URI, state and the S256
    /// PKCE challenge.
    pub url: String,
    /// The `state` parameter of `url`, recorded in the [`StateStore`].
    pub state: String,
}

impl UserOAuth {
    /// `redirect_uri` must be one of the app's registered redirect URLs.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        UserOAuth {
            endpoint: Endpoint::new(client_id.into(), Secret::new(client_secret)),
            redirect_uri: redirect_uri.into(),
            authorize_url: DEFAULT_AUTHORIZE_URL.to_owned(),
            margin: DEFAULT_EXPIRY_MARGIN,
            tokens: Arc::new(MemoryTokenStore::new()),
            states: Arc::new(MemoryStateStore::new()),
            cache: Arc::default(),
            persist: Arc::default(),
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

    /// Another authorization page (default `https://zoom.us/oauth/authorize`).
    pub fn authorize_url(mut self, url: impl Into<String>) -> Self {
        self.authorize_url = url.into();
        self
    }

    /// A preconfigured `reqwest` client (proxies, TLS) for token requests.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.endpoint.http = Some(http);
        self
    }

    /// Refresh this long before the access token expires (default 60 s).
    pub fn expiry_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Where tokens are kept (default: in memory, lost with the process).
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.tokens = store;
        self.cache = Arc::default();
        self.persist = Arc::default();
        self
    }

    /// Where pending authorizations wait for their callback (default: in memory, 10 minutes).
    pub fn state_store(mut self, store: Arc<dyn StateStore>) -> Self {
        self.states = store;
        self
    }

    /// Starts an authorization: a fresh `state` and PKCE verifier, recorded in the state store,
    /// and the URL to send the user to.
    pub async fn start_authorization(&self) -> Result<AuthorizationStart, AuthError> {
        let state = pkce::state()?;
        let verifier = pkce::verifier()?;
        let mut url = reqwest::Url::parse(&self.authorize_url)
            .map_err(|e| AuthError::Config(format!("invalid authorize URL {:?}: {e}", self.authorize_url)))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.endpoint.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("state", &state)
            .append_pair("code_challenge", &pkce::challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        let pending = PendingAuthorization { verifier, redirect_uri: self.redirect_uri.clone() };
        self.states.insert(&state, pending).await?;
        Ok(AuthorizationStart { url: url.into(), state })
    }

    /// Completes an authorization with the `code` and `state` of the callback: checks the state
    /// (once: [`AuthError::UnknownState`], [`AuthError::StateReplayed`],
    /// [`AuthError::StateExpired`]), exchanges the code with its PKCE verifier, and saves the
    /// tokens to the token store.
    ///
    /// The state is used up even when the exchange fails: the user starts again.
    /// If the token store fails, the tokens are still used (and saved again on each later call
    /// until the store takes them), and the store's error is returned.
    pub async fn exchange_code(&self, code: &str, state: &str) -> Result<AccessToken, AuthError> {
        let pending = self.states.take(state).await?;
        let code = Secret::new(code);
        let grant = Secret::new("authorization_code");
        let redirect_uri = Secret::new(pending.redirect_uri);
        let form = [
            ("grant_type", &grant),
            ("code", &code),
            ("redirect_uri", &redirect_uri),
            ("code_verifier", &pending.verifier),
        ];
        let _gate = self.cache.gate().await;
        let tokens = match self.endpoint.request(&form, &[&code, &pending.verifier], Resend::IfUnsent).await {
            Ok(tokens) => tokens,
            Err(error) => {
                self.cache.fail_without_backoff(&error);
                return Err(error);
            }
        };
        let cached = self.cache.install(tokens);
        self.save(&cached.tokens).await?;
        Ok(cached.tokens.access_token.clone())
    }

    /// An access token valid for at least the expiry margin: the cached one, else the stored one
    /// (after a restart), else a refreshed one (saved to the store before it is returned).
    /// Concurrent callers share one refresh. [`AuthError::NotAuthorized`] when there is no token
    /// yet.
    pub async fn access_token(&self) -> Result<AccessToken, AuthError> {
        Ok(self.current().await?.tokens.access_token.clone())
    }

    /// The scopes of the latest token (`None` before the first).
    pub fn granted_scopes(&self) -> Option<ScopeSet> {
        self.cache.latest().map(|t| t.access_token.scopes())
    }

    /// The token store's latest failure ([`AuthError::Store`], or whatever the store returned),
    /// from a failed save or load until the newest tokens are saved. While it is `Some`, the
    /// rotated refresh token may exist only in memory: a restart then needs the user's consent
    /// again. Each failure is also logged at `error` level.
    pub fn last_store_error(&self) -> Option<AuthError> {
        self.persist.state().error.clone()
    }

    /// Saves `tokens`; on failure keeps them to save again on the next call, and records and
    /// logs the error.
    async fn save(&self, tokens: &Arc<TokenSet>) -> Result<(), AuthError> {
        let _saving = self.persist.saving.lock().await;
        self.save_now(tokens).await
    }

    /// [`UserOAuth::save`], holding the persist lock.
    async fn save_now(&self, tokens: &Arc<TokenSet>) -> Result<(), AuthError> {
        let outcome = self.tokens.save(tokens).await;
        let mut state = self.persist.state();
        match &outcome {
            Ok(()) => {
                // A newer token set may have failed to save while this one was being saved.
                if state.unsaved.as_ref().is_none_or(|unsaved| Arc::ptr_eq(unsaved, tokens)) {
                    state.unsaved = None;
                    state.error = None;
                    self.persist.pending.store(false, Ordering::Release);
                }
            }
            Err(error) => {
                drop(state);
                self.keep_unsaved(tokens, error.clone());
            }
        }
        outcome
    }

    /// Keeps tokens the store did not take, to save again on the next call, and records and
    /// logs the store's error.
    fn keep_unsaved(&self, tokens: &Arc<TokenSet>, error: AuthError) {
        tracing::error!(
            error = %error,
            "the token store did not save the new tokens; kept in memory, saved again on the next call"
        );
        let mut state = self.persist.state();
        state.unsaved = Some(tokens.clone());
        state.error = Some(error);
        self.persist.pending.store(true, Ordering::Release);
    }

    /// Saves the tokens a failed save left in memory, if any, unless another call is saving:
    /// one attempt at a time, however many calls come while the store is failing.
    async fn save_pending(&self) {
        if !self.persist.pending.load(Ordering::Acquire) {
            return;
        }
        let Ok(_saving) = self.persist.saving.try_lock() else { return };
        let unsaved = self.persist.state().unsaved.clone();
        if let Some(unsaved) = unsaved {
            // The outcome is recorded and logged; the call goes on with its valid token.
            let _ = self.save_now(&unsaved).await;
        }
    }

    pub(crate) fn cache(&self) -> &TokenCache {
        &self.cache
    }

    /// The cached token if it is usable now, without fetching; `None` also while tokens wait to
    /// be saved, so that the call goes through [`UserOAuth::current`], which saves them.
    pub(crate) fn fresh(&self) -> Option<Cached> {
        if self.persist.pending.load(Ordering::Acquire) {
            return None;
        }
        self.cache.fresh(self.margin)
    }

    pub(crate) async fn current(&self) -> Result<Cached, AuthError> {
        if let Some(cached) = self.cache.fresh(self.margin) {
            self.save_pending().await;
            return Ok(cached);
        }
        if let Some(failure) = self.cache.backing_off() {
            return Err(failure);
        }
        let seen = self.cache.seen();
        let _gate = self.cache.gate().await;
        if let Some(outcome) = self.cache.after_wait(seen, self.margin) {
            return outcome;
        }
        match self.renew().await {
            Ok(cached) => Ok(cached),
            Err(error) => {
                self.cache.fail(&error);
                Err(error)
            }
        }
    }

    /// Under the gate: a token that is fresh again, from the store or refreshed. A store shared
    /// by several processes first gives this one the right to refresh (waiting while another
    /// holds it), so that one refresh token is used once.
    async fn renew(&self) -> Result<Cached, AuthError> {
        let Some(lease) = self.tokens.lock_refresh().await? else {
            return self.renew_holding(None).await.map(|(cached, _)| cached);
        };
        let outcome = self.renew_holding(Some(&lease)).await;
        // Tokens that could not be saved stay locked in: unlocked, another process would refresh
        // with the refresh token they retired. The lease expires on its own.
        if !matches!(outcome, Ok((_, Saved::Failed)))
            && let Err(error) = self.tokens.unlock(&lease).await
        {
            tracing::warn!(error = %error, "cannot give back the refresh lock; it expires on its own");
        }
        outcome.map(|(cached, _)| cached)
    }

    /// [`renew`](Self::renew), holding `lease` if the store gave one.
    async fn renew_holding(&self, lease: Option<&RefreshLease>) -> Result<(Cached, Saved), AuthError> {
        let tokens = match self.load_or_refresh().await? {
            Renewed::Loaded(tokens) => return Ok((self.cache.install(tokens), Saved::Unchanged)),
            Renewed::Refreshed(tokens) => tokens,
        };
        let cached = self.cache.install(tokens);
        let Some(lease) = lease else {
            // The refresh succeeded, so the call goes on whatever the store does: a failed
            // save keeps the rotated refresh token in memory and is retried on the next call.
            let saved = if self.save(&cached.tokens).await.is_ok() { Saved::Done } else { Saved::Failed };
            return Ok((cached, saved));
        };
        match self.tokens.save_refreshed(&cached.tokens, lease).await {
            Ok(true) => Ok((cached, Saved::Done)),
            Ok(false) => {
                // Another process saved newer tokens (this lease had expired): theirs win.
                tracing::warn!("the token store holds newer tokens than this refresh; using those");
                match self.tokens.load().await {
                    Ok(Some(stored)) => Ok((self.cache.install(stored), Saved::Unchanged)),
                    _ => Ok((cached, Saved::Unchanged)),
                }
            }
            Err(error) => {
                self.keep_unsaved(&cached.tokens, error);
                Ok((cached, Saved::Failed))
            }
        }
    }

    /// The store's tokens when they are newer than the cached ones and fresh (after a restart,
    /// or when another instance sharing the store refreshed), else a refresh with the newest
    /// refresh token there is.
    async fn load_or_refresh(&self) -> Result<Renewed, AuthError> {
        let previous = self.cache.latest();
        let stored = match self.tokens.load().await {
            // Tokens a failed save left in memory are newer than the store's, whose refresh
            // token Zoom has retired.
            Ok(_) if self.persist.pending.load(Ordering::Acquire) => None,
            Ok(stored) => stored,
            // A store that cannot be read (a damaged file) does not stop a refresh with the
            // refresh token in memory; the save after it replaces what is stored.
            Err(error) if previous.as_ref().is_some_and(|p| p.refresh_token.is_some()) => {
                tracing::error!(error = %error, "cannot read the token store; refreshing with the token in memory");
                self.persist.state().error = Some(error);
                None
            }
            Err(error) => return Err(error),
        };
        let newer_stored = stored.as_ref().filter(|s| match &previous {
            None => true,
            Some(p) => {
                s.access_token.secret() != p.access_token.secret()
                    && s.access_token.expires_at() >= p.access_token.expires_at()
            }
        });
        if let Some(stored) = newer_stored
            && !stored.access_token.expires_within(self.margin)
        {
            return Ok(Renewed::Loaded(stored.clone()));
        }
        let refresh_token = newer_stored
            .and_then(|s| s.refresh_token.clone())
            .or_else(|| previous.as_ref().and_then(|p| p.refresh_token.clone()))
            .or_else(|| stored.as_ref().and_then(|s| s.refresh_token.clone()))
            .ok_or(AuthError::NotAuthorized)?;
        let grant = Secret::new("refresh_token");
        let mut tokens = self
            .endpoint
            .request(&[("grant_type", &grant), ("refresh_token", &refresh_token)], &[&refresh_token], Resend::IfUnsent)
            .await?;
        // Zoom always rotates; should an answer lack a new refresh token, keep the old one.
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token);
        }
        Ok(Renewed::Refreshed(tokens))
    }
}

enum Renewed {
    Loaded(TokenSet),
    Refreshed(TokenSet),
}

/// What became of a renewed token set in the store.
enum Saved {
    /// Nothing to save: it came from the store.
    Unchanged,
    Done,
    Failed,
}

impl fmt::Debug for UserOAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserOAuth")
            .field("client_id", &self.endpoint.client_id)
            .field("client_secret", &self.endpoint.client_secret)
            .field("redirect_uri", &self.redirect_uri)
            .field("authorize_url", &self.authorize_url)
            .field("token_url", &self.endpoint.url)
            .field("expiry_margin", &self.margin)
            .field("token_store", &self.tokens)
            .field("state_store", &self.states)
            .field("token", &self.cache.latest().map(|t| t.access_token.clone()))
            .finish()
    }
}
