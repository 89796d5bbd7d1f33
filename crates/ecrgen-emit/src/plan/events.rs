//! Event patterns of the repository's `on*` methods: the merge is the core's
//! ([`ecrgen_core::event_pattern`]); this turns its result into a plan value.

use ecrgen_core::event_pattern::{merged_pattern, Field, PatternValue};
use ecrgen_core::model::EventRule;

use super::value::{Expr, PlanValue, ResourceKey};

/// The final `EventPattern` of a rule: the spec's pattern is the base (the CDK's `Rule`
/// constructor adds `options.eventPattern` to an empty pattern), then the method's own pattern(s)
/// are merged in. `Err` carries the CDK's message for a pattern it would refuse.
pub fn event_pattern(rule: &EventRule, repository: &ResourceKey) -> Result<PlanValue, String> {
    let base = rule
        .event_pattern
        .iter()
        .flatten()
        .map(|(name, value)| Field {
            name: name.clone(),
            value: PatternValue::from_json(value),
            span: None,
        })
        .collect();
    let pattern =
        merged_pattern(&rule.kind, base, &repository.display_path()).map_err(|e| e.message)?;
    Ok(plan_value(PatternValue::Object(pattern), repository))
}

/// A merged pattern value as a plan value: the repository's name is a reference to it.
fn plan_value(v: PatternValue, repository: &ResourceKey) -> PlanValue {
    match v {
        PatternValue::Null => PlanValue::Null,
        PatternValue::Bool(b) => PlanValue::Bool(b),
        PatternValue::Number(n) => PlanValue::Number(n),
        PatternValue::String(s) => PlanValue::String(s),
        PatternValue::RepositoryName(_) => PlanValue::expr(Expr::Name(repository.clone())),
        PatternValue::Array(items) => PlanValue::Array(
            items
                .into_iter()
                .map(|i| plan_value(i, repository))
                .collect(),
        ),
        PatternValue::Object(fields) => PlanValue::Object(
            fields
                .into_iter()
                .map(|f| (f.name, plan_value(f.value, repository)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecrgen_core::model::{EventKind, Span};
    use serde_json::json;

    fn rule(kind: EventKind, pattern: Option<serde_json::Value>) -> EventRule {
        EventRule {
            id: "R".into(),
            id_span: Span::default(),
            kind,
            description: None,
            rule_name: None,
            event_pattern: pattern.map(|p| p.as_object().cloned().expect("object")),
            targets: Vec::new(),
        }
    }

    fn repo_ref() -> PlanValue {
        PlanValue::expr(Expr::Name(ResourceKey::new(["Repo"])))
    }

    #[test]
    fn spec_pattern_is_the_base_and_lists_concatenate_without_duplicates() {
        // Case 64 "ScanDone".
        let r = rule(
            EventKind::ImageScanCompleted {
                image_tags: Some(vec!["latest".into()]),
            },
            Some(json!({"source": ["aws.ecr"], "detail": {"scan-status": ["COMPLETE", "FAILED"]}})),
        );
        let p = event_pattern(&r, &ResourceKey::new(["Repo"])).unwrap();
        let keys: Vec<&str> = match &p {
            PlanValue::Object(e) => e.iter().map(|(k, _)| k.as_str()).collect(),
            _ => panic!(),
        };
        assert_eq!(keys, ["source", "detail", "detail-type"]);
        assert_eq!(
            p.get("source"),
            Some(&PlanValue::Array(vec![PlanValue::string("aws.ecr")]))
        );
        let detail = p.get("detail").unwrap();
        assert_eq!(
            detail,
            &PlanValue::object([
                (
                    "scan-status",
                    PlanValue::Array(vec![
                        PlanValue::string("COMPLETE"),
                        PlanValue::string("FAILED")
                    ])
                ),
                ("repository-name", PlanValue::Array(vec![repo_ref()])),
                (
                    "image-tags",
                    PlanValue::Array(vec![PlanValue::string("latest")])
                ),
            ])
        );
    }

    #[test]
    fn image_pushed_adds_event_name_after_request_parameters() {
        let r = rule(
            EventKind::CloudTrailImagePushed {
                image_tag: Some("main".into()),
            },
            None,
        );
        let p = event_pattern(&r, &ResourceKey::new(["Repo"])).unwrap();
        assert_eq!(
            p.get("detail").unwrap(),
            &PlanValue::object([
                (
                    "requestParameters",
                    PlanValue::object([
                        ("repositoryName", PlanValue::Array(vec![repo_ref()])),
                        (
                            "imageTag",
                            PlanValue::Array(vec![PlanValue::string("main")])
                        ),
                    ])
                ),
                (
                    "eventName",
                    PlanValue::Array(vec![PlanValue::string("PutImage")])
                ),
            ])
        );
    }
}
