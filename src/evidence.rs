//! What a probe looked at and saw: the record that answers, verified steps
//! and the checklist carry. A leaf, so that the engine, the checklist and
//! the probes can all hold it without depending on one another.

use serde::{Deserialize, Serialize};

/// What a probe looked at and saw, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// What was looked at, e.g. `C:\SMS\Site.Srv\Sitecfg.Box\*.ct2`.
    pub looked_at: String,
    /// What was seen, e.g. `2 files: 00000000.ct2, 00000001.ct2`.
    pub saw: String,
    /// Unix seconds.
    pub at: i64,
    /// Given from outside (a script's `sessions apply`), not observed by
    /// kbwalk's own probes: exports say so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
}
