//! Problems of one output target, found in the plan before anything is rendered: a Terraform
//! name the module cannot use ([`crate::tf::names::name_problems`]) and CloudFormation's
//! resource limit (SPEC §2).
//!
//! A spec with such a problem is fine for the other targets: a repository named `x` deploys
//! with CloudFormation, and renaming it for Terraform's sake would replace it there. So `check`,
//! which serves every target, reports them as warnings, and generating the target they concern
//! turns them into errors ([`refuse_for`]) and writes nothing: the same diagnostic, at the same
//! place, in `check`, the language server and generation.

use std::collections::HashMap;

use ecrgen_core::model::{Span, Spec};
use ecrgen_core::{Diagnostic, Severity};

use crate::plan::{Plan, ResourceKey, MAX_RESOURCES};
use crate::tf::names::{name_problems, NameProblem};

/// Diagnostic codes of target problems (the `T` codes of the README).
pub mod codes {
    /// Terraform targets: a derived repository name that is invalid or already taken.
    pub const TF_REPOSITORY_NAME: &str = "T0101";
    /// Terraform targets: two constructs with the same local name.
    pub const TF_LOCAL_NAME: &str = "T0102";
    /// CloudFormation target: more resources than one template may hold.
    pub const CFN_RESOURCE_LIMIT: &str = "T0201";
}

/// The outputs a target problem concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `--target cfn`.
    CloudFormation,
    /// `--target tf` and `--target tf-json`: one module, written as HCL or JSON.
    Terraform,
}

/// The target a diagnostic concerns, when it is a target problem.
pub fn target_of(d: &Diagnostic) -> Option<Target> {
    match d.code {
        codes::TF_REPOSITORY_NAME | codes::TF_LOCAL_NAME => Some(Target::Terraform),
        codes::CFN_RESOURCE_LIMIT => Some(Target::CloudFormation),
        _ => None,
    }
}

/// The diagnostics of generating `target`: its target problems become errors, those of the
/// other targets are dropped (they do not concern this output); returns how many errors that
/// made.
pub fn refuse_for(diagnostics: &mut Vec<Diagnostic>, target: Target) -> usize {
    diagnostics.retain(|d| target_of(d).is_none_or(|t| t == target));
    let mut refused = 0;
    for d in diagnostics
        .iter_mut()
        .filter(|d| target_of(d) == Some(target))
    {
        d.severity = Severity::Error;
        refused += 1;
    }
    refused
}

/// Every target problem of `plan`, as the warnings `check` reports.
pub fn target_warnings(spec: &Spec, plan: &Plan) -> Vec<Diagnostic> {
    let spans = BlockSpans::new(spec);
    let mut warnings: Vec<Diagnostic> = name_problems(plan)
        .iter()
        .map(|p| terraform_warning(p, &spans))
        .collect();
    warnings.extend(resource_limit_warning(plan, &spans));
    warnings
}

fn terraform_warning(problem: &NameProblem, spans: &BlockSpans) -> Diagnostic {
    let code = match problem {
        NameProblem::Collision { .. } => codes::TF_LOCAL_NAME,
        _ => codes::TF_REPOSITORY_NAME,
    };
    Diagnostic::warning(
        code,
        spans.of(problem.key()),
        problem.message(),
    )
    .with_help("`--target tf` and `--target tf-json` refuse the spec while this holds; `--target cfn` is not affected")
}

/// The warning of a plan with more resources than a CloudFormation template may hold, at the
/// block that creates the first resource beyond the limit.
fn resource_limit_warning(plan: &Plan, spans: &BlockSpans) -> Option<Diagnostic> {
    let first_over = plan.resources.get(MAX_RESOURCES)?;
    Some(
        Diagnostic::warning(
            codes::CFN_RESOURCE_LIMIT,
            spans.of(&first_over.key),
            format!(
                "CloudFormation target: the template would have {} resources, more than the {MAX_RESOURCES} CloudFormation accepts; this block creates resource {}; split the spec into several stacks",
                plan.resources.len(),
                MAX_RESOURCES + 1,
            ),
        )
        .with_help("`--target cfn` refuses the spec while this holds; the Terraform targets are not affected"),
    )
}

/// The label span of the spec block behind each plan construct.
struct BlockSpans {
    /// Top-level blocks by label.
    blocks: HashMap<String, Span>,
    /// Event rules by (repository ID, rule ID).
    rules: HashMap<(String, String), Span>,
}

impl BlockSpans {
    fn new(spec: &Spec) -> Self {
        let mut blocks = HashMap::new();
        let mut rules = HashMap::new();
        for repo in spec.repositories() {
            blocks.insert(repo.id.clone(), repo.id_span.clone());
            for rule in &repo.event_rules {
                rules.insert((repo.id.clone(), rule.id.clone()), rule.id_span.clone());
            }
        }
        for user in spec.users() {
            blocks.insert(user.id.clone(), user.id_span.clone());
        }
        for role in spec.roles() {
            blocks.insert(role.id.clone(), role.id_span.clone());
        }
        for output in spec.outputs() {
            blocks.insert(output.id.clone(), output.id_span.clone());
        }
        for item in &spec.items {
            if let ecrgen_core::model::Item::PullThroughCacheRule(rule) = item {
                blocks.insert(rule.id.clone(), rule.id_span.clone());
            }
        }
        Self { blocks, rules }
    }

