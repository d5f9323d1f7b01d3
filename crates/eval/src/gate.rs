//! The quality gate: run every scorer named in a floors file and compare each metric with its floor
//! (trafilatura's eval gate). A score below its floor is a failure.

use crate::{Error, Result, read_to_string};
use std::path::{Path, PathBuf};

/// One line of the floors file.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub task: String,
    /// Folders (relative to the shared data dir) fed together.
    pub data: Vec<String>,
    pub metric: String,
    pub floor: f64,
}

/// The outcome for one floor.
#[derive(Debug, Clone, PartialEq)]
pub struct GateResult {
    pub floor: Floor,
    pub score: f64,
}

impl GateResult {
    pub fn passed(&self) -> bool {
        self.score >= self.floor.floor
    }
}

/// Parse a floors file: `task data metric floor` per line, `#` starts a comment.
pub fn parse_floors(path: &Path) -> Result<Vec<Floor>> {
    let content = read_to_string(path)?;
    let mut floors = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let bad = |reason: &str| Error::Format {
            path: path.to_path_buf(),
            reason: format!("line {}: {reason}", i + 1),
        };
        let [task, data, metric, floor] = fields[..] else {
            return Err(bad("expected: task data metric floor"));
        };
        let floor: f64 = floor.parse().map_err(|_| bad("floor must be a number"))?;
        floors.push(Floor {
            task: task.to_string(),
            data: data.split('+').map(str::to_string).collect(),
            metric: metric.to_string(),
            floor,
        });
    }
    Ok(floors)
}

impl Floor {
    pub fn data_dirs(&self, shared: &Path) -> Vec<PathBuf> {
        self.data.iter().map(|d| shared.join(d)).collect()
    }
}
