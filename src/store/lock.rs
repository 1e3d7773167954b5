//! One writer per session: an exclusive lock on the session's `lock` file.
//!
//! The operating system releases the lock when its holder exits, however it
//! exits, so a lock left by a dead process never blocks anyone. The holder
//! writes who it is into the file, for the message another instance shows.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::time::format_utc;

/// Who holds a session, as its lock file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub operator: String,
    /// Unix seconds when the lock was taken.
    pub since: i64,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (process {}) since {}",
            self.operator,
            self.pid,
            format_utc(self.since)
        )
    }
}

/// A held lock; dropping it releases the session.
#[derive(Debug)]
pub struct SessionLock {
    // Kept open: closing the file is what releases the lock.
    _file: File,
}

pub enum Acquire {
    Acquired(SessionLock),
    /// Someone else holds it; who, when the lock file says so.
    Held(Option<Holder>),
}

/// Another process that merely checks whether a session is held (a listing)
/// takes the lock for an instant; trying a few times keeps that from being
/// mistaken for a real holder.
const ATTEMPTS: u32 = 5;
const PAUSE: Duration = Duration::from_millis(20);

/// Takes the lock at `path` and writes `holder` into it.
pub fn acquire(path: &Path, holder: &Holder) -> std::io::Result<Acquire> {
    // No truncation on open: the file may hold the current holder's name.
    let mut file = open_lock_file(OpenOptions::new().create(true).truncate(false), path)?;
    for attempt in 1..=ATTEMPTS {
        match file.try_lock() {
            Ok(()) => {
                let text = serde_json::to_string(holder).expect("a holder always serializes");
                file.set_len(0)?;
                file.seek(SeekFrom::Start(0))?;
                file.write_all(text.as_bytes())?;
                file.write_all(b"\n")?;
                return Ok(Acquire::Acquired(SessionLock { _file: file }));
            }
            Err(TryLockError::WouldBlock) if attempt < ATTEMPTS => std::thread::sleep(PAUSE),
            Err(TryLockError::WouldBlock) => return Ok(Acquire::Held(read_holder(&mut file))),
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
    unreachable!("the last attempt returns")
}

/// Who holds the lock at `path` now, if anyone. Never creates the file.
pub fn holder(path: &Path) -> Option<Holder> {
    let mut file = open_lock_file(&mut OpenOptions::new(), path).ok()?;
    match file.try_lock() {
        Ok(()) => None,
        Err(TryLockError::WouldBlock) => read_holder(&mut file),
        Err(TryLockError::Error(_)) => None,
    }
}

/// Opens the lock file for reading and writing, never through a link (a
/// link planted in its place would have the holder's name written over
/// whatever it points at), readable by its owner only, and only if it is a
/// regular file.
fn open_lock_file(options: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    options.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(format!(
            "{}: not a regular file",
            path.display()
        )));
    }
    Ok(file)
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(text.trim()).ok()
}

pub fn lock_path(dir: &Path) -> PathBuf {
    dir.join("lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(name: &str) -> Holder {
        Holder {
            pid: std::process::id(),
            operator: name.into(),
            since: 1_795_000_000,
        }
    }

    #[test]
    fn a_second_lock_is_refused_and_told_the_holder_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(dir.path());
        let Acquire::Acquired(first) = acquire(&path, &me("alice")).unwrap() else {
            panic!("a fresh lock is free");
        };
        match acquire(&path, &me("bob")).unwrap() {
            Acquire::Held(Some(h)) => assert_eq!(h, me("alice")),
            Acquire::Held(None) => panic!("the holder is not named"),
            Acquire::Acquired(_) => panic!("two writers hold the same session"),
        }
        assert_eq!(holder(&path), Some(me("alice")));
        drop(first);
        assert_eq!(holder(&path), None);
        assert!(matches!(
            acquire(&path, &me("bob")).unwrap(),
            Acquire::Acquired(_)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_private_and_never_written_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(dir.path());
        let Acquire::Acquired(lock) = acquire(&path, &me("alice")).unwrap() else {
            panic!("a fresh lock is free");
        };
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        drop(lock);

        let victim = dir.path().join("precious");
        std::fs::write(&victim, "keep me").unwrap();
        let linked = dir.path().join("other");
        std::fs::create_dir(&linked).unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&linked)).unwrap();
        assert!(acquire(&lock_path(&linked), &me("mallory")).is_err());
        assert_eq!(holder(&lock_path(&linked)), None);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    }
}
