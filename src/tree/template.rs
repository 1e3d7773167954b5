//! `{{name}}` substitution. Deliberately tiny: no expressions, no escapes, so
//! shell and registry text (`%Winnt%`, `{a,b}`, backslashes) passes through as written.

/// One piece of a template.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// What is wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unclosed `{{{{` in {template:?}")]
    Unclosed { template: String },
    #[error("`{{{{{name}}}}}` is not a variable name (letters, digits and _)")]
    BadName { name: String },
}

/// Splits a template into text and variables. An unclosed `{{` or a variable
/// name that is not `[A-Za-z0-9_]+` is an error naming it.
pub fn parse(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(mut open) = rest.find("{{") {
        // `{{{name}}}` is a literal brace around a variable, as in `/DELSITE:{{{a}},{{b}}}`.
        while rest[open + 2..].starts_with('{') {
            open += 1;
        }
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| TemplateError::Unclosed {
            template: template.to_string(),
        })?;
        let name = after[..close].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(TemplateError::BadName {
                name: after[..close].to_string(),
            });
        }
        pieces.push(Piece::Var(name));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// The variable names a template uses.
pub fn variables(template: &str) -> Result<Vec<&str>, TemplateError> {
    Ok(parse(template)?
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var(v) => Some(v),
            Piece::Text(_) => None,
        })
        .collect())
}

/// Fills variables from `lookup`; one it cannot fill stays as `{{name}}`
/// so the gap is visible rather than silently empty.
pub fn render(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let Ok(pieces) = parse(template) else {
        return template.to_string();
    };
    let mut out = String::with_capacity(template.len());
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(v) => match lookup(v) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str("{{");
                    out.push_str(v);
                    out.push_str("}}");
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_variables_and_keeps_unknown_ones_visible() {
        let got = render("PREINST /DELSITE:{{{child}},{{parent}}}", |v| {
            (v == "child").then(|| "ABC".to_string())
        });
        assert_eq!(got, "PREINST /DELSITE:{ABC,{{parent}}}");
    }

    #[test]
    fn rejects_unclosed_and_bad_names() {
        assert!(parse("a {{b").is_err());
        assert!(parse("a {{b c}}").is_err());
        assert_eq!(variables("%Winnt%\\MS\\{{x}}").unwrap(), vec!["x"]);
    }
}
