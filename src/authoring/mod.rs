//! What tree authors use besides the loader: a tree drawn as a graph, and
//! how much of each cited article the tree covers. Pure functions of a tree
//! and of article text; the command line reads the files.

pub mod article;
pub mod coverage;
pub mod graph;
