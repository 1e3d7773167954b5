//! The bytes of an index file, written and read by hand: a warm start reads
//! thousands of summaries, and a general-purpose format spent most of that
//! start finding where strings end and unescaping them.
//!
//! Little-endian numbers; a list is its length (`u32`) then its items. Each
//! distinct string is stored once, in a table (its byte length as `u32`,
//! then its UTF-8 bytes), and everywhere else is its place in the table
//! (`str` below, a `u32`): keywords, titles and article ids repeat across a
//! library. A symptom's articles are indexes into its tree's article list,
//! as they nearly always are ids of that list; `u32::MAX` is followed by the
//! id itself.
//!
//! ```text
//! rules: bytes, folder: bytes, written: u128, table: [bytes], files: u32
//! per file: name: str, size: u64, modified: u128, hash: str, kind: u8
//!   kind 0, a tree: id line: u64, id column: u64, id, version, title: str,
//!     draft: u8, articles: [id: str, title: str],
//!     symptoms: [id: str, text: str, keywords: [str], articles: [u32]]
//!   kind 1, problems: [file: str, line: u64, column: u64, message: str]
//! ```
//!
//! Reading checks every length against what is left, so a damaged file ends
//! in `None`, never in a panic or a huge allocation.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::tree::summary::{ArticleSummary, SymptomSummary};
use crate::tree::{Problem, TreeSummary};

use super::cache::{Found, IndexedFile, Stamp};

const TREE: u8 = 0;
const PROBLEMS: u8 = 1;
/// A symptom's article that is not in its tree's list: the id follows.
const ARTICLE_BY_ID: u32 = u32::MAX;

/// The body of an index of `folder` holding `files`.
pub fn encode(rules: &str, folder: &Path, written: u128, files: &[&IndexedFile]) -> Vec<u8> {
    let mut out = Writer {
        bytes: Vec::with_capacity(files.len() * 1024),
        table: Vec::new(),
        places: HashMap::new(),
    };
    out.len(files.len());
    for f in files {
        out.str(&f.name);
        out.u64(f.stamp.size);
        out.u128(f.stamp.modified);
        out.str(&f.hash);
        match &f.found {
            Found::Tree { summary, id_at } => {
                out.bytes.push(TREE);
                out.u64(id_at.0 as u64);
                out.u64(id_at.1 as u64);
                out.summary(summary);
            }
            Found::Problems(problems) => {
                out.bytes.push(PROBLEMS);
                out.len(problems.len());
                for p in problems {
                    out.str(&p.file);
                    out.u64(p.line as u64);
                    out.u64(p.column as u64);
                    out.str(&p.message);
                }
            }
        }
    }
    let records = out.bytes;
    let mut head = Writer {
        bytes: Vec::with_capacity(
            records.len() + out.table.iter().map(|s| s.len() + 4).sum::<usize>() + 64,
        ),
        table: Vec::new(),
        places: HashMap::new(),
    };
    head.raw(rules.as_bytes());
    head.raw(folder.as_os_str().as_encoded_bytes());
    head.u128(written);
    head.len(out.table.len());
    for s in &out.table {
        head.raw(s.as_bytes());
    }
    head.bytes.extend_from_slice(&records);
    head.bytes
}

/// What [`decode`] found before the files.
pub struct Head {
    pub written: u128,
}

/// The files of an index body, when it is whole and was made under `rules`
/// for `folder`.
pub fn decode(body: &[u8], rules: &str, folder: &Path) -> Option<(Head, Vec<IndexedFile>)> {
    let mut r = Reader {
        rest: body,
        table: Vec::new(),
        shared: Vec::new(),
    };
    if r.bytes()? != rules.as_bytes() || r.bytes()? != folder.as_os_str().as_encoded_bytes() {
        return None;
    }
    let written = r.u128()?;
    let count = r.len(4)?;
    let mut table = Vec::with_capacity(count);
    for _ in 0..count {
        table.push(std::str::from_utf8(r.bytes()?).ok()?);
    }
    r.shared = vec![None; table.len()];
    r.table = table;
    // A file takes at least 37 bytes (one with no problems listed).
    let count = r.len(37)?;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        let name = r.string()?;
        let stamp = Stamp {
            size: r.u64()?,
            modified: r.u128()?,
        };
        let hash = r.string()?;
        let found = match r.u8()? {
            TREE => {
                let id_at = (r.usize()?, r.usize()?);
                Found::Tree {
                    summary: r.summary()?,
                    id_at,
                }
            }
            PROBLEMS => {
                let count = r.len(24)?;
                let mut problems = Vec::with_capacity(count);
                for _ in 0..count {
                    problems.push(Problem {
                        file: r.string()?,
                        line: r.usize()?,
                        column: r.usize()?,
                        message: r.string()?,
                    });
                }
                Found::Problems(problems)
            }
            _ => return None,
        };
        files.push(IndexedFile {
            name,
            stamp,
            hash,
            found,
        });
    }
    r.rest.is_empty().then_some((Head { written }, files))
}

