//! The command line: definitions, and the commands that run without a terminal UI.

mod lint;
mod list;
mod run;
mod sessions;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::tree::{Library, Problem};

/// Exit code when the walk stopped at a question nobody answered.
pub const EXIT_QUESTION: u8 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "kbwalk",
    version,
    about = "Walk knowledge-base decision trees from symptom to checklist",
    long_about = "Walk knowledge-base decision trees from symptom to checklist.\n\nWithout a command, opens the interactive wizard on the built-in trees, the trees in the user's config folder, and every --trees folder."
)]
pub struct Cli {
    /// Also load the trees in this folder or file (repeatable).
    #[arg(long = "trees", value_name = "DIR", global = true)]
    pub trees: Vec<PathBuf>,

    /// Do not load the trees in the user's config folder.
    #[arg(long, global = true)]
    pub no_user_trees: bool,

    /// Where the wizard writes its exports (default: the current folder).
    #[arg(long, value_name = "DIR", global = true)]
    pub export_dir: Option<PathBuf>,

    /// Probes: `off` never looks; `ask` proposes answers for the operator to
    /// accept; `auto` accepts them (and runs step verifications). Default:
    /// `off` for `run`, `ask` in the wizard.
    #[arg(long, value_enum, global = true, value_name = "MODE")]
    pub probe: Option<ProbeMode>,

    /// Map a Windows drive of the probed machine to a local folder, e.g. its
    /// mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable;
    /// adds to `mounts:` in the config file).
    #[arg(long = "mount", value_name = "DRIVE:=PATH", global = true)]
    pub mounts: Vec<String>,

    /// Name a host for TCP probes that say `$NAME` (repeatable; adds to
    /// `hosts:` in the config file).
    #[arg(long = "host", value_name = "NAME=HOST", global = true)]
    pub hosts: Vec<String>,

    /// Let probes run the commands their trees name. Without it a command
    /// probe only shows the command line it would run.
    #[arg(long, global = true)]
    pub allow_commands: bool,

    /// How long one probe may take, in seconds.
    #[arg(long, value_name = "SECONDS", global = true, default_value_t = 5.0)]
    pub probe_timeout: f64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Whether probes run, and whether their answers are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProbeMode {
    Off,
    Ask,
    Auto,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check tree files; with no PATH, every tree kbwalk would load.
    Lint {
        /// Tree files or folders of them.
        paths: Vec<PathBuf>,
    },
    /// List the trees and their symptoms.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Walk a tree unattended with given answers, and export the result.
    Run(run::RunArgs),
    /// Manage stored sessions: list, show, export, remove; drive one from a script.
    Sessions {
        #[command(subcommand)]
        command: sessions::SessionsCommand,
    },
    /// Continue a stored session (by default the most recently changed unfinished one).
    Resume(sessions::ResumeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

impl Cli {
    /// Every folder trees are read from besides the built-in ones.
    pub fn tree_paths(&self) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        if !self.no_user_trees
            && let Some(dir) = crate::paths::user_trees_dir()
            && dir.is_dir()
        {
            paths.push(dir);
        }
        paths.extend(self.trees.iter().cloned());
        paths
    }

    /// Loads the library; problems in files other than the ones needed are
    /// warnings, printed once each on stderr.
    pub fn library(&self) -> Library {
        let cache = crate::paths::cache_dir();
        let (lib, problems) = Library::open(true, &self.tree_paths(), cache.as_deref());
        warn_skipped(&problems);
        lib
    }
}

fn warn_skipped(problems: &[Problem]) {
    for p in problems {
        let _ = writeln!(
            crate::text::stderr(),
            "kbwalk: warning: tree file skipped: {p}"
        );
    }
}

impl Cli {
    /// Where and how probes look: the config file's mounts and hosts, then
    /// `--mount`, `--host`, `--allow-commands` and `--probe-timeout`.
    pub fn probe_env(&self) -> anyhow::Result<crate::probe::ProbeEnv> {
        use anyhow::{anyhow, bail};
        let config = crate::store::config::Config::load().map_err(|p| anyhow!("{p}"))?;
        let mut env = crate::probe::ProbeEnv {
            clock: std::sync::Arc::new(now),
            allow_commands: self.allow_commands,
            ..Default::default()
        };
        let mut mounts: Vec<(char, PathBuf, String)> = config
            .mount_list()
            .into_iter()
            .map(|(d, p)| (d, p, "config file".to_string()))
            .collect();
        for m in &self.mounts {
            let (d, p) = crate::probe::Mounts::parse_arg(m).map_err(|e| anyhow!(e))?;
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
        for h in &self.hosts {
            let (name, host) = h
                .split_once('=')
                .ok_or_else(|| anyhow!("--host {h}: expected NAME=HOST"))?;
            env.hosts
                .insert(name.trim().to_string(), host.trim().to_string());
        }
        if !(self.probe_timeout.is_finite()
            && self.probe_timeout > 0.0
            && self.probe_timeout <= 3600.0)
        {
            bail!(
                "--probe-timeout {}: expected seconds, more than 0 and at most 3600",
                self.probe_timeout
            );
        }
        env.timeout = std::time::Duration::from_secs_f64(self.probe_timeout);
        Ok(env)
    }
}

/// Runs a command that needs no terminal UI.
pub fn run_command(cli: &Cli, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Lint { paths } => lint::lint(cli, paths),
        Command::List { json } => {
            let lib = cli.library();
            let done = list::list(&lib, *json);
            // The process ends here: freeing thousands of summaries one
            // string at a time would cost more than listing them.
            std::mem::forget(lib);
            done
        }
        Command::Run(args) => run::run(cli, &cli.library(), args),
        Command::Sessions { command } => sessions::sessions(cli, command),
        Command::Resume(args) => sessions::resume(cli, args),
    }
}

/// Now, in Unix seconds; `SOURCE_DATE_EPOCH` fixes it for reproducible exports.
pub fn now() -> i64 {
    if let Some(fixed) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return fixed;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Writes a file so that a reader sees the old content or the new, never half.
pub fn write_atomically(path: &std::path::Path, contents: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot create a file in {}: {e}",
            path.display(),
            dir.display()
        )
    })?;
    tmp.write_all(contents)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {}", path.display(), e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
