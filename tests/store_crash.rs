//! `kill -9` at any instant loses nothing that was acknowledged: a scripted
//! walk of 600 inputs is fed to `kbwalk sessions apply`, which is killed
//! with SIGKILL at seeded random moments (at least 20 times, sometimes
//! before it acknowledged anything); after each kill the journal must hold
//! every acknowledged input, in order, and nothing that was not sent.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_kbwalk");
const INPUTS: usize = 600;
const KILLS: usize = 24;

/// xorshift64*: a few lines, and the same moments on every run of a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn kbwalk(home: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env("KBWALK_HOME", home).env_remove("SOURCE_DATE_EPOCH");
    c
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn answer(question: &str, value: &str) -> Value {
    json!({"input": "answer", "question": question, "value": value, "source": "operator"})
}

const WALK: [(&str, &str); 6] = [
    ("sms_version", "sms_1_2"),
    ("operation", "install"),
    ("site_code", "S01"),
    ("sms_drive", "C"),
    ("lansend_no_capacity", "no"),
    ("parent_site_code", "P01"),
];

/// The ids of the outcome's steps, as `kbwalk run` reports them.
fn steps(home: &Path) -> Vec<String> {
    let mut cmd = kbwalk(home);
    cmd.args([
        "run",
        "sms-secondary-site",
        "--symptom",
        "phase4-complete",
        "--format",
        "json",
    ]);
    for (q, v) in WALK {
        cmd.arg("--answer").arg(format!("{q}={v}"));
    }
    let v: Value = serde_json::from_str(&run_ok(&mut cmd)).unwrap();
    v["outcome"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// A walk to the Phase 4 outcome, then work on its checklist: statuses,
/// notes, conditions, options, and Back with a new answer now and then.
/// Every input is valid where it stands.
fn script(rng: &mut Rng, steps: &[String]) -> Vec<Value> {
    let mut out: Vec<Value> = WALK.iter().map(|(q, v)| answer(q, v)).collect();
    let conditions = ["ct2-verify-services", "ct2-check-existing"];
    for c in conditions {
        assert!(
            steps.iter().any(|s| s == c),
            "step {c} is gone from the tree"
        );
    }
    let mut at = 1_795_000_000i64;
    while out.len() < INPUTS {
        at += 1 + rng.below(90) as i64;
        let i = out.len();
        let input = match rng.below(20) {
            0..=8 => json!({"input": "set_step_status", "step": rng.pick(steps),
                "status": rng.pick(&["done", "skipped", "failed", "todo"]), "at": at}),
            9..=13 => json!({"input": "set_step_note", "step": rng.pick(steps),
                "note": format!("input {i}: checked — \"ok\" | {}", rng.next()), "at": at}),
            14..=15 => json!({"input": "answer_step_condition", "step": rng.pick(&conditions),
                "holds": rng.below(2) == 0, "at": at}),
            16..=17 => {
                let alternative = rng.pick(&[
                    Some("force-ct2"),
                    Some("activate-preinst"),
                    Some("rebuild"),
                    None,
                ]);
                json!({"input": "choose_alternative", "alternative": alternative})
            }
            _ => {
                out.push(json!({"input": "back"}));
                answer("parent_site_code", &format!("P{:02}", rng.below(100)))
            }
        };
        out.push(input);
    }
    out
}

/// The inputs recorded in the session's journal, as `sessions show --json` reads them.
fn recorded(home: &Path, id: &str) -> (Vec<Value>, Value) {
    let text = run_ok(kbwalk(home).args(["sessions", "show", id, "--json"]));
    let v: Value = serde_json::from_str(&text).unwrap();
    let inputs = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["input"].clone())
        .collect();
    (inputs, v)
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_input() {
    let seed: u64 = std::env::var("KBWALK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6b62_7761_6c6b);
    let mut rng = Rng(seed);
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let script = script(&mut rng, &steps(home));
    let id = run_ok(kbwalk(home).args([
        "sessions",
        "new",
        "sms-secondary-site",
        "--symptom",
        "phase4-complete",
        "--operator",
        "alice",
    ]))
    .trim()
    .to_string();

    let mut next = 0usize;
    let mut kills = 0usize;
    let mut acknowledged_total = 0usize;
    while kills < KILLS {
        let operator = format!("op{kills}");
        let mut child = kbwalk(home)
            .args(["sessions", "apply", &id, "--operator", &operator])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let remaining: String = script[next..].iter().map(|v| format!("{v}\n")).collect();
        // The pipe refuses the rest once the child is killed; that is expected.
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(remaining.as_bytes());
        });
        let mut acks = BufReader::new(child.stdout.take().unwrap());
        // Sometimes kill before any acknowledgement: while it opens the session.
        let wait_for = rng.below(26) as usize;
        let mut acknowledged = 0;
        let mut line = String::new();
        while acknowledged < wait_for {
            line.clear();
            if acks.read_line(&mut line).unwrap() == 0 {
                break;
            }
            let ack: Value = serde_json::from_str(&line).unwrap();
            assert_eq!(ack["ok"], true, "seed {seed}: refused: {line}");
            assert_eq!(
                ack["seq"],
                next as u64 + acknowledged as u64 + 1,
                "seed {seed}"
            );
            acknowledged += 1;
        }
        // A random moment inside the next input's handling (or the opening).
        let pause = Duration::from_micros(rng.below(3000));
        let start = Instant::now();
        while start.elapsed() < pause {
            std::hint::spin_loop();
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        // Acknowledgements printed before the kill count too.
        for l in acks.lines() {
            let l = l.unwrap();
            if serde_json::from_str::<Value>(&l).is_ok_and(|a| a["ok"] == true) {
                acknowledged += 1;
            }
        }
        feeder.join().unwrap();
        acknowledged_total += acknowledged;

        let (inputs, _) = recorded(home, &id);
        assert!(
            inputs.len() >= next + acknowledged,
            "seed {seed}, kill {kills}: {} inputs on disk, but {} were acknowledged",
            inputs.len(),
            next + acknowledged
        );
        assert_eq!(
            inputs[..],
            script[..inputs.len()],
            "seed {seed}, kill {kills}: the journal differs from what was sent"
        );
        next = inputs.len();
        if next == script.len() {
            break;
        }
    }
    assert!(
        kills >= 20,
        "seed {seed}: only {kills} kills before the script ran out"
    );
    assert!(acknowledged_total > 0);

    // Resume: a full run over the rest, then everything must be there.
    let rest: String = script[next..].iter().map(|v| format!("{v}\n")).collect();
    let mut child = kbwalk(home)
        .args(["sessions", "apply", &id, "--operator", "last"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(rest.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let (inputs, show) = recorded(home, &id);
    assert_eq!(inputs, script, "seed {seed}");
    assert!(show["report"]["damage"].is_null(), "{}", show["report"]);
    assert!(show["report"]["rejected"].as_array().unwrap().is_empty());

    let resumed = run_ok(kbwalk(home).args(["resume", &id]));
    assert!(resumed.contains(&format!("Session {id}")), "{resumed}");

    // Every file in the session's folder parses.
    let dir = home.join("data/sessions").join(&id);
    let journal = std::fs::read(dir.join("journal")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        if name == "lock" {
            let holder: Value = serde_json::from_slice(&bytes).unwrap();
            assert!(holder["pid"].is_u64() && holder["operator"].is_string());
        } else if name.starts_with("journal.damaged.") {
            // The good part of a damaged journal is where the journal went on from.
            let good = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            assert_eq!(&journal[..good], &bytes[..good], "{name}");
        } else {
            assert_eq!(name, "journal", "an unexpected file: {name}");
        }
    }
    let markdown = run_ok(kbwalk(home).args(["sessions", "export", &id]));
    assert!(markdown.contains("## Timeline"));
    assert!(
        markdown.contains("| op0 |"),
        "the first killed run's inputs are attributed"
    );
}
