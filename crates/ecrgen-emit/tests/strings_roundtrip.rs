//! Property: whatever a string of the spec holds (quotes, backslashes, control characters,
//! unicode, `${`, template syntax), the rendered CloudFormation is valid JSON and holds exactly
//! that string at the right place. No spec text can break out of its JSON string or reach Tera
//! as template source.

use ecrgen_core::model::{
    Access, Effect, EventKind, EventRule, EventTarget, IamRole, IamUser, Item, LifecycleLimit,
    LifecycleRule, Output, OutputValue, PolicyStatement, Principal, PullThroughCacheRule,
    RegistryScanning, Replication, ReplicationDestination, ReplicationRule, Repository, RoleKind,
    ScanningRule, Spanned, Spec, Stack, TagStatus, UserKind,
};
use ecrgen_emit::plan::tags::effective_tags;
use ecrgen_emit::{render_cfn, RenderOptions};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Strings that have broken JSON or template output before, and arbitrary ones.
fn text() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("${AWS::Region}".to_string()),
        Just("{{ r.logical_id }}".to_string()),
        Just("{% if true %}x{% endif %}{# c #}".to_string()),
        Just("\u{0}\u{1f}\u{7f}\n\t\r".to_string()),
        Just("\u{2028}\u{2029}\u{feff}".to_string()),
        Just("😀 é ß 日本".to_string()),
        Just("\"}, \"Evil\": {\"".to_string()),
        Just("</script>&amp;<>".to_string()),
        Just(String::new()),
    ];
    prop_oneof![
        3 => any::<String>(),
        2 => special.clone(),
        1 => (special, any::<String>()).prop_map(|(a, b)| format!("{b}{a}{b}")),
    ]
}

/// One string per field of the hand-built spec.
#[derive(Debug, Clone)]
struct Texts(Vec<String>);

impl Texts {
    fn get(&self, i: usize) -> String {
        self.0[i].clone()
    }
}

const FIELDS: usize = 34;

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Default::default())
}

fn build(t: &Texts) -> Spec {
    let mut conditions = Map::new();
    conditions.insert(t.get(8), json!({ t.get(9): t.get(10) }));
    let mut pattern = Map::new();
    pattern.insert(format!("x-{}", t.get(13)), json!([t.get(14)]));
    let repo = Repository {
        id: "Repo".into(),
        repository_name: Some(t.get(1)),
        encryption_key: Some(t.get(2)),
        encryption: ecrgen_core::model::Encryption::Kms,
        exclusion_filters: Some(vec![t.get(3)]),
        image_tag_mutability: Some(ecrgen_core::model::TagMutability::ImmutableWithExclusion),
        lifecycle_registry_id: Some(t.get(4)),
        tags: vec![(format!("{}#r", t.get(5)), t.get(6))],
        lifecycle_rules: vec![LifecycleRule {
            rule_priority: None,
            description: Some(t.get(7)),
            tag_status: TagStatus::Any,
            tag_prefix_list: None,
            tag_pattern_list: None,
            limit: LifecycleLimit::MaxImageCount(3),
            span: Default::default(),
        }],
        access: vec![Access::Statement(PolicyStatement {
            sid: Some(t.get(11)),
            effect: Effect::Deny,
            actions: vec![t.get(12), "ecr:X".into()],
            not_actions: Vec::new(),
            principals: vec![
                spanned(Principal::Arn(t.get(31))),
                spanned(Principal::Service(t.get(32))),
            ],
            conditions: Some(conditions),
            resources: Vec::new(),
            span: Default::default(),
        })],
        event_rules: vec![EventRule {
            id: "Rule".into(),
            id_span: Default::default(),
            kind: EventKind::ImageScanCompleted {
                image_tags: Some(vec![t.get(33)]),
            },
            description: Some(t.get(15)),
            rule_name: Some(t.get(16)),
            event_pattern: Some(pattern),
            targets: vec![EventTarget {
                arn: t.get(17),
                input: Some(json!({ t.get(18): [t.get(19)] })),
            }],
        }],
        ..Repository::default()
    };
    Spec {
        files: vec![t.get(0)],
        stack: Stack {
            name: "EcrStack".into(),
            description: Some(t.get(20)),
            tags: vec![(format!("{}#s", t.get(21)), t.get(22))],
        },
        items: vec![
            Item::Repository(repo),
            Item::User(IamUser {
                id: "User".into(),
                id_span: Default::default(),
                kind: UserKind::New {
                    user_name: Some(t.get(23)),
                },
            }),
            Item::Role(IamRole {
                id: "Role".into(),
                id_span: Default::default(),
                kind: RoleKind::New {
                    assumed_by: Principal::Service("lambda.amazonaws.com".into()),
                    role_name: Some(t.get(24)),
                    description: Some(t.get(25)),
                },
            }),
            Item::PullThroughCacheRule(PullThroughCacheRule {
                id: "Cache".into(),
                id_span: Default::default(),
                ecr_repository_prefix: Some(t.get(26)),
                upstream_registry_url: t.get(27),
                credential_arn: Some(t.get(28)),
                custom_role_arn: None,
                upstream_repository_prefix: None,
            }),
            Item::RegistryScanning(RegistryScanning {
                scan_type: "ENHANCED".into(),
                rules: vec![ScanningRule {
                    scan_frequency: "SCAN_ON_PUSH".into(),
                    repository_filters: vec![t.get(29)],
                }],
            }),
            Item::Replication(Replication {
                rules: vec![ReplicationRule {
                    destinations: vec![ReplicationDestination {
                        region: t.get(30),
                        registry_id: "123456789012".into(),
                    }],
                    repository_filters: vec![t.get(29)],
                }],
            }),
            Item::Output(Output {
                id: "Out".into(),
                id_span: Default::default(),
                value: OutputValue::Literal(t.get(5)),
                description: Some(t.get(6)),
                export_name: Some(t.get(7)),
            }),
        ],
    }
}

