//! Walks through the built-in tree as scripts: answers in; position, causes
//! and checklist out.

use std::sync::Arc;

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{AnswerSource, CauseState, Input, InputError, RuledOutBy, Session};
use kbwalk::tree::{OutcomeKind, Tree};

mod walk_support;
use walk_support::{answer, builtin_tree, outcome_id, walk_by_question, walk_tree};

fn tree() -> Arc<Tree> {
    builtin_tree("sms-secondary-site")
}

fn walk(symptom: Option<&str>, answers: &[(&str, &str)]) -> Session {
    walk_by_question(tree(), symptom, answers)
}

/// The facts and values most walks ask after "what do you see".
fn trunk(version: &'static str, op: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("sms_version", version),
        ("operation", op),
        ("site_code", "S01"),
        ("sms_drive", "D"),
    ]
}

/// The phase-4 walk to Q183347: the sender has capacity.
fn phase4(version: &'static str, op: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut a = trunk(version, op);
    a.extend([("lansend_no_capacity", "no"), ("parent_site_code", "P01")]);
    a
}

fn rendered_steps(s: &Session) -> Vec<String> {
    s.checklist_items()
        .iter()
        .map(|i| {
            let mut t = s.fill(&i.step.text);
            if let Some(c) = &i.step.command {
                t.push_str(" $ ");
                t.push_str(&s.fill(c));
            }
            t
        })
        .collect()
}

#[test]
fn phase4_complete_on_sms_1_2_offers_three_alternatives_with_variables_filled() {
    let mut s = walk(Some("phase4-complete"), &phase4("sms_1_2", "upgrade"));
    assert_eq!(outcome_id(&s), "out_phase4");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(o.articles[0].article, "Q183347");
    assert!(s.applicability_warnings().is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(alts, ["force-ct2", "activate-preinst", "rebuild"]);

    let steps = rendered_steps(&s);
    assert!(steps.iter().any(|t| t.ends_with("$ PREINST /UPGRADE:S01")));
    assert!(
        steps
            .iter()
            .any(|t| t.ends_with("$ PREINST /DELSITE:{S01,P01}"))
    );
    assert!(
        steps
            .iter()
            .any(|t| t.ends_with("$ D:\\SMS\\SITE.SRV\\X86.BIN\\SITEINS.EXE"))
    );
    assert!(
        steps.iter().all(|t| !t.contains("{{")),
        "unfilled variable in {steps:?}"
    );

    // Choosing one alternative leaves only its steps.
    s.apply(&Input::ChooseAlternative {
        alternative: Some("force-ct2".into()),
    })
    .unwrap();
    let items = s.checklist_items();
    assert_eq!(items.len(), 7);
    assert!(
        items
            .iter()
            .all(|i| i.alternative.unwrap().id == "force-ct2")
    );
}

#[test]
fn an_existing_ct2_file_skips_to_step_6_and_unrunning_services_stop_the_procedure() {
    let mut s = walk(Some("phase4-complete"), &phase4("sms_1_2", "install"));
    s.apply(&Input::ChooseAlternative {
        alternative: Some("force-ct2".into()),
    })
    .unwrap();
    s.apply(&Input::AnswerStepCondition {
        step: "ct2-check-existing".into(),
        holds: true,
        at: 100,
    })
    .unwrap();
    let status = |s: &Session, id: &str| {
        s.checklist_items()
            .into_iter()
            .find(|i| i.step.id == id)
            .unwrap()
            .status
    };
    for skipped in ["ct2-backup-ct0", "ct2-move-ctx", "ct2-rename-ct0"] {
        assert_eq!(status(&s, skipped), StepStatus::NotApplicable, "{skipped}");
    }
    assert_eq!(status(&s, "ct2-wait"), StepStatus::Todo);
    assert_eq!(status(&s, "ct2-check-existing"), StepStatus::Todo);

    s.apply(&Input::AnswerStepCondition {
        step: "ct2-verify-services".into(),
        holds: false,
        at: 101,
    })
    .unwrap();
    let items = s.checklist_items();
    assert_eq!(
        items[0].status,
        StepStatus::Todo,
        "the check itself still applies"
    );
    assert!(
        items[1..]
            .iter()
            .all(|i| i.status == StepStatus::NotApplicable)
    );
    assert_eq!(kbwalk::checklist::progress(&items), (0, 1));
}

#[test]
fn phase4_on_sms_2_0_reaches_q183347_with_an_applicability_warning() {
    let s = walk(Some("phase4-complete"), &phase4("sms_2_0", "upgrade"));
    assert_eq!(outcome_id(&s), "out_phase4");
    let w = s.applicability_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].article, "Q183347");
    assert_eq!(
        w[0].requirement,
        "Systems Management Server 1.0, 1.1 or 1.2"
    );
    assert_eq!(w[0].answers[0].1, "SMS 2.0 without a service pack");
}

