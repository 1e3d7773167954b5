//! Answers as the format defines them: parsing a typed value for a question.

use super::YesNo;
use regex::Regex;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{Normalize, Question, QuestionKind};

/// An answer's value, typed by its question's kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// A choice id, or `yes` / `no`.
    Choice(String),
    Text(String),
    Number(f64),
}

impl AnswerValue {
    /// The value as an operator would type it.
    pub fn raw(&self) -> String {
        match self {
            AnswerValue::Choice(s) | AnswerValue::Text(s) => s.clone(),
            AnswerValue::Number(n) => format_number(*n),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum AnswerError {
    #[error("`{value}` is not an answer to `{question}`; expected one of: {}", valid.join(", "))]
    InvalidChoice {
        question: String,
        value: String,
        valid: Vec<String>,
    },
    #[error("`{value}` does not fit `{question}`: expected {expected}")]
    InvalidText {
        question: String,
        value: String,
        expected: String,
    },
    #[error("`{value}` is not a number for `{question}`{}", range.as_ref().map(|r| format!(" ({r})")).unwrap_or_default())]
    InvalidNumber {
        question: String,
        value: String,
        range: Option<String>,
    },
}

fn invalid_choice(q: &Question, value: &str) -> AnswerError {
    AnswerError::InvalidChoice {
        question: q.id.clone(),
        value: value.to_string(),
        valid: q.choice_values().into_iter().map(str::to_string).collect(),
    }
}

/// Parses a typed value for a question, or says what was expected.
pub fn parse_answer(q: &Question, value: &str) -> Result<AnswerValue, AnswerError> {
    let value = value.trim();
    match q.kind {
        QuestionKind::YesNo => match YesNo::parse_typed(value) {
            Some(v) => Ok(AnswerValue::Choice(v.as_str().to_string())),
            None => Err(invalid_choice(q, value)),
        },
        QuestionKind::Choice => {
            if q.choice(value).is_some() {
                Ok(AnswerValue::Choice(value.to_string()))
            } else {
                Err(invalid_choice(q, value))
            }
        }
        QuestionKind::Text => {
            let normal = normalize(q.normalize, value);
            let value = normal.as_str();
            if let Some(p) = &q.pattern {
                let anchored = format!("^(?:{p})$");
                let ok = Regex::new(&anchored).is_ok_and(|re| re.is_match(value));
                if !ok {
                    return Err(AnswerError::InvalidText {
                        question: q.id.clone(),
                        value: value.to_string(),
                        expected: q
                            .pattern_hint
                            .clone()
                            .unwrap_or_else(|| format!("text matching `{p}`")),
                    });
                }
            } else if value.is_empty() {
                return Err(AnswerError::InvalidText {
                    question: q.id.clone(),
                    value: value.to_string(),
                    expected: "some text".into(),
                });
            }
            Ok(AnswerValue::Text(value.to_string()))
        }
        QuestionKind::Number => {
            let range = match (q.min, q.max) {
                (Some(lo), Some(hi)) => Some(format!(
                    "from {} to {}",
                    format_number(lo),
                    format_number(hi)
                )),
                (Some(lo), None) => Some(format!("at least {}", format_number(lo))),
                (None, Some(hi)) => Some(format!("at most {}", format_number(hi))),
                (None, None) => None,
            };
            let bad = || AnswerError::InvalidNumber {
                question: q.id.clone(),
                value: value.to_string(),
                range: range.clone(),
            };
            let n: f64 = value.parse().map_err(|_| bad())?;
            if !n.is_finite() || q.min.is_some_and(|lo| n < lo) || q.max.is_some_and(|hi| n > hi) {
                return Err(bad());
            }
            Ok(AnswerValue::Number(n))
        }
    }
}

/// A typed text value in the standard form its question asks for.
pub fn normalize(how: Option<Normalize>, value: &str) -> String {
    let value = value.trim();
    match how {
        None | Some(Normalize::Trim) => value.to_string(),
        Some(Normalize::Upper) => value.to_uppercase(),
        Some(Normalize::Drive) => {
            let bare = value.trim_end_matches(['\\', '/']);
            let bare = bare.strip_suffix(':').unwrap_or(bare);
            bare.trim().to_uppercase()
        }
    }
}
