//! The runner as the wizard and `run` use it: results arrive without
//! blocking, hanging probes time out, cancel and consent hold, and every look
//! (files, logs, globs, free space, TCP) reports what it saw.

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use kbwalk::engine::{AnswerSource, Input, Session};
use kbwalk::probe::{
    Job, Mounts, ProbeEnv, ProbeStatus, Runner, Target, changed_answers, question_job, rerun_jobs,
};
use kbwalk::tree::{Probe, ProbeKind, ServiceState, parse_tree};

fn env_with(mounts: &[(char, &Path)]) -> ProbeEnv {
    let mut m = Mounts::new();
    for (d, p) in mounts {
        m.insert(*d, p.to_path_buf());
    }
    ProbeEnv {
        mounts: m,
        timeout: Duration::from_secs(10),
        clock: Arc::new(|| 1_795_000_000),
        ..Default::default()
    }
}

/// A job with no session behind it: the look as given, nothing to fill.
fn job(look: ProbeKind) -> Job {
    Job {
        target: Target::Question("q".into()),
        probe: Probe {
            look: look.clone(),
            found: None,
            not_found: None,
        },
        look: Ok(look),
        consent: false,
    }
}

fn run_one(env: ProbeEnv, look: ProbeKind) -> kbwalk::probe::ProbeResult {
    Runner::new(env)
        .run(vec![job(look)], Duration::from_secs(60))
        .pop()
        .unwrap()
        .result
}

fn argv(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

#[cfg(unix)]
#[test]
fn a_hanging_probe_times_out_while_the_others_report() {
    let drive = tempfile::tempdir().unwrap();
    std::fs::create_dir(drive.path().join("SMS")).unwrap();
    let mut env = env_with(&[('C', drive.path())]);
    env.timeout = Duration::from_secs(2);
    let hang = job(ProbeKind::Command {
        argv: argv(&["sleep", "30"]),
        pattern: "x".into(),
    })
    .with_consent();
    let quick = job(ProbeKind::Exists {
        path: "C:\\SMS".into(),
    });
    let mut batch = Runner::new(env).start(vec![hang, quick], Duration::from_secs(60));
    // The quick look is not held up behind the hanging one.
    let first = batch.next_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(first.index, 1);
    assert_eq!(first.result.status, ProbeStatus::Found);
    let second = batch.next_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(second.index, 0);
    assert_eq!(second.result.status, ProbeStatus::TimedOut);
    assert_eq!(second.result.looked_at, "sleep 30");
    assert_eq!(
        second.result.saw,
        "timed out after 2 s; the walk goes on without it"
    );
    assert!(batch.is_finished());
}

#[cfg(unix)]
#[test]
fn polling_never_waits_and_cancel_reports_every_unfinished_job() {
    let env = env_with(&[]);
    let hang = |n: &str| {
        job(ProbeKind::Command {
            argv: argv(&["sleep", n]),
            pattern: "x".into(),
        })
        .with_consent()
    };
    let mut batch = Runner::new(env)
        .with_workers(1)
        .start(vec![hang("30"), hang("31")], Duration::from_secs(60));
    // A keystroke's worth of polling: nothing yet, and no waiting for it.
    assert!(batch.try_next().is_none());
    assert!(batch.poll().is_empty());
    assert_eq!(batch.pending(), 2);
    batch.cancel();
    let reports = batch.poll();
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert_eq!(r.result.status, ProbeStatus::Cancelled);
        assert_eq!(r.result.saw, "cancelled by the operator");
    }
    assert!(batch.is_finished());
    assert!(batch.try_next().is_none());
}

#[test]
fn a_spent_budget_runs_nothing() {
    let env = env_with(&[]);
    let reports = Runner::new(env).run(
        vec![job(ProbeKind::Exists {
            path: "C:\\SMS".into(),
        })],
        Duration::ZERO,
    );
    assert_eq!(reports[0].result.status, ProbeStatus::TimedOut);
    assert_eq!(
        reports[0].result.saw,
        "not run: the overall time budget for probes was used up"
    );
}

#[cfg(unix)]
#[test]
fn commands_run_only_with_consent_and_show_the_exact_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    let touch = ProbeKind::Command {
        argv: argv(&["touch", marker.to_str().unwrap()]),
        pattern: ".*".into(),
    };
    let r = run_one(env_with(&[]), touch.clone());
    assert_eq!(r.status, ProbeStatus::NeedsConsent);
    assert_eq!(
        r.saw,
        format!(
            "not run: waits for the operator's consent to run `touch {}`",
            marker.display()
        )
    );
    assert!(!marker.exists(), "the command ran without consent");

    let reports =
        Runner::new(env_with(&[])).run(vec![job(touch).with_consent()], Duration::from_secs(60));
    assert!(marker.exists());
    assert_eq!(reports[0].result.status, ProbeStatus::Found);
}

