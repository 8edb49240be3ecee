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
/// Daily limits ([`Throttle::daily_limits`](crate::Throttle::daily_limits)) are counted here too,
/// per UTC day, and a daily limit Zoom answers to one process refuses the label's calls in all
/// of them until it resets.
///
/// Keys are `{prefix}:throttle:{account}:{label}` (when the next slot is due, in microseconds of
/// the server's clock), `…:{label}:blocked`, `…:{label}:daily:{day}` and
/// `…:{label}:daily:exhausted`, and expire on their own.
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
    /// The day's count of the label's daily limit is used up.
    DailyCapReached,
    /// Zoom answered a daily limit; it lasts this long.
    DailyExhausted(Duration),
}

/// The daily count a call is part of: the counter's name, its cap and today's UTC day number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DailyCount<'a> {
    pub(crate) counter: &'a str,
    pub(crate) cap: u32,
    pub(crate) day: i64,
}

/// KEYS: the due time, the block, today's daily count, the daily exhaustion. ARGV: interval and
/// tolerance in µs, the daily cap (0: not counted). Returns {0, wait µs} for a slot, {1, block µs},
/// {2, 0} when the daily cap is reached, {3, ms left} while Zoom's daily limit lasts.
const RESERVE: &str = r"
local exhausted = redis.call('PTTL', KEYS[4])
if exhausted > 0 then return {3, exhausted} end
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {1, blocked * 1000} end
local cap = tonumber(ARGV[3])
if cap > 0 then
  local count = redis.call('INCR', KEYS[3])
  if count == 1 then redis.call('EXPIRE', KEYS[3], 2 * 86400) end
  if count > cap then
    redis.call('DECR', KEYS[3])
    return {2, 0}
  end
end
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

/// KEYS: a block. ARGV: its length in ms. Lengthens the block, never shortens it.
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

    /// The keys of `counter`'s daily count on `day`, and of its exhaustion.
    fn daily_keys(&self, counter: &str, day: i64) -> (String, String) {
        let daily = self.redis.key(&["throttle", &self.account, counter, "daily"]);
        (format!("{daily}:{day}"), format!("{daily}:exhausted"))
    }

    /// Reserves the next slot of `label`'s budget, counting the call in `daily` if given.
    pub(crate) async fn reserve(
        &self,
        label: &str,
        interval: Duration,
        tolerance: Duration,
        daily: Option<DailyCount<'_>>,
    ) -> Result<Reservation, CallError> {
        static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(RESERVE));
        let (due, blocked) = self.keys(label);
        let counter = daily.map_or(label, |d| d.counter);
        let (count, exhausted) = self.daily_keys(counter, daily.map_or(0, |d| d.day));
        let mut call = SCRIPT.key(due);
        call.key(blocked)
            .key(count)
            .key(exhausted)
            .arg(micros(interval))
            .arg(micros(tolerance))
            .arg(daily.map_or(0, |d| d.cap));
        let (kind, value): (u8, u64) = self.observe(self.redis.invoke(&call).await)?;
        Ok(match kind {
            0 => Reservation::Slot(Duration::from_micros(value)),
            1 => Reservation::Blocked(Duration::from_micros(value)),
            2 => Reservation::DailyCapReached,
            _ => Reservation::DailyExhausted(Duration::from_millis(value)),
        })
    }

    /// How long `label` stays stopped by a 429, if it is.
    pub(crate) async fn blocked_for(&self, label: &str) -> Result<Option<Duration>, CallError> {
        let (_, blocked) = self.keys(label);
        let left: i64 = self.observe(self.redis.query(::redis::cmd("PTTL").arg(blocked)).await)?;
        Ok((left > 0).then(|| Duration::from_millis(left as u64)))
    }

    /// Stops `label` in every process for `wait`.
    pub(crate) async fn block(&self, label: &str, wait: Duration) -> Result<(), CallError> {
        self.lengthen(self.keys(label).1, wait).await
    }

    /// Refuses calls counted in `counter` in every process for `wait`: Zoom answered its daily
    /// limit.
    pub(crate) async fn exhaust(&self, counter: &str, wait: Duration) -> Result<(), CallError> {
        self.lengthen(self.daily_keys(counter, 0).1, wait).await
    }

    async fn lengthen(&self, key: String, wait: Duration) -> Result<(), CallError> {
        static SCRIPT: std::sync::LazyLock<Script> = std::sync::LazyLock::new(|| Script::new(BLOCK));
        let mut call = SCRIPT.key(key);
        call.arg(super::millis(wait));
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
