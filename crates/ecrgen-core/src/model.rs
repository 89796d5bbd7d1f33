//! The checked spec model: typed values for every block of SPEC §1.
//!
//! A [`Spec`] is only built when the spec has no errors, so every reference in it resolves and
//! every CDK rule holds. Emitters read it; they never see HCL.

use std::ops::Range;

use serde_json::Value;

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    /// Index of the file in [`crate::SourceSet`].
    pub file: usize,
    /// Byte range inside that file.
    pub range: Range<usize>,
}

/// A value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps `value` with `span`.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The whole checked spec.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spec {
    /// Spec file names, as given (for generated-file markers).
    pub files: Vec<String>,
    /// The stack block (defaults when absent).
    pub stack: Stack,
    /// Top-level constructs in source order (files in byte order of names).
    pub items: Vec<Item>,
}

/// `stack "<Name>" {}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    /// Stack name; names the outputs. Default `EcrStack`.
    pub name: String,
    /// CloudFormation `Description`.
    pub description: Option<String>,
    /// Stack tags in source order.
    pub tags: Vec<(String, String)>,
}

impl Default for Stack {
    fn default() -> Self {
        Self {
            name: "EcrStack".into(),
            description: None,
            tags: Vec::new(),
        }
    }
}

/// One top-level construct.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `repository "<ID>"`.
    Repository(Repository),
    /// `iam_user "<ID>"`.
    User(IamUser),
    /// `iam_role "<ID>"`.
    Role(IamRole),
    /// `authorization_token {}` or `public_gallery_authorization_token {}`.
    TokenGrant(TokenGrant),
    /// `output "<ID>"`.
    Output(Output),
    /// `registry_scanning {}`.
    RegistryScanning(RegistryScanning),
    /// `replication {}`.
    Replication(Replication),
    /// `pull_through_cache_rule "<ID>"`.
    PullThroughCacheRule(PullThroughCacheRule),
    /// `registry_policy {}`.
    RegistryPolicy(RegistryPolicy),
}

impl Spec {
    /// Repositories in source order.
    pub fn repositories(&self) -> impl Iterator<Item = &Repository> {
        self.items.iter().filter_map(|i| match i {
            Item::Repository(r) => Some(r),
            _ => None,
        })
    }
    /// IAM users in source order.
    pub fn users(&self) -> impl Iterator<Item = &IamUser> {
        self.items.iter().filter_map(|i| match i {
            Item::User(u) => Some(u),
            _ => None,
        })
    }
    /// IAM roles in source order.
    pub fn roles(&self) -> impl Iterator<Item = &IamRole> {
        self.items.iter().filter_map(|i| match i {
            Item::Role(r) => Some(r),
            _ => None,
        })
    }
    /// Outputs in source order.
    pub fn outputs(&self) -> impl Iterator<Item = &Output> {
        self.items.iter().filter_map(|i| match i {
            Item::Output(o) => Some(o),
            _ => None,
        })
    }
    /// The user with construct ID `id`.
    pub fn user(&self, id: &str) -> Option<&IamUser> {
        self.users().find(|u| u.id == id)
    }
    /// The role with construct ID `id`.
    pub fn role(&self, id: &str) -> Option<&IamRole> {
        self.roles().find(|r| r.id == id)
    }
    /// The repository with construct ID `id`.
    pub fn repository(&self, id: &str) -> Option<&Repository> {
        self.repositories().find(|r| r.id == id)
    }
}

/// `repository "<ID>"`: `new ecr.Repository(stack, ID, props)` plus its method calls.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Repository {
    /// Construct ID (the label).
    pub id: String,
    /// Span of the label.
    pub id_span: Span,
    /// `repository_name`.
    pub repository_name: Option<String>,
    /// `image_scan_on_push` (emitted when set, also when false).
    pub image_scan_on_push: Option<bool>,
    /// `image_tag_mutability`.
    pub image_tag_mutability: Option<TagMutability>,
    /// `image_tag_mutability_exclusion_filters`, in order.
    pub exclusion_filters: Option<Vec<String>>,
    /// Effective encryption: `encryption`, else KMS when a key is set, else AES256.
    pub encryption: Encryption,
    /// `encryption_key` (a KMS key ARN).
    pub encryption_key: Option<String>,
    /// `removal_policy` (default retain).
    pub removal_policy: RemovalPolicy,
    /// `empty_on_delete` (emitted when set, also when false).
    pub empty_on_delete: Option<bool>,
    /// `lifecycle_registry_id`.
    pub lifecycle_registry_id: Option<String>,
    /// Repository tags in source order.
    pub tags: Vec<(String, String)>,
    /// `allow_public_access`.
    pub allow_public_access: bool,
    /// Lifecycle rules in source order, priorities as written (see [`Repository::ordered_lifecycle_rules`]).
    pub lifecycle_rules: Vec<LifecycleRule>,
    /// Grants and resource-policy statements, one entry per CDK call, in source order.
    pub access: Vec<Access>,
    /// Event rules in source order.
    pub event_rules: Vec<EventRule>,
}

