//! The keymap as data: one table of (keys, action, description, contexts)
//! drives key handling, the footer and the help overlay alike.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tree::YesNo;

/// A key as the keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    /// Any of `1`..=`9`; the action receives which.
    Digit,
    Enter,
    Esc,
    Backspace,
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Tab,
    F(u8),
}

impl Key {
    /// The key pressed, in the keymap's terms.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        Some(match event.code {
            KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::Tab => Key::Tab,
            KeyCode::F(n) => Key::F(n),
            _ => return None,
        })
    }

    /// How the key is written in the footer and the help.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digit => "1-9".into(),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Backspace => "Bksp".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Tab => "Tab".into(),
            Key::F(n) => format!("F{n}"),
        }
    }

    fn matches(self, pressed: Key) -> Option<Option<usize>> {
        match (self, pressed) {
            (Key::Digit, Key::Char(c @ '1'..='9')) => Some(Some(c as usize - '0' as usize)),
            (a, b) if a == b => Some(None),
            _ => None,
        }
    }
}

/// Where the operator is, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Picker,
    /// A question answered by picking one of several choices.
    Choice,
    YesNo,
    /// A text or number question: printable keys type into the field.
    TextAnswer,
    Outcome,
    Checklist,
    /// Writing a note on a step: printable keys type into the field.
    Note,
    /// Typing what to find in the checklist: printable keys type into the field.
    Find,
    Help,
    /// The details of a question or diagnosis, scrolled.
    Details,
    ConfirmQuit,
    /// Leaving a walk for the symptom list.
    ConfirmLeave,
    /// A checklist change that hides progress or ticks several steps.
    ConfirmChecklist,
}

impl Context {
    /// Contexts where printable keys go to a text field unless bound.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Picker | Context::TextAnswer | Context::Note | Context::Find
        )
    }

    /// The name of the screen in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Picker => "Symptom list",
            Context::Choice => "Question (choices)",
            Context::YesNo => "Question (yes or no)",
            Context::TextAnswer => "Question (typed answer)",
            Context::Outcome => "Diagnosis",
            Context::Checklist => "Checklist",
            Context::Note => "Writing a note",
            Context::Find => "Finding a step",
            Context::Help => "Help",
            Context::Details => "Details of the question or diagnosis",
            Context::ConfirmQuit => "Quit?",
            Context::ConfirmLeave => "Leave the walk?",
            Context::ConfirmChecklist => "Confirm",
        }
    }
}

/// What a key does. Digit keys carry the digit pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    CloseHelp,
    /// Open the question's details: help, evidence, causes, answers in full.
    Details,
    CloseDetails,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: start the walk, answer, open the checklist.
    Confirm,
    Back,
    /// Esc on the symptom list: clear the search (it never quits).
    ClearSearch,
    /// `q` on the symptom list: quit while nothing is typed, else it is text.
    QuitFromList,
    /// `d` on the unfinished sessions: set the selected one aside (asks first).
    DismissSession,
    /// Backspace in a typed answer: erase a character, or go back when empty.
    EraseOrBack,
    AnswerYes,
    AnswerNo,
    /// Answer with the numbered choice.
    PickChoice(usize),
    ToggleDone,
    MarkSkipped,
    MarkFailed,
    MarkTodo,
    EditNote,
    ConditionYes,
    ConditionNo,
    StartWait,
    CopyCommand,
    /// Take the mouse for clicks, or give it back for drag-select.
    ToggleMouse,
    Export,
    /// Export as plain text, for ticket tools without Markdown.
    ExportText,
    /// Keep only the numbered alternative's steps.
    ChooseOption(usize),
    AllOptions,
    SaveNote,
    CancelNote,
    ExportAndQuit,
    QuitAnyway,
    Stay,
    LeaveWalk,
    /// Go ahead with the checklist change asked about.
    GoAhead,
    /// Esc while probes run: stop them.
    CancelProbes,
    /// Look again with the probes that answered, and the verifications run.
    RerunProbes,
    /// Run the command a probe waits to run, as shown.
    Consent,
    /// Run the checklist's verification probes.
    VerifySteps,
    /// Walk the symptom a `see_also` names, with the answers both trees share.
    FollowLink,
    /// Open the field to find a step by its text.
    Find,
    /// Select the next (previous) step the find text matches.
    FindNext,
    FindPrevious,
    /// Close the find field, keeping the text for `n`.
    CloseFind,
    /// Forget the find text.
    ClearFind,
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// A word or two for the footer.
    pub short: &'static str,
    /// A sentence for the help overlay.
    pub description: &'static str,
    pub contexts: &'static [Context],
    /// Shown in the footer (the help lists every binding).
    pub footer: bool,
}

