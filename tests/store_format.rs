//! The journal declares its format on line 1. A journal written before the
//! `dismissed` record (format 1) still reads, and is raised to the current
//! format before a record format 1 lacks goes in, so an older kbwalk refuses
//! it plainly instead of taking the record for damage. A journal of a newer
//! format gets one clear line.

use std::path::{Path, PathBuf};

use kbwalk::library::Library;
use kbwalk::store::{FORMAT, Store, What};

/// A journal as kbwalk wrote it in format 1: a walk to a checklist.
const FORMAT_1_JOURNAL: &str = include_str!("fixtures/journals/sample.journal");

/// The tree the sample walked, as it was then.
fn library() -> Library {
    let (lib, problems) = Library::load(
        false,
        &[PathBuf::from(
            "tests/fixtures/journals/sms-secondary-site-1.0.yaml",
        )],
    );
    assert!(problems.is_empty(), "{problems:?}");
    lib
}

const ID: &str = "20261118-110640-fca3";

fn store_with(root: &Path, journal: &str) -> (Store, PathBuf) {
    let dir = root.join(ID);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal");
    std::fs::write(&path, journal).unwrap();
    (Store::at(root), path)
}

/// CRC-32 (IEEE), as the journal checksums its lines.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The sample with its header declaring `format`, checksummed again.
fn declaring(format: u32) -> String {
    let mut lines: Vec<String> = FORMAT_1_JOURNAL.lines().map(str::to_string).collect();
    let body = lines[0]
        .split_once(' ')
        .unwrap()
        .1
        .replace("\"format\":1", &format!("\"format\":{format}"));
    lines[0] = format!("{:08x} {body}", crc32(body.as_bytes()));
    lines.join("\n") + "\n"
}

#[test]
fn the_fixture_is_a_format_1_journal_checksummed_as_the_journal_does() {
    assert!(FORMAT_1_JOURNAL.contains("\"format\":1,"));
    assert_eq!(declaring(1), FORMAT_1_JOURNAL);
}

#[test]
fn a_format_1_journal_reads_and_is_raised_before_a_dismissal_goes_in() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, path) = store_with(tmp.path(), FORMAT_1_JOURNAL);
    let lib = library();
    let view = store.open_read_only(ID, &lib).unwrap();
    assert!(view.report().damage.is_none());
    assert!(
        view.engine().outcome().is_some(),
        "the walk reached its outcome"
    );

    let mut writer = store.open(ID, &lib, "carol", 1_795_000_100).unwrap();
    writer.dismiss(1_795_000_100).unwrap();
    drop(writer);
    let journal = std::fs::read_to_string(&path).unwrap();
    let header = journal.lines().next().unwrap();
    assert!(
        header.contains(&format!("\"format\":{FORMAT},")),
        "a kbwalk that knows only format 1 must refuse it, not call it damaged: {header}"
    );
    // The walk recorded before is still there, then the dismissal.
    let view = store.open_read_only(ID, &lib).unwrap();
    assert!(view.report().damage.is_none());
    assert!(view.engine().outcome().is_some());
    assert_eq!(view.entries().last().unwrap().what, What::Dismissed);
    assert!(view.dismissed());
}

#[test]
fn a_journal_of_a_newer_format_gets_one_clear_line_naming_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, path) = store_with(tmp.path(), &declaring(FORMAT + 1));
    let err = store
        .open_read_only(ID, &library())
        .err()
        .unwrap()
        .to_string();
    assert!(!err.contains('\n'), "{err}");
    assert!(err.starts_with(&format!("{}:1:", path.display())), "{err}");
    assert!(
        err.contains(&format!("journal format {FORMAT} or older"))
            && err.contains(&format!(
                "format {} (written by a newer kbwalk)",
                FORMAT + 1
            )),
        "{err}"
    );
}
