//! Configuration: where data lives, how much to log.

use std::path::PathBuf;
use tracing_subscriber::EnvFilter;

/// The data folder: the flag or NEWSDESK_DATA_DIR, else ./newsdesk-data.
pub fn data_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.unwrap_or_else(|| PathBuf::from("newsdesk-data"))
}

pub fn init_logging(verbose: u8) {
    let default = match verbose {
        // html5ever logs parse-recovery notes ("foster parenting not implemented") at warn: noise for users.
        0 => "warn,html5ever=error,newsdesk=info,newsdesk_server=info",
        1 => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}
