//! Whether the store waits for its writes to reach the disk.

use std::fs::File;
use std::path::Path;

/// How far a write goes before the store calls it done.
///
/// The program always uses [`Durability::Full`]: an input shown as done
/// survives a crash or a power cut. [`Durability::NoSync`] exists for tests
/// whose subject is not a power cut (the wizard's screens, exports): they
/// still write every file and rename the same way, but do not wait for the
/// disk, which on a busy machine costs more than the rest of such a test.
/// Nothing in the binary (no flag, no variable) selects it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Durability {
    /// Every append, replace and folder change is fsynced before it returns.
    #[default]
    Full,
    /// Files are written and renamed, but never fsynced.
    NoSync,
}

impl Durability {
    /// Waits until `file`'s content is on disk (its data, not all metadata).
    pub(crate) fn sync_data(self, file: &File) -> std::io::Result<()> {
        match self {
            Durability::Full => file.sync_data(),
            Durability::NoSync => Ok(()),
        }
    }

    /// Waits until `file`'s content and metadata are on disk.
    pub(crate) fn sync_all(self, file: &File) -> std::io::Result<()> {
        match self {
            Durability::Full => file.sync_all(),
            Durability::NoSync => Ok(()),
        }
    }

    /// Makes a rename or a new file in `dir` survive a power cut.
    pub(crate) fn sync_dir(self, dir: &Path) -> std::io::Result<()> {
        match self {
            Durability::Full => File::open(dir)?.sync_all(),
            Durability::NoSync => Ok(()),
        }
    }
}