use Context as C;

/// Where `q` quits: every screen without a text field (the symptom list has
/// its own binding, for while its search is empty).
const QUIT_KEY: &[Context] = &[C::Choice, C::YesNo, C::Outcome, C::Checklist];
/// Where j/k and g/G move: every list without a text field.
const VIM_KEYS: &[Context] = &[
    C::Choice,
    C::YesNo,
    C::Outcome,
    C::Checklist,
    C::Help,
    C::Details,
];
const QUESTIONS: &[Context] = &[C::Choice, C::YesNo, C::TextAnswer];
const LISTS: &[Context] = &[
    C::Picker,
    C::Choice,
    C::YesNo,
    C::Checklist,
    C::Outcome,
    C::Help,
    C::Details,
];
/// Where Esc stops running probes.
const PROBING: &[Context] = &[C::Choice, C::YesNo, C::TextAnswer, C::Outcome, C::Checklist];
const NOT_TYPING: &[Context] = &[C::Picker, C::Choice, C::YesNo, C::Outcome, C::Checklist];

const fn bind(
    keys: &'static [Key],
    action: Action,
    short: &'static str,
    description: &'static str,
    contexts: &'static [Context],
    footer: bool,
) -> Binding {
    Binding {
        keys,
        action,
        short,
        description,
        contexts,
        footer,
    }
}

