//! A walk through one tree: a pure state machine driven by [`Input`]s.
//!
//! The session's state is a function of the tree, the entry point and the
//! inputs applied, in order: no clock, files, terminal or processes. Times
//! arrive inside inputs; probe results arrive as answers with evidence.

use crate::tree::YesNo;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::checklist::{ChecklistState, Item, StepRecord, StepStatus};
use crate::tree::answer::{AnswerError, parse_answer};
use crate::tree::reach::holds;
use crate::tree::{Condition, Outcome, Probe, Question, QuestionKind, Tree, template};

mod diagnosis;

pub use crate::evidence::Evidence;
pub use crate::tree::answer::{AnswerValue, format_number};

impl Input {
    /// The input with any probe evidence in it marked as imported: for
    /// inputs that come from outside, whose evidence kbwalk did not see.
    pub fn with_evidence_imported(mut self) -> Input {
        match &mut self {
            Input::Answer {
                source: AnswerSource::Probe(e),
                ..
            } => e.imported = true,
            Input::VerifyStep { evidence, .. } => {
                for e in evidence {
                    e.imported = true;
                }
            }
            _ => {}
        }
        self
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerSource {
    #[default]
    Operator,
    /// Answered by the symptom the walk started from.
    Symptom(String),
    Probe(Evidence),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub value: AnswerValue,
    pub source: AnswerSource,
}

/// Everything an operator (or a probe, through the shell) can do to a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Input {
    /// Answer the current question. `value` is as typed: a choice id, `yes`/`no`, text or a number.
    Answer {
        question: String,
        value: String,
        #[serde(default)]
        source: AnswerSource,
    },
    /// Return to the previous question; every answer given stays remembered.
    Back,
    /// Pick one of the outcome's alternatives ("do any one of the following").
    ChooseAlternative {
        alternative: Option<String>,
    },
    SetStepStatus {
        step: String,
        status: StepStatus,
        at: i64,
    },
    /// Answer a condition inside the procedure ("does a .ct2 file already exist?").
    AnswerStepCondition {
        step: String,
        holds: bool,
        at: i64,
    },
    SetStepNote {
        step: String,
        note: String,
        at: i64,
    },
    /// Start the timer of the step's wait ("wait 30 minutes for ...");
    /// starting it again restarts it.
    StartWait {
        step: String,
        at: i64,
    },
    /// Record what the step's verification probes saw.
    VerifyStep {
        step: String,
        verified: Option<bool>,
        evidence: Vec<Evidence>,
    },
}

/// What the shell around the engine should do after an input.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A question is now current; show it.
    Ask(String),
    /// The current question has a probe the shell may run.
    RunProbe { question: String, probe: Probe },
    /// An outcome was reached; its checklist is ready.
    Reached(String),
    /// The checklist changed.
    ChecklistChanged,
}

