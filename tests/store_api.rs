//! The store as the wizard uses it: create, apply (on disk before it
//! returns), reopen to the same state, one writer at a time, compaction,
//! listing and the timeline.

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{AnswerSource, Input, InputError};
use kbwalk::export::TimelineWhat;
use kbwalk::library::Library;
use kbwalk::store::{Listed, Stage, Store, StoreError, What};
use kbwalk::tree::LoadedTree;

const T0: i64 = 1_795_000_000;

fn library() -> Library {
    Library::load(true, &[]).0
}

fn tree(lib: &Library) -> &LoadedTree {
    lib.get("sms-secondary-site").unwrap()
}

fn answer(q: &str, v: &str) -> Input {
    Input::Answer {
        question: q.into(),
        value: v.into(),
        source: AnswerSource::Operator,
    }
}

fn status(step: &str, status: StepStatus, at: i64) -> Input {
    Input::SetStepStatus {
        step: step.into(),
        status,
        at,
    }
}

const TO_PHASE4: [(&str, &str); 6] = [
    ("sms_version", "sms_1_2"),
    ("operation", "install"),
    ("site_code", "S01"),
    ("sms_drive", "C"),
    ("lansend_no_capacity", "no"),
    ("parent_site_code", "P01"),
];

const TO_7031: [(&str, &str); 6] = [
    ("event7031_text", "yes"),
    ("sms_version", "sms_2_0_sp2"),
    ("operation", "install"),
    ("server_os", "windows_2000"),
    ("terminal_services", "remote_admin"),
    ("site_works", "yes"),
];

#[test]
fn a_reopened_session_is_where_it_was_left() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("phase4-complete"), "alice", T0)
        .unwrap();
    let id = w.id().to_string();
    for (i, (q, v)) in TO_PHASE4.iter().enumerate() {
        let applied = w.apply(answer(q, v), T0 + i as i64).unwrap();
        assert_eq!(applied.seq, i as u64 + 1);
    }
    // The step belongs to an option: progress counts it once it is chosen.
    w.apply(
        Input::ChooseAlternative {
            alternative: Some("force-ct2".into()),
        },
        T0 + 59,
    )
    .unwrap();
    w.apply(
        status("ct2-verify-services", StepStatus::Done, T0 + 60),
        T0 + 60,
    )
    .unwrap();
    w.apply(
        Input::SetStepNote {
            step: "ct2-verify-services".into(),
            note: "all running\nchecked twice".into(),
            at: T0 + 61,
        },
        T0 + 61,
    )
    .unwrap();
    let before = w.engine().clone();
    drop(w);

    let w = store.open(&id, &lib, "bob", T0 + 100).unwrap();
    assert!(w.report().is_clean(), "{:?}", w.report());
    assert_eq!(w.engine().outcome().unwrap().id, "out_phase4");
    assert_eq!(w.engine().all_answers(), before.all_answers());
    assert_eq!(w.engine().checklist(), before.checklist());
    assert_eq!(w.progress().unwrap().done, 1);
    assert_eq!(w.header().operator, "alice");
    assert_eq!(w.updated_at(), T0 + 61);
    assert_eq!(w.entries().len(), TO_PHASE4.len() + 3);
}

#[test]
fn a_refused_input_is_neither_written_nor_applied() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("despooler-c0000001"), "alice", T0)
        .unwrap();
    w.apply(answer("sms_version", "sms_1_2"), T0).unwrap();
    let size = std::fs::metadata(w.journal_path()).unwrap().len();
    let err = w.apply(answer("site_code", "S01"), T0).unwrap_err();
    assert!(matches!(
        err,
        StoreError::Rejected(InputError::NotCurrent { .. })
    ));
    let err = w.apply(answer("operation", "reboot"), T0).unwrap_err();
    assert!(matches!(err, StoreError::Rejected(InputError::Invalid(_))));
    assert_eq!(std::fs::metadata(w.journal_path()).unwrap().len(), size);
    assert_eq!(w.entries().len(), 1);
    assert_eq!(w.engine().current_question().unwrap().id, "operation");
    // The next good input gets the next number.
    assert_eq!(w.apply(answer("operation", "install"), T0).unwrap().seq, 2);
}

#[test]
fn an_unknown_symptom_creates_nothing() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let err = store
        .create(tree(&lib), Some("no-such-symptom"), "alice", T0)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("tree `sms-secondary-site` has no symptom `no-such-symptom`"),
        "{err}"
    );
    assert!(store.ids().unwrap().is_empty());
}

