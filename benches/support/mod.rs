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

/// This thread's time on a CPU and waiting for one, from the scheduler's
/// own count (Linux only): on a loaded machine the wall time of a run
/// includes waiting for a core, which is not the code's cost.
pub fn thread_cpu_and_wait() -> Option<(Duration, Duration)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    let on_cpu = fields.next()??;
    let waiting = fields.next()??;
    Some((Duration::from_nanos(on_cpu), Duration::from_nanos(waiting)))
}

/// As [`measure`], and also prints the mean time on a CPU and waiting for
/// one per run, so that a figure taken under load can be told from a slow one.
pub fn measure_with_cpu<T>(name: &str, iterations: usize, f: impl FnMut() -> T) -> Stats {
    let before = thread_cpu_and_wait();
    let stats = measure(name, iterations, f);
    if let (Some((cpu0, wait0)), Some((cpu1, wait1))) = (before, thread_cpu_and_wait()) {
        // The warm-up runs are counted too.
        let runs = (iterations + iterations.div_ceil(10).max(1)) as u32;
        println!(
            "{:<60} on a CPU {:>10.3?}  waiting for one {:>10.3?}  (mean per run)",
            "",
            (cpu1 - cpu0) / runs,
            (wait1 - wait0) / runs
        );
    }
    stats
}

/// The load average over the last minute, as `uptime` prints it.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}
