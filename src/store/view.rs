//! The read side of a session: the walk rebuilt by replaying its journal,
//! what opening it found, and how a listing or an export sees it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::error::StoreError;
use super::journal::{Damage, JOURNAL, Parsed};
use super::lock::Holder;
use super::record::{Entry, Header, TreeVersion, What};
use crate::checklist::{StepStatus, progress};
use crate::engine::{AnswerSource, Input, Position, Session};
use crate::time::format_utc;
use crate::timeline::{Timeline, TimelineEvent, TimelineWhat};
use crate::tree::Tree;

/// An input the engine no longer accepts on replay, because the tree changed
/// (or the journal was edited). It stays in the journal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejected {
    pub seq: u64,
    pub at: i64,
    pub by: String,
    pub input: Input,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreeChange {
    pub started_on: TreeVersion,
    pub now: TreeVersion,
}

/// What opening a session found: everything the operator must be told.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OpenReport {
    /// The journal's damaged tail, left out. Its `kept_as` is set once a
    /// writer repaired the journal.
    pub damage: Option<Damage>,
    /// The tree's content differs from the one the session started on.
    pub tree_change: Option<TreeChange>,
    /// Inputs in the journal that the tree no longer accepts, in order.
    pub rejected: Vec<Rejected>,
    /// The session's symptom is gone from the tree; the walk starts at the tree's start.
    pub symptom_missing: Option<String>,
    /// Superseded note edits merged away when the journal was compacted.
    pub compacted: usize,
}

impl OpenReport {
    pub fn is_clean(&self) -> bool {
        self.damage.is_none()
            && self.tree_change.is_none()
            && self.rejected.is_empty()
            && self.symptom_missing.is_none()
    }

    /// One line per thing the operator should know, most serious first.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(d) = &self.damage {
            let repair = if d.kept_as.is_some() {
                ""
            } else {
                " (resuming the session repairs it)"
            };
            out.push(format!("damaged journal{repair}: {}", d.message()));
        }
        if let Some(c) = &self.tree_change {
            out.push(format!(
                "tree `{}` changed since this session started (version {}, content {} then; version {}, content {} now); {}",
                c.now.id,
                c.started_on.version,
                c.started_on.hash,
                c.now.version,
                c.now.hash,
                if self.rejected.is_empty() {
                    "every input still fits it".to_string()
                } else {
                    format!(
                        "{} input{} no longer fit{} it and {} kept in the journal without effect",
                        self.rejected.len(),
                        if self.rejected.len() == 1 { "" } else { "s" },
                        if self.rejected.len() == 1 { "s" } else { "" },
                        if self.rejected.len() == 1 { "is" } else { "are" },
                    )
                }
            ));
        }
        if let Some(s) = &self.symptom_missing {
            out.push(format!("{s}; the walk starts at the tree's start"));
        }
        for r in &self.rejected {
            out.push(format!(
                "record {} ({} by {}): {} no longer fits: {}",
                r.seq,
                format_utc(r.at),
                r.by,
                crate::wording::describe_input_briefly(&r.input),
                r.reason
            ));
        }
        out
    }
}

/// Where a walk stands, for a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Stage {
    /// Waiting for an answer; `answered` questions are behind it.
    Question {
        id: String,
        text: String,
        answered: usize,
    },
    Outcome {
        id: String,
        title: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    /// Steps that still apply.
    pub total: usize,
}

/// A session as a listing shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    pub id: String,
    pub tree: String,
    pub tree_title: String,
    pub tree_version: String,
    pub symptom: Option<String>,
    pub symptom_text: Option<String>,
    /// Who started it.
    pub operator: String,
    /// Who changed it last.
    pub last_operator: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Records in the journal.
    pub inputs: usize,
    pub stage: Stage,
    pub progress: Option<Progress>,
    /// At an outcome with no step left to do.
    pub finished: bool,
    /// Set aside as abandoned (`kbwalk sessions dismiss`).
    pub dismissed: bool,
    /// The answer to the question `site_code`, if it was answered.
    pub site_code: Option<String>,
    /// The process writing it now, if any.
    pub held_by: Option<Holder>,
    pub warnings: Vec<String>,
}

impl SessionSummary {
    /// Where the walk stands, in a few words: `compact` for a table column.
    pub fn stage_text(&self, compact: bool) -> String {
        match (&self.stage, self.progress) {
            (Stage::Question { answered, .. }, _) => format!("question {}", answered + 1),
            (Stage::Outcome { .. }, _) if self.finished => "finished".into(),
            // Steps apply only once one of the outcome's options is chosen.
            (Stage::Outcome { .. }, Some(p)) if p.total == 0 => "option not chosen".into(),
            (Stage::Outcome { .. }, Some(p)) if compact => format!("steps {}/{}", p.done, p.total),
            (Stage::Outcome { .. }, Some(p)) => format!("{} of {} steps done", p.done, p.total),
            (Stage::Outcome { .. }, None) => "outcome".into(),
        }
    }
}

/// One row of a listing: a session, or a folder that cannot be read as one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Listed {
    Session(Box<SessionSummary>),
    Unreadable { id: String, error: String },
}

/// A session rebuilt from its journal. Read-only: see [`SessionWriter`] to change it.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub(super) id: String,
    pub(super) dir: PathBuf,
    pub(super) header: Header,
    pub(super) tree: TreeVersion,
    pub(super) engine: Session,
    pub(super) entries: Vec<Entry>,
    pub(super) report: OpenReport,
}

