//! A tree as a graph: every question and outcome a node, every route an
//! edge labelled with its answer or its condition, symptoms as entry points;
//! written as Mermaid (tickets, wikis) or DOT (Graphviz).

use crate::tree::YesNo;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

use crate::tree::reach::reachable_outcome_ids;
use crate::tree::{Condition, OutcomeKind, Question, QuestionKind, Tree};

/// What a node stands for, which decides its shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A symptom, or the tree's own `start`: where a walk enters.
    Entry,
    Question,
    Outcome(OutcomeKind),
}

#[derive(Debug, Clone)]
pub struct Node {
    /// The node's name in the graph text (`q3`, `o1`, `s0`, `start`): tree
    /// ids are not trusted to be valid graph identifiers.
    pub key: String,
    pub kind: NodeKind,
    /// First line: the tree's id of the node (or "symptom").
    pub heading: String,
    /// Second line: the question's text, the outcome's title, the symptom's text.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// From an entry point to where it starts.
    Entry,
    /// An answer's route.
    Answer,
    /// A `branches` entry, taken when its condition holds.
    Branch,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
    pub kind: EdgeKind,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// The node of the tree's own `start`, when the whole tree is drawn.
const ENTRY_KEY: &str = "entry";

/// Labels longer than this are cut with an ellipsis: a graph is a map, the
/// wording is in the tree.
const MAX_TEXT: usize = 60;
const MAX_EDGE_LABEL: usize = 40;

fn shorten(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let cut: String = folded.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A condition in a few words: `hours ≥ 24`, `version is sms_1_0 or sms_1_1`.
pub fn condition_text(c: &Condition) -> String {
    let nested = |c: &Condition| {
        let t = condition_text(c);
        if c.all.is_some() || c.any.is_some() {
            format!("({t})")
        } else {
            t
        }
    };
    if let Some(all) = &c.all {
        return all.iter().map(nested).collect::<Vec<_>>().join(" and ");
    }
    if let Some(any) = &c.any {
        return any.iter().map(nested).collect::<Vec<_>>().join(" or ");
    }
    if let Some(not) = &c.not {
        return format!("not {}", nested(not));
    }
    let q = c.question.as_deref().unwrap_or("?");
    let mut tests = Vec::new();
    if let Some(values) = &c.is {
        tests.push(format!("{q} is {}", values.join(" or ")));
    }
    if let Some(n) = c.at_least {
        tests.push(format!("{q} ≥ {n}"));
    }
    if let Some(n) = c.below {
        tests.push(format!("{q} < {n}"));
    }
    if let Some(re) = &c.matches {
        tests.push(format!("{q} matches {re}"));
    }
    tests.join(" and ")
}

/// Every route out of a question, as (label, target, kind); a symptom's
/// pre-answer, when given, keeps only the route of that answer besides the
/// branches.
fn routes<'t>(q: &'t Question, preset: Option<&str>) -> Vec<(String, &'t str, EdgeKind)> {
    let mut out: Vec<(String, &str, EdgeKind)> = q
        .branches
        .iter()
        .map(|b| {
            let label = format!("if {}", condition_text(&b.when));
            (label, b.next.as_str(), EdgeKind::Branch)
        })
        .collect();
    let answers: Vec<(String, Option<&str>)> = match q.kind {
        QuestionKind::YesNo => YesNo::BOTH
            .map(|v| {
                let route = q.yes_no_route(v.holds()).or(q.next.as_deref());
                (v.as_str().to_string(), route)
            })
            .to_vec(),
        QuestionKind::Choice => q
            .choices
            .iter()
            .map(|c| (c.label.clone(), c.next.as_deref().or(q.next.as_deref())))
            .collect(),
        QuestionKind::Text | QuestionKind::Number => {
            let label = if q.branches.is_empty() {
                "any answer"
            } else {
                "otherwise"
            };
            vec![(label.to_string(), q.next.as_deref())]
        }
    };
    let keep = |i: usize| match (preset, q.kind) {
        (None, _) => true,
        (Some(v), QuestionKind::YesNo) => YesNo::parse(v) == Some(YesNo::BOTH[i]),
        (Some(v), QuestionKind::Choice) => q.choices[i].id == v,
        (Some(_), _) => true,
    };
    for (i, (label, target)) in answers.into_iter().enumerate() {
        if let Some(target) = target
            && keep(i)
        {
            let label = match preset {
                Some(v) => format!("{v} (the symptom's answer)"),
                None => label,
            };
            out.push((label, target, EdgeKind::Answer));
        }
    }
    out
}

/// A graph asked for a symptom its tree does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tree `{tree}` has no symptom `{symptom}`; expected one of: {}", .known.join(", "))]
pub struct UnknownSymptom {
    pub tree: String,
    pub symptom: String,
    pub known: Vec<String>,
}

/// The graph of a whole tree, or of what one symptom can reach.
pub fn build(tree: &Tree, symptom: Option<&str>) -> Result<Graph, UnknownSymptom> {
    let question_keys: BTreeMap<&str, String> = tree
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), format!("q{i}")))
        .collect();
    let outcome_keys: BTreeMap<&str, String> = tree
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), format!("o{i}")))
        .collect();
    let key_of = |id: &str| question_keys.get(id).or(outcome_keys.get(id)).cloned();

    let mut graph = Graph {
        title: tree.id.clone(),
        ..Graph::default()
    };
    let mut starts: Vec<&str> = Vec::new();
    // With a symptom, the outcomes its walks can reach (branch conditions
    // evaluated on its answers): nothing else is drawn.
    let mut walk_reaches: Option<BTreeSet<String>> = None;
    let presets = match symptom {
        None => {
            graph.nodes.push(Node {
                key: ENTRY_KEY.into(),
                kind: NodeKind::Entry,
                heading: "start".into(),
                text: String::new(),
            });
            starts.push(&tree.start);
            if let Some(to) = key_of(&tree.start) {
                graph.edges.push(entry_edge(ENTRY_KEY, to));
            }
            for (i, s) in tree.symptoms.iter().enumerate() {
                let key = format!("s{i}");
                graph.nodes.push(symptom_node(&key, &s.text));
                starts.push(&s.start);
                if let Some(to) = key_of(&s.start) {
                    graph.edges.push(entry_edge(&key, to));
                }
            }
            BTreeMap::new()
        }
        Some(id) => {
            let Some((i, s)) = tree.symptoms.iter().enumerate().find(|(_, s)| s.id == id) else {
                return Err(UnknownSymptom {
                    tree: tree.id.clone(),
                    symptom: id.to_string(),
                    known: tree.symptoms.iter().map(|s| s.id.clone()).collect(),
                });
            };
            let key = format!("s{i}");
            graph.nodes.push(symptom_node(&key, &s.text));
            walk_reaches = Some(reachable_outcome_ids(
                tree,
                &s.start,
                &s.answers,
                &BTreeMap::new(),
            ));
            starts.push(&s.start);
            if let Some(to) = key_of(&s.start) {
                graph.edges.push(entry_edge(&key, to));
            }
            s.answers.clone()
        }
    };

    // Only what the entry points reach; for the whole tree that is every node.
    let mut reached: HashSet<&str> = HashSet::new();
    let mut stack = starts;
    while let Some(id) = stack.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Some(q) = tree.question(id) {
            let preset = presets.get(&q.id).map(String::as_str);
            stack.extend(routes(q, preset).into_iter().map(|(_, to, _)| to));
        }
    }
    if let Some(outcomes) = &walk_reaches {
        reached = on_the_way_to(tree, &reached, outcomes, &presets);
    }
    for q in tree
        .questions
        .iter()
        .filter(|q| reached.contains(q.id.as_str()))
    {
        let key = question_keys[q.id.as_str()].clone();
        graph.nodes.push(Node {
            key: key.clone(),
            kind: NodeKind::Question,
            heading: q.id.clone(),
            text: shorten(&q.text, MAX_TEXT),
        });
        let preset = presets.get(&q.id).map(String::as_str);
        for (label, to, kind) in routes(q, preset) {
            if !reached.contains(to) {
                continue;
            }
            if let Some(to) = key_of(to) {
                graph.edges.push(Edge {
                    from: key.clone(),
                    to,
                    label: shorten(&label, MAX_EDGE_LABEL),
                    kind,
                });
            }
        }
    }
    for o in tree
        .outcomes
        .iter()
        .filter(|o| reached.contains(o.id.as_str()))
    {
        graph.nodes.push(Node {
            key: outcome_keys[o.id.as_str()].clone(),
            kind: NodeKind::Outcome(o.kind),
            heading: format!("{} {}", outcome_marker(o.kind), o.id),
            text: shorten(&o.title, MAX_TEXT),
        });
    }
    Ok(graph)
}

