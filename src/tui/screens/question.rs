//! A question of the walk: the answer control (yes/no, choices, a typed
//! field checked as it is typed), what a probe proposes, and answering.

use std::fmt;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position as CursorPosition, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::side_panel::draw_side_panel;
use crate::engine::{AnswerSource, Input as EngineInput};
use crate::store::StoreError;
use crate::tree::answer::{AnswerError, parse_answer};
use crate::tree::{Question, QuestionKind, YesNo};
use crate::tui::app::{App, Command, Overlay, Walk, input_error};
use crate::tui::keymap::{Action, Context};
use crate::tui::text::{truncate, width, wrap};
use crate::tui::widgets::{details_hint, hanging, panel, split_side};

/// The number of the current question among those the operator answers.
pub(crate) fn question_number(w: &Walk) -> usize {
    w.session
        .path_answers()
        .iter()
        .filter(|(_, a)| !matches!(a.source, AnswerSource::Symptom(_)))
        .count()
        + 1
}

/// A walk's current question.
pub(crate) struct QuestionScreen;

impl super::ScreenPart for QuestionScreen {
    fn context(&self, app: &App) -> Context {
        match app.question().map(|q| q.kind) {
            Some(QuestionKind::YesNo) => Context::YesNo,
            Some(QuestionKind::Choice) => Context::Choice,
            Some(QuestionKind::Text | QuestionKind::Number) | None => Context::TextAnswer,
        }
    }

    fn update(&self, app: &mut App, action: Action) -> Option<Command> {
        app.update_question(action);
        None
    }

    fn draw(&self, frame: &mut Frame, app: &App, area: Rect) {
        draw_question(frame, app, area);
    }
}

