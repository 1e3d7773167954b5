//! Trees: the format, loading with positioned errors, validation, and the
//! built-in library embedded in the binary.

pub mod answer;
pub mod answers_file;
pub mod command_args;
mod dominators;
pub mod limits;
pub mod links;
pub mod load;
pub mod model;
pub mod patterns;
pub mod problem;
pub mod reach;
pub mod schema;
mod service_state;
pub mod summary;
pub mod template;
pub mod validate;
pub mod walk;
mod yes_no;

pub use load::{LoadedTree, parse_tree};
pub use model::*;
pub use problem::{Problem, Problems};
pub use service_state::ServiceState;
pub use summary::TreeSummary;
pub use yes_no::YesNo;

impl Tree {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    pub fn symptom(&self, id: &str) -> Option<&Symptom> {
        self.symptoms.iter().find(|s| s.id == id)
    }
}

impl Tree {
    /// The outcomes a walk entering at `start` can reach, with the symptom's
    /// pre-answers passed where their question comes up and every branch
    /// condition evaluated on the answers of the path taken.
    pub fn reachable_outcomes(
        &self,
        start: &str,
        presets: &std::collections::BTreeMap<String, String>,
    ) -> Vec<&Outcome> {
        let ids = reach::reachable_outcome_ids(self, start, presets, &Default::default());
        let mut out: Vec<&Outcome> = ids.iter().filter_map(|id| self.outcome(id)).collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// The article numbers a symptom can lead to, in the order the tree declares them.
    pub fn symptom_articles(&self, symptom: &Symptom) -> Vec<&str> {
        let outcomes = self.reachable_outcomes(&symptom.start, &symptom.answers);
        self.articles_of(&outcomes)
    }

    /// [`Tree::symptom_articles`] of every symptom, in order, found together.
    pub fn articles_per_symptom(&self) -> Vec<Vec<&str>> {
        let starts: Vec<_> = self
            .symptoms
            .iter()
            .map(|s| (s.start.as_str(), &s.answers))
            .collect();
        reach::reachable_outcome_ids_each(self, &starts)
            .into_iter()
            .map(|ids| {
                let outcomes: Vec<&Outcome> =
                    ids.iter().filter_map(|id| self.outcome(id)).collect();
                self.articles_of(&outcomes)
            })
            .collect()
    }

    fn articles_of(&self, outcomes: &[&Outcome]) -> Vec<&str> {
        self.articles
            .iter()
            .map(|a| a.id.as_str())
            .filter(|a| {
                outcomes
                    .iter()
                    .any(|o| o.articles.iter().any(|s| s.article == *a))
            })
            .collect()
    }
}
