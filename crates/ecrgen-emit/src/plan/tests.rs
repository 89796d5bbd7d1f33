//! The plan of hand-built specs: resource order, keys, construct paths, grant placement.

use ecrgen_core::model::{
    EventKind, GrantKind, Item, OutputValue, Principal, RoleKind, TokenKind, UserKind,
};
use serde_json::json;

use super::*;
use crate::test_support::*;

fn keys(plan: &Plan) -> Vec<(String, String, &'static str)> {
    plan.resources
        .iter()
        .map(|r| {
            (
                r.key.display_path(),
                r.logical_id.clone(),
                r.kind.cfn_type(),
            )
        })
        .collect()
}

fn identity_statements(plan: &Plan, key: &[&str]) -> Vec<serde_json::Value> {
    match &plan
        .resource(&ResourceKey::new(key.iter().copied()))
        .expect("policy resource")
        .kind
    {
        ResourceKind::IdentityPolicy(p) => p
            .document
            .statements()
            .iter()
            .map(|s| s.to_value().to_literal_json().unwrap_or(json!("<ref>")))
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn resources_follow_the_construct_tree_and_grants_follow_call_order() {
    let mut api = repo("Api");
    api.access = vec![grant(GrantKind::Pull, Principal::Role("Ci".into()))];
    api.event_rules = vec![event_rule(
        "Scan",
        EventKind::ImageScanCompleted { image_tags: None },
        &[],
    )];
    let mut web = repo("Web");
    web.access = vec![grant(GrantKind::Push, Principal::Role("Ci".into()))];
    // The role is declared after the repositories that grant to it (another file, say).
    let plan = build_plan(&spec(vec![
        Item::Repository(api),
        Item::Repository(web),
        new_role("Ci", Principal::Service("codebuild.amazonaws.com".into())),
        token(
            TokenKind::Ecr,
            vec![
                Principal::Role("Ci".into()),
                Principal::Account("111122223333".into()),
            ],
        ),
    ]))
    .unwrap();
    assert_eq!(
        keys(&plan),
        [
            (
                "Api".to_string(),
                "ApiF70053CD".to_string(),
                "AWS::ECR::Repository"
            ),
            (
                "Api/Scan".to_string(),
                logical_id(&["Api", "Scan", "Resource"]),
                "AWS::Events::Rule"
            ),
            (
                "Web".to_string(),
                "Web3C8945DB".to_string(),
                "AWS::ECR::Repository"
            ),
            ("Ci".to_string(), "CiA080E7EE".to_string(), "AWS::IAM::Role"),
            (
                "Ci/DefaultPolicy".to_string(),
                "CiDefaultPolicy7E39BAF8".to_string(),
                "AWS::IAM::Policy"
            ),
        ]
    );
    assert_eq!(
        plan.resources[1].construct_path,
        ["Api", "Scan", "Resource"]
    );
    let statements = identity_statements(&plan, &["Ci", "DefaultPolicy"]);
    // Pull on Api, the token statement once (the push and token grants repeat it), push on Web.
    assert_eq!(statements.len(), 3);
    assert_eq!(
        statements[1],
        json!({"Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*"})
    );
    match &plan.resources[4].kind {
        ResourceKind::IdentityPolicy(p) => {
            assert_eq!(p.policy_name, "CiDefaultPolicy7E39BAF8");
            assert_eq!(p.identity.name(), Expr::Name(ResourceKey::new(["Ci"])));
            assert_eq!(
                p.document.statements()[2].resources,
                [Expr::Arn(ResourceKey::new(["Web"]))]
            );
        }
        other => panic!("{other:?}"),
    }
    // The account of the token grant has no identity policy: nothing anywhere.
    assert!(plan.resources.iter().all(|r| match &r.kind {
        ResourceKind::Repository(repo) => repo.repository_policy.is_empty(),
        _ => true,
    }));
}

#[test]
fn an_imported_role_by_arn_gets_both_policies_and_by_name_only_its_own() {
    let mut r = repo("Repo");
    r.access = vec![
        grant(GrantKind::Read, Principal::Role("Ci".into())),
        grant(GrantKind::Read, Principal::User("Bob".into())),
    ];
    let plan = build_plan(&spec(vec![
        role(
            "Ci",
            RoleKind::FromArn("arn:aws:iam::111122223333:role/ci".into()),
        ),
        user("Bob", UserKind::FromName("bob".into())),
        Item::Repository(r),
        token(
            TokenKind::PublicGallery,
            vec![Principal::User("Bob".into())],
        ),
    ]))
    .unwrap();
    assert_eq!(
        keys(&plan)
            .into_iter()
            .map(|(k, _, _)| k)
            .collect::<Vec<_>>(),
        ["Ci/Policy", "Bob/Policy", "Repo"]
    );
    let ResourceKind::Repository(repo) = &plan.resources[2].kind else {
        panic!()
    };
    assert_eq!(
        repo.repository_policy.statements().len(),
        1,
        "only the role imported by ARN"
    );
    assert_eq!(
        repo.repository_policy.to_value().to_literal_json().unwrap()["Statement"][0]["Principal"],
        json!({"AWS": "arn:aws:iam::111122223333:role/ci"})
    );
    let ResourceKind::IdentityPolicy(ci) = &plan.resources[0].kind else {
        panic!()
    };
    assert_eq!(ci.identity.name(), Expr::literal("ci"));
    assert_eq!(identity_statements(&plan, &["Bob", "Policy"]).len(), 2);
}

#[test]
fn policy_names_keep_the_last_128_characters_of_the_logical_id() {
    let id = "U".repeat(200);
    let mut r = repo("Repo");
    r.access = vec![grant(GrantKind::Read, Principal::User(id.clone()))];
    let plan = build_plan(&spec(vec![
        user(&id, UserKind::New { user_name: None }),
        Item::Repository(r),
    ]))
    .unwrap();
    let ResourceKind::IdentityPolicy(p) = &plan.resources[1].kind else {
        panic!()
    };
    assert_eq!(p.policy_name.len(), 128);
    assert!(plan.resources[1].logical_id.ends_with(&p.policy_name));
    assert_ne!(plan.resources[1].logical_id, p.policy_name);
}

#[test]
fn outputs_of_imported_identities_are_their_arns() {
    let plan = build_plan(&spec(vec![
        role("Runtime", RoleKind::FromName("service-runtime".into())),
        user(
            "Alice",
            UserKind::FromArn("arn:aws:iam::111122223333:user/alice".into()),
        ),
        output(
            "RuntimeArn",
            OutputValue::RoleArn("Runtime".into()),
            None,
            None,
        ),
        output("AliceArn", OutputValue::UserArn("Alice".into()), None, None),
    ]))
    .unwrap();
    assert!(plan.resources.is_empty());
    assert_eq!(
        plan.outputs[0].value,
        Expr::concat([
            Expr::literal("arn:"),
            Expr::Pseudo(Pseudo::Partition),
            Expr::literal(":iam::"),
            Expr::Pseudo(Pseudo::AccountId),
            Expr::literal(":role/service-runtime"),
        ])
    );
    assert_eq!(
        plan.outputs[1].value,
        Expr::literal("arn:aws:iam::111122223333:user/alice")
    );
}

#[test]
fn unresolved_references_are_errors() {
    let mut r = repo("Repo");
    r.access = vec![grant(GrantKind::Read, Principal::Role("Nope".into()))];
    let err = build_plan(&spec(vec![Item::Repository(r)])).unwrap_err();
    assert_eq!(
        err,
        EmitError::UnresolvedReference {
            construct: "Repo".into(),
            target: "iam_role.Nope".into()
        }
    );
    let err = build_plan(&spec(vec![output(
        "X",
        OutputValue::RepositoryArn("Nope".into()),
        None,
        None,
    )]))
    .unwrap_err();
    assert_eq!(
        err,
        EmitError::UnresolvedReference {
            construct: "X".into(),
            target: "repository.Nope".into()
        }
    );
}

#[test]
fn target_input_is_written_as_javascript_does() {
    let mut r = repo("Repo");
    let mut rule = event_rule(
        "Pushed",
        EventKind::CloudTrailImagePushed { image_tag: None },
        &["arn:aws:sns:x"],
    );
    rule.targets[0].input =
        Some(serde_json::from_str(r#"{"b": 3.0, "1": "one", "a": [1.5, true]}"#).unwrap());
    r.event_rules = vec![rule];
    let plan = build_plan(&spec(vec![Item::Repository(r)])).unwrap();
    let ResourceKind::EventRule(rule) = &plan.resources[1].kind else {
        panic!()
    };
    assert_eq!(rule.targets[0].target_id, "Target0");
    assert_eq!(
        rule.targets[0].input_text.as_deref(),
        Some(r#"{"1":"one","b":3,"a":[1.5,true]}"#)
    );
    assert_eq!(rule.repository, ResourceKey::new(["Repo"]));
}
