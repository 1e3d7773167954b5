//! Sessions on disk. Each session is a folder under the store's root:
//!
//! ```text
//! sessions/20261122-140501-a3f9/
//!     journal              header + one self-checking record per input
//!     lock                 held by the one process writing the session
//!     journal.damaged.1    a damaged journal, kept when it was repaired
//! ```
//!
//! The state of a walk is never stored: it is rebuilt by replaying the
//! journal's inputs through the engine, so what is on disk is exactly what
//! the operator did, and nothing else can disagree with it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::StoreError;
use super::journal::{self, Appender, JOURNAL, Parsed};
use super::lock::{self, Acquire, Holder, SessionLock, lock_path};
use super::record::{
    Entry, FORMAT, Fault, Header, TreeVersion, What, encode_entry, encode_header, format_needed,
};
use super::view::{Listed, OpenReport, SessionView, replay};
use crate::atomic::Durability;
use crate::engine::{Effect, Input, Session};
use crate::library::Library;
use crate::time::civil;
use crate::tree::LoadedTree;

/// Prefix of a session folder being removed; listings skip it.
const REMOVING: &str = ".removing-";
/// Compact on opening once this many note edits are superseded by the next
/// record (a wizard may save a note at every pause in typing).
const COMPACT_AT: usize = 64;

/// The folder that holds every session.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    durability: Durability,
}

/// A session open for writing: it holds the session's lock until dropped.
/// Every input is on disk before [`SessionWriter::apply`] returns.
#[derive(Debug)]
pub struct SessionWriter {
    view: SessionView,
    appender: Appender,
    operator: String,
    _lock: SessionLock,
}

/// An input that was accepted and is on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// Its record number in the journal.
    pub seq: u64,
    pub effects: Vec<Effect>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `20261122-140501-a3f9`: sorts by creation time; the random tail keeps
/// sessions started in the same second apart.
fn new_id(at: i64) -> String {
    use std::hash::{BuildHasher, Hasher};
    // Any clock (`SOURCE_DATE_EPOCH` included) gives a four-digit year.
    const YEAR_0: i64 = -62_167_219_200;
    const END_OF_9999: i64 = 253_402_300_799;
    let (year, month, day, hour, minute, second) = civil(at.clamp(YEAR_0, END_OF_9999));
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!(
        "{year:04}{month:02}{day:02}-{hour:02}{minute:02}{second:02}-{:04x}",
        h.finish() & 0xffff
    )
}

fn tree_version(loaded: &LoadedTree) -> TreeVersion {
    TreeVersion {
        id: loaded.tree.id.clone(),
        version: loaded.tree.version.clone(),
        hash: loaded.hash.clone(),
    }
}

/// Entries whose note edit the next entry replaces: same step, same
/// operator, nothing in between. Dropping them leaves the state unchanged.
fn superseded(entries: &[Entry]) -> Vec<bool> {
    let mut out = vec![false; entries.len()];
    for (i, pair) in entries.windows(2).enumerate() {
        if let (
            What::Input(Input::SetStepNote { step: a, .. }),
            What::Input(Input::SetStepNote { step: b, .. }),
        ) = (&pair[0].what, &pair[1].what)
            && a == b
            && pair[0].by == pair[1].by
        {
            out[i] = true;
        }
    }
    out
}

impl Store {
    /// The sessions folder under the data directory (`KBWALK_HOME/data` when set).
    pub fn open_default() -> Result<Store, StoreError> {
        crate::paths::data_dir()
            .map(|d| Store::at(d.join("sessions")))
            .ok_or(StoreError::NoDataDir)
    }

    /// The sessions in `root`, written with full durability.
    pub fn at(root: impl Into<PathBuf>) -> Store {
        Store::with_durability(root, Durability::Full)
    }

