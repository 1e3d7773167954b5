//! Following a "see also" link in the wizard: `l` starts a walk of the symptom
//! it names, in this tree or the other, with the answers both trees share.

mod tui_support;

use kbwalk::tui::{App, Screen};
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

fn tree_of(app: &App) -> String {
    app.walk.as_ref().unwrap().session.tree().id.clone()
}

fn answer_of(app: &App, q: &str) -> Option<String> {
    app.walk
        .as_ref()
        .unwrap()
        .session
        .answer(q)
        .map(|a| a.value.raw())
}

#[test]
fn l_on_the_pending_diagnosis_opens_the_setup_log_symptom_of_the_other_tree_with_shared_answers() {
    let mut app = no_fix_outcome();
    assert_eq!(app.screen, Screen::Outcome);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("→ See also: SMSSetup.log on the new secondary site"),
        "{screen}"
    );
    typing(&mut app, "l");
    assert_eq!(tree_of(&app), "sms-site-hierarchy");
    assert_eq!(
        app.walk.as_ref().unwrap().session.symptom(),
        Some("setup-log-entry")
    );
    // Version, operation and site code carried over; the first question
    // the other tree needs from the operator is its own.
    assert_eq!(answer_of(&app, "sms_version").as_deref(), Some("sms_2_0"));
    assert_eq!(answer_of(&app, "operation").as_deref(), Some("install"));
    assert_eq!(answer_of(&app, "site_code").as_deref(), Some("S01"));
    assert_eq!(app.question().unwrap().id, "setup_log");
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(status.contains("with 3 answers carried over"), "{status}");

    // A carried answer can be changed like any other: Back reaches it.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.question().unwrap().id, "site_code");
    assert_eq!(app.walk.as_ref().unwrap().text.value(), "S01");
}

#[test]
fn l_on_a_step_follows_that_steps_link_to_q287717s_clean_up_with_the_values_filled_in() {
    let mut app = no_fix_outcome();
    enter(&mut app); // the checklist
    press(&mut app, KeyCode::End); // the follow-on step
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Q287717's manual clean-up"), "{screen}");
    typing(&mut app, "l");
    assert_eq!(tree_of(&app), "sms-secondary-site");
    // Every question of the clean-up's path was answered in the pending walk.
    let w = app.walk.as_ref().unwrap();
    assert_eq!(w.session.outcome().unwrap().id, "out_hang_cleanup");
    assert_eq!(app.screen, Screen::Outcome);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Q287717"), "{screen}");
    assert!(screen.contains("secondary site S01"), "{screen}");
}

#[test]
fn l_where_there_is_no_link_says_so_and_changes_nothing() {
    let mut app = benign_outcome();
    typing(&mut app, "l");
    assert_eq!(
        app.walk.as_ref().unwrap().session.outcome().unwrap().id,
        "out_7031_benign"
    );
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(status.contains("Nothing to follow here"), "{status}");
}
