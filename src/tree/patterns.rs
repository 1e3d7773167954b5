//! The regular expressions of a tree's conditions, compiled once per tree
//! rather than at every evaluation.

use std::collections::HashMap;
use std::sync::Mutex;

use regex::Regex;

/// Compiled `matches:` patterns by their text; an invalid one is remembered
/// as such (validation reports it; evaluation treats it as no match).
#[derive(Default)]
pub struct CompiledPatterns(Mutex<HashMap<String, Option<Regex>>>);

impl CompiledPatterns {
    /// The pattern compiled, or `None` when it is not a valid regex.
    pub fn get(&self, pattern: &str) -> Option<Regex> {
        let mut cache = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(compiled) = cache.get(pattern) {
            return compiled.clone();
        }
        let compiled = Regex::new(pattern).ok();
        cache.insert(pattern.to_string(), compiled.clone());
        compiled
    }
}

/// A copy of a tree compiles its own patterns again when it needs them.
impl Clone for CompiledPatterns {
    fn clone(&self) -> Self {
        CompiledPatterns::default()
    }
}

impl std::fmt::Debug for CompiledPatterns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CompiledPatterns")
    }
}
