//! What to probe now: the current question's probe, or the checklist's
//! verifications, with `{{variables}}` filled from the session's answers —
//! and how results go back into the session as inputs.

use crate::tree::YesNo;
use regex::Regex;

use super::{ProbeReport, ProbeResult, ProbeStatus};
use crate::engine::{AnswerSource, Input, Session};
use crate::tree::command_args::{self, ArgumentProblem};
use crate::tree::template::{self, TemplateError};
use crate::tree::{Probe, ProbeKind, QuestionKind, Tree};

/// What a probe's result is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Proposes an answer to this question.
    Question(String),
    /// Verifies this checklist step; `part` of `of` when the step has several probes.
    Step {
        step: String,
        part: usize,
        of: usize,
    },
}

/// One look to run: the tree's probe, and the same probe with variables filled
/// (or why they could not be).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub target: Target,
    pub probe: Probe,
    pub look: Result<ProbeKind, FillError>,
    /// The operator agreed to run this job's command (the wizard asks first).
    pub consent: bool,
}

impl Job {
    /// A job for `probe` with its variables filled from `session`.
    pub fn new(session: &Session, target: Target, probe: &Probe) -> Job {
        Job {
            look: fill_kind(session.tree(), &probe.look, |v| session.variable(v)),
            target,
            probe: probe.clone(),
            consent: false,
        }
    }

    /// The same job, with the operator's consent to run its command.
    pub fn with_consent(mut self) -> Job {
        self.consent = true;
        self
    }

    /// The exact command line a command probe would run, for the consent prompt.
    pub fn command_line(&self) -> Option<String> {
        match &self.look {
            Ok(ProbeKind::Command { argv, .. }) => Some(super::exec::display_argv(argv)),
            _ => None,
        }
    }
}

/// The current question's probe, if it has one.
pub fn question_job(session: &Session) -> Option<Job> {
    let q = session.current_question()?;
    let probe = q.probe.as_ref()?;
    Some(Job::new(session, Target::Question(q.id.clone()), probe))
}

/// Jobs that look again for every answer on the current path that a probe
/// gave: what `r` re-runs. Compare their reports with [`changed_answers`].
pub fn rerun_jobs(session: &Session) -> Vec<Job> {
    session
        .path_answers()
        .into_iter()
        .filter(|(_, a)| matches!(a.source, AnswerSource::Probe(_)))
        .filter_map(|(q, _)| {
            let probe = q.probe.as_ref()?;
            Some(Job::new(session, Target::Question(q.id.clone()), probe))
        })
        .collect()
}

/// A probe answer whose evidence is different on a second look.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceChange {
    pub question: String,
    /// The evidence the answer was given on.
    pub before: crate::engine::Evidence,
    /// What the second look saw.
    pub now: ProbeResult,
    /// The answer the second look proposes, when it differs from the one
    /// given (`None` when it is the same, or when the look reached no finding).
    pub new_answer: Option<String>,
}

/// The answers on the path whose evidence changed since they were given;
/// everything after the first of them may no longer hold.
pub fn changed_answers(session: &Session, reports: &[ProbeReport]) -> Vec<EvidenceChange> {
    let mut out = Vec::new();
    for r in reports {
        let Target::Question(q) = &r.job.target else {
            continue;
        };
        let Some(answer) = session.answer(q) else {
            continue;
        };
        let AnswerSource::Probe(before) = &answer.source else {
            continue;
        };
        if !r.result.differs_from(before) {
            continue;
        }
        let proposed = proposed_answer(session, q, &r.job.probe, &r.result);
        out.push(EvidenceChange {
            question: q.clone(),
            before: before.clone(),
            now: r.result.clone(),
            new_answer: proposed.filter(|v| *v != answer.value.raw()),
        });
    }
    out
}

