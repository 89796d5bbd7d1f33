//! The deployment plan: what the AWS CDK would create for a checked [`Spec`], independent of the
//! output format. The CloudFormation and Terraform emitters both render a [`Plan`].
//!
//! The plan holds every resource in construct-tree order (the CDK's template order) with its
//! construct path and logical ID, every setting already resolved the way the CDK resolves it
//! (lifecycle text, merged event patterns, sorted tags, grants placed in identity or repository
//! policies, duplicate statements removed), and references kept symbolic ([`Expr`]).

pub mod events;
pub mod iam;
pub mod tags;
pub mod value;

use std::collections::HashMap;

use ecrgen_core::logical_id;
use ecrgen_core::model::{
    Access, Encryption, EventRule, Item, OutputValue, PolicyStatement as SpecStatement, Principal,
    PullThroughCacheRule, RegistryScanning, RemovalPolicy, Replication, Repository, RoleKind, Spec,
    TagMutability, UserKind,
};

use crate::error::EmitError;
use crate::jsjson::js_json_stringify;
pub use iam::{
    GrantPlacement, Identity, IdentityClass, IdentityOrigin, PolicyDocument, PolicyStatement,
    PrincipalFragment, PrincipalType,
};
pub use tags::Tag;
pub use value::{Expr, PlanValue, Pseudo, ResourceKey};

/// The construct-path component of a CloudFormation resource below its L2 construct.
pub const RESOURCE: &str = "Resource";
/// The action of the authorization-token statement grants add.
pub use ecrgen_core::model::GET_AUTHORIZATION_TOKEN;
/// `filterType` of registry-scanning repository filters.
pub const SCANNING_FILTER_TYPE: &str = "WILDCARD";
/// `filterType` of replication repository filters.
pub const REPLICATION_FILTER_TYPE: &str = "PREFIX_MATCH";
/// `ImageTagMutabilityExclusionFilterType` of exclusion filters.
pub const EXCLUSION_FILTER_TYPE: &str = "WILDCARD";
/// CloudFormation's limit on the resources of one template.
pub const MAX_RESOURCES: usize = 500;

/// Everything one spec deploys.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Spec file names (for generated-file markers).
    pub files: Vec<String>,
    /// The stack name (`stack "<Name>"`, default `EcrStack`).
    pub stack_name: String,
    /// The stack description.
    pub description: Option<String>,
    /// The stack's tags, sorted as the CDK sorts tags (they are already merged into every
    /// taggable resource's `tags`).
    pub stack_tags: Vec<Tag>,
    /// Resources in construct-tree order.
    pub resources: Vec<Resource>,
    /// Outputs in source order.
    pub outputs: Vec<OutputPlan>,
}

impl Plan {
    /// The resource with `key`.
    pub fn resource(&self, key: &ResourceKey) -> Option<&Resource> {
        self.resources.iter().find(|r| &r.key == key)
    }

    /// The logical ID of the resource with `key`.
    pub fn logical_id(&self, key: &ResourceKey) -> Option<&str> {
        self.resource(key).map(|r| r.logical_id.as_str())
    }
}

/// One resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The node path of its construct (see [`ResourceKey`]).
    pub key: ResourceKey,
    /// The construct path of the CloudFormation resource, which the logical ID is computed
    /// from: the key plus `Resource` for L2 constructs (`Repo/Resource`), the key itself for
    /// the registry L1s (`RegistryScanning`).
    pub construct_path: Vec<String>,
    /// The CDK's logical ID.
    pub logical_id: String,
    /// What it is.
    pub kind: ResourceKind,
}

/// The kinds of resources.
#[derive(Debug, Clone, PartialEq)]
pub enum ResourceKind {
    /// `AWS::ECR::Repository`.
    Repository(RepositoryPlan),
    /// `AWS::Events::Rule`, a child of its repository.
    EventRule(EventRulePlan),
    /// `AWS::IAM::User` (new users only).
    User(UserPlan),
    /// `AWS::IAM::Role` (new roles only).
    Role(RolePlan),
    /// `AWS::IAM::Policy`: the identity policy of a user or role that received grants.
    IdentityPolicy(IdentityPolicyPlan),
    /// `AWS::ECR::RegistryScanningConfiguration`.
    RegistryScanning(RegistryScanning),
    /// `AWS::ECR::ReplicationConfiguration`.
    Replication(Replication),
    /// `AWS::ECR::PullThroughCacheRule`.
    PullThroughCacheRule(PullThroughCacheRule),
    /// `AWS::ECR::RegistryPolicy`.
    RegistryPolicy(RegistryPolicyPlan),
}

