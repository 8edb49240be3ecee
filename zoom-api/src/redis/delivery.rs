//! [`RedisDeliveryStore`]: webhook de-duplication shared by every receiving process.

use std::time::{Duration, Instant};

use super::{Outage, Redis};
use crate::webhook::{DeliveryKey, DeliveryStore, MemoryDeliveryStore, StoreFuture};

/// Remembers handed-on webhook deliveries in Redis (`SET … NX PX`), so that a delivery, or
/// Zoom's retry of it, handled by one instance is a [`Duplicate`](crate::webhook::Delivery::Duplicate)
/// to every other. Keys are `{prefix}:webhook:{key}` and expire on their own.
///
/// When Redis does not answer (down, or slower than its timeout), deliveries are remembered in
/// this process instead, with a warning at the start of the outage: duplicates across processes
/// may then be handed on, never a new event refused.
///
/// ```no_run
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use zoom_client::redis::{Redis, RedisDeliveryStore};
/// let redis = Redis::open("redis://127.0.0.1/")?;
/// let receiver = zoom_client::webhook::Receiver::new("secret-token")?
///     .delivery_store(RedisDeliveryStore::new(redis));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RedisDeliveryStore {
    redis: Redis,
    fallback: MemoryDeliveryStore,
    outage: Outage,
}

impl RedisDeliveryStore {
    pub fn new(redis: Redis) -> Self {
        RedisDeliveryStore { redis, fallback: MemoryDeliveryStore::default(), outage: Outage::default() }
    }

    fn key(&self, key: &DeliveryKey) -> String {
        self.redis.key(&["webhook", &key.to_string()])
    }
}

impl DeliveryStore for RedisDeliveryStore {
    fn insert<'a>(&'a self, key: &'a DeliveryKey, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut command = ::redis::cmd("SET");
            command.arg(self.key(key)).arg(1).arg("NX").arg("PX").arg(super::millis(ttl));
            match self.redis.query::<Option<String>>(&command).await {
                Ok(set) => {
                    if self.outage.worked() {
                        tracing::info!("Redis answers again: webhook de-duplication is shared again");
                    }
                    // Also recorded here, in case Redis goes away before Zoom's retry comes.
                    self.fallback.insert_at(*key, ttl, Instant::now());
                    Ok(set.is_some())
                }
                Err(error) => {
                    if self.outage.failed() {
                        tracing::warn!(
                            error = %error,
                            "webhook de-duplication falls back to this process: Redis does not answer"
                        );
                    }
                    Ok(self.fallback.insert_at(*key, ttl, Instant::now()))
                }
            }
        })
    }

    fn remove<'a>(&'a self, key: &'a DeliveryKey) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.fallback.remove(key).await?;
            // A failure is the caller's to know: the key stays in Redis, so another instance
            // would take Zoom's retry for a duplicate.
            self.redis.query::<i64>(::redis::cmd("DEL").arg(self.key(key))).await?;
            Ok(())
        })
    }
}
