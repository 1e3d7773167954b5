//! The journal file: reading it up to the last good record, appending with
//! fsync, and replacing it whole by an atomic rename.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::error::StoreError;
use super::record::{Entry, Fault, Header, Line, What, decode, describe_damaged};
use crate::atomic::Durability;

/// The journal's file name inside a session's folder.
pub const JOURNAL: &str = "journal";

/// How many dropped records a damage report describes one by one.
const DESCRIBED: usize = 20;

/// What was wrong with a journal, and what reading it left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Damage {
    /// The journal file.
    pub file: PathBuf,
    /// The first bad line (1-based); everything from it on was left out.
    pub line: usize,
    pub fault: Fault,
    /// Lines left out, counting a last line cut short.
    pub dropped_lines: usize,
    pub dropped_bytes: usize,
    /// What the first dropped lines held, where they could still be read.
    pub dropped: Vec<String>,
    /// Where the damaged file was kept, once the journal was repaired.
    pub kept_as: Option<PathBuf>,
}

impl Damage {
    /// One line for the operator.
    pub fn message(&self) -> String {
        let mut s = format!(
            "{}:{}: found {}; kept the {} records before it and left out {} line{} ({} bytes)",
            self.file.display(),
            self.line,
            self.fault,
            self.line.saturating_sub(2),
            self.dropped_lines,
            if self.dropped_lines == 1 { "" } else { "s" },
            self.dropped_bytes
        );
        if !self.dropped.is_empty() {
            s.push_str(": ");
            s.push_str(&self.dropped.join("; "));
            if self.dropped_lines > self.dropped.len() {
                s.push_str("; ...");
            }
        }
        if let Some(kept) = &self.kept_as {
            s.push_str(&format!("; the damaged file is kept as {}", kept.display()));
        }
        s
    }
}

/// A journal read up to its last good record.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub header: Header,
    pub entries: Vec<Entry>,
    /// The length of the good part: the header and `entries`, byte for byte.
    pub good_len: usize,
    pub damage: Option<Damage>,
}

/// Reads a journal's bytes. Damage after the header is reported, not an
/// error; a missing or unreadable header is an error, since nothing can be
/// rebuilt without it.
pub fn parse(file: &Path, bytes: &[u8]) -> Result<Parsed, StoreError> {
    let corrupt = |found: String| StoreError::Corrupt {
        file: file.to_path_buf(),
        line: 1,
        expected: "a kbwalk session header (`CRC {\"record\":\"session\",...}`)".to_string(),
        found,
    };
    let mut lines = bytes.split_inclusive(|b| *b == b'\n');
    let first = lines
        .next()
        .ok_or_else(|| corrupt("an empty file".into()))?;
    let Some(first_body) = first.strip_suffix(b"\n") else {
        return Err(corrupt(
            Fault::Incomplete { bytes: first.len() }.to_string(),
        ));
    };
    let header = match decode(first_body) {
        Ok(Line::Session(h)) => h,
        Ok(_) => return Err(corrupt("a record that is not a header".into())),
        Err(fault) => return Err(corrupt(fault.to_string())),
    };
    if header.format > super::record::FORMAT {
        return Err(StoreError::Corrupt {
            file: file.to_path_buf(),
            line: 1,
            expected: format!("journal format {} or older", super::record::FORMAT),
            found: format!("format {} (written by a newer kbwalk)", header.format),
        });
    }

    let mut entries = Vec::new();
    let mut good_len = first.len();
    let mut damage = None;
    for (index, line) in lines.enumerate() {
        let number = index + 2;
        let result = match line.strip_suffix(b"\n") {
            None => Err(Fault::Incomplete { bytes: line.len() }),
            Some(body) => decode(body).and_then(|l| {
                let expected = entries.len() as u64 + 1;
                let (seq, at, by, what) = match l {
                    Line::Session(_) => return Err(Fault::SecondHeader),
                    Line::Input { seq, at, by, input } => (seq, at, by, What::Input(input)),
                    Line::Tree { seq, at, by, tree } => (seq, at, by, What::Tree(tree)),
                    Line::Dismissed { seq, at, by } => (seq, at, by, What::Dismissed),
                };
                if seq != expected {
                    return Err(Fault::OutOfSequence {
                        expected,
                        found: seq,
                    });
                }
                Ok(Entry { seq, at, by, what })
            }),
        };
        match result {
            Ok(entry) => {
                entries.push(entry);
                good_len += line.len();
            }
            Err(fault) => {
                let rest = &bytes[good_len..];
                let pieces: Vec<&[u8]> = rest.split_inclusive(|b| *b == b'\n').collect();
                let dropped = pieces
                    .iter()
                    .take(DESCRIBED)
                    .map(|p| {
                        let body = p.strip_suffix(b"\n").unwrap_or(p);
                        describe_damaged(body)
                            .unwrap_or_else(|| format!("{} unreadable bytes", p.len()))
                    })
                    .collect();
                damage = Some(Damage {
                    file: file.to_path_buf(),
                    line: number,
                    fault,
                    dropped_lines: pieces.len(),
                    dropped_bytes: rest.len(),
                    dropped,
                    kept_as: None,
                });
                break;
            }
        }
    }
    Ok(Parsed {
        header,
        entries,
        good_len,
        damage,
    })
}

/// Temporary files of an atomic replace start with this.
const TEMP_PREFIX: &str = ".journal-";

