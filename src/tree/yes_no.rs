//! The two answers of a yes/no question and of a step's condition, spelled
//! once: `yes` and `no` in trees, journals and answers files.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    /// Both answers, in the order the wizard offers them.
    pub const BOTH: [YesNo; 2] = [YesNo::Yes, YesNo::No];

    pub fn from_bool(holds: bool) -> YesNo {
        if holds { YesNo::Yes } else { YesNo::No }
    }

    pub fn holds(self) -> bool {
        self == YesNo::Yes
    }

    /// `yes` or `no`: the value as stored and as written in running text.
    pub const fn as_str(self) -> &'static str {
        match self {
            YesNo::Yes => "yes",
            YesNo::No => "no",
        }
    }

    /// `Yes` or `No`: the answer written on its own.
    pub fn title(self) -> &'static str {
        match self {
            YesNo::Yes => "Yes",
            YesNo::No => "No",
        }
    }

    /// The stored spelling, exactly (`yes` or `no`).
    pub fn parse(value: &str) -> Option<YesNo> {
        YesNo::BOTH.into_iter().find(|v| v.as_str() == value)
    }

    /// What an operator may type: `y`, `yes`, `true` and their opposites, in any case.
    pub fn parse_typed(value: &str) -> Option<YesNo> {
        match value.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" => Some(YesNo::Yes),
            "n" | "no" | "false" => Some(YesNo::No),
            _ => None,
        }
    }
}

impl fmt::Display for YesNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_answers_read_as_the_stored_spelling() {
        assert_eq!(YesNo::parse_typed("Y"), Some(YesNo::Yes));
        assert_eq!(YesNo::parse_typed("FALSE"), Some(YesNo::No));
        assert_eq!(YesNo::parse_typed("maybe"), None);
        assert_eq!(YesNo::parse("Yes"), None);
        for v in YesNo::BOTH {
            assert_eq!(YesNo::parse(v.as_str()), Some(v));
        }
    }
}
