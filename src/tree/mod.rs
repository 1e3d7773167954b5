//! Trees: the format, loading with positioned errors, validation, and the
//! built-in library embedded in the binary.

pub mod answer;
pub mod answers_file;
pub mod command_args;
mod dominators;
mod fast_hash;
pub mod limits;
pub mod links;
pub mod load;
pub mod model;
pub mod patterns;
pub mod problem;
pub mod reach;
#[cfg(test)]
mod reach_reference;
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
        // Per outcome, the articles (by place in the list) it cites: an
        // article with an id given twice is listed twice, as before.
        let mut places: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, a) in self.articles.iter().enumerate() {
            places.entry(a.id.as_str()).or_default().push(i);
        }
        let words = self.articles.len().div_ceil(64);
        let cited: Vec<Vec<u64>> = self
            .outcomes
            .iter()
            .map(|o| {
                let mut bits = vec![0u64; words];
                for i in o
                    .articles
                    .iter()
                    .filter_map(|s| places.get(s.article.as_str()))
                    .flatten()
                {
                    bits[i / 64] |= 1 << (i % 64);
                }
                bits
            })
            .collect();
        reach::reachable_outcomes_each(self, &starts)
            .into_iter()
            .map(|reached| {
                let mut articles = vec![0u64; words];
                for (o, bits) in cited.iter().enumerate() {
                    if reached[o / 64] & (1 << (o % 64)) != 0 {
                        articles.iter_mut().zip(bits).for_each(|(a, b)| *a |= b);
                    }
                }
                self.articles
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| articles[i / 64] & (1 << (i % 64)) != 0)
                    .map(|(_, a)| a.id.as_str())
                    .collect()
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