#[test]
fn one_writer_at_a_time_and_readers_meanwhile() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("despooler-c0000001"), "alice", T0)
        .unwrap();
    w.apply(answer("sms_version", "sms_1_2"), T0).unwrap();
    let id = w.id().to_string();

    match store.open(&id, &lib, "bob", T0 + 5) {
        Err(StoreError::Locked {
            holder: Some(h), ..
        }) => {
            assert_eq!((h.operator.as_str(), h.since), ("alice", T0));
            assert_eq!(h.pid, std::process::id());
        }
        other => panic!("a second writer was not refused: {other:?}"),
    }
    assert!(matches!(
        store.remove(&id, "bob", T0 + 5),
        Err(StoreError::Locked { .. })
    ));
    let read = store.open_read_only(&id, &lib).unwrap();
    assert_eq!(read.entries().len(), 1);
    assert_eq!(store.holder(&id).unwrap().operator, "alice");

    drop(w);
    assert_eq!(store.holder(&id), None);
    let w = store.open(&id, &lib, "bob", T0 + 6).unwrap();
    assert_eq!(w.operator(), "bob");
    drop(w);
    store.remove(&id, "bob", T0 + 7).unwrap();
    assert!(store.ids().unwrap().is_empty());
}

#[test]
fn ids_resolve_from_a_unique_beginning() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let a = store
        .create(tree(&lib), None, "alice", T0)
        .unwrap()
        .id()
        .to_string();
    let b = store
        .create(tree(&lib), None, "alice", T0)
        .unwrap()
        .id()
        .to_string();
    assert_ne!(a, b, "two sessions in the same second share an id");
    assert_eq!(store.resolve(&a).unwrap(), a);
    // Same second: the first 15 characters are shared, so they are ambiguous.
    assert!(matches!(
        store.resolve(&a[..15]),
        Err(StoreError::Ambiguous { .. })
    ));
    assert!(matches!(
        store.resolve("1999"),
        Err(StoreError::Unknown { .. })
    ));
    assert!(matches!(store.resolve("a/b"), Err(StoreError::BadId(_))));
}

#[test]
fn note_edits_that_a_later_edit_replaced_are_compacted_away() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("phase4-complete"), "alice", T0)
        .unwrap();
    let id = w.id().to_string();
    for (q, v) in TO_PHASE4 {
        w.apply(answer(q, v), T0).unwrap();
    }
    // A wizard saving a note as it is typed.
    let note = "checked on the secondary site server: SMS_EXECUTIVE and SMS_SITE_COMPONENT_MANAGER running";
    for n in 1..=note.len() {
        w.apply(
            Input::SetStepNote {
                step: "ct2-verify-services".into(),
                note: note[..n].into(),
                at: T0 + n as i64,
            },
            T0 + n as i64,
        )
        .unwrap();
    }
    w.apply(
        status("ct2-verify-services", StepStatus::Done, T0 + 99),
        T0 + 99,
    )
    .unwrap();
    let before = w.engine().checklist().cloned();
    let size = std::fs::metadata(w.journal_path()).unwrap().len();
    drop(w);

    let w = store.open(&id, &lib, "alice", T0 + 100).unwrap();
    assert_eq!(w.report().compacted, note.len() - 1);
    assert_eq!(w.entries().len(), TO_PHASE4.len() + 1 + 1);
    assert_eq!(w.engine().checklist().cloned(), before);
    assert!(std::fs::metadata(w.journal_path()).unwrap().len() < size / 4);
    let seqs: Vec<u64> = w.entries().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=TO_PHASE4.len() as u64 + 2).collect::<Vec<u64>>());
    drop(w);
    let again = store.open_read_only(&id, &lib).unwrap();
    assert!(again.report().is_clean());
    assert_eq!(again.engine().checklist().cloned(), before);
}

