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
/// let throttle = zoom_api::Throttle::new(zoom_api::Plan::Pro.limits());
/// let client = zoom_api::Client::builder().bearer_token("token").throttle(throttle).build();
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
    /// million, is taken as a million (no practical limit).
    fn new(per_second: f64) -> Bucket {
        const MAX_RATE: f64 = 1e6;
        let per_second = if per_second > 0.0 { per_second.min(MAX_RATE) } else { MAX_RATE };
        let interval = Duration::from_secs_f64(1.0 / per_second);
        let burst = per_second.floor().max(1.0);
        Bucket { interval, tolerance: interval.mul_f64(burst - 1.0), due: Mutex::new(None) }
    }

    /// Reserves the next slot and returns when it starts (the generic cell rate algorithm).
    fn reserve(&self, now: Instant) -> Instant {
        let mut due = self.due.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let scheduled = due.unwrap_or(now).max(now);
        let start = scheduled.checked_sub(self.tolerance).map_or(now, |earliest| earliest.max(now));
        *due = Some(scheduled + self.interval);
        start
    }
}

impl Throttle {
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

    #[test]
    fn unlabelled_operations_share_the_medium_budget() {
        let throttle = Throttle::new(Limits { light: 100.0, medium: 1.0, heavy: 100.0, resource_intensive: 100.0 });
        let now = Instant::now();
        assert_eq!(throttle.reserve(None, now), now);
        assert_eq!(throttle.reserve(Some(RateLimit::Other("odd")), now) - now, Duration::from_secs(1));
        assert_eq!(throttle.reserve(Some(RateLimit::Medium), now) - now, Duration::from_secs(2));
    }
}
