//! What the answers so far say about the causes: which are still possible,
//! which were ruled out and by what, and which articles' applicability the
//! answers contradict.

use std::collections::{BTreeMap, BTreeSet};

use super::{AnswerValue, ApplicabilityWarning, CauseState, RuledOutBy, Session};
use crate::tree::Condition;
use crate::tree::reach::reachable_outcome_ids;

impl Session {
    /// The causes an outcome reachable from `node` names, with the first
    /// `known` answers of the path fixed and the symptom's answers passed
    /// where their question comes up.
    fn reachable_causes(&self, node: &str, known: usize) -> BTreeSet<String> {
        let given: BTreeMap<String, AnswerValue> = self.path[..known.min(self.path.len())]
            .iter()
            .filter_map(|q| Some((q.clone(), self.answers.get(q)?.value.clone())))
            .collect();
        reachable_outcome_ids(&self.tree, node, &self.presets, &given)
            .iter()
            .filter_map(|o| self.tree.outcome(o)?.cause.clone())
            .collect()
    }

    /// Every declared cause with its state now.
    pub fn causes(&self) -> Vec<(&crate::tree::Cause, CauseState)> {
        let states = self
            .cause_states
            .get_or_init(|| self.compute_cause_states());
        self.tree
            .causes
            .iter()
            .zip(states.iter().cloned())
            .collect()
    }

    /// The state of each declared cause, in the tree's order.
    fn compute_cause_states(&self) -> Vec<CauseState> {
        let from_entry = self.reachable_causes(&self.entry, 0);
        let mut ruled: BTreeMap<&str, RuledOutBy> = BTreeMap::new();
        let mut nodes: Vec<&str> = self.path.iter().map(String::as_str).collect();
        nodes.push(&self.current);
        for (i, pair) in nodes.windows(2).enumerate() {
            let (here, next) = (pair[0], pair[1]);
            // What answer i took away: reachable before it, not after it.
            let before = self.reachable_causes(here, i);
            let after = self.reachable_causes(next, i + 1);
            for c in before.difference(&after) {
                let Some(id) = self.tree.cause(c).map(|c| c.id.as_str()) else {
                    continue;
                };
                let value = self
                    .answers
                    .get(here)
                    .map(|a| a.value.raw())
                    .unwrap_or_default();
                ruled.entry(id).or_insert(RuledOutBy::Answer {
                    question: here.to_string(),
                    value,
                });
            }
        }
        let still = self.reachable_causes(&self.current, self.path.len());
        let diagnosed = self.outcome().and_then(|o| o.cause.as_deref());
        self.tree
            .causes
            .iter()
            .map(|c| {
                if Some(c.id.as_str()) == diagnosed {
                    CauseState::Diagnosed
                } else if !from_entry.contains(&c.id) {
                    CauseState::RuledOut(RuledOutBy::Symptom)
                } else if let Some(by) = ruled.get(c.id.as_str()) {
                    CauseState::RuledOut(by.clone())
                } else if still.contains(&c.id) {
                    CauseState::Possible
                } else {
                    // Reached an outcome with another cause: the last answer ruled it out.
                    CauseState::RuledOut(RuledOutBy::Symptom)
                }
            })
            .collect()
    }

    /// The articles of the current outcome whose applicability the answers contradict.
    pub fn applicability_warnings(&self) -> Vec<ApplicabilityWarning> {
        let Some(outcome) = self.outcome() else {
            return Vec::new();
        };
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for src in &outcome.articles {
            if !seen.insert(src.article.as_str()) {
                continue;
            }
            let Some(article) = self.tree.article(&src.article) else {
                continue;
            };
            for req in &article.applies_to.requires {
                if self.eval(&req.when) == Some(false) {
                    out.push(ApplicabilityWarning {
                        article: article.id.clone(),
                        requirement: req.label.clone(),
                        answers: self.answers_in(&req.when),
                    });
                }
            }
        }
        out
    }

    /// The (question text, answer label) pairs a condition looks at, on this path.
    fn answers_in(&self, c: &Condition) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![c];
        while let Some(c) = stack.pop() {
            stack.extend(c.all.iter().chain(c.any.iter()).flatten());
            stack.extend(c.not.as_deref());
            if let Some(qid) = &c.question
                && self.path.contains(qid)
                && let (Some(q), Some(a)) = (self.tree.question(qid), self.answers.get(qid))
            {
                let pair = (q.text.clone(), self.answer_label(q, a));
                if !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
        out.reverse();
        out
    }
}
