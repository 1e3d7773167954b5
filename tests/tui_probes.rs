//! Probes in the wizard: a proposal with its evidence, accepted with Enter or
//! overridden; verification of checklist steps; a probe that hangs never
//! holds up a key, and Esc cancels it. Drives come from
//! `tests/fixtures/sites/` through a mount; the clock is fixed.

mod tui_support;

use std::path::PathBuf;
use std::sync::Arc;

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{AnswerSource, Evidence};
use kbwalk::probe::{Mounts, ProbeEnv, ProbeStatus, Runner};
use kbwalk::tui::{App, Command, Screen};
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

/// Probes on, drive C mounted on `C` under `root`, the clock fixed at T0.
fn probing_app(root: PathBuf, allow_commands: bool) -> App {
    let mut mounts = Mounts::default();
    mounts.insert('C', root.join("C"));
    let env = ProbeEnv {
        mounts,
        allow_commands,
        clock: Arc::new(|| T0),
        ..ProbeEnv::default()
    };
    let mut app = app();
    app.enable_probes(Runner::new(env));
    app
}

/// A fixture site, by a path relative to the crate so screens show no
/// machine's folders.
fn site(name: &str) -> PathBuf {
    PathBuf::from("tests/fixtures/sites").join(name)
}

/// Takes in reports until no probe runs, as the event loop does between keys.
fn settle(app: &mut App) {
    while app.probing() {
        app.poll_probes();
        std::thread::yield_now();
    }
    app.poll_probes();
}

/// SMS 1.2 upgrade of S12 on drive C, from the despooler symptom: the
/// question the despooler log answers.
fn despooler_question(site_name: &str) -> App {
    despooler_question_at(site(site_name))
}

/// As [`despooler_question`], on the site folder at `root`.
fn despooler_question_at(root: PathBuf) -> App {
    let mut app = probing_app(root, false);
    start(&mut app, "c0000001");
    typing(&mut app, "3"); // SMS 1.2
    typing(&mut app, "2"); // upgrading
    typing(&mut app, "S12");
    enter(&mut app);
    typing(&mut app, "C");
    enter(&mut app);
    settle(&mut app);
    app
}

fn answer_source(app: &App, question: &str) -> AnswerSource {
    let w = app.walk.as_ref().unwrap();
    w.session.answer(question).unwrap().source.clone()
}

#[test]
fn a_question_shows_the_proposed_answer_with_its_evidence() {
    let app = despooler_question("q186408-despooler");
    let p = app.probes.question.as_ref().unwrap();
    assert_eq!(p.question, "despooler_error");
    assert_eq!(p.proposal.as_deref(), Some("yes"));
    insta::assert_snapshot!("question_probe_proposal@100x32", render(&app, 100, 32));
}

#[test]
fn enter_accepts_the_proposal_with_the_probe_as_its_source() {
    let mut app = despooler_question("q186408-despooler");
    enter(&mut app);
    let AnswerSource::Probe(Evidence {
        looked_at, saw, at, ..
    }) = answer_source(&app, "despooler_error")
    else {
        panic!("answered by the operator");
    };
    assert!(
        looked_at.starts_with("C:\\SMS\\Logs\\Despool.log"),
        "{looked_at}"
    );
    assert!(saw.contains("error code = c0000001"), "{saw}");
    assert_eq!(at, T0);
}

#[test]
fn another_answer_overrides_the_proposal_as_the_operators() {
    let mut app = despooler_question("q186408-despooler");
    typing(&mut app, "n");
    assert_eq!(
        answer_source(&app, "despooler_error"),
        AnswerSource::Operator
    );
    let w = app.walk.as_ref().unwrap();
    assert_eq!(
        w.session.answer("despooler_error").unwrap().value.raw(),
        "no"
    );
}

#[test]
fn a_proposal_does_not_move_a_selection_the_operator_made() {
    let mut app = probing_app(site("q186408-no-error"), false);
    start(&mut app, "c0000001");
    typing(&mut app, "3");
    typing(&mut app, "2");
    typing(&mut app, "S12");
    enter(&mut app);
    typing(&mut app, "C");
    enter(&mut app);
    // The operator selects before the probe reports.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    settle(&mut app);
    let p = app.probes.question.as_ref().unwrap();
    assert_eq!(p.proposal.as_deref(), Some("no"));
    assert_eq!(
        app.walk.as_ref().unwrap().choice,
        0,
        "the operator's yes stays"
    );
}

