//! The operator's config file: `$KBWALK_HOME/config.yaml`, or `config.yaml`
//! in the platform's config folder (e.g. `~/.config/kbwalk/config.yaml`).
//!
//! ```yaml
//! mounts:                 # Windows drives of the machine being probed
//!   C: /mnt/sitesrv/c     # relative folders are relative to this file
//! hosts:                  # names for `$name` in TCP probes
//!   secondary_site_server: sitesrv01
//!   parent_site_server: parent01
//! export_dir: ~/tickets   # where the wizard writes exports (--export-dir wins)
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::tree::Problem;
use crate::tree::limits::{MAX_ANSWERS_BYTES, check_flow_depth, read_text};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Drive letter (`C` or `C:`) to local folder.
    #[serde(default)]
    pub mounts: BTreeMap<String, PathBuf>,
    /// Host names for `$name` in TCP probes.
    #[serde(default)]
    pub hosts: BTreeMap<String, String>,
    /// Where the wizard writes its exports; `--export-dir` overrides it.
    #[serde(default)]
    pub export_dir: Option<PathBuf>,
}

/// Where the config file is read from.
pub fn config_file() -> Option<PathBuf> {
    match std::env::var_os("KBWALK_HOME").filter(|v| !v.is_empty()) {
        Some(home) => Some(PathBuf::from(home).join("config.yaml")),
        None => dirs::config_dir().map(|d| d.join("kbwalk").join("config.yaml")),
    }
}

impl Config {
    /// Reads the config file; a missing file is an empty config.
    pub fn load() -> Result<Config, Problem> {
        match config_file() {
            Some(path) if path.exists() => Config::read(&path),
            _ => Ok(Config::default()),
        }
    }

    pub fn read(path: &Path) -> Result<Config, Problem> {
        let file = path.display().to_string();
        // A config file is a few lines; the answers files' bound is ample.
        let text = read_text(path, MAX_ANSWERS_BYTES, "a config file")?;
        let mut config = Config::parse(&file, &text)?;
        let base = path.parent().unwrap_or(Path::new("."));
        for dir in config.mounts.values_mut().chain(config.export_dir.as_mut()) {
            if let Some(rest) = dir.to_str().and_then(|d| d.strip_prefix("~/"))
                && let Some(home) = dirs::home_dir()
            {
                *dir = home.join(rest);
            }
            if dir.is_relative() {
                *dir = base.join(&*dir);
            }
        }
        Ok(config)
    }

    /// Parses config text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Config, Problem> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        check_flow_depth(file, text)?;
        let config: Config = serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = crate::tree::problem::yaml_error_position(text, &e);
            let mut message = e.to_string();
            if let Some(cut) = message.find(" at line ") {
                message.truncate(cut);
            }
            Problem {
                file: file.to_string(),
                line,
                column,
                message,
            }
        })?;
        for drive in config.mounts.keys() {
            let d = drive.trim_end_matches(':');
            if d.len() != 1 || !d.chars().all(|c| c.is_ascii_alphabetic()) {
                let (line, column) =
                    crate::tree::problem::Locator::new(text).text_after((1, 1), drive);
                return Err(Problem {
                    file: file.to_string(),
                    line,
                    column,
                    message: format!("mounts: `{drive}` is not a drive letter, e.g. `C:`"),
                });
            }
        }
        Ok(config)
    }

    /// The mounts as (drive letter, folder).
    pub fn mount_list(&self) -> Vec<(char, PathBuf)> {
        self.mounts
            .iter()
            .filter_map(|(d, p)| Some((d.chars().next()?.to_ascii_uppercase(), p.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mounts_and_hosts() {
        let c = Config::parse(
            "config.yaml",
            "mounts:\n  C: /mnt/c\n  'd:': /mnt/d\nhosts:\n  parent_site_server: p01\n",
        )
        .unwrap();
        assert_eq!(
            c.mount_list(),
            vec![
                ('C', PathBuf::from("/mnt/c")),
                ('D', PathBuf::from("/mnt/d"))
            ]
        );
        assert_eq!(c.hosts["parent_site_server"], "p01");
    }

    #[test]
    fn export_dir_is_relative_to_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, "export_dir: tickets\n").unwrap();
        let c = Config::read(&path).unwrap();
        assert_eq!(c.export_dir, Some(dir.path().join("tickets")));
    }

    #[test]
    fn errors_name_the_line() {
        let e = Config::parse("config.yaml", "mounts:\n  CD: /x\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "config.yaml:2:3: mounts: `CD` is not a drive letter, e.g. `C:`"
        );
        let e = Config::parse("config.yaml", "mount:\n  C: /x\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("config.yaml:1:1: unknown field `mount`"),
            "{e}"
        );
    }
}
