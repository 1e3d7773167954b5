//! The views: pure functions from the [`App`] to the frame.
//!
//! Every screen has a header line, a body, an optional status line and a
//! footer of keys taken from the keymap. Below 80 columns the side panel
//! goes; below a few rows the header and footer go; nothing assumes a size.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position as CursorPosition, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, LineGauge, Paragraph};

use crate::checklist::{Item, StepStatus, progress};
use crate::engine::{AnswerSource, CauseState, RuledOutBy, Session};
use crate::export::human_duration;
use crate::tree::walk::parse_duration_minutes;
use crate::tree::{Outcome, Question, QuestionKind};

use super::app::{App, Overlay, Screen, Walk, validation_message};
use super::keymap::{self, Action, Context};
use super::probes::Probes;
use super::text::{clock, truncate, width, wrap};
use super::theme::{Theme, status_box};

/// The side panel shows from this width on.
pub const SIDE_PANEL_MIN_WIDTH: u16 = 80;
/// Below this, only a request for a larger window is drawn.
const TINY_WIDTH: u16 = 16;
const TINY_HEIGHT: u16 = 4;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < TINY_WIDTH || area.height < TINY_HEIGHT {
        let msg = truncate("kbwalk: enlarge the window", area.width as usize);
        frame.render_widget(Paragraph::new(msg), area);
        return;
    }
    let status_height = u16::from(app.status.is_some());
    let not_saved = app.walk.as_ref().and_then(|w| w.not_saved.as_deref());
    let [header, banner, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(not_saved.is_some())),
        Constraint::Min(1),
        Constraint::Length(status_height),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, app, header);
    if let Some(why) = not_saved {
        // Stays on screen for the whole walk: nothing of it is on disk.
        let text =
            format!(" NOT SAVED: nothing of this walk is being saved ({why}); e exports it ");
        let text = truncate(&text, banner.width as usize);
        frame.render_widget(
            Paragraph::new(Span::styled(text, app.theme.error())),
            banner,
        );
    }
    match app.screen {
        Screen::Picker => draw_picker(frame, app, body),
        Screen::Question => draw_question(frame, app, body),
        Screen::Outcome => draw_outcome(frame, app, body),
        Screen::Checklist => draw_checklist(frame, app, body),
    }
    if let Some(s) = &app.status {
        let style = if s.error {
            app.theme.error()
        } else {
            app.theme.ok()
        };
        let text = truncate(&format!(" {}", s.text), status.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, style)), status);
    }
    draw_footer(frame, app, footer);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => draw_help(frame, app, *scroll, area),
        Some(Overlay::ConfirmQuit) => draw_confirm(
            frame,
            app,
            Context::ConfirmQuit,
            "Quit kbwalk?",
            "The checklist has progress that is not exported.",
            area,
        ),
        Some(Overlay::ConfirmLeave) => draw_confirm(
            frame,
            app,
            Context::ConfirmLeave,
            "Leave this walk?",
            "The checklist has progress that is not exported; leaving drops it.",
            area,
        ),
        Some(Overlay::Note { number, input, .. }) => {
            draw_note(frame, app, number, input, area);
        }
        None => {}
    }
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let mut left = String::from(" kbwalk");
    let mut right = String::new();
    if let Some(w) = &app.walk {
        let tree = w.session.tree();
        left.push_str(" · ");
        left.push_str(&tree.title);
        right = match w.session.symptom().and_then(|s| tree.symptom(s)) {
            Some(s) => format!("symptom: {}", s.id),
            None => String::new(),
        };
    } else {
        left.push_str(" · what do you see?");
    }
    let right = format!("{right} ");
    let room = (area.width as usize).saturating_sub(width(&right) + 1);
    let left = truncate(&left, room);
    let pad = room.saturating_sub(width(&left));
    let line = format!("{left}{}{right}", " ".repeat(pad));
    let line = truncate(&line, area.width as usize);
    frame.render_widget(Paragraph::new(line).style(theme.header()), area);
}

/// The number of the current question among those the operator answers.
fn question_number(w: &Walk) -> usize {
    w.session
        .path_answers()
        .iter()
        .filter(|(_, a)| !matches!(a.source, AnswerSource::Symptom(_)))
        .count()
        + 1
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let mut entries = keymap::footer(app.context(), |a| app.relevant(a));
    let cost = |(k, s, _): &(String, &str, Action)| width(k) + 1 + width(s) + 2;
    // Too wide: the least needed keys give way; `?` (help) lists them all.
    while entries.iter().map(cost).sum::<usize>() + 1 > area.width as usize {
        let Some(drop) = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| keymap::footer_priority(e.2) < u8::MAX)
            .min_by_key(|(i, e)| (keymap::footer_priority(e.2), usize::MAX - i))
            .map(|(i, _)| i)
        else {
            break;
        };
        entries.remove(drop);
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, short, _) in &entries {
        spans.push(Span::styled(key.clone(), theme.key()));
        spans.push(Span::raw(format!(" {short}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A block with a title, borders drawn only when there is room for content.
fn panel<'a>(title: String, theme: Theme, focus: bool) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(if focus {
            theme.focus_border()
        } else {
            theme.border()
        })
        .title(Span::styled(title, theme.title()))
}

/// Splits off the side panel when the width allows it.
fn split_side(area: Rect) -> (Rect, Option<Rect>) {
    if area.width < SIDE_PANEL_MIN_WIDTH {
        return (area, None);
    }
    let side = (area.width * 2 / 5).clamp(30, 56);
    let [main, side] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(side)]).areas(area);
    (main, Some(side))
}

