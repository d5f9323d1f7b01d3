//! Progress bars on a terminal (indicatif); nothing when output is not a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsdesk_pipeline::Progress;
use std::io::IsTerminal;

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Self {
        let bar = ProgressBar::hidden();
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        let style =
            ProgressStyle::with_template("{msg:>20} [{bar:40.cyan/blue}] {pos}/{len} ({per_sec}, {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        Bar { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, len: u64) {
        self.bar.set_message(name.to_string());
        self.bar.set_length(len);
        self.bar.set_position(0);
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn note(&self, line: &str) {
        // Shown above the bar; with no terminal the import report prints problems at the end instead.
        if !self.bar.is_hidden() {
            self.bar.println(line);
        }
    }
}
