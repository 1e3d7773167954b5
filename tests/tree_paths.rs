//! Every built-in tree lints clean, and every path through it, from its start
//! and from every symptom, ends at an outcome whose steps have every variable filled.

use std::sync::Arc;

use kbwalk::engine::{AnswerSource, CauseState, Input, Session};
use kbwalk::library::Library;
use kbwalk::tree::answer::parse_answer;
use kbwalk::tree::{Question, QuestionKind, Tree};

/// Values to try for a question: every choice, or sample values that its pattern or range accepts.
fn candidate_values(q: &Question) -> Vec<String> {
    match q.kind {
        QuestionKind::YesNo => vec!["yes".into(), "no".into()],
        QuestionKind::Choice => q.choices.iter().map(|c| c.id.clone()).collect(),
        QuestionKind::Text => ["S01", "C", "abc", "x", "1"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| parse_answer(q, s).is_ok())
            .take(1)
            .collect(),
        QuestionKind::Number => {
            let mut v: Vec<f64> = vec![0.0, 1.0, 24.0, 48.0, 1000.0];
            for b in &q.branches {
                v.extend(b.when.at_least);
                v.extend(b.when.below);
            }
            v.into_iter()
                .map(|n| n.to_string())
                .filter(|s| parse_answer(q, s).is_ok())
                .collect()
        }
    }
}

/// Walks every path depth first; returns the outcome ids reached, one per path.
fn enumerate(session: Session, outcomes: &mut Vec<String>, tree: &Tree) {
    let Some(q) = session.current_question().cloned() else {
        let o = session.outcome().unwrap();
        for item in session.checklist_items() {
            let text = session.fill(&item.step.text);
            let cmd = item.step.command.as_deref().map(|c| session.fill(c));
            assert!(
                !text.contains("{{") && !cmd.unwrap_or_default().contains("{{"),
                "{}: outcome {} step {} has an unfilled variable",
                tree.id,
                o.id,
                item.step.id
            );
        }
        outcomes.push(o.id.clone());
        return;
    };
    let values = candidate_values(&q);
    assert!(!values.is_empty(), "no valid sample answer for {}", q.id);
    for v in values {
        let mut next = session.clone();
        next.apply(&Input::Answer {
            question: q.id.clone(),
            value: v,
            source: AnswerSource::Operator,
        })
        .unwrap();
        enumerate(next, outcomes, tree);
    }
}

fn builtin() -> Library {
    let (lib, problems) = Library::load(true, &[]);
    assert!(
        problems.is_empty(),
        "built-in trees must lint clean:\n{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!lib.entries().is_empty());
    lib
}

#[test]
fn every_path_of_every_builtin_tree_ends_at_an_outcome() {
    let lib = builtin();
    for entry in lib.entries() {
        let tree: Arc<Tree> = Arc::clone(&entry.load().unwrap().tree);
        let mut entries: Vec<Option<&str>> = vec![None];
        entries.extend(tree.symptoms.iter().map(|s| Some(s.id.as_str())));
        let mut reached = std::collections::BTreeSet::new();
        for entry in entries {
            let mut outcomes = Vec::new();
            enumerate(
                Session::new(Arc::clone(&tree), entry).unwrap(),
                &mut outcomes,
                &tree,
            );
            assert!(!outcomes.is_empty());
            reached.extend(outcomes);
        }
        // Every outcome is reached by some path.
        for o in &tree.outcomes {
            assert!(
                reached.contains(&o.id),
                "{}: {} never reached",
                tree.id,
                o.id
            );
        }
    }
}

/// `kbwalk list` and the picker advertise, for each symptom, the articles of
/// the outcomes it can lead to: exactly those some walk from it reaches, no
/// more (a branch the symptom's answer rules out is not advertised) and no less.
#[test]
fn each_symptom_advertises_exactly_the_outcomes_its_walks_reach() {
    let lib = builtin();
    for entry in lib.entries() {
        let tree: Arc<Tree> = Arc::clone(&entry.load().unwrap().tree);
        for symptom in &tree.symptoms {
            let mut walked = Vec::new();
            enumerate(
                Session::new(Arc::clone(&tree), Some(&symptom.id)).unwrap(),
                &mut walked,
                &tree,
            );
            let walked: std::collections::BTreeSet<&str> =
                walked.iter().map(String::as_str).collect();
            let advertised: std::collections::BTreeSet<&str> = tree
                .reachable_outcomes(&symptom.start, &symptom.answers)
                .iter()
                .map(|o| o.id.as_str())
                .collect();
            assert_eq!(
                advertised, walked,
                "{}: symptom {} advertises outcomes its walks do not reach, or misses some",
                tree.id, symptom.id
            );
            // The wizard's side panel, before any answer: the causes still
            // possible are those of the outcomes the symptom's walks reach.
            let possible: std::collections::BTreeSet<String> =
                Session::new(Arc::clone(&tree), Some(&symptom.id))
                    .unwrap()
                    .causes()
                    .into_iter()
                    .filter(|(_, st)| *st == CauseState::Possible)
                    .map(|(c, _)| c.id.clone())
                    .collect();
            let reached_causes: std::collections::BTreeSet<String> = walked
                .iter()
                .filter_map(|o| tree.outcome(o)?.cause.clone())
                .collect();
            assert_eq!(
                possible, reached_causes,
                "{}: symptom {} shows causes as possible that its walks cannot reach, or hides some",
                tree.id, symptom.id
            );
        }
    }
}
