//! When the client sends a request again, and how long it waits first.

use std::time::Duration;

/// How the client retries. The default retries transport errors and 5xx answers of idempotent
/// methods (GET, PUT, DELETE, …) up to 3 attempts with jittered exponential backoff, waits out a
/// per-second rate limit of up to 5 seconds for any method (Zoom did not process the request),
/// and never waits for a daily limit.
///
/// ```
/// use std::time::Duration;
/// let policy = zoom_client::RetryPolicy::default().max_attempts(5).max_elapsed(Duration::from_secs(60));
/// let client = zoom_client::Client::builder().bearer_token("token").retry(policy).build();
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_elapsed: Duration,
    pub(crate) max_rate_limit_wait: Duration,
    pub(crate) wait_for_daily_limit: bool,
    pub(crate) max_daily_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(5),
            wait_for_daily_limit: false,
            max_daily_limit_wait: RetryPolicy::DEFAULT_MAX_DAILY_LIMIT_WAIT,
        }
    }
}

impl RetryPolicy {
    /// The default for [`RetryPolicy::max_daily_limit_wait`]: 25 hours. Zoom's daily limits
    /// reset at the next midnight UTC, at most a day away; the extra hour absorbs clock skew.
    pub const DEFAULT_MAX_DAILY_LIMIT_WAIT: Duration = Duration::from_secs(25 * 3600);

    /// No retries at all: every failure is returned at once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, max_rate_limit_wait: Duration::ZERO, ..RetryPolicy::default() }
    }

    /// Attempts per call, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles per retry up to `max`, and the wait is a
    /// random fraction of it ("full jitter"), so many clients do not retry in step.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// No retry starts later than this after the first attempt.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The longest the client sleeps for a per-second rate limit before retrying; a limit that
    /// resets later is returned as [`Error::RateLimited`](crate::Error::RateLimited).
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// Sleep until a daily limit resets (the next midnight UTC: possibly hours) instead of
    /// returning [`Error::RateLimited`](crate::Error::RateLimited). Off by default. The sleep is
    /// bounded by [`RetryPolicy::max_daily_limit_wait`].
    pub fn wait_for_daily_limit(mut self, wait: bool) -> Self {
        self.wait_for_daily_limit = wait;
        self
    }

    /// With [`RetryPolicy::wait_for_daily_limit`], the longest the client sleeps for a daily
    /// limit (default [`DEFAULT_MAX_DAILY_LIMIT_WAIT`](Self::DEFAULT_MAX_DAILY_LIMIT_WAIT), 25
    /// hours). A limit that Zoom says resets later (a `Retry-After` days or centuries ahead, or
    /// none at all) is returned as [`Error::RateLimited`](crate::Error::RateLimited) at once,
    /// instead of holding the call without bound.
    pub fn max_daily_limit_wait(mut self, wait: Duration) -> Self {
        self.max_daily_limit_wait = wait;
        self
    }

    /// The wait before retry number `retry` (1 for the first retry): a uniformly random duration
    /// up to `initial × 2^(retry-1)`, capped at `max`.
    pub(crate) fn backoff_before(&self, retry: u32) -> Duration {
        let ceiling =
            self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(20)).min(self.max_backoff);
        ceiling.mul_f64(random_fraction())
    }
}

/// The wait after `failures` failures in a row (at least one): `first`, doubled by each failure
/// up to `max`, and jittered between half of that and all of it, so that many clients do not
/// ask again in step and no wait is (nearly) zero.
pub(crate) fn doubling_backoff(first: Duration, failures: u32, max: Duration) -> Duration {
    let ceiling = first.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(max);
    ceiling.mul_f64(0.5 + 0.5 * random_fraction())
}

/// A number in [0, 1) from the standard library's randomly keyed hasher: jitter needs spread,
/// not cryptographic strength, so this saves a dependency.
pub(crate) fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher
        .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_its_ceiling() {
        let policy = RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(350));
        for retry in 1..=6 {
            let ceiling = [100, 200, 350, 350, 350, 350][retry as usize - 1];
            let waits: Vec<Duration> = (0..200).map(|_| policy.backoff_before(retry)).collect();
            assert!(waits.iter().all(|w| *w <= Duration::from_millis(ceiling)), "retry {retry}");
            // Jittered: 200 draws are not all the same.
            assert!(waits.iter().any(|w| *w != waits[0]), "retry {retry}");
        }
    }

    #[test]
    fn none_means_one_attempt_and_no_rate_limit_wait() {
        let none = RetryPolicy::none();
        assert_eq!((none.max_attempts, none.max_rate_limit_wait), (1, Duration::ZERO));
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }
}
