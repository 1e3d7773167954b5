//! Windows paths from trees, resolved under local folders.
//!
//! An operator probing a site server from another machine mounts its
//! administrative share (`C:=/mnt/sitesrv/c`). Each path component is
//! matched case-insensitively, as Windows would (the articles write both
//! `Site.Srv` and `Site.srv`), and a resolved path never leaves its mount
//! root: `..`, absolute parts and links that point out are refused.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A `--mount` argument that is not `DRIVE:=PATH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MountArgError {
    #[error("--mount {0}: expected DRIVE:=PATH, e.g. C:=/mnt/sitesrv/c")]
    NoEquals(String),
    #[error("--mount {arg}: `{drive}` is not a drive letter")]
    NotADriveLetter { arg: String, drive: String },
    #[error("--mount {0}: the folder is missing")]
    NoFolder(String),
}

/// A parsed Windows path: a drive and its components, none of them `.` or `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WinPath {
    /// Upper case.
    pub drive: char,
    pub components: Vec<String>,
}

impl fmt::Display for WinPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:\\{}", self.drive, self.components.join("\\"))
    }
}

/// Why a path cannot be looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// Unsafe: it would leave the mount root, or is not a plain path.
    Refused(String),
    /// Nothing maps the drive on this machine.
    NoMount(char),
    /// The mount root cannot be read, or `%SystemRoot%` is not on it.
    BadMount(String),
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathProblem::Refused(why) => write!(f, "refused: {why}"),
            PathProblem::NoMount(d) => write!(
                f,
                "not available here: drive {d}: is not mounted (use --mount {d}:=/path/to/its/share, or `mounts:` in the config file)"
            ),
            PathProblem::BadMount(why) => write!(f, "{why}"),
        }
    }
}

const SYSTEM_ROOT_NAMES: [&str; 3] = ["%systemroot%", "%windir%", "%winnt%"];

/// Where `%SystemRoot%` is looked for under a mounted system drive: Windows NT
/// and 2000 install to `WINNT`, later versions to `Windows`.
const SYSTEM_ROOT_CANDIDATES: [&str; 2] = ["WINNT", "Windows"];

/// Parses `C:\SMS\Site.Srv`, `C:/SMS` or `%SystemRoot%\MS\SMS` (the system
/// root becomes `Start::SystemRoot`). Refuses UNC paths, drive-relative
/// paths, `.`/`..`, alternate data streams and control characters.
pub fn parse_windows_path(text: &str) -> Result<(Start, Vec<String>), PathProblem> {
    let refuse = |why: &str| Err(PathProblem::Refused(format!("`{text}` {why}")));
    if text.chars().any(|c| c.is_control()) {
        return refuse("contains control characters");
    }
    let lower = text.to_ascii_lowercase();
    let (start, rest) = if let Some(name) = SYSTEM_ROOT_NAMES.iter().find(|n| lower.starts_with(*n))
    {
        (Start::SystemRoot, &text[name.len()..])
    } else {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(d), Some(':')) if d.is_ascii_alphabetic() => {
                (Start::Drive(d.to_ascii_uppercase()), &text[2..])
            }
            _ if text.starts_with("\\\\") || text.starts_with("//") => {
                return refuse("is a network path; mount the share and use its drive letter");
            }
            _ => return refuse("does not start with a drive letter"),
        }
    };
    if !(rest.is_empty() || rest.starts_with(['\\', '/'])) {
        return refuse("is relative to the drive's current folder");
    }
    let mut components = Vec::new();
    for raw in rest.split(['\\', '/']) {
        if raw.is_empty() {
            continue;
        }
        // Windows ignores trailing dots and spaces in names, so `..`, `. .`
        // and `...` all step somewhere other than a name.
        let c = raw.trim_end_matches([' ', '.']);
        if c.is_empty() {
            return refuse("steps through `.` or `..`");
        }
        if c.contains(':') {
            return refuse("names a drive or a data stream in the middle of the path");
        }
        if c.contains(['*', '?', '"', '<', '>', '|']) {
            return refuse("contains wildcard or reserved characters");
        }
        components.push(c.to_string());
    }
    Ok((start, components))
}

/// Where a parsed path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Drive(char),
    SystemRoot,
}

/// Drive letters mapped to local folders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mounts {
    map: BTreeMap<char, PathBuf>,
}

/// A path looked up under a mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// It exists: the local path, after following links that stay inside.
    Found(PathBuf),
    /// It does not exist: the Windows name of the first component missing,
    /// and the local folder it was looked for in.
    Missing { missing: String, in_dir: PathBuf },
}

impl Mounts {
    pub fn new() -> Mounts {
        Mounts::default()
    }

