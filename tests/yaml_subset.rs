//! The quick reader of the cold index (`library::skim::yaml_subset`) against
//! yaml_serde: on every tree the project has or `kbwalk import` writes, on
//! awkward YAML, and on generated documents, it gives what yaml_serde gives
//! or declines; and a tree read for the index is summarised, or refused with
//! the same problems, exactly as when it is loaded whole.

#[path = "support/proptest_cases.rs"]
mod proptest_cases;

use proptest_cases::cases;
use std::path::{Path, PathBuf};

use kbwalk::import;
use kbwalk::library::skim::{read_for_summary, read_for_summary_by_yaml_serde, yaml_subset};
use kbwalk::tree::load::BUILTIN;
use kbwalk::tree::{Tree, TreeSummary};
use proptest::prelude::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// The project's own tree files: trees/ and every fixture.
fn project_trees() -> Vec<(String, String)> {
    let mut files = Vec::new();
    yaml_files(&root().join("trees"), &mut files);
    yaml_files(&root().join("tests/fixtures"), &mut files);
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.display().to_string(), std::fs::read_to_string(f).unwrap()))
        .collect();
    texts.extend(BUILTIN.iter().map(|(n, s)| (n.to_string(), s.to_string())));
    texts
}

/// The drafts `kbwalk import` writes for the KB articles: the seeds, the
/// related articles and the plain-text form of every archived one.
fn imported_drafts() -> Vec<(String, String)> {
    let kb = root().join("../shared/kb");
    let mut articles = Vec::new();
    for dir in ["seeds", "related"] {
        for entry in std::fs::read_dir(kb.join(dir)).unwrap() {
            articles.push(entry.unwrap().path());
        }
    }
    for shelf in std::fs::read_dir(kb.join("archive/txt")).unwrap() {
        for entry in std::fs::read_dir(shelf.unwrap().path()).unwrap() {
            articles.push(entry.unwrap().path());
        }
    }
    articles.sort();
    assert!(articles.len() > 130, "the KB articles are missing");
    articles
        .iter()
        .filter_map(|path| {
            let text = import::decode(&std::fs::read(path).unwrap());
            let imported = import::import(&text).ok()?;
            let name = path.display().to_string();
            Some((name.clone(), imported.file_text(&name)))
        })
        .collect()
}

fn json(tree: &Tree) -> serde_json::Value {
    serde_json::to_value(tree).unwrap()
}

/// The quick reader's tree, which must be yaml_serde's when there is one.
fn same_tree_or_declined(name: &str, src: &str) -> Option<Tree> {
    let quick: Option<Tree> = yaml_subset::from_str(src);
    let slow = serde_yaml::from_str::<Tree>(src);
    if let Some(quick) = &quick {
        let slow = slow.unwrap_or_else(|e| panic!("{name}: read quickly, yet yaml_serde says {e}"));
        assert_eq!(json(quick), json(&slow), "{name}");
    }
    quick
}

/// The same as a generic value, which keeps what a tree would not.
fn same_value_or_declined(name: &str, src: &str) -> Option<serde_yaml::Value> {
    let quick: Option<serde_yaml::Value> = yaml_subset::from_str(src);
    if let Some(quick) = &quick {
        let slow = serde_yaml::from_str::<serde_yaml::Value>(src)
            .unwrap_or_else(|e| panic!("{name}: read quickly, yet yaml_serde says {e}\n{src}"));
        assert_eq!(quick, &slow, "{name}:\n{src}");
    }
    quick
}

/// Read for the index: the same summary as through yaml_serde, or the same
/// problems.
fn same_summary_or_problems(name: &str, src: &str) {
    match (
        read_for_summary(name, src),
        read_for_summary_by_yaml_serde(name, src),
    ) {
        (Ok(quick), Ok(slow)) => {
            assert_eq!(TreeSummary::of(&quick), TreeSummary::of(&slow), "{name}")
        }
        (Err(quick), Err(slow)) => assert_eq!(quick, slow, "{name}"),
        (quick, slow) => panic!(
            "{name}: read quickly {:?}, through yaml_serde {:?}",
            quick.err(),
            slow.err()
        ),
    }
}