/// `image_tag_mutability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagMutability {
    /// `MUTABLE`.
    Mutable,
    /// `IMMUTABLE`.
    Immutable,
    /// `MUTABLE_WITH_EXCLUSION`.
    MutableWithExclusion,
    /// `IMMUTABLE_WITH_EXCLUSION`.
    ImmutableWithExclusion,
}

impl TagMutability {
    /// The CloudFormation / API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mutable => "MUTABLE",
            Self::Immutable => "IMMUTABLE",
            Self::MutableWithExclusion => "MUTABLE_WITH_EXCLUSION",
            Self::ImmutableWithExclusion => "IMMUTABLE_WITH_EXCLUSION",
        }
    }
}

/// Repository encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encryption {
    /// `AES256` (the default; CloudFormation gets no `EncryptionConfiguration`).
    #[default]
    Aes256,
    /// `KMS`.
    Kms,
    /// `KMS_DSSE` (beyond the CDK).
    KmsDsse,
}

impl Encryption {
    /// The CloudFormation / API value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aes256 => "AES256",
            Self::Kms => "KMS",
            Self::KmsDsse => "KMS_DSSE",
        }
    }
}

/// `removal_policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemovalPolicy {
    /// `retain`: DeletionPolicy/UpdateReplacePolicy `Retain`.
    #[default]
    Retain,
    /// `destroy`: `Delete`/`Delete`.
    Destroy,
    /// `retain_on_update_or_delete`: `RetainExceptOnCreate`/`Retain`.
    RetainOnUpdateOrDelete,
}

/// `tag_status` of a lifecycle rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStatus {
    /// `tagged`.
    Tagged,
    /// `untagged`.
    Untagged,
    /// `any`.
    Any,
}

impl TagStatus {
    /// The lifecycle-policy JSON value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tagged => "tagged",
            Self::Untagged => "untagged",
            Self::Any => "any",
        }
    }
}

/// What a lifecycle rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleLimit {
    /// `max_image_count`: countType `imageCountMoreThan`.
    MaxImageCount(u64),
    /// `max_image_age_days`: countType `sinceImagePushed`, countUnit `days`.
    MaxImageAgeDays(u64),
}

/// `lifecycle_rule {}`: `repo.addLifecycleRule({...})`.
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleRule {
    /// `rule_priority` as written (None: auto-assigned).
    pub rule_priority: Option<u64>,
    /// `description`.
    pub description: Option<String>,
    /// Effective tag status (default tagged when a list is set, else any).
    pub tag_status: TagStatus,
    /// `tag_prefix_list`.
    pub tag_prefix_list: Option<Vec<String>>,
    /// `tag_pattern_list`.
    pub tag_pattern_list: Option<Vec<String>>,
    /// The count or age limit.
    pub limit: LifecycleLimit,
    /// Span of `rule_priority` when written, else of the block header.
    pub span: Span,
}

/// A lifecycle rule with its final priority, in the CDK's output order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedRule<'a> {
    /// Final priority.
    pub priority: u64,
    /// The rule.
    pub rule: &'a LifecycleRule,
}

impl Repository {
    /// The rules as the CDK renders them: explicit priorities in insertion order, then
    /// unprioritized ones numbered from max+1, then the `any` rule.
    pub fn ordered_lifecycle_rules(&self) -> Vec<OrderedRule<'_>> {
        crate::lifecycle::order_rules(&self.lifecycle_rules)
    }
}

/// One repository grant or resource-policy statement, in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// `grant_*` element or `grant {}` principal: `repo.grantX(principal)` / `repo.grant(p, ...)`.
    Grant(Grant),
    /// `policy_statement {}`: `repo.addToResourcePolicy(...)`.
    Statement(PolicyStatement),
}

/// A single grant call with one principal.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// Which grant method.
    pub kind: GrantKind,
    /// The grantee.
    pub principal: Spanned<Principal>,
}

/// The grant method.
#[derive(Debug, Clone, PartialEq)]
pub enum GrantKind {
    /// `grantRead`.
    Read,
    /// `grantPull`.
    Pull,
    /// `grantPush`.
    Push,
    /// `grantPullPush`.
    PullPush,
    /// `grant(p, ...actions)`.
    Custom(Vec<String>),
}

