//! Rules over the article's words: reflowing, the first sentence, keywords
//! for the picker, the risk a verb implies, waits, and placeholders.

use std::sync::LazyLock;

use regex::Regex;

use crate::tree::Risk;

/// Whitespace (line breaks, indentation, no-break spaces) as single spaces.
pub fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The first sentence: up to the first `.`, `?` or `!` (a closing quote or
/// bracket included) that a space and a capital or an opening quote follow.
pub fn first_sentence(text: &str) -> &str {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'.' | b'?' | b'!') {
            let mut end = i + 1;
            while end < b.len() && matches!(b[end], b'"' | b'\'' | b')') {
                end += 1;
            }
            let next = text[end..].strip_prefix(' ').and_then(|r| r.chars().next());
            let abbreviation = text[..i].ends_with("e.g") || text[..i].ends_with("i.e");
            if !abbreviation && next.is_some_and(|c| c.is_uppercase() || c == '"') {
                return &text[..end];
            }
        }
        i += 1;
    }
    text
}

/// A quotation: the quotes open after a space or bracket and close before
/// one (`KEY="value"` pairs of a log line are not quotations).
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[\s(])"([^"\s][^"]{1,78}[^"\s])"(?:$|[\s.,;:)!?])"#).unwrap()
});
/// Section names an article quotes when it refers to itself.
const SECTION_NAMES: &[&str] = &[
    "symptoms",
    "cause",
    "resolution",
    "workaround",
    "status",
    "more information",
    "summary",
];
static EVENT_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bevent\s+id:?\s*(\d{1,5})\b").unwrap());
static ERROR_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(0x[0-9a-f]{4,8}|c0[0-9a-f]{6}|80[0-9a-f]{6})\b|\b(?:error|status message|message id|id)\s+(\d{3,5})\b").unwrap()
});

/// Words an operator would type to find the article: its title (without a
/// product prefix such as `SMS:`), quoted messages, event IDs and error codes.
pub fn keywords(title: &str, texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |k: String| {
        let k = reflow(&k);
        if !k.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&k)) {
            out.push(k);
        }
    };
    let bare = match title.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') && prefix.len() <= 10 => rest,
        _ => title,
    };
    add(bare.to_string());
    for t in std::iter::once(&title).chain(texts) {
        for c in QUOTED.captures_iter(t) {
            let quote = c[1].trim_end_matches(['.', ',']);
            if !SECTION_NAMES.contains(&quote.to_lowercase().as_str()) {
                add(quote.to_string());
            }
        }
        for c in EVENT_ID.captures_iter(t) {
            add(format!("event {}", &c[1]));
            add(c[1].to_string());
        }
        for c in ERROR_CODE.captures_iter(t) {
            match (c.get(1), c.get(2)) {
                (Some(code), _) => add(code.as_str().to_string()),
                (None, Some(n)) => add(n.as_str().to_string()),
                _ => {}
            }
        }
    }
    out
}

const DESTRUCTIVE: &[&str] = &[
    "delete",
    "remove",
    "purge",
    "erase",
    "uninstall",
    "deinstall",
    "format",
    "drop",
];
const READ_ONLY: &[&str] = &[
    "view",
    "check",
    "verify",
    "examine",
    "look",
    "ensure",
    "confirm",
    "record",
    "note",
    "review",
    "see",
    "compare",
    "monitor",
    "observe",
    "inspect",
    "determine",
    "find",
    "read",
    "make sure",
];
/// A step that starts "At the primary site, ..." names its verb after the comma.
const PLACE_WORDS: &[&str] = &[
    "at", "on", "in", "for", "from", "with", "if", "when", "after", "before", "using", "to",
];

/// A first guess from the verbs: destructive when it deletes or removes
/// anything, read-only when its verb only looks, else reversible.
pub fn risk(text: &str) -> Risk {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| DESTRUCTIVE.contains(w)) {
        return Risk::Destructive;
    }
    let mut clause = lower.as_str();
    if PLACE_WORDS.contains(&words.first().copied().unwrap_or_default())
        && let Some((_, rest)) = clause.split_once(", ")
    {
        clause = rest;
    }
    let clause = clause.trim_start();
    if READ_ONLY.iter().any(|v| {
        clause.starts_with(v) && !clause[v.len()..].starts_with(|c: char| c.is_alphabetic())
    }) {
        Risk::ReadOnly
    } else {
        Risk::Reversible
    }
}

static WAIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:within|wait(?:ing)?(?:\s+for)?(?:\s+at\s+least)?|after|up\s+to)\s+(\d{1,4})\s+(minutes?|hours?|days?)\b").unwrap()
});

/// "within 30 minutes", "wait 2 hours": the duration (`30m`) and the
/// sentence that says it.
pub fn wait(text: &str) -> Option<(String, String)> {
    let m = WAIT.captures(text)?;
    let n: u64 = m[1].parse().ok()?;
    let unit = match m[2].to_ascii_lowercase().chars().next()? {
        'm' => "m",
        'h' => "h",
        _ => "d",
    };
    let at = m.get(0)?.start();
    // The sentence around the match.
    let start = text[..at].rfind(". ").map_or(0, |i| i + 2);
    let rest = &text[start..];
    let sentence = first_sentence(rest);
    Some((format!("{n}{unit}"), sentence.to_string()))
}

/// A value the article leaves to the reader, as it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// `<site code>`, `<X>`, or `xxx` (as in `SMSServer_xxx`).
    pub written: String,
    /// The variable it becomes: `site_code`.
    pub variable: String,
    /// What the article says it is ("the sitecode of the secondary site").
    pub meaning: Option<String>,
}

static ANGLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([A-Za-z][A-Za-z ]{0,30}[A-Za-z]|[A-Za-z])>").unwrap());
static SUFFIX_XXX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"_(xxx)\b").unwrap());

/// Names that are not placeholders although they sit in angle brackets.
const NOT_PLACEHOLDERS: &[&str] = &["tab", "null", "enter", "esc", "br"];

/// A variable name from the words of a placeholder or of what it means.
fn variable_name(words: &str) -> String {
    let lower = words
        .to_lowercase()
        .replace("sitecode", " site code")
        .replace("servername", " server name")
        .replace("domainname", " domain name");
    let mut name = String::new();
    for w in lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(w);
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "value_");
    }
    name
}

/// "where <xxx> is the sitecode of the secondary site": what `written` means.
fn meaning(article_text: &str, written: &str) -> Option<String> {
    let pattern = format!(
        r"(?i)where\s+{}\s+is\s+(?:the\s+)?([^,.;:)<\n]+)",
        regex::escape(written)
    );
    let re = Regex::new(&pattern).ok()?;
    let m = re.captures(article_text)?;
    Some(reflow(&m[1]))
}

/// The placeholders in `texts`, in order of first appearance. `context` is
/// where the article may say what a short placeholder (`<X>`, `xxx`) means.
pub fn placeholders(texts: &[&str], context: &str) -> Vec<Placeholder> {
    let mut out: Vec<Placeholder> = Vec::new();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (n, t) in texts.iter().enumerate() {
        for c in ANGLE.captures_iter(t) {
            let inner = &c[1];
            let short = inner.len() <= 3
                && inner
                    .chars()
                    .all(|ch| ch.eq_ignore_ascii_case(&'x') || ch == 'Z');
            if (inner.chars().any(|ch| ch.is_ascii_lowercase()) || short)
                && !NOT_PLACEHOLDERS.contains(&inner.to_lowercase().as_str())
            {
                found.push((n, c.get(0).map_or(0, |m| m.start()), c[0].to_string()));
            }
        }
        for c in SUFFIX_XXX.captures_iter(t) {
            found.push((n, c.get(1).map_or(0, |m| m.start()), "xxx".to_string()));
        }
    }
    found.sort();
    for (_, _, written) in found {
        if out.iter().any(|p| p.written == written) {
            continue;
        }
        let inner = written.trim_start_matches('<').trim_end_matches('>');
        let short = inner.len() <= 3;
        let meaning = if short {
            meaning(context, &written)
                .or_else(|| meaning(context, &format!("<{inner}>")))
                .or_else(|| meaning(context, inner))
        } else {
            None
        };
        let base = meaning
            .as_deref()
            .map(|m| m.split(" of ").next().unwrap_or(m))
            .unwrap_or(inner);
        let mut variable = variable_name(base);
        if variable == "version" {
            variable.push_str("_value");
        }
        // `<xxx>` and `xxx` are one value; other spellings of one meaning too.
        if let Some(same) = out.iter().find(|p| p.variable == variable) {
            let variable = same.variable.clone();
            out.push(Placeholder {
                written,
                variable,
                meaning,
            });
            continue;
        }
        out.push(Placeholder {
            written,
            variable,
            meaning,
        });
    }
    out
}

