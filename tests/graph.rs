//! `kbwalk graph`: one node per question and outcome, one edge per route,
//! outcome kinds drawn differently, and tree text that cannot break the graph.

use std::path::Path;

use assert_cmd::Command;
use kbwalk::tree::load::BUILTIN;
use kbwalk::tree::{OutcomeKind, QuestionKind, Tree, parse_tree};
use predicates::prelude::*;

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home);
    cmd
}

fn graph(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .arg("graph")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "graph {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Routes counted from the tree as the format describes them: every
/// branch, and one route per answer (two for yes/no, one per choice, one
/// `next` for text and numbers).
fn route_count(tree: &Tree) -> usize {
    tree.questions
        .iter()
        .map(|q| {
            q.branches.len()
                + match q.kind {
                    QuestionKind::YesNo => 2,
                    QuestionKind::Choice => q.choices.len(),
                    QuestionKind::Text | QuestionKind::Number => usize::from(q.next.is_some()),
                }
        })
        .sum()
}

fn builtin_trees() -> Vec<Tree> {
    BUILTIN
        .iter()
        .map(|(name, text)| parse_tree(name, text).unwrap())
        .collect()
}

fn lines_starting<'a>(text: &'a str, prefixes: &[&str]) -> Vec<&'a str> {
    text.lines()
        .filter(|l| prefixes.iter().any(|p| l.trim_start().starts_with(p)))
        .collect()
}

#[test]
fn mermaid_has_a_node_per_question_and_outcome_and_an_edge_per_route() {
    for tree in builtin_trees() {
        let text = graph(&[&tree.id]);
        assert!(text.starts_with("flowchart TD\n"));
        let node = |prefix: char, i: usize| {
            let key = format!("  {prefix}{i}");
            text.lines()
                .filter(|l| {
                    l.starts_with(&key)
                        && !l[key.len()..].starts_with(|c: char| c == ' ' || c.is_ascii_digit())
                })
                .count()
        };
        for i in 0..tree.questions.len() {
            assert_eq!(node('q', i), 1, "{}: question {i}", tree.id);
        }
        for i in 0..tree.outcomes.len() {
            assert_eq!(node('o', i), 1, "{}: outcome {i}", tree.id);
        }
        assert_eq!(node('q', tree.questions.len()), 0);
        assert_eq!(node('o', tree.outcomes.len()), 0);
        let route_edges = text
            .lines()
            .filter(|l| {
                l.starts_with("  q")
                    && (l.contains(" --> ") || l.contains(" -->|") || l.contains(" ==>"))
            })
            .count();
        assert_eq!(route_edges, route_count(&tree), "{}", tree.id);
        // The tree's start and each symptom enter it.
        let entries = lines_starting(&text, &["entry -.->", "s"])
            .into_iter()
            .filter(|l| l.contains(" -.-> "))
            .count();
        assert_eq!(entries, tree.symptoms.len() + 1, "{}", tree.id);
    }
}

#[test]
fn dot_has_the_same_nodes_and_edges() {
    for tree in builtin_trees() {
        let text = graph(&[&tree.id, "--format", "dot"]);
        assert!(text.starts_with(&format!("digraph \"{}\" {{", tree.id)));
        let questions = lines_starting(&text, &["q"]);
        assert_eq!(
            questions
                .iter()
                .filter(|l| l.contains("shape=diamond"))
                .count(),
            tree.questions.len()
        );
        let outcomes = text
            .lines()
            .filter(|l| l.trim_start().starts_with('o') && l.contains("[shape="))
            .count();
        assert_eq!(outcomes, tree.outcomes.len());
        let edges = questions.iter().filter(|l| l.contains(" -> ")).count();
        assert_eq!(edges, route_count(&tree), "{}", tree.id);
    }
}

