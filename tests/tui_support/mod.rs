//! Shared by the wizard's tests: an app on the built-in trees with a fixed
//! clock and export folder, keys typed as an operator types them, and the
//! screens every test visits.

#![allow(dead_code)]

pub mod pty;

use kbwalk::library::Library;
use kbwalk::store::{Durability, Store};
use kbwalk::tui::app::Command;
use kbwalk::tui::{App, Options, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// 2026-11-18 11:06:40 UTC.
pub const T0: i64 = 1_795_000_000;

pub fn library() -> Library {
    let (lib, problems) = Library::load(true, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    lib
}

pub fn app() -> App {
    app_with(Theme { color: true })
}

thread_local! {
    /// Each test's session folders, removed when its thread ends.
    static HOMES: std::cell::RefCell<Vec<tempfile::TempDir>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A session folder of its own, for as long as the test runs.
pub fn temp_sessions() -> std::path::PathBuf {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("sessions");
    HOMES.with(|h| h.borrow_mut().push(dir));
    path
}

/// An app saving its walks in a fresh folder of sessions.
pub fn app_with(theme: Theme) -> App {
    app_on(&temp_sessions(), theme, T0)
}

/// An app whose sessions are in `sessions`, as operator `alice`. The
/// wizard's tests are about screens, not power cuts: nothing is fsynced.
pub fn app_on(sessions: &std::path::Path, theme: Theme, now: i64) -> App {
    app_with_durability(sessions, theme, now, Durability::NoSync)
}

/// Like [`app_on`], but every write is fsynced as in the program: for tests
/// of what the disk refuses or keeps.
pub fn durable_app_on(sessions: &std::path::Path, theme: Theme, now: i64) -> App {
    app_with_durability(sessions, theme, now, Durability::Full)
}

fn app_with_durability(
    sessions: &std::path::Path,
    theme: Theme,
    now: i64,
    durability: Durability,
) -> App {
    let options = Options {
        export_dir: "/exports".into(),
        theme,
        store: Some(Store::with_durability(sessions, durability)),
        operator: "alice".into(),
    };
    let mut app = App::new(library(), options, now);
    kbwalk::tui::perform_queued(&mut app);
    app
}

/// A key press, and then what the event loop does before the next draw:
/// the commands queued (a probe to start, the sessions to list) are
/// performed; the one returned is the test's to look at.
pub fn press(app: &mut App, code: KeyCode) -> Option<Command> {
    let command = app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
    kbwalk::tui::perform_queued(app);
    command
}

pub fn ctrl(app: &mut App, c: char) -> Option<Command> {
    let command = app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    kbwalk::tui::perform_queued(app);
    command
}

/// Types each character as a key press.
pub fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn enter(app: &mut App) -> Option<Command> {
    press(app, KeyCode::Enter)
}

/// The screen as text, one line per row.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|f| kbwalk::tui::view::draw(f, app))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Searches and starts the walk at the first match.
pub fn start(app: &mut App, search: &str) {
    typing(app, search);
    enter(app);
}

/// SMS 1.2 upgrade of site ABC on drive D, parent P01: the Phase 4 outcome.
pub fn phase4_outcome() -> App {
    let mut app = app();
    start(&mut app, "phase 4");
    typing(&mut app, "3"); // SMS 1.2
    typing(&mut app, "2"); // upgrading
    typing(&mut app, "ABC");
    enter(&mut app);
    typing(&mut app, "D");
    enter(&mut app);
    typing(&mut app, "n"); // Lansend.log has no "no sending capacity" line
    typing(&mut app, "P01");
    enter(&mut app);
    app
}

pub fn phase4_checklist() -> App {
    let mut app = phase4_outcome();
    enter(&mut app);
    app
}

/// The first question of the Phase 4 walk.
pub fn phase4_first_question() -> App {
    let mut app = app();
    start(&mut app, "phase 4");
    app
}

/// The site-code question with a code too short typed in.
pub fn invalid_site_code() -> App {
    let mut app = phase4_first_question();
    typing(&mut app, "32AB");
    app
}

/// "Pending", SMS 2.0 install: the yes/no question on who started it.
pub fn pending_yes_no() -> App {
    let mut app = app();
    start(&mut app, "stuck pending");
    typing(&mut app, "4"); // SMS 2.0
    typing(&mut app, "1"); // installing
    app
}

pub fn no_fix_outcome() -> App {
    let mut app = pending_yes_no();
    typing(&mut app, "y");
    typing(&mut app, "1"); // the Bootstrap service stopped, or its log records a problem
    typing(&mut app, "S01");
    enter(&mut app);
    typing(&mut app, "C");
    enter(&mut app);
    app
}

/// Event 7031 under Terminal Services remote administration: safe to ignore.
pub fn benign_outcome() -> App {
    let mut app = app();
    start(&mut app, "event 7031");
    typing(&mut app, "y"); // the event reads as quoted
    typing(&mut app, "6"); // SMS 2.0 SP2
    typing(&mut app, "1"); // installing
    typing(&mut app, "2"); // Windows 2000
    typing(&mut app, "2"); // remote administration
    typing(&mut app, "y"); // the site works
    app
}

/// "Something else": no known cause.
pub fn unknown_outcome() -> App {
    let mut app = app();
    start(&mut app, "not sure");
    typing(&mut app, "7"); // something else
    typing(&mut app, "7"); // SMS 2.0 SP3
    typing(&mut app, "1");
    typing(&mut app, "S01");
    enter(&mut app);
    typing(&mut app, "E");
    enter(&mut app);
    app
}

/// Phase 4 on SMS 2.0: the article is for SMS 1.x, so a warning shows.
pub fn warned_outcome() -> App {
    let mut app = app();
    start(&mut app, "phase 4");
    typing(&mut app, "4"); // SMS 2.0
    typing(&mut app, "2");
    typing(&mut app, "ABC");
    enter(&mut app);
    typing(&mut app, "D");
    enter(&mut app);
    typing(&mut app, "n"); // no "no sending capacity" line
    typing(&mut app, "P01");
    enter(&mut app);
    app
}

/// The hang clean-up checklist (Q287717): sub-steps, a condition,
/// destructive steps.
pub fn hang_checklist() -> App {
    let mut app = app();
    start(&mut app, "hangs");
    typing(&mut app, "4"); // SMS 2.0
    typing(&mut app, "1"); // installing
    typing(&mut app, "y"); // initiated from the parent site
    typing(&mut app, "2"); // the installation stalled
    typing(&mut app, "S01");
    enter(&mut app);
    typing(&mut app, "E");
    enter(&mut app);
    enter(&mut app);
    app
}

/// The hang clean-up with step 4 selected: its sub-steps 4a-4f in view.
pub fn checklist_substeps() -> App {
    let mut app = hang_checklist();
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    app
}

/// The Phase 4 checklist on SMS 2.0, first option chosen: the warning
/// that Q183347 is for SMS 1.x stays above the steps.
pub fn checklist_warning() -> App {
    let mut app = warned_outcome();
    enter(&mut app);
    typing(&mut app, "1");
    app.status = None;
    app
}

/// Choosing option 2 with steps of option 1 done: the wizard asks first.
pub fn confirm_switch_option() -> App {
    let mut app = checklist_in_progress();
    typing(&mut app, "2");
    app
}

/// Phase 4, first option chosen, worked on for ten minutes: two steps done,
/// a condition answered, a note written and the wait started.
pub fn checklist_in_progress() -> App {
    let mut app = phase4_checklist();
    typing(&mut app, "1"); // force the creation of a .ct2 file
    typing(&mut app, "y"); // all services run
    typing(&mut app, " "); // step 1 done
    app.now = T0 + 120;
    typing(&mut app, "n"); // no .ct2 file yet
    typing(&mut app, " "); // step 2 done
    enter(&mut app);
    typing(&mut app, "copied to E:\\backup");
    enter(&mut app);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    app.now = T0 + 300;
    typing(&mut app, "w");
    app.now = T0 + 600;
    app.status = None;
    app
}

/// The same walk as if no folder for sessions existed: nothing saved, so
/// quitting and leaving ask while checklist progress is not exported.
pub fn unsaved(mut app: App) -> App {
    if let Some(w) = app.walk.as_mut() {
        w.writer = None;
    }
    app
}

/// Help over the checklist in progress.
pub fn help_checklist() -> App {
    let mut app = checklist_in_progress();
    typing(&mut app, "?");
    app
}

/// Help over a question, opened with F1 while typing.
pub fn help_question() -> App {
    let mut app = invalid_site_code();
    press(&mut app, KeyCode::F(1));
    app
}

/// Quitting an unsaved walk with progress: the wizard asks first.
pub fn confirm_quit() -> App {
    let mut app = unsaved(checklist_in_progress());
    typing(&mut app, "q");
    app
}

/// The note editor open on the selected step.
pub fn note() -> App {
    let mut app = checklist_in_progress();
    enter(&mut app);
    app
}

/// The checklist just after an export.
pub fn exported() -> App {
    let mut app = checklist_in_progress();
    app.export_finished(
        Ok("/exports/sms-secondary-site-2026-11-18-111640.md".into()),
        false,
    );
    app
}

pub fn picker_filtered() -> App {
    let mut app = app();
    typing(&mut app, "phase 4");
    app
}

pub fn picker_no_match() -> App {
    let mut app = app();
    typing(&mut app, "zzqx");
    app
}

/// Two steps back from the Phase 4 outcome.
pub fn question_after_back() -> App {
    let mut app = phase4_outcome();
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    app
}

/// The details of the yes/no question about Lansend.log, opened with `i`.
pub fn details_question() -> App {
    let mut app = pending_yes_no();
    press(&mut app, KeyCode::Char('i'));
    app
}

/// The details of the Phase 4 diagnosis, opened with `i`.
pub fn details_outcome() -> App {
    let mut app = phase4_outcome();
    press(&mut app, KeyCode::Char('i'));
    app
}

/// How a test reaches a screen: from a fresh app, by keys.
pub type Reach = fn() -> App;

/// Every screen worth looking at, by name, with how to reach it.
pub const SCREENS: &[(&str, Reach)] = &[
    ("picker", app),
    ("picker_filtered", picker_filtered),
    ("picker_no_match", picker_no_match),
    ("question_choice", phase4_first_question),
    ("question_text_invalid", invalid_site_code),
    ("question_yes_no", pending_yes_no),
    ("question_after_back", question_after_back),
    ("outcome_cause", phase4_outcome),
    ("outcome_cause_warning", warned_outcome),
    ("outcome_benign", benign_outcome),
    ("outcome_no_fix", no_fix_outcome),
    ("outcome_unknown", unknown_outcome),
    ("checklist_options", phase4_checklist),
    ("checklist_in_progress", checklist_in_progress),
    ("checklist_substeps", checklist_substeps),
    ("checklist_warning", checklist_warning),
    ("confirm_switch_option", confirm_switch_option),
    ("help_checklist", help_checklist),
    ("help_question", help_question),
    ("confirm_quit", confirm_quit),
    ("note", note),
    ("exported", exported),
    ("details_question", details_question),
    ("details_outcome", details_outcome),
];

/// The screen of that name, reached afresh.
pub fn screen(name: &str) -> App {
    let (_, reach) = SCREENS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no screen is called {name}"));
    reach()
}

/// Every screen worth looking at, by name.
pub fn screens() -> Vec<(&'static str, App)> {
    SCREENS
        .iter()
        .map(|(name, reach)| (*name, reach()))
        .collect()
}
