//! The checks of a probe: what it may look at (paths on a drive, never out
//! of it), that its patterns compile, that a command's arguments from
//! answers cannot be turned into options or shell syntax.

use super::super::command_args;
use super::super::model::*;
use super::super::problem::Pos;
use super::Checker;

/// Why the answers to `q` cannot be trusted as command arguments, if not.
pub(super) fn answer_argument_problem(q: &Question) -> Option<String> {
    match q.kind {
        QuestionKind::YesNo => None,
        QuestionKind::Choice => q.choices.iter().find_map(|c| {
            command_args::check_value(&c.id)
                .err()
                .map(|why| format!("choice `{}` cannot be an argument: {why}", c.id))
        }),
        QuestionKind::Number if q.min.is_some_and(|m| m >= 0.0) => None,
        QuestionKind::Number => Some(format!(
            "question `{}` needs `min: 0` or more, so that no answer begins with `-`",
            q.id
        )),
        QuestionKind::Text => match q.pattern.as_deref() {
            None => Some(format!(
                "question `{}` needs a `pattern` that rules out shell metacharacters, spaces and a leading `-`",
                q.id
            )),
            Some(p) => command_args::check_pattern(p)
                .err()
                .map(|why| format!("the `pattern` of question `{}` is too loose: {why}", q.id)),
        },
    }
}

/// A probe path must name a drive (`C:\\`, `{{drive}}:\\`) or start at
/// `%SystemRoot%`, and never step up with `..`.
fn check_probe_path(path: &str) -> Result<(), &'static str> {
    let lower = path.to_ascii_lowercase();
    let after_root = if let Some(rest) = ["%systemroot%", "%windir%", "%winnt%"]
        .iter()
        .find_map(|v| lower.strip_prefix(v))
    {
        rest
    } else if let Some(i) = path.find(":") {
        let drive = &path[..i];
        let one_letter = drive.len() == 1 && drive.chars().all(|c| c.is_ascii_alphabetic());
        let variable = drive.starts_with("{{") && drive.ends_with("}}");
        if !(one_letter || variable) {
            return Err("must start with a drive letter, e.g. `C:\\` or `{{sms_drive}}:\\`");
        }
        &lower[i + 1..]
    } else {
        return Err("must start with a drive letter, e.g. `C:\\` or `{{sms_drive}}:\\`");
    };
    if !(after_root.is_empty() || after_root.starts_with(['\\', '/'])) {
        return Err("must be absolute: a separator follows the drive");
    }
    if after_root
        .split(['\\', '/'])
        .any(|c| c.trim() == ".." || c.trim() == ".")
    {
        return Err("must not contain `.` or `..` components");
    }
    Ok(())
}

impl<'a> Checker<'a> {
    pub(super) fn check_probe(
        &mut self,
        from: Pos,
        probe: &Probe,
        q: Option<&Question>,
        owner: &str,
    ) {
        let mut paths: Vec<&str> = Vec::new();
        let (texts, pattern): (Vec<&str>, Option<&str>) = match &probe.look {
            ProbeKind::Exists { path } | ProbeKind::Absent { path } => {
                paths.push(path);
                (vec![path], None)
            }
            ProbeKind::FileContains { path, pattern, .. } => {
                paths.push(path);
                (vec![path], Some(pattern))
            }
            ProbeKind::GlobCount {
                dir,
                glob,
                at_least,
                at_most,
            } => {
                paths.push(dir);
                if glob.contains(['/', '\\']) {
                    self.report(
                        from,
                        format!(
                            "{owner}: `glob` matches names in `dir`; it cannot hold `/` or `\\`"
                        ),
                    );
                }
                if let (Some(lo), Some(hi)) = (at_least, at_most)
                    && lo > hi
                {
                    self.report(
                        from,
                        format!("{owner}: `at_least` {lo} is greater than `at_most` {hi}"),
                    );
                }
                (vec![dir, glob], None)
            }
            ProbeKind::FreeSpace { path, .. } => {
                paths.push(path);
                (vec![path], None)
            }
            ProbeKind::TcpConnect { host, .. } => {
                if let Some(name) = host.strip_prefix('$')
                    && (name.is_empty()
                        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                {
                    self.report(
                        from,
                        format!("{owner}: host `{host}`: a host from the operator's list is written `$name` (letters, digits and _)"),
                    );
                }
                (vec![host], None)
            }
            ProbeKind::Service { name, state } => {
                const STATES: [&str; 9] = [
                    "running",
                    "stopped",
                    "paused",
                    "start_pending",
                    "stop_pending",
                    "continue_pending",
                    "pause_pending",
                    "installed",
                    "not_installed",
                ];
                if !STATES.contains(&state.as_str()) {
                    let at = self.loc.value_after(from, "state", state);
                    self.report(
                        at,
                        format!(
                            "{owner}: service state `{state}` is not one of: {}",
                            STATES.join(", ")
                        ),
                    );
                }
                (vec![name], None)
            }
            ProbeKind::Registry { key, value } => (
                std::iter::once(key.as_str())
                    .chain(value.as_deref())
                    .collect(),
                None,
            ),
            ProbeKind::EventLog {
                log,
                source,
                pattern,
                ..
            } => (
                std::iter::once(log.as_str())
                    .chain(source.as_deref())
                    .collect(),
                pattern.as_deref(),
            ),
            ProbeKind::Command { argv, pattern } => {
                if argv.is_empty() {
                    self.report(
                        from,
                        format!("{owner}: a command probe needs a non-empty `argv`"),
                    );
                }
                self.check_command_variables(from, argv, owner);
                (argv.iter().map(String::as_str).collect(), Some(pattern))
            }
        };
        for t in texts {
            self.check_template(from, t, owner);
        }
        for p in paths {
            if let Err(why) = check_probe_path(p) {
                let at = self.loc.text_after(from, p);
                self.report(at, format!("{owner}: probe path `{p}` {why}"));
            }
        }
        if let Some(p) = pattern {
            self.check_regex(from, "pattern", p, owner);
        }
        // A verification probe answers "is the step confirmed?": yes or no.
        let valid = match q {
            Some(q) => q.choice_values(),
            None => vec!["yes", "no"],
        };
        if q.is_none_or(|q| q.kind != QuestionKind::Number) {
            for ans in [&probe.found, &probe.not_found].into_iter().flatten() {
                if !valid.contains(&ans.as_str()) {
                    let at = self.loc.value_after(from, "found", ans);
                    self.report(
                        at,
                        format!(
                            "{owner}: probe answer `{ans}` is not an answer of the question; expected one of: {}",
                            valid.join(", ")
                        ),
                    );
                }
            }
        }
        if let Some(q) = q {
            if q.kind == QuestionKind::Choice
                && (probe.found.is_none() || probe.not_found.is_none())
            {
                self.report(
                    from,
                    format!("{owner}: a probe on a choice question needs `found` and `not_found`"),
                );
            }
            if q.kind == QuestionKind::Text {
                self.report(
                    from,
                    format!("{owner}: a probe cannot answer a text question"),
                );
            }
        }
    }
}