impl ResourceKind {
    /// The CloudFormation resource type.
    pub fn cfn_type(&self) -> &'static str {
        match self {
            Self::Repository(_) => "AWS::ECR::Repository",
            Self::EventRule(_) => "AWS::Events::Rule",
            Self::User(_) => "AWS::IAM::User",
            Self::Role(_) => "AWS::IAM::Role",
            Self::IdentityPolicy(_) => "AWS::IAM::Policy",
            Self::RegistryScanning(_) => "AWS::ECR::RegistryScanningConfiguration",
            Self::Replication(_) => "AWS::ECR::ReplicationConfiguration",
            Self::PullThroughCacheRule(_) => "AWS::ECR::PullThroughCacheRule",
            Self::RegistryPolicy(_) => "AWS::ECR::RegistryPolicy",
        }
    }
}

/// A repository with its settings resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct RepositoryPlan {
    /// Construct ID.
    pub id: String,
    /// `repository_name`.
    pub repository_name: Option<String>,
    /// `image_scan_on_push` (rendered when set, also when false).
    pub image_scan_on_push: Option<bool>,
    /// `image_tag_mutability`.
    pub image_tag_mutability: Option<TagMutability>,
    /// Exclusion filter patterns in order (type [`EXCLUSION_FILTER_TYPE`]); `None` when unset.
    pub exclusion_filters: Option<Vec<String>>,
    /// The encryption type (AES256 renders no `EncryptionConfiguration` in CloudFormation).
    pub encryption: Encryption,
    /// The KMS key ARN.
    pub kms_key: Option<String>,
    /// The removal policy.
    pub removal_policy: RemovalPolicy,
    /// `empty_on_delete` (rendered when set, also when false).
    pub empty_on_delete: Option<bool>,
    /// The lifecycle policy, byte-identical to the CDK's `LifecyclePolicyText`; `None` without
    /// lifecycle rules.
    pub lifecycle_policy_text: Option<String>,
    /// `lifecycle_registry_id`.
    pub lifecycle_registry_id: Option<String>,
    /// The repository policy; empty when nothing was added to it.
    pub repository_policy: PolicyDocument,
    /// Tags (stack tags with the repository's over them), sorted.
    pub tags: Vec<Tag>,
}

impl RepositoryPlan {
    /// CloudFormation's `DeletionPolicy`.
    pub fn deletion_policy(&self) -> &'static str {
        match self.removal_policy {
            RemovalPolicy::Retain => "Retain",
            RemovalPolicy::Destroy => "Delete",
            RemovalPolicy::RetainOnUpdateOrDelete => "RetainExceptOnCreate",
        }
    }

    /// CloudFormation's `UpdateReplacePolicy`.
    pub fn update_replace_policy(&self) -> &'static str {
        match self.removal_policy {
            RemovalPolicy::Retain | RemovalPolicy::RetainOnUpdateOrDelete => "Retain",
            RemovalPolicy::Destroy => "Delete",
        }
    }
}

/// An event rule of a repository.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRulePlan {
    /// The repository it watches.
    pub repository: ResourceKey,
    /// Construct ID of the rule.
    pub id: String,
    /// `description`.
    pub description: Option<String>,
    /// `rule_name`.
    pub rule_name: Option<String>,
    /// The merged event pattern.
    pub event_pattern: PlanValue,
    /// Targets in order.
    pub targets: Vec<EventTargetPlan>,
    /// Tags (stack tags with the repository's over them), sorted.
    pub tags: Vec<Tag>,
}

impl EventRulePlan {
    /// The rule state; the CDK always writes it.
    pub const STATE: &'static str = "ENABLED";
}

/// One target of an event rule.
#[derive(Debug, Clone, PartialEq)]
pub struct EventTargetPlan {
    /// `Target0`, `Target1`, ... in order.
    pub target_id: String,
    /// The target ARN.
    pub arn: String,
    /// The input object as written (keys in source order).
    pub input: Option<serde_json::Value>,
    /// The input as the CDK writes it: `JSON.stringify` of the object (compact, JavaScript
    /// number formatting).
    pub input_text: Option<String>,
}