/// Every key of the wizard. Order matters: the first binding that matches wins,
/// and the footer lists bindings in this order.
#[rustfmt::skip]
pub const KEYMAP: &[Binding] = &[
    // The symptom list.
    bind(&[Key::Up, Key::Down], Action::Down, "move", "Move through the symptoms", &[C::Picker], true),
    bind(&[Key::Ctrl('n'), Key::Ctrl('j')], Action::Down, "next", "Next symptom", &[C::Picker], false),
    bind(&[Key::Ctrl('p'), Key::Ctrl('k')], Action::Up, "previous", "Previous symptom", &[C::Picker], false),
    bind(&[Key::Enter], Action::Confirm, "start", "Start the walk at the selected symptom", &[C::Picker], true),
    bind(&[Key::Esc], Action::ClearSearch, "clear", "Clear the search (Esc never quits: q or Ctrl-C does)", &[C::Picker], true),
    bind(&[Key::Char('d')], Action::DismissSession, "dismiss", "Dismiss the selected unfinished session (asks first; kept on disk)", &[C::Picker], false),
    bind(&[Key::Char('q')], Action::QuitFromList, "quit", "Quit, while the search is empty (then q is typed; Q searches for q)", &[C::Picker], true),
    // Questions.
    bind(&[Key::Digit], Action::PickChoice(0), "answer", "Answer with the numbered choice", &[C::Choice], true),
    bind(&[Key::Char('y')], Action::AnswerYes, YesNo::Yes.as_str(), "Answer yes", &[C::YesNo], true),
    bind(&[Key::Char('n')], Action::AnswerNo, YesNo::No.as_str(), "Answer no", &[C::YesNo], true),
    bind(&[Key::Up, Key::Down], Action::Down, "select", "Select an answer", &[C::Choice, C::YesNo], false),
    bind(&[Key::Enter], Action::Confirm, "answer", "Answer with the selected choice, or the text typed", QUESTIONS, true),
    bind(&[Key::Esc], Action::CancelProbes, "cancel probe", "Cancel the probes running (shown while they run)", PROBING, false),
    bind(&[Key::Esc], Action::Back, "back", "Back to the previous question; its answer stays selected", QUESTIONS, true),
    bind(&[Key::Backspace, Key::Left], Action::Back, "back", "Back to the previous question", &[C::Choice, C::YesNo], false),
    bind(&[Key::Char('i'), Key::F(3)], Action::Details, "details", "Details: why it is asked, the probe's evidence, the causes and the answers so far, in full", &[C::Choice, C::YesNo], true),
    bind(&[Key::F(3)], Action::Details, "details", "Details: why it is asked, the probe's evidence, the causes and the answers so far, in full", &[C::TextAnswer], true),
    bind(&[Key::Backspace], Action::EraseOrBack, "erase", "Erase a character; in an empty field, back to the previous question", &[C::TextAnswer], false),
    // The diagnosis.
    bind(&[Key::Enter], Action::Confirm, "checklist", "Open the checklist", &[C::Outcome], true),
    bind(&[Key::Up, Key::Down], Action::Down, "scroll", "Scroll the diagnosis", &[C::Outcome], false),
    bind(&[Key::Char('i'), Key::F(3)], Action::Details, "details", "Details: the causes, the answers so far and their evidence, in full", &[C::Outcome], true),
    bind(&[Key::Esc, Key::Backspace, Key::Left], Action::Back, "back", "Back to the last question, to change an answer", &[C::Outcome], true),
    // The checklist.
    bind(&[Key::Up, Key::Down], Action::Down, "step", "Select a step", &[C::Checklist], false),
    bind(&[Key::Char('/')], Action::Find, "find", "Find a step by its text: type, Enter jumps to the next match", &[C::Checklist], true),
    bind(&[Key::Char('n')], Action::FindNext, "next match", "Next step the find text matches (while a find is on)", &[C::Checklist], false),
    bind(&[Key::Char('N')], Action::FindPrevious, "previous match", "Previous step the find text matches (while a find is on)", &[C::Checklist], false),
    bind(&[Key::Esc], Action::ClearFind, "end find", "Forget the find text (while a find is on)", &[C::Checklist], false),
    bind(&[Key::Char(' '), Key::Char('x')], Action::ToggleDone, "done", "Mark the step done (again: back to to-do), and go to the next", &[C::Checklist], true),
    bind(&[Key::Char('s')], Action::MarkSkipped, "skip", "Mark the step skipped", &[C::Checklist], true),
    bind(&[Key::Char('f')], Action::MarkFailed, "failed", "Mark the step failed", &[C::Checklist], true),
    bind(&[Key::Char('u')], Action::MarkTodo, "to do", "Set the step back to to-do", &[C::Checklist], false),
    bind(&[Key::Char('y')], Action::ConditionYes, YesNo::Yes.as_str(), "Answer the step's condition: yes", &[C::Checklist], false),
    bind(&[Key::Char('n')], Action::ConditionNo, YesNo::No.as_str(), "Answer the step's condition: no", &[C::Checklist], false),
    bind(&[Key::Enter], Action::EditNote, "note", "Write a note on the step", &[C::Checklist], true),
    bind(&[Key::Digit], Action::ChooseOption(0), "option", "Choose the numbered option, where the article offers several", &[C::Checklist], false),
    bind(&[Key::Char('0')], Action::AllOptions, "all options", "Show every option again", &[C::Checklist], false),
    bind(&[Key::Char('w')], Action::StartWait, "wait", "Start (or restart) the step's wait timer", &[C::Checklist], false),
    bind(&[Key::Char('m')], Action::ToggleMouse, "mouse", "Mouse: clicks select steps (press again to drag-select text)", &[C::Checklist], false),
    bind(&[Key::Char('c')], Action::CopyCommand, "copy", "Copy the step's command to the clipboard (OSC 52)", &[C::Checklist], false),
    bind(&[Key::Char('e')], Action::Export, "export", "Export the checklist as Markdown", &[C::Outcome, C::Checklist], true),
    bind(&[Key::Char('t')], Action::ExportText, "text export", "Export the checklist as plain text, for tickets without Markdown", &[C::Outcome, C::Checklist], true),
    bind(&[Key::Char('l')], Action::FollowLink, "see also", "Follow the see-also link of the step or diagnosis", &[C::Outcome, C::Checklist], false),
    bind(&[Key::Esc, Key::Backspace, Key::Left], Action::Back, "back", "Back to the diagnosis", &[C::Checklist], true),
    // Probes (shown while they apply).
    bind(&[Key::Char('a'), Key::F(2)], Action::Consent, "run command", "Run the command the probe waits to run, as shown", &[C::Choice, C::YesNo, C::Checklist], false),
    bind(&[Key::F(2)], Action::Consent, "run command", "Run the command the probe waits to run, as shown", &[C::TextAnswer], false),
    bind(&[Key::Char('r'), Key::F(5)], Action::RerunProbes, "re-run probes", "Look again with the probes that answered and the verifications run; flag answers whose evidence changed", &[C::Choice, C::YesNo, C::Outcome, C::Checklist], false),
    bind(&[Key::F(5)], Action::RerunProbes, "re-run probes", "Look again with the probes that answered; flag answers whose evidence changed", &[C::TextAnswer], false),
    bind(&[Key::Char('v')], Action::VerifySteps, "verify", "Run the steps' verification probes and record what they saw", &[C::Checklist], false),
    // Writing a note.
    bind(&[Key::Enter], Action::SaveNote, "save", "Save the note", &[C::Note], true),
    bind(&[Key::Esc], Action::CancelNote, "cancel", "Leave the note as it was (asks once when it was changed)", &[C::Note], true),
    // Finding a step.
    bind(&[Key::Enter], Action::FindNext, "next match", "Select the next step the text matches", &[C::Find], true),
    bind(&[Key::Esc], Action::CloseFind, "close", "Close the field; n and N keep finding", &[C::Find], true),
    // Confirmations.
    bind(&[Key::Char('e')], Action::ExportAndQuit, "export and quit", "Export the checklist, then quit", &[C::ConfirmQuit], true),
    bind(&[Key::Char('y')], Action::QuitAnyway, "quit anyway", "Quit without exporting", &[C::ConfirmQuit], true),
    bind(&[Key::Char('y')], Action::LeaveWalk, "leave", "Leave the walk without exporting", &[C::ConfirmLeave], true),
    bind(&[Key::Char('y')], Action::GoAhead, "yes", "Go ahead", &[C::ConfirmChecklist], true),
    bind(&[Key::Ctrl('c')], Action::QuitAnyway, "quit anyway", "Quit without exporting", &[C::ConfirmQuit], false),
    bind(&[Key::Char('n'), Key::Esc], Action::Stay, "stay", "Stay", &[C::ConfirmQuit, C::ConfirmLeave, C::ConfirmChecklist], true),
    // Everywhere.
    bind(&[Key::PageUp], Action::PageUp, "page up", "Up one page", LISTS, false),
    bind(&[Key::PageDown], Action::PageDown, "page down", "Down one page", LISTS, false),
    bind(&[Key::Char('j')], Action::Down, "down", "Down one line", VIM_KEYS, false),
    bind(&[Key::Char('k')], Action::Up, "up", "Up one line", VIM_KEYS, false),
    bind(&[Key::Char('g')], Action::Top, "first", "To the first entry", VIM_KEYS, false),
    bind(&[Key::Char('G')], Action::Bottom, "last", "To the last entry", VIM_KEYS, false),
    bind(&[Key::Home], Action::Top, "first", "To the first entry", &[C::Choice, C::YesNo, C::Checklist, C::Outcome, C::Help, C::Details], false),
    bind(&[Key::End], Action::Bottom, "last", "To the last entry", &[C::Choice, C::YesNo, C::Checklist, C::Outcome, C::Help, C::Details], false),
    bind(&[Key::Up, Key::Down], Action::Down, "scroll", "Scroll the help", &[C::Help], false),
    bind(&[Key::Up, Key::Down], Action::Down, "scroll", "Scroll the details", &[C::Details], true),
    bind(&[Key::Esc, Key::Char('i'), Key::F(3)], Action::CloseDetails, "close", "Close the details, back to the question or diagnosis", &[C::Details], true),
    bind(&[Key::Char('q')], Action::Quit, "quit", "Quit (asks first when checklist progress is not exported)", QUIT_KEY, true),
    bind(&[Key::Ctrl('c')], Action::Quit, "quit", "Quit (asks first when checklist progress is not exported)", &[C::Picker, C::Choice, C::YesNo, C::TextAnswer, C::Outcome, C::Checklist, C::Note, C::Find, C::Help, C::Details, C::ConfirmLeave], false),
    bind(&[Key::Char('?'), Key::F(1)], Action::Help, "help", "Show every key of this screen", NOT_TYPING, true),
    bind(&[Key::F(1)], Action::Help, "help", "Show every key of this screen", &[C::TextAnswer, C::Note, C::Find], true),
    bind(&[Key::Esc, Key::Char('?'), Key::Char('q'), Key::F(1)], Action::CloseHelp, "close", "Close the help", &[C::Help], true),
];

