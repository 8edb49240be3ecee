//! Client-side pacing per rate-limit label, so a busy application stays under Zoom's per-second
//! limits instead of collecting 429s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

// tokio's clock, so that tests run the throttle in paused time.
use tokio::time::Instant;

use crate::operation::RateLimit;

/// Requests per second for each of Zoom's rate-limit labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub light: f64,
    pub medium: f64,
    pub heavy: f64,
    pub resource_intensive: f64,
}

/// Zoom's per-second limits by account plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Free and Basic accounts: 4 light, 2 medium, 1 heavy per second, 10 resource-intensive a
    /// minute.
    Basic,
    /// Pro accounts: 30 / 20 / 10 per second, 10 a minute.
    Pro,
    /// Business, Education, Enterprise and Partner accounts: 80 / 60 / 40 per second, 20 a
    /// minute.
    Business,
}

impl Plan {
    /// The plan's limits.
    pub fn limits(self) -> Limits {
        let (light, medium, heavy, per_minute) = match self {
            Plan::Basic => (4.0, 2.0, 1.0, 10.0),
            Plan::Pro => (30.0, 20.0, 10.0, 10.0),
            Plan::Business => (80.0, 60.0, 40.0, 20.0),
        };
        Limits { light, medium, heavy, resource_intensive: per_minute / 60.0 }
    }
}

/// Calls a day for each of Zoom's rate-limit labels (`None`: no daily limit), counted per UTC
/// day. Zoom counts them per account, like the per-second limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DailyLimits {
    pub light: Option<u32>,
    pub medium: Option<u32>,
    pub heavy: Option<u32>,
    pub resource_intensive: Option<u32>,
    /// Resource-intensive calls count against `heavy`'s limit instead of one of their own, as on
    /// Zoom's paid plans.
    pub resource_intensive_counts_as_heavy: bool,
}

impl Plan {
    /// The plan's daily limits: on Basic, 6,000 light, 2,000 medium, 1,000 heavy and 30,000
    /// resource-intensive calls; on paid plans one limit for heavy and resource-intensive calls
    /// together, 30,000 (Pro) or 60,000 (Business), and none for the others.
    pub fn daily_limits(self) -> DailyLimits {
        match self {
            Plan::Basic => DailyLimits {
                light: Some(6_000),
                medium: Some(2_000),
                heavy: Some(1_000),
                resource_intensive: Some(30_000),
                resource_intensive_counts_as_heavy: false,
            },
            Plan::Pro | Plan::Business => DailyLimits {
                heavy: Some(if self == Plan::Pro { 30_000 } else { 60_000 }),
                resource_intensive_counts_as_heavy: true,
                ..DailyLimits::default()
            },
        }
    }
}

/// A call the daily limit of its label refuses: counted out by the throttle, or after Zoom
/// answered the limit to another call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DailyRefusal {
    /// The throttle's limit, or `None` when Zoom's answer stopped the label.
    pub(crate) limit: Option<u32>,
    pub(crate) resets_at: DateTime<Utc>,
}

/// The daily counts of one throttle: per counter (a label, or heavy for resource-intensive calls
/// when they share it), today's count, and until when Zoom's daily limit refuses calls.
#[derive(Debug)]
struct Daily {
    caps: [Option<u32>; 4],
    counter_of: [usize; 4],
    /// Per counter: the UTC day number and the calls counted on it.
    counts: Mutex<[(i64, u32); 4]>,
    exhausted: Mutex<[Option<DateTime<Utc>>; 4]>,
}

impl Daily {
    fn new(limits: DailyLimits) -> Daily {
        let shared = limits.resource_intensive_counts_as_heavy;
        let caps = [limits.light, limits.medium, limits.heavy, if shared { None } else { limits.resource_intensive }];
        Daily {
            caps,
            counter_of: [0, 1, 2, if shared { 2 } else { 3 }],
            counts: Mutex::default(),
            exhausted: Mutex::default(),
        }
    }

