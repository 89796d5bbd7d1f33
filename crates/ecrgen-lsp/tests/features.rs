//! Hover, symbols, definition, references, formatting, code actions and executeCommand over
//! the protocol, each asserted on exact values.

mod common;

use common::{file_uri, range, rich_capabilities, TestClient};
use serde_json::{json, Value};

const SPEC: &str = "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n\nrepository \"Api\" {\n  image_tag_mutability = \"IMMUTABLE\"\n  grant_push           = [iam_role.Ci]\n  lifecycle_rule {\n    max_image_count = 10\n  }\n}\n\noutput \"Uri\" {\n  value = repository.Api.repository_uri\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_docs_for_blocks_attributes_values_and_references() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:h";
    c.open(uri, SPEC).await;
    let h = c.at("textDocument/hover", uri, 5, 4).await;
    assert_eq!(h["range"], range(5, 2, 5, 22));
    assert_eq!(
        h["contents"],
        json!({
            "kind": "markdown",
            "value": "**image_tag_mutability** `\"MUTABLE\" | \"IMMUTABLE\" | \"MUTABLE_WITH_EXCLUSION\" | \"IMMUTABLE_WITH_EXCLUSION\"`\n\nWhether image tags can be overwritten.\n\nDefault: `\"MUTABLE\" (the service default)`\n\nCDK: `RepositoryProps.imageTagMutability`\n\n```hcl\nimage_tag_mutability = \"IMMUTABLE\"\n```"
        })
    );
    let h = c.at("textDocument/hover", uri, 5, 30).await;
    assert_eq!(h["range"], range(5, 25, 5, 36));
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**\"IMMUTABLE\"** `value of image_tag_mutability`"));
    let h = c.at("textDocument/hover", uri, 7, 5).await;
    assert_eq!(h["range"], range(7, 2, 7, 16));
    assert_eq!(
        h["contents"]["value"],
        "**lifecycle_rule**\n\nA lifecycle rule that expires images; exactly one of `max_image_count` and `max_image_age_days`.\n\nCDK: `repo.addLifecycleRule({...})`\n\n```hcl\nlifecycle_rule {\n  tag_prefix_list = [\"prod\"]\n  max_image_count = 9999\n}\n```"
    );
    let h = c.at("textDocument/hover", uri, 12, 1).await;
    assert!(h["contents"]["value"].as_str().unwrap().starts_with("**output** `\"<output ID>\"`\n\nA stack output (CloudFormation Outputs, Terraform output).\n\nRequired: `value`\n\nCDK: `new CfnOutput(stack, ID, {...})`"));
    let h = c.at("textDocument/hover", uri, 6, 30).await;
    assert_eq!(h["range"], range(6, 26, 6, 37));
    assert_eq!(
        h["contents"]["value"],
        "**iam_role.Ci**\n\nDefined in `untitled:h`\n\n```hcl\niam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n```"
    );
    // Nothing to say about a comment-free blank line or an unknown attribute.
    assert_eq!(c.at("textDocument/hover", uri, 3, 0).await, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_hover_for_clients_without_markdown() {
    let mut c = TestClient::start(json!({})).await;
    let uri = "untitled:p";
    c.open(uri, SPEC).await;
    let h = c.at("textDocument/hover", uri, 13, 3).await;
    assert_eq!(
        h["contents"],
        json!({
            "kind": "plaintext",
            "value": "value reference or string\n\nrepository.<ID>.repository_name|repository_arn|repository_uri, iam_role.<ID>.role_arn, iam_user.<ID>.user_arn, or a string.\n\nRequired.\n\nCDK: CfnOutputProps.value\n\nExample:\nvalue = repository.Api.repository_uri"
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols_are_a_hierarchical_outline() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:s";
    // The outline survives a syntax error.
    c.open(
        uri,
        &SPEC.replace("max_image_count = 10", "max_image_count ="),
    )
    .await;
    let r = c
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    let summary: Vec<Value> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            json!({
                "name": s["name"],
                "detail": s["detail"],
                "kind": s["kind"],
                "range": s["range"],
                "selectionRange": s["selectionRange"],
                "children": s["children"].as_array().unwrap().iter().map(|c| json!([c["name"], c["kind"]])).collect::<Vec<_>>()
            })
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            json!({ "name": "Ci", "detail": "iam_role", "kind": 19, "range": range(0, 0, 2, 1), "selectionRange": range(0, 10, 0, 12), "children": [["assumed_by", 8]] }),
            json!({ "name": "Api", "detail": "repository", "kind": 2, "range": range(4, 0, 10, 1), "selectionRange": range(4, 12, 4, 15),
                    "children": [["image_tag_mutability", 8], ["grant_push", 8], ["lifecycle_rule", 23]] }),
            json!({ "name": "Uri", "detail": "output", "kind": 13, "range": range(12, 0, 14, 1), "selectionRange": range(12, 8, 12, 11), "children": [["value", 8]] }),
        ]
    );
    let lifecycle = &r[1]["children"][2];
    assert_eq!(lifecycle["range"], range(7, 2, 9, 3));
    assert_eq!(
        lifecycle["children"],
        json!([{ "name": "max_image_count", "kind": 8, "range": range(8, 4, 8, 21), "selectionRange": range(8, 4, 8, 19) }])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_and_references_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let b_text = "output \"RoleArn\" {\n  value = iam_role.Ci.role_arn\n}\n";
    std::fs::write(dir.path().join("b.ecr.hcl"), b_text).unwrap();
    let a = file_uri(dir.path(), "a.ecr.hcl");
    let b = file_uri(dir.path(), "b.ecr.hcl");
    let mut c = TestClient::start(rich_capabilities()).await;
    c.open(&a, SPEC).await;
    // From the reference in the grant to the label of the role.
    let d = c.at("textDocument/definition", &a, 6, 34).await;
    assert_eq!(d, json!({ "uri": a, "range": range(0, 10, 0, 12) }));
    // From the output in the sibling file (read from disk) back to a.
    c.open(&b, b_text).await;
    let d = c.at("textDocument/definition", &b, 1, 20).await;
    assert_eq!(d, json!({ "uri": a, "range": range(0, 10, 0, 12) }));
    let d = c.at("textDocument/definition", &a, 13, 14).await;
    assert_eq!(d, json!({ "uri": a, "range": range(4, 12, 4, 15) }));
    assert_eq!(c.at("textDocument/definition", &a, 5, 4).await, Value::Null);
    let r = c
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": a }, "position": { "line": 0, "character": 11 }, "context": { "includeDeclaration": true } }),
        )
        .await
        .unwrap();
    assert_eq!(
        r,
        json!([
            { "uri": a, "range": range(0, 10, 0, 12) },
            { "uri": a, "range": range(6, 26, 6, 37) },
            { "uri": b, "range": range(1, 10, 1, 21) }
        ])
    );
    let r = c
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": b }, "position": { "line": 1, "character": 12 }, "context": { "includeDeclaration": false } }),
        )
        .await
        .unwrap();
    assert_eq!(
        r,
        json!([{ "uri": a, "range": range(6, 26, 6, 37) }, { "uri": b, "range": range(1, 10, 1, 21) }])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_edits_and_no_edits_on_a_syntax_error() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:f";
    c.open(uri, "repository \"Api\" {\n  image_scan_on_push=true\n  image_tag_mutability = \"IMMUTABLE\"\n}\n").await;
    let r = c
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .await;
    assert_eq!(
        r,
        Ok(json!([{ "range": range(1, 0, 2, 0), "newText": "  image_scan_on_push   = true\n" }]))
    );
    c.replace(uri, 2, "repository \"Api\" {\n  image_scan_on_push=\n}\n")
        .await;
    let r = c
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .await;
    assert_eq!(r, Ok(json!([])));
}

fn action_summary(actions: &Value) -> Vec<Value> {
    actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!({ "title": a["title"], "kind": a["kind"], "code": a["diagnostics"][0]["code"], "edit": a["edit"] }))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fixes() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:q";
    let text = "repository \"Api\" {\n  image_scan_on_pus    = true\n  image_tag_mutability = \"IMMUTABL\"\n  grant_pull           = [\"*\"]\n}\noutput \"Uri\" {\n  description = \"x\"\n}\n";
    c.open(uri, text).await;
    c.diagnostics(uri, Some(1)).await;
    let params = |l1: u32, c1: u32, l2: u32, c2: u32| json!({ "textDocument": { "uri": uri }, "range": range(l1, c1, l2, c2), "context": { "diagnostics": [] } });
    let r = c
        .request("textDocument/codeAction", params(1, 3, 1, 3))
        .await
        .unwrap();
    assert_eq!(
        action_summary(&r),
        vec![json!({
            "title": "Replace with `image_scan_on_push`",
            "kind": "quickfix",
            "code": "E0102",
            "edit": { "changes": { uri: [{ "range": range(1, 2, 1, 19), "newText": "image_scan_on_push" }] } }
        })]
    );
    assert_eq!(r[0]["isPreferred"], true);
    let r = c
        .request("textDocument/codeAction", params(2, 26, 2, 26))
        .await
        .unwrap();
    assert_eq!(
        action_summary(&r),
        vec![json!({
            "title": "Replace with \"IMMUTABLE\"",
            "kind": "quickfix",
            "code": "E0104",
            "edit": { "changes": { uri: [{ "range": range(2, 25, 2, 35), "newText": "\"IMMUTABLE\"" }] } }
        })]
    );
    let r = c
        .request("textDocument/codeAction", params(3, 27, 3, 28))
        .await
        .unwrap();
    assert_eq!(
        action_summary(&r),
        vec![json!({
            "title": "Add `allow_public_access = true` to the repository",
            "kind": "quickfix",
            "code": "E0503",
            "edit": { "changes": { uri: [{ "range": range(4, 0, 4, 0), "newText": "  allow_public_access = true\n" }] } }
        })]
    );
    let r = c
        .request("textDocument/codeAction", params(5, 0, 7, 1))
        .await
        .unwrap();
    assert_eq!(
        action_summary(&r),
        vec![json!({
            "title": "Add missing required attributes",
            "kind": "quickfix",
            "code": "E0106",
            "edit": { "changes": { uri: [{ "range": range(7, 0, 7, 0), "newText": "  value = \"\"\n" }] } }
        })]
    );
    // No diagnostic there, no action.
    assert_eq!(
        c.request("textDocument/codeAction", params(0, 0, 0, 0))
            .await
            .unwrap(),
        json!([])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generate_command() {
    let mut c = TestClient::start(rich_capabilities()).await;
    assert_eq!(
        c.init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["ecrgen.generate"])
    );
    let uri = "untitled:g";
    c.open(uri, "repository \"Repo\" {}\n").await;
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri, "target": "cfn" }] }),
        )
        .await
        .unwrap();
    assert_eq!(r["target"], "cfn");
    let template: Value = serde_json::from_str(r["content"].as_str().unwrap()).unwrap();
    assert_eq!(
        template["Resources"],
        json!({ "Repo02AC86CF": { "Type": "AWS::ECR::Repository", "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain" } })
    );
    // The Terraform targets: the module's .tf files as one stream, and the tf-json document.
    let spec = ecrgen_core::check(&ecrgen_core::SourceSet::single(
        "untitled:g",
        "repository \"Repo\" {}\n",
    ))
    .spec
    .unwrap();
    let opts = ecrgen_emit::RenderOptions::default();
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri, "target": "tf" }] }),
        )
        .await
        .unwrap();
    let tf = ecrgen_emit::render_tf_module(&spec, &opts)
        .unwrap()
        .hcl_stream();
    assert!(
        tf.contains("resource \"aws_ecr_repository\" \"Repo\" {"),
        "{tf}"
    );
    assert_eq!(r, json!({ "target": "tf", "content": tf }));
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri, "target": "tf-json" }] }),
        )
        .await
        .unwrap();
    let tf_json = ecrgen_emit::render_tf_json(&spec, &opts).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&tf_json).unwrap()["resource"]["aws_ecr_repository"]["Repo"]
            ["name"],
        "repo"
    );
    assert_eq!(r, json!({ "target": "tf-json", "content": tf_json }));
    let err = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri, "target": "yaml" }] }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": -32602, "message": "unknown target `yaml`: use cfn, tf or tf-json" })
    );
    c.replace(uri, 2, "repository \"Repo\" {\n  encryption = \"AES\"\n}\n")
        .await;
    let err = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri }] }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": -32600, "message": "the spec has 1 error(s); nothing is generated while errors exist: untitled:g: invalid value \"AES\" for `encryption`: expected one of \"AES256\", \"KMS\", \"KMS_DSSE\"" })
    );
    let err = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.other", "arguments": [] }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": -32602, "message": "unknown command `ecrgen.other`" })
    );
}

