//! Where a walk's inputs go before the screen shows them, and where walks
//! are started, opened again and listed.
//!
//! Every operator action must be on disk before the screen says it
//! happened, so `update` records each input synchronously and changes the
//! screen only on success; a failure leaves the screen as it was, with a red
//! line. A deferred write would have to show an input before knowing it was
//! kept, and keys typed ahead would act on it. The write goes through this
//! narrow trait instead of the store itself: the program gives each saved
//! walk its [`SessionWriter`] (an fsynced journal), and a test can drive
//! `update` with a recorder that keeps inputs in memory. Starting a walk is
//! such an action too, so the sessions as a whole are a trait, [`Sessions`],
//! that the program's [`Store`] implements.

use crate::engine::{Effect, Input, Session};
use crate::library::Library;
use crate::store::{Holder, Listed, SessionWriter, Store, StoreError};
use crate::timeline::Timeline;
use crate::tree::LoadedTree;

/// A walk opened again for writing, and what opening it found (a repaired
/// journal, a tree changed since), for the status line.
pub struct Reopened {
    pub recorder: Box<dyn Recorder>,
    pub warnings: Vec<String>,
}

/// A walk read without taking it: where it stands, what reading it found,
/// and who holds it.
pub struct ReadOnly {
    pub session: Session,
    pub warnings: Vec<String>,
    pub holder: Option<Holder>,
}

/// Where walks are kept: the store on disk in the program.
pub trait Sessions {
    /// Starts keeping a new walk of `tree` from `symptom`; on `Ok` it is kept.
    fn create(
        &self,
        tree: &LoadedTree,
        symptom: &str,
        operator: &str,
        at: i64,
    ) -> Result<Box<dyn Recorder>, StoreError>;
    /// Opens a kept walk for writing, taking it from other kbwalks.
    fn open(
        &self,
        id: &str,
        library: &Library,
        operator: &str,
        at: i64,
    ) -> Result<Reopened, StoreError>;
    /// Reads a kept walk without taking it.
    fn open_read_only(&self, id: &str, library: &Library) -> Result<ReadOnly, StoreError>;
    /// Records that a kept walk was abandoned; it stays kept.
    fn dismiss(
        &self,
        id: &str,
        library: &Library,
        operator: &str,
        at: i64,
    ) -> Result<(), StoreError>;
    /// Every kept walk, for the first screen.
    fn list(&self, library: &Library) -> Result<Vec<Listed>, StoreError>;
}

impl Sessions for Store {
    fn create(
        &self,
        tree: &LoadedTree,
        symptom: &str,
        operator: &str,
        at: i64,
    ) -> Result<Box<dyn Recorder>, StoreError> {
        let writer = Store::create(self, tree, Some(symptom), operator, at)?;
        Ok(Box::new(writer))
    }

    fn open(
        &self,
        id: &str,
        library: &Library,
        operator: &str,
        at: i64,
    ) -> Result<Reopened, StoreError> {
        let writer = Store::open(self, id, library, operator, at)?;
        let warnings = writer.view().report().warnings();
        Ok(Reopened {
            recorder: Box::new(writer),
            warnings,
        })
    }

    fn open_read_only(&self, id: &str, library: &Library) -> Result<ReadOnly, StoreError> {
        let view = Store::open_read_only(self, id, library)?;
        Ok(ReadOnly {
            session: view.engine().clone(),
            warnings: view.report().warnings(),
            holder: self.holder(view.id()),
        })
    }

    fn dismiss(
        &self,
        id: &str,
        library: &Library,
        operator: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let mut writer = Store::open(self, id, library, operator, at)?;
        writer.dismiss(at).map(drop)
    }

    fn list(&self, library: &Library) -> Result<Vec<Listed>, StoreError> {
        Store::list(self, library)
    }
}

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
