//! The Terraform render model: the [`Plan`] as render data for the `templates/tf/` templates.
//!
//! Every value is a [`TfExpr`] in its tagged form (the templates write it with the `hcl`
//! filter); local names and template-structure flags are plain strings and booleans.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use ecrgen_core::model::Encryption;
use serde_json::{json, Map, Value};

use super::expr::{self, Resolver, TfExpr};
use super::names;
use crate::error::EmitError;
use crate::plan::{
    Expr, IdentityClass, Plan, PlanValue, Pseudo, ResourceKey, ResourceKind, Tag,
    EXCLUSION_FILTER_TYPE, REPLICATION_FILTER_TYPE, SCANNING_FILTER_TYPE,
};

/// The required Terraform version (SPEC §3).
pub const TERRAFORM_VERSION: &str = ">= 1.5";
/// The hashicorp/aws provider versions the module is written for (SPEC §3).
pub const AWS_PROVIDER_VERSION: &str = ">= 6.0, < 7.0";
/// The name of the module's tags variable.
pub const TAGS_VARIABLE: &str = "tags";

/// One resource block of the module, for the README and the tf-json metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `resource` or `data`.
    pub mode: &'static str,
    /// The resource type.
    pub rtype: String,
    /// The local name.
    pub name: String,
    /// The construct path below the stack (`Repo/ImageScanComplete`).
    pub path: String,
}

/// A rendered unit of `main.tf`: one plan resource with the Terraform resources it becomes.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// The template file name.
    pub template: &'static str,
    /// The render data (`r` in the template).
    pub data: Value,
}

/// A stack output as Terraform output data.
#[derive(Debug, Clone)]
pub struct OutputData {
    /// The output name.
    pub name: String,
    /// The description.
    pub description: String,
    /// The value.
    pub value: TfExpr,
}

/// The module's render model.
#[derive(Debug, Clone)]
pub struct Module {
    /// Stack name.
    pub stack_name: String,
    /// Stack description.
    pub description: Option<String>,
    /// Spec file names.
    pub files: Vec<String>,
    /// Data sources the expressions use, as (type, local name).
    pub data_sources: Vec<(String, String)>,
    /// Outputs: repository URL, ARN and name of every repository, then the spec's outputs.
    pub outputs: Vec<OutputData>,
    /// Every resource and data block, resources in order of appearance.
    pub addresses: Vec<Address>,
    /// Warnings (settings Terraform has no place for, derived names).
    pub warnings: Vec<String>,
}

/// The local name of every data source the module reads.
const DATA_NAME: &str = "current";

/// Resolves plan references to Terraform addresses and records the data sources used.
struct TfResolver {
    addresses: HashMap<ResourceKey, String>,
    data: RefCell<BTreeSet<&'static str>>,
}

impl Resolver for TfResolver {
    fn address(&self, key: &ResourceKey) -> Option<String> {
        self.addresses.get(key).cloned()
    }

    fn pseudo(&self, p: Pseudo) -> String {
        let (rtype, attribute) = match p {
            Pseudo::Partition => ("aws_partition", "partition"),
            Pseudo::UrlSuffix => ("aws_partition", "dns_suffix"),
            Pseudo::AccountId => ("aws_caller_identity", "account_id"),
            Pseudo::Region => ("aws_region", "region"),
        };
        self.data.borrow_mut().insert(rtype);
        format!("data.{rtype}.{DATA_NAME}.{attribute}")
    }
}

impl TfResolver {
    fn expr(&self, e: &Expr, holder: &ResourceKey) -> Result<TfExpr, EmitError> {
        expr::from_expr(e, self).ok_or_else(|| unresolved(e, holder))
    }

    fn value(&self, v: &PlanValue, holder: &ResourceKey) -> Result<TfExpr, EmitError> {
        expr::from_plan_value(v, self).ok_or_else(|| EmitError::UnresolvedReference {
            construct: holder.display_path(),
            target: "a resource of a policy or pattern".into(),
        })
    }

    fn document(&self, v: &PlanValue, holder: &ResourceKey) -> Result<TfExpr, EmitError> {
        Ok(TfExpr::Jsonencode(Box::new(self.value(v, holder)?)))
    }
}

fn unresolved(e: &Expr, holder: &ResourceKey) -> EmitError {
    let target = e
        .referenced_resources()
        .first()
        .map_or_else(|| "(unknown)".to_string(), |k| k.display_path());
    EmitError::UnresolvedReference {
        construct: holder.display_path(),
        target,
    }
}

