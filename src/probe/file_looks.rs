//! Looks at files and folders: whether a path exists, what the end of a log
//! says, how many files match a pattern, how much space is free. Paths are
//! Windows paths from the tree, read through the configured mounts.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use regex::bytes::Regex as BytesRegex;

use super::paths::{PathProblem, Resolved};
use super::{Observation, ProbeEnv, ProbeStatus, clean_text};

/// How much of a log's end is read when the tree does not say.
pub const DEFAULT_TAIL_BYTES: u64 = 1024 * 1024;
/// The most a tree may ask to read of a file's end.
pub const MAX_TAIL_BYTES: u64 = 64 * 1024 * 1024;
/// Lines before the tail are counted (for line numbers) only up to this far.
const MAX_COUNTED_PREFIX: u64 = 256 * 1024 * 1024;
/// File names listed in evidence; the count is always complete.
const MAX_NAMES_SHOWN: usize = 20;

/// A path problem as an observation about `looked_at`.
fn path_problem(looked_at: &str, p: PathProblem) -> Observation {
    let status = match p {
        PathProblem::Refused(_) => ProbeStatus::Refused,
        PathProblem::NoMount(_) => ProbeStatus::NotAvailable,
        PathProblem::BadMount(_) => ProbeStatus::Failed,
    };
    Observation::new(status, clean_text(looked_at), clean_text(&p.to_string()))
}

/// `C:\SMS (/mnt/sitesrv/c/SMS)`: the Windows path and where it was read.
fn shown(win: &str, local: &Path) -> String {
    clean_text(&format!("{win} ({})", local.display()))
}

fn missing_text(missing: &str, in_dir: &Path) -> String {
    format!("absent: no `{missing}` in {}", in_dir.display())
}

pub(super) fn exists(env: &ProbeEnv, path: &str, want_present: bool) -> Observation {
    let (win, resolved) = match env.mounts.resolve_text(path) {
        Ok(r) => r,
        Err(p) => return path_problem(path, p),
    };
    match resolved {
        Resolved::Found(local) => {
            let what = match std::fs::metadata(&local) {
                Ok(m) if m.is_dir() => "exists: a folder".to_string(),
                Ok(m) => format!("exists: a file of {} bytes", m.len()),
                Err(e) => format!("exists, but cannot be read: {e}"),
            };
            Observation::found(want_present, shown(&win, &local), clean_text(&what))
        }
        Resolved::Missing { missing, in_dir } => Observation::found(
            !want_present,
            clean_text(&win),
            clean_text(&missing_text(&missing, &in_dir)),
        ),
    }
}

/// Resolves a path that must exist for the look to mean anything (a log to
/// read, a folder to list): its absence is a failure, not a finding.
fn existing(env: &ProbeEnv, path: &str) -> Result<(String, PathBuf), Observation> {
    let (win, resolved) = env
        .mounts
        .resolve_text(path)
        .map_err(|p| path_problem(path, p))?;
    match resolved {
        Resolved::Found(local) => Ok((win, local)),
        Resolved::Missing { missing, in_dir } => Err(Observation::new(
            ProbeStatus::Failed,
            clean_text(&win),
            clean_text(&format!("cannot look: {}", missing_text(&missing, &in_dir))),
        )),
    }
}

/// The end of a file: its bytes (UTF-16 logs converted to UTF-8), and how
/// many lines come before them, when counted.
struct Tail {
    bytes: Vec<u8>,
    lines_before: Option<u64>,
    file_len: u64,
}

fn read_tail(
    local: &Path,
    tail: u64,
    deadline: Instant,
    cancel: &AtomicBool,
) -> std::io::Result<Tail> {
    // Opening a FIFO blocks until a writer comes, and a device never ends:
    // only regular files are read, so a look never hangs its thread.
    if !std::fs::metadata(local)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut f = File::open(local)?;
    let len = f.metadata()?.len();
    let mut bom = [0u8; 2];
    let utf16 = len >= 2 && f.read_exact(&mut bom).is_ok() && bom == [0xff, 0xfe];
    let mut start = len.saturating_sub(tail);
    if utf16 {
        start = start.max(2);
        start += start % 2;
    }
    let header = if utf16 { 2 } else { 0 };
    // Whether the tail begins exactly at the start of a line: then its first
    // line is whole and kept.
    let unit = if utf16 { 2 } else { 1 };
    let begins_line = start <= header || {
        let mut before = [0u8; 2];
        f.seek(SeekFrom::Start(start - unit))?;
        f.read_exact(&mut before[..unit as usize])?;
        before[0] == b'\n' && before[1] == 0
    };
    f.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::with_capacity((len - start) as usize);
    f.by_ref().take(tail).read_to_end(&mut bytes)?;
    let mut bytes = if utf16 {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units).into_bytes()
    } else {
        bytes
    };
    let mut lines_before = Some(0);
    if start > header {
        // The first line of the tail is cut unless it begins right at the
        // start: drop a cut one, and count the lines before the first line
        // kept so line numbers stay true.
        let cut_line = usize::from(!begins_line);
        if !begins_line {
            let cut = bytes
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| i + 1);
            bytes.drain(..cut);
        }
        lines_before = if start <= MAX_COUNTED_PREFIX && !utf16 {
            count_lines(local, start, deadline, cancel)?.map(|n| n + cut_line as u64)
        } else {
            None
        };
    }
    Ok(Tail {
        bytes,
        lines_before,
        file_len: len,
    })
}

