//! Property: whatever a string of the spec holds (quotes, backslashes, control characters,
//! unicode, `${`, `%{`, `$${`, Tera syntax), the Terraform module parses with hcl-rs and holds
//! exactly that string at its place, and the Terraform JSON parsed with serde_json (its strings
//! read as templates) holds the same configuration. No spec text can become a Terraform
//! interpolation, break out of its string, or reach Tera as template source.

mod tf_common;

use ecrgen_core::model::{
    Access, Effect, EventKind, EventRule, EventTarget, Grant, GrantKind, IamRole, IamUser, Item,
    LifecycleLimit, LifecycleRule, Output, OutputValue, PolicyStatement, Principal,
    PullThroughCacheRule, RegistryPolicy, RegistryScanning, Replication, ReplicationDestination,
    ReplicationRule, Repository, RoleKind, ScanningRule, Spanned, Spec, Stack, TagStatus, UserKind,
};
use ecrgen_emit::plan::iam::arn_resource_leaf;
use ecrgen_emit::{render_tf_json, render_tf_module, RenderOptions};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Map, Value};
use tf_common::normalize;

/// Strings that break HCL, Terraform templates or Tera when written carelessly, and arbitrary ones.
fn text() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("${var.tags}".to_string()),
        Just("${ $${ $$${".to_string()),
        Just("%{ if true }x%{ endif }%%{".to_string()),
        Just("$".to_string()),
        Just("{{ r.name }}{% if true %}x{% endif %}{# c #}".to_string()),
        Just("\u{0}\u{1f}\u{7f}\u{85}\n\t\r".to_string()),
        Just("\u{2028}\u{2029}\u{feff}".to_string()),
        Just("😀 é ß 日本 👍🏽".to_string()),
        Just("\" }\nresource \"x\" \"y\" {\n# ".to_string()),
        Just("<>&".to_string()),
        Just("[1, {\"a\": 2}]".to_string()),
        Just("for".to_string()),
        Just(String::new()),
    ];
    prop_oneof![
        3 => any::<String>(),
        2 => special.clone(),
        1 => (special, any::<String>()).prop_map(|(a, b)| format!("{b}{a}{b}")),
    ]
}

const FIELDS: usize = 43;

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Default::default())
}

