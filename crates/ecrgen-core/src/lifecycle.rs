//! Lifecycle-rule priority assignment and ordering, as the CDK's lazy `LifecyclePolicy` does it.

use crate::model::{LifecycleRule, OrderedRule, TagStatus};

/// Orders `rules` as the CDK renders them and assigns missing priorities: rules with an explicit
/// priority in insertion order, then unprioritized ones numbered from max+1, then the `any` rule.
pub fn order_rules(rules: &[LifecycleRule]) -> Vec<OrderedRule<'_>> {
    let prioritized = rules
        .iter()
        .filter(|r| r.tag_status != TagStatus::Any && r.rule_priority.is_some());
    let unprioritized = rules
        .iter()
        .filter(|r| r.tag_status != TagStatus::Any && r.rule_priority.is_none());
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
    serde_json::to_string(&policy::Policy::new(rules)).expect("lifecycle policies always serialize")
}

/// The policy document as typed records whose field order is the CDK's key order; written
/// straight to text, it costs a tenth of building a JSON map per rule.
mod policy {
    use serde::ser::{Serialize, SerializeMap, Serializer};

    use crate::model::{LifecycleLimit, OrderedRule};

    pub(super) struct Policy<'a> {
        rules: &'a [OrderedRule<'a>],
    }

    impl<'a> Policy<'a> {
        pub(super) fn new(rules: &'a [OrderedRule<'a>]) -> Self {
            Self { rules }
        }
    }

    impl Serialize for Policy<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry("rules", &self.rules.iter().map(Rule).collect::<Vec<_>>())?;
            map.end()
        }
    }

    struct Rule<'a>(&'a OrderedRule<'a>);

    impl Serialize for Rule<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let r = self.0.rule;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("rulePriority", &self.0.priority)?;
            if let Some(d) = &r.description {
                map.serialize_entry("description", d)?;
            }
            map.serialize_entry("selection", &Selection(self.0))?;
            map.serialize_entry("action", &Action)?;
            map.end()
        }
    }

    struct Selection<'a>(&'a OrderedRule<'a>);

    impl Serialize for Selection<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let r = self.0.rule;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("tagStatus", r.tag_status.as_str())?;
            if let Some(l) = &r.tag_prefix_list {
                map.serialize_entry("tagPrefixList", l)?;
            }
            if let Some(l) = &r.tag_pattern_list {
                map.serialize_entry("tagPatternList", l)?;
            }
            match r.limit {
                LifecycleLimit::MaxImageCount(n) => {
                    map.serialize_entry("countType", "imageCountMoreThan")?;
                    map.serialize_entry("countNumber", &n)?;
                }
                LifecycleLimit::MaxImageAgeDays(n) => {
                    map.serialize_entry("countType", "sinceImagePushed")?;
                    map.serialize_entry("countNumber", &n)?;
                    map.serialize_entry("countUnit", "days")?;
                }
            }
            map.end()
        }
    }

    struct Action;

    impl Serialize for Action {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry("type", "expire")?;
            map.end()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LifecycleLimit, Span};

    fn rule(
        prio: Option<u64>,
        status: TagStatus,
        prefix: Option<&str>,
        limit: LifecycleLimit,
    ) -> LifecycleRule {
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
            rule(
                None,
                TagStatus::Tagged,
                Some("a"),
                LifecycleLimit::MaxImageCount(5),
            ),
            rule(
                Some(10),
                TagStatus::Tagged,
                Some("b"),
                LifecycleLimit::MaxImageCount(5),
            ),
        ];
        let o = order_rules(&rules);
        assert_eq!(
            o.iter().map(|r| r.priority).collect::<Vec<_>>(),
            vec![10, 11]
        );
        assert_eq!(
            o[0].rule.tag_prefix_list.as_deref(),
            Some(&["b".to_string()][..])
        );
    }

    #[test]
    fn any_sorted_last_and_text_is_byte_exact() {
        let rules = vec![
            rule(
                None,
                TagStatus::Any,
                None,
                LifecycleLimit::MaxImageAgeDays(5),
            ),
            rule(
                None,
                TagStatus::Tagged,
                Some("abc"),
                LifecycleLimit::MaxImageCount(1),
            ),
        ];
        let text = lifecycle_policy_text(&order_rules(&rules));
        assert_eq!(
            text,
            r#"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPrefixList":["abc"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countNumber":5,"countUnit":"days"},"action":{"type":"expire"}}]}"#
        );
    }
}
