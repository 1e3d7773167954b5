//! The journal's records, one per line: `CRC JSON\n`, where CRC is the
//! CRC-32 of the JSON text as 8 hex digits. A line that lacks its newline,
//! whose checksum does not match, or whose JSON does not parse is damage.
//!
//! Line 1 is the session's header; every later line is an entry numbered
//! from 1 without gaps, so a line removed by hand is noticed too.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::crc::crc32;
use crate::engine::Input;
use crate::wording::describe_input_briefly;

/// The version of the journal format this code writes and reads. Format 2
/// added the `dismissed` record; a format 1 journal reads as before.
pub const FORMAT: u32 = 2;

/// The oldest format that can hold `what`: a journal of an older format is
/// raised before such a record goes in, so that the kbwalk which wrote it
/// says "written by a newer kbwalk" instead of taking the record for damage.
pub(crate) fn format_needed(what: &What) -> u32 {
    match what {
        What::Input(_) | What::Tree(_) => 1,
        What::Dismissed => 2,
    }
}

/// Which tree, and which content of it, a session walks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeVersion {
    pub id: String,
    /// The version the tree declares, e.g. `1.0`.
    pub version: String,
    /// The hash of the tree file's text (`LoadedTree::hash`).
    pub hash: String,
}

/// The first line of every journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub id: String,
    pub tree: TreeVersion,
    pub symptom: Option<String>,
    /// Who started the session.
    pub operator: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// One record after the header: who did what, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: u64,
    /// Unix seconds when it was recorded.
    pub at: i64,
    pub by: String,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// An input the engine accepted when it was recorded.
    Input(Input),
    /// The session went on with a tree whose content differs from the one
    /// recorded before.
    Tree(TreeVersion),
    /// Set aside as abandoned: kept on disk, left out of listings by
    /// default. Any later record brings the session back.
    Dismissed,
}

/// A line as written.
#[derive(Serialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum LineOut<'a> {
    Session(&'a Header),
    Input {
        seq: u64,
        at: i64,
        by: &'a str,
        input: &'a Input,
    },
    Tree {
        seq: u64,
        at: i64,
        by: &'a str,
        tree: &'a TreeVersion,
    },
    Dismissed {
        seq: u64,
        at: i64,
        by: &'a str,
    },
}

/// A line as read.
#[derive(Debug, PartialEq)]
pub(crate) enum Line {
    Session(Header),
    Input {
        seq: u64,
        at: i64,
        by: String,
        input: Input,
    },
    Tree {
        seq: u64,
        at: i64,
        by: String,
        tree: TreeVersion,
    },
    Dismissed {
        seq: u64,
        at: i64,
        by: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Session,
    Input,
    Tree,
    Dismissed,
}

/// Every field any line may have. Read flat, because serde reads a
/// `#[serde(tag)]` enum by buffering the whole record first, which made
/// reading a long journal several times slower.
#[derive(Deserialize)]
struct RawLine {
    record: Kind,
    seq: Option<u64>,
    at: Option<i64>,
    by: Option<String>,
    input: Option<Input>,
    tree: Option<TreeVersion>,
    format: Option<u32>,
    id: Option<String>,
    symptom: Option<String>,
    operator: Option<String>,
    created_at: Option<i64>,
}

fn required<T>(value: Option<T>, field: &str) -> Result<T, Fault> {
    value.ok_or_else(|| Fault::NotARecord {
        detail: format!("missing field `{field}`"),
    })
}

impl TryFrom<RawLine> for Line {
    type Error = Fault;

