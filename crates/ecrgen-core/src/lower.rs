//! Checked nodes to the typed model, running every CDK rule (in the CDK's order and wording)
//! and ecrgen's own rules on the way.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Map, Value};

use crate::diagnostic::Diagnostic;
use crate::event_pattern::{merged_pattern, PatternValue};
use crate::logical_id::{id_problems, IdProblem, Section};
use crate::model::*;
use crate::names::{is_account, is_arn, is_iam_arn, is_kms_key_arn, is_org_id};
use crate::syntax::{did_you_mean, AttrNode, BlockNode, SVal, Val};

/// Diagnostic codes of the model rules.
pub mod codes {
    /// Duplicate construct ID.
    pub const DUPLICATE_ID: &str = "E0120";
    /// Reserved construct ID (`Resource` for an event rule; `Resource` beside `Default`).
    pub const RESERVED_ID: &str = "E0121";
    /// Unresolved reference.
    pub const UNRESOLVED_REFERENCE: &str = "E0122";
    /// Mutually exclusive attributes.
    pub const CONFLICT: &str = "E0123";
    /// Two constructs with the same logical ID.
    pub const LOGICAL_ID_COLLISION: &str = "E0124";
    /// Invalid repository name.
    pub const REPOSITORY_NAME: &str = "E0201";
    /// Duplicate repository name.
    pub const DUPLICATE_REPOSITORY_NAME: &str = "E0202";
    /// Tag mutability and exclusion filters disagree.
    pub const TAG_MUTABILITY: &str = "E0203";
    /// Invalid exclusion filter pattern.
    pub const EXCLUSION_FILTER: &str = "E0204";
    /// Encryption key with non-KMS encryption.
    pub const ENCRYPTION: &str = "E0205";
    /// Malformed ARN or account ID.
    pub const MALFORMED_ID: &str = "E0206";
    /// `empty_on_delete` without destroy.
    pub const EMPTY_ON_DELETE: &str = "E0207";
    /// A tag CloudFormation refuses: too many, key or value too long, `aws:` key.
    pub const TAG: &str = "E0208";
    /// Lifecycle rule check (CDK).
    pub const LIFECYCLE: &str = "E0301";
    /// Duplicate lifecycle priority.
    pub const DUPLICATE_PRIORITY: &str = "E0302";
    /// Event rule check (CDK).
    pub const EVENT_RULE: &str = "E0401";
    /// Event pattern shape.
    pub const EVENT_PATTERN: &str = "E0402";
    /// Policy statement check (CDK).
    pub const POLICY_STATEMENT: &str = "E0501";
    /// Invalid principal.
    pub const PRINCIPAL: &str = "E0502";
    /// `"*"` without `allow_public_access`.
    pub const PUBLIC_ACCESS: &str = "E0503";
    /// A tag that IAM refuses.
    pub const IAM_TAG: &str = "E0504";
    /// Stack description too long.
    pub const DESCRIPTION: &str = "E0505";
    /// ECR.1: scan on push not enabled.
    pub const ECR1: &str = "W0101";
    /// ECR.2: tags mutable.
    pub const ECR2: &str = "W0102";
    /// ECR.3: no lifecycle rule.
    pub const ECR3: &str = "W0103";
    /// An identity or managed policy that may exceed IAM's size limit (found in the plan).
    pub const POLICY_SIZE: &str = "W0201";
}

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `repository.X`.
    Repository,
    /// `iam_user.X`.
    User,
    /// `iam_role.X`.
    Role,
}

impl RefKind {
    /// The block type name.
    pub fn block(self) -> &'static str {
        match self {
            Self::Repository => "repository",
            Self::User => "iam_user",
            Self::Role => "iam_role",
        }
    }
}

/// A construct definition (a labelled top-level block), for navigation.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// Block type.
    pub block: &'static str,
    /// Construct ID.
    pub id: String,
    /// Span of the label.
    pub label_span: Span,
    /// Span of the whole block.
    pub span: Span,
}

/// A reference to a construct, for navigation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Referenced block type.
    pub kind: RefKind,
    /// Referenced construct ID.
    pub id: String,
    /// Span of the whole reference (`iam_user.Dev`).
    pub span: Span,
}

/// Lowering state over all files.
pub struct Lowerer<'d> {
    diags: &'d mut Vec<Diagnostic>,
    /// Top-level definitions in source order.
    pub definitions: Vec<Definition>,
    /// References in source order.
    pub references: Vec<Reference>,
    repository_names: HashMap<String, Span>,
    stack_seen: bool,
    /// Security settings written with a value that failed a check, per repository (by the span
    /// of its ID): an error already points there, so no ECR warning says they are unset.
    invalid_security_settings: Vec<(Span, &'static str)>,
}

/// How many unresolved references get a "did you mean" help. Each suggestion compares the ID
/// with every definition: for all of 8,000 unresolved references among 8,000 users, that was 3 s.
const SUGGESTED_REFERENCES: usize = 100;

/// CloudFormation's tag limits, the same for every taggable resource ecrgen writes (ECR
/// repositories, EventBridge rules, IAM users and roles): tags per resource, characters of a key
/// and of a value.
const MAX_TAGS: usize = 50;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;

/// Whether AWS reserves `key` for its own tags: it starts with `aws:` in any case.
fn is_reserved_tag_key(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// `s` for a message: its first 40 characters when it is longer.
fn shortened(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((end, _)) => format!("{}...", &s[..end]),
        None => s.to_string(),
    }
}

/// The entries of a map attribute, if it is present and valid.
fn map_entries(attr: Option<&AttrNode>) -> &[(String, Span, SVal)] {
    match attr.map(|a| &a.value.val) {
        Some(Val::Object(entries)) => entries,
        _ => &[],
    }
}

/// IAM's tag character rule: letters, digits, spaces and `_.:/=+-@`.
fn fits_iam_tag(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c))
}

impl<'d> Lowerer<'d> {
    /// A lowerer that pushes into `diags`.
    pub fn new(diags: &'d mut Vec<Diagnostic>) -> Self {
        Self {
            diags,
            definitions: Vec::new(),
            references: Vec::new(),
            repository_names: HashMap::new(),
            stack_seen: false,
            invalid_security_settings: Vec::new(),
        }
    }

