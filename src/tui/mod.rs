//! The interactive wizard.

use std::process::ExitCode;

use crate::cli::Cli;

pub fn run(_cli: &Cli) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the interactive wizard is not built yet; use `kbwalk list` and `kbwalk run`")
}
