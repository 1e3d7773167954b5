//! Who did what and when during a stored session. The store builds it from
//! a session's journal; exports and `sessions show` render it.

use crate::engine::Input;

/// Who did what and when during a stored session, for a postmortem. The
/// store builds it from the session's journal; exports render it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// Unix seconds.
    pub started_at: i64,
    pub started_by: String,
    /// In the order they happened.
    pub events: Vec<TimelineEvent>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// Unix seconds.
    pub at: i64,
    pub by: String,
    pub what: TimelineWhat,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimelineWhat {
    Input(Input),
    /// An input that was recorded but that the tree, as it is now, refuses.
    Unfit {
        input: Input,
        reason: String,
    },
    /// Something about the session itself, e.g. that its tree changed.
    Remark(String),
}

impl Timeline {
    /// When the last thing happened (the start, if nothing did since).
    pub fn last_at(&self) -> i64 {
        self.events.last().map_or(self.started_at, |e| e.at)
    }

    /// Seconds from the start to the last thing that happened.
    pub fn elapsed(&self) -> i64 {
        (self.last_at() - self.started_at).max(0)
    }

    /// Everyone who took part, the one who started first.
    pub fn operators(&self) -> Vec<&str> {
        let mut out = vec![self.started_by.as_str()];
        for e in &self.events {
            if !out.contains(&e.by.as_str()) {
                out.push(&e.by);
            }
        }
        out
    }
}
