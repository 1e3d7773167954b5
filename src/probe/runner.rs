//! Running probes without ever making the caller wait.
//!
//! [`Runner::start`] hands a batch of jobs to worker threads and returns at
//! once; the [`Batch`] it returns is polled ([`Batch::try_next`], never
//! blocking) from an event loop, or drained ([`Batch::wait_all`]) headless.
//! Each look has its own deadline (the per-probe timeout, cut short by the
//! batch's overall budget); a look that hangs is reported as timed out and
//! left behind, so one stuck share or command never holds up the others.
//! [`Batch::cancel`] (Esc) reports every unfinished job as cancelled at once.
//! Every job gets exactly one report.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::jobs::Job;
use super::look::look;
use super::{Observation, ProbeEnv, ProbeResult, ProbeStatus, clean_text};

/// Looks running at once; small, since most are file reads on one share.
pub const DEFAULT_WORKERS: usize = 4;

/// How often a waiting worker checks for cancellation.
const TICK: Duration = Duration::from_millis(20);

/// A finished job: which one (`index` in the batch's job list), and what it found.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeReport {
    pub index: usize,
    pub job: Job,
    pub result: ProbeResult,
}

/// Starts batches of probes on worker threads.
#[derive(Debug, Clone)]
pub struct Runner {
    env: Arc<ProbeEnv>,
    workers: usize,
}

impl Runner {
    pub fn new(env: ProbeEnv) -> Runner {
        Runner {
            env: Arc::new(env),
            workers: DEFAULT_WORKERS,
        }
    }

    pub fn with_workers(mut self, workers: usize) -> Runner {
        self.workers = workers.max(1);
        self
    }

    pub fn env(&self) -> &ProbeEnv {
        &self.env
    }

    /// Starts `jobs` and returns at once. No look runs past `budget` from now.
    pub fn start(&self, jobs: Vec<Job>, budget: Duration) -> Batch {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let total = jobs.len();
        let queue: Arc<Mutex<VecDeque<(usize, Job)>>> =
            Arc::new(Mutex::new(jobs.iter().cloned().enumerate().collect()));
        let budget_end = Instant::now() + budget;
        for _ in 0..self.workers.min(total) {
            let worker = Worker {
                env: Arc::clone(&self.env),
                queue: Arc::clone(&queue),
                cancel: Arc::clone(&cancel),
                tx: tx.clone(),
                budget_end,
            };
            std::thread::spawn(move || worker.run());
        }
        Batch {
            rx,
            cancel,
            jobs,
            reported: vec![false; total],
            remaining: total,
            clock: Arc::clone(&self.env.clock),
        }
    }

    /// Runs `jobs` and waits for every report: for headless use.
    pub fn run(&self, jobs: Vec<Job>, budget: Duration) -> Vec<ProbeReport> {
        self.start(jobs, budget).wait_all()
    }
}

struct Worker {
    env: Arc<ProbeEnv>,
    queue: Arc<Mutex<VecDeque<(usize, Job)>>>,
    cancel: Arc<AtomicBool>,
    tx: Sender<ProbeReport>,
    budget_end: Instant,
}

impl Worker {
    fn run(self) {
        loop {
            let next = self.queue.lock().ok().and_then(|mut q| q.pop_front());
            let Some((index, job)) = next else { return };
            let obs = if self.cancel.load(Ordering::Relaxed) {
                Observation::new(
                    ProbeStatus::Cancelled,
                    describe(&job),
                    "cancelled before it ran",
                )
            } else if Instant::now() >= self.budget_end {
                Observation::new(
                    ProbeStatus::TimedOut,
                    describe(&job),
                    "not run: the overall time budget for probes was used up",
                )
            } else {
                self.look_with_deadline(&job)
            };
            let result = ProbeResult {
                status: obs.status,
                looked_at: clean_text(&obs.looked_at),
                saw: clean_text(&obs.saw),
                at: (self.env.clock)(),
                reading: obs.reading,
            };
            if self.tx.send(ProbeReport { index, job, result }).is_err() {
                // The batch was dropped: nobody is listening any more.
                return;
            }
        }
    }

    /// Runs the look on its own thread and stops waiting at its deadline.
    fn look_with_deadline(&self, job: &Job) -> Observation {
        let kind = match &job.look {
            Ok(k) => k.clone(),
            Err(why) => {
                let status = if why.is_refusal() {
                    ProbeStatus::Refused
                } else {
                    ProbeStatus::NotAvailable
                };
                return Observation::new(status, describe(job), why.to_string());
            }
        };
        use crate::tree::ProbeKind as K;
        let timeout = match &kind {
            // A TCP probe may ask for longer than the default, never past the budget.
            K::TcpConnect {
                timeout_ms: Some(ms),
                ..
            } => Duration::from_millis(*ms).max(self.env.timeout),
            _ => self.env.timeout,
        };
        let deadline = (Instant::now() + timeout).min(self.budget_end);
        let runs_a_program = matches!(
            kind,
            K::Command { .. } | K::Service { .. } | K::Registry { .. } | K::EventLog { .. }
        );
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        {
            let env = Arc::clone(&self.env);
            let stop = Arc::clone(&stop);
            let consent = job.consent;
            std::thread::spawn(move || {
                let _ = tx.send(look(&kind, &env, consent, deadline, &stop));
            });
        }
        // The program may see the deadline pass and stop before this loop
        // does: either way the operator reads the same words.
        let timed_out = || {
            let secs = timeout.as_secs_f64();
            Observation::new(
                ProbeStatus::TimedOut,
                describe(job),
                format!("timed out after {secs} s; the walk goes on without it"),
            )
        };
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                stop.store(true, Ordering::Relaxed);
                if runs_a_program {
                    await_stopped(&rx);
                }
                return Observation::new(
                    ProbeStatus::Cancelled,
                    describe(job),
                    "cancelled while running",
                );
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left.min(TICK)) {
                Ok(obs) if obs.status == ProbeStatus::TimedOut => return timed_out(),
                Ok(obs) => return obs,
                Err(RecvTimeoutError::Timeout) if left.is_zero() => {
                    // Commands see `stop` and are killed, and reaped before the
                    // timeout is reported; a stuck file read is left behind.
                    stop.store(true, Ordering::Relaxed);
                    if runs_a_program {
                        await_stopped(&rx);
                    }
                    return timed_out();
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Observation::new(
                        ProbeStatus::Failed,
                        describe(job),
                        "the probe stopped without a result",
                    );
                }
            }
        }
    }
}

