//! A program a probe started never outlives kbwalk: killed with its process
//! group and reaped before a timeout is reported, and before kbwalk exits.
#![cfg(target_os = "linux")]

mod tui_support;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tui_support::pty::Wizard;

/// A tree whose one question runs `sleep SECONDS`; the odd number of seconds
/// tells this test's program apart from any other.
fn tree(seconds: &str) -> String {
    format!(
        r#"id: slow
version: "1"
title: A slow service
start: answers
articles: [{{id: A1, title: An article}}]
symptoms:
  - id: slow
    text: The service is slow
    start: answers
causes: []
questions:
  - id: answers
    kind: yes_no
    text: Does the service answer?
    probe:
      look: {{ command: {{ argv: [sleep, "{seconds}"], pattern: "OK" }} }}
    "yes": out
    "no": out
outcomes:
  - id: out
    kind: unknown
    title: Done
    summary: Done.
    steps:
      - id: ask
        text: Ask the service.
        risk: read_only
"#
    )
}

/// A `sleep SECONDS` that runs on this machine.
fn sleeping(seconds: &str) -> bool {
    let want = format!("sleep\0{seconds}\0");
    std::fs::read_dir("/proc").unwrap().flatten().any(|p| {
        std::fs::read(p.path().join("cmdline")).is_ok_and(|c| c == want.as_bytes())
            && !std::fs::read_to_string(p.path().join("stat")).is_ok_and(|s| s.contains(") Z "))
    })
}

/// Whether a `sleep SECONDS` is still running a little after kbwalk is gone
/// (what kbwalk ended is gone at once; what it left would sleep for minutes).
fn left_behind(seconds: &str) -> bool {
    let end = Instant::now() + Duration::from_secs(2);
    while Instant::now() < end {
        if !sleeping(seconds) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

fn unique_seconds(base: u32) -> String {
    format!("{base}.{}", std::process::id())
}

fn setup(dir: &Path, seconds: &str) {
    std::fs::create_dir_all(dir.join("home/trees")).unwrap();
    std::fs::write(dir.join("home/trees/slow.yaml"), tree(seconds)).unwrap();
}

#[test]
fn a_timed_out_command_is_ended_before_run_reports_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let seconds = unique_seconds(333);
    setup(dir.path(), &seconds);
    let out = Command::cargo_bin("kbwalk")
        .unwrap()
        .env("KBWALK_HOME", dir.path().join("home"))
        .timeout(Duration::from_secs(30))
        .args(["run", "slow", "--probe", "auto", "--allow-commands"])
        .args(["--probe-timeout", "1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("Probe (timed out)"), "{stdout}");
    assert!(!left_behind(&seconds), "sleep {seconds} outlived kbwalk");
}

#[test]
fn quitting_the_wizard_while_a_consented_command_runs_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let seconds = unique_seconds(334);
    setup(dir.path(), &seconds);
    let mut w = Wizard::start(dir.path(), &["--probe-timeout", "600"], &[], 100, 30);
    w.wait_for("Find the symptom");
    w.step("slow", "The service is slow");
    w.step("\r", "Probe needs consent");
    w.send("a");
    let end = Instant::now() + Duration::from_secs(30);
    while !sleeping(&seconds) {
        assert!(Instant::now() < end, "the command never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    w.send("q");
    assert_eq!(w.exit_code(), 0);
    assert!(
        !left_behind(&seconds),
        "sleep {seconds} outlived the wizard"
    );
}
