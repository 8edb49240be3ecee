//! [`RedisTokenStore`]: one user's OAuth tokens shared by every process acting for them.

use std::sync::Arc;
use std::time::Duration;

use ::redis::Script;

use super::{CallError, Redis};
use crate::auth::store::Stored;
use crate::auth::{AuthError, RefreshLease, StoreFuture, TokenSet, TokenStore};

/// How long the right to refresh lasts unless set: longer than a token request may take (30 s
/// an attempt, resent once when it could not be sent), so that only a holder that died or
/// stalled loses it.
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(75);

/// A user's tokens in Redis, for a [`UserOAuth`](crate::auth::UserOAuth) in each of several
/// processes: one refreshes at a time, the others wait and read the rotated tokens.
///
/// Zoom retires a refresh token when it is used, so two processes refreshing at once would
/// leave one with a dead token, and the user to consent again. Here a refresh is taken under a
/// lock (`SET NX PX` with a fencing number, given back only by its owner) that expires after
/// [`lock_ttl`](Self::lock_ttl), so a holder that crashed hands over; and tokens refreshed
/// under the lock are saved only if the stored version is still the one the lock found
/// (compare-and-set), so older tokens never overwrite newer ones.
///
/// When Redis does not answer, a refresh fails (closed), since this process cannot know that
/// no other is refreshing; a cached access token goes on being used until it expires.
///
/// Keys: `{prefix}:tokens:{name}` (a hash of the token set, JSON as [`FileTokenStore`] writes
/// it with the expiry in milliseconds besides, and its version), `…:lock` and `…:fence`. They hold secrets: give the Redis a password
/// and TLS where it is not on the host.
///
/// [`FileTokenStore`]: crate::auth::FileTokenStore
#[derive(Debug, Clone)]
pub struct RedisTokenStore {
    redis: Redis,
    key: Arc<str>,
    lock_ttl: Duration,
    lock_wait: Option<Duration>,
}

/// KEYS: tokens, lock, fence. ARGV: owner, TTL in ms. Returns {lease id, version} or nil when
/// another holds the lock.
const LOCK: &str = r"
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
local id = redis.call('INCR', KEYS[3]) .. ':' .. ARGV[1]
redis.call('SET', KEYS[2], id, 'PX', ARGV[2])
return {id, redis.call('HGET', KEYS[1], 'version') or '0'}
";

/// KEYS: tokens. ARGV: version expected, token set. 1 when saved, 0 when the version moved on.
const SAVE_REFRESHED: &str = r"
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'tokens', ARGV[2], 'version', version + 1)
return 1
";

/// KEYS: tokens. ARGV: token set.
const SAVE: &str = r"
redis.call('HSET', KEYS[1], 'tokens', ARGV[1])
return redis.call('HINCRBY', KEYS[1], 'version', 1)
";

/// KEYS: lock. ARGV: lease id. Deletes the lock only if this lease holds it.
const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

impl RedisTokenStore {
    /// The tokens of the user called `name` (the same in every process: their Zoom user id, say).
    pub fn new(redis: Redis, name: &str) -> Self {
        RedisTokenStore {
            key: Arc::from(redis.key(&["tokens", name])),
            redis,
            lock_ttl: DEFAULT_LOCK_TTL,
            lock_wait: None,
        }
    }

    /// How long the right to refresh lasts when its holder does not give it back (default
    /// [`DEFAULT_LOCK_TTL`]).
    pub fn lock_ttl(mut self, ttl: Duration) -> Self {
        self.lock_ttl = ttl.max(Duration::from_millis(1));
        self
    }

    /// How long a process waits for the right to refresh before its refresh fails (default:
    /// the lock's TTL and 5 s, so that a crashed holder's lock expires within it).
    pub fn lock_wait(mut self, wait: Duration) -> Self {
        self.lock_wait = Some(wait);
        self
    }

    fn lock_key(&self) -> String {
        format!("{}:lock", self.key)
    }

