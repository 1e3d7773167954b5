//! Each article's situation, as a site server drive under tests/fixtures/sites,
//! walked headless with `--mount` and `--probe auto` through the real binary.

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

struct Walk {
    cmd: Command,
    _home: tempfile::TempDir,
}

fn site(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

/// `kbwalk run sms-secondary-site` with an empty home (no config file), a
/// fixed clock, and `answers` given as QUESTION=VALUE.
fn walk(symptom: &str, answers: &[&str], extra: &[&str]) -> Walk {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home.path())
        .env("SOURCE_DATE_EPOCH", "1795000000")
        // A guard against a hang, not a measurement.
        .timeout(Duration::from_secs(120))
        .args(["run", "sms-secondary-site", "--symptom", symptom]);
    for a in answers {
        cmd.args(["--answer", a]);
    }
    cmd.args(extra);
    Walk { cmd, _home: home }
}

fn mount(drive: &str, site_name: &str) -> String {
    format!("{drive}:={}", site(site_name).join(drive).display())
}

fn json(w: &mut Walk) -> Value {
    let out = w.cmd.args(["--format", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn answer<'a>(v: &'a Value, question: &str) -> &'a Value {
    v["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["question"] == question)
        .unwrap_or_else(|| panic!("no answer to {question}"))
}

fn step<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["outcome"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

/// (verified, everything the probes saw) for a step.
fn verification(v: &Value, id: &str) -> (Value, String) {
    let ver = &step(v, id)["verify"];
    let saw: Vec<String> = ver["evidence"]
        .as_array()
        .unwrap_or_else(|| panic!("step {id} was not verified: {ver}"))
        .iter()
        .map(|e| {
            format!(
                "{} => {}",
                e["looked_at"].as_str().unwrap(),
                e["saw"].as_str().unwrap()
            )
        })
        .collect();
    (ver["verified"].clone(), saw.join("\n"))
}

const SMS12_UPGRADE: [&str; 4] = [
    "sms_version=sms_1_2",
    "operation=upgrade",
    "site_code=S12",
    "sms_drive=C",
];

#[test]
fn q186408_the_despooler_log_answers_and_leads_to_the_forced_upgrade() {
    let mut answers = SMS12_UPGRADE.to_vec();
    answers.push("many_logon_servers=yes");
    let mount = mount("C", "q186408-despooler");
    let v = json(&mut walk(
        "despooler-c0000001",
        &answers,
        &["--probe", "auto", "--mount", &mount],
    ));
    assert_eq!(v["outcome"]["id"], "out_upgrade_preinst");
    let a = answer(&v, "despooler_error");
    assert_eq!(a["value"], "yes");
    let source = a["source"].as_str().unwrap();
    // The article's path, written Logs\Despool.log, found as LOGS/DESPOOL.LOG.
    assert!(
        source.starts_with("probe at 2026-11-18 11:06 UTC: looked at C:\\SMS\\Logs\\Despool.log"),
        "{source}"
    );
    assert!(source.contains("DESPOOL.LOG"), "{source}");
    assert!(
        source.contains("2 matching lines in all 11530 bytes; the last, line 84: Despooler failed to execute the instruction, error code = c0000001"),
        "{source}"
    );
    assert_eq!(
        step(&v, "pi-force-upgrade")["command"],
        "PREINST /UPGRADE:S12"
    );
}

#[test]
fn q186408_a_log_without_the_error_answers_no_and_the_library_has_no_answer() {
    let mount = mount("C", "q186408-no-error");
    let v = json(&mut walk(
        "despooler-c0000001",
        &SMS12_UPGRADE,
        &["--probe", "auto", "--mount", &mount],
    ));
    assert_eq!(v["outcome"]["id"], "out_unknown");
    let a = answer(&v, "despooler_error");
    assert_eq!(a["value"], "no");
    assert!(
        a["source"]
            .as_str()
            .unwrap()
            .contains("saw no matching line in all")
    );
}

#[test]
fn q186408_ask_shows_the_proposal_and_waits_for_the_operator() {
    let mount = mount("C", "q186408-despooler");
    let out = walk(
        "despooler-c0000001",
        &SMS12_UPGRADE,
        &["--probe", "ask", "--mount", &mount],
    )
    .cmd
    .assert()
    .code(3)
    .get_output()
    .stdout
    .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Question `despooler_error`"), "{text}");
    assert!(
        text.contains("  Probe (found): looked at C:\\SMS\\Logs\\Despool.log"),
        "{text}"
    );
    assert!(
        text.contains(
            "line 84: Despooler failed to execute the instruction, error code = c0000001"
        ),
        "{text}"
    );
    assert!(text.contains(
        "Proposed answer: yes (accept with --answer despooler_error=yes, or run with --probe auto)"
    ), "{text}");
}

#[test]
fn without_probe_the_same_walk_does_not_look() {
    let mount = mount("C", "q186408-despooler");
    let out = walk("despooler-c0000001", &SMS12_UPGRADE, &["--mount", &mount])
        .cmd
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Question `despooler_error`"));
    assert!(!text.contains("Probe"), "{text}");
}

#[test]
fn q183347_phase4_the_boxes_show_what_is_left_to_do() {
    let mut answers = SMS12_UPGRADE.to_vec();
    answers.push("parent_site_code=PRI");
    let mount = mount("C", "q183347-phase4");
    let v = json(&mut walk(
        "phase4-complete",
        &answers,
        &["--probe", "auto", "--mount", &mount],
    ));
    assert_eq!(v["outcome"]["id"], "out_phase4");

    let (verified, saw) = verification(&v, "ct2-check-existing");
    assert_eq!(verified, false);
    assert!(saw.ends_with("=> 1 file: 00000003.CT2"), "{saw}");

    let (verified, saw) = verification(&v, "ct2-rename-ct0");
    assert_eq!(verified, false);
    assert!(saw.contains("absent: no `00000000.ct1` in"), "{saw}");

    let (verified, saw) = verification(&v, "act-move-receive");
    assert_eq!(verified, false);
    assert!(
        saw.ends_with("=> 2 files: 00000161.INS, 00000161.PKG"),
        "{saw}"
    );

    let (verified, saw) = verification(&v, "act-clean-sitecfg");
    assert_eq!(verified, false);
    assert!(saw.contains("2 files: 00000003.CT2, SITECTRL.CT0"), "{saw}");

    let (verified, saw) = verification(&v, "rb-record-uid");
    assert_eq!(verified, true);
    assert!(saw.ends_with("=> 1 file: 0001A2B3.UID"), "{saw}");

    // Steps that need a live Windows server stay undecided, saying why.
    if !cfg!(windows) {
        let (verified, saw) = verification(&v, "ct2-verify-services");
        assert_eq!(verified, Value::Null);
        assert!(
            saw.contains(
                "sc.exe query SMS_EXECUTIVE => not available here: `sc.exe` runs only on Windows"
            ),
            "{saw}"
        );
        let (verified, saw) = verification(&v, "rb-delete-registry");
        assert_eq!(verified, Value::Null);
        assert!(
            saw.contains("not available here: `reg` runs only on Windows"),
            "{saw}"
        );
    }
}

#[test]
fn q183347_after_the_rename_the_steps_verify_and_the_export_says_so() {
    let mut answers = SMS12_UPGRADE.to_vec();
    answers.push("parent_site_code=PRI");
    let mount = mount("C", "q183347-renamed");
    let mut w = walk(
        "phase4-complete",
        &answers,
        &["--probe", "auto", "--mount", &mount],
    );
    let v = json(&mut w);
    for id in [
        "ct2-rename-ct0",
        "ct2-wait",
        "ct2-check-existing",
        "act-move-receive",
    ] {
        let (verified, saw) = verification(&v, id);
        assert_eq!(verified, true, "{id}: {saw}");
    }
    let (_, saw) = verification(&v, "ct2-rename-ct0");
    assert!(
        saw.contains("SITECFG.BOX/00000000.CT1) => exists: a file of"),
        "{saw}"
    );
    // A subfolder (Receive\Temp) is not a file left in Receive.
    let (_, saw) = verification(&v, "act-move-receive");
    assert!(saw.ends_with("=> no files"), "{saw}");

    let md = v["markdown"].as_str().unwrap();
    let at = md
        .find("Rename the original SiteCtrl.ct0 file to 00000000.ct1")
        .unwrap();
    let block: Vec<&str> = md[at..].lines().take(6).collect();
    assert_eq!(
        block[2],
        // Backslashes escaped in the prose, the evidence path in a code span.
        r"  - Verify: C:\\SMS\\Site.Srv\\Sitecfg.Box\\00000000.ct1 exists. **Verified by probe.**"
    );
    assert!(
        block[3].starts_with(r"    - probe at 2026-11-18 11:06 UTC: looked at `C:\SMS\Site.Srv\Sitecfg.Box\00000000.ct1 ("),
        "{}",
        block[3]
    );
}

#[test]
fn q201658_pending_the_bootstrap_log_on_drive_d_names_the_failure() {
    let mount = mount("D", "q201658-pending");
    let v = json(&mut walk(
        "pending",
        &[
            "sms_version=sms_2_0",
            "operation=install",
            "site_code=S20",
            "sms_drive=d",
            "initiated_from_parent=yes",
        ],
        &["--probe", "auto", "--mount", &mount],
    ));
    assert_eq!(v["outcome"]["id"], "out_pending");
    let (verified, saw) = verification(&v, "pd-bootstrap-log");
    assert_eq!(verified, true);
    assert!(
        saw.starts_with("D:\\SMSBootstrap.log, lines matching"),
        "{saw}"
    );
    assert!(
        saw.contains("=> 1 matching line in all 857 bytes, line 6: Failed to start the SMS_SITE_COMPONENT_MANAGER service, error 1069"),
        "{saw}"
    );
}

#[test]
fn q283472_event_7031_the_event_log_probe_is_not_available_off_windows() {
    if cfg!(windows) {
        return;
    }
    let mount = mount("C", "q283472-event7031");
    let answers = [
        "sms_version=sms_2_0_sp2",
        "operation=install",
        "site_code=S20",
        "sms_drive=C",
    ];
    let out = walk(
        "event-7031",
        &answers,
        &["--probe", "auto", "--mount", &mount],
    )
    .cmd
    .assert()
    .code(3)
    .get_output()
    .stdout
    .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Question `event7031_text`"), "{text}");
    assert!(
        text.contains("Saw: not available here: `wevtutil` runs only on Windows"),
        "{text}"
    );
    assert!(
        text.contains("No answer proposed; answer it yourself"),
        "{text}"
    );

    // The operator answers; the walk reaches the benign outcome.
    let mut all = answers.to_vec();
    all.extend([
        "event7031_text=yes",
        "server_os=windows_2000",
        "terminal_services=remote_admin",
        "site_works=yes",
    ]);
    let v = json(&mut walk(
        "event-7031",
        &all,
        &["--probe", "auto", "--mount", &mount],
    ));
    assert_eq!(v["outcome"]["id"], "out_7031_benign");
    assert_eq!(answer(&v, "event7031_text")["source"], "operator");
}

const SMS20_HANG: [&str; 5] = [
    "sms_version=sms_2_0",
    "operation=install",
    "site_code=S20",
    "sms_drive=C",
    "initiated_from_parent=yes",
];

#[test]
fn q287717_before_the_cleanup_every_leftover_of_step_4c_is_shown() {
    let mount = mount("C", "q287717-leftovers");
    let v = json(&mut walk(
        "install-hangs",
        &SMS20_HANG,
        &["--probe", "auto", "--mount", &mount],
    ));
    assert_eq!(v["outcome"]["id"], "out_hang_cleanup");
    let (verified, saw) = verification(&v, "hc-dir-sms");
    assert_eq!(verified, false);
    assert!(saw.ends_with("=> exists: a folder"), "{saw}");
    for id in ["hc-file-bootstrap-log", "hc-file-setup-log"] {
        let (verified, saw) = verification(&v, id);
        assert_eq!(verified, false, "{id}");
        assert!(saw.contains("=> exists: a file of"), "{saw}");
    }
    let (verified, saw) = verification(&v, "hc-dir-winnt-ms-sms");
    assert_eq!(verified, false);
    // %Winnt% is found as C:\WINNT on the mounted drive.
    assert!(saw.starts_with("C:\\WINNT\\MS\\SMS ("), "{saw}");
}

#[test]
fn q287717_after_the_cleanup_step_4c_verifies() {
    let mount = mount("C", "q287717-clean");
    let v = json(&mut walk(
        "install-hangs",
        &SMS20_HANG,
        &["--probe", "auto", "--mount", &mount],
    ));
    for id in [
        "hc-dir-sms",
        "hc-file-bootstrap-log",
        "hc-file-setup-log",
        "hc-dir-winnt-ms-sms",
    ] {
        let (verified, saw) = verification(&v, id);
        assert_eq!(verified, true, "{id}: {saw}");
        assert!(saw.contains("=> absent: no `"), "{saw}");
    }
    if !cfg!(windows) {
        // Every registry key of step 4b has its probe; here they cannot look.
        for id in [
            "hc-reg-sms",
            "hc-reg-nal",
            "hc-reg-wbem",
            "hc-reg-svc-wmi",
            "hc-reg-svc-executive",
            "hc-reg-svc-logon-discovery",
            "hc-reg-svc-site-config",
            "hc-reg-svc-bootstrap",
            "hc-reg-svc-clisvc",
        ] {
            let (verified, saw) = verification(&v, id);
            assert_eq!(verified, Value::Null, "{id}");
            assert!(saw.starts_with("reg query HKEY_LOCAL_MACHINE\\"), "{saw}");
        }
    }
}

#[test]
fn an_unmounted_drive_says_how_to_mount_it() {
    if cfg!(windows) {
        return;
    }
    let out = walk("despooler-c0000001", &SMS12_UPGRADE, &["--probe", "auto"])
        .cmd
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(
        "Saw: not available here: drive C: is not mounted (use --mount C:=/path/to/its/share, or `mounts:` in the config file)"
    ), "{text}");
}

#[test]
fn mounts_can_come_from_the_config_file() {
    let mut w = walk("despooler-c0000001", &SMS12_UPGRADE, &["--probe", "ask"]);
    let config = format!(
        "mounts:\n  'C:': {}\n",
        site("q186408-despooler").join("C").display()
    );
    std::fs::write(w._home.path().join("config.yaml"), config).unwrap();
    let out = w.cmd.assert().code(3).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Proposed answer: yes"), "{text}");
}

#[test]
fn a_mount_that_is_not_a_folder_is_one_clear_error() {
    walk(
        "despooler-c0000001",
        &SMS12_UPGRADE,
        &["--probe", "auto", "--mount", "C:=/nonexistent/kbwalk-share"],
    )
    .cmd
    .assert()
    .code(1)
    .stderr(
        "kbwalk: error: --mount C:=/nonexistent/kbwalk-share: /nonexistent/kbwalk-share is not a folder (drive C: must map to a folder)\n",
    );
}
