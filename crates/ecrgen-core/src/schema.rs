//! The one schema table: every block and attribute of SPEC §1, with its type, rules and docs.
//!
//! Validation, completion, hover and the generated reference docs all read this table, so an
//! attribute is declared exactly once.

/// The type of an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// A string.
    String,
    /// `true` or `false`.
    Bool,
    /// A whole number >= 1.
    PositiveInteger,
    /// One of the listed strings.
    Enum(&'static [&'static str]),
    /// A list of strings.
    StringList,
    /// A map of strings (`{ key = "value" }`).
    StringMap,
    /// A list of principals (SPEC §1.6): references or strings.
    PrincipalList,
    /// A principal string that a role trusts: a service principal or an account ID.
    TrustPrincipal,
    /// An output value: a reference (`repository.X.repository_uri`, ...) or a string.
    OutputValue,
    /// An event pattern object (every leaf a non-empty list).
    EventPattern,
    /// IAM conditions: operator -> key -> string or list of strings.
    Conditions,
    /// Any JSON-like object (a target's `input`).
    JsonObject,
}

impl AttrType {
    /// The type as users write it in docs and messages.
    pub fn describe(&self) -> String {
        match self {
            Self::String => "string".into(),
            Self::Bool => "bool".into(),
            Self::PositiveInteger => "number (whole, >= 1)".into(),
            Self::Enum(values) => values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(" | "),
            Self::StringList => "list(string)".into(),
            Self::StringMap => "map(string)".into(),
            Self::PrincipalList => "list(principal)".into(),
            Self::TrustPrincipal => "string (service principal or account ID)".into(),
            Self::OutputValue => "reference or string".into(),
            Self::EventPattern => "object (event pattern)".into(),
            Self::Conditions => "object (IAM conditions)".into(),
            Self::JsonObject => "object".into(),
        }
    }
}

/// One attribute of a block.
#[derive(Debug, Clone, Copy)]
pub struct AttrSchema {
    /// Attribute name.
    pub name: &'static str,
    /// Value type.
    pub ty: AttrType,
    /// Whether the block needs it.
    pub required: bool,
    /// One-line doc.
    pub doc: &'static str,
    /// The CDK equivalent (prop or method).
    pub cdk: &'static str,
    /// The default, in words, when there is one.
    pub default: Option<&'static str>,
    /// An example line.
    pub example: &'static str,
}

/// How a block is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// No label.
    None,
    /// One label: a construct ID (`[A-Za-z0-9_-]`, 1-255).
    ConstructId(&'static str),
}

/// One block type, at the top level or nested.
#[derive(Debug)]
pub struct BlockSchema {
    /// Block type name.
    pub name: &'static str,
    /// Label.
    pub label: Label,
    /// How many may appear in the parent: (min, max); max `None` is unbounded.
    pub count: (usize, Option<usize>),
    /// One-line doc.
    pub doc: &'static str,
    /// The CDK equivalent.
    pub cdk: &'static str,
    /// An example.
    pub example: &'static str,
    /// Attributes.
    pub attrs: &'static [AttrSchema],
    /// Nested blocks.
    pub blocks: &'static [&'static BlockSchema],
    /// Attributes that are known but refused here, with the reason.
    pub refused: &'static [(&'static str, &'static str)],
}

impl BlockSchema {
    /// The attribute named `name`.
    pub fn attr(&self, name: &str) -> Option<&'static AttrSchema> {
        self.attrs.iter().find(|a| a.name == name)
    }
    /// The nested block named `name`.
    pub fn block(&self, name: &str) -> Option<&'static BlockSchema> {
        self.blocks.iter().copied().find(|b| b.name == name)
    }
}

macro_rules! attr {
    ($name:expr, $ty:expr, $req:expr, $doc:expr, $cdk:expr, $default:expr, $example:expr) => {
        AttrSchema {
            name: $name,
            ty: $ty,
            required: $req,
            doc: $doc,
            cdk: $cdk,
            default: $default,
            example: $example,
        }
    };
}

