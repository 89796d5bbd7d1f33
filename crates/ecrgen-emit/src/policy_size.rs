//! SPEC §6.8's policy-size warning: an identity policy the plan builds that IAM may refuse at
//! deploy for its size. The CDK splits only a new role's default policy (see
//! [`crate::plan::split`]) and that by an estimate; users and imported roles keep one inline
//! policy of any size, which IAM refuses beyond 2,048 (users) or 10,240 (roles) characters.
//!
//! IAM counts a policy's characters without whitespace. References are counted at their
//! longest: the longest partition (`aws-us-gov`), region (`us-isof-south-1`), account ID and
//! DNS suffix (`amazonaws.com.cn`); a repository without `repository_name` at the length of the
//! name CloudFormation generates (`<stack>-<logical id>-<12 characters>`); a user or role
//! without a name at IAM's 64.

use ecrgen_core::model::{Span, Spec};
use ecrgen_core::Diagnostic;

use crate::plan::{Expr, IdentityClass, Plan, PlanValue, PolicyDocument, Pseudo, ResourceKind};

/// IAM's limit on a user's inline policies (characters without whitespace).
pub const USER_INLINE_LIMIT: usize = 2_048;
/// IAM's limit on a role's inline policies.
pub const ROLE_INLINE_LIMIT: usize = 10_240;
/// IAM's limit on one managed policy.
pub const MANAGED_LIMIT: usize = 6_144;

const LONGEST_PARTITION: usize = "aws-us-gov".len();
const LONGEST_REGION: usize = "us-isof-south-1".len();
const ACCOUNT_ID: usize = 12;
const LONGEST_URL_SUFFIX: usize = "amazonaws.com.cn".len();
/// IAM user and role names are at most 64 characters.
const IAM_NAME: usize = 64;
/// The random suffix of a name CloudFormation generates.
const GENERATED_SUFFIX: usize = 12;
/// ECR repository names are at most 256 characters.
const REPOSITORY_NAME: usize = 256;

/// The warnings of every identity and managed policy of `plan` that may exceed IAM's size
/// limit, at the label of the user or role block the policy belongs to.
pub fn policy_size_warnings(spec: &Spec, plan: &Plan) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for resource in &plan.resources {
        let (identity, document, limit, what) = match &resource.kind {
            ResourceKind::IdentityPolicy(p) => match p.identity.class {
                IdentityClass::User => (
                    &p.identity,
                    &p.document,
                    USER_INLINE_LIMIT,
                    "a user's inline policies",
                ),
                IdentityClass::Role => (
                    &p.identity,
                    &p.document,
                    ROLE_INLINE_LIMIT,
                    "a role's inline policies",
                ),
            },
            ResourceKind::ManagedPolicy(p) => {
                (&p.role, &p.document, MANAGED_LIMIT, "one managed policy")
            }
            _ => continue,
        };
        let size = document_size(spec, plan, document);
        if size <= limit {
            continue;
        }
        let (kind, span) = match identity.class {
            IdentityClass::User => (
                "iam_user",
                spec.users()
                    .find(|u| u.id == identity.id)
                    .map(|u| u.id_span.clone()),
            ),
            IdentityClass::Role => (
                "iam_role",
                spec.roles()
                    .find(|r| r.id == identity.id)
                    .map(|r| r.id_span.clone()),
            ),
        };
        let fix = match (identity.class, resource.kind.cfn_type()) {
            (IdentityClass::User, _) => {
                "grant through an `iam_role` instead (the CDK splits a new role's large policy into managed policies), or grant on fewer repositories"
            }
            (_, "AWS::IAM::ManagedPolicy") => "grant on fewer repositories, or use broader statements",
            _ => "grant through a role created in the spec (the CDK splits its large policy), or grant on fewer repositories",
        };
        warnings.push(Diagnostic::warning(
            ecrgen_core::lower::codes::POLICY_SIZE,
            span.unwrap_or_else(Span::default),
            format!(
                "the policy {} of {kind} `{}` may reach {} characters (references counted at their longest) and IAM allows {} in {what}; {fix}",
                resource.construct_path.join("/"),
                identity.id,
                ecrgen_core::diagnostic::thousands(size),
                ecrgen_core::diagnostic::thousands(limit),
            ),
        ));
    }
    warnings
}

/// The characters of `document` as IAM counts them, references at their longest.
pub fn document_size(spec: &Spec, plan: &Plan, document: &PolicyDocument) -> usize {
    value_size(spec, plan, &document.to_value())
}

fn value_size(spec: &Spec, plan: &Plan, value: &PlanValue) -> usize {
    match value {
        PlanValue::Null => 4,
        PlanValue::Bool(b) => {
            if *b {
                4
            } else {
                5
            }
        }
        PlanValue::Number(n) => n.to_string().len(),
        PlanValue::String(s) => string_size(s),
        PlanValue::Expr(e) => 2 + expr_size(spec, plan, e),
        PlanValue::Array(items) => {
            2 + items.len().saturating_sub(1)
                + items
                    .iter()
                    .map(|v| value_size(spec, plan, v))
                    .sum::<usize>()
        }
        PlanValue::Object(entries) => {
            2 + entries.len().saturating_sub(1)
                + entries
                    .iter()
                    .map(|(k, v)| string_size(k) + 1 + value_size(spec, plan, v))
                    .sum::<usize>()
        }
    }
}

