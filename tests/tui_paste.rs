//! A paste is text for the field being typed in, never keys: a pasted
//! newline does not answer the question, nor the next one.

mod tui_support;

use kbwalk::tui::Screen;
use ratatui::crossterm::event::Event;
use tui_support::*;

#[test]
fn a_pasted_newline_answers_nothing() {
    let mut app = app();
    start(&mut app, "phase 4");
    typing(&mut app, "3");
    typing(&mut app, "2");
    let question = app.question().unwrap().id.clone();
    assert_eq!(question, "site_code");
    assert!(
        app.handle_event(&Event::Paste("AB\nC\r\n\u{1b}[2J".into()))
            .is_none()
    );
    assert_eq!(app.screen, Screen::Question);
    assert_eq!(
        app.question().unwrap().id,
        question,
        "a pasted line answered"
    );
    let w = app.walk.as_ref().unwrap();
    assert_eq!(w.text.value(), "AB C [2J");
    assert!(w.session.answer("site_code").is_none());

    // On a choice question a paste is not a key press either.
    let mut app = app_with(kbwalk::tui::Theme { color: false });
    start(&mut app, "phase 4");
    app.handle_event(&Event::Paste("3\n".into()));
    assert_eq!(app.question().unwrap().id, "sms_version");
    assert!(
        app.walk
            .as_ref()
            .unwrap()
            .session
            .answer("sms_version")
            .is_none()
    );
}
