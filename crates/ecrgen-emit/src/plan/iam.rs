//! IAM as aws-iam renders it: principals and their policy fragments, statements with the CDK's
//! normalisation, policy documents with duplicate statements removed, and where a grant lands
//! (`Grant.addToPrincipalOrResource`).

use ecrgen_core::model::{Effect, IamRole, IamUser, Principal, RoleKind, UserKind};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde_json::{Map, Value};

use super::value::{Expr, PlanValue, Pseudo, ResourceKey};

/// The IAM policy language version every document carries.
pub const POLICY_VERSION: &str = "2012-10-17";

/// A key of a statement's `Principal` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    /// `"AWS"`: accounts, users, roles, `*`.
    Aws,
    /// `"Service"`: service principals.
    Service,
}

impl PrincipalType {
    /// The key in the `Principal` object.
    pub fn key(self) -> &'static str {
        match self {
            Self::Aws => "AWS",
            Self::Service => "Service",
        }
    }
}

/// What one principal adds to a statement (the CDK's `PrincipalPolicyFragment`).
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalFragment {
    /// The `Principal` key.
    pub principal_type: PrincipalType,
    /// The value under that key.
    pub value: Expr,
    /// Conditions the principal brings (`aws:PrincipalOrgID` for an organization).
    pub conditions: Map<String, Value>,
    /// The construct the principal is, when it is one of the spec's blocks (`iam_role.Ci`):
    /// the same block given twice is the same principal object in the CDK program. A string
    /// principal is a new object each time it is written.
    pub construct: Option<(IdentityClass, String)>,
}

/// An IAM user or role of the spec, as a principal and as the owner of an identity policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Construct ID (the block label).
    pub id: String,
    /// User or role.
    pub class: IdentityClass,
    /// How it comes to be.
    pub origin: IdentityOrigin,
}

/// User or role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityClass {
    /// `iam_user`.
    User,
    /// `iam_role`.
    Role,
}

/// How an identity comes to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityOrigin {
    /// Created in the stack (`new iam.User` / `new iam.Role`).
    New,
    /// Imported by name (`fromUserName` / `fromRoleName`): this account.
    ImportedByName {
        /// The user or role name.
        name: String,
    },
    /// Imported by ARN (`fromUserArn` / `fromRoleArn`): the ARN names an account, which the
    /// CDK cannot prove is this one.
    ImportedByArn {
        /// The ARN as written.
        arn: String,
        /// The name: the last `/` segment of the ARN's resource (paths dropped).
        name: String,
    },
}

impl Identity {
    /// The identity of an `iam_user` block.
    pub fn of_user(u: &IamUser) -> Self {
        let origin = match &u.kind {
            UserKind::New { .. } => IdentityOrigin::New,
            UserKind::FromName(name) => IdentityOrigin::ImportedByName { name: name.clone() },
            UserKind::FromArn(arn) => IdentityOrigin::ImportedByArn {
                arn: arn.clone(),
                name: arn_resource_leaf(arn),
            },
        };
        Self {
            id: u.id.clone(),
            class: IdentityClass::User,
            origin,
        }
    }

    /// The identity of an `iam_role` block.
    pub fn of_role(r: &IamRole) -> Self {
        let origin = match &r.kind {
            RoleKind::New { .. } => IdentityOrigin::New,
            RoleKind::FromName(name) => IdentityOrigin::ImportedByName { name: name.clone() },
            RoleKind::FromArn(arn) => IdentityOrigin::ImportedByArn {
                arn: arn.clone(),
                name: arn_resource_leaf(arn),
            },
        };
        Self {
            id: r.id.clone(),
            class: IdentityClass::Role,
            origin,
        }
    }

    /// The key of the identity's own resource (`AWS::IAM::User` / `AWS::IAM::Role`).
    pub fn key(&self) -> ResourceKey {
        ResourceKey::new([self.id.as_str()])
    }

    /// The key of the policy its grants go to: `<ID>/DefaultPolicy` for a new identity,
    /// `<ID>/Policy` for an imported one.
    pub fn policy_key(&self) -> ResourceKey {
        let child = if self.origin == IdentityOrigin::New {
            "DefaultPolicy"
        } else {
            "Policy"
        };
        ResourceKey::new([self.id.as_str(), child])
    }

