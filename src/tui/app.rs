//! The wizard's state and its one `update` function.
//!
//! Keys become [`Action`]s through the keymap; `update` changes the state and
//! may hand back a [`Command`] for the shell to carry out (write a file,
//! copy to the clipboard). The time is a field set by the shell, never read
//! from the system here, so every view is a function of the state.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseEventKind};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::checklist::{Item, StepStatus};
use crate::engine::{AnswerSource, Input as EngineInput, Position, Session};
use crate::export::{ExportMeta, markdown, markdown_with_timeline};
use crate::library::Library;
use crate::probe::question_job;
use crate::store::{Listed, SessionSummary, SessionWriter, Store, StoreError};
use crate::tree::answer::{AnswerError, parse_answer};
use crate::tree::{Question, QuestionKind};

use super::keymap::{Action, Context, Key, lookup_where};
use super::picker::Picker;
use super::probes::Probes;
use super::theme::Theme;

/// How far PageUp and PageDown move.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Question,
    Outcome,
    Checklist,
}

pub enum Overlay {
    Help {
        scroll: u16,
    },
    ConfirmQuit,
    ConfirmLeave,
    Note {
        step: String,
        number: String,
        input: Input,
        /// The note as it was when the editor opened, for Esc to put back.
        original: String,
        /// The note as last saved while typing.
        saved: String,
    },
}

/// Work for the shell: the only ways the wizard touches the world.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Write the Markdown export, then report with [`App::export_finished`].
    Export {
        path: PathBuf,
        contents: String,
        then_quit: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// One walk through a tree, with what the screens remember about it.
pub struct Walk {
    /// The walk as shown: a copy of the stored session's engine, updated
    /// only once an input is on disk.
    pub session: Session,
    /// The stored session every input goes through; `None` when the walk
    /// is not saved (no folder for sessions) or is only being read.
    pub writer: Option<SessionWriter>,
    /// Opened read-only because another kbwalk holds it: who, for messages.
    pub read_only: Option<String>,
    /// Why a walk that should be saved is not (the disk is full or
    /// read-only): it runs anyway, and the screen says nothing is saved.
    pub not_saved: Option<String>,
    /// The selected choice (yes/no: 0 is yes, 1 is no).
    pub choice: usize,
    /// The field of a text or number question.
    pub text: Input,
    pub outcome_scroll: u16,
    /// The selected checklist item.
    pub step: usize,
    /// When each wait timer was started (Unix seconds), by step id.
    pub waits: BTreeMap<String, i64>,
    /// Answers carried from the walk a `see_also` was followed from, given
    /// (once each) when their question comes up unanswered.
    pub carried: BTreeMap<String, String>,
    /// Counts checklist changes, to know whether the last export is current.
    revision: u64,
    exported_revision: u64,
    pub last_export: Option<PathBuf>,
}

impl Walk {
    fn new(session: Session) -> Walk {
        Walk {
            session,
            writer: None,
            read_only: None,
            not_saved: None,
            choice: 0,
            text: Input::default(),
            outcome_scroll: 0,
            step: 0,
            waits: BTreeMap::new(),
            carried: BTreeMap::new(),
            revision: 0,
            exported_revision: 0,
            last_export: None,
        }
    }

    fn stored(writer: SessionWriter) -> Walk {
        let mut walk = Walk::new(writer.engine().clone());
        walk.writer = Some(writer);
        walk
    }

    /// The stored session's id, when the walk is saved.
    pub fn session_id(&self) -> Option<&str> {
        self.writer.as_ref().map(|w| w.id())
    }

    /// Checklist progress made since the last export (or at all, if none)
    /// that would be lost on quitting: none when the walk is saved.
    pub fn unexported(&self) -> bool {
        self.writer.is_none() && self.read_only.is_none() && self.revision != self.exported_revision
    }

    pub fn items(&self) -> Vec<Item<'_>> {
        self.session.checklist_items()
    }

    /// The one place an operator's input reaches the walk: through the
    /// store when saved, so the screen changes only once it is on disk.
    pub(super) fn apply(&mut self, input: EngineInput, at: i64) -> Result<(), StoreError> {
        if let Some(holder) = &self.read_only {
            return Err(StoreError::Symptom(format!(
                "Read-only: {holder} has this session open; nothing was changed"
            )));
        }
        let changes_checklist = !matches!(input, EngineInput::Answer { .. } | EngineInput::Back);
        match self.writer.as_mut() {
            Some(writer) => {
                writer.apply(input, at)?;
                self.session = writer.engine().clone();
            }
            None => self
                .session
                .apply(&input)
                .map(drop)
                .map_err(StoreError::Rejected)?,
        }
        if changes_checklist {
            self.revision += 1;
        }
        Ok(())
    }
}