    async fn try_lock(&self) -> Result<Option<RefreshLease>, CallError> {
        static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(LOCK));
        // The fencing number alone makes each lease unique; the process id says whose it is.
        let owner = std::process::id();
        let mut call = SCRIPT.key(&*self.key);
        call.key(self.lock_key()).key(format!("{}:fence", self.key)).arg(owner).arg(super::millis(self.lock_ttl));
        let lease: Option<(String, u64)> = self.redis.invoke(&call).await?;
        Ok(lease.map(|(id, version)| RefreshLease::new(id, version)))
    }
}

fn store_error(error: CallError) -> AuthError {
    AuthError::store(format!("Redis token store: {error}"))
}

/// The stored token set, as [`FileTokenStore`](crate::auth::FileTokenStore) writes it, and its
/// expiry to the millisecond: with whole seconds, a process that read the token would renew it
/// up to a second before the one that fetched it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Shared {
    #[serde(flatten)]
    tokens: Stored,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at_ms: Option<u64>,
}

fn encode(tokens: &TokenSet) -> Result<String, AuthError> {
    let expires_at = tokens.access_token.expires_at().duration_since(std::time::UNIX_EPOCH);
    let shared = Shared {
        tokens: Stored::from(tokens),
        expires_at_ms: expires_at.ok().and_then(|d| u64::try_from(d.as_millis()).ok()),
    };
    serde_json::to_string(&shared).map_err(|e| AuthError::store(format!("cannot encode tokens: {e}")))
}

impl TokenStore for RedisTokenStore {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        Box::pin(async move {
            let json: Option<String> =
                self.redis.query(::redis::cmd("HGET").arg(&*self.key).arg("tokens")).await.map_err(store_error)?;
            let Some(json) = json else { return Ok(None) };
            // serde_json's message could quote a token; report only where it broke.
            let shared: Shared = serde_json::from_str(&json).map_err(|e| {
                AuthError::store(format!(
                    "{} is not a stored token set ({:?} error at column {})",
                    self.key,
                    e.classify(),
                    e.column()
                ))
            })?;
            let mut tokens = TokenSet::from(shared.tokens);
            if let Some(at) =
                shared.expires_at_ms.and_then(|ms| std::time::UNIX_EPOCH.checked_add(Duration::from_millis(ms)))
            {
                tokens.access_token.expires_at = at;
            }
            Ok(Some(tokens))
        })
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(SAVE));
            let mut call = SCRIPT.key(&*self.key);
            call.arg(encode(tokens)?);
            self.redis.invoke::<u64>(&call).await.map_err(store_error).map(drop)
        })
    }

    fn lock_refresh(&self) -> StoreFuture<'_, Option<RefreshLease>> {
        Box::pin(async move {
            let wait = self.lock_wait.unwrap_or(self.lock_ttl + Duration::from_secs(5));
            let deadline = tokio::time::Instant::now() + wait;
            let mut pause = Duration::from_millis(10);
            loop {
                if let Some(lease) = self.try_lock().await.map_err(store_error)? {
                    return Ok(Some(lease));
                }
                if tokio::time::Instant::now() + pause > deadline {
                    return Err(AuthError::store(format!(
                        "another process has held the refresh lock of {} for over {wait:?}",
                        self.key
                    )));
                }
                // Jittered, so that waiting processes do not ask in step.
                let jittered = pause.mul_f64(0.5 + crate::retry::random_fraction());
                tokio::time::sleep(jittered).await;
                pause = (pause * 2).min(Duration::from_millis(200));
            }
        })
    }

    fn save_refreshed<'a>(&'a self, tokens: &'a TokenSet, lease: &'a RefreshLease) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(SAVE_REFRESHED));
            let mut call = SCRIPT.key(&*self.key);
            call.arg(lease.version()).arg(encode(tokens)?);
            let saved: u8 = self.redis.invoke(&call).await.map_err(store_error)?;
            Ok(saved == 1)
        })
    }

    fn unlock<'a>(&'a self, lease: &'a RefreshLease) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(UNLOCK));
            let mut call = SCRIPT.key(self.lock_key());
            call.arg(lease.id());
            self.redis.invoke::<u8>(&call).await.map_err(store_error).map(drop)
        })
    }
}
