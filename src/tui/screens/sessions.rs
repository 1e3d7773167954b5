//! The unfinished sessions listed above the symptoms, and opening one again
//! (for writing, or read-only when another kbwalk holds it).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::checklist::StepStatus;
use crate::store::{Listed, StoreError};
use crate::tui::app::{App, Command, Overlay, Screen, Walk};
use crate::tui::screens::checklist_confirm::Pending;
use crate::tui::text::{truncate, width};
use crate::tui::widgets::panel;

/// The unfinished sessions, one line each, above the symptoms.
pub(crate) fn draw_sessions(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let focus = app.session_selected.is_some();
    let block = panel(
        format!(
            " Unfinished sessions ({}) · d dismisses ",
            app.sessions.len()
        ),
        theme,
        focus,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Two lines a session: the symptom, then where it stands and who has it.
    let rows = inner.height as usize / 2;
    if rows == 0 {
        return;
    }
    let selected = app.session_selected.unwrap_or(0);
    let offset = selected.saturating_sub(rows - 1);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for (i, s) in app.sessions.iter().enumerate().skip(offset).take(rows) {
        let chosen = app.session_selected == Some(i);
        let marker = if chosen { "▶ " } else { "  " };
        let stage = s.stage_text(false);
        let site = s
            .site_code
            .as_deref()
            .map_or(String::new(), |site| format!("site {site} · "));
        let text = format!(
            "{marker}{site}{}",
            s.symptom_text.as_deref().unwrap_or(&s.tree_title)
        );
        let mut meta = match &s.held_by {
            Some(h) => format!("    open by {h} · "),
            None => "    ".to_string(),
        };
        meta.push_str(&format!(
            "{stage} · changed {} by {} · {} · {}",
            crate::time::format_utc(s.updated_at),
            s.last_operator,
            s.tree,
            s.id,
        ));
        let text = truncate(&text, w);
        let pad = w.saturating_sub(width(&text));
        let style = if chosen {
            theme.selected()
        } else if s.held_by.is_some() {
            theme.dim()
        } else {
            theme.plain()
        };
        lines.push(Line::styled(format!("{text}{}", " ".repeat(pad)), style));
        let meta_style = if s.held_by.is_some() {
            theme.warning()
        } else {
            theme.dim()
        };
        lines.push(Line::styled(truncate(&meta, w), meta_style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

impl App {
    /// Asks the shell to read the unfinished sessions again, for the first
    /// screen; the rows come back through [`App::sessions_listed`].
    pub fn refresh_sessions(&mut self) {
        self.pending_read_only = None;
        if self.store.is_some() {
            self.request(Command::ListSessions);
        } else {
            self.sessions_listed(Ok(Vec::new()));
        }
    }

    /// What reading the sessions folder gave: the unfinished sessions are
    /// listed, the most recent selected.
    pub fn sessions_listed(&mut self, rows: Result<Vec<Listed>, StoreError>) {
        self.sessions = match rows {
            Ok(rows) => rows
                .into_iter()
                .filter_map(|r| match r {
                    Listed::Session(s) if !s.finished && !s.dismissed => Some(*s),
                    _ => None,
                })
                .collect(),
            Err(e) => {
                self.error(format!("Cannot list the saved sessions: {e}"));
                Vec::new()
            }
        };
        self.session_selected = (!self.sessions.is_empty()).then_some(0);
    }

    /// Asks before dismissing the `n`th unfinished session.
    pub(crate) fn ask_dismiss(&mut self, n: usize) {
        let Some(s) = self.sessions.get(n) else {
            return;
        };
        let what = s.symptom_text.as_deref().unwrap_or(&s.tree_title);
        let site = s
            .site_code
            .as_deref()
            .map_or(String::new(), |site| format!(" (site {site})"));
        self.overlay = Some(Overlay::ConfirmChecklist {
            title: " Dismiss this session? ".to_string(),
            message: format!(
                "Session {}{site}: {what}\n\nIt stays on disk (`kbwalk sessions list --all` shows it; \
                 `kbwalk resume {}` reopens it), but leaves this list.\n\ny dismisses it, n keeps it.",
                s.id, s.id
            ),
            change: Pending::DismissSession(s.id.clone()),
        });
    }

    /// Records the dismissal in the session's journal, then lists again.
    pub(crate) fn dismiss_session(&mut self, id: &str) {
        let Some(store) = self.store.as_ref() else {
            return;
        };
        match store.dismiss(id, &self.library, &self.operator, self.now) {
            Ok(()) => {
                self.refresh_sessions();
                self.info(format!("Dismissed session {id}; it is kept on disk"));
            }
            Err(StoreError::Locked { id, holder }) => {
                let who = holder.map_or("another kbwalk".to_string(), |h| h.to_string());
                self.error(format!("Session {id} is open by {who}: not dismissed"));
            }
            Err(e) => self.error(format!("Cannot dismiss session {id}: {e}")),
        }
    }

    /// Opens a stored session for writing and shows where it stands. When
    /// another kbwalk holds it, says who; asking again opens it read-only.
    pub fn resume(&mut self, id: &str) {
        let Some(store) = self.store.as_ref() else {
            self.error("Sessions are not saved here: no folder for them (set KBWALK_HOME)");
            return;
        };
        if self.pending_read_only.as_deref() == Some(id) {
            self.resume_read_only(id);
            return;
        }
        match store.open(id, &self.library, &self.operator, self.now) {
            Ok(reopened) => {
                self.walk = Some(Walk::stored(reopened.recorder));
                self.pending_read_only = None;
                self.arrive();
                self.open_checklist_if_begun();
                self.warn_on_opening(reopened.warnings);
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
        let Some(store) = self.store.as_ref() else {
            return;
        };
        self.pending_read_only = None;
        match store.open_read_only(id, &self.library) {
            Ok(read) => {
                let who = read
                    .holder
                    .map_or("another kbwalk".to_string(), |h| h.to_string());
                let mut walk = Walk::new(read.session);
                walk.read_only = Some(who.clone());
                self.walk = Some(walk);
                self.arrive();
                self.open_checklist_if_begun();
                self.error(format!("Read-only: {who} has session {id} open"));
                self.warn_on_opening(read.warnings);
            }
            Err(e) => self.error(format!("Cannot read session {id}: {e}")),
        }
    }

    /// A resumed walk whose checklist was begun opens on the checklist, at
    /// the first step still to do.
    pub(crate) fn open_checklist_if_begun(&mut self) {
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

    pub(crate) fn warn_on_opening(&mut self, warnings: Vec<String>) {
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
}
