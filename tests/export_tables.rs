//! The Markdown export's tables (answers, timeline) keep untrusted text in
//! its cell, as written: backticks, pipes, backslashes and line breaks in an
//! answer or in a probe's evidence neither show as markup nor split a cell.
//! The warning that evidence changed carries what the probe saw the same way.

use std::sync::Arc;

use kbwalk::engine::{AnswerSource, Evidence, Input, Session};
use kbwalk::export::{ExportMeta, markdown};
use kbwalk::tree::load::load_source;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const TREE: &str = r#"
id: share
version: "1"
title: Share is gone
start: server
articles:
  - id: KB1
    title: Shares
symptoms:
  - id: missing
    text: The share is missing
    start: server
causes:
  - id: gone
    title: The share was removed
    source: { article: KB1 }
questions:
  - id: server
    kind: text
    text: Which server holds the share?
    next: found
  - id: found
    kind: yes_no
    text: Does the log exist?
    "yes": out_gone
    "no": out_gone
outcomes:
  - id: out_gone
    kind: cause
    cause: gone
    title: Recreate the share
    summary: Look.
    articles: [{ article: KB1 }]
    steps:
      - id: recreate
        text: Recreate it.
        risk: reversible
"#;

fn export(server: &str, looked_at: &str, saw: &str) -> String {
    let tree = Arc::new(load_source("share.yaml", TREE).unwrap());
    let mut s = Session::new(tree, None).unwrap();
    s.apply(&Input::Answer {
        question: "server".into(),
        value: server.into(),
        source: AnswerSource::Operator,
    })
    .unwrap();
    s.apply(&Input::Answer {
        question: "found".into(),
        value: "no".into(),
        source: AnswerSource::Probe(Evidence {
            looked_at: looked_at.into(),
            saw: saw.into(),
            at: 0,
            imported: false,
        }),
    })
    .unwrap();
    markdown(&s, &ExportMeta::default())
}

/// Each table's rows as a GFM renderer reads them: the text of each cell,
/// code spans marked `<code>…</code>`.
fn tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    let mut out: Vec<Vec<Vec<String>>> = Vec::new();
    let mut in_table = false;
    for e in Parser::new_ext(md, opts) {
        match e {
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                out.push(Vec::new());
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                out.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => out
                .last_mut()
                .unwrap()
                .last_mut()
                .unwrap()
                .push(String::new()),
            Event::Text(t) if in_table => cell(&mut out).unwrap().push_str(&t),
            Event::Code(t) if in_table => cell(&mut out)
                .unwrap()
                .push_str(&format!("<code>{t}</code>")),
            _ => {}
        }
    }
    out
}

/// The cell being read: the last of the last row of the last table.
fn cell(tables: &mut [Vec<Vec<String>>]) -> Option<&mut String> {
    tables.last_mut()?.last_mut()?.last_mut()
}

