//! CloudFormation: plan -> render data -> Tera templates (`templates/cfn/`) -> JSON text.
//!
//! Each resource and output is rendered by the template of its kind and parsed back, so a
//! broken template (built in or a user's override) is reported by name. The stack template
//! (`template.cfn.tera`) then assembles the parsed fragments; its output is parsed back too and
//! written as pretty JSON (2-space indent, UTF-8, keys in render order).

use std::path::PathBuf;

use ecrgen_core::model::{Encryption, Spec};
use serde_json::{json, Map, Value};
use tera::Context;

use crate::error::EmitError;
use crate::plan::{
    build_plan, Expr, OutputPlan, Plan, PlanValue, Resource, ResourceKey, ResourceKind, Tag,
    EXCLUSION_FILTER_TYPE, MAX_RESOURCES, REPLICATION_FILTER_TYPE, SCANNING_FILTER_TYPE,
};
use crate::strict_json;
use crate::template_set::{json_filter, TemplateSet, TemplateSource};

/// CloudFormation's limit on a template body, in bytes (SPEC §2).
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;

/// The name of the stack template; the other templates render one resource or output each.
pub const STACK_TEMPLATE: &str = "template.cfn.tera";

/// The built-in CloudFormation templates: (file name, text).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        STACK_TEMPLATE,
        include_str!("../../../templates/cfn/template.cfn.tera"),
    ),
    (
        "repository.cfn.tera",
        include_str!("../../../templates/cfn/repository.cfn.tera"),
    ),
    (
        "event_rule.cfn.tera",
        include_str!("../../../templates/cfn/event_rule.cfn.tera"),
    ),
    (
        "iam_user.cfn.tera",
        include_str!("../../../templates/cfn/iam_user.cfn.tera"),
    ),
    (
        "iam_role.cfn.tera",
        include_str!("../../../templates/cfn/iam_role.cfn.tera"),
    ),
    (
        "iam_policy.cfn.tera",
        include_str!("../../../templates/cfn/iam_policy.cfn.tera"),
    ),
    (
        "registry_scanning.cfn.tera",
        include_str!("../../../templates/cfn/registry_scanning.cfn.tera"),
    ),
    (
        "replication.cfn.tera",
        include_str!("../../../templates/cfn/replication.cfn.tera"),
    ),
    (
        "pull_through_cache_rule.cfn.tera",
        include_str!("../../../templates/cfn/pull_through_cache_rule.cfn.tera"),
    ),
    (
        "registry_policy.cfn.tera",
        include_str!("../../../templates/cfn/registry_policy.cfn.tera"),
    ),
    (
        "output.cfn.tera",
        include_str!("../../../templates/cfn/output.cfn.tera"),
    ),
];

/// Where the built-in templates are registered in Tera; a template of the same file name
/// without this prefix (a user's override) is found first.
const BUILTIN_PREFIX: &str = "builtin/cfn/";

/// The file-name suffix of CloudFormation templates.
const TEMPLATE_SUFFIX: &str = ".cfn.tera";

/// Options of the CloudFormation emitter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// A directory whose `*.cfn.tera` files replace the built-in templates of the same file
    /// name (`repository.cfn.tera`, ...). Other files in it are left alone (they may belong to
    /// the Terraform targets); an unknown `*.cfn.tera` name is an error.
    pub templates_dir: Option<PathBuf>,
}

/// Renders the CloudFormation template of a checked spec: pretty JSON, ending in a newline.
pub fn render_cfn(spec: &Spec, opts: &RenderOptions) -> Result<String, EmitError> {
    render_plan_cfn(&build_plan(spec)?, opts)
}