pub(crate) fn draw_question(frame: &mut Frame, app: &App, area: Rect) {
    let Some(w) = &app.walk else { return };
    let Some(q) = w.session.current_question() else {
        return;
    };
    let theme = app.theme;
    let (main, side) = split_side(area);
    let block = panel(format!(" Question {} ", question_number(w)), theme, true);
    let inner = block.inner(main);
    frame.render_widget(block, main);
    if let Some(side) = side {
        draw_side_panel(frame, app, &w.session, side);
    }
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    // In a text field `i` is typed: F3 opens the details there.
    let details_key = if matches!(q.kind, QuestionKind::Text | QuestionKind::Number) {
        "F3"
    } else {
        "i"
    };
    let iw = inner.width as usize;
    let text: Vec<Line> = wrap(&w.session.fill(&q.text), iw)
        .into_iter()
        .map(|l| Line::styled(l, theme.title()))
        .collect();
    let control_height: usize = match q.kind {
        QuestionKind::YesNo => 2,
        QuestionKind::Choice => choice_lines(app, w, q, iw).len(),
        QuestionKind::Text | QuestionKind::Number => 4,
    };
    let help = if q.help.trim().is_empty() {
        Vec::new()
    } else {
        wrap(&w.session.fill(&q.help), iw)
    };
    let probe = probe_lines(app, q, iw);
    // The answer control comes first, then the question, then what the
    // probe saw, then the help.
    let h = inner.height as usize;
    let control_h = control_height.min(h);
    let text_h = text.len().min(h - control_h);
    let gap1 = usize::from(h > control_h + text_h);
    let probe_h = probe.len().min(h - control_h - text_h - gap1);
    let rest = h - control_h - text_h - gap1 - probe_h;
    let help_h = if help.is_empty() || rest < 3 {
        0
    } else {
        (help.len() + 2).min(rest)
    };
    let help_cut = help_h < help.len() + 2 && !help.is_empty();
    let probe_cut = probe_h < probe.len();
    if side.is_none() || help_cut || probe_cut {
        details_hint(frame, theme, main, details_key);
    }
    let [text_area, _, control_area, probe_area, help_area, _] = Layout::vertical([
        Constraint::Length(text_h as u16),
        Constraint::Length(gap1 as u16),
        Constraint::Length(control_h as u16),
        Constraint::Length(probe_h as u16),
        Constraint::Length(help_h as u16),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(text), text_area);
    draw_answer_control(frame, app, w, q, control_area);
    frame.render_widget(Paragraph::new(probe), probe_area);
    if help_h > 0 {
        let mut lines = vec![
            Line::raw(""),
            Line::styled("Why it is asked, where to look:", theme.dim()),
        ];
        let room = help_h - 2;
        let mut body: Vec<String> = help;
        if body.len() > room {
            body.truncate(room);
            if let Some(last) = body.last_mut() {
                *last = truncate(&format!("{last} …"), iw);
            }
        }
        lines.extend(body.into_iter().map(|l| Line::styled(l, theme.help_text())));
        frame.render_widget(Paragraph::new(lines), help_area);
    }
}

/// What the question's probe is doing, or what it saw and proposes.
pub(crate) fn probe_lines(app: &App, q: &Question, w: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let Some(p) = app.probes.question.as_ref().filter(|p| p.question == q.id) else {
        return Vec::new();
    };
    let mut lines = vec![Line::raw("")];
    let Some(r) = &p.report else {
        lines.extend(hanging(
            "⟳ Probing… looking at ",
            &crate::probe::runner::describe(&p.job),
            w,
            theme.key(),
            3,
        ));
        lines.push(Line::styled(
            truncate("  Esc cancels; answer any time", w),
            theme.dim(),
        ));
        return lines;
    };
    let result = &r.result;
    let head = match &p.proposal {
        Some(v) => {
            let label = crate::wording::value_label(q, v);
            format!("Probe proposes: {label} (Enter accepts; any other answer overrides)")
        }
        None if p.needs_consent().is_some() => {
            "Probe needs consent to run a command: let it run, or answer it yourself".into()
        }
        None => format!(
            "Probe: {}: no answer proposed; answer it yourself",
            result.status.label()
        ),
    };
    let head_style = if p.proposal.is_some() {
        theme.ok()
    } else {
        theme.warning()
    };
    lines.extend(hanging("◆ ", &head, w, head_style, 2));
    lines.extend(hanging(
        "  Looked at: ",
        &result.looked_at,
        w,
        theme.plain(),
        3,
    ));
    lines.extend(hanging("  Saw: ", &result.saw, w, theme.plain(), 3));
    lines.push(Line::styled(
        truncate(
            &format!("  When: {}", crate::time::format_utc(result.at)),
            w,
        ),
        theme.dim(),
    ));
    if let Some(cmd) = p.needs_consent() {
        let key = if q.kind == QuestionKind::Choice || q.kind == QuestionKind::YesNo {
            "a"
        } else {
            "F2"
        };
        lines.extend(hanging(
            "  Would run: ",
            &format!("{cmd}  ({key} runs it)"),
            w,
            theme.command(),
            3,
        ));
    }
    lines
}

pub(crate) fn draw_answer_control(
    frame: &mut Frame,
    app: &App,
    w: &Walk,
    q: &Question,
    area: Rect,
) {
    let theme = app.theme;
    if area.height == 0 {
        return;
    }
    let aw = area.width as usize;
    match q.kind {
        QuestionKind::YesNo | QuestionKind::Choice => {
            let lines = choice_lines(app, w, q, aw);
            // Keeps the selected option's lines in view.
            let visible = area.height as usize;
            let selected_end = lines
                .iter()
                .rposition(|(i, _)| *i == w.choice)
                .map_or(0, |at| at + 1);
            let offset = selected_end.saturating_sub(visible);
            let lines: Vec<Line> = lines
                .into_iter()
                .skip(offset)
                .take(visible)
                .map(|(_, l)| l)
                .collect();
            frame.render_widget(Paragraph::new(lines), area);
        }
        QuestionKind::Text | QuestionKind::Number => {
            let [field, verdict, hint] = Layout::vertical([
                Constraint::Length(area.height.min(3)),
                Constraint::Length(u16::from(area.height > 3)),
                Constraint::Min(0),
            ])
            .areas(area);
            let typed = w.text.value();
            let check = validation_message(q, typed);
            let border = match (&check, typed.is_empty()) {
                (_, true) => theme.focus_border(),
                (Ok(_), _) => theme.ok(),
                (Err(_), _) => theme.error(),
            };
            let title = if q.kind == QuestionKind::Number {
                match &q.unit {
                    Some(u) => format!(" Answer ({u}) "),
                    None => " Answer (a number) ".into(),
                }
            } else {
                " Answer ".into()
            };
            let block = Block::bordered().border_style(border).title(title);
            let inner = block.inner(field);
            frame.render_widget(block, field);
            if inner.width > 0 && inner.height > 0 {
                let fw = inner.width as usize;
                let scroll = w.text.visual_scroll(fw.saturating_sub(1));
                let shown: String = typed.chars().skip(scroll).collect();
                frame.render_widget(Paragraph::new(truncate(&shown, fw)), inner);
                if app.overlay.is_none() {
                    let x = inner.x as usize + w.text.visual_cursor().saturating_sub(scroll);
                    let x = x.min((inner.x + inner.width).saturating_sub(1) as usize) as u16;
                    frame.set_cursor_position(CursorPosition::new(x, inner.y));
                }
            }
            let verdict_line = match (&check, typed.is_empty()) {
                (Err(why), true) => Line::styled(truncate(&why.to_string(), aw), theme.dim()),
                (Err(why), false) => Line::styled(truncate(&format!("✗ {why}"), aw), theme.error()),
                (Ok(_), _) => Line::styled(truncate("✓ Enter answers", aw), theme.ok()),
            };
            frame.render_widget(Paragraph::new(verdict_line), verdict);
            let _ = hint;
        }
    }
}

/// The options of a yes/no or choice question, each label wrapped under its
/// key so that the words telling choices apart stay visible; every line is
/// paired with the index of its option.
pub(crate) fn choice_lines(
    app: &App,
    w: &Walk,
    q: &Question,
    aw: usize,
) -> Vec<(usize, Line<'static>)> {
    let theme = app.theme;
    let remembered = w.session.answer(&q.id).map(|a| a.value.raw());
    let proposal = app
        .probes
        .question
        .as_ref()
        .filter(|p| p.question == q.id)
        .and_then(|p| p.proposal.clone());
    let options: Vec<(String, String, String)> = match q.kind {
        QuestionKind::YesNo => YesNo::BOTH
            .iter()
            .map(|v| {
                // The keys the keymap binds to AnswerYes and AnswerNo.
                let key = match v {
                    YesNo::Yes => "y",
                    YesNo::No => "n",
                };
                (key.to_string(), v.title().to_string(), v.to_string())
            })
            .collect(),
        QuestionKind::Choice => q
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let key = if i < 9 {
                    format!("{}", i + 1)
                } else {
                    String::new()
                };
                (key, c.label.clone(), c.id.clone())
            })
            .collect(),
        QuestionKind::Text | QuestionKind::Number => Vec::new(),
    };
    let mut out = Vec::new();
    for (i, (key, label, value)) in options.into_iter().enumerate() {
        let selected = i == w.choice;
        let earlier = remembered.as_deref() == Some(value.as_str());
        let probe = proposal.as_deref() == Some(value.as_str());
        let suffix = match (earlier, probe) {
            (true, true) => "  (earlier answer; probe proposes)",
            (true, false) => "  (earlier answer)",
            (false, true) => "  (probe proposes)",
            (false, false) => "",
        };
        let marker = if selected { "▶" } else { " " };
        let style = if selected {
            theme.selected()
        } else {
            theme.plain()
        };
        let prefix = format!("{marker}{key:>2}  ");
        let indent = width(&prefix);
        let body = aw.saturating_sub(indent);
        let mut texts: Vec<String> = if body == 0 {
            // Too narrow for the label: the key alone still shows.
            vec![truncate(&prefix, aw)]
        } else {
            wrap(&label, body)
                .into_iter()
                .enumerate()
                .map(|(n, l)| {
                    let lead = if n == 0 {
                        prefix.clone()
                    } else {
                        " ".repeat(indent)
                    };
                    format!("{lead}{l}")
                })
                .collect()
        };
        // The note on the option goes after the label, or under it when it does not fit.
        if !suffix.is_empty() && body > 0 {
            match texts.last_mut() {
                Some(last) if width(last) + width(suffix) <= aw => last.push_str(suffix),
                _ => texts.extend(
                    wrap(suffix.trim_start(), body)
                        .into_iter()
                        .map(|l| format!("{}{l}", " ".repeat(indent))),
                ),
            }
        }
        for text in texts {
            let pad = aw.saturating_sub(width(&text));
            out.push((i, Line::styled(format!("{text}{}", " ".repeat(pad)), style)));
        }
    }
    out
}