    /// Zoom's daily limit on `counter`, while it lasts at `now`.
    fn exhausted(&self, counter: usize, now: DateTime<Utc>) -> Option<DailyRefusal> {
        let exhausted = self.exhausted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        exhausted[counter].filter(|until| *until > now).map(|resets_at| DailyRefusal { limit: None, resets_at })
    }

    /// Counts a call on `counter` at `now`, unless the day's limit is used up.
    fn count(&self, counter: usize, now: DateTime<Utc>) -> Result<(), DailyRefusal> {
        let Some(cap) = self.caps[counter] else { return Ok(()) };
        let day = utc_day(now);
        let mut counts = self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (counted_day, count) = &mut counts[counter];
        if *counted_day != day {
            (*counted_day, *count) = (day, 0);
        }
        if *count >= cap {
            return Err(DailyRefusal { limit: Some(cap), resets_at: next_utc_midnight(now) });
        }
        *count += 1;
        Ok(())
    }

    fn exhaust(&self, counter: usize, until: DateTime<Utc>) {
        let mut exhausted = self.exhausted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        exhausted[counter] = Some(exhausted[counter].map_or(until, |current| current.max(until)));
    }
}

/// Days since the Unix epoch, in UTC.
fn utc_day(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(86_400)
}

/// The next 00:00 UTC after `now`.
pub(crate) fn next_utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp((utc_day(now) + 1) * 86_400, 0).unwrap_or(now)
}

/// The longest a `429` stops a label for (a `Retry-After` further away is a daily limit, which
/// the retry policy handles, or a mistake).
const MAX_BLOCK: Duration = Duration::from_secs(60);

/// Paces requests per rate-limit label: up to a second's worth at once, then evenly spread.
/// Operations Zoom labels with something else or nothing are paced as medium. Clones share
/// their state, so give every client of one Zoom account the same throttle: Zoom counts per
/// account. A per-second `429` stops its label until its `Retry-After` (a second when it has
/// none).
///
/// ```
/// let throttle = zoom_client::Throttle::new(zoom_client::Plan::Pro.limits());
/// let client = zoom_client::Client::builder().bearer_token("token").throttle(throttle).build();
/// ```
///
/// Several processes share one budget through Redis with [`Throttle::shared`] (feature `redis`).
#[derive(Debug, Clone)]
pub struct Throttle {
    buckets: Arc<[Bucket; 4]>,
    daily: Arc<Daily>,
    #[cfg(feature = "redis")]
    shared: Option<Arc<crate::redis::RedisThrottle>>,
}

/// The labels' names, in the order of [`Throttle::buckets`] (also their names in Redis).
const BUCKET_NAMES: [&str; 4] = ["light", "medium", "heavy", "resource-intensive"];

/// The bucket of `label`.
fn bucket(label: Option<RateLimit>) -> usize {
    match label {
        Some(RateLimit::Light) => 0,
        Some(RateLimit::Heavy) => 2,
        Some(RateLimit::ResourceIntensive) => 3,
        Some(RateLimit::Medium | RateLimit::Other(_)) | None => 1,
    }
}

#[derive(Debug)]
struct Bucket {
    /// Time between requests at the steady rate.
    interval: Duration,
    /// How far ahead of the steady schedule a burst may run.
    tolerance: Duration,
    /// When the next request is due on the steady schedule ("theoretical arrival time").
    due: Mutex<Option<Instant>>,
    /// Until when a 429 stopped the label.
    blocked: Mutex<Option<Instant>>,
}

impl Bucket {
    /// A budget of `per_second` requests; a rate that is not a positive number, or above a
    /// million, is taken as a million (no practical limit); one below one a day, as one a day
    /// (so that no interval overflows a `Duration` or an `Instant`).
    fn new(per_second: f64) -> Bucket {
        const MAX_RATE: f64 = 1e6;
        const MIN_RATE: f64 = 1.0 / 86_400.0;
        if per_second.is_nan() || per_second < MIN_RATE {
            tracing::warn!(per_second, "throttle rate not a positive number (no limit) or below one a day (one a day)");
        }
        // NaN compares false, so it means no limit too.
        let per_second = if per_second > 0.0 { per_second.clamp(MIN_RATE, MAX_RATE) } else { MAX_RATE };
        let day = Duration::from_secs(86_400);
        let interval = Duration::try_from_secs_f64(1.0 / per_second).unwrap_or(day).min(day);
        let burst = per_second.floor().max(1.0);
        let tolerance = Duration::try_from_secs_f64(interval.as_secs_f64() * (burst - 1.0)).unwrap_or(day).min(day);
        Bucket { interval, tolerance, due: Mutex::new(None), blocked: Mutex::new(None) }
    }

