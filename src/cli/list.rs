//! `kbwalk list`: the trees and their symptom entry points.

use std::process::ExitCode;

use serde_json::json;

use crate::tree::Library;

pub fn list(lib: &Library, as_json: bool) -> anyhow::Result<ExitCode> {
    if as_json {
        let trees: Vec<_> = lib
            .trees
            .iter()
            .map(|lt| {
                let t = &lt.tree;
                json!({
                    "id": t.id,
                    "version": t.version,
                    "title": t.title,
                    "draft": t.draft,
                    "file": lt.file,
                    "articles": t.articles.iter().map(|a| json!({"id": a.id, "title": a.title})).collect::<Vec<_>>(),
                    "symptoms": t.symptoms.iter().map(|s| json!({
                        "id": s.id,
                        "text": s.text,
                        "keywords": s.keywords,
                        "articles": t.symptom_articles(s),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "trees": trees }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    for lt in &lib.trees {
        let t = &lt.tree;
        let draft = if t.draft {
            format!(" [{}]", crate::tree::DRAFT_LABEL)
        } else {
            String::new()
        };
        println!("{} {}: {}{draft} ({})", t.id, t.version, t.title, lt.file);
        let width = t.symptoms.iter().map(|s| s.id.len()).max().unwrap_or(0);
        for s in &t.symptoms {
            println!(
                "  {:width$}  {}  [{}]",
                s.id,
                s.text,
                t.symptom_articles(s).join(", ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
