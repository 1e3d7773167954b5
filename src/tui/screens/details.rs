//! The details of a question or a diagnosis in one scrollable view: why it
//! is asked, what the probe saw, the causes and the answers so far with
//! their evidence. Beside the question these share a small window and get
//! cut, and below 80 columns the diagnosis drops them; here every line can
//! be reached.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::question::{probe_lines, question_number};
use super::side_panel::{Room, answer_lines, cause_lines};
use crate::engine::Session;
use crate::tui::app::{App, Overlay, PAGE, Screen};
use crate::tui::keymap::Action;
use crate::tui::text::wrap;
use crate::tui::widgets::{hanging, more_below, panel};

fn details_block(app: &App) -> ratatui::widgets::Block<'static> {
    if app.screen == Screen::Outcome {
        return panel(" Details of the diagnosis ".into(), app.theme, true);
    }
    let number = app.walk.as_ref().map_or(1, question_number);
    panel(format!(" Details of question {number} "), app.theme, true)
}

/// What the diagnosis's side panel holds: the causes and the answers so
/// far, each with its evidence, under the diagnosis's title.
fn diagnosis_details(app: &App, session: &Session, w: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    if let Some(o) = session.outcome() {
        lines.extend(hanging(
            "",
            &session.fill(&o.title),
            w,
            theme.title(),
            usize::MAX,
        ));
        lines.push(Line::raw(""));
    }
    lines.extend(cause_lines(session, &app.probes, theme, w, Room::Full));
    push_answers(&mut lines, app, session, w);
    lines
}

fn push_answers(lines: &mut Vec<Line<'static>>, app: &App, session: &Session, w: usize) {
    let answers = answer_lines(session, &app.probes, app.theme, w, Room::Full);
    if !answers.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Answers so far", app.theme.title()));
        lines.extend(answers);
    }
}

/// Every line of the details, wrapped to `w` columns.
pub(crate) fn details_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let Some(walk) = &app.walk else {
        return Vec::new();
    };
    let session = &walk.session;
    if app.screen == Screen::Outcome {
        return diagnosis_details(app, session, w);
    }
    let Some(q) = session.current_question() else {
        return Vec::new();
    };
    let mut lines: Vec<Line> = wrap(&session.fill(&q.text), w)
        .into_iter()
        .map(|l| Line::styled(l, theme.title()))
        .collect();
    if !q.help.trim().is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Why it is asked, where to look:", theme.dim()));
        lines.extend(
            wrap(&session.fill(&q.help), w)
                .into_iter()
                .map(|l| Line::styled(l, theme.help_text())),
        );
    }
    // The probe's lines start with their own blank line.
    lines.extend(probe_lines(app, q, w));
    lines.push(Line::raw(""));
    lines.extend(cause_lines(session, &app.probes, theme, w, Room::Full));
    push_answers(&mut lines, app, session, w);
    lines
}

/// The lines and how many of them fit inside the view over `body`.
fn layout(app: &App, body: Rect) -> (Vec<Line<'static>>, Rect) {
    let inner = details_block(app).inner(body);
    (details_lines(app, inner.width as usize), inner)
}

/// How far the details scroll over `body`.
pub(crate) fn details_scroll_limit(app: &App, body: Rect) -> u16 {
    let (lines, inner) = layout(app, body);
    (lines.len() as u16).saturating_sub(inner.height)
}

/// Draws the details over the screen's body, so the footer stays in view.
pub(crate) fn draw_details(frame: &mut Frame, app: &App, scroll: u16, body: Rect) {
    let (lines, inner) = layout(app, body);
    frame.render_widget(Clear, body);
    frame.render_widget(details_block(app), body);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let limit = (lines.len() as u16).saturating_sub(inner.height);
    let scroll = scroll.min(limit);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if scroll < limit {
        more_below(frame, app.theme, body, "↓ more");
    }
}

impl App {
    pub(crate) fn update_details(&mut self, action: Action) {
        let limit = self.scroll_limit(crate::tui::view::Scrolled::Details);
        let Some(Overlay::Details { scroll }) = self.overlay.as_mut() else {
            return;
        };
        let page = PAGE as u16;
        match action {
            Action::CloseDetails => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                self.ask_quit();
            }
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1).min(limit),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::PageDown => *scroll = scroll.saturating_add(page).min(limit),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = limit,
            _ => {}
        }
    }
}
