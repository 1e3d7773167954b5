//! `kbwalk import` as an operator runs it: exit codes, what it says per
//! file, what it leaves alone, and drafts showing up in `list` and `run`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kb")
}

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env_remove("NO_COLOR");
    cmd
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn the_whole_kb_folder_imports_and_the_files_that_are_not_articles_are_named() {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .args(["import", "--json"])
        .arg(kb())
        .output()
        .unwrap();
    // README.md and the seed copied from a web page are no article form.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    let failed: Vec<String> = v["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["path"].as_str().unwrap(),
                f["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(failed.len(), 2, "{failed:#?}");
    assert!(
        failed[0].contains("kb/README.md") && failed[0].contains("not a KB article"),
        "{failed:?}"
    );
    assert!(
        failed[1].contains("seeds/Q183347.txt") && failed[1].contains("not a KB article"),
        "{failed:?}"
    );
    let imported = v["imported"].as_array().unwrap();
    // 121 archive articles in three forms, and the 19 other seed and related copies.
    assert_eq!(imported.len(), 121 * 3 + 19);
    let written: Vec<&serde_json::Value> = imported
        .iter()
        .filter(|i| i["written"] == "written")
        .collect();
    assert_eq!(written.len(), 121, "one draft per article");
    assert!(
        imported
            .iter()
            .all(|i| i["written"] == "written" || i["written"] == "same_as_earlier"),
        "the other forms give the same draft"
    );
    let q287717 = imported.iter().find(|i| i["tree"] == "q287717").unwrap();
    assert_eq!(q287717["outcome"], "cause");
    assert!(q287717["steps"].as_u64().unwrap() >= 10);
    assert!(q287717["not_placed"].is_array());
    // Into the user's trees folder, where the wizard finds them.
    assert!(home.path().join("trees/q287717.yaml").is_file());
}

#[test]
fn importing_again_rewrites_nothing_and_edits_are_left_alone_unless_forced() {
    let home = tempfile::tempdir().unwrap();
    let out_dir = home.path().join("drafts");
    let article = kb().join("archive/txt/287/Q287717.TXT");
    let import = |extra: &[&str]| {
        kbwalk(home.path())
            .args(["import", "--out"])
            .arg(&out_dir)
            .args(extra)
            .arg(&article)
            .output()
            .unwrap()
    };
    let first = import(&[]);
    assert_eq!(first.status.code(), Some(0));
    let draft = out_dir.join("q287717.yaml");
    let text = std::fs::read(&draft).unwrap();
    let again = import(&[]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("unchanged"));
    assert_eq!(
        std::fs::read(&draft).unwrap(),
        text,
        "byte-identical on a second import"
    );

    // An edit is kept; the operator is told, and --force overwrites it.
    let edited = String::from_utf8(text.clone())
        .unwrap()
        .replace("version: 06-AUG-2002", "version: reviewed");
    assert_ne!(edited.as_bytes(), &text[..]);
    std::fs::write(&draft, &edited).unwrap();
    let kept = import(&[]);
    assert_eq!(kept.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&kept.stdout).contains("left alone: edited since it was imported")
    );
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), edited);
    import(&["--force"]);
    assert_eq!(std::fs::read(&draft).unwrap(), text);

    // A file the importer did not write is not overwritten either.
    std::fs::write(&draft, "id: mine\n").unwrap();
    let foreign = import(&[]);
    assert!(String::from_utf8_lossy(&foreign.stdout).contains("not written by kbwalk import"));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), "id: mine\n");
}

