//! Probes in the wizard: what is running and what came back.
//!
//! The wizard never waits for a probe, and never starts one itself: `update`
//! queues a [`Command`] (the engine's `RunProbe` on arriving at a question,
//! or `v`, `r`, `a`) and the event loop starts it. [`Probes`] holds the
//! batches the runner started; the event loop asks [`super::App::poll_probes`] for what
//! arrived (never blocking), and the App turns reports into proposals, step
//! verifications and flags on answers whose evidence changed.

use std::collections::BTreeSet;
use std::time::Duration;

use tui_input::Input;

use crate::engine::{Input as EngineInput, Session};
use crate::probe::jobs::proposed_answer;
use crate::probe::{
    Batch, EvidenceChange, Job, ProbeReport, ProbeStatus, Runner, Target, changed_answers,
    question_job, rerun_jobs, verification_inputs, verification_jobs,
};
use crate::tree::{QuestionKind, YesNo};

use super::app::{Command, Screen};
use super::keymap::Action;

/// No probe of the current question runs past this.
pub const QUESTION_BUDGET: Duration = Duration::from_secs(60);
/// No batch of verifications or re-runs runs past this.
pub const CHECK_BUDGET: Duration = Duration::from_secs(120);

/// The current question's probe: running, or what it found.
pub struct QuestionProbe {
    pub question: String,
    pub job: Job,
    pub(super) batch: Option<Batch>,
    pub report: Option<ProbeReport>,
    /// The answer the report proposes (as typed), when it reached a finding.
    pub proposal: Option<String>,
}

impl QuestionProbe {
    pub fn running(&self) -> bool {
        self.batch.is_some()
    }

    /// The command the probe waits to run, when it waits for consent.
    pub fn needs_consent(&self) -> Option<String> {
        let r = self.report.as_ref()?;
        (r.result.status == ProbeStatus::NeedsConsent)
            .then(|| r.job.command_line())
            .flatten()
    }

    /// Takes a report in; true when it is this probe's.
    pub(super) fn receive(&mut self, session: &Session, report: ProbeReport) -> bool {
        if report.job.target != Target::Question(self.question.clone()) {
            return false;
        }
        self.proposal = proposed_answer(session, &self.question, &report.job.probe, &report.result);
        self.report = Some(report);
        true
    }
}

/// What a batch of checks was started for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// The checklist's verification probes (`v`).
    Verify,
    /// Every probe answer on the path, and verifications run before (`r`).
    Rerun,
}

/// A batch of verifications or re-runs, and what it reported so far.
pub struct Checks {
    pub kind: CheckKind,
    pub(super) batch: Batch,
    pub reports: Vec<ProbeReport>,
    /// Steps whose verification was recorded from this batch.
    pub(super) recorded: BTreeSet<String>,
}

impl Checks {
    /// Whether a job for `step` is still running.
    pub fn verifying(&self, step: &str) -> bool {
        let done: BTreeSet<usize> = self.reports.iter().map(|r| r.index).collect();
        self.batch.jobs().iter().enumerate().any(|(i, j)| {
            !done.contains(&i) && matches!(&j.target, Target::Step { step: s, .. } if s == step)
        })
    }
}

/// Everything the wizard knows about probes.
#[derive(Default)]
pub struct Probes {
    /// `None` when probes are off.
    pub(super) runner: Option<Runner>,
    pub question: Option<QuestionProbe>,
    pub checks: Option<Checks>,
    /// Answers whose evidence changed on the last re-run, until answered again.
    pub changed: Vec<EvidenceChange>,
    /// Steps whose verification came out differently on the last re-run.
    pub changed_steps: BTreeSet<String>,
    /// Steps whose verification waits for consent to run a command.
    pub consent_steps: BTreeSet<String>,
    /// The operator moved the selection or typed since arriving at the
    /// question: a proposal arriving late no longer moves the selection.
    pub touched: bool,
}

impl Probes {
    pub fn enabled(&self) -> bool {
        self.runner.is_some()
    }

    /// Whether any probe is running.
    pub fn running(&self) -> bool {
        self.question.as_ref().is_some_and(QuestionProbe::running) || self.checks.is_some()
    }

    /// Stops every running probe; each reports as cancelled.
    pub fn cancel(&mut self) {
        if let Some(b) = self.question.as_mut().and_then(|q| q.batch.as_mut()) {
            b.cancel();
        }
        if let Some(c) = self.checks.as_mut() {
            c.batch.cancel();
        }
    }

    /// Starts `job` as the current question's probe, replacing any other.
    pub(super) fn start_question(&mut self, question: String, job: Job) {
        self.question = None;
        self.touched = false;
        let Some(runner) = &self.runner else { return };
        let batch = runner.start(vec![job.clone()], QUESTION_BUDGET);
        self.question = Some(QuestionProbe {
            question,
            job,
            batch: Some(batch),
            report: None,
            proposal: None,
        });
    }

