//! kbwalk: walk knowledge-base decision trees from symptom to checklist.
//!
//! Dependencies point one way: `cli` and `tui` use `engine`, `export` and
//! `checklist`, which use `tree`. The engine does no I/O.

pub mod atomic;
pub mod authoring;
pub mod checklist;
pub mod cli;
pub mod clock;
pub(crate) mod crc;
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
