//! Every screen of the wizard at 80×24 and 120×40, compared with the
//! accepted snapshots in `tests/snapshots/`. A fixed clock and export folder
//! keep them stable.

mod tui_support;

use tui_support::{render, screens};

#[test]
fn every_screen_at_80x24_and_120x40() {
    for (name, app) in screens() {
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{name}@{w}x{h}"), render(&app, w, h));
        }
    }
}

/// The README shows two screens as they are drawn today.
#[test]
fn the_readme_shows_the_screens_as_they_are() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let screens = screens();
    for name in ["question_text_invalid", "checklist_in_progress"] {
        let app = &screens.iter().find(|(n, _)| *n == name).unwrap().1;
        let screen = render(app, 80, 24);
        assert!(
            readme.contains(&format!("```\n{screen}```\n")),
            "README.md should show {name} at 80x24 as:\n{screen}"
        );
    }
}