#[test]
fn the_project_trees_and_fixtures_read_as_yaml_serde_reads_them() {
    let texts = project_trees();
    let mut read = 0;
    for (name, src) in &texts {
        let quick = same_tree_or_declined(name, src);
        same_value_or_declined(name, src);
        same_summary_or_problems(name, src);
        read += usize::from(quick.is_some());
        // As saved on Windows.
        let crlf = src.replace('\n', "\r\n");
        let crlf_name = format!("{name} with CRLF");
        assert_eq!(
            same_tree_or_declined(&crlf_name, &crlf).is_some(),
            quick.is_some(),
            "{crlf_name}"
        );
        same_summary_or_problems(&crlf_name, &crlf);
        // The valid trees are all within the subset.
        if name.contains("/trees/") || name.contains("/valid/") || !name.contains('/') {
            assert!(quick.is_some(), "{name}: declined");
        }
    }
    assert!(read >= 8, "only {read} of {} read quickly", texts.len());
}

#[test]
fn every_imported_draft_reads_as_yaml_serde_reads_it() {
    let drafts = imported_drafts();
    for (name, src) in &drafts {
        assert!(
            same_tree_or_declined(name, src).is_some(),
            "{name}: declined\n{src}"
        );
        same_summary_or_problems(name, src);
    }
}

/// Documents that have caught YAML readers out; each is read as yaml_serde
/// reads it, or declined. The `true` ones are plain enough that declining
/// them would be a loss.
const AWKWARD: &[(bool, &str)] = &[
    (
        true,
        "a: \"quoted: with colon\"\nb: 'it''s # not a comment'\n",
    ),
    (
        true,
        "a: \"tab\\there \\\"q\\\" back\\\\slash \\u00e9 \\x41\"\n",
    ),
    (false, "a: \"bell \\a and \\/ and \\N\"\n"),
    (false, "a: \"\\ud800\"\n"),
    (true, "a: text # a comment\nb: C# and x#y\n"),
    (true, "a: |\n  keep\n\n  these\n\nb: 1\n"),
    (true, "a: |-\n  strip\n\n\nb: 1\n"),
    (true, "a: |+\n  keep\n\n\nb: 1\n"),
    (
        true,
        "a: >\n  folded\n  lines\n\n  para\n    indented\n  back\nb: x\n",
    ),
    (true, "a: >-\n  one\n  two\n"),
    (true, "a: >+\n  one\n\n"),
    (true, "a: |\n  # not a comment\n  text\n"),
    (true, "a: |\n\n  after a blank line\n"),
    (false, "a: |\n      \n  less indented after spaces\n"),
    (false, "a: |2\n   explicit indentation\n"),
    (true, "list:\n- a\n- b\nnext: c\n"),
    (true, "list:\n  - a\n  - b\nnext: c\n"),
    (true, "list:\n    -   a\n    -   b: 1\n        c: 2\n"),
    (true, "list:\n- - nested\n  - seq\n- x\n"),
    (
        true,
        "flow: [a, 'b, c', \"d]\", e f]\nmap: { k: v, l: [1, 2] }\n",
    ),
    (true, "flow: [\n  a,\n  b  # note\n  ]\n"),
    (false, "flow: [\n  a,\n  b\n]\n"),
    (true, "empty:\nnull: ~\nalso:   \nlist: []\nmap: {}\n"),
    (true, "yes: no\non: off\ny: n\n"),
    (
        true,
        "version: 1.10\nother: 1.0\nint: 7031\nhex: c0000001\nneg: -3\nhalf: -0.5\n",
    ),
    (false, "version: 010\nfloat: 1e3\n"),
    (true, "trailing: spaces   \nkey   : value\n"),
    (
        true,
        "crlf: yes\r\nnext: |\r\n  two\r\n  lines\r\n\r\nlast: [a, b]\r\n",
    ),
    (false, "lone: cr\rnext: line\n"),
    (false, "tab:\tvalue\n"),
    (false, "anchor: &a x\nalias: *a\n"),
    (false, "tag: !!str 5\n"),
    (false, "---\na: b\n"),
    (false, "a: b\n---\nc: d\n"),
    (false, "plain: continued\n  on the next line\n"),
    (false, "quoted: \"continued\n  on the next line\"\n"),
    (false, "dup: 1\ndup: 2\n"),
    (false, "? complex\n: key\n"),
    (false, "[a]: b\n"),
    (false, "a: b: c\n"),
    (false, "a: - b\n"),
    (false, "a: [b,]\n"),
    (false, "no final line break: x"),
    (false, "  indented: top\n"),
    (false, "a: b\n  c: d\n"),
    (false, "a:\n  b: c\n d: e\n"),
    (true, "\"quoted key\": 1\n'single': 2\n"),
    (true, "unicode: é ü 日本\n"),
    (false, "nel: a\u{85}b\n"),
    (false, "bom: \u{feff}x\n"),
    (true, "a:\n  - b: |\n      text\n    c: d\n"),
    (true, "true: 1\nnull: 2\n"),
    (true, "q: '-1'\nr: \"1.0\"\ns: '~'\nt: \"true\"\n"),
];

