//! Every construct of the format, walked through the engine on a fixture tree.

use std::sync::Arc;

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{AnswerSource, Effect, Input, InputError, Session};
use kbwalk::tree::load::load_source;
use kbwalk::tree::{OutcomeKind, Tree};

fn tree() -> Arc<Tree> {
    let src = std::fs::read_to_string("tests/fixtures/valid/all-constructs.yaml").unwrap();
    Arc::new(load_source("all-constructs.yaml", &src).unwrap())
}

fn answer(s: &mut Session, q: &str, v: &str) -> Result<Vec<Effect>, InputError> {
    s.apply(&Input::Answer {
        question: q.into(),
        value: v.into(),
        source: AnswerSource::Operator,
    })
}

fn walk(symptom: Option<&str>, answers: &[(&str, &str)]) -> Session {
    let mut s = Session::new(tree(), symptom).unwrap();
    for (q, v) in answers {
        answer(&mut s, q, v).unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    s
}

#[test]
fn number_branches_route_by_threshold_and_combined_conditions() {
    let base = [
        ("version", "v1"),
        ("operation", "install"),
        ("server", "web1"),
    ];
    let at = |hours: &str, version: &str| {
        let mut a = base.to_vec();
        a[0].1 = version;
        a.push(("hours", hours));
        walk(None, &a)
    };
    assert_eq!(at("24", "v1").outcome().unwrap().id, "out_old");
    assert_eq!(at("0.5", "v1").outcome().unwrap().id, "out_nofix");
    assert_eq!(at("30", "v2").outcome().unwrap().id, "out_nofix");
    let s = at("5", "v1");
    assert_eq!(s.current_question().unwrap().id, "seen");
    assert_eq!(at("24", "v1").fill("{{hours}}h"), "24h");
}

#[test]
fn numbers_outside_the_range_or_not_numbers_are_refused() {
    let mut s = walk(
        None,
        &[
            ("version", "v1"),
            ("operation", "install"),
            ("server", "web1"),
        ],
    );
    let e = answer(&mut s, "hours", "-1").unwrap_err();
    assert_eq!(
        e.to_string(),
        "`-1` is not a number for `hours` (from 0 to 1000)"
    );
    let e = answer(&mut s, "hours", "soon").unwrap_err();
    assert_eq!(
        e.to_string(),
        "`soon` is not a number for `hours` (from 0 to 1000)"
    );
    let e = answer(&mut s, "hours", "NaN").unwrap_err();
    assert!(matches!(e, InputError::Invalid(_)));
}

#[test]
fn text_matches_routes_and_the_pattern_hint_explains_a_refusal() {
    let s = walk(
        None,
        &[
            ("version", "v1"),
            ("operation", "install"),
            ("server", "test3"),
        ],
    );
    let o = s.outcome().unwrap();
    assert_eq!((o.id.as_str(), o.kind), ("out_benign", OutcomeKind::Benign));
    let mut s = walk(None, &[("version", "v1"), ("operation", "install")]);
    let e = answer(&mut s, "server", "Web 1").unwrap_err();
    assert_eq!(
        e.to_string(),
        "`Web 1` does not fit `server`: expected lower-case letters, then digits"
    );
}

#[test]
fn a_question_with_a_probe_asks_the_shell_to_run_it_with_variables_unfilled_until_answered() {
    let mut s = walk(None, &[("version", "v1"), ("operation", "install")]);
    let fx = answer(&mut s, "server", "web1").unwrap();
    assert_eq!(fx.len(), 1, "hours has no probe: {fx:?}");
    let fx = answer(&mut s, "hours", "5").unwrap();
    assert_eq!(fx[0], Effect::Ask("seen".into()));
    match &fx[1] {
        Effect::RunProbe { question, .. } => assert_eq!(question, "seen"),
        other => panic!("expected a probe, got {other:?}"),
    }
}

#[test]
fn applicability_warns_through_a_not_condition_and_only_for_contradicted_requirements() {
    let s = walk(
        None,
        &[
            ("version", "v1"),
            ("operation", "remove"),
            ("server", "web1"),
            ("hours", "5"),
            ("seen", "yes"),
        ],
    );
    assert_eq!(s.outcome().unwrap().id, "out_old");
    let w: Vec<String> = s
        .applicability_warnings()
        .into_iter()
        .map(|w| w.requirement)
        .collect();
    assert_eq!(w, ["not a removal"]);
    let s = walk(
        None,
        &[
            ("version", "v1"),
            ("operation", "install"),
            ("server", "web1"),
            ("hours", "5"),
            ("seen", "yes"),
        ],
    );
    assert!(s.applicability_warnings().is_empty());
}

#[test]
fn a_symptom_answer_is_recorded_with_the_symptom_as_its_source() {
    let s = walk(Some("slow"), &[("version", "v1")]);
    assert_eq!(s.current_question().unwrap().id, "server");
    let a = s.answer("operation").unwrap();
    assert_eq!(a.source, AnswerSource::Symptom("slow".into()));
}

#[test]
fn steps_then_alternatives_sub_steps_skip_to_and_statuses() {
    let mut s = walk(
        None,
        &[
            ("version", "v1"),
            ("operation", "install"),
            ("server", "db2"),
            ("hours", "48"),
        ],
    );
    let ids = |s: &Session| {
        s.checklist_items()
            .iter()
            .map(|i| i.step.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&s), ["check", "stop", "confirm", "g1", "h1", "h1a"]);
    s.apply(&Input::ChooseAlternative {
        alternative: Some("hard".into()),
    })
    .unwrap();
    assert_eq!(ids(&s), ["check", "stop", "confirm", "h1", "h1a"]);
    assert_eq!(s.checklist_items()[4].number, "1a");
    let e = s
        .apply(&Input::ChooseAlternative {
            alternative: Some("nope".into()),
        })
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "`nope` is not an alternative here; expected one of: gentle, hard"
    );

    s.apply(&Input::AnswerStepCondition {
        step: "check".into(),
        holds: true,
        at: 10,
    })
    .unwrap();
    let items = s.checklist_items();
    assert_eq!(items[1].status, StepStatus::NotApplicable);
    assert_eq!(items[2].status, StepStatus::Todo);
    s.apply(&Input::SetStepStatus {
        step: "confirm".into(),
        status: StepStatus::Done,
        at: 20,
    })
    .unwrap();
    s.apply(&Input::SetStepNote {
        step: "confirm".into(),
        note: "all green".into(),
        at: 21,
    })
    .unwrap();
    let items = s.checklist_items();
    assert_eq!(items[2].status, StepStatus::Done);
    assert_eq!(items[2].note, "all green");
    assert_eq!(kbwalk::checklist::progress(&items), (1, 4));
    assert_eq!(s.checklist().unwrap().started_at, Some(20));
    assert_eq!(
        s.apply(&Input::SetStepStatus {
            step: "stop".into(),
            status: StepStatus::NotApplicable,
            at: 22
        }),
        Err(InputError::ManualNotApplicable)
    );
    assert_eq!(
        s.apply(&Input::SetStepStatus {
            step: "ghost".into(),
            status: StepStatus::Done,
            at: 22
        }),
        Err(InputError::UnknownStep("ghost".into()))
    );

    // Back to the question and forward again: the checklist progress is still there.
    s.apply(&Input::Back).unwrap();
    answer(&mut s, "hours", "48").unwrap();
    assert_eq!(s.checklist_items()[2].status, StepStatus::Done);
}
