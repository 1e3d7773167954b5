//! Helpers for walking a built-in tree through the engine as a script.

#![allow(dead_code)]

use std::sync::Arc;

use kbwalk::engine::{AnswerSource, Input, Session};
use kbwalk::library::Library;
use kbwalk::tree::Tree;

/// A built-in tree by id; the built-in library must load clean.
pub fn builtin_tree(id: &str) -> Arc<Tree> {
    let (lib, problems) = Library::load(true, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    Arc::clone(&lib.get(id).unwrap().tree)
}

/// Answers the current question as the operator; panics naming it when refused.
pub fn answer(s: &mut Session, q: &str, v: &str) {
    s.apply(&Input::Answer {
        question: q.into(),
        value: v.into(),
        source: AnswerSource::Operator,
    })
    .unwrap_or_else(|e| panic!("{q}={v}: {e}"));
}

/// A walk from a symptom (or the tree's start) through the given answers.
pub fn walk_tree(tree: Arc<Tree>, symptom: Option<&str>, answers: &[(&str, &str)]) -> Session {
    let mut s = Session::new(tree, symptom).unwrap();
    for (q, v) in answers {
        answer(&mut s, q, v);
    }
    s
}

pub fn outcome_id(s: &Session) -> &str {
    &s.outcome().expect("walk should end at an outcome").id
}

/// A walk that gives each question its answer from `answers` whatever order
/// the tree asks them in; panics when an answer is refused or never asked.
pub fn walk_by_question(
    tree: Arc<Tree>,
    symptom: Option<&str>,
    answers: &[(&str, &str)],
) -> Session {
    let mut s = Session::new(tree, symptom).unwrap();
    let map: std::collections::BTreeMap<String, String> = answers
        .iter()
        .map(|(q, v)| (q.to_string(), v.to_string()))
        .collect();
    kbwalk::engine::walk_answers(&mut s, &map).unwrap_or_else(|e| panic!("{e}"));
    for (q, _) in answers {
        assert!(
            s.path_answers().iter().any(|(pq, _)| pq.id == *q),
            "`{q}` was never asked on this walk"
        );
    }
    s
}
