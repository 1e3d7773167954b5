//! The first screen: search the symptoms, pick one, and a walk starts.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position as CursorPosition, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Command, PAGE};
use crate::tui::keymap::{Action, Context};
use crate::tui::text::{truncate, width, wrap};
use crate::tui::widgets::panel;

use super::sessions::draw_sessions;

/// The first screen: the symptoms to pick from.
pub(crate) struct PickerScreen;

impl super::ScreenPart for PickerScreen {
    fn context(&self, _app: &App) -> Context {
        Context::Picker
    }

    fn update(&self, app: &mut App, action: Action) -> Option<Command> {
        app.update_picker(action);
        None
    }

    fn draw(&self, frame: &mut Frame, app: &App, area: Rect) {
        draw_picker(frame, app, area);
    }
}

pub(crate) fn draw_picker(frame: &mut Frame, app: &App, area: Rect) {
    let area = crate::tui::widgets::reading_column(area);
    let area = if app.sessions.is_empty() {
        area
    } else {
        // At most a third of the room; the symptoms keep the rest.
        let shown =
            (app.sessions.len() as u16).min(((area.height / 3).saturating_sub(2) / 2).max(1));
        let [top, rest] =
            Layout::vertical([Constraint::Length(2 * shown + 2), Constraint::Min(0)]).areas(area);
        draw_sessions(frame, app, top);
        rest
    };
    let theme = app.theme;
    let picker = &app.picker;
    let total = picker.symptom_count();
    let block = panel(
        " Find the symptom ".into(),
        theme,
        app.session_selected.is_none(),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let [search, gap, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);

    // The search field and the count.
    let label = "Search: ";
    let count = if picker.query().trim().is_empty() {
        format!("{total} symptoms")
    } else {
        format!("{} of {total}", picker.match_count())
    };
    let field_width = (search.width as usize)
        .saturating_sub(width(label) + width(&count) + 1)
        .max(1);
    let scroll = app.search.visual_scroll(field_width);
    let shown: String = app.search.value().chars().skip(scroll).collect();
    let shown = truncate(&shown, field_width);
    let pad = field_width.saturating_sub(width(&shown));
    let line = Line::from(vec![
        Span::styled(label, theme.title()),
        Span::raw(shown),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(count, theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(line), search);
    if app.overlay.is_none() {
        let x =
            search.x as usize + width(label) + app.search.visual_cursor().saturating_sub(scroll);
        let x = x.min((search.x + search.width).saturating_sub(1) as usize) as u16;
        frame.set_cursor_position(CursorPosition::new(x, search.y));
    }
    let _ = gap;

    if picker.match_count() == 0 {
        let msg = if total == 0 {
            "No trees are loaded: add trees with --trees DIR.".to_string()
        } else {
            format!(
                "No symptom matches \"{}\". Esc clears the search; fewer words find more.",
                picker.query()
            )
        };
        let lines: Vec<Line> = wrap(&msg, list.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme.warning()))
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        return;
    }

    // Two lines an entry: the symptom, then its tree and articles.
    let per_page = (list.height as usize / 2).max(1);
    let offset = picker.selected.saturating_sub(per_page - 1);
    let w = list.width as usize;
    let mut lines = Vec::new();
    for (i, e) in picker.matches().enumerate().skip(offset).take(per_page) {
        let selected = i == picker.selected && app.session_selected.is_none();
        let marker = if selected { "▶ " } else { "  " };
        let text = truncate(&format!("{marker}{}", e.text()), w);
        let pad = w.saturating_sub(width(&text));
        let style = if selected {
            theme.selected()
        } else {
            theme.plain()
        };
        // The letters the search matched stand out.
        let hits = picker.highlights(&e);
        let mut spans: Vec<Span> = Vec::new();
        for (n, c) in text.chars().enumerate() {
            let hit = n >= 2 && hits.binary_search(&(n - 2)).is_ok();
            let s = if hit { style.patch(theme.hit()) } else { style };
            match spans.last_mut() {
                Some(last) if last.style == s => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), s)),
            }
        }
        spans.push(Span::styled(" ".repeat(pad), style));
        lines.push(Line::from(spans));
        let mut meta = format!("    {} · {}", e.tree_id(), e.articles());
        if e.draft() {
            meta.push_str(" · ");
            meta.push_str(crate::tree::DRAFT_LABEL);
        }
        lines.push(Line::styled(truncate(&meta, w), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

impl App {
    pub(crate) fn update_picker(&mut self, action: Action) {
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
                Action::QuitFromList => self.ask_quit(),
                Action::DismissSession => self.ask_dismiss(n),
                Action::ClearSearch => self.session_selected = None,
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
            Action::QuitFromList => self.ask_quit(),
            // Esc never quits: an operator backing out with Esc stays in.
            Action::ClearSearch if self.search.value().is_empty() => {
                self.info("Nothing to clear: q or Ctrl-C quits");
            }
            Action::ClearSearch => {
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
        let (tree, symptom) = (entry.tree(), entry.symptom_id().to_string());
        self.start_walk_at(tree, &symptom, BTreeMap::new());
    }
}

impl App {
    /// One warning line naming the tree files the library skipped, so a
    /// broken tree of the operator's own does not just go missing.
    pub fn warn_skipped_trees(&mut self, problems: &[String]) {
        let Some(first) = problems.first() else {
            return;
        };
        let first = crate::text::printable(first).replace('\n', " ");
        let text = match problems.len() {
            1 => format!("⚠ tree file skipped: {first}"),
            n => format!("⚠ {n} tree files skipped (kbwalk lint names each); first: {first}"),
        };
        self.error(text);
    }
}