/// The `tags` argument: the plan's tags merged with the module's tags variable.
fn tags(tags: &[Tag]) -> TfExpr {
    let variable = TfExpr::reference(format!("var.{TAGS_VARIABLE}"));
    if tags.is_empty() {
        variable
    } else {
        let map = TfExpr::object(
            tags.iter()
                .map(|t| (t.key.clone(), TfExpr::str(t.value.clone()))),
        );
        TfExpr::Merge(vec![map, variable])
    }
}

fn tagged(e: &TfExpr) -> Value {
    serde_json::to_value(e).expect("expressions always serialize")
}

fn str(s: &str) -> Value {
    tagged(&TfExpr::str(s))
}

/// Render data under construction: `r.key = value`.
#[derive(Default)]
struct Data(Map<String, Value>);

impl Data {
    fn plain(&mut self, key: &str, value: Value) -> &mut Self {
        self.0.insert(key.to_string(), value);
        self
    }
    fn expr(&mut self, key: &str, value: &TfExpr) -> &mut Self {
        self.plain(key, tagged(value))
    }
    fn opt_str(&mut self, key: &str, value: Option<&String>) -> &mut Self {
        if let Some(v) = value {
            self.plain(key, str(v));
        }
        self
    }
    fn done(&mut self) -> Value {
        Value::Object(std::mem::take(&mut self.0))
    }
}

