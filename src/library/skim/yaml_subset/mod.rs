//! A reader for the part of YAML that tree files are written in, several
//! times faster than the general parser, for the library's cold index.
//!
//! It reads block mappings and sequences by indentation, plain scalars on one
//! line, single- and double-quoted scalars on one line, `|` and `>` block
//! scalars with their chomping, flow collections, comments and blank lines.
//! For that subset it produces the events libyaml produces, and deserializes
//! them by yaml_serde's rules (`1.10` is a string where a string is wanted,
//! `true` a boolean where a boolean is, an empty value is null). Whatever it
//! is not certain of (anchors, aliases, tags, tabs, several documents,
//! scalars continued on the next line, unusual escapes, odd numbers, any
//! error at all) gives `None`, and the caller reads the text with yaml_serde,
//! which then tells any problem with its line and column.

mod de;
mod parse;

use serde::de::DeserializeOwned;

/// `T` from `src` exactly as `serde_yaml::from_str` would give it, or `None`
/// when the text is beyond this reader or does not deserialize into `T`.
pub fn from_str<T: DeserializeOwned>(src: &str) -> Option<T> {
    let events = parse::events(src)?;
    de::from_events(&events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Tree;
    use crate::tree::load::BUILTIN;

    fn json(tree: &Tree) -> serde_json::Value {
        serde_json::to_value(tree).unwrap()
    }

    #[test]
    fn the_builtin_trees_read_as_yaml_serde_reads_them() {
        for (name, src) in BUILTIN {
            let fast: Tree = from_str(src).unwrap_or_else(|| panic!("{name} declined"));
            let slow: Tree = serde_yaml::from_str(src).unwrap();
            assert_eq!(json(&fast), json(&slow), "{name}");
        }
    }
}
