//! `kbwalk sessions ...` and `kbwalk resume`: stored sessions from scripts.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::engine::{Input, Position};
use crate::export::{ExportMeta, markdown_with_timeline, session_json};
use crate::library::Library;
use crate::store::{Entry, Listed, SessionView, Stage, Store, StoreError, What, operator_from_env};
use crate::text;
use crate::time::{format_elapsed, format_utc};
use crate::wording::describe_input_briefly;

use super::options::Groups;
use super::{Cli, ExportOptions, Format, ProbeOptions, TreeOptions, now, write_atomically};

#[derive(Debug, Args)]
pub struct OperatorArg {
    /// Who is recorded as doing this [default: $USER].
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
}

impl OperatorArg {
    fn name(&self) -> String {
        self.operator
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(operator_from_env)
    }
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// List the sessions, most recently changed first.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Leave out finished sessions (at an outcome with no step left to do).
        #[arg(long)]
        unfinished: bool,
        /// Include dismissed sessions, marked so.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        trees: TreeOptions,
    },
    /// Show where a session stands, what opening it found, and its timeline.
    Show {
        /// A session id, or a unique beginning of one.
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        trees: TreeOptions,
    },
    /// Export a session: Markdown with its timeline, or JSON.
    Export {
        /// A session id, or a unique beginning of one.
        id: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
        /// Write the export to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        trees: TreeOptions,
    },
    /// Delete sessions; refused for a session another kbwalk has open.
    Rm {
        /// Exact session ids.
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        operator: OperatorArg,
    },
    /// Set abandoned sessions aside: they stay on disk, but `sessions list`
    /// and the wizard leave them out (`sessions list --all` shows them).
    /// Changing one again (`kbwalk resume ID`) brings it back.
    Dismiss {
        /// Session ids, or unique beginnings of them.
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        operator: OperatorArg,
        #[command(flatten)]
        trees: TreeOptions,
    },
    /// Start a session without the wizard, and print its id.
    New {
        /// The tree's id (see `kbwalk list`).
        tree: String,
        /// Start at this symptom instead of the tree's general start.
        #[arg(long)]
        symptom: Option<String>,
        #[command(flatten)]
        operator: OperatorArg,
        #[command(flatten)]
        trees: TreeOptions,
    },
    /// Apply inputs read from standard input, one JSON object a line
    /// (e.g. {"input":"answer","question":"site_code","value":"S01"}).
    /// Each is acknowledged with a JSON line on standard output only once
    /// it is on disk; a refused input is not recorded.
    Apply {
        /// A session id, or a unique beginning of one.
        id: String,
        #[command(flatten)]
        operator: OperatorArg,
        #[command(flatten)]
        trees: TreeOptions,
    },
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// A session id, or a unique beginning of one [default: the most
    /// recently changed unfinished session].
    pub id: Option<String>,
    /// Read the session even while another kbwalk has it open.
    #[arg(long)]
    pub read_only: bool,
    #[command(flatten)]
    pub operator: OperatorArg,
    #[command(flatten)]
    pub trees: TreeOptions,
    #[command(flatten)]
    pub probes: ProbeOptions,
    #[command(flatten)]
    pub export: ExportOptions,
}

impl SessionsCommand {
    /// Every command but `rm` reads the trees its sessions walk.
    pub fn option_groups(&mut self) -> Groups<'_> {
        let trees = match self {
            SessionsCommand::List { trees, .. }
            | SessionsCommand::Show { trees, .. }
            | SessionsCommand::Export { trees, .. }
            | SessionsCommand::New { trees, .. }
            | SessionsCommand::Dismiss { trees, .. }
            | SessionsCommand::Apply { trees, .. } => Some(trees),
            SessionsCommand::Rm { .. } => None,
        };
        Groups {
            trees,
            ..Groups::default()
        }
    }
}

