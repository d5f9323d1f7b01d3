//! robots.txt for page fetches (RFC 9309), cached per origin for a day. Feeds the user subscribed to are
//! fetched without it: a subscription is the user's explicit request, as with any feed reader.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use texting_robots::Robot;

/// RFC 9309 §2.4: crawlers should not use a cached robots.txt for more than 24 hours.
pub(crate) const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
/// RFC 9309 §2.5: parse at least 500 KiB; more is not read.
pub(crate) const ROBOTS_MAX_BYTES: usize = 500 * 1024;
/// Longest Crawl-delay honoured; a larger value would stall polling of the host's pages for good.
pub(crate) const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// What one origin's robots.txt says for us.
pub(crate) enum Rules {
    AllowAll,
    /// RFC 9309 §2.3.1.4: an unreachable robots.txt (5xx, network error) means complete disallow.
    DisallowAll,
    Parsed(Box<Robot>),
}

impl Rules {
    pub(crate) fn from_body(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            Err(_) => Rules::AllowAll,
        }
    }

    pub(crate) fn allows(&self, url: &str) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
            Rules::Parsed(robot) => robot.allowed(url),
        }
    }

    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d).min(MAX_CRAWL_DELAY)),
            _ => None,
        }
    }
}

#[derive(Default)]
pub(crate) struct RobotsCache {
    origins: Mutex<HashMap<String, (Instant, Arc<Rules>)>>,
}

impl RobotsCache {
    pub(crate) fn get(&self, origin: &str) -> Option<Arc<Rules>> {
        let map = self.origins.lock().unwrap_or_else(|p| p.into_inner());
        map.get(origin).filter(|(at, _)| at.elapsed() < ROBOTS_TTL).map(|(_, r)| r.clone())
    }

    pub(crate) fn put(&self, origin: &str, rules: Rules) -> Arc<Rules> {
        let rules = Arc::new(rules);
        let mut map = self.origins.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(origin.to_string(), (Instant::now(), rules.clone()));
        rules
    }
}
