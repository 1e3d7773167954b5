//! The first read of a tree file for the library's index: everything a
//! summary rests on, without the outcomes' steps.
//!
//! Steps are most of a tree's text, and a summary needs none of them (the
//! articles a symptom leads to come from the questions and the outcomes'
//! citations). So their text is blanked before parsing, and the tree is
//! checked by every rule but those of steps. A walk loads and checks the
//! whole file before it starts, and `kbwalk lint` always does.
//!
//! The blanking reads lines and indentation only. Whatever it cannot be sure
//! of ends in a parse or a check failing on the blanked text, and then the
//! whole file is read as usual, so its problems are told as they always were.

pub mod yaml_subset;

use crate::tree::Tree;
use crate::tree::limits::check_flow_depth;
use crate::tree::load::{load_source, parse_tree};
use crate::tree::validate::{validate, validate_without_steps};

/// The tree in `src` with its outcomes' steps and alternatives left out,
/// when that much of it is sound; otherwise the whole tree as
/// [`load_source`] reads it, or its problems.
pub fn read_for_summary(file: &str, src: &str) -> Result<Tree, Vec<crate::tree::Problem>> {
    match without_steps(src) {
        Some(blanked) => {
            if let Some(tree) = parse_quickly(file, &blanked)
                && validate_without_steps(&tree, file, &blanked).is_empty()
            {
                return Ok(tree);
            }
        }
        // Nothing to leave out: the whole file, read the quick way.
        None => {
            if let Some(tree) = parse_quickly(file, src)
                && validate(&tree, file, src).is_empty()
            {
                return Ok(tree);
            }
        }
    }
    load_source(file, src)
}

/// [`read_for_summary`] with yaml_serde alone: what the quick reader must
/// agree with, kept for the tests and benchmarks that compare the two.
pub fn read_for_summary_by_yaml_serde(
    file: &str,
    src: &str,
) -> Result<Tree, Vec<crate::tree::Problem>> {
    if let Some(blanked) = without_steps(src)
        && let Ok(tree) = parse_tree(file, &blanked)
        && validate_without_steps(&tree, file, &blanked).is_empty()
    {
        return Ok(tree);
    }
    load_source(file, src)
}

/// What [`parse_tree`] gives for `text` when it succeeds: through
/// [`yaml_subset`] when the text is within it, else through yaml_serde.
fn parse_quickly(file: &str, text: &str) -> Option<Tree> {
    // The same bound as parse_tree's, so that the two accept the same texts.
    check_flow_depth(file, text).ok()?;
    yaml_subset::from_str(text).or_else(|| parse_tree(file, text).ok())
}

/// The lines of `src`, each with its `\n`, as `src.split_inclusive('\n')`
/// gives them. Found with the `memchr` crate over the whole text: tree lines
/// are short, and the standard library's search costs most on short lines.
pub(crate) fn lines_inclusive(src: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', src.as_bytes());
    std::iter::from_fn(move || {
        if start >= src.len() {
            return None;
        }
        let end = ends.next().map_or(src.len(), |n| n + 1);
        let line = &src[start..end];
        start = end;
        Some(line)
    })
}

/// The keys whose values are blanked inside the top-level `outcomes` section.
const BLANKED: [&str; 2] = ["steps:", "alternatives:"];

/// `src` with the values of `steps:` and `alternatives:` under `outcomes:`
/// replaced by `[]`, every line kept (blank) so that positions stay the
/// same; `None` when there is nothing to leave out.
fn without_steps(src: &str) -> Option<String> {
    let mut out = String::with_capacity(src.len() / 2);
    let mut in_outcomes = false;
    // The indentation of the key whose value is being left out.
    let mut skipping: Option<usize> = None;
    let mut left_out = false;
    for line in lines_inclusive(src) {
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        let ignorable = content.is_empty() || content.starts_with('#');
        if let Some(k) = skipping {
            let inside =
                indent > k || (indent == k && (content == "-" || content.starts_with("- ")));
            if ignorable || inside {
                out.push('\n');
                continue;
            }
            skipping = None;
        }
        if indent == 0 && !ignorable {
            in_outcomes = content.starts_with("outcomes:");
        }
        if in_outcomes
            && indent > 0
            && let Some(key) = BLANKED.iter().find(|k| content.starts_with(**k))
        {
            out.push_str(&body[..indent]);
            out.push_str(key);
            out.push_str(" []\n");
            skipping = Some(indent);
            left_out = true;
            continue;
        }
        out.push_str(line);
    }
    left_out.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::TreeSummary;
    use crate::tree::load::BUILTIN;

    #[test]
    fn the_builtin_trees_summarise_the_same_without_their_steps() {
        for (name, src) in BUILTIN {
            let blanked = without_steps(src).expect("the built-in trees have steps");
            assert!(
                blanked.len() < src.len() * 3 / 4,
                "{name}: little was left out"
            );
            assert_eq!(blanked.lines().count(), src.lines().count());
            let whole = load_source(name, src).unwrap();
            let skimmed = parse_tree(name, &blanked).unwrap();
            assert_eq!(validate_without_steps(&skimmed, name, &blanked), []);
            assert_eq!(TreeSummary::of(&skimmed), TreeSummary::of(&whole), "{name}");
        }
    }

    #[test]
    fn lines_are_split_as_the_standard_library_splits_them() {
        for src in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "a\r\nb\r\n",
            "é\nü",
        ] {
            let ours: Vec<&str> = lines_inclusive(src).collect();
            let std: Vec<&str> = src.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{src:?}");
        }
    }

    #[test]
    fn a_step_written_inline_or_as_a_compact_list_is_left_out_too() {
        let src = "id: t\noutcomes:\n  - id: o\n    steps: [{id: a, text: x}]\n    articles: []\n  - id: p\n    steps:\n    - id: b\n      text: |\n        y\n\n        z\n    title: P\n";
        let blanked = without_steps(src).unwrap();
        assert_eq!(
            blanked,
            "id: t\noutcomes:\n  - id: o\n    steps: []\n    articles: []\n  - id: p\n    steps: []\n\n\n\n\n\n    title: P\n"
        );
    }
}