    /// The label of the block that creates `key` (an event rule's own label; a policy's user or
    /// role), or the start of the first file for the unlabelled registry blocks.
    fn of(&self, key: &ResourceKey) -> Span {
        let components = key.components();
        let rule = match components {
            [repo, rule, ..] => self.rules.get(&(repo.clone(), rule.clone())),
            _ => None,
        };
        rule.or_else(|| components.first().and_then(|id| self.blocks.get(id)))
            .cloned()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render_cfn, render_tf_module, EmitError, RenderOptions};
    use ecrgen_core::SourceSet;

    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        crate::check(&SourceSet::single("a.ecr.hcl", text.to_string()))
            .diagnostics
            .into_iter()
            .filter(|d| target_of(d).is_some())
            .collect()
    }

    /// The first occurrence of the label `label` in `text`, quotes included.
    fn label(text: &str, label: &str) -> std::ops::Range<usize> {
        let quoted = format!("\"{label}\"");
        let start = text.find(&quoted).expect("label in text");
        start..start + quoted.len()
    }

    #[test]
    fn an_invalid_derived_name_is_a_terraform_warning_and_cloudformation_renders() {
        let text = "repository \"R\" {}\n";
        let found = diagnostics(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, codes::TF_REPOSITORY_NAME);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].span.range, label(text, "R"));
        assert_eq!(target_of(&found[0]), Some(Target::Terraform));
        let spec = ecrgen_core::check(&SourceSet::single("a.ecr.hcl", text))
            .spec
            .unwrap();
        assert!(render_cfn(&spec, &RenderOptions::default()).is_ok());
        assert!(render_tf_module(&spec, &RenderOptions::default()).is_err());
    }

    #[test]
    fn a_given_name_is_never_a_terraform_problem_and_a_derived_one_may_not_take_it() {
        assert!(diagnostics("repository \"R\" {\n  repository_name = \"rr\"\n}\n").is_empty());
        // The derived name of `ImageRepo` is `image-repo`, which `Other` already has.
        let text = "repository \"ImageRepo\" {}\nrepository \"Other\" {\n  repository_name = \"image-repo\"\n}\n";
        let found = diagnostics(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.ends_with(
                "`image-repo` is already the name of repository `Other`; set `repository_name`"
            ),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].span.range, label(text, "ImageRepo"));
    }

    #[test]
    fn a_local_name_collision_is_reported_once_on_the_later_block() {
        // `9lives` and `_9lives` both get the local name `_9lives`; their policies and outputs
        // collide too, which would only repeat it.
        let text = "repository \"9lives\" {\n  repository_name = \"a9\"\n  lifecycle_rule {\n    max_image_count = 1\n  }\n}\nrepository \"_9lives\" {\n  repository_name = \"b9\"\n  lifecycle_rule {\n    max_image_count = 1\n  }\n}\n";
        let found = diagnostics(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, codes::TF_LOCAL_NAME);
        assert_eq!(
            found[0].message,
            "Terraform targets: the name `aws_ecr_repository._9lives` is already used by `9lives`; rename one of the constructs"
        );
        assert_eq!(found[0].span.range, label(text, "_9lives"));
    }

    #[test]
    fn a_user_named_like_another_users_policy_does_not_collide() {
        // The user `A` has the policy `A/DefaultPolicy`; a user `A_DefaultPolicy` does not
        // collide (another resource type), so nothing is reported.
        let text = "iam_user \"A\" {}\niam_user \"A_DefaultPolicy\" {}\nrepository \"R\" {\n  repository_name = \"rr\"\n  grant_pull = [iam_user.A, iam_user.A_DefaultPolicy]\n}\n";
        assert!(diagnostics(text).is_empty(), "{:?}", diagnostics(text));
    }

    fn repositories(n: usize) -> String {
        (0..n)
            .map(|i| format!("repository \"R{i}\" {{\n  repository_name = \"r{i}\"\n}}\n"))
            .collect()
    }

    #[test]
    fn the_501st_resource_is_a_cloudformation_warning_at_its_block() {
        assert!(diagnostics(&repositories(500)).is_empty());
        let text = repositories(501);
        let found = diagnostics(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, codes::CFN_RESOURCE_LIMIT);
        assert_eq!(target_of(&found[0]), Some(Target::CloudFormation));
        assert_eq!(found[0].span.range, label(&text, "R500"));
        let spec = ecrgen_core::check(&SourceSet::single("a.ecr.hcl", text))
            .spec
            .unwrap();
        assert!(matches!(
            render_cfn(&spec, &RenderOptions::default()),
            Err(EmitError::TooManyResources { count: 501, .. })
        ));
        assert!(render_tf_module(&spec, &RenderOptions::default()).is_ok());
    }

    #[test]
    fn refusing_a_target_makes_its_problems_errors_and_drops_the_others() {
        let text = format!("{}repository \"x\" {{}}\n", repositories(500));
        let all = diagnostics(&text);
        assert_eq!(all.len(), 2, "{all:?}");

        let mut tf = all.clone();
        assert_eq!(refuse_for(&mut tf, Target::Terraform), 1);
        assert_eq!(tf.len(), 1);
        assert_eq!(tf[0].code, codes::TF_REPOSITORY_NAME);
        assert_eq!(tf[0].severity, Severity::Error);

        let mut cfn = all;
        assert_eq!(refuse_for(&mut cfn, Target::CloudFormation), 1);
        assert_eq!(cfn.len(), 1);
        assert_eq!(cfn[0].code, codes::CFN_RESOURCE_LIMIT);
        assert_eq!(cfn[0].severity, Severity::Error);
    }
}
