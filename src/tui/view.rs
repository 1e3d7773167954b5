//! The views: pure functions from the [`App`] to the frame.
//!
//! Every screen has a header line, a body, an optional status line and a
//! footer of keys taken from the keymap. Below 80 columns the side panel
//! goes; below a few rows the header and footer go; nothing assumes a size.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Overlay};
use super::keymap::{self, Action, Context};
use super::screens::{details, find, outcome, overlays};
use super::text::{truncate, width};

pub use super::widgets::SIDE_PANEL_MIN_WIDTH;

/// Below this, only a request for a larger window is drawn.
const TINY_WIDTH: u16 = 16;
const TINY_HEIGHT: u16 = 4;

/// What scrolls within a limit that depends on the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scrolled {
    Outcome,
    Help,
    Details,
}

/// How far `what` scrolls in a window of `area`: the layout the drawing
/// uses, computed without drawing, so that `update` keeps scrolling keys
/// from running past the end.
pub fn scroll_limit(app: &App, area: Rect, what: Scrolled) -> u16 {
    if area.width < TINY_WIDTH || area.height < TINY_HEIGHT {
        return 0;
    }
    match what {
        Scrolled::Outcome => outcome::outcome_scroll_limit(app, frame_areas(app, area)[2]),
        Scrolled::Help => overlays::help_scroll_limit(app, area),
        Scrolled::Details => details::details_scroll_limit(app, frame_areas(app, area)[2]),
    }
}

/// The body of the screen in a window of `area`: where the screens draw.
pub fn body_area(app: &App, area: Rect) -> Rect {
    frame_areas(app, area)[2]
}

/// Header, not-saved banner, body, status line and footer.
fn frame_areas(app: &App, area: Rect) -> [Rect; 5] {
    let status_height = u16::from(app.status.is_some());
    let not_saved = app.walk.as_ref().is_some_and(|w| w.not_saved.is_some());
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(not_saved)),
        Constraint::Min(1),
        Constraint::Length(status_height),
        Constraint::Length(1),
    ])
    .areas(area)
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < TINY_WIDTH || area.height < TINY_HEIGHT {
        let msg = truncate("kbwalk: enlarge the window", area.width as usize);
        frame.render_widget(Paragraph::new(msg), area);
        return;
    }
    let not_saved = app.walk.as_ref().and_then(|w| w.not_saved.as_deref());
    let [header, banner, body, status, footer] = frame_areas(app, area);
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
    app.screen.part().draw(frame, app, body);
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
        Some(Overlay::Help { scroll }) => overlays::draw_help(frame, app, *scroll, area),
        Some(Overlay::Details { scroll }) => details::draw_details(frame, app, *scroll, body),
        Some(Overlay::ConfirmQuit) => overlays::draw_confirm(
            frame,
            app,
            Context::ConfirmQuit,
            "Quit kbwalk?",
            &quit_message(app),
            area,
        ),
        Some(Overlay::ConfirmLeave) => overlays::draw_confirm(
            frame,
            app,
            Context::ConfirmLeave,
            "Leave this walk?",
            "The checklist has progress that is not exported; leaving drops it.",
            area,
        ),
        Some(Overlay::ConfirmChecklist { title, message, .. }) => {
            overlays::draw_confirm(frame, app, Context::ConfirmChecklist, title, message, area)
        }
        Some(Overlay::Note { number, input, .. }) => {
            overlays::draw_note(frame, app, number, input, area);
        }
        Some(Overlay::Find { input }) => find::draw_find(frame, app, input, body),
        None => {}
    }
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let mut left = String::from(" kbwalk");
    let mut right = String::new();
    let mut badge = "";
    if let Some(w) = &app.walk {
        let tree = w.session.tree();
        left.push_str(" · ");
        left.push_str(&tree.title);
        right = match w.session.symptom().and_then(|s| tree.symptom(s)) {
            Some(s) => format!("symptom: {}", s.id),
            None => String::new(),
        };
        if w.read_only.is_some() {
            badge = " READ-ONLY ";
        }
    } else {
        left.push_str(" · what do you see?");
    }
    let right = format!("{right} ");
    // The title gives way first, and always keeps a gap before what follows.
    const GAP: usize = 2;
    let total = area.width as usize;
    // The badge is followed by a space before the symptom.
    let badge_width = if badge.is_empty() {
        0
    } else {
        width(badge) + 1
    };
    let fixed = width(&right) + badge_width + GAP;
    let left = truncate(&left, total.saturating_sub(fixed));
    let pad = total.saturating_sub(width(&left) + badge_width + width(&right));
    let mut spans = vec![Span::raw(left), Span::raw(" ".repeat(pad))];
    if !badge.is_empty() {
        spans.push(Span::styled(badge, theme.badge()));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::raw(right));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.header()),
        area,
    );
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let mut entries = keymap::footer(app.context(), |a| app.relevant(a));
    if app.walk.as_ref().is_some_and(|w| w.read_only.is_some()) {
        let context = app.context();
        entries.retain(|e| !keymap::changes_walk(context, e.2));
    }
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

/// Why quitting asks: what would be left behind.
fn quit_message(app: &App) -> String {
    let walk = app.walk.as_ref();
    let stale = match walk.and_then(|w| w.last_export.as_ref()) {
        Some(path) => format!(
            "The export {} is older than the last change.",
            path.display()
        ),
        None => "The checklist has progress that is not exported.".to_string(),
    };
    match walk.and_then(|w| w.session_id()) {
        Some(id) => format!("{stale} The session is saved ({id})."),
        None => stale,
    }
}