/// Newlines in the first `upto` bytes; `None` when the deadline or a cancel stopped the count.
fn count_lines(
    local: &Path,
    upto: u64,
    deadline: Instant,
    cancel: &AtomicBool,
) -> std::io::Result<Option<u64>> {
    let mut f = File::open(local)?.take(upto);
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) || Instant::now() >= deadline {
            return Ok(None);
        }
        let got = f.read(&mut buf)?;
        if got == 0 {
            return Ok(Some(n));
        }
        n += buf[..got].iter().filter(|b| **b == b'\n').count() as u64;
    }
}

pub(super) fn file_contains(
    env: &ProbeEnv,
    path: &str,
    pattern: &str,
    tail_bytes: Option<u64>,
    deadline: Instant,
    cancel: &AtomicBool,
) -> Observation {
    let (win, local) = match existing(env, path) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let tail = tail_bytes
        .unwrap_or(DEFAULT_TAIL_BYTES)
        .clamp(1, MAX_TAIL_BYTES);
    let looked_at = shown(&format!("{win}, lines matching /{pattern}/"), &local);
    let re = match BytesRegex::new(pattern) {
        Ok(r) => r,
        Err(e) => {
            return Observation::new(ProbeStatus::Failed, looked_at, clean_text(&e.to_string()));
        }
    };
    let t = match read_tail(&local, tail, deadline, cancel) {
        Ok(t) => t,
        Err(e) => {
            return Observation::new(
                ProbeStatus::Failed,
                looked_at,
                clean_text(&format!("cannot read: {e}")),
            );
        }
    };
    let scope = if t.file_len > tail {
        format!(
            "in the last {} KiB of {} KiB",
            tail / 1024,
            t.file_len / 1024
        )
    } else {
        format!("in all {} bytes", t.file_len)
    };
    let mut hits = 0u64;
    let mut last: Option<(u64, &[u8])> = None;
    let mut total_lines = 0u64;
    for (i, line) in t.bytes.split(|b| *b == b'\n').enumerate() {
        total_lines = i as u64 + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if re.is_match(line) {
            hits += 1;
            last = Some((i as u64, line));
        }
    }
    match last {
        Some((index, line)) => {
            let text = clean_text(&String::from_utf8_lossy(line));
            let at = match t.lines_before {
                Some(before) => format!("line {}", before + index + 1),
                None => format!("line {} from the end", total_lines - index),
            };
            let many = if hits > 1 {
                format!("{hits} matching lines {scope}; the last, ")
            } else {
                format!("1 matching line {scope}, ")
            };
            Observation::found(true, looked_at, format!("{many}{at}: {text}"))
        }
        None => Observation::found(false, looked_at, format!("no matching line {scope}")),
    }
}

pub(super) fn glob_count(
    env: &ProbeEnv,
    dir: &str,
    glob: &str,
    at_least: u64,
    at_most: Option<u64>,
) -> Observation {
    let (win, local) = match existing(env, dir) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let looked_at = shown(&format!("{win}, files matching {glob}"), &local);
    let entries = match std::fs::read_dir(&local) {
        Ok(e) => e,
        Err(e) => {
            return Observation::new(
                ProbeStatus::Failed,
                looked_at,
                clean_text(&format!("cannot list the folder: {e}")),
            );
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        // Files only: a folder such as Receive\Temp is not a file to count.
        .filter(|e| e.file_type().map(|t| !t.is_dir()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| super::glob::matches(glob, n))
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    let count = names.len() as u64;
    let listed = if names.is_empty() {
        "no files".to_string()
    } else {
        let shown_names: Vec<&str> = names
            .iter()
            .take(MAX_NAMES_SHOWN)
            .map(String::as_str)
            .collect();
        let more = if names.len() > MAX_NAMES_SHOWN {
            format!(", and {} more", names.len() - MAX_NAMES_SHOWN)
        } else {
            String::new()
        };
        let noun = if count == 1 { "file" } else { "files" };
        format!("{count} {noun}: {}{more}", shown_names.join(", "))
    };
    let within = count >= at_least && at_most.is_none_or(|hi| count <= hi);
    Observation::found(within, looked_at, clean_text(&listed)).with_reading(count as f64)
}

pub(super) fn free_space(env: &ProbeEnv, path: &str, at_least_mb: u64) -> Observation {
    let (win, local) = match existing(env, path) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let looked_at = shown(&format!("free space on the volume of {win}"), &local);
    match available_bytes(&local) {
        Ok(bytes) => {
            let mb = bytes / (1024 * 1024);
            Observation::found(
                mb >= at_least_mb,
                looked_at,
                format!("{mb} MB free (wanted at least {at_least_mb} MB)"),
            )
            .with_reading(mb as f64)
        }
        Err(e) => Observation::new(
            ProbeStatus::Failed,
            looked_at,
            clean_text(&format!("cannot read free space: {e}")),
        ),
    }
}

#[cfg(unix)]
fn available_bytes(path: &Path) -> std::io::Result<u64> {
    let s = rustix::fs::statvfs(path)?;
    Ok(s.f_bavail.saturating_mul(s.f_frsize))
}

#[cfg(windows)]
fn available_bytes(path: &Path) -> std::io::Result<u64> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;
    let wide: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    let mut free: u64 = 0;
    // SAFETY: `wide` is NUL-terminated and outlives the call; the out
    // pointers are valid or null as the API allows.
    let ok = unsafe {
        GetDiskFreeSpaceExW(
            wide.as_ptr(),
            &mut free,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    if ok == 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(free)
    }
}

#[cfg(not(any(unix, windows)))]
fn available_bytes(_: &Path) -> std::io::Result<u64> {
    Err(std::io::Error::other("not available here"))
}