struct Writer<'a> {
    bytes: Vec<u8>,
    /// The distinct strings, in the order first written.
    table: Vec<&'a str>,
    places: HashMap<&'a str, u32>,
}

impl<'a> Writer<'a> {
    fn u64(&mut self, n: u64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn u128(&mut self, n: u128) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn u32(&mut self, n: u32) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    /// A count or length; nothing kbwalk indexes comes near 4 GiB (tree
    /// files are limited far below), so one that did is cut to fit.
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX - 1));
    }

    /// Bytes as they are, after their length.
    fn raw(&mut self, b: &[u8]) {
        let b = &b[..b.len().min(u32::MAX as usize - 1)];
        self.len(b.len());
        self.bytes.extend_from_slice(b);
    }

    /// A string, as its place in the table.
    fn str(&mut self, s: &'a str) {
        let next = self.table.len() as u32;
        let place = *self.places.entry(s).or_insert(next);
        if place == next {
            self.table.push(s);
        }
        self.u32(place);
    }

    fn summary(&mut self, t: &'a TreeSummary) {
        self.str(&t.id);
        self.str(&t.version);
        self.str(&t.title);
        self.bytes.push(u8::from(t.draft));
        self.len(t.articles.len());
        for a in &t.articles {
            self.str(&a.id);
            self.str(&a.title);
        }
        self.len(t.symptoms.len());
        for s in &t.symptoms {
            self.str(&s.id);
            self.str(&s.text);
            self.len(s.keywords.len());
            for k in &s.keywords {
                self.str(k);
            }
            self.len(s.articles.len());
            for id in &s.articles {
                match t.articles.iter().position(|a| a.id == *id) {
                    Some(i) if i < ARTICLE_BY_ID as usize => self.len(i),
                    _ => {
                        self.u32(ARTICLE_BY_ID);
                        self.str(id);
                    }
                }
            }
        }
    }
}