    /// Reserves the next slot and returns when it starts (the generic cell rate algorithm).
    fn reserve(&self, now: Instant) -> Instant {
        let mut due = self.due.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let scheduled = due.unwrap_or(now).max(now);
        let start = scheduled.checked_sub(self.tolerance).map_or(now, |earliest| earliest.max(now));
        // Saturating: an `Instant` that cannot be represented leaves the schedule where it is.
        *due = Some(scheduled.checked_add(self.interval).unwrap_or(scheduled));
        start
    }

    /// Until when a 429 stops the label, if it does at `now`.
    fn blocked_until(&self, now: Instant) -> Option<Instant> {
        let blocked = self.blocked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        blocked.filter(|until| *until > now)
    }

    /// Stops the label until `until` (or later, if it is stopped longer already).
    fn block(&self, until: Instant) {
        let mut blocked = self.blocked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *blocked = Some(blocked.map_or(until, |current| current.max(until)));
    }
}

impl Throttle {
    /// A throttle for `limits`. Any `f64` is accepted: a rate that is not a positive number (0,
    /// negative, NaN) or above a million per second means no practical limit, and one below one
    /// request a day is taken as one a day.
    pub fn new(limits: Limits) -> Self {
        let buckets = [limits.light, limits.medium, limits.heavy, limits.resource_intensive].map(Bucket::new);
        Throttle {
            buckets: Arc::new(buckets),
            daily: Arc::new(Daily::new(DailyLimits::default())),
            #[cfg(feature = "redis")]
            shared: None,
        }
    }

    /// A throttle whose budget is shared through Redis by every process built with the same
    /// `shared` account: together they stay within `limits` (give each the same limits). Without
    /// an answer from Redis, this process paces itself within `limits` alone (see
    /// [`RedisThrottle`](crate::redis::RedisThrottle)).
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    pub fn shared(limits: Limits, shared: crate::redis::RedisThrottle) -> Self {
        Throttle { shared: Some(Arc::new(shared)), ..Throttle::new(limits) }
    }

    /// Counts calls against `limits` as well, per UTC day (e.g. [`Plan::daily_limits`]): once a
    /// label's limit is used up, its calls fail at once with
    /// [`Error::DailyLimitReached`](crate::Error::DailyLimitReached) until 00:00 UTC, instead of
    /// each being answered `429` by Zoom. With [`Throttle::shared`], the count is shared too.
    /// Whatever the limits, a daily limit Zoom answers stops the label's calls the same way
    /// until it resets. Set this before cloning the throttle: clones made before keep the old
    /// count.
    pub fn daily_limits(mut self, limits: DailyLimits) -> Self {
        self.daily = Arc::new(Daily::new(limits));
        self
    }