#[test]
fn phase4_with_the_lansend_line_confirmed_reaches_q163379s_registry_fix_first() {
    let mut a = trunk("sms_1_2", "install");
    a.push(("lansend_no_capacity", "yes"));
    let s = walk(Some("phase4-complete"), &a);
    assert_eq!(outcome_id(&s), "out_sender_capacity");
    let o = s.outcome().unwrap();
    assert_eq!(o.articles[0].article, "Q163379");
    assert!(s.applicability_warnings().is_empty());
    let steps = rendered_steps(&s);
    assert!(
        steps
            .iter()
            .any(|t| t.contains("Maximum Concurrent Sendings value from 0 to 5"))
    );
    assert!(
        steps
            .iter()
            .any(|t| t.contains("Maximum Concurrent Site Sendings value from 0 to 3"))
    );
    // Nothing is deleted on the way: no destructive step, unlike Q183347's rebuild.
    assert!(
        o.steps
            .iter()
            .all(|st| st.risk != kbwalk::tree::Risk::Destructive)
    );
    // The last step leads on to Q183347 if the site still stays at Phase 4.
    let last = o.steps.last().unwrap();
    let link = last.see_also.as_ref().unwrap();
    assert_eq!(link.symptom, "phase4-sender-has-capacity");
    let follow = Session::new(tree(), Some(&link.symptom)).unwrap();
    assert_eq!(follow.current_question().unwrap().id, "sms_version");
    let s = walk(Some(&link.symptom), &trunk("sms_1_2", "install")[..]);
    assert_eq!(s.current_question().unwrap().id, "parent_site_code");

    // The sender question comes before any of Q183347's workarounds, and
    // Q183347's step 6 names the Lansend line.
    let q183347 = walk(Some("phase4-complete"), &phase4("sms_1_2", "install"));
    let names: Vec<&str> = q183347
        .path_answers()
        .iter()
        .map(|(q, _)| q.id.as_str())
        .collect();
    let lansend = names
        .iter()
        .position(|q| *q == "lansend_no_capacity")
        .unwrap();
    assert_eq!(names[lansend + 1], "parent_site_code");
    let wait = q183347.outcome().unwrap().alternatives[0]
        .steps
        .iter()
        .find(|st| st.id == "ct2-wait")
        .unwrap();
    assert!(
        wait.wait
            .as_ref()
            .unwrap()
            .otherwise
            .as_deref()
            .unwrap()
            .contains("Used 0 out of 0, no")
    );
    assert_eq!(
        wait.see_also.as_ref().unwrap().symptom,
        "phase4-no-sending-capacity"
    );
}

#[test]
fn despooler_c0000001_on_sms_1_2_forces_the_upgrade_with_preinst() {
    let mut a = trunk("sms_1_2", "upgrade");
    a.extend([("despooler_error", "yes"), ("many_logon_servers", "yes")]);
    let s = walk(Some("despooler-c0000001"), &a);
    assert_eq!(outcome_id(&s), "out_upgrade_preinst");
    assert_eq!(s.outcome().unwrap().articles[0].article, "Q186408");
    assert_eq!(rendered_steps(&s).len(), 1);
    assert!(rendered_steps(&s)[0].ends_with("$ PREINST /UPGRADE:S01"));
    assert!(s.applicability_warnings().is_empty());
}

#[test]
fn despooler_without_many_logon_servers_says_the_article_assumes_them() {
    let mut a = trunk("sms_1_2", "upgrade");
    a.extend([("despooler_error", "yes"), ("many_logon_servers", "no")]);
    let s = walk(Some("despooler-c0000001"), &a);
    assert_eq!(outcome_id(&s), "out_upgrade_preinst");
    let w = s.applicability_warnings();
    assert_eq!(w.len(), 1);
    assert!(w[0].requirement.contains("numerous logon servers"));
}