#[test]
fn awkward_yaml_reads_as_yaml_serde_reads_it_or_is_declined() {
    for (i, (plain_enough, src)) in AWKWARD.iter().enumerate() {
        let quick = same_value_or_declined(&format!("case {i}"), src);
        if *plain_enough {
            assert!(quick.is_some(), "case {i} declined:\n{src}");
        }
    }
}

#[test]
fn awkward_values_in_a_tree_read_as_yaml_serde_reads_them() {
    let minimal =
        std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let variants = [
        ("version: \"1\"", "version: 1.10"),
        ("version: \"1\"", "version: yes"),
        ("version: \"1\"", "version: ~"),
        ("version: \"1\"", "version:"),
        ("version: \"1\"", "version: [1]"),
        ("version: \"1\"", "version: 'it''s'"),
        ("version: \"1\"", "version: \"a: b # c\""),
        ("version: \"1\"", "version: >-\n  folded\n  text"),
        ("version: \"1\"", "version: \"1\"\ndraft: true"),
        ("version: \"1\"", "version: \"1\"\ndraft: yes"),
        ("version: \"1\"", "version: \"1\"\ndraft: \"true\""),
        ("version: \"1\"", "version: \"1\"\nversion: \"2.0\""),
        ("version: \"1\"", "version: \"1\"\nunknown: x"),
    ];
    let mut read = 0;
    for (from, to) in variants {
        assert!(minimal.contains(from));
        let src = minimal.replacen(from, to, 1);
        read += usize::from(same_tree_or_declined(to, &src).is_some());
        same_summary_or_problems(to, &src);
    }
    assert!(read >= 7, "only {read} read quickly");
}

/// A generated document: nested mappings and sequences of scalars.
#[derive(Debug, Clone)]
enum Node {
    Text(String, Style),
    List(Vec<Node>, Layout),
    /// Entries, and whether as a list item it starts on the dash's line.
    Map(Vec<(String, Node)>, bool),
}

#[derive(Debug, Clone, Copy)]
enum Style {
    Plain,
    Single,
    Double,
    Literal(&'static str),
    Folded(&'static str),
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Flow,
    Indented,
    /// Under a key, the dashes in the key's column.
    Indentless,
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "b", " ", ":", "#", "-", "'", "\"", "\\", "1", ".", "yes", "~", "é", ",", "[",
            "}", "\n", "  ",
        ]),
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

fn style() -> impl Strategy<Value = Style> {
    prop::sample::select(vec![
        Style::Plain,
        Style::Single,
        Style::Double,
        Style::Literal(""),
        Style::Literal("-"),
        Style::Literal("+"),
        Style::Folded(""),
        Style::Folded("-"),
        Style::Folded("+"),
    ])
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = (text(), style()).prop_map(|(t, s)| Node::Text(t, s));
    let layout = prop::sample::select(vec![Layout::Flow, Layout::Indented, Layout::Indentless]);
    leaf.prop_recursive(4, 24, 4, move |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..4), layout.clone())
                .prop_map(|(items, layout)| Node::List(items, layout)),
            (
                prop::collection::vec(("[a-z]{1,6}", inner), 1..4),
                any::<bool>()
            )
                .prop_map(|(entries, compact)| Node::Map(entries, compact)),
        ]
    })
}