struct Reader<'a> {
    rest: &'a [u8],
    table: Vec<&'a str>,
    /// The table's strings made shared, each when first wanted: a summary
    /// holds a string where it repeats without making it again.
    shared: Vec<Option<Arc<str>>>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.array()?))
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A count of items taking at least `item_bytes` each: one larger than
    /// what is left can only come from a damaged file.
    fn len(&mut self, item_bytes: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(item_bytes) <= self.rest.len()).then_some(n)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        let place = self.u32()? as usize;
        self.table.get(place).copied()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn shared(&mut self) -> Option<Arc<str>> {
        let place = self.u32()? as usize;
        let shared = self.shared.get_mut(place)?;
        Some(
            shared
                .get_or_insert_with(|| self.table[place].into())
                .clone(),
        )
    }

    fn shared_list(&mut self) -> Option<Vec<Arc<str>>> {
        let count = self.len(4)?;
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            out.push(self.shared()?);
        }
        Some(out)
    }

    fn summary(&mut self) -> Option<TreeSummary> {
        let id = self.shared()?;
        let version = self.shared()?;
        let title = self.shared()?;
        let draft = match self.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let count = self.len(8)?;
        let mut articles = Vec::with_capacity(count);
        for _ in 0..count {
            articles.push(ArticleSummary {
                id: self.shared()?,
                title: self.shared()?,
            });
        }
        let count = self.len(16)?;
        let mut symptoms = Vec::with_capacity(count);
        for _ in 0..count {
            let id = self.shared()?;
            let text = self.shared()?;
            let keywords = self.shared_list()?;
            let count = self.len(4)?;
            let mut ids = Vec::with_capacity(count);
            for _ in 0..count {
                let id = match self.u32()? {
                    ARTICLE_BY_ID => self.shared()?,
                    i => articles.get(i as usize)?.id.clone(),
                };
                ids.push(id);
            }
            symptoms.push(SymptomSummary {
                id,
                text,
                keywords,
                articles: ids,
            });
        }
        Some(TreeSummary {
            id,
            version,
            title,
            draft,
            articles,
            symptoms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<IndexedFile> {
        let summary = TreeSummary {
            id: "printer".into(),
            version: "1.0".into(),
            title: "Printers — \u{e9}".into(),
            draft: true,
            articles: vec![
                ArticleSummary {
                    id: "Q1".into(),
                    title: "One".into(),
                },
                ArticleSummary {
                    id: "Q2".into(),
                    title: "Two".into(),
                },
            ],
            symptoms: vec![SymptomSummary {
                id: "no-output".into(),
                text: "Nothing comes out".into(),
                keywords: vec!["paper".into(), "".into()],
                articles: vec!["Q2".into(), "Q9".into(), "Q1".into()],
            }],
        };
        vec![
            IndexedFile {
                name: "a.yaml".into(),
                stamp: Stamp {
                    size: 12,
                    modified: 1 << 100,
                },
                hash: "abc".into(),
                found: Found::Tree {
                    summary,
                    id_at: (3, 5),
                },
            },
            IndexedFile {
                name: "b.yaml".into(),
                stamp: Stamp {
                    size: 0,
                    modified: 7,
                },
                hash: String::new(),
                found: Found::Problems(vec![Problem {
                    file: "dir/b.yaml".into(),
                    line: 2,
                    column: 9,
                    message: "expected a map".into(),
                }]),
            },
        ]
    }

    fn encoded(files: &[IndexedFile]) -> Vec<u8> {
        encode(
            "rules",
            Path::new("/trees"),
            42,
            &files.iter().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let files = sample();
        let (head, back) = decode(&encoded(&files), "rules", Path::new("/trees")).unwrap();
        assert_eq!(head.written, 42);
        assert_eq!(format!("{back:?}"), format!("{files:?}"));
    }

    #[test]
    fn other_rules_another_folder_or_any_cut_is_refused() {
        let body = encoded(&sample());
        assert!(decode(&body, "other", Path::new("/trees")).is_none());
        assert!(decode(&body, "rules", Path::new("/elsewhere")).is_none());
        for end in 0..body.len() {
            assert!(decode(&body[..end], "rules", Path::new("/trees")).is_none());
        }
        let mut longer = body.clone();
        longer.push(0);
        assert!(decode(&longer, "rules", Path::new("/trees")).is_none());
    }

    #[test]
    fn a_length_or_count_past_the_end_is_refused_without_allocating_it() {
        let body = encoded(&sample());
        // The string count, after the rules, the folder and the time written.
        let at = 4 + "rules".len() + 4 + "/trees".len() + 16;
        for bad in [u32::MAX - 1, 1 << 30] {
            let mut damaged = body.clone();
            damaged[at..at + 4].copy_from_slice(&bad.to_le_bytes());
            assert!(decode(&damaged, "rules", Path::new("/trees")).is_none());
        }
        // The first string's length.
        let mut damaged = body.clone();
        damaged[at + 4..at + 8].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
        assert!(decode(&damaged, "rules", Path::new("/trees")).is_none());
    }

    #[test]
    fn a_place_outside_the_table_is_refused() {
        let files = sample();
        let body = encoded(&files);
        // The last file's last string: the message of its problem.
        let at = body.len() - 4;
        let mut damaged = body.clone();
        damaged[at..].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
        assert!(decode(&damaged, "rules", Path::new("/trees")).is_none());
        // Pointing at another string of the table is read as that string.
        damaged[at..].copy_from_slice(&0u32.to_le_bytes());
        let (_, back) = decode(&damaged, "rules", Path::new("/trees")).unwrap();
        let Found::Problems(p) = &back[1].found else {
            panic!("{back:?}")
        };
        assert_eq!(p[0].message, "a.yaml");
    }

    #[test]
    fn a_string_repeated_is_stored_once() {
        let mut files = sample();
        let one = encoded(&files).len();
        let copy = IndexedFile {
            name: "c.yaml".into(),
            ..files[0].clone()
        };
        files.push(copy);
        let text = b"Nothing comes out";
        let body = encoded(&files);
        let times = body.windows(text.len()).filter(|w| w == text).count();
        assert_eq!(times, 1);
        assert!(body.len() - one < 200, "{} more bytes", body.len() - one);

        // Read back, both trees hold the one copy of each string.
        let (_, back) = decode(&body, "rules", Path::new("/trees")).unwrap();
        let [
            Found::Tree { summary: a, .. },
            Found::Tree { summary: b, .. },
        ] = [&back[0].found, &back[2].found]
        else {
            panic!("{back:?}")
        };
        assert!(Arc::ptr_eq(&a.symptoms[0].text, &b.symptoms[0].text));
        // A symptom's article is its tree's article id, not a copy of it.
        assert!(Arc::ptr_eq(&a.symptoms[0].articles[0], &b.articles[1].id));
    }
}
