//! Questions in the real binary in a pseudo-terminal: long choice labels,
//! typed values as the steps see them, and going back.

mod tui_support;

use tui_support::pty::Wizard;

/// Walks the hierarchy tree's 3400/3500 symptom to the question on the
/// state of the removed site, whose choices differ only in their last words.
fn at_site_state_question(dir: &std::path::Path, cols: u16, rows: u16) -> (Wizard, String) {
    let mut w = Wizard::start(dir, &[], &[], cols, rows);
    w.wait_for("Find the symptom");
    w.step("3400 3500", "2 of 25");
    w.step("\r", "Which version of Systems Management Server");
    w.step("5", "What was being done when the problem appeared?");
    w.step("3", "What is the site code of the site");
    w.step("S01\r", "Which status message ID do you see?");
    let screen = w.step("1", "What is the state of site S01");
    (w, screen)
}

/// The question panel's text, its wrapped lines joined by spaces.
fn question_panel_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| l.split('│').nth(1))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn long_choice_labels_wrap_to_their_last_words_at_60_and_80_columns() {
    // The words that tell the choices apart end each label.
    let labels = [
        "1  It was removed (deleted) from the hierarchy, or its removal was started, whatever the console says of it now",
        "2  It was taken out of the hierarchy without being properly removed, or it has stopped working",
        "3  It still exists and works; its address may be missing, poorly configured or nonfunctional",
        "4  I do not know",
    ];
    for (cols, rows) in [(60, 15), (80, 24)] {
        let dir = tempfile::tempdir().unwrap();
        let (w, _) = at_site_state_question(dir.path(), cols, rows);
        let screen = w.wait_until("every label in full", |s| {
            let text = question_panel_text(s);
            labels.iter().all(|l| text.contains(l))
        });
        assert!(
            !screen.lines().any(|l| l.contains("▶ 1") && l.contains('…')),
            "{cols}x{rows}: a label was cut\n{screen}"
        );
    }
}

#[test]
fn a_site_code_in_lower_case_and_a_drive_with_a_colon_are_taken_in_standard_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(dir.path(), &[], &[], 100, 30);
    w.wait_for("Find the symptom");
    w.step("phase 4", "Search: phase 4");
    w.step("\r", "Which version of Systems Management Server");
    w.step("3", "What was being done to the secondary site");
    w.step("2", "What is the site code of the secondary site?");
    w.step(" s01 ", "✓ Enter answers");
    w.step("\r", "On which drive is SMS installed");
    w.step("d:", "✓ Enter answers");
    // The answers panel is drawn after the question: waiting for it waits for the whole frame.
    let screen = w.step("\r", "→ D ");
    assert!(
        screen.contains("Does the LAN sender log (Lansend.log) show"),
        "{screen}"
    );
    assert!(screen.contains("→ S01"), "{screen}");
    assert!(screen.contains("→ D "), "{screen}");
    assert!(!screen.contains("s01"), "{screen}");
}
