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

mod iam;
mod repository;
mod spec_rules;

pub use spec_rules::resource_paths;

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
        // After the loop: the stack's construct ID is known once its block is lowered.
        self.default_child_is_unambiguous(&spec.stack, &seen);
        self.resolve_references();
        self.stack_tags_fit_iam(blocks, &spec);
        self.tags_fit_cloudformation(blocks, &spec);
        self.security_warnings(&spec, registry_scanning_present);
        self.logical_id_collisions(&spec);
        spec
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

fn json_text(v: &SVal) -> String {
    v.to_json().to_string()
}
