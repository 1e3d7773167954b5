//! Sessions through the real binary: two processes contending for one
//! session, a lock left by a killed process, a tree edited between runs,
//! and bad input answered with one clear line.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_kbwalk");
const TREE: &str = include_str!("../trees/sms-secondary-site.yaml");

fn kbwalk(home: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env("KBWALK_HOME", home)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .stdin(Stdio::null());
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(cmd: &mut Command) -> String {
    let o = run(cmd);
    assert!(o.status.success(), "{cmd:?}: {}", stderr(&o));
    stdout(&o)
}

/// Fails with exactly one line on stderr, and no panic.
fn fails_with_one_line(cmd: &mut Command) -> String {
    let o = run(cmd);
    assert!(!o.status.success(), "{cmd:?} succeeded");
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{cmd:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err.trim_end().to_string()
}

fn new_session(home: &Path, extra: &[&str], tree: &str, operator: &str) -> String {
    ok(kbwalk(home).args(extra).args([
        "sessions",
        "new",
        tree,
        "--symptom",
        "phase4-complete",
        "--operator",
        operator,
    ]))
    .trim()
    .to_string()
}

fn answer(q: &str, v: &str) -> String {
    json!({"input": "answer", "question": q, "value": v}).to_string()
}

/// Applies inputs in one run; returns the acknowledgements.
fn apply(home: &Path, extra: &[&str], id: &str, operator: &str, inputs: &[String]) -> Vec<Value> {
    let mut child = kbwalk(home)
        .args(extra)
        .args(["sessions", "apply", id, "--operator", operator])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in inputs {
        writeln!(stdin, "{i}").unwrap();
    }
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "apply: {}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn show(home: &Path, extra: &[&str], id: &str) -> Value {
    serde_json::from_str(&ok(kbwalk(home)
        .args(extra)
        .args(["sessions", "show", id, "--json"])))
    .unwrap()
}

/// A `sessions apply` kept running, so it holds the session's lock.
struct Writer {
    child: Child,
    stdin: ChildStdin,
    acks: BufReader<ChildStdout>,
}

impl Writer {
    fn start(home: &Path, id: &str, operator: &str) -> Writer {
        let mut child = kbwalk(home)
            .args(["sessions", "apply", id, "--operator", operator])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let acks = BufReader::new(child.stdout.take().unwrap());
        Writer { child, stdin, acks }
    }

    /// Sends one input and waits for its acknowledgement.
    fn send(&mut self, input: &str) -> Value {
        writeln!(self.stdin, "{input}").unwrap();
        let mut line = String::new();
        self.acks.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("no acknowledgement: {line:?}"))
    }
}

#[test]
fn a_second_process_is_told_who_holds_the_session_and_may_read_it() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let id = new_session(home, &[], "sms-secondary-site", "alice");
    let mut alice = Writer::start(home, &id, "alice");
    assert_eq!(alice.send(&answer("sms_version", "sms_1_2"))["ok"], true);
    let pid = alice.child.id();

    let who = format!("open in another kbwalk: alice (process {pid}) since 2026-11-18 11:06 UTC");
    let err =
        fails_with_one_line(kbwalk(home).args(["sessions", "apply", &id, "--operator", "bob"]));
    assert!(err.contains(&who), "{err}");
    assert!(err.contains(&format!("kbwalk sessions show {id}")), "{err}");
    let err = fails_with_one_line(kbwalk(home).args(["resume", &id, "--operator", "bob"]));
    assert!(err.contains(&who) && err.contains("--read-only"), "{err}");
    let err = fails_with_one_line(kbwalk(home).args(["sessions", "rm", &id]));
    assert!(err.contains(&who), "{err}");
    assert!(
        home.join("data/sessions").join(&id).is_dir(),
        "removed while held"
    );

    let read = ok(kbwalk(home).args(["resume", &id, "--read-only"]));
    assert!(
        read.contains(&format!("Open by:  alice (process {pid})")),
        "{read}"
    );
    assert!(
        read.contains("Stands at question 2 (`operation`)"),
        "{read}"
    );
    let v = show(home, &[], &id);
    assert_eq!(v["session"]["held_by"]["operator"], "alice");
    assert!(ok(kbwalk(home).args(["sessions", "list"])).contains("open by alice"));

    // The holder goes on undisturbed, then lets go; now bob may write.
    assert_eq!(alice.send(&answer("operation", "install"))["seq"], 2);
    drop(alice.stdin);
    assert!(alice.child.wait().unwrap().success());
    let acks = apply(home, &[], &id, "bob", &[answer("site_code", "S01")]);
    assert_eq!(acks[0]["seq"], 3);
    let v = show(home, &[], &id);
    let by: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["by"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["alice", "alice", "bob"]);
    assert!(v["session"]["held_by"].is_null());
}

