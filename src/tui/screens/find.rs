//! Finding a step in the checklist: `/` opens a field, the selection jumps
//! to the first step at or after it whose text matches as the operator
//! types, Enter (and later `n`, `N`) go to the next (previous) match.

use ratatui::Frame;
use ratatui::layout::{Position as CursorPosition, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use tui_input::Input;

use crate::tui::app::{App, Overlay};
use crate::tui::keymap::Action;
use crate::tui::text::{truncate, width};

const PROMPT: &str = "/";

/// Whether a step's number, text or note contains `term`, ignoring case.
fn matches(item: &crate::checklist::Item<'_>, term: &str) -> bool {
    let term = term.to_lowercase();
    [item.number.as_str(), item.step.text.as_str(), item.note]
        .iter()
        .any(|t| t.to_lowercase().contains(&term))
}

impl App {
    pub(crate) fn open_find(&mut self) {
        let term = self
            .walk
            .as_ref()
            .and_then(|w| w.find.clone())
            .unwrap_or_default();
        self.overlay = Some(Overlay::Find {
            input: Input::new(term),
        });
    }

    pub(crate) fn update_find(&mut self, action: Action) {
        match action {
            Action::FindNext => {
                self.overlay = None;
                self.find_step(1, false);
            }
            Action::CloseFind => self.overlay = None,
            Action::Quit => self.ask_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            _ => {}
        }
    }

    /// The field changed: remember the text and show the first match from
    /// the selected step on.
    pub(crate) fn find_typed(&mut self) {
        let Some(Overlay::Find { input }) = &self.overlay else {
            return;
        };
        let term = input.value().to_string();
        if let Some(w) = self.walk.as_mut() {
            w.find = (!term.trim().is_empty()).then_some(term);
        }
        self.find_step(1, true);
    }

    /// Selects the next (`direction` 1) or previous (-1) matching step,
    /// wrapping around; `here` lets the selected step itself count.
    pub(crate) fn find_step(&mut self, direction: isize, here: bool) {
        let Some(w) = self.walk.as_mut() else { return };
        let Some(term) = w.find.clone() else { return };
        let items = w.items();
        let count = items.len() as isize;
        let first = if here { 0 } else { 1 };
        let found = (first..=count).find_map(|k| {
            let i = (w.step as isize + direction * k).rem_euclid(count.max(1)) as usize;
            items.get(i).filter(|item| matches(item, &term)).map(|_| i)
        });
        drop(items);
        match found {
            Some(i) => {
                w.step = i;
                self.status = None;
            }
            None => self.error(format!(
                "No step matches \"{}\"",
                crate::text::one_line(&term)
            )),
        }
    }
}

/// The find field, on the last line of the body.
pub(crate) fn draw_find(frame: &mut Frame, app: &App, input: &Input, body: Rect) {
    if body.height == 0 {
        return;
    }
    let row = Rect::new(body.x, body.bottom() - 1, body.width, 1);
    let field_width = (row.width as usize)
        .saturating_sub(width(PROMPT) + 2)
        .max(1);
    let scroll = input.visual_scroll(field_width);
    let shown: String = input.value().chars().skip(scroll).collect();
    let line = Line::from(vec![
        Span::styled(format!(" {PROMPT}"), app.theme.key()),
        Span::raw(truncate(&shown, field_width)),
    ]);
    frame.render_widget(Clear, row);
    frame.render_widget(Paragraph::new(line), row);
    let cursor = (input.visual_cursor().saturating_sub(scroll)).min(field_width) as u16;
    frame.set_cursor_position(CursorPosition::new(
        row.x + 1 + width(PROMPT) as u16 + cursor,
        row.y,
    ));
}