#[test]
fn pending_on_sms_2_0_is_a_confirmed_problem_whose_steps_gather_information() {
    let mut a = trunk("sms_2_0_sp3", "install");
    a.extend([
        ("initiated_from_parent", "yes"),
        ("install_evidence", "bootstrap"),
    ]);
    let s = walk(Some("pending"), &a);
    assert_eq!(outcome_id(&s), "out_pending");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::NoFix);
    assert_eq!(o.articles[0].article, "Q201658");
    let steps = rendered_steps(&s);
    assert!(steps[0].contains("Sms_bootstrap.log"));
    assert!(
        o.steps
            .iter()
            .all(|st| st.risk == kbwalk::tree::Risk::ReadOnly)
    );
    // Both names of the Bootstrap log are looked for; neither is said to be the other.
    assert!(steps[0].contains("D:\\SMSBootstrap.log"));
    assert!(!steps.iter().any(|t| t.contains("also named")));
    // The service's state is recorded, not expected to be running.
    let service = o
        .steps
        .iter()
        .find(|st| st.id == "pd-bootstrap-service")
        .unwrap();
    assert!(!service.verify.as_ref().unwrap().text.contains("is running"));
}

#[test]
fn a_pending_installation_offers_q287717s_clean_up_as_a_follow_on_labelled_as_q287717s() {
    let mut a = trunk("sms_2_0_sp3", "install");
    a.extend([
        ("initiated_from_parent", "yes"),
        ("install_evidence", "bootstrap"),
    ]);
    let s = walk(Some("pending"), &a);
    let o = s.outcome().unwrap();
    let follow = o.steps.last().unwrap();
    assert_eq!(follow.source.as_ref().unwrap().article, "Q287717");
    let link = follow.see_also.as_ref().unwrap();
    assert_eq!(link.tree, None, "a link within this tree");
    // Following it with the answers given reaches the clean-up, values filled in.
    let carried: Vec<(&str, &str)> = vec![
        ("sms_version", "sms_2_0_sp3"),
        ("operation", "install"),
        ("initiated_from_parent", "yes"),
        ("site_code", "S01"),
        ("sms_drive", "D"),
    ];
    let cleanup = walk(Some(&link.symptom), &carried);
    assert_eq!(outcome_id(&cleanup), "out_hang_cleanup");
    assert_eq!(cleanup.outcome().unwrap().articles[0].article, "Q287717");
    assert!(cleanup.applicability_warnings().is_empty());
    assert!(
        rendered_steps(&cleanup)
            .iter()
            .any(|t| t.contains("same site code (S01)"))
    );
    // The other SMSSetup.log articles are one link away, in the other tree.
    let other = o.see_also.as_ref().unwrap();
    assert_eq!(other.tree.as_deref(), Some("sms-site-hierarchy"));
    assert_eq!(other.symptom, "setup-log-entry");
    for article in ["Q236048", "Q263846", "Q264493", "Q282289"] {
        assert!(other.text.contains(article), "{article}");
    }
}

#[test]
fn pending_and_hang_are_told_apart_by_evidence_not_by_the_symptom_clicked() {
    for symptom in ["pending", "install-hangs"] {
        for (evidence, outcome) in [
            ("bootstrap", "out_pending"),
            ("stalled", "out_hang_cleanup"),
            ("neither", "out_unknown"),
        ] {
            let mut a = trunk("sms_2_0", "install");
            a.extend([
                ("initiated_from_parent", "yes"),
                ("install_evidence", evidence),
            ]);
            let s = walk(Some(symptom), &a);
            assert_eq!(outcome_id(&s), outcome, "{symptom} with {evidence}");
        }
    }
}

