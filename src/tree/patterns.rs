//! The regular expressions of a tree's conditions, compiled once per tree
//! rather than at every evaluation, and once per process for a pattern that
//! many trees share (a library of thousands of trees repeats its patterns).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

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
        let compiled = shared(pattern);
        cache.insert(pattern.to_string(), compiled.clone());
        compiled
    }
}

/// Distinct patterns kept for the whole process at most: beyond this, a
/// pattern is compiled per tree as before, so memory stays bounded.
const SHARED_AT_MOST: usize = 1024;

/// `pattern` compiled, from the process-wide cache when another tree
/// compiled it already.
fn shared(pattern: &str) -> Option<Regex> {
    static SHARED: OnceLock<Mutex<HashMap<String, Option<Regex>>>> = OnceLock::new();
    let lock = || {
        SHARED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(compiled) = lock().get(pattern) {
        return compiled.clone();
    }
    // Compiled without the lock held: other threads go on meanwhile.
    let compiled = Regex::new(pattern).ok();
    let mut cache = lock();
    if cache.len() < SHARED_AT_MOST {
        cache.insert(pattern.to_string(), compiled.clone());
    }
    compiled
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
