//! The Markdown export shows untrusted text (answers, notes, tree text,
//! probe evidence) exactly as written: a CommonMark renderer finds no link,
//! no HTML and no hidden characters in it, and backslashes survive.

use std::sync::Arc;

use kbwalk::engine::{AnswerSource, Evidence, Input, Session};
use kbwalk::export::{ExportMeta, markdown};
use kbwalk::tree::Tree;
use kbwalk::tree::load::load_source;
use pulldown_cmark::{Event, Options, Parser, Tag};

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
    text: 'Does \\{{server}}\logs exist?'
    "yes": out_gone
    "no": out_gone
outcomes:
  - id: out_gone
    kind: cause
    cause: gone
    title: Recreate the share
    summary: 'Open \\{{server}}\admin$ and look.'
    articles: [{ article: KB1 }]
    steps:
      - id: recreate
        text: 'Recreate \\{{server}}\logs.'
        command: 'net share logs=D:\logs'
        risk: reversible
"#;

fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts
}

/// Everything a reader sees (text and code), and whether anything active
/// (a link, an image, raw HTML, emphasis) was found.
fn rendered(md: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut active = Vec::new();
    for e in Parser::new_ext(md, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => active.push(format!("html {h}")),
            Event::Start(Tag::Link { dest_url, .. }) => active.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => active.push(format!("image {dest_url}")),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    (text, active)
}

fn walk(server: &str, evidence: Evidence) -> Session {
    walk_tree(TREE, server, evidence)
}

fn walk_tree(source: &str, server: &str, evidence: Evidence) -> Session {
    let tree: Arc<Tree> = Arc::new(load_source("share.yaml", source).unwrap());
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
        source: AnswerSource::Probe(evidence),
    })
    .unwrap();
    s
}

fn export(s: &Session) -> String {
    markdown(
        s,
        &ExportMeta {
            exported_at: 0,
            operator: Some("ops".into()),
            ..Default::default()
        },
    )
}

#[test]
fn backslash_escapes_in_answers_notes_and_evidence_stay_text() {
    let hostile = [
        r"\[q\](https://evil.example)",
        r"\<img src=x onerror=alert(1)\>",
        r"[q](https://evil.example)",
        r"<b>bold</b> &lt;i&gt;",
        r"\\[q\\](https://evil.example)",
    ];
    for h in hostile {
        let mut s = walk(
            h,
            Evidence {
                looked_at: format!(r"C:\logs\{h}"),
                saw: format!("line {h} | pipe"),
                at: 0,
                imported: false,
            },
        );
        s.apply(&Input::SetStepNote {
            step: "recreate".into(),
            note: h.into(),
            at: 0,
        })
        .unwrap();
        let md = export(&s);
        let (text, active) = rendered(&md);
        assert!(active.is_empty(), "{h}: {active:?} in\n{md}");
        assert!(text.contains(h), "{h} is not shown as written in\n{md}");
        assert!(
            text.contains(&format!(r"C:\logs\{h}")),
            "{h}: evidence path not shown as written in\n{md}"
        );
        assert!(text.contains(&format!("line {h} | pipe")), "{h}\n{md}");
    }
}

#[test]
fn backslashes_in_tree_text_render_as_written() {
    let s = walk(
        "srv01",
        Evidence {
            looked_at: r"\\srv01\logs".into(),
            saw: "missing".into(),
            at: 0,
            imported: false,
        },
    );
    let md = export(&s);
    let (text, active) = rendered(&md);
    assert!(active.is_empty(), "{active:?}");
    for shown in [
        r"Recreate \\srv01\logs.",
        r"Open \\srv01\admin$ and look.",
        r"Does \\srv01\logs exist?",
        r"net share logs=D:\logs",
        r"\\srv01\logs",
    ] {
        assert!(text.contains(shown), "{shown:?} not in\n{text}");
    }
}

#[test]
fn hidden_and_bidi_characters_do_not_reach_the_export() {
    // An answer that would read "txt.exe" as "exe.txt", and a zero-width space.
    let s = walk(
        "a\u{202e}exe.txt\u{200b}b\u{2066}c\u{feff}",
        Evidence {
            looked_at: "C:\\x\u{202e}y".into(),
            saw: "z\u{200d}w\u{1b}[2J".into(),
            at: 0,
            imported: false,
        },
    );
    let md = export(&s);
    for c in md.chars() {
        assert!(
            !kbwalk::text::is_hidden(c) && (!c.is_control() || c == '\n'),
            "{:?} in\n{md}",
            c
        );
    }
    assert!(md.contains("aexe.txtbc"));
}

#[test]
fn text_that_looks_like_block_markup_stays_in_its_place() {
    // The summary is a paragraph of its own that begins with the answer.
    let tree = TREE.replace(
        r"summary: 'Open \\{{server}}\admin$ and look.'",
        "summary: '{{server}}'",
    );
    assert_ne!(tree, TREE);
    for h in [
        "- item",
        "1. first",
        "# heading",
        "> quote",
        "=====",
        "+ plus",
    ] {
        let s = walk_tree(
            &tree,
            h,
            Evidence {
                looked_at: "C:\\".into(),
                saw: "x".into(),
                at: 0,
                imported: false,
            },
        );
        let md = export(&s);
        let (text, active) = rendered(&md);
        assert!(active.is_empty(), "{active:?}");
        assert!(text.contains(h), "{h:?}\n{md}");
        let blocks = Parser::new_ext(&md, options())
            .filter(|e| {
                matches!(
                    e,
                    Event::Start(Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::List(_))
                )
            })
            .count();
        let plain = export(&walk_tree(
            &tree,
            "plain",
            Evidence {
                looked_at: "C:\\".into(),
                saw: "x".into(),
                at: 0,
                imported: false,
            },
        ));
        let plain_blocks = Parser::new_ext(&plain, options())
            .filter(|e| {
                matches!(
                    e,
                    Event::Start(Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::List(_))
                )
            })
            .count();
        assert_eq!(blocks, plain_blocks, "{h:?} changed the structure:\n{md}");
    }
}

#[test]
fn an_export_whose_answers_all_came_from_the_symptom_replays() {
    let tree = TREE.replace(
        "    start: server\ncauses:",
        "    start: server\n    answers: { server: srv01, found: \"no\" }\ncauses:",
    );
    assert_ne!(tree, TREE);
    let tree: Arc<Tree> = Arc::new(load_source("share.yaml", &tree).unwrap());
    let s = Session::new(Arc::clone(&tree), Some("missing")).unwrap();
    assert_eq!(s.outcome().unwrap().id, "out_gone");
    let md = export(&s);
    let replay = kbwalk::tree::answers_file::parse_answers("walk.md", &md).unwrap();
    assert_eq!(replay.symptom.as_deref(), Some("missing"));
    assert!(replay.answers.is_empty(), "{md}");
}

#[test]
fn a_text_answer_with_nel_ls_or_ps_replays_exactly() {
    for value in ["a\u{85}b", "a\u{2028}b\u{2029}c", "x\u{202e}y"] {
        let s = walk(
            value,
            Evidence {
                looked_at: "C:\\".into(),
                saw: "x".into(),
                at: 0,
                imported: false,
            },
        );
        let md = export(&s);
        let replay = kbwalk::tree::answers_file::parse_answers("walk.md", &md).unwrap();
        assert_eq!(replay.answers["server"], value, "{md}");
    }
}
