//! When to poll a feed next: adaptive to its own publishing rate, within bounds; exponential back-off on
//! errors; server-requested waits (Retry-After, RSS `<ttl>`) and `<skipHours>` honoured. Pure: `now` is given.

use chrono::{DateTime, Duration as Span, Timelike, Utc};
use std::time::Duration;

/// Polling interval bounds (a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollBounds {
    pub min: Duration,
    pub max: Duration,
}

impl Default for PollBounds {
    /// 15 minutes: news sites publish in bursts, and more often rarely shows anything new. 24 hours: a quiet
    /// feed is still checked daily.
    fn default() -> Self {
        PollBounds { min: Duration::from_secs(15 * 60), max: Duration::from_secs(24 * 3600) }
    }
}

/// Recent entries looked at to estimate a feed's publishing rate.
const RATE_WINDOW: usize = 20;
/// Poll at this fraction of the typical gap between entries, so most items are seen within one gap.
const GAP_FRACTION: f64 = 0.5;
/// Interval for a feed whose dates say nothing (fewer than two dated entries).
const UNKNOWN_RATE_INTERVAL: Duration = Duration::from_secs(3600);

/// The interval until the next successful poll, from the entries' publication times and the feed's `<ttl>`.
pub fn next_interval(published: &[DateTime<Utc>], ttl_minutes: Option<u32>, bounds: PollBounds) -> Duration {
    let mut times: Vec<DateTime<Utc>> = published.to_vec();
    times.sort_unstable_by(|a, b| b.cmp(a));
    times.dedup();
    times.truncate(RATE_WINDOW);
    let from_rate = if times.len() < 2 {
        UNKNOWN_RATE_INTERVAL
    } else {
        let mut gaps: Vec<i64> = times.windows(2).map(|w| (w[0] - w[1]).num_seconds().max(0)).collect();
        gaps.sort_unstable();
        let median = gaps[gaps.len() / 2] as f64;
        Duration::from_secs_f64(median * GAP_FRACTION)
    };
    // The publisher's <ttl> says how long the feed may be cached: never poll more often than that.
    let from_ttl = ttl_minutes.map_or(Duration::ZERO, |m| Duration::from_secs(u64::from(m) * 60));
    from_rate.max(from_ttl).clamp(bounds.min, bounds.max)
}

/// The wait after `failures` consecutive errors: min × 2^(failures−1), at most max; a server's Retry-After
/// wins when longer.
pub fn backoff(failures: u32, retry_after: Option<Duration>, bounds: PollBounds) -> Duration {
    let exponent = failures.saturating_sub(1).min(20);
    let wait = bounds.min.saturating_mul(1u32 << exponent).min(bounds.max);
    retry_after.map_or(wait, |r| r.max(wait))
}

/// The next poll time: `now + wait`, moved past any `<skipHours>` (UTC hours 0–23 in which the publisher asks
/// not to be polled).
pub fn next_poll_at(now: DateTime<Utc>, wait: Duration, skip_hours: &[u32]) -> DateTime<Utc> {
    let mut at = now + Span::from_std(wait).unwrap_or(Span::days(1));
    // A feed skipping all 24 hours is broken; ignore the list then.
    if skip_hours.len() >= 24 {
        return at;
    }
    for _ in 0..24 {
        if !skip_hours.contains(&at.hour()) {
            break;
        }
        at =
            at.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(at)
                + Span::hours(1);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("date").to_utc()
    }

    #[test]
    fn interval_follows_publishing_rate_within_bounds() {
        let b = PollBounds::default();
        let hourly: Vec<_> = (0..10).map(|h| t("2026-03-03T00:00:00Z") + Span::hours(h)).collect();
        assert_eq!(next_interval(&hourly, None, b), Duration::from_secs(1800));
        let minutely: Vec<_> = (0..10).map(|m| t("2026-03-03T00:00:00Z") + Span::minutes(m)).collect();
        assert_eq!(next_interval(&minutely, None, b), b.min);
        let weekly: Vec<_> = (0..5).map(|w| t("2026-01-01T00:00:00Z") + Span::weeks(w)).collect();
        assert_eq!(next_interval(&weekly, None, b), b.max);
        assert_eq!(next_interval(&[], None, b), UNKNOWN_RATE_INTERVAL);
        assert_eq!(next_interval(&hourly, Some(120), b), Duration::from_secs(7200));
    }

    #[test]
    fn backoff_doubles_and_respects_retry_after() {
        let b = PollBounds::default();
        assert_eq!(backoff(1, None, b), b.min);
        assert_eq!(backoff(3, None, b), b.min * 4);
        assert_eq!(backoff(30, None, b), b.max);
        assert_eq!(backoff(1, Some(Duration::from_secs(7200)), b), Duration::from_secs(7200));
    }

    #[test]
    fn skip_hours_move_the_poll() {
        let now = t("2026-03-03T01:50:00Z");
        let at = next_poll_at(now, Duration::from_secs(20 * 60), &[2, 3]);
        assert_eq!(at, t("2026-03-03T04:00:00Z"));
        assert_eq!(next_poll_at(now, Duration::from_secs(60), &[5]), t("2026-03-03T01:51:00Z"));
    }
}
