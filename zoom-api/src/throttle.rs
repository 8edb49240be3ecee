//! Client-side pacing per rate-limit label, so a busy application stays under Zoom's per-second
//! limits instead of collecting 429s.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    /// Free and Basic accounts: 4 light, 2 medium, 1 heavy per second.
    Basic,
    /// Pro accounts: 30 / 20 / 10.
    Pro,
    /// Business, Education, Enterprise and Partner accounts: 80 / 60 / 40.
    Business,
}

impl Plan {
    /// The plan's limits. Zoom publishes no separate per-second figure for resource-intensive
    /// calls (it counts them with heavy ones against the daily cap), so they get heavy's.
    pub fn limits(self) -> Limits {
        let (light, medium, heavy) = match self {
            Plan::Basic => (4.0, 2.0, 1.0),
            Plan::Pro => (30.0, 20.0, 10.0),
            Plan::Business => (80.0, 60.0, 40.0),
        };
        Limits { light, medium, heavy, resource_intensive: heavy }
    }
}

/// Paces requests per rate-limit label: up to a second's worth at once, then evenly spread.
/// Operations Zoom labels with something else or nothing are paced as medium. Clones share
/// their state, so give every client of one Zoom account the same throttle: Zoom counts per
/// account.
///
/// ```
/// let throttle = zoom_client::Throttle::new(zoom_client::Plan::Pro.limits());
/// let client = zoom_client::Client::builder().bearer_token("token").throttle(throttle).build();
/// ```
#[derive(Debug, Clone)]
pub struct Throttle {
    buckets: Arc<[Bucket; 4]>,
}

#[derive(Debug)]
struct Bucket {
    /// Time between requests at the steady rate.
    interval: Duration,
    /// How far ahead of the steady schedule a burst may run.
    tolerance: Duration,
    /// When the next request is due on the steady schedule ("theoretical arrival time").
    due: Mutex<Option<Instant>>,
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
        Bucket { interval, tolerance, due: Mutex::new(None) }
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
}

impl Throttle {
    /// A throttle for `limits`. Any `f64` is accepted: a rate that is not a positive number (0,
    /// negative, NaN) or above a million per second means no practical limit, and one below one
    /// request a day is taken as one a day.
    pub fn new(limits: Limits) -> Self {
        let buckets = [limits.light, limits.medium, limits.heavy, limits.resource_intensive].map(Bucket::new);
        Throttle { buckets: Arc::new(buckets) }
    }

    /// Waits for the next slot of `label`'s budget.
    pub(crate) async fn acquire(&self, label: Option<RateLimit>) {
        let now = Instant::now();
        let start = self.reserve(label, now);
        if start > now {
            // Boxed: a timer is large, and this keeps it out of every request's future.
            Box::pin(tokio::time::sleep_until(start.into())).await;
        }
    }

    fn reserve(&self, label: Option<RateLimit>, now: Instant) -> Instant {
        let index = match label {
            Some(RateLimit::Light) => 0,
            Some(RateLimit::Heavy) => 2,
            Some(RateLimit::ResourceIntensive) => 3,
            Some(RateLimit::Medium | RateLimit::Other(_)) | None => 1,
        };
        self.buckets[index].reserve(now)
    }
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
}
