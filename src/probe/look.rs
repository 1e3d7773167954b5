//! One look at the machine, for one probe whose variables are already filled.
//!
//! Every function returns an [`Observation`]; nothing here panics or returns
//! an error, because a failed look is evidence too.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use regex::bytes::Regex as BytesRegex;

use super::exec::{self, ExecError, display_argv};
pub use super::file_looks::{DEFAULT_TAIL_BYTES, MAX_TAIL_BYTES};
use super::file_looks::{exists, file_contains, free_space, glob_count};
use super::windows;
use super::{Observation, ProbeEnv, ProbeStatus, clean_text};
use crate::tree::{ProbeKind, ServiceState};

/// Looks once. `consent` says the operator agreed to run this job's command.
pub fn look(
    kind: &ProbeKind,
    env: &ProbeEnv,
    consent: bool,
    deadline: Instant,
    cancel: &AtomicBool,
) -> Observation {
    match kind {
        ProbeKind::Exists { path } => exists(env, path, true),
        ProbeKind::Absent { path } => exists(env, path, false),
        ProbeKind::FileContains {
            path,
            pattern,
            tail_bytes,
        } => file_contains(env, path, pattern, *tail_bytes, deadline, cancel),
        ProbeKind::GlobCount {
            dir,
            glob,
            at_least,
            at_most,
        } => glob_count(env, dir, glob, at_least.unwrap_or(1), *at_most),
        ProbeKind::FreeSpace { path, at_least_mb } => free_space(env, path, *at_least_mb),
        ProbeKind::TcpConnect {
            host,
            port,
            timeout_ms,
        } => tcp_connect(env, host, *port, *timeout_ms, deadline),
        ProbeKind::Service { name, state } => service(env, name, state, deadline, cancel),
        ProbeKind::Registry { key, value } => {
            registry(env, key, value.as_deref(), deadline, cancel)
        }
        ProbeKind::EventLog {
            log,
            event_id,
            source,
            pattern,
        } => event_log(
            env,
            log,
            *event_id,
            source.as_deref(),
            pattern.as_deref(),
            deadline,
            cancel,
        ),
        ProbeKind::Command { argv, pattern } => {
            command(env, argv, pattern, consent, deadline, cancel)
        }
    }
}

/// A host name or address as typed: letters, digits, dots, dashes, and the
/// colons of an IPv6 address.
fn plain_host(host: &str) -> bool {
    !host.is_empty()
        && !host.starts_with('-')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:_[]".contains(c))
}

fn tcp_connect(
    env: &ProbeEnv,
    host: &str,
    port: u16,
    timeout_ms: Option<u64>,
    deadline: Instant,
) -> Observation {
    let name = match host.strip_prefix('$') {
        Some(role) => match env.hosts.get(role) {
            Some(h) => h.clone(),
            None => {
                return Observation::new(
                    ProbeStatus::NotAvailable,
                    clean_text(&format!("{host}:{port}")),
                    clean_text(&format!(
                        "not available here: no host named `{role}` (use --host {role}=HOST, or `hosts:` in the config file)"
                    )),
                );
            }
        },
        None => host.to_string(),
    };
    let looked_at = clean_text(&format!("TCP {name}:{port}"));
    if !plain_host(&name) {
        return Observation::new(
            ProbeStatus::Refused,
            looked_at,
            clean_text(&format!("refused: `{name}` is not a host name or address")),
        );
    }
    let limit = timeout_ms.map(Duration::from_millis);
    let end = match limit {
        Some(l) => deadline.min(Instant::now() + l),
        None => deadline,
    };
    // Name lookup blocks without a timeout of its own: run it aside and stop
    // waiting at the deadline.
    let (tx, rx) = mpsc::channel();
    let target = format!(
        "{}:{port}",
        name.trim_start_matches('[').trim_end_matches(']')
    );
    let lookup_target = if name.contains(':') && !name.starts_with('[') {
        format!("[{name}]:{port}")
    } else {
        target
    };
    std::thread::spawn(move || {
        let _ = tx.send(
            lookup_target
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<SocketAddr>>()),
        );
    });
    let addrs = match rx.recv_timeout(end.saturating_duration_since(Instant::now())) {
        Ok(Ok(a)) if !a.is_empty() => a,
        Ok(Ok(_)) => return Observation::found(false, looked_at, "the name has no address"),
        Ok(Err(e)) => {
            return Observation::found(
                false,
                looked_at,
                clean_text(&format!("name lookup failed: {e}")),
            );
        }
        Err(_) => {
            return Observation::found(false, looked_at, "name lookup did not finish in time");
        }
    };
    let mut last_error = String::from("no address tried");
    for addr in &addrs {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            last_error = "no time left to connect".into();
            break;
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(_) => {
                return Observation::found(
                    true,
                    looked_at,
                    clean_text(&format!("connected to {addr}")),
                );
            }
            Err(e) => last_error = format!("{addr}: {e}"),
        }
    }
    Observation::found(
        false,
        looked_at,
        clean_text(&format!("no connection: {last_error}")),
    )
}

