//! kbwalk: walk knowledge-base decision trees from symptom to checklist.
//!
//! Dependencies point one way, from the shells down to the format:
//!
//! | layer | modules | uses |
//! |---|---|---|
//! | shells | `cli`, `tui` | everything below (`cli` starts the wizard) |
//! | around the walk | `probe`, `store`, `export`, `library` | the layers below; `store` uses `library` to find a session's tree |
//! | wording | `wording` | `engine`, `checklist`, `tree`, `time`, `text` |
//! | the walk | `engine` (pure: no terminal, files, clock or processes), `checklist`, `timeline` | `tree`, `evidence` |
//! | leaves | `tree` (the format), `evidence`, `time`, `text`, `crc`, `paths`, `clock`, `atomic` | nothing of the crate |
//!
//! `import` and `authoring` turn articles into trees and trees into graphs
//! and coverage; they use `tree` only. No two modules import each other.

pub mod atomic;
pub mod authoring;
pub mod checklist;
pub mod cli;
pub mod clock;
pub mod crc;
pub mod engine;
pub mod evidence;
pub mod export;
pub mod import;
pub mod library;
pub mod paths;
pub mod probe;
pub mod store;
pub mod text;
pub mod time;
pub mod timeline;
pub mod tree;
pub mod tui;
pub mod wording;
