//! Rules over the whole spec: references, tags, Security Hub warnings, construct IDs.

use super::*;

impl<'d> Lowerer<'d> {
    /// The CDK refuses a construct with both a `Resource` and a `Default` child: it cannot tell
    /// which is its default child. Top-level labels are the stack's children.
    pub(super) fn default_child_is_unambiguous(
        &mut self,
        stack: &Stack,
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
        self.err(
            codes::RESERVED_ID,
            later.clone(),
            format!("Cannot determine default child for {}. There is both a child with id \"Resource\" and id \"Default\"", stack.construct_id),
        );
    }

    pub(super) fn resolve_references(&mut self) {
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

    pub(super) fn stack_tags_fit_iam(&mut self, blocks: &[BlockNode], spec: &Spec) {
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
    pub(super) fn tags_fit_cloudformation(&mut self, blocks: &[BlockNode], spec: &Spec) {
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
    pub(super) fn tag_entries(&mut self, what: &str, entries: &[(String, Span, SVal)]) {
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

    pub(super) fn security_warnings(&mut self, spec: &Spec, registry_scanning: bool) {
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
    pub(super) fn logical_id_collisions(&mut self, spec: &Spec) {
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