/// Replays a journal's inputs through the engine on the tree as it is now.
pub(super) fn replay(
    id: &str,
    dir: &Path,
    parsed: Parsed,
    tree: Arc<Tree>,
    now: TreeVersion,
) -> Result<SessionView, StoreError> {
    let Parsed {
        header,
        entries,
        damage,
        ..
    } = parsed;
    let mut report = OpenReport {
        damage,
        ..OpenReport::default()
    };
    let mut engine = match Session::new(Arc::clone(&tree), header.symptom.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            report.symptom_missing = Some(e.to_string());
            Session::new(tree, None)?
        }
    };
    for e in &entries {
        if let What::Input(input) = &e.what
            && let Err(err) = engine.apply(input)
        {
            report.rejected.push(Rejected {
                seq: e.seq,
                at: e.at,
                by: e.by.clone(),
                input: input.clone(),
                reason: err.to_string(),
            });
        }
    }
    if header.tree.hash != now.hash {
        report.tree_change = Some(TreeChange {
            started_on: header.tree.clone(),
            now: now.clone(),
        });
    }
    Ok(SessionView {
        id: id.to_string(),
        dir: dir.to_path_buf(),
        header,
        tree: now,
        engine,
        entries,
        report,
    })
}

impl SessionView {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The session's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn journal_path(&self) -> PathBuf {
        self.dir.join(JOURNAL)
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The tree as loaded now (it may differ from `header().tree`).
    pub fn tree_version(&self) -> &TreeVersion {
        &self.tree
    }

    /// The walk, rebuilt: position, answers, causes, checklist.
    pub fn engine(&self) -> &Session {
        &self.engine
    }

    /// Every record after the header, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn report(&self) -> &OpenReport {
        &self.report
    }

    pub fn updated_at(&self) -> i64 {
        self.entries.last().map_or(self.header.created_at, |e| e.at)
    }

    pub fn last_operator(&self) -> &str {
        self.entries
            .last()
            .map_or(self.header.operator.as_str(), |e| e.by.as_str())
    }

    /// Steps done and steps that apply, once an outcome is reached.
    pub fn progress(&self) -> Option<Progress> {
        self.engine.outcome()?;
        let (done, total) = progress(&self.engine.checklist_items());
        Some(Progress { done, total })
    }

    /// At an outcome, with no step left to do.
    pub fn finished(&self) -> bool {
        self.engine.outcome().is_some()
            && self
                .engine
                .checklist_items()
                .iter()
                .all(|i| i.status != StepStatus::Todo)
    }

    /// Dismissed, and nothing recorded since.
    pub fn dismissed(&self) -> bool {
        matches!(self.entries.last(), Some(e) if e.what == What::Dismissed)
    }

    pub fn stage(&self) -> Stage {
        match self.engine.position() {
            Position::Question(q) => Stage::Question {
                id: q.id.clone(),
                text: self.engine.fill(&q.text).trim().to_string(),
                // As the wizard numbers questions: those the symptom
                // answered were never asked.
                answered: self
                    .engine
                    .path_answers()
                    .iter()
                    .filter(|(_, a)| !matches!(a.source, AnswerSource::Symptom(_)))
                    .count(),
            },
            Position::Outcome(o) => Stage::Outcome {
                id: o.id.clone(),
                title: self.engine.fill(&o.title).trim().to_string(),
            },
        }
    }

    pub fn summary(&self, held_by: Option<Holder>) -> SessionSummary {
        let tree = self.engine.tree();
        SessionSummary {
            id: self.id.clone(),
            tree: tree.id.clone(),
            tree_title: tree.title.clone(),
            tree_version: tree.version.clone(),
            symptom: self.header.symptom.clone(),
            symptom_text: self
                .header
                .symptom
                .as_deref()
                .and_then(|s| tree.symptom(s))
                .map(|s| s.text.clone()),
            operator: self.header.operator.clone(),
            last_operator: self.last_operator().to_string(),
            created_at: self.header.created_at,
            updated_at: self.updated_at(),
            inputs: self.entries.len(),
            stage: self.stage(),
            progress: self.progress(),
            finished: self.finished(),
            dismissed: self.dismissed(),
            site_code: self
                .engine
                .answer("site_code")
                .map(|a| crate::text::one_line(a.value.raw().trim()))
                .filter(|s| !s.is_empty()),
            held_by,
            warnings: self.report.warnings(),
        }
    }

    /// Who did what and when, for the export.
    pub fn timeline(&self) -> Timeline {
        let rejected = &self.report.rejected;
        let events = self
            .entries
            .iter()
            .map(|e| {
                let what = match &e.what {
                    What::Input(input) => match rejected.iter().find(|r| r.seq == e.seq) {
                        Some(r) => TimelineWhat::Unfit {
                            input: input.clone(),
                            reason: r.reason.clone(),
                        },
                        None => TimelineWhat::Input(input.clone()),
                    },
                    What::Tree(t) => TimelineWhat::Remark(format!(
                        "Went on with tree {} version {} (content {}), which had changed",
                        t.id, t.version, t.hash
                    )),
                    What::Dismissed => TimelineWhat::Remark("Dismissed as abandoned".to_string()),
                };
                TimelineEvent {
                    at: e.at,
                    by: e.by.clone(),
                    what,
                }
            })
            .collect();
        Timeline {
            started_at: self.header.created_at,
            started_by: self.header.operator.clone(),
            events,
        }
    }
}
