//! Reading tree files: the built-in ones, the user's, and `--trees DIR`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::limits::{check_flow_depth, read_text};
use super::model::Tree;
use super::problem::{Problem, yaml_error_position};
use super::validate::validate;

/// The built-in trees, embedded at compile time: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "sms-secondary-site.yaml",
        include_str!("../../trees/sms-secondary-site.yaml"),
    ),
    (
        "sms-site-hierarchy.yaml",
        include_str!("../../trees/sms-site-hierarchy.yaml"),
    ),
];

/// Tree files larger than this are refused: a tree is hand-written text.
const MAX_TREE_BYTES: u64 = 8 * 1024 * 1024;

/// A tree with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedTree {
    pub tree: Arc<Tree>,
    /// How messages name the file: a path, or `builtin:NAME`.
    pub file: String,
    /// A hash of the file's text (16 hex digits): the tree version a stored
    /// session records, so it can tell when the tree changed under it.
    pub hash: String,
}

/// FNV-1a over the text, as 16 hex digits. It detects edits, not attacks:
/// it only decides whether to warn that a tree changed.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Parses one tree file. Serde's own errors (syntax, unknown or missing
/// fields, wrong types) come back with their line and column.
pub fn parse_tree(file: &str, src: &str) -> Result<Tree, Problem> {
    check_flow_depth(file, src)?;
    serde_yaml::from_str::<Tree>(src).map_err(|e| {
        let (line, column) = yaml_error_position(src, &e);
        let mut message = e.to_string();
        // The position is already in front; do not say it twice.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        Problem {
            file: file.to_string(),
            line,
            column,
            message,
        }
    })
}

/// Parses and validates; the tree when it is clean, every problem when not.
pub fn load_source(file: &str, src: &str) -> Result<Tree, Vec<Problem>> {
    let tree = parse_tree(file, src).map_err(|p| vec![p])?;
    let problems = validate(&tree, file, src);
    if problems.is_empty() {
        Ok(tree)
    } else {
        Err(problems)
    }
}

fn read_file(path: &Path) -> Result<String, Problem> {
    read_text(path, MAX_TREE_BYTES, "a tree file")
}

/// The YAML files a path stands for: itself, or the `.yaml`/`.yml` files in it, sorted.
pub fn tree_files(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| Problem {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message: format!("cannot read folder: {e}"),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The trees the program works with, in a fixed order: built-in first, then
/// the user's folder, then each `--trees` path.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub trees: Vec<LoadedTree>,
}

impl Library {
    /// Loads the built-in trees and every file under `paths`. Files with
    /// problems are left out and their problems returned; a tree id that a
    /// later file defines again is a problem too.
    pub fn load(builtin: bool, paths: &[PathBuf]) -> (Library, Vec<Problem>) {
        let mut lib = Library::default();
        let mut problems = Vec::new();
        let mut sources: Vec<(String, Result<String, Problem>)> = Vec::new();
        let mut loaded_sources = Vec::new();
        if builtin {
            for (name, src) in BUILTIN {
                sources.push((format!("builtin:{name}"), Ok(src.to_string())));
            }
        }
        for p in paths {
            match tree_files(p) {
                Ok(files) => {
                    for f in files {
                        let text = read_file(&f);
                        sources.push((f.display().to_string(), text));
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        for (file, text) in sources {
            let src = match text {
                Ok(s) => s,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            match load_source(&file, &src) {
                Ok(tree) => {
                    if let Some(first) = lib.trees.iter().find(|t| t.tree.id == tree.id) {
                        let (line, column) = super::problem::Locator::new(&src).id(&tree.id);
                        problems.push(Problem {
                            file: file.clone(),
                            line,
                            column,
                            message: format!(
                                "tree id `{}` is already defined by {}",
                                tree.id, first.file
                            ),
                        });
                        continue;
                    }
                    lib.trees.push(LoadedTree {
                        tree: Arc::new(tree),
                        hash: content_hash(&src),
                        file,
                    });
                    loaded_sources.push(src);
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        problems.extend(lib.check_links(&loaded_sources));
        // Hand-written trees come first: they outrank drafts imported from
        // the same articles wherever trees are listed.
        lib.trees.sort_by_key(|t| t.tree.draft);
        (lib, problems)
    }

    /// Problems with the `see_also` links of the loaded trees (`sources` holds
    /// their texts, in order). A link may name a built-in tree that was not
    /// loaded, e.g. when linting one file. A tree with a broken link stays
    /// loaded: only that link leads nowhere.
    fn check_links(&self, sources: &[String]) -> Vec<Problem> {
        let needs_builtin = self.trees.iter().any(|t| {
            super::links::links(&t.tree).iter().any(|l| {
                self.get(super::links::target_tree(&t.tree, l.see))
                    .is_none()
            })
        });
        let builtin: Vec<Tree> = if needs_builtin {
            BUILTIN
                .iter()
                .filter_map(|(name, src)| parse_tree(name, src).ok())
                .collect()
        } else {
            Vec::new()
        };
        let mut problems = Vec::new();
        for (t, src) in self.trees.iter().zip(sources) {
            problems.extend(super::links::check(&t.tree, &t.file, src, |id| {
                self.get(id)
                    .map(|l| l.tree.as_ref())
                    .or_else(|| builtin.iter().find(|b| b.id == id))
            }));
        }
        problems
    }

    pub fn get(&self, id: &str) -> Option<&LoadedTree> {
        self.trees.iter().find(|t| t.tree.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.trees.iter().map(|t| t.tree.id.as_str()).collect()
    }
}
