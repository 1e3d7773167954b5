//! The pure walk engine: no terminal, file system, clock or processes.

mod session;

pub use session::*;
