//! The details view of a question: at 60×15 the help, the probe's evidence,
//! the causes and the answers so far do not fit beside the question; the
//! details view shows all of it, scrolled with the keys.

mod tui_support;

use kbwalk::tui::keymap::Context;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use tui_support::{app, enter, press, render, start, typing};

const W: u16 = 60;
const H: u16 = 15;

/// Phase 4 of an SMS 1.2 upgrade of site ABC on drive D: at the yes/no
/// question about Lansend.log, with three answers given.
fn at_lansend_question() -> kbwalk::tui::App {
    let mut app = app();
    app.viewport = Some(Rect::new(0, 0, W, H));
    start(&mut app, "phase 4");
    typing(&mut app, "3"); // SMS 1.2
    typing(&mut app, "2"); // upgrading
    typing(&mut app, "ABC");
    enter(&mut app);
    typing(&mut app, "D");
    enter(&mut app);
    app
}

/// Every screen seen while scrolling the details from top to bottom with
/// `key`, one string.
fn scrolled_through(app: &mut kbwalk::tui::App, key: KeyCode) -> String {
    let mut seen = render(app, W, H);
    for _ in 0..40 {
        press(app, key);
        seen.push_str(&render(app, W, H));
    }
    seen
}

#[test]
fn at_60x15_the_cut_help_and_the_hidden_answers_are_reached_by_scrolling_the_details() {
    let mut app = at_lansend_question();
    let question = render(&app, W, H);
    // What the question screen cannot show at this size.
    assert!(question.contains("Why it is asked"), "{question}");
    assert!(
        !question.contains("copies"),
        "the end of the help is cut:\n{question}"
    );
    assert!(!question.contains("Answers so far"), "{question}");
    assert!(!question.contains("Still possible"), "{question}");

    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.context(), Context::Details);
    let top = render(&app, W, H);
    assert!(top.contains("Details of question 5"), "{top}");
    assert!(top.contains("↓ more"), "{top}");
    assert!(
        !top.contains("Answers so far"),
        "the answers lie below:\n{top}"
    );

    let seen = scrolled_through(&mut app, KeyCode::Char('j'));
    for hidden in [
        "the .ct2 file fails.",
        "Still possible (2)",
        "Ruled out (4)",
        "Answers so far",
        "→ ABC",
        "→ D",
    ] {
        assert!(seen.contains(hidden), "{hidden:?} never shown:\n{seen}");
    }
    let bottom = render(&app, W, H);
    assert!(
        bottom.contains("→ D"),
        "j stops at the last line:\n{bottom}"
    );
    assert!(!bottom.contains("↓ more"), "{bottom}");

    // One key back up moves the view: scrolling stopped at the end.
    press(&mut app, KeyCode::Char('k'));
    assert_ne!(render(&app, W, H), bottom);
    for _ in 0..8 {
        press(&mut app, KeyCode::PageUp);
    }
    assert_eq!(render(&app, W, H), top, "PgUp goes back to the top");
    for _ in 0..8 {
        press(&mut app, KeyCode::PageDown);
    }
    assert_eq!(render(&app, W, H), bottom, "PgDn goes to the bottom");

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::YesNo, "Esc closes the details");
    assert_eq!(render(&app, W, H), question);
}

#[test]
fn the_same_key_closes_the_details_and_keys_typed_there_answer_nothing() {
    let mut app = at_lansend_question();
    press(&mut app, KeyCode::Char('i'));
    // y and n answer the question only once the details are closed.
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::Details);
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.context(), Context::YesNo);
    let still = render(&app, W, H);
    assert!(still.contains("Question 5"), "{still}");
}

#[test]
fn in_a_typed_answer_f3_opens_the_details_and_i_is_typed() {
    let mut app = app();
    app.viewport = Some(Rect::new(0, 0, W, H));
    start(&mut app, "phase 4");
    typing(&mut app, "3"); // SMS 1.2
    typing(&mut app, "2"); // upgrading
    assert_eq!(app.context(), Context::TextAnswer);
    press(&mut app, KeyCode::F(3));
    assert_eq!(app.context(), Context::Details);
    let details = scrolled_through(&mut app, KeyCode::Down);
    assert!(details.contains("Answers so far"), "{details}");
    assert!(details.contains("→ Upgrading"), "{details}");
    press(&mut app, KeyCode::F(3));
    assert_eq!(app.context(), Context::TextAnswer);
    typing(&mut app, "i");
    assert_eq!(app.context(), Context::TextAnswer, "i is text in a field");
    assert_eq!(app.walk.as_ref().unwrap().text.value(), "i");
}

#[test]
fn below_80_columns_the_diagnosis_points_to_its_details_where_causes_and_answers_are() {
    let mut app = tui_support::phase4_outcome();
    app.viewport = Some(Rect::new(0, 0, W, H));
    let diagnosis = render(&app, W, H);
    assert!(
        diagnosis.contains("i: details"),
        "the dropped side panel is pointed to:\n{diagnosis}"
    );
    assert!(!diagnosis.contains("Answers so far"), "{diagnosis}");
    assert!(!diagnosis.contains("Ruled out"), "{diagnosis}");
    let wide = render(&app, 120, 40);
    assert!(
        !wide.contains("i: details"),
        "nothing is hidden beside the side panel:\n{wide}"
    );

    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.context(), Context::Details);
    let top = render(&app, W, H);
    assert!(top.contains("Details of the diagnosis"), "{top}");
    let seen = scrolled_through(&mut app, KeyCode::Char('j'));
    for hidden in [
        "Ruled out (",
        "Answers so far",
        "→ SMS 1.2",
        "→ Upgrading",
        "→ ABC",
        "→ D",
    ] {
        assert!(seen.contains(hidden), "{hidden:?} never shown:\n{seen}");
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Outcome, "Esc closes the details");
    assert_eq!(render(&app, W, H), diagnosis);
}

#[test]
fn a_question_whose_help_is_cut_points_to_the_details() {
    let app = at_lansend_question();
    let question = render(&app, W, H);
    assert!(question.contains("i: details"), "{question}");
}
