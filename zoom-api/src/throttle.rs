//! Client-side pacing per rate-limit label, so a busy application stays under Zoom's per-second
//! limits instead of collecting 429s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

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

    /// Waits for the next slot of `label`'s budget, and until a 429 on the label is over.
    pub(crate) async fn acquire(&self, label: Option<RateLimit>) {
        let index = bucket(label);
        let bucket = &self.buckets[index];
        loop {
            if let Some(until) = bucket.blocked_until(Instant::now()) {
                sleep_until(until).await;
                continue;
            }
            #[cfg(feature = "redis")]
            if let Some(shared) = &self.shared {
                use crate::redis::throttle::Reservation;
                let name = BUCKET_NAMES[index];
                match shared.reserve(name, bucket.interval, bucket.tolerance).await {
                    Ok(Reservation::Slot(wait)) if wait.is_zero() => return,
                    Ok(Reservation::Slot(wait)) => {
                        sleep_until(Instant::now() + wait).await;
                        // A 429 elsewhere while this call waited stops it too; after the block
                        // it takes a new slot, so that the calls held back do not all go at once.
                        match shared.blocked_for(name).await {
                            Ok(Some(left)) => sleep_until(Instant::now() + left).await,
                            _ => return,
                        }
                        continue;
                    }
                    Ok(Reservation::Blocked(left)) => {
                        sleep_until(Instant::now() + left).await;
                        continue;
                    }
                    // Logged by the shared throttle; paced locally below.
                    Err(_) => {}
                }
            }
            let now = Instant::now();
            let start = bucket.reserve(now);
            if start > now {
                sleep_until(start).await;
            }
            return;
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
                throttle.acquire(Some(RateLimit::Heavy)).await;
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
        throttle.acquire(Some(RateLimit::Medium)).await;
        assert_eq!(start.elapsed(), Duration::ZERO, "another label goes on");
        throttle.acquire(Some(RateLimit::Light)).await;
        assert!(start.elapsed() >= Duration::from_millis(1500), "{:?}", start.elapsed());
        // A wait over a minute is a daily limit's, not the throttle's.
        let start = Instant::now();
        throttle.rate_limited(Some(RateLimit::Heavy), Duration::from_secs(3600)).await;
        throttle.acquire(Some(RateLimit::Heavy)).await;
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
}
