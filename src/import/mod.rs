//! `kbwalk import`: a KB article (plain text, Markdown page or HTML page)
//! as a draft tree. Pure functions of the text: reading and writing files
//! is the command's business (`cli::import`).
//!
//! text ──form::recognise──> RawArticle ──article::parse──> ParsedArticle
//!      ──draft::draft──> Tree (draft: true) ──to_yaml──> the file's text

pub mod article;
pub mod draft;
pub mod form;
mod questions;
mod steps;
pub mod text;

pub use draft::Unplaced;
pub use form::{Form, FormError, decode};

use crate::tree::{Tree, load::content_hash};

/// The schema file the importer writes beside its drafts; each draft's
/// first line points at it.
pub const SCHEMA_FILE: &str = "kbwalk-tree.schema.json";

/// The line that comes before the mark, for editors.
fn schema_line() -> String {
    crate::tree::schema::modeline(SCHEMA_FILE)
}

/// The line after the schema line of every file the importer writes.
pub const MARK: &str = "# Imported draft, not reviewed: written by `kbwalk import`.";
const SOURCE: &str = "# source: ";
const HASH: &str = "# import-hash: ";

/// One article, imported.
#[derive(Debug, Clone)]
pub struct Imported {
    pub form: Form,
    pub tree: Tree,
    pub unplaced: Vec<Unplaced>,
    /// The draft without its header: identical for the three forms.
    pub body: String,
}

/// Imports the text of one article.
pub fn import(text: &str) -> Result<Imported, FormError> {
    let raw = form::recognise(text)?;
    let parsed = article::parse(&raw);
    let draft = draft::draft(&parsed);
    let body = to_yaml(&draft.tree)?;
    Ok(Imported {
        form: raw.form,
        tree: draft.tree,
        unplaced: draft.unplaced,
        body,
    })
}

impl Imported {
    /// The whole file: the header (the schema line, the mark, where it came
    /// from, the hash of the body) and the body.
    pub fn file_text(&self, source: &str) -> String {
        format!(
            "{}\n{MARK}\n{SOURCE}{}\n{HASH}{}\n{}",
            schema_line(),
            printable(source),
            content_hash(&self.body),
            self.body
        )
    }

    /// Top-level steps plus their sub-steps, in every alternative too.
    pub fn step_count(&self) -> usize {
        fn count(steps: &[crate::tree::Step]) -> usize {
            steps.iter().map(|s| 1 + count(&s.steps)).sum()
        }
        self.tree
            .outcomes
            .iter()
            .map(|o| {
                count(&o.steps)
                    + o.alternatives
                        .iter()
                        .map(|a| count(&a.steps))
                        .sum::<usize>()
            })
            .sum()
    }
}

/// What is in the way of writing a draft over an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// No file there.
    None,
    /// The importer wrote it and nobody changed it since.
    Untouched,
    /// The importer wrote it, then someone edited it.
    Edited,
    /// The importer did not write it.
    Foreign,
}

/// Decides whether a file at the draft's place can be overwritten.
pub fn existing(text: Option<&str>) -> Existing {
    let Some(text) = text else {
        return Existing::None;
    };
    let text = text
        .strip_prefix(schema_line().as_str())
        .and_then(|rest| rest.strip_prefix('\n'))
        .unwrap_or(text);
    let mut lines = text.splitn(4, '\n');
    let (Some(mark), Some(source), Some(hash), Some(body)) =
        (lines.next(), lines.next(), lines.next(), lines.next())
    else {
        return Existing::Foreign;
    };
    if mark != MARK || !source.starts_with(SOURCE) {
        return Existing::Foreign;
    }
    match hash.strip_prefix(HASH) {
        Some(h) if h == content_hash(body) => Existing::Untouched,
        Some(_) => Existing::Edited,
        None => Existing::Foreign,
    }
}

/// A file name in a YAML comment: one line, nothing that a terminal or
/// YAML would read as more than text.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control()
                || (c.is_whitespace() && c != ' ')
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
            {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// The tree as YAML, without the null and empty fields that only say
/// "default".
fn to_yaml(tree: &Tree) -> Result<String, FormError> {
    let mut value = serde_yaml::to_value(tree)
        .map_err(|e| FormError(format!("cannot write the draft: {e}")))?;
    prune(&mut value, 0);
    serde_yaml::to_string(&value).map_err(|e| FormError(format!("cannot write the draft: {e}")))
}

fn prune(v: &mut serde_yaml::Value, depth: usize) {
    use serde_yaml::Value;
    match v {
        Value::Mapping(m) => {
            let keys: Vec<Value> = m.keys().cloned().collect();
            for k in keys {
                let Some(child) = m.get_mut(&k) else { continue };
                prune(child, depth + 1);
                let empty = match child {
                    Value::Null => true,
                    Value::Bool(b) => !*b,
                    // Only fields that default to empty; a required text stays.
                    Value::String(s) => {
                        s.is_empty() && matches!(k.as_str(), Some("description" | "help"))
                    }
                    // The tree's own lists are required even when empty.
                    Value::Sequence(s) => s.is_empty() && depth > 0,
                    Value::Mapping(m) => m.is_empty(),
                    _ => false,
                };
                if empty {
                    m.remove(&k);
                }
            }
        }
        Value::Sequence(s) => {
            for x in s {
                prune(x, depth + 1);
            }
        }
        _ => {}
    }
}
