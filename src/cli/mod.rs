//! The command line: definitions, and the commands that run without a terminal UI.

mod assets;
mod coverage;
mod graph;
mod import;
mod lint;
mod list;
mod options;
mod run;
mod sessions;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::library::Library;

pub use crate::atomic::write_atomically;
pub use crate::clock::now;
pub use crate::probe::ProbeMode;
pub use options::{ExportOptions, ProbeOptions, TreeOptions};

/// Exit code when the walk stopped at a question nobody answered.
pub const EXIT_QUESTION: u8 = 3;

/// What a probe may take when `--probe-timeout` is not given, in seconds.
const DEFAULT_PROBE_TIMEOUT: f64 = 5.0;

#[derive(Debug, Parser)]
#[command(
    name = "kbwalk",
    version,
    about = "Walk knowledge-base decision trees from symptom to checklist",
    long_about = "Walk knowledge-base decision trees from symptom to checklist.\n\nWithout a command, opens the interactive wizard on the built-in trees, the trees in the user's config folder, and every --trees folder."
)]
pub struct Cli {
    #[command(flatten)]
    pub tree_options: TreeOptions,

    #[command(flatten)]
    pub export_options: ExportOptions,

    #[command(flatten)]
    pub probe_options: ProbeOptions,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check tree files; with no PATH, every tree kbwalk would load.
    Lint(lint::LintArgs),
    /// List the trees and their symptoms.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        trees: TreeOptions,
    },
    /// Walk a tree unattended with given answers, and export the result.
    Run(run::RunArgs),
    /// Draw a tree's questions, outcomes and routes as a Mermaid or DOT graph.
    Graph(graph::GraphArgs),
    /// Manage stored sessions: list, show, export, remove; drive one from a script.
    Sessions {
        #[command(subcommand)]
        command: sessions::SessionsCommand,
    },
    /// Continue a stored session (by default the most recently changed unfinished one).
    Resume(sessions::ResumeArgs),
    /// Turn KB articles (plain text, Markdown or HTML page) into draft trees.
    Import(import::ImportArgs),
    /// Print the JSON Schema of the tree format, for editors.
    Schema(assets::SchemaArgs),
    /// Print a shell completion script.
    Completions(assets::CompletionsArgs),
    /// Print the manual page (roff), of kbwalk or of one command.
    Man(assets::ManArgs),
}

