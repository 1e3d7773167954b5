//! Exporting the walk from the wizard: which format, the file's name (tree,
//! symptom, site code and time), and what the wizard says when it is written.

use std::path::PathBuf;

use crate::atomic::AtomicWriteError;
use crate::export::{ExportMeta, markdown, markdown_with_timeline, text};

use super::app::{App, Command, file_stamp};

/// The two exports the wizard writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    /// For ticket tools that do not render Markdown.
    Text,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Text => "txt",
        }
    }
}

impl App {
    /// The export of the walk as it stands, named after the tree, the
    /// symptom, the site code (once answered) and the time.
    pub(super) fn export(&mut self, then_quit: bool) -> Option<Command> {
        self.export_as(ExportFormat::Markdown, then_quit)
    }

    pub(super) fn export_as(&mut self, format: ExportFormat, then_quit: bool) -> Option<Command> {
        let w = self.walk.as_ref()?;
        let session = &w.session;
        // Every part is reduced to plain file-name characters: tree ids,
        // symptom ids and answers are untrusted.
        let mut parts = vec![crate::text::file_name_part(&session.tree().id)];
        if let Some(symptom) = session.symptom() {
            parts.push(crate::text::file_name_part(symptom));
        }
        if let Some(site) = session.answer("site_code") {
            parts.push(crate::text::file_name_part(&site.value.raw()));
        }
        parts.push(file_stamp(self.now));
        let name = format!("{}.{}", parts.join("-"), format.extension());
        let (operator, timeline) = match &w.writer {
            // Saved: with the timeline of who did what, and the elapsed time.
            Some(writer) => (
                Some(writer.started_by().to_string()),
                Some(writer.timeline()),
            ),
            None => (None, None),
        };
        let meta = ExportMeta {
            exported_at: self.now,
            operator,
            evidence_changed: self.probes.evidence_changed(),
        };
        let contents = match (format, &timeline) {
            (ExportFormat::Markdown, Some(t)) => markdown_with_timeline(session, &meta, t),
            (ExportFormat::Markdown, None) => markdown(session, &meta),
            (ExportFormat::Text, t) => text(session, &meta, t.as_ref()),
        };
        Some(Command::Export {
            path: self.export_dir.join(name),
            contents,
            then_quit,
        })
    }

    /// The shell reports how an export went.
    pub fn export_finished(&mut self, result: Result<PathBuf, AtomicWriteError>, then_quit: bool) {
        match result {
            Ok(path) => {
                if let Some(w) = self.walk.as_mut() {
                    w.exported_revision = w.revision;
                    w.last_export = Some(path.clone());
                }
                self.info(format!("Exported to {}", path.display()));
                if then_quit {
                    self.quit = true;
                }
            }
            Err(e) => {
                self.overlay = None;
                self.error(format!("Export failed: {e}"));
            }
        }
    }
}
