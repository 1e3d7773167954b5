//! The diagnosis: the outcome with its cause and checklist preview, scrolled
//! within the window.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::side_panel::draw_side_panel;
use crate::engine::Session;
use crate::tree::Outcome;
use crate::tui::app::{App, Command, PAGE, Screen};
use crate::tui::keymap::{Action, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::{details_hint, hanging, more_below, split_side};
use crate::wording;

/// The diagnosis as lines wrapped to `w`: title, cause, articles, warnings,
/// summary, and what the checklist holds.
pub(crate) fn outcome_lines(
    session: &Session,
    o: &Outcome,
    theme: Theme,
    w: usize,
) -> Vec<Line<'static>> {
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
        let text = wording::applicability_text(&warning, wording::Style::PLAIN);
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
            &see_also_text(session, see, "l follows it"),
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
pub(crate) fn see_also_text(session: &Session, see: &crate::tree::SeeAlso, hint: &str) -> String {
    format!(
        "See also: {} (symptom {} of tree {}; {hint})",
        session.fill(&see.text),
        see.symptom,
        crate::tree::links::target_tree(session.tree(), see)
    )
}

/// The diagnosis's frame, titled with the kind of outcome.
/// The headline is qualified while a warning holds.
fn outcome_block(theme: Theme, o: &Outcome, warned: bool) -> Block<'static> {
    let look = theme.outcome(o.kind);
    let headline = wording::outcome_headline(o.kind, warned);
    Block::bordered()
        .border_type(look.border)
        .border_style(look.style)
        .title(Span::styled(
            format!(" {} {headline} ", look.symbol),
            look.style,
        ))
}

/// How far the diagnosis scrolls when the screen's body is `area`: what
/// the scrolling keys stay within, and what the drawing is clamped to.
pub(crate) fn outcome_scroll_limit(app: &App, area: Rect) -> u16 {
    let Some(w) = &app.walk else { return 0 };
    let Some(o) = w.session.outcome() else {
        return 0;
    };
    let (main, _) = split_side(area);
    let inner = outcome_block(app.theme, o, warned(app, &w.session)).inner(main);
    if inner.width == 0 || inner.height == 0 {
        return 0;
    }
    let lines = diagnosis_lines(app, &w.session, o, inner.width as usize);
    (lines.len() as u16).saturating_sub(inner.height)
}

/// The diagnosis a walk reached.
pub(crate) struct OutcomeScreen;

impl super::ScreenPart for OutcomeScreen {
    fn context(&self, _app: &App) -> Context {
        Context::Outcome
    }

    fn update(&self, app: &mut App, action: Action) -> Option<Command> {
        app.update_outcome(action)
    }

    fn draw(&self, frame: &mut Frame, app: &App, area: Rect) {
        draw_outcome(frame, app, area);
    }
}

pub(crate) fn draw_outcome(frame: &mut Frame, app: &App, area: Rect) {
    let Some(w) = &app.walk else { return };
    let Some(o) = w.session.outcome() else { return };
    let theme = app.theme;
    let (main, side) = split_side(area);
    let block = outcome_block(theme, o, warned(app, &w.session));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    match side {
        Some(side) => draw_side_panel(frame, app, &w.session, side),
        // The causes and answers are dropped: say where they are.
        None => details_hint(frame, theme, main, "i"),
    }
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let lines = diagnosis_lines(app, &w.session, o, inner.width as usize);
    let limit = (lines.len() as u16).saturating_sub(inner.height);
    let scroll = w.outcome_scroll.min(limit);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if scroll < limit {
        more_below(frame, theme, main, "↓ more");
    }
}

/// Whether a warning qualifies the diagnosis: an article that may not
/// apply, or evidence that changed on the re-run.
pub(crate) fn warned(app: &App, session: &Session) -> bool {
    !app.probes.changed.is_empty() || !session.applicability_warnings().is_empty()
}

/// The diagnosis at width `w`, after a warning when a re-run of the probes
/// changed evidence it rests on.
fn diagnosis_lines(app: &App, session: &Session, o: &Outcome, w: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = outcome_lines(session, o, theme, w);
    if !app.probes.changed.is_empty() {
        // The diagnosis rests on every answer of the path: say so first.
        let n = app.probes.changed.len();
        let text = format!(
            "Evidence changed on the re-run for {n} answer(s) this diagnosis rests on (marked ⚠ under Answers so far): go back (Esc) and check them."
        );
        let mut flagged = hanging("⚠ ", &text, w, theme.warning(), usize::MAX);
        flagged.push(Line::raw(""));
        lines.splice(0..0, flagged);
    }
    lines
}

impl App {
    pub(crate) fn update_outcome(&mut self, action: Action) -> Option<Command> {
        let limit = self.scroll_limit(crate::tui::view::Scrolled::Outcome);
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
            Action::ExportText => {
                return self.export_as(crate::tui::export::ExportFormat::Text, false);
            }
            _ => {}
        }
        None
    }
}