#[test]
fn without_a_mount_the_probe_says_why_and_the_question_is_asked_as_usual() {
    let mut app = app();
    app.enable_probes(Runner::new(ProbeEnv {
        clock: Arc::new(|| T0),
        ..ProbeEnv::default()
    }));
    start(&mut app, "c0000001");
    typing(&mut app, "3");
    typing(&mut app, "2");
    typing(&mut app, "S12");
    enter(&mut app);
    typing(&mut app, "C");
    enter(&mut app);
    settle(&mut app);
    let p = app.probes.question.as_ref().unwrap();
    assert_eq!(
        p.report.as_ref().unwrap().result.status,
        ProbeStatus::NotAvailable
    );
    assert!(p.proposal.is_none());
    let screen = render(&app, 100, 32);
    assert!(
        screen.contains("Probe: not available here: no answer proposed"),
        "{screen}"
    );
    enter(&mut app); // yes, as selected
    assert_eq!(
        answer_source(&app, "despooler_error"),
        AnswerSource::Operator
    );
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn r_re_runs_the_probes_and_flags_an_answer_whose_evidence_changed() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site("q186408-despooler"), dir.path());
    let mut app = despooler_question_at(dir.path().into());
    enter(&mut app); // accept: the despooler logged c0000001
    settle(&mut app);
    assert!(matches!(
        answer_source(&app, "despooler_error"),
        AnswerSource::Probe(_)
    ));
    // Nothing changed: nothing flagged.
    typing(&mut app, "r");
    settle(&mut app);
    assert!(app.probes.changed.is_empty());
    // The log is cleared on the server; a second look sees otherwise.
    std::fs::write(dir.path().join("C/SMS/LOGS/DESPOOL.LOG"), "started\r\n").unwrap();
    typing(&mut app, "r");
    settle(&mut app);
    let change = app.probes.changed("despooler_error").expect("flagged");
    assert_eq!(change.new_answer.as_deref(), Some("no"));
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("⚠ evidence changed, now proposes no"),
        "{screen}"
    );
    assert!(screen.contains("evidence changed for 1 answer"), "{screen}");
    // Answering it again (Esc back, accept the new proposal) clears the flag.
    press(&mut app, KeyCode::Esc);
    settle(&mut app);
    assert_eq!(app.question().unwrap().id, "despooler_error");
    enter(&mut app);
    assert!(app.probes.changed.is_empty());
    let w = app.walk.as_ref().unwrap();
    assert_eq!(
        w.session.answer("despooler_error").unwrap().value.raw(),
        "no"
    );
}

/// Q183347 after the rename: the steps' verification probes confirm them.
#[test]
fn v_verifies_the_checklist_steps_and_shows_the_evidence_under_them() {
    let mut app = probing_app(site("q183347-renamed"), false);
    start(&mut app, "phase 4");
    typing(&mut app, "3");
    typing(&mut app, "2");
    typing(&mut app, "S12");
    enter(&mut app);
    typing(&mut app, "C");
    enter(&mut app);
    settle(&mut app);
    // Answer whatever the probes propose until the diagnosis.
    while app.screen == Screen::Question {
        let q = app.question().unwrap().id.clone();
        if q == "parent_site_code" {
            typing(&mut app, "PRI");
        }
        if q == "lansend_no_capacity" {
            // This site's log still has the line from before the fix.
            typing(&mut app, "n");
            settle(&mut app);
            continue;
        }
        enter(&mut app);
        settle(&mut app);
    }
    enter(&mut app); // the checklist
    typing(&mut app, "1"); // force the creation of a .ct2 file
    typing(&mut app, "v");
    settle(&mut app);
    let w = app.walk.as_ref().unwrap();
    let items = w.items();
    let rename = items
        .iter()
        .find(|i| i.step.id == "ct2-rename-ct0")
        .expect("the rename step");
    let v = rename.verification.expect("verified");
    assert_eq!(v.verified, Some(true));
    assert_eq!(
        rename.status,
        StepStatus::Todo,
        "verifying does not tick the step"
    );
    drop(items);
    let screen = render(&app, 160, 200);
    assert!(screen.contains("✓ Verified by probe"), "{screen}");
    assert!(
        screen.contains("11:06 UTC: looked at C:\\SMS\\Site.Srv\\Sitecfg.Box\\00000000.ct1"),
        "{screen}"
    );
}

#[cfg(unix)]
mod hanging {
    use super::*;

    const HANG_TREE: &str = r#"id: hang
version: "1"
title: A tree whose probe can hang
start: service_answers
articles: [{id: A1, title: An article}]
symptoms: [{id: slow, text: The slow service does not answer, start: service_answers}]
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
      - {id: s1, text: Carry on., risk: read_only}
"#;

    fn hang_app(dir: &tempfile::TempDir) -> App {
        std::fs::create_dir_all(dir.path().join("C")).unwrap();
        std::fs::write(dir.path().join("hang.yaml"), HANG_TREE).unwrap();
        let (library, problems) = kbwalk::library::Library::load(false, &[dir.path().into()]);
        assert!(problems.is_empty(), "{problems:?}");
        let options = kbwalk::tui::Options {
            export_dir: dir.path().into(),
            theme: kbwalk::tui::Theme { color: false },
            store: Some(kbwalk::store::Store::with_durability(
                dir.path().join("sessions"),
                kbwalk::store::Durability::NoSync,
            )),
            operator: "alice".into(),
        };
        let mut app = App::new(library, options, T0);
        app.enable_probes(Runner::new(ProbeEnv {
            clock: Arc::new(|| T0),
            ..ProbeEnv::default()
        }));
        start(&mut app, "slow service");
        app
    }

