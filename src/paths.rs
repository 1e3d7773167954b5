//! Where kbwalk keeps things: `KBWALK_HOME` when set (tests use it), else the
//! platform's config and data folders.

use std::path::PathBuf;

fn home_override() -> Option<PathBuf> {
    std::env::var_os("KBWALK_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The user's own trees: `$KBWALK_HOME/trees`, or e.g. `~/.config/kbwalk/trees`.
pub fn user_trees_dir() -> Option<PathBuf> {
    match home_override() {
        Some(home) => Some(home.join("trees")),
        None => dirs::config_dir().map(|d| d.join("kbwalk").join("trees")),
    }
}

/// Sessions and other state: `$KBWALK_HOME/data`, or e.g. `~/.local/share/kbwalk`.
pub fn data_dir() -> Option<PathBuf> {
    match home_override() {
        Some(home) => Some(home.join("data")),
        None => dirs::data_dir().map(|d| d.join("kbwalk")),
    }
}

/// Caches, such as the index of each folder of trees: `$KBWALK_HOME/cache`,
/// or e.g. `~/.cache/kbwalk`. Deleting it only costs the next start time.
pub fn cache_dir() -> Option<PathBuf> {
    match home_override() {
        Some(home) => Some(home.join("cache")),
        None => dirs::cache_dir().map(|d| d.join("kbwalk")),
    }
}
