//! Replacing a file whole, so that a reader or a power cut sees the old
//! content or the new, never a mix: a temporary file in the same folder,
//! fsync, rename over the target, fsync the folder. The one way kbwalk
//! writes a file it may later read or hand to someone.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which step of replacing a file failed, and where.
#[derive(Debug)]
pub enum AtomicWriteError {
    /// No temporary file could be made beside the target.
    Create {
        path: PathBuf,
        dir: PathBuf,
        source: std::io::Error,
    },
    /// Writing, syncing or renaming the temporary file failed.
    Write {
        path: PathBuf,
        /// The file the failure is about: the temporary file or the target.
        at: PathBuf,
        source: std::io::Error,
    },
    /// The new content is in place, but the folder could not be synced, so
    /// a power cut might still lose the rename.
    SyncFolder {
        dir: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for AtomicWriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AtomicWriteError::Create { path, dir, source } => write!(
                f,
                "{}: cannot create a file in {}: {source}",
                path.display(),
                dir.display()
            ),
            AtomicWriteError::Write { path, source, .. } => {
                write!(f, "{}: cannot write: {source}", path.display())
            }
            AtomicWriteError::SyncFolder { dir, source } => {
                write!(f, "{}: cannot sync the folder: {source}", dir.display())
            }
        }
    }
}

impl std::error::Error for AtomicWriteError {}

/// Replaces `path` with `bytes`; the temporary file's name starts with
/// `temp_prefix`, so that leftovers of a crash can be recognised.
pub fn replace_file(path: &Path, bytes: &[u8], temp_prefix: &str) -> Result<(), AtomicWriteError> {
    replace_file_with(path, bytes, temp_prefix, Durability::Full)
}

/// As [`replace_file`], syncing only as far as `durability` says.
pub fn replace_file_with(
    path: &Path,
    bytes: &[u8],
    temp_prefix: &str,
    durability: Durability,
) -> Result<(), AtomicWriteError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(temp_prefix)
        .tempfile_in(dir)
        .map_err(|source| AtomicWriteError::Create {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            source,
        })?;
    tmp.write_all(bytes)
        .and_then(|_| durability.sync_all(tmp.as_file()))
        .map_err(|source| AtomicWriteError::Write {
            path: path.to_path_buf(),
            at: tmp.path().to_path_buf(),
            source,
        })?;
    tmp.persist(path).map_err(|e| AtomicWriteError::Write {
        path: path.to_path_buf(),
        at: path.to_path_buf(),
        source: e.error,
    })?;
    durability
        .sync_dir(dir)
        .map_err(|source| AtomicWriteError::SyncFolder {
            dir: dir.to_path_buf(),
            source,
        })
}

/// Writes an output file (an export, a generated schema): as
/// [`replace_file`], except that a folder that cannot be synced (some file
/// systems refuse) is no failure once the content is in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AtomicWriteError> {
    match replace_file(path, bytes, ".tmp") {
        Err(AtomicWriteError::SyncFolder { .. }) => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        std::fs::write(&path, "old and longer").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_missing_folder_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent").join("out.md");
        let e = write_atomically(&path, b"x").unwrap_err().to_string();
        assert!(e.contains("cannot create a file in"), "{e}");
        assert!(e.contains("absent"), "{e}");
    }
}

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
