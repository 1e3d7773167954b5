//! The checklist: steps with their status, conditions, waits and commands,
//! the options to choose from, and the keys that record progress.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph};
use tui_input::Input;

use super::checklist_confirm::{Gate, gate};
use super::checklist_steps::{StepContext, step_lines};
use crate::checklist::{Item, StepStatus, progress};
use crate::engine::{ApplicabilityWarning, Input as EngineInput, Session};
use crate::tree::Outcome;
use crate::tui::app::{App, Command, Overlay, PAGE, Screen, input_error};
use crate::tui::keymap::{Action, Context};
use crate::tui::text::{clock, truncate};
use crate::tui::theme::Theme;
use crate::tui::widgets::{draw_lines, hanging, more_below, reading_column};

/// A row of the checklist: an option's heading or a step.
pub(crate) enum Row {
    Option(usize),
    Step(usize),
}

pub(crate) fn rows(o: &Outcome, items: &[Item<'_>]) -> Vec<Row> {
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

pub(crate) fn option_lines(
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

/// The checklist's started waits, one line: `⏱ step 6: waiting since
/// 02:34 UTC, 12 min left`, marked and highlighted once one ran out.
fn draw_waits(
    frame: &mut Frame,
    theme: crate::tui::Theme,
    waits: &[(crate::wording::RunningWait, String)],
    area: Rect,
) {
    let over = waits
        .iter()
        .any(|(w, _)| w.state == crate::wording::WaitState::Over);
    let (marker, style) = if over {
        ("⏰", theme.alert())
    } else {
        ("⏱", theme.warning())
    };
    let text = waits
        .iter()
        .map(|(w, duration)| w.text(duration))
        .collect::<Vec<_>>()
        .join(" · ");
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&format!(" {marker} {text} "), area.width as usize),
            style,
        )),
        area,
    );
}

/// The diagnosis's warnings, repeated where the steps are done.
fn banner_lines(
    app: &App,
    warnings: &[crate::engine::ApplicabilityWarning],
    w: usize,
) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    for warning in warnings {
        let text = format!(
            "{} Steps marked ⚠ may not apply.",
            crate::wording::applicability_text(warning, crate::wording::Style::PLAIN)
        );
        lines.extend(hanging(" ⚠ ", &text, w, theme.warning(), usize::MAX));
    }
    if !app.probes.changed.is_empty() {
        let text = crate::wording::evidence_changed_text(app.probes.changed.len());
        lines.extend(hanging(" ⚠ ", &text, w, theme.warning(), usize::MAX));
    }
    lines
}

/// The diagnosis's steps, worked through.
pub(crate) struct ChecklistScreen;

impl super::ScreenPart for ChecklistScreen {
    fn context(&self, _app: &App) -> Context {
        Context::Checklist
    }

    fn update(&self, app: &mut App, action: Action) -> Option<Command> {
        app.update_checklist(action)
    }

    fn draw(&self, frame: &mut Frame, app: &App, area: Rect) {
        draw_checklist(frame, app, area);
    }
}

