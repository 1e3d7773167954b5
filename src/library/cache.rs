//! The index of one folder of trees, kept in the user's cache folder: per
//! file its size, modification time, content hash, and what it holds (a
//! tree's summary, or the problems that keep it out).
//!
//! It is only a cache. The file starts with a line carrying a checksum of
//! the rest (the body, see [`super::codec`]); an index that is missing, cut
//! short, edited, made by another version of the format or the rules or for
//! another folder is ignored and rebuilt.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::crc::crc32;
use crate::tree::load::content_hash;
use crate::tree::{Problem, TreeSummary};

use super::builtin::TREE_RULES;
use super::codec;

/// The first line is this, a space, the body's CRC-32 in 8 hex digits, `\n`.
const MAGIC: &[u8] = b"kbwalk-index 3 ";
const HEADER_BYTES: usize = MAGIC.len() + 8 + 1;

/// A file's size and modification time: unchanged, the file is taken as unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            size: meta.len(),
            modified: meta.modified().map(nanos).unwrap_or(0),
        }
    }
}

fn nanos(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos()
}

/// What one file held when it was last read.
#[derive(Debug, Clone)]
pub enum Found {
    /// A valid tree, and where its `id:` is (for duplicate-id messages).
    Tree {
        summary: TreeSummary,
        id_at: (usize, usize),
    },
    /// Why the file is left out.
    Problems(Vec<Problem>),
}

#[derive(Debug, Clone)]
pub struct IndexedFile {
    /// The file's name in the folder.
    pub name: String,
    pub stamp: Stamp,
    /// The [`fingerprint`] of its content.
    pub hash: String,
    pub found: Found,
}

#[derive(Debug)]
pub struct Index {
    /// When the index was written (nanoseconds since the Unix epoch).
    written: u128,
    pub files: Vec<IndexedFile>,
}

/// File systems keep modification times at various precisions (down to two
/// seconds): a file changed this close to the index being written may have
/// changed again without its time moving, so its content is checked.
const TIME_PRECISION: Duration = Duration::from_secs(2);

impl Index {
    /// When it was written.
    pub fn written(&self) -> u128 {
        self.written
    }
}

/// Whether a file whose stamp is as recorded in an index written at
/// `written` can be taken as unchanged without reading it.
pub fn trusts(written: u128, recorded: &Stamp, now: &Stamp) -> bool {
    recorded == now && now.modified + TIME_PRECISION.as_nanos() < written
}

/// What the index keeps of a file's content, to tell a file whose time
/// stamp moved but whose content did not. A cold start reads every byte of
/// every tree, so this is a hash that takes eight bytes at a time; sessions
/// record the tree's own [`content_hash`] when a walk loads it.
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Where the index of `folder` lives under `cache_dir`.
pub fn index_path(cache_dir: &Path, folder: &Path) -> PathBuf {
    let key = content_hash(&folder.to_string_lossy());
    cache_dir.join("index").join(format!("{key}.idx"))
}

/// The index of `folder`, when there is a sound one.
pub fn read(cache_dir: &Path, folder: &Path) -> Option<Index> {
    let bytes = std::fs::read(index_path(cache_dir, folder)).ok()?;
    let (header, body) = bytes.split_at_checked(HEADER_BYTES)?;
    let checksum = header.strip_prefix(MAGIC)?.strip_suffix(b"\n")?;
    if checksum != format!("{:08x}", crc32(body)).as_bytes() {
        return None;
    }
    let (head, files) = codec::decode(body, TREE_RULES, folder)?;
    Some(Index {
        written: head.written,
        files,
    })
}

/// Replaces the index of `folder` with `files`: a reader sees the old one or
/// the new one. Failing to write it costs the next start time, nothing else.
pub fn write<'a>(cache_dir: &Path, folder: &Path, files: impl Iterator<Item = &'a IndexedFile>) {
    let path = index_path(cache_dir, folder);
    let Some(dir) = path.parent() else { return };
    let files: Vec<&IndexedFile> = files.collect();
    let body = codec::encode(TREE_RULES, folder, nanos(SystemTime::now()), &files);
    let _ = std::fs::create_dir_all(dir).and_then(|_| {
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(MAGIC)?;
        writeln!(tmp, "{:08x}", crc32(&body))?;
        tmp.write_all(&body)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    });
}
