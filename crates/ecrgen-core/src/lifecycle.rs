//! Lifecycle-rule priority assignment and ordering, as the CDK's lazy `LifecyclePolicy` does it.

use crate::model::{LifecycleRule, OrderedRule, TagStatus};

/// Orders `rules` as the CDK renders them and assigns missing priorities: rules with an explicit
/// priority in insertion order, then unprioritized ones numbered from max+1, then the `any` rule.
pub fn order_rules(rules: &[LifecycleRule]) -> Vec<OrderedRule<'_>> {
    let prioritized = rules.iter().filter(|r| r.tag_status != TagStatus::Any && r.rule_priority.is_some());
    let unprioritized = rules.iter().filter(|r| r.tag_status != TagStatus::Any && r.rule_priority.is_none());
    let any = rules.iter().filter(|r| r.tag_status == TagStatus::Any);
    let mut next = rules
        .iter()
        .filter(|r| r.tag_status != TagStatus::Any)
        .filter_map(|r| r.rule_priority)
        .max()
        .unwrap_or(0)
        + 1;
    let mut out = Vec::with_capacity(rules.len());
    for rule in prioritized.chain(unprioritized).chain(any) {
        let priority = rule.rule_priority.unwrap_or_else(|| {
            let p = next;
            next += 1;
            p
        });
        out.push(OrderedRule { priority, rule });
    }
    out
}

/// The compact lifecycle policy JSON text, byte-identical to the CDK's `LifecyclePolicyText`.
pub fn lifecycle_policy_text(rules: &[OrderedRule<'_>]) -> String {
    serde_json::to_string(&lifecycle_policy_value(rules)).expect("JSON values always serialize")
}

/// The lifecycle policy document as a JSON value with the CDK's key order.
pub fn lifecycle_policy_value(rules: &[OrderedRule<'_>]) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let rendered: Vec<Value> = rules
        .iter()
        .map(|o| {
            let r = o.rule;
            let mut rule = Map::new();
            rule.insert("rulePriority".into(), json!(o.priority));
            if let Some(d) = &r.description {
                rule.insert("description".into(), json!(d));
            }
            let mut sel = Map::new();
            sel.insert("tagStatus".into(), json!(r.tag_status.as_str()));
            if let Some(l) = &r.tag_prefix_list {
                sel.insert("tagPrefixList".into(), json!(l));
            }
            if let Some(l) = &r.tag_pattern_list {
                sel.insert("tagPatternList".into(), json!(l));
            }
            match r.limit {
                crate::model::LifecycleLimit::MaxImageCount(n) => {
                    sel.insert("countType".into(), json!("imageCountMoreThan"));
                    sel.insert("countNumber".into(), json!(n));
                }
                crate::model::LifecycleLimit::MaxImageAgeDays(n) => {
                    sel.insert("countType".into(), json!("sinceImagePushed"));
                    sel.insert("countNumber".into(), json!(n));
                    sel.insert("countUnit".into(), json!("days"));
                }
            }
            rule.insert("selection".into(), Value::Object(sel));
            rule.insert("action".into(), json!({"type": "expire"}));
            Value::Object(rule)
        })
        .collect();
    json!({ "rules": rendered })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LifecycleLimit, Span};

    fn rule(prio: Option<u64>, status: TagStatus, prefix: Option<&str>, limit: LifecycleLimit) -> LifecycleRule {
        LifecycleRule {
            rule_priority: prio,
            description: None,
            tag_status: status,
            tag_prefix_list: prefix.map(|p| vec![p.to_string()]),
            tag_pattern_list: None,
            limit,
            span: Span::default(),
        }
    }

    #[test]
    fn numbered_then_unnumbered() {
        let rules = vec![
            rule(None, TagStatus::Tagged, Some("a"), LifecycleLimit::MaxImageCount(5)),
            rule(Some(10), TagStatus::Tagged, Some("b"), LifecycleLimit::MaxImageCount(5)),
        ];
        let o = order_rules(&rules);
        assert_eq!(o.iter().map(|r| r.priority).collect::<Vec<_>>(), vec![10, 11]);
        assert_eq!(o[0].rule.tag_prefix_list.as_deref(), Some(&["b".to_string()][..]));
    }

    #[test]
    fn any_sorted_last_and_text_is_byte_exact() {
        let rules = vec![
            rule(None, TagStatus::Any, None, LifecycleLimit::MaxImageAgeDays(5)),
            rule(None, TagStatus::Tagged, Some("abc"), LifecycleLimit::MaxImageCount(1)),
        ];
        let text = lifecycle_policy_text(&order_rules(&rules));
        assert_eq!(
            text,
            r#"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPrefixList":["abc"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countNumber":5,"countUnit":"days"},"action":{"type":"expire"}}]}"#
        );
    }
}
