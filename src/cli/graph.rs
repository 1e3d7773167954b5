//! `kbwalk graph`: a tree drawn as Mermaid or DOT.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::{Args, ValueEnum};

use crate::authoring::graph;
use crate::library::Library;

use super::{Cli, TreeOptions, write_atomically};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart, for issues, tickets and wikis.
    Mermaid,
    /// Graphviz DOT: `| dot -Tsvg > tree.svg`.
    Dot,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A tree's id (see `kbwalk list`), or a tree file.
    pub tree: String,
    /// Only what this symptom can reach, following the answers it gives.
    #[arg(long)]
    pub symptom: Option<String>,
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: GraphFormat,
    /// Write the graph to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub trees: TreeOptions,
}

pub fn graph(cli: &Cli, args: &GraphArgs) -> anyhow::Result<ExitCode> {
    let lib = cli.library();
    let from_file;
    let tree = match lib.get(&args.tree) {
        Some(loaded) => &loaded.tree,
        None if Path::new(&args.tree).is_file() => {
            let (file_lib, problems) = Library::load(false, &[PathBuf::from(&args.tree)]);
            if !problems.is_empty() {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                bail!(
                    "{} cannot be drawn until `kbwalk lint` passes:\n{}",
                    args.tree,
                    lines.join("\n")
                );
            }
            from_file = file_lib;
            match from_file.entries().first().map(|e| e.load()) {
                Some(Ok(loaded)) => &loaded.tree,
                Some(Err(problems)) => bail!("{problems}"),
                None => bail!("{}: no tree in it", args.tree),
            }
        }
        None => bail!(
            "unknown tree `{}`; expected a tree file or one of: {}",
            args.tree,
            lib.ids().join(", ")
        ),
    };
    let drawn = graph::build(tree, args.symptom.as_deref())?;
    let text = match args.format {
        GraphFormat::Mermaid => graph::mermaid(&drawn),
        GraphFormat::Dot => graph::dot(&drawn),
    };
    match &args.output {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