    fn try_from(raw: RawLine) -> Result<Line, Fault> {
        Ok(match raw.record {
            Kind::Session => Line::Session(Header {
                format: required(raw.format, "format")?,
                id: required(raw.id, "id")?,
                tree: required(raw.tree, "tree")?,
                symptom: raw.symptom,
                operator: required(raw.operator, "operator")?,
                created_at: required(raw.created_at, "created_at")?,
            }),
            Kind::Input => Line::Input {
                seq: required(raw.seq, "seq")?,
                at: required(raw.at, "at")?,
                by: required(raw.by, "by")?,
                input: required(raw.input, "input")?,
            },
            Kind::Tree => Line::Tree {
                seq: required(raw.seq, "seq")?,
                at: required(raw.at, "at")?,
                by: required(raw.by, "by")?,
                tree: required(raw.tree, "tree")?,
            },
            Kind::Dismissed => Line::Dismissed {
                seq: required(raw.seq, "seq")?,
                at: required(raw.at, "at")?,
                by: required(raw.by, "by")?,
            },
        })
    }
}

fn parse_line(json: &[u8]) -> Result<Line, Fault> {
    serde_json::from_slice::<RawLine>(json)
        .map_err(|e| Fault::NotARecord {
            detail: e.to_string(),
        })?
        .try_into()
}

fn frame(json: Vec<u8>) -> Vec<u8> {
    let mut line = format!("{:08x} ", crc32(&json)).into_bytes();
    line.extend_from_slice(&json);
    line.push(b'\n');
    line
}

pub fn encode_header(header: &Header) -> Vec<u8> {
    frame(serde_json::to_vec(&LineOut::Session(header)).expect("a header always serializes"))
}

pub fn encode_entry(entry: &Entry) -> Vec<u8> {
    let out = match &entry.what {
        What::Input(input) => LineOut::Input {
            seq: entry.seq,
            at: entry.at,
            by: &entry.by,
            input,
        },
        What::Tree(tree) => LineOut::Tree {
            seq: entry.seq,
            at: entry.at,
            by: &entry.by,
            tree,
        },
        What::Dismissed => LineOut::Dismissed {
            seq: entry.seq,
            at: entry.at,
            by: &entry.by,
        },
    };
    frame(serde_json::to_vec(&out).expect("an entry always serializes"))
}

/// Why a line is not a good record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum Fault {
    /// The file ends inside this line: a write was cut short.
    Incomplete {
        bytes: usize,
    },
    NoChecksum,
    ChecksumMismatch {
        stated: String,
        computed: String,
    },
    NotARecord {
        detail: String,
    },
    OutOfSequence {
        expected: u64,
        found: u64,
    },
    SecondHeader,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Incomplete { bytes } => write!(
                f,
                "a record cut short ({bytes} bytes without the closing newline)"
            ),
            Fault::NoChecksum => f.write_str("a line without its 8-digit checksum"),
            Fault::ChecksumMismatch { stated, computed } => write!(
                f,
                "a line whose checksum {stated} does not match its content ({computed})"
            ),
            Fault::NotARecord { detail } => write!(f, "a line that is not a record ({detail})"),
            Fault::OutOfSequence { expected, found } => write!(
                f,
                "record number {found} where {expected} was due (a record is missing or repeated)"
            ),
            Fault::SecondHeader => f.write_str("a second session header"),
        }
    }
}

/// Checks a line's frame (without its newline) and parses the record in it.
pub(crate) fn decode(line: &[u8]) -> Result<Line, Fault> {
    let (stated, json) = split_frame(line).ok_or(Fault::NoChecksum)?;
    let computed = format!("{:08x}", crc32(json));
    if !stated.eq_ignore_ascii_case(&computed) {
        return Err(Fault::ChecksumMismatch { stated, computed });
    }
    parse_line(json)
}

fn split_frame(line: &[u8]) -> Option<(String, &[u8])> {
    let prefix = line.get(..9)?;
    if prefix[8] != b' ' || !prefix[..8].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    Some((
        String::from_utf8_lossy(&prefix[..8]).into_owned(),
        &line[9..],
    ))
}

/// What a damaged line held, in words, when its JSON can still be read.
pub(crate) fn describe_damaged(line: &[u8]) -> Option<String> {
    let json = split_frame(line).map(|(_, j)| j).unwrap_or(line);
    match parse_line(json).ok()? {
        Line::Input { input, .. } => Some(describe_input_briefly(&input)),
        Line::Tree { tree, .. } => Some(format!("a note that tree `{}` changed", tree.id)),
        Line::Session(_) => Some("a session header".to_string()),
        Line::Dismissed { .. } => Some("a dismissal".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::StepStatus;

    fn entry() -> Entry {
        Entry {
            seq: 3,
            at: 1_795_000_000,
            by: "alice".into(),
            what: What::Input(Input::SetStepStatus {
                step: "ct2-wait".into(),
                status: StepStatus::Done,
                at: 1_795_000_000,
            }),
        }
    }

    #[test]
    fn an_entry_reads_back_as_written() {
        let bytes = encode_entry(&entry());
        assert_eq!(bytes.last(), Some(&b'\n'));
        let Line::Input { seq, at, by, input } = decode(&bytes[..bytes.len() - 1]).unwrap() else {
            panic!("not an input line");
        };
        let back = Entry {
            seq,
            at,
            by,
            what: What::Input(input),
        };
        assert_eq!(back, entry());
    }

    #[test]
    fn a_changed_byte_fails_the_checksum() {
        let mut bytes = encode_entry(&entry());
        let at = bytes.windows(4).position(|w| w == b"wait").unwrap();
        bytes[at + 1] = b'e';
        let fault = decode(&bytes[..bytes.len() - 1]).err().unwrap();
        assert!(matches!(fault, Fault::ChecksumMismatch { .. }), "{fault:?}");
        assert_eq!(
            describe_damaged(&bytes[..bytes.len() - 1]).as_deref(),
            Some("Step `ct2-weit`: marked done")
        );
    }

    #[test]
    fn a_line_without_checksum_is_named_so() {
        assert_eq!(decode(b"{\"record\":\"input\"}"), Err(Fault::NoChecksum));
    }
}
