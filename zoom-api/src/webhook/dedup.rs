//! Delivery de-duplication: which events a [`Receiver`](super::Receiver) has already handed on,
//! so that a replayed delivery, or Zoom sending an event again, is not handled twice.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// How long a [`Receiver`](super::Receiver) remembers a delivery unless told otherwise: Zoom's
/// last retry comes about 85 minutes after the first attempt, and a delivery may be signed up
/// to the timestamp window away from now.
pub const DEFAULT_REMEMBER: Duration = Duration::from_secs(2 * 60 * 60);

/// What identifies one event across its deliveries: a SHA-256 digest, shown in hex.
///
/// It is what a replay and a retry of one event have in common. A replay repeats a delivery
/// byte for byte. A retry is the event sent again later: Zoom signs it anew (a new
/// `x-zm-request-timestamp`, signature and `x-zm-trackingid`), so no header identifies it, but
/// the event is the same: its name, `event_ts` (when it happened) and `payload`. The key is
/// the digest of those three as sent (their JSON text); other envelope fields are left out, in
/// case a retry adds one. A body that lacks one of the three is keyed by all of its bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeliveryKey([u8; 32]);

impl DeliveryKey {
    /// The key of an event from its envelope's parts as sent (JSON text); `whole` is the body,
    /// used when a part is missing.
    pub(crate) fn of(event: Option<&[u8]>, event_ts: Option<&[u8]>, payload: Option<&[u8]>, whole: &[u8]) -> Self {
        let mut hash = Sha256::new();
        match (event, event_ts, payload) {
            (Some(event), Some(event_ts), Some(payload)) => {
                hash.update(b"zoom-webhook-event\0");
                // Length-prefixed, so that no two different triples hash the same text.
                for part in [event, event_ts, payload] {
                    hash.update((part.len() as u64).to_be_bytes());
                    hash.update(part);
                }
            }
            _ => {
                hash.update(b"zoom-webhook-body\0");
                hash.update(whole);
            }
        }
        DeliveryKey(hash.finalize().into())
    }

    /// The digest's bytes, e.g. to key a shared store.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for DeliveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for DeliveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeliveryKey({self})")
    }
}

/// Why a [`DeliveryStore`] could not answer.
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// The future a store method returns: boxed, so that the trait stays `dyn`-compatible.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Remembers which deliveries a receiver has handed on. [`MemoryDeliveryStore`] is the default;
/// implement this over a store the receiving processes share, so that an event handled by one
/// is not handled again by another.
pub trait DeliveryStore: Send + Sync + fmt::Debug {
    /// Records `key` for `ttl`: `true` if it was new (or its record had expired), `false` if it
    /// was already recorded. Must be atomic: of concurrent calls with one key, one sees `true`.
    fn insert<'a>(&'a self, key: &'a DeliveryKey, ttl: Duration) -> StoreFuture<'a, bool>;

    /// Forgets `key`, so that the next delivery with it is handed on again.
    fn remove<'a>(&'a self, key: &'a DeliveryKey) -> StoreFuture<'a, ()>;
}

/// A store shared by several receivers (of one process) through an `Arc`.
impl<S: DeliveryStore + ?Sized> DeliveryStore for std::sync::Arc<S> {
    fn insert<'a>(&'a self, key: &'a DeliveryKey, ttl: Duration) -> StoreFuture<'a, bool> {
        (**self).insert(key, ttl)
    }

    fn remove<'a>(&'a self, key: &'a DeliveryKey) -> StoreFuture<'a, ()> {
        (**self).remove(key)
    }
}

/// Deliveries remembered in this process, at most `capacity` of them. When full, the oldest is
/// forgotten first (and a warning is logged once): a store too small for the traffic weakens
/// de-duplication, never refuses a new event.
pub struct MemoryDeliveryStore {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// Key → when its record expires.
    expiry: HashMap<DeliveryKey, Instant>,
    /// Keys in the order they were recorded, with the expiry they were recorded with (a key
    /// recorded again has a newer entry; the older one is skipped when it comes up).
    order: VecDeque<(Instant, DeliveryKey)>,
    warned_full: bool,
}

impl MemoryDeliveryStore {
    /// How many deliveries [`MemoryDeliveryStore::default`] keeps: about 13 MB when full (a
    /// 32-byte key and an expiry, in a hash map and a queue).
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// A store that keeps at most `capacity` deliveries (at least one).
    pub fn new(capacity: usize) -> Self {
        MemoryDeliveryStore { capacity: capacity.max(1), seen: Mutex::default() }
    }

