//! Repositories: their settings, lifecycle rules and event rules, with the CDK's checks.

use super::*;

impl<'d> Lowerer<'d> {
    pub(super) fn repository(&mut self, b: &BlockNode) -> Option<Repository> {
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

    pub(super) fn repository_name(&mut self, name: &str, a: &AttrNode) {
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

    pub(super) fn tag_mutability(
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
    pub(super) fn lifecycle_rule(
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
    pub(super) fn lifecycle_synth_checks(&mut self, b: &BlockNode, rules: &[LifecycleRule]) {
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

    pub(super) fn event_rule(
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
    pub(super) fn cdk_pattern_error(
        &mut self,
        kind: &EventKind,
        v: &SVal,
        repository: &str,
    ) -> Option<Span> {
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
    pub(super) fn pattern_leaves_are_lists(
        &mut self,
        v: &SVal,
        path: &str,
        refused: Option<&Span>,
    ) -> bool {
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
}

/// `JSON.stringify` of the rule object the CDK validated (after the tagStatus default).
pub(super) fn rule_json(b: &BlockNode, status: TagStatus, explicit_status: bool) -> String {
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