fn build(t: &[String]) -> Spec {
    let s = |i: usize| t[i].clone();
    let mut conditions = Map::new();
    conditions.insert(s(8), json!({ s(9): s(10) }));
    let mut pattern = Map::new();
    pattern.insert(format!("x-{}", s(13)), json!([s(14)]));
    let repo = Repository {
        id: "Repo".into(),
        repository_name: Some(s(1)),
        encryption_key: Some(s(2)),
        encryption: ecrgen_core::model::Encryption::Kms,
        exclusion_filters: Some(vec![s(3)]),
        image_tag_mutability: Some(ecrgen_core::model::TagMutability::MutableWithExclusion),
        lifecycle_registry_id: Some(s(4)),
        tags: vec![(format!("{}#r", s(5)), s(6))],
        lifecycle_rules: vec![LifecycleRule {
            rule_priority: None,
            description: Some(s(7)),
            tag_status: TagStatus::Tagged,
            tag_prefix_list: Some(vec![s(42)]),
            tag_pattern_list: None,
            limit: LifecycleLimit::MaxImageCount(3),
            span: Default::default(),
        }],
        access: vec![
            Access::Statement(PolicyStatement {
                sid: Some(s(11)),
                effect: Effect::Deny,
                actions: vec![s(12), "ecr:X".into()],
                not_actions: Vec::new(),
                principals: vec![
                    spanned(Principal::Arn(s(34))),
                    spanned(Principal::Service(s(35))),
                ],
                conditions: Some(conditions),
                resources: Vec::new(),
                span: Default::default(),
            }),
            Access::Grant(Grant {
                kind: GrantKind::Pull,
                principal: spanned(Principal::User("Imp".into())),
            }),
            Access::Grant(Grant {
                kind: GrantKind::Read,
                principal: spanned(Principal::Role("ImpRole".into())),
            }),
        ],
        event_rules: vec![EventRule {
            id: "Rule".into(),
            id_span: Default::default(),
            kind: EventKind::ImageScanCompleted {
                image_tags: Some(vec![s(36)]),
            },
            description: Some(s(15)),
            rule_name: Some(s(16)),
            event_pattern: Some(pattern),
            targets: vec![EventTarget {
                arn: s(17),
                input: Some(json!({ s(18): [s(19)] })),
            }],
        }],
        ..Repository::default()
    };
    Spec {
        files: vec![s(0)],
        stack: Stack {
            name: "EcrStack".into(),
            description: Some(s(20)),
            tags: vec![(format!("{}#s", s(21)), s(22))],
        },
        items: vec![
            Item::Repository(repo),
            Item::User(IamUser {
                id: "User".into(),
                id_span: Default::default(),
                kind: UserKind::New {
                    user_name: Some(s(23)),
                },
            }),
            Item::User(IamUser {
                id: "Imp".into(),
                id_span: Default::default(),
                kind: UserKind::FromName(s(37)),
            }),
            Item::Role(IamRole {
                id: "Role".into(),
                id_span: Default::default(),
                kind: RoleKind::New {
                    assumed_by: Principal::Service("lambda.amazonaws.com".into()),
                    role_name: Some(s(24)),
                    description: Some(s(25)),
                },
            }),
            Item::Role(IamRole {
                id: "ImpRole".into(),
                id_span: Default::default(),
                kind: RoleKind::FromArn(s(38)),
            }),
            Item::PullThroughCacheRule(PullThroughCacheRule {
                id: "Cache".into(),
                id_span: Default::default(),
                ecr_repository_prefix: Some(s(26)),
                upstream_registry_url: s(27),
                credential_arn: Some(s(28)),
                custom_role_arn: Some(s(29)),
                upstream_repository_prefix: Some(s(30)),
            }),
            Item::RegistryScanning(RegistryScanning {
                scan_type: "ENHANCED".into(),
                rules: vec![ScanningRule {
                    scan_frequency: "SCAN_ON_PUSH".into(),
                    repository_filters: vec![s(31)],
                }],
            }),
            Item::Replication(Replication {
                rules: vec![ReplicationRule {
                    destinations: vec![ReplicationDestination {
                        region: s(32),
                        registry_id: "123456789012".into(),
                    }],
                    repository_filters: vec![s(33)],
                }],
            }),
            Item::RegistryPolicy(RegistryPolicy {
                statements: vec![PolicyStatement {
                    sid: None,
                    effect: Effect::Allow,
                    actions: vec!["ecr:ReplicateImage".into()],
                    not_actions: Vec::new(),
                    principals: vec![spanned(Principal::Account("444455556666".into()))],
                    conditions: None,
                    resources: vec![s(41)],
                    span: Default::default(),
                }],
            }),
            Item::Output(Output {
                id: "Out".into(),
                id_span: Default::default(),
                value: OutputValue::Literal(s(39)),
                description: Some(s(40)),
                export_name: None,
            }),
        ],
    }
}

