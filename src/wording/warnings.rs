//! Warnings that qualify a diagnosis: an article whose applicability the
//! answers contradict, and evidence that changed on a re-run. The diagnosis,
//! the checklist and the exports word them the same way.

use super::Style;
use crate::engine::ApplicabilityWarning;
use crate::tree::{Outcome, OutcomeKind, Step};

/// "Q183347 applies to SMS 1.0–1.2, but you answered "2.0" to "Version?"."
pub fn applicability_text(warning: &ApplicabilityWarning, style: Style) -> String {
    let answers: Vec<String> = warning
        .answers
        .iter()
        .map(|(q, a)| format!("\"{}\" to \"{}\"", (style.text)(a), (style.text)(q.trim())))
        .collect();
    format!(
        "{} applies to {}, but you answered {}.",
        (style.code)(&warning.article),
        (style.text)(&warning.requirement),
        answers.join(" and ")
    )
}

/// The headline of an outcome's kind, qualified when a warning holds: a
/// cause found under a warning is not simply "follow the workaround".
pub fn outcome_headline(kind: OutcomeKind, warned: bool) -> &'static str {
    match (kind, warned) {
        (OutcomeKind::Cause, false) => "CAUSE FOUND: follow the workaround",
        (OutcomeKind::Cause, true) => "CAUSE FOUND, WITH A WARNING: check it first",
        (OutcomeKind::Benign, _) => "SAFE TO IGNORE: no action needed",
        (OutcomeKind::NoFix, false) => "KNOWN PROBLEM, NO FIX: gather information",
        (OutcomeKind::NoFix, true) => "KNOWN PROBLEM, NO FIX, WITH A WARNING",
        (OutcomeKind::Unknown, _) => "NO KNOWN CAUSE: gather data and escalate",
        (OutcomeKind::Reference, _) => "REFERENCE: the article describes no problem",
    }
}

/// The warned articles a step rests on: the article it cites, or (citing
/// none) every article of its outcome.
pub fn step_warned_articles<'a>(
    warnings: &'a [ApplicabilityWarning],
    outcome: &Outcome,
    step: &Step,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for w in warnings {
        let cited = match &step.source {
            Some(src) => src.article == w.article,
            None => outcome.articles.iter().any(|a| a.article == w.article),
        };
        if cited && !out.contains(&w.article.as_str()) {
            out.push(&w.article);
        }
    }
    out
}

/// What a step marked by the checklist's warnings says under it.
pub fn step_warning_text(articles: &[&str], changed_answers: Option<&str>) -> Option<String> {
    let mut parts = Vec::new();
    if !articles.is_empty() {
        parts.push(format!(
            "{} may not apply to this system (see the warning above)",
            articles.join(", ")
        ));
    }
    if let Some(qs) = changed_answers {
        parts.push(format!(
            "uses the answer to {qs}, whose evidence changed: check before doing it"
        ));
    }
    if parts.is_empty() {
        return None;
    }
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    Some(text)
}

/// The banner line for evidence that changed on the last re-run.
pub fn evidence_changed_text(answers: usize) -> String {
    let noun = if answers == 1 { "answer" } else { "answers" };
    format!(
        "Evidence changed on the re-run for {answers} {noun} the diagnosis rests on: go back (Esc) and check; steps that use them are marked ⚠."
    )
}
