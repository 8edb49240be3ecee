//! [`TokenCache`]: the current token, an expiry margin, and a single-flight refresh.
//!
//! Callers read the current token under a short `std` read lock (the fast path). When it is
//! missing, invalidated or within the margin of its expiry, they queue on an async refresh gate;
//! the first through fetches, and the others, finding on their turn that a fetch completed
//! while they waited, take its token (or its error) instead of fetching again. So N concurrent
//! callers on an expired token cause exactly one token request.
//!
//! After a failed fetch, callers that come within a backoff get its error without a new
//! request: a token endpoint that keeps failing (wrong credentials, an outage) is asked about
//! once per backoff, not once per call. The backoff doubles with each failure in a row, from
//! [`FIRST_BACKOFF`] up to [`MAX_BACKOFF`], jittered so that many clients do not ask in step;
//! a token resets it.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::error::AuthError;
use super::token::TokenSet;

/// Refresh this long before a token expires, by default: a request sent with a token about to
/// expire could arrive after it has.
pub const DEFAULT_EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// After a failed fetch, callers get its error without a new request for a while: the first
/// backoff's ceiling, doubled by each failure in a row up to [`MAX_BACKOFF`].
pub(crate) const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// The longest backoff after failed fetches.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(30);

#[derive(Default)]
pub(crate) struct TokenCache {
    slot: RwLock<Slot>,
    gate: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Slot {
    tokens: Option<Arc<TokenSet>>,
    /// `Bearer <token>`, made once per token rather than once per request.
    header: Option<HeaderValue>,
    /// Bumped by every token installed; an [`Authorization`](super::Authorization) remembers the
    /// generation it was made from, so `invalidate` cannot drop a newer token.
    generation: u64,
    /// False once Zoom rejected the token: the next caller fetches anew.
    usable: bool,
    /// Bumped by every completed fetch, successful or not.
    fetches: u64,
    /// The error of the latest fetch, if it failed.
    failure: Option<AuthError>,
    /// Failed fetches in a row.
    failures: u32,
    /// Until when callers get `failure` instead of fetching (tokio's clock, so that tests can
    /// run it in paused time).
    backoff_until: Option<tokio::time::Instant>,
}

/// A token from the cache and the generation it was installed as.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    pub(crate) tokens: Arc<TokenSet>,
    /// The `Authorization` header for the token; `None` if the token cannot be a header value.
    pub(crate) header: Option<HeaderValue>,
    pub(crate) generation: u64,
}

/// What a caller saw before queueing on the refresh gate.
#[derive(Clone, Copy)]
pub(crate) struct Seen {
    generation: u64,
    fetches: u64,
}

impl TokenCache {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Slot> {
        self.slot.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Slot> {
        self.slot.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The current token when it is usable and not within `margin` of its expiry.
    pub(crate) fn fresh(&self, margin: Duration) -> Option<Cached> {
        let slot = self.read();
        let tokens = slot.tokens.as_ref().filter(|t| slot.usable && !t.access_token.expires_within(margin))?;
        Some(Cached { tokens: tokens.clone(), header: slot.header.clone(), generation: slot.generation })
    }

    /// The latest failure, while its backoff lasts: callers return it instead of fetching.
    pub(crate) fn backing_off(&self) -> Option<AuthError> {
        let slot = self.read();
        let until = slot.backoff_until?;
        (tokio::time::Instant::now() < until).then(|| slot.failure.clone()).flatten()
    }

    pub(crate) fn seen(&self) -> Seen {
        let slot = self.read();
        Seen { generation: slot.generation, fetches: slot.fetches }
    }

    /// Under the gate: the outcome of a fetch another caller completed since `seen` (its token
    /// while usable and unexpired, else its error), or a fresh token; `None` means fetch.
    pub(crate) fn after_wait(&self, seen: Seen, margin: Duration) -> Option<Result<Cached, AuthError>> {
        let slot = self.read();
        let current = slot.tokens.as_ref().filter(|_| slot.usable);
        if let Some(tokens) = current {
            let renewed = slot.generation != seen.generation && !tokens.access_token.expires_within(Duration::ZERO);
            if renewed || !tokens.access_token.expires_within(margin) {
                let header = slot.header.clone();
                return Some(Ok(Cached { tokens: tokens.clone(), header, generation: slot.generation }));
            }
        }
        if slot.fetches != seen.fetches
            && let Some(failure) = &slot.failure
        {
            return Some(Err(failure.clone()));
        }
        None
    }

    /// The refresh gate: hold it while fetching.
    pub(crate) async fn gate(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.gate.lock().await
    }

    /// The latest token, usable or not (its refresh token, its scopes).
    pub(crate) fn latest(&self) -> Option<Arc<TokenSet>> {
        self.read().tokens.clone()
    }

    /// Installs a fetched token (call under the gate).
    pub(crate) fn install(&self, tokens: TokenSet) -> Cached {
        let header = super::bearer_header(tokens.access_token.secret().expose());
        let mut slot = self.write();
        let tokens = Arc::new(tokens);
        slot.generation += 1;
        slot.tokens = Some(tokens.clone());
        slot.header = header.clone();
        slot.usable = true;
        slot.fetches += 1;
        slot.failure = None;
        slot.failures = 0;
        slot.backoff_until = None;
        Cached { tokens, header, generation: slot.generation }
    }

    /// Records a failed fetch (call under the gate), so that the callers waiting for it, and
    /// those that come within the backoff it starts, get its error rather than each sending a
    /// request of their own.
    pub(crate) fn fail(&self, error: &AuthError) {
        let mut slot = self.write();
        slot.fetches += 1;
        slot.failure = Some(error.clone());
        slot.failures = slot.failures.saturating_add(1);
        let backoff = crate::retry::doubling_backoff(FIRST_BACKOFF, slot.failures, MAX_BACKOFF);
        slot.backoff_until = Some(tokio::time::Instant::now() + backoff);
        tracing::warn!(
            error = %error,
            failures = slot.failures,
            backoff_ms = backoff.as_millis() as u64,
            "token request failed; calls get this error until the backoff is over"
        );
    }

    /// Records a failed fetch for the callers waiting for it, without a backoff: a failed code
    /// exchange says nothing about the refresh that may follow.
    pub(crate) fn fail_without_backoff(&self, error: &AuthError) {
        let mut slot = self.write();
        slot.fetches += 1;
        slot.failure = Some(error.clone());
    }

    /// Marks the token of `generation` unusable, unless a newer one replaced it already.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut slot = self.write();
        if slot.generation == generation {
            slot.usable = false;
        }
    }

