//! The tree format: the serde types a tree file deserializes into.
//!
//! Every struct denies unknown fields, so a misspelt key is reported with its
//! line instead of being silently ignored. `trees/README.md` documents each
//! construct with an example.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ServiceState;

/// How a draft is labelled wherever an operator sees it.
pub const DRAFT_LABEL: &str = "imported draft, not reviewed";

/// One decision tree: symptoms enter it, questions route through it, outcomes end it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Written by `kbwalk import` and not yet reviewed: the picker, the
    /// diagnosis and the export say so, and hand-written trees rank first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Where a walk begins when the operator does not pick a symptom.
    pub start: String,
    pub articles: Vec<Article>,
    pub symptoms: Vec<Symptom>,
    pub causes: Vec<Cause>,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
    /// The conditions' regexes, compiled on first use.
    #[serde(skip)]
    pub compiled_patterns: super::patterns::CompiledPatterns,
}

/// A knowledge-base article the tree is encoded from.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// The article number, e.g. `Q183347`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub applies_to: Applicability,
}

/// What an article says it applies to. `product`, `versions` and `os` are shown
/// as written; `requires` ties them to answers so contradictions can be named.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub os: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Requirement>,
}

/// One condition of applicability, e.g. "SMS 1.0, 1.1 or 1.2".
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub label: String,
    pub when: Condition,
}

/// An entry point: the words an operator recognises, and the node they lead to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub start: String,
    /// Questions the symptom itself answers (question id to value), so the
    /// walk passes them without asking, e.g. `what_seen: phase4`.
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, String>,
}

/// A cause the tree can diagnose; outcomes name it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub source: SourceRef,
}

/// Where something comes from: an article, and optionally its section and step.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub article: String,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub step: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    YesNo,
    Choice,
    Text,
    Number,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Choice => "choice",
            QuestionKind::Text => "text",
            QuestionKind::Number => "number",
        }
    }
}

/// A question. Routing after an answer: the first `branches` entry whose
/// condition holds, else the answer's own `next` (a choice's `next`, or `yes` /
/// `no`), else the question's `next`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    /// Why the question is asked and where to look for the answer.
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Next node after "yes" (yes/no questions).
    #[serde(default)]
    pub yes: Option<String>,
    /// Next node after "no" (yes/no questions).
    #[serde(default)]
    pub no: Option<String>,
    /// Regular expression a text answer must match in full.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Says in words what the pattern expects, e.g. "three letters or digits".
    #[serde(default)]
    pub pattern_hint: Option<String>,
    /// How a typed text answer is put in standard form before it is checked
    /// against `pattern`; answers are always trimmed.
    #[serde(default)]
    pub normalize: Option<Normalize>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub branches: Vec<Branch>,
    /// Something on the machine that can answer the question.
    #[serde(default)]
    pub probe: Option<Probe>,
}

/// The standard form of a text answer: what an operator types in several
/// ways, a step receives in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Normalize {
    /// Spaces around the value removed (every answer gets this).
    Trim,
    /// Trimmed and in capitals, e.g. a site code: ` s01 ` becomes `S01`.
    Upper,
    /// A drive letter in capitals without colon or backslash: `d`, `d:`,
    /// `D:\` all become `D`, as steps write `{{drive}}:\`.
    Drive,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub when: Condition,
    pub next: String,
}

/// A condition over answers. Exactly one form per condition:
/// `{question, is}`, `{question, at_least}`, `{question, below}`,
/// `{question, matches}`, `{all}`, `{any}` or `{not}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(transform = crate::tree::schema::one_condition_form)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A cause with a workaround.
    Cause,
    /// A known message that is safe to ignore.
    Benign,
    /// A confirmed problem with no fix; the steps gather information.
    NoFix,
    /// The library has no answer; the steps gather data for escalation.
    Unknown,
    /// The article describes no problem (a how-to or reference); the steps
    /// are what it says to do.
    Reference,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Cause => "cause",
            OutcomeKind::Benign => "benign",
            OutcomeKind::NoFix => "no_fix",
            OutcomeKind::Unknown => "unknown",
            OutcomeKind::Reference => "reference",
        }
    }

    /// How an operator reads the kind at a glance.
    pub fn label(self) -> &'static str {
        match self {
            OutcomeKind::Cause => "Cause found, with a workaround",
            OutcomeKind::Benign => "Safe to ignore",
            OutcomeKind::NoFix => "Known problem, no fix",
            OutcomeKind::Unknown => "No known cause",
            OutcomeKind::Reference => "Reference: the article describes no problem",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: String,
    pub kind: OutcomeKind,
    pub title: String,
    /// The diagnosed cause (required for `cause`, `benign` and `no_fix`).
    #[serde(default)]
    pub cause: Option<String>,
    pub summary: String,
    /// The articles this outcome rests on, down to the section.
    #[serde(default)]
    pub articles: Vec<SourceRef>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// "Do any one of the following": the operator picks one alternative,
    /// whose steps follow `steps`.
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// A symptom worth walking next, in this tree or another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see_also: Option<SeeAlso>,
}

/// A pointer to another symptom: the wizard can follow it, carrying the
/// answers both trees share, and the export names it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeeAlso {
    /// The tree's id; this tree when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<String>,
    pub symptom: String,
    /// When and why to go there, as the operator reads it.
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub warning: Option<String>,
    #[serde(default)]
    pub source: Option<SourceRef>,
    pub steps: Vec<Step>,
}

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    ReadOnly,
    Reversible,
    Destructive,
}