    /// The sessions in `root`, written as `durability` says: see [`Durability`].
    pub fn with_durability(root: impl Into<PathBuf>, durability: Durability) -> Store {
        Store {
            root: root.into(),
            durability,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn dir(&self, id: &str) -> PathBuf {
        self.root.join(id)
    }

    /// Every session id, oldest first.
    pub fn ids(&self) -> Result<Vec<String>, StoreError> {
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&self.root, e)),
        };
        let mut ids: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| valid_id(n))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The session an id or a unique beginning of one names.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<String, StoreError> {
        if !valid_id(id_or_prefix) {
            return Err(StoreError::BadId(id_or_prefix.to_string()));
        }
        if self.dir(id_or_prefix).is_dir() {
            return Ok(id_or_prefix.to_string());
        }
        let matches: Vec<String> = self
            .ids()?
            .into_iter()
            .filter(|i| i.starts_with(id_or_prefix))
            .collect();
        match matches.len() {
            1 => Ok(matches.into_iter().next().expect("one match")),
            0 => Err(StoreError::Unknown {
                id: id_or_prefix.to_string(),
                dir: self.root.clone(),
            }),
            _ => Err(StoreError::Ambiguous {
                prefix: id_or_prefix.to_string(),
                matches,
            }),
        }
    }

    /// Starts a session on `tree` and holds it for writing. `at` is now, in Unix seconds.
    pub fn create(
        &self,
        tree: &LoadedTree,
        symptom: Option<&str>,
        operator: &str,
        at: i64,
    ) -> Result<SessionWriter, StoreError> {
        let engine = Session::new(Arc::clone(&tree.tree), symptom)?;
        std::fs::create_dir_all(&self.root).map_err(|e| StoreError::io(&self.root, e))?;
        let (id, dir) = loop {
            let id = new_id(at);
            let dir = self.dir(&id);
            match std::fs::create_dir(&dir) {
                Ok(()) => break (id, dir),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(StoreError::io(&dir, e)),
            }
        };
        // A session that cannot be written whole leaves nothing behind: an
        // empty folder would be listed as an unreadable session.
        let started = self.start_in(tree, symptom, operator, at, engine, id, dir.clone());
        if started.is_err() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        started
    }

    #[allow(clippy::too_many_arguments)]
    fn start_in(
        &self,
        tree: &LoadedTree,
        symptom: Option<&str>,
        operator: &str,
        at: i64,
        engine: Session,
        id: String,
        dir: PathBuf,
    ) -> Result<SessionWriter, StoreError> {
        let lock = take_lock(&dir, &id, operator, at)?;
        let header = Header {
            format: FORMAT,
            id: id.clone(),
            tree: tree_version(tree),
            symptom: symptom.map(str::to_string),
            operator: operator.to_string(),
            created_at: at,
        };
        // The journal appears whole or not at all.
        let path = dir.join(JOURNAL);
        journal::replace_atomically(&path, &encode_header(&header), self.durability)?;
        self.durability
            .sync_dir(&self.root)
            .map_err(|e| StoreError::io(&self.root, e))?;
        let appender = Appender::open(&path, self.durability)?;
        Ok(SessionWriter {
            view: SessionView {
                id,
                dir,
                header,
                tree: tree_version(tree),
                engine,
                entries: Vec::new(),
                report: OpenReport::default(),
            },
            appender,
            operator: operator.to_string(),
            _lock: lock,
        })
    }

    fn journal_of(&self, id: &str) -> Result<(String, PathBuf, Vec<u8>), StoreError> {
        let id = self.resolve(id)?;
        let path = self.dir(&id).join(JOURNAL);
        match std::fs::read(&path) {
            Ok(bytes) => Ok((id, path, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::Corrupt {
                file: path,
                line: 1,
                expected: "a session journal".into(),
                found: format!(
                    "no file (the session's creation was interrupted; `kbwalk sessions rm {id}` removes it)"
                ),
            }),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    fn loaded<'a>(
        lib: &'a Library,
        id: &str,
        header: &Header,
    ) -> Result<&'a LoadedTree, StoreError> {
        lib.get(&header.tree.id)
            .ok_or_else(|| StoreError::TreeMissing {
                id: id.to_string(),
                tree: header.tree.id.clone(),
            })
    }

    /// Reads a session without taking its lock: for listings, `show`,
    /// `export`, and a second instance while another one writes. Damage is
    /// reported, never repaired: the writer may be in the middle of a record.
    pub fn open_read_only(&self, id: &str, lib: &Library) -> Result<SessionView, StoreError> {
        let (id, path, bytes) = self.journal_of(id)?;
        let mut parsed = journal::parse(&path, &bytes)?;
        // A last line without its newline, while a writer holds the session,
        // is a record being written, not damage.
        if let Some(d) = &parsed.damage
            && matches!(d.fault, Fault::Incomplete { .. })
            && self.holder(&id).is_some()
        {
            parsed.damage = None;
        }
        let loaded = Self::loaded(lib, &id, &parsed.header)?;
        replay(
            &id,
            &self.dir(&id),
            parsed,
            Arc::clone(&loaded.tree),
            tree_version(loaded),
        )
    }

    /// Opens a session for writing: takes its lock (or says who holds it),
    /// repairs a damaged journal (keeping the damaged file beside it),
    /// replays it, and notes in the journal when the tree changed.
    pub fn open(
        &self,
        id: &str,
        lib: &Library,
        operator: &str,
        at: i64,
    ) -> Result<SessionWriter, StoreError> {
        let id = self.resolve(id)?;
        let dir = self.dir(&id);
        let lock = take_lock(&dir, &id, operator, at)?;
        journal::remove_stale_temporaries(&dir);
        // Read only once the lock is held: nobody can be appending now.
        let (_, path, bytes) = self.journal_of(&id)?;
        let mut parsed = journal::parse(&path, &bytes)?;
        let loaded = Self::loaded(lib, &id, &parsed.header)?;
        if let Some(damage) = &mut parsed.damage {
            damage.kept_as = Some(journal::repair(
                &path,
                &bytes[..parsed.good_len],
                self.durability,
            )?);
        }
        let view = replay(
            &id,
            &dir,
            parsed,
            Arc::clone(&loaded.tree),
            tree_version(loaded),
        )?;
        let appender = Appender::open(&path, self.durability)?;
        let mut writer = SessionWriter {
            view,
            appender,
            operator: operator.to_string(),
            _lock: lock,
        };
        if superseded(&writer.view.entries)
            .iter()
            .filter(|s| **s)
            .count()
            >= COMPACT_AT
        {
            writer.compact()?;
        }
        let recorded = writer
            .view
            .entries
            .iter()
            .rev()
            .find_map(|e| match &e.what {
                What::Tree(t) => Some(t),
                What::Input(_) | What::Dismissed => None,
            })
            .unwrap_or(&writer.view.header.tree);
        if recorded.hash != writer.view.tree.hash {
            let now = writer.view.tree.clone();
            writer.append(What::Tree(now), at)?;
        }
        Ok(writer)
    }

    /// Who is writing a session now, if anyone.
    pub fn holder(&self, id: &str) -> Option<Holder> {
        lock::holder(&lock_path(&self.dir(id)))
    }

    /// Every session, most recently changed first; folders that cannot be
    /// read as sessions come last, with the reason.
    pub fn list(&self, lib: &Library) -> Result<Vec<Listed>, StoreError> {
        let mut sessions = Vec::new();
        let mut unreadable = Vec::new();
        for id in self.ids()? {
            match self.open_read_only(&id, lib) {
                Ok(view) => sessions.push(Box::new(view.summary(self.holder(&id)))),
                Err(e) => unreadable.push(Listed::Unreadable {
                    id,
                    error: e.to_string(),
                }),
            }
        }
        sessions.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
        let mut out: Vec<Listed> = sessions.into_iter().map(Listed::Session).collect();
        out.extend(unreadable);
        Ok(out)
    }

    /// Deletes a session, unless another process holds it. Takes the exact id.
    pub fn remove(&self, id: &str, operator: &str, at: i64) -> Result<(), StoreError> {
        if !valid_id(id) {
            return Err(StoreError::BadId(id.to_string()));
        }
        let dir = self.dir(id);
        if !dir.is_dir() {
            return Err(StoreError::Unknown {
                id: id.to_string(),
                dir: self.root.clone(),
            });
        }
        let holder = Holder {
            pid: std::process::id(),
            operator: operator.to_string(),
            since: at,
        };
        let lock_file = lock_path(&dir);
        let _lock =
            match lock::acquire(&lock_file, &holder).map_err(|e| StoreError::io(&lock_file, e))? {
                Acquire::Acquired(l) => l,
                Acquire::Held(holder) => {
                    return Err(StoreError::Locked {
                        id: id.to_string(),
                        holder,
                    });
                }
            };
        // Renamed away first, so a crash halfway through deleting never
        // leaves half a session in the listing.
        let removing = self.root.join(format!("{REMOVING}{id}"));
        std::fs::rename(&dir, &removing).map_err(|e| StoreError::io(&dir, e))?;
        self.durability
            .sync_dir(&self.root)
            .map_err(|e| StoreError::io(&self.root, e))?;
        std::fs::remove_dir_all(&removing).map_err(|e| StoreError::io(&removing, e))
    }
}