/// Runs one of the Windows tools; elsewhere says it is not available here.
fn windows_tool(
    env: &ProbeEnv,
    argv: &[String],
    deadline: Instant,
    cancel: &AtomicBool,
) -> Result<exec::CommandOutput, Observation> {
    let looked_at = clean_text(&display_argv(argv));
    // With mounts, the machine probed is not this one, and these tools would
    // answer for this one.
    if cfg!(windows) && !env.mounts.is_empty() {
        return Err(Observation::new(
            ProbeStatus::NotAvailable,
            looked_at,
            format!(
                "not available here: `{}` would look at this computer, not the one mounted",
                argv[0]
            ),
        ));
    }
    if !cfg!(windows) {
        return Err(Observation::new(
            ProbeStatus::NotAvailable,
            looked_at,
            format!("not available here: `{}` runs only on Windows", argv[0]),
        ));
    }
    exec::run_bounded(argv, deadline, cancel).map_err(|e| exec_failure(looked_at, e))
}

fn exec_failure(looked_at: String, e: ExecError) -> Observation {
    match e {
        ExecError::Spawn(why) => Observation::new(ProbeStatus::Failed, looked_at, clean_text(&why)),
        ExecError::TimedOut => Observation::new(
            ProbeStatus::TimedOut,
            looked_at,
            "timed out; the program was stopped",
        ),
        ExecError::Cancelled => Observation::new(
            ProbeStatus::Cancelled,
            looked_at,
            "cancelled; the program was stopped",
        ),
    }
}

fn service(
    env: &ProbeEnv,
    name: &str,
    state: &ServiceState,
    deadline: Instant,
    cancel: &AtomicBool,
) -> Observation {
    let argv = windows::sc_query_argv(name);
    let looked_at = clean_text(&display_argv(&argv));
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || "_-. $".contains(c))
        || name.is_empty()
    {
        return Observation::new(
            ProbeStatus::Refused,
            looked_at,
            "refused: not a service name",
        );
    }
    let out = match windows_tool(env, &argv, deadline, cancel) {
        Ok(o) => o,
        Err(o) => return o,
    };
    match windows::parse_sc_query(&out.stdout, out.code) {
        Ok(found) => {
            let saw = match &found {
                windows::ServiceQuery::NotInstalled => "not installed".to_string(),
                windows::ServiceQuery::State { code, name } => {
                    format!("state {code} {}", name.to_uppercase())
                }
            };
            Observation::found(windows::service_matches(&found, state), looked_at, saw)
        }
        Err(e) => Observation::new(ProbeStatus::Failed, looked_at, clean_text(&e.to_string())),
    }
}

fn registry(
    env: &ProbeEnv,
    key: &str,
    value: Option<&str>,
    deadline: Instant,
    cancel: &AtomicBool,
) -> Observation {
    let key = match windows::normalise_reg_key(key) {
        Ok(k) => k,
        Err(e) => {
            return Observation::new(
                ProbeStatus::Refused,
                clean_text(key),
                clean_text(&format!("refused: {e}")),
            );
        }
    };
    let argv = windows::reg_query_argv(&key, value);
    let out = match windows_tool(env, &argv, deadline, cancel) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let looked_at = clean_text(&display_argv(&argv));
    match windows::parse_reg_query(&out.stdout, &out.stderr, out.code) {
        Ok(windows::RegQuery::Absent) => Observation::found(false, looked_at, "absent"),
        Ok(windows::RegQuery::Present(values)) => {
            let saw = match (
                value,
                values
                    .iter()
                    .find(|v| value.is_some_and(|n| v.name.eq_ignore_ascii_case(n))),
            ) {
                (Some(_), Some(v)) => format!("present: {} {} {}", v.name, v.kind, v.data),
                _ => format!("present, {} values", values.len()),
            };
            Observation::found(true, looked_at, clean_text(&saw))
        }
        Err(e) => Observation::new(ProbeStatus::Failed, looked_at, clean_text(&e.to_string())),
    }
}

