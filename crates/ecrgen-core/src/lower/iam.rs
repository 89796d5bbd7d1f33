//! Grants, policy statements, principals, users and roles.

use super::*;

impl<'d> Lowerer<'d> {
    pub(super) fn access(&mut self, b: &BlockNode, repo: &mut Repository) {
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
    pub(super) fn statement(
        &mut self,
        b: &BlockNode,
        allow_public: bool,
        registry: bool,
    ) -> PolicyStatement {
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

    pub(super) fn conditions(&mut self, v: &SVal) -> Option<Map<String, Value>> {
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
    pub(super) fn principals(
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

    pub(super) fn principal_string(&mut self, s: &str, span: &Span) -> Option<Principal> {
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

    pub(super) fn user(&mut self, b: &BlockNode) -> Option<IamUser> {
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

    pub(super) fn role(&mut self, b: &BlockNode) -> Option<IamRole> {
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
}

/// The conditions a principal adds to a statement, as the CDK stringifies them.
pub(super) fn principal_conditions_json(p: &Principal) -> String {
    match p {
        Principal::Organization(id) => {
            json!({"StringEquals": {"aws:PrincipalOrgID": id}}).to_string()
        }
        _ => "{}".to_string(),
    }
}
