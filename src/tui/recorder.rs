//! Where a walk's inputs go before the screen shows them.
//!
//! Every operator action must be on disk before the screen says it
//! happened, so `update` records each input synchronously and changes the
//! screen only on success; a failure leaves the screen as it was, with a red
//! line. A deferred write would have to show an input before knowing it was
//! kept, and keys typed ahead would act on it. The write goes through this
//! narrow trait instead of the store itself: the program gives each saved
//! walk its [`SessionWriter`] (an fsynced journal), and a test can drive
//! `update` with a recorder that keeps inputs in memory.

use crate::engine::{Effect, Input, Session};
use crate::store::{SessionWriter, StoreError};
use crate::timeline::Timeline;

/// One walk's record: every input is kept before `record` returns `Ok`.
pub trait Recorder {
    /// The session's id, named on screen and on leaving.
    fn id(&self) -> &str;
    /// Applies `input` and keeps it; on `Err` nothing changed. `at` is now,
    /// in Unix seconds.
    fn record(&mut self, input: Input, at: i64) -> Result<Vec<Effect>, StoreError>;
    /// The walk with every recorded input applied.
    fn engine(&self) -> &Session;
    /// Who started the walk, for the export.
    fn started_by(&self) -> &str;
    /// Who did what, and when, for the export.
    fn timeline(&self) -> Timeline;
}

impl Recorder for SessionWriter {
    fn id(&self) -> &str {
        self.view().id()
    }

    fn record(&mut self, input: Input, at: i64) -> Result<Vec<Effect>, StoreError> {
        self.apply(input, at).map(|applied| applied.effects)
    }

    fn engine(&self) -> &Session {
        self.view().engine()
    }

    fn started_by(&self) -> &str {
        &self.view().header().operator
    }

    fn timeline(&self) -> Timeline {
        self.view().timeline()
    }
}
