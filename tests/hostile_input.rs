//! The real binary fed hostile trees, answers files and environments: each
//! gets a clear one-line error or is shown harmlessly; none hangs or panics.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

/// Far longer than any of these takes; a hang fails instead of blocking the suite.
const PATIENCE: Duration = Duration::from_secs(30);

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env_remove("NO_COLOR")
        .timeout(PATIENCE);
    cmd
}

fn minimal() -> String {
    std::fs::read_to_string("tests/fixtures/valid/minimal.yaml").unwrap()
}

/// `minimal.yaml` with its first `from` replaced, written into the user's trees folder.
fn user_tree(home: &Path, from: &str, to: &str) -> std::path::PathBuf {
    let text = minimal();
    assert!(text.contains(from), "{from}");
    let dir = home.join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn an_empty_reference_written_as_a_tag_or_block_scalar_does_not_hang() {
    for empty in ["start: !!str", "start: |", "start: >-", "start: !x \"\""] {
        let home = tempfile::tempdir().unwrap();
        let path = user_tree(
            home.path(),
            "start: power\narticles",
            &format!("{empty}\narticles"),
        );
        let out = kbwalk(home.path()).arg("lint").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{empty}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("hostile.yaml:4:") && stdout.contains("`start`"),
            "{empty}: {stdout}"
        );
        // Dropped into the user's folder, it costs one warning, not every command.
        kbwalk(home.path())
            .arg("list")
            .assert()
            .success()
            .stdout(predicate::str::contains("sms-secondary-site"))
            .stderr(predicate::str::contains("hostile.yaml"));
    }
    // Any other reference too.
    let home = tempfile::tempdir().unwrap();
    let path = user_tree(home.path(), "next: out_unknown", "next: |");
    kbwalk(home.path())
        .arg("lint")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("`next` is empty"));
}
