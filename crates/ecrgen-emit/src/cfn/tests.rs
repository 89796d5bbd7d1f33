//! Hand-built specs of conformance cases compared with the CDK's templates, template overrides,
//! CloudFormation limits and logical-ID collisions.

use ecrgen_core::model::{
    Access, EventKind, GrantKind, Item, LifecycleLimit, OutputValue, Principal,
    PullThroughCacheRule, Replication, ReplicationDestination, ReplicationRule, RoleKind,
    TagMutability, TagStatus, TokenKind, UserKind,
};
use serde_json::{json, Value};

use super::*;
use crate::test_support::*;

fn render(spec: &Spec) -> Value {
    let text = render_cfn(spec, &RenderOptions::default()).expect("renders");
    serde_json::from_str(&text).expect("JSON")
}

/// Asserts the rendered template equals `expected` (the CDK's, compact) apart from Metadata.
fn assert_cdk_template(spec: &Spec, expected: &str) {
    let mut actual = render(spec);
    let metadata = actual.as_object_mut().unwrap().remove("Metadata");
    assert_eq!(
        metadata,
        Some(json!({"ecrgen": {"generator": "ecrgen", "spec": ["spec.ecr.hcl"]}}))
    );
    let expected: Value = serde_json::from_str(expected).unwrap();
    assert_eq!(actual, expected);
}

#[test]
fn case_01_seed() {
    let mut r = repo("Repo");
    r.image_scan_on_push = Some(true);
    r.image_tag_mutability = Some(TagMutability::Immutable);
    r.lifecycle_rules = vec![
        lifecycle(
            TagStatus::Tagged,
            Some(&["prod"]),
            LifecycleLimit::MaxImageCount(9999),
        ),
        lifecycle(TagStatus::Any, None, LifecycleLimit::MaxImageAgeDays(30)),
    ];
    r.event_rules = vec![event_rule(
        "ImageScanComplete",
        EventKind::ImageScanCompleted { image_tags: None },
        &["arn:aws:sns:us-east-1:123456789012:image-scan-results"],
    )];
    let s = spec(vec![
        Item::Repository(r),
        user("User", UserKind::New { user_name: None }),
        token(TokenKind::Ecr, vec![Principal::User("User".into())]),
        token(
            TokenKind::PublicGallery,
            vec![Principal::User("User".into())],
        ),
    ]);
    assert_cdk_template(
        &s,
        r#"{"Resources":{"Repo02AC86CF":{"Type":"AWS::ECR::Repository","Properties":{"ImageScanningConfiguration":{"ScanOnPush":true},"ImageTagMutability":"IMMUTABLE","LifecyclePolicy":{"LifecyclePolicyText":"{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":9999},\"action\":{\"type\":\"expire\"}},{\"rulePriority\":2,\"selection\":{\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countNumber\":30,\"countUnit\":\"days\"},\"action\":{\"type\":\"expire\"}}]}"}},"UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"},"RepoImageScanComplete7BC71935":{"Type":"AWS::Events::Rule","Properties":{"EventPattern":{"source":["aws.ecr"],"detail-type":["ECR Image Scan"],"detail":{"repository-name":[{"Ref":"Repo02AC86CF"}],"scan-status":["COMPLETE"]}},"State":"ENABLED","Targets":[{"Arn":"arn:aws:sns:us-east-1:123456789012:image-scan-results","Id":"Target0"}]}},"User00B015A1":{"Type":"AWS::IAM::User"},"UserDefaultPolicy1F97781E":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":{"Statement":[{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"},{"Action":["ecr-public:GetAuthorizationToken","sts:GetServiceBearerToken"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"},"PolicyName":"UserDefaultPolicy1F97781E","Users":[{"Ref":"User00B015A1"}]}}}}"#,
    );
}

