//! Colours that read on any terminal theme: text in the terminal's own
//! foreground (with bold, dim or reverse), colour only where it means
//! something (red, green, yellow, ...). White and the greys (ANSI 7, 8, 15)
//! vanish on a light background or in Solarized Dark, where ANSI 8 is the
//! background itself.

mod tui_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tui_support::pty::Wizard;
use tui_support::screens;

/// Foregrounds that are unreadable on some common background.
fn unreadable(fg: Color) -> bool {
    matches!(fg, Color::White | Color::Gray | Color::DarkGray)
}

#[test]
fn no_screen_writes_text_in_white_or_grey() {
    for (name, app) in screens() {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| kbwalk::tui::view::draw(f, &app)).unwrap();
            let buffer = terminal.backend().buffer();
            for y in 0..h {
                for x in 0..w {
                    let cell = &buffer[(x, y)];
                    assert!(
                        !unreadable(cell.fg) || cell.symbol().trim().is_empty(),
                        "{name} at {w}x{h}: {:?} in {:?} at column {x}, row {y}",
                        cell.symbol(),
                        cell.fg
                    );
                }
            }
        }
    }
}

/// The real program in a terminal: every cell it paints on the way from the
/// symptom list to the checklist uses the default foreground or a colour
/// that means something, never ANSI 7, 8 or 15.
#[test]
fn the_real_wizard_never_paints_text_grey() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(dir.path(), &[], &[], 100, 30);
    let mut screens = vec![w.wait_for("Find the symptom")];
    let check = |w: &Wizard, screens: &mut Vec<String>| {
        let bad = w.with_screen(|s| {
            let (rows, cols) = s.size();
            let mut bad = Vec::new();
            for r in 0..rows.get() {
                for c in 0..cols.get() {
                    let cell = s.cell(r, c).unwrap();
                    let grey = matches!(cell.fgcolor(), vt100::Color::Idx(7 | 8 | 15));
                    if grey && !cell.contents().trim().is_empty() {
                        bad.push((r, c, cell.contents().to_string()));
                    }
                }
            }
            bad
        });
        assert!(
            bad.is_empty(),
            "grey text {bad:?} on\n{}",
            screens.last().unwrap()
        );
    };
    check(&w, &mut screens);
    for (keys, then) in [
        ("phase 4", "Search: phase 4"),
        ("\r", "Which version of Systems Management Server"),
        ("3", "What was being done to the secondary site"),
        ("2", "What is the site code of the secondary site?"),
        ("ABC\r", "On which drive is SMS installed"),
        ("D\r", "Does the LAN sender log"),
        ("n", "What is the site code of the parent site?"),
        ("P01\r", "CAUSE FOUND"),
        ("?", "Keys: Diagnosis"),
        ("?", "CAUSE FOUND"),
        ("\r", "choose an option (1-3)"),
        ("1", "Chosen option 1 of 3"),
    ] {
        screens.push(w.step(keys, then));
        check(&w, &mut screens);
    }
}
