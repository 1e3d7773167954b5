//! Imported drafts in the wizard: labelled in the picker and on the
//! diagnosis, and walked from the symptom to the article's checklist.

mod tui_support;

use std::path::Path;

use kbwalk::library::Library;
use kbwalk::store::{Durability, Store};
use kbwalk::tui::{App, Options, Theme};
use tui_support::{T0, enter, render, temp_sessions, typing};

/// The wizard on the built-in trees and the draft of Q164320, with the
/// folder holding the draft: a tree is read when its walk starts.
fn app_with_draft() -> (App, tempfile::TempDir) {
    let article =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kb/archive/txt/164/Q164320.TXT");
    let imported =
        kbwalk::import::import(&kbwalk::import::decode(&std::fs::read(article).unwrap())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("q164320.yaml"),
        imported.file_text("Q164320.TXT"),
    )
    .unwrap();
    let (lib, problems) = Library::load(true, &[dir.path().to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    let options = Options {
        export_dir: "/exports".into(),
        theme: Theme { color: false },
        store: Some(Store::with_durability(temp_sessions(), Durability::NoSync)),
        operator: "alice".into(),
    };
    (App::new(lib, options, T0), dir)
}

#[test]
fn a_draft_is_labelled_in_the_picker_and_on_the_diagnosis_and_walks_to_its_steps() {
    let (mut app, _drafts) = app_with_draft();
    typing(&mut app, "entire network");
    let picker = render(&app, 100, 30);
    let row = picker
        .lines()
        .position(|l| l.contains("Exception 0E error occurs"))
        .unwrap_or_else(|| panic!("the draft's symptom is not listed:\n{picker}"));
    let meta = picker.lines().nth(row + 1).unwrap();
    assert!(
        meta.contains("q164320 · Q164320 · imported draft, not reviewed"),
        "{picker}"
    );

    enter(&mut app);
    let question = render(&app, 100, 30);
    assert!(
        question.contains("Which version of Microsoft Systems Management Server is"),
        "{question}"
    );
    typing(&mut app, "1"); // 1.2 SP1, as the article says
    let diagnosis = render(&app, 100, 30);
    assert!(
        diagnosis.contains("imported draft, not reviewed"),
        "{diagnosis}"
    );
    assert!(diagnosis.contains("Q164320"), "{diagnosis}");
    assert!(
        !diagnosis.contains("applies to"),
        "no warning for the article's own version:\n{diagnosis}"
    );

    enter(&mut app);
    let checklist = render(&app, 100, 30);
    assert!(checklist.contains("0 of 3 done"), "{checklist}");
    assert!(
        checklist.contains("1. Replace the Smsroutr.vxd file with the original version"),
        "{checklist}"
    );
}
