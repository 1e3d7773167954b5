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

/// Characters that must never reach a terminal from text kbwalk did not write.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || kbwalk::text::is_hidden(c))
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}:\n{text}");
}

/// A tree whose every text field tries to drive the terminal.
fn escaping_tree(home: &Path) -> std::path::PathBuf {
    let text = minimal()
        .replace(
            "title: Printer does not print",
            "title: \"Printer \\e]0;pwned\\a does \\e[2J not print\\u202e\"",
        )
        .replace(
            "text: Nothing comes out of the printer",
            "text: \"Nothing \\e[31m comes out\\x9b\"",
        )
        .replace(
            "text: Which print queue is it?",
            "text: \"Which \\e]52;c;cGF5bG9hZA==\\a queue?\"",
        );
    let dir = home.join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("escapes.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn tree_text_answers_and_operator_names_reach_the_terminal_without_escapes() {
    let home = tempfile::tempdir().unwrap();
    let tree = escaping_tree(home.path());
    let out = kbwalk(home.path()).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Printer ]0;pwned does [2J not print"));
    assert_clean("list", &out.stdout);
    let out = kbwalk(home.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_clean("list --json", &out.stdout);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // JSON keeps the data exact, escaped.
    assert!(v.to_string().contains('\u{202e}'));

    // The question printed by `run`, and an answer value echoed in an error.
    let out = kbwalk(home.path())
        .args(["run", "printer", "--answer", "power=yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_clean("run", &out.stdout);
    let out = kbwalk(home.path())
        .args([
            "run",
            "printer",
            "--answer",
            "power=\u{1b}]0;x\u{7}\u{1b}[2J",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stderr.is_empty());
    assert_clean("run error", &out.stderr);
    let out = kbwalk(home.path())
        .args(["run", "printer", "--answer", "power=yes", "--answer"])
        .arg("queue=\u{1b}[2J")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_clean("run error", &out.stderr);

    // Lint messages quote tree text.
    std::fs::write(
        &tree,
        minimal().replace("next: out_unknown", "next: \"out\\e[2J\\e]0;t\\a\""),
    )
    .unwrap();
    let out = kbwalk(home.path()).arg("lint").arg(&tree).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("out[2J]0;t"));
    assert_clean("lint", &out.stdout);
    assert_clean("lint", &out.stderr);

    // Operator names and answers stored in a session.
    std::fs::remove_file(&tree).unwrap();
    let out = kbwalk(home.path())
        .args([
            "sessions",
            "new",
            "sms-secondary-site",
            "--symptom",
            "phase4-complete",
        ])
        .args(["--operator", "ev\u{1b}]0;il\u{7}e\u{202e}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mut apply = kbwalk(home.path());
    apply
        .args(["sessions", "apply", &id, "--operator", "x\u{1b}[2J"])
        .write_stdin(concat!(
            r#"{"input":"answer","question":"sms_version","value":"sms_1_2"}"#,
            "\n",
            r#"{"input":"answer","question":"operation","value":"\u001b[2J"}"#,
            "\n"
        ));
    let out = apply.output().unwrap();
    assert_clean("sessions apply", &out.stdout);
    for args in [
        vec!["sessions", "list"],
        vec!["sessions", "show", &id],
        vec!["sessions", "show", &id, "--json"],
        vec!["sessions", "list", "--json"],
        vec!["resume", &id, "--read-only"],
    ] {
        let out = kbwalk(home.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
        assert_clean(&args.join(" "), &out.stdout);
        assert_clean(&args.join(" "), &out.stderr);
    }
    let out = kbwalk(home.path())
        .args(["sessions", "show", &id])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("ev]0;ile") && shown.contains("x[2J"),
        "{shown}"
    );
}

#[test]
fn a_symptom_id_of_seventy_thousand_characters_is_listed() {
    let home = tempfile::tempdir().unwrap();
    let long = "s".repeat(70_000);
    user_tree(home.path(), "  - id: no-output", &format!("  - id: {long}"));
    let out = kbwalk(home.path()).arg("list").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&long));
}

#[test]
fn listing_into_a_closed_pipe_is_not_a_crash() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    // More output than a pipe holds, so kbwalk is still writing when the reader goes.
    user_tree(
        home.path(),
        "  - id: no-output",
        &format!("  - id: {}", "s".repeat(300_000)),
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kbwalk"))
        .env("KBWALK_HOME", home.path())
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("sms-secondary-site"), "{first}");
    // The reader is dropped: `kbwalk list | head -1`.
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn a_clock_before_year_zero_still_starts_a_session() {
    let home = tempfile::tempdir().unwrap();
    for epoch in ["-62167219201", "-9999999999999", "99999999999999"] {
        let out = kbwalk(home.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["sessions", "new", "sms-secondary-site"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{epoch}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let id = String::from_utf8(out.stdout).unwrap();
        kbwalk(home.path())
            .args(["sessions", "show", id.trim()])
            .assert()
            .success();
    }
}

#[test]
fn deeply_nested_flow_collections_are_refused_before_parsing() {
    let home = tempfile::tempdir().unwrap();
    // About 60 KB of `[[[[...]]]]` as the value of a field.
    let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    let path = user_tree(home.path(), "version: \"1\"", &format!("version: {deep}"));
    kbwalk(home.path())
        .arg("lint")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("hostile.yaml:2:")
                .and(predicate::str::contains("nest more than 32 deep")),
        );
    // An answers file, plain or in an export's replay block.
    let answers = home.path().join("answers.yaml");
    std::fs::write(
        &answers,
        format!(
            "power: yes\nqueue: {}{}\n",
            "{a: ".repeat(20_000),
            "}".repeat(20_000)
        ),
    )
    .unwrap();
    kbwalk(home.path())
        .args(["run", "sms-secondary-site", "--answers"])
        .arg(&answers)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("answers.yaml:2:")
                .and(predicate::str::contains("nest more than 32 deep")),
        );
}

#[cfg(unix)]
#[test]
fn answers_and_trees_must_be_regular_files_of_bounded_size() {
    let home = tempfile::tempdir().unwrap();
    for device in ["/dev/zero", "/dev/stdin"] {
        kbwalk(home.path())
            .args(["run", "sms-secondary-site", "--answers", device])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("not a regular file"));
    }
    kbwalk(home.path())
        .args(["lint", "/dev/zero"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("/dev/zero: not a regular file"));
    let fifo = home.path().join("answers.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    kbwalk(home.path())
        .args(["run", "sms-secondary-site", "--answers"])
        .arg(&fifo)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a regular file"));
    let big = home.path().join("big.yaml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(5 * 1024 * 1024).unwrap();
    kbwalk(home.path())
        .args(["run", "sms-secondary-site", "--answers"])
        .arg(&big)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("too large for an answers file"));
}

/// `minimal.yaml` whose `queue` question has `pattern` (or none) and a probe
/// running `argv`.
fn command_tree(pattern: Option<&str>, argv: &str) -> String {
    let pattern_line = match pattern {
        Some(p) => format!("    pattern: '{p}'\n"),
        None => String::new(),
    };
    minimal()
        .replace("    pattern: \"[a-z]+\"\n", &pattern_line)
        .replace(
            "  - id: power\n    kind: yes_no\n    text: Is the power light on?\n",
            &format!(
                "  - id: power\n    kind: yes_no\n    text: Is the power light on?\n    probe:\n      look: {{ command: {{ argv: {argv}, pattern: ok }} }}\n"
            ),
        )
        .replace("start: power", "start: queue")
        .replace("    next: out_unknown", "    next: power")
        .replace("    \"no\": out_unplugged", "    \"no\": out_unknown")
        .replace("\"yes\": queue", "\"yes\": out_unplugged")
}

#[cfg(unix)]
#[test]
fn answers_reach_a_command_only_as_plain_arguments() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("trees");
    std::fs::create_dir_all(&dir).unwrap();
    let refused = [
        (
            None,
            r#"[sh, -c, "echo ok {{queue}}"]"#,
            "runs its arguments as commands",
        ),
        (
            Some("[a-z]+"),
            r#"[sh, -c, "echo ok {{queue}}"]"#,
            "runs its arguments as commands",
        ),
        (
            Some("[a-z]+"),
            r#"[cmd.exe, /c, "echo {{queue}}"]"#,
            "runs its arguments as commands",
        ),
        (None, r#"[/bin/echo, "{{queue}}"]"#, "needs a `pattern`"),
        (
            Some("[-a-z]+"),
            r#"[/bin/echo, "{{queue}}"]"#,
            "leading `-`",
        ),
        (Some(".+"), r#"[/bin/echo, "{{queue}}"]"#, "too loose"),
        (Some("[a-z]+"), r#"["{{queue}}", x]"#, "the program to run"),
    ];
    for (pattern, argv, why) in refused {
        let path = dir.join("cmd.yaml");
        std::fs::write(&path, command_tree(pattern, argv)).unwrap();
        let out = kbwalk(home.path()).arg("lint").arg(&path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{argv} {pattern:?}: {stdout}");
        assert!(
            stdout.contains("in a command's argv") && stdout.contains(why),
            "{argv}: {stdout}"
        );
        // Such a tree is never loaded, so the answer never reaches a shell.
        let work = tempfile::tempdir().unwrap();
        let out = kbwalk(home.path())
            .current_dir(work.path())
            .args(["run", "printer", "--probe", "auto", "--allow-commands"])
            .args(["--answer", "queue=x; touch PWNED"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(!work.path().join("PWNED").exists(), "{argv}");
    }
    // A tight pattern passes lint, and the value arrives as one argument.
    let path = dir.join("cmd.yaml");
    std::fs::write(
        &path,
        command_tree(Some("[a-z]+"), r#"[echo, "ok", "{{queue}}"]"#),
    )
    .unwrap();
    kbwalk(home.path())
        .arg("lint")
        .arg(&path)
        .assert()
        .success();
    let out = kbwalk(home.path())
        .args(["run", "printer", "--probe", "ask", "--allow-commands"])
        .args(["--answer", "queue=lp"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("looked at echo ok lp") && stdout.contains("matching line: ok lp"),
        "{stdout}"
    );
    // A replayed export with a hostile answer is refused by the pattern.
    let md = home.path().join("hostile.md");
    std::fs::write(
        &md,
        "# kbwalk: x\n\n```yaml kbwalk-answers\ntree: \"printer\"\nanswers:\n  \"queue\": \"-n; touch PWNED\"\n```\n",
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .current_dir(work.path())
        .args([
            "run",
            "printer",
            "--probe",
            "auto",
            "--allow-commands",
            "--answers",
        ])
        .arg(&md)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!work.path().join("PWNED").exists());
}

#[test]
fn tree_ids_that_are_not_plain_names_are_refused() {
    let home = tempfile::tempdir().unwrap();
    for id in [
        "\"../../x\"",
        "/tmp/evil",
        "\"\"",
        "!!str",
        "\"a b\"",
        "'C:\\x'",
    ] {
        let path = user_tree(home.path(), "id: printer", &format!("id: {id}"));
        let out = kbwalk(home.path()).arg("lint").arg(&path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{id}: {stdout}");
        assert!(
            stdout.contains("hostile.yaml:1:") && stdout.contains("is not a plain name"),
            "{id}: {stdout}"
        );
    }
    let path = user_tree(home.path(), "  - id: power\n", "  - id: \"\"\n");
    kbwalk(home.path())
        .arg("lint")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("a question has an empty id"));
}

#[test]
fn probe_evidence_given_by_a_script_is_exported_as_imported_not_observed() {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .args([
            "sessions",
            "new",
            "sms-secondary-site",
            "--symptom",
            "phase4-complete",
        ])
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    kbwalk(home.path())
        .args(["sessions", "apply", &id])
        .write_stdin(concat!(
            r#"{"input":"answer","question":"sms_version","value":"sms_1_2","source":{"probe":{"looked_at":"C:\\SMS\\setup.log","saw":"SMS 1.2 installed","at":1795000000}}}"#,
            "\n"
        ))
        .assert()
        .success();
    let out = kbwalk(home.path())
        .args(["sessions", "export", &id])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    let row = md
        .lines()
        .find(|l| l.contains("SMS 1.2 installed"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        row.contains("imported, not observed by kbwalk") && !row.contains("| probe at"),
        "{row}"
    );
    assert!(md.contains("(from imported probe evidence)"), "{md}");
    let out = kbwalk(home.path())
        .args(["sessions", "export", &id, "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported, not observed by kbwalk"));
}

#[test]
fn an_io_error_names_its_cause_once() {
    let home = tempfile::tempdir().unwrap();
    // The data folder is a file: no session can be made under it.
    std::fs::write(home.path().join("data"), "").unwrap();
    let out = kbwalk(home.path())
        .args(["sessions", "new", "sms-secondary-site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}
