//! The checklist of an outcome: steps in order with their status, notes and
//! times, conditions answered inside the procedure, and the alternative chosen.
//!
//! Pure data: times come in as Unix seconds from the caller.

use crate::tree::YesNo;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::tree::{Alternative, Outcome, Step};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    #[default]
    Todo,
    Done,
    Skipped,
    Failed,
    /// Set by a condition inside the procedure, never by hand.
    NotApplicable,
}

impl StepStatus {
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Todo => "to do",
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
            StepStatus::Failed => "failed",
            StepStatus::NotApplicable => "not applicable",
        }
    }
}

/// What the operator recorded for one step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub status: StepStatus,
    pub note: String,
    /// When the status last changed (Unix seconds).
    pub changed_at: Option<i64>,
    /// The answer to the step's condition, once given.
    pub condition: Option<bool>,
    /// The last run of the step's verification probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

/// What the step's verification probes saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    /// `Some(true)` when every probe confirmed the step, `Some(false)` when
    /// one saw otherwise, `None` when they could not tell (not available
    /// here, timed out, failed).
    pub verified: Option<bool>,
    /// One entry per probe, in the order the tree declares them.
    pub evidence: Vec<crate::evidence::Evidence>,
}

/// Progress through one outcome's checklist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChecklistState {
    pub alternative: Option<String>,
    pub steps: BTreeMap<String, StepRecord>,
    /// When the first step changed status (Unix seconds).
    pub started_at: Option<i64>,
    /// When each step's wait was started (Unix seconds), by step id.
    #[serde(default)]
    pub waits: BTreeMap<String, i64>,
}

/// One step as shown: where it sits, and its effective status.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub step: &'a Step,
    /// 0 for a top-level step, 1 for its sub-steps, ...
    pub depth: usize,
    /// "1", "4a", "4a.i"
    pub number: String,
    /// The alternative the step belongs to, if any.
    pub alternative: Option<&'a Alternative>,
    pub status: StepStatus,
    pub note: &'a str,
    pub condition: Option<bool>,
    pub verification: Option<&'a Verification>,
    /// Why the step does not apply, when a condition said so.
    pub not_applicable_because: Option<String>,
}

fn sub_number(parent: &str, depth: usize, index: usize) -> String {
    const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    match depth {
        0 => format!("{}", index + 1),
        1 => format!("{parent}{}", char::from(b'a' + (index % 26) as u8)),
        _ => format!("{parent}.{}", ROMAN.get(index).copied().unwrap_or("x")),
    }
}

impl ChecklistState {
    /// The steps that make up the checklist now: the outcome's own steps, then
    /// the chosen alternative's (or every alternative's while none is chosen).
    pub fn items<'a>(&'a self, outcome: &'a Outcome) -> Vec<Item<'a>> {
        let mut out = Vec::new();
        self.push_list(&outcome.steps, 0, "", None, None, &mut out);
        for alt in &outcome.alternatives {
            if self.alternative.as_deref().is_none_or(|a| a == alt.id) {
                self.push_list(&alt.steps, 0, "", Some(alt), None, &mut out);
            }
        }
        out
    }

    fn push_list<'a>(
        &'a self,
        steps: &'a [Step],
        depth: usize,
        parent: &str,
        alternative: Option<&'a Alternative>,
        inherited_na: Option<String>,
        out: &mut Vec<Item<'a>>,
    ) {
        // A condition earlier in this list can make later steps not applicable.
        let mut skip_until: Option<(&str, String)> = None;
        let mut stopped: Option<String> = inherited_na;
        for (i, step) in steps.iter().enumerate() {
            let record = self.steps.get(&step.id);
            let number = sub_number(parent, depth, i);
            let mut na = stopped.clone();
            if let Some((target, why)) = &skip_until {
                if *target == step.id {
                    skip_until = None;
                } else if na.is_none() {
                    na = Some(why.clone());
                }
            }
            let answered = record.and_then(|r| r.condition);
            if let (Some(cond), Some(holds), None) = (&step.condition, answered, &na) {
                let action = if holds { &cond.yes } else { &cond.no };
                let answer = YesNo::from_bool(holds);
                let why = format!("step {number}: \"{}\" was answered {answer}", cond.ask);
                if let Some(target) = &action.skip_to {
                    skip_until = Some((target.as_str(), why.clone()));
                }
                if action.stop {
                    stopped = Some(why.clone());
                }
                if action.skip_step {
                    na = Some(why);
                }
            }
            let status = if na.is_some() {
                StepStatus::NotApplicable
            } else {
                record.map(|r| r.status).unwrap_or_default()
            };
            out.push(Item {
                step,
                depth,
                number: number.clone(),
                alternative,
                status,
                note: record.map(|r| r.note.as_str()).unwrap_or(""),
                condition: answered,
                verification: record.and_then(|r| r.verification.as_ref()),
                not_applicable_because: na.clone(),
            });
            let at = out.len() - 1;
            self.push_list(&step.steps, depth + 1, &number, alternative, na, out);
            derive_parent_status(out, at);
        }
    }
}

/// A parent step agrees with its sub-steps: it is done exactly when every
/// sub-step that applies is done or skipped (and one at least is done). Its
/// own record counts when it says skipped or failed, or when every
/// sub-step was skipped. Derived, never
/// written back, so an old journal with a parent ticked over open sub-steps
/// reads the same way.
fn derive_parent_status(out: &mut [Item<'_>], at: usize) {
    let depth = out[at].depth;
    let children: Vec<StepStatus> = out[at + 1..]
        .iter()
        .take_while(|i| i.depth > depth)
        .filter(|i| i.depth == depth + 1 && i.status != StepStatus::NotApplicable)
        .map(|i| i.status)
        .collect();
    let parent = &mut out[at];
    if children.is_empty() || !matches!(parent.status, StepStatus::Todo | StepStatus::Done) {
        return;
    }
    let finished = children
        .iter()
        .all(|s| matches!(s, StepStatus::Done | StepStatus::Skipped));
    let any_done = children.contains(&StepStatus::Done);
    // Every sub-step skipped leaves the parent as recorded.
    if !finished {
        parent.status = StepStatus::Todo;
    } else if any_done {
        parent.status = StepStatus::Done;
    }
}

/// The sub-steps of the item at `at` (every depth below it), by position.
pub fn descendants(items: &[Item<'_>], at: usize) -> std::ops::Range<usize> {
    let depth = items.get(at).map_or(0, |i| i.depth);
    let end = items[at + 1..]
        .iter()
        .position(|i| i.depth <= depth)
        .map_or(items.len(), |n| at + 1 + n);
    at + 1..end
}

/// Whether the steps of more than one alternative are listed: no option is
/// chosen yet.
pub fn choosing(items: &[Item<'_>]) -> bool {
    let mut first: Option<&str> = None;
    for alt in items.iter().filter_map(|i| i.alternative) {
        match first {
            None => first = Some(&alt.id),
            Some(id) if id != alt.id => return true,
            Some(_) => {}
        }
    }
    false
}

/// Counts for a progress gauge: steps done, and steps that still apply.
/// While no option is chosen, only the steps every option shares count:
/// the options are ways to choose between, not work to add up.
pub fn progress(items: &[Item<'_>]) -> (usize, usize) {
    let choosing = choosing(items);
    let counted = || {
        items
            .iter()
            .filter(move |i| !(choosing && i.alternative.is_some()))
    };
    let applicable = counted()
        .filter(|i| i.status != StepStatus::NotApplicable)
        .count();
    let done = counted().filter(|i| i.status == StepStatus::Done).count();
    (done, applicable)
}