/// A user created in the stack.
#[derive(Debug, Clone, PartialEq)]
pub struct UserPlan {
    /// Construct ID.
    pub id: String,
    /// `user_name`.
    pub user_name: Option<String>,
    /// The stack's tags, sorted.
    pub tags: Vec<Tag>,
}

/// A role created in the stack.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePlan {
    /// Construct ID.
    pub id: String,
    /// The trust policy: one `sts:AssumeRole` statement for the `assumed_by` principal.
    pub assume_role_policy: PolicyDocument,
    /// `description`.
    pub description: Option<String>,
    /// `role_name`.
    pub role_name: Option<String>,
    /// The stack's tags, sorted.
    pub tags: Vec<Tag>,
}

/// The identity policy of a user or role.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityPolicyPlan {
    /// The user or role it belongs to ([`Identity::name`] is what it attaches to).
    pub identity: Identity,
    /// `PolicyName`: the logical ID (its last 128 characters).
    pub policy_name: String,
    /// The statements, in grant order, duplicates removed.
    pub document: PolicyDocument,
}

/// The registry policy.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryPolicyPlan {
    /// The policy document.
    pub document: PolicyDocument,
}

/// A stack output.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputPlan {
    /// Construct ID.
    pub id: String,
    /// The logical ID (the ID's alphanumerics).
    pub logical_id: String,
    /// The value.
    pub value: Expr,
    /// `description`.
    pub description: Option<String>,
    /// `export_name` (CloudFormation only).
    pub export_name: Option<String>,
}

/// Builds the plan of a checked spec.
pub fn build_plan(spec: &Spec) -> Result<Plan, EmitError> {
    Planner::new(spec).build()
}

/// The policy of each identity and repository, filled in call order.
struct Planner<'a> {
    spec: &'a Spec,
    identities: HashMap<(IdentityClass, String), Identity>,
    identity_policies: HashMap<String, PolicyDocument>,
    repository_policies: HashMap<String, PolicyDocument>,
}

impl<'a> Planner<'a> {
    fn new(spec: &'a Spec) -> Self {
        let mut identities = HashMap::new();
        for u in spec.users() {
            identities.insert((IdentityClass::User, u.id.clone()), Identity::of_user(u));
        }
        for r in spec.roles() {
            identities.insert((IdentityClass::Role, r.id.clone()), Identity::of_role(r));
        }
        Self {
            spec,
            identities,
            identity_policies: HashMap::new(),
            repository_policies: HashMap::new(),
        }
    }

    /// The identity a principal names, `Ok(None)` for principals that are not users or roles.
    fn identity(
        &self,
        principal: &Principal,
        holder: &str,
    ) -> Result<Option<&Identity>, EmitError> {
        match principal {
            Principal::User(id) => self
                .named_identity(IdentityClass::User, id, holder)
                .map(Some),
            Principal::Role(id) => self
                .named_identity(IdentityClass::Role, id, holder)
                .map(Some),
            _ => Ok(None),
        }
    }

    /// The user or role with construct ID `id`; `holder` is the construct that refers to it.
    fn named_identity(
        &self,
        class: IdentityClass,
        id: &str,
        holder: &str,
    ) -> Result<&Identity, EmitError> {
        self.identities
            .get(&(class, id.to_string()))
            .ok_or_else(|| {
                let kind = match class {
                    IdentityClass::User => "iam_user",
                    IdentityClass::Role => "iam_role",
                };
                EmitError::UnresolvedReference {
                    construct: holder.to_string(),
                    target: format!("{kind}.{id}"),
                }
            })
    }

