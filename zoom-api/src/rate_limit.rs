//! What Zoom's rate-limit headers say: `X-RateLimit-Limit`, `-Remaining`, `-Type`, `-Category`,
//! `-Reset` and `Retry-After`.

use chrono::{DateTime, TimeZone, Utc};
use reqwest::header::HeaderMap;

/// The rate-limit state an answer reports. Every field is `None` when its header is absent or
/// unreadable; times are absolute, resolved against the moment the answer arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimitInfo {
    /// `X-RateLimit-Limit`.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Type`: which limit this is.
    pub kind: Option<LimitKind>,
    /// `X-RateLimit-Category`, e.g. `Light`.
    pub category: Option<String>,
    /// `X-RateLimit-Reset`: when the limit resets.
    pub reset: Option<DateTime<Utc>>,
    /// `Retry-After`, which Zoom sends as seconds or as a timestamp.
    pub retry_after: Option<DateTime<Utc>>,
}

/// Which of Zoom's limits an answer is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitKind {
    /// A per-second limit (Zoom writes `QPS`): it resets within seconds.
    PerSecond,
    /// A daily limit: it resets at the next midnight UTC.
    Daily,
    /// Another value, as Zoom wrote it.
    Other(String),
}

impl LimitKind {
    fn parse(text: &str) -> LimitKind {
        let lower = text.to_ascii_lowercase();
        if lower.contains("daily") || lower.contains("day") {
            LimitKind::Daily
        } else if lower == "qps" || lower.contains("second") {
            LimitKind::PerSecond
        } else {
            LimitKind::Other(text.to_owned())
        }
    }
}

impl RateLimitInfo {
    /// Reads the headers of an answer that arrived at `now`.
    pub fn from_headers(headers: &HeaderMap, now: DateTime<Utc>) -> Self {
        let text =
            |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty());
        RateLimitInfo {
            limit: text("x-ratelimit-limit").and_then(|v| v.parse().ok()),
            remaining: text("x-ratelimit-remaining").and_then(|v| v.parse().ok()),
            kind: text("x-ratelimit-type").map(LimitKind::parse),
            category: text("x-ratelimit-category").map(str::to_owned),
            reset: text("x-ratelimit-reset").and_then(|v| parse_time(v, now)),
            retry_after: text("retry-after").and_then(|v| parse_time(v, now)),
        }
    }

    /// When a retry may succeed: `Retry-After`, else `X-RateLimit-Reset`.
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        self.retry_after.or(self.reset)
    }

    /// How long a per-second limit lasts: until [`retry_at`](Self::retry_at), or a second when
    /// Zoom does not say.
    pub(crate) fn per_second_wait(&self, now: DateTime<Utc>) -> std::time::Duration {
        self.retry_at().map_or(std::time::Duration::from_secs(1), |at| until(at, now))
    }

    /// Whether this is a daily limit: by `X-RateLimit-Type`, or, without it, a retry time more
    /// than a minute away (a per-second limit resets within seconds).
    pub fn is_daily(&self, now: DateTime<Utc>) -> bool {
        match &self.kind {
            Some(LimitKind::Daily) => true,
            Some(LimitKind::PerSecond) => false,
            _ => self.retry_at().is_some_and(|at| at - now > chrono::Duration::minutes(1)),
        }
    }
}

/// The time from `now` to `at` (zero once it is past).
pub(crate) fn until(at: DateTime<Utc>, now: DateTime<Utc>) -> std::time::Duration {
    (at - now).to_std().unwrap_or_default()
}

/// The current time (chrono's `Utc::now` needs its `clock` feature, which pulls in time-zone
/// crates this crate has no use for).
pub(crate) fn now() -> DateTime<Utc> {
    DateTime::from(std::time::SystemTime::now())
}

/// Seconds from now, Unix seconds or milliseconds, RFC 3339 or an HTTP date.
fn parse_time(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if let Ok(number) = value.parse::<i64>() {
        // Small numbers are a delay; Unix timestamps are past 2001 (1e9 s) and in ms past 1e12.
        return match number {
            n if n < 0 => None,
            n if n < 1_000_000_000 => now.checked_add_signed(chrono::Duration::seconds(n)),
            n if n < 1_000_000_000_000 => Utc.timestamp_opt(n, 0).single(),
            n => Utc.timestamp_millis_opt(n).single(),
        };
    }
    DateTime::parse_from_rfc3339(value)
        .or_else(|_| DateTime::parse_from_rfc2822(value))
        .map(|t| t.with_timezone(&Utc))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reads_every_header() {
        let now = at("2026-11-23T10:00:00Z");
        let info = RateLimitInfo::from_headers(
            &headers(&[
                ("x-ratelimit-limit", "30"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-type", "QPS"),
                ("x-ratelimit-category", "Light"),
                ("x-ratelimit-reset", "1"),
                ("retry-after", "2"),
            ]),
            now,
        );
        assert_eq!(info.limit, Some(30));
        assert_eq!(info.remaining, Some(0));
        assert_eq!(info.kind, Some(LimitKind::PerSecond));
        assert_eq!(info.category.as_deref(), Some("Light"));
        assert_eq!(info.reset, Some(at("2026-11-23T10:00:01Z")));
        assert_eq!(info.retry_at(), Some(at("2026-11-23T10:00:02Z")));
        assert!(!info.is_daily(now));
    }

    #[test]
    fn retry_after_as_timestamp_in_every_form() {
        let now = at("2026-11-23T10:00:00Z");
        let midnight = at("2026-11-24T00:00:00Z");
        for value in ["2026-11-24T00:00:00Z", "Tue, 24 Nov 2026 00:00:00 GMT", "1795478400", "1795478400000"] {
            let info = RateLimitInfo::from_headers(&headers(&[("retry-after", value)]), now);
            assert_eq!(info.retry_after, Some(midnight), "{value}");
            assert!(info.is_daily(now), "{value}: hours away without a type means daily");
        }
    }

    #[test]
    fn daily_type_and_unreadable_values() {
        let now = at("2026-11-23T10:00:00Z");
        let info = RateLimitInfo::from_headers(
            &headers(&[("x-ratelimit-type", "Daily-limit"), ("x-ratelimit-limit", "many"), ("retry-after", "soon")]),
            now,
        );
        assert_eq!(info.kind, Some(LimitKind::Daily));
        assert!(info.is_daily(now));
        assert_eq!((info.limit, info.retry_after), (None, None));
        assert_eq!(RateLimitInfo::from_headers(&headers(&[("retry-after", "-5")]), now).retry_after, None);
    }
}
