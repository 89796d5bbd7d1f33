//! ecrgen emitters. A checked [`ecrgen_core::Spec`] becomes a target-neutral deployment
//! [`plan::Plan`] (resources, construct paths, logical IDs, policies, patterns, tags), which
//! each target renders through Tera templates: CloudFormation ([`render_cfn`]) here.

pub mod cfn;
mod error;
pub mod jsjson;
mod parallel;
pub mod plan;
mod strict_json;
pub mod template_set;
#[cfg(test)]
mod test_support;
pub mod tf;

pub use cfn::{render_cfn, render_plan_cfn, RenderOptions};
pub use error::EmitError;
pub use jsjson::js_json_stringify;
pub use plan::{build_plan, Plan};
pub use tf::{
    render_plan_tf_json, render_plan_tf_module, render_tf_json, render_tf_json_document,
    render_tf_module, TfJson, TfModule,
};
