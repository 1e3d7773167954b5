//! Waits inside a procedure: the countdown moves on by itself, a wait that
//! runs out is announced, and a started wait is part of the saved walk.

mod tui_support;

use kbwalk::tui::Theme;
use kbwalk::tui::app::Command;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

/// The Phase 4 checklist, first option, with the wait step selected.
fn on_the_wait_step(mut app: kbwalk::tui::App) -> kbwalk::tui::App {
    typing(&mut app, "1");
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    app
}

fn walk_to_checklist(app: &mut kbwalk::tui::App) {
    start(app, "phase 4");
    typing(app, "3");
    typing(app, "2");
    typing(app, "ABC");
    enter(app);
    typing(app, "D");
    enter(app);
    typing(app, "n");
    typing(app, "P01");
    enter(app);
    enter(app);
}

#[test]
fn the_idle_tick_redraws_a_running_countdown_without_a_key() {
    let mut app = on_the_wait_step(phase4_checklist());
    // Nothing on screen moves with the time before the wait starts.
    assert!(!app.tick(T0 + 1).redraw);
    typing(&mut app, "w");
    assert!(render(&app, 120, 40).contains("⏱ 30:00 left of 30 minutes"));

    let tick = app.tick(T0 + 6);
    assert!(
        tick.redraw,
        "the countdown moved, so the screen is drawn again"
    );
    assert_eq!(tick.command, None);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("⏱ 29:55 left of 30 minutes"), "{screen}");
    assert!(
        screen.contains("⏱ step 6: waiting since 11:06 UTC, 30 min left"),
        "{screen}"
    );
    // The same second again: nothing to draw.
    assert!(!app.tick(T0 + 6).redraw);
}

#[test]
fn a_wait_that_runs_out_rings_once_and_stands_out_without_colour() {
    let mut app = on_the_wait_step({
        let mut app = app_with(Theme { color: false });
        walk_to_checklist(&mut app);
        app
    });
    typing(&mut app, "w");
    assert_eq!(app.tick(T0 + 29 * 60).command, None);

    let tick = app.tick(T0 + 30 * 60 + 1);
    assert_eq!(tick.command, Some(Command::Bell));
    let status = app.status.as_ref().expect("the wait's end is announced");
    assert!(
        status
            .text
            .contains("⏰ step 6: wait over (30 minutes since 11:06 UTC)"),
        "{}",
        status.text
    );
    // The marker is what tells without colour: on the step and the header.
    let screen = render(&app, 120, 40);
    assert!(marked(&screen, "Waited 30 minutes."), "{screen}");
    assert!(marked(&screen, "step 6: wait over"), "{screen}");
    // Announced once, not at every tick.
    assert_eq!(app.tick(T0 + 30 * 60 + 2).command, None);
    // A step done no longer waits.
    typing(&mut app, " ");
    assert!(!render(&app, 120, 40).contains("⏰"));
}

#[test]
fn a_started_wait_is_resumed_with_its_real_remaining_time_and_exported() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, Theme { color: false }, T0);
    walk_to_checklist(&mut first);
    let mut first = on_the_wait_step(first);
    typing(&mut first, "w");
    let id = first
        .walk
        .as_ref()
        .and_then(|w| w.session_id())
        .expect("the walk is saved")
        .to_string();
    drop(first);

    // Twelve minutes later, in a new wizard.
    let mut app = app_on(&sessions, Theme { color: false }, T0 + 12 * 60);
    app.resume(&id);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("⏱ step 6: waiting since 11:06 UTC, 18 min left"),
        "{screen}"
    );
    let Some(Command::Export { contents, .. }) = typing_command(&mut app, 'e') else {
        panic!("e exports");
    };
    assert!(
        contents.contains("- Waiting: step 6: waiting since 11:06 UTC, 18 min left"),
        "{contents}"
    );
    assert!(contents.contains("wait started"), "{contents}");
}

/// Whether a line of the screen shows `text` after the ⏰ marker.
fn marked(screen: &str, text: &str) -> bool {
    screen.lines().any(|l| {
        l.split_once('⏰')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(text))
    })
}

fn typing_command(app: &mut kbwalk::tui::App, c: char) -> Option<Command> {
    press(app, KeyCode::Char(c))
}

#[test]
fn the_real_wizard_moves_a_started_countdown_on_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    // The system clock, not the fixed one: time has to pass by itself.
    let mut w =
        tui_support::pty::Wizard::start(dir.path(), &[], &[("SOURCE_DATE_EPOCH", "")], 100, 30);
    w.walk_to_phase4_option_1();
    w.send("\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B");
    w.step("w", "30:00 left of 30 minutes");
    // No key from here on: the countdown still moves.
    w.wait_until("the countdown moving on", |s| {
        s.contains("29:59 left of 30 minutes") || s.contains("29:58 left of 30 minutes")
    });
    w.send("q");
}