#[test]
fn a_lock_left_by_a_killed_process_does_not_block() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let id = new_session(home, &[], "sms-secondary-site", "alice");
    let mut alice = Writer::start(home, &id, "alice");
    assert_eq!(alice.send(&answer("sms_version", "sms_1_2"))["ok"], true);
    alice.child.kill().unwrap();
    alice.child.wait().unwrap();
    // The lock file still names alice, but nobody holds it.
    let lock = std::fs::read_to_string(home.join("data/sessions").join(&id).join("lock")).unwrap();
    assert!(lock.contains("\"alice\""), "{lock}");
    assert!(show(home, &[], &id)["session"]["held_by"].is_null());
    let acks = apply(home, &[], &id, "bob", &[answer("operation", "install")]);
    assert_eq!(acks[0]["ok"], true);
}

/// A folder with a copy of the built-in tree under another id, so the copy
/// can be edited while the built-in one stays.
fn tree_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = TREE.replacen("\nid: sms-secondary-site\n", "\nid: sms-copy\n", 1);
    assert_ne!(text, TREE);
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("copy.yaml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

#[test]
fn a_tree_edited_between_runs_opens_with_a_warning_and_keeps_the_answers() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let trees = home.join("mytrees");
    tree_copy(&trees, |t| t);
    let with_trees = ["--trees", trees.to_str().unwrap()];
    let id = new_session(home, &with_trees, "sms-copy", "alice");
    let inputs = [
        answer("sms_version", "sms_1_2"),
        answer("operation", "install"),
        answer("site_code", "S01"),
        answer("sms_drive", "C"),
    ];
    let acks = apply(home, &with_trees, &id, "alice", &inputs);
    assert!(acks.iter().all(|a| a["ok"] == true));
    assert_eq!(acks[3]["position"]["question"], "lansend_no_capacity");

    // Between runs: site codes become three digits, and the version moves on.
    tree_copy(&trees, |t| {
        t.replacen("version: \"1.1\"", "version: \"1.2\"", 1)
            .replacen("pattern: \"[A-Za-z0-9]{3}\"", "pattern: \"[0-9]{3}\"", 1)
    });
    let o = run(kbwalk(home)
        .args(with_trees)
        .args(["resume", &id, "--operator", "bob"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let warnings = stderr(&o);
    assert!(
        warnings.contains("tree `sms-copy` changed since this session started (version 1.1,")
            && warnings.contains("version 1.2, content")
            && warnings.contains("2 inputs no longer fit it and are kept in the journal"),
        "{warnings}"
    );
    assert!(
        warnings.contains("record 3 (2026-11-18 11:06 UTC by alice): Answered `site_code`: \"S01\" no longer fits: `S01` does not fit `site_code`"),
        "{warnings}"
    );
    assert!(
        warnings.contains("record 4 (2026-11-18 11:06 UTC by alice): Answered `sms_drive`"),
        "{warnings}"
    );
    assert!(
        stdout(&o).contains("Stands at question 3 (`site_code`)"),
        "{}",
        stdout(&o)
    );

    // The answers are still in the journal; the change of tree is recorded once.
    let v = show(home, &with_trees, &id);
    let records = v["records"].as_array().unwrap();
    assert_eq!(records.len(), 5);
    assert_eq!(records[2]["input"]["value"], "S01");
    assert_eq!(records[4]["tree"]["version"], "1.2");
    assert_eq!(records[4]["by"], "bob");
    assert_eq!(v["report"]["rejected"].as_array().unwrap().len(), 2);

    // The walk goes on on the new tree.
    let acks = apply(home, &with_trees, &id, "bob", &[answer("site_code", "001")]);
    assert_eq!(acks[0]["position"]["question"], "sms_drive");
    let md = ok(kbwalk(home)
        .args(with_trees)
        .args(["sessions", "export", &id]));
    assert!(
        md.contains("| alice | Answered \"What is the site code of the secondary site?\": S01 (no longer fits the tree: \\`S01\\` does not fit \\`site_code\\`"),
        "{md}"
    );
    assert!(
        md.contains("| bob | Went on with tree sms-copy version 1.2 (content "),
        "{md}"
    );
    assert!(
        md.contains("| bob | Answered \"What is the site code of the secondary site?\": 001 |"),
        "{md}"
    );

    // Without the tree the session is named, not guessed at.
    let err = fails_with_one_line(kbwalk(home).args(["sessions", "show", &id]));
    assert_eq!(
        err,
        format!(
            "kbwalk: error: session `{id}` walks tree `sms-copy`, which is not loaded; load it with --trees DIR"
        )
    );
}

#[test]
fn bad_ids_and_corrupt_sessions_get_one_clear_line() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let sessions = home.join("data/sessions");
    let err = fails_with_one_line(kbwalk(home).args(["sessions", "show", "nope"]));
    assert_eq!(
        err,
        format!(
            "kbwalk: error: no session `nope` in {}; `kbwalk sessions list` shows them",
            sessions.display()
        )
    );
    let err = fails_with_one_line(kbwalk(home).args(["sessions", "export", "../etc"]));
    assert_eq!(
        err,
        "kbwalk: error: `../etc` is not a session id: expected letters, digits and dashes"
    );

    std::fs::create_dir_all(sessions.join("broken")).unwrap();
    std::fs::write(
        sessions.join("broken/journal"),
        "{\"record\":\"session\"}\n",
    )
    .unwrap();
    let journal = sessions.join("broken/journal");
    for args in [
        ["sessions", "show", "broken"],
        ["resume", "broken", "--read-only"],
    ] {
        let err = fails_with_one_line(kbwalk(home).args(args));
        assert_eq!(
            err,
            format!(
                "kbwalk: error: {}:1: expected a kbwalk session header (`CRC {{\"record\":\"session\",...}}`), found a line without its 8-digit checksum",
                journal.display()
            )
        );
    }
    let listed: Value =
        serde_json::from_str(&ok(kbwalk(home).args(["sessions", "list", "--json"]))).unwrap();
    assert_eq!(listed[0]["id"], "broken");
    assert!(
        listed[0]["error"]
            .as_str()
            .unwrap()
            .contains(":1: expected")
    );
}

#[test]
fn a_cut_journal_is_repaired_on_resume_and_the_operator_told_what_was_dropped() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let id = new_session(home, &[], "sms-secondary-site", "alice");
    apply(
        home,
        &[],
        &id,
        "alice",
        &[
            answer("sms_version", "sms_1_2"),
            answer("operation", "install"),
            answer("site_code", "S01"),
        ],
    );
    let dir = home.join("data/sessions").join(&id);
    let journal = dir.join("journal");
    let bytes = std::fs::read(&journal).unwrap();
    std::fs::write(&journal, &bytes[..bytes.len() - 10]).unwrap();

    // A reader reports the damage and leaves the file alone.
    let shown = ok(kbwalk(home).args(["sessions", "show", &id]));
    assert!(shown.contains("resuming the session repairs it"), "{shown}");
    assert!(!dir.join("journal.damaged.1").exists());

    let o = run(kbwalk(home).args(["resume", &id]));
    assert!(o.status.success());
    let warning = stderr(&o);
    assert!(
        warning.contains(&format!(
            "{}:4: found a record cut short (",
            journal.display()
        )) && warning.contains("kept the 2 records before it and left out 1 line")
            && warning.contains(&format!(
                "the damaged file is kept as {}",
                dir.join("journal.damaged.1").display()
            )),
        "{warning}"
    );
    assert_eq!(
        std::fs::read(dir.join("journal.damaged.1")).unwrap(),
        &bytes[..bytes.len() - 10]
    );
    assert!(stdout(&o).contains("Stands at question 3 (`site_code`)"));
    // Repaired: the next open is clean and the operator answers again.
    let o = run(kbwalk(home).args(["resume", &id]));
    assert_eq!(stderr(&o), "");
    let acks = apply(home, &[], &id, "alice", &[answer("site_code", "S01")]);
    assert_eq!(acks[0]["seq"], 3);
}

#[test]
fn refused_inputs_are_acknowledged_as_refused_and_not_recorded() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let id = new_session(home, &[], "sms-secondary-site", "alice");
    let mut child = kbwalk(home)
        .args(["sessions", "apply", &id])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = [
        answer("sms_version", "sms_9"),
        "not json".to_string(),
        "{\"input\":\"back\"}".to_string(),
        answer("sms_version", "sms_2_0"),
    ];
    child
        .stdin
        .take()
        .unwrap()
        .write_all((lines.join("\n") + "\n").as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim_end(),
        "kbwalk: error: 3 of 4 inputs refused and not recorded; standard output names each"
    );
    let acks: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(acks.len(), 4);
    assert!(
        acks[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("`sms_9` is not an answer to `sms_version`")
    );
    assert_eq!(acks[1]["line"], 2);
    assert!(
        acks[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("expected an input as one JSON object")
    );
    assert_eq!(
        acks[2]["error"],
        "there is no earlier question to go back to"
    );
    assert_eq!(
        (acks[3]["ok"].clone(), acks[3]["seq"].clone()),
        (json!(true), json!(1))
    );
    assert_eq!(show(home, &[], &id)["records"].as_array().unwrap().len(), 1);
}

#[test]
fn sessions_are_listed_exported_and_removed() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let first = new_session(home, &[], "sms-secondary-site", "alice");
    let second = new_session(home, &[], "sms-secondary-site", "bob");
    let walk: Vec<String> = [
        ("sms_version", "sms_1_2"),
        ("operation", "install"),
        ("site_code", "S01"),
        ("sms_drive", "C"),
        ("lansend_no_capacity", "no"),
        ("parent_site_code", "P01"),
    ]
    .iter()
    .map(|(q, v)| answer(q, v))
    .chain([
        // Progress counts an option's steps once the option is chosen.
        json!({"input": "choose_alternative", "alternative": "force-ct2"}).to_string(),
        json!({"input": "set_step_status", "step": "ct2-verify-services", "status": "done"})
            .to_string(),
    ])
    .collect();
    apply(home, &[], &second, "bob", &walk);

    let listed: Value =
        serde_json::from_str(&ok(kbwalk(home).args(["sessions", "list", "--json"]))).unwrap();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let row = rows.iter().find(|r| r["id"] == second.as_str()).unwrap();
    assert_eq!(row["stage"]["at"], "outcome");
    assert_eq!(row["progress"]["done"], 1);
    assert_eq!(row["finished"], false);
    assert_eq!(row["symptom"], "phase4-complete");
    assert_eq!(row["operator"], "bob");
    let row = rows.iter().find(|r| r["id"] == first.as_str()).unwrap();
    assert_eq!(row["stage"]["id"], "sms_version");

    let out = home.join("export.md");
    ok(kbwalk(home).args([
        "sessions",
        "export",
        &second,
        "--output",
        out.to_str().unwrap(),
    ]));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("- Started: 2026-11-18 11:06 UTC by bob"),
        "{md}"
    );
    assert!(md.contains("- Total elapsed: 0 s"), "{md}");
    assert!(md.contains("| 2026-11-18 11:06:40 UTC | bob | Step 1 (Verify the state of the secondary site by making c…): marked **done** |"), "{md}");

    let unique = (1..first.len())
        .map(|n| &first[..n])
        .find(|p| !second.starts_with(p))
        .unwrap();
    let err = fails_with_one_line(kbwalk(home).args(["sessions", "rm", unique]));
    assert_eq!(
        err,
        format!("kbwalk: error: `sessions rm` takes whole ids; did you mean {first}?")
    );
    ok(kbwalk(home).args(["sessions", "rm", &first]));
    let listed: Value =
        serde_json::from_str(&ok(kbwalk(home).args(["sessions", "list", "--json"]))).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(!home.join("data/sessions").join(&first).exists());
}