#[cfg(unix)]
#[test]
fn command_output_is_matched_and_arguments_never_reach_a_shell() {
    let mut env = env_with(&[]);
    env.allow_commands = true;
    let r = run_one(
        env,
        ProbeKind::Command {
            argv: argv(&["echo", "state: $(whoami) ; RUNNING"]),
            pattern: r"\$\(whoami\) ; RUNNING".into(),
        },
    );
    assert_eq!(r.status, ProbeStatus::Found);
    assert_eq!(
        r.saw,
        "exit code 0; matching line: state: $(whoami) ; RUNNING"
    );
}

#[test]
fn log_lines_are_found_in_the_tail_with_true_line_numbers_and_cleaned() {
    let drive = tempfile::tempdir().unwrap();
    let logs = drive.path().join("SMS").join("LOGS");
    std::fs::create_dir_all(&logs).unwrap();
    let mut f = std::fs::File::create(logs.join("DESPOOL.LOG")).unwrap();
    // An old error near the start, 3 MB of noise, then a new one with a
    // terminal escape, a bidi override and a byte that is not UTF-8.
    writeln!(f, "error code = c0000001 (old)\r").unwrap();
    for i in 0..60_000 {
        writeln!(f, "Waiting for instructions, pass {i:08} ...........\r").unwrap();
    }
    f.write_all(b"Despooler failed, error code = c0000001 \x1b[31mred\x1b[0m \xe9t\xe9 \xe2\x80\xaeevil\r\n")
        .unwrap();
    writeln!(f, "Waiting for instructions\r").unwrap();
    drop(f);
    let env = env_with(&[('C', drive.path())]);
    let r = run_one(
        env.clone(),
        ProbeKind::FileContains {
            path: "C:\\SMS\\Logs\\Despool.log".into(),
            pattern: "error code = c0000001".into(),
            tail_bytes: None,
        },
    );
    assert_eq!(r.status, ProbeStatus::Found);
    assert!(
        r.saw.starts_with("1 matching line in the last 1024 KiB of 3105 KiB, line 60002: Despooler failed, error code = c0000001 [31mred[0m \u{fffd}t\u{fffd} evil"),
        "{}",
        r.saw
    );
    assert!(!r.saw.chars().any(|c| c.is_control() || c == '\u{202e}'));

    // Only in the head: outside the tail, so not seen.
    let r = run_one(
        env,
        ProbeKind::FileContains {
            path: "C:\\SMS\\Logs\\Despool.log".into(),
            pattern: r"\(old\)".into(),
            tail_bytes: Some(64 * 1024),
        },
    );
    assert_eq!(r.status, ProbeStatus::NotFound);
    assert_eq!(r.saw, "no matching line in the last 64 KiB of 3105 KiB");
}

#[test]
fn utf16_logs_are_read_as_text() {
    let drive = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xff, 0xfe];
    for u in "Start\r\nSMS_BOOTSTRAP failed to start\r\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(drive.path().join("SMSBootstrap.log"), bytes).unwrap();
    let r = run_one(
        env_with(&[('C', drive.path())]),
        ProbeKind::FileContains {
            path: "C:\\SMSBootstrap.log".into(),
            pattern: "failed".into(),
            tail_bytes: None,
        },
    );
    assert_eq!(r.status, ProbeStatus::Found);
    assert!(
        r.saw.ends_with("line 2: SMS_BOOTSTRAP failed to start"),
        "{}",
        r.saw
    );
}

#[test]
fn a_missing_log_is_a_failure_to_look_not_a_no() {
    let drive = tempfile::tempdir().unwrap();
    let r = run_one(
        env_with(&[('C', drive.path())]),
        ProbeKind::FileContains {
            path: "C:\\SMS\\Logs\\Despool.log".into(),
            pattern: "c0000001".into(),
            tail_bytes: None,
        },
    );
    assert_eq!(r.status, ProbeStatus::Failed);
    assert!(
        r.saw.starts_with("cannot look: absent: no `SMS` in"),
        "{}",
        r.saw
    );
}

#[test]
fn globs_count_files_case_insensitively_and_bounds_decide() {
    let drive = tempfile::tempdir().unwrap();
    let box_dir = drive.path().join("SMS/SITE.SRV/SITECFG.BOX");
    std::fs::create_dir_all(box_dir.join("SUBDIR.CT2")).unwrap();
    for n in ["SITECTRL.CT0", "00000001.CT2", "00000002.ct2"] {
        std::fs::write(box_dir.join(n), b"").unwrap();
    }
    let env = env_with(&[('C', drive.path())]);
    let look = |at_least, at_most| ProbeKind::GlobCount {
        dir: "C:\\SMS\\Site.Srv\\Sitecfg.Box".into(),
        glob: "*.ct2".into(),
        at_least,
        at_most,
    };
    let r = run_one(env.clone(), look(None, None));
    assert_eq!(r.status, ProbeStatus::Found);
    assert_eq!(r.saw, "2 files: 00000001.CT2, 00000002.ct2");
    assert_eq!(r.reading, Some(2.0));
    assert_eq!(
        run_one(env.clone(), look(Some(0), Some(0))).status,
        ProbeStatus::NotFound
    );
    assert_eq!(
        run_one(env, look(Some(3), None)).status,
        ProbeStatus::NotFound
    );
}

