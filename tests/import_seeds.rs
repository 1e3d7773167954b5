//! The five seed articles imported, beside the hand-written tree
//! (`trees/sms-secondary-site.yaml`): which of its steps the drafts have,
//! word for word or as the same step of the article, and which they miss.
//! Run with `--nocapture` to read the comparison.

use std::path::Path;

use kbwalk::import;
use kbwalk::library::Library;
use kbwalk::tree::{SourceRef, Step, Tree};

const SEEDS: [&str; 5] = ["Q183347", "Q186408", "Q201658", "Q283472", "Q287717"];

fn flat<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
    for s in steps {
        out.push(s);
        flat(&s.steps, out);
    }
}

fn steps_of(tree: &Tree) -> Vec<&Step> {
    let mut out = Vec::new();
    for o in &tree.outcomes {
        flat(&o.steps, &mut out);
        for a in &o.alternatives {
            flat(&a.steps, &mut out);
        }
    }
    out
}

/// Words only, lower case, variables and placeholders alike: "SMS" and
/// "Systems Management Server" still differ, as they do for a reader.
fn words(text: &str) -> String {
    let re = regex::Regex::new(r"\{\{[a-z0-9_]+\}\}|<[A-Za-z][A-Za-z ]*>|\bxxx\b").unwrap();
    re.replace_all(text, " var ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn label(src: &Option<SourceRef>) -> Option<(String, String)> {
    let s = src.as_ref()?;
    // The hand tree sometimes prefixes the part with its section.
    let section = s.section.clone()?;
    let section = section
        .strip_prefix("MORE INFORMATION: ")
        .map(str::to_string)
        .unwrap_or(section);
    Some((section, s.step.clone()?))
}

#[test]
fn the_seed_drafts_have_every_numbered_step_the_hand_written_tree_uses() {
    let (lib, problems) = Library::load(true, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    let hand = &lib.get("sms-secondary-site").unwrap().tree;
    let kb = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kb/archive/txt");
    let mut missing_numbered = Vec::new();
    for number in SEEDS {
        let bytes = std::fs::read(kb.join(format!("{}/{number}.TXT", &number[1..4]))).unwrap();
        let draft = import::import(&import::decode(&bytes)).unwrap();
        let drafted = steps_of(&draft.tree);
        let hand_steps: Vec<&Step> = steps_of(hand)
            .into_iter()
            .filter(|s| s.source.as_ref().is_some_and(|r| r.article == number))
            .collect();
        let (mut same_words, mut same_step, mut missed) = (Vec::new(), Vec::new(), Vec::new());
        for h in &hand_steps {
            let by_words = drafted.iter().find(|d| words(&d.text) == words(&h.text));
            let by_label = label(&h.source)
                .and_then(|l| drafted.iter().find(|d| label(&d.source) == Some(l.clone())));
            match (by_words, by_label) {
                (Some(d), _) => same_words.push((h, *d)),
                (None, Some(d)) => same_step.push((h, *d)),
                (None, None) => {
                    if let Some(l) = label(&h.source)
                        .filter(|(_, step)| step.starts_with(|c: char| c.is_ascii_digit()))
                    {
                        missing_numbered.push(format!("{number} {} step {}", l.0, l.1));
                    }
                    missed.push(h)
                }
            }
        }
        let kind = draft.tree.outcomes[0].kind.as_str();
        println!(
            "\n{number}: draft `{kind}` with {} steps; hand-written tree: {} steps from {number}: \
             {} word for word, {} as the same step of the article reworded, {} missed",
            drafted.len(),
            hand_steps.len(),
            same_words.len(),
            same_step.len(),
            missed.len()
        );
        for (h, d) in &same_step {
            println!(
                "  same step {:?}:\n    hand:  {}\n    draft: {}",
                label(&h.source).unwrap_or_default(),
                h.text,
                d.text
            );
        }
        for h in &missed {
            println!(
                "  missed `{}` ({:?}): {}",
                h.id,
                h.source.as_ref().and_then(|s| s.section.clone()),
                h.text
            );
        }
        let used: Vec<&str> = same_words
            .iter()
            .chain(same_step.iter())
            .map(|(_, d)| d.id.as_str())
            .collect();
        for d in &drafted {
            if !used.contains(&d.id.as_str()) {
                println!("  only in the draft `{}`: {}", d.id, d.text);
            }
        }
    }
    assert!(
        missing_numbered.is_empty(),
        "numbered steps of the articles that the hand-written tree uses and the drafts lack: {missing_numbered:?}"
    );
}