    fn build(mut self) -> Result<Plan, EmitError> {
        // Grants and statements first, in call (source) order: they fill policies that belong
        // to constructs anywhere in the tree.
        for item in &self.spec.items {
            match item {
                Item::Repository(repo) => self.apply_access(repo)?,
                Item::TokenGrant(grant) => {
                    for p in &grant.principals {
                        let Some(identity) =
                            self.identity(&p.value, "authorization token")?.cloned()
                        else {
                            continue;
                        };
                        self.identity_policies
                            .entry(identity.id.clone())
                            .or_default()
                            .add(PolicyStatement::allow_on(
                                grant.kind.actions().iter().copied(),
                                Expr::literal("*"),
                            ));
                    }
                }
                _ => {}
            }
        }

        let stack_tags: &[(String, String)] = &self.spec.stack.tags;
        let identity_tags = tags::effective_tags(stack_tags, &[]);
        let mut resources = Vec::new();
        let mut outputs = Vec::new();
        for item in &self.spec.items {
            match item {
                Item::Repository(repo) => {
                    let key = ResourceKey::new([repo.id.as_str()]);
                    let repo_tags = tags::effective_tags(stack_tags, &repo.tags);
                    let policy = self
                        .repository_policies
                        .remove(&repo.id)
                        .unwrap_or_default();
                    resources.push(l2_resource(
                        key.clone(),
                        ResourceKind::Repository(repository_plan(repo, policy, repo_tags.clone())),
                    ));
                    for rule in &repo.event_rules {
                        let rule_plan = event_rule_plan(repo, &key, rule, repo_tags.clone())?;
                        resources.push(l2_resource(
                            ResourceKey::new([repo.id.as_str(), rule.id.as_str()]),
                            ResourceKind::EventRule(rule_plan),
                        ));
                    }
                }
                Item::User(user) => {
                    if let UserKind::New { user_name } = &user.kind {
                        let plan = UserPlan {
                            id: user.id.clone(),
                            user_name: user_name.clone(),
                            tags: identity_tags.clone(),
                        };
                        resources.push(l2_resource(
                            ResourceKey::new([user.id.as_str()]),
                            ResourceKind::User(plan),
                        ));
                    }
                    self.push_identity_policy(&mut resources, IdentityClass::User, &user.id);
                }
                Item::Role(role) => {
                    if let RoleKind::New {
                        assumed_by,
                        role_name,
                        description,
                    } = &role.kind
                    {
                        let mut trust = PolicyStatement::new(ecrgen_core::model::Effect::Allow);
                        trust.add_actions(["sts:AssumeRole"]);
                        trust
                            .add_principal(iam::principal_fragment(assumed_by, None).map_err(
                                |message| EmitError::Invalid {
                                    construct: role.id.clone(),
                                    message,
                                },
                            )?)
                            .map_err(|message| EmitError::Invalid {
                                construct: role.id.clone(),
                                message,
                            })?;
                        let mut assume_role_policy = PolicyDocument::default();
                        assume_role_policy.add(trust);
                        let plan = RolePlan {
                            id: role.id.clone(),
                            assume_role_policy,
                            description: description.clone(),
                            role_name: role_name.clone(),
                            tags: identity_tags.clone(),
                        };
                        resources.push(l2_resource(
                            ResourceKey::new([role.id.as_str()]),
                            ResourceKind::Role(plan),
                        ));
                    }
                    self.push_identity_policy(&mut resources, IdentityClass::Role, &role.id);
                }
                Item::TokenGrant(_) => {}
                Item::Output(output) => {
                    let value = self.output_value(&output.value, &output.id)?;
                    outputs.push(OutputPlan {
                        id: output.id.clone(),
                        logical_id: logical_id(&[output.id.as_str()]),
                        value,
                        description: output.description.clone(),
                        export_name: output.export_name.clone(),
                    });
                }
                Item::RegistryScanning(scanning) => resources.push(l1_resource(
                    "RegistryScanning",
                    ResourceKind::RegistryScanning(scanning.clone()),
                )),
                Item::Replication(replication) => resources.push(l1_resource(
                    "Replication",
                    ResourceKind::Replication(replication.clone()),
                )),
                Item::PullThroughCacheRule(rule) => resources.push(l1_resource(
                    &rule.id,
                    ResourceKind::PullThroughCacheRule(rule.clone()),
                )),
                Item::RegistryPolicy(policy) => {
                    let mut document = PolicyDocument::default();
                    for s in &policy.statements {
                        document.add(self.statement(s, "RegistryPolicy")?);
                    }
                    resources.push(l1_resource(
                        "RegistryPolicy",
                        ResourceKind::RegistryPolicy(RegistryPolicyPlan { document }),
                    ));
                }
            }
        }

        check_unique(self.spec, &resources, &outputs)?;
        Ok(Plan {
            files: self.spec.files.clone(),
            stack_name: self.spec.stack.name.clone(),
            description: self.spec.stack.description.clone(),
            stack_tags: identity_tags,
            resources,
            outputs,
        })
    }