fn event_log(
    env: &ProbeEnv,
    log: &str,
    event_id: u32,
    source: Option<&str>,
    pattern: Option<&str>,
    deadline: Instant,
    cancel: &AtomicBool,
) -> Observation {
    let argv = match windows::wevtutil_argv(log, event_id, source) {
        Ok(a) => a,
        Err(e) => {
            return Observation::new(
                ProbeStatus::Refused,
                clean_text(log),
                clean_text(&format!("refused: {e}")),
            );
        }
    };
    let out = match windows_tool(env, &argv, deadline, cancel) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let looked_at = clean_text(&display_argv(&argv));
    let events = match windows::parse_wevtutil(&out.stdout, &out.stderr, out.code) {
        Ok(e) => e,
        Err(e) => {
            return Observation::new(ProbeStatus::Failed, looked_at, clean_text(&e.to_string()));
        }
    };
    match_events(looked_at, &events, event_id, source, pattern)
}

/// The finding for events returned by a query: the newest one that matches.
pub fn match_events(
    looked_at: String,
    events: &[windows::EventRecord],
    event_id: u32,
    source: Option<&str>,
    pattern: Option<&str>,
) -> Observation {
    let re = match pattern.map(regex::Regex::new).transpose() {
        Ok(r) => r,
        Err(e) => {
            return Observation::new(ProbeStatus::Failed, looked_at, clean_text(&e.to_string()));
        }
    };
    let hit = events.iter().find(|e| {
        e.event_id == event_id
            && source.is_none_or(|s| e.provider.eq_ignore_ascii_case(s))
            && re.as_ref().is_none_or(|r| r.is_match(&e.text()))
    });
    match hit {
        Some(e) => Observation::found(
            true,
            looked_at,
            clean_text(&format!(
                "event {} from {} at {} on {}: {}",
                e.event_id,
                e.provider,
                e.time,
                e.computer,
                e.message.clone().unwrap_or_else(|| e.data.join(", "))
            )),
        ),
        None => Observation::found(
            false,
            looked_at,
            format!(
                "{} event(s) with ID {event_id}, none matching",
                events.len()
            ),
        ),
    }
}

fn command(
    env: &ProbeEnv,
    argv: &[String],
    pattern: &str,
    consent: bool,
    deadline: Instant,
    cancel: &AtomicBool,
) -> Observation {
    let looked_at = clean_text(&display_argv(argv));
    if !(consent || env.allow_commands) {
        return Observation::new(
            ProbeStatus::NeedsConsent,
            looked_at.clone(),
            format!("not run: waits for the operator's consent to run `{looked_at}`"),
        );
    }
    let re = match BytesRegex::new(pattern) {
        Ok(r) => r,
        Err(e) => {
            return Observation::new(ProbeStatus::Failed, looked_at, clean_text(&e.to_string()));
        }
    };
    let out = match exec::run_bounded(argv, deadline, cancel) {
        Ok(o) => o,
        Err(e) => return exec_failure(looked_at, e),
    };
    let code = out
        .code
        .map_or("no exit code".into(), |c| format!("exit code {c}"));
    let cut = if out.truncated {
        ", output cut at 64 KiB"
    } else {
        ""
    };
    let all = [out.stdout.as_slice(), out.stderr.as_slice()];
    let hit = all
        .iter()
        .flat_map(|s| s.split(|b| *b == b'\n'))
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| re.is_match(l));
    match hit {
        Some(line) => Observation::found(
            true,
            looked_at,
            clean_text(&format!(
                "{code}{cut}; matching line: {}",
                String::from_utf8_lossy(line)
            )),
        ),
        None => Observation::found(false, looked_at, format!("{code}{cut}; no line matched")),
    }
}
