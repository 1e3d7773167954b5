//! A large library for the benchmarks: copies of the built-in trees, each
//! under a new tree id, as an operator's imported articles would be.

#![allow(dead_code)]

use std::path::Path;

use kbwalk::tree::load::BUILTIN;

/// Writes `count` tree files into `dir`, the built-in trees in turn, the
/// `id:` of copy N rewritten to end in `-copy-N`. Returns the bytes written.
pub fn write_library(dir: &Path, count: usize) -> usize {
    std::fs::create_dir_all(dir).expect("a folder for the library");
    let mut bytes = 0;
    for n in 0..count {
        let (_, src) = BUILTIN[n % BUILTIN.len()];
        let copy = rewrite_id(src, n);
        bytes += copy.len();
        std::fs::write(dir.join(format!("copy-{n:05}.yaml")), copy).expect("writing a tree");
    }
    bytes
}

fn rewrite_id(src: &str, n: usize) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    let mut done = false;
    for line in src.split_inclusive('\n') {
        match line.strip_prefix("id: ") {
            Some(id) if !done => {
                out += &format!("id: {}-copy-{n}\n", id.trim_end());
                done = true;
            }
            _ => out += line,
        }
    }
    out
}

/// A valid tree whose `length` questions form one chain, each asking a
/// yes/no question whose "no" ends the walk.
pub fn chain_tree(length: usize) -> String {
    let mut y = String::from(
        "id: chain\nversion: \"1\"\ntitle: A long chain\nstart: q0\n\
         articles: [{id: KB1, title: Chains}]\n\
         symptoms: [{id: s, text: The chain, start: q0}]\n\
         causes: [{id: c, title: The end, source: {article: KB1}}]\nquestions:\n",
    );
    for i in 0..length {
        let next = if i + 1 == length {
            "out_end".to_string()
        } else {
            format!("q{}", i + 1)
        };
        y += &format!(
            "  - id: q{i}\n    kind: yes_no\n    text: Is link {i} whole?\n    \"yes\": {next}\n    \"no\": out_broken\n"
        );
    }
    y += "outcomes:\n  - id: out_end\n    kind: cause\n    cause: c\n    title: The end\n    summary: Every link is whole.\n    articles: [{article: KB1}]\n    steps:\n      - {id: s1, text: 'Look at link {{q0}}.', risk: read_only}\n";
    y += "  - id: out_broken\n    kind: unknown\n    title: A broken link\n    summary: One link is not whole.\n    steps:\n      - {id: s2, text: Gather logs., risk: read_only}\n";
    y
}