// ---------------------------------------------------------------- picker

/// The unfinished sessions, one line each, above the symptoms.
fn draw_sessions(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let focus = app.session_selected.is_some();
    let block = panel(
        format!(" Unfinished sessions ({}) ", app.sessions.len()),
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
        let stage = match (&s.stage, s.progress) {
            (crate::store::Stage::Question { answered, .. }, _) => {
                format!("question {}", answered + 1)
            }
            (_, Some(p)) => format!("{} of {} steps done", p.done, p.total),
            (_, None) => "outcome".to_string(),
        };
        let text = format!(
            "{marker}{}",
            s.symptom_text.as_deref().unwrap_or(&s.tree_title)
        );
        let mut meta = match &s.held_by {
            Some(h) => format!("    open by {h} · "),
            None => "    ".to_string(),
        };
        meta.push_str(&format!(
            "{stage} · changed {} by {} · {}",
            crate::export::format_utc(s.updated_at),
            s.last_operator,
            s.tree,
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

fn draw_picker(frame: &mut Frame, app: &App, area: Rect) {
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
    let total = picker.entries().len();
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
        let text = truncate(&format!("{marker}{}", e.text), w);
        let pad = w.saturating_sub(width(&text));
        let style = if selected {
            theme.selected()
        } else {
            theme.plain()
        };
        // The letters the search matched stand out.
        let hits = picker.highlights(e);
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
        let mut meta = format!("    {} · {}", e.tree_id, e.articles.join(", "));
        if e.draft {
            meta.push_str(" · ");
            meta.push_str(crate::tree::DRAFT_LABEL);
        }
        lines.push(Line::styled(truncate(&meta, w), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

// ---------------------------------------------------------------- question

fn draw_question(frame: &mut Frame, app: &App, area: Rect) {
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
    let iw = inner.width as usize;
    let text: Vec<Line> = wrap(&w.session.fill(&q.text), iw)
        .into_iter()
        .map(|l| Line::styled(l, theme.title()))
        .collect();
    let control_height: usize = match q.kind {
        QuestionKind::YesNo => 2,
        QuestionKind::Choice => q.choices.len(),
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
fn probe_lines(app: &App, q: &Question, w: usize) -> Vec<Line<'static>> {
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
            let label = proposal_label(q, v);
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
            &format!("  When: {}", crate::export::format_utc(result.at)),
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

/// How a proposed answer reads: a choice's label, yes or no, or the value.
fn proposal_label(q: &Question, value: &str) -> String {
    match q.kind {
        QuestionKind::YesNo if value == "yes" => "Yes".into(),
        QuestionKind::YesNo if value == "no" => "No".into(),
        QuestionKind::Choice => q
            .choice(value)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| value.into()),
        _ => match &q.unit {
            Some(u) if q.kind == QuestionKind::Number => format!("{value} {u}"),
            _ => value.into(),
        },
    }
}

fn draw_answer_control(frame: &mut Frame, app: &App, w: &Walk, q: &Question, area: Rect) {
    let theme = app.theme;
    if area.height == 0 {
        return;
    }
    let aw = area.width as usize;
    let remembered = w.session.answer(&q.id).map(|a| a.value.raw());
    let proposal = app
        .probes
        .question
        .as_ref()
        .filter(|p| p.question == q.id)
        .and_then(|p| p.proposal.clone());
    let proposed = |value: &str| proposal.as_deref() == Some(value);
    let option_line = |key: String, label: &str, selected: bool, earlier: bool, probe: bool| {
        let marker = if selected { "▶" } else { " " };
        let suffix = match (earlier, probe) {
            (true, true) => "  (earlier answer; probe proposes)",
            (true, false) => "  (earlier answer)",
            (false, true) => "  (probe proposes)",
            (false, false) => "",
        };
        let text = truncate(&format!("{marker}{key:>2}  {label}{suffix}"), aw);
        let pad = aw.saturating_sub(width(&text));
        let style = if selected {
            theme.selected()
        } else {
            theme.plain()
        };
        Line::styled(format!("{text}{}", " ".repeat(pad)), style)
    };
    match q.kind {
        QuestionKind::YesNo => {
            let lines = vec![
                option_line(
                    "y".into(),
                    "Yes",
                    w.choice == 0,
                    remembered.as_deref() == Some("yes"),
                    proposed("yes"),
                ),
                option_line(
                    "n".into(),
                    "No",
                    w.choice == 1,
                    remembered.as_deref() == Some("no"),
                    proposed("no"),
                ),
            ];
            frame.render_widget(Paragraph::new(lines), area);
        }
        QuestionKind::Choice => {
            let visible = area.height as usize;
            let offset = w.choice.saturating_sub(visible.saturating_sub(1));
            let lines: Vec<Line> = q
                .choices
                .iter()
                .enumerate()
                .skip(offset)
                .take(visible)
                .map(|(i, c)| {
                    let key = if i < 9 {
                        format!("{}", i + 1)
                    } else {
                        " ".into()
                    };
                    let earlier = remembered.as_deref() == Some(c.id.as_str());
                    option_line(key, &c.label, i == w.choice, earlier, proposed(&c.id))
                })
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
                (Err(why), true) => Line::styled(truncate(why, aw), theme.dim()),
                (Err(why), false) => Line::styled(truncate(&format!("✗ {why}"), aw), theme.error()),
                (Ok(_), _) => Line::styled(truncate("✓ Enter answers", aw), theme.ok()),
            };
            frame.render_widget(Paragraph::new(verdict_line), verdict);
            let _ = hint;
        }
    }
}

/// Causes still possible and ruled out (with the answer that ruled each
/// out), then the answers so far.
fn draw_side_panel(frame: &mut Frame, app: &App, session: &Session, area: Rect) {
    let theme = app.theme;
    let inner_w = area.width.saturating_sub(2) as usize;
    let causes = cause_lines(session, &app.probes, theme, inner_w);
    let answers = answer_lines(session, &app.probes, theme, inner_w);
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

/// Keeps the first `height` lines, marking the cut.
fn clip(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let h = height as usize;
    if lines.len() > h && h > 0 {
        lines.truncate(h - 1);
        lines.push(Line::raw("…"));
    }
    lines
}

/// Keeps the last `height` lines, marking the cut: the latest answers matter most.
fn clip_top(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let h = height as usize;
    if lines.len() > h && h > 0 {
        let cut = lines.len() - (h - 1);
        lines.drain(..cut);
        lines.insert(0, Line::raw("…"));
    }
    lines
}

/// Wraps `text` after a first-line prefix, indenting the rest under it;
/// at most `max` lines.
fn hanging(prefix: &str, text: &str, w: usize, style: Style, max: usize) -> Vec<Line<'static>> {
    let indent = width(prefix);
    let mut out = Vec::new();
    let body = w.saturating_sub(indent);
    if body == 0 {
        return out;
    }
    let mut wrapped = wrap(text, body);
    if wrapped.len() > max {
        wrapped.truncate(max);
        if let Some(last) = wrapped.last_mut() {
            *last = truncate(&format!("{last} …"), body);
        }
    }
    for (i, l) in wrapped.into_iter().enumerate() {
        let lead = if i == 0 {
            prefix.to_string()
        } else {
            " ".repeat(indent)
        };
        out.push(Line::styled(format!("{lead}{l}"), style));
    }
    out
}

fn cause_lines(session: &Session, probes: &Probes, theme: Theme, w: usize) -> Vec<Line<'static>> {
    // The engine already narrows by the symptom's answers from the first question.
    let causes = session.causes();
    let mut possible = Vec::new();
    // Ruled-out causes grouped under the answer that ruled them out.
    let mut ruled: Vec<(String, Vec<&str>)> = Vec::new();
    for (c, state) in &causes {
        match state {
            CauseState::Diagnosed => {
                possible.extend(hanging("◆ ", &c.title, w, theme.ok(), 3));
            }
            CauseState::Possible => possible.extend(hanging("○ ", &c.title, w, theme.plain(), 3)),
            CauseState::RuledOut(by) => {
                let mut why = ruled_by(session, by);
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
        "Diagnosed".to_string()
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
            lines.extend(hanging("", &why, w, theme.dim(), 2));
            for t in titles {
                lines.extend(hanging("✗ ", t, w, theme.ruled_out(), 2));
            }
        }
    }
    lines
}

/// The answer that ruled a cause out, short enough for the side panel.
fn ruled_by(session: &Session, by: &RuledOutBy) -> String {
    match by {
        RuledOutBy::Symptom => "by the symptom chosen:".into(),
        RuledOutBy::Answer { question, value } => {
            let tree = session.tree();
            match (tree.question(question), session.answer(question)) {
                (Some(q), Some(a)) => {
                    format!(
                        "by \"{}\" to \"{}\":",
                        session.answer_label(q, a),
                        q.text.trim()
                    )
                }
                _ => format!("by the answer {value} to {question}:"),
            }
        }
    }
}

fn answer_lines(session: &Session, probes: &Probes, theme: Theme, w: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (q, a) in session.path_answers() {
        lines.push(Line::styled(
            truncate(&session.fill(&q.text), w),
            theme.dim(),
        ));
        let from = match &a.source {
            AnswerSource::Symptom(_) => " (symptom)",
            AnswerSource::Probe(e) if e.imported => " (imported evidence)",
            AnswerSource::Probe(_) => " (probe)",
            AnswerSource::Operator => "",
        };
        let label = format!("{}{from}", session.answer_label(q, a));
        lines.extend(hanging("→ ", &label, w, theme.plain(), 2));
        if let Some(c) = probes.changed(&q.id) {
            let now = match &c.new_answer {
                Some(v) => format!("⚠ evidence changed, now proposes {v}: {}", c.now.saw),
                None => format!("⚠ evidence changed: {}", c.now.saw),
            };
            lines.extend(hanging("  ", &now, w, theme.warning(), 3));
        }
    }
    lines
}

// ---------------------------------------------------------------- outcome

/// The diagnosis as lines wrapped to `w`: title, cause, articles, warnings,
/// summary, and what the checklist holds.
fn outcome_lines(session: &Session, o: &Outcome, theme: Theme, w: usize) -> Vec<Line<'static>> {
    let tree = session.tree();
    let mut lines = Vec::new();
    let look = theme.outcome(o.kind);
    lines.extend(hanging(
        "",
        &session.fill(&o.title),
        w,
        theme.title(),
        usize::MAX,
    ));
    if tree.draft {
        let label = format!(
            "⚠ {}: check each step against the article",
            crate::tree::DRAFT_LABEL
        );
        lines.extend(hanging("", &label, w, theme.warning(), usize::MAX));
    }
    lines.push(Line::raw(""));
    if let Some(c) = o.cause.as_deref().and_then(|c| tree.cause(c)) {
        lines.extend(hanging("Cause:   ", &c.title, w, look.style, usize::MAX));
    }
    // One line per article, with the sections cited.
    let mut cited: Vec<(&str, Vec<&str>)> = Vec::new();
    for src in &o.articles {
        let sections = match cited.iter_mut().find(|(a, _)| *a == src.article) {
            Some((_, s)) => s,
            None => {
                cited.push((&src.article, Vec::new()));
                &mut cited.last_mut().expect("just pushed").1
            }
        };
        if let Some(sec) = &src.section {
            sections.push(sec);
        }
    }
    for (article, sections) in cited {
        let title = tree
            .article(article)
            .map(|a| a.title.as_str())
            .unwrap_or("");
        let mut text = format!("{article} \"{title}\"");
        if !sections.is_empty() {
            text.push_str(&format!(" ({})", sections.join(", ")));
        }
        lines.extend(hanging("Article: ", &text, w, theme.plain(), usize::MAX));
    }
    for warning in session.applicability_warnings() {
        let answers: Vec<String> = warning
            .answers
            .iter()
            .map(|(q, a)| format!("\"{a}\" to \"{}\"", q.trim()))
            .collect();
        let text = format!(
            "{} applies to {}, but you answered {}.",
            warning.article,
            warning.requirement,
            answers.join(" and ")
        );
        lines.push(Line::raw(""));
        lines.extend(hanging("⚠ ", &text, w, theme.warning(), usize::MAX));
    }
    lines.push(Line::raw(""));
    lines.extend(hanging(
        "",
        &session.fill(&o.summary),
        w,
        theme.plain(),
        usize::MAX,
    ));
    if let Some(see) = &o.see_also {
        lines.push(Line::raw(""));
        lines.extend(hanging(
            "→ ",
            &see_also_text(session, see, "g follows it"),
            w,
            theme.key(),
            usize::MAX,
        ));
    }
    lines.push(Line::raw(""));
    let items = session.checklist_items();
    let steps = items.len();
    let what = if o.alternatives.is_empty() {
        let noun = if steps == 1 { "step" } else { "steps" };
        format!("The checklist has {steps} {noun}. Enter opens it.")
    } else {
        format!(
            "The checklist offers {} options: choose one there. Enter opens it.",
            o.alternatives.len()
        )
    };
    lines.extend(hanging("▶ ", &what, w, theme.key(), usize::MAX));
    lines
}

/// A `see_also` link as the operator reads it: why, where, and the key.
fn see_also_text(session: &Session, see: &crate::tree::SeeAlso, hint: &str) -> String {
    format!(
        "See also: {} (symptom {} of tree {}; {hint})",
        session.fill(&see.text),
        see.symptom,
        crate::tree::links::target_tree(session.tree(), see)
    )
}

fn draw_outcome(frame: &mut Frame, app: &App, area: Rect) {
    let Some(w) = &app.walk else { return };
    let Some(o) = w.session.outcome() else { return };
    let theme = app.theme;
    let look = theme.outcome(o.kind);
    let (main, side) = split_side(area);
    let block = Block::bordered()
        .border_type(look.border)
        .border_style(look.style)
        .title(Span::styled(
            format!(" {} {} ", look.symbol, look.headline),
            look.style,
        ));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    if let Some(side) = side {
        draw_side_panel(frame, app, &w.session, side);
    }
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let mut lines = outcome_lines(&w.session, o, theme, inner.width as usize);
    if !app.probes.changed.is_empty() {
        // The diagnosis rests on every answer of the path: say so first.
        let n = app.probes.changed.len();
        let text = format!(
            "Evidence changed on the re-run for {n} answer(s) this diagnosis rests on (marked ⚠ under Answers so far): go back (Esc) and check them."
        );
        let mut flagged = hanging(
            "⚠ ",
            &text,
            inner.width as usize,
            theme.warning(),
            usize::MAX,
        );
        flagged.push(Line::raw(""));
        lines.splice(0..0, flagged);
    }
    let limit = (lines.len() as u16).saturating_sub(inner.height);
    app.scroll_limit.set(limit);
    let scroll = w.outcome_scroll.min(limit);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if scroll < limit {
        more_below(frame, theme, main, "↓ more");
    }
}

/// A marker on the bottom edge of `area` saying that more lies below.
fn more_below(frame: &mut Frame, theme: Theme, area: Rect, text: &str) {
    let w = width(text) as u16 + 2;
    if area.height < 2 || area.width < w + 4 {
        return;
    }
    let at = Rect::new(area.x + area.width - w - 2, area.y + area.height - 1, w, 1);
    frame.render_widget(
        Paragraph::new(Span::styled(format!(" {text} "), theme.key())),
        at,
    );
}

// ---------------------------------------------------------------- checklist

/// A row of the checklist: an option's heading or a step.
enum Row {
    Option(usize),
    Step(usize),
}

fn rows(o: &Outcome, items: &[Item<'_>]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(items.len() + o.alternatives.len());
    let mut current: Option<&str> = None;
    for (i, item) in items.iter().enumerate() {
        let alt = item.alternative.map(|a| a.id.as_str());
        if alt != current {
            if let Some(id) = alt
                && let Some(n) = o.alternatives.iter().position(|a| a.id == id)
            {
                rows.push(Row::Option(n));
            }
            current = alt;
        }
        rows.push(Row::Step(i));
    }
    rows
}

fn option_lines(
    session: &Session,
    o: &Outcome,
    n: usize,
    theme: Theme,
    w: usize,
) -> Vec<Line<'static>> {
    let alt = &o.alternatives[n];
    let total = o.alternatives.len();
    let chosen = session
        .checklist()
        .and_then(|c| c.alternative.as_ref())
        .is_some();
    let head = if chosen {
        format!(
            "Chosen option {} of {total}: {} (0 shows every option)",
            n + 1,
            session.fill(&alt.title)
        )
    } else {
        format!(
            "Option {} of {total}: {} (press {} to choose it)",
            n + 1,
            session.fill(&alt.title),
            n + 1
        )
    };
    let mut lines = vec![Line::raw("")];
    lines.extend(hanging(
        "══ ",
        &head,
        w,
        theme.title().add_modifier(Modifier::UNDERLINED),
        usize::MAX,
    ));
    if let Some(note) = &alt.note {
        lines.extend(hanging(
            "   ",
            &session.fill(note),
            w,
            theme.help_text(),
            if chosen { usize::MAX } else { 2 },
        ));
    }
    if let Some(warning) = &alt.warning {
        lines.extend(hanging(
            "   ⚠ ",
            &session.fill(warning),
            w,
            theme.warning(),
            usize::MAX,
        ));
    }
    lines
}

/// What every step of the checklist is drawn with.
struct StepContext<'a> {
    session: &'a Session,
    walk: &'a Walk,
    items: &'a [Item<'a>],
    now: i64,
    theme: Theme,
    width: usize,
    probes: &'a Probes,
}

/// The lines of one step: the step itself, then its details.
fn step_lines(ctx: &StepContext<'_>, item: &Item<'_>, selected: bool) -> Vec<Line<'static>> {
    let StepContext {
        session,
        walk,
        items,
        now,
        theme,
        width: w,
        probes,
    } = *ctx;
    let step = item.step;
    let indent = "    ".repeat(item.depth);
    let marker = if selected { "▶" } else { " " };
    let first = format!(
        "{marker}{indent}{} {}. ",
        status_box(item.status),
        item.number
    );
    let detail = " ".repeat(width(&first));
    let mut text = session.fill(&step.text);
    if !matches!(item.status, StepStatus::Todo | StepStatus::Done) {
        text.push_str(&format!(" [{}]", item.status.label()));
    }
    let mut style = theme.status(item.status);
    if selected {
        style = style.patch(theme.selected());
    }
    let mut lines = hanging(&first, &text, w, style, usize::MAX);
    if let Some(why) = &item.not_applicable_because {
        lines.extend(hanging(
            &detail,
            &format!("Does not apply: {why}"),
            w,
            theme.dim(),
            usize::MAX,
        ));
    }
    if item.status == StepStatus::NotApplicable && !selected {
        // A step that does not apply keeps to its headline.
        return lines;
    }
    // How risky, and where: the first thing to know before doing it.
    let risk = step.risk.label();
    let place = step.location.as_deref().map(|l| session.fill(l));
    // Without a place, the risk ends the step's text when it fits there.
    let fits_after_text = lines
        .last()
        .is_some_and(|l| l.width() + 1 + width(risk) <= w);
    match (&place, lines.last_mut()) {
        (None, Some(last)) if fits_after_text => {
            last.spans
                .push(Span::styled(format!(" {risk}"), theme.risk(step.risk)));
        }
        _ => {
            let mut l = hanging(&detail, risk, w, theme.risk(step.risk), 1);
            if let (Some(first), Some(place)) = (l.first_mut(), &place) {
                first
                    .spans
                    .push(Span::styled(format!(" · {place}"), theme.dim()));
            }
            lines.extend(l);
        }
    }
    if let Some(cmd) = &step.command {
        let copy = if selected { "   (c copies)" } else { "" };
        let mut l = hanging(
            &format!("{detail}$ "),
            &session.fill(cmd),
            w,
            theme.command(),
            usize::MAX,
        );
        if let Some(last) = l.last_mut()
            && last.width() + width(copy) <= w
        {
            last.spans.push(Span::styled(copy, theme.dim()));
        }
        lines.extend(l);
    }
    if let Some(warning) = &step.warning {
        lines.extend(hanging(
            &format!("{detail}⚠ "),
            &session.fill(warning),
            w,
            theme.warning(),
            usize::MAX,
        ));
    }
    if let Some(note) = &step.note {
        lines.extend(hanging(
            &format!("{detail}ℹ "),
            &session.fill(note),
            w,
            theme.help_text(),
            usize::MAX,
        ));
    }
    if let Some(see) = &step.see_also {
        let hint = if selected {
            "g follows it"
        } else {
            "select the step, g follows it"
        };
        lines.extend(hanging(
            &format!("{detail}→ "),
            &see_also_text(session, see, hint),
            w,
            theme.key(),
            usize::MAX,
        ));
    }
    if let Some(wait) = &step.wait {
        let duration = human_duration(&wait.duration);
        let until = session.fill(&wait.until);
        let text = match walk.waits.get(&step.id) {
            None => format!("Wait {duration} for {until} (w starts the timer)"),
            Some(started) => {
                let total = parse_duration_minutes(&wait.duration).unwrap_or(0) as i64 * 60;
                let left = total - (now - started);
                if left > 0 {
                    format!("{} left of {duration}: waiting for {until}", clock(left))
                } else {
                    match &wait.otherwise {
                        Some(other) => format!(
                            "Waited {duration}. If {until} has not happened: {}",
                            session.fill(other)
                        ),
                        None => format!("Waited {duration} for {until}"),
                    }
                }
            }
        };
        let style = if walk.waits.contains_key(&step.id) {
            theme.warning()
        } else {
            theme.plain()
        };
        lines.extend(hanging(&format!("{detail}⏱ "), &text, w, style, usize::MAX));
    }
    if let Some(cond) = &step.condition {
        let ask = session.fill(&cond.ask);
        let text = match item.condition {
            None => format!("{ask} (y yes / n no)"),
            Some(holds) => {
                let action = if holds { &cond.yes } else { &cond.no };
                let answer = if holds { "Yes" } else { "No" };
                match condition_consequence(session, items, action) {
                    Some(c) => format!("{ask} {answer}. {c}"),
                    None => format!("{ask} {answer}."),
                }
            }
        };
        let style = if item.condition.is_none() {
            theme.key()
        } else {
            theme.plain()
        };
        lines.extend(hanging(&format!("{detail}? "), &text, w, style, usize::MAX));
    }
    if let Some(v) = &step.verify {
        lines.extend(hanging(
            &format!("{detail}✓ Verify: "),
            &session.fill(&v.text),
            w,
            theme.plain(),
            usize::MAX,
        ));
        lines.extend(verification_lines(probes, item, &detail, theme, w));
    }
    if let Some(qs) = changed_inputs(session, probes, step) {
        lines.extend(hanging(
            &format!("{detail}⚠ "),
            &format!("Uses the answer to {qs}, whose evidence changed: check before doing it"),
            w,
            theme.warning(),
            usize::MAX,
        ));
    }
    if !item.note.is_empty() {
        lines.extend(hanging(
            &format!("{detail}✎ "),
            item.note,
            w,
            theme.key(),
            usize::MAX,
        ));
    }
    lines
}

/// What the step's verification probes saw, under its Verify line.
fn verification_lines(
    probes: &Probes,
    item: &Item<'_>,
    detail: &str,
    theme: Theme,
    w: usize,
) -> Vec<Line<'static>> {
    let id = &item.step.id;
    let mut lines = Vec::new();
    let under = format!("{detail}  ");
    if probes.checks.as_ref().is_some_and(|c| c.verifying(id)) {
        lines.extend(hanging(
            &under,
            "⟳ verifying… (Esc cancels)",
            w,
            theme.key(),
            1,
        ));
    }
    let Some(v) = item.verification else {
        return lines;
    };
    let (verdict, style) = match v.verified {
        Some(true) => ("✓ Verified by probe", theme.ok()),
        Some(false) => ("✗ Not verified: the probe saw otherwise", theme.error()),
        None => ("? Could not be verified by probe", theme.warning()),
    };
    let mut verdict = verdict.to_string();
    if probes.changed_steps.contains(id) {
        verdict.push_str(" ⚠ changed on the re-run");
    }
    if probes.consent_steps.contains(id) {
        verdict.push_str(" (a runs its command)");
    }
    lines.extend(hanging(&under, &verdict, w, style, usize::MAX));
    for e in &v.evidence {
        let text = format!(
            "{}: looked at {}; saw {}",
            clock_utc(e.at),
            e.looked_at,
            e.saw
        );
        lines.extend(hanging(&format!("{under}  "), &text, w, theme.dim(), 3));
    }
    lines
}

/// `HH:MM UTC` of a time, for evidence lines.
fn clock_utc(at: i64) -> String {
    let full = crate::export::format_utc(at);
    full.get(11..).unwrap_or(&full).to_string()
}

/// The questions (as words) whose answer a step's text uses and whose
/// evidence changed on the last re-run.
fn changed_inputs(session: &Session, probes: &Probes, step: &crate::tree::Step) -> Option<String> {
    if probes.changed.is_empty() {
        return None;
    }
    let mut texts = vec![step.text.as_str()];
    texts.extend(step.command.as_deref());
    let used: Vec<String> = probes
        .changed
        .iter()
        .filter(|c| {
            texts.iter().any(|t| {
                crate::tree::template::variables(t)
                    .is_ok_and(|vars| vars.iter().any(|v| *v == c.question))
            })
        })
        .map(|c| {
            session
                .tree()
                .question(&c.question)
                .map_or(c.question.clone(), |q| format!("\"{}\"", q.text.trim()))
        })
        .collect();
    (!used.is_empty()).then(|| used.join(", "))
}

fn draw_checklist(frame: &mut Frame, app: &App, area: Rect) {
    let Some(walk) = &app.walk else { return };
    let session = &walk.session;
    let Some(o) = session.outcome() else { return };
    let theme = app.theme;
    let look = theme.outcome(o.kind);
    let items = session.checklist_items();
    let (done, applicable) = progress(&items);

    let top_h = if area.height >= 8 {
        2
    } else {
        u16::from(area.height >= 4)
    };
    let [top, list_area] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
    if top_h >= 1 {
        let [title, gauge] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(top_h - 1)]).areas(top);
        let title_text = format!(" {} {}", look.symbol, session.fill(&o.title));
        frame.render_widget(
            Paragraph::new(Span::styled(
                truncate(&title_text, title.width as usize),
                look.style,
            )),
            title,
        );
        let elapsed = match session.checklist().and_then(|c| c.started_at) {
            Some(start) => format!("elapsed {}", clock(app.now - start)),
            None => "not started".into(),
        };
        let choose = if !o.alternatives.is_empty()
            && session.checklist().is_some_and(|c| c.alternative.is_none())
        {
            format!(" · choose an option (1-{})", o.alternatives.len())
        } else {
            String::new()
        };
        let label = format!(" {done} of {applicable} done · {elapsed}{choose} ");
        let ratio = if applicable == 0 {
            0.0
        } else {
            (done as f64 / applicable as f64).clamp(0.0, 1.0)
        };
        let gauge_widget = LineGauge::default()
            .ratio(ratio)
            .label(Span::styled(label, theme.title()))
            .filled_symbol("█")
            .unfilled_symbol("░")
            .filled_style(theme.ok())
            .unfilled_style(theme.dim());
        let target = if top_h == 1 { title } else { gauge };
        frame.render_widget(gauge_widget, target);
    }

    let block = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .border_style(theme.border());
    let block = if list_area.height >= 6 {
        block
    } else {
        Block::new()
    };
    let list = block.inner(list_area);
    frame.render_widget(block, list_area);
    if list.width == 0 || list.height == 0 {
        return;
    }
    if items.is_empty() {
        frame.render_widget(Paragraph::new("This outcome has no steps."), list);
        return;
    }
    let w = list.width as usize;
    let h = list.height as usize;
    let rows = rows(o, &items);
    let selected = walk.step.min(items.len() - 1);
    let selected_row = rows
        .iter()
        .position(|r| matches!(r, Row::Step(i) if *i == selected))
        .unwrap_or(0);
    let ctx = StepContext {
        session,
        walk,
        items: &items,
        now: app.now,
        theme,
        width: w,
        probes: &app.probes,
    };
    let row_lines = |r: &Row| -> Vec<Line<'static>> {
        match r {
            Row::Option(n) => option_lines(session, o, *n, theme, w),
            Row::Step(i) => step_lines(&ctx, &items[*i], *i == selected),
        }
    };
    // Keep the selected step in view with about a third of the screen of
    // context above it; only the rows near the view are laid out.
    let current = row_lines(&rows[selected_row]);
    let above_room = (h / 3).min(h.saturating_sub(current.len()));
    let mut start = selected_row;
    let mut above = 0;
    // The heading of the option a step belongs to (with its warning) matters
    // more than context: when it sits right above, it may use all the room.
    let mut heading_head: Vec<Line<'static>> = Vec::new();
    if start > 0 && matches!(rows[start - 1], Row::Option(_)) {
        let heading = row_lines(&rows[start - 1]);
        let room = h.saturating_sub(current.len());
        if heading.len() <= room {
            above = heading.len();
            start -= 1;
        } else {
            heading_head = heading.into_iter().take(room).collect();
        }
    }
    while heading_head.is_empty() && start > 0 {
        let n = row_lines(&rows[start - 1]).len();
        if above + n > above_room.max(above) {
            break;
        }
        above += n;
        start -= 1;
    }
    let mut lines: Vec<Line> = Vec::with_capacity(h + 8);
    let partial_heading = !heading_head.is_empty();
    lines.extend(heading_head);
    for r in &rows[start..selected_row] {
        lines.extend(row_lines(r));
    }
    lines.extend(current);
    let mut end = selected_row + 1;
    while end < rows.len() && lines.len() < h {
        lines.extend(row_lines(&rows[end]));
        end += 1;
    }
    // Near the end of the list, earlier rows fill the room left below.
    while start > 0 && !partial_heading {
        let earlier = row_lines(&rows[start - 1]);
        if lines.len() + earlier.len() > h {
            break;
        }
        start -= 1;
        lines.splice(0..0, earlier);
    }
    let more = end < rows.len() || lines.len() > h;
    lines.truncate(h);
    frame.render_widget(Paragraph::new(lines), list);
    if more && list_area.height >= 6 {
        more_below(frame, theme, list_area, "↓ more");
    }
}

