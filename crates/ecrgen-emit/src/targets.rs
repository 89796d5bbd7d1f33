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