/// Removes temporary files that a writer killed in the middle of a replace
/// left behind. Only the lock holder may call it: nobody else can be
/// replacing the journal then.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Replaces `path` with `bytes` so that a reader, or a power cut, sees the
/// old content or the new, never a mix: a temporary file in the same folder,
/// fsync, rename over `path`, fsync the folder.
pub fn replace_atomically(
    path: &Path,
    bytes: &[u8],
    durability: Durability,
) -> Result<(), StoreError> {
    use crate::atomic::{AtomicWriteError, replace_file_with};
    replace_file_with(path, bytes, TEMP_PREFIX, durability).map_err(|e| match e {
        AtomicWriteError::Create { dir, source, .. } => StoreError::io(&dir, source),
        AtomicWriteError::Write { at, source, .. } => StoreError::io(&at, source),
        AtomicWriteError::SyncFolder { dir, source } => StoreError::io(&dir, source),
    })
}

/// Repairs a damaged journal: keeps the file as found under the first free
/// name `journal.damaged.N` (a hard link, so no copy), then replaces the
/// journal with its good part. One folder fsync makes both durable: the link
/// is made before the rename, and the file system journals them in order.
pub fn repair(path: &Path, good: &[u8], durability: Durability) -> Result<PathBuf, StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "journal".into());
    let mut n = 1;
    let kept = loop {
        let kept = dir.join(format!("{name}.damaged.{n}"));
        n += 1;
        if kept.exists() {
            continue;
        }
        let linked = std::fs::hard_link(path, &kept).or_else(|_| {
            std::fs::copy(path, &kept).and_then(|_| durability.sync_all(&File::open(&kept)?))
        });
        match linked {
            Ok(()) => break kept,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(StoreError::io(&kept, e)),
        }
    };
    replace_atomically(path, good, durability)?;
    Ok(kept)
}

/// The journal open for appending. With full durability, every append is
/// on disk when it returns.
#[derive(Debug)]
pub struct Appender {
    file: File,
    path: PathBuf,
    /// The length of the good part; a failed append is cut back to it.
    len: u64,
    /// Set when a failed append could not be undone: the file may end in a
    /// partial record, so nothing more may be appended after it.
    broken: Option<String>,
    durability: Durability,
}

impl Appender {
    /// How this journal's appends reach the disk.
    pub fn durability(&self) -> Durability {
        self.durability
    }

    pub fn open(path: &Path, durability: Durability) -> Result<Appender, StoreError> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| StoreError::io(path, e))?;
        let len = file.metadata().map_err(|e| StoreError::io(path, e))?.len();
        Ok(Appender {
            file,
            path: path.to_path_buf(),
            len,
            broken: None,
            durability,
        })
    }

    /// Writes one framed record and waits until it is on disk.
    pub fn append(&mut self, record: &[u8]) -> Result<(), StoreError> {
        if let Some(why) = &self.broken {
            return Err(StoreError::JournalBroken {
                file: self.path.clone(),
                reason: why.clone(),
            });
        }
        let written = self
            .file
            .write_all(record)
            .and_then(|_| self.durability.sync_data(&self.file));
        match written {
            Ok(()) => {
                self.len += record.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Disk full, or an I/O error: take back whatever part was
                // written, so the next append does not follow a torn record.
                let undone = self
                    .file
                    .set_len(self.len)
                    .and_then(|_| self.durability.sync_data(&self.file));
                if let Err(undo) = undone {
                    self.broken = Some(format!("{e}; then could not cut it back: {undo}"));
                }
                Err(StoreError::io(&self.path, e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Input;
    use crate::store::record::{TreeVersion, encode_entry, encode_header};

    fn sample() -> Vec<u8> {
        let header = Header {
            format: 1,
            id: "s1".into(),
            tree: TreeVersion {
                id: "t".into(),
                version: "1".into(),
                hash: "0".into(),
            },
            symptom: None,
            operator: "alice".into(),
            created_at: 10,
        };
        let mut bytes = encode_header(&header);
        for seq in 1..=3 {
            bytes.extend(encode_entry(&Entry {
                seq,
                at: 10 + seq as i64,
                by: "alice".into(),
                what: What::Input(Input::Back),
            }));
        }
        bytes
    }

    #[test]
    fn a_clean_journal_has_no_damage() {
        let bytes = sample();
        let p = parse(Path::new("j"), &bytes).unwrap();
        assert_eq!(p.entries.len(), 3);
        assert_eq!(p.good_len, bytes.len());
        assert!(p.damage.is_none());
    }

    #[test]
    fn a_cut_last_record_is_dropped_and_described() {
        let bytes = sample();
        let cut = &bytes[..bytes.len() - 5];
        let p = parse(Path::new("j"), cut).unwrap();
        assert_eq!(p.entries.len(), 2);
        let d = p.damage.unwrap();
        assert_eq!((d.line, d.dropped_lines), (4, 1));
        assert!(matches!(d.fault, Fault::Incomplete { .. }));
        assert!(
            d.message().starts_with("j:4: found a record cut short"),
            "{}",
            d.message()
        );
    }

    #[test]
    fn a_removed_line_breaks_the_sequence() {
        let bytes = sample();
        let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
        let edited = [lines[0], lines[1], lines[3]].concat();
        let p = parse(Path::new("j"), &edited).unwrap();
        assert_eq!(p.entries.len(), 1);
        assert_eq!(
            p.damage.unwrap().fault,
            Fault::OutOfSequence {
                expected: 2,
                found: 3
            }
        );
    }

    #[test]
    fn a_bad_header_is_an_error_naming_line_1() {
        let err = parse(Path::new("j"), b"hello\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "j:1: expected a kbwalk session header (`CRC {\"record\":\"session\",...}`), found a line without its 8-digit checksum"
        );
    }
}
