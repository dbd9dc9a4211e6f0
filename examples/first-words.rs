//! What the first segmentation in a process costs, and every one after: `cargo run --release
//! --example first-words`. Prints the time and the resident memory the first `words()` call adds, then
//! the median time of a label's segmentation once warm.

use std::time::Instant;

use yitu::text::words::words;

/// The process's resident set, in kB (Linux; 0 elsewhere).
fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn main() {
    let labels = [
        "战略性新兴产业增加值",
        "财政民生支出占一般公共预算支出比重",
        "2023年规上工业增加值",
        "線下零售額",
    ];
    let rss = rss_kb();
    let start = Instant::now();
    let first = words(labels[0]);
    let elapsed = start.elapsed();
    println!(
        "first words(): {:.3} ms, +{} kB resident ({} words)",
        elapsed.as_secs_f64() * 1e3,
        rss_kb() - rss,
        first.len()
    );
    let mut times: Vec<f64> = (0..2001)
        .map(|i| {
            let start = Instant::now();
            std::hint::black_box(words(std::hint::black_box(labels[i % labels.len()])));
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("a label after: {:.2} µs (median of 2001)", times[1000]);
}