#[test]
fn the_timeline_says_who_changed_each_step_and_when() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("phase4-complete"), "alice", T0)
        .unwrap();
    let id = w.id().to_string();
    for (q, v) in TO_PHASE4 {
        w.apply(answer(q, v), T0 + 10).unwrap();
    }
    w.apply(
        status("ct2-verify-services", StepStatus::Done, T0 + 600),
        T0 + 600,
    )
    .unwrap();
    drop(w);
    let mut w = store.open(&id, &lib, "bob", T0 + 3600).unwrap();
    w.apply(
        status("ct2-backup-ct0", StepStatus::Failed, T0 + 3700),
        T0 + 3700,
    )
    .unwrap();

    let t = w.timeline();
    assert_eq!((t.started_at, t.started_by.as_str()), (T0, "alice"));
    assert_eq!(t.elapsed(), 3700);
    assert_eq!(t.operators(), ["alice", "bob"]);
    let steps: Vec<(i64, &str, &str)> = t
        .events
        .iter()
        .filter_map(|e| match &e.what {
            TimelineWhat::Input(Input::SetStepStatus { step, .. }) => {
                Some((e.at, e.by.as_str(), step.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        steps,
        [
            (T0 + 600, "alice", "ct2-verify-services"),
            (T0 + 3700, "bob", "ct2-backup-ct0")
        ]
    );
    let md = kbwalk::export::markdown_with_timeline(
        w.engine(),
        &kbwalk::export::ExportMeta {
            exported_at: T0 + 4000,
            operator: None,
            ..Default::default()
        },
        &t,
    );
    assert!(md.contains("- Total elapsed: 1 h 01 min"), "{md}");
    assert!(md.contains("- Operators: alice, bob"), "{md}");
    let line = md.lines().find(|l| l.contains("| bob |")).unwrap();
    assert_eq!(
        line,
        // Backslashes escaped: a renderer shows C:\SMS\Site.Srv...
        r"| 2026-11-18 12:08:20 UTC | bob | Step 3 (Copy C:\\SMS\\Site.Srv\\Sitecfg.Box\\SiteCtrl.ct0 to a…): marked **failed** |"
    );
}

#[test]
fn the_listing_puts_the_latest_change_first_and_knows_what_is_finished() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut done = store
        .create(tree(&lib), Some("event-7031"), "alice", T0)
        .unwrap();
    for (q, v) in TO_7031 {
        done.apply(answer(q, v), T0 + 1).unwrap();
    }
    assert_eq!(done.engine().outcome().unwrap().id, "out_7031_benign");
    assert!(!done.finished());
    done.apply(status("b7031-ignore", StepStatus::Done, T0 + 2), T0 + 2)
        .unwrap();
    assert!(done.finished());
    let open = store.create(tree(&lib), None, "bob", T0 + 10).unwrap();
    let (done_id, open_id) = (done.id().to_string(), open.id().to_string());
    drop(done);

    let rows = store.list(&lib).unwrap();
    let summaries: Vec<_> = rows
        .iter()
        .map(|r| match r {
            Listed::Session(s) => s,
            Listed::Unreadable { error, .. } => panic!("{error}"),
        })
        .collect();
    assert_eq!(summaries[0].id, open_id);
    assert_eq!(summaries[0].held_by.as_ref().unwrap().operator, "bob");
    assert!(
        matches!(&summaries[0].stage, Stage::Question { id, answered: 0, .. } if id == "what_seen")
    );
    assert_eq!(summaries[1].id, done_id);
    assert!(summaries[1].finished);
    assert_eq!(summaries[1].held_by, None);
    assert_eq!(summaries[1].symptom.as_deref(), Some("event-7031"));
    assert_eq!(summaries[1].updated_at, T0 + 2);
    assert!(matches!(&summaries[1].stage, Stage::Outcome { id, .. } if id == "out_7031_benign"));
}

#[test]
fn an_entry_records_who_and_when_and_the_tree_version_is_the_content_hash() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("despooler-c0000001"), "alice", T0)
        .unwrap();
    w.apply(answer("sms_version", "sms_1_2"), T0 + 9).unwrap();
    let e = &w.entries()[0];
    assert_eq!((e.seq, e.at, e.by.as_str()), (1, T0 + 9, "alice"));
    assert!(
        matches!(&e.what, What::Input(Input::Answer { question, .. }) if question == "sms_version")
    );
    assert_eq!(w.header().tree.hash, tree(&lib).hash);
    assert_eq!(w.header().tree.hash.len(), 16);
}

#[test]
fn a_record_being_written_is_not_reported_as_damage_while_its_writer_holds_the_session() {
    use std::io::Write;
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let mut w = store
        .create(tree(&lib), Some("despooler-c0000001"), "alice", T0)
        .unwrap();
    w.apply(answer("sms_version", "sms_1_2"), T0).unwrap();
    let id = w.id().to_string();
    // The first bytes of the next record, as a reader may catch them.
    std::fs::OpenOptions::new()
        .append(true)
        .open(w.journal_path())
        .unwrap()
        .write_all(b"1a2b3c4d {\"record\":\"inp")
        .unwrap();
    let read = store.open_read_only(&id, &lib).unwrap();
    assert_eq!(read.report().damage, None);
    assert_eq!(read.entries().len(), 1);
    drop(w);
    // Nobody is writing it now: the same bytes are damage.
    let read = store.open_read_only(&id, &lib).unwrap();
    assert_eq!(read.report().damage.as_ref().unwrap().line, 3);
}

#[test]
fn a_writer_sweeps_temporary_files_left_by_an_interrupted_replace() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path());
    let w = store.create(tree(&lib), None, "alice", T0).unwrap();
    let (id, dir) = (w.id().to_string(), w.dir().to_path_buf());
    drop(w);
    std::fs::write(dir.join(".journal-Ab12Cd"), b"half a compaction").unwrap();
    store.open_read_only(&id, &lib).unwrap();
    assert!(
        dir.join(".journal-Ab12Cd").exists(),
        "a reader must not touch it"
    );
    store.open(&id, &lib, "alice", T0).unwrap();
    assert!(!dir.join(".journal-Ab12Cd").exists());
}