#[test]
fn event_7031_is_benign_only_under_all_of_its_conditions() {
    // The event's path asks no site code and no drive: no step uses them.
    let mut a = vec![("sms_version", "sms_2_0_sp2"), ("operation", "install")];
    a.extend([
        ("event7031_text", "yes"),
        ("server_os", "windows_2000"),
        ("terminal_services", "remote_admin"),
        ("site_works", "yes"),
    ]);
    let s = walk(Some("event-7031"), &a);
    assert_eq!(outcome_id(&s), "out_7031_benign");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Benign);
    assert_eq!(s.outcome().unwrap().articles[0].article, "Q283472");

    // Any one condition missing: not declared harmless.
    for (q, v) in [
        ("sms_version", "sms_2_0_sp3"),
        ("server_os", "windows_nt4"),
        ("terminal_services", "app_server"),
        ("operation", "upgrade"),
    ] {
        let changed: Vec<(&str, &str)> = a
            .iter()
            .map(|&(k, x)| if k == q { (k, v) } else { (k, x) })
            .collect();
        let s = walk(Some("event-7031"), &changed);
        assert_eq!(outcome_id(&s), "out_7031_unexplained", "with {q}={v}");
        assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Unknown);
    }
}

#[test]
fn a_hung_installation_gets_the_full_cleanup_with_4a_to_4f() {
    let mut a = trunk("sms_2_0", "install");
    a.extend([
        ("initiated_from_parent", "yes"),
        ("install_evidence", "stalled"),
    ]);
    let s = walk(Some("install-hangs"), &a);
    assert_eq!(outcome_id(&s), "out_hang_cleanup");
    let items = s.checklist_items();
    let numbers: Vec<&str> = items
        .iter()
        .filter(|i| i.depth == 1)
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(numbers, ["4a", "4b", "4c", "4d", "4e", "4f"]);
    let steps = rendered_steps(&s);
    for expected in [
        "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\SMS",
        "HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\CLISVC",
        "D:\\SMSBootstrap.log",
        "C:\\SMSSetup.log",
        "%Winnt%\\MS\\SMS",
        "SMSClient_S01 and SMSServer_S01",
        "CAP_S01",
    ] {
        assert!(
            steps.iter().any(|t| t.contains(expected)),
            "missing {expected}"
        );
    }
    // 4b lists nine keys; 4c four paths, plus SMSSetup.log on the SMS drive,
    // the author's addition from Q282289, cited as such.
    assert_eq!(
        items.iter().filter(|i| i.number.starts_with("4b.")).count(),
        9
    );
    assert_eq!(
        items.iter().filter(|i| i.number.starts_with("4c.")).count(),
        5
    );
    assert!(steps.iter().any(|t| t.contains("D:\\SMSSetup.log")));
    let extra = items
        .iter()
        .find(|i| i.step.id == "hc-file-setup-log-sms-drive")
        .unwrap()
        .step;
    assert_eq!(extra.source.as_ref().unwrap().article, "Q282289");
    assert!(extra.note.as_ref().unwrap().contains("Author's addition"));
    assert!(
        extra.condition.is_some(),
        "skipped when the drive is C, where 4c.iii names it"
    );
}

#[test]
fn the_operator_who_does_not_know_the_article_gets_there_by_questions() {
    let mut a = phase4("sms_1_2", "upgrade");
    a.push(("what_seen", "phase4"));
    let s = walk(None, &a);
    assert_eq!(
        s.path_answers()[0].0.id,
        "what_seen",
        "what is seen is asked first"
    );
    assert_eq!(outcome_id(&s), "out_phase4");
}

#[test]
fn a_hang_not_initiated_from_the_parent_matches_no_article() {
    let mut a = trunk("sms_2_0", "install");
    a.push(("initiated_from_parent", "no"));
    let s = walk(Some("install-hangs"), &a);
    assert_eq!(outcome_id(&s), "out_unknown");
}

/// One rule in both trees: "I do not know" meets no version requirement, so
/// an outcome with destructive steps never comes without a warning.
#[test]
fn not_knowing_the_version_is_never_silent_before_a_destructive_step() {
    let mut pending = trunk("unknown", "install");
    pending.extend([
        ("initiated_from_parent", "yes"),
        ("install_evidence", "stalled"),
    ]);
    for (symptom, answers) in [
        ("phase4-complete", phase4("unknown", "upgrade")),
        ("install-hangs", pending),
    ] {
        let s = walk(Some(symptom), &answers);
        let w = s.applicability_warnings();
        assert_eq!(w.len(), 1, "{symptom}: {w:?}");
        assert!(w[0].requirement.starts_with("Systems Management Server"));
        assert_eq!(w[0].answers[0].1, "I do not know");
    }
}