pub(crate) fn draw_checklist(frame: &mut Frame, app: &App, area: Rect) {
    let area = reading_column(area);
    let Some(walk) = &app.walk else { return };
    let session = &walk.session;
    let Some(o) = session.outcome() else { return };
    let theme = app.theme;
    let look = theme.outcome(o.kind);
    let items = session.checklist_items();
    let (done, applicable) = progress(&items);

    let warnings = session.applicability_warnings();
    let warned = !warnings.is_empty() || !app.probes.changed.is_empty();

    let top_h = if area.height >= 8 {
        2
    } else {
        u16::from(area.height >= 4)
    };
    // Where the last export went stays in view, whole (wrapped), with
    // whether it is current.
    let export_lines = match walk.last_export.as_ref().filter(|_| area.height >= 12) {
        Some(path) => {
            let (state, style) = if walk.export_stale() {
                ("older than the last change", theme.warning())
            } else {
                ("current", theme.dim())
            };
            hanging(
                &format!(" Export ({state}): "),
                &path.display().to_string(),
                area.width as usize,
                style,
                3,
            )
        }
        None => Vec::new(),
    };
    let waits = crate::wording::running_waits(session, &items, app.now);
    let waits_h = u16::from(!waits.is_empty() && area.height >= 10);
    // The warnings of the diagnosis stay in view above the steps they
    // concern, in at most a third of the screen.
    let banner = banner_lines(app, &warnings, area.width as usize);
    let banner_h = (banner.len() as u16).min(area.height / 3);
    let [top, export_area, waits_area, banner_area, list_area] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(export_lines.len() as u16),
        Constraint::Length(waits_h),
        Constraint::Length(banner_h),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(export_lines), export_area);
    if waits_h == 1 {
        draw_waits(frame, theme, &waits, waits_area);
    }
    frame.render_widget(Paragraph::new(banner), banner_area);
    if top_h >= 1 {
        let [title, gauge] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(top_h - 1)]).areas(top);
        let title_text = if warned {
            // The qualifier first, where a narrow window does not cut it.
            format!(" ⚠ With a warning: {}", session.fill(&o.title))
        } else {
            format!(" {} {}", look.symbol, session.fill(&o.title))
        };
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
        let choosing = crate::checklist::choosing(&items);
        let label = match (choosing, applicable) {
            // Nothing to count until an option is chosen.
            (true, 0) => format!(
                " {elapsed} · choose an option (1-{}) to count its steps ",
                o.alternatives.len()
            ),
            (true, _) => format!(
                " {done} of {applicable} shared steps done · {elapsed} · choose an option (1-{}) ",
                o.alternatives.len()
            ),
            (false, _) => format!(" {done} of {applicable} done · {elapsed} "),
        };
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

    let block = list_block(theme, list_area);
    let list = block.inner(list_area);
    frame.render_widget(block, list_area);
    if list.width == 0 || list.height == 0 {
        return;
    }
    if items.is_empty() {
        frame.render_widget(Paragraph::new("This outcome has no steps."), list);
        return;
    }
    let (lines, _, more) = visible_lines(app, list, &items, &warnings);
    draw_lines(frame, &lines, list);
    if more && list_area.height >= 6 {
        more_below(frame, theme, list_area, "↓ more");
    }
}

/// The frame around the steps, when there is room for one.
fn list_block(theme: Theme, list_area: Rect) -> Block<'static> {
    if list_area.height >= 6 {
        Block::new()
            .borders(Borders::TOP | Borders::BOTTOM)
            .border_style(theme.border())
    } else {
        Block::new()
    }
}

/// The area the checklist's steps are listed in, within the body `area`.
fn list_area_of(area: Rect, theme: Theme) -> Rect {
    let area = reading_column(area);
    let top_h = if area.height >= 8 {
        2
    } else {
        u16::from(area.height >= 4)
    };
    let [_, list_area] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
    list_block(theme, list_area).inner(list_area)
}

/// The step shown on screen row `y` of a checklist drawn in the body `area`.
pub(crate) fn step_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    let list = list_area_of(area, app.theme);
    if !list.contains(ratatui::layout::Position::new(x, y)) {
        return None;
    }
    let session = &app.walk.as_ref()?.session;
    let (items, warnings) = (session.checklist_items(), session.applicability_warnings());
    let (_, owners, _) = visible_lines(app, list, &items, &warnings);
    owners.get(usize::from(y - list.y)).copied().flatten()
}