/// The nodes of `reached` from which one of `outcomes` can still be reached:
/// a route whose branch the symptom's answers rule out leads nowhere drawn.
fn on_the_way_to<'t>(
    tree: &'t Tree,
    reached: &HashSet<&'t str>,
    outcomes: &BTreeSet<String>,
    presets: &BTreeMap<String, String>,
) -> HashSet<&'t str> {
    let mut useful: HashSet<&str> = reached
        .iter()
        .copied()
        .filter(|id| outcomes.contains(*id))
        .collect();
    loop {
        let before = useful.len();
        for q in tree
            .questions
            .iter()
            .filter(|q| reached.contains(q.id.as_str()))
        {
            let preset = presets.get(&q.id).map(String::as_str);
            if routes(q, preset)
                .iter()
                .any(|(_, to, _)| useful.contains(to))
            {
                useful.insert(q.id.as_str());
            }
        }
        if useful.len() == before {
            return useful;
        }
    }
}

fn symptom_node(key: &str, text: &str) -> Node {
    Node {
        key: key.to_string(),
        kind: NodeKind::Entry,
        heading: "symptom".into(),
        text: shorten(text, MAX_TEXT),
    }
}

fn entry_edge(from: &str, to: String) -> Edge {
    Edge {
        from: from.to_string(),
        to,
        label: String::new(),
        kind: EdgeKind::Entry,
    }
}

