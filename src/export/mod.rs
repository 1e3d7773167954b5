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
    /// Answers whose evidence differed when the wizard's probes looked
    /// again (`r`): the diagnosis and its steps may rest on stale evidence.
    pub evidence_changed: Vec<EvidenceChanged>,
}

/// An answer whose evidence changed on a second look, as the export says it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceChanged {
    /// The question's id.
    pub question: String,
    /// What the second look saw.
    pub saw: String,
    /// Unix seconds of the second look.
    pub at: i64,
    /// The answer the second look proposes, when it differs.
    pub proposes: Option<String>,
}

impl EvidenceChanged {
    /// One sentence for a warning, each untrusted part passed through `quote`.
    pub fn text(&self, session: &crate::engine::Session, quote: impl Fn(&str) -> String) -> String {
        let question = session
            .tree()
            .question(&self.question)
            .map_or_else(|| self.question.clone(), |q| session.fill(&q.text));
        let given = session
            .tree()
            .question(&self.question)
            .zip(session.answer(&self.question))
            .map(|(q, a)| session.answer_label(q, a));
        let mut text = format!(
            "Evidence changed when the probes looked again at {}: the answer{} to {} rests on what the probe no longer sees; it now sees {}",
            format_utc(self.at),
            given.map(|g| format!(" {}", quote(&g))).unwrap_or_default(),
            quote(question.trim()),
            quote(&self.saw),
        );
        if let Some(p) = &self.proposes {
            text.push_str(&format!(" and proposes {}", quote(p)));
        }
        text.push_str(". Check it before the steps that use it.");
        text
    }
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