    /// How many deliveries are remembered now.
    pub fn len(&self) -> usize {
        self.lock().expiry.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records `key` until `now + ttl` unless it is recorded and unexpired.
    pub(crate) fn insert_at(&self, key: DeliveryKey, ttl: Duration, now: Instant) -> bool {
        let mut seen = self.lock();
        seen.expire(now);
        if seen.expiry.get(&key).is_some_and(|expires| *expires > now) {
            return false;
        }
        // Removed keys leave their queue entries behind; bound those too.
        while seen.expiry.len() >= self.capacity || seen.order.len() >= 2 * self.capacity {
            if seen.expiry.len() >= self.capacity && !seen.warned_full {
                seen.warned_full = true;
                tracing::warn!(
                    capacity = self.capacity,
                    "webhook de-duplication store is full: forgetting deliveries before they expire"
                );
            }
            seen.pop_oldest();
        }
        let expires = now.checked_add(ttl).unwrap_or(now + DEFAULT_REMEMBER);
        seen.expiry.insert(key, expires);
        seen.order.push_back((expires, key));
        true
    }
}

impl Seen {
    /// Drops the records that have expired by `now`. Records are kept in the order they were
    /// made, so with one `ttl` per receiver the expired ones are at the front.
    fn expire(&mut self, now: Instant) {
        while self.order.front().is_some_and(|(expires, _)| *expires <= now) {
            self.pop_oldest();
        }
    }

    fn pop_oldest(&mut self) {
        let Some((expires, key)) = self.order.pop_front() else { return };
        // Only the latest record of a key removes it.
        if self.expiry.get(&key) == Some(&expires) {
            self.expiry.remove(&key);
        }
    }
}

/// The size, not the keys: a full store holds a hundred thousand.
impl fmt::Debug for MemoryDeliveryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryDeliveryStore").field("capacity", &self.capacity).field("len", &self.len()).finish()
    }
}

impl Default for MemoryDeliveryStore {
    fn default() -> Self {
        MemoryDeliveryStore::new(Self::DEFAULT_CAPACITY)
    }
}

impl DeliveryStore for MemoryDeliveryStore {
    fn insert<'a>(&'a self, key: &'a DeliveryKey, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(std::future::ready(Ok(self.insert_at(*key, ttl, Instant::now()))))
    }

    fn remove<'a>(&'a self, key: &'a DeliveryKey) -> StoreFuture<'a, ()> {
        // The queue entry stays until it comes up, and is skipped then.
        self.lock().expiry.remove(key);
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> DeliveryKey {
        DeliveryKey([n; 32])
    }

    #[test]
    fn remembers_until_expiry() {
        let store = MemoryDeliveryStore::new(10);
        let start = Instant::now();
        let ttl = Duration::from_secs(60);
        assert!(store.insert_at(key(1), ttl, start));
        assert!(!store.insert_at(key(1), ttl, start + Duration::from_secs(59)));
        assert!(store.insert_at(key(1), ttl, start + Duration::from_secs(60)), "expired");
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_full_store_forgets_the_oldest() {
        let store = MemoryDeliveryStore::new(3);
        let now = Instant::now();
        let ttl = Duration::from_secs(60);
        for n in 0..5 {
            assert!(store.insert_at(key(n), ttl, now));
        }
        assert_eq!(store.len(), 3);
        assert!(store.insert_at(key(0), ttl, now), "the oldest was forgotten");
        assert!(!store.insert_at(key(4), ttl, now), "the newest is kept");
    }

    #[test]
    fn a_removed_key_is_new_again_and_its_old_entry_harmless() {
        let store = MemoryDeliveryStore::new(2);
        let now = Instant::now();
        let ttl = Duration::from_secs(60);
        assert!(store.insert_at(key(1), ttl, now));
        futures_util::FutureExt::now_or_never(store.remove(&key(1))).unwrap().unwrap();
        let later = now + Duration::from_secs(30);
        assert!(store.insert_at(key(1), ttl, later));
        // The first entry of key 1 expires at `now + 60`; it must not drop the second record.
        assert!(!store.insert_at(key(1), ttl, now + Duration::from_secs(61)));
    }

    #[test]
    fn keys_separate_parts_and_fall_back_to_the_body() {
        let whole = b"{}";
        let a = DeliveryKey::of(Some(b"\"a\""), Some(b"1"), Some(b"{}"), whole);
        assert_eq!(a, DeliveryKey::of(Some(b"\"a\""), Some(b"1"), Some(b"{}"), b"other body"));
        assert_ne!(a, DeliveryKey::of(Some(b"\"a\""), Some(b"1{"), Some(b"}"), whole));
        assert_ne!(
            DeliveryKey::of(None, Some(b"1"), Some(b"{}"), b"x"),
            DeliveryKey::of(None, Some(b"1"), Some(b"{}"), b"y")
        );
        assert_eq!(a.to_string().len(), 64);
    }
}
