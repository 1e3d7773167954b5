//! JSON for scripts: the question to answer next, or the outcome reached.

use crate::tree::YesNo;
use serde_json::{Value, json};

use crate::checklist::progress;
use crate::engine::{CauseState, Position, Session};
use crate::tree::links::target_tree;
use crate::tree::{Question, QuestionKind, SeeAlso, SourceRef};

use super::{ExportMeta, markdown, strip_controls};
use crate::wording::{self, ruled_out_reason, source_label};

fn source_json(src: &SourceRef) -> Value {
    json!({"article": src.article, "section": src.section, "step": src.step})
}

pub fn question_json(session: &Session, q: &Question) -> Value {
    let choices: Vec<Value> = match q.kind {
        QuestionKind::YesNo => YesNo::BOTH
            .map(|v| json!({"id": v.as_str(), "label": v.title()}))
            .to_vec(),
        QuestionKind::Choice | QuestionKind::Text | QuestionKind::Number => q
            .choices
            .iter()
            .map(|c| json!({"id": c.id, "label": session.fill(&c.label)}))
            .collect(),
    };
    json!({
        "id": q.id,
        "kind": q.kind.as_str(),
        "text": session.fill(&q.text),
        "help": session.fill(&q.help),
        "choices": choices,
        "pattern": q.pattern,
        "pattern_hint": q.pattern_hint,
        "min": q.min,
        "max": q.max,
        "unit": q.unit,
        "previous_answer": session.answer(&q.id).map(|a| a.value.raw()),
    })
}

fn answers_json(session: &Session) -> Value {
    Value::Array(
        session
            .path_answers()
            .into_iter()
            .map(|(q, a)| {
                json!({
                    "question": q.id,
                    "text": session.fill(&q.text),
                    "value": a.value.raw(),
                    "label": wording::answer_label(q, a),
                    "source": source_label(&a.source),
                })
            })
            .collect(),
    )
}

fn causes_json(session: &Session) -> Value {
    Value::Array(
        session
            .causes()
            .into_iter()
            .map(|(c, state)| {
                let (status, reason) = match &state {
                    CauseState::Possible => ("possible", None),
                    CauseState::Diagnosed => ("diagnosed", None),
                    CauseState::RuledOut(by) => ("ruled_out", Some(ruled_out_reason(session, by))),
                };
                json!({"id": c.id, "title": c.title, "status": status, "reason": reason,
                       "source": source_json(&c.source)})
            })
            .collect(),
    )
}

fn see_also_json(session: &Session, see: &SeeAlso) -> Value {
    json!({
        "tree": target_tree(session.tree(), see),
        "symptom": see.symptom,
        "text": session.fill(&see.text),
    })
}

pub fn outcome_json(session: &Session) -> Value {
    let Some(o) = session.outcome() else {
        return Value::Null;
    };
    let tree = session.tree();
    let mut articles: Vec<&str> = Vec::new();
    for a in &o.articles {
        if !articles.contains(&a.article.as_str()) {
            articles.push(&a.article);
        }
    }
    let items = session.checklist_items();
    let (done, total) = progress(&items);
    let steps: Vec<Value> = items
        .iter()
        .map(|i| {
            json!({
                "id": i.step.id,
                "number": i.number,
                "depth": i.depth,
                "alternative": i.alternative.map(|a| a.id.clone()),
                "text": session.fill(&i.step.text),
                "risk": i.step.risk,
                "command": i.step.command.as_deref().map(|c| session.fill(c)),
                "warning": i.step.warning.as_deref().map(|w| session.fill(w)),
                "see_also": i.step.see_also.as_ref().map(|s| see_also_json(session, s)),
                "status": i.status,
                "note": i.note,
                "wait_started_at": session.checklist().and_then(|c| c.waits.get(&i.step.id)),
                "verify": i.step.verify.as_ref().map(|v| json!({
                    "text": session.fill(&v.text),
                    "verified": i.verification.map(|x| x.verified),
                    "evidence": i.verification.map(|x| x.evidence.iter().map(|e| json!({
                        "looked_at": strip_controls(&e.looked_at),
                        "saw": strip_controls(&e.saw),
                        "at": e.at,
                        "imported": e.imported,
                    })).collect::<Vec<_>>()),
                })),
            })
        })
        .collect();
    json!({
        "id": o.id,
        "kind": o.kind.as_str(),
        "title": session.fill(&o.title),
        "summary": session.fill(&o.summary),
        "cause": o.cause.as_deref().and_then(|c| tree.cause(c)).map(|c| json!({"id": c.id, "title": c.title})),
        "articles": articles,
        "article_titles": articles.iter().map(|a| tree.article(a).map(|x| x.title.clone())).collect::<Vec<_>>(),
        "sources": o.articles.iter().map(source_json).collect::<Vec<_>>(),
        "applicability_warnings": session.applicability_warnings().iter().map(|w| json!({
            "article": w.article, "requirement": w.requirement,
            "answers": w.answers.iter().map(|(q, a)| json!({"question": q, "answer": a})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "see_also": o.see_also.as_ref().map(|s| see_also_json(session, s)),
        "alternatives": o.alternatives.iter().map(|a| json!({"id": a.id, "title": a.title})).collect::<Vec<_>>(),
        "steps": steps,
        "progress": {"done": done, "total": total},
    })
}

/// The started waits of steps still to do, as they stand at `now`.
fn waits_json(session: &Session, now: i64) -> Value {
    let items = session.checklist_items();
    let waits: Vec<Value> = crate::wording::running_waits(session, &items, now)
        .iter()
        .map(|(w, duration)| {
            let left = match w.state {
                crate::wording::WaitState::Running { left } => left,
                _ => 0,
            };
            json!({
                "step": w.step,
                "number": w.number,
                "started_at": w.started,
                "seconds_left": left,
                "over": left == 0,
                "text": w.text(duration),
            })
        })
        .collect();
    Value::Array(waits)
}

/// The whole state of a walk as one JSON object, the shape `kbwalk run --format json` prints.
pub fn session_json(session: &Session, meta: &ExportMeta) -> Value {
    let tree = session.tree();
    let mut v = json!({
        "tree": {"id": tree.id, "version": tree.version, "title": tree.title, "draft": tree.draft},
        "symptom": session.symptom(),
        "answers": answers_json(session),
        "causes": causes_json(session),
        "evidence_changed": meta.evidence_changed.iter().map(|c| json!({
            "question": c.question, "saw": c.saw, "at": c.at, "proposes": c.proposes,
            "text": c.text(session, |t| format!("\"{t}\"")),
        })).collect::<Vec<_>>(),
    });
    match session.position() {
        Position::Question(q) => {
            v["status"] = json!("question");
            v["question"] = question_json(session, q);
        }
        Position::Outcome(_) => {
            v["status"] = json!("outcome");
            v["outcome"] = outcome_json(session);
            v["waits"] = waits_json(session, meta.exported_at);
            v["markdown"] = json!(markdown(session, meta));
        }
    }
    v
}
