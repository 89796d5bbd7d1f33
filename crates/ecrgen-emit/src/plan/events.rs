//! Event patterns of the repository's `on*` methods, merged as aws-events' `mergeEventPattern`.

use ecrgen_core::model::{EventKind, EventRule};

use super::value::{Expr, PlanValue, ResourceKey};

/// The final `EventPattern` of a rule: the spec's pattern is the base (the CDK's `Rule`
/// constructor adds `options.eventPattern` to an empty pattern), then the method's own pattern(s)
/// are merged in. `Err` carries the CDK's message for a pattern it would refuse.
pub fn event_pattern(rule: &EventRule, repository: &ResourceKey) -> Result<PlanValue, String> {
    let mut pattern: Vec<(String, PlanValue)> = Vec::new();
    if let Some(base) = &rule.event_pattern {
        match PlanValue::from(&serde_json::Value::Object(base.clone())) {
            PlanValue::Object(entries) => merge_event_pattern(&mut pattern, entries)?,
            _ => unreachable!("an object converts to an object"),
        }
    }
    let name = || PlanValue::Array(vec![PlanValue::expr(Expr::Name(repository.clone()))]);
    let strings =
        |items: &[&str]| PlanValue::Array(items.iter().map(|s| PlanValue::string(*s)).collect());
    let cloud_trail_event = || {
        vec![
            ("source".to_string(), strings(&["aws.ecr"])),
            (
                "detail-type".to_string(),
                strings(&["AWS API Call via CloudTrail"]),
            ),
            (
                "detail".to_string(),
                PlanValue::object([(
                    "requestParameters",
                    PlanValue::object([("repositoryName", name())]),
                )]),
            ),
        ]
    };
    match &rule.kind {
        EventKind::CloudTrailEvent => merge_event_pattern(&mut pattern, cloud_trail_event())?,
        EventKind::CloudTrailImagePushed { image_tag } => {
            merge_event_pattern(&mut pattern, cloud_trail_event())?;
            let mut request = Vec::new();
            if let Some(tag) = image_tag {
                request.push(("imageTag".to_string(), strings(&[tag.as_str()])));
            }
            let detail = PlanValue::object([
                ("eventName", strings(&["PutImage"])),
                ("requestParameters", PlanValue::Object(request)),
            ]);
            merge_event_pattern(&mut pattern, vec![("detail".to_string(), detail)])?;
        }
        EventKind::ImageScanCompleted { image_tags } => {
            let mut detail = vec![
                ("repository-name".to_string(), name()),
                ("scan-status".to_string(), strings(&["COMPLETE"])),
            ];
            if let Some(tags) = image_tags {
                detail.push((
                    "image-tags".to_string(),
                    PlanValue::Array(tags.iter().map(PlanValue::string).collect()),
                ));
            }
            merge_event_pattern(
                &mut pattern,
                vec![
                    ("source".to_string(), strings(&["aws.ecr"])),
                    ("detail-type".to_string(), strings(&["ECR Image Scan"])),
                    ("detail".to_string(), PlanValue::Object(detail)),
                ],
            )?;
        }
        EventKind::Event => merge_event_pattern(
            &mut pattern,
            vec![
                ("source".to_string(), strings(&["aws.ecr"])),
                (
                    "detail".to_string(),
                    PlanValue::object([("repository-name", name())]),
                ),
            ],
        )?,
    }
    Ok(PlanValue::Object(pattern))
}

/// Merges `src` into `dest` as `mergeEventPattern` does: a key new to `dest` is appended as it
/// is; arrays concatenate (`dest` first) and keep only the first of equal elements; objects merge
/// recursively. Every field of `src` must be an array or an object.
pub fn merge_event_pattern(
    dest: &mut Vec<(String, PlanValue)>,
    src: Vec<(String, PlanValue)>,
) -> Result<(), String> {
    for (field, src_value) in src {
        if !matches!(src_value, PlanValue::Array(_) | PlanValue::Object(_)) {
            return Err(format!(
                "Invalid event pattern field {{ {field}: {} }}. All fields must be arrays",
                describe(&src_value)
            ));
        }
        let Some((_, dest_value)) = dest.iter_mut().find(|(k, _)| *k == field) else {
            dest.push((field, src_value));
            continue;
        };
        match (dest_value, src_value) {
            (PlanValue::Array(existing), PlanValue::Array(added)) => {
                let mut merged: Vec<PlanValue> = Vec::with_capacity(existing.len() + added.len());
                for item in existing.drain(..).chain(added) {
                    if !merged.contains(&item) {
                        merged.push(item);
                    }
                }
                *existing = merged;
            }
            (PlanValue::Object(existing), PlanValue::Object(added)) => merge_event_pattern(existing, added)?,
            (existing, added) => {
                return Err(format!(
                    "Invalid event pattern field {field}. Type mismatch between existing pattern {} and added pattern {}",
                    describe(existing),
                    describe(&added)
                ))
            }
        }
    }
    Ok(())
}

fn describe(v: &PlanValue) -> String {
    match v.to_literal_json() {
        Some(json) => json.to_string(),
        None => "<a value holding a reference>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecrgen_core::model::Span;
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

    #[test]
    fn the_spec_list_itself_is_not_deduplicated_until_merged() {
        let mut dest = Vec::new();
        let src = match PlanValue::from(json!({"a": ["x", "x"], "b": ["y"]})) {
            PlanValue::Object(e) => e,
            _ => unreachable!(),
        };
        merge_event_pattern(&mut dest, src).unwrap();
        assert_eq!(
            PlanValue::Object(dest.clone()).to_literal_json(),
            Some(json!({"a": ["x", "x"], "b": ["y"]}))
        );
        merge_event_pattern(
            &mut dest,
            vec![("a".into(), PlanValue::Array(vec![PlanValue::string("z")]))],
        )
        .unwrap();
        assert_eq!(
            PlanValue::Object(dest).to_literal_json(),
            Some(json!({"a": ["x", "z"], "b": ["y"]}))
        );
    }

    #[test]
    fn type_mismatch_is_refused() {
        let mut dest = vec![("detail".to_string(), PlanValue::Array(vec![]))];
        let err = merge_event_pattern(
            &mut dest,
            vec![("detail".into(), PlanValue::Object(vec![]))],
        )
        .unwrap_err();
        assert!(
            err.starts_with("Invalid event pattern field detail. Type mismatch"),
            "{err}"
        );
    }
}