    /// The ARN: `GetAtt Arn` of a new identity, the formatted ARN of one imported by name,
    /// the literal of one imported by ARN.
    pub fn arn(&self) -> Expr {
        match &self.origin {
            IdentityOrigin::New => Expr::Arn(self.key()),
            IdentityOrigin::ImportedByName { name } => {
                let kind = match self.class {
                    IdentityClass::User => "user",
                    IdentityClass::Role => "role",
                };
                Expr::concat([
                    Expr::literal("arn:"),
                    Expr::Pseudo(Pseudo::Partition),
                    Expr::literal(":iam::"),
                    Expr::Pseudo(Pseudo::AccountId),
                    Expr::literal(format!(":{kind}/{name}")),
                ])
            }
            IdentityOrigin::ImportedByArn { arn, .. } => Expr::literal(arn.clone()),
        }
    }

    /// The name an identity policy attaches to (`Users` / `Roles`): `Ref` of a new identity,
    /// the literal name of an imported one.
    pub fn name(&self) -> Expr {
        match &self.origin {
            IdentityOrigin::New => Expr::Name(self.key()),
            IdentityOrigin::ImportedByName { name }
            | IdentityOrigin::ImportedByArn { name, .. } => Expr::literal(name.clone()),
        }
    }
}

/// The last `/` segment of an ARN's resource part: `arn:aws:iam::1:role/path/ci` -> `ci`.
pub fn arn_resource_leaf(arn: &str) -> String {
    ecrgen_core::names::arn_resource_leaf(arn).to_string()
}

/// Where `repo.grant*(principal)` puts its statements, as `Grant.addToPrincipalOrResource`
/// decides for an env-agnostic stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPlacement {
    /// The identity policy that receives `{Action, Resource: <repository ARN>}` (and, for
    /// pull/push grants and token grants, the authorization-token statement).
    pub identity_policy: Option<ResourceKey>,
    /// Whether the repository policy receives `{Action, Principal}` as well.
    pub repository_policy: bool,
}

/// Decides where a grant to `principal` lands. `identity` resolves `iam_user.X` / `iam_role.X`.
///
/// - A user or role of the stack, or one imported by name: its identity policy only (the
///   principal's account is the stack's, so the grant is complete).
/// - A user or role imported by ARN: its identity policy and the repository policy (the ARN's
///   literal account cannot be proven equal to the stack's account token).
/// - Accounts, ARNs, organizations, services and `*`: the repository policy only (they have
///   no identity policy to add to).
pub fn grant_placement(principal: &Principal, identity: Option<&Identity>) -> GrantPlacement {
    match (principal, identity) {
        (Principal::User(_) | Principal::Role(_), Some(id)) => GrantPlacement {
            identity_policy: Some(id.policy_key()),
            repository_policy: matches!(id.origin, IdentityOrigin::ImportedByArn { .. }),
        },
        _ => GrantPlacement {
            identity_policy: None,
            repository_policy: true,
        },
    }
}

/// The policy fragment of a principal. `identity` resolves `iam_user.X` / `iam_role.X`.
pub fn principal_fragment(
    principal: &Principal,
    identity: Option<&Identity>,
) -> Result<PrincipalFragment, String> {
    let aws = |value: Expr| PrincipalFragment {
        principal_type: PrincipalType::Aws,
        value,
        conditions: Map::new(),
        construct: None,
    };
    Ok(match principal {
        Principal::User(id) | Principal::Role(id) => match identity {
            Some(identity) => PrincipalFragment {
                construct: Some((identity.class, identity.id.clone())),
                ..aws(identity.arn())
            },
            None => return Err(format!("unresolved reference to `{id}`")),
        },
        Principal::Account(account) => aws(account_root_arn(account)),
        Principal::Arn(arn) => aws(Expr::literal(arn.clone())),
        Principal::Organization(org) => {
            let mut conditions = Map::new();
            conditions.insert(
                "StringEquals".into(),
                serde_json::json!({ "aws:PrincipalOrgID": org }),
            );
            PrincipalFragment {
                principal_type: PrincipalType::Aws,
                value: Expr::literal("*"),
                conditions,
                construct: None,
            }
        }
        Principal::Service(service) => PrincipalFragment {
            principal_type: PrincipalType::Service,
            value: Expr::literal(service.clone()),
            conditions: Map::new(),
            construct: None,
        },
        Principal::Any => aws(Expr::literal("*")),
    })
}

