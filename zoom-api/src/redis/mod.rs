//! State shared through Redis by every process of one Zoom account (feature `redis`).
//!
//! Zoom counts rate limits per account, rotates a user's refresh token on every refresh, and
//! sends a webhook delivery to whichever instance its load balancer picks. A service of several
//! processes therefore needs one budget, one refresher and one memory of deliveries. Each part
//! here takes a [`Redis`] handle, and each decides on its own what happens when Redis is down
//! or slow (every Redis call has a timeout, [`Redis::timeout`]):
//!
//! | part | shares | without Redis |
//! | --- | --- | --- |
//! | [`RedisTokenStore`] | a user's tokens; one refresher at a time across processes | a refresh fails (closed): two refreshers would lose the user's grant |
//! | [`RedisThrottle`] (through [`Throttle::shared`](crate::Throttle::shared)) | the per-second budget of each rate-limit label, the daily counts, and a 429's `Retry-After` | the local throttle and counts, with a warning |
//! | [`RedisDeliveryStore`] | which webhook deliveries were handed on | the local store, with a warning |
//!
//! Keys start with a prefix (`zoom` unless set), so one Redis serves several apps or accounts.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use zoom_client::redis::{Redis, RedisThrottle};
//! let redis = Redis::open("redis://127.0.0.1:6379/")?.prefix("my-app");
//! let throttle = zoom_client::Throttle::shared(
//!     zoom_client::Plan::Pro.limits(),
//!     RedisThrottle::new(redis.clone(), "account-id"),
//! );
//! let client = zoom_client::Client::builder().bearer_token("token").throttle(throttle).build();
//! # Ok(()) }
//! ```

mod delivery;
pub(crate) mod throttle;
mod tokens;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Cmd, FromRedisValue, RedisError, ScriptInvocation};

pub use delivery::RedisDeliveryStore;
pub use throttle::RedisThrottle;
pub use tokens::{DEFAULT_LOCK_TTL, RedisTokenStore};

/// How long a Redis call may take unless set: a round trip on a local network takes well under a
/// millisecond, and a call waits this long at most before the part's fallback takes over.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// A connection to one Redis server, shared by clones, opened on first use and reopened after a
/// failure.
#[derive(Clone)]
pub struct Redis {
    client: ::redis::Client,
    prefix: Arc<str>,
    timeout: Duration,
    connection: Arc<tokio::sync::OnceCell<ConnectionManager>>,
}

/// A Redis URL that cannot be used: its reason, without the URL (which may hold a password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Redis URL: {reason}")]
pub struct InvalidUrl {
    reason: String,
}

/// Why a Redis call failed: the server's or the connection's error, or no answer in time.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CallError {
    #[error("Redis: {0}")]
    Redis(#[from] RedisError),
    #[error("Redis did not answer within {0:?}")]
    Timeout(Duration),
}

impl Redis {
    /// A handle on the server at `url` (`redis://[user:password@]host[:port][/db]`, or
    /// `rediss://` for TLS where the `redis` crate has it enabled). Nothing is sent until the
    /// first call; an unparsable URL is an error here.
    pub fn open(url: &str) -> Result<Redis, InvalidUrl> {
        let client = ::redis::Client::open(url).map_err(|e| InvalidUrl { reason: e.to_string() })?;
        Ok(Redis { client, prefix: Arc::from("zoom"), timeout: DEFAULT_TIMEOUT, connection: Arc::default() })
    }

    /// The start of every key (default `zoom`): keys are `{prefix}:{part}:…`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Redis {
        self.prefix = Arc::from(prefix.into());
        self
    }

    /// The longest a Redis call may take, connecting included (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Redis {
        self.timeout = timeout;
        self
    }

    /// `{prefix}:{part}:{part}…`.
    pub(crate) fn key(&self, parts: &[&str]) -> String {
        let mut key = String::from(&*self.prefix);
        for part in parts {
            key.push(':');
            key.push_str(part);
        }
        key
    }

    async fn connection(&self) -> Result<ConnectionManager, CallError> {
        let manager = self
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.timeout))
                    .set_response_timeout(Some(self.timeout))
                    // Reconnecting happens in the background after a failure; a call never
                    // waits for more than one attempt.
                    .set_number_of_retries(1);
                ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            })
            .await?;
        Ok(manager.clone())
    }

    /// Sends `command`, within the timeout.
    pub(crate) async fn query<T: FromRedisValue>(&self, command: &Cmd) -> Result<T, CallError> {
        self.within_timeout(async { Ok(command.query_async(&mut self.connection().await?).await?) }).await
    }

    /// Runs a Lua script (by its digest, loading it the first time), within the timeout.
    pub(crate) async fn invoke<T: FromRedisValue>(&self, script: &ScriptInvocation<'_>) -> Result<T, CallError> {
        self.within_timeout(async { Ok(script.invoke_async(&mut self.connection().await?).await?) }).await
    }

    async fn within_timeout<T>(&self, call: impl Future<Output = Result<T, CallError>>) -> Result<T, CallError> {
        tokio::time::timeout(self.timeout, call).await.map_err(|_| CallError::Timeout(self.timeout))?
    }
}

/// `duration` in whole milliseconds, at least one (Redis refuses `PX 0`).
pub(crate) fn millis(duration: Duration) -> u64 {
    duration.as_millis().clamp(1, u64::MAX as u128) as u64
}

/// The server's address without its password.
impl fmt::Debug for Redis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.client.get_connection_info();
        f.debug_struct("Redis")
            .field("addr", &info.addr().to_string())
            .field("db", &info.redis_settings().db())
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Logs the first failure of an outage and the recovery after it, not every call in between.
#[derive(Debug, Default)]
pub(crate) struct Outage {
    down: std::sync::atomic::AtomicBool,
}

impl Outage {
    /// A failed call: `true` when it starts an outage (log it then).
    pub(crate) fn failed(&self) -> bool {
        !self.down.swap(true, std::sync::atomic::Ordering::Relaxed)
    }

    /// A call that worked: `true` when it ends an outage.
    pub(crate) fn worked(&self) -> bool {
        self.down.swap(false, std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neither_debug_nor_errors_show_the_password() {
        let redis = Redis::open("redis://app:hunter2@127.0.0.1:6380/3").unwrap().prefix("p");
        let shown = format!("{redis:?}");
        assert!(!shown.contains("hunter2") && shown.contains("6380") && shown.contains("db: 3"), "{shown}");
        assert_eq!(redis.key(&["tokens", "user"]), "p:tokens:user");
        let error = Redis::open("redis://app:hunter2@127.0.0.1:notaport/").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(Redis::open("http://127.0.0.1/").is_err());
    }
}
