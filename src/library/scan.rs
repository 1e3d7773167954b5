//! Reading the tree files of one folder (or one file) into summaries:
//! through the folder's index when it has one, parsing in parallel only the
//! files that are new or changed, and writing the index back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::tree::load::{read_tree_file, tree_files};
use crate::tree::problem::Locator;
use crate::tree::{Problem, TreeSummary};

use super::cache::{self, Found, IndexedFile, Stamp};

/// One valid tree file, summarised.
#[derive(Debug, Clone)]
pub struct ScannedTree {
    pub path: PathBuf,
    /// How messages name it.
    pub file: String,
    pub summary: TreeSummary,
    pub id_at: (usize, usize),
}

/// The valid trees under `path` in file order, and the problems of the others.
/// A folder's index is read from and written to `cache_dir` when given.
pub fn scan(path: &Path, cache_dir: Option<&Path>) -> (Vec<ScannedTree>, Vec<Problem>) {
    let listed = match list_files(path) {
        Ok(listed) => listed,
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
    let mut known = Known::new(old.map(|i| i.files).unwrap_or_default());

    let mut results: Vec<Option<IndexedFile>> = Vec::with_capacity(listed.len());
    let mut todo: Vec<(usize, Option<IndexedFile>)> = Vec::new();
    for (i, (f, stamp)) in listed.iter().enumerate() {
        let cached = f
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| known.take(n));
        match (cached, written, stamp) {
            (Some(cached), Some(written), Some(now))
                if cache::trusts(written, &cached.stamp, now) =>
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
    let fresh = parallel_map(&todo, |(i, cached)| {
        read_one(&listed[*i].0, cached.as_ref())
    });
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

    let mut trees = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for (indexed, (path, _)) in results.into_iter().zip(listed) {
        match indexed.found {
            Found::Tree { summary, id_at } => trees.push(ScannedTree {
                // As `display` names it, without its pass for text that is
                // not UTF-8 when the path is UTF-8.
                file: path
                    .to_str()
                    .map_or_else(|| path.display().to_string(), str::to_string),
                path,
                summary,
                id_at,
            }),
            Found::Problems(mut p) => problems.append(&mut p),
        }
    }
    (trees, problems)
}

/// The files `path` stands for, as [`tree_files`] lists them, each with its
/// stamp when it can be had. The folder's own listing gives the file type
/// and a stat relative to the folder: one cheap call per file instead of
/// two walks of the whole path.
fn list_files(path: &Path) -> Result<Vec<(PathBuf, Option<Stamp>)>, Problem> {
    let stamp_of = |p: &Path| std::fs::metadata(p).ok().map(|m| Stamp::of(&m));
    if !path.is_dir() {
        return Ok(tree_files(path)?
            .into_iter()
            .map(|p| {
                let stamp = stamp_of(&p);
                (p, stamp)
            })
            .collect());
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        // The same message as everywhere else a folder cannot be read.
        return tree_files(path).map(|files| files.into_iter().map(|p| (p, None)).collect());
    };
    let mut files: Vec<(PathBuf, Option<Stamp>)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            matches!(
                Path::new(&name).extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            )
        })
        .filter_map(|e| {
            let path = e.path();
            // A link is followed, as `tree_files` does.
            let meta = match e.file_type() {
                Ok(t) if t.is_symlink() => std::fs::metadata(&path),
                _ => e.metadata(),
            };
            match meta {
                Ok(m) if m.is_file() => Some((path, Some(Stamp::of(&m)))),
                _ => None,
            }
        })
        .collect();
    // One folder: every path is the folder's, a separator and the name, so
    // ordering the paths' bytes orders the names, without taking each name
    // apart again at every comparison.
    files.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    Ok(files)
}

/// The files of the last index, taken by name. A folder listed in the same
/// order as last time (the usual case) is matched in step, without a map.
struct Known {
    files: Vec<Option<IndexedFile>>,
    next: usize,
    by_name: Option<HashMap<String, usize>>,
}

impl Known {
    fn new(files: Vec<IndexedFile>) -> Known {
        Known {
            files: files.into_iter().map(Some).collect(),
            next: 0,
            by_name: None,
        }
    }

    fn take(&mut self, name: &str) -> Option<IndexedFile> {
        if let Some(slot) = self.files.get_mut(self.next)
            && slot.as_ref().is_some_and(|f| f.name == name)
        {
            self.next += 1;
            return slot.take();
        }
        let files = &self.files;
        let by_name = self.by_name.get_or_insert_with(|| {
            files
                .iter()
                .enumerate()
                .filter_map(|(i, f)| Some((f.as_ref()?.name.clone(), i)))
                .collect()
        });
        let i = *by_name.get(name)?;
        self.next = i + 1;
        self.files[i].take()
    }
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
    let hash = cache::fingerprint(&src);
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