#[test]
fn case_49_every_grant_to_a_new_user() {
    let dev = || Principal::User("Developer".into());
    let mut r = repo("Repo");
    r.access = vec![
        grant(GrantKind::Read, dev()),
        grant(GrantKind::Pull, dev()),
        grant(GrantKind::Push, dev()),
        grant(GrantKind::PullPush, dev()),
    ];
    let s = spec(vec![
        user(
            "Developer",
            UserKind::New {
                user_name: Some("developer".into()),
            },
        ),
        Item::Repository(r),
    ]);
    assert_cdk_template(
        &s,
        r#"{"Resources":{"Developer08C05065":{"Type":"AWS::IAM::User","Properties":{"UserName":"developer"}},"DeveloperDefaultPolicy86569754":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":{"Statement":[{"Action":["ecr:DescribeRepositories","ecr:DescribeImages"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"},{"Action":["ecr:CompleteLayerUpload","ecr:UploadLayerPart","ecr:InitiateLayerUpload","ecr:BatchCheckLayerAvailability","ecr:PutImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:CompleteLayerUpload","ecr:UploadLayerPart","ecr:InitiateLayerUpload","ecr:PutImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}}],"Version":"2012-10-17"},"PolicyName":"DeveloperDefaultPolicy86569754","Users":[{"Ref":"Developer08C05065"}]}},"Repo02AC86CF":{"Type":"AWS::ECR::Repository","UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"}}}"#,
    );
}

#[test]
fn case_52_imported_roles() {
    let mut r = repo("Repo");
    r.access = vec![
        grant(GrantKind::PullPush, Principal::Role("Ci".into())),
        grant(GrantKind::Pull, Principal::Role("Runtime".into())),
    ];
    let s = spec(vec![
        role(
            "Ci",
            RoleKind::FromArn("arn:aws:iam::111122223333:role/ci".into()),
        ),
        role("Runtime", RoleKind::FromName("service-runtime".into())),
        Item::Repository(r),
    ]);
    assert_cdk_template(
        &s,
        r#"{"Resources":{"CiPolicy7CA9864A":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":{"Statement":[{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:CompleteLayerUpload","ecr:UploadLayerPart","ecr:InitiateLayerUpload","ecr:PutImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"},"PolicyName":"CiPolicy7CA9864A","Roles":["ci"]}},"RuntimePolicy08A4E29A":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":{"Statement":[{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"},"PolicyName":"RuntimePolicy08A4E29A","Roles":["service-runtime"]}},"Repo02AC86CF":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryPolicyText":{"Statement":[{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:CompleteLayerUpload","ecr:UploadLayerPart","ecr:InitiateLayerUpload","ecr:PutImage"],"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"}}],"Version":"2012-10-17"}},"UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"}}}"#,
    );
}

#[test]
fn case_70_outputs() {
    let mut r = repo("Repo");
    r.repository_name = Some("web/frontend".into());
    let s = spec(vec![
        new_role(
            "Pusher",
            Principal::Service("codebuild.amazonaws.com".into()),
        ),
        user("Reader", UserKind::New { user_name: None }),
        Item::Repository(r),
        output(
            "RepoUri",
            OutputValue::RepositoryUri("Repo".into()),
            Some("docker push target"),
            Some("frontend-repository-uri"),
        ),
        output(
            "RepoArn",
            OutputValue::RepositoryArn("Repo".into()),
            None,
            None,
        ),
        output(
            "RepoName",
            OutputValue::RepositoryName("Repo".into()),
            None,
            Some("frontend-repository-name"),
        ),
        output(
            "PusherArn",
            OutputValue::RoleArn("Pusher".into()),
            None,
            None,
        ),
        output(
            "ReaderArn",
            OutputValue::UserArn("Reader".into()),
            None,
            None,
        ),
        output(
            "Region",
            OutputValue::Literal("us-east-1".into()),
            Some("Where the images live"),
            None,
        ),
    ]);
    assert_cdk_template(
        &s,
        r#"{"Resources":{"Pusher88236571":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"}}],"Version":"2012-10-17"}}},"ReaderF7BF189D":{"Type":"AWS::IAM::User"},"Repo02AC86CF":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryName":"web/frontend"},"UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"}},"Outputs":{"RepoUri":{"Description":"docker push target","Value":{"Fn::Join":["",[{"Fn::Select":[4,{"Fn::Split":[":",{"Fn::GetAtt":["Repo02AC86CF","Arn"]}]}]},".dkr.ecr.",{"Fn::Select":[3,{"Fn::Split":[":",{"Fn::GetAtt":["Repo02AC86CF","Arn"]}]}]},".",{"Ref":"AWS::URLSuffix"},"/",{"Ref":"Repo02AC86CF"}]]},"Export":{"Name":"frontend-repository-uri"}},"RepoArn":{"Value":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},"RepoName":{"Value":{"Ref":"Repo02AC86CF"},"Export":{"Name":"frontend-repository-name"}},"PusherArn":{"Value":{"Fn::GetAtt":["Pusher88236571","Arn"]}},"ReaderArn":{"Value":{"Fn::GetAtt":["ReaderF7BF189D","Arn"]}},"Region":{"Description":"Where the images live","Value":"us-east-1"}}}"#,
    );
}

