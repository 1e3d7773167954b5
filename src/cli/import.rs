//! `kbwalk import`: KB articles as draft trees in the user's trees folder
//! (or `--out DIR`). Reads and writes files; the importing itself is
//! `crate::import`, a pure function of the text.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::Args;
use serde_json::json;

use crate::import::{self, Existing, Imported};
use crate::text;
use crate::tree::load::load_source;

use super::write_atomically;

/// An article is a few kilobytes; anything this large is not one.
const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;
/// Folders nest no deeper than this (the archive needs three levels).
const MAX_DEPTH: usize = 32;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Where to write the drafts (default: the user's trees folder, which
    /// the wizard loads).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite drafts that were edited since, and files the importer did not write.
    #[arg(long)]
    pub force: bool,
    /// Print one JSON document instead of a line per article.
    #[arg(long)]
    pub json: bool,
    /// Article files, or folders searched recursively.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// What happened to one draft file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Disposition {
    Written,
    Updated,
    Unchanged,
    /// Another input of this run already gave the same draft (another form).
    SameAsEarlier,
    LeftAloneEdited,
    LeftAloneForeign,
}

impl Disposition {
    fn as_str(self) -> &'static str {
        match self {
            Disposition::Written => "written",
            Disposition::Updated => "updated",
            Disposition::Unchanged => "unchanged",
            Disposition::SameAsEarlier => "same_as_earlier",
            Disposition::LeftAloneEdited => "left_alone_edited",
            Disposition::LeftAloneForeign => "left_alone_not_imported",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Disposition::Written => "written",
            Disposition::Updated => "updated",
            Disposition::Unchanged => "unchanged",
            Disposition::SameAsEarlier => "same draft as an earlier file, not written again",
            Disposition::LeftAloneEdited => {
                "left alone: edited since it was imported (--force overwrites it)"
            }
            Disposition::LeftAloneForeign => {
                "left alone: not written by kbwalk import (--force overwrites it)"
            }
        }
    }
}