/// `arn:<partition>:iam::<account>:root`, as `AccountPrincipal` renders it.
pub fn account_root_arn(account: &str) -> Expr {
    Expr::concat([
        Expr::literal("arn:"),
        Expr::Pseudo(Pseudo::Partition),
        Expr::literal(format!(":iam::{account}:root")),
    ])
}

/// One statement, built the way `new iam.PolicyStatement(props)` builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyStatement {
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action`, de-duplicated in first-seen order.
    pub actions: Vec<String>,
    /// `NotAction`, de-duplicated in first-seen order.
    pub not_actions: Vec<String>,
    /// `Principal`: values per key, keys and values in the order principals were added.
    pub principals: Vec<(PrincipalType, Vec<Expr>)>,
    /// `Resource`, de-duplicated in first-seen order.
    pub resources: Vec<Expr>,
    /// `Condition`: operator -> key -> value, principals' conditions first.
    pub conditions: Map<String, Value>,
    /// The conditions of the first principal, which every further principal must repeat.
    principal_conditions: Option<Map<String, Value>>,
    /// The spec blocks already added as principals (see [`PolicyStatement::add_principal`]).
    principal_constructs: Vec<(IdentityClass, String)>,
}

impl PolicyStatement {
    /// An empty statement with `effect`.
    pub fn new(effect: Effect) -> Self {
        Self {
            sid: None,
            effect,
            actions: Vec::new(),
            not_actions: Vec::new(),
            principals: Vec::new(),
            resources: Vec::new(),
            conditions: Map::new(),
            principal_conditions: None,
            principal_constructs: Vec::new(),
        }
    }

    /// `{Action, Effect: Allow, Resource}`: an identity-policy statement.
    pub fn allow_on(actions: impl IntoIterator<Item = impl Into<String>>, resource: Expr) -> Self {
        let mut s = Self::new(Effect::Allow);
        s.add_actions(actions);
        s.add_resources([resource]);
        s
    }

    /// Adds actions, skipping ones already present.
    pub fn add_actions(&mut self, actions: impl IntoIterator<Item = impl Into<String>>) {
        push_unique(&mut self.actions, actions.into_iter().map(Into::into));
    }

    /// Adds not-actions, skipping ones already present.
    pub fn add_not_actions(&mut self, actions: impl IntoIterator<Item = impl Into<String>>) {
        push_unique(&mut self.not_actions, actions.into_iter().map(Into::into));
    }

    /// Adds resources, skipping ones already present.
    pub fn add_resources(&mut self, resources: impl IntoIterator<Item = Expr>) {
        push_unique(&mut self.resources, resources);
    }

    /// Adds a principal's fragment. Every principal of a statement must carry the same
    /// conditions (the CDK's rule); the message is the CDK's.
    ///
    /// The principals of a statement are a set of principal *objects*: aws-iam's
    /// `PolicyStatement.addPrincipals` pushes them into an `OrderedSet` (JavaScript `Set`
    /// identity), and only the ones that set newly took are merged into the `Principal` element
    /// (`mergePrincipal`, which appends to the key's list without comparing values) and have their
    /// conditions checked. So a block given twice (`iam_role.Ci`, one construct) renders once, at
    /// its first place, while two equal strings (two `new AccountPrincipal(...)` objects) render
    /// twice.
    pub fn add_principal(&mut self, fragment: PrincipalFragment) -> Result<(), String> {
        if let Some(construct) = &fragment.construct {
            if self.principal_constructs.contains(construct) {
                return Ok(());
            }
            self.principal_constructs.push(construct.clone());
        }
        match &self.principal_conditions {
            None => self.principal_conditions = Some(fragment.conditions.clone()),
            Some(first) if *first != fragment.conditions => {
                return Err(format!(
                    "All principals in a PolicyStatement must have the same Conditions (got '{}' and '{}'). Use multiple statements instead.",
                    Value::Object(first.clone()),
                    Value::Object(fragment.conditions.clone())
                ))
            }
            Some(_) => {}
        }
        match self
            .principals
            .iter_mut()
            .find(|(t, _)| *t == fragment.principal_type)
        {
            Some((_, values)) => values.push(fragment.value),
            None => self
                .principals
                .push((fragment.principal_type, vec![fragment.value])),
        }
        self.add_conditions(&fragment.conditions);
        Ok(())
    }

    /// Adds conditions: an operator already present gets the new keys merged into it (a key
    /// already present takes the new value), as `addCondition` does.
    pub fn add_conditions(&mut self, conditions: &Map<String, Value>) {
        for (operator, value) in conditions {
            match (self.conditions.get_mut(operator), value) {
                (Some(Value::Object(existing)), Value::Object(added)) => {
                    for (k, v) in added {
                        existing.insert(k.clone(), v.clone());
                    }
                }
                _ => {
                    self.conditions.insert(operator.clone(), value.clone());
                }
            }
        }
    }

    /// The statement as the CDK renders it (`normalizeStatement`): keys in the order Action,
    /// NotAction, Condition, Effect, Principal, Resource, Sid; empty elements left out; a list
    /// of one element written as that element.
    pub fn to_value(&self) -> PlanValue {
        let mut out: Vec<(String, PlanValue)> = Vec::new();
        let strings = |items: &[String]| collapse(items.iter().map(PlanValue::string).collect());
        if !self.actions.is_empty() {
            out.push(("Action".into(), strings(&self.actions)));
        }
        if !self.not_actions.is_empty() {
            out.push(("NotAction".into(), strings(&self.not_actions)));
        }
        if !self.conditions.is_empty() {
            out.push((
                "Condition".into(),
                PlanValue::from(&Value::Object(self.conditions.clone())),
            ));
        }
        out.push(("Effect".into(), PlanValue::string(self.effect.as_str())));
        if !self.principals.is_empty() {
            let principal = self
                .principals
                .iter()
                .map(|(t, values)| {
                    (
                        t.key().to_string(),
                        collapse(values.iter().cloned().map(PlanValue::expr).collect()),
                    )
                })
                .collect();
            out.push(("Principal".into(), PlanValue::Object(principal)));
        }
        if !self.resources.is_empty() {
            out.push((
                "Resource".into(),
                collapse(
                    self.resources
                        .iter()
                        .cloned()
                        .map(PlanValue::expr)
                        .collect(),
                ),
            ));
        }
        if let Some(sid) = &self.sid {
            out.push(("Sid".into(), PlanValue::string(sid.clone())));
        }
        PlanValue::Object(out)
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn push_unique<T: PartialEq>(target: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    for item in items {
        if !target.contains(&item) {
            target.push(item);
        }
    }
}

/// A one-element list as its element, else the list.
fn collapse(mut items: Vec<PlanValue>) -> PlanValue {
    if items.len() == 1 {
        items.pop().expect("one element")
    } else {
        PlanValue::Array(items)
    }
}

/// A policy document: statements in the order they were added, a statement equal to an
/// earlier one (as rendered JSON) left out, as the CDK's post-processor does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyDocument {
    statements: Vec<PolicyStatement>,
    /// The rendered form of each statement, to find repeats.
    rendered: Vec<PlanValue>,
    /// Positions in `rendered` by hash of the rendered form: one principal granted on ten
    /// thousand repositories gets a document of ten thousand statements, and a linear search
    /// per added statement made building it quadratic.
    by_hash: HashMap<u64, Vec<usize>>,
}

impl PolicyDocument {
    /// Adds `statement` unless an equal one is already there.
    pub fn add(&mut self, statement: PolicyStatement) {
        let rendered = statement.to_value();
        let hash = hash_of(&rendered);
        let positions = self.by_hash.entry(hash).or_default();
        if positions.iter().any(|&i| self.rendered[i] == rendered) {
            return;
        }
        positions.push(self.rendered.len());
        self.rendered.push(rendered);
        self.statements.push(statement);
    }

    /// The distinct statements, in the order they were added.
    pub fn statements(&self) -> &[PolicyStatement] {
        &self.statements
    }

    /// Whether the document has no statement.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// `{"Statement": [...], "Version": "2012-10-17"}`.
    pub fn to_value(&self) -> PlanValue {
        PlanValue::object([
            ("Statement", PlanValue::Array(self.rendered.clone())),
            ("Version", PlanValue::string(POLICY_VERSION)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(id: &str, kind: UserKind) -> Identity {
        Identity::of_user(&IamUser {
            id: id.into(),
            id_span: Default::default(),
            kind,
        })
    }

    fn role(id: &str, kind: RoleKind) -> Identity {
        Identity::of_role(&IamRole {
            id: id.into(),
            id_span: Default::default(),
            kind,
        })
    }

    #[test]
    fn placement_of_every_principal_kind() {
        let new_user = user("Dev", UserKind::New { user_name: None });
        let p = grant_placement(&Principal::User("Dev".into()), Some(&new_user));
        assert_eq!(
            p,
            GrantPlacement {
                identity_policy: Some(ResourceKey::new(["Dev", "DefaultPolicy"])),
                repository_policy: false
            }
        );

        let by_name = user("Bob", UserKind::FromName("bob".into()));
        let p = grant_placement(&Principal::User("Bob".into()), Some(&by_name));
        assert_eq!(
            p,
            GrantPlacement {
                identity_policy: Some(ResourceKey::new(["Bob", "Policy"])),
                repository_policy: false
            }
        );

        let by_arn = role(
            "Ci",
            RoleKind::FromArn("arn:aws:iam::111122223333:role/ci".into()),
        );
        let p = grant_placement(&Principal::Role("Ci".into()), Some(&by_arn));
        assert_eq!(
            p,
            GrantPlacement {
                identity_policy: Some(ResourceKey::new(["Ci", "Policy"])),
                repository_policy: true
            }
        );

        let runtime = role("Runtime", RoleKind::FromName("service-runtime".into()));
        let p = grant_placement(&Principal::Role("Runtime".into()), Some(&runtime));
        assert_eq!(
            p,
            GrantPlacement {
                identity_policy: Some(ResourceKey::new(["Runtime", "Policy"])),
                repository_policy: false
            }
        );

        for other in [
            Principal::Account("111122223333".into()),
            Principal::Arn("arn:aws:iam::111122223333:role/x".into()),
            Principal::Organization("o-abcdefghij".into()),
            Principal::Service("lambda.amazonaws.com".into()),
            Principal::Any,
        ] {
            assert_eq!(
                grant_placement(&other, None),
                GrantPlacement {
                    identity_policy: None,
                    repository_policy: true
                }
            );
        }
    }

    #[test]
    fn imported_names_and_arns() {
        let alice = user(
            "Alice",
            UserKind::FromArn("arn:aws:iam::111122223333:user/division/alice".into()),
        );
        assert_eq!(alice.name(), Expr::literal("alice"));
        assert_eq!(
            alice.arn(),
            Expr::literal("arn:aws:iam::111122223333:user/division/alice")
        );
        let runtime = role("Runtime", RoleKind::FromName("service-runtime".into()));
        assert_eq!(
            runtime.arn(),
            Expr::Concat(vec![
                Expr::literal("arn:"),
                Expr::Pseudo(Pseudo::Partition),
                Expr::literal(":iam::"),
                Expr::Pseudo(Pseudo::AccountId),
                Expr::literal(":role/service-runtime"),
            ])
        );
        assert_eq!(
            runtime.policy_key(),
            ResourceKey::new(["Runtime", "Policy"])
        );
    }

    #[test]
    fn statement_normalisation() {
        let mut s = PolicyStatement::new(Effect::Allow);
        s.add_actions(["ecr:A", "ecr:A"]);
        s.add_principal(principal_fragment(&Principal::Any, None).unwrap())
            .unwrap();
        s.sid = Some("S".into());
        let v = s.to_value().to_literal_json().unwrap();
        assert_eq!(
            v,
            json!({"Action": "ecr:A", "Effect": "Allow", "Principal": {"AWS": "*"}, "Sid": "S"})
        );
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Action", "Effect", "Principal", "Sid"]);
    }

    #[test]
    fn organization_condition_merges_with_statement_conditions() {
        let mut s = PolicyStatement::new(Effect::Allow);
        s.add_actions(["ecr:BatchGetImage"]);
        s.add_principal(
            principal_fragment(&Principal::Organization("o-abcdefghij".into()), None).unwrap(),
        )
        .unwrap();
        let user_conditions = json!({"StringEquals": {"aws:PrincipalTag/team": "a"}, "Bool": {"aws:SecureTransport": "true"}});
        s.add_conditions(user_conditions.as_object().unwrap());
        assert_eq!(
            s.to_value().to_literal_json().unwrap()["Condition"],
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij", "aws:PrincipalTag/team": "a"}, "Bool": {"aws:SecureTransport": "true"}})
        );
        let err = s
            .add_principal(
                principal_fragment(&Principal::Account("111122223333".into()), None).unwrap(),
            )
            .unwrap_err();
        assert_eq!(
            err,
            "All principals in a PolicyStatement must have the same Conditions (got '{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abcdefghij\"}}' and '{}'). Use multiple statements instead."
        );
    }

    #[test]
    fn principals_merge_by_type_without_deduplication() {
        let mut s = PolicyStatement::new(Effect::Allow);
        s.add_actions(["ecr:X"]);
        for p in [
            Principal::Account("111122223333".into()),
            Principal::Service("lambda.amazonaws.com".into()),
            Principal::Arn("arn:aws:iam::1:role/r".into()),
            Principal::Arn("arn:aws:iam::1:role/r".into()),
        ] {
            s.add_principal(principal_fragment(&p, None).unwrap())
                .unwrap();
        }
        let principal = s.to_value();
        let principal = principal.get("Principal").unwrap();
        assert_eq!(
            principal,
            &PlanValue::object([
                (
                    "AWS",
                    PlanValue::Array(vec![
                        PlanValue::expr(account_root_arn("111122223333")),
                        PlanValue::string("arn:aws:iam::1:role/r"),
                        PlanValue::string("arn:aws:iam::1:role/r"),
                    ])
                ),
                ("Service", PlanValue::string("lambda.amazonaws.com")),
            ])
        );
    }

    #[test]
    fn a_block_given_twice_is_one_principal() {
        let ci = role(
            "Ci",
            RoleKind::FromArn("arn:aws:iam::111122223333:role/ci".into()),
        );
        let mut s = PolicyStatement::new(Effect::Allow);
        s.add_actions(["ecr:X"]);
        for p in [
            Principal::Role("Ci".into()),
            Principal::Account("1".into()),
            Principal::Role("Ci".into()),
        ] {
            let identity = matches!(p, Principal::Role(_)).then_some(&ci);
            s.add_principal(principal_fragment(&p, identity).unwrap())
                .unwrap();
        }
        assert_eq!(
            s.to_value().get("Principal").unwrap(),
            &PlanValue::object([(
                "AWS",
                PlanValue::Array(vec![
                    PlanValue::string("arn:aws:iam::111122223333:role/ci"),
                    PlanValue::expr(account_root_arn("1")),
                ])
            )])
        );
    }

    #[test]
    fn documents_drop_repeated_statements() {
        let mut doc = PolicyDocument::default();
        doc.add(PolicyStatement::allow_on(
            [crate::plan::GET_AUTHORIZATION_TOKEN],
            Expr::literal("*"),
        ));
        doc.add(PolicyStatement::allow_on(["ecr:A"], Expr::literal("*")));
        doc.add(PolicyStatement::allow_on(
            [crate::plan::GET_AUTHORIZATION_TOKEN],
            Expr::literal("*"),
        ));
        assert_eq!(doc.statements().len(), 2);
        assert_eq!(
            doc.to_value().to_literal_json().unwrap(),
            json!({"Statement": [
                {"Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*"},
                {"Action": "ecr:A", "Effect": "Allow", "Resource": "*"}
            ], "Version": "2012-10-17"})
        );
    }
}