/// The same marks the wizard's diagnosis uses.
fn outcome_marker(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Cause => "◆ cause",
        OutcomeKind::Benign => "✓ benign",
        OutcomeKind::NoFix => "■ no fix",
        OutcomeKind::Unknown => "? unknown",
        OutcomeKind::Reference => "≡ reference",
    }
}

fn class_of(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Entry => "entry",
        NodeKind::Question => "question",
        NodeKind::Outcome(k) => k.as_str(),
    }
}

/// (fill, stroke) per class; the dash marks "no known cause".
const STYLES: [(&str, &str, &str); 7] = [
    ("entry", "#ffffff", "#555555"),
    ("question", "#eef3fb", "#4a6fa5"),
    ("cause", "#fdecea", "#c0392b"),
    ("benign", "#e8f6ec", "#27ae60"),
    ("no_fix", "#fff4e0", "#d35400"),
    ("unknown", "#f2f2f2", "#7f8c8d"),
    ("reference", "#e8f4f8", "#2980b9"),
];

/// Text inside a Mermaid quoted label: anything beyond plain words and
/// punctuation becomes an entity code, so that no tree text can close the
/// label, start markup or inject a directive.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'n') {
            // Mermaid breaks the line at `\n` even when the backslash is an
            // entity; a zero-width space keeps `C:\SMS\new` on one line.
            out.push_str("#92;#8203;");
        } else if c.is_control() {
            out.push(' ');
        } else if c.is_alphanumeric() || c == ' ' || ".,:;!?()-_/'+*=@$%≥…◆✓■".contains(c)
        {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", c as u32);
        }
    }
    out
}

fn mermaid_label(node: &Node) -> String {
    let heading = mermaid_text(&node.heading);
    if node.text.is_empty() {
        heading
    } else {
        format!("{heading}<br/>{}", mermaid_text(&node.text))
    }
}

/// Mermaid `flowchart`: renders in GitHub and GitLab issues and wikis.
pub fn mermaid(graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    for n in &graph.nodes {
        let label = mermaid_label(n);
        let shape = match n.kind {
            NodeKind::Entry if n.key == ENTRY_KEY => format!("((\"{label}\"))"),
            NodeKind::Entry => format!("([\"{label}\"])"),
            NodeKind::Question => format!("{{\"{label}\"}}"),
            NodeKind::Outcome(OutcomeKind::Cause) => format!("[\"{label}\"]"),
            NodeKind::Outcome(OutcomeKind::Benign) => format!("(\"{label}\")"),
            NodeKind::Outcome(OutcomeKind::NoFix) => format!("{{{{\"{label}\"}}}}"),
            NodeKind::Outcome(OutcomeKind::Unknown) => format!("[/\"{label}\"/]"),
            NodeKind::Outcome(OutcomeKind::Reference) => format!("[[\"{label}\"]]"),
        };
        let _ = writeln!(out, "  {}{shape}", n.key);
    }
    for e in &graph.edges {
        let arrow = match e.kind {
            EdgeKind::Entry => "-.->",
            EdgeKind::Answer => "-->",
            EdgeKind::Branch => "==>",
        };
        if e.label.is_empty() {
            let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(
                out,
                "  {} {arrow}|\"{}\"| {}",
                e.from,
                mermaid_text(&e.label),
                e.to
            );
        }
    }
    for (class, fill, stroke) in STYLES {
        let dash = if class == "unknown" {
            ",stroke-dasharray:4 3"
        } else {
            ""
        };
        let _ = writeln!(out, "  classDef {class} fill:{fill},stroke:{stroke}{dash}");
    }
    for (class, ..) in STYLES {
        let keys: Vec<&str> = graph
            .nodes
            .iter()
            .filter(|n| class_of(n.kind) == class)
            .map(|n| n.key.as_str())
            .collect();
        if !keys.is_empty() {
            let _ = writeln!(out, "  class {} {class}", keys.join(","));
        }
    }
    out
}

