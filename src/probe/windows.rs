//! Windows services, registry and event logs, through `sc.exe`, `reg` and
//! `wevtutil`: the command lines, and parsers for what those tools print.
//!
//! The tools run only on Windows; the parsers are plain functions, tested on
//! captured outputs everywhere. The tools print in the console's code page
//! and, in localised Windows, with localised labels and messages, so the
//! parsers lean on what does not change: state numbers and their English
//! names in `sc.exe`, exit codes and line shapes in `reg`, XML element names
//! in `wevtutil`.

use regex::Regex;

use crate::tree::ServiceState;
use std::sync::LazyLock;

/// A query kbwalk will not run: its key, log or source name could reach
/// beyond what the tree names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefusedQuery {
    #[error("the registry key is empty")]
    EmptyRegistryKey,
    #[error("`{0}` does not start with a registry root such as HKEY_LOCAL_MACHINE")]
    NoRegistryRoot(String),
    #[error("`{0}` is not a plain registry key")]
    NotPlainRegistryKey(String),
    #[error("`{0}` is not an event log name")]
    NotEventLog(String),
    #[error("`{0}` is not an event source name")]
    NotEventSource(String),
}

/// A Windows tool that ran but did not answer the question, with what it said.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolFailure {
    #[error("sc.exe error {code}: {message}")]
    ScError { code: u32, message: String },
    #[error("sc.exe printed no service state (exit code {}): {printed}", exit_code_text(*.exit_code))]
    ScNoState {
        exit_code: Option<i32>,
        printed: String,
    },
    #[error("reg: {0}")]
    Reg(String),
    #[error("reg exited with code {}: {said}", exit_code_text(*.exit_code))]
    RegExited {
        exit_code: Option<i32>,
        said: String,
    },
    #[error("wevtutil exited with code {}: {said}", exit_code_text(*.exit_code))]
    WevtutilExited {
        exit_code: Option<i32>,
        said: String,
    },
}

fn exit_code_text(code: Option<i32>) -> String {
    code.map_or("none".into(), |c| c.to_string())
}

/// A service state as `sc.exe query` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceQuery {
    /// `code` is the state number (1 stopped ... 7 paused), `name` its tree spelling (`running`).
    State {
        code: u32,
        name: String,
    },
    NotInstalled,
}

/// The state names `sc.exe` prints, by number; the same in every language.
const SERVICE_STATES: [(u32, &str); 7] = [
    (1, "STOPPED"),
    (2, "START_PENDING"),
    (3, "STOP_PENDING"),
    (4, "RUNNING"),
    (5, "CONTINUE_PENDING"),
    (6, "PAUSE_PENDING"),
    (7, "PAUSED"),
];

/// `sc.exe` error 1060: "The specified service does not exist as an installed service."
const ERROR_SERVICE_DOES_NOT_EXIST: u32 = 1060;

pub fn sc_query_argv(name: &str) -> Vec<String> {
    vec!["sc.exe".into(), "query".into(), name.into()]
}

static SC_STATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[^:]+:\s*([1-7])\s+([A-Z_]+)\s*$").unwrap());
static SC_ERROR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\[SC\].*?(\d+)\s*:?\s*$").unwrap());

