//! `kbwalk run`: walk a tree with given answers; export at an outcome, or
//! print the question still open and exit 3.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, bail};
use clap::Args;

use crate::engine::{Input, Position, Session, walk_answers};
use crate::export::{ExportMeta, markdown, session_json};
use crate::library::Library;
use crate::probe::jobs::proposed_answer;
use crate::probe::{
    ProbeReport, ProbeStatus, Runner, Target, question_job, verification_inputs, verification_jobs,
};
use crate::text;
use crate::tree::answers_file::{AnswersFile, parse_answers};
use crate::tree::limits::{MAX_ANSWERS_BYTES, read_text};
use crate::tree::{Question, QuestionKind};

use super::{Cli, EXIT_QUESTION, Format, ProbeMode, now, write_atomically};

/// No headless walk spends longer than this on probes at one question, or on
/// the checklist's verifications together.
const HEADLESS_BUDGET: std::time::Duration = std::time::Duration::from_secs(120);

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
    #[command(flatten)]
    pub trees: super::TreeOptions,
    #[command(flatten)]
    pub probes: super::ProbeOptions,
}

fn read_answers(path: &std::path::Path) -> anyhow::Result<AnswersFile> {
    let text = read_text(path, MAX_ANSWERS_BYTES, "an answers file").map_err(|p| anyhow!("{p}"))?;
    parse_answers(&path.display().to_string(), &text).map_err(|p| anyhow!("{p}"))
}

/// The open question in words; `probe` (what its probe saw) goes before the
/// line that says how to answer.
fn describe_question(session: &Session, q: &Question, probe: &str) -> String {
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
    s.push_str(probe);
    s.push_str(&format!("Answer with: --answer {}=VALUE\n", q.id));
    s
}

/// What the probe of the open question proposed, for the operator to accept or not.
fn describe_probe(
    session: &Session,
    q: &Question,
    report: &ProbeReport,
    mode: ProbeMode,
) -> String {
    let r = &report.result;
    let mut s = format!(
        "  Probe ({}): looked at {}\n",
        r.status.label(),
        r.looked_at
    );
    s.push_str(&format!("    Saw: {}\n", r.saw));
    s.push_str(&format!("    At: {}\n", crate::export::format_utc(r.at)));
    match proposed_answer(session, &q.id, &report.job.probe, r) {
        Some(v) if mode == ProbeMode::Ask => s.push_str(&format!(
            "    Proposed answer: {v} (accept with --answer {}={v}, or run with --probe auto)\n",
            q.id
        )),
        Some(v) => s.push_str(&format!("    Proposed answer: {v}, not accepted\n")),
        None if r.status == ProbeStatus::NeedsConsent => {
            s.push_str("    Nothing ran: commands from trees run only with --allow-commands\n")
        }
        None => s.push_str("    No answer proposed; answer it yourself\n"),
    }
    s
}

fn probe_json(session: &Session, q: &Question, report: &ProbeReport) -> serde_json::Value {
    let r = &report.result;
    serde_json::json!({
        "status": r.status,
        "looked_at": r.looked_at,
        "saw": r.saw,
        "at": r.at,
        "proposed_answer": proposed_answer(session, &q.id, &report.job.probe, r),
        "command_line": report.job.command_line(),
    })
}

pub fn run(cli: &Cli, lib: &Library, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let loaded = lib.tree(&args.tree)?;
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
    let mut session = Session::new(Arc::clone(&tree), symptom.as_deref())?;
    let mode = cli.probe_mode().unwrap_or(ProbeMode::Off);
    let runner = match mode {
        ProbeMode::Off => None,
        ProbeMode::Ask | ProbeMode::Auto => Some(Runner::new(cli.probe_env()?)),
    };
    // Given answers come first; a probe answers only a question left open.
    let mut open_probe: Option<ProbeReport> = None;
    loop {
        walk_answers(&mut session, &answers).map_err(|e| anyhow!("{e}"))?;
        let (Some(runner), Some(job)) = (&runner, question_job(&session)) else {
            break;
        };
        let Some(report) = runner.run(vec![job], HEADLESS_BUDGET).pop() else {
            break;
        };
        if mode == ProbeMode::Auto
            && let Some(input) = report.answer_input(&session)
            && session.apply(&input).is_ok()
        {
            continue;
        }
        open_probe = Some(report);
        break;
    }
    if let Some(alt) = &file.alternative
        && session.outcome().is_some()
    {
        session
            .apply(&Input::ChooseAlternative {
                alternative: Some(alt.clone()),
            })
            .map_err(|e| anyhow!("alternative: {e}"))?;
    }
    if let Some(runner) = &runner
        && mode == ProbeMode::Auto
        && session.outcome().is_some()
    {
        let reports = runner.run(verification_jobs(&session), HEADLESS_BUDGET);
        for input in verification_inputs(&reports) {
            session
                .apply(&input)
                .map_err(|e| anyhow!("verification: {e}"))?;
        }
    }

    let meta = ExportMeta {
        exported_at: now(),
        operator: None,
        ..Default::default()
    };
    let pending = match session.position() {
        Position::Question(q) => Some(q),
        Position::Outcome(_) => None,
    };
    let open_probe = open_probe
        .filter(|r| pending.is_some_and(|q| r.job.target == Target::Question(q.id.clone())));
    let text = match (args.format, pending) {
        (Format::Json, q) => {
            let mut v = session_json(&session, &meta);
            if let (Some(q), Some(r)) = (q, &open_probe) {
                v["question"]["probe"] = probe_json(&session, q, r);
            }
            text::json_pretty(&v)? + "\n"
        }
        (Format::Markdown | Format::Text, Some(q)) => {
            let probe = open_probe
                .as_ref()
                .map(|r| describe_probe(&session, q, r, mode))
                .unwrap_or_default();
            describe_question(&session, q, &probe)
        }
        (Format::Markdown, None) => markdown(&session, &meta),
        (Format::Text, None) => crate::export::text(&session, &meta, None),
    };
    match (&args.output, pending) {
        (Some(path), None) => {
            write_atomically(path, text.as_bytes())?;
            let _ = writeln!(text::stderr(), "wrote {}", path.display());
        }
        _ => write!(text::stdout(), "{text}")?,
    }
    Ok(if pending.is_some() {
        ExitCode::from(EXIT_QUESTION)
    } else {
        ExitCode::SUCCESS
    })
}
