//! The wizard's I/O as commands: `update` asks, the event loop performs, and
//! what came back reaches the screen. Probes start because the engine asks
//! for them, the sessions folder is read by the loop, and every input goes
//! through the walk's recorder before the screen shows it.

mod tui_support;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use kbwalk::engine::{Effect, Input, Session};
use kbwalk::library::Library;
use kbwalk::probe::{Mounts, ProbeEnv, Runner};
use kbwalk::store::Listed;
use kbwalk::store::StoreError;
use kbwalk::timeline::Timeline;
use kbwalk::tree::LoadedTree;
use kbwalk::tui::app::Command;
use kbwalk::tui::recorder::{ReadOnly, Recorder, Reopened, Sessions};
use kbwalk::tui::{App, Options, Screen, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::*;

/// A key as the terminal sends it, with nothing performed afterwards.
fn key_only(app: &mut App, code: KeyCode) -> Option<Command> {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
}

/// SMS 1.2 upgrade of S12 on drive C from the despooler symptom, up to the
/// drive: the next Enter arrives at the question the despooler log answers.
fn before_the_despooler_question(probes: bool) -> App {
    let mut app = app();
    if probes {
        let mut mounts = Mounts::default();
        mounts.insert(
            'C',
            PathBuf::from("tests/fixtures/sites/q186408-despooler/C"),
        );
        app.enable_probes(Runner::new(ProbeEnv {
            mounts,
            clock: Arc::new(|| T0),
            ..ProbeEnv::default()
        }));
    }
    start(&mut app, "c0000001");
    typing(&mut app, "3"); // SMS 1.2
    typing(&mut app, "2"); // upgrading
    typing(&mut app, "S12");
    enter(&mut app);
    typing(&mut app, "C");
    app
}

#[test]
fn arriving_at_a_question_with_a_probe_asks_the_loop_to_start_it_and_nothing_runs_before() {
    let mut app = before_the_despooler_question(true);
    key_only(&mut app, KeyCode::Enter);
    let asked = app.question().unwrap().id.clone();
    assert!(!app.probing(), "update started a probe itself");
    assert!(app.probes.question.is_none());
    let commands = app.take_commands();
    let [Command::StartQuestionProbe { question, .. }] = commands.as_slice() else {
        panic!("expected the question's probe, got {commands:?}");
    };
    assert_eq!(question, &asked);
    for command in commands {
        kbwalk::tui::perform(&mut app, command);
    }
    while app.probing() {
        app.poll_probes();
        std::thread::yield_now();
    }
    app.poll_probes();
    let probe = app.probes.question.as_ref().expect("the probe ran");
    assert_eq!(probe.question, asked);
    assert_eq!(probe.proposal.as_deref(), Some("yes"));
}

#[test]
fn with_probes_off_arriving_at_a_question_with_a_probe_asks_for_nothing() {
    let mut app = before_the_despooler_question(false);
    key_only(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Question);
    assert_eq!(app.take_commands(), Vec::new());
    assert!(app.probes.question.is_none());
}

#[test]
fn leaving_a_walk_lists_it_to_resume_once_the_loop_has_read_the_sessions_folder() {
    let mut app = app_with(Theme { color: false });
    start(&mut app, "phase 4");
    typing(&mut app, "3"); // SMS 1.2: a saved walk with an answer
    press(&mut app, KeyCode::Esc); // back to the first question
    key_only(&mut app, KeyCode::Esc); // and out of the walk
    assert_eq!(app.screen, Screen::Picker);
    assert!(app.sessions.is_empty(), "update read the sessions folder");
    assert_eq!(app.take_commands(), vec![Command::ListSessions]);
    kbwalk::tui::perform(&mut app, Command::ListSessions);
    assert_eq!(app.sessions.len(), 1);
    assert_eq!(app.session_selected, Some(0));
    let screen = render(&app, 100, 30);
    assert!(screen.contains("Unfinished sessions (1)"), "{screen}");
}

/// Keeps inputs in memory, refusing them while `refuse` is set.
struct MemoryRecorder {
    session: Session,
    inputs: Rc<RefCell<Vec<Input>>>,
    refuse: Rc<RefCell<bool>>,
}

impl Recorder for MemoryRecorder {
    fn id(&self) -> &str {
        "in-memory"
    }

    fn record(&mut self, input: Input, _at: i64) -> Result<Vec<Effect>, StoreError> {
        if *self.refuse.borrow() {
            return Err(StoreError::NoDataDir);
        }
        let effects = self.session.apply(&input)?;
        self.inputs.borrow_mut().push(input);
        Ok(effects)
    }

    fn engine(&self) -> &Session {
        &self.session
    }

    fn started_by(&self) -> &str {
        "alice"
    }

    fn timeline(&self) -> Timeline {
        Timeline {
            started_at: T0,
            started_by: "alice".into(),
            events: Vec::new(),
        }
    }
}

/// Walks kept in memory: created on request, never reopened.
struct MemorySessions {
    inputs: Rc<RefCell<Vec<Input>>>,
    refuse: Rc<RefCell<bool>>,
}

impl Sessions for MemorySessions {
    fn create(
        &self,
        tree: &LoadedTree,
        symptom: &str,
        _operator: &str,
        _at: i64,
    ) -> Result<Box<dyn Recorder>, StoreError> {
        Ok(Box::new(MemoryRecorder {
            session: Session::new(Arc::clone(&tree.tree), Some(symptom))?,
            inputs: Rc::clone(&self.inputs),
            refuse: Rc::clone(&self.refuse),
        }))
    }

    fn open(&self, _: &str, _: &Library, _: &str, _: i64) -> Result<Reopened, StoreError> {
        Err(StoreError::NoDataDir)
    }

    fn open_read_only(&self, _: &str, _: &Library) -> Result<ReadOnly, StoreError> {
        Err(StoreError::NoDataDir)
    }

    fn dismiss(&self, _: &str, _: &Library, _: &str, _: i64) -> Result<(), StoreError> {
        Err(StoreError::NoDataDir)
    }

    fn list(&self, _: &Library) -> Result<Vec<Listed>, StoreError> {
        Ok(Vec::new())
    }
}

#[test]
fn update_runs_on_in_memory_sessions_and_shows_only_what_they_kept() {
    let options = Options {
        export_dir: "/exports".into(),
        theme: Theme { color: false },
        store: None,
        operator: "alice".into(),
    };
    let mut app = App::new(library(), options, T0);
    let inputs = Rc::new(RefCell::new(Vec::new()));
    let refuse = Rc::new(RefCell::new(false));
    // Nothing of this walk touches a disk.
    app.store = Some(Box::new(MemorySessions {
        inputs: Rc::clone(&inputs),
        refuse: Rc::clone(&refuse),
    }));
    start(&mut app, "phase 4");
    assert_eq!(app.walk.as_ref().unwrap().session_id(), Some("in-memory"));
    assert!(app.walk.as_ref().unwrap().not_saved.is_none());

    let first = app.question().unwrap().id.clone();
    typing(&mut app, "3"); // SMS 1.2
    assert_eq!(inputs.borrow().len(), 1);
    assert!(matches!(&inputs.borrow()[0], Input::Answer { question, .. } if *question == first));
    let second = app.question().unwrap().id.clone();
    assert_ne!(second, first);

    *refuse.borrow_mut() = true;
    typing(&mut app, "2");
    assert_eq!(inputs.borrow().len(), 1);
    assert_eq!(
        app.question().unwrap().id,
        second,
        "moved on without a record"
    );
    let status = app.status.as_ref().expect("the refusal is shown");
    assert!(status.error);
    assert!(
        status.text.starts_with("Not saved, so not done"),
        "{}",
        status.text
    );
}