/// `text` with every placeholder written as its `{{variable}}`.
pub fn fill_placeholders(text: &str, found: &[Placeholder]) -> String {
    let mut out = guard_braces(text);
    for p in found {
        if p.written == "xxx" {
            out = SUFFIX_XXX
                .replace_all(&out, format!("_{{{{{}}}}}", p.variable).as_str())
                .into_owned();
        } else {
            out = out.replace(&p.written, &format!("{{{{{}}}}}", p.variable));
        }
    }
    out
}

/// `{{` is the tree format's only syntax; an article that writes it gets a
/// space between the braces so its text stays text.
pub fn guard_braces(text: &str) -> String {
    if text.contains("{{") {
        text.replace("{{", "{ {")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_ends_after_a_quoted_period() {
        assert_eq!(
            first_sentence(r#"Its status remains at "Phase 4 Complete." Then it stops."#),
            r#"Its status remains at "Phase 4 Complete.""#
        );
        assert_eq!(
            first_sentence("Use SMS, e.g. Setup. Done."),
            "Use SMS, e.g. Setup."
        );
        assert_eq!(first_sentence("No full stop here"), "No full stop here");
    }

    #[test]
    fn keywords_take_quoted_messages_event_ids_and_codes_but_not_log_fields() {
        let k = keywords(
            "SMS: Event ID 7031 Occurs",
            &[
                r#"Its status remains at "Phase 4 Complete." See the "Symptoms" section."#,
                r#"STATMSG: ID=3807 SOURCE="SMS Server" ISTR1="" ISTR2="" error c0000001"#,
            ],
        );
        assert_eq!(
            k,
            [
                "Event ID 7031 Occurs",
                "event 7031",
                "7031",
                "Phase 4 Complete",
                "c0000001"
            ]
        );
    }

    #[test]
    fn risk_follows_the_verb() {
        assert_eq!(
            risk("Delete the SMS directory structure on each server."),
            Risk::Destructive
        );
        assert_eq!(
            risk(
                "On the secondary site, examine the folder and delete any of the bootstrap files."
            ),
            Risk::Destructive
        );
        assert_eq!(
            risk("Verify that the secondary sites are completely removed."),
            Risk::ReadOnly
        );
        assert_eq!(
            risk("At the secondary site, check the log."),
            Risk::ReadOnly
        );
        assert_eq!(
            risk("Rename the original SiteCtrl.ct0 file to 00000000.ct1."),
            Risk::Reversible
        );
        assert_eq!(
            risk("Viewing the log is not enough; restart it."),
            Risk::Reversible
        );
    }

    #[test]
    fn waits_name_their_duration_and_sentence() {
        let (d, s) = wait("Rename it. If the .ct2 file is not moved within 30 minutes, use SMSTrace.exe. Then stop.").unwrap();
        assert_eq!(d, "30m");
        assert_eq!(
            s,
            "If the .ct2 file is not moved within 30 minutes, use SMSTrace.exe."
        );
        assert_eq!(wait("Wait 2 hours for replication.").unwrap().0, "2h");
        assert!(wait("Restart the service.").is_none());
    }

    #[test]
    fn placeholders_become_variables_with_their_meaning() {
        let texts = [
            "Delete CAP_<xxx> and SMSServer_xxx (where <xxx> is the sitecode of the secondary site).",
            "PREINST /DELSITE:{<childsitecode>,<parentsitecode>} on <X>:\\SMS",
        ];
        let context = "where <xxx> is the sitecode of the secondary site. where <X> is the SMS installation drive:";
        let found = placeholders(&texts, context);
        let vars: Vec<(&str, &str)> = found
            .iter()
            .map(|p| (p.written.as_str(), p.variable.as_str()))
            .collect();
        assert_eq!(
            vars,
            [
                ("<xxx>", "site_code"),
                ("xxx", "site_code"),
                ("<childsitecode>", "child_site_code"),
                ("<parentsitecode>", "parent_site_code"),
                ("<X>", "sms_installation_drive"),
            ]
        );
        assert_eq!(
            fill_placeholders(texts[1], &found),
            "PREINST /DELSITE:{{{child_site_code}},{{parent_site_code}}} on {{sms_installation_drive}}:\\SMS"
        );
        assert_eq!(
            fill_placeholders("SMSServer_xxx", &found),
            "SMSServer_{{site_code}}"
        );
        assert!(placeholders(&["Value Is <NULL>, press <tab>"], "").is_empty());
    }
}
