//! The interactive wizard: a thin event loop around [`App`] (state and
//! `update`), the keymap (data) and the views (pure functions of the state).
//! The loop performs the [`Command`]s `update` hands back or queues (write
//! an export, copy, start a probe, read the sessions folder) before drawing
//! again.

pub mod app;
mod export;
mod key_rules;
pub mod keymap;
mod links;
pub mod picker;
pub mod probes;
pub mod recorder;
mod screens;
pub mod text;
pub mod theme;
pub mod timers;
pub mod view;
pub mod walk;
mod widgets;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

pub use app::{App, Command, Options, Screen};
pub use theme::Theme;

use crate::atomic::{AtomicWriteError, write_atomically};
use crate::clock::Clock;
use crate::library::Library;
use crate::probe::{ProbeEnv, Runner};

/// How often the screen refreshes without input, for the elapsed time and
/// wait countdowns (and how soon a termination signal is noticed).
const TICK: Duration = Duration::from_millis(250);
/// How often reports are collected while a probe runs: soon enough to show a
/// result at once, and the wait ends at the first key anyway.
const PROBE_TICK: Duration = Duration::from_millis(20);

/// The session the wizard opens on, for `kbwalk resume`.
pub struct Resume {
    pub id: String,
    pub read_only: bool,
}

/// What the wizard is started with; the command line builds it.
pub struct WizardSettings {
    /// The folder exports are written to: absolute, and known to exist.
    pub export_dir: PathBuf,
    pub library: Library,
    /// Where and how probes look; `None` leaves probes off.
    pub probes: Option<ProbeEnv>,
    /// Who is recorded as giving each input.
    pub operator: String,
    /// The session to open on, for `kbwalk resume`.
    pub resume: Option<Resume>,
    /// The time, read before every update and draw.
    pub clock: Clock,
    /// Why tree files were left out of the library: named on screen, since
    /// stderr is hidden behind the wizard.
    pub skipped_trees: Vec<String>,
}

/// The wizard needs a terminal on both ends; checked before anything else.
pub fn check_terminal() -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!(
            "the wizard needs a terminal; for scripts use `kbwalk run TREE --answer ID=VALUE` (see `kbwalk run --help`)"
        );
    }
    Ok(())
}

/// Opens the wizard; with `settings.resume`, on that stored session.
pub fn run_wizard(settings: WizardSettings) -> anyhow::Result<ExitCode> {
    check_terminal()?;
    let WizardSettings {
        export_dir,
        library,
        probes,
        operator,
        resume,
        clock,
        skipped_trees,
    } = settings;
    // Without a folder for sessions the wizard still works, unsaved.
    let store = crate::store::Store::open_default().ok();
    let options = Options {
        export_dir,
        theme: Theme::from_env(),
        store,
        operator,
    };
    let mut app = App::new(library, options, clock());
    if let Some(env) = probes {
        app.enable_probes(Runner::new(env));
    }
    app.warn_skipped_trees(&skipped_trees);
    match resume {
        Some(Resume {
            id,
            read_only: true,
        }) => app.resume_read_only(&id),
        Some(Resume { id, .. }) => app.resume(&id),
        None => {}
    }
    perform_queued(&mut app);

    // A termination signal ends the loop, so the terminal is restored on the way out.
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .context("cannot install the signal handlers")?;
    }

    // A terminal that goes away without a SIGHUP reaching us (a closed
    // tmux pane) leaves the terminal library reading an endless end of file
    // and never returning. Nothing is left to restore then, and everything
    // shown is on disk: end as on a hang-up.
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(TICK);
            if terminal_hung_up() {
                std::process::exit(0);
            }
        }
    });

    let mut terminal = TerminalGuard::enter()?;
    let result = event_loop(&mut terminal.terminal, &mut app, &signal, clock);
    drop(terminal);
    result?;
    if let Some(path) = app.walk.as_ref().and_then(|w| w.last_export.as_ref()) {
        let _ = writeln!(
            crate::text::stdout(),
            "kbwalk: last export: {}",
            path.display()
        );
    }
    if let Some(id) = app.walk.as_ref().and_then(|w| w.session_id()) {
        let _ = writeln!(
            crate::text::stdout(),
            "kbwalk: session {id} is saved; continue it with `kbwalk resume {id}`"
        );
    }
    // Everything shown was on disk already: hanging up or being told to
    // stop is an orderly end.
    Ok(match signal.load(Ordering::SeqCst) {
        0 => ExitCode::SUCCESS,
        sig if sig == signal_hook::consts::SIGTERM as usize
            || sig == signal_hook::consts::SIGHUP as usize =>
        {
            ExitCode::SUCCESS
        }
        sig => ExitCode::from(128u8.saturating_add(sig as u8)),
    })
}

/// The terminal in raw mode on the alternate screen, the mouse left to the terminal;
/// restored when dropped, and by a panic hook when a panic unwinds or aborts.
struct TerminalGuard {
    terminal: DefaultTerminal,
}

