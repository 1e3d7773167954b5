//! Reading the tree files of one folder (or one file) into summaries:
//! through the folder's index when it has one, parsing in parallel only the
//! files that are new or changed, and writing the index back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::tree::load::{content_hash, read_tree_file, tree_files};
use crate::tree::problem::Locator;
use crate::tree::{Problem, TreeSummary};

use super::cache::{self, Found, IndexedFile, Stamp};

/// One valid tree file, summarised.
#[derive(Debug, Clone)]
pub struct ScannedTree {
    pub path: PathBuf,
    /// How messages name it.
    pub file: String,
    pub hash: String,
    pub summary: TreeSummary,
    pub id_at: (usize, usize),
}

/// The valid trees under `path` in file order, and the problems of the others.
/// A folder's index is read from and written to `cache_dir` when given.
pub fn scan(path: &Path, cache_dir: Option<&Path>) -> (Vec<ScannedTree>, Vec<Problem>) {
    let files = match tree_files(path) {
        Ok(files) => files,
        Err(p) => return (Vec::new(), vec![p]),
    };
    // A folder's index is keyed by its absolute path; single files are read as they are.
    let folder = path
        .is_dir()
        .then(|| std::path::absolute(path).ok())
        .flatten();
    let cache_dir = cache_dir.filter(|_| folder.is_some());
    let old = match (cache_dir, &folder) {
        (Some(c), Some(f)) => cache::read(c, f),
        _ => None,
    };
    let written = old.as_ref().map(|o| o.written());
    let old_count = old.as_ref().map(|o| o.files.len());
    // Owned, so that unchanged summaries move on without a copy.
    let mut known: HashMap<String, IndexedFile> = old
        .map(|i| i.files)
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.name.clone(), f))
        .collect();

    let mut results: Vec<Option<IndexedFile>> = Vec::with_capacity(files.len());
    let mut todo: Vec<(usize, Option<IndexedFile>)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let cached = f
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| known.remove(n));
        let stamp = std::fs::metadata(f).map(|m| Stamp::of(&m));
        match (cached, written, stamp) {
            (Some(cached), Some(written), Ok(now))
                if cache::trusts(written, &cached.stamp, &now) =>
            {
                results.push(Some(cached));
            }
            (cached, _, _) => {
                todo.push((i, cached));
                results.push(None);
            }
        }
    }

    let changed = !todo.is_empty();
    let fresh = parallel_map(&todo, |(i, cached)| read_one(&files[*i], cached.as_ref()));
    for ((i, _), indexed) in todo.into_iter().zip(fresh) {
        results[i] = Some(indexed);
    }
    let results: Vec<IndexedFile> = results.into_iter().flatten().collect();

    if let (Some(c), Some(f)) = (cache_dir, &folder) {
        // A name that is not text is not indexed: it is read at every start.
        let cacheable = || results.iter().filter(|r| !r.name.is_empty());
        if changed || old_count != Some(cacheable().count()) {
            cache::write(c, f, cacheable());
        }
    }

    let mut trees = Vec::new();
    let mut problems = Vec::new();
    for (indexed, path) in results.into_iter().zip(files) {
        match indexed.found {
            Found::Tree { summary, id_at } => trees.push(ScannedTree {
                file: path.display().to_string(),
                path,
                hash: indexed.hash,
                summary,
                id_at,
            }),
            Found::Problems(mut p) => problems.append(&mut p),
        }
    }
    (trees, problems)
}

/// Reads one file for its summary (see [`super::skim`]); a file whose content is what the
/// index recorded keeps its recorded summary (only its time stamp moved).
fn read_one(path: &Path, cached: Option<&IndexedFile>) -> IndexedFile {
    let file = path.display().to_string();
    // A name that is not text is not indexed: it is read at every start.
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let stamp = std::fs::metadata(path)
        .map(|m| Stamp::of(&m))
        .unwrap_or(Stamp {
            size: 0,
            modified: 0,
        });
    let src = match read_tree_file(path) {
        Ok(src) => src,
        Err(p) => {
            return IndexedFile {
                name,
                stamp,
                hash: String::new(),
                found: Found::Problems(vec![p]),
            };
        }
    };
    let hash = content_hash(&src);
    if let Some(c) = cached.filter(|c| c.hash == hash) {
        return IndexedFile { stamp, ..c.clone() };
    }
    let found = match super::skim::read_for_summary(&file, &src) {
        Ok(tree) => Found::Tree {
            id_at: Locator::first_id(&src, &tree.id),
            summary: TreeSummary::of(&tree),
        },
        Err(problems) => Found::Problems(problems),
    };
    IndexedFile {
        name,
        stamp,
        hash,
        found,
    }
}

/// `f` over every item, on as many threads as there are cores, results in
/// the items' order. Parsing dominates a cold start, and files are independent.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("reading a tree file does not panic"))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