fn tags_json(tags: &[(String, String)], own: &[(String, String)]) -> Value {
    Value::Array(
        effective_tags(tags, own)
            .into_iter()
            .map(|t| json!({"Key": t.key, "Value": t.value}))
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_string_field_round_trips(texts in prop::collection::vec(text(), FIELDS)) {
        let t = Texts(texts);
        let spec = build(&t);
        let rendered = render_cfn(&spec, &RenderOptions::default()).expect("renders");
        let v: Value = serde_json::from_str(&rendered).expect("valid JSON");
        let r = &v["Resources"];

        prop_assert_eq!(&v["Metadata"]["ecrgen"]["spec"], &json!([t.get(0)]));
        prop_assert_eq!(&v["Description"], &json!(t.get(20)));

        let repo = &r["Repo02AC86CF"]["Properties"];
        prop_assert_eq!(&repo["RepositoryName"], &json!(t.get(1)));
        prop_assert_eq!(&repo["EncryptionConfiguration"], &json!({"EncryptionType": "KMS", "KmsKey": t.get(2)}));
        prop_assert_eq!(&repo["ImageTagMutabilityExclusionFilters"][0]["ImageTagMutabilityExclusionFilterValue"], &json!(t.get(3)));
        prop_assert_eq!(&repo["LifecyclePolicy"]["RegistryId"], &json!(t.get(4)));
        let lifecycle: Value = serde_json::from_str(repo["LifecyclePolicy"]["LifecyclePolicyText"].as_str().unwrap()).unwrap();
        prop_assert_eq!(&lifecycle["rules"][0]["description"], &json!(t.get(7)));
        prop_assert_eq!(&repo["Tags"], &tags_json(&spec.stack.tags, &[(format!("{}#r", t.get(5)), t.get(6))]));

        let statement = &repo["RepositoryPolicyText"]["Statement"][0];
        prop_assert_eq!(&statement["Sid"], &json!(t.get(11)));
        prop_assert_eq!(&statement["Effect"], &json!("Deny"));
        let expected_actions = if t.get(12) == "ecr:X" { json!("ecr:X") } else { json!([t.get(12), "ecr:X"]) };
        prop_assert_eq!(&statement["Action"], &expected_actions);
        prop_assert_eq!(&statement["Condition"], &json!({ t.get(8): { t.get(9): t.get(10) } }));
        prop_assert_eq!(&statement["Principal"], &json!({"AWS": t.get(31), "Service": t.get(32)}));

        let rule = &r[ecrgen_core::logical_id(&["Repo", "Rule", "Resource"])]["Properties"];
        prop_assert_eq!(&rule["Description"], &json!(t.get(15)));
        prop_assert_eq!(&rule["Name"], &json!(t.get(16)));
        prop_assert_eq!(&rule["EventPattern"][format!("x-{}", t.get(13))], &json!([t.get(14)]));
        prop_assert_eq!(&rule["EventPattern"]["detail"]["image-tags"], &json!([t.get(33)]));
        prop_assert_eq!(&rule["Tags"], &repo["Tags"]);
        prop_assert_eq!(&rule["Targets"][0]["Arn"], &json!(t.get(17)));
        let input: Value = serde_json::from_str(rule["Targets"][0]["Input"].as_str().unwrap()).unwrap();
        prop_assert_eq!(input, json!({ t.get(18): [t.get(19)] }));

        prop_assert_eq!(&r["User00B015A1"]["Properties"]["UserName"], &json!(t.get(23)));
        prop_assert_eq!(&r["User00B015A1"]["Properties"]["Tags"], &tags_json(&spec.stack.tags, &[]));
        prop_assert_eq!(&r["Role1ABCC5F0"]["Properties"]["RoleName"], &json!(t.get(24)));
        prop_assert_eq!(&r["Role1ABCC5F0"]["Properties"]["Description"], &json!(t.get(25)));

        let cache = &r["Cache"]["Properties"];
        prop_assert_eq!(cache, &json!({"CredentialArn": t.get(28), "EcrRepositoryPrefix": t.get(26), "UpstreamRegistryUrl": t.get(27)}));
        prop_assert_eq!(&r["RegistryScanning"]["Properties"]["Rules"][0]["RepositoryFilters"][0]["Filter"], &json!(t.get(29)));
        let replication = &r["Replication"]["Properties"]["ReplicationConfiguration"]["Rules"][0];
        prop_assert_eq!(&replication["Destinations"][0]["Region"], &json!(t.get(30)));
        prop_assert_eq!(&replication["RepositoryFilters"][0]["Filter"], &json!(t.get(29)));

        prop_assert_eq!(&v["Outputs"]["Out"], &json!({"Description": t.get(6), "Value": t.get(5), "Export": {"Name": t.get(7)}}));
    }
}