/// The expected value as the evaluation reads it (a string holding JSON becomes its value).
fn want(v: Value) -> Value {
    normalize(v)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_string_field_round_trips(t in prop::collection::vec(text(), FIELDS)) {
        let spec = build(&t);
        let s = |i: usize| t[i].clone();
        let module = render_tf_module(&spec, &RenderOptions::default()).expect("renders");
        for (path, text) in &module.files {
            if path.ends_with(".tf") {
                prop_assert!(hcl_edit::parser::parse_body(text).is_ok(), "{} does not parse:\n{}", path, text);
            }
        }
        let c = tf_common::eval_module(&module);
        let json = render_tf_json(&spec, &RenderOptions::default()).expect("renders");
        prop_assert_eq!(&tf_common::eval_json(&json), &c, "tf-json and HCL differ");

        let res = &c["resource"];
        let repo = &res["aws_ecr_repository"]["Repo"];
        prop_assert_eq!(&repo["name"], &want(json!(s(1))));
        prop_assert_eq!(&repo["encryption_configuration"], &want(json!([{"encryption_type": "KMS", "kms_key": s(2)}])));
        prop_assert_eq!(&repo["image_tag_mutability_exclusion_filter"][0]["filter"], &want(json!(s(3))));
        let tags = want(json!({ format!("{}#r", s(5)): s(6), format!("{}#s", s(21)): s(22) }));
        prop_assert_eq!(&repo["tags"], &tags);

        let lifecycle = &res["aws_ecr_lifecycle_policy"]["Repo"]["policy"]["rules"][0];
        prop_assert_eq!(&lifecycle["description"], &want(json!(s(7))));
        prop_assert_eq!(&lifecycle["selection"]["tagPrefixList"], &want(json!([s(42)])));

        let statement = &res["aws_ecr_repository_policy"]["Repo"]["policy"]["Statement"][0];
        prop_assert_eq!(&statement["Sid"], &want(json!(s(11))));
        prop_assert_eq!(&statement["Condition"], &want(json!({ s(8): { s(9): s(10) } })));
        prop_assert_eq!(&statement["Principal"], &want(json!({"AWS": s(34), "Service": s(35)})));
        let actions = if s(12) == "ecr:X" { json!("ecr:X") } else { json!([s(12), "ecr:X"]) };
        prop_assert_eq!(&statement["Action"], &want(actions));

        let rule = &res["aws_cloudwatch_event_rule"]["Repo_Rule"];
        prop_assert_eq!(&rule["description"], &want(json!(s(15))));
        prop_assert_eq!(&rule["name"], &want(json!(s(16))));
        prop_assert_eq!(&rule["event_pattern"][format!("x-{}", s(13))], &want(json!([s(14)])));
        prop_assert_eq!(&rule["event_pattern"]["detail"]["image-tags"], &want(json!([s(36)])));
        prop_assert_eq!(&rule["tags"], &tags);
        let target = &res["aws_cloudwatch_event_target"]["Repo_Rule_Target0"];
        prop_assert_eq!(&target["arn"], &want(json!(s(17))));
        prop_assert_eq!(&target["input"], &want(json!({ s(18): [s(19)] })));

        let stack_tags = want(json!({ format!("{}#s", s(21)): s(22) }));
        prop_assert_eq!(&res["aws_iam_user"]["User"]["name"], &want(json!(s(23))));
        prop_assert_eq!(&res["aws_iam_user"]["User"]["tags"], &stack_tags);
        prop_assert_eq!(&res["aws_iam_role"]["Role"]["name"], &want(json!(s(24))));
        prop_assert_eq!(&res["aws_iam_role"]["Role"]["description"], &want(json!(s(25))));
        prop_assert_eq!(&res["aws_iam_user_policy"]["Imp_Policy"]["user"], &want(json!(s(37))));
        prop_assert_eq!(&res["aws_iam_role_policy"]["ImpRole_Policy"]["role"], &want(json!(arn_resource_leaf(&s(38)))));

        prop_assert_eq!(
            &res["aws_ecr_pull_through_cache_rule"]["Cache"],
            &want(json!({
                "ecr_repository_prefix": s(26),
                "upstream_registry_url": s(27),
                "credential_arn": s(28),
                "custom_role_arn": s(29),
                "upstream_repository_prefix": s(30),
            }))
        );
        prop_assert_eq!(
            &res["aws_ecr_registry_scanning_configuration"]["RegistryScanning"]["rule"][0]["repository_filter"][0]["filter"],
            &want(json!(s(31)))
        );
        let replication = &res["aws_ecr_replication_configuration"]["Replication"]["replication_configuration"][0]["rule"][0];
        prop_assert_eq!(&replication["destination"][0]["region"], &want(json!(s(32))));
        prop_assert_eq!(&replication["repository_filter"][0]["filter"], &want(json!(s(33))));
        prop_assert_eq!(
            &res["aws_ecr_registry_policy"]["RegistryPolicy"]["policy"]["Statement"][0]["Resource"],
            &want(json!(s(41)))
        );

        prop_assert_eq!(&c["output"]["Out"], &want(json!({"value": s(39), "description": s(40)})));
        prop_assert!(module.warnings.iter().any(|w| w.contains("lifecycle_registry_id")));
    }
}

/// Writes the modules of 200 random hostile specs under `$ECRGEN_TF_DUMP_DIR` (skipped without
/// it), for checking them with HashiCorp's parser and `terraform fmt` outside Rust (done while
/// writing the layout pass: 1,000 files per run, all parsed and fmt-clean).
#[test]
fn dump_hostile_modules() {
    let Some(dir) = std::env::var_os("ECRGEN_TF_DUMP_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let mut runner = proptest::test_runner::TestRunner::default();
    let strategy = prop::collection::vec(text(), FIELDS);
    for i in 0..200 {
        let t = strategy.new_tree(&mut runner).expect("a value").current();
        let module = render_tf_module(&build(&t), &RenderOptions::default()).expect("renders");
        for (path, text) in &module.files {
            let file = dir.join(format!("{i:03}")).join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
    }
}
