//! Typed values in their standard form, whichever way they arrive: site
//! codes in capitals and drives as a bare letter reach the steps the same.

use assert_cmd::Command;

fn kbwalk(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home)
        .env("SOURCE_DATE_EPOCH", "1795000000");
    cmd
}

const BEFORE_CODES: &[&str] = &[
    "run",
    "sms-secondary-site",
    "--symptom",
    "phase4-complete",
    "--answer",
    "sms_version=sms_2_0",
    "--answer",
    "operation=install",
    "--answer",
    "lansend_no_capacity=no",
];

fn export_with(home: &std::path::Path, extra: &[&str]) -> String {
    let out = kbwalk(home)
        .args(BEFORE_CODES)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn run_answers_in_lower_case_with_spaces_and_a_drive_colon_reach_the_steps_normalised() {
    let home = tempfile::tempdir().unwrap();
    for drive in ["d", "d:", r"D:\", "  D: "] {
        let md = export_with(
            home.path(),
            &[
                "--answer",
                "site_code= s01 ",
                "--answer",
                &format!("sms_drive={drive}"),
                "--answer",
                "parent_site_code=p01",
            ],
        );
        assert!(md.contains("`PREINST /DELSITE:{S01,P01}`"), "{drive}: {md}");
        assert!(
            md.contains(r"Look in D:\\SMS\\Site.Srv\\Sitecfg.Box"),
            "{drive}: {md}"
        );
        assert!(!md.contains("s01"), "{md}");
    }
}

#[test]
fn a_replayed_answers_file_is_normalised_like_typed_answers() {
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("answers.yaml");
    std::fs::write(
        &answers,
        "site_code: \" s01\"\nsms_drive: \"d:\"\nparent_site_code: p01\n",
    )
    .unwrap();
    let md = export_with(home.path(), &["--answers", answers.to_str().unwrap()]);
    assert!(md.contains("`PREINST /DELSITE:{S01,P01}`"), "{md}");
    assert!(md.contains(r"D:\\SMS\\Site.Srv\\Sitecfg.Box"), "{md}");
}

#[test]
fn a_drive_answer_that_is_not_one_letter_is_still_refused_with_the_hint() {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .args(BEFORE_CODES)
        .args(["--answer", "site_code=S01", "--answer", "sms_drive=dd:"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("one drive letter"), "{err}");
}
