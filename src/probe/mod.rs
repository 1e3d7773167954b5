//! Probes: read-only looks at a machine that propose answers, with evidence.
//!
//! A tree declares what to look at ([`crate::tree::ProbeKind`]); this module
//! fills in the answers it needs ([`jobs`]), maps Windows paths onto the
//! operator's mounts ([`paths`]), looks ([`look`]), and runs looks on worker
//! threads with timeouts and cancellation ([`runner`]). Every look ends in a
//! [`ProbeResult`]: a failed look is an outcome to record, not an error.
//!
//! The engine never calls this module: the shell runs the jobs and feeds the
//! results back as [`crate::engine::Input`]s.

pub mod exec;
pub mod glob;
pub mod jobs;
pub mod look;
pub mod paths;
pub mod runner;
pub mod windows;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::engine::Evidence;

pub use jobs::{
    EvidenceChange, Job, Target, changed_answers, question_job, rerun_jobs, verification_inputs,
    verification_jobs,
};
pub use paths::Mounts;
pub use runner::{Batch, ProbeReport, Runner};

/// How a look ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeStatus {
    /// It saw what it looks for.
    Found,
    /// It looked, and what it looks for is not there.
    NotFound,
    /// This kind cannot run here (a Windows service off Windows, a drive with no mount).
    NotAvailable,
    /// A command waits for the operator's consent; nothing ran.
    NeedsConsent,
    /// The probe would have looked outside its mount, or at an unsafe value.
    Refused,
    /// It tried and could not tell (unreadable file, tool error).
    Failed,
    TimedOut,
    Cancelled,
}

impl ProbeStatus {
    pub fn label(self) -> &'static str {
        match self {
            ProbeStatus::Found => "found",
            ProbeStatus::NotFound => "not found",
            ProbeStatus::NotAvailable => "not available here",
            ProbeStatus::NeedsConsent => "needs consent",
            ProbeStatus::Refused => "refused",
            ProbeStatus::Failed => "failed",
            ProbeStatus::TimedOut => "timed out",
            ProbeStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the look reached a finding that can answer a question.
    pub fn is_finding(self) -> bool {
        matches!(self, ProbeStatus::Found | ProbeStatus::NotFound)
    }
}

/// The result of one look: a status, and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub status: ProbeStatus,
    /// What was looked at, cleaned of control characters.
    pub looked_at: String,
    /// What was seen, cleaned of control characters.
    pub saw: String,
    /// Unix seconds when the look ended.
    pub at: i64,
    /// A number the look measured (files counted, MB free), for number questions.
    pub reading: Option<f64>,
}

impl ProbeResult {
    pub fn evidence(&self) -> Evidence {
        Evidence {
            imported: false,
            looked_at: self.looked_at.clone(),
            saw: self.saw.clone(),
            at: self.at,
        }
    }

    /// True when `other` saw something different (the time aside): what `r`
    /// re-runs flag.
    pub fn differs_from(&self, other: &Evidence) -> bool {
        self.looked_at != other.looked_at || self.saw != other.saw
    }
}

/// What a look returns before the runner stamps it with the time.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub status: ProbeStatus,
    pub looked_at: String,
    pub saw: String,
    pub reading: Option<f64>,
}

impl Observation {
    pub fn new(status: ProbeStatus, looked_at: impl Into<String>, saw: impl Into<String>) -> Self {
        Observation {
            status,
            looked_at: looked_at.into(),
            saw: saw.into(),
            reading: None,
        }
    }

    pub fn found(found: bool, looked_at: impl Into<String>, saw: impl Into<String>) -> Self {
        let status = if found {
            ProbeStatus::Found
        } else {
            ProbeStatus::NotFound
        };
        Observation::new(status, looked_at, saw)
    }

    pub fn with_reading(mut self, reading: f64) -> Self {
        self.reading = Some(reading);
        self
    }
}

/// The longest `saw` or `looked_at` kept: evidence is for a table row.
const MAX_EVIDENCE_CHARS: usize = 600;

/// Makes text read from a machine safe to display and export: control
/// characters (terminal escapes, NULs, newlines) and hidden characters
/// ([`crate::text::is_hidden`]) removed, runs of whitespace folded, length bounded.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_EVIDENCE_CHARS + 4));
    let mut space = false;
    let mut kept = 0;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            // Tabs and line breaks read as spaces; other controls vanish.
            if c.is_whitespace() && !out.is_empty() {
                space = true;
            }
            continue;
        }
        // BiDi overrides, zero-width characters: the same as every other output.
        if crate::text::is_hidden(c) {
            continue;
        }
        if kept >= MAX_EVIDENCE_CHARS {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
        kept += 1;
    }
    out
}

/// Everything a look needs from outside the tree: where drives are mounted,
/// which hosts the operator named, and what the operator allowed.
#[derive(Clone)]
pub struct ProbeEnv {
    pub mounts: Mounts,
    /// `$name` in a TCP probe's host, from `--host name=HOST` or the config file.
    pub hosts: BTreeMap<String, String>,
    /// Commands from trees run without asking each time (`--allow-commands`).
    pub allow_commands: bool,
    /// How long one look may take.
    pub timeout: Duration,
    /// Unix seconds now; injected so tests and reproducible exports can fix it.
    pub clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

/// The per-probe timeout when nothing else is said.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for ProbeEnv {
    fn default() -> Self {
        ProbeEnv {
            mounts: Mounts::default(),
            hosts: BTreeMap::new(),
            allow_commands: false,
            timeout: DEFAULT_TIMEOUT,
            clock: Arc::new(crate::clock::system_now),
        }
    }
}

impl std::fmt::Debug for ProbeEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProbeEnv")
            .field("mounts", &self.mounts)
            .field("hosts", &self.hosts)
            .field("allow_commands", &self.allow_commands)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Whether probes run, and whether their answers are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeMode {
    Off,
    Ask,
    Auto,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_removes_escapes_and_overrides_and_folds_lines() {
        let dirty = "ok\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nnext\u{202e}li\u{200b}ne\u{0}\tend";
        assert_eq!(clean_text(dirty), "ok[2J]0;pwned nextline end");
    }

    #[test]
    fn cleaning_bounds_length() {
        let long = "x".repeat(5000);
        let cleaned = clean_text(&long);
        assert_eq!(cleaned.chars().count(), MAX_EVIDENCE_CHARS + 1);
        assert!(cleaned.ends_with('…'));
    }
}
