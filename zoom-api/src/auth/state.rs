//! [`StateStore`]: the OAuth `state` values issued with authorization URLs, each with its PKCE
//! verifier, checked once when the user comes back.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::error::AuthError;
use super::secret::Secret;
use super::store::StoreFuture;

/// How long a user has to complete an authorization, by default.
pub const DEFAULT_STATE_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// An authorization started with [`UserOAuth::start_authorization`](super::UserOAuth::start_authorization)
/// and not yet completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAuthorization {
    /// The PKCE code verifier whose challenge went into the authorization URL.
    pub verifier: Secret,
    /// The redirect URI of the authorization URL, which the code exchange must repeat.
    pub redirect_uri: String,
}

/// Where pending authorizations wait for their callback. The default, [`MemoryStateStore`],
/// suits one process; a service behind a load balancer, whose callback may reach another
/// instance, implements this over a shared store.
///
/// Methods return boxed futures so that the trait stays usable as `dyn StateStore`.
pub trait StateStore: Send + Sync + fmt::Debug {
    /// Records a new `state` and what its callback needs.
    fn insert<'a>(&'a self, state: &'a str, pending: PendingAuthorization) -> StoreFuture<'a, ()>;

    /// Takes the pending authorization of `state`, once: a second take of the same state is
    /// [`AuthError::StateReplayed`], a state never inserted [`AuthError::UnknownState`], one
    /// past its lifetime [`AuthError::StateExpired`].
    fn take<'a>(&'a self, state: &'a str) -> StoreFuture<'a, PendingAuthorization>;
}

/// Pending authorizations in memory, each valid for a lifetime (10 minutes by default). A used
/// or expired state is remembered for one more lifetime, to tell a replay from an unknown state.
pub struct MemoryStateStore {
    lifetime: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    issued: Instant,
    /// `None` once taken.
    pending: Option<PendingAuthorization>,
}

impl MemoryStateStore {
    pub fn new() -> Self {
        MemoryStateStore::with_lifetime(DEFAULT_STATE_LIFETIME)
    }

    pub fn with_lifetime(lifetime: Duration) -> Self {
        MemoryStateStore { lifetime, entries: Mutex::new(HashMap::new()) }
    }

    /// How many states are remembered (pending, used or expired).
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn insert_now(&self, state: &str, pending: PendingAuthorization) {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let keep = self.lifetime.saturating_mul(2);
        entries.retain(|_, entry| now.saturating_duration_since(entry.issued) <= keep);
        entries.insert(state.to_owned(), Entry { issued: now, pending: Some(pending) });
    }

    fn take_now(&self, state: &str) -> Result<PendingAuthorization, AuthError> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get_mut(state).ok_or(AuthError::UnknownState)?;
        let pending = entry.pending.take().ok_or(AuthError::StateReplayed)?;
        if entry.issued.elapsed() > self.lifetime {
            return Err(AuthError::StateExpired);
        }
        Ok(pending)
    }
}

impl Default for MemoryStateStore {
    fn default() -> Self {
        MemoryStateStore::new()
    }
}

impl fmt::Debug for MemoryStateStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStateStore").field("lifetime", &self.lifetime).field("states", &self.len()).finish()
    }
}

impl StateStore for MemoryStateStore {
    fn insert<'a>(&'a self, state: &'a str, pending: PendingAuthorization) -> StoreFuture<'a, ()> {
        self.insert_now(state, pending);
        Box::pin(std::future::ready(Ok(())))
    }

    fn take<'a>(&'a self, state: &'a str) -> StoreFuture<'a, PendingAuthorization> {
        Box::pin(std::future::ready(self.take_now(state)))
    }
}
