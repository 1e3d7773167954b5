//! Sessions on disk: what persisting one input costs (with its fsync), what
//! resuming a long session costs, and how many journal bytes an input takes.
//!
//! `cargo bench --bench store`. The disk figures are taken in the target
//! folder, which is on the disk sessions live on; the tmpfs figures (from
//! /dev/shm, when there is one) show the cost without waiting for a disk.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::path::Path;

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{AnswerSource, Input};
use kbwalk::library::Library;
use kbwalk::store::{SessionWriter, Store};

const T0: i64 = 1_795_000_000;
const LONG: usize = 10_000;

const WALK: [(&str, &str); 6] = [
    ("sms_version", "sms_1_2"),
    ("operation", "install"),
    ("site_code", "S01"),
    ("sms_drive", "C"),
    ("lansend_no_capacity", "no"),
    ("parent_site_code", "P01"),
];

const STEPS: [&str; 7] = [
    "ct2-verify-services",
    "ct2-check-existing",
    "ct2-backup-ct0",
    "ct2-move-ctx",
    "ct2-rename-ct0",
    "ct2-wait",
    "ct2-confirm-active",
];

/// The i-th input of checklist work: statuses, notes and conditions in turn,
/// never two notes on one step in a row (those would be compacted).
fn checklist_input(i: usize) -> Input {
    let step = STEPS[i % STEPS.len()].to_string();
    let at = T0 + i as i64;
    match i % 4 {
        0 | 2 => Input::SetStepStatus {
            step,
            status: [StepStatus::Done, StepStatus::Failed, StepStatus::Skipped][i % 3],
            at,
        },
        1 => Input::SetStepNote {
            step,
            note: format!("checked at {i}: service running"),
            at,
        },
        _ => Input::AnswerStepCondition {
            step: "ct2-check-existing".into(),
            holds: i % 8 == 3,
            at,
        },
    }
}

fn new_session(store: &Store, lib: &Library) -> SessionWriter {
    let tree = lib.get("sms-secondary-site").expect("built-in tree");
    let mut w = store
        .create(tree, Some("phase4-complete"), "bench", T0)
        .unwrap();
    for (q, v) in WALK {
        let input = Input::Answer {
            question: q.into(),
            value: v.into(),
            source: AnswerSource::Operator,
        };
        w.apply(input, T0).unwrap();
    }
    w
}

fn persist_one(label: &str, root: &Path, lib: &Library) -> support::Stats {
    let store = Store::at(root);
    let mut w = new_session(&store, lib);
    let mut i = 0;
    support::measure(label, 400, || {
        i += 1;
        w.apply(checklist_input(i), T0 + i as i64).unwrap().seq
    })
}

fn main() {
    let (lib, _) = Library::load(true, &[]);
    let disk = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let shm = Path::new("/dev/shm")
        .is_dir()
        .then(|| tempfile::tempdir_in("/dev/shm").ok())
        .flatten();

    // The disk's own floor: append 150 bytes and fdatasync, nothing else.
    let raw = disk.path().join("raw");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&raw)
        .unwrap();
    let line = [b'x'; 150];
    support::measure("disk floor: append 150 bytes + fdatasync", 400, || {
        file.write_all(&line).unwrap();
        file.sync_data().unwrap();
    });

    let persisted = persist_one(
        "persist one input (apply + fsync), on disk",
        &disk.path().join("persist"),
        &lib,
    );
    if let Some(shm) = &shm {
        persist_one(
            "persist one input (apply + fsync), on tmpfs",
            &shm.path().join("persist"),
            &lib,
        );
    }

    // A long session, built where appending is cheap, then resumed from the disk.
    let build = shm.as_ref().map_or(disk.path(), |d| d.path()).join("long");
    let id = {
        let store = Store::at(&build);
        let mut w = new_session(&store, &lib);
        for i in 0..LONG - WALK.len() {
            w.apply(checklist_input(i), T0 + i as i64).unwrap();
        }
        w.id().to_string()
    };
    let long = disk.path().join("long");
    std::fs::create_dir_all(long.join(&id)).unwrap();
    let journal = long.join(&id).join("journal");
    std::fs::copy(build.join(&id).join("journal"), &journal).unwrap();
    let store = Store::at(&long);
    let view = store.open_read_only(&id, &lib).unwrap();
    assert_eq!(view.entries().len(), LONG);
    assert!(view.report().is_clean());

    let resumed = support::measure(
        "resume a session of 10,000 inputs (lock, read, verify, replay)",
        30,
        || store.open(&id, &lib, "bench", T0).unwrap().entries().len(),
    );
    support::measure(
        "read a session of 10,000 inputs without its lock",
        30,
        || store.open_read_only(&id, &lib).unwrap().entries().len(),
    );

    // A listing of 20 ordinary sessions, as the wizard's first screen needs.
    let listing = disk.path().join("listing");
    let source = shm
        .as_ref()
        .map_or(disk.path(), |d| d.path())
        .join("listing");
    for _ in 0..20 {
        let mut w = new_session(&Store::at(&source), &lib);
        for i in 0..95 {
            w.apply(checklist_input(i), T0 + i as i64).unwrap();
        }
        let dir = listing.join(w.id());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(source.join(w.id()).join("journal"), dir.join("journal")).unwrap();
    }
    let list_store = Store::at(&listing);
    support::measure("list 20 sessions of 100 inputs", 30, || {
        list_store.list(&lib).unwrap().len()
    });

    let bytes = std::fs::metadata(&journal).unwrap().len();
    let header = std::fs::read(&journal)
        .unwrap()
        .iter()
        .position(|b| *b == b'\n')
        .unwrap() as u64
        + 1;
    println!(
        "journal bytes per input: {:.0} (10,000 inputs: {} bytes, of which {} header)",
        (bytes - header) as f64 / LONG as f64,
        bytes,
        header
    );
    println!(
        "aims: persist one input <= 2 ms median: {:.3?}; resume 10,000 inputs <= 50 ms: {:.3?}",
        persisted.median, resumed.median
    );
}
