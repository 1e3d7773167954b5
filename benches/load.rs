//! Loading and validating trees, against a raw YAML parse of the same bytes.
//!
//! `cargo bench --bench load`. The aim: load + validate costs at most twice
//! the raw parse into `serde_yaml::Value`. `cargo bench --bench load -- index`
//! runs only the cold index's read of the built-in trees (the quick YAML
//! reader against yaml_serde).

#[path = "support/mod.rs"]
mod support;

use kbwalk::library::skim::{read_for_summary, read_for_summary_by_yaml_serde, yaml_subset};
use kbwalk::tree::Tree;
use kbwalk::tree::load::{BUILTIN, load_source};

/// A plausible tree of `n` branches: a triage question, a yes/no and a text
/// question per branch, and an outcome with steps, sub-steps, a condition,
/// a wait and variables per branch.
fn generated_tree(index: usize, branches: usize) -> String {
    let mut y = format!(
        "id: gen-{index}\nversion: \"1\"\ntitle: Generated tree {index}\nstart: triage\narticles:\n  - id: KB{index}\n    title: Article {index}\n    applies_to:\n      versions: [\"1.0\"]\n      requires:\n        - label: version 1\n          when: {{ question: triage, is: [b0] }}\nsymptoms:\n"
    );
    for b in 0..branches {
        y += &format!(
            "  - id: s{b}\n    text: Symptom {b} of tree {index}, with several words to search\n    keywords: [alpha{b}, beta{b}]\n    start: triage\n    answers: {{ triage: b{b} }}\n"
        );
    }
    y += "causes:\n";
    for b in 0..branches {
        y += &format!(
            "  - id: c{b}\n    title: Cause {b}\n    source: {{ article: KB{index}, section: CAUSE }}\n"
        );
    }
    y += "questions:\n  - id: triage\n    kind: choice\n    text: What do you see?\n    help: Pick the closest.\n    choices:\n";
    for b in 0..branches {
        y += &format!("      - {{ id: b{b}, label: Branch {b}, next: q{b} }}\n");
    }
    for b in 0..branches {
        y += &format!(
            "  - id: q{b}\n    kind: yes_no\n    text: Is thing {b} present?\n    help: Look in the log.\n    \"yes\": name{b}\n    \"no\": out_unknown\n  - id: name{b}\n    kind: text\n    text: Name of server {b}?\n    pattern: \"[A-Za-z0-9]{{3}}\"\n    pattern_hint: three letters or digits\n    next: out{b}\n"
        );
    }
    y += "outcomes:\n";
    for b in 0..branches {
        y += &format!(
            "  - id: out{b}\n    kind: cause\n    cause: c{b}\n    title: Fix {b}\n    summary: Server {{{{name{b}}}}} needs fixing.\n    articles: [{{ article: KB{index}, section: WORKAROUND }}]\n    steps:\n"
        );
        for s in 0..4 {
            y += &format!(
                "      - id: st{b}-{s}\n        text: Do step {s} on {{{{name{b}}}}}.\n        risk: reversible\n        command: 'tool /fix:{{{{name{b}}}}}'\n        source: {{ article: KB{index}, section: WORKAROUND, step: \"{s}\" }}\n        wait: {{ duration: 30m, for: the change to apply }}\n        condition:\n          ask: Is it done already?\n          \"yes\": {{ skip_step: true }}\n        steps:\n          - {{ id: st{b}-{s}-a, text: Check part a., risk: read_only }}\n          - {{ id: st{b}-{s}-b, text: Check part b., risk: read_only }}\n"
            );
        }
    }
    y += "  - id: out_unknown\n    kind: unknown\n    title: No known cause\n    summary: Nothing matched.\n    steps:\n      - { id: gather, text: Gather logs., risk: read_only }\n";
    y
}

/// The cold index reads each file once for its summary: parsing with the
/// quick YAML reader, and the whole read, each against yaml_serde.
fn index_read(builtin: &[(&str, &str)]) {
    let parse = |name: &str, f: &dyn Fn(&str) -> Option<Tree>| {
        support::measure_with_cpu(name, 200, || {
            for (_, src) in builtin {
                std::hint::black_box(f(src).unwrap());
            }
        })
    };
    let slow = parse("built-in: parse into Tree, yaml_serde", &|s| {
        serde_yaml::from_str(s).ok()
    });
    let quick = parse("built-in: parse into Tree, quick reader", &|s| {
        yaml_subset::from_str(s)
    });
    println!(
        "built-in: quick reader / yaml_serde = {:.2}",
        quick.median.as_secs_f64() / slow.median.as_secs_f64()
    );
    let read = |name: &str, f: &dyn Fn(&str, &str) -> Result<Tree, _>| {
        support::measure_with_cpu(name, 200, || {
            for (file, src) in builtin {
                std::hint::black_box(f(file, src).unwrap());
            }
        })
    };
    let slow = read(
        "built-in: read for the index, yaml_serde",
        &read_for_summary_by_yaml_serde,
    );
    let quick = read("built-in: read for the index", &read_for_summary);
    println!(
        "built-in: read for the index, quick / yaml_serde = {:.2}",
        quick.median.as_secs_f64() / slow.median.as_secs_f64()
    );
}

fn main() {
    let builtin: Vec<(&str, &str)> = BUILTIN.to_vec();
    if std::env::args().any(|a| a == "index") {
        index_read(&builtin);
        return;
    }
    // Sanity: the generated trees are valid, so the benchmark measures the real path.
    let sample = generated_tree(0, 5);
    if let Err(p) = load_source("gen.yaml", &sample) {
        panic!("generated tree is invalid: {p:?}");
    }

    let bytes: usize = builtin.iter().map(|(_, s)| s.len()).sum();
    println!("built-in library: {} file(s), {bytes} bytes", builtin.len());
    let raw = support::measure("built-in: raw parse into serde_yaml::Value", 200, || {
        for (_, src) in &builtin {
            let v: serde_yaml::Value = serde_yaml::from_str(src).unwrap();
            std::hint::black_box(v);
        }
    });
    let full = support::measure("built-in: load + validate", 200, || {
        for (name, src) in &builtin {
            std::hint::black_box(load_source(name, src).unwrap());
        }
    });
    println!(
        "built-in: load + validate / raw parse = {:.2}",
        full.median.as_secs_f64() / raw.median.as_secs_f64()
    );
    index_read(&builtin);

    let library: Vec<String> = (0..1000).map(|i| generated_tree(i, 5)).collect();
    let bytes: usize = library.iter().map(String::len).sum();
    println!("generated library: 1000 trees, {bytes} bytes");
    let raw = support::measure("1,000 trees: raw parse into serde_yaml::Value", 10, || {
        for src in &library {
            let v: serde_yaml::Value = serde_yaml::from_str(src).unwrap();
            std::hint::black_box(v);
        }
    });
    let full = support::measure("1,000 trees: load + validate", 10, || {
        for src in &library {
            std::hint::black_box(load_source("gen.yaml", src).unwrap());
        }
    });
    println!(
        "1,000 trees: load + validate / raw parse = {:.2}",
        full.median.as_secs_f64() / raw.median.as_secs_f64()
    );
}
