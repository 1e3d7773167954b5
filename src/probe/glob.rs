//! File-name globs as Windows users write them: `*` and `?`, matched
//! case-insensitively (`*.ct2` matches `00000001.CT2`).

/// Whether `name` matches `pattern`: `*` is any run of characters, `?` one character.
pub fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    // Iterative matching with one backtrack point: linear in practice, never exponential.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(c) if *c == '?' || *c == n[ni] => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_and_question_marks_ignore_case() {
        assert!(matches("*.ct2", "00000001.CT2"));
        assert!(matches("*.ct?", "SiteCtrl.ct0"));
        assert!(matches("*", "anything"));
        assert!(matches("site*.ct0", "SITECTRL.CT0"));
        assert!(!matches("*.ct2", "00000001.ct1"));
        assert!(!matches("*.ct2", "x.ct2.bak"));
        assert!(!matches("?.ct0", "ab.ct0"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxbyy"));
    }
}
