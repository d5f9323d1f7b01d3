//! Progress reporting, implemented by the CLI with a progress bar and by nothing in tests.

/// Receives progress of a long-running job. Must be cheap: called once per item.
pub trait Progress: Sync {
    /// A new phase starts with `len` items.
    fn phase(&self, name: &str, len: u64);
    /// `n` more items of the current phase are done.
    fn advance(&self, n: u64);
    /// A line worth showing to the user now (a file that failed, ...).
    fn note(&self, line: &str);
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn phase(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn note(&self, _: &str) {}
}
