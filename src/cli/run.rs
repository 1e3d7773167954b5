//! `kbwalk run`: walk a tree with given answers; export at an outcome, or
//! print the question still open and exit 3.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use clap::Args;

use crate::engine::{Input, Position, Session, walk_answers};
use crate::export::{ExportMeta, markdown, session_json};
use crate::tree::answers_file::{AnswersFile, parse_answers};
use crate::tree::{Library, Question, QuestionKind};

use super::{EXIT_QUESTION, Format, now, write_atomically};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The tree's id (see `kbwalk list`).
    pub tree: String,
    /// Start at this symptom instead of the tree's general start.
    #[arg(long)]
    pub symptom: Option<String>,
    /// A YAML file of answers (question id: value), or a kbwalk Markdown export.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer, QUESTION=VALUE (repeatable; overrides the answers file).
    #[arg(long = "answer", value_name = "ID=VALUE")]
    pub answer: Vec<String>,
    /// What to print.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Write the export to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn read_answers(path: &PathBuf) -> anyhow::Result<AnswersFile> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| anyhow!("{}: not UTF-8 text", path.display()))?;
    parse_answers(&path.display().to_string(), &text).map_err(|p| anyhow!("{p}"))
}

fn describe_question(session: &Session, q: &Question) -> String {
    let mut s = format!(
        "Question `{}` ({}): {}\n",
        q.id,
        q.kind.as_str(),
        session.fill(&q.text).trim()
    );
    if !q.help.is_empty() {
        s.push_str(&format!("  Why: {}\n", session.fill(&q.help).trim()));
    }
    match q.kind {
        QuestionKind::YesNo => s.push_str("  Answers: yes, no\n"),
        QuestionKind::Choice => {
            for c in &q.choices {
                s.push_str(&format!("  {:14} {}\n", c.id, c.label));
            }
        }
        QuestionKind::Text => {
            if let Some(h) = &q.pattern_hint {
                s.push_str(&format!("  Expected: {h}\n"));
            }
        }
        QuestionKind::Number => {}
    }
    s.push_str(&format!("Answer with: --answer {}=VALUE\n", q.id));
    s
}

pub fn run(lib: &Library, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let Some(loaded) = lib.get(&args.tree) else {
        bail!(
            "unknown tree `{}`; expected one of: {}",
            args.tree,
            lib.ids().join(", ")
        );
    };
    let tree = Arc::clone(&loaded.tree);
    let file = match &args.answers {
        Some(p) => read_answers(p)?,
        None => AnswersFile::default(),
    };
    if let Some(t) = &file.tree
        && t != &tree.id
    {
        bail!(
            "{}: these answers are for tree `{t}`, not `{}`",
            args.answers
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            tree.id
        );
    }
    let mut answers: BTreeMap<String, String> = file.answers.clone();
    for a in &args.answer {
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| anyhow!("--answer {a}: expected QUESTION=VALUE"))?;
        answers.insert(k.trim().to_string(), v.to_string());
    }
    for id in answers.keys() {
        if tree.question(id).is_none() {
            bail!(
                "`{id}` is not a question of tree `{}`; see `kbwalk run {} --format json` for the questions",
                tree.id,
                tree.id
            );
        }
    }
    let symptom = args.symptom.clone().or(file.symptom.clone());
    let mut session =
        Session::new(Arc::clone(&tree), symptom.as_deref()).map_err(|e| anyhow!(e))?;
    walk_answers(&mut session, &answers).map_err(|e| anyhow!("{e}"))?;
    if let Some(alt) = &file.alternative
        && session.outcome().is_some()
    {
        session
            .apply(&Input::ChooseAlternative {
                alternative: Some(alt.clone()),
            })
            .map_err(|e| anyhow!("alternative: {e}"))?;
    }

    let meta = ExportMeta {
        exported_at: now(),
        operator: None,
    };
    let pending = match session.position() {
        Position::Question(q) => Some(q),
        Position::Outcome(_) => None,
    };
    let text = match (args.format, pending) {
        (Format::Json, _) => serde_json::to_string_pretty(&session_json(&session, &meta))? + "\n",
        (Format::Markdown, Some(q)) => describe_question(&session, q),
        (Format::Markdown, None) => markdown(&session, &meta),
    };
    match (&args.output, pending) {
        (Some(path), None) => {
            write_atomically(path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        _ => print!("{text}"),
    }
    Ok(if pending.is_some() {
        ExitCode::from(EXIT_QUESTION)
    } else {
        ExitCode::SUCCESS
    })
}
