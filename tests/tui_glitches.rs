//! Layout and labelling glitches an operator noticed: the header at 80
//! columns, text on a very wide terminal, read-only walks, the operator's
//! name without `$USER`, and the symbol of a safe-to-ignore diagnosis.

mod tui_support;

use tui_support::pty::Wizard;
use tui_support::{
    T0, app_on, benign_outcome, checklist_in_progress, enter, render, start, temp_sessions, typing,
};

#[test]
fn the_header_keeps_a_gap_between_a_cut_title_and_the_symptom() {
    let app = checklist_in_progress();
    let screen = render(&app, 80, 24);
    let header = screen.lines().next().unwrap();
    assert!(
        header.ends_with("…  symptom: phase4-complete"),
        "{header:?}"
    );
    assert!(!header.contains("…symptom"), "{header:?}");
}

#[test]
fn text_keeps_to_a_readable_width_on_a_wide_terminal() {
    let app = checklist_in_progress();
    let screen = render(&app, 200, 50);
    // The header and the footer span the window; the steps do not.
    for line in screen.lines().skip(1).take(47) {
        let text = line.trim();
        assert!(
            unicode_width::UnicodeWidthStr::width(text) <= 104,
            "{} columns: {line}",
            text.len()
        );
    }
}

#[test]
fn a_read_only_walk_shows_a_badge_and_offers_no_progress_keys() {
    let sessions = temp_sessions();
    let mut first = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0);
    start(&mut first, "phase 4");
    typing(&mut first, "3");

    let mut second = app_on(&sessions, kbwalk::tui::Theme { color: false }, T0 + 60);
    enter(&mut second);
    enter(&mut second);
    let screen = render(&second, 100, 30);
    let header = screen.lines().next().unwrap();
    assert!(header.contains(" READ-ONLY "), "{header:?}");
    let footer = screen.lines().last().unwrap();
    assert!(!footer.contains("answer"), "{footer:?}");
    assert!(footer.contains("help"), "{footer:?}");
}

#[test]
fn a_safe_to_ignore_diagnosis_is_not_marked_like_a_cause_found() {
    let app = benign_outcome();
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Diagnosed: ✓ safe to ignore"), "{screen}");
    assert!(!screen.contains('◆'), "{screen}");
}

#[cfg(unix)]
/// Without `$USER` and `$LOGNAME`, the sessions list names the account
/// from the passwd entry, not "unknown".
#[test]
fn the_operator_comes_from_the_account_when_user_is_unset() {
    let uid = rustix::process::getuid().as_raw();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let Some(name) = kbwalk::store::user_of_uid(&passwd, uid) else {
        eprintln!("no passwd entry for uid {uid}: nothing to compare");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let unset = [("USER", ""), ("LOGNAME", ""), ("USERNAME", "")];
    let mut w = Wizard::start(dir.path(), &[], &unset, 100, 30);
    w.wait_for("Find the symptom");
    w.step("phase 4", "Search: phase 4");
    w.step("\r", "Which version of Systems Management Server");
    w.step("3", "What was being done to the secondary site");
    w.send("q");
    assert_eq!(w.exit_code(), 0);
    let w = Wizard::start(dir.path(), &[], &unset, 100, 30);
    let screen = w.wait_for("Unfinished sessions");
    assert!(screen.contains(&format!("by {name}")), "{screen}");
}