#[test]
fn a_full_disk_stops_before_acknowledging_and_leaves_no_torn_record() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let id = new_session(home, &[], "sms-secondary-site", "alice");
    let walk = [
        answer("sms_version", "sms_1_2"),
        answer("operation", "install"),
        answer("site_code", "S01"),
        answer("sms_drive", "C"),
        answer("lansend_no_capacity", "no"),
        answer("parent_site_code", "P01"),
    ];
    let mut inputs: Vec<String> = walk.to_vec();
    for i in 0..40 {
        inputs.push(
            json!({"input": "set_step_note", "step": if i % 2 == 0 { "ct2-wait" } else { "ct2-move-ctx" },
                   "note": format!("note {i}: {}", "x".repeat(40))})
            .to_string(),
        );
    }
    // The file size limit plays the full disk: writes past 3 KiB fail (EFBIG),
    // the one that crosses it only partly written.
    let script =
        format!("trap '' XFSZ; ulimit -f 3; exec '{BIN}' sessions apply {id} --operator alice");
    let mut child = Command::new("bash")
        .args(["-c", &script])
        .env("KBWALK_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all((inputs.join("\n") + "\n").as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("File too large"), "{err}");
    let acked = stdout(&o).lines().count();
    assert!((5..inputs.len()).contains(&acked), "{acked} acknowledged");

    // Exactly the acknowledged inputs are there, and the journal is whole.
    let v = show(home, &[], &id);
    assert!(v["report"]["damage"].is_null(), "{}", v["report"]);
    assert_eq!(v["records"].as_array().unwrap().len(), acked);
    let size = std::fs::metadata(home.join("data/sessions").join(&id).join("journal"))
        .unwrap()
        .len();
    assert!(size <= 3 * 1024);
    // With room again, the session goes on from there.
    let acks = apply(home, &[], &id, "alice", &inputs[acked..acked + 1]);
    assert_eq!(acks[0]["seq"], acked as u64 + 1);
}

