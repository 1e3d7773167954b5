//! `kbwalk lint --coverage`: for each article a tree cites, what no node
//! cites yet, read from the article files found under `--articles DIR`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::authoring::article::sections;
use crate::authoring::coverage::{Citation, citations, coverage};
use crate::library::Library;
use crate::probe::clean_text;

/// Article files larger than this are not articles.
const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;
/// How deep under an `--articles` folder files are looked for
/// (`kb/183/Q183347/README.md` is three below `kb/`).
const MAX_DEPTH: usize = 3;
/// Stops a walk of a huge folder by mistake.
const MAX_ENTRIES: usize = 100_000;

/// Article files by upper-case article id: `Q183347.txt`, `Q201658.md`,
/// `Q183347/README.md`; the first found wins, in the order of the folders.
fn article_files(dirs: &[PathBuf]) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut found = BTreeMap::new();
    let mut seen = 0;
    for dir in dirs {
        if !dir.is_dir() {
            anyhow::bail!("--articles {}: not a folder", dir.display());
        }
        let mut stack = vec![(dir.clone(), 0)];
        while let Some((folder, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries.into_iter().rev() {
                seen += 1;
                if seen > MAX_ENTRIES {
                    return Ok(found);
                }
                // Links are not followed: a folder of articles is plain files.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if kind.is_dir() && depth < MAX_DEPTH {
                    stack.push((path, depth + 1));
                } else if kind.is_file()
                    && let Some(id) = article_id(&path)
                {
                    found.entry(id).or_insert(path);
                }
            }
        }
    }
    Ok(found)
}

fn article_id(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext != "txt" && ext != "md" {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let named = if stem.eq_ignore_ascii_case("readme") {
        path.parent()?.file_name()?.to_str()?
    } else {
        stem
    };
    Some(named.to_ascii_uppercase())
}

fn read_article(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > MAX_ARTICLE_BYTES {
        return None;
    }
    // Some archived articles are Windows-1252: headings and step numbers
    // are ASCII either way.
    Some(String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned())
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", clean_text(text))
}

fn steps_text(steps: &[String]) -> String {
    let word = if steps.len() == 1 { "step" } else { "steps" };
    format!("{word} {}", clean_text(&steps.join(", ")))
}

/// One line of the report.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

/// The coverage of every tree of `lib`, as printed.
pub fn report(lib: &Library, article_dirs: &[PathBuf]) -> anyhow::Result<String> {
    let mut out = String::new();
    let files = if article_dirs.is_empty() {
        None
    } else {
        Some(article_files(article_dirs)?)
    };
    for entry in lib.entries() {
        let Ok(loaded) = entry.load() else {
            continue;
        };
        let tree = &loaded.tree;
        outln!(
            out,
            "coverage of {} ({})",
            clean_text(&tree.id),
            clean_text(&loaded.file)
        );
        let cites = citations(tree);
        for article in &tree.articles {
            let mine: Vec<&Citation> = cites.iter().filter(|c| c.article == article.id).collect();
            outln!(
                out,
                "  {} {}",
                clean_text(&article.id),
                clean_text(&article.title)
            );
            let Some(files) = &files else {
                cited_lines(&mut out, &mine);
                continue;
            };
            let Some(path) = files.get(&article.id.to_ascii_uppercase()) else {
                outln!(out, "    no article file for it in the --articles folders");
                continue;
            };
            let Some(text) = read_article(path) else {
                outln!(
                    out,
                    "    {}: cannot read",
                    clean_text(&path.display().to_string())
                );
                continue;
            };
            let cov = coverage(&sections(&text), &mine);
            let steps = match cov.steps_total() {
                0 => "no numbered steps".to_string(),
                total => format!("{} of {total} numbered steps cited", cov.steps_cited()),
            };
            outln!(
                out,
                "    {}: {} of {} sections cited, {steps}",
                clean_text(&path.display().to_string()),
                cov.sections_cited(),
                cov.sections.len(),
            );
            for s in &cov.sections {
                if !s.cited {
                    outln!(out, "    not cited: section {}", quoted(&s.name));
                } else if !s.uncited_steps.is_empty() {
                    outln!(
                        out,
                        "    not cited: section {}, {}",
                        quoted(&s.name),
                        steps_text(&s.uncited_steps)
                    );
                }
            }
            for c in &cov.not_in_article {
                let what = match (&c.section, &c.step) {
                    (Some(s), Some(step)) => {
                        format!("section {}, step {}", quoted(s), quoted(step))
                    }
                    (Some(s), None) => format!("section {}", quoted(s)),
                    (None, Some(step)) => format!("step {}", quoted(step)),
                    (None, None) => continue,
                };
                outln!(
                    out,
                    "    not in the article: {what}, cited by {}",
                    clean_text(&c.by)
                );
            }
        }
    }
    if files.is_none() {
        outln!(
            out,
            "(give --articles DIR to see what each article has that no node cites)"
        );
    }
    Ok(out)
}

/// Without the article files: what the tree cites of each article.
fn cited_lines(out: &mut String, cites: &[&Citation]) {
    let mut by_section: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in cites {
        let entry = by_section
            .entry(
                c.section
                    .clone()
                    .unwrap_or_else(|| "(whole article)".into()),
            )
            .or_default();
        if let Some(step) = &c.step
            && !entry.contains(step)
        {
            entry.push(step.clone());
        }
    }
    if by_section.is_empty() {
        outln!(out, "    cited by no node");
    }
    for (section, steps) in by_section {
        if steps.is_empty() {
            outln!(out, "    cited: section {}", quoted(&section));
        } else {
            outln!(
                out,
                "    cited: section {}, {}",
                quoted(&section),
                steps_text(&steps)
            );
        }
    }
}
