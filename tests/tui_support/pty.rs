//! The real binary in a pseudo-terminal, read through a terminal emulator:
//! keys go in as an operator types them, the screen comes out as text.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for a screen before giving up: generous, because a
/// loaded machine is slow; the tests never measure time.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// How long output must pause before a matching screen counts as whole.
const SETTLE: Duration = Duration::from_millis(40);

pub struct Wizard {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    /// The emulated terminal, and a signal for each chunk of output it takes in.
    parser: Arc<(Mutex<vt100::Parser>, Condvar)>,
    /// Disconnected once the reader has taken in the last of the output:
    /// the terminal reached end of file when every process on it closed it.
    output_ended: mpsc::Receiver<()>,
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Wizard {
    /// Starts `kbwalk ARGS` in `dir` with a private `KBWALK_HOME` and a fixed
    /// clock, in a `cols`×`rows` terminal.
    pub fn start(dir: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Wizard {
        let pty = native_pty_system()
            .openpty(size(rows, cols))
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kbwalk"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("KBWALK_HOME", dir.join("home"));
        cmd.env("SOURCE_DATE_EPOCH", "1795000000");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("kbwalk starts");
        drop(pty.slave);
        let parser = Arc::new((
            Mutex::new(vt100::Parser::new(
                NonZeroU16::new(rows).unwrap(),
                NonZeroU16::new(cols).unwrap(),
                0,
            )),
            Condvar::new(),
        ));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        let (reading, output_ended) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            // Dropped when the thread ends, which `exit_code` waits for.
            let _reading = reading;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.0.lock().unwrap().process(&buf[..n]);
                sink.1.notify_all();
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Wizard {
            master: pty.master,
            writer,
            child,
            parser,
            output_ended,
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("type");
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.parser.0.lock().unwrap().screen().contents()
    }

    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.0.lock().unwrap().screen())
    }

    /// Waits until the screen shows `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait(what, ok, SETTLE)
    }

    /// As [`Wizard::wait_until`], returning the moment the screen matches:
    /// for timing a redraw, where waiting for output to pause would count.
    pub fn wait_until_first(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait(what, ok, Duration::ZERO)
    }

    fn wait(&self, what: &str, ok: impl Fn(&str) -> bool, settle: Duration) -> String {
        let deadline = Instant::now() + PATIENCE;
        let (lock, output) = &*self.parser;
        let mut parser = lock.lock().unwrap();
        loop {
            let screen = parser.screen().contents();
            if ok(&screen) && settle.is_zero() {
                return screen;
            }
            if ok(&screen) {
                // A frame can arrive in several reads: hand the screen over
                // only once output has paused, so the rest of it is there too.
                let (guard, pause) = output.wait_timeout(parser, settle).unwrap();
                parser = guard;
                if pause.timed_out() || Instant::now() > deadline {
                    let settled = parser.screen().contents();
                    if ok(&settled) {
                        return settled;
                    }
                }
                continue;
            }
            let now = Instant::now();
            if now > deadline {
                panic!("the screen never showed {what:?}; it shows:\n{screen}");
            }
            // Woken by new output; the timeout only bounds a quiet wait.
            parser = output
                .wait_timeout(parser, (deadline - now).min(Duration::from_millis(50)))
                .unwrap()
                .0;
        }
    }

    /// From the first screen through the phase-4 walk (site ABC on drive D,
    /// parent P01) to the checklist with option 1 of 3 chosen.
    pub fn walk_to_phase4_option_1(&mut self) {
        self.wait_for("Find the symptom");
        self.step("phase 4", "Search: phase 4");
        self.step("\r", "Which version of Systems Management Server");
        self.step("3", "What was being done to the secondary site");
        self.step("2", "What is the site code of the secondary site?");
        self.step("ABC\r", "On which drive is SMS installed");
        self.step("D\r", "Does the LAN sender log");
        self.step("n", "What is the site code of the parent site?");
        self.step("P01\r", "CAUSE FOUND");
        self.step("\r", "choose an option (1-3)");
        self.step("1", "Chosen option 1 of 3");
    }

    /// Types `keys` and waits for `then` to show.
    pub fn step(&mut self, keys: &str, then: &str) -> String {
        self.send(keys);
        self.wait_for(then)
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.0.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master.resize(size(rows, cols)).expect("resize");
    }

    /// Waits for the process to end and returns its exit code, once
    /// everything it wrote to the terminal has been read.
    pub fn exit_code(&mut self) -> u32 {
        // The output ends when kbwalk, and whatever it started on the
        // terminal, has closed it: then the last screen is taken in.
        if let Err(RecvTimeoutError::Timeout) = self.output_ended.recv_timeout(PATIENCE) {
            let _ = self.child.kill();
            panic!(
                "the terminal stayed open for {PATIENCE:?}: kbwalk, or a process it started, \
                 is still running; the screen:\n{}",
                self.screen()
            );
        }
        // Closing the terminal is the process's last act; bounded all the same.
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("kbwalk's exit status") {
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("kbwalk closed its terminal but did not exit");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Wizard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