#[test]
fn free_space_is_measured_against_the_threshold() {
    let drive = tempfile::tempdir().unwrap();
    let env = env_with(&[('C', drive.path())]);
    let r = run_one(
        env.clone(),
        ProbeKind::FreeSpace {
            path: "C:\\".into(),
            at_least_mb: 0,
        },
    );
    assert_eq!(r.status, ProbeStatus::Found);
    assert!(
        r.saw.ends_with("MB free (wanted at least 0 MB)"),
        "{}",
        r.saw
    );
    let r = run_one(
        env,
        ProbeKind::FreeSpace {
            path: "C:\\".into(),
            at_least_mb: u64::MAX / (1024 * 1024),
        },
    );
    assert_eq!(r.status, ProbeStatus::NotFound);
}

#[test]
fn tcp_probes_connect_to_a_local_listener_and_report_refusals() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let open = listener.local_addr().unwrap().port();
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut env = env_with(&[]);
    env.hosts
        .insert("secondary_site_server".into(), "127.0.0.1".into());
    let tcp = |host: &str, port| ProbeKind::TcpConnect {
        host: host.into(),
        port,
        timeout_ms: Some(5000),
    };
    let r = run_one(env.clone(), tcp("$secondary_site_server", open));
    assert_eq!(r.status, ProbeStatus::Found);
    assert_eq!(r.looked_at, format!("TCP 127.0.0.1:{open}"));
    assert_eq!(r.saw, format!("connected to 127.0.0.1:{open}"));

    let r = run_one(env.clone(), tcp("127.0.0.1", closed));
    assert_eq!(r.status, ProbeStatus::NotFound);
    assert!(
        r.saw
            .starts_with(&format!("no connection: 127.0.0.1:{closed}: ")),
        "{}",
        r.saw
    );

    let r = run_one(env.clone(), tcp("$parent_site_server", open));
    assert_eq!(r.status, ProbeStatus::NotAvailable);
    assert_eq!(
        r.saw,
        "not available here: no host named `parent_site_server` (use --host parent_site_server=HOST, or `hosts:` in the config file)"
    );

    let r = run_one(env, tcp("-oProxyCommand=x", open));
    assert_eq!(r.status, ProbeStatus::Refused);
    drop(listener);
}

#[test]
fn windows_kinds_are_not_available_elsewhere() {
    if cfg!(windows) {
        return;
    }
    let r = run_one(
        env_with(&[]),
        ProbeKind::Service {
            name: "SMS_BOOTSTRAP".into(),
            state: ServiceState::Running,
        },
    );
    assert_eq!(r.status, ProbeStatus::NotAvailable);
    assert_eq!(r.looked_at, "sc.exe query SMS_BOOTSTRAP");
}

const COUNT_TREE: &str = r#"
id: t
version: "1"
title: t
start: drive
articles: [{id: A, title: a}]
symptoms: []
causes: []
questions:
  - {id: drive, kind: text, text: d, pattern: "[A-Za-z]", next: ct2_count}
  - id: ct2_count
    kind: number
    text: How many .ct2 files wait in Sitecfg.Box?
    probe:
      look: { glob_count: { dir: '{{drive}}:\SMS\Site.Srv\Sitecfg.Box', glob: '*.ct2' } }
    next: out
outcomes:
  - {id: out, kind: unknown, title: o, summary: s, steps: [{id: s1, text: x, risk: read_only}]}
"#;