pub struct Options {
    pub export_dir: PathBuf,
    pub theme: Theme,
    /// Where walks are saved; `None` leaves them unsaved.
    pub store: Option<Store>,
    /// Who is recorded as giving each input.
    pub operator: String,
}

/// What an input that did not go through means for the operator.
pub(super) fn input_error(e: &StoreError) -> String {
    match e {
        StoreError::Rejected(e) => e.to_string(),
        StoreError::Symptom(m) => m.clone(),
        e => format!("Not saved, so not done: {e}"),
    }
}

pub struct App {
    pub library: Library,
    pub picker: Picker,
    pub search: Input,
    pub walk: Option<Walk>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Unix seconds, set by the shell before each update and draw.
    pub now: i64,
    pub theme: Theme,
    pub export_dir: PathBuf,
    pub status: Option<Status>,
    pub quit: bool,
    /// The furthest the diagnosis or help can scroll, as last drawn; keeps
    /// scrolling keys from running past the end.
    pub scroll_limit: Cell<u16>,
    pub store: Option<Store>,
    pub operator: String,
    /// Unfinished sessions, most recently changed first, listed above the symptoms.
    pub sessions: Vec<SessionSummary>,
    /// The selected unfinished session; `None` when the symptoms have the selection.
    pub session_selected: Option<usize>,
    /// A session another kbwalk holds, that Enter again opens read-only.
    pending_read_only: Option<String>,
    /// Probes running and what they reported; off unless [`App::enable_probes`].
    pub probes: Probes,
}

/// How a typed answer fares against its question, in the operator's words.
pub fn validation_message(q: &Question, typed: &str) -> Result<String, String> {
    match parse_answer(q, typed) {
        Ok(v) => Ok(match q.unit.as_deref() {
            Some(unit) => format!("{} {unit}", v.raw()),
            None => v.raw(),
        }),
        Err(AnswerError::InvalidText { expected, .. }) => Err(format!("Expected {expected}")),
        Err(AnswerError::InvalidNumber { range, .. }) => Err(match range {
            Some(r) => format!("Expected a number {r}"),
            None => "Expected a number".into(),
        }),
        Err(AnswerError::InvalidChoice { valid, .. }) => {
            Err(format!("Expected one of: {}", valid.join(", ")))
        }
    }
}

impl App {
    pub fn new(library: Library, options: Options, now: i64) -> App {
        let picker = Picker::from_library(&library);
        let mut app = App {
            library,
            picker,
            search: Input::default(),
            walk: None,
            screen: Screen::Picker,
            overlay: None,
            now,
            theme: options.theme,
            export_dir: options.export_dir,
            status: None,
            quit: false,
            scroll_limit: Cell::new(u16::MAX),
            store: options.store,
            operator: options.operator,
            sessions: Vec::new(),
            session_selected: None,
            pending_read_only: None,
            probes: Probes::default(),
        };
        app.refresh_sessions();
        app
    }

