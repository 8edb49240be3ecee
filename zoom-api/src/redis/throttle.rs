//! [`RedisThrottle`]: one rate budget per Zoom account, shared by every process that calls it.

use std::sync::Arc;
use std::time::Duration;

use ::redis::Script;

use super::{CallError, Outage, Redis};

/// The budget of a [`Throttle`](crate::Throttle) kept in Redis: per account and rate-limit
/// label, the generic cell rate algorithm runs in one Lua script on the server's clock, so that
/// any number of processes together stay within the limits (give each the same [`Limits`]: the
/// app's share of the account's). A `429` that one process gets stops the label in all of them
/// until its `Retry-After`.
///
/// Keys are `{prefix}:throttle:{account}:{label}` (when the next slot is due, in microseconds of
/// the server's clock) and `…:{label}:blocked`, and expire on their own once idle.
///
/// When Redis does not answer within its timeout, each process paces itself with its local
/// budget (a warning marks the start of the outage, and the recovery is logged): the account
/// may then see each process's budget at once, and Zoom's 429s are retried as usual.
///
/// [`Limits`]: crate::Limits
#[derive(Debug)]
pub struct RedisThrottle {
    redis: Redis,
    account: Arc<str>,
    outage: Outage,
}

/// What the shared budget says about one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reservation {
    /// A slot, starting after this wait.
    Slot(Duration),
    /// No slot: a 429 stopped the label for this long.
    Blocked(Duration),
}

/// KEYS: the due time, the block. ARGV: interval and tolerance in µs. Returns {0, wait µs} for a
/// slot, or {1, block µs}.
const RESERVE: &str = r"
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {1, blocked * 1000} end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local due = tonumber(redis.call('GET', KEYS[1]) or now)
if due < now then due = now end
local start = due - tolerance
if start < now then start = now end
local next_due = due + interval
redis.call('SET', KEYS[1], string.format('%d', next_due), 'PX', math.floor((next_due - now) / 1000) + 1000)
return {0, start - now}
";

/// KEYS: the block. ARGV: its length in ms. Lengthens the block, never shortens it.
const BLOCK: &str = r"
local wait = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < wait then redis.call('SET', KEYS[1], '1', 'PX', wait) end
return 0
";

impl RedisThrottle {
    /// The shared budget of the Zoom account `account` (any name that is the same in every
    /// process of the account: its id, say).
    pub fn new(redis: Redis, account: impl Into<String>) -> Self {
        RedisThrottle { redis, account: Arc::from(account.into()), outage: Outage::default() }
    }

    fn keys(&self, label: &str) -> (String, String) {
        let due = self.redis.key(&["throttle", &self.account, label]);
        let blocked = format!("{due}:blocked");
        (due, blocked)
    }

    /// Reserves the next slot of `label`'s budget.
    pub(crate) async fn reserve(
        &self,
        label: &str,
        interval: Duration,
        tolerance: Duration,
    ) -> Result<Reservation, CallError> {
        static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(RESERVE));
        let (due, blocked) = self.keys(label);
        let mut call = SCRIPT.key(due);
        call.key(blocked).arg(micros(interval)).arg(micros(tolerance));
        let (kind, wait): (u8, u64) = self.observe(self.redis.invoke(&call).await)?;
        let wait = Duration::from_micros(wait);
        Ok(if kind == 1 { Reservation::Blocked(wait) } else { Reservation::Slot(wait) })
    }

    /// How long `label` stays stopped by a 429, if it is.
    pub(crate) async fn blocked_for(&self, label: &str) -> Result<Option<Duration>, CallError> {
        let (_, blocked) = self.keys(label);
        let left: i64 = self.observe(self.redis.query(::redis::cmd("PTTL").arg(blocked)).await)?;
        Ok((left > 0).then(|| Duration::from_millis(left as u64)))
    }

    /// Stops `label` in every process for `wait`.
    pub(crate) async fn block(&self, label: &str, wait: Duration) -> Result<(), CallError> {
        static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(BLOCK));
        let (_, blocked) = self.keys(label);
        let mut call = SCRIPT.key(blocked);
        call.arg(wait.as_millis().clamp(1, u64::MAX as u128) as u64);
        self.observe(self.redis.invoke::<i64>(&call).await).map(drop)
    }

    /// Logs the start and the end of an outage.
    fn observe<T>(&self, outcome: Result<T, CallError>) -> Result<T, CallError> {
        match &outcome {
            Ok(_) if self.outage.worked() => tracing::info!("Redis answers again: the throttle is shared again"),
            Err(error) if self.outage.failed() => {
                tracing::warn!(error = %error, "the throttle falls back to this process's budget: Redis does not answer")
            }
            _ => {}
        }
        outcome
    }
}

fn micros(duration: Duration) -> u64 {
    duration.as_micros().min(u64::MAX as u128) as u64
}
