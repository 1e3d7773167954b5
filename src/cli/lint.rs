//! `kbwalk lint`: one line per problem, exit 1 when there is any; with
//! `--coverage`, what of each cited article no node cites.
//!
//! Files are checked a few at a time (in parallel) and each tree is dropped
//! once checked, so memory stays that of a few trees however many there are;
//! only ids, symptom ids and the `see_also` links still to check are kept.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::library::Library;
use crate::library::builtin::BUILTIN_TREES;
use crate::library::scan::parallel_map;
use crate::text;
use crate::tree::Problem;
use crate::tree::links::{LinkToCheck, to_check};
use crate::tree::load::{load_source, read_tree_file, tree_files};
use crate::tree::problem::Locator;

use super::{Cli, TreeOptions};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Tree files or folders of them.
    pub paths: Vec<PathBuf>,
    /// Also report, for each article a tree cites, the sections and
    /// numbered steps that no node cites.
    #[arg(long)]
    pub coverage: bool,
    /// Where the article files are (e.g. `Q183347.txt`, `Q201658.md`; searched
    /// two folders deep; repeatable). Without it, coverage lists what is cited.
    #[arg(long, value_name = "DIR", requires = "coverage")]
    pub articles: Vec<PathBuf>,
    #[command(flatten)]
    pub trees: TreeOptions,
}

/// Files checked between two reports: enough to keep every core busy.
const BATCH: usize = 32;

/// What checking one valid tree file keeps.
struct Checked {
    id: String,
    id_at: (usize, usize),
    symptoms: Vec<String>,
    links: Vec<LinkToCheck>,
}

fn check_file(path: &Path) -> Result<Checked, Vec<Problem>> {
    let file = path.display().to_string();
    let src = read_tree_file(path).map_err(|p| vec![p])?;
    let tree = load_source(&file, &src)?;
    let links = to_check(&tree, &file, &src);
    Ok(Checked {
        id_at: Locator::new(&src).id(&tree.id),
        symptoms: tree.symptoms.iter().map(|s| s.id.clone()).collect(),
        id: tree.id,
        links,
    })
}

pub fn lint(cli: &Cli, args: &LintArgs) -> anyhow::Result<ExitCode> {
    let (builtin, paths) = if args.paths.is_empty() {
        (true, cli.tree_paths())
    } else {
        (false, args.paths.clone())
    };
    let mut out = text::stdout();
    let mut problems = 0usize;
    let mut files = 0usize;
    // Each tree id: the file that defined it first, and its symptoms.
    let mut defined: HashMap<String, (String, Vec<String>)> = HashMap::new();
    // Links may name a built-in tree even when only other files are linted.
    let builtin_symptoms: HashMap<String, Vec<String>> = BUILTIN_TREES
        .iter()
        .map(|b| {
            let s = b.summary();
            let symptoms = s.symptoms.iter().map(|s| s.id.to_string()).collect();
            (s.id.to_string(), symptoms)
        })
        .collect();
    if builtin {
        // Validated when kbwalk was built; only their ids take part here.
        for b in BUILTIN_TREES {
            let id = b.summary().id.to_string();
            let symptoms = builtin_symptoms[&id].clone();
            defined.insert(id, (b.file(), symptoms));
            files += 1;
        }
    }
    let mut links: Vec<LinkToCheck> = Vec::new();
    for path in &paths {
        let list = match tree_files(path) {
            Ok(list) => list,
            Err(p) => {
                writeln!(out, "{p}")?;
                problems += 1;
                continue;
            }
        };
        for batch in list.chunks(BATCH) {
            for (path, checked) in batch.iter().zip(parallel_map(batch, |p| check_file(p))) {
                files += 1;
                let found = match checked {
                    Ok(c) => match defined.get(&c.id) {
                        Some((first, _)) => vec![Problem {
                            file: path.display().to_string(),
                            line: c.id_at.0,
                            column: c.id_at.1,
                            message: format!("tree id `{}` is already defined by {first}", c.id),
                        }],
                        None => {
                            defined.insert(c.id, (path.display().to_string(), c.symptoms));
                            links.extend(c.links);
                            Vec::new()
                        }
                    },
                    Err(found) => found,
                };
                for p in &found {
                    writeln!(out, "{p}")?;
                }
                problems += found.len();
            }
        }
    }
    for link in &links {
        let symptoms = defined
            .get(&link.tree)
            .map(|(_, s)| s)
            .or_else(|| builtin_symptoms.get(&link.tree));
        if let Some(p) = link.problem(symptoms.map(Vec::as_slice)) {
            writeln!(out, "{p}")?;
            problems += 1;
        }
    }
    if args.coverage {
        // Coverage reads whole trees; it is asked for on a few, not thousands.
        let (lib, _) = Library::load(builtin, &paths);
        let report = super::coverage::report(&lib, &args.articles)?;
        out.write_all(report.as_bytes())?;
    }
    if problems == 0 {
        let _ = writeln!(text::stderr(), "{files} tree file(s) checked, no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        let _ = writeln!(
            text::stderr(),
            "{problems} problem(s) in {files} tree file(s) checked"
        );
        Ok(ExitCode::from(1))
    }
}
