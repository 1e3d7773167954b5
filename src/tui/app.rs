//! The wizard's state and its one `update` function.
//!
//! Keys become [`Action`]s through the keymap; `update` changes the state and
//! may hand back a [`Command`] for the shell to carry out (write a file,
//! copy to the clipboard). Work that follows from where the walk arrived (a
//! probe the engine asks for, the sessions folder to read again) is queued
//! as commands too, which the shell takes with [`App::take_commands`] and
//! performs before the next draw; their results come back as calls such as
//! [`App::sessions_listed`] and [`App::poll_probes`]. The time is a field set
//! by the shell, never read from the system here, so every view is a
//! function of the state.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::engine::{Effect, Session};
use crate::library::Library;
use crate::probe::{Job, Target};
use crate::store::{SessionSummary, Store, StoreError};
use crate::tree::{Question, QuestionKind, YesNo};

use super::keymap::{Action, Context, Key, lookup_where};
use super::picker::Picker;
use super::probes::{CheckKind, Probes};
use super::recorder::Sessions;
use super::theme::Theme;

/// How far PageUp and PageDown move.
pub(super) const PAGE: usize = 10;

pub use super::screens::Screen;

pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// The question's help, probe evidence, causes and answers, scrollable.
    Details {
        scroll: u16,
    },
    ConfirmQuit,
    ConfirmLeave,
    /// A checklist change to confirm: what it does, and the change.
    ConfirmChecklist {
        title: String,
        message: String,
        change: crate::tui::screens::checklist_confirm::Pending,
    },
    Note {
        step: String,
        number: String,
        input: Input,
        /// The note as it was when the editor opened, for Esc to put back.
        original: String,
        /// The note as last saved while typing.
        saved: String,
    },
    Find {
        input: Input,
    },
}

