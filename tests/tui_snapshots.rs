//! Every screen of the wizard at 80×24 and 120×40, compared with the
//! accepted snapshots in `tests/snapshots/`. A fixed clock and export folder
//! keep them stable. Each snapshot is its own test, so that one screen that
//! changed does not hide the others.

mod tui_support;

use tui_support::{SCREENS, render, screen};

/// Compares the screen `name` at `width`×`height` with its snapshot,
/// `tui_snapshots__NAME@WxH.snap`.
fn compare(name: &str, width: u16, height: u16) {
    let app = screen(name);
    let mut settings = insta::Settings::clone_current();
    // One module per screen below; the file names stay those of the screens.
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            format!("tui_snapshots__{name}@{width}x{height}"),
            render(&app, width, height)
        );
    });
}

/// One module per screen, one test per size: `picker::at_80x24`.
macro_rules! snapshot_tests {
    ($($screen:ident),* $(,)?) => {
        const COMPARED: &[&str] = &[$(stringify!($screen)),*];
        $(
            mod $screen {
                #[test]
                fn at_80x24() {
                    super::compare(stringify!($screen), 80, 24);
                }

                #[test]
                fn at_120x40() {
                    super::compare(stringify!($screen), 120, 40);
                }
            }
        )*
    };
}

snapshot_tests!(
    picker,
    picker_filtered,
    picker_no_match,
    question_choice,
    question_text_invalid,
    question_yes_no,
    question_after_back,
    outcome_cause,
    outcome_cause_warning,
    outcome_benign,
    outcome_no_fix,
    outcome_unknown,
    checklist_options,
    checklist_in_progress,
    checklist_substeps,
    checklist_warning,
    confirm_switch_option,
    help_checklist,
    help_question,
    confirm_quit,
    note,
    exported,
);

/// Overlays that show the same lines at every size, only wrapped: one size.
const COMPARED_AT_80X24: &[&str] = &["details_question", "details_outcome"];

mod details_question {
    #[test]
    fn at_80x24() {
        super::compare("details_question", 80, 24);
    }
}

mod details_outcome {
    #[test]
    fn at_80x24() {
        super::compare("details_outcome", 80, 24);
    }
}

/// A screen added to the shared list gets its snapshots too.
#[test]
fn every_screen_has_its_snapshot_tests() {
    let listed: Vec<&str> = SCREENS.iter().map(|(name, _)| *name).collect();
    assert_eq!(listed, [COMPARED, COMPARED_AT_80X24].concat());
}

/// The README shows two screens as they are drawn today.
#[test]
fn the_readme_shows_the_screens_as_they_are() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for name in ["question_text_invalid", "checklist_in_progress"] {
        let drawn = render(&screen(name), 80, 24);
        assert!(
            readme.contains(&format!("```\n{drawn}```\n")),
            "README.md should show {name} at 80x24 as:\n{drawn}"
        );
    }
}
