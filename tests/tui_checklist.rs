//! The checklist as an operator works through it in an outage: warnings of
//! the diagnosis stay in view, options are chosen deliberately, and a parent
//! step agrees with its sub-steps, on screen and in the export.

mod tui_support;

use kbwalk::checklist::StepStatus;
use kbwalk::tui::app::{Command, Overlay};
use ratatui::crossterm::event::KeyCode;
use tui_support::*;

fn status_text(app: &kbwalk::tui::App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn exported(app: &mut kbwalk::tui::App) -> String {
    match typing_command(app, "e") {
        Some(Command::Export { contents, .. }) => contents,
        other => panic!("no export: {other:?}"),
    }
}

fn typing_command(app: &mut kbwalk::tui::App, key: &str) -> Option<Command> {
    let c = key.chars().next().unwrap();
    press(app, KeyCode::Char(c))
}

fn statuses(app: &kbwalk::tui::App) -> Vec<(String, StepStatus)> {
    app.walk
        .as_ref()
        .unwrap()
        .items()
        .iter()
        .map(|i| (i.number.clone(), i.status))
        .collect()
}

fn status_of(app: &kbwalk::tui::App, number: &str) -> StepStatus {
    statuses(app)
        .into_iter()
        .find(|(n, _)| n == number)
        .unwrap_or_else(|| panic!("no step {number}"))
        .1
}

#[test]
fn an_applicability_warning_follows_the_diagnosis_onto_the_checklist_and_the_export() {
    let mut app = warned_outcome();
    let diagnosis = render(&app, 80, 24);
    assert!(
        diagnosis.contains("CAUSE FOUND, WITH A WARNING"),
        "{diagnosis}"
    );
    assert!(!diagnosis.contains("follow the workaround"), "{diagnosis}");
    enter(&mut app);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("⚠ With a warning: "), "{screen}");
    assert!(
        screen.contains("⚠ Q183347 applies to Systems Management Server 1.0"),
        "{screen}"
    );
    // The steps from the article are marked where they are ticked.
    assert!(screen.contains("[ ] ⚠ 1."), "{screen}");
    assert!(screen.contains("may not apply to this system"), "{screen}");
    let md = exported(&mut app);
    let top: Vec<&str> = md.lines().take(4).collect();
    assert!(
        top[2].starts_with("> **Warning:** `Q183347` applies to Systems Management Server 1.0"),
        "{md}"
    );
    // Without a contradiction: the plain headline, no banner, no marks.
    let mut clean = phase4_outcome();
    assert!(render(&clean, 80, 24).contains("CAUSE FOUND: follow the workaround"));
    enter(&mut clean);
    let screen = render(&clean, 80, 24);
    assert!(!screen.contains("⚠ Q183347"), "{screen}");
    assert!(!exported(&mut clean).contains("Steps citing it may not apply"));
}

#[test]
fn steps_of_an_option_wait_for_the_choice_and_progress_counts_only_the_chosen_one() {
    let mut app = phase4_checklist();
    // Every option's steps are listed, but none of them is counted: the
    // Phase 4 options share no step, so there is nothing to count yet.
    let listed = statuses(&app).len();
    let screen = render(&app, 100, 30);
    assert!(!screen.contains(&format!("of {listed}")), "{screen}");
    assert!(
        screen.contains("choose an option (1-3) to count its steps"),
        "{screen}"
    );
    // Ticking a step of an option before choosing one is refused, with why.
    let first_option_step = statuses(&app).len() - 1;
    app.walk.as_mut().unwrap().step = first_option_step;
    typing(&mut app, " ");
    assert!(
        status_text(&app).starts_with("Choose an option first"),
        "{}",
        status_text(&app)
    );
    assert!(
        app.walk
            .as_ref()
            .unwrap()
            .session
            .checklist()
            .unwrap()
            .steps
            .is_empty()
    );
    // Once chosen, the gauge counts that option's steps.
    typing(&mut app, "1");
    let chosen = statuses(&app).len();
    assert!(chosen < listed);
    assert!(
        render(&app, 100, 30).contains(&format!(" 0 of {chosen} done")),
        "{}",
        render(&app, 100, 30)
    );
}