/// Builds the render model of a plan. The render data of each resource goes to `emit` as soon
/// as it is built, in plan order, so a large module never holds all of it at once.
pub fn build(
    plan: &Plan,
    emit: &mut dyn FnMut(Fragment) -> Result<(), EmitError>,
) -> Result<Module, EmitError> {
    // Every name is checked before anything is built: the same problems `check` reports.
    if let Some(problem) = names::name_problems(plan).first() {
        return Err(problem.to_error());
    }
    let addresses: Vec<Address> = names::module_names(plan)
        .into_iter()
        .filter(|n| n.namespace != names::OUTPUT_NAMESPACE)
        .map(|n| Address {
            mode: "resource",
            rtype: n.namespace.to_string(),
            name: n.name,
            path: n.owner,
        })
        .collect();
    // Every referable resource first: references may point forward (an identity policy of a
    // user declared before the repository it grants on).
    let mut by_key: HashMap<ResourceKey, String> = HashMap::new();
    for resource in &plan.resources {
        let rtype = match &resource.kind {
            ResourceKind::Repository(_) => "aws_ecr_repository",
            ResourceKind::EventRule(_) => "aws_cloudwatch_event_rule",
            ResourceKind::User(_) => "aws_iam_user",
            ResourceKind::Role(_) => "aws_iam_role",
            _ => continue,
        };
        by_key.insert(
            resource.key.clone(),
            format!("{rtype}.{}", names::local_name(resource.key.components())),
        );
    }
    let resolver = TfResolver {
        addresses: by_key,
        data: RefCell::new(BTreeSet::new()),
    };

    let mut warnings = Vec::new();
    let mut repositories: Vec<(String, String)> = Vec::new(); // (construct ID, local name)
    for resource in &plan.resources {
        let key = &resource.key;
        let path = key.components();
        let mut d = Data::default();
        let template = match &resource.kind {
            ResourceKind::Repository(repo) => {
                let name = names::local_name(path);
                repositories.push((repo.id.clone(), name.clone()));
                let repository_name = names::repository_name(repo);
                d.plain("name", json!(name))
                    .plain("repository_name", str(&repository_name));
                if let Some(m) = repo.image_tag_mutability {
                    d.plain("image_tag_mutability", str(m.as_str()));
                }
                if let Some(filters) = &repo.exclusion_filters {
                    d.plain(
                        "exclusion_filters",
                        Value::Array(filters.iter().map(|f| str(f)).collect()),
                    );
                    d.plain("exclusion_filter_type", str(EXCLUSION_FILTER_TYPE));
                }
                if repo.encryption != Encryption::Aes256 {
                    d.plain("encryption_type", str(repo.encryption.as_str()));
                    d.opt_str("kms_key", repo.kms_key.as_ref());
                }
                if let Some(scan) = repo.image_scan_on_push {
                    d.expr("scan_on_push", &TfExpr::Bool(scan));
                }
                if let Some(force) = repo.empty_on_delete {
                    d.expr("force_delete", &TfExpr::Bool(force));
                }
                d.expr("tags", &tags(&repo.tags));
                d.plain(
                    "prevent_destroy",
                    json!(repo.removal_policy != ecrgen_core::model::RemovalPolicy::Destroy),
                );
                let repository_ref = TfExpr::reference(format!("aws_ecr_repository.{name}.name"));
                if let Some(text) = &repo.lifecycle_policy_text {
                    let value: Value =
                        serde_json::from_str(text).map_err(|e| EmitError::Invalid {
                            construct: key.display_path(),
                            message: format!("the lifecycle policy text is not JSON: {e}"),
                        })?;
                    let policy_name = names::local_name(path);
                    d.plain(
                        "lifecycle_policy",
                        json!({
                            "name": policy_name,
                            "repository": tagged(&repository_ref),
                            "policy": tagged(&TfExpr::Jsonencode(Box::new(TfExpr::from_json(&value)))),
                        }),
                    );
                }
                if let Some(registry) = &repo.lifecycle_registry_id {
                    warnings.push(format!(
                        "repository `{}`: lifecycle_registry_id = \"{registry}\" has no Terraform equivalent (aws_ecr_lifecycle_policy has no registry argument); the Terraform output ignores it",
                        repo.id
                    ));
                }
                if !repo.repository_policy.is_empty() {
                    let policy_name = names::local_name(path);
                    d.plain(
                        "repository_policy",
                        json!({
                            "name": policy_name,
                            "repository": tagged(&repository_ref),
                            "policy": tagged(&resolver.document(&repo.repository_policy.to_value(), key)?),
                        }),
                    );
                }
                "repository.tf.tera"
            }
            ResourceKind::EventRule(rule) => {
                let name = names::local_name(path);
                d.plain("name", json!(name));
                d.opt_str("rule_name", rule.rule_name.as_ref());
                d.opt_str("description", rule.description.as_ref());
                d.expr(
                    "event_pattern",
                    &resolver.document(&rule.event_pattern, key)?,
                );
                d.plain("state", str(crate::plan::EventRulePlan::STATE));
                d.expr("tags", &tags(&rule.tags));
                let rule_ref = TfExpr::reference(format!("aws_cloudwatch_event_rule.{name}.name"));
                let mut targets = Vec::new();
                for target in &rule.targets {
                    let mut target_path = path.to_vec();
                    target_path.push(target.target_id.clone());
                    let target_name = names::local_name(&target_path);
                    let mut t = Data::default();
                    t.plain("name", json!(target_name))
                        .expr("rule", &rule_ref)
                        .plain("target_id", str(&target.target_id))
                        .plain("arn", str(&target.arn));
                    if let Some(input) = &target.input {
                        t.expr(
                            "input",
                            &TfExpr::Jsonencode(Box::new(TfExpr::from_json(input))),
                        );
                    }
                    targets.push(t.done());
                }
                d.plain("targets", Value::Array(targets));
                "event_rule.tf.tera"
            }
            ResourceKind::User(user) => {
                let name = names::local_name(path);
                d.plain("name", json!(name));
                // SPEC §3: a new user without a name is named after its ID.
                d.plain(
                    "user_name",
                    str(user.user_name.as_deref().unwrap_or(&user.id)),
                );
                d.expr("tags", &tags(&user.tags));
                "iam_user.tf.tera"
            }
            ResourceKind::Role(role) => {
                let name = names::local_name(path);
                d.plain("name", json!(name));
                d.opt_str("role_name", role.role_name.as_ref());
                d.opt_str("description", role.description.as_ref());
                d.expr(
                    "assume_role_policy",
                    &resolver.document(&role.assume_role_policy.to_value(), key)?,
                );
                d.expr("tags", &tags(&role.tags));
                "iam_role.tf.tera"
            }
            ResourceKind::IdentityPolicy(policy) => {
                let (rtype, argument) = match policy.identity.class {
                    IdentityClass::User => ("aws_iam_user_policy", "user"),
                    IdentityClass::Role => ("aws_iam_role_policy", "role"),
                };
                let name = names::local_name(path);
                d.plain("name", json!(name))
                    .plain("type", json!(rtype))
                    .plain("policy_name", str(&policy.policy_name))
                    .plain("principal_argument", json!(argument))
                    .expr("principal", &resolver.expr(&policy.identity.name(), key)?)
                    .expr(
                        "policy",
                        &resolver.document(&policy.document.to_value(), key)?,
                    );
                "iam_policy.tf.tera"
            }
            ResourceKind::ManagedPolicy(policy) => {
                let name = names::local_name(path);
                names::local_name(path);
                d.plain("name", json!(name))
                    .plain("description", str(&policy.description))
                    .plain("path", str(crate::plan::ManagedPolicyPlan::PATH))
                    .expr(
                        "policy",
                        &resolver.document(&policy.document.to_value(), key)?,
                    )
                    .expr("role", &resolver.expr(&policy.role.name(), key)?)
                    .expr("tags", &tags(&[]));
                "managed_policy.tf.tera"
            }
            ResourceKind::RegistryScanning(scanning) => {
                let name = names::local_name(path);
                let rules: Vec<Value> = scanning
                    .rules
                    .iter()
                    .map(|rule| {
                        json!({
                            "scan_frequency": str(&rule.scan_frequency),
                            "repository_filters": rule.repository_filters.iter().map(|f| str(f)).collect::<Vec<_>>(),
                            "filter_type": str(SCANNING_FILTER_TYPE),
                        })
                    })
                    .collect();
                d.plain("name", json!(name))
                    .plain("scan_type", str(&scanning.scan_type))
                    .plain("rules", Value::Array(rules));
                "registry_scanning.tf.tera"
            }
            ResourceKind::Replication(replication) => {
                let name = names::local_name(path);
                let rules: Vec<Value> = replication
                    .rules
                    .iter()
                    .map(|rule| {
                        json!({
                            "destinations": rule.destinations.iter().map(|dest| json!({
                                "region": str(&dest.region),
                                "registry_id": str(&dest.registry_id),
                            })).collect::<Vec<_>>(),
                            "repository_filters": rule.repository_filters.iter().map(|f| str(f)).collect::<Vec<_>>(),
                            "filter_type": str(REPLICATION_FILTER_TYPE),
                        })
                    })
                    .collect();
                d.plain("name", json!(name))
                    .plain("rules", Value::Array(rules));
                "replication.tf.tera"
            }
            ResourceKind::PullThroughCacheRule(rule) => {
                let name = names::local_name(path);
                let prefix = match &rule.ecr_repository_prefix {
                    Some(p) => p.clone(),
                    None => {
                        let derived = names::kebab(&rule.id);
                        warnings.push(format!(
                            "pull_through_cache_rule `{}`: Terraform requires ecr_repository_prefix; using \"{derived}\", the kebab case of the ID",
                            rule.id
                        ));
                        derived
                    }
                };
                d.plain("name", json!(name))
                    .plain("ecr_repository_prefix", str(&prefix))
                    .plain("upstream_registry_url", str(&rule.upstream_registry_url))
                    .opt_str("credential_arn", rule.credential_arn.as_ref())
                    .opt_str("custom_role_arn", rule.custom_role_arn.as_ref())
                    .opt_str(
                        "upstream_repository_prefix",
                        rule.upstream_repository_prefix.as_ref(),
                    );
                "pull_through_cache_rule.tf.tera"
            }
            ResourceKind::RegistryPolicy(policy) => {
                let name = names::local_name(path);
                d.plain("name", json!(name)).expr(
                    "policy",
                    &resolver.document(&policy.document.to_value(), key)?,
                );
                "registry_policy.tf.tera"
            }
        };
        emit(Fragment {
            template,
            data: d.done(),
        })?;
    }

    // Outputs: every repository's URL, ARN and name, then the spec's outputs.
    let mut outputs = Vec::new();
    for (id, name) in &repositories {
        for (suffix, attribute, what) in names::REPOSITORY_OUTPUTS {
            let output = names::repository_output_name(name, suffix);
            outputs.push(OutputData {
                name: output,
                description: format!("The {what} of the repository {id}."),
                value: TfExpr::reference(format!("aws_ecr_repository.{name}.{attribute}")),
            });
        }
    }
    for output in &plan.outputs {
        let name = names::local_name(&[output.id.as_str()]);
        let description = output
            .description
            .clone()
            .unwrap_or_else(|| format!("The output {} of the spec.", output.id));
        outputs.push(OutputData {
            name,
            description,
            value: resolver.expr(&output.value, &ResourceKey::new([output.id.as_str()]))?,
        });
    }

    let data_sources: Vec<(String, String)> = resolver
        .data
        .borrow()
        .iter()
        .map(|t| (t.to_string(), DATA_NAME.to_string()))
        .collect();
    let mut addresses = addresses;
    for (rtype, name) in &data_sources {
        addresses.push(Address {
            mode: "data",
            rtype: rtype.clone(),
            name: name.clone(),
            path: name.clone(),
        });
    }

    Ok(Module {
        stack_name: plan.stack_name.clone(),
        description: plan.description.clone(),
        files: plan.files.clone(),
        data_sources,
        outputs,
        addresses,
        warnings,
    })
}