/// ECR pull actions, in the CDK's order.
pub const PULL_ACTIONS: [&str; 3] = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
];
/// ECR push actions, in the CDK's order.
pub const PUSH_ACTIONS: [&str; 5] = [
    "ecr:CompleteLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:InitiateLayerUpload",
    "ecr:BatchCheckLayerAvailability",
    "ecr:PutImage",
];
/// The action of the authorization-token statement (token grants and pull/push grants).
pub const GET_AUTHORIZATION_TOKEN: &str = "ecr:GetAuthorizationToken";
/// `grantRead` actions.
pub const READ_ACTIONS: [&str; 2] = ["ecr:DescribeRepositories", "ecr:DescribeImages"];

impl GrantKind {
    /// The repository-scoped actions, de-duplicated in first-seen order.
    pub fn actions(&self) -> Vec<String> {
        let raw: Vec<&str> = match self {
            Self::Read => READ_ACTIONS.to_vec(),
            Self::Pull => PULL_ACTIONS.to_vec(),
            Self::Push => PUSH_ACTIONS.to_vec(),
            Self::PullPush => PULL_ACTIONS
                .iter()
                .chain(PUSH_ACTIONS.iter())
                .copied()
                .collect(),
            Self::Custom(a) => a.iter().map(String::as_str).collect(),
        };
        let mut out: Vec<String> = Vec::new();
        for a in raw {
            if !out.iter().any(|x| x == a) {
                out.push(a.to_string());
            }
        }
        out
    }
    /// Whether the CDK also adds `ecr:GetAuthorizationToken` on `*` to the principal's policy.
    pub fn adds_token_statement(&self) -> bool {
        matches!(self, Self::Pull | Self::Push | Self::PullPush)
    }
}

/// A principal (SPEC §1.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `iam_user.<ID>`.
    User(String),
    /// `iam_role.<ID>`.
    Role(String),
    /// `"123456789012"`: `AccountPrincipal`.
    Account(String),
    /// `"arn:..."`: `ArnPrincipal`.
    Arn(String),
    /// `"o-..."`: `OrganizationPrincipal`.
    Organization(String),
    /// `"x.amazonaws.com"`: `ServicePrincipal`.
    Service(String),
    /// `"*"`: `AnyPrincipal`.
    Any,
}

/// `effect` of a policy statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Effect {
    /// `Allow` (default).
    #[default]
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    /// The IAM value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Deny => "Deny",
        }
    }
}

/// `policy_statement {}` in a repository or the registry policy.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyStatement {
    /// `sid`.
    pub sid: Option<String>,
    /// `effect`.
    pub effect: Effect,
    /// `actions`.
    pub actions: Vec<String>,
    /// `not_actions`.
    pub not_actions: Vec<String>,
    /// `principals`, in order.
    pub principals: Vec<Spanned<Principal>>,
    /// `conditions`: operator -> key -> string or list, in source order.
    pub conditions: Option<serde_json::Map<String, Value>>,
    /// `resources` (registry policy only).
    pub resources: Vec<String>,
    /// Span of the block header.
    pub span: Span,
}

/// Which repository method created an event rule.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// `on_image_scan_completed` with optional `image_tags`.
    ImageScanCompleted {
        /// `image_tags`.
        image_tags: Option<Vec<String>>,
    },
    /// `on_cloud_trail_image_pushed` with optional `image_tag`.
    CloudTrailImagePushed {
        /// `image_tag`.
        image_tag: Option<String>,
    },
    /// `on_cloud_trail_event`.
    CloudTrailEvent,
    /// `on_event`.
    Event,
}

/// An event rule (SPEC §1.5), a child of its repository.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRule {
    /// Construct ID (the label).
    pub id: String,
    /// Span of the label.
    pub id_span: Span,
    /// The method.
    pub kind: EventKind,
    /// `description`.
    pub description: Option<String>,
    /// `rule_name`.
    pub rule_name: Option<String>,
    /// `event_pattern` as written (the base of the merge), keys in source order.
    pub event_pattern: Option<serde_json::Map<String, Value>>,
    /// `target {}` blocks, in order (Id `Target0`...).
    pub targets: Vec<EventTarget>,
}

/// `target { arn, input }`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventTarget {
    /// `arn`.
    pub arn: String,
    /// `input`, keys in source order.
    pub input: Option<Value>,
}

/// `iam_user "<ID>"`.
#[derive(Debug, Clone, PartialEq)]
pub struct IamUser {
    /// Construct ID.
    pub id: String,
    /// Span of the label.
    pub id_span: Span,
    /// New or imported.
    pub kind: UserKind,
}

