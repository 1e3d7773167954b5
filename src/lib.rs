//! kbwalk: walk knowledge-base decision trees from symptom to checklist.
//!
//! Dependencies point one way: `cli` and `tui` use `engine`, `export` and
//! `checklist`, which use `tree`. The engine does no I/O.

pub mod atomic;
pub mod authoring;
pub mod checklist;
pub mod cli;
pub mod clock;
pub mod engine;
pub mod export;
pub mod import;
pub mod library;
pub mod paths;
pub mod probe;
pub mod store;
pub mod text;
pub mod tree;
pub mod tui;