/// A JSON string's characters without whitespace, quotes and escapes included.
fn string_size(s: &str) -> usize {
    serde_json::to_string(s).map_or(s.len() + 2, |quoted| {
        quoted.chars().filter(|c| !c.is_whitespace()).count()
    })
}

/// The longest text an expression can resolve to, without quotes.
fn expr_size(spec: &Spec, plan: &Plan, e: &Expr) -> usize {
    match e {
        Expr::Literal(s) => string_size(s) - 2,
        Expr::Pseudo(p) => match p {
            Pseudo::Partition => LONGEST_PARTITION,
            Pseudo::Region => LONGEST_REGION,
            Pseudo::AccountId => ACCOUNT_ID,
            Pseudo::UrlSuffix => LONGEST_URL_SUFFIX,
        },
        Expr::Concat(parts) => parts.iter().map(|p| expr_size(spec, plan, p)).sum(),
        Expr::Name(key) => name_size(spec, plan, key),
        Expr::Arn(key) => {
            let name = name_size(spec, plan, key);
            match plan.resource(key).map(|r| &r.kind) {
                // arn:<partition>:ecr:<region>:<account>:repository/<name>
                Some(ResourceKind::Repository(_)) => {
                    "arn::ecr:::repository/".len()
                        + LONGEST_PARTITION
                        + LONGEST_REGION
                        + ACCOUNT_ID
                        + name
                }
                // arn:<partition>:iam::<account>:user/<name> (role/ likewise)
                Some(ResourceKind::User(_)) => {
                    "arn::iam:::user/".len() + LONGEST_PARTITION + ACCOUNT_ID + name
                }
                _ => "arn::iam:::role/".len() + LONGEST_PARTITION + ACCOUNT_ID + name,
            }
        }
        // <account>.dkr.ecr.<region>.<suffix>/<name>
        Expr::RepositoryUri(key) => {
            ACCOUNT_ID
                + ".dkr.ecr...".len()
                + LONGEST_REGION
                + LONGEST_URL_SUFFIX
                + "/".len()
                + name_size(spec, plan, key)
        }
    }
}

/// The longest name of a resource: its given name, or the one CloudFormation or IAM generates.
fn name_size(spec: &Spec, plan: &Plan, key: &crate::plan::ResourceKey) -> usize {
    let Some(resource) = plan.resource(key) else {
        return IAM_NAME;
    };
    match &resource.kind {
        ResourceKind::Repository(repo) => match &repo.repository_name {
            Some(name) => name.len(),
            None => (spec.stack.name.len() + 1 + resource.logical_id.len() + 1 + GENERATED_SUFFIX)
                .min(REPOSITORY_NAME),
        },
        ResourceKind::User(user) => user.user_name.as_ref().map_or(IAM_NAME, String::len),
        ResourceKind::Role(role) => role.role_name.as_ref().map_or(IAM_NAME, String::len),
        _ => IAM_NAME,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecrgen_core::SourceSet;

    fn warnings(text: &str) -> Vec<Diagnostic> {
        let result = crate::check(&SourceSet::single("a.ecr.hcl", text.to_string()));
        result
            .diagnostics
            .into_iter()
            .filter(|d| d.code == ecrgen_core::lower::codes::POLICY_SIZE)
            .collect()
    }

    fn user_with_grants(n: usize) -> String {
        let mut text = String::from("iam_user \"Dev\" {}\n");
        for i in 0..n {
            text.push_str(&format!(
                "\nrepository \"Repo{i}\" {{\n  repository_name = \"team/r{i}\"\n  grant_pull      = [iam_user.Dev]\n}}\n"
            ));
        }
        text
    }

    #[test]
    fn a_user_over_2048_characters_is_warned_at_its_label() {
        // Version and brackets: 41; the token statement 77 + 1; a pull statement on
        // `team/rN`: 106 + 7 + 51 + 7 + 1 (a comma) for one-digit N.
        assert!(warnings(&user_with_grants(10)).is_empty());
        let found = warnings(&user_with_grants(20));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("the policy Dev/DefaultPolicy/Resource of iam_user `Dev` may reach "),
            "{}",
            found[0].message
        );
        assert!(found[0]
            .message
            .contains("IAM allows 2,048 in a user's inline policies; grant through an `iam_role`"));
        assert_eq!(found[0].span.range, 9..14, "the label, quotes included");
    }

    #[test]
    fn string_sizes_drop_whitespace() {
        assert_eq!(string_size("a b"), 4);
        assert_eq!(string_size("\"x\""), 7);
    }
}
