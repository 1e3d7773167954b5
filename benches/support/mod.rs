//! A small timing harness shared by the benchmarks: warm up, run a fixed
//! number of iterations, report the median and the 95th percentile.
//! Plain `std` keeps `cargo bench` quick to build on a small machine.

#![allow(dead_code)]

use std::time::{Duration, Instant};

pub struct Stats {
    pub median: Duration,
    pub p95: Duration,
    pub iterations: usize,
}

/// Times `f` `iterations` times after a few warm-up runs, prints one line, returns the figures.
pub fn measure<T>(name: &str, iterations: usize, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..iterations.div_ceil(10).max(1) {
        std::hint::black_box(f());
    }
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    let stats = Stats {
        median: times[times.len() / 2],
        p95: times[(times.len() * 95 / 100).min(times.len() - 1)],
        iterations,
    };
    println!(
        "{name:<60} median {:>10.3?}  p95 {:>10.3?}  ({iterations} runs)",
        stats.median, stats.p95
    );
    stats
}