/// A path as it may be shown: one line, no control characters.
fn shown(path: &Path) -> String {
    path.display()
        .to_string()
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The files under `paths`, folders searched recursively in name order;
/// a folder that cannot be read is a failure, the rest go on.
fn article_files(paths: &[PathBuf], failures: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    fn walk(
        dir: &Path,
        depth: usize,
        out: &mut Vec<PathBuf>,
        failures: &mut Vec<(PathBuf, String)>,
    ) {
        if depth > MAX_DEPTH {
            failures.push((
                dir.to_path_buf(),
                format!("folders nested deeper than {MAX_DEPTH}"),
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                failures.push((dir.to_path_buf(), format!("cannot read folder: {e}")));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            // A link to a folder is not followed: it could lead back up.
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.is_dir() => walk(&p, depth + 1, out, failures),
                Ok(m) if m.file_type().is_symlink() && p.is_dir() => {}
                Ok(_) => out.push(p),
                Err(e) => failures.push((p, format!("cannot read: {e}"))),
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, 0, &mut out, failures);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Why an article file was not read.
#[derive(Debug, thiserror::Error)]
enum ArticleReadError {
    #[error("cannot read: {0}")]
    Unreadable(#[from] std::io::Error),
    #[error("not a regular file")]
    NotAFile,
    #[error("larger than {MAX_ARTICLE_BYTES} bytes: not a KB article")]
    TooLarge,
}

fn read_article(path: &Path) -> Result<String, ArticleReadError> {
    // Before opening: opening a named pipe would wait for a writer.
    if !std::fs::metadata(path)?.is_file() {
        return Err(ArticleReadError::NotAFile);
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(ArticleReadError::NotAFile);
    }
    let mut bytes = Vec::new();
    file.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(ArticleReadError::TooLarge);
    }
    Ok(import::decode(&bytes))
}

struct Done {
    source: PathBuf,
    file: PathBuf,
    imported: Imported,
    written: Disposition,
}

pub fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let out = match &args.out {
        Some(d) => d.clone(),
        None => crate::paths::user_trees_dir().ok_or_else(|| {
            anyhow!("no trees folder: set HOME or KBWALK_HOME, or give --out DIR")
        })?,
    };
    std::fs::create_dir_all(&out)
        .with_context(|| format!("{}: cannot create the folder", shown(&out)))?;

    write_schema_beside(&out)?;

    let mut failures: Vec<(PathBuf, String)> = Vec::new();
    let files = article_files(&args.paths, &mut failures);
    let mut done: Vec<Done> = Vec::new();
    // Drafts written in this run: file name to (source, body).
    let mut this_run: BTreeMap<PathBuf, (PathBuf, String)> = BTreeMap::new();
    for path in files {
        let imported = match read_article(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| import::import(&t).map_err(|e| e.to_string()))
        {
            Ok(i) => i,
            Err(reason) => {
                failures.push((path, reason));
                continue;
            }
        };
        let file = out.join(format!("{}.yaml", imported.tree.id));
        let text = imported.file_text(&path.display().to_string());
        // A draft that would not load is not written: that is a bug to report.
        if let Err(problems) = load_source(&file.display().to_string(), &text) {
            let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
            failures.push((path, format!("the draft does not pass lint: {first}")));
            continue;
        }
        let written = if let Some((earlier, body)) = this_run.get(&file) {
            if *body == imported.body {
                Disposition::SameAsEarlier
            } else {
                failures.push((
                    path,
                    format!(
                        "gives another draft {} than {} did in this run; not written",
                        shown(&file),
                        shown(earlier)
                    ),
                ));
                continue;
            }
        } else {
            let current = std::fs::read(&file)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            let state = import::existing(current.as_deref());
            let write = match state {
                Existing::None => Some(Disposition::Written),
                _ if current.as_deref() == Some(text.as_str()) => None,
                Existing::Untouched => Some(Disposition::Updated),
                Existing::Edited if !args.force => {
                    done.push(Done {
                        source: path,
                        file,
                        imported,
                        written: Disposition::LeftAloneEdited,
                    });
                    continue;
                }
                Existing::Foreign if !args.force => {
                    done.push(Done {
                        source: path,
                        file,
                        imported,
                        written: Disposition::LeftAloneForeign,
                    });
                    continue;
                }
                Existing::Edited | Existing::Foreign => Some(Disposition::Updated),
            };
            match write {
                None => Disposition::Unchanged,
                Some(w) => {
                    if let Err(e) = write_atomically(&file, text.as_bytes()) {
                        failures.push((path, format!("{e:#}")));
                        continue;
                    }
                    w
                }
            }
        };
        this_run.insert(file.clone(), (path.clone(), imported.body.clone()));
        done.push(Done {
            source: path,
            file,
            imported,
            written,
        });
    }

    if args.json {
        let doc = json!({
            "out": out.display().to_string(),
            "imported": done.iter().map(|d| json!({
                "path": d.source.display().to_string(),
                "form": d.imported.form.as_str(),
                "file": d.file.display().to_string(),
                "tree": d.imported.tree.id,
                "outcome": d.imported.tree.outcomes.first().map(|o| o.kind.as_str()),
                "steps": d.imported.step_count(),
                "written": d.written.as_str(),
                "not_placed": d.imported.unplaced.iter().map(|u| json!({"section": u.section, "text": u.text})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "failed": failures.iter().map(|(p, r)| json!({"path": p.display().to_string(), "reason": r})).collect::<Vec<_>>(),
        });
        writeln!(text::stdout(), "{}", text::json_pretty(&doc)?)?;
    } else {
        for d in &done {
            let kind = d
                .imported
                .tree
                .outcomes
                .first()
                .map_or("", |o| o.kind.as_str());
            let unplaced = match d.imported.unplaced.len() {
                0 => String::new(),
                1 => ", 1 paragraph not placed (kept as a note)".to_string(),
                n => format!(", {n} paragraphs not placed (kept as a note)"),
            };
            writeln!(
                text::stdout(),
                "{}: {} ({kind}, {} steps{unplaced}) from {}",
                shown(&d.file),
                d.written.words(),
                d.imported.step_count(),
                shown(&d.source),
            )?;
        }
        for (p, reason) in &failures {
            writeln!(text::stderr(), "kbwalk: {}: {reason}", shown(p))?;
        }
        writeln!(
            text::stderr(),
            "{} article(s) imported into {}, {} file(s) failed",
            done.len(),
            shown(&out),
            failures.len()
        )?;
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Drafts name the schema beside them in their first line, so an editor
/// checks them as they are reviewed; it is written when missing or stale.
fn write_schema_beside(out: &Path) -> anyhow::Result<()> {
    let path = out.join(import::SCHEMA_FILE);
    let schema = crate::tree::schema::tree_schema_text();
    if std::fs::read(&path).ok().as_deref() != Some(schema.as_bytes()) {
        write_atomically(&path, schema.as_bytes())?;
    }
    Ok(())
}