/// One job per verification probe of the steps in the current checklist that
/// still apply.
pub fn verification_jobs(session: &Session) -> Vec<Job> {
    let mut jobs = Vec::new();
    for item in session.checklist_items() {
        if item.status == crate::checklist::StepStatus::NotApplicable {
            continue;
        }
        let Some(verify) = &item.step.verify else {
            continue;
        };
        let probes: Vec<&Probe> = verify.all_probes().collect();
        for (part, probe) in probes.iter().enumerate() {
            let target = Target::Step {
                step: item.step.id.clone(),
                part,
                of: probes.len(),
            };
            jobs.push(Job::new(session, target, probe));
        }
    }
    jobs
}

/// The answer a result proposes for `question`: the probe's `found` or
/// `not_found` (default `yes`/`no`), or for a number question the reading.
pub fn proposed_answer(
    session: &Session,
    question: &str,
    probe: &Probe,
    r: &ProbeResult,
) -> Option<String> {
    let q = session.tree().question(question)?;
    if q.kind == QuestionKind::Number {
        return r
            .status
            .is_finding()
            .then_some(r.reading)
            .flatten()
            .map(crate::engine::format_number);
    }
    match r.status {
        ProbeStatus::Found => Some(
            probe
                .found
                .clone()
                .unwrap_or_else(|| YesNo::Yes.as_str().into()),
        ),
        ProbeStatus::NotFound => Some(
            probe
                .not_found
                .clone()
                .unwrap_or_else(|| YesNo::No.as_str().into()),
        ),
        _ => None,
    }
}

impl ProbeReport {
    /// The input that accepts this result as the answer to its question,
    /// with the evidence as its source; `None` for step verifications and
    /// for looks that reached no finding.
    pub fn answer_input(&self, session: &Session) -> Option<Input> {
        let Target::Question(q) = &self.job.target else {
            return None;
        };
        let value = proposed_answer(session, q, &self.job.probe, &self.result)?;
        Some(Input::Answer {
            question: q.clone(),
            value,
            source: AnswerSource::Probe(self.result.evidence()),
        })
    }

    /// Whether this result confirms its step (its probe answers `yes`);
    /// `None` when the look reached no finding.
    pub fn confirms(&self) -> Option<bool> {
        let p = &self.job.probe;
        match self.result.status {
            ProbeStatus::Found => {
                Some(p.found.as_deref().map_or(Some(YesNo::Yes), YesNo::parse) == Some(YesNo::Yes))
            }
            ProbeStatus::NotFound => Some(
                p.not_found.as_deref().map_or(Some(YesNo::No), YesNo::parse) == Some(YesNo::Yes),
            ),
            _ => None,
        }
    }
}

/// One `VerifyStep` input per step whose every verification probe has
/// reported: verified when all of them confirm it, not verified when one saw
/// otherwise, undecided when the rest could not tell. Steps with a part
/// still missing are left out.
pub fn verification_inputs(reports: &[ProbeReport]) -> Vec<Input> {
    let mut steps: Vec<(&str, usize)> = Vec::new();
    for r in reports {
        if let Target::Step { step, of, .. } = &r.job.target
            && !steps.iter().any(|(s, _)| s == step)
        {
            steps.push((step, *of));
        }
    }
    let mut inputs = Vec::new();
    for (step, of) in steps {
        let mut parts: Vec<&ProbeReport> = reports
            .iter()
            .filter(|r| matches!(&r.job.target, Target::Step { step: s, .. } if s == step))
            .collect();
        parts.sort_by_key(|r| match r.job.target {
            Target::Step { part, .. } => part,
            Target::Question(_) => 0,
        });
        parts.dedup_by_key(|r| r.job.target.clone());
        if parts.len() != of {
            continue;
        }
        inputs.push(Input::VerifyStep {
            step: step.to_string(),
            verified: combine(parts.iter().map(|r| r.confirms())),
            evidence: parts.iter().map(|r| r.result.evidence()).collect(),
        });
    }
    inputs
}

/// All confirmed: yes; any contradicted: no; otherwise: cannot tell.
fn combine(parts: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut all = Some(true);
    for p in parts {
        match p {
            Some(false) => return Some(false),
            None => all = None,
            Some(true) => {}
        }
    }
    all
}

