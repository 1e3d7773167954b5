//! Reading one tree file: parsing with positioned errors, then validating.
//! The library (`src/library/`) decides which files and when.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::limits::{check_flow_depth, read_text};
use super::model::Tree;
use super::problem::{Problem, yaml_error_position};
use super::validate::validate;

/// The built-in trees' YAML: (file name, text). The program itself uses the
/// pre-validated form `build.rs` makes of them (`src/library/builtin.rs`);
/// the YAML is for tests and benchmarks.
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

/// Reads a tree file, refusing what is not a regular file or is too large.
pub fn read_tree_file(path: &Path) -> Result<String, Problem> {
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
