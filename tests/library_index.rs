//! The library's index of a large folder of trees: every change to a file
//! shows on the next start, and a damaged index is rebuilt, never trusted.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;

const TREES: usize = 3_000;

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home);
    cmd
}

/// A small valid tree, `printer-N`, whose one symptom says N.
fn tree(n: usize, words: &str) -> String {
    std::fs::read_to_string("tests/fixtures/valid/minimal.yaml")
        .unwrap()
        .replacen("id: printer\n", &format!("id: printer-{n}\n"), 1)
        .replacen(
            "text: Nothing comes out of the printer",
            &format!("text: Printer {n} {words}"),
            1,
        )
}

/// `list --json`: each tree id with its symptoms' texts, and what went to stderr.
fn list(home: &Path) -> (Vec<(String, Vec<String>)>, String) {
    let out = kbwalk(home).args(["list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trees = v["trees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let texts = t["symptoms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["text"].as_str().unwrap().to_string())
                .collect();
            (t["id"].as_str().unwrap().to_string(), texts)
        })
        .collect();
    (trees, String::from_utf8(out.stderr).unwrap())
}

fn texts_of<'a>(trees: &'a [(String, Vec<String>)], id: &str) -> Option<&'a [String]> {
    trees.iter().find(|t| t.0 == id).map(|t| t.1.as_slice())
}

