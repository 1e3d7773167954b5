//! The shipped JSON Schema, checked with a JSON Schema validator: it accepts
//! every tree the loader accepts and refuses what the loader refuses at the
//! shape level (unknown keys, missing fields, wrong kinds).

use std::path::Path;

use kbwalk::tree::load::BUILTIN;
use kbwalk::tree::parse_tree;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("assets/kbwalk-tree.schema.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema).expect("the shipped schema is a valid schema")
}

/// A tree as an editor's YAML support sees it: plain JSON data.
fn as_json(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).expect("the YAML parses")
}

fn schema_errors(v: &jsonschema::Validator, yaml: &str) -> Vec<String> {
    v.iter_errors(&as_json(yaml))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn yaml_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_schema_accepts_every_built_in_tree_and_valid_fixture() {
    let v = validator();
    for (name, text) in BUILTIN {
        assert_eq!(schema_errors(&v, text), Vec::<String>::new(), "{name}");
    }
    let valid = yaml_files("tests/fixtures/valid");
    assert!(valid.len() >= 2);
    for path in valid {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(schema_errors(&v, &text), Vec::<String>::new(), "{path:?}");
    }
}

#[test]
fn the_schema_refuses_the_invalid_fixtures_whose_shape_is_wrong_and_only_those() {
    let v = validator();
    let mut refused = Vec::new();
    for path in yaml_files("tests/fixtures/invalid") {
        let text = std::fs::read_to_string(&path).unwrap();
        if serde_yaml::from_str::<Value>(&text).is_err() {
            continue; // Not YAML at all: the editor says so before any schema.
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let shape_error = parse_tree(&name, &text).is_err();
        let errors = schema_errors(&v, &text);
        if shape_error {
            assert!(
                !errors.is_empty(),
                "{name}: the loader refuses its shape, the schema does not"
            );
            refused.push(name);
        } else {
            // References, reachability and the like are beyond a schema.
            assert_eq!(errors, Vec::<String>::new(), "{name}");
        }
    }
    assert_eq!(
        refused,
        [
            "missing-field.yaml",
            "unknown-field.yaml",
            "wrong-risk.yaml"
        ]
    );
}

const MINIMAL: &str = include_str!("fixtures/valid/minimal.yaml");

/// Shape mistakes an author makes, each written into the minimal tree.
const MISTAKES: &[(&str, &str, &str)] = &[
    (
        "a misspelt top-level key",
        "title: Printer",
        "titel: Printer",
    ),
    (
        "an unknown key in a step",
        "risk: reversible",
        "risk: reversible\n        danger: low",
    ),
    ("a step without risk", "        risk: reversible\n", ""),
    ("an unknown question kind", "kind: yes_no", "kind: maybe"),
    ("an unknown outcome kind", "kind: cause", "kind: fixed"),
    (
        "a list where text belongs",
        "text: Is the power light on?",
        "text: [on, off]",
    ),
    (
        "text where a list belongs",
        "articles: [{ article: KB1, section: WORKAROUND }]",
        "articles: KB1",
    ),
    (
        "an unknown probe",
        "    next: out_unknown\n",
        "    next: out_unknown\n    probe: { look: { ping: { host: printer } } }\n",
    ),
    (
        "a condition with two forms",
        "    next: out_unknown\n",
        "    next: out_unknown\n    branches:\n      - when: { question: queue, matches: \"x\", all: [] }\n        next: out_unknown\n",
    ),
    (
        "a condition with no test",
        "    next: out_unknown\n",
        "    next: out_unknown\n    branches:\n      - when: { question: queue }\n        next: out_unknown\n",
    ),
];

#[test]
fn the_schema_and_the_loader_refuse_the_same_shape_mistakes() {
    let v = validator();
    assert_eq!(schema_errors(&v, MINIMAL), Vec::<String>::new());
    for (what, from, to) in MISTAKES {
        assert!(
            MINIMAL.contains(from),
            "{what}: `{from}` is not in the fixture"
        );
        let text = MINIMAL.replacen(from, to, 1);
        assert!(
            !schema_errors(&v, &text).is_empty(),
            "{what}: the schema accepts it"
        );
        let loaded = kbwalk::tree::load::load_source("mistake.yaml", &text);
        assert!(loaded.is_err(), "{what}: the loader accepts it");
    }
}

#[test]
fn built_in_trees_name_the_shipped_schema_on_their_first_line() {
    for (name, text) in BUILTIN {
        let first = text.lines().next().unwrap();
        let location = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{name} starts with {first:?}"));
        assert!(
            Path::new("trees").join(location).is_file(),
            "{name}: {location} is not a file beside trees/"
        );
    }
}
