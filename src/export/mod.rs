//! Exports of a session: a Markdown checklist for the ticket, and JSON for scripts.
//!
//! Both are pure functions of the session and an [`ExportMeta`]; the caller
//! supplies the time.

mod json;
mod markdown;

pub use crate::tree::answers_file::REPLAY_TAG;
pub use json::{outcome_json, question_json, session_json};
pub use markdown::{human_duration, markdown, markdown_with_timeline};

use crate::engine::{AnswerSource, CauseState, Input, RuledOutBy, Session};

/// What the export needs from outside the session.
#[derive(Debug, Clone, Default)]
pub struct ExportMeta {
    /// Unix seconds of the export.
    pub exported_at: i64,
    pub operator: Option<String>,
}

/// Who did what and when during a stored session, for a postmortem. The
/// store builds it from the session's journal; exports render it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// Unix seconds.
    pub started_at: i64,
    pub started_by: String,
    /// In the order they happened.
    pub events: Vec<TimelineEvent>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// Unix seconds.
    pub at: i64,
    pub by: String,
    pub what: TimelineWhat,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimelineWhat {
    Input(Input),
    /// An input that was recorded but that the tree, as it is now, refuses.
    Unfit {
        input: Input,
        reason: String,
    },
    /// Something about the session itself, e.g. that its tree changed.
    Remark(String),
}

impl Timeline {
    /// When the last thing happened (the start, if nothing did since).
    pub fn last_at(&self) -> i64 {
        self.events.last().map_or(self.started_at, |e| e.at)
    }

    /// Seconds from the start to the last thing that happened.
    pub fn elapsed(&self) -> i64 {
        (self.last_at() - self.started_at).max(0)
    }

    /// Everyone who took part, the one who started first.
    pub fn operators(&self) -> Vec<&str> {
        let mut out = vec![self.started_by.as_str()];
        for e in &self.events {
            if !out.contains(&e.by.as_str()) {
                out.push(&e.by);
            }
        }
        out
    }
}

/// `45 s`, `12 min`, `1 h 05 min`, `2 d 3 h` from seconds.
pub fn format_elapsed(secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m:02} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{secs} s")
    }
}

/// `2026-11-22 14:05 UTC` from Unix seconds (civil calendar, no time zone data needed).
pub fn format_utc(secs: i64) -> String {
    let (year, month, day, hour, minute, _) = civil(secs);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

/// Year, month, day, hour, minute and second in UTC of Unix seconds.
pub fn civil(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, rem / 3600, rem % 3600 / 60, rem % 60)
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
    fn formats_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_795_000_000), "2026-11-18 11:06 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn formats_elapsed_times() {
        assert_eq!(format_elapsed(42), "42 s");
        assert_eq!(format_elapsed(12 * 60 + 5), "12 min");
        assert_eq!(format_elapsed(3600 + 5 * 60), "1 h 05 min");
        assert_eq!(format_elapsed(2 * 86_400 + 3 * 3600), "2 d 3 h");
    }

    #[test]
    fn strips_terminal_escapes() {
        assert_eq!(strip_controls("a\u{1b}[31mb\u{0}c\nd"), "a[31mbc\nd");
    }
}