/// The action a key has in a context, if any.
pub fn lookup(context: Context, pressed: Key) -> Option<Action> {
    lookup_where(context, pressed, |_| true)
}

/// The action a key has in a context, passing over bindings whose action
/// does not `apply` now (Esc cancels probes only while they run, else goes back).
pub fn lookup_where(
    context: Context,
    pressed: Key,
    apply: impl Fn(Action) -> bool,
) -> Option<Action> {
    for b in KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context) && apply(b.action))
    {
        for k in b.keys {
            if let Some(digit) = k.matches(pressed) {
                let action = match (b.action, digit) {
                    (Action::Down, None) if pressed == Key::Up => Action::Up,
                    (Action::PickChoice(_), Some(d)) => Action::PickChoice(d),
                    (Action::ChooseOption(_), Some(d)) => Action::ChooseOption(d),
                    (a, _) => a,
                };
                return Some(action);
            }
        }
    }
    None
}

/// The bindings of a context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    KEYMAP.iter().filter(move |b| b.contexts.contains(&context))
}

/// Which footer entries give way first when the footer is too narrow:
/// lower goes first; help never goes.
pub fn footer_priority(action: Action) -> u8 {
    match action {
        Action::Help | Action::CloseHelp | Action::CloseDetails => u8::MAX,
        // Above Back: at narrow widths, where panels are cut, the details matter most.
        Action::Details => 8,
        Action::CancelProbes | Action::Consent => 9,
        Action::VerifySteps => 6,
        Action::RerunProbes => 4,
        Action::Quit
        | Action::QuitFromList
        | Action::Confirm
        | Action::ToggleDone
        | Action::SaveNote => 9,
        Action::ConditionYes | Action::ConditionNo | Action::PickChoice(_) => 9,
        Action::AnswerYes | Action::AnswerNo | Action::ChooseOption(_) => 9,
        Action::Export | Action::ExportAndQuit | Action::QuitAnyway | Action::Stay => 8,
        Action::LeaveWalk | Action::CancelNote | Action::CloseFind | Action::GoAhead => 8,
        Action::FindNext | Action::FindPrevious | Action::ClearFind => 7,
        Action::Find => 4,
        Action::Back | Action::ClearSearch | Action::EraseOrBack | Action::StartWait => 7,
        Action::EditNote | Action::CopyCommand => 6,
        Action::MarkSkipped | Action::MarkFailed | Action::ExportText => 3,
        Action::AllOptions => 2,
        _ => 5,
    }
}

