//! Everything a person reads about a walk, worded once: answer labels,
//! where an answer came from, why a cause was ruled out, what a step's
//! condition does, verification verdicts, waits and inputs in words.
//!
//! Pure functions of the session and the tree. They return plain text; a
//! caller that writes a format with markup (Markdown) passes a [`Style`]
//! that escapes the untrusted parts (tree text, answers, probe output) as
//! that format needs.

mod input;
mod wait;
mod warnings;

pub use input::{describe_input, describe_input_briefly};
pub use wait::{RunningWait, WaitState, human_duration, running_waits, wait_plan, wait_progress};
pub use warnings::{
    applicability_text, evidence_changed_text, outcome_headline, step_warned_articles,
    step_warning_text,
};

use crate::checklist::Item;
use crate::engine::{Answer, AnswerSource, CauseState, RuledOutBy, Session};
use crate::text::printable;
use crate::time::format_utc;
use crate::tree::YesNo;
use crate::tree::{ConditionAction, Question, QuestionKind};

/// How the untrusted parts of a phrase are written: `text` for prose
/// (answers, notes, tree text), `code` for identifiers, paths and log lines.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub text: fn(&str) -> String,
    pub code: fn(&str) -> String,
    /// Emphasis for words kbwalk itself writes (a step's new status).
    pub strong: fn(&str) -> String,
}

impl Style {
    /// As it is: for the terminal, which strips controls itself, and JSON.
    pub const PLAIN: Style = Style {
        text: str::to_string,
        code: str::to_string,
        strong: str::to_string,
    };

    /// For lines about a journal read without its tree: ids in backticks,
    /// and what was typed with its controls and quotes escaped, so that it
    /// cannot end the quotes around it or reach the terminal.
    pub const JOURNAL: Style = Style {
        text: escape_for_quotes,
        code: in_backticks,
        strong: str::to_string,
    };
}

fn escape_for_quotes(s: &str) -> String {
    s.escape_debug().to_string()
}

fn in_backticks(s: &str) -> String {
    format!("`{}`", s.escape_debug())
}

/// How an answer reads: a choice's label, `Yes`/`No`, else the value.
pub fn answer_label(q: &Question, a: &Answer) -> String {
    q.value_label(&a.value.raw())
}

/// How a proposed or typed value reads: as [`answer_label`], with a number
/// question's unit after the number.
pub fn value_label(q: &Question, value: &str) -> String {
    match (q.kind, &q.unit) {
        (QuestionKind::Number, Some(unit)) => format!("{value} {unit}"),
        (QuestionKind::Number, None)
        | (QuestionKind::YesNo | QuestionKind::Choice | QuestionKind::Text, _) => {
            q.value_label(value)
        }
    }
}

/// `yes` or `no`, as a condition's answer is written in running text.
pub fn yes_no(holds: bool) -> &'static str {
    YesNo::from_bool(holds).as_str()
}

/// `Yes` or `No`, as a condition's answer is written on its own.
pub fn yes_no_title(holds: bool) -> &'static str {
    YesNo::from_bool(holds).title()
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
        _ => printable(t),
    })
}

/// The short mark after an answer in a list of answers: ` (probe)`, ` (symptom)`.
pub fn source_tag(source: &AnswerSource) -> &'static str {
    match source {
        AnswerSource::Symptom(_) => " (symptom)",
        AnswerSource::Probe(e) if e.imported => " (imported evidence)",
        AnswerSource::Probe(_) => " (probe)",
        AnswerSource::Operator => "",
    }
}

/// Why a cause was ruled out, in a sentence.
pub fn ruled_out_reason(session: &Session, by: &RuledOutBy) -> String {
    match by {
        RuledOutBy::Symptom => "not on the path of the symptom and answers given".to_string(),
        RuledOutBy::Answer { question, .. } => {
            let tree = session.tree();
            match (tree.question(question), session.answer(question)) {
                (Some(q), Some(a)) => format!(
                    "ruled out by the answer \"{}\" to \"{}\"",
                    answer_label(q, a),
                    q.text.trim()
                ),
                _ => format!("ruled out by the answer to `{question}`"),
            }
        }
    }
}

/// Why a cause was ruled out, short enough to head a group in a side panel.
pub fn ruled_out_by(session: &Session, by: &RuledOutBy) -> String {
    match by {
        RuledOutBy::Symptom => "by the symptom chosen:".into(),
        RuledOutBy::Answer { question, value } => {
            let tree = session.tree();
            match (tree.question(question), session.answer(question)) {
                (Some(q), Some(a)) => {
                    format!("by \"{}\" to \"{}\":", answer_label(q, a), q.text.trim())
                }
                _ => format!("by the answer {value} to {question}:"),
            }
        }
    }
}

/// A cause ruled out: its id, title and [`ruled_out_reason`].
#[derive(Debug, Clone, PartialEq)]
pub struct RuledOut {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// The causes ruled out, with the reason for each.
pub fn ruled_out(session: &Session) -> Vec<RuledOut> {
    session
        .causes()
        .into_iter()
        .filter_map(|(c, state)| match state {
            CauseState::RuledOut(by) => Some(RuledOut {
                id: c.id.clone(),
                title: c.title.clone(),
                reason: ruled_out_reason(session, &by),
            }),
            _ => None,
        })
        .collect()
}

/// What an answer to a step's condition does: the tree's own `then`, and
/// what it does to the list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Consequence {
    /// The tree's `then`, variables filled in.
    pub then: Option<String>,
    /// "Go on at step 6.", "This step is not needed.", "Do not continue this procedure."
    pub effects: Vec<String>,
}

impl Consequence {
    /// The whole consequence in one line, `then` first; `None` when it does nothing.
    pub fn text(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .then
            .as_deref()
            .into_iter()
            .chain(self.effects.iter().map(String::as_str))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// What answering a step's condition with `action`'s side does. A `skip_to`
/// names the step by its number in `items`, or by its id when it is not there.
pub fn condition_consequence(
    session: &Session,
    items: &[Item<'_>],
    action: &ConditionAction,
) -> Consequence {
    let mut effects = Vec::new();
    if let Some(to) = &action.skip_to {
        let number = items
            .iter()
            .find(|i| &i.step.id == to)
            .map_or(to.as_str(), |i| i.number.as_str());
        effects.push(format!("Go on at step {number}."));
    }
    if action.skip_step {
        effects.push("This step is not needed.".into());
    }
    if action.stop {
        effects.push("Do not continue this procedure.".into());
    }
    Consequence {
        then: action.then.as_deref().map(|t| session.fill(t)),
        effects,
    }
}

/// What a step's verification probes concluded, as a verdict.
pub fn verification_verdict(verified: Option<bool>, imported: bool) -> &'static str {
    match (verified, imported) {
        (Some(true), false) => "Verified by probe",
        (Some(true), true) => "Verified by imported evidence, not observed by kbwalk",
        (Some(false), _) => "Not verified: the probe saw otherwise",
        (None, _) => "Could not be verified by probe",
    }
}

/// A verification's outcome in a few words; `undecided` is the word for none.
pub fn verified_word(verified: Option<bool>, undecided: &'static str) -> &'static str {
    match verified {
        Some(true) => "verified",
        Some(false) => "not verified",
        None => undecided,
    }
}

/// At most `max` characters of `text` on one line, with an ellipsis when
/// cut; cut before `style` escapes, so that no escape is cut in half.
pub fn shorten(text: &str, max: usize, style: Style) -> String {
    let text = crate::text::one_line(text);
    if text.chars().count() <= max {
        return (style.text)(&text);
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", (style.text)(cut.trim_end()))
}