/// A typed answer its question does not take, told as what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct NotAccepted(pub AnswerError);

impl fmt::Display for NotAccepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            AnswerError::InvalidText { expected, .. } => write!(f, "Expected {expected}"),
            AnswerError::InvalidNumber { range: Some(r), .. } => {
                write!(f, "Expected a number {r}")
            }
            AnswerError::InvalidNumber { range: None, .. } => f.write_str("Expected a number"),
            AnswerError::InvalidChoice { valid, .. } => {
                write!(f, "Expected one of: {}", valid.join(", "))
            }
        }
    }
}

/// How a typed answer fares against its question, in the operator's words:
/// the answer as it will be recorded, or what was expected.
pub fn validation_message(q: &Question, typed: &str) -> Result<String, NotAccepted> {
    let v = parse_answer(q, typed).map_err(NotAccepted)?;
    Ok(match q.unit.as_deref() {
        Some(unit) => format!("{} {unit}", v.raw()),
        None => v.raw(),
    })
}

/// Why a key did not answer the question.
#[derive(Debug, Clone, PartialEq)]
enum NotAnswered {
    NoSuchChoice { picked: usize, count: usize },
    Invalid(NotAccepted),
}

impl fmt::Display for NotAnswered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotAnswered::NoSuchChoice { picked, count } => {
                write!(f, "There is no choice {picked}: pick 1 to {count}")
            }
            NotAnswered::Invalid(why) => {
                write!(f, "Not answered yet: {}", lowercase_first(&why.to_string()))
            }
        }
    }
}

