//! Keys operators expect from other console tools, through the wizard's
//! event handling: j/k and g/G, Ctrl-N/P and Ctrl-J/K, `/` to find a step,
//! a click to select one, `q` on the symptom list, and Esc that never
//! silently drops typed text nor quits.

mod tui_support;

use kbwalk::tui::App;
use kbwalk::tui::app::Screen;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tui_support::pty::Wizard;
use tui_support::{
    T0, app, app_on, ctrl, enter, invalid_site_code, phase4_checklist, press, render,
    temp_sessions, typing,
};

fn selected_step(app: &App) -> String {
    let w = app.walk.as_ref().unwrap();
    w.items()[w.step].number.clone()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn j_k_g_and_shift_g_move_through_the_checklist() {
    let mut app = phase4_checklist();
    typing(&mut app, "1");
    assert_eq!(selected_step(&app), "1");
    typing(&mut app, "jj");
    assert_eq!(selected_step(&app), "3");
    typing(&mut app, "k");
    assert_eq!(selected_step(&app), "2");
    typing(&mut app, "G");
    assert_eq!(selected_step(&app), "7");
    typing(&mut app, "g");
    assert_eq!(selected_step(&app), "1");
}

#[test]
fn control_keys_move_through_the_symptoms_without_typing() {
    let mut app = app();
    let first = app.picker.selected;
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'j');
    assert_eq!(app.picker.selected, first + 2);
    ctrl(&mut app, 'p');
    assert_eq!(app.picker.selected, first + 1);
    ctrl(&mut app, 'k');
    assert_eq!(app.picker.selected, first);
    assert_eq!(app.search.value(), "");
}

#[test]
fn q_quits_the_symptom_list_until_something_is_typed() {
    let mut app = app();
    typing(&mut app, "se");
    typing(&mut app, "q");
    assert!(!app.quit);
    assert_eq!(app.search.value(), "seq");
    // Esc clears, a second Esc on the empty search does not quit.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.search.value(), "");
    press(&mut app, KeyCode::Esc);
    assert!(!app.quit);
    assert!(
        status(&app).contains("q or Ctrl-C quits"),
        "{}",
        status(&app)
    );
    typing(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn slash_finds_a_step_and_n_finds_the_next() {
    let mut app = phase4_checklist();
    typing(&mut app, "1");
    typing(&mut app, "/");
    typing(&mut app, "CT2");
    // Typing jumps to the first step that mentions it, from the selection on.
    let first = selected_step(&app);
    assert_ne!(first, "1");
    let screen = render(&app, 80, 24);
    assert!(screen.contains(" /CT2"), "{screen}");
    enter(&mut app);
    let second = selected_step(&app);
    // The footer offers n as "next match", not as the condition's "no".
    let footer = render(&app, 120, 40).lines().last().unwrap().to_string();
    assert!(footer.contains("n next match"), "{footer}");
    assert!(!footer.contains("n no"), "{footer}");
    assert_ne!(second, first);
    // The field is closed: `n` finds the next match, `N` the previous one.
    typing(&mut app, "N");
    assert_eq!(selected_step(&app), first);
    typing(&mut app, "n");
    assert_eq!(selected_step(&app), second);
    // Esc ends the find; `n` is the condition's "no" again, Esc goes back.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Checklist);
    assert!(app.walk.as_ref().unwrap().find.is_none());
    typing(&mut app, "/zzzz");
    assert!(
        status(&app).contains("No step matches \"zzzz\""),
        "{}",
        status(&app)
    );
}

#[test]
fn a_click_selects_the_step_under_it_once_m_takes_the_mouse() {
    let mut app = phase4_checklist();
    typing(&mut app, "1");
    // The terminal keeps the mouse (drag-select) until m asks for it.
    assert!(!app.mouse_capture);
    assert!(matches!(
        press(&mut app, KeyCode::Char('m')),
        Some(kbwalk::tui::app::Command::MouseCapture(true))
    ));
    app.handle_event(&Event::Resize(80, 24));
    let screen = render(&app, 80, 24);
    let row = screen
        .lines()
        .position(|l| l.contains("[ ] 3."))
        .expect("step 3 on screen");
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row: row as u16,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(selected_step(&app), "3");
}

#[test]
fn esc_in_a_text_field_warns_before_it_drops_the_text() {
    let mut app = invalid_site_code();
    let typed = app.walk.as_ref().unwrap().text.value().to_string();
    assert!(!typed.is_empty());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Question);
    assert_eq!(app.walk.as_ref().unwrap().text.value(), typed);
    assert!(status(&app).contains("Esc again"), "{}", status(&app));
    // Any other key disarms the warning.
    typing(&mut app, "C");
    press(&mut app, KeyCode::Esc);
    assert!(status(&app).contains("Esc again"), "{}", status(&app));
    let question = app.question().unwrap().id.clone();
    press(&mut app, KeyCode::Esc);
    assert_ne!(app.question().unwrap().id, question);
}

#[test]
fn esc_in_a_changed_note_warns_before_it_drops_it() {
    let mut app = phase4_checklist();
    typing(&mut app, "1");
    enter(&mut app);
    typing(&mut app, "half written");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), kbwalk::tui::keymap::Context::Note);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), kbwalk::tui::keymap::Context::Checklist);
}

#[test]
fn the_help_lists_the_new_keys() {
    let mut app = phase4_checklist();
    typing(&mut app, "?");
    let screen = render(&app, 120, 90);
    for key in ["j ", "g ", "G ", "/ ", "n ", "N "] {
        assert!(
            screen.lines().any(|l| l.contains(&format!("│  {key}"))),
            "{key:?} in\n{screen}"
        );
    }
    let mut picker = app_on(&temp_sessions(), kbwalk::tui::Theme { color: false }, T0);
    typing(&mut picker, "?");
    let screen = render(&picker, 100, 40);
    assert!(screen.contains("Ctrl-N/Ctrl-J"), "{screen}");
}

/// The real binary: q leaves the symptom list, j/k move, `/` finds a step.
#[test]
fn the_real_wizard_takes_the_expected_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(dir.path(), &[], &[], 80, 24);
    w.walk_to_phase4_option_1();
    let screen = w.step("jj", "▶[ ] 3.");
    assert!(screen.contains("▶[ ] 3."), "{screen}");
    w.step("/sites window\r", "▶[ ] 7.");
    w.step("g", "▶[ ] 1.");
    // The option chosen is progress that no export holds yet: quit asks.
    w.step("q", "y quit anyway");
    w.send("y");
    assert_eq!(w.exit_code(), 0);
}

/// Esc on the empty symptom list stays; q leaves.
#[test]
fn the_real_symptom_list_quits_on_q_not_on_esc() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(dir.path(), &[], &[], 80, 24);
    w.wait_for("Find the symptom");
    w.step("\x1b", "q or Ctrl-C quits");
    w.send("q");
    assert_eq!(w.exit_code(), 0);
}