    /// Waits for the next slot of `label`'s budget, and until a 429 on the label is over; or
    /// refuses the call when its daily limit is used up.
    pub(crate) async fn acquire(&self, label: Option<RateLimit>) -> Result<(), DailyRefusal> {
        let index = bucket(label);
        let bucket = &self.buckets[index];
        let counter = self.daily.counter_of[index];
        // Counted once, however often a 429 elsewhere sends the call back to the queue.
        #[cfg_attr(not(feature = "redis"), allow(unused_mut))]
        let mut counted = false;
        loop {
            let today = crate::rate_limit::now();
            if let Some(refusal) = self.daily.exhausted(counter, today) {
                return Err(refusal);
            }
            if let Some(until) = bucket.blocked_until(Instant::now()) {
                sleep_until(until).await;
                continue;
            }
            #[cfg(feature = "redis")]
            if let Some(shared) = &self.shared {
                use crate::redis::throttle::{DailyCount, Reservation};
                let name = BUCKET_NAMES[index];
                let daily = self.daily.caps[counter].filter(|_| !counted).map(|cap| DailyCount {
                    counter: BUCKET_NAMES[counter],
                    cap,
                    day: utc_day(today),
                });
                match shared.reserve(name, bucket.interval, bucket.tolerance, daily).await {
                    Ok(Reservation::Slot(wait)) => {
                        counted = true;
                        if wait.is_zero() {
                            return Ok(());
                        }
                        sleep_until(Instant::now() + wait).await;
                        // A 429 elsewhere while this call waited stops it too; after the block
                        // it takes a new slot, so that the calls held back do not all go at once.
                        match shared.blocked_for(name).await {
                            Ok(Some(left)) => sleep_until(Instant::now() + left).await,
                            _ => return Ok(()),
                        }
                        continue;
                    }
                    Ok(Reservation::Blocked(left)) => {
                        sleep_until(Instant::now() + left).await;
                        continue;
                    }
                    Ok(Reservation::DailyCapReached) => {
                        let limit = self.daily.caps[counter];
                        return Err(DailyRefusal { limit, resets_at: next_utc_midnight(today) });
                    }
                    Ok(Reservation::DailyExhausted(left)) => {
                        let resets_at = today + chrono::Duration::from_std(left).unwrap_or(chrono::Duration::zero());
                        return Err(DailyRefusal { limit: None, resets_at });
                    }
                    // Logged by the shared throttle; paced and counted locally below.
                    Err(_) => {}
                }
            }
            if !counted {
                self.daily.count(counter, today)?;
            }
            let now = Instant::now();
            let start = bucket.reserve(now);
            if start > now {
                sleep_until(start).await;
            }
            return Ok(());
        }
    }

    /// Zoom answered `label`'s daily limit: its calls (and those of any label counted with it)
    /// are refused until `resets_at`, here and in every process sharing the throttle.
    pub(crate) async fn daily_limited(&self, label: Option<RateLimit>, resets_at: DateTime<Utc>) {
        let counter = self.daily.counter_of[bucket(label)];
        self.daily.exhaust(counter, resets_at);
        tracing::warn!(label = BUCKET_NAMES[counter], %resets_at, "Zoom's daily limit reached: the label's calls are refused until it resets");
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            let wait = crate::rate_limit::until(resets_at, crate::rate_limit::now());
            if !wait.is_zero() {
                // Logged by the shared throttle; this process refuses them either way.
                let _ = shared.exhaust(BUCKET_NAMES[counter], wait).await;
            }
        }
    }

    /// A per-second 429 on `label`: stops the label for `wait` here, and in every process
    /// sharing the budget. A wait over a minute is left to the retry policy.
    pub(crate) async fn rate_limited(&self, label: Option<RateLimit>, wait: Duration) {
        if wait.is_zero() || wait > MAX_BLOCK {
            return;
        }
        let index = bucket(label);
        self.buckets[index].block(Instant::now() + wait);
        tracing::debug!(label = BUCKET_NAMES[index], wait_ms = wait.as_millis() as u64, "rate limited: label stopped");
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            // Logged by the shared throttle; this process is stopped either way.
            let _ = shared.block(BUCKET_NAMES[index], wait).await;
        }
    }

    #[cfg(test)]
    fn reserve(&self, label: Option<RateLimit>, now: Instant) -> Instant {
        self.buckets[bucket(label)].reserve(now)
    }
}

