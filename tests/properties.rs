//! Properties over generated input: the tree loader and the answers parser
//! answer any text with a tree or positioned problems, never a panic; an
//! export replays to the same answers and the same export; a damaged
//! journal yields a prefix of what was recorded, never a panic.
//!
//! Few cases by default, so `cargo test` stays quick; run longer with
//! `PROPTEST_CASES=5000 cargo test --test properties`.

#[path = "support/proptest_cases.rs"]
mod proptest_cases;

use proptest_cases::cases;
use std::sync::Arc;

use kbwalk::engine::{AnswerSource, Input, Session};
use kbwalk::export::{ExportMeta, markdown};
use kbwalk::library::Library;
use kbwalk::store::Store;
use kbwalk::tree::Tree;
use kbwalk::tree::answers_file::parse_answers;
use kbwalk::tree::load::load_source;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag};

fn config() -> ProptestConfig {
    cases(48)
}

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

/// Pieces of YAML that have caught parsers out: tags, block scalars, flow
/// brackets, anchors, odd line breaks, template braces.
const SNIPPETS: &[&str] = &[
    "!!str", "|", ">-", "!x \"\"", "[", "]", "{", "}", "\"", "'", ":", "- ", "\n", "  ", "#",
    "&a ", "*a", "\u{85}", "\u{2028}", "\t", "{{", "}}", "id: ", "\\", ",", "? ", "~", "\r",
    "\u{feff}", "\u{202e}", "start: ", "next: ", "\0",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, s)| Edit::Insert(at, s)),
            (any::<usize>(), 1usize..12).prop_map(|(at, n)| Edit::Delete(at, n)),
        ],
        1..6,
    )
}

fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match *e {
            Edit::Insert(at, s) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, SNIPPETS[s].chars());
            }
            Edit::Delete(at, n) => {
                if !chars.is_empty() {
                    let at = at % chars.len();
                    let end = (at + n).min(chars.len());
                    chars.drain(at..end);
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn lines(text: &str) -> usize {
    text.lines().count() + 1
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_mutated_tree_loads_or_names_where_it_is_wrong(edits in edits()) {
        let text = apply_edits(MINIMAL, &edits);
        if let Err(problems) = load_source("t.yaml", &text) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(p.line <= lines(&text), "{p} past the end of\n{text}");
                prop_assert!(!p.message.is_empty());
            }
        }
    }

    #[test]
    fn any_answers_text_parses_or_names_where_it_is_wrong(
        text in "[a-z0-9_:\\-\\[\\]{}'\"#|>!&*?, \n\t`\u{85}]{0,200}"
    ) {
        if let Err(p) = parse_answers("a.yaml", &text) {
            prop_assert!(p.line <= lines(&text), "{p} past the end of\n{text}");
        }
        // The same text inside an export's replay block.
        let md = format!("# kbwalk: x\n\n```yaml kbwalk-answers\n{text}\n```\n");
        if let Err(p) = parse_answers("a.md", &md) {
            prop_assert!(p.line <= lines(&md), "{p} past the end of\n{md}");
        }
    }
}

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
    title: Recreate the share on {{server}}
    summary: 'Open \\{{server}}\admin$ and look.'
    articles: [{ article: KB1 }]
    steps:
      - id: recreate
        text: 'Recreate \\{{server}}\logs.'
        command: 'net share logs={{server}}'
        risk: reversible
"#;

fn share_tree() -> Arc<Tree> {
    Arc::new(load_source("share.yaml", TREE).unwrap())
}

fn walk(tree: &Arc<Tree>, answers: &[(String, String)]) -> Session {
    let mut s = Session::new(Arc::clone(tree), None).unwrap();
    for (q, v) in answers {
        s.apply(&Input::Answer {
            question: q.clone(),
            value: v.clone(),
            source: AnswerSource::Operator,
        })
        .unwrap();
    }
    s
}

fn export(s: &Session) -> String {
    markdown(
        s,
        &ExportMeta {
            exported_at: 1_795_000_000,
            operator: Some("ops".into()),
            ..Default::default()
        },
    )
}

