//! Option groups, each flattened into the commands it applies to, so that
//! `kbwalk lint --help` shows no probe options. The same groups sit on the
//! top level for the wizard; given there before a command
//! (`kbwalk --trees DIR run ...`), they count for that command when it takes
//! them, and are refused when it does not.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::library::Library;
use crate::probe::ProbeMode;
use crate::tree::Problem;

// The mode is the probes' own type; the command line only names its values.
impl ValueEnum for ProbeMode {
    fn value_variants<'a>() -> &'a [Self] {
        &[ProbeMode::Off, ProbeMode::Ask, ProbeMode::Auto]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(match self {
            ProbeMode::Off => "off",
            ProbeMode::Ask => "ask",
            ProbeMode::Auto => "auto",
        }))
    }
}

/// Which trees are loaded besides the built-in ones.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Trees")]
pub struct TreeOptions {
    /// Also load the trees in this folder or file (repeatable).
    #[arg(long = "trees", value_name = "DIR")]
    pub trees: Vec<PathBuf>,

    /// Do not load the trees in the user's config folder.
    #[arg(long)]
    pub no_user_trees: bool,
}

impl TreeOptions {
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
        self.library_and_skipped().0
    }

    /// The library and the problems of the tree files it skipped, which
    /// are also printed on stderr.
    pub fn library_and_skipped(&self) -> (Library, Vec<Problem>) {
        let cache = crate::paths::cache_dir();
        let (lib, problems) = Library::open(true, &self.tree_paths(), cache.as_deref());
        warn_skipped(&problems);
        (lib, problems)
    }

    fn first_given(&self) -> Option<&'static str> {
        if !self.trees.is_empty() {
            Some("--trees")
        } else if self.no_user_trees {
            Some("--no-user-trees")
        } else {
            None
        }
    }

    fn absorb(&mut self, later: TreeOptions) {
        self.trees.extend(later.trees);
        self.no_user_trees |= later.no_user_trees;
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

/// How probes look at the site server.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Probes")]
pub struct ProbeOptions {
    /// Probes: `off` never looks; `ask` proposes answers for the operator to
    /// accept; `auto` accepts them (and runs step verifications). Default:
    /// `off` for `run`, `ask` in the wizard.
    #[arg(long, value_enum, value_name = "MODE")]
    pub probe: Option<ProbeMode>,

    /// Map a Windows drive of the probed machine to a local folder, e.g. its
    /// mounted administrative share: `--mount C:=/mnt/sitesrv/c` (repeatable;
    /// adds to `mounts:` in the config file).
    #[arg(long = "mount", value_name = "DRIVE:=PATH")]
    pub mounts: Vec<String>,

    /// Name a host for TCP probes that say `$NAME` (repeatable; adds to
    /// `hosts:` in the config file).
    #[arg(long = "host", value_name = "NAME=HOST")]
    pub hosts: Vec<String>,

    /// Let probes run the commands their trees name. Without it a command
    /// probe only shows the command line it would run.
    #[arg(long)]
    pub allow_commands: bool,

    /// How long one probe may take, in seconds [default: 5].
    #[arg(long, value_name = "SECONDS")]
    pub probe_timeout: Option<f64>,
}

impl ProbeOptions {
    fn first_given(&self) -> Option<&'static str> {
        [
            (self.probe.is_some(), "--probe"),
            (!self.mounts.is_empty(), "--mount"),
            (!self.hosts.is_empty(), "--host"),
            (self.allow_commands, "--allow-commands"),
            (self.probe_timeout.is_some(), "--probe-timeout"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }

    /// Values given after the command win over those given before it.
    fn absorb(&mut self, later: ProbeOptions) {
        self.probe = later.probe.or(self.probe);
        self.mounts.extend(later.mounts);
        self.hosts.extend(later.hosts);
        self.allow_commands |= later.allow_commands;
        self.probe_timeout = later.probe_timeout.or(self.probe_timeout);
    }
}

/// Where the wizard writes its Markdown exports.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Export")]
pub struct ExportOptions {
    /// Where the wizard writes its exports (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,
}

impl ExportOptions {
    fn first_given(&self) -> Option<&'static str> {
        self.export_dir.as_ref().map(|_| "--export-dir")
    }

    fn absorb(&mut self, later: ExportOptions) {
        self.export_dir = later.export_dir.or(self.export_dir.take());
    }
}

/// The option groups a command takes; `None` for a group it does not.
#[derive(Default)]
pub struct Groups<'a> {
    pub trees: Option<&'a mut TreeOptions>,
    pub probes: Option<&'a mut ProbeOptions>,
    pub export: Option<&'a mut ExportOptions>,
}

/// An option given before a command that does not take it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{flag} does not apply to `kbwalk {command}`")]
pub struct MisplacedOption {
    pub flag: &'static str,
    pub command: String,
}

/// Moves a command's own options into the top-level groups, after the ones
/// given before the command; an option given before a command that does not
/// take it is an error naming both.
pub fn merge(
    top: (&mut TreeOptions, &mut ProbeOptions, &mut ExportOptions),
    command: &str,
    groups: Groups<'_>,
) -> Result<(), MisplacedOption> {
    let refuse = |flag: &'static str| MisplacedOption {
        flag,
        command: command.to_string(),
    };
    match groups.trees {
        Some(own) => top.0.absorb(std::mem::take(own)),
        None => {
            if let Some(flag) = top.0.first_given() {
                return Err(refuse(flag));
            }
        }
    }
    match groups.probes {
        Some(own) => top.1.absorb(std::mem::take(own)),
        None => {
            if let Some(flag) = top.1.first_given() {
                return Err(refuse(flag));
            }
        }
    }
    match groups.export {
        Some(own) => top.2.absorb(std::mem::take(own)),
        None => {
            if let Some(flag) = top.2.first_given() {
                return Err(refuse(flag));
            }
        }
    }
    Ok(())
}
