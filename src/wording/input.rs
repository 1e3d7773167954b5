//! Inputs in words: in full for a session's timeline, briefly for warnings
//! about a journal, where the tree may not be at hand.

use crate::checklist::Item;
use crate::engine::{AnswerSource, Input, Session};

use super::{Style, shorten, verified_word, yes_no};

/// How a step is named in a timeline: its number and the start of its text.
fn step_name(session: &Session, items: &[Item<'_>], id: &str, style: Style) -> String {
    match items.iter().find(|i| i.step.id == id) {
        Some(i) => format!(
            "Step {} ({})",
            i.number,
            shorten(&session.fill(&i.step.text), 50, style)
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
    let tree = session.tree();
    match input {
        Input::Answer {
            question,
            value,
            source,
        } => {
            let Some(q) = tree.question(question) else {
                return format!(
                    "Answered {}: {}",
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
                shorten(&session.fill(&q.text), 70, style),
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
            let title = session
                .outcome()
                .and_then(|o| o.alternatives.iter().find(|x| &x.id == a))
                .map(|x| session.fill(&x.title))
                .unwrap_or_else(|| a.clone());
            format!("Chose the option \"{}\"", (style.text)(&title))
        }
        Input::SetStepStatus { step, status, .. } => format!(
            "{}: marked {}",
            step_name(session, items, step, style),
            (style.strong)(status.label())
        ),
        Input::AnswerStepCondition { step, holds, .. } => format!(
            "{}: condition answered {}",
            step_name(session, items, step, style),
            yes_no(*holds)
        ),
        Input::SetStepNote { step, note, .. } if note.trim().is_empty() => {
            format!("{}: note cleared", step_name(session, items, step, style))
        }
        Input::SetStepNote { step, note, .. } => format!(
            "{}: note \"{}\"",
            step_name(session, items, step, style),
            shorten(note, 80, style)
        ),
        Input::StartWait { step, .. } => {
            format!("{}: wait started", step_name(session, items, step, style))
        }
        Input::VerifyStep { step, verified, .. } => format!(
            "{}: {} by probe",
            step_name(session, items, step, style),
            verified_word(*verified, "not decided")
        ),
    }
}

/// One input in words without its tree, for warnings about a journal and
/// `sessions show`: `answer to \`site_code\`: "S01"`.
pub fn describe_input_briefly(input: &Input) -> String {
    match input {
        Input::Answer {
            question, value, ..
        } => format!("answer to `{question}`: {value:?}"),
        Input::Back => "back".to_string(),
        Input::ChooseAlternative {
            alternative: Some(a),
        } => format!("choice of option `{a}`"),
        Input::ChooseAlternative { alternative: None } => "option choice cleared".to_string(),
        Input::SetStepStatus { step, status, .. } => {
            format!("step `{step}` marked {}", status.label())
        }
        Input::AnswerStepCondition { step, holds, .. } => {
            format!("condition of step `{step}` answered {}", yes_no(*holds))
        }
        Input::SetStepNote { step, .. } => format!("note on step `{step}`"),
        Input::StartWait { step, .. } => format!("wait of step `{step}` started"),
        Input::VerifyStep { step, verified, .. } => format!(
            "verification of step `{step}`: {}",
            verified_word(*verified, "undecided")
        ),
    }
}