    /// Starts a batch of checks, replacing any still running.
    pub(super) fn start_checks(&mut self, kind: CheckKind, jobs: Vec<Job>) {
        let Some(runner) = &self.runner else { return };
        if jobs.is_empty() {
            return;
        }
        self.checks = Some(Checks {
            kind,
            batch: runner.start(jobs, CHECK_BUDGET),
            reports: Vec::new(),
            recorded: BTreeSet::new(),
        });
    }

    /// Whether the answer to `question` rests on evidence that changed.
    pub fn changed(&self, question: &str) -> Option<&EvidenceChange> {
        self.changed.iter().find(|c| c.question == question)
    }

    /// The changed evidence as the exports carry it.
    pub fn evidence_changed(&self) -> Vec<crate::export::EvidenceChanged> {
        self.changed
            .iter()
            .map(|c| crate::export::EvidenceChanged {
                question: c.question.clone(),
                saw: c.now.saw.clone(),
                at: c.now.at,
                proposes: c.new_answer.clone(),
            })
            .collect()
    }
}

impl super::App {
    /// Turns probes on: questions with a probe start it on arrival.
    pub fn enable_probes(&mut self, runner: Runner) {
        self.probes.runner = Some(runner);
    }

    /// Whether a probe is running (the shell polls more often then).
    pub fn probing(&self) -> bool {
        self.probes.running()
    }

    /// Whether a probe key applies now; `None` for keys that are not about probes.
    pub fn probe_action_applies(&self, action: Action) -> Option<bool> {
        let p = &self.probes;
        let w = self.walk.as_ref();
        let on_question = self.screen == Screen::Question;
        Some(match action {
            Action::CancelProbes => p.running(),
            Action::Consent => {
                p.enabled()
                    && if on_question {
                        p.question
                            .as_ref()
                            .is_some_and(|q| q.needs_consent().is_some())
                    } else {
                        self.screen == Screen::Checklist && !p.consent_steps.is_empty()
                    }
            }
            Action::RerunProbes => {
                p.enabled()
                    && w.is_some_and(|w| {
                        !rerun_jobs(&w.session).is_empty()
                            || (on_question && question_job(&w.session).is_some())
                            || w.items().iter().any(|i| i.verification.is_some())
                    })
            }
            Action::VerifySteps => {
                p.enabled()
                    && self.screen == Screen::Checklist
                    && w.is_some_and(|w| !verification_jobs(&w.session).is_empty())
            }
            _ => return None,
        })
    }

    /// Takes in whatever probes reported since the last call, never waiting.
    /// True when the screen changed.
    pub fn poll_probes(&mut self) -> bool {
        let mut changed = self.poll_question();
        changed |= self.poll_checks();
        changed
    }

    fn poll_question(&mut self) -> bool {
        let (Some(p), Some(w)) = (self.probes.question.as_mut(), self.walk.as_mut()) else {
            return false;
        };
        let Some(batch) = p.batch.as_mut() else {
            return false;
        };
        let reports = batch.poll();
        let finished = batch.is_finished();
        let mut changed = false;
        for report in reports {
            changed |= p.receive(&w.session, report);
        }
        if finished {
            p.batch = None;
            changed = true;
        }
        // A proposal is preselected unless the operator already chose.
        if changed
            && !self.probes.touched
            && let Some(value) = p.proposal.clone()
            && let Some(q) = w.session.current_question()
            && q.id == p.question
        {
            match q.kind {
                QuestionKind::YesNo => {
                    w.choice = usize::from(YesNo::parse(&value) == Some(YesNo::No))
                }
                QuestionKind::Choice => {
                    w.choice = q.choices.iter().position(|c| c.id == value).unwrap_or(0)
                }
                QuestionKind::Text | QuestionKind::Number => w.text = Input::new(value),
            }
        }
        changed
    }