/// Work for the shell: the only ways the wizard touches the world.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Ring the terminal's bell: a wait ran out.
    Bell,
    /// Take the mouse (clicks select steps, the wheel scrolls) or leave it
    /// to the terminal (drag-select copies text).
    MouseCapture(bool),
    /// Write the Markdown export, then report with [`App::export_finished`].
    Export {
        path: PathBuf,
        contents: String,
        then_quit: bool,
    },
    /// Start the current question's probe on a thread of its own; reports
    /// come back through [`App::poll_probes`].
    StartQuestionProbe { question: String, job: Box<Job> },
    /// Start a batch of verifications or re-runs, replacing any still
    /// running; reports come back through [`App::poll_probes`].
    StartChecks { kind: CheckKind, jobs: Vec<Job> },
    /// Read the sessions folder again; the rows come back through
    /// [`App::sessions_listed`].
    ListSessions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub use super::walk::Walk;

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
        StoreError::Start(e) => e.to_string(),
        StoreError::ReadOnly { .. } => e.to_string(),
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
    /// The window, as the terminal last reported it: scrolling keys stay
    /// within what fits. `None` (no terminal) leaves scrolling unbounded.
    pub viewport: Option<Rect>,
    /// Where walks are kept; `None` leaves them unsaved.
    pub store: Option<Box<dyn Sessions>>,
    pub operator: String,
    /// Unfinished sessions, most recently changed first, listed above the symptoms.
    pub sessions: Vec<SessionSummary>,
    /// The selected unfinished session; `None` when the symptoms have the selection.
    pub session_selected: Option<usize>,
    /// A session another kbwalk holds, that Enter again opens read-only.
    pub(super) pending_read_only: Option<String>,
    /// Probes running and what they reported; off unless [`App::enable_probes`].
    pub probes: Probes,
    /// Esc was pressed once in a field holding text: the next Esc drops it.
    pub(super) esc_warned: bool,
    /// The wizard has the mouse: off by default, so that drag-select works.
    pub mouse_capture: bool,
    /// Commands queued for the shell, taken with [`App::take_commands`].
    commands: Vec<Command>,
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
            viewport: None,
            store: options
                .store
                .map(|store| Box::new(store) as Box<dyn Sessions>),
            operator: options.operator,
            sessions: Vec::new(),
            session_selected: None,
            pending_read_only: None,
            probes: Probes::default(),
            esc_warned: false,
            mouse_capture: false,
            commands: Vec::new(),
        };
        app.refresh_sessions();
        app
    }

    /// Queues `command` for the shell to perform before the next draw.
    pub(super) fn request(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The commands queued since the last call, oldest first: the shell
    /// performs each before drawing again.
    pub fn take_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.commands)
    }

    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. }) => return Context::Help,
            Some(Overlay::Details { .. }) => return Context::Details,
            Some(Overlay::ConfirmQuit) => return Context::ConfirmQuit,
            Some(Overlay::ConfirmLeave) => return Context::ConfirmLeave,
            Some(Overlay::ConfirmChecklist { .. }) => return Context::ConfirmChecklist,
            Some(Overlay::Note { .. }) => return Context::Note,
            Some(Overlay::Find { .. }) => return Context::Find,
            None => {}
        }
        self.screen_context()
    }

    /// The context of the screen under any overlay.
    pub fn screen_context(&self) -> Context {
        self.screen.part().context(self)
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
        if matches!(
            action,
            Action::FindNext | Action::FindPrevious | Action::ClearFind
        ) {
            return w.find.is_some();
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
            // While a find is on, n finds again rather than answering.
            Action::ConditionNo if w.find.is_some() => false,
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

    /// How far `what` scrolls in the current window.
    pub(super) fn scroll_limit(&self, what: super::view::Scrolled) -> u16 {
        match self.viewport {
            Some(area) => super::view::scroll_limit(self, area, what),
            None => u16::MAX,
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
                MouseEventKind::Down(MouseButton::Left) => {
                    self.click(m.column, m.row);
                    None
                }
                _ => None,
            },
            Event::Resize(width, height) => {
                self.viewport = Some(Rect::new(0, 0, *width, *height));
                None
            }
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

    pub(super) fn edit_field(&mut self, context: Context, request: tui_input::InputRequest) {
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
            Context::Find => {
                if let Some(Overlay::Find { input }) = self.overlay.as_mut() {
                    input.handle(request);
                }
                self.find_typed();
                return;
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
        let warned = std::mem::take(&mut self.esc_warned);
        if let Some(action) = lookup_where(context, key, |a| self.key_applies(context, a)) {
            if key == Key::Esc && !warned && self.esc_would_drop_text(action) {
                self.esc_warned = true;
                self.info("Esc again drops the text typed; Enter keeps it");
                return None;
            }
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
            Context::Details => {
                self.update_details(action);
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
            Context::ConfirmChecklist => {
                self.update_checklist_confirm(action);
                None
            }
            Context::Note => {
                self.update_note(action);
                None
            }
            Context::Find => {
                self.update_find(action);
                None
            }
            _ => self.update_screen(action),
        }
    }

    pub(super) fn update_screen(&mut self, action: Action) -> Option<Command> {
        match action {
            Action::Quit => {
                self.ask_quit();
                return None;
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { scroll: 0 });
                return None;
            }
            Action::Details => {
                if matches!(self.screen, Screen::Question | Screen::Outcome) {
                    self.overlay = Some(Overlay::Details { scroll: 0 });
                }
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
        self.screen.part().update(self, action)
    }

    pub(super) fn ask_quit(&mut self) {
        if self
            .walk
            .as_ref()
            .is_some_and(|w| w.unexported() || w.export_stale())
        {
            self.overlay = Some(Overlay::ConfirmQuit);
        } else {
            self.quit = true;
        }
    }

    pub(super) fn leave_walk(&mut self) {
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
            match store.create(loaded, symptom, &self.operator, self.now) {
                Ok(writer) => stored = Some(Walk::stored(writer)),
                // A full or read-only disk is a typical outage: the walk
                // still runs, unsaved, and says so.
                Err(StoreError::Start(e)) => {
                    self.error(e.to_string());
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
                    self.error(e.to_string());
                    return false;
                }
            },
        };
        walk.carried = carried;
        self.walk = Some(walk);
        self.arrive();
        true
    }

    /// Shows whatever the session now stands at, with earlier answers
    /// preselected, as the engine's effects of the last arrival say: the
    /// question asked (and its probe, started by the shell), or the outcome.
    pub(super) fn arrive(&mut self) {
        if let Err(e) = self.give_carried() {
            self.error(input_error(&e));
        }
        let Some(w) = self.walk.as_mut() else {
            self.screen = Screen::Picker;
            return;
        };
        let mut arrival = std::mem::take(&mut w.arrival);
        if arrival.is_empty() {
            arrival = w.session.start_effects();
        }
        let mut probe = None;
        for effect in arrival {
            match effect {
                Effect::Ask(_) => {
                    self.screen = Screen::Question;
                    let Some(q) = w.session.current_question() else {
                        continue;
                    };
                    let remembered = w.session.answer(&q.id).map(|a| a.value.raw());
                    w.choice = match (q.kind, remembered.as_deref()) {
                        (QuestionKind::YesNo, Some(r)) if YesNo::parse(r) == Some(YesNo::No) => 1,
                        (QuestionKind::Choice, Some(r)) => {
                            q.choices.iter().position(|c| c.id == r).unwrap_or(0)
                        }
                        _ => 0,
                    };
                    w.text = match (q.kind, remembered) {
                        (QuestionKind::Text | QuestionKind::Number, Some(r)) => Input::new(r),
                        _ => Input::default(),
                    };
                }
                Effect::RunProbe { question, probe: p } => {
                    let job = Job::new(&w.session, Target::Question(question.clone()), &p);
                    probe = Some((question, job));
                }
                Effect::Reached(_) => {
                    self.screen = Screen::Outcome;
                    w.outcome_scroll = 0;
                }
                Effect::ChecklistChanged => {}
            }
        }
        match probe {
            Some((question, job)) => self.start_question_probe(question, job),
            None => self.probes.question = None,
        }
    }

    /// Drops the current question's probe and, with probes on, asks the
    /// shell to start `job` in its place.
    pub(super) fn start_question_probe(&mut self, question: String, job: Job) {
        self.probes.question = None;
        self.probes.touched = false;
        if self.probes.enabled() {
            self.request(Command::StartQuestionProbe {
                question,
                job: Box::new(job),
            });
        }
    }
}

/// `2026-11-22-140530` in UTC: sorts by time and is safe in file names.
pub fn file_stamp(secs: i64) -> String {
    // format_utc gives `2026-11-22 14:05 UTC`; seconds keep two exports apart.
    let minutes = crate::time::format_utc(secs);
    let date = minutes.get(..10).unwrap_or("1970-01-01");
    let hm = minutes.get(11..16).unwrap_or("00:00").replace(':', "");
    format!("{date}-{hm}{:02}", secs.rem_euclid(60))
}
