//! `kbwalk schema`, `kbwalk completions` and `kbwalk man`: what editors,
//! shells and `man` read, generated from the definitions the program uses.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, write_atomically};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write the schema to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn schema(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let text = crate::tree::schema::tree_schema_text();
    match &args.output {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "kbwalk", &mut out);
    std::io::stdout().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page of one command (`kbwalk-run(1)`) instead of kbwalk(1).
    pub command: Option<String>,
}

pub fn man(args: &ManArgs) -> anyhow::Result<ExitCode> {
    let mut kbwalk = Cli::command();
    kbwalk.build();
    let page = match &args.command {
        None => kbwalk,
        Some(name) => match kbwalk.find_subcommand(name) {
            Some(sub) if name != "help" => sub.clone().name(format!("kbwalk-{name}")),
            _ => {
                let names: Vec<&str> = kbwalk
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                anyhow::bail!("no command `{name}`; expected one of: {}", names.join(", "));
            }
        },
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    std::io::stdout().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}