    /// Reads the unfinished sessions again, for the first screen.
    pub fn refresh_sessions(&mut self) {
        self.pending_read_only = None;
        self.sessions = match &self.store {
            Some(store) => match store.list(&self.library) {
                Ok(rows) => rows
                    .into_iter()
                    .filter_map(|r| match r {
                        Listed::Session(s) if !s.finished => Some(*s),
                        _ => None,
                    })
                    .collect(),
                Err(e) => {
                    self.error(format!("Cannot list the saved sessions: {e}"));
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        self.session_selected = (!self.sessions.is_empty()).then_some(0);
    }

    /// Opens a stored session for writing and shows where it stands. When
    /// another kbwalk holds it, says who; asking again opens it read-only.
    pub fn resume(&mut self, id: &str) {
        let Some(store) = self.store.clone() else {
            self.error("Sessions are not saved here: no folder for them (set KBWALK_HOME)");
            return;
        };
        if self.pending_read_only.as_deref() == Some(id) {
            self.resume_read_only(id);
            return;
        }
        match store.open(id, &self.library, &self.operator, self.now) {
            Ok(writer) => {
                let warnings = writer.report().warnings();
                self.walk = Some(Walk::stored(writer));
                self.pending_read_only = None;
                self.arrive();
                self.open_checklist_if_begun();
                self.warn_on_opening(warnings);
            }
            Err(StoreError::Locked { id, holder }) => {
                let who = holder.map_or("another kbwalk".to_string(), |h| h.to_string());
                self.pending_read_only = Some(id.clone());
                self.error(format!(
                    "Session {id} is open by {who}; Enter again opens it read-only"
                ));
            }
            Err(e) => self.error(format!("Cannot resume session {id}: {e}")),
        }
    }

    /// Shows a stored session without taking it: inputs are refused.
    pub fn resume_read_only(&mut self, id: &str) {
        let Some(store) = self.store.clone() else {
            return;
        };
        self.pending_read_only = None;
        match store.open_read_only(id, &self.library) {
            Ok(view) => {
                let who = store
                    .holder(view.id())
                    .map_or("another kbwalk".to_string(), |h| h.to_string());
                let warnings = view.report().warnings();
                let mut walk = Walk::new(view.engine().clone());
                walk.read_only = Some(who.clone());
                self.walk = Some(walk);
                self.arrive();
                self.open_checklist_if_begun();
                self.error(format!("Read-only: {who} has session {id} open"));
                self.warn_on_opening(warnings);
            }
            Err(e) => self.error(format!("Cannot read session {id}: {e}")),
        }
    }

    /// A resumed walk whose checklist was begun opens on the checklist, at
    /// the first step still to do.
    fn open_checklist_if_begun(&mut self) {
        let Some(w) = self.walk.as_mut() else { return };
        if self.screen != Screen::Outcome {
            return;
        }
        let items = w.items();
        let chosen = w
            .session
            .checklist()
            .is_some_and(|c| c.alternative.is_some());
        if !chosen && items.iter().all(|i| i.status == StepStatus::Todo) {
            return;
        }
        let next = items
            .iter()
            .position(|i| i.status == StepStatus::Todo)
            .unwrap_or(0);
        drop(items);
        w.step = next;
        self.screen = Screen::Checklist;
    }

    fn warn_on_opening(&mut self, warnings: Vec<String>) {
        let Some(first) = warnings.first() else {
            return;
        };
        let id = self
            .walk
            .as_ref()
            .and_then(Walk::session_id)
            .unwrap_or("ID")
            .to_string();
        let more = match warnings.len() {
            1 => String::new(),
            n => format!(" ({} more: `kbwalk sessions show {id}`)", n - 1),
        };
        self.error(format!("Warning: {first}{more}"));
    }

    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. }) => return Context::Help,
            Some(Overlay::ConfirmQuit) => return Context::ConfirmQuit,
            Some(Overlay::ConfirmLeave) => return Context::ConfirmLeave,
            Some(Overlay::Note { .. }) => return Context::Note,
            None => {}
        }
        self.screen_context()
    }

    /// The context of the screen under any overlay.
    pub fn screen_context(&self) -> Context {
        match self.screen {
            Screen::Picker => Context::Picker,
            Screen::Outcome => Context::Outcome,
            Screen::Checklist => Context::Checklist,
            Screen::Question => match self.question().map(|q| q.kind) {
                Some(QuestionKind::YesNo) => Context::YesNo,
                Some(QuestionKind::Choice) => Context::Choice,
                _ => Context::TextAnswer,
            },
        }
    }

    /// Whether a key that only sometimes applies applies now (the footer
    /// shows it then).
    pub fn relevant(&self, action: Action) -> bool {
        let Some(w) = self.walk.as_ref() else {
            return false;
        };
        if let Some(applies) = self.probe_action_applies(action) {
            return applies;
        }
        if action == Action::FollowLink {
            return self.current_link().is_some();
        }
        if self.context() != Context::Checklist {
            return false;
        }
        let items = w.items();
        let step = items.get(w.step).map(|i| i.step);
        let alternatives = w.session.outcome().map_or(0, |o| o.alternatives.len());
        let chosen = w
            .session
            .checklist()
            .is_some_and(|c| c.alternative.is_some());
        match action {
            Action::ConditionYes | Action::ConditionNo => {
                step.is_some_and(|s| s.condition.is_some())
            }
            Action::StartWait => step.is_some_and(|s| s.wait.is_some()),
            Action::CopyCommand => step.is_some_and(|s| s.command.is_some()),
            Action::ChooseOption(_) => alternatives > 0 && !chosen,
            Action::AllOptions => chosen,
            _ => false,
        }
    }

    pub fn question(&self) -> Option<&Question> {
        self.walk.as_ref()?.session.current_question()
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    /// A terminal event: keys through the keymap, the mouse wheel as arrows.
    pub fn handle_event(&mut self, event: &Event) -> Option<Command> {
        match event {
            Event::Key(key) => self.handle_key(key),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollUp => self.update(Action::Up),
                MouseEventKind::ScrollDown => self.update(Action::Down),
                _ => None,
            },
            Event::Paste(text) => {
                self.paste(text);
                None
            }
            _ => None,
        }
    }

    /// Pasted text goes into the field being typed in, on one line and
    /// without control characters; it never presses a key, so a pasted
    /// newline does not answer anything. Outside a field it is ignored.
    pub fn paste(&mut self, text: &str) {
        let context = self.context();
        if !context.takes_text() {
            return;
        }
        for c in crate::text::one_line(text).chars() {
            self.edit_field(context, tui_input::InputRequest::InsertChar(c));
        }
    }

    fn edit_field(&mut self, context: Context, request: tui_input::InputRequest) {
        match context {
            Context::Picker => {
                self.session_selected = None;
                self.search.handle(request);
                let query = self.search.value().to_string();
                self.picker.set_query(&query);
            }
            Context::TextAnswer => {
                if let Some(w) = self.walk.as_mut() {
                    w.text.handle(request);
                    self.probes.touched = true;
                }
            }
            Context::Note => {
                if let Some(Overlay::Note { input, .. }) = self.overlay.as_mut() {
                    input.handle(request);
                }
            }
            _ => {}
        }
        self.status = None;
    }

    pub fn handle_key(&mut self, event: &KeyEvent) -> Option<Command> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let context = self.context();
        let key = Key::from_event(event)?;
        if let Some(action) = lookup_where(context, key, |a| {
            self.probe_action_applies(a).unwrap_or(true)
        }) {
            return self.update(action);
        }
        if context.takes_text()
            && let Some(request) = to_input_request(&Event::Key(*event))
        {
            self.edit_field(context, request);
        }
        None
    }

    /// Applies one action. The shell carries out the command returned, if any.
    pub fn update(&mut self, action: Action) -> Option<Command> {
        if !matches!(
            action,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown
        ) {
            self.status = None;
        }
        match self.context() {
            Context::Help => {
                self.update_help(action);
                None
            }
            Context::ConfirmQuit => match action {
                Action::ExportAndQuit => self.export(true),
                Action::QuitAnyway => {
                    self.quit = true;
                    None
                }
                Action::Stay => {
                    self.overlay = None;
                    None
                }
                _ => None,
            },
            Context::ConfirmLeave => {
                match action {
                    Action::LeaveWalk => self.leave_walk(),
                    Action::Stay => self.overlay = None,
                    Action::Quit => {
                        self.overlay = None;
                        self.ask_quit();
                    }
                    _ => {}
                }
                None
            }
            Context::Note => {
                self.update_note(action);
                None
            }
            _ => self.update_screen(action),
        }
    }

    fn update_help(&mut self, action: Action) {
        let Some(Overlay::Help { scroll }) = self.overlay.as_mut() else {
            return;
        };
        let limit = self.scroll_limit.get();
        match action {
            Action::CloseHelp => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                self.ask_quit();
            }
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = (*scroll + 1).min(limit),
            Action::PageUp => *scroll = scroll.saturating_sub(PAGE as u16),
            Action::PageDown => *scroll = (*scroll + PAGE as u16).min(limit),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = limit,
            _ => {}
        }
    }

    fn update_note(&mut self, action: Action) {
        match action {
            Action::SaveNote => {
                let Some(Overlay::Note {
                    step,
                    number,
                    input,
                    original,
                    saved,
                }) = self.overlay.take()
                else {
                    return;
                };
                let note = input.value().trim().to_string();
                if let Err(message) = self.save_note(step.clone(), note) {
                    // Not saved: the editor stays open with the text.
                    self.overlay = Some(Overlay::Note {
                        step,
                        number,
                        input,
                        original,
                        saved,
                    });
                    self.error(message);
                }
            }
            Action::CancelNote => {
                // Put back the note as it was, if a pause in typing saved a draft.
                if let Some(Overlay::Note {
                    step,
                    original,
                    saved,
                    ..
                }) = self.overlay.take()
                    && saved != original
                    && let Err(message) = self.save_note(step, original)
                {
                    self.error(message);
                }
            }
            Action::Quit => self.ask_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            _ => {}
        }
    }

    /// Records a step's note unless it already reads so.
    fn save_note(&mut self, step: String, note: String) -> Result<(), String> {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else {
            return Ok(());
        };
        let unchanged = w
            .items()
            .iter()
            .any(|i| i.step.id == step && i.note == note);
        if unchanged {
            return Ok(());
        }
        w.apply(EngineInput::SetStepNote { step, note, at }, at)
            .map_err(|e| input_error(&e))
    }

    /// A pause in typing: a note being written is saved as it stands, so
    /// that it survives the process being killed.
    pub fn idle(&mut self) {
        let Some(Overlay::Note {
            step, input, saved, ..
        }) = self.overlay.as_ref()
        else {
            return;
        };
        if self.walk.as_ref().is_none_or(|w| w.writer.is_none()) {
            return;
        }
        let note = input.value().trim().to_string();
        if &note == saved {
            return;
        }
        let step = step.clone();
        match self.save_note(step, note.clone()) {
            Ok(()) => {
                if let Some(Overlay::Note { saved, .. }) = self.overlay.as_mut() {
                    *saved = note;
                }
            }
            Err(message) => self.error(message),
        }
    }

    fn update_screen(&mut self, action: Action) -> Option<Command> {
        match action {
            Action::Quit => {
                self.ask_quit();
                return None;
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                self.scroll_limit.set(u16::MAX);
                return None;
            }
            Action::CancelProbes => {
                self.probes.cancel();
                self.poll_probes();
                self.info("Probes cancelled");
                return None;
            }
            Action::RerunProbes => {
                self.rerun_probes();
                return None;
            }
            Action::Consent => {
                self.consent();
                return None;
            }
            Action::VerifySteps => {
                self.verify_steps();
                return None;
            }
            Action::FollowLink => {
                self.follow_link();
                return None;
            }
            _ => {}
        }
        match self.screen {
            Screen::Picker => self.update_picker(action),
            Screen::Question => self.update_question(action),
            Screen::Outcome => return self.update_outcome(action),
            Screen::Checklist => return self.update_checklist(action),
        }
        None
    }

    fn ask_quit(&mut self) {
        if self.walk.as_ref().is_some_and(Walk::unexported) {
            self.overlay = Some(Overlay::ConfirmQuit);
        } else {
            self.quit = true;
        }
    }

    fn leave_walk(&mut self) {
        self.probes = Probes {
            runner: self.probes.runner.take(),
            ..Probes::default()
        };
        self.walk = None;
        self.overlay = None;
        self.screen = Screen::Picker;
        // A saved walk left here is listed to resume.
        self.refresh_sessions();
    }

    fn update_picker(&mut self, action: Action) {
        // Up from the first symptom reaches the unfinished sessions above it.
        if let Some(n) = self.session_selected {
            match action {
                Action::Up | Action::PageUp => self.session_selected = Some(n.saturating_sub(1)),
                Action::Down if n + 1 < self.sessions.len() => self.session_selected = Some(n + 1),
                Action::Down | Action::PageDown => self.session_selected = None,
                Action::Confirm => {
                    let id = self.sessions[n].id.clone();
                    self.resume(&id);
                }
                Action::ClearOrQuit => self.ask_quit(),
                _ => {}
            }
            return;
        }
        match action {
            Action::Up if self.picker.selected == 0 && !self.sessions.is_empty() => {
                self.session_selected = Some(self.sessions.len() - 1);
            }
            Action::Up => self.picker.move_by(-1),
            Action::Down => self.picker.move_by(1),
            Action::PageUp => self.picker.move_by(-(PAGE as isize)),
            Action::PageDown => self.picker.move_by(PAGE as isize),
            Action::ClearOrQuit if self.search.value().is_empty() => self.ask_quit(),
            Action::ClearOrQuit => {
                self.search.reset();
                self.picker.set_query("");
            }
            Action::Confirm => self.start_walk(),
            _ => {}
        }
    }

    /// Starts a walk at the selected symptom.
    pub fn start_walk(&mut self) {
        let Some(entry) = self.picker.selected_entry() else {
            self.error("No symptom selected: change the search to find one");
            return;
        };
        let (tree, symptom) = (entry.tree, entry.symptom_id.clone());
        self.start_walk_at(tree, &symptom, BTreeMap::new());
    }

    /// Starts a walk at a symptom of the library's tree number `tree`;
    /// `carried` answers are given as their questions come up. False when
    /// no walk could start (the status line says why).
    pub(super) fn start_walk_at(
        &mut self,
        tree: usize,
        symptom: &str,
        carried: BTreeMap<String, String>,
    ) -> bool {
        let loaded = match self.library.entries()[tree].load() {
            Ok(loaded) => loaded,
            Err(problems) => {
                let first = problems.0.first().map(|p| p.to_string());
                self.error(format!(
                    "Cannot open this tree: {}",
                    first.unwrap_or_default()
                ));
                return false;
            }
        };
        let mut not_saved = None;
        let mut stored = None;
        if let Some(store) = &self.store {
            // Every walk is a session, on disk before it is shown.
            match store.create(loaded, Some(symptom), &self.operator, self.now) {
                Ok(writer) => stored = Some(Walk::stored(writer)),
                // A full or read-only disk is a typical outage: the walk
                // still runs, unsaved, and says so.
                Err(StoreError::Symptom(e)) => {
                    self.error(e);
                    return false;
                }
                Err(e) => not_saved = Some(e.to_string()),
            }
        }
        let mut walk = match stored {
            Some(walk) => walk,
            None => match Session::new(std::sync::Arc::clone(&loaded.tree), Some(symptom)) {
                Ok(session) => {
                    let mut walk = Walk::new(session);
                    walk.not_saved = not_saved;
                    walk
                }
                Err(e) => {
                    self.error(e);
                    return false;
                }
            },
        };
        walk.carried = carried;
        self.walk = Some(walk);
        self.arrive();
        true
    }

    /// Shows whatever the session now stands at, with earlier answers preselected.
    fn arrive(&mut self) {
        if let Err(e) = self.give_carried() {
            self.error(input_error(&e));
        }
        let Some(w) = self.walk.as_mut() else {
            self.screen = Screen::Picker;
            return;
        };
        match w.session.position() {
            Position::Question(q) => {
                self.screen = Screen::Question;
                let remembered = w.session.answer(&q.id).map(|a| a.value.raw());
                w.choice = match (q.kind, remembered.as_deref()) {
                    (QuestionKind::YesNo, Some("no")) => 1,
                    (QuestionKind::Choice, Some(r)) => {
                        q.choices.iter().position(|c| c.id == r).unwrap_or(0)
                    }
                    _ => 0,
                };
                w.text = match (q.kind, remembered) {
                    (QuestionKind::Text | QuestionKind::Number, Some(r)) => Input::new(r),
                    _ => Input::default(),
                };
                let question = q.id.clone();
                match question_job(&w.session) {
                    Some(job) => self.probes.start_question(question, job),
                    None => self.probes.question = None,
                }
            }
            Position::Outcome(_) => {
                self.probes.question = None;
                self.screen = Screen::Outcome;
                w.outcome_scroll = 0;
                self.scroll_limit.set(u16::MAX);
            }
        }
    }

    fn update_question(&mut self, action: Action) {
        let Some(w) = self.walk.as_mut() else { return };
        let Some(q) = w.session.current_question() else {
            return;
        };
        let options = match q.kind {
            QuestionKind::YesNo => 2,
            QuestionKind::Choice => q.choices.len(),
            _ => 0,
        };
        let last = options.saturating_sub(1);
        let answer: Result<String, String> = match action {
            Action::AnswerYes => Ok("yes".into()),
            Action::AnswerNo => Ok("no".into()),
            Action::PickChoice(n) => match q.choices.get(n - 1) {
                Some(c) => Ok(c.id.clone()),
                None => Err(format!(
                    "There is no choice {n}: pick 1 to {}",
                    q.choices.len()
                )),
            },
            Action::Confirm => match q.kind {
                QuestionKind::YesNo => Ok(if w.choice == 1 { "no" } else { "yes" }.into()),
                QuestionKind::Choice => match q.choices.get(w.choice) {
                    Some(c) => Ok(c.id.clone()),
                    None => return,
                },
                QuestionKind::Text | QuestionKind::Number => {
                    match validation_message(q, w.text.value()) {
                        Ok(_) => Ok(w.text.value().to_string()),
                        Err(why) => Err(format!("Not answered yet: {}", lowercase_first(&why))),
                    }
                }
            },
            Action::Back => {
                self.back();
                return;
            }
            Action::EraseOrBack if w.text.value().is_empty() => {
                self.back();
                return;
            }
            Action::EraseOrBack => {
                w.text.handle(tui_input::InputRequest::DeletePrevChar);
                return;
            }
            _ => {
                self.probes.touched = true;
                w.choice = match action {
                    Action::Up => w.choice.saturating_sub(1),
                    Action::Down => (w.choice + 1).min(last),
                    Action::PageUp | Action::Top => 0,
                    Action::PageDown | Action::Bottom => last,
                    _ => w.choice,
                };
                return;
            }
        };
        match answer {
            Ok(value) => self.answer(value),
            Err(why) => self.error(why),
        }
    }

    /// Answers the current question. When the answer changes an earlier one,
    /// the walk goes on through the later questions whose remembered answers
    /// still apply, and stops at the first one without.
    fn answer(&mut self, value: String) {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let Some(q) = w.session.current_question() else {
            return;
        };
        let question = q.id.clone();
        let previous = w.session.answer(&question).map(|a| a.value.raw());
        // The probe's proposal, answered: recorded with what the probe saw.
        let source = match &self.probes.question {
            Some(p) if p.question == question && p.proposal.as_deref() == Some(value.as_str()) => {
                match p.report.as_ref() {
                    Some(r) => AnswerSource::Probe(r.result.evidence()),
                    None => AnswerSource::Operator,
                }
            }
            _ => AnswerSource::Operator,
        };
        let input = EngineInput::Answer {
            question,
            value,
            source,
        };
        if let Err(e) = w.apply(input, at) {
            self.error(input_error(&e));
            return;
        }
        let changed = previous.is_some_and(|p| {
            w.session
                .path_answers()
                .last()
                .is_some_and(|(_, a)| a.value.raw() != p)
        });
        let mut kept = 0;
        if changed {
            while let Some(q) = w.session.current_question() {
                let Some(a) = w.session.answer(&q.id) else {
                    break;
                };
                let input = EngineInput::Answer {
                    question: q.id.clone(),
                    value: a.value.raw(),
                    source: a.source.clone(),
                };
                if w.apply(input, at).is_err() {
                    break;
                }
                kept += 1;
            }
        }
        // A flag stays only while its answer still rests on the evidence flagged.
        let session = &w.session;
        self.probes.changed.retain(|c| {
            session
                .answer(&c.question)
                .is_some_and(|a| a.source == AnswerSource::Probe(c.before.clone()))
        });
        self.arrive();
        if kept > 0 {
            let s = if kept == 1 { "" } else { "s" };
            self.info(format!(
                "Answer changed: walked on with {kept} later answer{s} that still apply"
            ));
        }
    }

    fn back(&mut self) {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        match w.apply(EngineInput::Back, at) {
            Ok(()) => self.arrive(),
            // Back from the first question leaves the walk.
            Err(StoreError::Rejected(_)) if w.unexported() => {
                self.overlay = Some(Overlay::ConfirmLeave)
            }
            Err(StoreError::Rejected(_)) => self.leave_walk(),
            Err(e) if w.read_only.is_some() => {
                let _ = e;
                self.leave_walk()
            }
            Err(e) => self.error(input_error(&e)),
        }
    }

    fn update_outcome(&mut self, action: Action) -> Option<Command> {
        let limit = self.scroll_limit.get();
        let w = self.walk.as_mut()?;
        match action {
            Action::Up => w.outcome_scroll = w.outcome_scroll.saturating_sub(1),
            Action::Down => w.outcome_scroll = (w.outcome_scroll + 1).min(limit),
            Action::PageUp => w.outcome_scroll = w.outcome_scroll.saturating_sub(PAGE as u16),
            Action::PageDown => w.outcome_scroll = (w.outcome_scroll + PAGE as u16).min(limit),
            Action::Top => w.outcome_scroll = 0,
            Action::Bottom => w.outcome_scroll = limit,
            Action::Confirm => {
                self.screen = Screen::Checklist;
                let items = w.items();
                if w.step >= items.len() {
                    w.step = 0;
                }
            }
            Action::Back => self.back(),
            Action::Export => return self.export(false),
            _ => {}
        }
        None
    }

    fn update_checklist(&mut self, action: Action) -> Option<Command> {
        let w = self.walk.as_mut()?;
        let count = w.items().len();
        let last = count.saturating_sub(1);
        w.step = w.step.min(last);
        match action {
            Action::Up => w.step = w.step.saturating_sub(1),
            Action::Down => w.step = (w.step + 1).min(last),
            Action::PageUp => w.step = w.step.saturating_sub(PAGE),
            Action::PageDown => w.step = (w.step + PAGE).min(last),
            Action::Top => w.step = 0,
            Action::Bottom => w.step = last,
            Action::Back => self.screen = Screen::Outcome,
            Action::Export => return self.export(false),
            Action::ToggleDone => self.set_status(StepStatus::Done),
            Action::MarkSkipped => self.set_status(StepStatus::Skipped),
            Action::MarkFailed => self.set_status(StepStatus::Failed),
            Action::MarkTodo => self.set_status(StepStatus::Todo),
            Action::ConditionYes => self.answer_condition(true),
            Action::ConditionNo => self.answer_condition(false),
            Action::ChooseOption(n) => self.choose_option(Some(n)),
            Action::AllOptions => self.choose_option(None),
            Action::EditNote => {
                let items = w.items();
                if let Some(item) = items.get(w.step) {
                    self.overlay = Some(Overlay::Note {
                        step: item.step.id.clone(),
                        number: item.number.clone(),
                        input: Input::new(item.note.to_string()),
                        original: item.note.to_string(),
                        saved: item.note.to_string(),
                    });
                }
            }
            Action::StartWait => self.start_wait(),
            Action::CopyCommand => return self.copy_command(),
            _ => {}
        }
        None
    }

    fn start_wait(&mut self) {
        let now = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let items = w.items();
        let Some(item) = items.get(w.step) else {
            return;
        };
        let number = item.number.clone();
        let Some(wait) = &item.step.wait else {
            self.error(format!("Step {number} has no wait"));
            return;
        };
        let message = format!(
            "Step {number}: waiting {} for {}",
            crate::export::human_duration(&wait.duration),
            w.session.fill(&wait.until)
        );
        let id = item.step.id.clone();
        drop(items);
        w.waits.insert(id, now);
        self.info(message);
    }

    fn copy_command(&mut self) -> Option<Command> {
        let w = self.walk.as_ref()?;
        let items = w.items();
        let item = items.get(w.step)?;
        let number = item.number.clone();
        let Some(cmd) = &item.step.command else {
            self.error(format!("Step {number} has no command to copy"));
            return None;
        };
        let text = w.session.fill(cmd);
        self.info(format!("Copied to the clipboard (OSC 52): {text}"));
        Some(Command::Copy(text))
    }

    /// Sets the selected step's status; the same status again sets it back
    /// to to-do. Done and skipped move on to the next step still to do.
    fn set_status(&mut self, wanted: StepStatus) {
        let now = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let items = w.items();
        let Some(item) = items.get(w.step) else {
            return;
        };
        let number = item.number.clone();
        if item.status == StepStatus::NotApplicable {
            let why = item.not_applicable_because.clone().unwrap_or_default();
            self.error(format!("Step {number} does not apply ({why})"));
            return;
        }
        let status = if item.status == wanted {
            StepStatus::Todo
        } else {
            wanted
        };
        if status == item.status {
            return;
        }
        let step = item.step.id.clone();
        let position = w.step;
        drop(items);
        if let Err(e) = w.apply(
            EngineInput::SetStepStatus {
                step,
                status,
                at: now,
            },
            now,
        ) {
            self.error(input_error(&e));
            return;
        }
        if matches!(status, StepStatus::Done | StepStatus::Skipped) {
            let items = w.items();
            if let Some(next) = items
                .iter()
                .enumerate()
                .skip(position + 1)
                .find(|(_, i)| i.status == StepStatus::Todo)
                .map(|(n, _)| n)
            {
                w.step = next;
            }
        }
        self.info(format!("Step {number}: {}", status.label()));
    }

    fn answer_condition(&mut self, holds: bool) {
        let now = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let items = w.items();
        let Some(item) = items.get(w.step) else {
            return;
        };
        let number = item.number.clone();
        let Some(cond) = &item.step.condition else {
            self.error(format!("Step {number} has no condition to answer"));
            return;
        };
        let action = if holds { &cond.yes } else { &cond.no };
        let then = super::view::condition_consequence(&w.session, &items, action);
        let step = item.step.id.clone();
        drop(items);
        if let Err(e) = w.apply(
            EngineInput::AnswerStepCondition {
                step,
                holds,
                at: now,
            },
            now,
        ) {
            self.error(input_error(&e));
            return;
        }
        let answer = if holds { "yes" } else { "no" };
        self.info(match then {
            Some(t) => format!("Step {number}: {answer}. {t}"),
            None => format!("Step {number}: {answer}; carry on with the step"),
        });
    }

    fn choose_option(&mut self, n: Option<usize>) {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let Some(outcome) = w.session.outcome() else {
            return;
        };
        let count = outcome.alternatives.len();
        if count == 0 {
            self.error("This checklist has no options to choose from");
            return;
        }
        let alternative = match n {
            Some(n) if n > count => {
                self.error(format!("There are only {count} options"));
                return;
            }
            Some(n) => Some(outcome.alternatives[n - 1].id.clone()),
            None => None,
        };
        let chosen = alternative.clone();
        if w.session.checklist().and_then(|c| c.alternative.clone()) == chosen {
            return;
        }
        if let Err(e) = w.apply(EngineInput::ChooseAlternative { alternative }, at) {
            self.error(input_error(&e));
            return;
        }
        // Select the first step of the option chosen.
        if let Some(id) = &chosen {
            let items = w.items();
            w.step = items
                .iter()
                .position(|i| i.alternative.is_some_and(|a| &a.id == id))
                .unwrap_or(0);
        } else {
            w.step = 0;
        }
        match n {
            Some(n) => self.info(format!(
                "Option {n} of {count} chosen; 0 shows every option"
            )),
            None => self.info("Every option shown; choose one with its number"),
        }
    }

    /// The export of the walk as it stands, named after the tree and the time.
    fn export(&mut self, then_quit: bool) -> Option<Command> {
        let w = self.walk.as_ref()?;
        // Lint allows only plain tree ids; a file name stays plain regardless.
        let name = format!(
            "{}-{}.md",
            crate::text::file_name_part(&w.session.tree().id),
            file_stamp(self.now)
        );
        let contents = match &w.writer {
            // Saved: with the timeline of who did what, and the elapsed time.
            Some(writer) => {
                let meta = ExportMeta {
                    exported_at: self.now,
                    operator: Some(writer.header().operator.clone()),
                };
                markdown_with_timeline(&w.session, &meta, &writer.timeline())
            }
            None => {
                let meta = ExportMeta {
                    exported_at: self.now,
                    operator: None,
                };
                markdown(&w.session, &meta)
            }
        };
        Some(Command::Export {
            path: self.export_dir.join(name),
            contents,
            then_quit,
        })
    }

    /// The shell reports how an export went.
    pub fn export_finished(&mut self, result: Result<PathBuf, String>, then_quit: bool) {
        match result {
            Ok(path) => {
                if let Some(w) = self.walk.as_mut() {
                    w.exported_revision = w.revision;
                    w.last_export = Some(path.clone());
                }
                self.info(format!("Exported to {}", path.display()));
                if then_quit {
                    self.quit = true;
                }
            }
            Err(e) => {
                self.overlay = None;
                self.error(format!("Export failed: {e}"));
            }
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `2026-11-22-140530` in UTC: sorts by time and is safe in file names.
pub fn file_stamp(secs: i64) -> String {
    // format_utc gives `2026-11-22 14:05 UTC`; seconds keep two exports apart.
    let minutes = crate::export::format_utc(secs);
    let date = minutes.get(..10).unwrap_or("1970-01-01");
    let hm = minutes.get(11..16).unwrap_or("00:00").replace(':', "");
    format!("{date}-{hm}{:02}", secs.rem_euclid(60))
}
