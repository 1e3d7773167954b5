//! The side panel beside a question or diagnosis: the causes still possible
//! and ruled out, and the answers so far.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::engine::{AnswerSource, CauseState, RuledOutBy, Session};
use crate::tui::app::App;
use crate::tui::probes::Probes;
use crate::tui::text::truncate;
use crate::tui::theme::Theme;
use crate::tui::widgets::{clip, clip_top, hanging, panel};

/// Causes still possible and ruled out (with the answer that ruled each
/// out), then the answers so far.
pub(crate) fn draw_side_panel(frame: &mut Frame, app: &App, session: &Session, area: Rect) {
    let theme = app.theme;
    let inner_w = area.width.saturating_sub(2) as usize;
    let causes = cause_lines(session, &app.probes, theme, inner_w, Room::Panel);
    let answers = answer_lines(session, &app.probes, theme, inner_w, Room::Panel);
    let wanted = causes.len() as u16 + 2;
    let causes_h = if answers.is_empty() {
        area.height
    } else {
        // Causes get three fifths, or more when the answers need less.
        let answers_wanted = answers.len() as u16 + 2;
        let share =
            (area.height.saturating_mul(3) / 5).max(area.height.saturating_sub(answers_wanted));
        wanted.min(share).max(3.min(area.height))
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Length(causes_h), Constraint::Min(0)]).areas(area);
    let block = panel(" Causes ".into(), theme, false);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(Paragraph::new(clip(causes, inner.height)), inner);
    if bottom.height > 0 {
        let block = panel(" Answers so far ".into(), theme, false);
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        frame.render_widget(Paragraph::new(clip_top(answers, inner.height)), inner);
    }
}

/// How much room the lines get: the side panel cuts long entries to a few
/// lines; the details view shows them whole.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Room {
    Panel,
    Full,
}

impl Room {
    /// At most `lines` lines in the panel; every line in full.
    fn cap(self, lines: usize) -> usize {
        match self {
            Room::Panel => lines,
            Room::Full => usize::MAX,
        }
    }
}

pub(crate) fn cause_lines(
    session: &Session,
    probes: &Probes,
    theme: Theme,
    w: usize,
    room: Room,
) -> Vec<Line<'static>> {
    // The engine already narrows by the symptom's answers from the first question.
    let causes = session.causes();
    // The diagnosed cause wears its outcome's symbol: ◆ only for a cause
    // to act on, ✓ for one safe to ignore, and so on.
    let look = session.outcome().map(|o| theme.outcome(o.kind));
    let found_symbol = look.as_ref().map_or("◆", |l| l.symbol);
    let mut possible = Vec::new();
    // Ruled-out causes grouped under the answer that ruled them out.
    let mut ruled: Vec<(String, Vec<&str>)> = Vec::new();
    for (c, state) in &causes {
        match state {
            CauseState::Diagnosed => {
                let style = look.as_ref().map_or(theme.ok(), |l| l.style);
                possible.extend(hanging(
                    &format!("{found_symbol} "),
                    &c.title,
                    w,
                    style,
                    room.cap(3),
                ));
            }
            CauseState::Possible => {
                possible.extend(hanging("○ ", &c.title, w, theme.plain(), room.cap(3)))
            }
            CauseState::RuledOut(by) => {
                let mut why = crate::wording::ruled_out_by(session, by);
                if let RuledOutBy::Answer { question, .. } = by
                    && probes.changed(question).is_some()
                {
                    why = format!("⚠ evidence changed: {why}");
                }
                match ruled.iter_mut().find(|(r, _)| *r == why) {
                    Some((_, titles)) => titles.push(&c.title),
                    None => ruled.push((why, vec![&c.title])),
                }
            }
        }
    }
    let n_ruled: usize = ruled.iter().map(|(_, t)| t.len()).sum();
    let diagnosed = causes
        .iter()
        .any(|(_, s)| matches!(s, CauseState::Diagnosed));
    let heading = if diagnosed {
        // The legend of the symbol: what kind of finding this is.
        match &look {
            Some(l) => {
                let kind = l.headline.split(':').next().unwrap_or(l.headline);
                format!("Diagnosed: {found_symbol} {}", kind.to_lowercase())
            }
            None => "Diagnosed".to_string(),
        }
    } else {
        format!("Still possible ({})", causes.len() - n_ruled)
    };
    let mut lines = vec![Line::styled(heading, theme.title())];
    if possible.is_empty() {
        lines.push(Line::styled("  none", theme.dim()));
    }
    lines.extend(possible);
    if !ruled.is_empty() {
        lines.push(Line::styled(
            format!("Ruled out ({n_ruled})"),
            theme.title(),
        ));
        for (why, titles) in ruled {
            lines.extend(hanging("", &why, w, theme.dim(), room.cap(2)));
            for t in titles {
                lines.extend(hanging("✗ ", t, w, theme.ruled_out(), room.cap(2)));
            }
        }
    }
    lines
}

pub(crate) fn answer_lines(
    session: &Session,
    probes: &Probes,
    theme: Theme,
    w: usize,
    room: Room,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (q, a) in session.path_answers() {
        let text = session.fill(&q.text);
        match room {
            Room::Panel => lines.push(Line::styled(truncate(&text, w), theme.dim())),
            Room::Full => lines.extend(hanging("", &text, w, theme.dim(), usize::MAX)),
        }
        let from = match &a.source {
            AnswerSource::Symptom(_) => " (symptom)",
            AnswerSource::Probe(e) if e.imported => " (imported evidence)",
            AnswerSource::Probe(_) => " (probe)",
            AnswerSource::Operator => "",
        };
        let label = format!("{}{from}", session.answer_label(q, a));
        lines.extend(hanging("→ ", &label, w, theme.plain(), room.cap(2)));
        if let Some(c) = probes.changed(&q.id) {
            let now = match &c.new_answer {
                Some(v) => format!("⚠ evidence changed, now proposes {v}: {}", c.now.saw),
                None => format!("⚠ evidence changed: {}", c.now.saw),
            };
            lines.extend(hanging("  ", &now, w, theme.warning(), room.cap(3)));
        }
    }
    lines
}
