//! The questions of a draft: the version, when the article names versions
//! (its answers feed the article's `requires`, so the applicability
//! warning works), then a text question per placeholder.

use super::article::ParsedArticle;
use super::text::{Placeholder, guard_braces};
use crate::tree::*;

const VERSION_QUESTION: &str = "version";

/// The questions, chained in order to `outcome`, and what the article
/// applies to.
pub struct Asked {
    pub questions: Vec<Question>,
    pub applies_to: Applicability,
    /// The first question, or the outcome when there is none.
    pub start: String,
}

pub fn questions(a: &ParsedArticle, found: &[Placeholder], outcome: &str) -> Asked {
    let number = a.number.as_str();
    let mut questions: Vec<Question> = Vec::new();
    let mut requires = Vec::new();
    let versions: Vec<(String, String)> = a
        .applies
        .iter()
        .flat_map(|ap| {
            ap.versions.iter().map(move |v| {
                let label = if a.applies.len() > 1 {
                    format!("{} {v}", ap.product)
                } else {
                    v.clone()
                };
                (id_part(&label), label)
            })
        })
        .fold(Vec::new(), |mut acc, (id, label)| {
            if !acc.iter().any(|(i, _): &(String, String)| *i == id) {
                acc.push((id, label));
            }
            acc
        });
    let product = a.applies.first().map(|ap| ap.product.clone());
    if !versions.is_empty() {
        let product_name = product.clone().unwrap_or_else(|| "the product".to_string());
        let labels: Vec<String> = versions.iter().map(|(_, l)| l.clone()).collect();
        requires.push(Requirement {
            label: guard_braces(&format!("{product_name} {}", or_list(&labels))),
            when: Condition {
                question: Some(VERSION_QUESTION.to_string()),
                is: Some(versions.iter().map(|(id, _)| id.clone()).collect()),
                ..Default::default()
            },
        });
        let mut choices: Vec<Choice> = versions
            .iter()
            .map(|(id, label)| Choice {
                id: id.clone(),
                label: guard_braces(label),
                next: None,
            })
            .collect();
        choices.push(Choice {
            id: "other".to_string(),
            label: "Another version".to_string(),
            next: None,
        });
        let lines: Vec<&str> = a.applies.iter().map(|ap| ap.line.as_str()).collect();
        questions.push(Question {
            id: VERSION_QUESTION.to_string(),
            kind: QuestionKind::Choice,
            text: guard_braces(&format!("Which version of {product_name} is it?")),
            help: guard_braces(&format!("{number} applies to: {}.", lines.join("; "))),
            choices,
            yes: None,
            no: None,
            pattern: None,
            pattern_hint: None,
            normalize: None,
            min: None,
            max: None,
            unit: None,
            next: None,
            branches: Vec::new(),
            probe: None,
        });
    }
    let mut asked: Vec<&str> = Vec::new();
    for p in found {
        if asked.contains(&p.variable.as_str()) {
            continue;
        }
        asked.push(&p.variable);
        let (pattern, hint) = pattern_for(&p.variable);
        let written: Vec<&str> = found
            .iter()
            .filter(|q| q.variable == p.variable)
            .map(|q| q.written.as_str())
            .collect();
        let meaning = p
            .meaning
            .as_deref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default();
        questions.push(Question {
            id: p.variable.clone(),
            kind: QuestionKind::Text,
            text: guard_braces(&format!("What is {}{meaning}?", written.join(" / "))),
            help: guard_braces(&format!(
                "{number} writes {} where your own value goes; the steps use your answer.",
                written.join(" and ")
            )),
            choices: Vec::new(),
            yes: None,
            no: None,
            pattern: pattern.map(str::to_string),
            pattern_hint: hint.map(str::to_string),
            normalize: None,
            min: None,
            max: None,
            unit: None,
            next: None,
            branches: Vec::new(),
            probe: None,
        });
    }
    let chain: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
    for (i, q) in questions.iter_mut().enumerate() {
        q.next = Some(
            chain
                .get(i + 1)
                .cloned()
                .unwrap_or_else(|| outcome.to_string()),
        );
    }
    let start = chain
        .first()
        .cloned()
        .unwrap_or_else(|| outcome.to_string());

    Asked {
        questions,
        applies_to: Applicability {
            product,
            versions: versions.iter().map(|(_, l)| l.clone()).collect(),
            os: Vec::new(),
            requires,
        },
        start,
    }
}

fn id_part(version: &str) -> String {
    let mut id = String::from("v");
    for c in version.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('_') {
            id.push('_');
        }
    }
    id.trim_end_matches('_').to_string()
}

/// "1.0, 1.1 or 1.2".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn pattern_for(variable: &str) -> (Option<&'static str>, Option<&'static str>) {
    if variable.ends_with("site_code") {
        (
            Some("[A-Za-z0-9]{3}"),
            Some("three letters or digits, e.g. S01"),
        )
    } else if variable.ends_with("drive") {
        (Some("[A-Za-z]"), Some("a drive letter, e.g. C"))
    } else {
        (None, None)
    }
}
