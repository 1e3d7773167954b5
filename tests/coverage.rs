//! `kbwalk lint --coverage`: what of each cited article no node cites, read
//! from the articles in `../shared/kb/`.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const SEEDS: &str = "../shared/kb/seeds";
const RELATED: &str = "../shared/kb/related";

fn kbwalk(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kbwalk").unwrap();
    cmd.env("KBWALK_HOME", home);
    cmd
}

fn coverage(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = kbwalk(home.path())
        .args(["lint", "--coverage"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A tree citing Q183347 (plain-text form) in part: two steps of one
/// procedure, a section by its parent's name, and a section it does not have.
const PARTIAL: &str = r#"id: partial
version: "1"
title: Phase 4
start: done
articles:
  - { id: Q183347, title: "SMS: Secondary Site Upgrade Stays at Phase 4 Complete" }
symptoms: []
causes:
  - { id: job, title: The job failed, source: { article: Q183347, section: CAUSE } }
questions: []
outcomes:
  - id: done
    kind: cause
    cause: job
    title: Force a .ct2 file
    summary: The .ct2 file never reached the parent site.
    articles: [{ article: Q183347, section: "MORE INFORMATION: Creating a .Ct2 File" }]
    steps:
      - { id: one, text: Check the services., risk: read_only, source: { article: Q183347, section: "Creating a .Ct2 File", step: "1" } }
      - { id: two, text: Look for a .ct2 file., risk: read_only, source: { article: Q183347, section: "creating a .ct2 file", step: "2." } }
      - { id: typo, text: Wait., risk: read_only, source: { article: Q183347, section: "Creating a Ct2 File", step: "6" } }
"#;

#[test]
fn a_partly_encoded_article_shows_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("partial.yaml");
    std::fs::write(&file, PARTIAL).unwrap();
    let out = coverage(&[file.to_str().unwrap(), "--articles", SEEDS]);
    let expected = format!(
        "coverage of partial ({})
  Q183347 SMS: Secondary Site Upgrade Stays at Phase 4 Complete
    {SEEDS}/Q183347.txt: 3 of 7 sections cited, 2 of 23 numbered steps cited
    not cited: section \"SYMPTOMS\"
    not cited: section \"WORKAROUND\"
    not cited: section \"MORE INFORMATION › Creating a .Ct2 File\", steps 3, 4, 5, 6
    not cited: section \"MORE INFORMATION › Activating the Site and Forcing Another Upgrade\"
    not cited: section \"MORE INFORMATION › Rebuilding the Secondary Site\"
    not in the article: section \"Creating a Ct2 File\", step \"6\", cited by step typo
",
        file.display()
    );
    assert_eq!(out, expected);
}

#[test]
fn the_built_in_trees_cite_every_numbered_step_of_the_seed_and_related_articles() {
    let out = coverage(&[
        "--no-user-trees",
        "--articles",
        SEEDS,
        "--articles",
        RELATED,
    ]);
    assert_eq!(out.matches("coverage of ").count(), 2, "{out}");
    assert!(!out.contains("no article file"), "{out}");
    assert!(!out.contains("not in the article"), "{out}");
    // Every numbered step is encoded; what is left are sections such as
    // SYMPTOMS and STATUS that the trees use as symptoms' words or not at all.
    for line in out.lines().filter(|l| l.contains("numbered steps cited")) {
        let (cited, total) = line
            .split(", ")
            .last()
            .and_then(|s| s.strip_suffix(" numbered steps cited"))
            .and_then(|s| s.split_once(" of "))
            .unwrap();
        assert_eq!(cited, total, "{line}");
    }
    assert!(out.contains(&format!(
        "  Q183347 SMS: Secondary Site Upgrade Stays at Phase 4 Complete\n    {SEEDS}/Q183347.txt: 6 of 7 sections cited, 23 of 23 numbered steps cited\n    not cited: section \"SYMPTOMS\"\n"
    )));
    assert!(out.contains(&format!(
        "{SEEDS}/Q287717.md: 2 of 3 sections cited, 10 of 10 numbered steps cited"
    )));
}

#[test]
fn without_the_articles_coverage_lists_what_is_cited() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("partial.yaml");
    std::fs::write(&file, PARTIAL).unwrap();
    let out = coverage(&[file.to_str().unwrap()]);
    assert!(
        out.contains("    cited: section \"Creating a .Ct2 File\", step 1\n"),
        "{out}"
    );
    assert!(out.contains("    cited: section \"CAUSE\"\n"), "{out}");
    assert!(
        out.ends_with("(give --articles DIR to see what each article has that no node cites)\n")
    );
}

#[test]
fn articles_need_coverage_and_a_folder() {
    let home = tempfile::tempdir().unwrap();
    kbwalk(home.path())
        .args(["lint", "--articles", SEEDS])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--coverage"));
    kbwalk(home.path())
        .args(["lint", "--coverage", "--articles", "no/such/folder"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "kbwalk: error: --articles no/such/folder: not a folder",
        ));
}