#[test]
fn a_number_question_takes_the_count_with_its_evidence() {
    let drive = tempfile::tempdir().unwrap();
    let box_dir = drive.path().join("SMS/SITE.SRV/SITECFG.BOX");
    std::fs::create_dir_all(&box_dir).unwrap();
    for n in ["00000001.CT2", "00000002.CT2", "00000003.CT2"] {
        std::fs::write(box_dir.join(n), b"").unwrap();
    }
    let tree = Arc::new(parse_tree("t.yaml", COUNT_TREE).unwrap());
    let mut session = Session::new(tree, None).unwrap();
    session
        .apply(&Input::Answer {
            question: "drive".into(),
            value: "c".into(),
            source: AnswerSource::Operator,
        })
        .unwrap();
    let job = question_job(&session).unwrap();
    assert_eq!(
        job.look,
        Ok(ProbeKind::GlobCount {
            dir: "c:\\SMS\\Site.Srv\\Sitecfg.Box".into(),
            glob: "*.ct2".into(),
            at_least: None,
            at_most: None
        })
    );
    let report = Runner::new(env_with(&[('C', drive.path())]))
        .run(vec![job], Duration::from_secs(60))
        .pop()
        .unwrap();
    let input = report.answer_input(&session).unwrap();
    session.apply(&input).unwrap();
    let a = session.answer("ct2_count").unwrap();
    assert_eq!(a.value.raw(), "3");
    let AnswerSource::Probe(e) = &a.source else {
        panic!("{:?}", a.source)
    };
    assert_eq!(e.saw, "3 files: 00000001.CT2, 00000002.CT2, 00000003.CT2");
    assert_eq!(e.at, 1_795_000_000);
    // Re-running (`r`) and seeing the same thing is no change; one more file is.
    let runner = Runner::new(env_with(&[('C', drive.path())]));
    let again = runner.run(rerun_jobs(&session), Duration::from_secs(60));
    assert_eq!(again.len(), 1);
    assert!(changed_answers(&session, &again).is_empty());
    std::fs::write(box_dir.join("00000004.CT2"), b"").unwrap();
    let again = runner.run(rerun_jobs(&session), Duration::from_secs(60));
    let changes = changed_answers(&session, &again);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].question, "ct2_count");
    assert_eq!(
        changes[0].before.saw,
        "3 files: 00000001.CT2, 00000002.CT2, 00000003.CT2"
    );
    assert_eq!(
        changes[0].now.saw,
        "4 files: 00000001.CT2, 00000002.CT2, 00000003.CT2, 00000004.CT2"
    );
    assert_eq!(changes[0].new_answer.as_deref(), Some("4"));
}

#[test]
fn a_matching_line_that_begins_exactly_at_the_tail_window_is_seen() {
    let drive = tempfile::tempdir().unwrap();
    // 3 lines of 10 bytes; a tail of 10 bytes is exactly the last line.
    std::fs::write(
        drive.path().join("app.log"),
        "aaaaaaaaa\nbbbbbbbbb\nMATCH 123\n",
    )
    .unwrap();
    let r = run_one(
        env_with(&[('C', drive.path())]),
        ProbeKind::FileContains {
            path: "C:\\app.log".into(),
            pattern: "MATCH".into(),
            tail_bytes: Some(10),
        },
    );
    assert_eq!(r.status, ProbeStatus::Found, "{}", r.saw);
    assert!(r.saw.ends_with("line 3: MATCH 123"), "{}", r.saw);
    // One byte more: the cut line before it is dropped, the count still true.
    let r = run_one(
        env_with(&[('C', drive.path())]),
        ProbeKind::FileContains {
            path: "C:\\app.log".into(),
            pattern: "MATCH|b".into(),
            tail_bytes: Some(11),
        },
    );
    assert!(r.saw.starts_with("1 matching line"), "{}", r.saw);
    assert!(r.saw.ends_with("line 3: MATCH 123"), "{}", r.saw);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_log_is_refused_without_blocking() {
    let drive = tempfile::tempdir().unwrap();
    let fifo = drive.path().join("app.log");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let mut env = env_with(&[('C', drive.path())]);
    // Far longer than the refusal takes: a blocked open would show as a timeout.
    env.timeout = Duration::from_secs(20);
    let r = run_one(
        env,
        ProbeKind::FileContains {
            path: "C:\\app.log".into(),
            pattern: "x".into(),
            tail_bytes: None,
        },
    );
    assert_eq!(r.status, ProbeStatus::Failed, "{}", r.saw);
    assert!(r.saw.contains("not a regular file"), "{}", r.saw);
}

#[test]
fn every_misspelt_service_state_is_reported_on_its_line() {
    let src = COUNT_TREE.replace(
        "    next: out\n",
        "    next: out\n  - id: svc\n    kind: yes_no\n    text: s\n    probe:\n      look: { service: { name: SMS_EXECUTIVE, state: Running } }\n    next: out\n  - id: svc2\n    kind: yes_no\n    text: s\n    probe:\n      look: { service: { name: SMS_EXECUTIVE, state: not_installed } }\n    next: out\n",
    );
    let problems = kbwalk::tree::load::load_source("t.yaml", &src).unwrap_err();
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let bad: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("service state"))
        .collect();
    assert_eq!(bad.len(), 1, "{lines:?}");
    assert!(
        bad[0].starts_with("t.yaml:21:54: question `svc`: ")
            && bad[0].ends_with(
                "service state `Running` is not one of: running, stopped, paused, start_pending, stop_pending, continue_pending, pause_pending, installed, not_installed"
            ),
        "{}",
        bad[0]
    );
}
