//! The tree format as a JSON Schema (draft 2020-12), generated from the types
//! that load trees, so that an editor checks the shape of a tree as it is
//! typed and the schema cannot drift from the loader.
//!
//! What the schema cannot say is left to `kbwalk lint`: whether references
//! name something that exists, reachability, cycles, template variables,
//! regular expressions, durations, and which fields each kind of question or
//! outcome needs.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::model::Tree;

/// Where the repository ships the schema, relative to its root.
pub const SCHEMA_ASSET: &str = "assets/kbwalk-tree.schema.json";

/// The comment line that points yaml-language-server (VS Code's YAML
/// extension, Helix, Neovim) at the schema; the first line of a tree.
pub fn modeline(schema_location: &str) -> String {
    format!("# yaml-language-server: $schema={schema_location}")
}

/// The schema of a tree file.
pub fn tree_schema() -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Tree>();
    schema.insert("title".into(), json!("kbwalk decision tree"));
    schema.insert(
        "description".into(),
        json!(
            "One kbwalk tree file (see trees/README.md). The schema checks keys and value kinds; \
             `kbwalk lint` also checks references, reachability, cycles, variables and patterns."
        ),
    );
    schema
}

/// The schema as `kbwalk schema` prints it: pretty JSON with sorted keys.
pub fn tree_schema_text() -> String {
    format!("{:#}\n", tree_schema().as_value())
}

/// The tests a `question` condition may carry; at least one is needed.
const QUESTION_TESTS: [&str; 4] = ["is", "at_least", "below", "matches"];

/// A condition takes exactly one form, as the loader requires: a question
/// with its tests, or `all`, `any` or `not` alone.
pub fn one_condition_form(schema: &mut Schema) {
    let mut question_keys = serde_json::Map::new();
    question_keys.insert("question".into(), Value::Bool(true));
    for t in QUESTION_TESTS {
        question_keys.insert(t.into(), Value::Bool(true));
    }
    let mut forms = vec![json!({
        "required": ["question"],
        "anyOf": QUESTION_TESTS.iter().map(|t| json!({ "required": [t] })).collect::<Vec<_>>(),
        "properties": question_keys,
        "additionalProperties": false,
    })];
    for combinator in ["all", "any", "not"] {
        forms.push(json!({
            "required": [combinator],
            "properties": { combinator: true },
            "additionalProperties": false,
        }));
    }
    schema.insert("oneOf".into(), Value::Array(forms));
}
