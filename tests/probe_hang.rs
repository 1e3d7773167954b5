//! A probe that hangs (a command that sleeps) times out, and the walk goes on.
#![cfg(unix)]

use std::time::Duration;

use assert_cmd::Command;

const HANG_TREE: &str = r#"id: hang
version: "1"
title: A tree whose probes can hang
start: service_answers
articles: [{id: A1, title: An article}]
symptoms: []
causes: []
questions:
  - id: service_answers
    kind: yes_no
    text: Does the service answer?
    probe:
      look: { command: { argv: [sleep, "30"], pattern: "OK" } }
    "yes": out
    "no": out
outcomes:
  - id: out
    kind: unknown
    title: Done
    summary: Done.
    steps:
      - id: slow
        text: Ask the slow service.
        risk: read_only
        verify:
          text: The slow service answers and the SMS folder is there.
          probes:
            - look: { command: { argv: [sleep, "30"], pattern: "OK" } }
            - look: { exists: { path: 'C:\SMS' } }
      - id: quick
        text: Look at the SMS folder.
        risk: read_only
        verify:
          text: The SMS folder is there.
          probe:
            look: { exists: { path: 'C:\SMS' } }
"#;

fn run(extra: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("trees")).unwrap();
    std::fs::write(dir.path().join("trees/hang.yaml"), HANG_TREE).unwrap();
    std::fs::create_dir_all(dir.path().join("C/SMS")).unwrap();
    let out = Command::cargo_bin("kbwalk")
        .unwrap()
        .env("KBWALK_HOME", dir.path().join("home"))
        .env("SOURCE_DATE_EPOCH", "1795000000")
        // Far above the probe timeout: a guard against a hang, not a measurement.
        .timeout(Duration::from_secs(25))
        .arg("--trees")
        .arg(dir.path().join("trees"))
        .args([
            "run",
            "hang",
            "--probe",
            "auto",
            "--probe-timeout",
            "1",
            "--mount",
        ])
        .arg(format!("C:={}", dir.path().join("C").display()))
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_question_whose_probe_hangs_is_asked_as_usual() {
    let (code, out) = run(&["--allow-commands"]);
    assert_eq!(code, Some(3), "{out}");
    assert!(
        out.contains("  Probe (timed out): looked at sleep 30\n"),
        "{out}"
    );
    assert!(
        out.contains("    Saw: timed out after 1 s; the walk goes on without it\n"),
        "{out}"
    );
    assert!(
        out.contains("No answer proposed; answer it yourself"),
        "{out}"
    );
}

#[test]
fn a_verification_that_hangs_leaves_its_step_undecided_and_the_rest_verified() {
    let (code, out) = run(&["--allow-commands", "--answer", "service_answers=yes"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains(
        "  - Verify: The slow service answers and the SMS folder is there. **Could not be verified by probe.**\n    - probe at 2026-11-18 11:06 UTC: looked at `sleep 30`; saw `timed out after 1 s; the walk goes on without it`\n"
    ), "{out}");
    assert!(
        out.contains("  - Verify: The SMS folder is there. **Verified by probe.**\n"),
        "{out}"
    );
}

#[test]
fn without_consent_the_command_is_shown_and_not_run() {
    let (code, out) = run(&[]);
    assert_eq!(code, Some(3), "{out}");
    assert!(
        out.contains("  Probe (needs consent): looked at sleep 30\n"),
        "{out}"
    );
    assert!(
        out.contains("Saw: not run: waits for the operator's consent to run `sleep 30`"),
        "{out}"
    );
    assert!(
        out.contains("Nothing ran: commands from trees run only with --allow-commands"),
        "{out}"
    );
}