#[test]
fn each_outcome_kind_has_its_own_shape_and_class() {
    let tree = &builtin_trees()[0];
    let text = graph(&[&tree.id]);
    let mut kinds_seen = std::collections::BTreeSet::new();
    for (i, o) in tree.outcomes.iter().enumerate() {
        let shape = match o.kind {
            OutcomeKind::Cause => "[\"",
            OutcomeKind::Benign => "(\"",
            OutcomeKind::NoFix => "{{\"",
            OutcomeKind::Unknown => "[/\"",
            OutcomeKind::Reference => "[[\"",
        };
        let line = format!("  o{i}{shape}");
        assert!(text.contains(&line), "{} drawn as {line}", o.id);
        let class_line = lines_starting(&text, &["class "])
            .into_iter()
            .find(|l| l.split([' ', ',']).any(|k| k == format!("o{i}")))
            .unwrap();
        assert!(class_line.ends_with(o.kind.as_str()), "{class_line}");
        kinds_seen.insert(o.kind.as_str());
    }
    assert_eq!(
        kinds_seen.len(),
        4,
        "the seed tree has every kind of outcome"
    );
}

#[test]
fn a_symptom_draws_only_what_it_reaches_with_the_answers_it_gives() {
    let text = graph(&["sms-secondary-site", "--symptom", "phase4-complete"]);
    assert!(text.contains("out_phase4"));
    assert!(!text.contains("out_7031_benign"));
    assert!(!text.contains("  entry"));
    // The symptom answers `what_seen`: one route out of it, marked so.
    let tree = builtin_trees()
        .into_iter()
        .find(|t| t.id == "sms-secondary-site")
        .unwrap();
    let what_seen = tree
        .questions
        .iter()
        .position(|q| q.id == "what_seen")
        .unwrap();
    let edge_start = format!("  q{what_seen} ");
    let from_what_seen: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(&edge_start))
        .collect();
    assert_eq!(from_what_seen.len(), 1, "{from_what_seen:?}");
    assert!(
        from_what_seen[0].contains("|\"phase4 (the symptom's answer)\"|"),
        "{from_what_seen:?}"
    );

    let home = tempfile::tempdir().unwrap();
    kbwalk(home.path())
        .args(["graph", "sms-secondary-site", "--symptom", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "kbwalk: error: tree `sms-secondary-site` has no symptom `nope`; expected one of: phase4-complete,",
        ));
}

#[test]
fn branch_edges_carry_their_condition() {
    let text = graph(&["sms-secondary-site"]);
    let branches: Vec<&str> = text.lines().filter(|l| l.contains(" ==>|")).collect();
    assert!(!branches.is_empty());
    assert!(
        branches.iter().all(|l| l.contains("|\"if ")),
        "{branches:?}"
    );
    assert!(
        branches
            .iter()
            .any(|l| l.contains("if site_works is yes and")),
        "{branches:?}"
    );
}

#[test]
fn tree_text_cannot_break_out_of_a_label() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "C:\\SMS\\n \"it\"]; click o0 x() <img src=x onerror=alert(1)>";
    let text = include_str!("fixtures/valid/minimal.yaml")
        .replace("title: Plug it in", &format!("title: '{hostile}'"));
    let file = dir.path().join("hostile.yaml");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();

    let mermaid = graph(&[file]);
    let line = mermaid.lines().find(|l| l.starts_with("  o0")).unwrap();
    assert!(
        !line.contains("<img") && !line.contains("\"]; click"),
        "{line}"
    );
    assert_eq!(line.matches('"').count(), 2, "{line}");

    let dot = graph(&[file, "--format", "dot"]);
    let line = dot.lines().find(|l| l.starts_with("  o0")).unwrap();
    assert!(line.contains(r#"C:\\SMS\\n \"it\"]; click"#), "{line}");
}

#[test]
fn a_tree_file_with_problems_is_not_drawn() {
    let home = tempfile::tempdir().unwrap();
    kbwalk(home.path())
        .args(["graph", "tests/fixtures/invalid/cycle.yaml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "tests/fixtures/invalid/cycle.yaml:26:11: question `queue` leads back to `power`",
        ));
    kbwalk(home.path())
        .args(["graph", "no-such-tree"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown tree `no-such-tree`; expected a tree file or one of: sms-secondary-site",
        ));
}