    fn err(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, span, message));
    }

    /// Lowers all top-level blocks (all files, in order) into a spec.
    pub fn lower(&mut self, blocks: &[BlockNode], files: Vec<String>) -> Spec {
        let mut spec = Spec {
            files,
            ..Spec::default()
        };
        // Construct IDs share the stack's namespace whatever their block type.
        let mut seen: HashMap<String, Span> = HashMap::new();
        // The registry blocks are constructs with fixed IDs in the same namespace.
        let reserved: Vec<(&str, &str)> = [
            ("registry_scanning", "RegistryScanning"),
            ("replication", "Replication"),
            ("registry_policy", "RegistryPolicy"),
        ]
        .into_iter()
        .filter(|(block, _)| blocks.iter().any(|b| b.schema.name == *block))
        .collect();
        for b in blocks {
            if let Some((id, span)) = &b.label {
                if b.schema.name == "stack" {
                    continue;
                }
                if let Some((block, _)) = reserved.iter().find(|(_, rid)| rid == id) {
                    self.err(
                        codes::DUPLICATE_ID,
                        b.header.clone(),
                        format!(
                            "duplicate construct ID `{id}`: the `{block}` block already uses it"
                        ),
                    );
                    continue;
                }
                if seen.contains_key(id) {
                    self.err(
                        codes::DUPLICATE_ID,
                        b.header.clone(),
                        format!("duplicate construct ID `{id}`: an ID is used once per stack, whatever the block type"),
                    );
                    continue;
                }
                seen.insert(id.clone(), span.clone());
                self.definitions.push(Definition {
                    block: b.schema.name,
                    id: id.clone(),
                    label_span: span.clone(),
                    span: b.span.clone(),
                });
            }
        }
        self.default_child_is_unambiguous(blocks, &seen);
        let mut registry_scanning_present = false;
        for b in blocks {
            let item = match b.schema.name {
                "stack" => {
                    self.stack(b, &mut spec.stack);
                    None
                }
                "repository" => self.repository(b).map(Item::Repository),
                "iam_user" => self.user(b).map(Item::User),
                "iam_role" => self.role(b).map(Item::Role),
                "authorization_token" => Some(Item::TokenGrant(TokenGrant {
                    kind: TokenKind::Ecr,
                    principals: self.principals(b.attr("grant_read"), false, false),
                })),
                "public_gallery_authorization_token" => Some(Item::TokenGrant(TokenGrant {
                    kind: TokenKind::PublicGallery,
                    principals: self.principals(b.attr("grant_read"), false, false),
                })),
                "output" => self.output(b).map(Item::Output),
                "registry_scanning" => {
                    registry_scanning_present = true;
                    Some(Item::RegistryScanning(RegistryScanning {
                        scan_type: b.str("scan_type").unwrap_or_default(),
                        rules: b
                            .blocks_named("rule")
                            .map(|r| {
                                self.non_empty_list(r, "repository_filters");
                                ScanningRule {
                                    scan_frequency: r.str("scan_frequency").unwrap_or_default(),
                                    repository_filters: r.str_list("repository_filters").unwrap_or_default(),
                                }
                            })
                            .collect(),
                    }))
                }
                "replication" => Some(Item::Replication(Replication {
                    rules: b
                        .blocks_named("rule")
                        .map(|r| ReplicationRule {
                            destinations: r
                                .blocks_named("destination")
                                .map(|d| {
                                    let registry_id = d.str("registry_id").unwrap_or_default();
                                    if d.attr("registry_id").is_some() && !is_account(&registry_id) {
                                        self.err(
                                            codes::MALFORMED_ID,
                                            d.span_of("registry_id"),
                                            format!("`registry_id` must be a 12-digit account ID, got \"{registry_id}\""),
                                        );
                                    }
                                    ReplicationDestination { region: d.str("region").unwrap_or_default(), registry_id }
                                })
                                .collect(),
                            repository_filters: r.str_list("repository_filters").unwrap_or_default(),
                        })
                        .collect(),
                })),
                "pull_through_cache_rule" => self.pull_through_cache_rule(b).map(Item::PullThroughCacheRule),
                "registry_policy" => Some(Item::RegistryPolicy(RegistryPolicy {
                    statements: b.blocks_named("policy_statement").map(|s| self.statement(s, false, true)).collect(),
                })),
                _ => None,
            };
            if let Some(item) = item {
                spec.items.push(item);
            }
        }
        self.resolve_references();
        self.stack_tags_fit_iam(blocks, &spec);
        self.tags_fit_cloudformation(blocks, &spec);
        self.security_warnings(&spec, registry_scanning_present);
        self.logical_id_collisions(&spec);
        spec
    }

    /// The CDK refuses a construct with both a `Resource` and a `Default` child: it cannot tell
    /// which is its default child. Top-level labels are the stack's children.
    fn default_child_is_unambiguous(
        &mut self,
        blocks: &[BlockNode],
        labels: &HashMap<String, Span>,
    ) {
        let (Some(resource), Some(default)) = (labels.get("Resource"), labels.get("Default"))
        else {
            return;
        };
        let later = if (resource.file, resource.range.start) > (default.file, default.range.start) {
            resource
        } else {
            default
        };
        // The stack's construct ID is the `stack` block's label, `Stack` without one (SPEC §6.1).
        let stack = blocks
            .iter()
            .find(|b| b.schema.name == "stack")
            .and_then(|b| b.label.as_ref())
            .map_or("Stack", |(id, _)| id.as_str());
        self.err(
            codes::RESERVED_ID,
            later.clone(),
            format!("Cannot determine default child for {stack}. There is both a child with id \"Resource\" and id \"Default\""),
        );
    }

    fn stack(&mut self, b: &BlockNode, stack: &mut Stack) {
        if self.stack_seen {
            self.err(
                crate::syntax::codes::BLOCK_COUNT,
                b.header.clone(),
                "at most one `stack` block is allowed",
            );
            return;
        }
        self.stack_seen = true;
        if let Some((name, _)) = &b.label {
            stack.name.clone_from(name);
            stack.construct_id.clone_from(name);
        }
        stack.description = b.str("description");
        if let Some(d) = &stack.description {
            if d.len() > 1024 {
                self.err(
                    codes::DESCRIPTION,
                    b.span_of("description"),
                    format!(
                        "the stack description is {} bytes; CloudFormation allows 1024",
                        d.len()
                    ),
                );
            }
        }
        stack.tags = b.str_map("tags").unwrap_or_default();
    }

    fn repository(&mut self, b: &BlockNode) -> Option<Repository> {
        let (id, id_span) = b.label.clone()?;
        for setting in ["image_scan_on_push", "image_tag_mutability"] {
            if b.has(setting) && b.attr(setting).is_none() {
                self.invalid_security_settings
                    .push((id_span.clone(), setting));
            }
        }
        let mut repo = Repository {
            id,
            id_span,
            ..Repository::default()
        };
        // 1. Name (validateRepositoryName).
        if let Some(a) = b.attr("repository_name") {
            let name = a.value.as_str().unwrap_or_default().to_string();
            self.repository_name(&name, a);
            repo.repository_name = Some(name);
        }
        repo.image_scan_on_push = b.bool("image_scan_on_push");
        // 2. Tag mutability (validateTagMutability).
        repo.image_tag_mutability = b.str("image_tag_mutability").map(|m| match m.as_str() {
            "IMMUTABLE" => TagMutability::Immutable,
            "MUTABLE_WITH_EXCLUSION" => TagMutability::MutableWithExclusion,
            "IMMUTABLE_WITH_EXCLUSION" => TagMutability::ImmutableWithExclusion,
            _ => TagMutability::Mutable,
        });
        repo.exclusion_filters = b.str_list("image_tag_mutability_exclusion_filters");
        self.tag_mutability(
            b,
            repo.image_tag_mutability,
            repo.exclusion_filters.as_deref(),
        );
        // 3. Encryption (parseEncryption).
        repo.encryption_key = b.str("encryption_key");
        let explicit = b.str("encryption").map(|e| match e.as_str() {
            "KMS" => Encryption::Kms,
            "KMS_DSSE" => Encryption::KmsDsse,
            _ => Encryption::Aes256,
        });
        repo.encryption = explicit.unwrap_or(if repo.encryption_key.is_some() {
            Encryption::Kms
        } else {
            Encryption::Aes256
        });
        if let Some(key) = &repo.encryption_key {
            if repo.encryption == Encryption::Aes256 {
                self.err(
                    codes::ENCRYPTION,
                    b.span_of("encryption"),
                    "encryptionKey is specified, so 'encryption' must be set to KMS (value: AES256)",
                );
            }
            if !is_kms_key_arn(key) {
                self.err(
                    codes::MALFORMED_ID,
                    b.span_of("encryption_key"),
                    format!("`encryption_key` must be a KMS key arn (arn:<partition>:kms:<region>:<account>:key/<id>), got \"{key}\""),
                );
            }
        }
        repo.removal_policy = match b.str("removal_policy").as_deref() {
            Some("destroy") => RemovalPolicy::Destroy,
            Some("retain_on_update_or_delete") => RemovalPolicy::RetainOnUpdateOrDelete,
            _ => RemovalPolicy::Retain,
        };
        repo.lifecycle_registry_id = b.str("lifecycle_registry_id");
        if let Some(r) = &repo.lifecycle_registry_id {
            if !is_account(r) {
                self.err(
                    codes::MALFORMED_ID,
                    b.span_of("lifecycle_registry_id"),
                    format!("`lifecycle_registry_id` must be a 12-digit account ID, got \"{r}\""),
                );
            }
        }
        repo.tags = b.str_map("tags").unwrap_or_default();
        repo.allow_public_access = b.bool("allow_public_access").unwrap_or(false);
        // 4. Lifecycle rules (addLifecycleRule for each), then the synth-time checks.
        for rule in b.blocks_named("lifecycle_rule") {
            if let Some(r) = self.lifecycle_rule(rule, &repo.lifecycle_rules) {
                repo.lifecycle_rules.push(r);
            }
        }
        self.lifecycle_synth_checks(b, &repo.lifecycle_rules);
        // 5. emptyOnDelete.
        repo.empty_on_delete = b.bool("empty_on_delete");
        if repo.empty_on_delete == Some(true) && repo.removal_policy != RemovalPolicy::Destroy {
            self.err(
                codes::EMPTY_ON_DELETE,
                b.span_of("empty_on_delete"),
                "Cannot use 'emptyOnDelete' property on a repository without setting removal policy to 'DESTROY'.",
            );
        }
        // Grants, statements and event rules in source order.
        self.access(b, &mut repo);
        let mut rule_ids: HashMap<String, Span> = HashMap::new();
        for child in &b.blocks {
            let kind = match child.schema.name {
                "on_image_scan_completed" => {
                    self.non_empty_list(child, "image_tags");
                    EventKind::ImageScanCompleted {
                        image_tags: child.str_list("image_tags"),
                    }
                }
                "on_cloud_trail_image_pushed" => EventKind::CloudTrailImagePushed {
                    image_tag: child.str("image_tag"),
                },
                "on_cloud_trail_event" => EventKind::CloudTrailEvent,
                "on_event" => EventKind::Event,
                _ => continue,
            };
            let Some((id, id_span)) = child.label.clone() else {
                continue;
            };
            // `Default` is allowed: the CDK accepts it until its logical ID meets the
            // repository's own (`logical_id_collisions` reports that in the CDK's words).
            if id == "Resource" {
                self.err(
                    codes::RESERVED_ID,
                    id_span.clone(),
                    format!("an event rule cannot be labelled `{id}`: the CDK reserves it for the repository's own resource"),
                );
                continue;
            }
            if rule_ids.insert(id.clone(), id_span.clone()).is_some() {
                self.err(
                    codes::DUPLICATE_ID,
                    child.header.clone(),
                    format!("duplicate event rule ID `{id}` in repository `{}`", repo.id),
                );
                continue;
            }
            let rule = self.event_rule(child, &repo.id, id, id_span, kind);
            repo.event_rules.push(rule);
        }
        Some(repo)
    }

    fn repository_name(&mut self, name: &str, a: &AttrNode) {
        let mut errors = Vec::new();
        if name.len() < 2 || name.len() > 256 {
            errors.push("Repository name must be at least 2 and no more than 256 characters");
        }
        if !crate::names::repository_name_pattern().is_match(name) {
            errors.push(
                "Repository name must start with a letter and can only contain lowercase letters, numbers, hyphens, underscores, periods and forward slashes",
            );
        }
        if !errors.is_empty() {
            self.err(
                codes::REPOSITORY_NAME,
                a.span.clone(),
                format!(
                    "Invalid ECR repository name (value: {name})\n{}",
                    errors.join("\n")
                ),
            );
            return;
        }
        if self.repository_names.contains_key(name) {
            self.err(
                codes::DUPLICATE_REPOSITORY_NAME,
                a.span.clone(),
                format!(
                    "repository name \"{name}\" is already used by another repository in this spec"
                ),
            );
        } else {
            self.repository_names
                .insert(name.to_string(), a.span.clone());
        }
    }

    fn tag_mutability(
        &mut self,
        b: &BlockNode,
        mutability: Option<TagMutability>,
        filters: Option<&[String]>,
    ) {
        let with_exclusion = matches!(
            mutability,
            Some(TagMutability::MutableWithExclusion | TagMutability::ImmutableWithExclusion)
        );
        let filters_span = b.span_of("image_tag_mutability_exclusion_filters");
        if let Some(filters) = filters {
            if !with_exclusion {
                let got = mutability.map_or("undefined", TagMutability::as_str);
                self.err(
                    codes::TAG_MUTABILITY,
                    filters_span,
                    format!("imageTagMutability must be 'IMMUTABLE_WITH_EXCLUSION' or 'MUTABLE_WITH_EXCLUSION' when imageTagMutabilityExclusionFilters is provided, got: {got}."),
                );
                return;
            }
            if filters.is_empty() || filters.len() > 5 {
                self.err(
                    codes::TAG_MUTABILITY,
                    filters_span,
                    format!("imageTagMutabilityExclusionFilters must contain between 1 and 5 filters, got {}.", filters.len()),
                );
                return;
            }
            let items: Vec<SVal> = match &b
                .attr("image_tag_mutability_exclusion_filters")
                .map(|a| &a.value.val)
            {
                Some(Val::List(items)) => items.clone(),
                _ => Vec::new(),
            };
            for item in items {
                let p = item.as_str().unwrap_or_default();
                let message = if p.is_empty() {
                    Some("Pattern cannot be empty".to_string())
                } else if p.chars().count() > 128 {
                    Some(format!(
                        "Pattern cannot exceed 128 characters, got: {} characters.",
                        p.chars().count()
                    ))
                } else if !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._*-".contains(c))
                {
                    Some(format!("Pattern '{p}' contains invalid characters. Only alphanumeric characters, dots, underscores, asterisks, and hyphens are allowed."))
                } else {
                    None
                };
                if let Some(m) = message {
                    self.err(codes::EXCLUSION_FILTER, item.span.clone(), m);
                }
            }
        } else if let Some(m) = mutability.filter(|_| with_exclusion) {
            self.err(
                codes::TAG_MUTABILITY,
                b.span_of("image_tag_mutability"),
                format!("imageTagMutabilityExclusionFilters must be specified when imageTagMutability is '{}'.", m.as_str()),
            );
        }
    }

    /// `addLifecycleRule`: the per-rule checks, first failure only (the CDK throws).
    fn lifecycle_rule(
        &mut self,
        b: &BlockNode,
        earlier: &[LifecycleRule],
    ) -> Option<LifecycleRule> {
        let prefix = b.str_list("tag_prefix_list");
        let pattern = b.str_list("tag_pattern_list");
        let explicit_status = b.str("tag_status");
        let tag_status = match explicit_status.as_deref() {
            Some("tagged") => TagStatus::Tagged,
            Some("untagged") => TagStatus::Untagged,
            Some(_) => TagStatus::Any,
            None if prefix.is_some() || pattern.is_some() => TagStatus::Tagged,
            None => TagStatus::Any,
        };
        let lists_empty =
            prefix.as_ref().is_none_or(Vec::is_empty) && pattern.as_ref().is_none_or(Vec::is_empty);
        if tag_status == TagStatus::Tagged && lists_empty {
            let span = if b.attr("tag_status").is_some() {
                b.span_of("tag_status")
            } else if b.attr("tag_prefix_list").is_some() {
                b.span_of("tag_prefix_list")
            } else {
                b.span_of("tag_pattern_list")
            };
            self.err(codes::LIFECYCLE, span, "TagStatus.Tagged requires the specification of a tagPrefixList or a tagPatternList");
            return None;
        }
        if tag_status != TagStatus::Tagged && (prefix.is_some() || pattern.is_some()) {
            let span = if prefix.is_some() {
                b.span_of("tag_prefix_list")
            } else {
                b.span_of("tag_pattern_list")
            };
            self.err(codes::LIFECYCLE, span, "tagPrefixList and tagPatternList can only be specified when tagStatus is set to Tagged");
            return None;
        }
        if prefix.is_some() && pattern.is_some() {
            let later = later_attr(b, "tag_prefix_list", "tag_pattern_list");
            self.err(
                codes::LIFECYCLE,
                later,
                "Both tagPrefixList and tagPatternList cannot be specified together in a rule",
            );
            return None;
        }
        if let Some(Val::List(items)) = b.attr("tag_pattern_list").map(|a| &a.value.val) {
            for item in items {
                let p = item.as_str().unwrap_or_default();
                let stars = p.matches('*').count();
                if stars > 4 {
                    self.err(
                        codes::LIFECYCLE,
                        item.span.clone(),
                        format!("A tag pattern cannot contain more than four wildcard characters (*), pattern: {p}, counts: {stars}"),
                    );
                    return None;
                }
            }
        }
        let count = b.uint("max_image_count");
        let age = b.uint("max_image_age_days");
        let limit = match (count, age) {
            (Some(c), None) => LifecycleLimit::MaxImageCount(c),
            (None, Some(a)) => LifecycleLimit::MaxImageAgeDays(a),
            (c, a) => {
                if b.has("max_image_count") != b.attr("max_image_count").is_some()
                    || b.has("max_image_age_days") != b.attr("max_image_age_days").is_some()
                {
                    return None; // a type error was already reported
                }
                let span = if c.is_some() {
                    later_attr(b, "max_image_count", "max_image_age_days")
                } else {
                    b.header.clone()
                };
                let got = rule_json(b, tag_status, explicit_status.is_some());
                self.err(
                    codes::LIFECYCLE,
                    span,
                    format!("Life cycle rule must contain exactly one of 'maxImageAge' and 'maxImageCount', got: {got}"),
                );
                let _ = a;
                return None;
            }
        };
        if tag_status == TagStatus::Any && earlier.iter().any(|r| r.tag_status == TagStatus::Any) {
            self.err(
                codes::LIFECYCLE,
                b.header.clone(),
                "Life cycle can only have one TagStatus.Any rule",
            );
            return None;
        }
        Some(LifecycleRule {
            rule_priority: b.uint("rule_priority"),
            description: b.str("description"),
            tag_status,
            tag_prefix_list: prefix,
            tag_pattern_list: pattern,
            limit,
            span: b.span_of("rule_priority"),
        })
    }

    /// The checks the CDK makes when it renders the lifecycle policy, plus unique priorities.
    fn lifecycle_synth_checks(&mut self, b: &BlockNode, rules: &[LifecycleRule]) {
        let mut seen: HashMap<u64, ()> = HashMap::new();
        for r in rules {
            if let Some(p) = r.rule_priority {
                if seen.insert(p, ()).is_some() {
                    self.err(
                        codes::DUPLICATE_PRIORITY,
                        r.span.clone(),
                        format!("duplicate lifecycle rule priority {p}: every rule of a repository needs its own priority"),
                    );
                }
            }
        }
        let _ = b;
        let Some(any) = rules.iter().find(|r| r.tag_status == TagStatus::Any) else {
            return;
        };
        let Some(any_priority) = any.rule_priority else {
            return;
        };
        if rules
            .iter()
            .any(|r| r.tag_status != TagStatus::Any && r.rule_priority.is_none())
        {
            self.err(
                codes::LIFECYCLE,
                any.span.clone(),
                "Cannot combine prioritized TagStatus.Any rule with unprioritized rules. Remove rulePriority from the 'Any' rule.",
            );
            return;
        }
        let max = rules
            .iter()
            .filter_map(|r| r.rule_priority)
            .max()
            .unwrap_or(any_priority);
        if any_priority < max {
            self.err(
                codes::LIFECYCLE,
                any.span.clone(),
                format!("TagStatus.Any rule must have highest priority, has {any_priority} which is smaller than {max}"),
            );
        }
    }

    fn access(&mut self, b: &BlockNode, repo: &mut Repository) {
        // Attributes and blocks interleave in source order: merge them by span start.
        let mut entries: Vec<(usize, Access)> = Vec::new();
        let public = repo.allow_public_access;
        for (name, kind) in [
            ("grant_read", GrantKind::Read),
            ("grant_pull", GrantKind::Pull),
            ("grant_push", GrantKind::Push),
            ("grant_pull_push", GrantKind::PullPush),
        ] {
            if let Some(a) = b.attr(name) {
                let start = a.span.range.start;
                for (i, p) in self
                    .principals(Some(a), public, true)
                    .into_iter()
                    .enumerate()
                {
                    entries.push((
                        start + i,
                        Access::Grant(Grant {
                            kind: kind.clone(),
                            principal: p,
                        }),
                    ));
                }
            }
        }
        for child in &b.blocks {
            let start = child.span.range.start;
            match child.schema.name {
                "grant" => {
                    let actions = child.str_list("actions").unwrap_or_default();
                    for (i, p) in self
                        .principals(child.attr("principals"), public, true)
                        .into_iter()
                        .enumerate()
                    {
                        entries.push((
                            start + i,
                            Access::Grant(Grant {
                                kind: GrantKind::Custom(actions.clone()),
                                principal: p,
                            }),
                        ));
                    }
                }
                "policy_statement" => {
                    let s = self.statement(child, public, false);
                    entries.push((start, Access::Statement(s)));
                }
                _ => {}
            }
        }
        entries.sort_by_key(|(start, _)| *start);
        repo.access = entries.into_iter().map(|(_, a)| a).collect();
    }

    /// A policy statement; `registry` refuses `"*"` and allows `resources`.
    fn statement(&mut self, b: &BlockNode, allow_public: bool, registry: bool) -> PolicyStatement {
        let actions = b.str_list("actions").unwrap_or_default();
        let not_actions = b.str_list("not_actions").unwrap_or_default();
        let principals = self.principals(b.attr("principals"), allow_public, !registry);
        if registry {
            if let Some(p) = principals.iter().find(|p| p.value == Principal::Any) {
                self.err(
                    codes::PUBLIC_ACCESS,
                    p.span.clone(),
                    "`\"*\"` is refused in the registry policy: name the accounts or roles",
                );
            }
        }
        if actions.is_empty()
            && not_actions.is_empty()
            && !b.has("actions")
            && !b.has("not_actions")
        {
            self.err(
                codes::POLICY_STATEMENT,
                b.header.clone(),
                "A PolicyStatement must specify at least one 'action' or 'notAction'.",
            );
        } else if actions.is_empty() && not_actions.is_empty() && b.attr("actions").is_some() {
            self.err(
                codes::POLICY_STATEMENT,
                b.span_of("actions"),
                "A PolicyStatement must specify at least one 'action' or 'notAction'.",
            );
        }
        if principals.is_empty() && !b.has("principals") {
            self.err(
                codes::POLICY_STATEMENT,
                b.header.clone(),
                "A PolicyStatement used in a resource-based policy must specify at least one IAM principal.",
            );
        } else if principals.is_empty() && b.attr("principals").is_some() {
            self.err(
                codes::POLICY_STATEMENT,
                b.span_of("principals"),
                "A PolicyStatement used in a resource-based policy must specify at least one IAM principal.",
            );
        }
        // All principals of a statement must carry the same conditions (iam addPrincipalConditions).
        let mut first: Option<String> = None;
        for p in &principals {
            let cond = principal_conditions_json(&p.value);
            match &first {
                None => first = Some(cond),
                Some(f) if *f != cond => {
                    self.err(
                        codes::POLICY_STATEMENT,
                        b.span_of("principals"),
                        format!("All principals in a PolicyStatement must have the same Conditions (got '{f}' and '{cond}'). Use multiple statements instead."),
                    );
                    break;
                }
                Some(_) => {}
            }
        }
        let conditions = b.attr("conditions").and_then(|a| self.conditions(&a.value));
        PolicyStatement {
            sid: b.str("sid"),
            effect: if b.str("effect").as_deref() == Some("Deny") {
                Effect::Deny
            } else {
                Effect::Allow
            },
            actions,
            not_actions,
            principals,
            conditions,
            resources: b.str_list("resources").unwrap_or_default(),
            span: b.header.clone(),
        }
    }

    fn conditions(&mut self, v: &SVal) -> Option<Map<String, Value>> {
        let Val::Object(ops) = &v.val else {
            return None;
        };
        for (op, _, keys) in ops {
            let Val::Object(entries) = &keys.val else {
                self.err(
                    codes::POLICY_STATEMENT,
                    keys.span.clone(),
                    format!(
                        "condition operator `{op}` needs an object of condition keys, found {}",
                        keys.val.kind()
                    ),
                );
                return None;
            };
            for (key, _, value) in entries {
                let ok = match &value.val {
                    Val::Str(_) => true,
                    Val::List(items) => items.iter().all(|i| i.as_str().is_some()),
                    _ => false,
                };
                if !ok {
                    self.err(
                        codes::POLICY_STATEMENT,
                        value.span.clone(),
                        format!("condition `{op}` / `{key}` must be a string or a list of strings"),
                    );
                    return None;
                }
            }
        }
        match v.to_json() {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Principals of a list attribute; `allow_public` permits `"*"`; `public_rule` reports it otherwise.
    fn principals(
        &mut self,
        a: Option<&AttrNode>,
        allow_public: bool,
        public_rule: bool,
    ) -> Vec<Spanned<Principal>> {
        let Some(a) = a else { return Vec::new() };
        let Val::List(items) = &a.value.val else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match &item.val {
                Val::Ref(parts) => {
                    let names: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
                    let principal = match names.as_slice() {
                        ["iam_user", id] => {
                            Some((RefKind::User, Principal::User((*id).to_string())))
                        }
                        ["iam_role", id] => {
                            Some((RefKind::Role, Principal::Role((*id).to_string())))
                        }
                        _ => None,
                    };
                    match principal {
                        Some((kind, p)) => {
                            let id = match &p {
                                Principal::User(i) | Principal::Role(i) => i.clone(),
                                _ => unreachable!("only user and role references reach here"),
                            };
                            self.references.push(Reference { kind, id, span: item.span.clone() });
                            out.push(Spanned::new(p, item.span.clone()));
                        }
                        None => self.err(
                            codes::PRINCIPAL,
                            item.span.clone(),
                            format!("`{}` is not a principal: reference `iam_user.<ID>` or `iam_role.<ID>`, or write a string", names.join(".")),
                        ),
                    }
                }
                Val::Str(s) => match self.principal_string(s, &item.span) {
                    Some(Principal::Any) if public_rule && !allow_public => {
                        self.diags.push(
                            Diagnostic::error(
                                codes::PUBLIC_ACCESS,
                                item.span.clone(),
                                "`\"*\"` grants access to anyone: set `allow_public_access = true` in this repository to confirm",
                            )
                            .with_help("add `allow_public_access = true` to the repository block"),
                        );
                    }
                    Some(p) => out.push(Spanned::new(p, item.span.clone())),
                    None => {}
                },
                _ => {}
            }
        }
        out
    }

    fn principal_string(&mut self, s: &str, span: &Span) -> Option<Principal> {
        if s == "*" {
            Some(Principal::Any)
        } else if is_account(s) {
            Some(Principal::Account(s.to_string()))
        } else if s.starts_with("arn:") {
            if is_arn(s) {
                Some(Principal::Arn(s.to_string()))
            } else {
                self.err(codes::MALFORMED_ID, span.clone(), format!("malformed ARN \"{s}\": expected arn:<partition>:<service>:<region>:<account>:<resource>"));
                None
            }
        } else if s.starts_with("o-") {
            if is_org_id(s) {
                Some(Principal::Organization(s.to_string()))
            } else {
                self.err(
                    codes::PRINCIPAL,
                    span.clone(),
                    format!("Expected Organization ID must match regex pattern ^o-[a-z0-9]{{10,32}}$, received {s}"),
                );
                None
            }
        } else if s.ends_with(".amazonaws.com") && s.len() > ".amazonaws.com".len() {
            Some(Principal::Service(s.to_string()))
        } else {
            let hint = if s.bytes().all(|b| b.is_ascii_digit()) {
                " (an account ID has 12 digits)"
            } else {
                ""
            };
            self.diags.push(
                Diagnostic::error(codes::PRINCIPAL, span.clone(), format!("\"{s}\" is not a principal{hint}")).with_help(
                    "a principal is `iam_user.<ID>`, `iam_role.<ID>`, a 12-digit account ID, an `arn:` string, an organization ID `o-...`, a service `*.amazonaws.com`, or `\"*\"`",
                ),
            );
            None
        }
    }

    fn user(&mut self, b: &BlockNode) -> Option<IamUser> {
        let (id, id_span) = b.label.clone()?;
        self.at_most_one(b, &["user_name", "from_user_name", "from_user_arn"]);
        let kind = if let Some(n) = b.str("from_user_name") {
            UserKind::FromName(n)
        } else if let Some(arn) = b.str("from_user_arn") {
            if !is_iam_arn(&arn, "user/") {
                self.err(codes::MALFORMED_ID, b.span_of("from_user_arn"), format!("malformed IAM user ARN \"{arn}\": expected arn:<partition>:iam::<account>:user/<name>"));
            }
            UserKind::FromArn(arn)
        } else {
            UserKind::New {
                user_name: b.str("user_name"),
            }
        };
        Some(IamUser { id, id_span, kind })
    }

    fn role(&mut self, b: &BlockNode) -> Option<IamRole> {
        let (id, id_span) = b.label.clone()?;
        let new_attrs = ["assumed_by", "role_name", "description"];
        let import = ["from_role_arn", "from_role_name"];
        self.at_most_one(b, &import);
        if let Some(imp) = import.iter().find(|n| b.has(n)) {
            if let Some(extra) = new_attrs.iter().find(|n| b.has(n)) {
                self.err(
                    codes::CONFLICT,
                    b.span_of(extra),
                    format!("`{extra}` describes a new role and cannot be combined with `{imp}`"),
                );
            }
        } else if !b.has("assumed_by") {
            self.diags.push(
                Diagnostic::error(
                    crate::syntax::codes::MISSING_ATTRIBUTE,
                    b.header.clone(),
                    "an `iam_role` needs `assumed_by` (a new role) or `from_role_arn` / `from_role_name` (an imported one)",
                )
                .with_help("add `assumed_by = \"codebuild.amazonaws.com\"`"),
            );
        }
        let kind = if let Some(arn) = b.str("from_role_arn") {
            if !is_iam_arn(&arn, "role/") {
                self.err(codes::MALFORMED_ID, b.span_of("from_role_arn"), format!("malformed IAM role ARN \"{arn}\": expected arn:<partition>:iam::<account>:role/<name>"));
            }
            RoleKind::FromArn(arn)
        } else if let Some(n) = b.str("from_role_name") {
            RoleKind::FromName(n)
        } else {
            let assumed = b.str("assumed_by").unwrap_or_default();
            let assumed_by = if is_account(&assumed) {
                Principal::Account(assumed)
            } else if assumed.ends_with(".amazonaws.com") {
                Principal::Service(assumed)
            } else {
                if b.attr("assumed_by").is_some() {
                    self.err(
                        codes::PRINCIPAL,
                        b.span_of("assumed_by"),
                        format!("`assumed_by` must be a service principal (`*.amazonaws.com`) or a 12-digit account ID, got \"{assumed}\""),
                    );
                }
                Principal::Service(assumed)
            };
            RoleKind::New {
                assumed_by,
                role_name: b.str("role_name"),
                description: b.str("description"),
            }
        };
        Some(IamRole { id, id_span, kind })
    }

    fn output(&mut self, b: &BlockNode) -> Option<Output> {
        let (id, id_span) = b.label.clone()?;
        let a = b.attr("value")?;
        let value = match &a.value.val {
            Val::Str(s) => OutputValue::Literal(s.clone()),
            Val::Ref(parts) => {
                let names: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
                let (kind, value) = match names.as_slice() {
                    ["repository", rid, "repository_name"] => (
                        RefKind::Repository,
                        OutputValue::RepositoryName((*rid).into()),
                    ),
                    ["repository", rid, "repository_arn"] => (
                        RefKind::Repository,
                        OutputValue::RepositoryArn((*rid).into()),
                    ),
                    ["repository", rid, "repository_uri"] => (
                        RefKind::Repository,
                        OutputValue::RepositoryUri((*rid).into()),
                    ),
                    ["iam_role", rid, "role_arn"] => {
                        (RefKind::Role, OutputValue::RoleArn((*rid).into()))
                    }
                    ["iam_user", rid, "user_arn"] => {
                        (RefKind::User, OutputValue::UserArn((*rid).into()))
                    }
                    _ => {
                        let mut d = Diagnostic::error(
                            codes::UNRESOLVED_REFERENCE,
                            a.value.span.clone(),
                            format!("`{}` is not an output reference", names.join(".")),
                        );
                        let attrs = crate::schema::OUTPUT_REFERENCE_ATTRS
                            .iter()
                            .find(|(blk, _)| Some(blk) == names.first());
                        d = match (attrs, names.get(2)) {
                            (Some((_, valid)), Some(attr)) => {
                                let hint = did_you_mean(attr, valid.iter().copied())
                                    .map_or_else(|| format!("expected one of: {}", valid.join(", ")), |s| format!("did you mean `{s}`?"));
                                d.with_help(hint)
                            }
                            _ => d.with_help("use `repository.<ID>.repository_name|repository_arn|repository_uri`, `iam_role.<ID>.role_arn` or `iam_user.<ID>.user_arn`"),
                        };
                        self.diags.push(d);
                        return None;
                    }
                };
                let rid = names[1].to_string();
                self.references.push(Reference {
                    kind,
                    id: rid,
                    span: a.value.span.clone(),
                });
                value
            }
            _ => return None,
        };
        Some(Output {
            id,
            id_span,
            value,
            description: b.str("description"),
            export_name: b.str("export_name"),
        })
    }

    fn pull_through_cache_rule(&mut self, b: &BlockNode) -> Option<PullThroughCacheRule> {
        let (id, id_span) = b.label.clone()?;
        for name in ["credential_arn", "custom_role_arn"] {
            if let Some(arn) = b.str(name) {
                if !is_arn(&arn) {
                    self.err(
                        codes::MALFORMED_ID,
                        b.span_of(name),
                        format!("malformed ARN \"{arn}\" in `{name}`"),
                    );
                }
            }
        }
        Some(PullThroughCacheRule {
            id,
            id_span,
            ecr_repository_prefix: b.str("ecr_repository_prefix"),
            upstream_registry_url: b.str("upstream_registry_url").unwrap_or_default(),
            credential_arn: b.str("credential_arn"),
            custom_role_arn: b.str("custom_role_arn"),
            upstream_repository_prefix: b.str("upstream_repository_prefix"),
        })
    }

    fn event_rule(
        &mut self,
        b: &BlockNode,
        repository: &str,
        id: String,
        id_span: Span,
        kind: EventKind,
    ) -> EventRule {
        if let Some(name) = b.str("rule_name") {
            if name.is_empty() || name.len() > 64 {
                self.err(
                    codes::EVENT_RULE,
                    b.span_of("rule_name"),
                    format!(
                        "Event rule name must be between 1 and 64 characters. Received: {name}"
                    ),
                );
            } else if !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
            {
                self.err(
                    codes::EVENT_RULE,
                    b.span_of("rule_name"),
                    format!("Event rule name {name} can contain only letters, numbers, periods, hyphens, or underscores with no spaces."),
                );
            }
        }
        let event_pattern = b.attr("event_pattern").and_then(|a| {
            let refused = self.cdk_pattern_error(&kind, &a.value, repository);
            let ok = self.pattern_leaves_are_lists(&a.value, "", refused.as_ref());
            match (ok && refused.is_none(), a.value.to_json()) {
                (true, Value::Object(m)) => Some(m),
                _ => None,
            }
        });
        let targets = b
            .blocks_named("target")
            .map(|t| {
                let arn = t.str("arn").unwrap_or_default();
                if t.attr("arn").is_some() && !is_arn(&arn) {
                    self.err(
                        codes::MALFORMED_ID,
                        t.span_of("arn"),
                        format!("malformed target ARN \"{arn}\""),
                    );
                }
                EventTarget {
                    arn,
                    input: t.attr("input").map(|a| a.value.to_json()),
                }
            })
            .collect();
        EventRule {
            id,
            id_span,
            kind,
            description: b.str("description"),
            rule_name: b.str("rule_name"),
            event_pattern,
            targets,
        }
    }

    /// The CDK's refusal of the pattern once its method has merged its own fields in, reported
    /// on the spec's field it is about; returns that field's span.
    fn cdk_pattern_error(&mut self, kind: &EventKind, v: &SVal, repository: &str) -> Option<Span> {
        let PatternValue::Object(base) = PatternValue::from_sval(v) else {
            return None;
        };
        let refused = merged_pattern(kind, base, repository).err()?;
        let span = refused.span.unwrap_or_else(|| v.span.clone());
        self.err(codes::EVENT_PATTERN, span.clone(), refused.message);
        Some(span)
    }

    /// Every leaf of an event pattern is a non-empty list (stricter than the CDK, which checks
    /// only what its merge meets). Nothing is reported inside `refused`, the field the CDK's
    /// error is already about.
    fn pattern_leaves_are_lists(&mut self, v: &SVal, path: &str, refused: Option<&Span>) -> bool {
        if refused.is_some_and(|r| r.file == v.span.file && r.range.contains(&v.span.range.start)) {
            return false;
        }
        match &v.val {
            // Every field is checked, so each bad one is reported, not only the first.
            Val::Object(entries) => entries.iter().fold(true, |ok, (k, _, child)| {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                self.pattern_leaves_are_lists(child, &p, refused) && ok
            }),
            Val::List(items) if items.is_empty() => {
                self.err(
                    codes::EVENT_PATTERN,
                    v.span.clone(),
                    format!(
                        "event pattern field `{path}` is an empty list: it would match nothing"
                    ),
                );
                false
            }
            Val::List(_) => true,
            other => {
                self.err(
                    codes::EVENT_PATTERN,
                    v.span.clone(),
                    format!(
                        "event pattern field `{path}` must be a list, found {}: write [{}]",
                        other.kind(),
                        json_text(v)
                    ),
                );
                false
            }
        }
    }

    fn non_empty_list(&mut self, b: &BlockNode, name: &str) {
        if let Some(list) = b.str_list(name) {
            if list.is_empty() {
                self.err(
                    codes::CONFLICT,
                    b.span_of(name),
                    format!("`{name}` needs at least one element"),
                );
            }
        }
    }

    fn at_most_one(&mut self, b: &BlockNode, names: &[&str]) {
        let present: Vec<&&str> = names.iter().filter(|n| b.has(n)).collect();
        if present.len() > 1 {
            let later = present[1..]
                .iter()
                .map(|n| b.span_of(n))
                .max_by_key(|s| s.range.start)
                .unwrap_or_else(|| b.header.clone());
            self.err(
                codes::CONFLICT,
                later,
                format!(
                    "`{}` and `{}` cannot be combined: set at most one of {}",
                    present[0],
                    present[1],
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }

    fn resolve_references(&mut self) {
        let refs = std::mem::take(&mut self.references);
        // Definitions by block and ID, and each ID's first block: a scan of every definition
        // per reference took 0.3 s for 8,000 repositories that each reference a user.
        let mut defined: HashSet<(&str, &str)> = HashSet::new();
        let mut block_of: HashMap<&str, &str> = HashMap::new();
        for d in &self.definitions {
            defined.insert((d.block, d.id.as_str()));
            block_of.entry(d.id.as_str()).or_insert(d.block);
        }
        let mut unresolved = Vec::new();
        for r in &refs {
            if defined.contains(&(r.kind.block(), r.id.as_str())) {
                continue;
            }
            let mut d = Diagnostic::error(
                codes::UNRESOLVED_REFERENCE,
                r.span.clone(),
                format!(
                    "unresolved reference: there is no `{} \"{}\"` block",
                    r.kind.block(),
                    r.id
                ),
            );
            if let Some(other) = block_of.get(r.id.as_str()) {
                d = d.with_help(format!("`{}` is a `{}` block", r.id, other));
            } else if unresolved.len() < SUGGESTED_REFERENCES {
                if let Some(s) = did_you_mean(
                    &r.id,
                    self.definitions
                        .iter()
                        .filter(|d| d.block == r.kind.block())
                        .map(|d| d.id.as_str()),
                ) {
                    d = d.with_help(format!("did you mean `{}.{s}`?", r.kind.block()));
                }
            }
            unresolved.push(d);
        }
        self.diags.extend(unresolved);
        self.references = refs;
    }

    fn stack_tags_fit_iam(&mut self, blocks: &[BlockNode], spec: &Spec) {
        let new_identities = spec.users().any(|u| matches!(u.kind, UserKind::New { .. }))
            || spec.roles().any(|r| matches!(r.kind, RoleKind::New { .. }));
        if !new_identities {
            return;
        }
        let Some(stack) = blocks.iter().find(|b| b.schema.name == "stack") else {
            return;
        };
        let Some(Val::Object(entries)) = stack.attr("tags").map(|a| &a.value.val) else {
            return;
        };
        for (k, kspan, v) in entries {
            let value = v.as_str().unwrap_or_default();
            if !fits_iam_tag(k) || !fits_iam_tag(value) {
                let span = if fits_iam_tag(k) {
                    v.span.clone()
                } else {
                    kspan.clone()
                };
                self.err(
                    codes::IAM_TAG,
                    span,
                    format!("stack tag `{k}` reaches the new IAM users and roles, and IAM tags allow only letters, digits, spaces and `_.:/=+-@`"),
                );
            }
        }
    }

    /// Tags as CloudFormation accepts them. Stack tags reach every taggable resource (SPEC
    /// §1.2), so while there is one they are held to the limits, and each repository's tags,
    /// which its event rules get too, are counted with the stack's: a repository key overrides
    /// the stack tag of the same key, so it counts once.
    fn tags_fit_cloudformation(&mut self, blocks: &[BlockNode], spec: &Spec) {
        let taggable = spec.repositories().next().is_some()
            || spec.users().any(|u| matches!(u.kind, UserKind::New { .. }))
            || spec.roles().any(|r| matches!(r.kind, RoleKind::New { .. }));
        if !taggable {
            return;
        }
        let stack_tags = blocks
            .iter()
            .find(|b| b.schema.name == "stack")
            .and_then(|b| b.attr("tags"));
        self.tag_entries("stack tag", map_entries(stack_tags));
        let stack_keys: HashSet<&str> = map_entries(stack_tags)
            .iter()
            .map(|(k, _, _)| k.as_str())
            .collect();
        if let Some(attr) = stack_tags.filter(|_| stack_keys.len() > MAX_TAGS) {
            self.err(
                codes::TAG,
                attr.span.clone(),
                format!("the stack has {} tags, and every taggable resource gets them; CloudFormation allows at most {MAX_TAGS} tags per resource", stack_keys.len()),
            );
        }
        for b in blocks.iter().filter(|b| b.schema.name == "repository") {
            let Some(attr) = b.attr("tags") else {
                continue;
            };
            let entries = map_entries(Some(attr));
            self.tag_entries("tag", entries);
            let own: HashSet<&str> = entries.iter().map(|(k, _, _)| k.as_str()).collect();
            let total = own.union(&stack_keys).count();
            // Too many stack tags alone were reported at the stack.
            if total > MAX_TAGS && stack_keys.len() <= MAX_TAGS {
                let id = b.label.as_ref().map_or("", |(id, _)| id.as_str());
                self.err(
                    codes::TAG,
                    attr.span.clone(),
                    format!(
                        "repository `{id}` gets {total} tags, {} of its own and {} from the stack; CloudFormation allows at most {MAX_TAGS} tags per resource",
                        own.len(),
                        total - own.len()
                    ),
                );
            }
        }
    }

    /// The limits of each tag of a map: a key of 1-128 characters that does not start with
    /// `aws:`, a value of at most 256 characters. `what` names the tag in messages.
    fn tag_entries(&mut self, what: &str, entries: &[(String, Span, SVal)]) {
        for (key, key_span, value) in entries {
            let key_chars = key.chars().count();
            if !(1..=MAX_TAG_KEY).contains(&key_chars) {
                self.err(
                    codes::TAG,
                    key_span.clone(),
                    format!(
                        "{what} key `{}` is {key_chars} characters; a tag key is 1-{MAX_TAG_KEY} characters",
                        shortened(key)
                    ),
                );
            } else if is_reserved_tag_key(key) {
                self.err(
                    codes::TAG,
                    key_span.clone(),
                    format!(
                        "{what} key `{}` starts with `aws:`, which AWS reserves for its own tags",
                        shortened(key)
                    ),
                );
            }
            let value_chars = value.as_str().map_or(0, |v| v.chars().count());
            if value_chars > MAX_TAG_VALUE {
                self.err(
                    codes::TAG,
                    value.span.clone(),
                    format!(
                        "the value of {what} `{}` is {value_chars} characters; a tag value is at most {MAX_TAG_VALUE} characters",
                        shortened(key)
                    ),
                );
            }
        }
    }

    fn security_warnings(&mut self, spec: &Spec, registry_scanning: bool) {
        for repo in spec.repositories() {
            let at = repo.id_span.clone();
            let invalid = |setting: &str| {
                self.invalid_security_settings
                    .iter()
                    .any(|(s, n)| *s == at && *n == setting)
            };
            let (scan_invalid, mutability_invalid) = (
                invalid("image_scan_on_push"),
                invalid("image_tag_mutability"),
            );
            if repo.image_scan_on_push != Some(true) && !registry_scanning && !scan_invalid {
                self.diags.push(
                    Diagnostic::warning(
                        codes::ECR1,
                        at.clone(),
                        format!(
                            "ECR.1: repository `{}` does not scan images on push",
                            repo.id
                        ),
                    )
                    .with_help(
                        "set `image_scan_on_push = true` (or configure `registry_scanning`)",
                    ),
                );
            }
            if !matches!(
                repo.image_tag_mutability,
                Some(TagMutability::Immutable | TagMutability::ImmutableWithExclusion)
            ) && !mutability_invalid
            {
                self.diags.push(
                    Diagnostic::warning(
                        codes::ECR2,
                        at.clone(),
                        format!("ECR.2: repository `{}` has mutable image tags", repo.id),
                    )
                    .with_help("set `image_tag_mutability = \"IMMUTABLE\"`"),
                );
            }
            if repo.lifecycle_rules.is_empty() {
                self.diags.push(
                    Diagnostic::warning(
                        codes::ECR3,
                        at,
                        format!("ECR.3: repository `{}` has no lifecycle rule", repo.id),
                    )
                    .with_help("add a `lifecycle_rule` so old images expire"),
                );
            }
        }
    }

    /// Logical IDs the CDK cannot allocate: a path of `Default` components only, or two
    /// constructs of one template section with the same ID (a hidden `Default` component makes
    /// `Repo/Default/Resource` the repository's own `Repo/Resource`). The later construct in
    /// source order is blamed.
    fn logical_id_collisions(&mut self, spec: &Spec) {
        let mut resources = resource_paths(spec);
        resources.sort_by_key(|(_, span)| (span.file, span.range.start));
        let outputs = spec
            .outputs()
            .map(|o| (vec![o.id.clone()], o.id_span.clone()));
        let tagged = |(path, span): (Vec<String>, Span)| (path.clone(), (path.join("/"), span));
        let problems = id_problems(Section::Resources, resources.into_iter().map(tagged))
            .into_iter()
            .chain(id_problems(Section::Outputs, outputs.map(tagged)));
        for problem in problems {
            let message = problem.cdk_message();
            let d = match problem {
                IdProblem::Empty((_, span)) => Diagnostic::error(codes::LOGICAL_ID_COLLISION, span, message)
                    .with_help("the CDK leaves `Default` out of logical IDs, so a construct directly in the stack cannot be labelled `Default`"),
                IdProblem::Collision { first: (first, _), second: (second, span), .. } => {
                    let hidden = if [&first, &second].iter().any(|p| p.split('/').any(|c| c == "Default")) {
                        " (the CDK leaves `Default` out of logical IDs)"
                    } else {
                        ""
                    };
                    Diagnostic::error(
                        codes::LOGICAL_ID_COLLISION,
                        span,
                        format!("{message}: constructs `{first}` and `{second}` both get that logical ID{hidden}"),
                    )
                    .with_help("rename one of them")
                }
            };
            self.diags.push(d);
        }
    }
}

/// Construct paths of the CloudFormation resources the spec creates, with a span to blame.
pub fn resource_paths(spec: &Spec) -> Vec<(Vec<String>, Span)> {
    let mut out = Vec::new();
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
    let mut with_policy: Vec<String> = Vec::new();
    for item in &spec.items {
        match item {
            Item::Repository(r) => {
                out.push((s(&[&r.id, "Resource"]), r.id_span.clone()));
                for e in &r.event_rules {
                    out.push((s(&[&r.id, &e.id, "Resource"]), e.id_span.clone()));
                }
                for a in &r.access {
                    if let Access::Grant(g) = a {
                        if let Principal::User(id) | Principal::Role(id) = &g.principal.value {
                            with_policy.push(id.clone());
                        }
                    }
                }
            }
            Item::TokenGrant(t) => {
                for p in &t.principals {
                    if let Principal::User(id) | Principal::Role(id) = &p.value {
                        with_policy.push(id.clone());
                    }
                }
            }
            Item::PullThroughCacheRule(p) => out.push((s(&[&p.id]), p.id_span.clone())),
            _ => {}
        }
    }
    for u in spec.users() {
        let new = matches!(u.kind, UserKind::New { .. });
        if new {
            out.push((s(&[&u.id, "Resource"]), u.id_span.clone()));
        }
        if with_policy.contains(&u.id) {
            out.push((
                s(&[
                    &u.id,
                    if new { "DefaultPolicy" } else { "Policy" },
                    "Resource",
                ]),
                u.id_span.clone(),
            ));
        }
    }
    for r in spec.roles() {
        let new = matches!(r.kind, RoleKind::New { .. });
        if new {
            out.push((s(&[&r.id, "Resource"]), r.id_span.clone()));
        }
        if with_policy.contains(&r.id) {
            out.push((
                s(&[
                    &r.id,
                    if new { "DefaultPolicy" } else { "Policy" },
                    "Resource",
                ]),
                r.id_span.clone(),
            ));
        }
    }
    for item in &spec.items {
        let name = match item {
            Item::RegistryScanning(_) => "RegistryScanning",
            Item::Replication(_) => "Replication",
            Item::RegistryPolicy(_) => "RegistryPolicy",
            _ => continue,
        };
        out.push((s(&[name]), Span::default()));
    }
    out
}

/// The later (in source order) of two attributes' spans.
fn later_attr(b: &BlockNode, x: &str, y: &str) -> Span {
    let (sx, sy) = (b.span_of(x), b.span_of(y));
    if sx.range.start > sy.range.start {
        sx
    } else {
        sy
    }
}

/// The conditions a principal adds to a statement, as the CDK stringifies them.
fn principal_conditions_json(p: &Principal) -> String {
    match p {
        Principal::Organization(id) => {
            json!({"StringEquals": {"aws:PrincipalOrgID": id}}).to_string()
        }
        _ => "{}".to_string(),
    }
}

/// `JSON.stringify` of the rule object the CDK validated (after the tagStatus default).
fn rule_json(b: &BlockNode, status: TagStatus, explicit_status: bool) -> String {
    let mut m = Map::new();
    for a in &b.attrs {
        let key = match a.schema.name {
            "rule_priority" => "rulePriority",
            "description" => "description",
            "tag_status" => "tagStatus",
            "tag_prefix_list" => "tagPrefixList",
            "tag_pattern_list" => "tagPatternList",
            "max_image_count" => "maxImageCount",
            "max_image_age_days" => {
                let days = a.value.to_json();
                m.insert(
                    "maxImageAge".into(),
                    json!({"amount": days, "unit": {"label": "days", "isoLabel": "D", "inMillis": 86_400_000}}),
                );
                continue;
            }
            _ => continue,
        };
        m.insert(key.into(), a.value.to_json());
    }
    if !explicit_status {
        m.insert("tagStatus".into(), json!(status.as_str()));
    }
    Value::Object(m).to_string()
}

fn json_text(v: &SVal) -> String {
    v.to_json().to_string()
}