    /// Applies a repository's grants and resource-policy statements in source order.
    fn apply_access(&mut self, repo: &Repository) -> Result<(), EmitError> {
        let repo_arn = Expr::Arn(ResourceKey::new([repo.id.as_str()]));
        for access in &repo.access {
            match access {
                Access::Grant(grant) => {
                    let principal = &grant.principal.value;
                    let identity = self.identity(principal, &repo.id)?.cloned();
                    let placement = iam::grant_placement(principal, identity.as_ref());
                    let actions = grant.kind.actions();
                    if let (Some(_), Some(identity)) = (&placement.identity_policy, &identity) {
                        self.identity_policies
                            .entry(identity.id.clone())
                            .or_default()
                            .add(PolicyStatement::allow_on(
                                actions.iter().cloned(),
                                repo_arn.clone(),
                            ));
                    }
                    if placement.repository_policy {
                        let mut statement = PolicyStatement::new(ecrgen_core::model::Effect::Allow);
                        statement.add_actions(actions.iter().cloned());
                        let fragment = iam::principal_fragment(principal, identity.as_ref())
                            .map_err(|message| EmitError::Invalid {
                                construct: repo.id.clone(),
                                message,
                            })?;
                        statement.add_principal(fragment).map_err(|message| {
                            EmitError::Invalid {
                                construct: repo.id.clone(),
                                message,
                            }
                        })?;
                        self.repository_policies
                            .entry(repo.id.clone())
                            .or_default()
                            .add(statement);
                    }
                    if let (true, Some(identity)) = (grant.kind.adds_token_statement(), &identity) {
                        self.identity_policies
                            .entry(identity.id.clone())
                            .or_default()
                            .add(PolicyStatement::allow_on(
                                [GET_AUTHORIZATION_TOKEN],
                                Expr::literal("*"),
                            ));
                    }
                }
                Access::Statement(s) => {
                    let statement = self.statement(s, &repo.id)?;
                    self.repository_policies
                        .entry(repo.id.clone())
                        .or_default()
                        .add(statement);
                }
            }
        }
        Ok(())
    }

    /// A `policy_statement` block as `new iam.PolicyStatement(props)` builds it.
    fn statement(&self, s: &SpecStatement, holder: &str) -> Result<PolicyStatement, EmitError> {
        let invalid = |message| EmitError::Invalid {
            construct: holder.to_string(),
            message,
        };
        let mut statement = PolicyStatement::new(s.effect);
        statement.sid.clone_from(&s.sid);
        statement.add_actions(s.actions.iter().cloned());
        statement.add_not_actions(s.not_actions.iter().cloned());
        for p in &s.principals {
            let identity = self.identity(&p.value, holder)?;
            statement
                .add_principal(iam::principal_fragment(&p.value, identity).map_err(invalid)?)
                .map_err(invalid)?;
        }
        statement.add_resources(s.resources.iter().cloned().map(Expr::Literal));
        if let Some(conditions) = &s.conditions {
            statement.add_conditions(conditions);
        }
        Ok(statement)
    }

    /// Adds the identity policy of a user or role when grants filled one.
    fn push_identity_policy(
        &mut self,
        resources: &mut Vec<Resource>,
        class: IdentityClass,
        id: &str,
    ) {
        let Some(document) = self.identity_policies.remove(id) else {
            return;
        };
        let Some(identity) = self.identities.get(&(class, id.to_string())).cloned() else {
            return;
        };
        let key = identity.policy_key();
        let policy_name = last_chars(&logical_id_of(&l2_construct_path(&key)), 128);
        let plan = IdentityPolicyPlan {
            identity,
            policy_name,
            document,
        };
        resources.push(l2_resource(key, ResourceKind::IdentityPolicy(plan)));
    }

    fn output_value(&self, value: &OutputValue, output: &str) -> Result<Expr, EmitError> {
        let repo = |id: &String| -> Result<ResourceKey, EmitError> {
            self.spec
                .repository(id)
                .map(|r| ResourceKey::new([r.id.as_str()]))
                .ok_or_else(|| EmitError::UnresolvedReference {
                    construct: output.to_string(),
                    target: format!("repository.{id}"),
                })
        };
        Ok(match value {
            OutputValue::Literal(s) => Expr::literal(s.clone()),
            OutputValue::RepositoryName(id) => Expr::Name(repo(id)?),
            OutputValue::RepositoryArn(id) => Expr::Arn(repo(id)?),
            OutputValue::RepositoryUri(id) => Expr::RepositoryUri(repo(id)?),
            OutputValue::RoleArn(id) => self.named_identity(IdentityClass::Role, id, output)?.arn(),
            OutputValue::UserArn(id) => self.named_identity(IdentityClass::User, id, output)?.arn(),
        })
    }
}