/// Waits for a look that runs a program to return once told to stop: it
/// kills and reaps the program within a few polls. The bound only guards
/// against a look stuck elsewhere.
fn await_stopped(rx: &Receiver<Observation>) {
    let _ = rx.recv_timeout(Duration::from_secs(5));
}

/// What a job looks at, in words, before (or without) looking.
pub fn describe(job: &Job) -> String {
    use crate::tree::ProbeKind as K;
    let kind = job.look.as_ref().unwrap_or(&job.probe.look);
    let text = match kind {
        K::Exists { path } => format!("{path} exists"),
        K::Absent { path } => format!("{path} is absent"),
        K::FileContains { path, pattern, .. } => format!("{path}, lines matching /{pattern}/"),
        K::GlobCount { dir, glob, .. } => format!("{dir}, files matching {glob}"),
        K::FreeSpace { path, at_least_mb } => {
            format!("free space on {path} (at least {at_least_mb} MB)")
        }
        K::TcpConnect { host, port, .. } => format!("TCP {host}:{port}"),
        K::Service { name, state } => format!("service {name} is {state}"),
        K::Registry {
            key,
            value: Some(v),
        } => format!("registry value {key}\\{v}"),
        K::Registry { key, value: None } => format!("registry key {key}"),
        K::EventLog { log, event_id, .. } => format!("{log} event log, event {event_id}"),
        K::Command { argv, .. } => super::exec::display_argv(argv),
    };
    clean_text(&text)
}

/// A batch of running probes. Dropping it cancels what is still running.
pub struct Batch {
    rx: Receiver<ProbeReport>,
    cancel: Arc<AtomicBool>,
    jobs: Vec<Job>,
    reported: Vec<bool>,
    remaining: usize,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("jobs", &self.jobs.len())
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

impl Batch {
    /// The jobs, in the order their `index` refers to.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// Reports not yet delivered.
    pub fn pending(&self) -> usize {
        self.remaining
    }

    pub fn is_finished(&self) -> bool {
        self.remaining == 0
    }

    fn accept(&mut self, r: ProbeReport) -> Option<ProbeReport> {
        // After a cancel, a worker's late report for a job already reported is dropped.
        let seen = self.reported.get_mut(r.index)?;
        if *seen {
            return None;
        }
        *seen = true;
        self.remaining -= 1;
        Some(r)
    }

    /// The next report if one is ready; never blocks.
    pub fn try_next(&mut self) -> Option<ProbeReport> {
        while self.remaining > 0 {
            let r = self.rx.try_recv().ok()?;
            if let Some(r) = self.accept(r) {
                return Some(r);
            }
        }
        None
    }

    /// Every report ready now; never blocks.
    pub fn poll(&mut self) -> Vec<ProbeReport> {
        std::iter::from_fn(|| self.try_next()).collect()
    }

    /// Waits up to `timeout` for the next report.
    pub fn next_timeout(&mut self, timeout: Duration) -> Option<ProbeReport> {
        let end = Instant::now() + timeout;
        while self.remaining > 0 {
            let left = end.saturating_duration_since(Instant::now());
            let r = match self.rx.recv_timeout(left) {
                Ok(r) => r,
                Err(_) => return None,
            };
            if let Some(r) = self.accept(r) {
                return Some(r);
            }
        }
        None
    }

    /// Waits for every report; they come back in job order.
    pub fn wait_all(mut self) -> Vec<ProbeReport> {
        let mut out = Vec::with_capacity(self.remaining);
        while self.remaining > 0 {
            match self.rx.recv() {
                Ok(r) => out.extend(self.accept(r)),
                Err(_) => break,
            }
        }
        out.sort_by_key(|r| r.index);
        out
    }

    /// Cancels the batch: running commands are stopped, and every job not yet
    /// reported is reported as cancelled by the next `try_next`/`poll`.
    pub fn cancel(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        let mut late = Vec::new();
        // Reports already sent stay as they are; the rest are cancelled now.
        while let Ok(r) = self.rx.try_recv() {
            late.push(r);
        }
        let at = (self.clock)();
        let (tx, rx) = mpsc::channel();
        for r in late {
            let _ = tx.send(r);
        }
        for (index, job) in self.jobs.iter().enumerate() {
            if !self.reported[index] {
                let _ = tx.send(ProbeReport {
                    index,
                    job: job.clone(),
                    result: ProbeResult {
                        status: ProbeStatus::Cancelled,
                        looked_at: describe(job),
                        saw: "cancelled by the operator".into(),
                        at,
                        reading: None,
                    },
                });
            }
        }
        // Workers' later sends go to the old channel and are dropped with it.
        self.rx = rx;
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