pub(crate) fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl App {
    pub(crate) fn update_question(&mut self, action: Action) {
        let Some(w) = self.walk.as_mut() else { return };
        let Some(q) = w.session.current_question() else {
            return;
        };
        let options = match q.kind {
            QuestionKind::YesNo => 2,
            QuestionKind::Choice => q.choices.len(),
            QuestionKind::Text | QuestionKind::Number => 0,
        };
        let last = options.saturating_sub(1);
        let answer: Result<String, NotAnswered> = match action {
            Action::AnswerYes => Ok(YesNo::Yes.to_string()),
            Action::AnswerNo => Ok(YesNo::No.to_string()),
            Action::PickChoice(n) => match q.choices.get(n - 1) {
                Some(c) => Ok(c.id.clone()),
                None => Err(NotAnswered::NoSuchChoice {
                    picked: n,
                    count: q.choices.len(),
                }),
            },
            Action::Confirm => match q.kind {
                QuestionKind::YesNo => Ok(YesNo::from_bool(w.choice != 1).to_string()),
                QuestionKind::Choice => match q.choices.get(w.choice) {
                    Some(c) => Ok(c.id.clone()),
                    None => return,
                },
                QuestionKind::Text | QuestionKind::Number => {
                    match validation_message(q, w.text.value()) {
                        Ok(_) => Ok(w.text.value().to_string()),
                        Err(why) => Err(NotAnswered::Invalid(why)),
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
            Err(why) => self.error(why.to_string()),
        }
    }

    /// Answers the current question. When the answer changes an earlier one,
    /// the walk goes on through the later questions whose remembered answers
    /// still apply, and stops at the first one without.
    pub(crate) fn answer(&mut self, value: String) {
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
        let changed = previous.as_ref().is_some_and(|p| {
            w.session
                .path_answers()
                .last()
                .is_some_and(|(_, a)| &a.value.raw() != p)
        });
        let mut kept = 0;
        // After Back, the same answer walks on as a changed one does: the
        // operator stepped back to look, not to stop there.
        if previous.is_some() {
            // Each remembered answer goes through the store like any other.
            while let Some(input) = w.session.remembered_answer_input() {
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
            self.info(if changed {
                format!("Answer changed: walked on with {kept} later answer{s} that still apply")
            } else {
                format!("Walked on with {kept} later answer{s} that still apply")
            });
        }
    }

    pub(crate) fn back(&mut self) {
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
}