    /// The usable token, fetching one through `fetch` (given the latest token, if any) when it
    /// is missing, invalidated or about to expire. Single-flight.
    pub(crate) async fn get<F, Fut>(&self, margin: Duration, fetch: F) -> Result<Cached, AuthError>
    where
        F: FnOnce(Option<Arc<TokenSet>>) -> Fut,
        Fut: Future<Output = Result<TokenSet, AuthError>>,
    {
        if let Some(cached) = self.fresh(margin) {
            return Ok(cached);
        }
        if let Some(failure) = self.backing_off() {
            return Err(failure);
        }
        let seen = self.seen();
        let _gate = self.gate().await;
        if let Some(outcome) = self.after_wait(seen, margin) {
            return outcome;
        }
        match fetch(self.latest()).await {
            Ok(tokens) => Ok(self.install(tokens)),
            Err(error) => {
                self.fail(&error);
                Err(error)
            }
        }
    }

    /// A token signed locally: no gate, signing twice in a race is harmless.
    pub(crate) fn get_sync(
        &self,
        margin: Duration,
        sign: impl FnOnce() -> Result<TokenSet, AuthError>,
    ) -> Result<Cached, AuthError> {
        if let Some(cached) = self.fresh(margin) {
            return Ok(cached);
        }
        Ok(self.install(sign()?))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::SystemTime;

    use super::*;
    use crate::auth::token::AccessToken;

    fn token() -> TokenSet {
        TokenSet::new(AccessToken::new("t", SystemTime::now() + Duration::from_secs(3600)), None)
    }

    /// Fetches through `cache`, counting the fetches, failing while `fail` is set.
    async fn get(cache: &TokenCache, fetches: &AtomicUsize, fail: bool) -> Result<Cached, AuthError> {
        cache
            .get(DEFAULT_EXPIRY_MARGIN, |_| async {
                fetches.fetch_add(1, Ordering::SeqCst);
                if fail { Err(AuthError::Config("down".into())) } else { Ok(token()) }
            })
            .await
    }

    #[tokio::test(start_paused = true)]
    async fn failures_back_off_growing_to_a_bound_and_a_success_resets_it() {
        let (cache, fetches) = (TokenCache::default(), AtomicUsize::new(0));
        for _ in 0..20 {
            assert!(matches!(get(&cache, &fetches, true).await, Err(AuthError::Config(_))));
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1, "the callers after a failure share its error");

        // The backoff after n failures lies in [½, 1] × min(1 s × 2^(n-1), 30 s).
        let mut ceiling = FIRST_BACKOFF;
        for failures in 1..=8 {
            tokio::time::advance(ceiling / 2 - Duration::from_millis(1)).await;
            get(&cache, &fetches, true).await.unwrap_err();
            assert_eq!(fetches.load(Ordering::SeqCst), failures, "still backing off after {failures}");
            tokio::time::advance(ceiling / 2 + Duration::from_millis(2)).await;
            get(&cache, &fetches, true).await.unwrap_err();
            assert_eq!(fetches.load(Ordering::SeqCst), failures + 1, "over after {failures}");
            ceiling = (ceiling * 2).min(MAX_BACKOFF);
        }
        assert_eq!(ceiling, MAX_BACKOFF);

        // A success ends the backoff; the next failure starts from the first step again.
        tokio::time::advance(MAX_BACKOFF).await;
        get(&cache, &fetches, false).await.expect("recovered");
        cache.invalidate(cache.seen().generation);
        get(&cache, &fetches, true).await.unwrap_err();
        let before = fetches.load(Ordering::SeqCst);
        tokio::time::advance(FIRST_BACKOFF + Duration::from_millis(1)).await;
        get(&cache, &fetches, true).await.unwrap_err();
        assert_eq!(fetches.load(Ordering::SeqCst), before + 1);
    }
}
