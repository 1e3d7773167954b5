//! `see_also` links between symptoms: where they are, whether they lead
//! somewhere, and which answers a followed link carries over.

use std::collections::BTreeMap;

use super::answer::parse_answer;
use super::model::{SeeAlso, Tree};
use super::problem::{Locator, Problem};
use super::validate::walk_steps;

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
        let mut steps = Vec::new();
        walk_steps(&o.steps, &mut steps);
        for alt in &o.alternatives {
            walk_steps(&alt.steps, &mut steps);
        }
        for (s, _) in steps {
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

/// Problems with the links of `tree`: a tree `find` does not know, or a
/// symptom the target tree does not have. `find` looks a tree up by id.
pub fn check<'l>(
    tree: &Tree,
    file: &str,
    src: &str,
    find: impl Fn(&str) -> Option<&'l Tree>,
) -> Vec<Problem> {
    let loc = Locator::new(src);
    let mut problems = Vec::new();
    for link in links(tree) {
        let mut at = loc.id(link.outcome);
        if let Some(step) = link.step {
            at = loc.value_after(at, "id", step);
        }
        let target_id = target_tree(tree, link.see);
        let target = if target_id == tree.id {
            Some(tree)
        } else {
            find(target_id)
        };
        let (pos, message) = match target {
            None => (
                loc.value_after(at, "tree", target_id),
                format!(
                    "{}: `see_also` names tree `{target_id}`, which is not loaded",
                    link.owner()
                ),
            ),
            Some(t) if t.symptom(&link.see.symptom).is_none() => {
                let valid: Vec<&str> = t.symptoms.iter().map(|s| s.id.as_str()).collect();
                (
                    loc.value_after(at, "symptom", &link.see.symptom),
                    format!(
                        "{}: `see_also` names symptom `{}`, which tree `{target_id}` does not have; expected one of: {}",
                        link.owner(),
                        link.see.symptom,
                        valid.join(", ")
                    ),
                )
            }
            Some(_) => continue,
        };
        problems.push(Problem {
            file: file.to_string(),
            line: pos.0,
            column: pos.1,
            message,
        });
    }
    problems
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
