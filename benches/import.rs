//! `kbwalk import` over the 121-article sample of `../shared/kb/archive`, in
//! each of its three forms, beside reading and scanning the same bytes.
//!
//! `cargo bench --bench import`. The aim: at most 2 ms per article.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};

use kbwalk::import;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kb/archive");
    for (form, dir) in [
        ("plain text", "txt"),
        ("Markdown page", "kb"),
        ("HTML page", "docs"),
    ] {
        let mut paths = Vec::new();
        files(&archive.join(dir), &mut paths);
        let n = paths.len();
        let bytes: u64 = paths
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        println!("{form}: {n} articles, {bytes} bytes");
        let scan = support::measure(&format!("{form}: read + decode + count lines"), 30, || {
            let mut lines = 0;
            for p in &paths {
                let text = import::decode(&std::fs::read(p).unwrap());
                lines += text.bytes().filter(|&b| b == b'\n').count();
            }
            lines
        });
        let full = support::measure(
            &format!("{form}: read + import (draft as YAML)"),
            30,
            || {
                let mut steps = 0;
                for p in &paths {
                    let text = import::decode(&std::fs::read(p).unwrap());
                    steps += import::import(&text).unwrap().step_count();
                }
                steps
            },
        );
        println!(
            "{form}: {:.3} ms per article; import / (read + scan) = {:.1}",
            full.median.as_secs_f64() * 1000.0 / n as f64,
            full.median.as_secs_f64() / scan.median.as_secs_f64()
        );
    }
}