/// Why a walk cannot start.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StartError {
    #[error("tree `{tree}` has no symptom `{symptom}`; expected one of: {}", valid.join(", "))]
    UnknownSymptom {
        tree: String,
        symptom: String,
        valid: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum InputError {
    #[error("question `{question}` is not the current question (current: `{current}`)")]
    NotCurrent { question: String, current: String },
    #[error(transparent)]
    Invalid(#[from] AnswerError),
    #[error("there is no earlier question to go back to")]
    AtStart,
    #[error("no outcome has been reached yet, so there is no checklist")]
    NoChecklist,
    #[error("step `{0}` is not in this checklist")]
    UnknownStep(String),
    #[error("`{value}` is not an alternative here; expected one of: {}", valid.join(", "))]
    UnknownAlternative { value: String, valid: Vec<String> },
    #[error("step `{0}` has no condition to answer")]
    NoCondition(String),
    #[error("a step's status is set by its condition, not to `not_applicable` by hand")]
    ManualNotApplicable,
    #[error("step `{0}` has no verification")]
    NoVerification(String),
    #[error("step `{0}` has no wait")]
    NoWait(String),
}

/// Where a session stands.
#[derive(Debug, Clone, Copy)]
pub enum Position<'a> {
    Question(&'a Question),
    Outcome(&'a Outcome),
}

/// Why a cause is no longer possible.
#[derive(Debug, Clone, PartialEq)]
pub enum RuledOutBy {
    /// The symptom chosen does not lead to it.
    Symptom,
    /// This answer took the walk where the cause cannot be reached.
    Answer { question: String, value: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum CauseState {
    Possible,
    Diagnosed,
    RuledOut(RuledOutBy),
}

/// An article whose applicability the answers contradict.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicabilityWarning {
    pub article: String,
    pub requirement: String,
    /// The answers that contradict it: (question text, answer label).
    pub answers: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Session {
    tree: Arc<Tree>,
    symptom: Option<String>,
    entry: String,
    /// Questions answered on the way to `current`, in order.
    path: Vec<String>,
    current: String,
    /// Every answer given, including ones Back has stepped past.
    answers: BTreeMap<String, Answer>,
    /// Checklist progress per outcome, kept when Back leaves an outcome.
    checklists: BTreeMap<String, ChecklistState>,
    /// Questions the symptom answers: passed without asking, skipped by Back.
    presets: BTreeMap<String, String>,
    /// The causes' states for the path as it stands, per index in the
    /// tree's causes: each takes 2n+2 reachability searches, and the wizard
    /// draws them many times between two answers. Emptied whenever the
    /// path, the current node or the answers change.
    cause_states: OnceLock<Vec<CauseState>>,
}

impl Session {
    /// Starts a walk at a symptom, or at the tree's `start` when `symptom` is `None`.
    /// The tree must have passed validation.
    pub fn new(tree: Arc<Tree>, symptom: Option<&str>) -> Result<Session, StartError> {
        let entry = match symptom {
            Some(id) => tree.symptom(id).map(|s| s.start.clone()).ok_or_else(|| {
                StartError::UnknownSymptom {
                    tree: tree.id.clone(),
                    symptom: id.to_string(),
                    valid: tree.symptoms.iter().map(|s| s.id.clone()).collect(),
                }
            })?,
            None => tree.start.clone(),
        };
        let presets = symptom
            .and_then(|id| tree.symptom(id))
            .map(|s| s.answers.clone())
            .unwrap_or_default();
        let mut session = Session {
            symptom: symptom.map(str::to_string),
            current: entry.clone(),
            entry,
            path: Vec::new(),
            answers: BTreeMap::new(),
            checklists: BTreeMap::new(),
            presets,
            tree,
            cause_states: OnceLock::new(),
        };
        session.pass_presets();
        // A symptom may lead straight to an outcome, with no answer to
        // record on the way: its checklist starts here.
        if session.tree.outcome(&session.current).is_some() {
            session
                .checklists
                .entry(session.current.clone())
                .or_default();
        }
        Ok(session)
    }

    /// Answers, from the symptom, every question it pre-answers that is now current.
    fn pass_presets(&mut self) {
        while let Some(q) = self.current_question() {
            let Some(value) = self.presets.get(&q.id) else {
                break;
            };
            let Ok(value) = parse_answer(q, value) else {
                break;
            };
            let q = q.clone();
            let source = AnswerSource::Symptom(self.symptom.clone().unwrap_or_default());
            self.record(&q, value, source);
        }
    }

    /// Records an answer to the current question and moves on.
    fn record(&mut self, q: &Question, value: AnswerValue, source: AnswerSource) {
        self.cause_states = OnceLock::new();
        self.answers.insert(q.id.clone(), Answer { value, source });
        self.path.push(q.id.clone());
        self.current = self.route(q);
        if self.tree.outcome(&self.current).is_some() {
            self.checklists.entry(self.current.clone()).or_default();
        }
    }

    pub fn tree(&self) -> &Arc<Tree> {
        &self.tree
    }

    pub fn symptom(&self) -> Option<&str> {
        self.symptom.as_deref()
    }

    /// Effects for showing the current node, e.g. right after `new`.
    pub fn start_effects(&self) -> Vec<Effect> {
        self.arrival_effects()
    }

    pub fn position(&self) -> Position<'_> {
        match self.tree.question(&self.current) {
            Some(q) => Position::Question(q),
            None => Position::Outcome(
                self.tree
                    .outcome(&self.current)
                    .expect("validated trees only route to questions and outcomes"),
            ),
        }
    }

    pub fn current_question(&self) -> Option<&Question> {
        match self.position() {
            Position::Question(q) => Some(q),
            Position::Outcome(_) => None,
        }
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        match self.position() {
            Position::Outcome(o) => Some(o),
            Position::Question(_) => None,
        }
    }

    /// Any answer given to `question`, on the current path or not.
    pub fn answer(&self, question: &str) -> Option<&Answer> {
        self.answers.get(question)
    }

    /// The input giving the current question the answer remembered for it
    /// (Back stepped past it, or an earlier answer changed), if it has one:
    /// walking on with the remembered answers is giving these until none.
    pub fn remembered_answer_input(&self) -> Option<Input> {
        let q = self.current_question()?;
        let a = self.answer(&q.id)?;
        Some(Input::Answer {
            question: q.id.clone(),
            value: a.value.raw(),
            source: a.source.clone(),
        })
    }

    /// Every answer remembered, including those Back stepped past.
    pub fn all_answers(&self) -> &BTreeMap<String, Answer> {
        &self.answers
    }

    /// The answers that led here, in the order they were given.
    pub fn path_answers(&self) -> Vec<(&Question, &Answer)> {
        self.path
            .iter()
            .filter_map(|id| Some((self.tree.question(id)?, self.answers.get(id)?)))
            .collect()
    }

    /// How many questions have been answered on the way here.
    pub fn depth(&self) -> usize {
        self.path.len()
    }

    /// A variable's value: the answer to that question on the current path.
    pub fn variable(&self, name: &str) -> Option<String> {
        if !self.path.iter().any(|p| p == name) {
            return None;
        }
        self.answers.get(name).map(|a| a.value.raw())
    }

    /// A template with the variables answered so far filled in.
    pub fn fill(&self, text: &str) -> String {
        template::render(text, |v| self.variable(v))
    }

    /// How an answer reads to a person: a choice's label, `Yes`/`No`, else the value.
    pub fn answer_label(&self, q: &Question, a: &Answer) -> String {
        q.value_label(&a.value.raw())
    }

    /// Evaluates a condition on the answers of the current path: `None` when a
    /// question it needs was not answered on this path.
    pub fn eval(&self, c: &Condition) -> Option<bool> {
        self.eval_on(c, &self.path)
    }

    /// Evaluates a condition on the answers to the questions in `known` only.
    fn eval_on(&self, c: &Condition, known: &[String]) -> Option<bool> {
        if let Some(all) = &c.all {
            let mut unknown = false;
            for sub in all {
                match self.eval_on(sub, known) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            return if unknown { None } else { Some(true) };
        }
        if let Some(any) = &c.any {
            let mut unknown = false;
            for sub in any {
                match self.eval_on(sub, known) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            return if unknown { None } else { Some(false) };
        }
        if let Some(not) = &c.not {
            return self.eval_on(not, known).map(|b| !b);
        }
        let q = c.question.as_deref()?;
        if !known.iter().any(|p| p == q) {
            return None;
        }
        Some(holds(
            c,
            &self.answers.get(q)?.value,
            &self.tree.compiled_patterns,
        ))
    }

    /// The checklist state of the current outcome.
    pub fn checklist(&self) -> Option<&ChecklistState> {
        self.checklists.get(&self.current)
    }

    /// The current outcome's checklist items, in order.
    pub fn checklist_items(&self) -> Vec<Item<'_>> {
        match (self.outcome(), self.checklist()) {
            (Some(o), Some(state)) => state.items(o),
            _ => Vec::new(),
        }
    }

    /// The node an answer to `q` leads to, given the answers so far.
    fn route(&self, q: &Question) -> String {
        for b in &q.branches {
            if self.eval(&b.when) == Some(true) {
                return b.next.clone();
            }
        }
        let own = match self.answers.get(&q.id).map(|a| &a.value) {
            Some(AnswerValue::Choice(c)) => match q.kind {
                QuestionKind::YesNo => q
                    .yes_no_route(YesNo::parse(c) == Some(YesNo::Yes))
                    .map(str::to_string),
                QuestionKind::Choice => q.choice(c).and_then(|c| c.next.clone()),
                QuestionKind::Text | QuestionKind::Number => None,
            },
            _ => None,
        };
        own.or_else(|| q.next.clone())
            .expect("validated questions route every answer")
    }

    fn arrival_effects(&self) -> Vec<Effect> {
        match self.position() {
            Position::Question(q) => {
                let mut fx = vec![Effect::Ask(q.id.clone())];
                if let Some(p) = &q.probe {
                    fx.push(Effect::RunProbe {
                        question: q.id.clone(),
                        probe: p.clone(),
                    });
                }
                fx
            }
            Position::Outcome(o) => vec![Effect::Reached(o.id.clone())],
        }
    }

    fn checklist_mut(&mut self) -> Result<(&Outcome, &mut ChecklistState), InputError> {
        let outcome = self
            .tree
            .outcome(&self.current)
            .ok_or(InputError::NoChecklist)?;
        let state = self.checklists.entry(self.current.clone()).or_default();
        Ok((outcome, state))
    }

    /// Applies one input. On error the session is unchanged.
    pub fn apply(&mut self, input: &Input) -> Result<Vec<Effect>, InputError> {
        match input {
            Input::Answer {
                question,
                value,
                source,
            } => {
                let q = match self.position() {
                    Position::Question(q) if &q.id == question => q.clone(),
                    _ => {
                        return Err(InputError::NotCurrent {
                            question: question.clone(),
                            current: self.current.clone(),
                        });
                    }
                };
                let value = parse_answer(&q, value)?;
                self.record(&q, value, source.clone());
                self.pass_presets();
                Ok(self.arrival_effects())
            }
            Input::Back => {
                // Back passes over questions the symptom answered: going there
                // would only move forward again.
                let Some(at) = self
                    .path
                    .iter()
                    .rposition(|q| !self.presets.contains_key(q))
                else {
                    return Err(InputError::AtStart);
                };
                self.cause_states = OnceLock::new();
                self.current = self.path[at].clone();
                self.path.truncate(at);
                Ok(self.arrival_effects())
            }
            Input::ChooseAlternative { alternative } => {
                let (outcome, state) = self.checklist_mut()?;
                if let Some(a) = alternative
                    && !outcome.alternatives.iter().any(|x| &x.id == a)
                {
                    return Err(InputError::UnknownAlternative {
                        value: a.clone(),
                        valid: outcome.alternatives.iter().map(|x| x.id.clone()).collect(),
                    });
                }
                state.alternative = alternative.clone();
                Ok(vec![Effect::ChecklistChanged])
            }
            Input::SetStepStatus { step, status, at } => {
                if *status == StepStatus::NotApplicable {
                    return Err(InputError::ManualNotApplicable);
                }
                let (outcome, state) = self.checklist_mut()?;
                find_step(outcome, step)?;
                let rec = state.steps.entry(step.clone()).or_default();
                rec.status = *status;
                rec.changed_at = Some(*at);
                state.started_at.get_or_insert(*at);
                Ok(vec![Effect::ChecklistChanged])
            }
            Input::AnswerStepCondition { step, holds, at } => {
                let (outcome, state) = self.checklist_mut()?;
                let s = find_step(outcome, step)?;
                if s.condition.is_none() {
                    return Err(InputError::NoCondition(step.clone()));
                }
                let rec = state.steps.entry(step.clone()).or_default();
                rec.condition = Some(*holds);
                rec.changed_at = Some(*at);
                Ok(vec![Effect::ChecklistChanged])
            }
            Input::SetStepNote { step, note, at } => {
                let (outcome, state) = self.checklist_mut()?;
                find_step(outcome, step)?;
                let rec: &mut StepRecord = state.steps.entry(step.clone()).or_default();
                rec.note = note.clone();
                rec.changed_at = Some(*at);
                Ok(vec![Effect::ChecklistChanged])
            }
            Input::StartWait { step, at } => {
                let (outcome, state) = self.checklist_mut()?;
                if find_step(outcome, step)?.wait.is_none() {
                    return Err(InputError::NoWait(step.clone()));
                }
                state.waits.insert(step.clone(), *at);
                Ok(vec![Effect::ChecklistChanged])
            }
            Input::VerifyStep {
                step,
                verified,
                evidence,
            } => {
                let (outcome, state) = self.checklist_mut()?;
                if find_step(outcome, step)?.verify.is_none() {
                    return Err(InputError::NoVerification(step.clone()));
                }
                let rec = state.steps.entry(step.clone()).or_default();
                rec.verification = Some(crate::checklist::Verification {
                    verified: *verified,
                    evidence: evidence.clone(),
                });
                Ok(vec![Effect::ChecklistChanged])
            }
        }
    }
}

fn find_step<'a>(outcome: &'a Outcome, id: &str) -> Result<&'a crate::tree::Step, InputError> {
    outcome
        .step(id)
        .ok_or_else(|| InputError::UnknownStep(id.to_string()))
}

/// Answers questions from `answers` (question id to value as typed) for as
/// long as the current question has one. Stops at an outcome or at the first
/// question `answers` does not cover. An invalid value is an error naming its question.
pub fn walk_answers(
    session: &mut Session,
    answers: &BTreeMap<String, String>,
) -> Result<(), InputError> {
    while let Some(q) = session.current_question() {
        let Some(value) = answers.get(&q.id) else {
            return Ok(());
        };
        let input = Input::Answer {
            question: q.id.clone(),
            value: value.clone(),
            source: AnswerSource::Operator,
        };
        session.apply(&input)?;
    }
    Ok(())
}