/// Parses `sc.exe query NAME`. The `STATE` label is localised (`ÉTAT`,
/// `STATUS`), so the state is the line whose value is a state number followed
/// by that number's name. Errors are `[SC] ... FAILED 1060:` lines in any language.
pub fn parse_sc_query(output: &[u8], exit_code: Option<i32>) -> Result<ServiceQuery, ToolFailure> {
    let text = String::from_utf8_lossy(output);
    let lines: Vec<&str> = text.lines().collect();
    for line in &lines {
        if let Some(c) = SC_STATE.captures(line) {
            let code: u32 = c[1].parse().unwrap_or(0);
            if SERVICE_STATES.contains(&(code, &c[2])) {
                return Ok(ServiceQuery::State {
                    code,
                    name: c[2].to_ascii_lowercase(),
                });
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = SC_ERROR.captures(line) {
            let code: u32 = c[1].parse().unwrap_or(0);
            if code == ERROR_SERVICE_DOES_NOT_EXIST {
                return Ok(ServiceQuery::NotInstalled);
            }
            let message = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .unwrap_or("");
            return Err(ToolFailure::ScError {
                code,
                message: message.to_string(),
            });
        }
    }
    if exit_code == Some(ERROR_SERVICE_DOES_NOT_EXIST as i32) {
        return Ok(ServiceQuery::NotInstalled);
    }
    Err(ToolFailure::ScNoState {
        exit_code,
        printed: text.trim().to_string(),
    })
}

/// Whether a service in `found` is in the tree's `wanted` state.
pub fn service_matches(found: &ServiceQuery, wanted: &ServiceState) -> bool {
    match (found, wanted) {
        (ServiceQuery::NotInstalled, w) => *w == ServiceState::NotInstalled,
        (ServiceQuery::State { .. }, ServiceState::Installed) => true,
        (ServiceQuery::State { .. }, ServiceState::NotInstalled | ServiceState::Unknown(_)) => {
            false
        }
        (
            ServiceQuery::State { name, .. },
            w @ (ServiceState::Running
            | ServiceState::Stopped
            | ServiceState::Paused
            | ServiceState::StartPending
            | ServiceState::StopPending
            | ServiceState::ContinuePending
            | ServiceState::PausePending),
        ) => name == w.as_str(),
    }
}

/// One value printed by `reg query`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegValue {
    pub name: String,
    pub kind: String,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegQuery {
    /// The key (or value) exists; the values printed with it.
    Present(Vec<RegValue>),
    Absent,
}

/// Registry roots `reg` accepts, long and short.
const REG_ROOTS: [&str; 10] = [
    "HKEY_LOCAL_MACHINE",
    "HKLM",
    "HKEY_CURRENT_USER",
    "HKCU",
    "HKEY_CLASSES_ROOT",
    "HKCR",
    "HKEY_USERS",
    "HKU",
    "HKEY_CURRENT_CONFIG",
    "HKCC",
];

/// A key as `reg` wants it: backslashes (the articles also write `/`), a known
/// root, no empty or `..` parts.
pub fn normalise_reg_key(key: &str) -> Result<String, RefusedQuery> {
    let parts: Vec<&str> = key.split(['\\', '/']).filter(|p| !p.is_empty()).collect();
    let Some(root) = parts.first() else {
        return Err(RefusedQuery::EmptyRegistryKey);
    };
    if !REG_ROOTS.iter().any(|r| r.eq_ignore_ascii_case(root)) {
        return Err(RefusedQuery::NoRegistryRoot(key.to_string()));
    }
    if parts
        .iter()
        .any(|p| p.trim() == ".." || p.chars().any(char::is_control))
    {
        return Err(RefusedQuery::NotPlainRegistryKey(key.to_string()));
    }
    Ok(parts.join("\\"))
}

pub fn reg_query_argv(key: &str, value: Option<&str>) -> Vec<String> {
    let mut argv = vec!["reg".into(), "query".into(), key.into()];
    if let Some(v) = value {
        argv.push("/v".into());
        argv.push(v.into());
    }
    argv
}

static REG_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(.*?)(?:\t+|\s{2,})(REG_[A-Z_]+)(?:(?:\t+|\s{2,})(.*?))?\s*$").unwrap()
});

/// What `reg` prints when the key or value does not exist, in the languages
/// seen; anything else on exit code 1 (access denied, a remote machine that
/// does not answer) is a failure, not an absence.
const REG_NOT_FOUND: [&str; 4] = [
    "unable to find the specified registry key or value",
    "wurde nicht gefunden",
    "pas trouv",
    "no pudo encontrar la clave",
];

/// Parses `reg query KEY [/v NAME]`: exit code 0 with the key's line is
/// presence; exit code 1 with a not-found message is absence.
pub fn parse_reg_query(
    stdout: &[u8],
    stderr: &[u8],
    exit_code: Option<i32>,
) -> Result<RegQuery, ToolFailure> {
    let out = String::from_utf8_lossy(stdout);
    let err = String::from_utf8_lossy(stderr);
    match exit_code {
        Some(0) => {
            let values = out
                .lines()
                .filter(|l| !l.trim_start().starts_with('!'))
                .filter_map(|l| REG_VALUE.captures(l))
                .map(|c| RegValue {
                    name: c[1].trim().to_string(),
                    kind: c[2].to_string(),
                    data: c.get(3).map(|m| m.as_str().to_string()).unwrap_or_default(),
                })
                .collect();
            Ok(RegQuery::Present(values))
        }
        Some(1) => {
            let said = format!("{err} {out}");
            let lower = said.to_lowercase();
            if REG_NOT_FOUND.iter().any(|m| lower.contains(m)) {
                Ok(RegQuery::Absent)
            } else {
                Err(ToolFailure::Reg(said.trim().to_string()))
            }
        }
        exit_code => Err(ToolFailure::RegExited {
            exit_code,
            said: format!("{err} {out}").trim().to_string(),
        }),
    }
}

/// One event from `wevtutil qe ... /f:RenderedXml`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventRecord {
    pub event_id: u32,
    pub provider: String,
    pub time: String,
    pub computer: String,
    /// The rendered message, in the system's language, when present.
    pub message: Option<String>,
    /// The event's insertion strings (`param1` = the service name for 7031).
    pub data: Vec<String>,
}

impl EventRecord {
    /// Message and data as one text for matching a tree's pattern.
    pub fn text(&self) -> String {
        let mut t = self.message.clone().unwrap_or_default();
        for d in &self.data {
            t.push(' ');
            t.push_str(d);
        }
        t
    }
}

/// Characters a log name or event source may hold: they go into an XPath string.
fn xpath_safe(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -_./".contains(c))
}

