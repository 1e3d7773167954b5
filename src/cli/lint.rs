//! `kbwalk lint`: one line per problem, exit 1 when there is any; with
//! `--coverage`, what of each cited article no node cites.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::Write;

use clap::Args;

use crate::text;
use crate::tree::Library;

use super::{Cli, TreeOptions};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Tree files or folders of them.
    pub paths: Vec<PathBuf>,
    /// Also report, for each article a tree cites, the sections and
    /// numbered steps that no node cites.
    #[arg(long)]
    pub coverage: bool,
    /// Where the article files are (e.g. `Q183347.txt`, `Q201658.md`; searched
    /// two folders deep; repeatable). Without it, coverage lists what is cited.
    #[arg(long, value_name = "DIR", requires = "coverage")]
    pub articles: Vec<PathBuf>,
    #[command(flatten)]
    pub trees: TreeOptions,
}

pub fn lint(cli: &Cli, args: &LintArgs) -> anyhow::Result<ExitCode> {
    let (lib, problems) = if args.paths.is_empty() {
        Library::load(true, &cli.tree_paths())
    } else {
        Library::load(false, &args.paths)
    };
    let mut out = text::stdout();
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    if args.coverage {
        let report = super::coverage::report(&lib, &args.articles)?;
        out.write_all(report.as_bytes())?;
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