/// How an IAM user comes to be.
#[derive(Debug, Clone, PartialEq)]
pub enum UserKind {
    /// `new iam.User(stack, ID, {userName?})`.
    New {
        /// `user_name`.
        user_name: Option<String>,
    },
    /// `iam.User.fromUserName`.
    FromName(String),
    /// `iam.User.fromUserArn`.
    FromArn(String),
}

/// `iam_role "<ID>"`.
#[derive(Debug, Clone, PartialEq)]
pub struct IamRole {
    /// Construct ID.
    pub id: String,
    /// Span of the label.
    pub id_span: Span,
    /// New or imported.
    pub kind: RoleKind,
}

/// How an IAM role comes to be.
#[derive(Debug, Clone, PartialEq)]
pub enum RoleKind {
    /// `new iam.Role(stack, ID, {assumedBy, roleName?, description?})`.
    New {
        /// `assumed_by`: a [`Principal::Service`] or [`Principal::Account`].
        assumed_by: Principal,
        /// `role_name`.
        role_name: Option<String>,
        /// `description`.
        description: Option<String>,
    },
    /// `iam.Role.fromRoleArn`.
    FromArn(String),
    /// `iam.Role.fromRoleName`.
    FromName(String),
}

/// Which authorization token a [`TokenGrant`] grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `ecr.AuthorizationToken.grantRead`.
    Ecr,
    /// `ecr.PublicGalleryAuthorizationToken.grantRead`.
    PublicGallery,
}

impl TokenKind {
    /// The actions of the token statement.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            Self::Ecr => &[GET_AUTHORIZATION_TOKEN],
            Self::PublicGallery => &[
                "ecr-public:GetAuthorizationToken",
                "sts:GetServiceBearerToken",
            ],
        }
    }
}

/// `authorization_token {}` / `public_gallery_authorization_token {}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenGrant {
    /// Which token.
    pub kind: TokenKind,
    /// `grant_read`, in order.
    pub principals: Vec<Spanned<Principal>>,
}

/// `output "<ID>"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Construct ID.
    pub id: String,
    /// Span of the label.
    pub id_span: Span,
    /// `value`.
    pub value: OutputValue,
    /// `description`.
    pub description: Option<String>,
    /// `export_name` (CloudFormation only).
    pub export_name: Option<String>,
}

/// The value of an output.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputValue {
    /// A literal string.
    Literal(String),
    /// `repository.<ID>.repository_name`.
    RepositoryName(String),
    /// `repository.<ID>.repository_arn`.
    RepositoryArn(String),
    /// `repository.<ID>.repository_uri`.
    RepositoryUri(String),
    /// `iam_role.<ID>.role_arn`.
    RoleArn(String),
    /// `iam_user.<ID>.user_arn`.
    UserArn(String),
}

/// `registry_scanning {}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryScanning {
    /// `scan_type`: `BASIC` or `ENHANCED`.
    pub scan_type: String,
    /// `rule {}` blocks.
    pub rules: Vec<ScanningRule>,
}

/// `registry_scanning { rule {} }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanningRule {
    /// `scan_frequency`: `SCAN_ON_PUSH` or `CONTINUOUS_SCAN`.
    pub scan_frequency: String,
    /// `repository_filters` (type WILDCARD).
    pub repository_filters: Vec<String>,
}

/// `replication {}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Replication {
    /// `rule {}` blocks.
    pub rules: Vec<ReplicationRule>,
}

/// `replication { rule {} }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationRule {
    /// `destination {}` blocks.
    pub destinations: Vec<ReplicationDestination>,
    /// `repository_filters` (type PREFIX_MATCH).
    pub repository_filters: Vec<String>,
}

/// `destination { region, registry_id }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationDestination {
    /// `region`.
    pub region: String,
    /// `registry_id`.
    pub registry_id: String,
}

/// `pull_through_cache_rule "<ID>"`.
#[derive(Debug, Clone, PartialEq)]
pub struct PullThroughCacheRule {
    /// Construct ID.
    pub id: String,
    /// Span of the label.
    pub id_span: Span,
    /// `ecr_repository_prefix`.
    pub ecr_repository_prefix: Option<String>,
    /// `upstream_registry_url`.
    pub upstream_registry_url: String,
    /// `credential_arn`.
    pub credential_arn: Option<String>,
    /// `custom_role_arn`.
    pub custom_role_arn: Option<String>,
    /// `upstream_repository_prefix`.
    pub upstream_repository_prefix: Option<String>,
}

/// `registry_policy {}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryPolicy {
    /// `policy_statement {}` blocks.
    pub statements: Vec<PolicyStatement>,
}
