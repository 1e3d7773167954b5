//! A full disk or a read-only data folder is a typical outage: a walk that
//! cannot be saved still runs, says on screen that nothing is being saved,
//! offers the export, and leaves no half-made session behind.

mod tui_support;

use kbwalk::tui::Screen;
use kbwalk::tui::app::Command;
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

#[test]
fn a_walk_that_cannot_be_saved_runs_with_a_banner_and_exports() {
    let home = tempfile::tempdir().unwrap();
    // The folder for sessions cannot be made: a file is in its place.
    let sessions = home.path().join("sessions");
    std::fs::write(&sessions, "not a folder").unwrap();
    let mut app = durable_app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut app, "phase 4");
    assert_eq!(app.screen, Screen::Question);
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains("NOT SAVED: nothing of this walk is being saved"),
        "{screen}"
    );
    // The walk goes on to its checklist, the banner with it.
    typing(&mut app, "3");
    typing(&mut app, "2");
    typing(&mut app, "ABC");
    enter(&mut app);
    typing(&mut app, "D");
    enter(&mut app);
    typing(&mut app, "n"); // the sender has capacity
    typing(&mut app, "P01");
    enter(&mut app);
    assert_eq!(app.screen, Screen::Outcome, "{}", render(&app, 100, 30));
    enter(&mut app);
    assert_eq!(app.screen, Screen::Checklist);
    typing(&mut app, "1"); // the first option
    typing(&mut app, " ");
    let screen = render(&app, 100, 30);
    assert!(screen.contains("NOT SAVED"), "{screen}");
    assert!(screen.contains("1 of 7 done"), "{screen}");
    let Some(Command::Export { contents, .. }) = press(&mut app, KeyCode::Char('e')) else {
        panic!("e exports");
    };
    assert!(contents.contains("- [x] **1.**"), "{contents}");
    assert!(std::fs::read_to_string(&sessions).unwrap() == "not a folder");
}

#[cfg(unix)]
#[test]
fn a_session_that_cannot_be_written_leaves_no_folder_behind() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_kbwalk");
    // The file size limit plays the full disk: every write fails (EFBIG).
    let script = format!("trap '' XFSZ; ulimit -f 0; exec '{bin}' sessions new sms-secondary-site");
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("KBWALK_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sessions = home.path().join("data/sessions");
    let left: Vec<_> = std::fs::read_dir(&sessions)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
    let out = std::process::Command::new(bin)
        .args(["sessions", "list"])
        .env("KBWALK_HOME", home.path())
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(!listed.contains("unreadable"), "{listed}");
}
