//! `--timeline`: the run second by second, by when each request was sent,
//! so that a bad p99 shows whether it was one stall or slow throughout.

use std::time::Instant;

/// Prints requests sent, p50, p99 and max latency for each second of the run.
pub fn print(started: Instant, requests: &[(Instant, f64)]) {
    let mut seconds: Vec<Vec<f64>> = Vec::new();
    for (sent, ms) in requests {
        let second = sent.saturating_duration_since(started).as_secs() as usize;
        if seconds.len() <= second {
            seconds.resize_with(second + 1, Vec::new);
        }
        seconds[second].push(*ms);
    }
    println!("second   requests   p50 ms   p99 ms   max ms");
    for (second, mut latencies) in seconds.into_iter().enumerate() {
        latencies.sort_by(f64::total_cmp);
        let max = latencies.last().copied().unwrap_or(0.0);
        println!(
            "{second:>6} {:>10} {:>8.1} {:>8.1} {max:>8.1}",
            latencies.len(),
            crate::percentile(&latencies, 0.50),
            crate::percentile(&latencies, 0.99)
        );
    }
}
