//! `kbwalk import` over the KB articles in `../shared/kb/` (read from there,
//! not copied): every article of the archive in its three forms gives one
//! draft, the same for each form, that lints clean, walks from its symptom to
//! an outcome citing the article, and keeps every numbered step.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kbwalk::engine::{AnswerSource, Input, Session};
use kbwalk::import::{self, Imported};
use kbwalk::tree::load::load_source;
use kbwalk::tree::{OutcomeKind, QuestionKind, Step, Tree};

fn kb() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kb");
    assert!(
        dir.join("archive").is_dir(),
        "the KB articles are expected in {} (../shared/kb beside the repository)",
        dir.display()
    );
    dir
}

fn import_file(path: &Path) -> Imported {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import::import(&import::decode(&bytes)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The archive's articles: number and the three files holding it.
fn archive() -> Vec<(String, [PathBuf; 3])> {
    let root = kb().join("archive");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("txt"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let number = f.file_stem().unwrap().to_str().unwrap().to_string();
            let nnn = &number[1..4];
            out.push((
                number.clone(),
                [
                    f.clone(),
                    root.join(format!("kb/{nnn}/{number}/README.md")),
                    root.join(format!("docs/kb/{nnn}/{number}/index.html")),
                ],
            ));
        }
    }
    out
}

/// A value a text question accepts.
fn text_value(pattern: Option<&str>) -> &'static str {
    match pattern {
        Some("[A-Za-z0-9]{3}") => "S01",
        Some("[A-Za-z]") => "D",
        _ => "value",
    }
}

/// Walks from the symptom, answering every question (the first choice),
/// choosing the first alternative; the session at the outcome.
fn walk(tree: Arc<Tree>, version_answer: Option<&str>) -> Session {
    let symptom = tree.symptoms[0].id.clone();
    let mut s = Session::new(tree, Some(&symptom)).unwrap();
    for _ in 0..50 {
        let Some(q) = s.current_question().cloned() else {
            break;
        };
        let value = match q.kind {
            QuestionKind::Choice => version_answer
                .filter(|_| q.id == "version")
                .unwrap_or(&q.choices[0].id)
                .to_string(),
            QuestionKind::YesNo => "yes".to_string(),
            QuestionKind::Number => "1".to_string(),
            QuestionKind::Text => text_value(q.pattern.as_deref()).to_string(),
        };
        s.apply(&Input::Answer {
            question: q.id.clone(),
            value,
            source: AnswerSource::Operator,
        })
        .unwrap_or_else(|e| panic!("{}: {}: {e}", s.tree().id, q.id));
    }
    if let Some(alt) = s
        .outcome()
        .and_then(|o| o.alternatives.first())
        .map(|a| a.id.clone())
    {
        s.apply(&Input::ChooseAlternative {
            alternative: Some(alt),
        })
        .unwrap();
    }
    s
}

#[test]
fn every_archive_article_gives_one_draft_in_all_three_forms_that_lints_and_walks() {
    let articles = archive();
    assert_eq!(articles.len(), 121, "the archive sample holds 121 articles");
    let mut kinds = std::collections::BTreeMap::new();
    for (number, files) in &articles {
        let drafts: Vec<Imported> = files.iter().map(|f| import_file(f)).collect();
        for (d, f) in drafts.iter().zip(files).skip(1) {
            assert!(
                d.body == drafts[0].body,
                "{} and {} give different drafts",
                files[0].display(),
                f.display()
            );
        }
        let draft = &drafts[0];
        assert_eq!(draft.tree.id, number.to_lowercase());
        assert!(draft.tree.draft, "{number}: not marked as a draft");
        let text = draft.file_text(&files[0].display().to_string());
        let tree = load_source(number, &text)
            .unwrap_or_else(|p| panic!("{number}: the draft does not lint: {p:?}"));
        let s = walk(Arc::new(tree), None);
        let outcome = s
            .outcome()
            .unwrap_or_else(|| panic!("{number}: the walk ends without an outcome"));
        assert!(
            outcome.articles.iter().any(|a| &a.article == number),
            "{number}: the outcome does not cite the article"
        );
        assert!(!s.checklist_items().is_empty(), "{number}: empty checklist");
        assert!(
            s.applicability_warnings().is_empty(),
            "{number}: {:?}",
            s.applicability_warnings()
        );
        *kinds.entry(outcome.kind.as_str()).or_insert(0) += 1;
    }
    eprintln!("outcome kinds over the archive: {kinds:?}");
}

#[test]
fn a_version_the_article_does_not_name_raises_the_applicability_warning() {
    let draft = import_file(&kb().join("archive/txt/183/Q183347.TXT"));
    let s = walk(Arc::new(draft.tree), Some("other"));
    let warnings = s.applicability_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].article, "Q183347");
    assert_eq!(
        warnings[0].requirement,
        "Microsoft Systems Management Server 1.0, 1.1 or 1.2"
    );
}

fn steps_flat<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
    for s in steps {
        out.push(s);
        steps_flat(&s.steps, out);
    }
}

fn all_steps(tree: &Tree) -> Vec<&Step> {
    let mut out = Vec::new();
    for o in &tree.outcomes {
        steps_flat(&o.steps, &mut out);
        for a in &o.alternatives {
            steps_flat(&a.steps, &mut out);
        }
    }
    out
}