// ---------------------------------------------------------------- overlays

/// A centred rectangle of at most `w` × `h` within `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn help_lines(app: &App, w: usize) -> Vec<Line<'static>> {
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

fn draw_help(frame: &mut Frame, app: &App, scroll: u16, area: Rect) {
    let w = area.width.saturating_sub(4).clamp(area.width.min(20), 84);
    // As tall as its lines, at most the window less a line above and below.
    let lines = help_lines(app, w.saturating_sub(2) as usize);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2).max(3));
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    let block = panel(" Help ".into(), app.theme, true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let limit = (lines.len() as u16).saturating_sub(inner.height);
    app.scroll_limit.set(limit);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(limit), 0)), inner);
}

fn draw_confirm(
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

fn draw_note(frame: &mut Frame, app: &App, number: &str, input: &tui_input::Input, area: Rect) {
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

/// What an answer to a step's condition means, in words: the tree's own
/// `then`, and what it does to the list (skip, not needed, stop).
pub(crate) fn condition_consequence(
    session: &Session,
    items: &[Item<'_>],
    action: &crate::tree::ConditionAction,
) -> Option<String> {
    let mut parts: Vec<String> = action
        .then
        .as_deref()
        .map(|t| session.fill(t))
        .into_iter()
        .collect();
    if let Some(to) = &action.skip_to
        && let Some(target) = items.iter().find(|i| &i.step.id == to)
    {
        parts.push(format!("Go on at step {}.", target.number));
    }
    if action.skip_step {
        parts.push("This step is not needed.".into());
    }
    if action.stop {
        parts.push("Do not continue this procedure.".into());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}
