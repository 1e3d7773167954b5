//! `kbwalk lint`: one line per problem, exit 1 when there is any.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::Write;

use crate::text;
use crate::tree::Library;

use super::Cli;

pub fn lint(cli: &Cli, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let (lib, problems) = if paths.is_empty() {
        Library::load(true, &cli.tree_paths())
    } else {
        Library::load(false, paths)
    };
    let mut out = text::stdout();
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    let files: std::collections::BTreeSet<&str> = problems
        .iter()
        .map(|p| p.file.as_str())
        .chain(lib.trees.iter().map(|t| t.file.as_str()))
        .collect();
    if problems.is_empty() {
        let _ = writeln!(
            text::stderr(),
            "{} tree file(s) checked, no problems",
            files.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        let _ = writeln!(
            text::stderr(),
            "{} problem(s) in {} tree file(s) checked",
            problems.len(),
            files.len()
        );
        Ok(ExitCode::from(1))
    }
}