/// Renders the CloudFormation template of a plan.
pub fn render_plan_cfn(plan: &Plan, opts: &RenderOptions) -> Result<String, EmitError> {
    let templates = Templates::load(opts)?;
    // Each fragment is rendered to text and checked to be one JSON object; the stack template
    // splices the texts in as they are, and the whole document is parsed once. Parsing every
    // fragment into a value and writing it out again cost two thirds of the render time.
    let mut fragments = crate::parallel::map(&plan.resources, |resource| {
        let (template, data) = resource_data(plan, resource)?;
        Ok((template, templates.render_fragment(template, "r", &data)?))
    })
    .into_iter()
    .collect::<Result<Vec<_>, EmitError>>()?;
    let resources: Vec<Value> = plan
        .resources
        .iter()
        .zip(&fragments)
        .map(|(resource, (_, body))| json!({ "logical_id": resource.logical_id, "body": body }))
        .collect();
    let mut outputs = Vec::with_capacity(plan.outputs.len());
    for output in &plan.outputs {
        let template = "output.cfn.tera";
        let body = templates.render_fragment(template, "o", &output_data(plan, output)?)?;
        outputs.push(json!({ "logical_id": output.logical_id, "body": body }));
        fragments.push((template, body));
    }
    let mut context = Context::new();
    context.insert(
        "metadata",
        &json!({ "ecrgen": { "generator": "ecrgen", "spec": plan.files } }),
    );
    if let Some(description) = &plan.description {
        context.insert("description", description);
    }
    context.insert("resources", &resources);
    context.insert("outputs", &outputs);
    let text = templates.0.render(STACK_TEMPLATE, &context)?;
    let document = strict_json::parse(&text).map_err(|e| {
        // A repeated key inside one fragment shows only here; name the template that wrote it.
        let culprit = fragments
            .iter()
            .find_map(|(name, body)| strict_json::parse(body).err().map(|e| (*name, e)));
        let (name, e) = culprit.unwrap_or((STACK_TEMPLATE, e));
        templates.invalid(name, &e)
    })?;

    let count = document
        .get("Resources")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    if count > MAX_RESOURCES {
        return Err(EmitError::TooManyResources {
            count,
            limit: MAX_RESOURCES,
        });
    }
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values always serialize");
    text.push('\n');
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(EmitError::TemplateTooLarge {
            bytes: text.len(),
            limit: MAX_TEMPLATE_BYTES,
        });
    }
    Ok(text)
}

/// The CloudFormation templates: a [`TemplateSet`] whose output must be JSON.
struct Templates(TemplateSet);

impl Templates {
    fn load(opts: &RenderOptions) -> Result<Self, EmitError> {
        let source = TemplateSource {
            target: "CloudFormation",
            builtins: BUILTIN_TEMPLATES,
            prefix: BUILTIN_PREFIX,
            owns: |name| name.ends_with(TEMPLATE_SUFFIX),
        };
        TemplateSet::load(&source, opts.templates_dir.as_deref(), |tera| {
            tera.register_filter("json", json_filter)
        })
        .map(Self)
    }

    /// Renders the template of one resource or output with `data` as `var`: JSON text that
    /// holds exactly one object, so it cannot add keys beside its own when it is spliced in.
    fn render_fragment(&self, name: &str, var: &str, data: &Value) -> Result<String, EmitError> {
        let mut context = Context::new();
        context.insert(var.to_string(), data);
        let text = self.0.render(name, &context)?;
        let is_object = text.trim_start().starts_with('{');
        match serde_json::from_str::<serde::de::IgnoredAny>(&text) {
            Ok(_) if is_object => Ok(text),
            Ok(_) => Err(EmitError::RenderedInvalid {
                template: self.0.describe(name),
                message: "not a JSON object".into(),
            }),
            Err(e) => Err(self.invalid(name, &e)),
        }
    }

    fn invalid(&self, name: &str, e: &serde_json::Error) -> EmitError {
        EmitError::RenderedInvalid {
            template: self.0.describe(name),
            message: format!("not a JSON value: {e}"),
        }
    }
}

