//! Waits inside a procedure ("if the .ct2 file is not moved within 30
//! minutes"): the duration in words, and where a running wait stands.

use crate::checklist::Item;
use crate::engine::Session;
use crate::tree::Wait;

use super::Style;

/// "30 minutes", "24 hours", "2 days": in the unit the tree wrote.
pub fn human_duration(text: &str) -> String {
    let t = text.trim();
    let unit = match t.chars().last() {
        Some('d') => "day",
        Some('h') => "hour",
        _ => "minute",
    };
    match t.trim_end_matches(['m', 'h', 'd']).trim().parse::<u64>() {
        Ok(1) => format!("1 {unit}"),
        Ok(n) => format!("{n} {unit}s"),
        Err(_) => t.to_string(),
    }
}

/// The wait as planned: `Wait 30 minutes for …; if it does not happen: …`.
pub fn wait_plan(session: &Session, wait: &Wait, style: Style) -> String {
    let mut text = format!(
        "Wait {} for {}",
        human_duration(&wait.duration),
        (style.text)(&session.fill(&wait.until))
    );
    if let Some(other) = &wait.otherwise {
        text.push_str("; if it does not happen: ");
        text.push_str(&(style.text)(&session.fill(other)));
    }
    text
}

/// Where a wait stands at `now`.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitState {
    /// Its countdown has not been started.
    NotStarted,
    /// Seconds left of the countdown.
    Running { left: i64 },
    /// The time is up.
    Over,
}

/// Where a wait started at `started` (Unix seconds, if it was) stands at `now`.
pub fn wait_progress(wait: &Wait, started: Option<i64>, now: i64) -> WaitState {
    let Some(started) = started else {
        return WaitState::NotStarted;
    };
    let total = wait.minutes().unwrap_or(0) as i64 * 60;
    let left = total - (now - started);
    if left > 0 {
        WaitState::Running { left }
    } else {
        WaitState::Over
    }
}

impl WaitState {
    /// The wait in words, as a checklist shows it under its step: the
    /// countdown as `mm:ss` (`h:mm:ss` past an hour), what happens when
    /// the time is up.
    pub fn text(&self, session: &Session, wait: &Wait) -> String {
        let duration = human_duration(&wait.duration);
        let until = session.fill(&wait.until);
        match self {
            WaitState::NotStarted => format!("Wait {duration} for {until} (w starts the timer)"),
            WaitState::Running { left } => {
                format!(
                    "{} left of {duration}: waiting for {until}",
                    countdown(*left)
                )
            }
            WaitState::Over => match &wait.otherwise {
                Some(other) => format!(
                    "Waited {duration}. If {until} has not happened: {}",
                    session.fill(other)
                ),
                None => format!("Waited {duration} for {until}"),
            },
        }
    }
}

/// A started wait of the checklist, for its header and the exports.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningWait {
    /// The step's number as shown: "6", "4a".
    pub number: String,
    pub step: String,
    pub started: i64,
    pub state: WaitState,
}

impl RunningWait {
    /// `step 6: waiting since 02:34 UTC, 12 min left`, or
    /// `step 6: wait over (30 minutes since 02:34 UTC)`.
    pub fn text(&self, wait_duration: &str) -> String {
        let (_, _, _, hour, minute, _) = crate::time::civil(self.started);
        let since = format!("{hour:02}:{minute:02} UTC");
        match self.state {
            WaitState::Running { left } => format!(
                "step {}: waiting since {since}, {} min left",
                self.number,
                (left + 59) / 60
            ),
            _ => format!(
                "step {}: wait over ({} since {since})",
                self.number,
                human_duration(wait_duration)
            ),
        }
    }
}

/// The started waits of steps still to do among `items` (the session's
/// checklist, which the caller has at hand), in checklist order: those done
/// or skipped no longer hold anyone up.
pub fn running_waits(
    session: &Session,
    items: &[Item<'_>],
    now: i64,
) -> Vec<(RunningWait, String)> {
    let Some(state) = session.checklist() else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|i| i.status == crate::checklist::StepStatus::Todo)
        .filter_map(|i| {
            let wait = i.step.wait.as_ref()?;
            let started = *state.waits.get(&i.step.id)?;
            let running = RunningWait {
                number: i.number.clone(),
                step: i.step.id.clone(),
                started,
                state: wait_progress(wait, Some(started), now),
            };
            Some((running, wait.duration.clone()))
        })
        .collect()
}

/// `05:00`, `1:02:03`.
fn countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_wait_says_since_when_and_the_minutes_left() {
        // 1970-01-01 02:34 UTC.
        let started = 2 * 3600 + 34 * 60;
        let mut wait = RunningWait {
            number: "6".into(),
            step: "move".into(),
            started,
            state: WaitState::Running { left: 11 * 60 + 30 },
        };
        assert_eq!(
            wait.text("30m"),
            "step 6: waiting since 02:34 UTC, 12 min left"
        );
        wait.state = WaitState::Over;
        assert_eq!(
            wait.text("30m"),
            "step 6: wait over (30 minutes since 02:34 UTC)"
        );
    }

    #[test]
    fn durations_read_in_the_unit_written() {
        assert_eq!(human_duration("30m"), "30 minutes");
        assert_eq!(human_duration("1h"), "1 hour");
        assert_eq!(human_duration("2d"), "2 days");
        assert_eq!(human_duration("soon"), "soon");
    }

    #[test]
    fn a_wait_counts_down_then_is_over() {
        let wait = Wait {
            duration: "30m".into(),
            until: "the file to move".into(),
            otherwise: None,
        };
        assert_eq!(wait_progress(&wait, None, 100), WaitState::NotStarted);
        assert_eq!(
            wait_progress(&wait, Some(1000), 1000 + 5 * 60),
            WaitState::Running { left: 25 * 60 }
        );
        assert_eq!(
            wait_progress(&wait, Some(1000), 1000 + 30 * 60),
            WaitState::Over
        );
        assert_eq!(countdown(25 * 60), "25:00");
        assert_eq!(countdown(3723), "1:02:03");
    }
}
