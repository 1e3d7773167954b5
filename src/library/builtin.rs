//! The built-in trees, parsed and validated by `build.rs` and embedded in a
//! compact form: a start reads their summaries, and a walk loads one tree
//! from JSON, without parsing any YAML.

use crate::tree::{Tree, TreeSummary};

/// One built-in tree as `build.rs` embeds it.
#[derive(Debug)]
pub struct BuiltinTree {
    /// The file name under `trees/`.
    pub name: &'static str,
    /// The content hash of its YAML, as for any tree file.
    pub hash: &'static str,
    pub tree_json: &'static str,
    pub summary_json: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

impl BuiltinTree {
    /// How messages name it.
    pub fn file(&self) -> String {
        format!("builtin:{}", self.name)
    }

    pub fn summary(&self) -> TreeSummary {
        serde_json::from_str(self.summary_json).expect("build.rs wrote a valid summary")
    }

    pub fn tree(&self) -> Tree {
        serde_json::from_str(self.tree_json).expect("build.rs checked that the tree loads back")
    }
}