    /// Parses `C:=/mnt/sitesrv/c` (or `C=/...`).
    pub fn parse_arg(arg: &str) -> Result<(char, PathBuf), MountArgError> {
        let (drive, path) = arg
            .split_once('=')
            .ok_or_else(|| MountArgError::NoEquals(arg.to_string()))?;
        let drive = drive.trim().trim_end_matches(':');
        let not_a_letter = || MountArgError::NotADriveLetter {
            arg: arg.to_string(),
            drive: drive.to_string(),
        };
        let mut chars = drive.chars();
        let (Some(letter), None) = (chars.next(), chars.next()) else {
            return Err(not_a_letter());
        };
        if !letter.is_ascii_alphabetic() {
            return Err(not_a_letter());
        }
        if path.is_empty() {
            return Err(MountArgError::NoFolder(arg.to_string()));
        }
        Ok((letter.to_ascii_uppercase(), PathBuf::from(path)))
    }

    /// Maps `drive` to `root`, replacing an earlier mapping of the same drive.
    pub fn insert(&mut self, drive: char, root: PathBuf) {
        self.map.insert(drive.to_ascii_uppercase(), root);
    }

    pub fn get(&self, drive: char) -> Option<&Path> {
        self.map
            .get(&drive.to_ascii_uppercase())
            .map(PathBuf::as_path)
    }