#[test]
fn bad_files_are_named_with_the_reason_and_the_rest_still_imports() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("binary.bin"),
        [0u8, 159, 146, 150, 255, 0, 1],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cut.html"),
        "<html><body><pre><code>Article: Q12",
    )
    .unwrap();
    std::fs::write(dir.path().join("line\nbreak.txt"), "DOCUMENT:\x1b[31m").unwrap();
    #[cfg(unix)]
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::copy(
        kb().join("archive/txt/253/Q253648.TXT"),
        dir.path().join("Q253648.TXT"),
    )
    .unwrap();
    let out = kbwalk(home.path())
        .args(["import", "--out"])
        .arg(home.path().join("out"))
        .arg(dir.path())
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    #[cfg(unix)]
    assert!(stderr.contains("pipe: not a regular file"), "{stderr}");
    for name in [
        "empty.txt",
        "binary.bin",
        "cut.html",
        "line?break.txt",
        "missing.txt",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("kbwalk: ") && l.contains(name)),
            "{name} is not named:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains('\x1b'),
        "control characters reach the terminal: {stderr:?}"
    );
    // The Windows-1252 article imported all the same.
    let draft = std::fs::read_to_string(home.path().join("out/q253648.yaml")).unwrap();
    assert!(draft.contains("Windows NT"), "{draft}");
}

#[test]
fn import_without_a_path_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path()).arg("import").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn drafts_list_after_the_hand_written_trees_and_walk_to_their_outcome() {
    let home = tempfile::tempdir().unwrap();
    kbwalk(home.path())
        .args(["import"])
        .arg(kb().join("archive/txt/183/Q183347.TXT"))
        .arg(kb().join("archive/txt/201/Q201658.TXT"))
        .assert()
        .success();
    // A hand-written tree of the user's, named to load after the drafts.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.yaml"),
        home.path().join("trees/zz-hand-written.yaml"),
    )
    .unwrap();
    let out = kbwalk(home.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    let v = json_of(&out);
    let trees = v["trees"].as_array().unwrap();
    let ids: Vec<&str> = trees.iter().map(|t| t["id"].as_str().unwrap()).collect();
    let expected = [
        "sms-secondary-site",
        "sms-site-hierarchy",
        "printer",
        "q183347",
        "q201658",
    ];
    assert_eq!(ids, expected);
    let drafts: Vec<bool> = trees.iter().map(|t| t["draft"] == true).collect();
    assert_eq!(drafts, [false, false, false, true, true]);
    let text = kbwalk(home.path()).arg("list").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let q183347 = text.lines().find(|l| l.starts_with("q183347 ")).unwrap();
    assert!(
        q183347.contains("[imported draft, not reviewed]"),
        "{q183347}"
    );

    // In the picker, the hand-written tree's symptom comes before the
    // labelled draft of the same article; a draft of an article no
    // hand-written tree covers ranks by how well it matches.
    let other = home.path().join("other");
    kbwalk(home.path())
        .args(["import", "--out"])
        .arg(&other)
        .arg(kb().join("archive/txt/164/Q164320.TXT"))
        .assert()
        .success();
    let (lib, problems) = kbwalk::library::Library::load(true, &[home.path().join("trees"), other]);
    assert!(problems.is_empty(), "{problems:?}");
    let mut picker = kbwalk::tui::picker::Picker::from_library(&lib);
    picker.set_query("phase 4 complete");
    let found: Vec<(&str, bool)> = picker.matches().map(|e| (e.tree_id(), e.draft())).collect();
    let draft_at = found.iter().position(|f| *f == ("q183347", true));
    let last_hand = found.iter().rposition(|(_, draft)| !draft);
    assert!(draft_at > last_hand, "{found:?}");
    picker.set_query("entire network");
    let first = picker.matches().next().unwrap();
    assert_eq!((first.tree_id(), first.draft()), ("q164320", true));

    // A single-outcome draft: the symptom leads straight to the outcome.
    let out = kbwalk(home.path())
        .args([
            "run",
            "q201658",
            "--symptom",
            "symptom",
            "--answer",
            "version=v2_0",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["outcome"]["kind"], "no_fix");
    assert_eq!(v["outcome"]["articles"], serde_json::json!(["Q201658"]));
    assert!(v["outcome"]["progress"]["total"].as_u64().unwrap() >= 1);
    let markdown = v["markdown"].as_str().unwrap();
    assert!(
        markdown.contains("imported draft, not reviewed"),
        "{markdown}"
    );
}
