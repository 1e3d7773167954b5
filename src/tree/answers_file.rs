//! Answers files for `kbwalk run --answers`: a YAML mapping of question id to
//! value, or an exported Markdown file whose replay block holds one.

use super::YesNo;
use std::collections::BTreeMap;

use serde_yaml::Value;

use super::limits::check_flow_depth;
use super::problem::{Locator, Problem, yaml_error_position};

/// The info string of the fenced Markdown block that carries answers.
pub const REPLAY_TAG: &str = "kbwalk-answers";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswersFile {
    pub tree: Option<String>,
    pub symptom: Option<String>,
    pub answers: BTreeMap<String, String>,
    pub alternative: Option<String>,
}

/// The replay block of a Markdown export: its text and the line it starts on.
fn replay_block(text: &str) -> Option<(String, usize)> {
    let mut lines = text.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("```") && t.contains(REPLAY_TAG) {
            let mut body = String::new();
            let mut first = None;
            for (j, l) in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    return Some((body, first.unwrap_or(j + 1)));
                }
                first.get_or_insert(j + 1);
                body.push_str(l);
                body.push('\n');
            }
            return None;
        }
    }
    None
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(YesNo::from_bool(*b).as_str().into()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses an answers file. Errors name the file, line and what was expected.
pub fn parse_answers(file: &str, text: &str) -> Result<AnswersFile, Problem> {
    let (yaml, first_line) = match replay_block(text) {
        Some((body, line)) => (body, line),
        None if text.trim_start().starts_with('#') || text.contains("\n```") => {
            return Err(Problem {
                file: file.into(),
                line: 0,
                column: 0,
                message: format!(
                    "no ```{REPLAY_TAG} block found; expected an answers file or a kbwalk Markdown export"
                ),
            });
        }
        None => (text.to_string(), 1),
    };
    let problem = |line: usize, column: usize, message: String| Problem {
        file: file.into(),
        line: if line == 0 { 0 } else { line + first_line - 1 },
        column,
        message,
    };
    check_flow_depth(file, &yaml).map_err(|p| problem(p.line, p.column, p.message))?;
    let value: Value = serde_yaml::from_str(&yaml).map_err(|e| {
        let (l, c) = yaml_error_position(&yaml, &e);
        let mut m = e.to_string();
        if let Some(cut) = m.find(" at line ") {
            m.truncate(cut);
        }
        problem(l, c, m)
    })?;
    let loc = Locator::new(&yaml);
    let at = |key: &str| loc.text_after((1, 1), &format!("{key}:"));
    let Value::Mapping(map) = value else {
        return Err(problem(
            1,
            1,
            "expected a mapping of question id to answer".into(),
        ));
    };
    let structured = map.get("answers").is_some_and(Value::is_mapping)
        && map.keys().all(|k| {
            matches!(
                k.as_str(),
                Some("tree" | "symptom" | "answers" | "alternative")
            )
        });
    let mut out = AnswersFile::default();
    let answers_map = if structured {
        for (key, slot) in [
            ("tree", &mut out.tree),
            ("symptom", &mut out.symptom),
            ("alternative", &mut out.alternative),
        ] {
            if let Some(v) = map.get(key) {
                *slot = Some(scalar(v).ok_or_else(|| {
                    let (l, c) = at(key);
                    problem(l, c, format!("`{key}` must be a single value"))
                })?);
            }
        }
        map.get("answers")
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default()
    } else {
        map
    };
    for (k, v) in answers_map {
        let Some(key) = scalar(&k) else {
            return Err(problem(1, 1, "question ids must be plain text".into()));
        };
        let value = scalar(&v).ok_or_else(|| {
            let (l, c) = at(&key);
            problem(
                l,
                c,
                format!("the answer to `{key}` must be text, a number or yes/no"),
            )
        })?;
        out.answers.insert(key, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_mapping_with_yaml_booleans_and_numbers() {
        let f = parse_answers("a.yaml", "q1: yes\nq2: 24\nq3: ABC\n").unwrap();
        assert_eq!(f.answers["q1"], "yes");
        assert_eq!(f.answers["q2"], "24");
        assert_eq!(f.answers["q3"], "ABC");
    }

    #[test]
    fn markdown_replay_block() {
        let md = "# x\n\n```yaml kbwalk-answers\ntree: \"t\"\nsymptom: \"s\"\nanswers:\n  q: \"v\"\n```\n";
        let f = parse_answers("x.md", md).unwrap();
        assert_eq!(f.tree.as_deref(), Some("t"));
        assert_eq!(f.symptom.as_deref(), Some("s"));
        assert_eq!(f.answers["q"], "v");
    }

    #[test]
    fn errors_carry_the_line_in_the_file() {
        let md = "# x\n\n```yaml kbwalk-answers\nanswers:\n  q: [1, 2]\n```\n";
        let e = parse_answers("x.md", md).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.md:5:3: the answer to `q` must be text, a number or yes/no"
        );
    }
}