/// Why a probe's variables could not be filled: the look is refused, or waits for an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    #[error("needs the answer to `{name}` first")]
    NeedsAnswer { name: String },
    #[error("{0}")]
    BadPattern(String),
    #[error("refused: the answer to `{name}` (`{value}`) does not match its pattern")]
    NoMatch { name: String, value: String },
    #[error("refused: the answer to `{name}` contains control characters")]
    ControlCharacters { name: String },
    #[error("refused: the answer to `{name}` (`{value}`) cannot be used in a path")]
    NotInPath { name: String, value: String },
    #[error("refused: the answer to `{name}` (`{value}`) cannot be a command argument: {why}")]
    NotAnArgument {
        name: String,
        value: String,
        why: ArgumentProblem,
    },
    #[error(transparent)]
    Template(#[from] TemplateError),
}

impl FillError {
    /// The look is refused because of what an answer holds, rather than
    /// waiting for one or held back by the tree.
    pub fn is_refusal(&self) -> bool {
        match self {
            FillError::NoMatch { .. }
            | FillError::ControlCharacters { .. }
            | FillError::NotInPath { .. }
            | FillError::NotAnArgument { .. } => true,
            FillError::NeedsAnswer { .. } | FillError::BadPattern(_) | FillError::Template(_) => {
                false
            }
        }
    }
}

