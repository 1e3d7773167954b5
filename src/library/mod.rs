//! The set of trees a run can use. Starting needs only each tree's summary
//! (names, symptoms, articles): the built-in ones were made at build time,
//! and a folder's come from its index in the cache folder, re-read only for
//! the files that changed. A whole tree is loaded when a walk needs it.

pub mod builtin;
pub mod cache;
pub mod codec;
pub mod scan;
pub mod skim;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::tree::load::{content_hash, load_source, read_tree_file};
use crate::tree::{LoadedTree, Problem, Problems, TreeSummary};

use builtin::{BUILTIN_TREES, BuiltinTree};

/// Where a tree comes from.
#[derive(Debug, Clone)]
enum Origin {
    Builtin(&'static BuiltinTree),
    File(PathBuf),
    /// Given whole, already loaded.
    Memory,
}

/// One tree of the library: its summary now, the whole tree on demand.
#[derive(Debug, Clone)]
pub struct Entry {
    pub summary: TreeSummary,
    /// How messages name the file: a path, or `builtin:NAME`.
    pub file: String,
    origin: Origin,
    loaded: OnceLock<Result<LoadedTree, Problems>>,
}

impl Entry {
    pub fn id(&self) -> &str {
        &self.summary.id
    }

    pub fn is_builtin(&self) -> bool {
        matches!(self.origin, Origin::Builtin(_))
    }

    /// The whole tree, loaded on first use. A file read again may have
    /// changed since it was summarised: what is returned is always what the
    /// file holds now, validated, and still the tree of this id.
    pub fn load(&self) -> Result<&LoadedTree, &Problems> {
        self.loaded
            .get_or_init(|| match &self.origin {
                Origin::Builtin(b) => Ok(LoadedTree {
                    tree: Arc::new(b.tree()),
                    file: self.file.clone(),
                    hash: b.hash.to_string(),
                }),
                Origin::File(path) => load_file(path, &self.file, &self.summary.id),
                Origin::Memory => unreachable!("a tree given whole is loaded from the start"),
            })
            .as_ref()
    }
}

fn load_file(path: &Path, file: &str, id: &str) -> Result<LoadedTree, Problems> {
    let src = read_tree_file(path).map_err(|p| Problems(vec![p]))?;
    let tree = load_source(file, &src).map_err(Problems)?;
    if tree.id != id {
        return Err(Problems(vec![Problem {
            file: file.to_string(),
            line: 0,
            column: 0,
            message: format!(
                "changed since kbwalk started: it now holds tree `{}`, not `{id}`",
                tree.id
            ),
        }]));
    }
    Ok(LoadedTree {
        tree: Arc::new(tree),
        file: file.to_string(),
        hash: content_hash(&src),
    })
}

/// Why a tree asked for by id cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("unknown tree `{id}`; {known}")]
    Unknown { id: String, known: String },
    #[error("{0}")]
    Broken(Problems),
}

/// Naming every tree helps with a few; with thousands, `list` does it better.
const IDS_NAMED_AT_MOST: usize = 20;

/// The trees in a fixed order: built-in first, then each path in the order given.
#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<Entry>,
    by_id: HashMap<Arc<str>, usize>,
}

impl Library {
    /// The built-in trees and every tree file under `paths`, summarised
    /// through the indexes in `cache_dir` when given. Files with problems are
    /// left out and their problems returned; so is a tree whose id an earlier
    /// file already defines.
    pub fn open(
        builtin: bool,
        paths: &[PathBuf],
        cache_dir: Option<&Path>,
    ) -> (Library, Vec<Problem>) {
        let mut lib = Library::default();
        let mut problems = Vec::new();
        if builtin {
            for b in BUILTIN_TREES {
                lib.push(Entry {
                    summary: b.summary(),
                    file: b.file(),
                    origin: Origin::Builtin(b),
                    loaded: OnceLock::new(),
                });
            }
        }
        for path in paths {
            let (trees, mut found) = scan::scan(path, cache_dir);
            problems.append(&mut found);
            for t in trees {
                if let Some(&first) = lib.by_id.get(&t.summary.id) {
                    problems.push(Problem {
                        file: t.file.clone(),
                        line: t.id_at.0,
                        column: t.id_at.1,
                        message: format!(
                            "tree id `{}` is already defined by {}",
                            t.summary.id, lib.entries[first].file
                        ),
                    });
                    continue;
                }
                lib.push(Entry {
                    summary: t.summary,
                    file: t.file,
                    origin: Origin::File(t.path),
                    loaded: OnceLock::new(),
                });
            }
        }
        lib.drafts_last();
        (lib, problems)
    }

    /// Hand-written trees come first: they outrank drafts imported from the
    /// same articles wherever trees are listed.
    fn drafts_last(&mut self) {
        if !self.entries.iter().any(|e| e.summary.draft) {
            return;
        }
        self.entries.sort_by_key(|e| e.summary.draft);
        self.by_id = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.summary.id.clone(), i))
            .collect();
    }

    /// A library of trees already loaded (in this order; a repeated id is
    /// left out), for programs that make their trees themselves.
    pub fn from_loaded(trees: Vec<LoadedTree>) -> Library {
        let mut lib = Library::default();
        for t in trees {
            if lib.by_id.contains_key(t.tree.id.as_str()) {
                continue;
            }
            lib.push(Entry {
                summary: TreeSummary::of(&t.tree),
                file: t.file.clone(),
                origin: Origin::Memory,
                loaded: OnceLock::from(Ok(t)),
            });
        }
        lib
    }

    /// As [`Library::open`], reading every file and keeping no index.
    pub fn load(builtin: bool, paths: &[PathBuf]) -> (Library, Vec<Problem>) {
        Library::open(builtin, paths, None)
    }

    fn push(&mut self, entry: Entry) {
        self.by_id
            .insert(entry.summary.id.clone(), self.entries.len());
        self.entries.push(entry);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The whole tree of this id, loaded now if it was not yet.
    pub fn tree(&self, id: &str) -> Result<&LoadedTree, LookupError> {
        let Some(entry) = self.entry(id) else {
            let known = if self.entries.len() <= IDS_NAMED_AT_MOST {
                format!("expected one of: {}", self.ids().join(", "))
            } else {
                format!("`kbwalk list` shows the {} trees", self.entries.len())
            };
            return Err(LookupError::Unknown {
                id: id.to_string(),
                known,
            });
        };
        entry.load().map_err(|p| LookupError::Broken(p.clone()))
    }

    /// The whole tree of this id, when it exists and loads.
    pub fn get(&self, id: &str) -> Option<&LoadedTree> {
        self.tree(id).ok()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.entries.iter().map(Entry::id).collect()
    }
}
