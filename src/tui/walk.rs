//! One walk in the wizard: the session as shown, what keeps its inputs, and
//! what the screens remember about it (the selection, the field typed in,
//! the last export).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tui_input::Input;

use crate::checklist::Item;
use crate::engine::{Effect, Input as EngineInput, Session};
use crate::store::StoreError;

use super::recorder::Recorder;

/// One walk through a tree, with what the screens remember about it.
pub struct Walk {
    /// The walk as shown: a copy of the stored session's engine, updated
    /// only once an input is on disk.
    pub session: Session,
    /// What keeps every input (the stored session's journal in the
    /// program); `None` when the walk is not saved (no folder for sessions)
    /// or is only being read.
    pub writer: Option<Box<dyn Recorder>>,
    /// Opened read-only because another kbwalk holds it: who, for messages.
    pub read_only: Option<String>,
    /// Why a walk that should be saved is not (the disk is full or
    /// read-only): it runs anyway, and the screen says nothing is saved.
    pub not_saved: Option<String>,
    /// The selected choice (yes/no: 0 is yes, 1 is no).
    pub choice: usize,
    /// The field of a text or number question.
    pub text: Input,
    pub outcome_scroll: u16,
    /// The selected checklist item.
    pub step: usize,
    /// Steps whose wait ran out and was announced (bell and status line),
    /// so that each is announced once.
    pub waits_announced: BTreeSet<String>,
    /// Answers carried from the walk a `see_also` was followed from, given
    /// (once each) when their question comes up unanswered.
    pub carried: BTreeMap<String, String>,
    /// What `/` last looked for in the checklist, while `n` and `N` find it.
    pub find: Option<String>,
    /// Counts checklist changes, to know whether the last export is current.
    pub(super) revision: u64,
    pub(super) exported_revision: u64,
    pub last_export: Option<PathBuf>,
    /// What the engine said on the walk's last arrival (the question asked
    /// and any probe for it, or the outcome reached), for
    /// [`App::arrive`] to act on.
    pub(super) arrival: Vec<Effect>,
}

impl Walk {
    pub(super) fn new(session: Session) -> Walk {
        let arrival = session.start_effects();
        Walk {
            arrival,
            session,
            writer: None,
            read_only: None,
            not_saved: None,
            choice: 0,
            text: Input::default(),
            outcome_scroll: 0,
            step: 0,
            waits_announced: BTreeSet::new(),
            carried: BTreeMap::new(),
            find: None,
            revision: 0,
            exported_revision: 0,
            last_export: None,
        }
    }

    /// A walk whose inputs go through `writer`, from where it stands.
    pub fn stored(writer: Box<dyn Recorder>) -> Walk {
        let mut walk = Walk::new(writer.engine().clone());
        walk.writer = Some(writer);
        walk
    }

    /// The stored session's id, when the walk is saved.
    pub fn session_id(&self) -> Option<&str> {
        self.writer.as_ref().map(|w| w.id())
    }

    /// Checklist progress made since the last export (or at all, if none)
    /// that would be lost on quitting: none when the walk is saved.
    pub fn unexported(&self) -> bool {
        self.writer.is_none() && self.read_only.is_none() && self.revision != self.exported_revision
    }

    /// Checklist progress with no export on disk, or made since the last
    /// one: the ticket would miss it, even when the session keeps it.
    pub fn export_stale(&self) -> bool {
        let progress = self
            .session
            .checklist()
            .is_some_and(|c| !c.steps.is_empty() || c.alternative.is_some());
        let stale = self.last_export.is_none() || self.revision != self.exported_revision;
        self.read_only.is_none() && progress && stale
    }

    pub fn items(&self) -> Vec<Item<'_>> {
        self.session.checklist_items()
    }

    /// The one place an operator's input reaches the walk: through the
    /// store when saved, so the screen changes only once it is on disk.
    pub(super) fn apply(&mut self, input: EngineInput, at: i64) -> Result<(), StoreError> {
        if let Some(holder) = &self.read_only {
            return Err(StoreError::ReadOnly {
                holder: holder.clone(),
            });
        }
        let effects = match self.writer.as_mut() {
            Some(writer) => {
                let effects = writer.record(input, at)?;
                self.session = writer.engine().clone();
                effects
            }
            None => self.session.apply(&input).map_err(StoreError::Rejected)?,
        };
        if effects.contains(&Effect::ChecklistChanged) {
            self.revision += 1;
        }
        if effects
            .iter()
            .any(|e| matches!(e, Effect::Ask(_) | Effect::Reached(_)))
        {
            self.arrival = effects;
        }
        Ok(())
    }
}