/// Actions that change a walk: not offered when it is only being read.
pub fn changes_walk(context: Context, action: Action) -> bool {
    if action == Action::Confirm {
        // Enter answers a question; elsewhere it only opens something.
        return QUESTIONS.contains(&context);
    }
    matches!(
        action,
        Action::ToggleDone
            | Action::MarkSkipped
            | Action::MarkFailed
            | Action::MarkTodo
            | Action::EditNote
            | Action::ConditionYes
            | Action::ConditionNo
            | Action::StartWait
            | Action::ChooseOption(_)
            | Action::AllOptions
            | Action::AnswerYes
            | Action::AnswerNo
            | Action::PickChoice(_)
            | Action::Consent
            | Action::RerunProbes
            | Action::VerifySteps
    )
}

/// The keys of a binding as one label, e.g. `Space/x`.
pub fn keys_label(b: &Binding) -> String {
    if b.keys == [Key::Up, Key::Down] {
        return "↑↓".into();
    }
    b.keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("/")
}

/// The footer's entries for a context: (key label, short description), each
/// action once. Bindings marked `footer` always show; the others show while
/// `relevant` says they apply (e.g. `y`/`n` on a step with a condition). Only
/// the first key of a binding is shown, to save room.
pub fn footer(
    context: Context,
    relevant: impl Fn(Action) -> bool,
) -> Vec<(String, &'static str, Action)> {
    let mut out: Vec<(String, &'static str, Action)> = Vec::new();
    let mut seen: Vec<Action> = Vec::new();
    for b in bindings(context).filter(|b| b.footer || relevant(b.action)) {
        if seen.contains(&b.action) {
            continue;
        }
        seen.push(b.action);
        let key = if b.keys == [Key::Up, Key::Down] {
            "↑↓".to_string()
        } else {
            b.keys[0].label()
        };
        out.push((key, b.short, b.action));
    }
    out
}
