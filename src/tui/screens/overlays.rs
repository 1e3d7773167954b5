//! What covers a screen for a moment: the help, the confirmations and the
//! note editor, with the keys each takes.

use ratatui::Frame;
use ratatui::layout::{Position as CursorPosition, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::engine::Input as EngineInput;
use crate::store::StoreError;
use crate::tui::app::{App, Overlay, PAGE, input_error};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::text::{truncate, width};
use crate::tui::widgets::{centered, hanging, panel};

pub(crate) fn help_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let context = app.screen_context();
    let mut lines = vec![Line::styled(
        format!("Keys: {}", context.title()),
        theme.title(),
    )];
    // Probe keys are listed only when probes are on.
    let listed =
        |b: &&keymap::Binding| app.probes.enabled() || app.probe_action_applies(b.action).is_none();
    let key_w = keymap::bindings(context)
        .filter(listed)
        .map(|b| width(&keymap::keys_label(b)))
        .max()
        .unwrap_or(0)
        .min(w / 3);
    for b in keymap::bindings(context).filter(listed) {
        let keys = keymap::keys_label(b);
        let prefix = format!("  {:<key_w$}  ", keys);
        let mut l = hanging(&prefix, b.description, w, theme.plain(), usize::MAX);
        if let Some(first) = l.first_mut() {
            let rest: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
            let body = rest.get(prefix.len()..).unwrap_or("").to_string();
            *first = Line::from(vec![
                Span::styled(prefix.clone(), theme.key()),
                Span::raw(body),
            ]);
        }
        lines.extend(l);
    }
    let note = match context {
        Context::Choice | Context::YesNo | Context::TextAnswer | Context::Outcome => Some(
            "Answers are remembered: Back keeps them, and changing one walks on through the later answers that still apply.",
        ),
        Context::Picker => Some(
            "Type to search: words from the symptom, a message, an event id or an article number.",
        ),
        Context::Checklist => Some(
            "Done and skipped move on to the next step to do. Exports are named after the tree and the time.",
        ),
        _ => None,
    };
    if let Some(note) = note {
        lines.push(Line::raw(""));
        lines.extend(hanging("", note, w, theme.dim(), usize::MAX));
    }
    lines
}

/// The help's lines and where it goes in a window of `area`.
fn help_layout(app: &App, area: Rect) -> (Vec<Line<'static>>, Rect) {
    let w = area.width.saturating_sub(4).clamp(area.width.min(20), 84);
    // As tall as its lines, at most the window less a line above and below.
    let lines = help_lines(app, w.saturating_sub(2) as usize);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2).max(3));
    (lines, centered(area, w, h))
}

/// How far the help scrolls in a window of `area`.
pub(crate) fn help_scroll_limit(app: &App, area: Rect) -> u16 {
    let (lines, rect) = help_layout(app, area);
    let inner = panel(" Help ".into(), app.theme, true).inner(rect);
    (lines.len() as u16).saturating_sub(inner.height)
}

pub(crate) fn draw_help(frame: &mut Frame, app: &App, scroll: u16, area: Rect) {
    let (lines, rect) = help_layout(app, area);
    frame.render_widget(Clear, rect);
    let block = panel(" Help ".into(), app.theme, true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let limit = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(limit), 0)), inner);
}

pub(crate) fn draw_confirm(
    frame: &mut Frame,
    app: &App,
    context: Context,
    title: &str,
    message: &str,
    area: Rect,
) {
    let theme = app.theme;
    let w = 60.min(area.width);
    let inner_w = w.saturating_sub(2) as usize;
    let mut lines = hanging("", message, inner_w, theme.plain(), usize::MAX);
    lines.push(Line::raw(""));
    let choices: Vec<_> = keymap::bindings(context).filter(|b| b.footer).collect();
    let key_w = choices
        .iter()
        .map(|b| width(&keymap::keys_label(b)))
        .max()
        .unwrap_or(0);
    for b in choices {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {:<key_w$}  ", keymap::keys_label(b)),
                theme.key(),
            ),
            Span::raw(b.description),
        ]));
    }
    let rect = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = panel(format!(" {title} "), theme, true).border_style(theme.warning());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(crate) fn draw_note(
    frame: &mut Frame,
    app: &App,
    number: &str,
    input: &tui_input::Input,
    area: Rect,
) {
    let theme = app.theme;
    // At the bottom, so the step it is about stays in view.
    let h = 5.min(area.height);
    let w = 70.min(area.width);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        (area.y + area.height).saturating_sub(h + 2).max(area.y),
        w,
        h,
    );
    frame.render_widget(Clear, rect);
    let block = panel(format!(" Note on step {number} "), theme, true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let fw = inner.width as usize;
    let scroll = input.visual_scroll(fw.saturating_sub(1));
    let shown: String = input.value().chars().skip(scroll).collect();
    let mut lines = vec![Line::raw(truncate(&shown, fw))];
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        truncate("Enter saves · Esc cancels", fw),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    let x = inner.x as usize + input.visual_cursor().saturating_sub(scroll);
    let x = x.min((inner.x + inner.width).saturating_sub(1) as usize) as u16;
    frame.set_cursor_position(CursorPosition::new(x, inner.y));
}

impl App {
    pub(crate) fn update_help(&mut self, action: Action) {
        let limit = self.scroll_limit(crate::tui::view::Scrolled::Help);
        let Some(Overlay::Help { scroll }) = self.overlay.as_mut() else {
            return;
        };
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

    pub(crate) fn update_note(&mut self, action: Action) {
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
                if let Err(e) = self.save_note(step.clone(), note) {
                    // Not saved: the editor stays open with the text.
                    self.overlay = Some(Overlay::Note {
                        step,
                        number,
                        input,
                        original,
                        saved,
                    });
                    self.error(input_error(&e));
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
                    && let Err(e) = self.save_note(step, original)
                {
                    self.error(input_error(&e));
                }
            }
            Action::Quit => self.ask_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            _ => {}
        }
    }

    /// Records a step's note unless it already reads so.
    pub(crate) fn save_note(&mut self, step: String, note: String) -> Result<(), StoreError> {
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
            Err(e) => self.error(input_error(&e)),
        }
    }
}