impl std::ops::Deref for SessionWriter {
    type Target = SessionView;

    fn deref(&self) -> &SessionView {
        &self.view
    }
}

impl SessionWriter {
    pub fn view(&self) -> &SessionView {
        &self.view
    }

    /// Who this writer records as the author of each input.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// Applies an input and records it: when this returns `Ok`, the input is
    /// on disk (fsynced) and the state includes it, so the caller may show
    /// it as done. An input the engine rejects is not recorded, and an input
    /// that could not be written is not applied. `at` is now, in Unix seconds.
    pub fn apply(&mut self, input: Input, at: i64) -> Result<Applied, StoreError> {
        let mut next = self.view.engine.clone();
        let effects = next.apply(&input)?;
        let seq = self.append(What::Input(input), at)?;
        self.view.engine = next;
        Ok(Applied { seq, effects })
    }

    /// Records the session as abandoned. Nothing is removed: resuming it
    /// and changing anything brings it back into the listings.
    pub fn dismiss(&mut self, at: i64) -> Result<u64, StoreError> {
        self.append(What::Dismissed, at)
    }

    fn append(&mut self, what: What, at: i64) -> Result<u64, StoreError> {
        if self.view.header.format < format_needed(&what) {
            self.raise_format()?;
        }
        let entry = Entry {
            seq: self.view.entries.len() as u64 + 1,
            at,
            by: self.operator.clone(),
            what,
        };
        self.appender.append(&encode_entry(&entry))?;
        let seq = entry.seq;
        self.view.entries.push(entry);
        Ok(seq)
    }