/// A problem of one target (here a Terraform name) is a warning in the editor, as in `ecrgen
/// check`; generating that target is refused with it, the other target is generated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_problem_is_a_warning_and_refuses_only_its_target() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:t";
    c.open(uri, "repository \"x\" {}\n").await;
    let message = "Terraform targets: a repository without `repository_name` is named after the kebab case of its ID, and `x` is not a valid repository name; set `repository_name`";
    let diags = c.diagnostics(uri, Some(1)).await;
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == "T0101").collect();
    assert_eq!(
        found,
        vec![&json!({
            "range": range(0, 11, 0, 14),
            "severity": 2,
            "code": "T0101",
            "source": "ecrgen",
            "message": format!("{message}\nhelp: `--target tf` and `--target tf-json` refuse the spec while this holds; `--target cfn` is not affected"),
        })]
    );
    for target in ["tf", "tf-json"] {
        let err = c
            .request(
                "workspace/executeCommand",
                json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri, "target": target }] }),
            )
            .await
            .unwrap_err();
        assert_eq!(
            err,
            json!({ "code": -32600, "message": format!("the spec cannot be generated as {target}: untitled:t: [T0101] {message}") })
        );
    }
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "ecrgen.generate", "arguments": [{ "uri": uri, "target": "cfn" }] }),
        )
        .await
        .unwrap();
    assert_eq!(r["target"], "cfn");
}