/// The index files in the cache folder.
fn indexes(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("cache/index"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// Puts a file's modification time an hour back, as for a library that has
/// been there a while (a file changed in the last seconds is re-read anyway).
fn age(path: &Path) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

#[test]
fn edits_additions_deletions_and_damage_show_on_the_next_start() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..TREES {
        let path = dir.join(format!("t{n:04}.yaml"));
        std::fs::write(&path, tree(n, "jams")).unwrap();
        age(&path);
    }

    let (first, warnings) = list(home.path());
    assert_eq!(warnings, "");
    let builtin = first.len() - TREES;
    assert_eq!(
        texts_of(&first, "printer-17"),
        Some(&["Printer 17 jams".to_string()][..])
    );
    assert_eq!(indexes(home.path()).len(), 1, "the folder has an index");
    // Warm: the same library again.
    assert_eq!(list(home.path()).0, first);

    // An edit (same size, so only its time and content changed), an
    // addition, a deletion, and a file broken.
    std::fs::write(dir.join("t0017.yaml"), tree(17, "beeps")).unwrap();
    std::fs::write(dir.join("new.yaml"), tree(9_999, "is new")).unwrap();
    std::fs::remove_file(dir.join("t0018.yaml")).unwrap();
    std::fs::write(dir.join("t0019.yaml"), "id: printer-19\nversion: [").unwrap();

    let (second, warnings) = list(home.path());
    assert_eq!(
        texts_of(&second, "printer-17"),
        Some(&["Printer 17 beeps".to_string()][..])
    );
    assert_eq!(
        texts_of(&second, "printer-9999"),
        Some(&["Printer 9999 is new".to_string()][..])
    );
    assert_eq!(texts_of(&second, "printer-18"), None);
    assert_eq!(texts_of(&second, "printer-19"), None);
    assert_eq!(second.len(), builtin + TREES - 1);
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(lines.len(), 1, "{warnings}");
    assert!(
        lines[0].starts_with("kbwalk: warning: tree file skipped: ")
            && lines[0].contains("t0019.yaml:2:"),
        "{warnings}"
    );
    // The broken file still warns on the next start, from the index.
    assert_eq!(list(home.path()), (second.clone(), warnings.clone()));

    // An index edited behind kbwalk's back is not believed, and is rebuilt.
    let index = &indexes(home.path())[0];
    let bytes = std::fs::read(index).unwrap();
    let at = find(&bytes, b"Printer 20 jams").expect("the index holds the symptom text");
    let mut edited = bytes.clone();
    edited[at..at + 15].copy_from_slice(b"Printer 20 lies");
    std::fs::write(index, edited).unwrap();
    let (third, _) = list(home.path());
    assert_eq!(third, second);
    let rebuilt = std::fs::read(index).unwrap();
    assert!(find(&rebuilt, b"Printer 20 jams").is_some() && find(&rebuilt, b"lies").is_none());
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn an_index_cut_short_or_deleted_costs_only_time() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..50 {
        std::fs::write(dir.join(format!("t{n:02}.yaml")), tree(n, "jams")).unwrap();
    }
    let (first, _) = list(home.path());
    let index = &indexes(home.path())[0];
    let text = std::fs::read(index).unwrap();
    std::fs::write(index, &text[..text.len() / 2]).unwrap();
    assert_eq!(list(home.path()).0, first);
    assert_eq!(std::fs::read(index).unwrap().len(), text.len());
    std::fs::remove_dir_all(home.path().join("cache")).unwrap();
    assert_eq!(list(home.path()).0, first);
    assert_eq!(indexes(home.path()).len(), 1);
}

#[test]
fn a_walk_reads_the_tree_file_as_it_is_now() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("printer.yaml");
    std::fs::write(&path, tree(1, "jams")).unwrap();
    age(&path);
    list(home.path());
    // Changed after the index was made, keeping its size and time: the
    // index still lists it as it was, but the walk follows the file.
    let then = std::fs::metadata(&path).unwrap().modified().unwrap();
    let changed = tree(1, "jams").replace("Plug the printer in.", "Plug printer one in");
    std::fs::write(&path, changed).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(then)
        .unwrap();
    let out = kbwalk(home.path())
        .args([
            "run",
            "printer-1",
            "--symptom",
            "no-output",
            "--answer",
            "power=no",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("Plug printer one in"), "{md}");

    // A file broken since: the walk says why, naming the file and line.
    std::fs::write(&path, "id: printer-1\nversion: [").unwrap();
    age(&path);
    let out = kbwalk(home.path())
        .args(["run", "printer-1", "--symptom", "no-output"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("printer.yaml:2:"), "{err}");
}

#[test]
fn a_tree_id_defined_twice_is_kept_once_and_the_second_file_named() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.yaml"), tree(1, "jams")).unwrap();
    std::fs::write(dir.join("b.yaml"), tree(1, "beeps")).unwrap();
    std::fs::write(dir.join("c.yaml"), tree(2, "jams")).unwrap();
    let first = dir.join("a.yaml").display().to_string();
    let second = dir.join("b.yaml").display().to_string();
    let expected = format!("{second}:1:5: tree id `printer-1` is already defined by {first}");

    let (trees, warnings) = list(home.path());
    assert_eq!(
        texts_of(&trees, "printer-1"),
        Some(&["Printer 1 jams".to_string()][..])
    );
    assert!(texts_of(&trees, "printer-2").is_some());
    assert_eq!(
        warnings,
        format!("kbwalk: warning: tree file skipped: {expected}\n")
    );

    let out = kbwalk(home.path()).arg("lint").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{expected}\n")
    );
}

#[test]
fn a_string_length_past_the_end_is_refused_even_under_a_matching_checksum() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..20 {
        let path = dir.join(format!("t{n:02}.yaml"));
        std::fs::write(&path, tree(n, "jams")).unwrap();
        age(&path);
    }
    let (first, _) = list(home.path());
    let index = &indexes(home.path())[0];
    let bytes = std::fs::read(index).unwrap();
    let header = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    // The length in front of a symptom's text, made to run past the end, and
    // the checksum made to match: only reading the body can tell.
    let at = find(&bytes, b"Printer 7 jams").unwrap() - 4;
    assert_eq!(bytes[at..at + 4], 14u32.to_le_bytes());
    let mut damaged = bytes.clone();
    damaged[at..at + 4].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
    let crc = format!("{:08x}", kbwalk::crc::crc32(&damaged[header..]));
    damaged[header - 9..header - 1].copy_from_slice(crc.as_bytes());
    std::fs::write(index, &damaged).unwrap();

    assert_eq!(list(home.path()), (first, String::new()));
    assert_eq!(std::fs::read(index).unwrap().len(), bytes.len(), "rebuilt");
    assert_ne!(std::fs::read(index).unwrap(), damaged);
}
