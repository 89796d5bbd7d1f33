//! aws-iam's `Role.splitLargePolicy`: a new role's `DefaultPolicy` that outgrows IAM's inline
//! limit keeps what fits and hands the rest to managed policies `OverflowPolicy1..N`.
//!
//! The CDK runs it as an aspect at synthesis for every `new iam.Role` with a default policy
//! (`PolicyDocument._splitDocument(role, MAX_INLINE_SIZE, MAX_MANAGEDPOL_SIZE)`):
//!
//! 1. `mergeStatements(statements, { mergeIfCombinable: false })` (without the
//!    `minimizePolicies` flag) merges statements that are *equal as sets*: same effect, sid
//!    and conditions, and the same sets of actions, resources and principals (and their `Not`
//!    forms). The first of each group stays, in its place.
//! 2. Each statement's size is estimated (`PolicyStatement._estimateSize`): the length of
//!    `"Effect": "<effect>",`; for each non-empty list of actions or resources, the key's
//!    length + 5 plus, per value, its length + 3 where an unresolved token (a reference) counts
//!    as 20 for an action and 150 (`@aws-cdk/aws-iam.arnSizeEstimate`) for a resource; 150 per
//!    principal; the length of `JSON.stringify(conditions)` (`{}` = 2). Lengths are JavaScript
//!    string lengths (UTF-16 code units).
//! 3. In statement order, a statement stays in the default policy while the running total plus
//!    its size is *below* 10,000; otherwise it goes to the first overflow document whose total
//!    plus its size is at most 6,000, or to a new one. A later, smaller statement may still
//!    stay in the default policy.
//! 4. Each overflow document becomes `new ManagedPolicy(role, 'OverflowPolicy<i>', {
//!    description: 'Part of the policies for <role path>', document, roles: [role] })`, numbered
//!    from 1 in creation order.

use std::collections::HashMap;

use super::iam::{PolicyDocument, PolicyStatement};
use super::value::Expr;
use crate::jsjson::js_json_stringify;

/// `MAX_INLINE_SIZE` of aws-iam's role.ts: what the default policy keeps (exclusive).
pub const MAX_INLINE_SIZE: usize = 10_000;
/// `MAX_MANAGEDPOL_SIZE`: what one overflow policy takes (inclusive).
pub const MAX_MANAGED_POLICY_SIZE: usize = 6_000;
/// The size an unresolved ARN counts for (`DEFAULT_ARN_SIZE_ESTIMATE`).
pub const ARN_SIZE_ESTIMATE: usize = 150;
/// The size an unresolved action counts for (`actionEstimate`).
pub const ACTION_SIZE_ESTIMATE: usize = 20;

/// A default policy after the split.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SplitPolicy {
    /// What stays in the default policy.
    pub kept: PolicyDocument,
    /// The overflow documents, in the order the CDK numbers them.
    pub overflow: Vec<PolicyDocument>,
}

/// Splits a new role's default policy as the CDK does (see the module docs).
pub fn split_large_policy(document: &PolicyDocument) -> SplitPolicy {
    let mut split = SplitPolicy::default();
    let mut kept_size = 0;
    let mut overflow_sizes: Vec<usize> = Vec::new();
    for statement in merge_equal_statements(document.statements()) {
        let size = estimate_size(statement);
        if kept_size + size < MAX_INLINE_SIZE {
            kept_size += size;
            split.kept.add(statement.clone());
            continue;
        }
        let index = match overflow_sizes
            .iter()
            .position(|&total| total + size <= MAX_MANAGED_POLICY_SIZE)
        {
            Some(i) => i,
            None => {
                overflow_sizes.push(0);
                split.overflow.push(PolicyDocument::default());
                overflow_sizes.len() - 1
            }
        };
        overflow_sizes[index] += size;
        split.overflow[index].add(statement.clone());
    }
    split
}

/// The statements with every statement that equals an earlier one as sets left out
/// (`mergeStatements` with `mergeIfEqual`).
fn merge_equal_statements(statements: &[PolicyStatement]) -> Vec<&PolicyStatement> {
    let mut seen: HashMap<SetKey, ()> = HashMap::new();
    statements
        .iter()
        .filter(|s| seen.insert(SetKey::of(s), ()).is_none())
        .collect()
}

/// What `mergeIfEqual` compares: effect, sid, conditions as JSON text, and each list as a set.
#[derive(Debug, PartialEq, Eq, Hash)]
struct SetKey {
    effect: &'static str,
    sid: Option<String>,
    conditions: String,
    actions: Vec<String>,
    not_actions: Vec<String>,
    resources: Vec<String>,
    principals: Vec<String>,
}

