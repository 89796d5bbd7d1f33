//! Completion over the protocol, in documents that do not parse.

mod common;

use common::{file_uri, labels, range, rich_capabilities, TestClient};
use serde_json::json;

const REPOSITORY_ATTRS: [&str; 14] = [
    "repository_name",
    "image_scan_on_push",
    "image_tag_mutability",
    "image_tag_mutability_exclusion_filters",
    "encryption",
    "encryption_key",
    "removal_policy",
    "empty_on_delete",
    "lifecycle_registry_id",
    "tags",
    "allow_public_access",
    "grant_read",
    "grant_pull",
    "grant_push",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_and_blocks_in_a_half_typed_block() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:a";
    c.open(uri, "repository \"R\" {\n  ima").await;
    let items = c.completion(uri, 1, 5).await;
    let mut expected: Vec<String> = REPOSITORY_ATTRS.iter().map(|s| s.to_string()).collect();
    expected.push("grant_pull_push".into());
    expected.extend(
        [
            "lifecycle_rule",
            "on_image_scan_completed",
            "on_cloud_trail_image_pushed",
            "on_cloud_trail_event",
            "on_event",
            "grant",
            "policy_statement",
        ]
        .map(String::from),
    );
    assert_eq!(labels(&items), expected);
    let scan = &items[1];
    assert_eq!(scan["kind"], 10); // Property
    assert_eq!(scan["detail"], "bool");
    assert_eq!(scan["insertTextFormat"], 2);
    assert_eq!(
        scan["textEdit"],
        json!({ "range": range(1, 2, 1, 5), "newText": "image_scan_on_push = ${1|true,false|}" })
    );
    assert_eq!(
        scan["documentation"],
        json!({
            "kind": "markdown",
            "value": "**image_scan_on_push** `bool`\n\nScan images for vulnerabilities when pushed.\n\nDefault: `unset (no scan on push)`\n\nCDK: `RepositoryProps.imageScanOnPush`\n\n```hcl\nimage_scan_on_push = true\n```"
        })
    );
    let mutability = &items[2];
    assert_eq!(
        mutability["textEdit"]["newText"],
        "image_tag_mutability = \"${1|MUTABLE,IMMUTABLE,MUTABLE_WITH_EXCLUSION,IMMUTABLE_WITH_EXCLUSION|}\""
    );
    let lifecycle = &items[15];
    assert_eq!(lifecycle["label"], "lifecycle_rule");
    assert_eq!(lifecycle["kind"], 22); // Struct
    assert_eq!(
        lifecycle["textEdit"]["newText"],
        "lifecycle_rule {\n    $0\n  }"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_already_set_are_left_out_and_plain_text_without_snippets() {
    let mut c = TestClient::start(json!({})).await;
    let uri = "untitled:b";
    c.open(
        uri,
        "output \"O\" {\n  description = \"x\"\n  \n  export_name = \"y\"\n}\n",
    )
    .await;
    let items = c.completion(uri, 2, 2).await;
    assert_eq!(labels(&items), ["value"]);
    assert_eq!(items[0]["detail"], "reference or string (required)");
    assert_eq!(items[0]["insertTextFormat"], 1);
    assert_eq!(
        items[0]["textEdit"],
        json!({ "range": range(2, 2, 2, 2), "newText": "value = " })
    );
    assert_eq!(items[0]["documentation"]["kind"], "plaintext");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_level_block_types_with_required_attributes_prefilled() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:c";
    c.open(
        uri,
        "stack \"S\" {}\nrepository \"R\" {\n  image_scan_on_push = true\n\nou",
    )
    .await;
    let items = c.completion(uri, 4, 2).await;
    assert_eq!(
        labels(&items),
        [
            "repository",
            "iam_user",
            "iam_role",
            "authorization_token",
            "public_gallery_authorization_token",
            "output",
            "registry_scanning",
            "replication",
            "pull_through_cache_rule",
            "registry_policy"
        ]
    );
    let output = &items[5];
    assert_eq!(
        output["textEdit"],
        json!({ "range": range(4, 0, 4, 2), "newText": "output \"${1:ID}\" {\n  value = $2\n  $0\n}" })
    );
    assert_eq!(output["detail"], "output \"<output ID>\"");
    let scanning = &items[6];
    assert_eq!(
        scanning["textEdit"]["newText"],
        "registry_scanning {\n  scan_type = \"${1|BASIC,ENHANCED|}\"\n  $0\n}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enum_values_inside_quotes_and_after_equals() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:d";
    c.open(uri, "repository \"R\" {\n  image_tag_mutability = \"IM\n  removal_policy = \n  image_scan_on_push = ")
        .await;
    let items = c.completion(uri, 1, 28).await;
    assert_eq!(
        labels(&items),
        [
            "MUTABLE",
            "IMMUTABLE",
            "MUTABLE_WITH_EXCLUSION",
            "IMMUTABLE_WITH_EXCLUSION"
        ]
    );
    assert_eq!(
        items[1]["textEdit"],
        json!({ "range": range(1, 26, 1, 28), "newText": "IMMUTABLE\"" })
    );
    assert_eq!(items[1]["kind"], 20); // EnumMember
    assert_eq!(
        items[1]["documentation"]["value"],
        "**\"IMMUTABLE\"** `value of image_tag_mutability`\n\nWhether image tags can be overwritten.\n\nAllowed values: `\"MUTABLE\"`, `\"IMMUTABLE\"`, `\"MUTABLE_WITH_EXCLUSION\"`, `\"IMMUTABLE_WITH_EXCLUSION\"`\n\nDefault: `\"MUTABLE\" (the service default)`\n\nCDK: `RepositoryProps.imageTagMutability`"
    );
    let items = c.completion(uri, 2, 19).await;
    assert_eq!(
        labels(&items),
        [
            "\"retain\"",
            "\"destroy\"",
            "\"retain_on_update_or_delete\""
        ]
    );
    assert_eq!(
        items[0]["textEdit"],
        json!({ "range": range(2, 19, 2, 19), "newText": "\"retain\"" })
    );
    let items = c.completion(uri, 3, 23).await;
    assert_eq!(labels(&items), ["true", "false"]);
    // In the middle of a value, the whole content up to the closing quote is replaced.
    c.replace(
        uri,
        2,
        "repository \"R\" {\n  image_tag_mutability = \"IMMUTABL\"\n  ima_scan = true\n}\n",
    )
    .await;
    let items = c.completion(uri, 1, 28).await;
    assert_eq!(
        items[1]["textEdit"],
        json!({ "range": range(1, 26, 1, 34), "newText": "IMMUTABLE" })
    );
    // In the middle of a name, the rest of the name is replaced too.
    let items = c.completion(uri, 2, 5).await;
    assert_eq!(
        items[0]["textEdit"],
        json!({ "range": range(2, 2, 2, 10), "newText": "repository_name" })
    );
    assert_eq!(items[0]["insertTextFormat"], 1);
    // With the closing quote already there, only the value is inserted.
    c.replace(uri, 3, "repository \"R\" {\n  encryption = \"\"\n}\n")
        .await;
    let items = c.completion(uri, 1, 16).await;
    assert_eq!(labels(&items), ["AES256", "KMS", "KMS_DSSE"]);
    assert_eq!(
        items[2]["textEdit"],
        json!({ "range": range(1, 16, 1, 16), "newText": "KMS_DSSE" })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_with_ids_from_this_and_sibling_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.ecr.hcl"),
        "iam_role \"Deploy\" {\n  from_role_name = \"deploy\"\n}\n",
    )
    .unwrap();
    let a = file_uri(dir.path(), "a.ecr.hcl");
    let mut c = TestClient::start(rich_capabilities()).await;
    let text = "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\niam_user \"Dev\" {}\nrepository \"Api\" {\n  grant_pull = [iam_role.\n  grant_push = [\n}\noutput \"U\" {\n  value = repository.Api.\n}\noutput \"V\" {\n  value = \n";
    c.open(&a, text).await;
    let items = c.completion(&a, 5, 25).await;
    assert_eq!(labels(&items), ["Ci", "Deploy"]);
    assert_eq!(
        items[0]["textEdit"],
        json!({ "range": range(5, 25, 5, 25), "newText": "Ci" })
    );
    assert_eq!(items[1]["detail"], "iam_role in b.ecr.hcl");
    assert_eq!(
        items[1]["documentation"]["value"],
        "**iam_role.Deploy**\n\nDefined in `b.ecr.hcl`\n\n```hcl\niam_role \"Deploy\" {\n  from_role_name = \"deploy\"\n}\n```"
    );
    let items = c.completion(&a, 6, 16).await;
    assert_eq!(
        labels(&items),
        ["iam_role.Ci", "iam_user.Dev", "iam_role.Deploy"]
    );
    let items = c.completion(&a, 9, 25).await;
    assert_eq!(
        labels(&items),
        ["repository_name", "repository_arn", "repository_uri"]
    );
    assert_eq!(
        items[2]["textEdit"],
        json!({ "range": range(9, 25, 9, 25), "newText": "repository_uri" })
    );
    let items = c.completion(&a, 12, 10).await;
    assert_eq!(
        labels(&items),
        [
            "iam_role.Ci.role_arn",
            "iam_user.Dev.user_arn",
            "repository.Api.repository_name",
            "repository.Api.repository_arn",
            "repository.Api.repository_uri",
            "iam_role.Deploy.role_arn"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_in_comments_labels_or_unknown_blocks() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:e";
    c.open(
        uri,
        "repository \"R\" {\n  # ima\n}\nrepo \"X\" {\n  a\n}\n",
    )
    .await;
    assert_eq!(
        c.completion(uri, 1, 7).await,
        Vec::<serde_json::Value>::new()
    );
    assert_eq!(
        c.completion(uri, 0, 13).await,
        Vec::<serde_json::Value>::new()
    );
    assert_eq!(
        c.completion(uri, 4, 3).await,
        Vec::<serde_json::Value>::new()
    );
}