/// A DOT string literal: quotes and backslashes escaped (so `C:\SMS` stays
/// as written and no escape sequence of Graphviz applies), controls dropped.
fn dot_string(text: &str) -> String {
    format!("\"{}\"", dot_escape(text))
}

/// The inside of a DOT string literal.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Breaks text into lines of about `width` characters, for Graphviz, which
/// does not wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Graphviz DOT: `kbwalk graph TREE --format dot | dot -Tsvg > tree.svg`.
pub fn dot(graph: &Graph) -> String {
    let mut out = format!("digraph {} {{\n", dot_string(&graph.title));
    out.push_str("  rankdir=TB;\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, style=filled];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for n in &graph.nodes {
        let class = class_of(n.kind);
        let (_, fill, stroke) = STYLES
            .iter()
            .find(|(c, ..)| *c == class)
            .copied()
            .unwrap_or(STYLES[0]);
        let (shape, style) = match n.kind {
            NodeKind::Entry if n.key == ENTRY_KEY => ("circle", "filled"),
            NodeKind::Entry => ("box", "rounded,filled"),
            NodeKind::Question => ("diamond", "filled"),
            NodeKind::Outcome(OutcomeKind::Cause) => ("box", "filled"),
            NodeKind::Outcome(OutcomeKind::Benign) => ("box", "rounded,filled"),
            NodeKind::Outcome(OutcomeKind::NoFix) => ("hexagon", "filled"),
            NodeKind::Outcome(OutcomeKind::Unknown) => ("box", "dashed,filled"),
            NodeKind::Outcome(OutcomeKind::Reference) => ("note", "filled"),
        };
        let mut lines = vec![n.heading.clone()];
        lines.extend(wrap(&n.text, 28));
        let label = lines
            .iter()
            .map(|l| dot_escape(l))
            .collect::<Vec<_>>()
            .join("\\n");
        let _ = writeln!(
            out,
            "  {} [shape={shape}, style=\"{style}\", fillcolor=\"{fill}\", color=\"{stroke}\", label=\"{label}\"];",
            n.key
        );
    }
    for e in &graph.edges {
        let style = match e.kind {
            EdgeKind::Entry => ", style=dashed",
            EdgeKind::Answer => "",
            EdgeKind::Branch => ", style=bold",
        };
        let label = wrap(&e.label, 24)
            .iter()
            .map(|l| dot_escape(l))
            .collect::<Vec<_>>()
            .join("\\n");
        let _ = writeln!(out, "  {} -> {} [label=\"{label}\"{style}];", e.from, e.to);
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_text_cannot_close_a_label_or_start_markup() {
        let t = mermaid_text("a\"]; click x \"javascript:alert(1)\" <b>|`\n");
        assert!(!t.contains('"') && !t.contains('<') && !t.contains('|') && !t.contains('`'));
        assert!(!t.contains(']') && !t.contains('\n'));
        assert!(t.starts_with("a#34;#93;; click x"));
    }

    #[test]
    fn a_backslash_before_n_is_not_read_as_a_line_break() {
        assert_eq!(
            mermaid_text(r"C:\SMS\new\tmp"),
            "C:#92;SMS#92;#8203;new#92;tmp"
        );
    }

    #[test]
    fn dot_strings_keep_backslashes_and_quotes_literal() {
        assert_eq!(dot_string(r#"C:\SMS "x"\n"#), r#""C:\\SMS \"x\"\\n""#);
    }

    #[test]
    fn conditions_read_as_words() {
        let is_w2k = Condition {
            question: Some("os".into()),
            is: Some(vec!["w2k".into()]),
            ..Condition::default()
        };
        let day = Condition {
            question: Some("hours".into()),
            at_least: Some(24.0),
            ..Condition::default()
        };
        let c = Condition {
            all: Some(vec![
                is_w2k,
                Condition {
                    not: Some(Box::new(day)),
                    ..Condition::default()
                },
            ]),
            ..Condition::default()
        };
        assert_eq!(condition_text(&c), "os is w2k and not hours ≥ 24");
    }
}