const AWKWARD: &[(&str, &str, &str)] = &[
    ("srv`01`", r"C:\logs\a`b", "x `code` y"),
    ("a|b", r"C:\pipe|d\", r"saw | pipe \| and \"),
    ("two\nlines", "``fence``", "`"),
    ("`", r"a\`b", r"ends with \"),
];

#[test]
fn answers_and_evidence_with_backticks_pipes_and_breaks_stay_in_their_cells_as_written() {
    for &(server, looked_at, saw) in AWKWARD {
        let md = export(server, looked_at, saw);
        let tables = tables(&md);
        assert_eq!(tables.len(), 1, "{md}");
        let rows = &tables[0];
        assert_eq!(rows[0], ["Question", "Answer", "Source"], "{md}");
        for row in rows {
            assert_eq!(row.len(), 3, "a cell was split or merged: {row:?}\n{md}");
        }
        // The answer reads as typed (on one line), not as code or markup.
        assert_eq!(rows[1][1], server.replace('\n', " "), "{md}");
        // Paths and log lines are code, exactly as seen.
        assert_eq!(
            rows[2][2],
            format!(
                "probe at 1970-01-01 00:00 UTC: looked at <code>{looked_at}</code>; saw <code>{saw}</code>"
            ),
            "{md}"
        );
    }
}

#[test]
fn a_note_and_a_remark_with_backticks_and_pipes_stay_in_the_timeline_s_what_cell() {
    use kbwalk::export::{Timeline, TimelineEvent, TimelineWhat, markdown_with_timeline};
    let tree = Arc::new(load_source("share.yaml", TREE).unwrap());
    let mut s = Session::new(tree, None).unwrap();
    let note = "ran `net share | find \"logs\"`\nthen `";
    let inputs = [
        Input::Answer {
            question: "server".into(),
            value: "srv|`01`".into(),
            source: AnswerSource::Operator,
        },
        Input::Answer {
            question: "found".into(),
            value: "no".into(),
            source: AnswerSource::Operator,
        },
        Input::SetStepNote {
            step: "recreate".into(),
            note: note.into(),
            at: 60,
        },
    ];
    for i in &inputs {
        s.apply(i).unwrap();
    }
    let mut events: Vec<TimelineEvent> = inputs
        .iter()
        .map(|i| TimelineEvent {
            at: 60,
            by: "o|p`s`".into(),
            what: TimelineWhat::Input(i.clone()),
        })
        .collect();
    events.push(TimelineEvent {
        at: 60,
        by: "ops".into(),
        what: TimelineWhat::Remark("tree `share` | changed".into()),
    });
    let timeline = Timeline {
        started_at: 0,
        started_by: "ops".into(),
        events,
    };
    let md = markdown_with_timeline(&s, &ExportMeta::default(), &timeline);
    let tables = tables(&md);
    let when = tables
        .iter()
        .find(|t| t[0] == ["When", "Who", "What"])
        .unwrap_or_else(|| panic!("no timeline table:\n{md}"));
    assert_eq!(when.len(), 5, "{md}");
    for row in when {
        assert_eq!(row.len(), 3, "a cell was split or merged: {row:?}\n{md}");
    }
    assert_eq!(when[1][1], "o|p`s`", "{md}");
    assert!(when[1][2].contains("srv|`01`"), "{:?}\n{md}", when[1]);
    let one_line = note.replace('\n', " ");
    assert!(when[3][2].contains(&one_line), "{:?}\n{md}", when[3]);
    assert_eq!(when[4][2], "tree `share` | changed", "{md}");
}

/// Evidence that changed on a second look is carried by every export, and
/// what the probe saw stays text in the Markdown warning.
#[test]
fn changed_evidence_reaches_markdown_text_and_json_with_what_the_probe_saw_as_text() {
    use kbwalk::export::{EvidenceChanged, session_json, text};
    let tree = Arc::new(load_source("share.yaml", TREE).unwrap());
    let mut s = Session::new(tree, None).unwrap();
    for (q, v) in [("server", "srv01"), ("found", "no")] {
        s.apply(&Input::Answer {
            question: q.into(),
            value: v.into(),
            source: AnswerSource::Operator,
        })
        .unwrap();
    }
    let saw = "[x](http://evil) `a|b`\nline";
    let meta = ExportMeta {
        evidence_changed: vec![EvidenceChanged {
            question: "found".into(),
            saw: saw.into(),
            at: 120,
            proposes: Some("yes".into()),
        }],
        ..Default::default()
    };
    let md = markdown(&s, &meta);
    let warning = md
        .lines()
        .find(|l| l.contains("Evidence changed"))
        .unwrap_or_else(|| panic!("{md}"));
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    let mut seen = String::new();
    for e in Parser::new_ext(warning, opts) {
        match e {
            Event::Start(Tag::Link { .. }) => panic!("a link in {warning}"),
            Event::Text(t) | Event::Code(t) => seen.push_str(&t),
            _ => {}
        }
    }
    assert!(seen.contains(&saw.replace('\n', " ")), "{seen}");
    assert!(seen.contains("\"Does the log exist?\""), "{seen}");
    assert!(seen.contains("proposes \"yes\""), "{seen}");
    let plain = text(&s, &meta, None);
    assert!(plain.contains("WARNING: Evidence changed"), "{plain}");
    let json = session_json(&s, &meta);
    assert_eq!(json["evidence_changed"][0]["question"], "found");
    assert_eq!(json["evidence_changed"][0]["proposes"], "yes");
    assert_eq!(json["evidence_changed"][0]["saw"], saw);
}