/// `wevtutil qe LOG /q:XPATH /f:RenderedXml /c:50 /rd:true`: the 50 newest
/// matching events, with messages rendered.
pub fn wevtutil_argv(
    log: &str,
    event_id: u32,
    source: Option<&str>,
) -> Result<Vec<String>, RefusedQuery> {
    if !xpath_safe(log) {
        return Err(RefusedQuery::NotEventLog(log.to_string()));
    }
    let mut cond = String::new();
    if let Some(s) = source {
        if !xpath_safe(s) {
            return Err(RefusedQuery::NotEventSource(s.to_string()));
        }
        cond.push_str(&format!("Provider[@Name='{s}'] and "));
    }
    cond.push_str(&format!("(EventID={event_id})"));
    Ok(vec![
        "wevtutil".into(),
        "qe".into(),
        log.into(),
        format!("/q:*[System[{cond}]]"),
        "/f:RenderedXml".into(),
        "/c:50".into(),
        "/rd:true".into(),
    ])
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#13;", "")
        .replace("&#10;", "\n")
        .replace("&amp;", "&")
}

static EV_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<EventID(?:\s[^>]*)?>\s*(\d+)\s*</EventID>").unwrap());
static EV_PROVIDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<Provider\s[^>]*?Name=['"]([^'"]*)['"]"#).unwrap());
static EV_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<TimeCreated\s[^>]*?SystemTime=['"]([^'"]*)['"]"#).unwrap());
static EV_COMPUTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<Computer>([^<]*)</Computer>").unwrap());
static EV_MESSAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<Message>(.*?)</Message>").unwrap());
static EV_DATA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<Data(?:\s[^>]*)?>(.*?)</Data>").unwrap());

/// Parses `wevtutil qe ... /f:RenderedXml`: one `<Event>` element per event,
/// nothing at all when none matched. A non-zero exit code is a failure
/// (unknown log, invalid query, access denied) with the tool's message.
pub fn parse_wevtutil(
    stdout: &[u8],
    stderr: &[u8],
    exit_code: Option<i32>,
) -> Result<Vec<EventRecord>, ToolFailure> {
    let out = String::from_utf8_lossy(stdout);
    if exit_code != Some(0) {
        let err = String::from_utf8_lossy(stderr);
        return Err(ToolFailure::WevtutilExited {
            exit_code,
            said: format!("{} {}", err.trim(), out.trim()).trim().to_string(),
        });
    }
    let mut events = Vec::new();
    for chunk in out.split("<Event ").skip(1) {
        let chunk = chunk.split("</Event>").next().unwrap_or(chunk);
        let get = |re: &Regex| re.captures(chunk).map(|c| unescape_xml(&c[1]));
        let system = chunk.split("</System>").next().unwrap_or(chunk);
        let event_data = chunk.split("</System>").nth(1).unwrap_or("");
        events.push(EventRecord {
            event_id: EV_ID
                .captures(system)
                .and_then(|c| c[1].parse().ok())
                .unwrap_or(0),
            provider: EV_PROVIDER
                .captures(system)
                .map(|c| unescape_xml(&c[1]))
                .unwrap_or_default(),
            time: get(&EV_TIME).unwrap_or_default(),
            computer: get(&EV_COMPUTER).unwrap_or_default(),
            message: EV_MESSAGE
                .captures(event_data)
                .map(|c| unescape_xml(c[1].trim())),
            data: EV_DATA
                .captures_iter(event_data.split("<RenderingInfo").next().unwrap_or(""))
                .map(|c| unescape_xml(&c[1]))
                .collect(),
        });
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_states_match_as_trees_name_them() {
        let running = ServiceQuery::State {
            code: 4,
            name: "running".into(),
        };
        assert!(service_matches(&running, &ServiceState::Running));
        assert!(service_matches(&running, &ServiceState::Installed));
        assert!(!service_matches(&running, &ServiceState::Stopped));
        assert!(service_matches(
            &ServiceQuery::NotInstalled,
            &ServiceState::NotInstalled
        ));
        assert!(!service_matches(
            &ServiceQuery::NotInstalled,
            &ServiceState::Stopped
        ));
    }

    #[test]
    fn registry_keys_are_normalised_and_checked() {
        assert_eq!(
            normalise_reg_key("HKEY_LOCAL_MACHINE/Software/Microsoft/SMS").unwrap(),
            "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\SMS"
        );
        assert!(normalise_reg_key("Software\\Microsoft").is_err());
        assert!(normalise_reg_key("HKLM\\Software\\..\\SAM").is_err());
    }

    #[test]
    fn event_queries_are_argv_with_a_safe_xpath() {
        let argv = wevtutil_argv("System", 7031, Some("Service Control Manager")).unwrap();
        assert_eq!(
            argv[3],
            "/q:*[System[Provider[@Name='Service Control Manager'] and (EventID=7031)]]"
        );
        assert!(wevtutil_argv("System", 7031, Some("x'] or true() or ['")).is_err());
    }
}