/// A resource of an L2 construct: its CloudFormation resource is the child `Resource`.
fn l2_resource(key: ResourceKey, kind: ResourceKind) -> Resource {
    let construct_path = l2_construct_path(&key);
    Resource {
        logical_id: logical_id_of(&construct_path),
        key,
        construct_path,
        kind,
    }
}

/// The construct path of an L2 construct's CloudFormation resource: its path plus `Resource`.
fn l2_construct_path(key: &ResourceKey) -> Vec<String> {
    let mut path = key.0.clone();
    path.push(RESOURCE.to_string());
    path
}

fn logical_id_of(construct_path: &[String]) -> String {
    let path: Vec<&str> = construct_path.iter().map(String::as_str).collect();
    logical_id(&path)
}

/// A resource of an L1 construct placed directly in the stack.
fn l1_resource(id: &str, kind: ResourceKind) -> Resource {
    Resource {
        key: ResourceKey::new([id]),
        construct_path: vec![id.to_string()],
        logical_id: logical_id(&[id]),
        kind,
    }
}

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn repository_plan(
    repo: &Repository,
    repository_policy: PolicyDocument,
    tags: Vec<Tag>,
) -> RepositoryPlan {
    let ordered = repo.ordered_lifecycle_rules();
    RepositoryPlan {
        id: repo.id.clone(),
        repository_name: repo.repository_name.clone(),
        image_scan_on_push: repo.image_scan_on_push,
        image_tag_mutability: repo.image_tag_mutability,
        exclusion_filters: repo.exclusion_filters.clone(),
        encryption: repo.encryption,
        kms_key: repo.encryption_key.clone(),
        removal_policy: repo.removal_policy,
        empty_on_delete: repo.empty_on_delete,
        lifecycle_policy_text: (!ordered.is_empty())
            .then(|| ecrgen_core::lifecycle::lifecycle_policy_text(&ordered)),
        lifecycle_registry_id: repo.lifecycle_registry_id.clone(),
        repository_policy,
        tags,
    }
}

fn event_rule_plan(
    repo: &Repository,
    key: &ResourceKey,
    rule: &EventRule,
    tags: Vec<Tag>,
) -> Result<EventRulePlan, EmitError> {
    let event_pattern = events::event_pattern(rule, key).map_err(|message| EmitError::Invalid {
        construct: format!("{}/{}", repo.id, rule.id),
        message,
    })?;
    let targets = rule
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| EventTargetPlan {
            target_id: format!("Target{i}"),
            arn: t.arn.clone(),
            input: t.input.clone(),
            input_text: t.input.as_ref().map(js_json_stringify),
        })
        .collect();
    Ok(EventRulePlan {
        repository: key.clone(),
        id: rule.id.clone(),
        description: rule.description.clone(),
        rule_name: rule.rule_name.clone(),
        event_pattern,
        targets,
        tags,
    })
}

/// Refuses two top-level constructs with one ID and two constructs with one logical ID.
fn check_unique(
    spec: &Spec,
    resources: &[Resource],
    outputs: &[OutputPlan],
) -> Result<(), EmitError> {
    let mut top_level: HashMap<&str, ()> = HashMap::new();
    for item in &spec.items {
        let id = match item {
            Item::Repository(r) => r.id.as_str(),
            Item::User(u) => u.id.as_str(),
            Item::Role(r) => r.id.as_str(),
            Item::Output(o) => o.id.as_str(),
            Item::PullThroughCacheRule(p) => p.id.as_str(),
            Item::RegistryScanning(_) => "RegistryScanning",
            Item::Replication(_) => "Replication",
            Item::RegistryPolicy(_) => "RegistryPolicy",
            Item::TokenGrant(_) => continue,
        };
        if top_level.insert(id, ()).is_some() {
            return Err(EmitError::DuplicateConstruct {
                path: id.to_string(),
            });
        }
    }
    let mut seen: HashMap<&str, String> = HashMap::new();
    let paths = resources
        .iter()
        .map(|r| (r.logical_id.as_str(), r.construct_path.join("/")))
        .chain(
            outputs
                .iter()
                .map(|o| (o.logical_id.as_str(), o.id.clone())),
        );
    for (logical_id, path) in paths {
        if let Some(first) = seen.get(logical_id) {
            return Err(EmitError::LogicalIdCollision {
                logical_id: logical_id.to_string(),
                first: first.clone(),
                second: path,
            });
        }
        seen.insert(logical_id, path);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
