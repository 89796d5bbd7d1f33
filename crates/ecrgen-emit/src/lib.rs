//! ecrgen emitters. A checked [`ecrgen_core::Spec`] becomes a target-neutral deployment
//! [`plan::Plan`] (resources, construct paths, logical IDs, policies, patterns, tags), which
//! each target renders through Tera templates: CloudFormation ([`render_cfn`]) here.

pub mod cfn;
mod error;
mod parallel;
pub mod plan;
pub mod policy_size;
mod strict_json;
pub mod targets;
pub mod template_set;
#[cfg(test)]
mod test_support;
pub mod tf;

/// The one `check` the CLI and the language server share: every rule of
/// [`ecrgen_core::check`], then the warnings only the deployment plan can tell (SPEC §6.8's
/// policy sizes, and the problems of one target that generating it refuses, [`targets`]), so
/// both report exactly the same diagnostics.
pub fn check(sources: &ecrgen_core::SourceSet) -> ecrgen_core::CheckResult {
    check_and_plan(sources).0
}

/// [`check`], and the plan it built when the spec has no error: generation renders that plan
/// instead of building it again.
pub fn check_and_plan(
    sources: &ecrgen_core::SourceSet,
) -> (ecrgen_core::CheckResult, Option<Result<Plan, EmitError>>) {
    let mut result = ecrgen_core::check(sources);
    let Some(spec) = &result.spec else {
        return (result, None);
    };
    let plan = build_plan(spec);
    // A spec that checks but cannot be planned fails at generation with its own message.
    if let Ok(plan) = &plan {
        result
            .diagnostics
            .extend(policy_size::policy_size_warnings(spec, plan));
        result
            .diagnostics
            .extend(targets::target_warnings(spec, plan));
        result
            .diagnostics
            .sort_by_key(|d| (d.span.file, d.span.range.start));
    }
    (result, Some(plan))
}

pub use cfn::{render_cfn, render_plan_cfn, RenderOptions};
/// `JSON.stringify` as JavaScript writes it; it lives in the core, which quotes values in the
/// CDK's messages with it.
pub use ecrgen_core::jsjson::{self, js_json_stringify};
pub use error::EmitError;
pub use plan::{build_plan, Plan};
pub use tf::{
    render_plan_tf_json, render_plan_tf_module, render_tf_json, render_tf_json_document,
    render_tf_module, TfJson, TfModule,
};
