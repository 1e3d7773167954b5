//! Probes never leave their mount: answers that would steer a path out are
//! refused, links out are refused, and trees that write such paths do not lint.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// A tree whose probe path takes a loosely checked answer, the way a careless
/// tree author might write it.
const LOOSE_TREE: &str = r#"id: loose
version: "1"
title: A tree with a loose variable
start: folder
articles: [{id: A1, title: An article}]
symptoms: []
causes: []
questions:
  - id: folder
    kind: text
    text: Which folder holds the log?
    pattern: ".+"
    next: has_log
  - id: has_log
    kind: yes_no
    text: Is the log there?
    probe:
      look: { exists: { path: 'C:\SMS\{{folder}}\secret.txt' } }
    "yes": out
    "no": out
outcomes:
  - id: out
    kind: unknown
    title: Done
    summary: Done.
    steps: [{id: s1, text: Nothing, risk: read_only}]
"#;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// `dir/trees/loose.yaml`, a mounted drive `dir/mnt/C` with an `SMS`
    /// folder, and `dir/secret.txt` outside it, which no probe may see.
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("trees")).unwrap();
        std::fs::write(dir.path().join("trees/loose.yaml"), LOOSE_TREE).unwrap();
        std::fs::create_dir_all(dir.path().join("mnt/C/SMS/Logs")).unwrap();
        std::fs::write(dir.path().join("mnt/C/SMS/Logs/secret.txt"), "inside").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        Setup { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, folder: &str) -> (Option<i32>, String) {
        let out = Command::cargo_bin("kbwalk")
            .unwrap()
            .env("KBWALK_HOME", self.path().join("home"))
            .timeout(Duration::from_secs(60))
            .arg("--trees")
            .arg(self.path().join("trees"))
            .args(["run", "loose", "--probe", "auto", "--answer"])
            .arg(format!("folder={folder}"))
            .arg("--mount")
            .arg(format!("C:={}", self.path().join("mnt/C").display()))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
        )
    }
}

#[test]
fn a_plain_answer_lets_the_probe_answer() {
    let s = Setup::new();
    let (code, out) = s.run("Logs");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("| Is the log there? | Yes | probe at"),
        "{out}"
    );
}

#[test]
fn answers_that_would_climb_out_of_the_mount_are_refused() {
    let s = Setup::new();
    for folder in [
        "..\\..",
        "../..",
        "..",
        "...",
        "Logs\\..\\..\\..",
        "C:",
        "%SystemRoot%",
    ] {
        let (code, out) = s.run(folder);
        // Not answered: the walk stops at the question, with the refusal shown.
        assert_eq!(code, Some(3), "{folder}: {out}");
        assert!(
            out.contains("  Probe (refused): looked at "),
            "{folder}: {out}"
        );
        assert!(
            out.contains(&format!(
                "Saw: refused: the answer to `folder` (`{folder}`) cannot be used in a path"
            )),
            "{folder}: {out}"
        );
        assert!(!out.contains("Proposed answer"), "{folder}: {out}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_that_leads_out_of_the_mount_is_refused() {
    let s = Setup::new();
    std::os::unix::fs::symlink(s.path(), s.path().join("mnt/C/SMS/Escape")).unwrap();
    let (code, out) = s.run("Escape");
    assert_eq!(code, Some(3), "{out}");
    assert!(
        out.contains(
            "Saw: refused: `C:\\SMS\\Escape\\secret.txt` is a link that leads out of the folder mounted as C:"
        ),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_that_stays_inside_the_mount_is_followed() {
    let s = Setup::new();
    std::os::unix::fs::symlink(
        s.path().join("mnt/C/SMS/Logs"),
        s.path().join("mnt/C/SMS/Current"),
    )
    .unwrap();
    let (code, out) = s.run("current");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("| Is the log there? | Yes | probe at"),
        "{out}"
    );
}

#[test]
fn trees_whose_probe_paths_climb_or_are_relative_do_not_lint() {
    let dir = tempfile::tempdir().unwrap();
    let bad = LOOSE_TREE.replace(r"'C:\SMS\{{folder}}\secret.txt'", r"'C:\SMS\..\{{folder}}'");
    let relative = LOOSE_TREE.replace(r"'C:\SMS\{{folder}}\secret.txt'", r"'SMS\Logs'");
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    std::fs::write(dir.path().join("relative.yaml"), relative).unwrap();
    let bad_file = dir.path().join("bad.yaml");
    let relative_file = dir.path().join("relative.yaml");
    Command::cargo_bin("kbwalk")
        .unwrap()
        .args(["lint"])
        .arg(&bad_file)
        .arg(&relative_file)
        .assert()
        .code(1)
        .stdout(format!(
            "{}:18:32: question `has_log`: probe path `C:\\SMS\\..\\{{{{folder}}}}` must not contain `.` or `..` components\n{}:18:32: question `has_log`: probe path `SMS\\Logs` must start with a drive letter, e.g. `C:\\` or `{{{{sms_drive}}}}:\\`\n",
            bad_file.display(),
            relative_file.display()
        ));
}
