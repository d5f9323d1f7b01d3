//! Inline SVG figures as plain numbers for the templates to lay out: the coverage-over-time bar chart (story
//! and storyline pages) and the coverage-by-group bar (front page cards). No markup is built here, so every
//! text that reaches the page goes through askama's escaping; colours come from CSS classes (the CSP allows
//! no inline styles).

use super::format;
use chrono::{DateTime, Duration, Timelike, Utc};
use std::collections::HashMap;

/// Chart drawing area in SVG user units (the SVG scales to the column width).
pub const CHART_WIDTH: f64 = 600.0;
pub const CHART_HEIGHT: f64 = 120.0;
/// At most this many bars: narrow enough to read on a 375-px phone (about 8 px a bar).
const MAX_BUCKETS: i64 = 40;
/// Bucket widths tried in order (hours): the narrowest that keeps the span within `MAX_BUCKETS`.
const BUCKET_HOURS: &[i64] = &[1, 3, 6, 12, 24, 72, 168, 720];
/// Colour classes for groups (`g0`…`g7` in style.css); more groups than this reuse colours.
const GROUP_COLOURS: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub struct TimeChart {
    pub bars: Vec<ChartBar>,
    /// The tallest bar's count (the y-axis top).
    pub max: usize,
    pub first_label: String,
    pub last_label: String,
    /// "1 article per hour" etc., for the figure caption.
    pub unit: String,
    /// Text alternative for screen readers.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartBar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// "10 Feb 2026, 14:00 UTC: 3 articles"
    pub label: String,
}

