//! A journal cut short or corrupted anywhere is read up to its last good
//! record, the rest is reported, the damaged file is kept, and the session
//! opens clean afterwards. Never a panic.

use std::path::{Path, PathBuf};

use kbwalk::engine::Input;
use kbwalk::library::Library;
use kbwalk::store::{Fault, Store, StoreError};

const SAMPLE: &[u8] = include_bytes!("fixtures/journals/sample.journal");

/// The tree as it was when the sample was recorded (version 1.0), so the
/// sample stays a clean walk however the built-in tree changes.
fn library() -> Library {
    let (lib, problems) = Library::load(
        false,
        &[std::path::PathBuf::from(
            "tests/fixtures/journals/sms-secondary-site-1.0.yaml",
        )],
    );
    assert!(problems.is_empty(), "{problems:?}");
    lib
}

/// The sample's line boundaries: `ends[i]` is the offset just past line i+1.
fn line_ends(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect()
}

fn sample_id() -> String {
    let first = SAMPLE.split(|b| *b == b'\n').next().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&first[9..]).unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// A store holding one session whose journal is `bytes`. The journal is
/// overwritten in place when it exists: truncating a file to nothing and
/// rewriting it makes ext4 flush it on close, which would dominate the test.
fn store_with(root: &Path, bytes: &[u8]) -> (Store, PathBuf) {
    use std::os::unix::fs::FileExt;
    let dir = root.join(sample_id());
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains(".damaged.") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let journal = dir.join("journal");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&journal)
        .unwrap();
    file.write_all_at(bytes, 0).unwrap();
    file.set_len(bytes.len() as u64).unwrap();
    (Store::at(root), journal)
}

#[test]
fn the_sample_is_a_clean_walk_to_an_outcome_with_a_checklist() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with(&tmp.path().join("s"), SAMPLE);
    let view = store.open_read_only(&sample_id(), &library()).unwrap();
    assert!(view.report().damage.is_none());
    assert!(view.report().rejected.is_empty(), "{:?}", view.report());
    assert_eq!(view.entries().len(), line_ends(SAMPLE).len() - 1);
    assert!(view.engine().outcome().is_some());
    assert!(view.progress().unwrap().done >= 4);
}

/// Checks one cut of the sample: read-only, then repaired by a writer, then reopened.
fn check_cut(root: &Path, lib: &Library, clean: &[kbwalk::store::Entry], cut: usize) {
    let id = sample_id();
    let ends = line_ends(SAMPLE);
    let header_len = ends[0];
    let (store, journal) = store_with(root, &SAMPLE[..cut]);
    if cut < header_len {
        let err = store.open_read_only(&id, lib).unwrap_err();
        assert!(
            matches!(&err, StoreError::Corrupt { line: 1, file, .. } if file == &journal),
            "cut at {cut}: {err}"
        );
        let err = store.open(&id, lib, "carol", 1).unwrap_err();
        assert!(
            matches!(err, StoreError::Corrupt { line: 1, .. }),
            "cut at {cut}"
        );
        // Nothing was rewritten: the file is as found.
        assert_eq!(std::fs::read(&journal).unwrap(), &SAMPLE[..cut]);
        return;
    }
    let complete = ends.iter().filter(|e| **e <= cut).count() - 1;
    let at_boundary = ends.contains(&cut);

    let view = store.open_read_only(&id, lib).unwrap();
    assert_eq!(view.entries(), &clean[..complete], "cut at {cut}");
    match &view.report().damage {
        None => assert!(at_boundary, "cut at {cut}: damage not reported"),
        Some(d) => {
            assert!(!at_boundary, "cut at {cut}: a clean cut reported as damage");
            assert_eq!(d.line, complete + 2, "cut at {cut}");
            assert!(matches!(d.fault, Fault::Incomplete { .. }), "cut at {cut}");
            assert_eq!(d.dropped_lines, 1);
            assert_eq!(d.kept_as, None, "a reader must not repair");
        }
    }
    // Reading did not touch the file.
    assert_eq!(std::fs::read(&journal).unwrap(), &SAMPLE[..cut]);

    let writer = store.open(&id, lib, "carol", 1).unwrap();
    assert_eq!(&writer.entries()[..complete], &clean[..complete]);
    if let Some(d) = &writer.report().damage {
        let kept = d.kept_as.as_ref().expect("a writer keeps the damaged file");
        assert_eq!(std::fs::read(kept).unwrap(), &SAMPLE[..cut], "cut at {cut}");
        assert_eq!(
            &std::fs::read(&journal).unwrap()[..ends[complete]],
            &SAMPLE[..ends[complete]]
        );
    }
    drop(writer);
    let again = store.open(&id, lib, "carol", 1).unwrap();
    assert!(
        again.report().damage.is_none(),
        "cut at {cut}: still damaged"
    );
    assert_eq!(&again.entries()[..complete], &clean[..complete]);
}