impl Risk {
    pub fn label(self) -> &'static str {
        match self {
            Risk::ReadOnly => "read-only",
            Risk::Reversible => "reversible",
            Risk::Destructive => "destructive",
        }
    }
}

/// One step of a checklist. `id` must stay stable across tree versions: saved
/// progress is keyed on it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub text: String,
    pub risk: Risk,
    #[serde(default)]
    pub source: Option<SourceRef>,
    /// Where to do it, e.g. "On the parent primary site server".
    #[serde(default, rename = "where")]
    pub location: Option<String>,
    /// A command to type, with `{{variables}}`.
    #[serde(default)]
    pub command: Option<String>,
    #[serde(default)]
    pub warning: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub wait: Option<Wait>,
    #[serde(default)]
    pub condition: Option<StepCondition>,
    #[serde(default)]
    pub verify: Option<Verify>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// A symptom worth walking from this step, in this tree or another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub see_also: Option<SeeAlso>,
}

/// A wait inside a procedure: "if the .ct2 file is not moved within 30 minutes".
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    /// `30m`, `24h`, `2d`.
    pub duration: String,
    /// What is being waited for.
    #[serde(rename = "for")]
    pub until: String,
    /// What to do when the wait runs out without it happening.
    #[serde(default)]
    pub otherwise: Option<String>,
}

/// A condition inside a procedure: the operator answers `ask` when reaching the step.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepCondition {
    pub ask: String,
    #[serde(default)]
    pub yes: ConditionAction,
    #[serde(default)]
    pub no: ConditionAction,
}

/// What follows one answer to a step's condition. All fields empty: carry on
/// with the step.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionAction {
    /// What to do instead, or in addition, e.g. "Stop and restart the SMS services."
    #[serde(default)]
    pub then: Option<String>,
    /// Skip forward to this step of the same list; the steps between do not apply.
    #[serde(default)]
    pub skip_to: Option<String>,
    /// This step itself is not needed.
    #[serde(default)]
    pub skip_step: bool,
    /// The rest of this procedure must not be used.
    #[serde(default)]
    pub stop: bool,
}

/// How to confirm a step worked.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verify {
    pub text: String,
    /// A probe whose answer `yes` confirms the step (use `found: "no"`,
    /// `not_found: "yes"` to confirm that something is gone).
    #[serde(default)]
    pub probe: Option<Probe>,
    /// More probes; the step is verified when every one confirms it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes: Vec<Probe>,
}

impl Verify {
    /// `probe` then `probes`, in the order the tree declares them.
    pub fn all_probes(&self) -> impl Iterator<Item = &Probe> {
        self.probe.iter().chain(self.probes.iter())
    }
}

/// A read-only look at the machine that can propose an answer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// Written as a one-key map, `look: { exists: { path: ... } }`, rather than a YAML tag.
    #[serde(with = "serde_yaml::with::singleton_map")]
    #[schemars(with = "ProbeKind")]
    pub look: ProbeKind,
    /// The answer proposed when the probe finds what it looks for
    /// (default `yes`).
    #[serde(default)]
    pub found: Option<String>,
    /// The answer proposed when it does not (default `no`).
    #[serde(default)]
    pub not_found: Option<String>,
}

/// What a probe looks at. Paths are Windows paths (`C:\SMS\Site.Srv`),
/// resolved under the operator's mounts; `{{variables}}` are filled from answers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ProbeKind {
    /// A file or folder exists.
    Exists { path: String },
    /// A file or folder does not exist.
    Absent { path: String },
    /// A text file has a line matching `pattern` (the tail of the file is read).
    FileContains {
        path: String,
        pattern: String,
        #[serde(default)]
        tail_bytes: Option<u64>,
    },
    /// Files in `dir` whose names match `glob` (case-insensitive); found when
    /// their number is between `at_least` (default 1) and `at_most` (default
    /// no limit).
    GlobCount {
        dir: String,
        glob: String,
        #[serde(default)]
        at_least: Option<u64>,
        #[serde(default)]
        at_most: Option<u64>,
    },
    /// Free space on the volume holding `path` is at least `at_least_mb`.
    FreeSpace { path: String, at_least_mb: u64 },
    /// A TCP connection to `host:port` succeeds within the timeout (name
    /// lookup included). A `host` written `$name` is looked up in the
    /// operator's host list (`--host name=HOST`, or `hosts:` in the config file).
    TcpConnect {
        host: String,
        port: u16,
        #[serde(default)]
        timeout_ms: Option<u64>,
    },
    /// A Windows service is in `state`: `running`, `stopped`, `paused`,
    /// `start_pending`, `stop_pending`, `continue_pending`, `pause_pending`,
    /// `installed` (any state) or `not_installed`.
    Service {
        name: String,
        #[schemars(with = "String")]
        state: ServiceState,
    },
    /// A registry key, or one value of it, exists.
    Registry {
        key: String,
        #[serde(default)]
        value: Option<String>,
    },
    /// An event-log entry matches: `log` (e.g. `System`), `event_id`, and
    /// optionally the `source` that reported it and a text `pattern` the
    /// event's message or data must match.
    EventLog {
        log: String,
        event_id: u32,
        #[serde(default)]
        source: Option<String>,
        #[serde(default)]
        pattern: Option<String>,
    },
    /// A command's output matches `pattern`; runs only with the operator's consent.
    Command { argv: Vec<String>, pattern: String },
}