    /// Rewrites the journal, by an atomic replace, with a header declaring
    /// the format this code writes.
    fn raise_format(&mut self) -> Result<(), StoreError> {
        let mut header = self.view.header.clone();
        header.format = FORMAT;
        let mut bytes = encode_header(&header);
        for e in &self.view.entries {
            bytes.extend(encode_entry(e));
        }
        let path = self.view.journal_path();
        let durability = self.appender.durability();
        journal::replace_atomically(&path, &bytes, durability)?;
        self.appender = Appender::open(&path, durability)?;
        self.view.header = header;
        Ok(())
    }

    /// Rewrites the journal without note edits that a later edit of the same
    /// note replaced, by an atomic replace. The state is unchanged; record
    /// numbers after a dropped record move down. Returns how many were dropped.
    pub fn compact(&mut self) -> Result<usize, StoreError> {
        let drop = superseded(&self.view.entries);
        let dropped = drop.iter().filter(|d| **d).count();
        if dropped == 0 {
            return Ok(0);
        }
        let kept: Vec<Entry> = self
            .view
            .entries
            .iter()
            .zip(&drop)
            .filter(|(_, d)| !**d)
            .enumerate()
            .map(|(i, (e, _))| Entry {
                seq: i as u64 + 1,
                ..e.clone()
            })
            .collect();
        let mut bytes = encode_header(&self.view.header);
        for e in &kept {
            bytes.extend(encode_entry(e));
        }
        let path = self.view.journal_path();
        let durability = self.appender.durability();
        journal::replace_atomically(&path, &bytes, durability)?;
        self.appender = Appender::open(&path, durability)?;
        let parsed = Parsed {
            header: self.view.header.clone(),
            entries: kept,
            good_len: bytes.len(),
            damage: self.view.report.damage.take(),
        };
        let tree = Arc::clone(self.view.engine.tree());
        let rebuilt = replay(
            &self.view.id,
            &self.view.dir,
            parsed,
            tree,
            self.view.tree.clone(),
        )?;
        let compacted = self.view.report.compacted + dropped;
        self.view = rebuilt;
        self.view.report.compacted = compacted;
        Ok(dropped)
    }
}

/// Takes a session's lock for this process, or says who holds it.
fn take_lock(dir: &Path, id: &str, operator: &str, at: i64) -> Result<SessionLock, StoreError> {
    let holder = Holder {
        pid: std::process::id(),
        operator: operator.to_string(),
        since: at,
    };
    let lock_file = lock_path(dir);
    match lock::acquire(&lock_file, &holder).map_err(|e| StoreError::io(&lock_file, e))? {
        Acquire::Acquired(l) => Ok(l),
        Acquire::Held(holder) => Err(StoreError::Locked {
            id: id.to_string(),
            holder,
        }),
    }
}