#[test]
fn something_else_ends_honestly_with_no_known_cause_and_every_cause_ruled_out() {
    let mut a = trunk("sms_2_0_sp2", "install");
    a.push(("what_seen", "other"));
    let s = walk(Some("not-sure"), &a);
    assert_eq!(outcome_id(&s), "out_unknown");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Unknown);
    assert!(s.fill(&o.summary).contains("no answer"));
    assert!(s.checklist_items().len() >= 5);
    for (c, state) in s.causes() {
        assert_eq!(
            state,
            CauseState::RuledOut(RuledOutBy::Answer {
                question: "what_seen".into(),
                value: "other".into()
            }),
            "{}",
            c.id
        );
    }
}

#[test]
fn causes_narrow_as_questions_are_answered_and_name_the_answer_that_ruled_them_out() {
    let mut s = Session::new(tree(), None).unwrap();
    assert!(s.causes().iter().all(|(_, st)| *st == CauseState::Possible));
    answer(&mut s, "what_seen", "despooler");
    let states: Vec<(String, CauseState)> = s
        .causes()
        .into_iter()
        .map(|(c, st)| (c.id.clone(), st))
        .collect();
    for (id, st) in &states {
        if id == "upgrade-shutdown-timing" {
            assert_eq!(*st, CauseState::Possible);
        } else {
            assert_eq!(
                *st,
                CauseState::RuledOut(RuledOutBy::Answer {
                    question: "what_seen".into(),
                    value: "despooler".into()
                }),
                "{id}"
            );
        }
    }
    for (q, v) in trunk("sms_1_2", "upgrade") {
        answer(&mut s, q, v);
    }
    answer(&mut s, "despooler_error", "no");
    let (_, st) = s
        .causes()
        .into_iter()
        .find(|(c, _)| c.id == "upgrade-shutdown-timing")
        .unwrap();
    assert_eq!(
        st,
        CauseState::RuledOut(RuledOutBy::Answer {
            question: "despooler_error".into(),
            value: "no".into()
        })
    );
}

#[test]
fn a_symptom_rules_out_causes_it_cannot_lead_to() {
    let s = Session::new(tree(), Some("event-7031")).unwrap();
    for (c, st) in s.causes() {
        if c.id == "bootstrap-7031-remote-admin" {
            assert_eq!(st, CauseState::Possible);
        } else {
            assert_eq!(st, CauseState::RuledOut(RuledOutBy::Symptom), "{}", c.id);
        }
    }
}

#[test]
fn back_restores_the_previous_question_and_keeps_every_answer() {
    let mut a = trunk("sms_1_2", "upgrade");
    a.push(("lansend_no_capacity", "no"));
    let mut s = walk(Some("phase4-complete"), &a);
    assert_eq!(s.current_question().unwrap().id, "parent_site_code");
    answer(&mut s, "parent_site_code", "P01");
    assert!(s.outcome().is_some());

    s.apply(&Input::Back).unwrap();
    assert_eq!(s.current_question().unwrap().id, "parent_site_code");
    assert_eq!(s.answer("parent_site_code").unwrap().value.raw(), "P01");

    // The symptom answered "what do you see"; Back passes over it.
    s.apply(&Input::Back).unwrap();
    assert_eq!(s.current_question().unwrap().id, "lansend_no_capacity");
    s.apply(&Input::Back).unwrap();
    assert_eq!(s.current_question().unwrap().id, "sms_drive");
    for _ in 0..3 {
        s.apply(&Input::Back).unwrap();
    }
    assert_eq!(s.current_question().unwrap().id, "sms_version");
    assert_eq!(s.apply(&Input::Back), Err(InputError::AtStart));
    assert_eq!(s.answer("site_code").unwrap().value.raw(), "S01");
}