#[test]
fn a_dismissed_session_leaves_the_list_stays_on_disk_and_comes_back_when_changed() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let kept = new_session(home, &[], "sms-secondary-site", "alice");
    let abandoned = new_session(home, &[], "sms-secondary-site", "bob");
    let walk: Vec<String> = [
        ("sms_version", "sms_1_2"),
        ("operation", "install"),
        ("site_code", "S07"),
    ]
    .iter()
    .map(|(q, v)| answer(q, v))
    .collect();
    apply(home, &[], &abandoned, "bob", &walk);

    // Rows name the site code and the session id.
    let text = ok(kbwalk(home).args(["sessions", "list"]));
    let row = text.lines().find(|l| l.starts_with(&abandoned)).unwrap();
    assert!(row.contains("S07"), "{text}");
    assert!(!row.contains("dismissed"), "{text}");

    ok(kbwalk(home).args(["sessions", "dismiss", &abandoned, "--operator", "carol"]));
    let text = ok(kbwalk(home).args(["sessions", "list"]));
    assert!(!text.contains(&abandoned), "{text}");
    assert!(text.contains(&kept), "{text}");
    let all = ok(kbwalk(home).args(["sessions", "list", "--all"]));
    let row = all.lines().find(|l| l.starts_with(&abandoned)).unwrap();
    assert!(row.contains("S07") && row.contains("[dismissed]"), "{all}");
    // Nothing is lost: the answers are still there, and who dismissed it.
    let shown = show(home, &[], &abandoned);
    assert_eq!(shown["session"]["dismissed"], true);
    assert_eq!(shown["session"]["site_code"], "S07");
    let last = shown["records"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["dismissed"].clone(), last["by"].clone()),
        (json!(true), json!("carol"))
    );

    // Taking it up again brings it back.
    apply(home, &[], &abandoned, "bob", &[answer("sms_drive", "C")]);
    let text = ok(kbwalk(home).args(["sessions", "list"]));
    assert!(text.contains(&abandoned), "{text}");

    let err = fails_with_one_line(kbwalk(home).args(["sessions", "dismiss", "nosuchsession"]));
    assert!(err.contains("nosuchsession"), "{err}");
}

#[test]
fn when_every_session_is_dismissed_the_list_says_that_all_shows_them() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let only = new_session(home, &[], "sms-secondary-site", "alice");
    ok(kbwalk(home).args(["sessions", "dismiss", &only]));
    let text = ok(kbwalk(home).args(["sessions", "list"]));
    assert!(!text.contains(&only), "{text}");
    assert!(
        text.contains("1 dismissed") && text.contains("kbwalk sessions list --all"),
        "{text}"
    );
    let all = ok(kbwalk(home).args(["sessions", "list", "--all"]));
    assert!(all.contains(&only), "{all}");
}
