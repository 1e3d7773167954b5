//! Sessions on disk: an append-only journal per session, replayed through
//! the engine to rebuild the walk; a lock so one process writes a session;
//! repair of a damaged journal; and the timeline of who did what, when.
//!
//! Nothing is buffered in memory: when [`SessionWriter::apply`] returns, the
//! input is fsynced, so a process may exit (or be killed) at any instant
//! without losing anything it has shown as done. The program always writes
//! with full [`Durability`]; only tests whose subject is not a power cut
//! skip the fsyncs.

pub mod config;
mod error;
mod journal;
mod lock;
mod operator;
mod record;
mod session;
mod view;

pub use crate::atomic::Durability;
pub use error::StoreError;
pub use journal::Damage;
pub use lock::Holder;
pub use operator::{operator_from_env, user_of_uid};
pub use record::{Entry, FORMAT, Fault, Header, TreeVersion, What};
pub use session::{Applied, SessionWriter, Store};
pub use view::{
    Listed, OpenReport, Progress, Rejected, SessionSummary, SessionView, Stage, TreeChange,
};
