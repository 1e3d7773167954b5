//! `kbwalk lint`: one line per problem, exit 1 when there is any.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::tree::Library;

use super::Cli;

pub fn lint(cli: &Cli, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let (lib, problems) = if paths.is_empty() {
        Library::load(true, &cli.tree_paths())
    } else {
        Library::load(false, paths)
    };
    for p in &problems {
        println!("{p}");
    }
    let files: std::collections::BTreeSet<&str> = problems
        .iter()
        .map(|p| p.file.as_str())
        .chain(lib.trees.iter().map(|t| t.file.as_str()))
        .collect();
    if problems.is_empty() {
        eprintln!("{} tree file(s) checked, no problems", files.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} problem(s) in {} tree file(s) checked",
            problems.len(),
            files.len()
        );
        Ok(ExitCode::from(1))
    }
}
