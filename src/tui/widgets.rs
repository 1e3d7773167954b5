//! Drawing helpers every screen uses: bordered panels, the side-panel split,
//! clipping and hanging indents, centred overlays and the "more below" mark.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::text::{truncate, width, wrap};
use super::theme::Theme;

/// The side panel shows from this width on.
pub const SIDE_PANEL_MIN_WIDTH: u16 = 80;

/// A block with a title, borders drawn only when there is room for content.
pub(crate) fn panel<'a>(title: String, theme: Theme, focus: bool) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(if focus {
            theme.focus_border()
        } else {
            theme.border()
        })
        .title(Span::styled(title, theme.title()))
}

/// The widest a panel of running text gets, borders included: lines much
/// longer than 100 characters are hard to read on a wide terminal.
pub const READING_WIDTH: u16 = 104;

/// A column of at most [`READING_WIDTH`], centred in `area`.
pub(crate) fn reading_column(area: Rect) -> Rect {
    let w = area.width.min(READING_WIDTH);
    Rect::new(area.x + (area.width - w) / 2, area.y, w, area.height)
}

/// Splits off the side panel when the width allows it. On a wide terminal
/// the main panel keeps to [`READING_WIDTH`] and the side panel follows it.
pub(crate) fn split_side(area: Rect) -> (Rect, Option<Rect>) {
    if area.width < SIDE_PANEL_MIN_WIDTH {
        return (area, None);
    }
    let side = (area.width * 2 / 5).clamp(30, 56);
    let main = area.width.saturating_sub(side).min(READING_WIDTH);
    let [main, side, _] = Layout::horizontal([
        Constraint::Length(main),
        Constraint::Length(side),
        Constraint::Min(0),
    ])
    .areas(area);
    (main, Some(side))
}

/// Keeps the first `height` lines, marking the cut.
pub(crate) fn clip(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let h = height as usize;
    if lines.len() > h && h > 0 {
        lines.truncate(h - 1);
        lines.push(Line::raw("…"));
    }
    lines
}

/// Keeps the last `height` lines, marking the cut: the latest answers matter most.
pub(crate) fn clip_top(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
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
pub(crate) fn hanging(
    prefix: &str,
    text: &str,
    w: usize,
    style: Style,
    max: usize,
) -> Vec<Line<'static>> {
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

/// A centred rectangle of at most `w` × `h` within `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A marker on the bottom edge of `area` saying that more lies below.
/// Points to the details view from the bottom-left of a frame whose
/// content is cut or whose side panel is dropped: `key` opens it.
pub(crate) fn details_hint(frame: &mut Frame, theme: Theme, area: Rect, key: &str) {
    let text = format!(" {key}: details ");
    let w = width(&text) as u16;
    // Leave the bottom-right corner to "↓ more".
    if area.height < 2 || area.width < w + 16 {
        return;
    }
    let at = Rect::new(area.x + 1, area.y + area.height - 1, w, 1);
    frame.render_widget(Paragraph::new(Span::styled(text, theme.key())), at);
}

pub(crate) fn more_below(frame: &mut Frame, theme: Theme, area: Rect, text: &str) {
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

/// Lines already cut to the width of `area` (as [`wrap`] and [`hanging`]
/// make them), one per row from the top: a `Paragraph` would lay each out
/// again, and a checklist of hundreds of steps is drawn at every tick.
pub fn draw_lines(frame: &mut Frame, lines: &[Line<'_>], area: Rect) {
    let buf = frame.buffer_mut();
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        buf.set_line(area.x, y, line, area.width);
    }
}
