//! The real binary: lint, list and run, their output and exit codes.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use pulldown_cmark::{Event, Options, Parser};

const TREE: &str = "sms-secondary-site";

/// The binary with a private home (no user trees) and a fixed clock.
fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env_remove("NO_COLOR");
    cmd
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const PHASE4: &[&str] = &[
    "--answer",
    "sms_version=sms_1_2",
    "--answer",
    "operation=upgrade",
    "--answer",
    "site_code=S01",
    "--answer",
    "sms_drive=D",
    "--answer",
    "lansend_no_capacity=no",
    "--answer",
    "parent_site_code=P01",
];

#[test]
fn lint_passes_the_builtin_trees() {
    let h = home();
    kbwalk(h.path())
        .arg("lint")
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("no problems"));
}

#[test]
fn lint_reports_each_invalid_fixture_with_its_exact_message_and_line() {
    let h = home();
    let dir = Path::new("tests/fixtures/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        assert!(
            !expected.trim().is_empty(),
            "{} expects nothing",
            path.display()
        );
        let out = kbwalk(h.path()).arg("lint").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures");
}

#[test]
fn lint_names_the_cycle_and_the_dangling_reference_precisely() {
    let h = home();
    kbwalk(h.path())
        .args(["lint", "tests/fixtures/invalid/cycle.yaml"])
        .assert()
        .code(1)
        .stdout("tests/fixtures/invalid/cycle.yaml:26:11: question `queue` leads back to `power`: a cycle, so a walk could never end\n");
    kbwalk(h.path())
        .args(["lint", "tests/fixtures/invalid/dangling-reference.yaml"])
        .assert()
        .code(1)
        .stdout("tests/fixtures/invalid/dangling-reference.yaml:17:9: question `power`: `no` names `out_unpluged`, which is not a question or outcome\n");
}

#[test]
fn lint_refuses_unreadable_and_binary_files_without_panicking() {
    let h = home();
    let bin = h.path().join("garbage.yaml");
    std::fs::write(&bin, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    kbwalk(h.path())
        .arg("lint")
        .arg(&bin)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not UTF-8 text"));
    kbwalk(h.path())
        .args(["lint", "no/such/file.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "no/such/file.yaml: cannot read",
        ));
    let empty = h.path().join("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    kbwalk(h.path())
        .arg("lint")
        .arg(&empty)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("empty.yaml"));
}

#[test]
fn user_trees_are_loaded_and_a_broken_one_is_reported_not_fatal() {
    let h = home();
    let trees = h.path().join("trees");
    std::fs::create_dir_all(&trees).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/minimal.yaml",
        trees.join("printer.yaml"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/invalid/cycle.yaml",
        trees.join("broken.yaml"),
    )
    .unwrap();
    kbwalk(h.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "printer 1: Printer does not print",
        ))
        .stdout(predicate::str::contains(TREE))
        .stderr(predicate::str::contains("broken.yaml:26:11"));
    kbwalk(h.path()).arg("lint").assert().code(1);
}

#[test]
fn list_shows_symptoms_with_their_articles_as_text_and_json() {
    let h = home();
    let out = kbwalk(h.path()).arg("list").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // Each symptom advertises only the articles its walks reach.
    let line = |id: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no line for {id} in\n{text}"))
            .to_string()
    };
    let phase4 = line("phase4-complete");
    assert!(phase4.contains("Secondary site stays at \"Phase 4 Complete\" and never goes Active"));
    assert!(phase4.ends_with("[Q183347, Q163379]"), "{phase4}");
    assert!(line("phase4-sender-has-capacity").ends_with("[Q183347]"));
    assert!(line("incomplete-removal-3400").ends_with("[Q212937, Q264171]"));
    assert!(line("event-7031").ends_with("[Q283472]"));
    let out = kbwalk(h.path()).args(["list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tree = &v["trees"][0];
    assert_eq!(tree["id"], TREE);
    let symptoms = tree["symptoms"].as_array().unwrap();
    let seven = symptoms.iter().find(|s| s["id"] == "event-7031").unwrap();
    assert_eq!(seven["articles"], serde_json::json!(["Q283472"]));
    assert!(seven["text"].as_str().unwrap().contains("7031"));
    assert_eq!(tree["articles"].as_array().unwrap().len(), 7);
}

#[test]
fn run_stops_at_the_first_unanswered_question_with_exit_3() {
    let h = home();
    kbwalk(h.path())
        .args([
            "run",
            TREE,
            "--symptom",
            "phase4-complete",
            "--answer",
            "sms_version=sms_1_2",
        ])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("Question `operation` (choice)"))
        .stdout(predicate::str::contains("--answer operation=VALUE"));

    let out = kbwalk(h.path())
        .args([
            "run",
            TREE,
            "--format",
            "json",
            "--answer",
            "what_seen=other",
            "--answer",
            "sms_version=sms_1_2",
            "--answer",
            "operation=install",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "question");
    assert_eq!(v["question"]["id"], "site_code");
    assert_eq!(v["question"]["kind"], "text");
    assert_eq!(v["question"]["pattern"], "[A-Za-z0-9]{3}");
    assert!(v["question"]["help"].as_str().unwrap().contains("PREINST"));
    assert_eq!(v["answers"].as_array().unwrap().len(), 3);
}

#[test]
fn run_reaches_an_outcome_and_prints_json_with_the_markdown() {
    let h = home();
    let out = kbwalk(h.path())
        .args([
            "run",
            TREE,
            "--symptom",
            "phase4-complete",
            "--format",
            "json",
        ])
        .args(PHASE4)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "outcome");
    assert_eq!(v["outcome"]["kind"], "cause");
    assert_eq!(v["outcome"]["articles"], serde_json::json!(["Q183347"]));
    assert_eq!(v["outcome"]["cause"]["id"], "ct2-job-failed");
    assert!(v["markdown"].as_str().unwrap().starts_with("# kbwalk: "));
    let steps = v["outcome"]["steps"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["command"] == "PREINST /DELSITE:{S01,P01}")
    );
}