#[test]
fn case_85_policy_source_order() {
    let mut r = repo("Repo");
    r.access = vec![
        grant(GrantKind::Read, Principal::Account("111122223333".into())),
        Access::Statement(statement(
            Some("Second"),
            &["ecr:ListImages"],
            vec![Principal::Account("444455556666".into())],
        )),
        grant(GrantKind::Pull, Principal::Account("444455556666".into())),
        grant(GrantKind::Pull, Principal::User("Dev".into())),
        grant(
            GrantKind::Custom(vec!["ecr:DescribeImageScanFindings".into()]),
            Principal::Account("111122223333".into()),
        ),
        Access::Statement(statement(
            Some("Last"),
            &["ecr:BatchGetImage"],
            vec![Principal::Arn(
                "arn:aws:iam::111122223333:role/reader".into(),
            )],
        )),
    ];
    let s = spec(vec![
        user("Dev", UserKind::New { user_name: None }),
        Item::Repository(r),
    ]);
    assert_cdk_template(
        &s,
        r#"{"Resources":{"Dev4FA30A25":{"Type":"AWS::IAM::User"},"DevDefaultPolicyA393DCA7":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":{"Statement":[{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["Repo02AC86CF","Arn"]}},{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"},"PolicyName":"DevDefaultPolicyA393DCA7","Users":[{"Ref":"Dev4FA30A25"}]}},"Repo02AC86CF":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryPolicyText":{"Statement":[{"Action":["ecr:DescribeRepositories","ecr:DescribeImages"],"Effect":"Allow","Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::111122223333:root"]]}}},{"Action":"ecr:ListImages","Effect":"Allow","Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::444455556666:root"]]}},"Sid":"Second"},{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::444455556666:root"]]}}},{"Action":"ecr:DescribeImageScanFindings","Effect":"Allow","Principal":{"AWS":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::111122223333:root"]]}}},{"Action":"ecr:BatchGetImage","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/reader"},"Sid":"Last"}],"Version":"2012-10-17"}},"UpdateReplacePolicy":"Retain","DeletionPolicy":"Retain"}}}"#,
    );
}

#[test]
fn output_is_pretty_utf8_with_a_final_newline() {
    let mut s = spec(vec![Item::Repository(repo("Repo"))]);
    s.stack.description = Some("Dépôt 😀 \u{1} \"q\"".into());
    let text = render_cfn(&s, &RenderOptions::default()).unwrap();
    assert!(
        text.starts_with("{\n  \"Metadata\": {\n    \"ecrgen\": {\n"),
        "{text}"
    );
    assert!(text.ends_with("}\n"));
    assert!(
        text.contains("\"Description\": \"Dépôt 😀 \\u0001 \\\"q\\\"\""),
        "{text}"
    );
    assert_eq!(
        text,
        render_cfn(&s, &RenderOptions::default()).unwrap(),
        "deterministic"
    );
}

fn template_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn with_templates(dir: &tempfile::TempDir) -> RenderOptions {
    RenderOptions {
        templates_dir: Some(dir.path().to_path_buf()),
    }
}

fn outputs_spec() -> Spec {
    spec(vec![
        Item::Repository(repo("Repo")),
        output(
            "Name",
            OutputValue::RepositoryName("Repo".into()),
            None,
            None,
        ),
    ])
}

#[test]
fn an_override_replaces_the_builtin_template_of_that_name() {
    let dir = template_dir(&[
        (
            "output.cfn.tera",
            r#"{ "Value": {{ o.value | json }}, "Description": {{ ("from override " ~ o.logical_id) | json }} }"#,
        ),
        ("main.tf.tera", "not a CloudFormation template: ignored"),
    ]);
    let text = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["Outputs"]["Name"],
        json!({"Value": {"Ref": "Repo02AC86CF"}, "Description": "from override Name"})
    );
    assert_eq!(
        v["Resources"]["Repo02AC86CF"]["DeletionPolicy"],
        json!("Retain"),
        "other templates stay built in"
    );
}

