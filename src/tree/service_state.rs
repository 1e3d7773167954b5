//! The states a `service` probe can ask for. A misspelt state is kept as
//! written, so that the validator can report every one with its line rather
//! than the loader stopping at the first.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceState {
    Running,
    Stopped,
    Paused,
    StartPending,
    StopPending,
    ContinuePending,
    PausePending,
    /// Installed, in any state.
    Installed,
    NotInstalled,
    /// Not a state; the validator rejects the tree.
    Unknown(String),
}

impl ServiceState {
    /// Every state a tree may name, in the order the format documents them.
    pub const KNOWN: [ServiceState; 9] = [
        ServiceState::Running,
        ServiceState::Stopped,
        ServiceState::Paused,
        ServiceState::StartPending,
        ServiceState::StopPending,
        ServiceState::ContinuePending,
        ServiceState::PausePending,
        ServiceState::Installed,
        ServiceState::NotInstalled,
    ];

    /// The tree's spelling; `sc.exe`'s state names lower-cased.
    pub fn as_str(&self) -> &str {
        match self {
            ServiceState::Running => "running",
            ServiceState::Stopped => "stopped",
            ServiceState::Paused => "paused",
            ServiceState::StartPending => "start_pending",
            ServiceState::StopPending => "stop_pending",
            ServiceState::ContinuePending => "continue_pending",
            ServiceState::PausePending => "pause_pending",
            ServiceState::Installed => "installed",
            ServiceState::NotInstalled => "not_installed",
            ServiceState::Unknown(s) => s,
        }
    }

    pub fn parse(value: &str) -> ServiceState {
        ServiceState::KNOWN
            .into_iter()
            .find(|s| s.as_str() == value)
            .unwrap_or_else(|| ServiceState::Unknown(value.to_string()))
    }
}

impl fmt::Display for ServiceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ServiceState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ServiceState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ServiceState, D::Error> {
        String::deserialize(d).map(|s| ServiceState::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_keep_their_spelling_both_ways() {
        for s in ServiceState::KNOWN {
            assert_eq!(ServiceState::parse(s.as_str()), s);
        }
        assert_eq!(
            ServiceState::parse("Running"),
            ServiceState::Unknown("Running".into())
        );
    }
}