#[test]
fn run_rejects_bad_values_naming_the_question_and_the_valid_ones() {
    let h = home();
    kbwalk(h.path())
        .args(["run", TREE, "--answer", "what_seen=other", "--answer", "sms_version=3.0"])
        .assert()
        .code(1)
        .stderr("kbwalk: error: `3.0` is not an answer to `sms_version`; expected one of: sms_1_0, sms_1_1, sms_1_2, sms_2_0, sms_2_0_sp1, sms_2_0_sp2, sms_2_0_sp3, unknown\n");
    kbwalk(h.path())
        .args(["run", TREE, "--answer", "what_seen=other", "--answer", "sms_version=sms_1_2", "--answer", "operation=upgrade", "--answer", "site_code=S0"])
        .assert()
        .code(1)
        .stderr("kbwalk: error: `S0` does not fit `site_code`: expected three letters or digits, e.g. S01\n");
    kbwalk(h.path())
        .args(["run", "no-such-tree"])
        .assert()
        .code(1)
        .stderr(format!(
            "kbwalk: error: unknown tree `no-such-tree`; expected one of: {TREE}, sms-site-hierarchy\n"
        ));
    kbwalk(h.path())
        .args(["run", TREE, "--symptom", "smoke"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "has no symptom `smoke`; expected one of: phase4-complete",
        ));
    kbwalk(h.path())
        .args(["run", TREE, "--answer", "colour=red"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`colour` is not a question of tree",
        ));
}

#[test]
fn a_broken_answers_file_is_one_line_with_file_and_line() {
    let h = home();
    let f = h.path().join("answers.yaml");
    std::fs::write(&f, "sms_version: sms_1_2\noperation: [install]\n").unwrap();
    let out = kbwalk(h.path())
        .args(["run", TREE, "--answers"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "answers.yaml:2:1: the answer to `operation` must be text, a number or yes/no"
        ),
        "{err}"
    );
}

fn task_items(markdown: &str) -> (usize, usize) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut open = 0;
    let mut done = 0;
    for e in Parser::new_ext(markdown, opts) {
        if let Event::TaskListMarker(checked) = e {
            if checked {
                done += 1;
            } else {
                open += 1;
            }
        }
    }
    (open, done)
}