/// `image_tag_mutability` values.
pub const TAG_MUTABILITY: &[&str] = &[
    "MUTABLE",
    "IMMUTABLE",
    "MUTABLE_WITH_EXCLUSION",
    "IMMUTABLE_WITH_EXCLUSION",
];
/// `encryption` values.
pub const ENCRYPTION: &[&str] = &["AES256", "KMS", "KMS_DSSE"];
/// `removal_policy` values.
pub const REMOVAL_POLICY: &[&str] = &["retain", "destroy", "retain_on_update_or_delete"];
/// `tag_status` values.
pub const TAG_STATUS: &[&str] = &["tagged", "untagged", "any"];
/// `effect` values.
pub const EFFECT: &[&str] = &["Allow", "Deny"];
/// `scan_type` values.
pub const SCAN_TYPE: &[&str] = &["BASIC", "ENHANCED"];
/// `scan_frequency` values.
pub const SCAN_FREQUENCY: &[&str] = &["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

const EVENT_COMMON: [AttrSchema; 3] = [
    attr!(
        "description",
        AttrType::String,
        false,
        "Description of the EventBridge rule.",
        "OnEventOptions.description",
        None,
        "description = \"Scan results\""
    ),
    attr!(
        "rule_name",
        AttrType::String,
        false,
        "Name of the rule: 1-64 of `[.-_A-Za-z0-9]`.",
        "OnEventOptions.ruleName",
        Some("generated by CloudFormation"),
        "rule_name = \"api-scan-findings\""
    ),
    attr!(
        "event_pattern",
        AttrType::EventPattern,
        false,
        "Extra pattern fields, merged before the ones the method adds; every leaf is a list.",
        "OnEventOptions.eventPattern",
        None,
        "event_pattern = { detail = { \"scan-status\" = [\"COMPLETE\"] } }"
    ),
];

/// `target {}` inside an event rule.
pub static TARGET: BlockSchema = BlockSchema {
    name: "target",
    label: Label::None,
    count: (0, Some(5)),
    doc: "A target of the rule (Id `Target0`, `Target1`, ...); at most five.",
    cdk: "rule.addTarget(...)",
    example: "target {\n  arn = \"arn:aws:sns:us-east-1:123456789012:topic\"\n}",
    attrs: &[
        attr!(
            "arn",
            AttrType::String,
            true,
            "ARN of the target resource; its owner grants EventBridge access.",
            "IRuleTarget.bind().arn",
            None,
            "arn = \"arn:aws:sns:us-east-1:123456789012:topic\""
        ),
        attr!(
            "input",
            AttrType::JsonObject,
            false,
            "Constant JSON input sent instead of the event (compact JSON, keys in source order).",
            "RuleTargetInput.fromObject(...)",
            Some("the matched event"),
            "input = { severity = \"high\" }"
        ),
    ],
    blocks: &[],
    refused: &[],
};

macro_rules! event_rule {
    ($name:expr, $doc:expr, $cdk:expr, $example:expr, [$($extra:expr),*]) => {
        BlockSchema {
            name: $name,
            label: Label::ConstructId("rule ID"),
            count: (0, None),
            doc: $doc,
            cdk: $cdk,
            example: $example,
            attrs: &[$($extra,)* EVENT_COMMON[0], EVENT_COMMON[1], EVENT_COMMON[2]],
            blocks: &[&TARGET],
            refused: &[],
        }
    };
}

/// `on_image_scan_completed "<RuleID>" {}`.
pub static ON_IMAGE_SCAN_COMPLETED: BlockSchema = event_rule!(
    "on_image_scan_completed",
    "An EventBridge rule that fires when an image scan of this repository completes.",
    "repo.onImageScanCompleted(id, options)",
    "on_image_scan_completed \"ScanDone\" {\n  target {\n    arn = \"arn:aws:sns:us-east-1:123456789012:scans\"\n  }\n}",
    [attr!("image_tags", AttrType::StringList, false, "Only scans of images with these tags (at least one).", "OnImageScanCompletedOptions.imageTags", Some("every image"), "image_tags = [\"latest\"]")]
);
/// `on_cloud_trail_image_pushed "<RuleID>" {}`.
pub static ON_CLOUD_TRAIL_IMAGE_PUSHED: BlockSchema = event_rule!(
    "on_cloud_trail_image_pushed",
    "An EventBridge rule that fires when an image is pushed (CloudTrail `PutImage`).",
    "repo.onCloudTrailImagePushed(id, options)",
    "on_cloud_trail_image_pushed \"Pushed\" {\n  image_tag = \"latest\"\n}",
    [attr!(
        "image_tag",
        AttrType::String,
        false,
        "Only pushes of this tag.",
        "OnCloudTrailImagePushedOptions.imageTag",
        Some("every tag"),
        "image_tag = \"latest\""
    )]
);
/// `on_cloud_trail_event "<RuleID>" {}`.
pub static ON_CLOUD_TRAIL_EVENT: BlockSchema = event_rule!(
    "on_cloud_trail_event",
    "An EventBridge rule for every CloudTrail API call on this repository.",
    "repo.onCloudTrailEvent(id, options)",
    "on_cloud_trail_event \"ApiCalls\" {}",
    []
);
/// `on_event "<RuleID>" {}`.
pub static ON_EVENT: BlockSchema = event_rule!(
    "on_event",
    "An EventBridge rule for every ECR event of this repository.",
    "repo.onEvent(id, options)",
    "on_event \"AllEvents\" {}",
    []
);

/// `lifecycle_rule {}`.
pub static LIFECYCLE_RULE: BlockSchema = BlockSchema {
    name: "lifecycle_rule",
    label: Label::None,
    count: (0, None),
    doc: "A lifecycle rule that expires images; exactly one of `max_image_count` and `max_image_age_days`.",
    cdk: "repo.addLifecycleRule({...})",
    example: "lifecycle_rule {\n  tag_prefix_list = [\"prod\"]\n  max_image_count = 9999\n}",
    attrs: &[
        attr!("rule_priority", AttrType::PositiveInteger, false, "Order of evaluation; unique within the repository.", "LifecycleRule.rulePriority", Some("assigned after the highest explicit priority"), "rule_priority = 1"),
        attr!("description", AttrType::String, false, "Describes the rule.", "LifecycleRule.description", None, "description = \"Keep 30 releases\""),
        attr!("tag_status", AttrType::Enum(TAG_STATUS), false, "Which images the rule selects.", "LifecycleRule.tagStatus", Some("\"tagged\" when a tag list is set, else \"any\""), "tag_status = \"untagged\""),
        attr!("tag_prefix_list", AttrType::StringList, false, "Tag prefixes selected (tagged rules only).", "LifecycleRule.tagPrefixList", None, "tag_prefix_list = [\"v\"]"),
        attr!("tag_pattern_list", AttrType::StringList, false, "Tag wildcard patterns, at most four `*` each (tagged rules only).", "LifecycleRule.tagPatternList", None, "tag_pattern_list = [\"release-*\"]"),
        attr!("max_image_count", AttrType::PositiveInteger, false, "Keep at most this many images (countType imageCountMoreThan).", "LifecycleRule.maxImageCount", None, "max_image_count = 30"),
        attr!("max_image_age_days", AttrType::PositiveInteger, false, "Expire images pushed more than this many days ago (countType sinceImagePushed).", "LifecycleRule.maxImageAge: Duration.days(n)", None, "max_image_age_days = 14"),
    ],
    blocks: &[],
    refused: &[],
};

/// `grant {}`.
pub static GRANT: BlockSchema = BlockSchema {
    name: "grant",
    label: Label::None,
    count: (0, None),
    doc: "Grants the given actions on this repository to each principal.",
    cdk: "repo.grant(principal, ...actions)",
    example:
        "grant {\n  principals = [iam_role.Scanner]\n  actions    = [\"ecr:StartImageScan\"]\n}",
    attrs: &[
        attr!(
            "principals",
            AttrType::PrincipalList,
            true,
            "Who gets the actions.",
            "grantee",
            None,
            "principals = [iam_role.Scanner]"
        ),
        attr!(
            "actions",
            AttrType::StringList,
            true,
            "ECR actions to grant.",
            "...actions",
            None,
            "actions = [\"ecr:ListImages\"]"
        ),
    ],
    blocks: &[],
    refused: &[],
};

const STATEMENT_ATTRS_COMMON: [AttrSchema; 6] = [
    attr!(
        "sid",
        AttrType::String,
        false,
        "Statement ID.",
        "PolicyStatement.sid",
        None,
        "sid = \"AllowPull\""
    ),
    attr!(
        "effect",
        AttrType::Enum(EFFECT),
        false,
        "Allow or Deny.",
        "PolicyStatement.effect",
        Some("\"Allow\""),
        "effect = \"Deny\""
    ),
    attr!(
        "actions",
        AttrType::StringList,
        false,
        "Actions the statement covers.",
        "PolicyStatement.actions",
        None,
        "actions = [\"ecr:BatchGetImage\"]"
    ),
    attr!(
        "not_actions",
        AttrType::StringList,
        false,
        "Actions the statement excludes.",
        "PolicyStatement.notActions",
        None,
        "not_actions = [\"ecr:DeleteRepository\"]"
    ),
    attr!(
        "principals",
        AttrType::PrincipalList,
        false,
        "Principals the statement applies to (required).",
        "PolicyStatement.principals",
        None,
        "principals = [\"111122223333\"]"
    ),
    attr!(
        "conditions",
        AttrType::Conditions,
        false,
        "Conditions: operator -> key -> string or list.",
        "PolicyStatement.conditions",
        None,
        "conditions = { StringEquals = { \"aws:PrincipalOrgID\" = \"o-abcdefghij\" } }"
    ),
];

/// `policy_statement {}` in a repository.
pub static REPOSITORY_POLICY_STATEMENT: BlockSchema = BlockSchema {
    name: "policy_statement",
    label: Label::None,
    count: (0, None),
    doc: "A statement of the repository's resource policy; needs actions (or not_actions) and principals.",
    cdk: "repo.addToResourcePolicy(new iam.PolicyStatement({...}))",
    example: "policy_statement {\n  sid        = \"CrossAccountPull\"\n  actions    = [\"ecr:BatchGetImage\"]\n  principals = [\"111122223333\"]\n}",
    attrs: &STATEMENT_ATTRS_COMMON,
    blocks: &[],
    refused: &[(
        "resources",
        "`resources` is not allowed in a repository policy statement: ECR resource policies apply to the repository itself (the CDK only warns, then the deploy fails)",
    )],
};

/// `policy_statement {}` in the registry policy.
pub static REGISTRY_POLICY_STATEMENT: BlockSchema = BlockSchema {
    name: "policy_statement",
    label: Label::None,
    count: (1, None),
    doc: "A statement of the registry policy; `\"*\"` principals are refused here.",
    cdk: "CfnRegistryPolicy.policyText.Statement[]",
    example: "policy_statement {\n  actions    = [\"ecr:ReplicateImage\"]\n  principals = [\"444455556666\"]\n  resources  = [\"arn:aws:ecr:us-east-1:123456789012:repository/*\"]\n}",
    attrs: &[
        STATEMENT_ATTRS_COMMON[0],
        STATEMENT_ATTRS_COMMON[1],
        STATEMENT_ATTRS_COMMON[2],
        STATEMENT_ATTRS_COMMON[3],
        STATEMENT_ATTRS_COMMON[4],
        STATEMENT_ATTRS_COMMON[5],
        attr!("resources", AttrType::StringList, false, "Resource ARNs the statement covers.", "PolicyStatement.resources", None, "resources = [\"arn:aws:ecr:us-east-1:123456789012:repository/*\"]"),
    ],
    blocks: &[],
    refused: &[],
};

/// `repository "<ID>" {}`.
pub static REPOSITORY: BlockSchema = BlockSchema {
    name: "repository",
    label: Label::ConstructId("repository ID"),
    count: (0, None),
    doc: "An ECR repository.",
    cdk: "new ecr.Repository(stack, ID, props)",
    example: "repository \"Api\" {\n  repository_name      = \"team/api\"\n  image_scan_on_push   = true\n  image_tag_mutability = \"IMMUTABLE\"\n}",
    attrs: &[
        attr!("repository_name", AttrType::String, false, "Repository name: 2-256 lowercase letters, digits and `._-/` separators.", "RepositoryProps.repositoryName", Some("generated by CloudFormation (Terraform: the ID in kebab-case)"), "repository_name = \"team/api\""),
        attr!("image_scan_on_push", AttrType::Bool, false, "Scan images for vulnerabilities when pushed.", "RepositoryProps.imageScanOnPush", Some("unset (no scan on push)"), "image_scan_on_push = true"),
        attr!("image_tag_mutability", AttrType::Enum(TAG_MUTABILITY), false, "Whether image tags can be overwritten.", "RepositoryProps.imageTagMutability", Some("\"MUTABLE\" (the service default)"), "image_tag_mutability = \"IMMUTABLE\""),
        attr!("image_tag_mutability_exclusion_filters", AttrType::StringList, false, "1-5 tag wildcards exempt from the mutability setting (only with a *_WITH_EXCLUSION mutability).", "RepositoryProps.imageTagMutabilityExclusionFilters (wildcard(p))", None, "image_tag_mutability_exclusion_filters = [\"latest\", \"dev-*\"]"),
        attr!("encryption", AttrType::Enum(ENCRYPTION), false, "Encryption at rest.", "RepositoryProps.encryption", Some("\"KMS\" when encryption_key is set, else \"AES256\""), "encryption = \"KMS\""),
        attr!("encryption_key", AttrType::String, false, "KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>).", "RepositoryProps.encryptionKey (kms.Key.fromKeyArn)", None, "encryption_key = \"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\""),
        attr!("removal_policy", AttrType::Enum(REMOVAL_POLICY), false, "What happens to the repository when it leaves the stack.", "RepositoryProps.removalPolicy", Some("\"retain\""), "removal_policy = \"destroy\""),
        attr!("empty_on_delete", AttrType::Bool, false, "Delete the images when the repository is deleted (needs removal_policy = \"destroy\").", "RepositoryProps.emptyOnDelete", None, "empty_on_delete = true"),
        attr!("lifecycle_registry_id", AttrType::String, false, "Registry (12-digit account ID) the lifecycle policy belongs to; CloudFormation only.", "RepositoryProps.lifecycleRegistryId", None, "lifecycle_registry_id = \"123456789012\""),
        attr!("tags", AttrType::StringMap, false, "Tags for the repository and its event rules.", "Tags.of(repo).add(k, v)", None, "tags = { team = \"platform\" }"),
        attr!("allow_public_access", AttrType::Bool, false, "Required for `\"*\"` principals in this repository's grants and statements.", "(none)", Some("false"), "allow_public_access = true"),
        attr!("grant_read", AttrType::PrincipalList, false, "Grant DescribeRepositories and DescribeImages.", "repo.grantRead(p)", None, "grant_read = [iam_user.Auditor]"),
        attr!("grant_pull", AttrType::PrincipalList, false, "Grant image pull (plus GetAuthorizationToken for identities).", "repo.grantPull(p)", None, "grant_pull = [\"111122223333\"]"),
        attr!("grant_push", AttrType::PrincipalList, false, "Grant image push (plus GetAuthorizationToken for identities).", "repo.grantPush(p)", None, "grant_push = [iam_role.Ci]"),
        attr!("grant_pull_push", AttrType::PrincipalList, false, "Grant pull and push (plus GetAuthorizationToken for identities).", "repo.grantPullPush(p)", None, "grant_pull_push = [iam_role.Ci]"),
    ],
    blocks: &[
        &LIFECYCLE_RULE,
        &ON_IMAGE_SCAN_COMPLETED,
        &ON_CLOUD_TRAIL_IMAGE_PUSHED,
        &ON_CLOUD_TRAIL_EVENT,
        &ON_EVENT,
        &GRANT,
        &REPOSITORY_POLICY_STATEMENT,
    ],
    refused: &[],
};

/// `stack "<Name>" {}`.
pub static STACK: BlockSchema = BlockSchema {
    name: "stack",
    label: Label::ConstructId("stack name"),
    count: (0, Some(1)),
    doc: "The stack: its name names the outputs (default `EcrStack`).",
    cdk: "new Stack(app, Name, { description })",
    example: "stack \"Platform\" {\n  description = \"ECR repositories of the platform team\"\n}",
    attrs: &[
        attr!(
            "description",
            AttrType::String,
            false,
            "CloudFormation Description (max 1024 bytes); module README summary.",
            "StackProps.description",
            None,
            "description = \"Platform repositories\""
        ),
        attr!(
            "tags",
            AttrType::StringMap,
            false,
            "Tags for every taggable resource, new IAM users and roles included.",
            "Tags.of(stack).add(k, v)",
            None,
            "tags = { owner = \"platform\" }"
        ),
    ],
    blocks: &[],
    refused: &[],
};

/// `iam_user "<ID>" {}`.
pub static IAM_USER: BlockSchema = BlockSchema {
    name: "iam_user",
    label: Label::ConstructId("user ID"),
    count: (0, None),
    doc: "An IAM user: new (optionally named) or imported by name or ARN.",
    cdk: "new iam.User(stack, ID) / iam.User.fromUserName / fromUserArn",
    example: "iam_user \"Auditor\" {\n  user_name = \"auditor\"\n}",
    attrs: &[
        attr!(
            "user_name",
            AttrType::String,
            false,
            "Name of a new user.",
            "UserProps.userName",
            Some("generated by CloudFormation"),
            "user_name = \"auditor\""
        ),
        attr!(
            "from_user_name",
            AttrType::String,
            false,
            "Import an existing user by name.",
            "iam.User.fromUserName(stack, ID, name)",
            None,
            "from_user_name = \"release-bot\""
        ),
        attr!(
            "from_user_arn",
            AttrType::String,
            false,
            "Import an existing user by ARN.",
            "iam.User.fromUserArn(stack, ID, arn)",
            None,
            "from_user_arn = \"arn:aws:iam::111122223333:user/alice\""
        ),
    ],
    blocks: &[],
    refused: &[],
};

/// `iam_role "<ID>" {}`.
pub static IAM_ROLE: BlockSchema = BlockSchema {
    name: "iam_role",
    label: Label::ConstructId("role ID"),
    count: (0, None),
    doc: "An IAM role: new (`assumed_by`) or imported by ARN or name.",
    cdk: "new iam.Role(stack, ID, {...}) / iam.Role.fromRoleArn / fromRoleName",
    example: "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}",
    attrs: &[
        attr!(
            "assumed_by",
            AttrType::TrustPrincipal,
            false,
            "Who may assume a new role: a service principal or an account ID.",
            "RoleProps.assumedBy",
            None,
            "assumed_by = \"codebuild.amazonaws.com\""
        ),
        attr!(
            "role_name",
            AttrType::String,
            false,
            "Name of a new role.",
            "RoleProps.roleName",
            Some("generated by CloudFormation"),
            "role_name = \"image-builder\""
        ),
        attr!(
            "description",
            AttrType::String,
            false,
            "Description of a new role.",
            "RoleProps.description",
            None,
            "description = \"Builds images\""
        ),
        attr!(
            "from_role_arn",
            AttrType::String,
            false,
            "Import an existing role by ARN.",
            "iam.Role.fromRoleArn(stack, ID, arn)",
            None,
            "from_role_arn = \"arn:aws:iam::111122223333:role/ci\""
        ),
        attr!(
            "from_role_name",
            AttrType::String,
            false,
            "Import an existing role by name.",
            "iam.Role.fromRoleName(stack, ID, name)",
            None,
            "from_role_name = \"service-runtime\""
        ),
    ],
    blocks: &[],
    refused: &[],
};

/// `authorization_token {}`.
pub static AUTHORIZATION_TOKEN: BlockSchema = BlockSchema {
    name: "authorization_token",
    label: Label::None,
    count: (0, None),
    doc: "Lets principals call ecr:GetAuthorizationToken (docker login).",
    cdk: "ecr.AuthorizationToken.grantRead(p)",
    example: "authorization_token {\n  grant_read = [iam_role.Ci]\n}",
    attrs: &[attr!(
        "grant_read",
        AttrType::PrincipalList,
        true,
        "Principals that may get a token (only identities with a policy are affected).",
        "AuthorizationToken.grantRead(p)",
        None,
        "grant_read = [iam_role.Ci]"
    )],
    blocks: &[],
    refused: &[],
};

/// `public_gallery_authorization_token {}`.
pub static PUBLIC_GALLERY_AUTHORIZATION_TOKEN: BlockSchema = BlockSchema {
    name: "public_gallery_authorization_token",
    label: Label::None,
    count: (0, None),
    doc: "Lets principals get an ECR Public gallery token.",
    cdk: "ecr.PublicGalleryAuthorizationToken.grantRead(p)",
    example: "public_gallery_authorization_token {\n  grant_read = [iam_user.Dev]\n}",
    attrs: &[attr!(
        "grant_read",
        AttrType::PrincipalList,
        true,
        "Principals that may get a gallery token.",
        "PublicGalleryAuthorizationToken.grantRead(p)",
        None,
        "grant_read = [iam_user.Dev]"
    )],
    blocks: &[],
    refused: &[],
};

/// `output "<ID>" {}`.
pub static OUTPUT: BlockSchema = BlockSchema {
    name: "output",
    label: Label::ConstructId("output ID"),
    count: (0, None),
    doc: "A stack output (CloudFormation Outputs, Terraform output).",
    cdk: "new CfnOutput(stack, ID, {...})",
    example: "output \"ApiUri\" {\n  value = repository.Api.repository_uri\n}",
    attrs: &[
        attr!("value", AttrType::OutputValue, true, "`repository.<ID>.repository_name|repository_arn|repository_uri`, `iam_role.<ID>.role_arn`, `iam_user.<ID>.user_arn`, or a string.", "CfnOutputProps.value", None, "value = repository.Api.repository_uri"),
        attr!("description", AttrType::String, false, "Description of the output.", "CfnOutputProps.description", None, "description = \"docker push target\""),
        attr!("export_name", AttrType::String, false, "CloudFormation export name (CloudFormation only).", "CfnOutputProps.exportName", None, "export_name = \"api-repository-uri\""),
    ],
    blocks: &[],
    refused: &[],
};

/// `registry_scanning { rule {} }`.
pub static SCANNING_RULE: BlockSchema = BlockSchema {
    name: "rule",
    label: Label::None,
    count: (0, Some(2)),
    doc: "A scanning rule: frequency and the repositories it covers.",
    cdk: "CfnRegistryScanningConfiguration.ScanningRuleProperty",
    example:
        "rule {\n  scan_frequency     = \"CONTINUOUS_SCAN\"\n  repository_filters = [\"prod-*\"]\n}",
    attrs: &[
        attr!(
            "scan_frequency",
            AttrType::Enum(SCAN_FREQUENCY),
            true,
            "How often matching repositories are scanned.",
            "ScanningRuleProperty.scanFrequency",
            None,
            "scan_frequency = \"SCAN_ON_PUSH\""
        ),
        attr!(
            "repository_filters",
            AttrType::StringList,
            true,
            "Repository name wildcards (type WILDCARD); at least one.",
            "ScanningRuleProperty.repositoryFilters",
            None,
            "repository_filters = [\"*\"]"
        ),
    ],
    blocks: &[],
    refused: &[],
};

/// `registry_scanning {}`.
pub static REGISTRY_SCANNING: BlockSchema = BlockSchema {
    name: "registry_scanning",
    label: Label::None,
    count: (0, Some(1)),
    doc: "The registry's scanning configuration (one per account and region).",
    cdk: "new ecr.CfnRegistryScanningConfiguration(stack, 'RegistryScanning', {...})",
    example: "registry_scanning {\n  scan_type = \"ENHANCED\"\n  rule {\n    scan_frequency     = \"CONTINUOUS_SCAN\"\n    repository_filters = [\"*\"]\n  }\n}",
    attrs: &[attr!("scan_type", AttrType::Enum(SCAN_TYPE), true, "BASIC or ENHANCED (Amazon Inspector) scanning.", "CfnRegistryScanningConfigurationProps.scanType", None, "scan_type = \"ENHANCED\"")],
    blocks: &[&SCANNING_RULE],
    refused: &[],
};

/// `replication { rule { destination {} } }`.
pub static REPLICATION_DESTINATION: BlockSchema = BlockSchema {
    name: "destination",
    label: Label::None,
    count: (1, None),
    doc: "Where images are replicated to.",
    cdk: "CfnReplicationConfiguration.ReplicationDestinationProperty",
    example: "destination {\n  region      = \"us-west-2\"\n  registry_id = \"123456789012\"\n}",
    attrs: &[
        attr!(
            "region",
            AttrType::String,
            true,
            "Destination region.",
            "ReplicationDestinationProperty.region",
            None,
            "region = \"us-west-2\""
        ),
        attr!(
            "registry_id",
            AttrType::String,
            true,
            "Destination registry: a 12-digit account ID.",
            "ReplicationDestinationProperty.registryId",
            None,
            "registry_id = \"123456789012\""
        ),
    ],
    blocks: &[],
    refused: &[],
};

/// `replication { rule {} }`.
pub static REPLICATION_RULE: BlockSchema = BlockSchema {
    name: "rule",
    label: Label::None,
    count: (1, None),
    doc: "A replication rule: destinations and optional repository prefix filters.",
    cdk: "CfnReplicationConfiguration.ReplicationRuleProperty",
    example: "rule {\n  destination {\n    region      = \"us-west-2\"\n    registry_id = \"123456789012\"\n  }\n}",
    attrs: &[attr!("repository_filters", AttrType::StringList, false, "Repository name prefixes (type PREFIX_MATCH).", "ReplicationRuleProperty.repositoryFilters", Some("every repository"), "repository_filters = [\"prod\"]")],
    blocks: &[&REPLICATION_DESTINATION],
    refused: &[],
};

/// `replication {}`.
pub static REPLICATION: BlockSchema = BlockSchema {
    name: "replication",
    label: Label::None,
    count: (0, Some(1)),
    doc: "The registry's replication configuration (one per account and region).",
    cdk: "new ecr.CfnReplicationConfiguration(stack, 'Replication', {...})",
    example: "replication {\n  rule {\n    destination {\n      region      = \"us-west-2\"\n      registry_id = \"123456789012\"\n    }\n  }\n}",
    attrs: &[],
    blocks: &[&REPLICATION_RULE],
    refused: &[],
};

/// `pull_through_cache_rule "<ID>" {}`.
pub static PULL_THROUGH_CACHE_RULE: BlockSchema = BlockSchema {
    name: "pull_through_cache_rule",
    label: Label::ConstructId("rule ID"),
    count: (0, None),
    doc: "A pull-through cache rule for an upstream registry.",
    cdk: "new ecr.CfnPullThroughCacheRule(stack, ID, {...})",
    example: "pull_through_cache_rule \"Quay\" {\n  ecr_repository_prefix = \"quay\"\n  upstream_registry_url = \"quay.io\"\n}",
    attrs: &[
        attr!("ecr_repository_prefix", AttrType::String, false, "Prefix of the cached repositories in this registry.", "CfnPullThroughCacheRuleProps.ecrRepositoryPrefix", None, "ecr_repository_prefix = \"docker-hub\""),
        attr!("upstream_registry_url", AttrType::String, true, "The upstream registry.", "CfnPullThroughCacheRuleProps.upstreamRegistryUrl", None, "upstream_registry_url = \"registry-1.docker.io\""),
        attr!("credential_arn", AttrType::String, false, "Secrets Manager secret with the upstream credentials.", "CfnPullThroughCacheRuleProps.credentialArn", None, "credential_arn = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/hub\""),
        attr!("custom_role_arn", AttrType::String, false, "Role ECR assumes to reach an upstream ECR registry.", "CfnPullThroughCacheRuleProps.customRoleArn", None, "custom_role_arn = \"arn:aws:iam::123456789012:role/ptc\""),
        attr!("upstream_repository_prefix", AttrType::String, false, "Repository prefix in the upstream registry.", "CfnPullThroughCacheRuleProps.upstreamRepositoryPrefix", None, "upstream_repository_prefix = \"prod\""),
    ],
    blocks: &[],
    refused: &[],
};

/// `registry_policy {}`.
pub static REGISTRY_POLICY: BlockSchema = BlockSchema {
    name: "registry_policy",
    label: Label::None,
    count: (0, Some(1)),
    doc: "The registry's permissions policy (one per account and region).",
    cdk: "new ecr.CfnRegistryPolicy(stack, 'RegistryPolicy', {...})",
    example: "registry_policy {\n  policy_statement {\n    actions    = [\"ecr:ReplicateImage\"]\n    principals = [\"444455556666\"]\n    resources  = [\"arn:aws:ecr:us-east-1:123456789012:repository/*\"]\n  }\n}",
    attrs: &[],
    blocks: &[&REGISTRY_POLICY_STATEMENT],
    refused: &[],
};

/// The file-level pseudo block: every top-level block type.
pub static ROOT: BlockSchema = BlockSchema {
    name: "",
    label: Label::None,
    count: (1, Some(1)),
    doc: "A spec file.",
    cdk: "the stack",
    example: "",
    attrs: &[],
    blocks: &[
        &STACK,
        &REPOSITORY,
        &IAM_USER,
        &IAM_ROLE,
        &AUTHORIZATION_TOKEN,
        &PUBLIC_GALLERY_AUTHORIZATION_TOKEN,
        &OUTPUT,
        &REGISTRY_SCANNING,
        &REPLICATION,
        &PULL_THROUGH_CACHE_RULE,
        &REGISTRY_POLICY,
    ],
    refused: &[],
};

/// The block types a spec can refer to (`repository.X`, `iam_user.X`, `iam_role.X`): navigation,
/// completion and the tolerant scanner read this one list.
pub const REFERABLE_BLOCKS: [&str; 3] = ["repository", "iam_user", "iam_role"];

/// The referable block types that are principals (in `grant_*` and `principals` lists).
pub const PRINCIPAL_BLOCKS: [&str; 2] = ["iam_user", "iam_role"];

/// Output reference attributes by referenced block type.
pub const OUTPUT_REFERENCE_ATTRS: &[(&str, &[&str])] = &[
    (
        "repository",
        &["repository_name", "repository_arn", "repository_uri"],
    ),
    ("iam_role", &["role_arn"]),
    ("iam_user", &["user_arn"]),
];

/// Finds the schema of the block at `path` (block type names from the top level down).
pub fn block_at_path(path: &[&str]) -> Option<&'static BlockSchema> {
    let mut current: &'static BlockSchema = &ROOT;
    for name in path {
        current = current.block(name)?;
    }
    Some(current)
}