pub fn sessions(cli: &Cli, command: &SessionsCommand) -> anyhow::Result<ExitCode> {
    let store = Store::open_default()?;
    match command {
        SessionsCommand::List {
            json,
            unfinished,
            all,
            ..
        } => list(&store, &cli.library(), *json, *unfinished, *all),
        SessionsCommand::Dismiss { ids, operator, .. } => {
            let lib = cli.library();
            for id in ids {
                let mut writer = store.open(id, &lib, &operator.name(), now())?;
                if !writer.dismissed() {
                    writer.dismiss(now())?;
                }
                let _ = writeln!(text::stderr(), "dismissed session {}", writer.id());
            }
            Ok(ExitCode::SUCCESS)
        }
        SessionsCommand::Show { id, json, .. } => show(&store, &cli.library(), id, *json),
        SessionsCommand::Export {
            id, format, output, ..
        } => export(&store, &cli.library(), id, *format, output.as_ref()),
        SessionsCommand::Rm { ids, operator } => {
            let name = operator.name();
            for id in ids {
                match store.remove(id, &name, now()) {
                    Ok(()) => {
                        let _ = writeln!(text::stderr(), "removed session {id}");
                    }
                    Err(e) => {
                        // Whole ids only, so that nothing is removed by mistake.
                        // (A let chain, not an `if let` guard: those need Rust 1.95.)
                        if matches!(e, StoreError::Unknown { .. })
                            && let Ok(whole) = store.resolve(id)
                        {
                            bail!("`sessions rm` takes whole ids; did you mean {whole}?")
                        }
                        return Err(e.into());
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SessionsCommand::New {
            tree,
            symptom,
            operator,
            ..
        } => {
            let lib = cli.library();
            let loaded = lib.tree(tree)?;
            let writer = store.create(loaded, symptom.as_deref(), &operator.name(), now())?;
            writeln!(text::stdout(), "{}", writer.id())?;
            Ok(ExitCode::SUCCESS)
        }
        SessionsCommand::Apply { id, operator, .. } => {
            apply(&store, &cli.library(), id, &operator.name())
        }
    }
}

fn warn(view: &SessionView) {
    for w in view.report().warnings() {
        let _ = writeln!(
            text::stderr(),
            "kbwalk: warning: session {}: {w}",
            view.id()
        );
    }
}

/// Why a line given to `sessions apply` is not an input.
#[derive(Debug, thiserror::Error)]
enum InputLineError {
    #[error("expected an input as one JSON object, e.g. {{\"input\":\"back\"}}: {0}")]
    NotJson(serde_json::Error),
    #[error("expected an input: {0}")]
    NotAnInput(serde_json::Error),
}

/// Reads one input. Step inputs may leave out `at`: it is now.
fn parse_input(line: &str) -> Result<Input, InputLineError> {
    let mut value: Value = serde_json::from_str(line).map_err(InputLineError::NotJson)?;
    if let Some(obj) = value.as_object_mut()
        && matches!(
            obj.get("input").and_then(Value::as_str),
            Some("set_step_status" | "answer_step_condition" | "set_step_note")
        )
        && !obj.contains_key("at")
    {
        obj.insert("at".into(), json!(now()));
    }
    // Evidence given by a script was not seen by kbwalk: it is kept, marked.
    serde_json::from_value::<Input>(value)
        .map(Input::with_evidence_imported)
        .map_err(InputLineError::NotAnInput)
}

fn position_json(view: &SessionView) -> Value {
    match view.engine().position() {
        Position::Question(q) => json!({"question": q.id}),
        Position::Outcome(o) => json!({"outcome": o.id}),
    }
}

fn apply(store: &Store, lib: &Library, id: &str, operator: &str) -> anyhow::Result<ExitCode> {
    let mut writer = store.open(id, lib, operator, now())?;
    warn(&writer);
    let stdin = std::io::stdin().lock();
    let mut out = text::stdout();
    let (mut total, mut refused) = (0usize, 0usize);
    for (index, line) in stdin.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        total += 1;
        let number = index + 1;
        let ack = match parse_input(&line) {
            Err(error) => {
                refused += 1;
                json!({"ok": false, "line": number, "error": error.to_string()})
            }
            Ok(input) => match writer.apply(input, now()) {
                Ok(applied) => json!({
                    "ok": true, "line": number, "seq": applied.seq,
                    "position": position_json(&writer),
                }),
                Err(StoreError::Rejected(e)) => {
                    refused += 1;
                    json!({"ok": false, "line": number, "error": e.to_string()})
                }
                // Not written: stop before acknowledging anything more.
                Err(e) => return Err(e.into()),
            },
        };
        writeln!(out, "{}", text::json_for_terminal(&ack.to_string()))?;
        out.flush()?;
    }
    if refused > 0 {
        bail!("{refused} of {total} inputs refused and not recorded; standard output names each");
    }
    Ok(ExitCode::SUCCESS)
}

fn list(
    store: &Store,
    lib: &Library,
    json: bool,
    unfinished: bool,
    all: bool,
) -> anyhow::Result<ExitCode> {
    let (rows, hidden): (Vec<Listed>, Vec<Listed>) = store
        .list(lib)?
        .into_iter()
        .filter(|r| !unfinished || !matches!(r, Listed::Session(s) if s.finished))
        .partition(|r| all || !matches!(r, Listed::Session(s) if s.dismissed));
    let mut out = text::stdout();
    if json {
        writeln!(out, "{}", text::json_pretty(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        match hidden.len() {
            0 => writeln!(out, "no sessions in {}", store.root().display())?,
            // An empty list would look like lost work: say where it went.
            n => writeln!(
                out,
                "no sessions in {} but {n} dismissed: `kbwalk sessions list --all` shows them",
                store.root().display()
            )?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    for row in &rows {
        match row {
            Listed::Session(s) => {
                let mut flags = Vec::new();
                if s.dismissed {
                    flags.push("dismissed".to_string());
                }
                if let Some(h) = &s.held_by {
                    flags.push(format!("open by {h}"));
                }
                if !s.warnings.is_empty() {
                    flags.push(format!(
                        "{} warning{} (see `kbwalk sessions show {}`)",
                        s.warnings.len(),
                        if s.warnings.len() == 1 { "" } else { "s" },
                        s.id
                    ));
                }
                writeln!(
                    out,
                    "{}  {:<10} {:<18} {:<18} {:<11} {}  {}{}",
                    s.id,
                    s.site_code.as_deref().unwrap_or("-"),
                    s.tree,
                    s.symptom.as_deref().unwrap_or("-"),
                    s.stage_text(true),
                    format_utc(s.updated_at),
                    s.last_operator,
                    if flags.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", flags.join("; "))
                    }
                )?;
            }
            Listed::Unreadable { id, error } => writeln!(out, "{id}  unreadable: {error}")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn entry_json(e: &Entry) -> Value {
    match &e.what {
        What::Input(input) => json!({"seq": e.seq, "at": e.at, "by": e.by, "input": input}),
        What::Tree(tree) => json!({"seq": e.seq, "at": e.at, "by": e.by, "tree": tree}),
        What::Dismissed => json!({"seq": e.seq, "at": e.at, "by": e.by, "dismissed": true}),
    }
}

fn meta(view: &SessionView) -> ExportMeta {
    ExportMeta {
        exported_at: now(),
        operator: Some(view.header().operator.clone()),
        ..Default::default()
    }
}

fn show_json(store: &Store, view: &SessionView) -> Value {
    json!({
        "session": view.summary(store.holder(view.id())),
        "started_on": view.header().tree,
        "report": view.report(),
        "records": view.entries().iter().map(entry_json).collect::<Vec<_>>(),
        "walk": session_json(view.engine(), &meta(view)),
    })
}

fn show(store: &Store, lib: &Library, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let view = store.open_read_only(id, lib)?;
    let mut out = text::stdout();
    if json {
        writeln!(out, "{}", text::json_pretty(&show_json(store, &view))?)?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(out, "{}", status_text(store, &view))?;
    let timeline = view.timeline();
    if !view.entries().is_empty() {
        writeln!(out, "\nRecords:")?;
        for e in view.entries() {
            let what = match &e.what {
                What::Input(i) => describe_input_briefly(i),
                What::Tree(t) => format!(
                    "went on with tree `{}` version {} ({})",
                    t.id, t.version, t.hash
                ),
                What::Dismissed => "dismissed as abandoned".to_string(),
            };
            writeln!(
                out,
                "  {:>5}  {}  {:<12} {what}",
                e.seq,
                format_utc(e.at),
                e.by
            )?;
        }
    }
    writeln!(
        out,
        "\nElapsed: {} ({} record{})",
        format_elapsed(timeline.elapsed()),
        view.entries().len(),
        if view.entries().len() == 1 { "" } else { "s" }
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Where a session stands, for a person.
fn status_text(store: &Store, view: &SessionView) -> String {
    let s = view.summary(store.holder(view.id()));
    let mut t = format!("Session {}\n", s.id);
    t += &format!(
        "  Tree:     {} {} ({})\n",
        s.tree, s.tree_version, s.tree_title
    );
    if let (Some(id), Some(text)) = (&s.symptom, &s.symptom_text) {
        t += &format!("  Symptom:  {text} ({id})\n");
    }
    t += &format!(
        "  Started:  {} by {}\n",
        format_utc(s.created_at),
        s.operator
    );
    t += &format!(
        "  Changed:  {} by {}\n",
        format_utc(s.updated_at),
        s.last_operator
    );
    if let Some(site) = &s.site_code {
        t += &format!("  Site:     {site}\n");
    }
    if let Some(h) = &s.held_by {
        t += &format!("  Open by:  {h}\n");
    }
    if s.dismissed {
        t += "  Dismissed as abandoned (kept; changing it brings it back)\n";
    }
    match &s.stage {
        Stage::Question { id, text, answered } => {
            t += &format!("  Stands at question {} (`{id}`): {text}\n", answered + 1);
        }
        Stage::Outcome { id, title } => {
            t += &format!("  Reached:  {title} (`{id}`)\n");
            if let Some(p) = s.progress {
                t += &format!(
                    "  Progress: {} of {} steps done{}\n",
                    p.done,
                    p.total,
                    if s.finished { ", finished" } else { "" }
                );
            }
        }
    }
    for w in &s.warnings {
        t += &format!("  Warning:  {w}\n");
    }
    t
}

fn export(
    store: &Store,
    lib: &Library,
    id: &str,
    format: Format,
    output: Option<&PathBuf>,
) -> anyhow::Result<ExitCode> {
    let view = store.open_read_only(id, lib)?;
    warn(&view);
    let text = match format {
        Format::Markdown => markdown_with_timeline(view.engine(), &meta(&view), &view.timeline()),
        Format::Json => text::json_pretty(&show_json(store, &view))? + "\n",
        Format::Text => crate::export::text(view.engine(), &meta(&view), Some(&view.timeline())),
    };
    match output {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            let _ = writeln!(text::stderr(), "wrote {}", path.display());
        }
        None => write!(text::stdout(), "{text}")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `kbwalk resume [ID]`: in a terminal, the wizard on that session; else
/// opens it for writing, repairing it if it was damaged, and shows where it stands.
pub fn resume(cli: &Cli, args: &ResumeArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_default()?;
    let lib = cli.library();
    let id = match &args.id {
        Some(id) => store.resolve(id)?,
        None => most_recent_unfinished(&store, &lib)?,
    };
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        drop(lib);
        let resume = crate::tui::Resume {
            id,
            read_only: args.read_only,
        };
        return cli.wizard(Some(resume), args.operator.name());
    }
    let view: SessionView = if args.read_only {
        store.open_read_only(&id, &lib)?
    } else {
        match store.open(&id, &lib, &args.operator.name(), now()) {
            Ok(writer) => writer.view().clone(),
            Err(e @ StoreError::Locked { .. }) => {
                return Err(anyhow!("{e}, or `kbwalk resume {id} --read-only`"));
            }
            Err(e) => return Err(e.into()),
        }
    };
    warn(&view);
    let mut out = text::stdout();
    write!(out, "{}", status_text(&store, &view))?;
    if !args.read_only {
        writeln!(
            out,
            "\nContinue with `kbwalk sessions apply {id}` (one JSON input a line on standard input)."
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn most_recent_unfinished(store: &Store, lib: &Library) -> anyhow::Result<String> {
    store
        .list(lib)?
        .into_iter()
        .find_map(|r| match r {
            Listed::Session(s) if !s.finished => Some(s.id),
            _ => None,
        })
        .ok_or_else(|| anyhow!("no unfinished session in {}", store.root().display()))
}
