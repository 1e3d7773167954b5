//! Inputs in words, one sentence per kind of input: for a session's
//! timeline, with the walk at hand, and for warnings about a journal, where
//! the tree may not be, naming things by id.

use crate::checklist::Item;
use crate::engine::{AnswerSource, Input, Session};

use super::{Style, shorten, verified_word, yes_no};

/// The walk an input belongs to, when it is at hand: questions are then
/// named by their text, options by their title and steps by their number.
#[derive(Clone, Copy)]
struct Walk<'a> {
    session: &'a Session,
    items: &'a [Item<'a>],
}

/// How a step is named: its number and the start of its text, or its id
/// when the walk is not at hand or no longer has it.
fn step_name(walk: Option<Walk<'_>>, id: &str, style: Style) -> String {
    let item = walk.and_then(|w| w.items.iter().find(|i| i.step.id == id).map(|i| (w, i)));
    match item {
        Some((w, i)) => format!(
            "Step {} ({})",
            i.number,
            shorten(&w.session.fill(&i.step.text), 50, style)
        ),
        None => format!("Step {}", (style.code)(id)),
    }
}

/// One input in words, as a session's timeline shows it, with the
/// question's text, the choice's label and the step's number.
pub fn describe_input(
    session: &Session,
    items: &[Item<'_>],
    input: &Input,
    style: Style,
) -> String {
    describe(input, Some(Walk { session, items }), style)
}

/// One input in words without its tree, for warnings about a journal and
/// `sessions show`: ``Answered `site_code`: "S01"``. The same sentences as
/// [`describe_input`], naming questions, options and steps by id.
pub fn describe_input_briefly(input: &Input) -> String {
    describe(input, None, Style::JOURNAL)
}

fn describe(input: &Input, walk: Option<Walk<'_>>, style: Style) -> String {
    match input {
        Input::Answer {
            question,
            value,
            source,
        } => {
            let known = walk.and_then(|w| w.session.tree().question(question).map(|q| (w, q)));
            let Some((w, q)) = known else {
                return format!(
                    "Answered {}: \"{}\"",
                    (style.code)(question),
                    (style.text)(value)
                );
            };
            let by_probe = match source {
                AnswerSource::Probe(e) if e.imported => " (from imported probe evidence)",
                AnswerSource::Probe(_) => " (from a probe)",
                _ => "",
            };
            format!(
                "Answered \"{}\": {}{by_probe}",
                shorten(&w.session.fill(&q.text), 70, style),
                (style.text)(&q.value_label(value))
            )
        }
        Input::Back => "Went back to the previous question".to_string(),
        Input::ChooseAlternative { alternative: None } => {
            "Cleared the choice of option".to_string()
        }
        Input::ChooseAlternative {
            alternative: Some(a),
        } => {
            let title = walk.and_then(|w| {
                w.session
                    .outcome()
                    .and_then(|o| o.alternatives.iter().find(|x| &x.id == a))
                    .map(|x| w.session.fill(&x.title))
            });
            match title {
                Some(t) => format!("Chose the option \"{}\"", (style.text)(&t)),
                None => format!("Chose the option {}", (style.code)(a)),
            }
        }
        Input::SetStepStatus { step, status, .. } => format!(
            "{}: marked {}",
            step_name(walk, step, style),
            (style.strong)(status.label())
        ),
        Input::AnswerStepCondition { step, holds, .. } => format!(
            "{}: condition answered {}",
            step_name(walk, step, style),
            yes_no(*holds)
        ),
        Input::SetStepNote { step, note, .. } if note.trim().is_empty() => {
            format!("{}: note cleared", step_name(walk, step, style))
        }
        Input::SetStepNote { step, note, .. } => format!(
            "{}: note \"{}\"",
            step_name(walk, step, style),
            shorten(note, 80, style)
        ),
        Input::StartWait { step, .. } => {
            format!("{}: wait started", step_name(walk, step, style))
        }
        Input::VerifyStep { step, verified, .. } => format!(
            "{}: {} by probe",
            step_name(walk, step, style),
            verified_word(*verified, "not decided")
        ),
    }
}