/// Fills a probe's variables. A value goes in only if it still matches its
/// question's pattern; one that lands in a path must also be a plain name
/// (no separators, no `..`, no drive), so no answer can steer a probe out of
/// the place the tree meant.
pub fn fill_kind(
    tree: &Tree,
    kind: &ProbeKind,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<ProbeKind, FillError> {
    let value = |name: &str, in_path: bool| -> Result<String, FillError> {
        let v = lookup(name).ok_or_else(|| FillError::NeedsAnswer {
            name: name.to_string(),
        })?;
        if let Some(p) = tree.question(name).and_then(|q| q.pattern.as_deref()) {
            let full = Regex::new(&format!("^(?:{p})$"))
                .map_err(|e| FillError::BadPattern(e.to_string()))?;
            if !full.is_match(&v) {
                return Err(FillError::NoMatch {
                    name: name.to_string(),
                    value: v,
                });
            }
        }
        if v.chars().any(char::is_control) {
            return Err(FillError::ControlCharacters {
                name: name.to_string(),
            });
        }
        if in_path
            && (v.is_empty()
                || v.contains(['\\', '/', ':', '%', '*', '?'])
                || v.trim_end_matches([' ', '.']).is_empty())
        {
            return Err(FillError::NotInPath {
                name: name.to_string(),
                value: v,
            });
        }
        Ok(v)
    };
    let fill = |text: &str, in_path: bool| -> Result<String, FillError> {
        // Check every variable first: `render` leaves an unfillable one visible, not an error.
        for name in template::variables(text)? {
            value(name, in_path)?;
        }
        Ok(template::render(text, |name| value(name, in_path).ok()))
    };
    let path = |t: &str| fill(t, true);
    let text = |t: &str| fill(t, false);
    // Lint already allows only answers that cannot be options or shell
    // syntax here; this holds even for a tree or an answer that got past it.
    let argument = |t: &str| -> Result<String, FillError> {
        for name in template::variables(t)? {
            let v = value(name, false)?;
            command_args::check_value(&v).map_err(|why| FillError::NotAnArgument {
                name: name.to_string(),
                value: v.clone(),
                why,
            })?;
        }
        fill(t, false)
    };
    Ok(match kind {
        ProbeKind::Exists { path: p } => ProbeKind::Exists { path: path(p)? },
        ProbeKind::Absent { path: p } => ProbeKind::Absent { path: path(p)? },
        ProbeKind::FileContains {
            path: p,
            pattern,
            tail_bytes,
        } => ProbeKind::FileContains {
            path: path(p)?,
            pattern: pattern.clone(),
            tail_bytes: *tail_bytes,
        },
        ProbeKind::GlobCount {
            dir,
            glob,
            at_least,
            at_most,
        } => ProbeKind::GlobCount {
            dir: path(dir)?,
            glob: path(glob)?,
            at_least: *at_least,
            at_most: *at_most,
        },
        ProbeKind::FreeSpace {
            path: p,
            at_least_mb,
        } => ProbeKind::FreeSpace {
            path: path(p)?,
            at_least_mb: *at_least_mb,
        },
        ProbeKind::TcpConnect {
            host,
            port,
            timeout_ms,
        } => ProbeKind::TcpConnect {
            host: path(host)?,
            port: *port,
            timeout_ms: *timeout_ms,
        },
        ProbeKind::Service { name, state } => ProbeKind::Service {
            name: path(name)?,
            state: state.clone(),
        },
        ProbeKind::Registry { key, value: v } => ProbeKind::Registry {
            // Registry keys hold backslashes between parts, so a variable
            // inside one is a name, as in a path.
            key: path(key)?,
            value: v.as_deref().map(text).transpose()?,
        },
        ProbeKind::EventLog {
            log,
            event_id,
            source,
            pattern,
        } => ProbeKind::EventLog {
            log: text(log)?,
            event_id: *event_id,
            source: source.as_deref().map(text).transpose()?,
            pattern: pattern.clone(),
        },
        ProbeKind::Command { argv, pattern } => ProbeKind::Command {
            argv: argv.iter().map(|a| argument(a)).collect::<Result<_, _>>()?,
            pattern: pattern.clone(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        crate::tree::parse_tree(
            "t.yaml",
            r#"
id: t
version: "1"
title: t
start: code
articles: [{id: A, title: a}]
symptoms: []
causes: []
questions:
  - {id: code, kind: text, text: c, pattern: "[A-Za-z0-9]{3}", next: loose}
  - {id: loose, kind: text, text: l, next: out}
outcomes:
  - {id: out, kind: unknown, title: o, summary: s, steps: [{id: s1, text: x, risk: read_only}]}
"#,
        )
        .unwrap()
    }

    #[test]
    fn fills_paths_with_checked_answers() {
        let t = tree();
        let look = ProbeKind::Exists {
            path: "C:\\SMS\\{{code}}".into(),
        };
        let got = fill_kind(&t, &look, |v| (v == "code").then(|| "S01".into())).unwrap();
        assert_eq!(
            got,
            ProbeKind::Exists {
                path: "C:\\SMS\\S01".into()
            }
        );
    }

    #[test]
    fn refuses_answers_that_would_move_a_path() {
        let t = tree();
        for bad in ["..", "..\\..\\etc", "a/b", "C:", ". .", "%windir%"] {
            let look = ProbeKind::Exists {
                path: "C:\\SMS\\{{loose}}".into(),
            };
            let err = fill_kind(&t, &look, |_| Some(bad.into())).unwrap_err();
            assert!(err.is_refusal(), "{bad}: {err}");
            assert!(err.to_string().starts_with("refused"), "{bad}: {err}");
        }
        // A value that no longer matches its question's pattern is refused too.
        let look = ProbeKind::Exists {
            path: "C:\\{{code}}".into(),
        };
        assert!(fill_kind(&t, &look, |_| Some("S0".into())).is_err());
        // In a command, an answer is one argument and never an option or
        // shell syntax, even from a question without a pattern.
        let command = ProbeKind::Command {
            argv: vec!["echo".into(), "{{loose}}".into()],
            pattern: "ok".into(),
        };
        for bad in ["x; touch PWNED", "-n", "$(id)", "a b"] {
            let err = fill_kind(&t, &command, |_| Some(bad.into())).unwrap_err();
            assert!(
                err.to_string().contains("cannot be a command argument"),
                "{bad}: {err}"
            );
        }
        assert!(fill_kind(&t, &command, |_| Some("lp0".into())).is_ok());
        // An unanswered variable waits.
        assert_eq!(
            fill_kind(&t, &look, |_| None).unwrap_err().to_string(),
            "needs the answer to `code` first"
        );
    }
}
