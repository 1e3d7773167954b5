//! Exports of a session: a Markdown checklist for the ticket, and JSON for scripts.
//!
//! Both are pure functions of the session and an [`ExportMeta`]; the caller
//! supplies the time.

mod json;
mod markdown;

pub use crate::tree::answers_file::REPLAY_TAG;
pub use json::{outcome_json, question_json, session_json};
pub use markdown::{human_duration, markdown, markdown_with_timeline};

use crate::engine::{AnswerSource, CauseState, RuledOutBy, Session};
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

/// How an answer's source reads in an export; `code` writes a path or a
/// log line (a code span in Markdown, the text itself in JSON).
pub fn source_text(source: &AnswerSource, code: impl Fn(&str) -> String) -> String {
    match source {
        AnswerSource::Operator => "operator".to_string(),
        AnswerSource::Symptom(id) => format!("symptom {}", code(id)),
        AnswerSource::Probe(e) => format!(
            "{} at {}: looked at {}; saw {}",
            if e.imported {
                "imported, not observed by kbwalk: probe evidence given"
            } else {
                "probe"
            },
            format_utc(e.at),
            code(&e.looked_at),
            code(&e.saw)
        ),
    }
}

/// How an answer's source reads in the JSON export.
pub fn source_label(source: &AnswerSource) -> String {
    source_text(source, |t| match source {
        AnswerSource::Symptom(_) => format!("`{t}`"),
        _ => strip_controls(t),
    })
}

/// Why a cause was ruled out, in words.
pub fn ruled_out_reason(session: &Session, by: &RuledOutBy) -> String {
    match by {
        RuledOutBy::Symptom => "not on the path of the symptom and answers given".to_string(),
        RuledOutBy::Answer { question, .. } => {
            let tree = session.tree();
            match (tree.question(question), session.answer(question)) {
                (Some(q), Some(a)) => format!(
                    "ruled out by the answer \"{}\" to \"{}\"",
                    session.answer_label(q, a),
                    q.text.trim()
                ),
                _ => format!("ruled out by the answer to `{question}`"),
            }
        }
    }
}

/// The causes ruled out, with the reason for each.
pub fn ruled_out(session: &Session) -> Vec<(String, String, String)> {
    session
        .causes()
        .into_iter()
        .filter_map(|(c, state)| match state {
            CauseState::RuledOut(by) => Some((
                c.id.clone(),
                c.title.clone(),
                ruled_out_reason(session, &by),
            )),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_terminal_escapes() {
        assert_eq!(strip_controls("a\u{1b}[31mb\u{0}c\nd"), "a[31mbc\nd");
    }
}