    pub fn iter(&self) -> impl Iterator<Item = (char, &Path)> {
        self.map.iter().map(|(d, p)| (*d, p.as_path()))
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The local root of a drive: its mount, or on Windows the drive itself.
    fn root(&self, drive: char) -> Result<PathBuf, PathProblem> {
        if let Some(p) = self.get(drive) {
            return Ok(p.to_path_buf());
        }
        if cfg!(windows) {
            Ok(PathBuf::from(format!("{drive}:\\")))
        } else {
            Err(PathProblem::NoMount(drive))
        }
    }

    /// Resolves a Windows path text (as filled from a tree) to a local path.
    /// Returns the Windows path as understood, for evidence, with the result.
    pub fn resolve_text(&self, text: &str) -> Result<(String, Resolved), PathProblem> {
        let (start, components) = parse_windows_path(text)?;
        let (drive, mut all) = match start {
            Start::Drive(d) => (d, Vec::new()),
            Start::SystemRoot => self.system_root()?,
        };
        all.extend(components);
        let path = WinPath {
            drive,
            components: all,
        };
        let resolved = self.resolve(&path)?;
        Ok((path.to_string(), resolved))
    }

    /// `%SystemRoot%`: on Windows the running system's; under a mount, the
    /// first of `C:\WINNT` and `C:\Windows` that exists.
    fn system_root(&self) -> Result<(char, Vec<String>), PathProblem> {
        if self.get('C').is_none()
            && cfg!(windows)
            && let Some(root) = std::env::var_os("SystemRoot")
            && let Ok((Start::Drive(d), comps)) = parse_windows_path(&root.to_string_lossy())
        {
            return Ok((d, comps));
        }
        for name in SYSTEM_ROOT_CANDIDATES {
            let p = WinPath {
                drive: 'C',
                components: vec![name.to_string()],
            };
            if let Resolved::Found(_) = self.resolve(&p)? {
                return Ok(('C', vec![name.to_string()]));
            }
        }
        Err(PathProblem::BadMount(
            "cannot look: %SystemRoot% was not found (neither C:\\WINNT nor C:\\Windows exists)"
                .into(),
        ))
    }

    /// Resolves component by component, case-insensitively, refusing links
    /// that lead out of the mount root.
    pub fn resolve(&self, path: &WinPath) -> Result<Resolved, PathProblem> {
        let root = self.root(path.drive)?;
        let root = root.canonicalize().map_err(|e| {
            PathProblem::BadMount(format!(
                "the folder mounted as {}: ({}) cannot be read: {e}",
                path.drive,
                root.display()
            ))
        })?;
        let mut here = root.clone();
        for component in &path.components {
            let Some(name) = find_entry(&here, component)? else {
                return Ok(Resolved::Missing {
                    missing: component.clone(),
                    in_dir: here,
                });
            };
            let next = here.join(&name);
            let is_link = std::fs::symlink_metadata(&next)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            here = if is_link {
                match next.canonicalize() {
                    Ok(target) if target.starts_with(&root) => target,
                    Ok(_) => {
                        return Err(PathProblem::Refused(format!(
                            "`{}` is a link that leads out of the folder mounted as {}:",
                            path, path.drive
                        )));
                    }
                    // A dangling link: nothing is there.
                    Err(_) => {
                        return Ok(Resolved::Missing {
                            missing: component.clone(),
                            in_dir: here,
                        });
                    }
                }
            } else {
                next
            };
        }
        Ok(Resolved::Found(here))
    }
}

/// The name of the entry of `dir` that Windows would open for `component`,
/// compared without regard to case. Two entries that differ only in case
/// cannot both be on the Windows machine, so which one it has is unknown:
/// refused rather than guessed.
fn find_entry(dir: &Path, component: &str) -> Result<Option<std::ffi::OsString>, PathProblem> {
    let wanted = component.to_lowercase();
    let Ok(entries) = std::fs::read_dir(dir) else {
        // Unlistable: only the exact name can be tried.
        let exact = std::fs::symlink_metadata(dir.join(component)).is_ok();
        return Ok(exact.then(|| component.into()));
    };
    let mut matches: Vec<std::ffi::OsString> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().to_lowercase() == wanted)
        .collect();
    matches.sort();
    if matches.len() > 1 {
        let names: Vec<String> = matches
            .iter()
            .map(|n| format!("`{}`", n.to_string_lossy()))
            .collect();
        return Err(PathProblem::Refused(format!(
            "`{component}` could be any of {} in {}, which differ only in case; Windows holds one of them, and which is unknown",
            names.join(", "),
            dir.display()
        )));
    }
    // On a case-insensitive file system the listing may hold another case
    // than asked; the name listed is the one to join.
    Ok(matches.into_iter().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_drive_paths_with_either_separator() {
        let (start, c) = parse_windows_path("c:\\SMS/Site.Srv\\\\Sitecfg.Box\\").unwrap();
        assert_eq!(start, Start::Drive('C'));
        assert_eq!(c, vec!["SMS", "Site.Srv", "Sitecfg.Box"]);
        let (start, c) = parse_windows_path("%Winnt%\\MS\\SMS").unwrap();
        assert_eq!(start, Start::SystemRoot);
        assert_eq!(c, vec!["MS", "SMS"]);
    }

    #[test]
    fn refuses_what_could_leave_the_root() {
        for bad in [
            "C:\\SMS\\..\\..\\etc",
            "C:..\\x",
            "C:SMS",
            "\\\\server\\c$\\SMS",
            "SMS\\Logs",
            "/etc/passwd",
            "C:\\SMS\\.\\x",
            "C:\\file.txt:stream",
            "C:\\a\u{1b}b",
            "C:\\SMS\\*.log",
        ] {
            assert!(
                matches!(parse_windows_path(bad), Err(PathProblem::Refused(_))),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn names_that_differ_only_in_case_are_not_guessed_between() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("SMS/Logs")).unwrap();
        std::fs::write(dir.path().join("SMS/Logs/Despool.log"), b"old").unwrap();
        std::fs::write(dir.path().join("SMS/Logs/DESPOOL.LOG"), b"new").unwrap();
        let mut m = Mounts::new();
        m.insert('c', dir.path().to_path_buf());
        for asked in ["C:\\SMS\\Logs\\Despool.log", "C:\\SMS\\LOGS\\despool.log"] {
            let Err(PathProblem::Refused(why)) = m.resolve_text(asked) else {
                panic!("{asked} was resolved to one of two files");
            };
            assert!(why.contains("differ only in case"), "{why}");
        }
    }

    #[test]
    fn resolves_case_insensitively_under_a_mount() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("SMS/SITE.SRV/SITECFG.BOX")).unwrap();
        std::fs::write(
            dir.path().join("SMS/SITE.SRV/SITECFG.BOX/SITECTRL.CT0"),
            b"x",
        )
        .unwrap();
        let mut m = Mounts::new();
        m.insert('c', dir.path().to_path_buf());
        let (shown, r) = m
            .resolve_text("C:\\SMS\\Site.srv\\Sitecfg.box\\SiteCtrl.ct0")
            .unwrap();
        assert_eq!(shown, "C:\\SMS\\Site.srv\\Sitecfg.box\\SiteCtrl.ct0");
        let Resolved::Found(p) = r else {
            panic!("{r:?}")
        };
        assert!(p.ends_with("SMS/SITE.SRV/SITECFG.BOX/SITECTRL.CT0"));
        let (_, r) = m
            .resolve_text("C:\\SMS\\Site.Srv\\Despoolr.box\\Receive")
            .unwrap();
        assert!(matches!(r, Resolved::Missing { ref missing, .. } if missing == "Despoolr.box"));
    }

    #[test]
    fn an_unmounted_drive_is_not_available_off_windows() {
        if cfg!(windows) {
            return;
        }
        let m = Mounts::new();
        assert_eq!(
            m.resolve_text("D:\\SMS").unwrap_err(),
            PathProblem::NoMount('D')
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_refused_and_links_inside_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("in")).unwrap();
        let mut m = Mounts::new();
        m.insert('C', dir.path().to_path_buf());
        let err = m.resolve_text("C:\\OUT\\secret").unwrap_err();
        assert!(
            matches!(err, PathProblem::Refused(ref w) if w.contains("leads out")),
            "{err:?}"
        );
        assert!(matches!(
            m.resolve_text("C:\\In").unwrap().1,
            Resolved::Found(_)
        ));
    }

    #[test]
    fn mount_arguments() {
        assert_eq!(
            Mounts::parse_arg("c:=/mnt/c").unwrap(),
            ('C', PathBuf::from("/mnt/c"))
        );
        assert_eq!(Mounts::parse_arg("D=/x").unwrap().0, 'D');
        assert!(Mounts::parse_arg("CD:=/x").is_err());
        assert!(Mounts::parse_arg("/x").is_err());
    }
}