/// The lines of the steps that fit in `list`, the step each line belongs
/// to (none for an option's heading), and whether more follow below.
/// `items` and `warnings` are the session's, worked out once per frame.
fn visible_lines(
    app: &App,
    list: Rect,
    items: &[Item<'_>],
    warnings: &[ApplicabilityWarning],
) -> (Vec<Line<'static>>, Vec<Option<usize>>, bool) {
    let Some(walk) = &app.walk else {
        return (Vec::new(), Vec::new(), false);
    };
    let session = &walk.session;
    let Some(o) = session.outcome() else {
        return (Vec::new(), Vec::new(), false);
    };
    let theme = app.theme;
    if items.is_empty() {
        return (Vec::new(), Vec::new(), false);
    }
    let w = list.width as usize;
    let h = list.height as usize;
    let rows = rows(o, items);
    let selected = walk.step.min(items.len() - 1);
    let selected_row = rows
        .iter()
        .position(|r| matches!(r, Row::Step(i) if *i == selected))
        .unwrap_or(0);
    let ctx = StepContext {
        session,
        items,
        now: app.now,
        theme,
        width: w,
        probes: &app.probes,
        warnings,
    };
    let row_lines = |r: &Row| -> Vec<(Line<'static>, Option<usize>)> {
        match r {
            Row::Option(n) => option_lines(session, o, *n, theme, w)
                .into_iter()
                .map(|l| (l, None))
                .collect(),
            Row::Step(i) => step_lines(&ctx, &items[*i], *i == selected)
                .into_iter()
                .map(|l| (l, Some(*i)))
                .collect(),
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
    let mut heading_head: Vec<(Line<'static>, Option<usize>)> = Vec::new();
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
    let mut lines: Vec<(Line<'static>, Option<usize>)> = Vec::with_capacity(h + 8);
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
    let (lines, owners) = lines.into_iter().unzip();
    (lines, owners, more)
}

impl App {
    /// A click on a step selects it.
    pub(crate) fn click(&mut self, x: u16, y: u16) {
        if self.screen != Screen::Checklist || self.overlay.is_some() {
            return;
        }
        let Some(window) = self.viewport else { return };
        let body = crate::tui::view::body_area(self, window);
        if let Some(i) = step_at(self, body, x, y)
            && let Some(w) = self.walk.as_mut()
        {
            w.step = i;
        }
    }

    pub(crate) fn update_checklist(&mut self, action: Action) -> Option<Command> {
        let w = self.walk.as_mut()?;
        let count = w.items().len();
        let last = count.saturating_sub(1);
        w.step = w.step.min(last);
        match action {
            Action::Up => w.step = w.step.saturating_sub(1),
            Action::Down => w.step = (w.step + 1).min(last),
            Action::PageUp => w.step = w.step.saturating_sub(PAGE),
            Action::PageDown => w.step = (w.step + PAGE).min(last),
            Action::Top => w.step = 0,
            Action::Bottom => w.step = last,
            Action::Back => self.screen = Screen::Outcome,
            Action::Export => return self.export(false),
            Action::ExportText => {
                return self.export_as(crate::tui::export::ExportFormat::Text, false);
            }
            Action::ToggleDone => self.set_status(StepStatus::Done),
            Action::MarkSkipped => self.set_status(StepStatus::Skipped),
            Action::MarkFailed => self.set_status(StepStatus::Failed),
            Action::MarkTodo => self.set_status(StepStatus::Todo),
            Action::ConditionYes => self.answer_condition(true),
            Action::ConditionNo => self.answer_condition(false),
            Action::ChooseOption(n) => self.ask_choose_option(n),
            Action::AllOptions => self.choose_option(None),
            Action::EditNote => {
                let items = w.items();
                if let Some(item) = items.get(w.step) {
                    self.overlay = Some(Overlay::Note {
                        step: item.step.id.clone(),
                        number: item.number.clone(),
                        input: Input::new(item.note.to_string()),
                        original: item.note.to_string(),
                        saved: item.note.to_string(),
                    });
                }
            }
            Action::StartWait => self.start_wait(),
            Action::CopyCommand => return self.copy_command(),
            Action::ToggleMouse => {
                self.mouse_capture = !self.mouse_capture;
                self.info(if self.mouse_capture {
                    "Mouse on: a click selects a step (m gives the mouse back for drag-select)"
                } else {
                    "Mouse off: drag-select copies text as usual"
                });
                return Some(Command::MouseCapture(self.mouse_capture));
            }
            Action::Find => self.open_find(),
            Action::FindNext => self.find_step(1, false),
            Action::FindPrevious => self.find_step(-1, false),
            Action::ClearFind => w.find = None,
            _ => {}
        }
        None
    }

    pub(crate) fn start_wait(&mut self) {
        let now = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let items = w.items();
        let Some(item) = items.get(w.step) else {
            return;
        };
        let number = item.number.clone();
        let Some(wait) = &item.step.wait else {
            self.error(format!("Step {number} has no wait"));
            return;
        };
        let message = format!(
            "Step {number}: waiting {} for {}",
            crate::wording::human_duration(&wait.duration),
            w.session.fill(&wait.until)
        );
        let step = item.step.id.clone();
        drop(items);
        w.waits_announced.remove(&step);
        match w.apply(EngineInput::StartWait { step, at: now }, now) {
            Ok(()) => self.info(message),
            Err(e) => self.error(input_error(&e)),
        }
    }

    pub(crate) fn copy_command(&mut self) -> Option<Command> {
        let w = self.walk.as_ref()?;
        let items = w.items();
        let item = items.get(w.step)?;
        let number = item.number.clone();
        let Some(cmd) = &item.step.command else {
            self.error(format!("Step {number} has no command to copy"));
            return None;
        };
        let text = w.session.fill(cmd);
        // The terminal may drop the request (tmux often does): say what was
        // done, not what we cannot know.
        self.info(format!("Sent to the clipboard (OSC 52): {text}"));
        Some(Command::Copy(text))
    }

    /// Sets the selected step's status; the same status again sets it back
    /// to to-do. Done and skipped move on to the next step still to do.
    pub(crate) fn set_status(&mut self, wanted: StepStatus) {
        let now = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let items = w.items();
        let Some(item) = items.get(w.step) else {
            return;
        };
        let number = item.number.clone();
        if item.status == StepStatus::NotApplicable {
            let why = item.not_applicable_because.clone().unwrap_or_default();
            self.error(format!("Step {number} does not apply ({why})"));
            return;
        }
        let options = w.session.outcome().map_or(0, |o| o.alternatives.len());
        match gate(&items, w.step, wanted, options) {
            Gate::Go => {}
            Gate::Refuse(why) => {
                self.error(why);
                return;
            }
            Gate::Ask(change, message) => {
                self.overlay = Some(Overlay::ConfirmChecklist {
                    title: format!("Tick step {number} and its sub-steps?"),
                    message,
                    change,
                });
                return;
            }
        }
        let status = if item.status == wanted {
            StepStatus::Todo
        } else {
            wanted
        };
        if status == item.status {
            return;
        }
        let step = item.step.id.clone();
        let position = w.step;
        drop(items);
        if let Err(e) = w.apply(
            EngineInput::SetStepStatus {
                step,
                status,
                at: now,
            },
            now,
        ) {
            self.error(input_error(&e));
            return;
        }
        if matches!(status, StepStatus::Done | StepStatus::Skipped) {
            let items = w.items();
            if let Some(next) = items
                .iter()
                .enumerate()
                .skip(position + 1)
                .find(|(_, i)| i.status == StepStatus::Todo)
                .map(|(n, _)| n)
            {
                w.step = next;
            }
        }
        let finished = !w.items().iter().any(|i| i.status == StepStatus::Todo);
        if finished && status != StepStatus::Todo {
            // The moment the ticket needs the record: say so, once per change.
            self.info(format!(
                "Step {number}: {}. Every step is done, failed or skipped: e exports the checklist, t as plain text",
                status.label()
            ));
        } else {
            self.info(format!("Step {number}: {}", status.label()));
        }
    }

    pub(crate) fn answer_condition(&mut self, holds: bool) {
        let now = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let items = w.items();
        let Some(item) = items.get(w.step) else {
            return;
        };
        let number = item.number.clone();
        let Some(cond) = &item.step.condition else {
            self.error(format!("Step {number} has no condition to answer"));
            return;
        };
        let action = if holds { &cond.yes } else { &cond.no };
        let then = crate::wording::condition_consequence(&w.session, &items, action).text();
        let step = item.step.id.clone();
        drop(items);
        if let Err(e) = w.apply(
            EngineInput::AnswerStepCondition {
                step,
                holds,
                at: now,
            },
            now,
        ) {
            self.error(input_error(&e));
            return;
        }
        let answer = crate::wording::yes_no(holds);
        self.info(match then {
            Some(t) => format!("Step {number}: {answer}. {t}"),
            None => format!("Step {number}: {answer}; carry on with the step"),
        });
    }

    pub(crate) fn choose_option(&mut self, n: Option<usize>) {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        let Some(outcome) = w.session.outcome() else {
            return;
        };
        let count = outcome.alternatives.len();
        if count == 0 {
            self.error("This checklist has no options to choose from");
            return;
        }
        let alternative = match n {
            Some(n) if n > count => {
                self.error(format!("There are only {count} options"));
                return;
            }
            Some(n) => Some(outcome.alternatives[n - 1].id.clone()),
            None => None,
        };
        let chosen = alternative.clone();
        if w.session.checklist().and_then(|c| c.alternative.clone()) == chosen {
            return;
        }
        if let Err(e) = w.apply(EngineInput::ChooseAlternative { alternative }, at) {
            self.error(input_error(&e));
            return;
        }
        // Select the first step of the option chosen.
        if let Some(id) = &chosen {
            let items = w.items();
            w.step = items
                .iter()
                .position(|i| i.alternative.is_some_and(|a| &a.id == id))
                .unwrap_or(0);
        } else {
            w.step = 0;
        }
        match n {
            Some(n) => self.info(format!(
                "Option {n} of {count} chosen; 0 shows every option"
            )),
            None => self.info("Every option shown; choose one with its number"),
        }
    }
}
