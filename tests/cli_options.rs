//! Each option shows up on, and is taken by, only the commands it means
//! something to.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home);
    cmd
}

fn help(command: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .args(command)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

const PROBE_OPTIONS: [&str; 5] = [
    "--probe ",
    "--mount",
    "--host",
    "--allow-commands",
    "--probe-timeout",
];

#[test]
fn commands_that_never_probe_do_not_offer_probe_or_export_options() {
    for command in [
        &["lint"][..],
        &["list"],
        &["graph"],
        &["schema"],
        &["completions"],
        &["sessions", "list"],
        &["sessions", "rm"],
    ] {
        let text = help(command);
        for option in PROBE_OPTIONS.iter().chain(&["--export-dir"]) {
            assert!(
                !text.contains(option),
                "`kbwalk {} --help` offers {option}:\n{text}",
                command.join(" ")
            );
        }
    }
    for command in [&["schema"][..], &["completions"], &["sessions", "rm"]] {
        assert!(!help(command).contains("--trees"), "{command:?}");
    }
}

#[test]
fn commands_that_probe_offer_the_probe_options_and_the_trees() {
    for command in [&[][..], &["run"], &["resume"]] {
        let text = help(command);
        for option in PROBE_OPTIONS.iter().chain(&["--trees", "--no-user-trees"]) {
            assert!(text.contains(option), "{command:?} lacks {option}:\n{text}");
        }
    }
    assert!(help(&[]).contains("--export-dir"));
    assert!(help(&["resume"]).contains("--export-dir"));
    assert!(!help(&["run"]).contains("--export-dir"));
}

#[test]
fn an_option_given_before_a_command_that_does_not_take_it_is_refused() {
    let home = tempfile::tempdir().unwrap();
    kbwalk(home.path())
        .args(["--mount", "C:=/tmp", "lint"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: --mount does not apply to `kbwalk lint`",
        ));
    kbwalk(home.path())
        .args(["--trees", "tests/fixtures/valid", "schema"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: --trees does not apply to `kbwalk schema`",
        ));
}

#[test]
fn trees_count_whether_given_before_or_after_the_command() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["--trees", "tests/fixtures/valid", "list"][..],
        &["list", "--trees", "tests/fixtures/valid"],
        &[
            "sessions",
            "new",
            "printer",
            "--trees",
            "tests/fixtures/valid",
        ],
    ] {
        let out = kbwalk(home.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        if args.contains(&"list") {
            assert!(stdout.contains("\nprinter 1:"), "{args:?}:\n{stdout}");
        }
    }
    kbwalk(home.path())
        .args(["list", "--no-user-trees"])
        .assert()
        .success()
        .stdout(predicate::str::contains("printer").not());
}
