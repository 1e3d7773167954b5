//! `see_also` links between symptoms: where they are, whether they lead
//! somewhere, and which answers a followed link carries over.

use std::collections::BTreeMap;

use super::answer::parse_answer;
use super::model::{SeeAlso, Tree};
use super::problem::{Locator, Problem};

/// One `see_also` of a tree, with what carries it.
#[derive(Debug, Clone, Copy)]
pub struct Link<'t> {
    pub outcome: &'t str,
    /// The step carrying the link; `None` for the outcome's own.
    pub step: Option<&'t str>,
    pub see: &'t SeeAlso,
}

impl Link<'_> {
    fn owner(&self) -> String {
        match self.step {
            Some(s) => format!("outcome `{}`, step `{s}`", self.outcome),
            None => format!("outcome `{}`", self.outcome),
        }
    }
}

/// Every link of a tree: each outcome's, then its steps', in order.
pub fn links(tree: &Tree) -> Vec<Link<'_>> {
    let mut out = Vec::new();
    for o in &tree.outcomes {
        if let Some(see) = &o.see_also {
            out.push(Link {
                outcome: &o.id,
                step: None,
                see,
            });
        }
        for (s, _) in o.all_steps() {
            if let Some(see) = &s.see_also {
                out.push(Link {
                    outcome: &o.id,
                    step: Some(&s.id),
                    see,
                });
            }
        }
    }
    out
}

/// The id of the tree a link leads to.
pub fn target_tree<'a>(from: &'a Tree, see: &'a SeeAlso) -> &'a str {
    see.tree.as_deref().unwrap_or(&from.id)
}

/// A link's target and where it is written: checked once every tree it may
/// name is known (lint reads trees one at a time and keeps only this).
#[derive(Debug, Clone)]
pub struct LinkToCheck {
    /// The id of the tree the link leads to.
    pub tree: String,
    pub symptom: String,
    owner: String,
    file: String,
    tree_at: (usize, usize),
    symptom_at: (usize, usize),
}

impl LinkToCheck {
    /// The problem with the link, given the symptom ids of the tree it names
    /// (`None`: no tree of that id is loaded).
    pub fn problem(&self, symptoms: Option<&[String]>) -> Option<Problem> {
        let (pos, message) = match symptoms {
            None => (
                self.tree_at,
                format!(
                    "{}: `see_also` names tree `{}`, which is not loaded",
                    self.owner, self.tree
                ),
            ),
            Some(ids) if !ids.contains(&self.symptom) => (
                self.symptom_at,
                format!(
                    "{}: `see_also` names symptom `{}`, which tree `{}` does not have; expected one of: {}",
                    self.owner,
                    self.symptom,
                    self.tree,
                    ids.join(", ")
                ),
            ),
            Some(_) => return None,
        };
        Some(Problem {
            file: self.file.clone(),
            line: pos.0,
            column: pos.1,
            message,
        })
    }
}

/// The links of `tree` (read from `src` in `file`) to check, in order.
pub fn to_check(tree: &Tree, file: &str, src: &str) -> Vec<LinkToCheck> {
    let loc = Locator::new(src);
    let mut pending = Vec::new();
    for link in links(tree) {
        let mut at = loc.id(link.outcome);
        if let Some(step) = link.step {
            at = loc.value_after(at, "id", step);
        }
        let target = target_tree(tree, link.see);
        pending.push(LinkToCheck {
            tree: target.to_string(),
            symptom: link.see.symptom.clone(),
            owner: link.owner(),
            file: file.to_string(),
            tree_at: loc.value_after(at, "tree", target),
            symptom_at: loc.value_after(at, "symptom", &link.see.symptom),
        });
    }
    pending
}

/// The answers a walk following a link carries into `target`: those to
/// questions both trees ask under the same id, where `target` accepts the value.
pub fn carried_answers(
    target: &Tree,
    answers: impl IntoIterator<Item = (String, String)>,
) -> BTreeMap<String, String> {
    answers
        .into_iter()
        .filter(|(q, v)| {
            target
                .question(q)
                .is_some_and(|tq| parse_answer(tq, v).is_ok())
        })
        .collect()
}