    fn poll_checks(&mut self) -> bool {
        let Some(c) = self.probes.checks.as_mut() else {
            return false;
        };
        let new = c.batch.poll();
        if new.is_empty() && !c.batch.is_finished() {
            return false;
        }
        c.reports.extend(new);
        let now = self.now;
        if let Some(w) = self.walk.as_mut() {
            for input in verification_inputs(&c.reports) {
                let EngineInput::VerifyStep { step, verified, .. } = &input else {
                    continue;
                };
                if c.recorded.contains(step) {
                    continue;
                }
                let (step, verified) = (step.clone(), *verified);
                let before = w
                    .items()
                    .iter()
                    .find(|i| i.step.id == step)
                    .and_then(|i| i.verification.map(|v| v.verified));
                if w.apply(input, now).is_err() {
                    continue;
                }
                if c.kind == CheckKind::Rerun && before.is_some_and(|b| b != verified) {
                    self.probes.changed_steps.insert(step.clone());
                }
                let waits = c.reports.iter().any(|r| {
                    r.result.status == ProbeStatus::NeedsConsent
                        && matches!(&r.job.target, Target::Step { step: s, .. } if *s == step)
                });
                if waits {
                    self.probes.consent_steps.insert(step.clone());
                } else {
                    self.probes.consent_steps.remove(&step);
                }
                c.recorded.insert(step);
            }
        }
        if !c.batch.is_finished() {
            return true;
        }
        let Some(c) = self.probes.checks.take() else {
            return true;
        };
        let (mut yes, mut no, mut unsure) = (0, 0, 0);
        if let Some(w) = self.walk.as_ref() {
            for i in w.items() {
                if c.recorded.contains(&i.step.id) {
                    match i.verification.and_then(|v| v.verified) {
                        Some(true) => yes += 1,
                        Some(false) => no += 1,
                        None => unsure += 1,
                    }
                }
            }
        }
        let verified = if c.recorded.is_empty() {
            String::new()
        } else {
            format!("; steps: {yes} verified, {no} not verified, {unsure} could not tell")
        };
        match c.kind {
            CheckKind::Verify => self.info(format!("Verification probes ran{verified}")),
            CheckKind::Rerun => {
                let Some(w) = self.walk.as_ref() else {
                    return true;
                };
                self.probes.changed = changed_answers(&w.session, &c.reports);
                let n = self.probes.changed.len();
                let steps = self.probes.changed_steps.len();
                if n == 0 && steps == 0 {
                    self.info(format!("Probes re-ran: nothing changed{verified}"));
                } else {
                    let s = if n == 1 { "" } else { "s" };
                    self.error(format!(
                        "Probes re-ran: evidence changed for {n} answer{s} and {steps} step verification(s); flagged ⚠"
                    ));
                }
            }
        }
        true
    }

    /// `r`: looks again for every probe answer on the path (and the current
    /// question's probe, and every verification run before).
    pub(super) fn rerun_probes(&mut self) {
        let Some(w) = self.walk.as_ref() else { return };
        if !self.probes.enabled() {
            self.error("Probes are off (--probe off)");
            return;
        }
        let mut jobs = rerun_jobs(&w.session);
        let verified: BTreeSet<String> = w
            .items()
            .iter()
            .filter(|i| i.verification.is_some())
            .map(|i| i.step.id.clone())
            .collect();
        jobs.extend(
            verification_jobs(&w.session).into_iter().filter(
                |j| matches!(&j.target, Target::Step { step, .. } if verified.contains(step)),
            ),
        );
        let current = match (self.screen, question_job(&w.session)) {
            (Screen::Question, Some(job)) => {
                w.session.current_question().map(|q| (q.id.clone(), job))
            }
            _ => None,
        };
        let n = jobs.len() + usize::from(current.is_some());
        if let Some((q, job)) = current {
            self.start_question_probe(q, job);
        }
        self.probes.changed.clear();
        self.probes.changed_steps.clear();
        if !jobs.is_empty() {
            self.request(Command::StartChecks {
                kind: CheckKind::Rerun,
                jobs,
            });
        }
        if n == 0 {
            self.error("No probe has answered yet: nothing to re-run");
        } else {
            self.info(format!("Re-running {n} probe(s)… (Esc cancels)"));
        }
    }

    /// `v`: runs the checklist's verification probes.
    pub(super) fn verify_steps(&mut self) {
        let Some(w) = self.walk.as_ref() else { return };
        if !self.probes.enabled() {
            self.error("Probes are off (--probe off)");
            return;
        }
        let jobs = verification_jobs(&w.session);
        let n = jobs.len();
        if jobs.is_empty() {
            self.error("No step of this checklist has a verification probe");
        } else {
            self.request(Command::StartChecks {
                kind: CheckKind::Verify,
                jobs,
            });
            self.info(format!("Running {n} verification probe(s)… (Esc cancels)"));
        }
    }

    /// `a`: runs the command a probe waits to run, now that the operator saw it.
    pub(super) fn consent(&mut self) {
        let Some(w) = self.walk.as_ref() else { return };
        if self.screen == Screen::Question {
            let Some(p) = self.probes.question.as_ref() else {
                return;
            };
            let Some(line) = p.needs_consent() else {
                self.error("No probe here waits to run a command");
                return;
            };
            let (q, job) = (p.question.clone(), p.job.clone().with_consent());
            self.start_question_probe(q, job);
            self.info(format!("Running `{line}`… (Esc cancels)"));
            return;
        }
        let waiting = self.probes.consent_steps.clone();
        let jobs: Vec<_> = verification_jobs(&w.session)
            .into_iter()
            .filter(|j| matches!(&j.target, Target::Step { step, .. } if waiting.contains(step)))
            .map(|j| j.with_consent())
            .collect();
        let lines: Vec<String> = jobs.iter().filter_map(|j| j.command_line()).collect();
        if lines.is_empty() {
            self.error("No verification waits to run a command");
            return;
        }
        self.request(Command::StartChecks {
            kind: CheckKind::Verify,
            jobs,
        });
        self.info(format!("Running `{}`… (Esc cancels)", lines.join("`, `")));
    }
}
