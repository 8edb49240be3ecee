//! [`TokenCache`]: the current token, an expiry margin, and a single-flight refresh.
//!
//! Callers read the current token under a short `std` read lock (the fast path). When it is
//! missing, invalidated or within the margin of its expiry, they queue on an async refresh gate;
//! the first through fetches, and the others, finding on their turn that a fetch completed
//! while they waited, take its token (or its error) instead of fetching again. So N concurrent
//! callers on an expired token cause exactly one token request.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::error::AuthError;
use super::token::TokenSet;

/// Refresh this long before a token expires, by default: a request sent with a token about to
/// expire could arrive after it has.
pub const DEFAULT_EXPIRY_MARGIN: Duration = Duration::from_secs(60);

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
        Cached { tokens, header, generation: slot.generation }
    }

    /// Records a failed fetch (call under the gate), so that the callers waiting for it get
    /// its error rather than each sending a request of their own.
    pub(crate) fn fail(&self, error: &AuthError) {
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
