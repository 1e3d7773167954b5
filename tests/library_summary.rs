//! What the library's first read of a tree file (its summary, without the
//! outcomes' steps) lets through, and where the rest is checked: a broken
//! step keeps no walk from being refused and no lint from failing.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home);
    cmd
}

fn minimal() -> String {
    std::fs::read_to_string("tests/fixtures/valid/minimal.yaml").unwrap()
}

/// A folder of `count` valid trees `printer-N`, in the user's trees folder.
fn library(home: &Path, count: usize) -> std::path::PathBuf {
    let dir = home.join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    for n in 0..count {
        let src = minimal().replacen("id: printer\n", &format!("id: printer-{n}\n"), 1);
        std::fs::write(dir.join(format!("t{n:03}.yaml")), src).unwrap();
    }
    dir
}

#[test]
fn a_broken_step_is_reported_when_the_walk_starts_and_by_lint() {
    let home = tempfile::tempdir().unwrap();
    let dir = library(home.path(), 20);
    // Only a step is wrong: it names a question the tree does not have.
    let broken = minimal()
        .replacen("id: printer\n", "id: stepless\n", 1)
        .replacen("Plug the printer in.", "Plug in {{nowhere}}.", 1);
    std::fs::write(dir.join("stepless.yaml"), &broken).unwrap();

    // The summary does not read steps: the tree is listed.
    kbwalk(home.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("stepless"));
    // A walk reads the whole file first and refuses it, naming file and line.
    let line = broken
        .lines()
        .position(|l| l.contains("{{nowhere}}"))
        .unwrap()
        + 1;
    kbwalk(home.path())
        .args(["run", "stepless", "--answer", "power=no"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("stepless.yaml:"))
        .stderr(predicate::str::contains("nowhere"))
        .stdout(predicate::str::is_empty());
    kbwalk(home.path())
        .args(["lint", dir.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("stepless.yaml:{line}:")));
    // The others still walk.
    kbwalk(home.path())
        .args(["run", "printer-3", "--answer", "power=no"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Plug the printer in."));
}

#[test]
fn a_problem_outside_the_steps_is_one_warning_naming_the_file_cold_and_warm() {
    let home = tempfile::tempdir().unwrap();
    let dir = library(home.path(), 300);
    // An outcome that cites an article the tree does not declare.
    let broken = minimal()
        .replacen("id: printer\n", "id: uncited\n", 1)
        .replacen("article: KB1, section: WORKAROUND", "article: KB9", 1);
    std::fs::write(dir.join("uncited.yaml"), &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("KB9")).unwrap() + 1;
    for start in ["cold", "warm"] {
        let out = kbwalk(home.path()).arg("list").output().unwrap();
        assert!(out.status.success(), "{start}: {out:?}");
        let warnings = String::from_utf8(out.stderr).unwrap();
        let lines: Vec<&str> = warnings.lines().collect();
        assert_eq!(lines.len(), 1, "{start}: {warnings}");
        assert!(
            lines[0].contains(&format!("uncited.yaml:{line}:")) && lines[0].contains("KB9"),
            "{start}: {warnings}"
        );
        assert!(!String::from_utf8(out.stdout).unwrap().contains("uncited"));
    }
}

#[test]
fn the_cold_index_lists_what_the_warm_one_does() {
    let home = tempfile::tempdir().unwrap();
    let dir = library(home.path(), 50);
    for (name, src) in kbwalk::tree::load::BUILTIN {
        let copy = src.replacen("\nid: sms-", "\nid: copy-of-sms-", 1);
        std::fs::write(dir.join(name), copy).unwrap();
    }
    let list = || {
        let out = kbwalk(home.path())
            .args(["list", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let cold = list();
    assert!(cold.contains("copy-of-sms-site-hierarchy"));
    assert_eq!(list(), cold);
    // The copies advertise the same articles per symptom as the built-in trees,
    // which were read whole at build time.
    let v: serde_json::Value = serde_json::from_str(&cold).unwrap();
    let symptoms = |id: &str| {
        v["trees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["symptoms"].clone())
            .unwrap()
    };
    for id in ["sms-secondary-site", "sms-site-hierarchy"] {
        assert_eq!(symptoms(id), symptoms(&format!("copy-of-{id}")), "{id}");
    }
}