/// Bars of items per time bucket from the first time to the last, empty buckets included; `None` for no
/// times. `noun` is ("article", "articles") or ("story", "stories").
pub fn coverage_chart(times: &[DateTime<Utc>], noun: (&str, &str)) -> Option<TimeChart> {
    let first = *times.iter().min()?;
    let last = *times.iter().max()?;
    let span_hours = (last - first).num_hours() + 1;
    let hours = BUCKET_HOURS
        .iter()
        .copied()
        .find(|h| span_hours / h < MAX_BUCKETS)
        .unwrap_or(span_hours / MAX_BUCKETS + 1);
    // Buckets start on whole hours so labels read cleanly.
    let origin = first
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(first);
    let n = usize::try_from((last - origin).num_hours() / hours + 1).unwrap_or(1).max(1);
    let mut counts = vec![0usize; n];
    for t in times {
        let i = usize::try_from((*t - origin).num_hours() / hours).unwrap_or(0).min(n - 1);
        counts[i] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    let slot = CHART_WIDTH / n as f64;
    let bar_width = (slot * 0.8).max(1.0);
    let bars = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(i, &c)| {
            let h = (c as f64 / max as f64) * (CHART_HEIGHT - 4.0);
            let start = origin + Duration::hours(i as i64 * hours);
            ChartBar {
                x: fmt(i as f64 * slot + (slot - bar_width) / 2.0),
                y: fmt(CHART_HEIGHT - h),
                width: fmt(bar_width),
                height: fmt(h),
                label: format!("{}: {}", format::day_and_time(start), format::count(c, noun.0, noun.1)),
            }
        })
        .collect();
    let unit = match hours {
        1 => "hour".to_string(),
        24 => "day".to_string(),
        168 => "week".to_string(),
        h if h % 24 == 0 => format!("{} days", h / 24),
        h => format!("{h} hours"),
    };
    let busiest = counts.iter().enumerate().max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i))).map(|(i, _)| i);
    let description = format!(
        "{} from {} to {}, in bars of one {unit}; the busiest {unit} began {} with {}.",
        format::count(times.len(), noun.0, noun.1),
        format::day_and_time(first),
        format::day_and_time(last),
        busiest
            .map_or_else(String::new, |i| format::day_and_time(origin + Duration::hours(i as i64 * hours))),
        format::count(max, noun.0, noun.1),
    );
    Some(TimeChart {
        bars,
        max,
        first_label: format::day_and_time(first),
        last_label: format::day_and_time(last),
        unit,
        description,
    })
}

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupBar {
    pub segments: Vec<BarSegment>,
    /// "Coverage by group: valdorian-press 3 outlets, wire 1 outlet"
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarSegment {
    pub x: String,
    pub width: String,
    /// CSS colour class `g0`…`g7`.
    pub class: String,
    pub label: String,
}

/// Stable colour classes for group names: the sorted list of all groups, in order.
pub fn group_colours(all_groups: &[String]) -> HashMap<String, String> {
    let mut groups: Vec<&String> = all_groups.iter().collect();
    groups.sort();
    groups.dedup();
    groups.into_iter().enumerate().map(|(i, g)| (g.clone(), format!("g{}", i % GROUP_COLOURS))).collect()
}

/// Label for outlets without a group.
pub const NO_GROUP: &str = "no group";

/// Segments of outlets per primary group (an outlet's first listed group), widest first, over 0–100.
pub fn group_bar(outlet_groups: &[Option<&str>], colours: &HashMap<String, String>) -> Option<GroupBar> {
    if outlet_groups.is_empty() {
        return None;
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for group in outlet_groups {
        let g = group.unwrap_or(NO_GROUP);
        match counts.iter_mut().find(|(name, _)| *name == g) {
            Some((_, n)) => *n += 1,
            None => counts.push((g, 1)),
        }
    }
    // Named groups widest first; outlets without a group close the bar whatever their number.
    counts.sort_by(|a, b| (a.0 == NO_GROUP).cmp(&(b.0 == NO_GROUP)).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    let total = outlet_groups.len() as f64;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (name, n) in &counts {
        let width = *n as f64 / total * 100.0;
        segments.push(BarSegment {
            x: fmt(x),
            width: fmt(width),
            class: colours.get(*name).cloned().unwrap_or_else(|| "gx".into()),
            label: format!("{name}: {}", format::count(*n, "outlet", "outlets")),
        });
        x += width;
    }
    let description = format!(
        "Coverage by group: {}",
        segments.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", ")
    );
    Some(GroupBar { segments, description })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, d, h, m, 0).single().expect("time")
    }

    #[test]
    fn chart_counts_every_item_in_contiguous_buckets() {
        let times = [at(9, 8, 15), at(9, 8, 40), at(9, 11, 0), at(10, 9, 30)];
        let chart = coverage_chart(&times, ("article", "articles")).expect("chart");
        assert_eq!(chart.unit, "hour");
        assert_eq!(chart.max, 2);
        assert_eq!(chart.bars.len(), 3, "empty buckets draw no bar: {:?}", chart.bars);
        assert!(chart.bars[0].label.ends_with("2 articles"), "{}", chart.bars[0].label);
        assert!(chart.description.starts_with("4 articles from 9 Feb 2026, 08:15 UTC"));
        let xs: Vec<f64> = chart.bars.iter().map(|b| b.x.parse().expect("x")).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]) && xs.iter().all(|x| *x >= 0.0 && *x < CHART_WIDTH));
    }

    #[test]
    fn long_spans_use_wider_buckets() {
        // 19 days fit in 40 bars of 12 hours; 27 days need whole days.
        let times = [at(1, 0, 0), at(20, 0, 0)];
        let chart = coverage_chart(&times, ("story", "stories")).expect("chart");
        assert_eq!(chart.unit, "12 hours");
        let times = [at(1, 0, 0), at(28, 0, 0)];
        let chart = coverage_chart(&times, ("story", "stories")).expect("chart");
        assert_eq!(chart.unit, "day");
        assert!(chart.bars.len() <= MAX_BUCKETS as usize);
        assert!(coverage_chart(&[], ("a", "b")).is_none());
    }

    #[test]
    fn group_bar_splits_outlets_by_primary_group() {
        let colours = group_colours(&["wire".into(), "press".into()]);
        let bar = group_bar(&[Some("press"), Some("wire"), Some("press"), None], &colours).expect("bar");
        assert_eq!(bar.segments.len(), 3);
        assert_eq!(bar.segments[0].label, "press: 2 outlets");
        assert_eq!(bar.segments[0].width, "50.0");
        assert_eq!(bar.segments[0].class, "g0");
        assert_eq!(bar.segments[2].label, "no group: 1 outlet");
        assert!(bar.description.starts_with("Coverage by group: press: 2 outlets"));
    }
}
