//! Builders of hand-made model values for the unit tests (no HCL involved).

use ecrgen_core::model::{
    Access, Effect, EventKind, EventRule, EventTarget, Grant, GrantKind, IamRole, IamUser, Item,
    LifecycleLimit, LifecycleRule, Output, OutputValue, PolicyStatement, Principal, Repository,
    RoleKind, Spanned, Spec, TagStatus, TokenGrant, TokenKind, UserKind,
};

/// A spec of `items` read from `spec.ecr.hcl`.
pub fn spec(items: Vec<Item>) -> Spec {
    Spec {
        files: vec!["spec.ecr.hcl".into()],
        items,
        ..Spec::default()
    }
}

/// A repository with nothing set.
pub fn repo(id: &str) -> Repository {
    Repository {
        id: id.into(),
        ..Repository::default()
    }
}

/// `iam_user "<id>"` of `kind`.
pub fn user(id: &str, kind: UserKind) -> Item {
    Item::User(IamUser {
        id: id.into(),
        id_span: Default::default(),
        kind,
    })
}

/// `iam_role "<id>"` of `kind`.
pub fn role(id: &str, kind: RoleKind) -> Item {
    Item::Role(IamRole {
        id: id.into(),
        id_span: Default::default(),
        kind,
    })
}

/// A new role assumed by `principal`.
pub fn new_role(id: &str, assumed_by: Principal) -> Item {
    role(
        id,
        RoleKind::New {
            assumed_by,
            role_name: None,
            description: None,
        },
    )
}

/// A principal with an empty span.
pub fn p(principal: Principal) -> Spanned<Principal> {
    Spanned::new(principal, Default::default())
}

/// One `grant_*` element.
pub fn grant(kind: GrantKind, principal: Principal) -> Access {
    Access::Grant(Grant {
        kind,
        principal: p(principal),
    })
}

/// A `policy_statement` with `actions` and `principals`.
pub fn statement(
    sid: Option<&str>,
    actions: &[&str],
    principals: Vec<Principal>,
) -> PolicyStatement {
    PolicyStatement {
        sid: sid.map(Into::into),
        effect: Effect::Allow,
        actions: actions.iter().map(|a| a.to_string()).collect(),
        not_actions: Vec::new(),
        principals: principals.into_iter().map(p).collect(),
        conditions: None,
        resources: Vec::new(),
        span: Default::default(),
    }
}

/// A token grant block.
pub fn token(kind: TokenKind, principals: Vec<Principal>) -> Item {
    Item::TokenGrant(TokenGrant {
        kind,
        principals: principals.into_iter().map(p).collect(),
    })
}

/// A lifecycle rule.
pub fn lifecycle(
    status: TagStatus,
    prefixes: Option<&[&str]>,
    limit: LifecycleLimit,
) -> LifecycleRule {
    LifecycleRule {
        rule_priority: None,
        description: None,
        tag_status: status,
        tag_prefix_list: prefixes.map(|l| l.iter().map(|s| s.to_string()).collect()),
        tag_pattern_list: None,
        limit,
        span: Default::default(),
    }
}

/// An event rule of `kind` with `targets` (ARNs, no input).
pub fn event_rule(id: &str, kind: EventKind, targets: &[&str]) -> EventRule {
    EventRule {
        id: id.into(),
        id_span: Default::default(),
        kind,
        description: None,
        rule_name: None,
        event_pattern: None,
        targets: targets
            .iter()
            .map(|arn| EventTarget {
                arn: arn.to_string(),
                input: None,
            })
            .collect(),
    }
}

/// An output.
pub fn output(
    id: &str,
    value: OutputValue,
    description: Option<&str>,
    export_name: Option<&str>,
) -> Item {
    Item::Output(Output {
        id: id.into(),
        id_span: Default::default(),
        value,
        description: description.map(Into::into),
        export_name: export_name.map(Into::into),
    })
}