#[test]
fn invalid_answers_are_refused_and_leave_the_session_unchanged() {
    let mut s = walk(
        None,
        &[
            ("what_seen", "other"),
            ("sms_version", "sms_1_2"),
            ("operation", "install"),
        ],
    );
    let before = s.current_question().unwrap().id.clone();
    let err = s
        .apply(&Input::Answer {
            question: "site_code".into(),
            value: "TOOLONG".into(),
            source: AnswerSource::Operator,
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "`TOOLONG` does not fit `site_code`: expected three letters or digits, e.g. S01"
    );
    assert_eq!(s.current_question().unwrap().id, before);
    let err = s
        .apply(&Input::Answer {
            question: "sms_version".into(),
            value: "sms_1_2".into(),
            source: AnswerSource::Operator,
        })
        .unwrap_err();
    assert!(matches!(err, InputError::NotCurrent { .. }));
}

#[test]
fn the_same_inputs_always_give_the_same_session() {
    let inputs = [
        ("sms_version", "sms_2_0"),
        ("operation", "install"),
        ("site_code", "ABC"),
        ("sms_drive", "E"),
        ("initiated_from_parent", "yes"),
        ("install_evidence", "stalled"),
    ];
    let a = walk(Some("install-hangs"), &inputs);
    let b = walk(Some("install-hangs"), &inputs);
    assert_eq!(outcome_id(&a), outcome_id(&b));
    assert_eq!(rendered_steps(&a), rendered_steps(&b));
    assert_eq!(a.all_answers(), b.all_answers());
}

/// Q183347's second workaround recovers a failed upgrade only; its Sitecfg.box
/// look is read-only.
#[test]
fn q183347s_second_option_stops_for_an_installation_and_its_look_changes_nothing() {
    let mut s = walk(Some("phase4-complete"), &phase4("sms_1_2", "install"));
    s.apply(&Input::ChooseAlternative {
        alternative: Some("activate-preinst".into()),
    })
    .unwrap();
    s.apply(&Input::AnswerStepCondition {
        step: "act-upgrade-only".into(),
        holds: false,
        at: 100,
    })
    .unwrap();
    let items = s.checklist_items();
    assert_eq!(items[0].step.id, "act-upgrade-only");
    assert!(
        items[1..]
            .iter()
            .all(|i| i.status == StepStatus::NotApplicable)
    );
    let o = s.outcome().unwrap();
    let look = o.alternatives[0]
        .steps
        .iter()
        .find(|st| st.id == "ct2-check-existing")
        .unwrap();
    assert_eq!(look.risk, kbwalk::tree::Risk::ReadOnly);
}

/// Each cause's id and state, as the side panel and the export read them.
fn cause_states(s: &Session) -> Vec<(String, CauseState)> {
    s.causes()
        .into_iter()
        .map(|(c, st)| (c.id.clone(), st))
        .collect()
}

/// The causes are worked out once per state of the walk and kept: reading
/// them before and after every answer, Back and changed answer must always
/// give what a walk freshly replayed to the same place gives.
#[test]
fn causes_read_at_every_step_never_lag_behind_answers_or_back() {
    let mut s = Session::new(tree(), None).unwrap();
    let mut given: Vec<(&str, &str)> = Vec::new();
    let fresh = |given: &[(&str, &str)]| cause_states(&walk_tree(tree(), None, given));
    let mut steps = vec![("what_seen", "despooler")];
    steps.extend(trunk("sms_1_2", "upgrade"));
    for (q, v) in steps {
        let before = cause_states(&s);
        assert_eq!(before, fresh(&given), "before answering {q}");
        answer(&mut s, q, v);
        given.push((q, v));
        assert_eq!(cause_states(&s), fresh(&given), "after answering {q}={v}");
    }
    let answered = cause_states(&s);
    answer(&mut s, "despooler_error", "no");
    let ruled_out = cause_states(&s);
    assert_ne!(answered, ruled_out, "the last answer rules a cause out");
    s.apply(&Input::Back).unwrap();
    assert_eq!(cause_states(&s), answered, "Back brings the causes back");
    answer(&mut s, "despooler_error", "yes");
    given.push(("despooler_error", "yes"));
    assert_eq!(cause_states(&s), fresh(&given), "after changing the answer");
    // A copy of the session (as a resumed walk holds) answers for itself.
    let mut copy = s.clone();
    copy.apply(&Input::Back).unwrap();
    assert_eq!(cause_states(&copy), answered);
    assert_eq!(cause_states(&s), fresh(&given));
}
