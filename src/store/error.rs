use std::path::{Path, PathBuf};

use thiserror::Error;

use super::lock::Holder;
use crate::engine::{InputError, StartError};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no folder for sessions: set KBWALK_HOME, or HOME")]
    NoDataDir,

    // The cause is in the message, not also a `source`: printing the chain
    // (`kbwalk: error: ...`) would say it twice.
    #[error("{}: {cause}", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("`{0}` is not a session id: expected letters, digits and dashes")]
    BadId(String),

    #[error("no session `{id}` in {}; `kbwalk sessions list` shows them", dir.display())]
    Unknown { id: String, dir: PathBuf },

    #[error("`{prefix}` names more than one session: {}", matches.join(", "))]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },

    #[error("{}:{line}: expected {expected}, found {found}", file.display())]
    Corrupt {
        file: PathBuf,
        line: usize,
        expected: String,
        found: String,
    },

    #[error("session `{id}` walks tree `{tree}`, which is not loaded; load it with --trees DIR")]
    TreeMissing { id: String, tree: String },

    #[error(
        "session `{id}` is open in another kbwalk{}; it can be read meanwhile (`kbwalk sessions show {id}`)",
        holder.as_ref().map(|h| format!(": {h}")).unwrap_or_default()
    )]
    Locked { id: String, holder: Option<Holder> },

    /// The walk cannot start where the session says it did.
    #[error(transparent)]
    Start(#[from] StartError),

    /// The session is open read-only here: another kbwalk holds it.
    #[error("Read-only: {holder} has this session open; nothing was changed")]
    ReadOnly { holder: String },

    /// The engine refused the input; nothing was written.
    #[error(transparent)]
    Rejected(#[from] InputError),

    #[error(
        "{}: cannot append to the journal any more ({reason}); reopen the session to recover it",
        file.display()
    )]
    JournalBroken { file: PathBuf, reason: String },
}

impl StoreError {
    pub(crate) fn io(path: &Path, cause: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            cause,
        }
    }
}