/// A scalar as written in `style`, its block lines at column `col`.
fn scalar(text: &str, style: Style, col: usize) -> String {
    let pad = " ".repeat(col);
    match style {
        Style::Plain => text.to_string(),
        Style::Single => format!("'{}'", text.replace('\'', "''")),
        Style::Double => format!(
            "\"{}\"",
            text.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        ),
        Style::Literal(chomp) | Style::Folded(chomp) => {
            let mark = if matches!(style, Style::Literal(_)) {
                '|'
            } else {
                '>'
            };
            let lines: String = text.split('\n').map(|l| format!("\n{pad}{l}")).collect();
            format!("{mark}{chomp}{lines}")
        }
    }
}

/// Mapping entries from column `col`; the first one's key already placed
/// when `started`.
fn write_entries(entries: &[(String, Node)], col: usize, started: bool, out: &mut String) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 || !started {
            out.push_str(&" ".repeat(col));
        }
        out.push_str(k);
        out.push(':');
        write(v, col, true, out);
    }
}

/// `node` as the value after the key or dash at column `col`; `in_map`
/// when it is a key's.
fn write(node: &Node, col: usize, in_map: bool, out: &mut String) {
    match node {
        Node::Text(t, s) => {
            out.push(' ');
            out.push_str(&scalar(t, *s, col + 2));
            out.push('\n');
        }
        Node::List(items, Layout::Flow) => {
            let inner: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Node::Text(t, Style::Double | Style::Single) => scalar(t, Style::Double, 0),
                    Node::Text(t, _) => scalar(t, Style::Plain, 0),
                    _ => "x".to_string(),
                })
                .collect();
            out.push_str(&format!(" [{}]\n", inner.join(", ")));
        }
        Node::List(items, layout) => {
            out.push('\n');
            let at = match layout {
                Layout::Indentless if in_map => col,
                _ => col + 2,
            };
            for item in items {
                out.push_str(&" ".repeat(at));
                out.push('-');
                match item {
                    Node::Map(entries, true) => {
                        out.push(' ');
                        write_entries(entries, at + 2, true, out);
                    }
                    _ => write(item, at, false, out),
                }
            }
        }
        Node::Map(entries, _) => {
            out.push('\n');
            write_entries(entries, col + 2, false, out);
        }
    }
}

fn document(entries: &[(String, Node)]) -> String {
    let mut out = String::new();
    write_entries(entries, 0, false, &mut out);
    out
}

/// Only quoted text on one line, in block collections: within the subset.
fn plain_enough(node: &Node) -> bool {
    match node {
        Node::Text(t, s) => matches!(s, Style::Double | Style::Single) && !t.contains('\n'),
        Node::List(items, layout) => {
            !matches!(layout, Layout::Flow) && items.iter().all(plain_enough)
        }
        Node::Map(entries, _) => entries.iter().all(|(_, v)| plain_enough(v)),
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn generated_documents_read_as_yaml_serde_reads_them_or_are_declined(
        entries in prop::collection::vec(("[a-z]{1,6}", node()), 1..5),
        crlf in any::<bool>(),
    ) {
        let mut src = document(&entries);
        if crlf {
            src = src.replace('\n', "\r\n");
        }
        let quick = same_value_or_declined("generated", &src);
        // Not a document with a duplicate key, which yaml_serde refuses.
        if entries.iter().all(|(_, v)| plain_enough(v))
            && serde_yaml::from_str::<serde_yaml::Value>(&src).is_ok()
        {
            prop_assert!(quick.is_some(), "declined:\n{}", src);
        }
    }
}
