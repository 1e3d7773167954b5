//! Styles, in colour or (with `NO_COLOR`) in monochrome. Monochrome keeps
//! every distinction readable through symbols, bold, underline and reverse.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

use crate::checklist::StepStatus;
use crate::tree::{OutcomeKind, Risk};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// How an outcome kind looks: a symbol and a headline that read without
/// colour, a border that differs in shape, and a colour when there is one.
pub struct OutcomeLook {
    pub symbol: &'static str,
    pub headline: &'static str,
    pub border: BorderType,
    pub style: Style,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A mark on the header that must not be missed (READ-ONLY): set off
    /// from the header itself, in warning yellow or, without colour, unreversed.
    pub fn badge(&self) -> Style {
        if self.color {
            on_yellow()
        } else {
            Style::new()
                .remove_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::BOLD)
        }
    }

    /// Secondary text: the terminal's own foreground, dimmed, so it stays
    /// readable on light and dark backgrounds alike (a fixed grey is the
    /// background colour of some themes).
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Help text is read, not skimmed: the default foreground.
    pub fn help_text(&self) -> Style {
        Style::new()
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Letters a search matched.
    pub fn hit(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Something that needs the operator now (a wait ran out): it stands
    /// out without colour too, and a marker goes with it.
    pub fn alert(&self) -> Style {
        if self.color {
            on_yellow()
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn command(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn border(&self) -> Style {
        self.dim()
    }

    pub fn focus_border(&self) -> Style {
        self.fg(Color::Cyan)
    }

    /// Crossed out and dimmed: still legible, never a background grey.
    pub fn ruled_out(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT)
    }

    pub fn outcome(&self, kind: OutcomeKind) -> OutcomeLook {
        match kind {
            OutcomeKind::Cause => OutcomeLook {
                symbol: "◆",
                headline: crate::wording::outcome_headline(OutcomeKind::Cause, false),
                border: BorderType::Thick,
                style: self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            },
            OutcomeKind::Benign => OutcomeLook {
                symbol: "✓",
                headline: crate::wording::outcome_headline(OutcomeKind::Benign, false),
                border: BorderType::Rounded,
                style: self.fg(Color::Green).add_modifier(Modifier::BOLD),
            },
            OutcomeKind::NoFix => OutcomeLook {
                symbol: "■",
                headline: crate::wording::outcome_headline(OutcomeKind::NoFix, false),
                border: BorderType::Double,
                style: self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            },
            OutcomeKind::Unknown => OutcomeLook {
                symbol: "?",
                headline: crate::wording::outcome_headline(OutcomeKind::Unknown, false),
                border: BorderType::Plain,
                style: Style::new().add_modifier(Modifier::BOLD),
            },
            OutcomeKind::Reference => OutcomeLook {
                symbol: "≡",
                headline: crate::wording::outcome_headline(OutcomeKind::Reference, false),
                border: BorderType::Plain,
                style: self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            },
        }
    }

    pub fn risk(&self, risk: Risk) -> Style {
        match risk {
            Risk::ReadOnly => self.dim(),
            Risk::Reversible => self.fg(Color::Yellow),
            Risk::Destructive => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn status(&self, status: StepStatus) -> Style {
        match status {
            StepStatus::Todo => Style::new(),
            StepStatus::Done => self.ok(),
            StepStatus::Skipped => self.dim(),
            StepStatus::Failed => self.error(),
            StepStatus::NotApplicable => self.ruled_out(),
        }
    }
}

/// The check box of a status: readable without colour.
pub fn status_box(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Todo => "[ ]",
        StepStatus::Done => "[x]",
        StepStatus::Skipped => "[-]",
        StepStatus::Failed => "[!]",
        StepStatus::NotApplicable => "[/]",
    }
}

/// Black on warning yellow, bold: what must not be missed, in colour.
fn on_yellow() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}