impl TerminalGuard {
    fn enter() -> anyhow::Result<TerminalGuard> {
        let terminal = ratatui::try_init().context("cannot set up the terminal")?;
        // ratatui's hook (installed by try_init) leaves raw mode and the
        // alternate screen; this one first gives the mouse and cursor back.
        let ratatui_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(
                std::io::stdout(),
                DisableBracketedPaste,
                DisableMouseCapture,
                Show
            );
            ratatui_hook(info);
        }));
        let guard = TerminalGuard { terminal };
        // A paste arrives as one event, so a newline in it answers nothing.
        // The mouse is left to the terminal: an operator drag-selects a
        // command or a path to copy it, which capture would block.
        execute!(std::io::stdout(), EnableBracketedPaste).context("cannot set up the terminal")?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture,
            Show
        );
        ratatui::restore();
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signal: &AtomicUsize,
    clock: Clock,
) -> anyhow::Result<()> {
    let mut dirty = true;
    loop {
        let now = clock();
        if now != app.now {
            app.now = now;
            dirty = true;
        }
        let size = terminal.size()?;
        app.viewport = Some(ratatui::layout::Rect::new(0, 0, size.width, size.height));
        dirty |= perform_queued(app);
        // Never waits: takes only what the probes already reported.
        if app.poll_probes() {
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| view::draw(frame, app))?;
            dirty = false;
        }
        if app.quit || signal.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
        let tick = if app.probing() { PROBE_TICK } else { TICK };
        match event::poll(tick) {
            Ok(false) => {
                // A pause in typing: save a note being written, and move
                // the clocks on screen.
                let tick = app.tick(clock());
                if let Some(command) = tick.command {
                    perform(app, command);
                }
                dirty |= tick.redraw;
                continue;
            }
            Ok(true) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
        // Handle every event already queued before drawing again.
        loop {
            let ev = match event::read() {
                Ok(ev) => ev,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => break,
                Err(e) => return Err(e.into()),
            };
            app.now = clock();
            if let Some(command) = app.handle_event(&ev) {
                perform(app, command);
            }
            // A key typed ahead acts on what the last one led to (the
            // sessions listed again, the probe started).
            perform_queued(app);
            dirty = true;
            if app.quit || !event::poll(Duration::ZERO).unwrap_or(false) {
                break;
            }
        }
    }
}

/// Whether standard input, the terminal, has hung up.
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match poll(&mut fds, Some(&zero)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => false,
    }
}

#[cfg(not(unix))]
fn terminal_hung_up() -> bool {
    false
}

/// Carries out the commands `update` queued; true when there were any.
pub fn perform_queued(app: &mut App) -> bool {
    let mut any = false;
    loop {
        let commands = app.take_commands();
        if commands.is_empty() {
            return any;
        }
        any = true;
        for command in commands {
            perform(app, command);
        }
    }
}

/// Carries out a command from `update`.
pub fn perform(app: &mut App, command: Command) {
    match command {
        Command::Copy(text) => {
            let mut out = std::io::stdout();
            let _ = out.write_all(osc52(&text).as_bytes());
            let _ = out.flush();
        }
        Command::MouseCapture(on) => {
            let mut out = std::io::stdout();
            let _ = if on {
                execute!(out, EnableMouseCapture)
            } else {
                execute!(out, DisableMouseCapture)
            };
        }
        Command::Bell => {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07");
            let _ = out.flush();
        }
        Command::Export {
            path,
            contents,
            then_quit,
        } => {
            let last = app.walk.as_ref().and_then(|w| w.last_export.clone());
            let result = write_export(&path, &contents, last.as_deref());
            app.export_finished(result, then_quit);
        }
        Command::StartQuestionProbe { question, job } => app.probes.start_question(question, *job),
        Command::StartChecks { kind, jobs } => app.probes.start_checks(kind, jobs),
        Command::ListSessions => {
            let rows = match &app.store {
                Some(store) => store.list(&app.library),
                None => Ok(Vec::new()),
            };
            app.sessions_listed(rows);
        }
    }
}

/// Writes an export. A file of the same name left by someone else is kept:
/// the new one gets `-2`, `-3`, ... ; this walk's own last export is replaced.
pub fn write_export(
    path: &Path,
    contents: &str,
    last: Option<&Path>,
) -> Result<PathBuf, AtomicWriteError> {
    let mut target = path.to_path_buf();
    if last != Some(path) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extension = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let mut n = 2;
        while target.exists() && last != Some(target.as_path()) {
            target = path.with_file_name(format!("{stem}-{n}{extension}"));
            n += 1;
        }
    }
    write_atomically(&target, contents.as_bytes())?;
    Ok(target)
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_base64() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            base64(b"PREINST /UPGRADE:ABC"),
            "UFJFSU5TVCAvVVBHUkFERTpBQkM="
        );
    }

    #[test]
    fn osc52_wraps_the_text() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