impl Command {
    /// How help and errors name the command, and the option groups it takes.
    fn option_groups(&mut self) -> (&'static str, options::Groups<'_>) {
        use options::Groups;
        match self {
            Command::Lint(args) => (
                "lint",
                Groups {
                    trees: Some(&mut args.trees),
                    ..Groups::default()
                },
            ),
            Command::List { trees, .. } => (
                "list",
                Groups {
                    trees: Some(trees),
                    ..Groups::default()
                },
            ),
            Command::Run(args) => (
                "run",
                Groups {
                    trees: Some(&mut args.trees),
                    probes: Some(&mut args.probes),
                    ..Groups::default()
                },
            ),
            Command::Graph(args) => (
                "graph",
                Groups {
                    trees: Some(&mut args.trees),
                    ..Groups::default()
                },
            ),
            Command::Sessions { command } => ("sessions", command.option_groups()),
            Command::Resume(args) => (
                "resume",
                Groups {
                    trees: Some(&mut args.trees),
                    probes: Some(&mut args.probes),
                    export: Some(&mut args.export),
                },
            ),
            Command::Import(_) => ("import", Groups::default()),
            Command::Schema(_) => ("schema", Groups::default()),
            Command::Completions(_) => ("completions", Groups::default()),
            Command::Man(_) => ("man", Groups::default()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
    /// Plain text, for ticket tools that do not render Markdown.
    Text,
}

impl Cli {
    /// Parses the command line, and moves each option given before a
    /// command into that command's options (or refuses it, as clap refuses
    /// a usage error).
    pub fn parse_args() -> Cli {
        let mut cli = Cli::parse();
        if let Err(message) = cli.merge_command_options() {
            Cli::command()
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .exit();
        }
        cli
    }

    /// See [`Cli::parse_args`]; public for tests that build a `Cli` themselves.
    pub fn merge_command_options(&mut self) -> Result<(), options::MisplacedOption> {
        let Some(command) = self.command.as_mut() else {
            return Ok(());
        };
        let (name, groups) = command.option_groups();
        options::merge(
            (
                &mut self.tree_options,
                &mut self.probe_options,
                &mut self.export_options,
            ),
            name,
            groups,
        )
    }

    /// Every folder trees are read from besides the built-in ones.
    pub fn tree_paths(&self) -> Vec<PathBuf> {
        self.tree_options.tree_paths()
    }

    /// Loads the library; problems in files other than the ones needed are
    /// warnings, printed once each on stderr.
    pub fn library(&self) -> Library {
        self.tree_options.library()
    }

    /// Where the wizard writes its exports, when given.
    pub fn export_dir(&self) -> Option<&PathBuf> {
        self.export_options.export_dir.as_ref()
    }

    /// The probe mode given, if any (each command has its own default).
    pub fn probe_mode(&self) -> Option<ProbeMode> {
        self.probe_options.probe
    }
}

impl Cli {
    /// Opens the wizard (with `resume`, on that stored session), checking
    /// the terminal, the export folder and the probe settings first.
    pub fn wizard(
        &self,
        resume: Option<crate::tui::Resume>,
        operator: String,
    ) -> anyhow::Result<std::process::ExitCode> {
        use anyhow::{Context as _, bail};
        crate::tui::check_terminal()?;
        // The flag, then the config file's `export_dir:`, then here.
        let config = crate::store::config::Config::load().map_err(|p| anyhow::anyhow!("{p}"))?;
        let (export_dir, from) = match (self.export_dir(), config.export_dir) {
            (Some(dir), _) => (dir.clone(), "--export-dir".to_string()),
            (None, Some(dir)) => {
                let file = crate::store::config::config_file().unwrap_or_default();
                (dir, format!("{}: export_dir", file.display()))
            }
            (None, None) => (
                std::env::current_dir().context("cannot read the current folder")?,
                "the current folder".to_string(),
            ),
        };
        if !export_dir.is_dir() {
            bail!("{from} {}: not a folder", export_dir.display());
        }
        let export_dir = std::path::absolute(&export_dir).unwrap_or(export_dir);
        let (library, skipped) = self.tree_options.library_and_skipped();
        let probes = match self.probe_mode().unwrap_or(ProbeMode::Ask) {
            ProbeMode::Off => None,
            ProbeMode::Ask | ProbeMode::Auto => Some(self.probe_env()?),
        };
        crate::tui::run_wizard(crate::tui::WizardSettings {
            export_dir,
            library,
            probes,
            operator,
            resume,
            clock: now,
            skipped_trees: skipped.iter().map(|p| p.to_string()).collect(),
        })
    }

    /// Where and how probes look: the config file's mounts and hosts, then
    /// `--mount`, `--host`, `--allow-commands` and `--probe-timeout`.
    pub fn probe_env(&self) -> anyhow::Result<crate::probe::ProbeEnv> {
        use anyhow::{anyhow, bail};
        let opts = &self.probe_options;
        let config = crate::store::config::Config::load().map_err(|p| anyhow!("{p}"))?;
        let mut env = crate::probe::ProbeEnv {
            clock: std::sync::Arc::new(now),
            allow_commands: opts.allow_commands,
            ..Default::default()
        };
        let mut mounts: Vec<(char, PathBuf, String)> = config
            .mount_list()
            .into_iter()
            .map(|(d, p)| (d, p, "config file".to_string()))
            .collect();
        for m in &opts.mounts {
            let (d, p) = crate::probe::Mounts::parse_arg(m)?;
            mounts.push((d, p, format!("--mount {m}")));
        }
        for (drive, path, from) in mounts {
            if !path.is_dir() {
                bail!(
                    "{from}: {} is not a folder (drive {drive}: must map to a folder)",
                    path.display()
                );
            }
            env.mounts.insert(drive, path);
        }
        env.hosts = config.hosts;
        for h in &opts.hosts {
            let (name, host) = h
                .split_once('=')
                .ok_or_else(|| anyhow!("--host {h}: expected NAME=HOST"))?;
            env.hosts
                .insert(name.trim().to_string(), host.trim().to_string());
        }
        let timeout = opts.probe_timeout.unwrap_or(DEFAULT_PROBE_TIMEOUT);
        if !(timeout.is_finite() && timeout > 0.0 && timeout <= 3600.0) {
            bail!("--probe-timeout {timeout}: expected seconds, more than 0 and at most 3600");
        }
        env.timeout = std::time::Duration::from_secs_f64(timeout);
        Ok(env)
    }
}

/// Runs a command that needs no terminal UI.
pub fn run_command(cli: &Cli, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Lint(args) => lint::lint(cli, args),
        Command::List { json, .. } => {
            let lib = cli.library();
            let done = list::list(&lib, *json);
            // The process ends here: freeing thousands of summaries one
            // string at a time would cost more than listing them.
            std::mem::forget(lib);
            done
        }
        Command::Run(args) => run::run(cli, &cli.library(), args),
        Command::Graph(args) => graph::graph(cli, args),
        Command::Sessions { command } => sessions::sessions(cli, command),
        Command::Resume(args) => sessions::resume(cli, args),
        Command::Schema(args) => assets::schema(args),
        Command::Completions(args) => assets::completions(args),
        Command::Man(args) => assets::man(args),
        Command::Import(args) => import::import(args),
    }
}