impl SetKey {
    fn of(s: &PolicyStatement) -> Self {
        let sorted = |mut items: Vec<String>| {
            items.sort();
            items.dedup();
            items
        };
        Self {
            effect: s.effect.as_str(),
            sid: s.sid.clone(),
            conditions: js_json_stringify(&serde_json::Value::Object(s.conditions.clone())),
            actions: sorted(s.actions.clone()),
            not_actions: sorted(s.not_actions.clone()),
            resources: sorted(s.resources.iter().map(|r| format!("{r:?}")).collect()),
            principals: sorted(
                s.principals
                    .iter()
                    .flat_map(|(t, values)| values.iter().map(move |v| format!("{t:?}:{v:?}")))
                    .collect(),
            ),
        }
    }
}

/// `PolicyStatement._estimateSize` (see the module docs).
pub fn estimate_size(s: &PolicyStatement) -> usize {
    let mut size = js_len(&format!("\"Effect\": \"{}\",", s.effect.as_str()));
    let mut count = |key: &str, values: &mut dyn Iterator<Item = usize>| {
        let mut total = 0;
        let mut any = false;
        for v in values {
            any = true;
            total += v + 3;
        }
        if any {
            size += key.len() + 5 + total;
        }
    };
    count("Action", &mut s.actions.iter().map(|a| js_len(a)));
    count("NotAction", &mut s.not_actions.iter().map(|a| js_len(a)));
    count("Resource", &mut s.resources.iter().map(expr_size));
    let principals: usize = s.principals.iter().map(|(_, values)| values.len()).sum();
    size += principals * ARN_SIZE_ESTIMATE;
    size += js_len(&js_json_stringify(&serde_json::Value::Object(
        s.conditions.clone(),
    )));
    size
}

/// A resource's size: its length when it is a literal, else the ARN estimate.
fn expr_size(e: &Expr) -> usize {
    match e {
        Expr::Literal(s) => js_len(s),
        _ => ARN_SIZE_ESTIMATE,
    }
}

/// A JavaScript string's `length`: UTF-16 code units.
fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::value::ResourceKey;
    use ecrgen_core::model::Effect;

    fn pull_push(repo: &str) -> PolicyStatement {
        PolicyStatement::allow_on(
            [
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "ecr:CompleteLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
            ],
            Expr::Arn(ResourceKey::new([repo])),
        )
    }

    #[test]
    fn sizes_follow_estimate_size() {
        // "Effect": "Allow", (18) + Action (6 + 5 + 28 + 3) + Resource (8 + 5 + 1 + 3) + {} (2)
        let token = PolicyStatement::allow_on(["ecr:GetAuthorizationToken"], Expr::literal("*"));
        assert_eq!(
            estimate_size(&token),
            18 + 6 + 5 + 25 + 3 + 8 + 5 + 1 + 3 + 2
        );
        let actions: usize = pull_push("R").actions.iter().map(|a| a.len() + 3).sum();
        assert_eq!(
            estimate_size(&pull_push("R")),
            18 + 11 + actions + 13 + 153 + 2
        );
        let mut deny = PolicyStatement::new(Effect::Deny);
        deny.add_actions(["s3:*"]);
        assert_eq!(estimate_size(&deny), 17 + 11 + 7 + 2);
    }

    #[test]
    fn eighty_pull_push_grants_split_like_the_cdk() {
        // The CDK keeps 26 grants and the token statement, then 16 + 16 + 16 + 6.
        let mut doc = PolicyDocument::default();
        for i in 0..80 {
            doc.add(pull_push(&format!("Repo{i}")));
            doc.add(PolicyStatement::allow_on(
                ["ecr:GetAuthorizationToken"],
                Expr::literal("*"),
            ));
        }
        let split = split_large_policy(&doc);
        assert_eq!(split.kept.statements().len(), 27);
        let sizes: Vec<usize> = split
            .overflow
            .iter()
            .map(|d| d.statements().len())
            .collect();
        assert_eq!(sizes, [16, 16, 16, 6]);
    }

    #[test]
    fn statements_equal_as_sets_merge() {
        let mut doc = PolicyDocument::default();
        doc.add(PolicyStatement::allow_on(
            ["ecr:A", "ecr:B"],
            Expr::literal("*"),
        ));
        doc.add(PolicyStatement::allow_on(
            ["ecr:B", "ecr:A"],
            Expr::literal("*"),
        ));
        let split = split_large_policy(&doc);
        assert_eq!(split.kept.statements().len(), 1);
        assert!(split.overflow.is_empty());
    }
}
