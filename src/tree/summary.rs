//! What the picker and `kbwalk list` need of a tree, without the tree: its
//! names, articles and symptoms. The library's index holds one per file.

use serde::{Deserialize, Serialize};

use super::model::Tree;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeSummary {
    pub id: String,
    pub version: String,
    pub title: String,
    /// Imported and not reviewed: ranked after hand-written trees.
    #[serde(default)]
    pub draft: bool,
    pub articles: Vec<ArticleSummary>,
    pub symptoms: Vec<SymptomSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SymptomSummary {
    pub id: String,
    pub text: String,
    pub keywords: Vec<String>,
    /// The articles a walk from this symptom can lead to.
    pub articles: Vec<String>,
}

impl TreeSummary {
    pub fn of(tree: &Tree) -> TreeSummary {
        TreeSummary {
            id: tree.id.clone(),
            version: tree.version.clone(),
            title: tree.title.clone(),
            draft: tree.draft,
            articles: tree
                .articles
                .iter()
                .map(|a| ArticleSummary {
                    id: a.id.clone(),
                    title: a.title.clone(),
                })
                .collect(),
            symptoms: tree
                .symptoms
                .iter()
                .zip(tree.articles_per_symptom())
                .map(|(s, articles)| SymptomSummary {
                    id: s.id.clone(),
                    text: s.text.clone(),
                    keywords: s.keywords.clone(),
                    articles: articles.into_iter().map(str::to_string).collect(),
                })
                .collect(),
        }
    }
}
