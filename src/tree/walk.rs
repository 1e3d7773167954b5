//! What a tree means for a walk, as methods on the model: where a question
//! leads, which values it accepts, every step of an outcome, how long a
//! wait is. The engine, the validator, the links and the wizard all ask
//! these, so each is written once here.

use super::model::{Choice, Outcome, Question, QuestionKind, Step, Wait};

/// Parses `30m`, `24h`, `2d` (or plain minutes) into minutes.
pub fn parse_duration_minutes(text: &str) -> Option<u64> {
    let t = text.trim();
    let (num, mult) = match t.chars().last()? {
        'm' => (&t[..t.len() - 1], 1),
        'h' => (&t[..t.len() - 1], 60),
        'd' => (&t[..t.len() - 1], 60 * 24),
        c if c.is_ascii_digit() => (t, 1),
        _ => return None,
    };
    num.trim().parse::<u64>().ok()?.checked_mul(mult)
}

/// Every step of a list, depth first, each with the list it belongs to.
pub fn steps_depth_first(steps: &[Step]) -> Vec<(&Step, &[Step])> {
    let mut out = Vec::new();
    push_depth_first(steps, &mut out);
    out
}

fn push_depth_first<'a>(steps: &'a [Step], out: &mut Vec<(&'a Step, &'a [Step])>) {
    for s in steps {
        out.push((s, steps));
        push_depth_first(&s.steps, out);
    }
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    /// How an answer's value reads to a person: a choice's label, `Yes` or
    /// `No`, else the value as given.
    pub fn value_label(&self, value: &str) -> String {
        match self.kind {
            QuestionKind::Choice => self
                .choice(value)
                .map_or_else(|| value.to_string(), |c| c.label.clone()),
            QuestionKind::YesNo => match value {
                "yes" => "Yes".into(),
                "no" => "No".into(),
                other => other.into(),
            },
            QuestionKind::Text | QuestionKind::Number => value.to_string(),
        }
    }

    /// Where a choice or yes/no value leads, not counting `branches`.
    pub fn route_for(&self, value: &str) -> Option<&str> {
        let own = match self.kind {
            QuestionKind::YesNo if value == "yes" => self.yes.as_deref(),
            QuestionKind::YesNo => self.no.as_deref(),
            QuestionKind::Choice | QuestionKind::Text | QuestionKind::Number => {
                self.choice(value).and_then(|c| c.next.as_deref())
            }
        };
        own.or(self.next.as_deref())
    }

    /// Every node the question can lead to: its branches, then one route per answer.
    pub fn routes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.branches.iter().map(|b| b.next.as_str()).collect();
        match self.kind {
            QuestionKind::YesNo => {
                out.extend(self.yes.as_deref().or(self.next.as_deref()));
                out.extend(self.no.as_deref().or(self.next.as_deref()));
            }
            QuestionKind::Choice => {
                for c in &self.choices {
                    out.extend(c.next.as_deref().or(self.next.as_deref()));
                }
            }
            QuestionKind::Text | QuestionKind::Number => out.extend(self.next.as_deref()),
        }
        out
    }

    /// The answers the question accepts as choice values (`yes`/`no`, or its
    /// choice ids); none for text and number questions.
    pub fn choice_values(&self) -> Vec<&str> {
        match self.kind {
            QuestionKind::YesNo => vec!["yes", "no"],
            QuestionKind::Choice => self.choices.iter().map(|c| c.id.as_str()).collect(),
            QuestionKind::Text | QuestionKind::Number => Vec::new(),
        }
    }
}

impl Outcome {
    /// Every step of the outcome, depth first: its own steps, then every
    /// alternative's, each with the list it belongs to.
    pub fn all_steps(&self) -> Vec<(&Step, &[Step])> {
        let mut out = steps_depth_first(&self.steps);
        for alt in &self.alternatives {
            push_depth_first(&alt.steps, &mut out);
        }
        out
    }

    /// The step with this id, at any depth, in any alternative.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.all_steps()
            .into_iter()
            .map(|(s, _)| s)
            .find(|s| s.id == id)
    }
}

impl Wait {
    /// The wait's length in minutes, when its duration is well written.
    pub fn minutes(&self) -> Option<u64> {
        parse_duration_minutes(&self.duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_minutes("30m"), Some(30));
        assert_eq!(parse_duration_minutes("24h"), Some(1440));
        assert_eq!(parse_duration_minutes("2d"), Some(2880));
        assert_eq!(parse_duration_minutes("soon"), None);
    }
}