#[test]
fn a_journal_cut_at_every_byte_recovers_to_its_last_complete_record() {
    let lib = library();
    let clean = {
        let tmp = tempfile::tempdir().unwrap();
        let (store, _) = store_with(&tmp.path().join("s"), SAMPLE);
        store
            .open_read_only(&sample_id(), &lib)
            .unwrap()
            .entries()
            .to_vec()
    };
    // Repairs wait on the disk (fsync); several at once keep the test short.
    const THREADS: usize = 4;
    let tmp = tempfile::tempdir().unwrap();
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let (lib, clean, root) = (&lib, &clean, tmp.path().join(format!("s{t}")));
            scope.spawn(move || {
                for cut in (t..=SAMPLE.len()).step_by(THREADS) {
                    check_cut(&root, lib, clean, cut);
                }
            });
        }
    });
}

#[test]
fn a_flipped_bit_anywhere_is_caught_and_only_records_before_it_are_kept() {
    let lib = library();
    let id = sample_id();
    let ends = line_ends(SAMPLE);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("s");
    for at in 0..SAMPLE.len() {
        let mut bytes = SAMPLE.to_vec();
        bytes[at] ^= 0x01;
        let (store, _) = store_with(&root, &bytes);
        let line = ends.iter().filter(|e| **e <= at).count() + 1;
        match store.open_read_only(&id, &lib) {
            Err(e) => {
                assert_eq!(line, 1, "flip at {at} (line {line}): {e}");
                assert!(matches!(e, StoreError::Corrupt { line: 1, .. }));
            }
            Ok(view) => {
                assert!(line > 1, "flip at {at}: a damaged header was accepted");
                let damage = view.report().damage.as_ref().expect("flip not caught");
                assert_eq!(damage.line, line, "flip at {at}");
                assert_eq!(view.entries().len(), line - 2, "flip at {at}");
            }
        }
    }
}

#[test]
fn a_hand_edit_is_named_with_its_line_and_what_was_dropped() {
    let text = String::from_utf8(SAMPLE.to_vec()).unwrap();
    let edited = text.replacen("\"value\":\"S01\"", "\"value\":\"S02\"", 1);
    assert_ne!(edited, text);
    let tmp = tempfile::tempdir().unwrap();
    let (store, journal) = store_with(&tmp.path().join("s"), edited.as_bytes());
    let writer = store.open(&sample_id(), &library(), "carol", 1).unwrap();
    let d = writer.report().damage.clone().unwrap();
    assert_eq!(d.line, 6);
    assert!(matches!(d.fault, Fault::ChecksumMismatch { .. }));
    assert_eq!(d.dropped[0], "Answered `site_code`: \"S02\"");
    assert_eq!(d.dropped_lines, 14);
    let message = d.message();
    assert!(
        message.starts_with(&format!(
            "{}:6: found a line whose checksum",
            journal.display()
        )),
        "{message}"
    );
    assert!(message.contains("journal.damaged.1"), "{message}");
    // The operator goes on from the last good record: at the site code question.
    assert_eq!(writer.engine().current_question().unwrap().id, "site_code");
}

#[test]
fn after_a_repair_new_inputs_are_appended_and_survive_a_reopen() {
    let lib = library();
    let id = sample_id();
    let tmp = tempfile::tempdir().unwrap();
    let (store, journal) = store_with(&tmp.path().join("s"), &SAMPLE[..SAMPLE.len() - 7]);
    let mut writer = store.open(&id, &lib, "carol", 1_795_000_500).unwrap();
    let n = writer.entries().len();
    let applied = writer
        .apply(
            Input::SetStepStatus {
                step: "ct2-rename-ct0".into(),
                status: kbwalk::checklist::StepStatus::Done,
                at: 1_795_000_500,
            },
            1_795_000_500,
        )
        .unwrap();
    assert_eq!(applied.seq, n as u64 + 1);
    drop(writer);
    let view = store.open_read_only(&id, &lib).unwrap();
    assert!(view.report().damage.is_none());
    assert_eq!(view.entries().len(), n + 1);
    assert_eq!(view.entries()[n].by, "carol");
    let kept: Vec<_> = std::fs::read_dir(journal.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.starts_with("journal.damaged."))
        .collect();
    assert_eq!(kept, vec!["journal.damaged.1".to_string()]);
}