#[test]
fn the_markdown_export_has_one_task_item_per_checklist_step() {
    let h = home();
    let cases: &[(&str, &[&str], usize)] = &[
        // Three alternatives shown until one is chosen: 7 + 7 + 12 steps.
        // Three alternatives shown until one is chosen: 7 + 8 + 12 steps.
        (
            "phase4-complete",
            &["lansend_no_capacity=no", "parent_site_code=P01"],
            27,
        ),
        // 5 steps, 6 sub-steps of step 4, 9 registry keys and 5 paths.
        (
            "install-hangs",
            &["initiated_from_parent=yes", "install_evidence=stalled"],
            25,
        ),
        (
            "despooler-c0000001",
            &["despooler_error=yes", "many_logon_servers=yes"],
            1,
        ),
        (
            "pending",
            &["initiated_from_parent=yes", "install_evidence=bootstrap"],
            5,
        ),
        ("phase4-complete", &["lansend_no_capacity=yes"], 6),
    ];
    let run = |symptom: &str, extra: &[&str], format: &str| {
        let mut cmd = kbwalk(h.path());
        cmd.args(["run", TREE, "--symptom", symptom, "--format", format]);
        let trunk = [
            "sms_version=sms_2_0",
            "operation=install",
            "site_code=S01",
            "sms_drive=D",
        ];
        for a in trunk.iter().chain(extra) {
            cmd.args(["--answer", a]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{symptom}");
        out.stdout
    };
    for (symptom, extra, steps) in cases {
        let md = String::from_utf8(run(symptom, extra, "markdown")).unwrap();
        assert_eq!(task_items(&md), (*steps, 0), "{symptom}");
        // Same count as the JSON checklist.
        let v: serde_json::Value = serde_json::from_slice(&run(symptom, extra, "json")).unwrap();
        assert_eq!(v["outcome"]["steps"].as_array().unwrap().len(), *steps);
    }
}

#[test]
fn the_markdown_export_is_a_complete_record() {
    let h = home();
    let out = kbwalk(h.path())
        .args(["run", TREE, "--symptom", "phase4-complete"])
        .args([
            "--answer",
            "sms_version=sms_2_0",
            "--answer",
            "operation=upgrade",
        ])
        .args([
            "--answer",
            "site_code=S01",
            "--answer",
            "sms_drive=D",
            "--answer",
            "lansend_no_capacity=no",
            "--answer",
            "parent_site_code=P01",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "# kbwalk: The .ct2 file never reached the parent site",
        "- Tree: `sms-secondary-site` version 1.1",
        "- Exported: 2026-11-18 11:06 UTC",
        "**Cause found, with a workaround:**",
        "Q183347 \"SMS: Secondary Site Upgrade Stays at Phase 4 Complete\", CAUSE",
        "> **Applicability warning:** Q183347 applies to Systems Management Server 1.0, 1.1 or 1.2, but you answered \"SMS 2.0 without a service pack\"",
        "| What is the site code of the secondary site? | S01 | operator |",
        "## Causes ruled out",
        "- Command: `PREINST /DELSITE:{S01,P01}`",
        "- Command: `PREINST /UPGRADE:S01`",
        "> **Warning:** Using Registry Editor incorrectly",
        "`destructive`",
        "`read-only`",
        "- Wait 30 minutes for the .ct2 file to be moved out of Sitecfg.Box",
        "- Wait 24 hours for the SMS_UPGRADE_BOOTSTRAP service to stop, counted from the time the upgrade started",
        "If yes: Stop and restart the SMS services. Go on at step 6.",
        "- See also: Lansend.log shows \"Used 0 out of 0, no sending capacity\": restore the sender capacity (Q163379) (symptom `phase4-no-sending-capacity` of tree `sms-site-hierarchy`)",
        "```yaml kbwalk-answers",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in\n{md}");
    }
}

#[test]
fn an_exported_file_replays_to_the_same_outcome() {
    let h = home();
    let export = h.path().join("walk.md");
    kbwalk(h.path())
        .args(["run", TREE, "--symptom", "install-hangs", "--output"])
        .arg(&export)
        .args([
            "--answer",
            "sms_version=sms_2_0",
            "--answer",
            "operation=install",
        ])
        .args([
            "--answer",
            "site_code=Q7Z",
            "--answer",
            "sms_drive=E",
            "--answer",
            "initiated_from_parent=yes",
            "--answer",
            "install_evidence=stalled",
        ])
        .assert()
        .success()
        .stdout("");
    let first = std::fs::read_to_string(&export).unwrap();
    let replayed = kbwalk(h.path())
        .args(["run", TREE, "--answers"])
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(replayed.status.code(), Some(0));
    assert_eq!(String::from_utf8(replayed.stdout).unwrap(), first);

    // A plain YAML answers file works too, and --answer overrides it.
    let yaml = h.path().join("answers.yaml");
    std::fs::write(
        &yaml,
        "sms_version: sms_1_2\noperation: upgrade\nsite_code: ABC\nsms_drive: C\nwhat_seen: despooler\ndespooler_error: yes\nmany_logon_servers: yes\n",
    )
    .unwrap();
    let out = kbwalk(h.path())
        .args([
            "run",
            TREE,
            "--format",
            "json",
            "--answer",
            "site_code=XYZ",
            "--answers",
        ])
        .arg(&yaml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"]["id"], "out_upgrade_preinst");
    assert_eq!(v["outcome"]["steps"][0]["command"], "PREINST /UPGRADE:XYZ");
}

#[test]
fn answers_for_another_tree_are_refused() {
    let h = home();
    let f = h.path().join("other.yaml");
    std::fs::write(&f, "tree: printer\nanswers:\n  power: yes\n").unwrap();
    kbwalk(h.path())
        .args(["run", TREE, "--answers"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "these answers are for tree `printer`",
        ));
}

#[test]
fn a_symptom_that_starts_at_an_outcome_has_its_whole_checklist() {
    let h = home();
    let out = kbwalk(h.path())
        .args(["--trees", "tests/fixtures/valid/outcome-at-start.yaml"])
        .args(["run", "straight", "--symptom", "stuck", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps: Vec<&str> = v["outcome"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["stop", "start"]);
    assert_eq!(v["outcome"]["progress"]["total"], 2);
    let markdown = v["markdown"].as_str().unwrap();
    assert_eq!(task_items(markdown).0, 2, "{markdown}");
}
