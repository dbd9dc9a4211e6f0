//! `GET /metrics`, in Prometheus' text format: renders by format, errors by kind, the latency of render
//! requests as a histogram (queueing included: what a client waits), and the slots and queue now.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::Format;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// What went wrong with a request, as the `kind` label of `yitu_errors_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A spec with problems (400).
    Spec,
    /// A request that is not one (a bad parameter, a body that is not UTF-8): 400.
    Request,
    /// A body over the limit (413).
    TooLarge,
    /// A render with several pages and none chosen (422).
    Unprocessable,
    /// The queue was full (503).
    Busy,
    /// Past the time budget (504).
    Timeout,
    /// yitu panicked, or an output could not be encoded (500).
    Internal,
}

const KINDS: [(ErrorKind, &str); 7] = [
    (ErrorKind::Spec, "spec"),
    (ErrorKind::Request, "request"),
    (ErrorKind::TooLarge, "too_large"),
    (ErrorKind::Unprocessable, "unprocessable"),
    (ErrorKind::Busy, "busy"),
    (ErrorKind::Timeout, "timeout"),
    (ErrorKind::Internal, "internal"),
];

const FORMATS: [Format; 5] = [
    Format::Png,
    Format::Svg,
    Format::Pdf,
    Format::Jpeg,
    Format::Webp,
];

#[derive(Default)]
pub struct Metrics {
    renders: [AtomicU64; 5],
    errors: [AtomicU64; 7],
    latency: Mutex<Histogram>,
}

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    /// A render answered with its image.
    pub fn rendered(&self, format: Format) {
        let i = FORMATS.iter().position(|f| *f == format).unwrap_or(0);
        self.renders[i].fetch_add(1, Ordering::Relaxed);
    }

    pub fn error(&self, kind: ErrorKind) {
        let i = KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(0);
        self.errors[i].fetch_add(1, Ordering::Relaxed);
    }

    /// A render request answered after `took`, whatever the answer.
    pub fn took(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut h = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        for (bound, count) in BUCKETS.iter().zip(h.counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// The text of `GET /metrics`, with the slots (`busy` of `slots`) and the requests `waiting`.
    pub fn text(&self, busy: usize, slots: usize, waiting: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP yitu_renders_total Images rendered and returned, by format."
        );
        let _ = writeln!(out, "# TYPE yitu_renders_total counter");
        for (format, n) in FORMATS.iter().zip(&self.renders) {
            let _ = writeln!(
                out,
                "yitu_renders_total{{format=\"{}\"}} {}",
                format.name(),
                n.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP yitu_errors_total Render requests answered with an error, by kind."
        );
        let _ = writeln!(out, "# TYPE yitu_errors_total counter");
        for ((_, name), n) in KINDS.iter().zip(&self.errors) {
            let _ = writeln!(
                out,
                "yitu_errors_total{{kind=\"{name}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        let h = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(out, "# HELP yitu_request_duration_seconds Time from a render request to its answer, queueing included.");
        let _ = writeln!(out, "# TYPE yitu_request_duration_seconds histogram");
        for (bound, count) in BUCKETS.iter().zip(h.counts) {
            let _ = writeln!(
                out,
                "yitu_request_duration_seconds_bucket{{le=\"{bound}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "yitu_request_duration_seconds_bucket{{le=\"+Inf\"}} {}",
            h.count
        );
        let _ = writeln!(out, "yitu_request_duration_seconds_sum {}", h.sum);
        let _ = writeln!(out, "yitu_request_duration_seconds_count {}", h.count);
        let _ = writeln!(
            out,
            "# HELP yitu_render_slots Renders that may run at once."
        );
        let _ = writeln!(out, "# TYPE yitu_render_slots gauge");
        let _ = writeln!(out, "yitu_render_slots {slots}");
        let _ = writeln!(
            out,
            "# HELP yitu_renders_running Renders running now (renders past their budget included)."
        );
        let _ = writeln!(out, "# TYPE yitu_renders_running gauge");
        let _ = writeln!(out, "yitu_renders_running {busy}");
        let _ = writeln!(
            out,
            "# HELP yitu_requests_waiting Render requests waiting for a slot."
        );
        let _ = writeln!(out, "# TYPE yitu_requests_waiting gauge");
        let _ = writeln!(out, "yitu_requests_waiting {waiting}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative() {
        let m = Metrics::default();
        m.took(Duration::from_millis(3));
        m.took(Duration::from_millis(70));
        m.took(Duration::from_secs(60));
        m.rendered(Format::Svg);
        m.error(ErrorKind::Timeout);
        let text = m.text(1, 2, 0);
        assert!(text.contains("yitu_request_duration_seconds_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("yitu_request_duration_seconds_bucket{le=\"0.1\"} 2\n"));
        assert!(text.contains("yitu_request_duration_seconds_bucket{le=\"30\"} 2\n"));
        assert!(text.contains("yitu_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("yitu_request_duration_seconds_count 3\n"));
        assert!(text.contains("yitu_renders_total{format=\"svg\"} 1\n"));
        assert!(text.contains("yitu_errors_total{kind=\"timeout\"} 1\n"));
        assert!(text.contains("yitu_renders_running 1\n"));
    }
}