/// Text with `{{variables}}` and `<placeholders>` (and `_xxx`) made alike,
/// so a filled-in step compares with the article's words.
fn unplaceholder(text: &str) -> String {
    static PLACEHOLDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{\{[a-z0-9_]+\}\}|<[A-Za-z][A-Za-z ]*>|\bxxx\b").unwrap()
    });
    PLACEHOLDER.replace_all(text, "<>").into_owned()
}

/// The numbered items (and lettered sub-items) of the RESOLUTION and
/// WORKAROUND sections of a plain-text article, read independently of the
/// importer: the marker line and its continuation lines, whitespace reflowed.
fn numbered_fix_items(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut items = Vec::new();
    let mut in_fix = false;
    let item = regex::Regex::new(r"^\s*(\d{1,2}|[a-z])\.\s+(\S.*)$").unwrap();
    let mut i = 0;
    while i < lines.len() {
        if i + 1 < lines.len() && lines[i + 1].starts_with("===") && !lines[i].trim().is_empty() {
            in_fix = matches!(lines[i].trim(), "RESOLUTION" | "WORKAROUND");
            i += 2;
            continue;
        }
        if in_fix && let Some(c) = item.captures(lines[i]) {
            let indent = lines[i].len() - lines[i].trim_start().len();
            let mut t = c[2].to_string();
            let mut j = i + 1;
            while j < lines.len()
                && !lines[j].trim().is_empty()
                && lines[j].len() - lines[j].trim_start().len() > indent
                && !item.is_match(lines[j])
            {
                t.push(' ');
                t.push_str(lines[j].trim());
                j += 1;
            }
            items.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
            i = j;
            continue;
        }
        i += 1;
    }
    items
}

#[test]
fn every_numbered_resolution_and_workaround_step_is_a_step_verbatim() {
    let mut checked = 0;
    for (number, files) in archive() {
        let bytes = std::fs::read(&files[0]).unwrap();
        let text = import::decode(&bytes);
        let draft = import::import(&text).unwrap();
        let steps: Vec<String> = all_steps(&draft.tree)
            .iter()
            .map(|s| unplaceholder(&s.text))
            .collect();
        for item in numbered_fix_items(&text) {
            let want = unplaceholder(&item.replace("{{", "{ {"));
            assert!(
                steps.contains(&want),
                "{number}: the step {item:?} is not in the draft; its steps are:\n{}",
                steps.join("\n")
            );
            checked += 1;
        }
    }
    assert!(
        checked > 50,
        "only {checked} numbered steps found: the scan is broken"
    );
    eprintln!("{checked} numbered RESOLUTION/WORKAROUND steps found verbatim");
}

#[test]
fn the_seed_and_related_articles_import_too() {
    for folder in ["seeds", "related"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(kb().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            match import::import(&import::decode(&bytes)) {
                Ok(d) => {
                    let text = d.file_text("x");
                    load_source(&f.display().to_string(), &text)
                        .unwrap_or_else(|p| panic!("{}: {p:?}", f.display()));
                    // The same draft as the archive's plain-text form.
                    let number = d.tree.id.to_uppercase();
                    let archived = import_file(
                        &kb().join(format!("archive/txt/{}/{number}.TXT", &number[1..4])),
                    );
                    assert!(
                        archived.body == d.body,
                        "{}: differs from the archive's",
                        f.display()
                    );
                }
                Err(e) => {
                    // Q183347 was received as text copied from a web page,
                    // which is none of the three forms.
                    assert!(f.ends_with("seeds/Q183347.txt"), "{}: {e}", f.display());
                    assert!(e.to_string().contains("not a KB article"), "{e}");
                }
            }
        }
    }
}

#[test]
fn no_cut_or_mangled_article_panics() {
    let mut texts = Vec::new();
    for f in [
        "txt/183/Q183347.TXT",
        "kb/287/Q287717/README.md",
        "docs/kb/183/Q183347/index.html",
    ] {
        texts.push(std::fs::read(kb().join("archive").join(f)).unwrap());
    }
    for bytes in &texts {
        // Every prefix on a stride, and the text with bytes dropped or doubled.
        for end in (0..bytes.len()).step_by(151) {
            let _ = import::import(&import::decode(&bytes[..end]));
        }
        for at in (0..bytes.len()).step_by(503) {
            let mut v = bytes.clone();
            v.remove(at);
            let _ = import::import(&import::decode(&v));
            let mut v = bytes.clone();
            v.insert(at, b'<');
            v.insert(at, b'\n');
            let _ = import::import(&import::decode(&v));
        }
    }
    for odd in [
        &b""[..],
        b"\xff\xfe\x00\x00",
        b"DOCUMENT:",
        b"DOCUMENT:Q1\n=====\n",
        b"---\ntitle: x\n---\n{% raw %}\n",
        b"---\n---\n{% raw %}{% endraw %}",
        b"<pre><code>Article: Q1\n\n</code></pre>",
        b"<<<<<<<<",
    ] {
        let _ = import::import(&import::decode(odd));
    }
}

#[test]
fn kinds_follow_the_article() {
    let kind = |f: &str| import_file(&kb().join("archive").join(f)).tree.outcomes[0].kind;
    // "can be safely ignored"
    assert_eq!(kind("txt/283/Q283472.TXT"), OutcomeKind::Benign);
    // a WORKAROUND
    assert_eq!(kind("txt/287/Q287717.TXT"), OutcomeKind::Cause);
    // confirmed, no workaround
    assert_eq!(kind("txt/201/Q201658.TXT"), OutcomeKind::NoFix);
    // a how-to: no problem described
    assert_eq!(kind("txt/122/Q122057.TXT"), OutcomeKind::Reference);
}