    #[test]
    fn a_command_waits_for_consent_and_shows_its_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = hang_app(&dir);
        settle(&mut app);
        let p = app.probes.question.as_ref().unwrap();
        assert_eq!(p.needs_consent().as_deref(), Some("sleep 30"));
        let screen = render(&app, 100, 30);
        assert!(
            screen.contains("Would run: sleep 30 (a runs it)"),
            "{screen}"
        );
        assert!(screen.contains("a run command"), "footer: {screen}");
    }

    #[test]
    fn a_hanging_probe_leaves_every_key_working_and_esc_cancels_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = hang_app(&dir);
        settle(&mut app);
        typing(&mut app, "a"); // consent: `sleep 30` starts
        assert!(app.probing());
        app.poll_probes(); // nothing yet, and no wait
        let screen = render(&app, 100, 30);
        assert!(screen.contains("Probing… looking at sleep 30"), "{screen}");
        assert!(screen.contains("Esc cancel probe"), "footer: {screen}");
        // Keys go on working while it runs.
        press(&mut app, KeyCode::Down);
        assert_eq!(app.walk.as_ref().unwrap().choice, 1);
        press(&mut app, KeyCode::Up);
        assert_eq!(app.walk.as_ref().unwrap().choice, 0);
        typing(&mut app, "?");
        typing(&mut app, "?");
        assert!(app.probing(), "still running");
        // Esc cancels it, and does not go back.
        press(&mut app, KeyCode::Esc);
        assert!(!app.probing());
        assert_eq!(app.screen, Screen::Question);
        let p = app.probes.question.as_ref().unwrap();
        assert_eq!(
            p.report.as_ref().unwrap().result.status,
            ProbeStatus::Cancelled
        );
        // The question is answered as usual; Esc now goes back.
        typing(&mut app, "y");
        assert_eq!(
            answer_source(&app, "service_answers"),
            AnswerSource::Operator
        );
        assert_eq!(app.screen, Screen::Outcome);
    }

    #[test]
    fn answering_while_the_probe_runs_leaves_it_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = hang_app(&dir);
        settle(&mut app);
        typing(&mut app, "a");
        assert!(app.probing());
        typing(&mut app, "n");
        assert_eq!(app.screen, Screen::Outcome);
        assert!(!app.probing(), "the probe of a question left is dropped");
        assert_eq!(
            answer_source(&app, "service_answers"),
            AnswerSource::Operator
        );
    }
}

/// Evidence that changes under a checklist is announced there, where the
/// steps are done, not only on the diagnosis.
#[test]
fn evidence_changed_on_the_checklist_shows_a_banner_and_qualifies_the_title() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site("q186408-despooler"), dir.path());
    let mut app = despooler_question_at(dir.path().into());
    enter(&mut app); // accept: the despooler logged c0000001
    settle(&mut app);
    typing(&mut app, "y"); // several secondary sites, many logon servers
    settle(&mut app);
    assert_eq!(app.screen, Screen::Outcome, "{}", render(&app, 100, 30));
    enter(&mut app);
    assert_eq!(app.screen, Screen::Checklist);
    assert!(!render(&app, 100, 30).contains("Evidence changed"));
    std::fs::write(dir.path().join("C/SMS/LOGS/DESPOOL.LOG"), "started\r\n").unwrap();
    typing(&mut app, "r");
    settle(&mut app);
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("⚠ Evidence changed on the re-run for 1 answer"),
        "{screen}"
    );
    assert!(screen.contains("⚠ With a warning: "), "{screen}");
}

/// The warning that evidence changed reaches the exports, where whoever
/// reads the ticket sees it before the steps, as the applicability one does.
#[test]
fn evidence_changed_on_the_re_run_reaches_the_markdown_and_text_exports() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site("q186408-despooler"), dir.path());
    let mut app = despooler_question_at(dir.path().into());
    enter(&mut app); // accept: the despooler logged c0000001
    settle(&mut app);
    typing(&mut app, "y");
    settle(&mut app);
    enter(&mut app);
    assert_eq!(app.screen, Screen::Checklist);
    let export = |app: &mut App, key: char| match press(app, KeyCode::Char(key)) {
        Some(Command::Export { contents, .. }) => contents,
        other => panic!("{key} exports, got {other:?}"),
    };
    let before = export(&mut app, 'e');
    assert!(!before.contains("Evidence changed"), "{before}");

    std::fs::write(dir.path().join("C/SMS/LOGS/DESPOOL.LOG"), "started\r\n").unwrap();
    typing(&mut app, "r");
    settle(&mut app);
    let markdown = export(&mut app, 'e');
    let warning = markdown
        .lines()
        .find(|l| l.contains("Evidence changed"))
        .unwrap_or_else(|| panic!("no warning in:\n{markdown}"));
    assert!(
        warning.starts_with("> **Warning:** Evidence changed"),
        "{warning}"
    );
    assert!(warning.contains("proposes \"no\""), "{warning}");
    // Under the title, before the steps.
    let at = markdown.find("Evidence changed").unwrap();
    assert!(at < markdown.find("## Checklist").unwrap(), "{markdown}");
    let text = export(&mut app, 't');
    assert!(
        text.lines()
            .any(|l| l.starts_with("WARNING: Evidence changed") && l.contains("proposes \"no\"")),
        "{text}"
    );
}
