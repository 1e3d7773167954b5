//! What the picker and `kbwalk list` need of a tree, without the tree: its
//! names, articles and symptoms. The library's index holds one per file.
//!
//! Its strings are shared (`Arc<str>`): a library of thousands of trees
//! repeats its keywords, titles and article ids, and the index reads each
//! distinct string once instead of making a `String` for every place it
//! appears.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::model::Tree;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeSummary {
    pub id: Arc<str>,
    pub version: Arc<str>,
    pub title: Arc<str>,
    /// Imported and not reviewed: ranked after hand-written trees.
    #[serde(default)]
    pub draft: bool,
    pub articles: Vec<ArticleSummary>,
    pub symptoms: Vec<SymptomSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: Arc<str>,
    pub title: Arc<str>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SymptomSummary {
    pub id: Arc<str>,
    pub text: Arc<str>,
    pub keywords: Vec<Arc<str>>,
    /// The articles a walk from this symptom can lead to.
    pub articles: Vec<Arc<str>>,
}

impl TreeSummary {
    pub fn of(tree: &Tree) -> TreeSummary {
        TreeSummary {
            id: tree.id.as_str().into(),
            version: tree.version.as_str().into(),
            title: tree.title.as_str().into(),
            draft: tree.draft,
            articles: tree
                .articles
                .iter()
                .map(|a| ArticleSummary {
                    id: a.id.as_str().into(),
                    title: a.title.as_str().into(),
                })
                .collect(),
            symptoms: tree
                .symptoms
                .iter()
                .zip(tree.articles_per_symptom())
                .map(|(s, articles)| SymptomSummary {
                    id: s.id.as_str().into(),
                    text: s.text.as_str().into(),
                    keywords: s.keywords.iter().map(|k| k.as_str().into()).collect(),
                    articles: articles.into_iter().map(Arc::from).collect(),
                })
                .collect(),
        }
    }
}
