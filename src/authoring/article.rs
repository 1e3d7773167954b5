//! The parts of a knowledge-base article that a tree cites: its sections
//! and their numbered steps, read from the article's text in either of the
//! forms the articles come in — the Markdown page form and the plain-text
//! KB form (headings underlined with `===` and `---`), or the web page text
//! (headings as bare capitalised lines).

/// One section: `SYMPTOMS`, or a subsection such as `Creating a .Ct2 File`
/// under `MORE INFORMATION`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The section a subsection belongs to.
    pub parent: Option<String>,
    /// Numbered steps as articles number them: `1`, `2`, `4a`, `4b`.
    pub steps: Vec<String>,
}

impl Section {
    /// How a report names it: `MORE INFORMATION › Creating a .Ct2 File`.
    pub fn display_name(&self) -> String {
        match &self.parent {
            Some(p) => format!("{p} › {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// Everything but the title and the trailer, in order.
pub fn sections(text: &str) -> Vec<Section> {
    let lines = body_lines(text);
    let underlined =
        (0..lines.len().saturating_sub(1)).any(|i| underline(&lines[i], &lines[i + 1]).is_some());
    let mut out: Vec<Section> = Vec::new();
    let mut major: Option<String> = None;
    let mut step: Option<(u32, Option<char>)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let next = lines.get(i + 1).map(String::as_str).unwrap_or("");
        let blank_before = i == 0 || lines[i - 1].trim().is_empty();
        let heading = if underlined {
            underline(line, next)
        } else if blank_before && is_bare_major(line) {
            Some(Level::Major)
        } else if major.is_some() && blank_before && next.trim().is_empty() && is_bare_minor(line) {
            Some(Level::Minor)
        } else {
            None
        };
        if let Some(level) = heading {
            let title = line.trim().to_string();
            let parent = match level {
                Level::Major => {
                    major = Some(title.clone());
                    None
                }
                Level::Minor => major.clone(),
            };
            out.push(Section {
                title,
                parent,
                steps: Vec::new(),
            });
            step = None;
            i += if underlined { 2 } else { 1 };
            continue;
        }
        if major.is_none() {
            i += 1;
            continue;
        }
        if is_trailer(line) {
            break;
        }
        if let Some(section) = out.last_mut() {
            if let Some(n) = numbered_step(line) {
                let follows = step.is_none_or(|(last, _)| n == last + 1) || n == 1;
                if follows {
                    push_unique(&mut section.steps, n.to_string());
                    step = Some((n, None));
                }
            } else if let (Some(letter), Some((n, last))) = (lettered_step(line), step) {
                let expected = last.map_or('a', |l| (l as u8 + 1) as char);
                if letter == expected {
                    push_unique(&mut section.steps, format!("{n}{letter}"));
                    step = Some((n, Some(letter)));
                }
            }
        }
        i += 1;
    }
    out
}

#[derive(Clone, Copy)]
enum Level {
    Major,
    Minor,
}

fn push_unique(steps: &mut Vec<String>, label: String) {
    if !steps.contains(&label) {
        steps.push(label);
    }
}

/// The article's lines without the Markdown page's front matter, its
/// `{% raw %}` markers and the one tab that indents the article in it.
fn body_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.first().is_some_and(|l| l.trim() == "---")
        && let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---")
    {
        lines.drain(..end + 2);
    }
    lines
        .into_iter()
        .filter(|l| !l.trim().starts_with("{%"))
        .map(|l| l.strip_prefix('\t').unwrap_or(l).to_string())
        .collect()
}

/// A heading underlined as long as itself: `===` a section, `---` a subsection.
fn underline(line: &str, next: &str) -> Option<Level> {
    let title = line.trim();
    let rule = next.trim();
    if title.is_empty() || rule.len() < 3 || title.starts_with(['-', '=']) {
        return None;
    }
    if title.chars().count().abs_diff(rule.len()) > 2 {
        return None;
    }
    if rule.chars().all(|c| c == '=') {
        Some(Level::Major)
    } else if rule.chars().all(|c| c == '-') {
        Some(Level::Minor)
    } else {
        None
    }
}

/// `SYMPTOMS`, `MORE INFORMATION`: capitals alone on an unindented line.
fn is_bare_major(line: &str) -> bool {
    let t = line.trim_end();
    !t.starts_with(' ')
        && (3..=40).contains(&t.len())
        && t.chars().any(|c| c.is_ascii_uppercase())
        && t.chars().all(|c| c.is_ascii_uppercase() || c == ' ')
}

/// `Creating a .Ct2 File`: a short unindented line in title case, set off
/// by blank lines, that does not end like a sentence.
fn is_bare_minor(line: &str) -> bool {
    let t = line.trim_end();
    let words: Vec<&str> = t.split_whitespace().collect();
    !t.starts_with([' ', '\t'])
        && t.len() <= 80
        && (1..=12).contains(&words.len())
        && t.starts_with(|c: char| c.is_uppercase())
        && t.ends_with(|c: char| c.is_alphanumeric())
        && !t.contains(':')
        && words.iter().all(|w| {
            w.chars().count() < 4
                || !w.starts_with(|c: char| c.is_alphabetic())
                || w.starts_with(|c: char| c.is_uppercase())
        })
}

/// Where the article ends and the archive's keywords begin.
fn is_trailer(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("Additional query words")
        || t.starts_with("Modification Type:")
        || (t.len() >= 20 && t.chars().all(|c| c == '='))
}

/// `1. Verify ...` indented by at most four spaces.
fn numbered_step(line: &str) -> Option<u32> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 4 {
        return None;
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let after = &rest[digits.len()..];
    let text = after.strip_prefix('.')?;
    (text.starts_with(' ') && !text.trim().is_empty()).then(|| digits.parse().ok())?
}

/// `  a. Verify ...`: an indented lowercase letter.
fn lettered_step(line: &str) -> Option<char> {
    let rest = line.trim_start();
    if rest.len() == line.len() {
        return None;
    }
    let mut chars = rest.chars();
    let letter = chars.next().filter(|c| c.is_ascii_lowercase())?;
    let text = chars.as_str().strip_prefix('.')?;
    (text.starts_with(' ') && !text.trim().is_empty()).then_some(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNDERLINED: &str = "---\nlayout: page\n---\n\n## Q1: Title\n\n{% raw %}\n\n\tArticle: Q1\n\t\n\tSYMPTOMS\n\t========\n\t\n\tIt fails.\n\t\n\tWORKAROUND\n\t==========\n\t\n\t1. Stop it.\n\t\n\t2. Check:\n\t\n\t  a. the disk\n\t\n\t  b. the log\n\t\n\tMethod 2\n\t--------\n\t\n\t1. Restart.\n\t\n\tAdditional query words: x\n\t\n\t1. Not a step.\n";

    #[test]
    fn underlined_headings_with_steps_and_lettered_sub_steps() {
        let s = sections(UNDERLINED);
        let names: Vec<String> = s.iter().map(Section::display_name).collect();
        assert_eq!(names, ["SYMPTOMS", "WORKAROUND", "WORKAROUND › Method 2"]);
        assert_eq!(s[1].steps, ["1", "2", "2a", "2b"]);
        assert_eq!(s[2].steps, ["1"]);
    }

    #[test]
    fn bare_capitals_and_title_case_lines_are_headings() {
        let text = "Title (1)\n\nSYMPTOMS\n\nIt fails.\n\nMORE INFORMATION\n\nCreating a .Ct2 File\n\nTo do it, perform these steps:\n\n  1. One.\n  2. Two.\nWhen done, it works.\n\nModification Type:Minor\n";
        let s = sections(text);
        let names: Vec<String> = s.iter().map(Section::display_name).collect();
        assert_eq!(
            names,
            [
                "SYMPTOMS",
                "MORE INFORMATION",
                "MORE INFORMATION › Creating a .Ct2 File"
            ]
        );
        assert_eq!(s[2].steps, ["1", "2"]);
    }
}
