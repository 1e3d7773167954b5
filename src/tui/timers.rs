//! Time passing without a key: the clocks on screen move on (elapsed time,
//! wait countdowns) and a wait running out is announced once.

use super::app::{App, Command, Screen};
use crate::wording::{self, WaitState};

/// What a tick of the idle loop asks of it.
#[derive(Debug, Default, PartialEq)]
pub struct Tick {
    /// Something on screen depends on the time and the time moved.
    pub redraw: bool,
    /// A wait ran out: ring the bell.
    pub command: Option<Command>,
}

impl App {
    /// The loop's idle tick at `now`: saves a note being written, tells
    /// whether the screen must be drawn again, and announces waits that ran out.
    pub fn tick(&mut self, now: i64) -> Tick {
        let moved = now != self.now;
        self.now = now;
        self.idle();
        let mut tick = Tick {
            redraw: moved && self.shows_the_time(),
            command: None,
        };
        if self.announce_waits_over() {
            tick.redraw = true;
            tick.command = Some(Command::Bell);
        }
        tick
    }

    /// Whether the screen shows anything that changes with the time alone.
    pub fn shows_the_time(&self) -> bool {
        let Some(walk) = &self.walk else { return false };
        self.screen == Screen::Checklist
            && walk
                .session
                .checklist()
                .is_some_and(|c| c.started_at.is_some() || !c.waits.is_empty())
    }

    /// Marks waits that ran out as announced and says so on the status
    /// line; true when there was one to announce.
    fn announce_waits_over(&mut self) -> bool {
        let now = self.now;
        let Some(walk) = self.walk.as_mut() else {
            return false;
        };
        if walk.read_only.is_some() {
            return false;
        }
        let mut over = Vec::new();
        let items = walk.session.checklist_items();
        for (wait, duration) in wording::running_waits(&walk.session, &items, now) {
            if wait.state == WaitState::Over && walk.waits_announced.insert(wait.step.clone()) {
                over.push(wait.text(&duration));
            }
        }
        if over.is_empty() {
            return false;
        }
        self.error(format!("⏰ {}", over.join("; ")));
        true
    }
}
