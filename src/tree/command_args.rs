//! What an operator's answer may be when it becomes part of a command a
//! probe runs. Each filled value is one argument of its own (never a shell
//! string), and it may neither look like an option nor hold a character a
//! shell or `cmd.exe` would act on, so an answer can only ever be data.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters a POSIX shell or `cmd.exe` gives a meaning to, besides
/// whitespace and control characters.
const SHELL_META: &str = "|&;<>()$`\\\"'*?[]{}#~%^!,=";

/// Programs that run their arguments as commands: a variable in their
/// argv would let an answer write a command.
const SHELLS: &[&str] = &[
    "sh",
    "bash",
    "dash",
    "zsh",
    "ksh",
    "mksh",
    "csh",
    "tcsh",
    "fish",
    "busybox",
    "env",
    "xargs",
    "cmd",
    "powershell",
    "pwsh",
    "wscript",
    "cscript",
];

fn is_meta(c: char) -> bool {
    c.is_whitespace() || c.is_control() || SHELL_META.contains(c)
}

/// Whether `program` (as written in a command probe's argv) runs its
/// arguments as commands: `sh`, `/bin/bash`, `cmd.exe`, `powershell`...
pub fn is_shell(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".exe")
        .or_else(|| lower.strip_suffix(".com"))
        .unwrap_or(&lower);
    SHELLS.contains(&stem)
}

/// Why a value, or the values a pattern lets through, cannot be one argument of a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgumentProblem {
    #[error("it is empty")]
    Empty,
    #[error("it would read as an option (it begins with `-`)")]
    LeadingDash,
    #[error("it contains {0:?}, which a shell acts on")]
    Contains(char),
    #[error("{0}")]
    BadPattern(String),
    #[error("it allows a leading `-`, which would read as an option")]
    AllowsLeadingDash,
    #[error("it allows {0:?}, which a shell acts on")]
    Allows(char),
    #[error("it allows control characters")]
    AllowsControl,
}

/// Why `value` cannot be one argument of a command, if it cannot.
pub fn check_value(value: &str) -> Result<(), ArgumentProblem> {
    if value.is_empty() {
        return Err(ArgumentProblem::Empty);
    }
    if value.starts_with('-') {
        return Err(ArgumentProblem::LeadingDash);
    }
    if let Some(c) = value.chars().find(|c| is_meta(*c)) {
        return Err(ArgumentProblem::Contains(c));
    }
    Ok(())
}

/// Why a question's `pattern` lets through values that cannot be command
/// arguments, if it does: it must rule out every shell metacharacter,
/// whitespace and a leading `-`.
pub fn check_pattern(pattern: &str) -> Result<(), ArgumentProblem> {
    let hir =
        regex_syntax::parse(pattern).map_err(|e| ArgumentProblem::BadPattern(e.to_string()))?;
    let mut anywhere = Vec::new();
    all_chars(&hir, &mut anywhere);
    let mut first = Vec::new();
    first_chars(&hir, &mut first);
    let contains = |set: &[(char, char)], c: char| set.iter().any(|(a, b)| *a <= c && c <= *b);
    if contains(&first, '-') {
        return Err(ArgumentProblem::AllowsLeadingDash);
    }
    let has_control = anywhere
        .iter()
        .any(|(a, b)| *a <= '\u{9f}' && (*a <= '\u{1f}' || *b >= '\u{7f}'));
    let shown = [' ', '\t', '\n', '\u{a0}', '\u{2028}']
        .into_iter()
        .chain(SHELL_META.chars())
        .find(|c| contains(&anywhere, *c));
    match shown {
        Some(c) => Err(ArgumentProblem::Allows(c)),
        None if has_control => Err(ArgumentProblem::AllowsControl),
        None => Ok(()),
    }
}

/// Every character a match may contain, as ranges.
fn all_chars(hir: &Hir, out: &mut Vec<(char, char)>) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => {
            for c in String::from_utf8_lossy(&lit.0).chars() {
                out.push((c, c));
            }
        }
        HirKind::Class(class) => class_ranges(class, out),
        HirKind::Repetition(r) => all_chars(&r.sub, out),
        HirKind::Capture(c) => all_chars(&c.sub, out),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for s in subs {
                all_chars(s, out);
            }
        }
    }
}

/// The characters a match may begin with; returns whether it may be empty.
fn first_chars(hir: &Hir, out: &mut Vec<(char, char)>) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match String::from_utf8_lossy(&lit.0).chars().next() {
            Some(c) => {
                out.push((c, c));
                false
            }
            None => true,
        },
        HirKind::Class(class) => {
            class_ranges(class, out);
            false
        }
        HirKind::Repetition(r) => first_chars(&r.sub, out) || r.min == 0,
        HirKind::Capture(c) => first_chars(&c.sub, out),
        HirKind::Concat(subs) => subs.iter().all(|s| first_chars(s, out)),
        HirKind::Alternation(subs) => {
            // Every branch adds its first characters: no short cut.
            let mut empty = false;
            for s in subs {
                empty |= first_chars(s, out);
            }
            empty
        }
    }
}

fn class_ranges(class: &Class, out: &mut Vec<(char, char)>) {
    match class {
        Class::Unicode(u) => out.extend(u.ranges().iter().map(|r| (r.start(), r.end()))),
        Class::Bytes(b) => out.extend(
            b.ranges()
                .iter()
                .map(|r| (char::from(r.start()), char::from(r.end()))),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_that_keep_values_plain_pass() {
        for p in [
            "[A-Za-z0-9]{3}",
            "[A-Z]",
            r"[a-z][a-z0-9.-]*",
            r"\d+",
            "(?i)sms_[a-z]+",
        ] {
            assert_eq!(check_pattern(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn patterns_that_let_through_options_or_metacharacters_fail() {
        for p in [
            ".*",
            r"[a-z-]+",
            r"\S+",
            "[a-z ]+",
            "[a-z;]+",
            "-?[0-9]+",
            r"x|\$y",
            "[^a]",
            r"\w*-\w*|-",
        ] {
            assert!(check_pattern(p).is_err(), "{p}");
        }
    }

    #[test]
    fn values_are_checked_one_by_one() {
        assert!(check_value("S01").is_ok());
        assert!(check_value("srv-01.example").is_ok());
        for bad in ["x; touch PWNED", "-n", "a b", "$(id)", "`id`", "a&b", ""] {
            assert!(check_value(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shells_are_recognised_by_name() {
        for s in [
            "sh",
            "/bin/bash",
            "cmd.exe",
            "C:\\Windows\\System32\\CMD.EXE",
            "pwsh",
        ] {
            assert!(is_shell(s), "{s}");
        }
        for s in ["sc.exe", "ping", "/usr/bin/reg"] {
            assert!(!is_shell(s), "{s}");
        }
    }
}