/// Any text an operator could type, with the characters that broke exports
/// before over-represented.
fn answer_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\\', '[', ']', '(', ')', '<', '>', '`', '*', '_', '|', '#', '&', '$', '!', '~',
                '"', '\'', '\u{85}', '\u{2028}', '\u{2029}', '\u{202e}', '\u{200b}', '\u{feff}',
                '\n', '\r', '\t', ':', '-', ' ',
            ]),
        ],
        1..40,
    )
    .prop_map(|chars| chars.into_iter().collect::<String>())
    .prop_filter("a text answer is not blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_export_replays_to_the_same_answers_and_the_same_export(server in answer_text()) {
        let tree = share_tree();
        let first = walk(&tree, &[("server".into(), server.clone()), ("found".into(), "no".into())]);
        let md = export(&first);
        // What a renderer shows holds nothing active.
        for e in Parser::new_ext(&md, Options::all()) {
            let active = matches!(
                e,
                Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Link { .. } | Tag::Image { .. })
            );
            prop_assert!(!active, "{e:?} in\n{md}");
        }
        let replay = parse_answers("walk.md", &md).map_err(|p| TestCaseError::fail(p.to_string()))?;
        prop_assert_eq!(replay.tree.as_deref(), Some("share"));
        let stored = first.answer("server").unwrap().value.raw();
        prop_assert_eq!(&replay.answers["server"], &stored);
        let again = walk(&tree, &[
            ("server".into(), replay.answers["server"].clone()),
            ("found".into(), replay.answers["found"].clone()),
        ]);
        prop_assert_eq!(export(&again), md);
    }
}

fn library() -> Library {
    Library::load(true, &[]).0
}

#[derive(Debug, Clone)]
enum Damage {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Vec<Damage>> {
    prop::collection::vec(
        prop_oneof![
            any::<usize>().prop_map(Damage::Truncate),
            (any::<usize>(), 1u8..=255).prop_map(|(at, x)| Damage::Flip(at, x)),
            (
                any::<usize>(),
                prop::collection::vec(
                    prop_oneof![any::<u8>(), Just(b'\n'), Just(b'{'), Just(b'"')],
                    1..30
                )
            )
                .prop_map(|(at, b)| Damage::Insert(at, b)),
        ],
        1..4,
    )
}

proptest! {
    // Each case writes and fsyncs a session: fewer of them.
    #![proptest_config(cases(12))]

    #[test]
    fn a_damaged_journal_gives_back_a_prefix_of_what_was_recorded(damage in damage()) {
        let lib = library();
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let mut w = store
            .create(lib.get("sms-secondary-site").unwrap(), Some("phase4-complete"), "alice", 1_795_000_000)
            .unwrap();
        for (i, (q, v)) in [("sms_version", "sms_1_2"), ("operation", "install"), ("site_code", "S01"), ("sms_drive", "C")]
            .iter()
            .enumerate()
        {
            w.apply(
                Input::Answer { question: (*q).into(), value: (*v).into(), source: AnswerSource::Operator },
                1_795_000_000 + i as i64,
            )
            .unwrap();
        }
        let id = w.id().to_string();
        let journal = w.journal_path();
        let recorded = w.entries().to_vec();
        drop(w);
        let mut bytes = std::fs::read(&journal).unwrap();
        for d in &damage {
            match d {
                Damage::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
                Damage::Flip(at, x) if !bytes.is_empty() => {
                    let at = at % bytes.len();
                    bytes[at] ^= x;
                }
                Damage::Flip(..) => {}
                Damage::Insert(at, b) => {
                    let at = at % (bytes.len() + 1);
                    bytes.splice(at..at, b.iter().copied());
                }
            }
        }
        std::fs::write(&journal, &bytes).unwrap();
        // Reading never panics; what it keeps was recorded, in order.
        if let Ok(view) = store.open_read_only(&id, &lib) {
            let kept = view.entries();
            prop_assert!(kept.len() <= recorded.len());
            prop_assert_eq!(kept, &recorded[..kept.len()]);
        }
        let _ = store.list(&lib);
    }
}
