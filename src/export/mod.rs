//! Exports of a session: a Markdown checklist for the ticket, the same in
//! plain text for ticket tools that do not render Markdown, and JSON for scripts.
//!
//! Both are pure functions of the session and an [`ExportMeta`]; the caller
//! supplies the time.

mod json;
mod markdown;
mod text;

pub use crate::tree::answers_file::REPLAY_TAG;
pub use crate::wording::{human_duration, ruled_out_reason, source_label, source_text};
pub use json::{outcome_json, question_json, session_json};
pub use markdown::{markdown, markdown_with_timeline};
pub use text::text;

pub use crate::time::{civil, format_elapsed, format_utc};
pub use crate::timeline::{Timeline, TimelineEvent, TimelineWhat};

/// What the export needs from outside the session.
#[derive(Debug, Clone, Default)]
pub struct ExportMeta {
    /// Unix seconds of the export.
    pub exported_at: i64,
    pub operator: Option<String>,
}

/// Removes control characters (terminal escapes, NULs) and hidden characters
/// (BiDi overrides, zero-width) from text read from outside, keeping tabs and
/// newlines.
pub fn strip_controls(text: &str) -> String {
    crate::text::printable(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_terminal_escapes() {
        assert_eq!(strip_controls("a\u{1b}[31mb\u{0}c\nd"), "a[31mbc\nd");
    }
}