#[test]
fn switching_options_with_progress_asks_and_says_what_would_be_hidden() {
    let mut app = checklist_in_progress();
    typing(&mut app, "2");
    assert!(matches!(
        app.overlay,
        Some(Overlay::ConfirmChecklist { .. })
    ));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Switch to option 2?"), "{screen}");
    assert!(screen.contains("Option 2 hides steps 1, 2, 3"), "{screen}");
    // n keeps option 1 and its progress.
    typing(&mut app, "n");
    assert!(app.overlay.is_none());
    let chosen = |app: &kbwalk::tui::App| {
        app.walk
            .as_ref()
            .unwrap()
            .session
            .checklist()
            .unwrap()
            .alternative
            .clone()
    };
    let before = chosen(&app);
    assert_eq!(status_of(&app, "1"), StepStatus::Done);
    // y switches.
    typing(&mut app, "2");
    typing(&mut app, "y");
    assert_ne!(chosen(&app), before);
    // Back to option 1 with no progress on option 2: no question asked.
    typing(&mut app, "1");
    assert!(app.overlay.is_none());
    assert_eq!(chosen(&app), before);
    assert_eq!(status_of(&app, "1"), StepStatus::Done);
}

/// The hang clean-up: the first step with sub-steps selected, and the
/// sub-steps under it (at every depth) that have none of their own.
fn parent_selected() -> (kbwalk::tui::App, String, Vec<String>) {
    let mut app = hang_checklist();
    let items = app.walk.as_ref().unwrap().items();
    let at = items
        .iter()
        .position(|i| !i.step.steps.is_empty())
        .expect("a step with sub-steps");
    let parent = items[at].number.clone();
    let subs: Vec<String> = items[kbwalk::checklist::descendants(&items, at)]
        .iter()
        .filter(|i| i.status == StepStatus::Todo && i.step.steps.is_empty())
        .map(|i| i.number.clone())
        .collect();
    drop(items);
    app.walk.as_mut().unwrap().step = at;
    (app, parent, subs)
}

#[test]
fn ticking_a_parent_over_open_sub_steps_asks_to_tick_them_all() {
    let (mut app, parent, subs) = parent_selected();
    assert!(subs.len() >= 2);
    typing(&mut app, " ");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("still open"), "{screen}");
    assert!(screen.contains(&subs[0]), "{screen}");
    typing(&mut app, "n");
    assert_eq!(status_of(&app, &parent), StepStatus::Todo);
    typing(&mut app, " ");
    typing(&mut app, "y");
    assert_eq!(status_of(&app, &parent), StepStatus::Done);
    // Every step under it, the nested parents too.
    for (n, status) in statuses(&app) {
        if n.starts_with(&parent) {
            assert_eq!(status, StepStatus::Done, "{n}");
        }
    }
    let md = exported(&mut app);
    assert!(md.contains(&format!("- [x] **{parent}.**")), "{md}");
    for s in &subs {
        assert!(md.contains(&format!("- [x] **{s}.**")), "{s}: {md}");
    }
}

#[test]
fn ticking_the_last_sub_step_marks_the_parent_done() {
    let (mut app, parent, subs) = parent_selected();
    // Down onto each sub-step in turn: Space ticks it and moves on.
    press(&mut app, KeyCode::Down);
    for (n, s) in subs.iter().enumerate() {
        assert_eq!(status_of(&app, &parent), StepStatus::Todo, "after {n}");
        let items = app.walk.as_ref().unwrap().items();
        let at = items.iter().position(|i| &i.number == s).unwrap();
        drop(items);
        app.walk.as_mut().unwrap().step = at;
        typing(&mut app, " ");
    }
    assert_eq!(
        status_of(&app, &parent),
        StepStatus::Done,
        "{:?} {}",
        statuses(&app),
        status_text(&app)
    );
    // Reopening one sub-step reopens the parent.
    let items = app.walk.as_ref().unwrap().items();
    let at = items.iter().position(|i| i.number == subs[0]).unwrap();
    drop(items);
    app.walk.as_mut().unwrap().step = at;
    typing(&mut app, "u");
    assert_eq!(status_of(&app, &parent), StepStatus::Todo);
}

#[test]
fn a_journal_with_a_parent_ticked_over_open_sub_steps_reads_consistently() {
    let (mut app, parent, subs) = parent_selected();
    // As an older kbwalk recorded it: the parent alone, done.
    let id = {
        let w = app.walk.as_ref().unwrap();
        w.items()[w.step].step.id.clone()
    };
    let w = app.walk.as_mut().unwrap();
    w.session
        .apply(&kbwalk::engine::Input::SetStepStatus {
            step: id.clone(),
            status: StepStatus::Done,
            at: T0,
        })
        .unwrap();
    assert_eq!(
        w.session.checklist().unwrap().steps[&id].status,
        StepStatus::Done,
        "the record stays as written"
    );
    assert_eq!(status_of(&app, &parent), StepStatus::Todo);
    let screen = render(&app, 80, 24);
    assert!(screen.contains(&format!("[ ] {parent}.")), "{screen}");
    let md = exported(&mut app);
    assert!(md.contains(&format!("- [ ] **{parent}.**")), "{md}");
    assert!(md.contains(&format!("- [ ] **{}.**", subs[0])), "{md}");
}
