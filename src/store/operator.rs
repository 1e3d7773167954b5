//! Who is at the keyboard, for the journal: `$USER` is often unset under
//! `sudo -i`, cron-like wrappers and minimal containers, so the account
//! database is asked before settling on `unknown`.

/// `$USER` (or `$USERNAME`, `$LOGNAME`), else the passwd entry of this
/// process's user, else `unknown`.
pub fn operator_from_env() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .or_else(passwd_user)
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(unix)]
fn passwd_user() -> Option<String> {
    let uid = rustix::process::getuid().as_raw();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    user_of_uid(&passwd, uid)
}

#[cfg(not(unix))]
fn passwd_user() -> Option<String> {
    None
}

/// The name of `uid` in passwd-format text (`name:password:uid:...`).
/// Names with control characters are refused: they would reach the screen
/// and the exports.
pub fn user_of_uid(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?.trim();
        let _password = fields.next()?;
        let id: u32 = fields.next()?.trim().parse().ok()?;
        let usable =
            !name.is_empty() && !name.starts_with('#') && !name.chars().any(char::is_control);
        (id == uid && usable).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::user_of_uid;

    #[test]
    fn the_passwd_entry_of_the_uid_names_the_operator() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n# comment\nbroken line\nalice:x:1000:1000::/home/alice:/bin/sh\n";
        assert_eq!(user_of_uid(passwd, 1000).as_deref(), Some("alice"));
        assert_eq!(user_of_uid(passwd, 0).as_deref(), Some("root"));
        assert_eq!(user_of_uid(passwd, 4242), None);
        assert_eq!(user_of_uid("ev\u{1b}[2Jil:x:7:7::/:/bin/sh", 7), None);
    }
}