/// Sleeps until `until`. Boxed: a timer is large, and this keeps it out of every request's future.
async fn sleep_until(until: Instant) {
    Box::pin(tokio::time::sleep_until(until)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_of_burst_then_the_steady_rate() {
        let throttle = Throttle::new(Plan::Basic.limits());
        let now = Instant::now();
        // Light on Basic: 4 per second → 4 at once, then one every 250 ms.
        let starts: Vec<Duration> = (0..6).map(|_| throttle.reserve(Some(RateLimit::Light), now) - now).collect();
        let ms: Vec<u128> = starts.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, [0, 0, 0, 0, 250, 500]);
        // Labels have budgets of their own: heavy (1 per second) starts at once, then waits 1 s.
        assert_eq!(throttle.reserve(Some(RateLimit::Heavy), now), now);
        assert_eq!(throttle.reserve(Some(RateLimit::Heavy), now) - now, Duration::from_secs(1));
    }

    #[test]
    fn an_idle_budget_refills() {
        let throttle = Throttle::new(Plan::Basic.limits());
        let now = Instant::now();
        for _ in 0..4 {
            throttle.reserve(Some(RateLimit::Light), now);
        }
        let later = now + Duration::from_secs(5);
        assert_eq!(throttle.reserve(Some(RateLimit::Light), later), later);
    }

    #[test]
    fn nonsense_rates_mean_no_practical_limit() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::MAX] {
            let throttle = Throttle::new(Limits { light: rate, medium: rate, heavy: rate, resource_intensive: rate });
            let now = Instant::now();
            assert!((0..1000).all(|_| throttle.reserve(Some(RateLimit::Light), now) == now), "{rate}");
        }
    }

    /// Every `f64` is a rate the throttle survives: no panic in `new`, in `reserve` however
    /// often, or in `acquire` (whose sleeps pass at once in paused time).
    #[tokio::test(start_paused = true)]
    async fn no_rate_panics_however_many_calls() {
        let rates = [
            0.0,
            -0.0,
            -1.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 2.0, // subnormal
            f64::from_bits(1),       // the smallest subnormal
            f64::EPSILON,
            1e-300,
            1e-20,
            1e-18,
            1e-9,
            1e-6,
            0.5,
            1.0,
            1.5,
            1e6,
            1e6 + 1.0,
            1e300,
        ];
        for rate in rates {
            let throttle = Throttle::new(Limits { light: rate, medium: rate, heavy: rate, resource_intensive: rate });
            let now = Instant::now();
            let mut last = now;
            for _ in 0..10_000 {
                let start = throttle.reserve(Some(RateLimit::Light), now);
                assert!(start >= last, "{rate}: slots never go back in time");
                last = start;
            }
            for _ in 0..3 {
                throttle.acquire(Some(RateLimit::Heavy)).await.unwrap();
            }
        }
    }

    #[test]
    fn rates_slower_than_one_a_day_are_one_a_day() {
        for rate in [1e-20, f64::MIN_POSITIVE, 1.0 / 86_400.0 / 2.0] {
            let throttle = Throttle::new(Limits { light: rate, medium: rate, heavy: rate, resource_intensive: rate });
            let now = Instant::now();
            assert_eq!(throttle.reserve(Some(RateLimit::Light), now), now, "{rate}");
            assert_eq!(throttle.reserve(Some(RateLimit::Light), now) - now, Duration::from_secs(86_400), "{rate}");
        }
    }

    #[test]
    fn unlabelled_operations_share_the_medium_budget() {
        let throttle = Throttle::new(Limits { light: 100.0, medium: 1.0, heavy: 100.0, resource_intensive: 100.0 });
        let now = Instant::now();
        assert_eq!(throttle.reserve(None, now), now);
        assert_eq!(throttle.reserve(Some(RateLimit::Other("odd")), now) - now, Duration::from_secs(1));
        assert_eq!(throttle.reserve(Some(RateLimit::Medium), now) - now, Duration::from_secs(2));
    }

    /// In paused time: a 429 holds back the label's calls until its wait is over, not others.
    #[tokio::test(start_paused = true)]
    async fn a_429_stops_the_label_until_retry_after() {
        let throttle =
            Throttle::new(Limits { light: 1000.0, medium: 1000.0, heavy: 1000.0, resource_intensive: 1000.0 });
        let start = Instant::now();
        throttle.rate_limited(Some(RateLimit::Light), Duration::from_millis(1500)).await;
        throttle.acquire(Some(RateLimit::Medium)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::ZERO, "another label goes on");
        throttle.acquire(Some(RateLimit::Light)).await.unwrap();
        assert!(start.elapsed() >= Duration::from_millis(1500), "{:?}", start.elapsed());
        // A wait over a minute is a daily limit's, not the throttle's.
        let start = Instant::now();
        throttle.rate_limited(Some(RateLimit::Heavy), Duration::from_secs(3600)).await;
        throttle.acquire(Some(RateLimit::Heavy)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[test]
    fn resource_intensive_calls_are_paced_per_minute() {
        let limits = Plan::Business.limits();
        assert!((limits.resource_intensive * 60.0 - 20.0).abs() < 1e-9);
        let throttle = Throttle::new(Plan::Pro.limits());
        let now = Instant::now();
        assert_eq!(throttle.reserve(Some(RateLimit::ResourceIntensive), now), now);
        assert_eq!(throttle.reserve(Some(RateLimit::ResourceIntensive), now) - now, Duration::from_secs(6));
    }

    const UNLIMITED: Limits = Limits { light: 1e6, medium: 1e6, heavy: 1e6, resource_intensive: 1e6 };

    #[tokio::test]
    async fn a_used_up_daily_limit_refuses_the_label_until_midnight_utc() {
        let limits = DailyLimits { light: Some(3), ..DailyLimits::default() };
        let throttle = Throttle::new(UNLIMITED).daily_limits(limits);
        for _ in 0..3 {
            throttle.acquire(Some(RateLimit::Light)).await.unwrap();
        }
        let refusal = throttle.acquire(Some(RateLimit::Light)).await.unwrap_err();
        assert_eq!(refusal.limit, Some(3));
        let now = crate::rate_limit::now();
        assert!(refusal.resets_at > now && refusal.resets_at - now <= chrono::Duration::days(1));
        assert_eq!(refusal.resets_at.timestamp() % 86_400, 0, "00:00 UTC");
        // Other labels have no daily limit here.
        for _ in 0..10 {
            throttle.acquire(Some(RateLimit::Medium)).await.unwrap();
        }
    }

    #[test]
    fn the_daily_count_starts_again_each_utc_day() {
        let daily = Daily::new(DailyLimits { medium: Some(2), ..DailyLimits::default() });
        let day = DateTime::from_timestamp(20_000 * 86_400 + 86_399, 0).unwrap();
        assert!(daily.count(1, day).is_ok() && daily.count(1, day).is_ok());
        assert_eq!(daily.count(1, day).unwrap_err().resets_at, day + chrono::Duration::seconds(1));
        let next = day + chrono::Duration::seconds(1);
        assert!(daily.count(1, next).is_ok(), "a new day");
    }

    #[tokio::test]
    async fn paid_plans_count_heavy_and_resource_intensive_calls_together() {
        let pro = Plan::Pro.daily_limits();
        assert_eq!((pro.heavy, pro.light, pro.resource_intensive_counts_as_heavy), (Some(30_000), None, true));
        assert_eq!(Plan::Business.daily_limits().heavy, Some(60_000));
        assert_eq!(Plan::Basic.daily_limits().resource_intensive, Some(30_000));
        let shared = DailyLimits { heavy: Some(2), resource_intensive_counts_as_heavy: true, ..pro };
        let throttle = Throttle::new(UNLIMITED).daily_limits(shared);
        throttle.acquire(Some(RateLimit::Heavy)).await.unwrap();
        throttle.acquire(Some(RateLimit::ResourceIntensive)).await.unwrap();
        assert!(throttle.acquire(Some(RateLimit::Heavy)).await.is_err());
        assert!(throttle.acquire(Some(RateLimit::ResourceIntensive)).await.is_err());
    }

    #[tokio::test]
    async fn a_daily_limit_zoom_answers_refuses_the_label_without_a_limit_of_its_own() {
        let throttle = Throttle::new(UNLIMITED);
        let resets_at = crate::rate_limit::now() + chrono::Duration::hours(3);
        throttle.daily_limited(Some(RateLimit::Heavy), resets_at).await;
        let refusal = throttle.acquire(Some(RateLimit::Heavy)).await.unwrap_err();
        assert_eq!((refusal.limit, refusal.resets_at), (None, resets_at));
        throttle.acquire(Some(RateLimit::Light)).await.unwrap();
    }
}
