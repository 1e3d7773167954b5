//! Running a program for a probe: argv only (never a shell), no input, a
//! deadline, cancellation, and output capped per stream.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

/// At most this much of each output stream is kept; the rest is read and dropped
/// so the program is not blocked on a full pipe.
pub const OUTPUT_CAP: usize = 64 * 1024;

/// What a finished program left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// `None` when it was ended by a signal.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Some output went past [`OUTPUT_CAP`] and was dropped.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecError {
    /// The program could not be started (not installed, not executable).
    Spawn(String),
    TimedOut,
    Cancelled,
}

/// How often a running program is checked for exit, deadline and cancellation.
const POLL: Duration = Duration::from_millis(10);

/// Programs started for probes and not yet ended, by process id (each leads
/// its own process group on Unix), so that kbwalk can end them all before it
/// exits: a probe's thread dies with the process, and its program must not
/// outlive it.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn running() -> std::sync::MutexGuard<'static, Vec<u32>> {
    RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How many programs started for probes are still running.
pub fn running_count() -> usize {
    running().len()
}

/// Ends every program started for probes that is still running, with what it
/// started, and waits (briefly) for their threads to reap them. Called
/// before kbwalk exits.
pub fn stop_all() {
    for pid in running().iter() {
        #[cfg(unix)]
        if let Some(pid) = rustix::process::Pid::from_raw(*pid as i32) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        #[cfg(not(unix))]
        let _ = pid;
    }
    let end = Instant::now() + Duration::from_secs(1);
    while running_count() > 0 && Instant::now() < end {
        std::thread::sleep(POLL);
    }
}

/// Keeps a started program in [`RUNNING`] until it and its group are ended.
struct Registered(u32);

impl Registered {
    fn new(pid: u32) -> Registered {
        running().push(pid);
        Registered(pid)
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        running().retain(|p| *p != self.0);
    }
}

/// The command line as shown to an operator asked for consent: each argument
/// quoted when it needs to be, so what is shown is exactly what runs.
pub fn display_argv(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./\\:=,@%+".contains(c))
            {
                a.clone()
            } else {
                format!("\"{}\"", a.replace('\\', "\\\\").replace('"', "\\\""))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn drain(mut pipe: impl Read, cap: usize) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut truncated = false;
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
                truncated |= n > room;
            }
        }
    }
    (kept, truncated)
}

/// Runs `argv` until it exits, `deadline` passes or `cancel` is set; a
/// program still running then is killed (on Unix, with its process group).
pub fn run_bounded(
    argv: &[String],
    deadline: Instant,
    cancel: &AtomicBool,
) -> Result<CommandOutput, ExecError> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| ExecError::Spawn("empty command".into()))?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so a timeout can end whatever it started too.
        cmd.process_group(0);
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        cmd.creation_flags(CREATE_NO_WINDOW);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| ExecError::Spawn(format!("cannot run `{program}`: {e}")))?;
    // Dropped last, after the program is reaped and its group ended.
    let _registered = Registered::new(child.id());
    let (tx, rx) = mpsc::channel();
    if let Some(out) = child.stdout.take() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send((true, drain(out, OUTPUT_CAP)));
        });
    }
    if let Some(err) = child.stderr.take() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send((false, drain(err, OUTPUT_CAP)));
        });
    }
    drop(tx);

    let ended = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) => {}
            Err(e) => break Err(ExecError::Spawn(e.to_string())),
        }
        if cancel.load(Ordering::Relaxed) {
            break Err(ExecError::Cancelled);
        }
        if Instant::now() >= deadline {
            break Err(ExecError::TimedOut);
        }
        std::thread::sleep(POLL);
    };
    let status = match ended {
        Ok(s) => s,
        Err(e) => {
            kill(&mut child);
            return Err(e);
        }
    };
    // Output arrives until the pipes close; a program that left a child
    // holding them open does not get to hold the probe past its deadline.
    let mut out = CommandOutput {
        code: status.code(),
        stdout: Vec::new(),
        stderr: Vec::new(),
        truncated: false,
    };
    for _ in 0..2 {
        let wait = deadline.saturating_duration_since(Instant::now()).max(POLL);
        match rx.recv_timeout(wait) {
            Ok((is_stdout, (bytes, truncated))) => {
                out.truncated |= truncated;
                if is_stdout {
                    out.stdout = bytes;
                } else {
                    out.stderr = bytes;
                }
            }
            Err(_) => break,
        }
    }
    #[cfg(unix)]
    kill_group(&child);
    Ok(out)
}

fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    kill_group(child);
    let _ = child.kill();
    let _ = child.wait();
}

/// Ends what is left of the program's process group (it leads its own group).
#[cfg(unix)]
fn kill_group(child: &std::process::Child) {
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn argv(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn captures_output_and_exit_code() {
        let never = AtomicBool::new(false);
        let far = Instant::now() + Duration::from_secs(30);
        let out = run_bounded(&argv(&["echo", "hello; rm -rf /"]), far, &never).unwrap();
        // The argument reached the program as one word: no shell saw it.
        assert_eq!(out.stdout, b"hello; rm -rf /\n");
        assert_eq!(out.code, Some(0));
    }

    #[test]
    fn a_hanging_program_is_killed_at_the_deadline() {
        let never = AtomicBool::new(false);
        let soon = Instant::now() + Duration::from_millis(200);
        assert_eq!(
            run_bounded(&argv(&["sleep", "30"]), soon, &never),
            Err(ExecError::TimedOut)
        );
    }

    #[test]
    fn cancelling_ends_a_running_program() {
        let cancel = AtomicBool::new(true);
        let far = Instant::now() + Duration::from_secs(30);
        assert_eq!(
            run_bounded(&argv(&["sleep", "30"]), far, &cancel),
            Err(ExecError::Cancelled)
        );
    }

    #[test]
    fn output_is_capped() {
        let never = AtomicBool::new(false);
        let far = Instant::now() + Duration::from_secs(30);
        let out = run_bounded(&argv(&["head", "-c", "200000", "/dev/zero"]), far, &never).unwrap();
        assert_eq!(out.stdout.len(), OUTPUT_CAP);
        assert!(out.truncated);
    }

    #[test]
    fn a_missing_program_is_a_spawn_error() {
        let never = AtomicBool::new(false);
        let far = Instant::now() + Duration::from_secs(30);
        assert!(matches!(
            run_bounded(&argv(&["kbwalk-no-such-program"]), far, &never),
            Err(ExecError::Spawn(_))
        ));
    }

    #[test]
    fn command_lines_are_shown_exactly() {
        assert_eq!(
            display_argv(&argv(&["sc.exe", "query", "SMS_BOOTSTRAP"])),
            "sc.exe query SMS_BOOTSTRAP"
        );
        assert_eq!(
            display_argv(&argv(&["grep", "a b", "x\"y"])),
            "grep \"a b\" \"x\\\"y\""
        );
    }
}
