//! `kbwalk lint`: one line per problem, exit 1 when there is any.
//!
//! Files are checked a few at a time (in parallel) and each tree is dropped
//! once checked, so memory stays that of a few trees however many there are.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::library::builtin::BUILTIN_TREES;
use crate::library::scan::parallel_map;
use crate::text;
use crate::tree::Problem;
use crate::tree::load::{load_source, read_tree_file, tree_files};
use crate::tree::problem::Locator;

use super::Cli;

/// Files checked between two reports: enough to keep every core busy.
const BATCH: usize = 32;

/// What checking one file leaves: the tree's id and where it is written, or its problems.
type Checked = Result<(String, (usize, usize)), Vec<Problem>>;

fn check_file(path: &Path) -> Checked {
    let file = path.display().to_string();
    let src = read_tree_file(path).map_err(|p| vec![p])?;
    let tree = load_source(&file, &src)?;
    let at = Locator::new(&src).id(&tree.id);
    Ok((tree.id, at))
}

pub fn lint(cli: &Cli, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let (builtin, paths) = if paths.is_empty() {
        (true, cli.tree_paths())
    } else {
        (false, paths.to_vec())
    };
    let mut out = text::stdout();
    let mut problems = 0usize;
    let mut files = 0usize;
    // Each tree id, and the file that defined it first.
    let mut defined: HashMap<String, String> = HashMap::new();
    if builtin {
        // Validated when kbwalk was built; only their ids take part here.
        for b in BUILTIN_TREES {
            defined.insert(b.summary().id, b.file());
            files += 1;
        }
    }
    for path in &paths {
        let list = match tree_files(path) {
            Ok(list) => list,
            Err(p) => {
                writeln!(out, "{p}")?;
                problems += 1;
                continue;
            }
        };
        for batch in list.chunks(BATCH) {
            for (path, checked) in batch.iter().zip(parallel_map(batch, |p| check_file(p))) {
                files += 1;
                let found = match checked {
                    Ok((id, (line, column))) => match defined.get(&id) {
                        Some(first) => vec![Problem {
                            file: path.display().to_string(),
                            line,
                            column,
                            message: format!("tree id `{id}` is already defined by {first}"),
                        }],
                        None => {
                            defined.insert(id, path.display().to_string());
                            Vec::new()
                        }
                    },
                    Err(found) => found,
                };
                for p in &found {
                    writeln!(out, "{p}")?;
                }
                problems += found.len();
            }
        }
    }
    if problems == 0 {
        let _ = writeln!(text::stderr(), "{files} tree file(s) checked, no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        let _ = writeln!(
            text::stderr(),
            "{problems} problem(s) in {files} tree file(s) checked"
        );
        Ok(ExitCode::from(1))
    }
}
