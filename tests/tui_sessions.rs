//! The wizard and stored sessions, as an operator meets them: the first
//! screen offers the walks left unfinished, Enter takes one up where it
//! stood, and a session another wizard holds says who holds it.

mod tui_support;

use kbwalk::checklist::StepStatus;
use kbwalk::tui::Screen;
use kbwalk::tui::app::Command;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

fn statuses(app: &kbwalk::tui::App) -> Vec<(String, StepStatus, String)> {
    app.walk
        .as_ref()
        .unwrap()
        .items()
        .iter()
        .map(|i| (i.number.clone(), i.status, i.note.to_string()))
        .collect()
}

fn status_text(app: &kbwalk::tui::App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_first_screen_lists_an_unfinished_walk_and_enter_resumes_it_at_its_question() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut first, "phase 4");
    typing(&mut first, "3"); // SMS 1.2
    typing(&mut first, "2"); // upgrading
    let question = first.question().unwrap().id.clone();
    drop(first); // the wizard is closed

    let mut app = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 60);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("Unfinished sessions (1)"), "{screen}");
    assert!(
        screen.contains("▶ Secondary site stays at \"Phase 4 Complete\""),
        "{screen}"
    );
    assert!(screen.contains("question 3"), "{screen}");
    assert!(screen.contains("by alice"), "{screen}");
    enter(&mut app);
    assert_eq!(app.screen, Screen::Question);
    assert_eq!(app.question().unwrap().id, question);
    let w = app.walk.as_ref().unwrap();
    assert_eq!(
        w.session.answer("sms_version").unwrap().value.raw(),
        "sms_1_2"
    );
}

#[test]
fn a_resumed_checklist_has_its_steps_and_notes_and_opens_on_the_checklist() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut first, "phase 4");
    typing(&mut first, "3");
    typing(&mut first, "2");
    typing(&mut first, "ABC");
    enter(&mut first);
    typing(&mut first, "D");
    enter(&mut first);
    typing(&mut first, "n"); // the sender has capacity
    typing(&mut first, "P01");
    enter(&mut first);
    enter(&mut first); // the checklist
    typing(&mut first, "1"); // the first option
    typing(&mut first, "y"); // all services run
    typing(&mut first, " "); // step 1 done
    typing(&mut first, "n");
    typing(&mut first, " "); // step 2 done
    enter(&mut first);
    typing(&mut first, "copied to E:\\backup");
    enter(&mut first);
    let before = statuses(&first);
    drop(first);

    let mut app = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 60);
    assert!(render(&app, 100, 30).contains("2 of 7 steps done"));
    // Symptoms first, then Up reaches the session above them.
    typing(&mut app, "x");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.session_selected, None);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.session_selected, Some(0));
    enter(&mut app);
    assert_eq!(app.screen, Screen::Checklist);
    assert_eq!(statuses(&app), before);
    assert!(before.iter().any(|(_, _, n)| n == "copied to E:\\backup"));
    let screen = render(&app, 100, 30);
    assert!(screen.contains("2 of 7 done"), "{screen}");

    // The export has the timeline; once it is written, quitting asks nothing.
    let Some(Command::Export { path, contents, .. }) = typing_command(&mut app, 'e') else {
        panic!("e exports");
    };
    assert!(contents.contains("## Timeline"), "{contents}");
    app.export_finished(Ok(path), false);
    typing(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn a_session_another_wizard_holds_says_who_and_opens_read_only() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut first, "phase 4");
    typing(&mut first, "3");

    let mut second = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 60);
    let screen = render(&second, 140, 30);
    assert!(screen.contains("open by alice (process"), "{screen}");
    enter(&mut second);
    assert!(second.walk.is_none());
    let said = status_text(&second);
    assert!(said.contains("is open by alice (process"), "{said}");
    assert!(said.contains("since 2026-11-18 11:06 UTC"), "{said}");
    assert!(said.contains("read-only"), "{said}");
    enter(&mut second);
    assert_eq!(second.screen, Screen::Question);
    typing(&mut second, "2");
    assert!(
        status_text(&second).starts_with("Read-only"),
        "{}",
        status_text(&second)
    );
    // The holder goes on undisturbed.
    typing(&mut first, "2");
    assert_eq!(
        first
            .walk
            .as_ref()
            .unwrap()
            .session
            .answer("operation")
            .map(|a| a.value.raw()),
        Some("upgrade".to_string())
    );
}

fn typing_command(app: &mut kbwalk::tui::App, c: char) -> Option<Command> {
    press(app, KeyCode::Char(c))
}

#[test]
fn d_dismisses_the_selected_session_after_asking_and_it_leaves_the_list() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut first, "phase 4");
    typing(&mut first, "3"); // SMS 1.2
    typing(&mut first, "2"); // upgrading
    typing(&mut first, "ABC"); // the site code
    enter(&mut first);
    let id = first
        .walk
        .as_ref()
        .unwrap()
        .session_id()
        .unwrap()
        .to_string();
    drop(first);

    let mut app = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 60);
    let screen = render(&app, 120, 30);
    assert!(screen.contains("Unfinished sessions (1)"), "{screen}");
    assert!(screen.contains("site ABC"), "{screen}");
    assert!(screen.contains(&id), "{screen}");

    // `n` keeps it.
    typing(&mut app, "d");
    assert!(render(&app, 120, 30).contains("Dismiss this session?"));
    typing(&mut app, "n");
    assert_eq!(app.sessions.len(), 1);

    typing(&mut app, "d");
    typing(&mut app, "y");
    assert!(app.sessions.is_empty());
    assert!(status_text(&app).contains(&format!("Dismissed session {id}")));
    assert!(!render(&app, 120, 30).contains("site ABC"));
    // Kept on disk, and left out when the wizard opens again.
    assert!(sessions.join(&id).join("journal").exists());
    let again = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 120);
    assert!(again.sessions.is_empty());

    // With no session selected, `d` is typed into the search.
    let mut app = again;
    typing(&mut app, "d");
    assert_eq!(app.search.value(), "d");
}

#[test]
fn a_walk_left_at_a_diagnosis_with_options_says_no_option_is_chosen_not_0_of_0() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut first, "phase 4");
    typing(&mut first, "3");
    typing(&mut first, "2");
    typing(&mut first, "ABC");
    enter(&mut first);
    typing(&mut first, "D");
    enter(&mut first);
    typing(&mut first, "n");
    typing(&mut first, "P01");
    enter(&mut first);
    assert!(render(&first, 100, 30).contains("CAUSE FOUND"));
    drop(first);

    let app = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 60);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("site ABC"), "{screen}");
    assert!(screen.contains("option not chosen"), "{screen}");
    assert!(!screen.contains("0 of 0"), "{screen}");
}