/// The template and render data of one resource.
fn resource_data(plan: &Plan, resource: &Resource) -> Result<(&'static str, Value), EmitError> {
    let mut r = Map::new();
    let mut set = |key: &str, value: Value| {
        r.insert(key.to_string(), value);
    };
    set("logical_id", json!(resource.logical_id));
    let template = match &resource.kind {
        ResourceKind::Repository(repo) => {
            set("deletion_policy", json!(repo.deletion_policy()));
            set("update_replace_policy", json!(repo.update_replace_policy()));
            if let Some(v) = repo.empty_on_delete {
                set("empty_on_delete", json!(v));
            }
            if repo.encryption != Encryption::Aes256 {
                set("encryption_type", json!(repo.encryption.as_str()));
            }
            if let Some(key) = &repo.kms_key {
                set("kms_key", json!(key));
            }
            if let Some(v) = repo.image_scan_on_push {
                set("image_scan_on_push", json!(v));
            }
            if let Some(m) = repo.image_tag_mutability {
                set("image_tag_mutability", json!(m.as_str()));
            }
            if let Some(filters) = &repo.exclusion_filters {
                set("exclusion_filters", json!(filters));
                set("exclusion_filter_type", json!(EXCLUSION_FILTER_TYPE));
            }
            if let Some(text) = &repo.lifecycle_policy_text {
                set("lifecycle_policy_text", json!(text));
            }
            if let Some(id) = &repo.lifecycle_registry_id {
                set("lifecycle_registry_id", json!(id));
            }
            if let Some(name) = &repo.repository_name {
                set("repository_name", json!(name));
            }
            if !repo.repository_policy.is_empty() {
                set(
                    "repository_policy",
                    cfn_value(plan, &repo.repository_policy.to_value())?,
                );
            }
            set("tags", tags_data(&repo.tags));
            "repository.cfn.tera"
        }
        ResourceKind::EventRule(rule) => {
            if let Some(d) = &rule.description {
                set("description", json!(d));
            }
            set("event_pattern", cfn_value(plan, &rule.event_pattern)?);
            if let Some(name) = &rule.rule_name {
                set("name", json!(name));
            }
            set("state", json!(crate::plan::EventRulePlan::STATE));
            set("tags", tags_data(&rule.tags));
            let targets: Vec<Value> = rule
                .targets
                .iter()
                .map(|t| {
                    let mut target = Map::new();
                    target.insert("id".into(), json!(t.target_id));
                    target.insert("arn".into(), json!(t.arn));
                    if let Some(input) = &t.input_text {
                        target.insert("input".into(), json!(input));
                    }
                    Value::Object(target)
                })
                .collect();
            set("targets", Value::Array(targets));
            "event_rule.cfn.tera"
        }
        ResourceKind::User(user) => {
            if let Some(name) = &user.user_name {
                set("user_name", json!(name));
            }
            set("tags", tags_data(&user.tags));
            "iam_user.cfn.tera"
        }
        ResourceKind::Role(role) => {
            set(
                "assume_role_policy",
                cfn_value(plan, &role.assume_role_policy.to_value())?,
            );
            if let Some(d) = &role.description {
                set("description", json!(d));
            }
            if let Some(name) = &role.role_name {
                set("role_name", json!(name));
            }
            set("tags", tags_data(&role.tags));
            "iam_role.cfn.tera"
        }
        ResourceKind::IdentityPolicy(policy) => {
            set(
                "policy_document",
                cfn_value(plan, &policy.document.to_value())?,
            );
            set("policy_name", json!(policy.policy_name));
            let attached = Value::Array(vec![cfn_expr(plan, &policy.identity.name())?]);
            match policy.identity.class {
                crate::plan::IdentityClass::User => set("users", attached),
                crate::plan::IdentityClass::Role => set("roles", attached),
            }
            "iam_policy.cfn.tera"
        }
        ResourceKind::RegistryScanning(scanning) => {
            set("scan_type", json!(scanning.scan_type));
            let rules: Vec<Value> = scanning
                .rules
                .iter()
                .map(|rule| json!({ "scan_frequency": rule.scan_frequency, "repository_filters": rule.repository_filters }))
                .collect();
            set("rules", Value::Array(rules));
            set("filter_type", json!(SCANNING_FILTER_TYPE));
            "registry_scanning.cfn.tera"
        }
        ResourceKind::Replication(replication) => {
            let rules: Vec<Value> = replication
                .rules
                .iter()
                .map(|rule| {
                    let destinations: Vec<Value> = rule
                        .destinations
                        .iter()
                        .map(|d| json!({ "region": d.region, "registry_id": d.registry_id }))
                        .collect();
                    json!({ "destinations": destinations, "repository_filters": rule.repository_filters })
                })
                .collect();
            set("rules", Value::Array(rules));
            set("filter_type", json!(REPLICATION_FILTER_TYPE));
            "replication.cfn.tera"
        }
        ResourceKind::PullThroughCacheRule(rule) => {
            let optional = [
                ("credential_arn", &rule.credential_arn),
                ("custom_role_arn", &rule.custom_role_arn),
                ("ecr_repository_prefix", &rule.ecr_repository_prefix),
                (
                    "upstream_repository_prefix",
                    &rule.upstream_repository_prefix,
                ),
            ];
            for (key, value) in optional {
                if let Some(v) = value {
                    set(key, json!(v));
                }
            }
            set("upstream_registry_url", json!(rule.upstream_registry_url));
            "pull_through_cache_rule.cfn.tera"
        }
        ResourceKind::RegistryPolicy(policy) => {
            set("policy_text", cfn_value(plan, &policy.document.to_value())?);
            "registry_policy.cfn.tera"
        }
    };
    Ok((template, Value::Object(r)))
}