#[test]
fn an_override_that_does_not_compile_is_named() {
    let dir = template_dir(&[("repository.cfn.tera", "{% if %}")]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    match &err {
        EmitError::Template { template, message } => {
            assert!(template.starts_with("repository.cfn.tera (from "), "{err}");
            assert!(!message.starts_with("error:"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_override_that_renders_broken_json_is_named() {
    let dir = template_dir(&[("output.cfn.tera", r#"{ "Value": {{ o.value | json }}, }"#)]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(
        matches!(&err, EmitError::RenderedInvalid { template, .. } if template.starts_with("output.cfn.tera (from ")),
        "{err}"
    );

    let dir = template_dir(&[(
        "template.cfn.tera",
        r#"{ "Resources": {}, "Resources": {} }"#,
    )]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(
        err.to_string().contains("template.cfn.tera (from ")
            && err.to_string().contains("appears twice"),
        "{err}"
    );
}

#[test]
fn a_fragment_is_one_object_and_a_repeated_key_in_it_names_its_template() {
    // Spliced into the stack as text, a fragment must not be able to add keys beside its own.
    let dir = template_dir(&[(
        "output.cfn.tera",
        r#"{ "Value": "a" }, "Extra": { "Value": "b" }"#,
    )]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(
        matches!(&err, EmitError::RenderedInvalid { template, .. } if template.starts_with("output.cfn.tera (from ")),
        "{err}"
    );
    let dir = template_dir(&[("output.cfn.tera", r#""a string""#)]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(err.to_string().contains("not a JSON object"), "{err}");
    let dir = template_dir(&[(
        "output.cfn.tera",
        r#"{ "Value": {{ o.value | json }}, "Value": "again" }"#,
    )]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(
        err.to_string().contains("output.cfn.tera (from ")
            && err.to_string().contains("appears twice"),
        "{err}"
    );
}

#[test]
fn a_misspelled_render_data_key_is_an_error_not_null() {
    let dir = template_dir(&[("output.cfn.tera", r#"{ "Value": {{ o.valeu | json }} }"#)]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(
        matches!(&err, EmitError::Template { template, .. } if template.starts_with("output.cfn.tera (from ")),
        "{err}"
    );
    assert!(err.to_string().contains("undefined"), "{err}");
}

#[test]
fn an_unknown_template_name_is_refused() {
    let dir = template_dir(&[("repo.cfn.tera", "{}")]);
    let err = render_cfn(&outputs_spec(), &with_templates(&dir)).unwrap_err();
    assert!(matches!(err, EmitError::TemplatesDir { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("`repo.cfn.tera` is not a CloudFormation template name"),
        "{err}"
    );
}

#[test]
fn a_missing_templates_directory_is_an_error() {
    let opts = RenderOptions {
        templates_dir: Some("/nonexistent/ecrgen-templates".into()),
    };
    assert!(matches!(
        render_cfn(&outputs_spec(), &opts),
        Err(EmitError::TemplatesDir { .. })
    ));
}

#[test]
fn more_than_500_resources_are_refused() {
    let items = |n: usize| {
        (0..n)
            .map(|i| Item::Repository(repo(&format!("Repo{i}"))))
            .collect::<Vec<_>>()
    };
    assert!(render_cfn(&spec(items(500)), &RenderOptions::default()).is_ok());
    let err = render_cfn(&spec(items(501)), &RenderOptions::default()).unwrap_err();
    assert_eq!(
        err,
        EmitError::TooManyResources {
            count: 501,
            limit: 500
        }
    );
}

#[test]
fn a_template_over_one_megabyte_is_refused() {
    let mut s = spec(vec![Item::Repository(repo("Repo"))]);
    s.stack.description = Some("x".repeat(MAX_TEMPLATE_BYTES));
    let err = render_cfn(&s, &RenderOptions::default()).unwrap_err();
    assert!(
        matches!(err, EmitError::TemplateTooLarge { bytes, limit: MAX_TEMPLATE_BYTES } if bytes > MAX_TEMPLATE_BYTES),
        "{err}"
    );
}

fn cache_rule(id: &str) -> Item {
    Item::PullThroughCacheRule(PullThroughCacheRule {
        id: id.into(),
        id_span: Default::default(),
        ecr_repository_prefix: None,
        upstream_registry_url: "quay.io".into(),
        credential_arn: None,
        custom_role_arn: None,
        upstream_repository_prefix: None,
    })
}

#[test]
fn colliding_logical_ids_name_both_constructs() {
    let err = render_cfn(
        &spec(vec![cache_rule("Docker-Hub"), cache_rule("DockerHub")]),
        &RenderOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        EmitError::LogicalIdCollision {
            logical_id: "DockerHub".into(),
            first: "Docker-Hub".into(),
            second: "DockerHub".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "constructs `Docker-Hub` and `DockerHub` would both get the CloudFormation logical ID `DockerHub`; rename one of them"
    );
    let err = render_cfn(
        &spec(vec![
            output("Repo-Uri", OutputValue::Literal("a".into()), None, None),
            output("RepoUri", OutputValue::Literal("b".into()), None, None),
        ]),
        &RenderOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, EmitError::LogicalIdCollision { ref logical_id, .. } if logical_id == "RepoUri"),
        "{err}"
    );
}

#[test]
fn a_construct_id_used_twice_is_refused() {
    let replication = Item::Replication(Replication {
        rules: vec![ReplicationRule {
            destinations: vec![ReplicationDestination {
                region: "eu-west-1".into(),
                registry_id: "123456789012".into(),
            }],
            repository_filters: Vec::new(),
        }],
    });
    let err = render_cfn(
        &spec(vec![replication, cache_rule("Replication")]),
        &RenderOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        EmitError::DuplicateConstruct {
            path: "Replication".into()
        }
    );
}

#[test]
fn kms_dsse_with_a_key_and_exclusion_filters() {
    let mut r = repo("Repo");
    r.encryption = ecrgen_core::model::Encryption::KmsDsse;
    r.encryption_key = Some("arn:aws:kms:us-east-1:123456789012:key/k".into());
    r.image_tag_mutability = Some(TagMutability::MutableWithExclusion);
    r.exclusion_filters = Some(vec!["dev-*".into()]);
    r.empty_on_delete = Some(false);
    let v = render(&spec(vec![Item::Repository(r)]));
    assert_eq!(
        v["Resources"]["Repo02AC86CF"]["Properties"],
        json!({
            "EmptyOnDelete": false,
            "EncryptionConfiguration": {"EncryptionType": "KMS_DSSE", "KmsKey": "arn:aws:kms:us-east-1:123456789012:key/k"},
            "ImageTagMutability": "MUTABLE_WITH_EXCLUSION",
            "ImageTagMutabilityExclusionFilters": [
                {"ImageTagMutabilityExclusionFilterType": "WILDCARD", "ImageTagMutabilityExclusionFilterValue": "dev-*"}
            ]
        })
    );
}

#[test]
fn identity_principals_in_policy_statements_use_their_arns() {
    let mut r = repo("Repo");
    r.access = vec![Access::Statement(statement(
        None,
        &["ecr:BatchGetImage"],
        vec![
            Principal::Role("Build".into()),
            Principal::User("Bob".into()),
            Principal::Role("Runtime".into()),
        ],
    ))];
    let s = spec(vec![
        new_role(
            "Build",
            Principal::Service("codebuild.amazonaws.com".into()),
        ),
        user("Bob", UserKind::FromName("bob".into())),
        role(
            "Runtime",
            RoleKind::FromArn("arn:aws:iam::111122223333:role/path/runtime".into()),
        ),
        Item::Repository(r),
    ]);
    let v = render(&s);
    assert_eq!(
        v["Resources"]["Repo02AC86CF"]["Properties"]["RepositoryPolicyText"]["Statement"][0]
            ["Principal"],
        json!({"AWS": [
            {"Fn::GetAtt": ["Build45A36621", "Arn"]},
            {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":user/bob"]]},
            "arn:aws:iam::111122223333:role/path/runtime"
        ]})
    );
    // Only the new role has a resource of its own; policy statements add no identity policy.
    let ids: Vec<&String> = v["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(ids, ["Build45A36621", "Repo02AC86CF"]);
}
