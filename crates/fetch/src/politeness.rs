//! Per-host politeness: at most N requests in flight per host and a minimum spacing between request starts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

pub(crate) struct HostGate {
    concurrency: usize,
    delay: Duration,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
}

struct HostSlot {
    permits: Arc<Semaphore>,
    /// Earliest start of the next request, and this host's own spacing (robots.txt Crawl-delay can raise it).
    schedule: tokio::sync::Mutex<(Instant, Duration)>,
}

/// Held while a request to the host is in flight.
pub(crate) struct HostTurn {
    _permit: Option<OwnedSemaphorePermit>,
}

impl HostGate {
    pub(crate) fn new(concurrency: usize, delay: Duration) -> Self {
        HostGate { concurrency: concurrency.max(1), delay, hosts: Mutex::new(HashMap::new()) }
    }

    fn slot(&self, host: &str) -> Arc<HostSlot> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts
            .entry(host.to_ascii_lowercase())
            .or_insert_with(|| {
                Arc::new(HostSlot {
                    permits: Arc::new(Semaphore::new(self.concurrency)),
                    schedule: tokio::sync::Mutex::new((Instant::now(), self.delay)),
                })
            })
            .clone()
    }

    /// Wait for a free slot on the host and for its spacing, then return the turn.
    pub(crate) async fn acquire(&self, host: &str) -> HostTurn {
        let slot = self.slot(host);
        // The semaphore is never closed, so acquiring only fails if it were; then go on without a permit.
        let permit = slot.permits.clone().acquire_owned().await.ok();
        let wait = {
            let mut schedule = slot.schedule.lock().await;
            let now = Instant::now();
            let start = schedule.0.max(now);
            schedule.0 = start + schedule.1;
            start - now
        };
        tokio::time::sleep(wait).await;
        HostTurn { _permit: permit }
    }

    /// Raise a host's spacing (never lowers it below the configured delay).
    pub(crate) async fn set_min_delay(&self, host: &str, delay: Duration) {
        let slot = self.slot(host);
        let mut schedule = slot.schedule.lock().await;
        schedule.1 = schedule.1.max(delay);
    }
}