fn tags_data(tags: &[Tag]) -> Value {
    Value::Array(
        tags.iter()
            .map(|t| json!({ "key": t.key, "value": t.value }))
            .collect(),
    )
}

/// The render data of an output.
fn output_data(plan: &Plan, output: &OutputPlan) -> Result<Value, EmitError> {
    let mut o = Map::new();
    o.insert("logical_id".into(), json!(output.logical_id));
    if let Some(d) = &output.description {
        o.insert("description".into(), json!(d));
    }
    o.insert("value".into(), cfn_expr(plan, &output.value)?);
    if let Some(name) = &output.export_name {
        o.insert("export_name".into(), json!(name));
    }
    Ok(Value::Object(o))
}

/// A plan value with its references as CloudFormation intrinsic functions.
pub fn cfn_value(plan: &Plan, value: &PlanValue) -> Result<Value, EmitError> {
    Ok(match value {
        PlanValue::Null => Value::Null,
        PlanValue::Bool(b) => Value::Bool(*b),
        PlanValue::Number(n) => Value::Number(n.clone()),
        PlanValue::String(s) => Value::String(s.clone()),
        PlanValue::Expr(e) => cfn_expr(plan, e)?,
        PlanValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| cfn_value(plan, v))
                .collect::<Result<_, _>>()?,
        ),
        PlanValue::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), cfn_value(plan, v)?)))
                .collect::<Result<_, EmitError>>()?,
        ),
    })
}

/// An expression as CloudFormation writes it: a string, `Ref`, `Fn::GetAtt` or `Fn::Join`.
pub fn cfn_expr(plan: &Plan, expr: &Expr) -> Result<Value, EmitError> {
    Ok(match expr {
        Expr::Literal(s) => Value::String(s.clone()),
        Expr::Name(key) => json!({ "Ref": logical_id(plan, key)? }),
        Expr::Arn(key) => json!({ "Fn::GetAtt": [logical_id(plan, key)?, "Arn"] }),
        Expr::Pseudo(p) => json!({ "Ref": p.cfn_name() }),
        Expr::RepositoryUri(_) | Expr::Concat(_) => {
            let mut parts = Vec::new();
            join_parts(plan, expr, &mut parts)?;
            json!({ "Fn::Join": ["", parts] })
        }
    })
}

/// The parts of `expr` in an `Fn::Join` with `""`, nested joins spliced in and adjacent
/// strings merged, as the CDK's token resolution writes them.
fn join_parts(plan: &Plan, expr: &Expr, parts: &mut Vec<Value>) -> Result<(), EmitError> {
    match expr {
        Expr::Concat(items) => {
            for item in items {
                join_parts(plan, item, parts)?;
            }
        }
        Expr::RepositoryUri(key) => {
            // `stack.splitArn(repositoryArn)`: account and region of the repository's own ARN.
            let id = logical_id(plan, key)?;
            let arn_field = |index: u32| json!({ "Fn::Select": [index, { "Fn::Split": [":", { "Fn::GetAtt": [id, "Arn"] }] }] });
            for part in [
                arn_field(4),
                json!(".dkr.ecr."),
                arn_field(3),
                json!("."),
                json!({ "Ref": "AWS::URLSuffix" }),
                json!("/"),
                json!({ "Ref": id }),
            ] {
                push_join_part(parts, part);
            }
        }
        other => push_join_part(parts, cfn_expr(plan, other)?),
    }
    Ok(())
}

fn push_join_part(parts: &mut Vec<Value>, part: Value) {
    match (parts.last_mut(), &part) {
        (Some(Value::String(prev)), Value::String(s)) => prev.push_str(s),
        (_, Value::String(s)) if s.is_empty() => {}
        _ => parts.push(part),
    }
}

fn logical_id<'p>(plan: &'p Plan, key: &ResourceKey) -> Result<&'p str, EmitError> {
    plan.logical_id(key)
        .ok_or_else(|| EmitError::UnresolvedReference {
            construct: "(plan)".into(),
            target: key.display_path(),
        })
}

#[cfg(test)]
mod tests;
