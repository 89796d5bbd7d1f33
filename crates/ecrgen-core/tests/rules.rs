//! Front-end rules beyond the conformance cases, asserted on exact codes and messages.

use ecrgen_core::{check, Severity, SourceSet};

fn errors(text: &str) -> Vec<(String, String)> {
    check(&SourceSet::single("t.ecr.hcl", text))
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.to_string(), d.message))
        .collect()
}

#[test]
fn registry_blocks_reserve_their_construct_ids() {
    let e = errors("replication {\n  rule {\n    destination {\n      region      = \"us-west-2\"\n      registry_id = \"123456789012\"\n    }\n  }\n}\nrepository \"Replication\" {}\n");
    assert_eq!(
        e,
        vec![(
            "E0120".to_string(),
            "duplicate construct ID `Replication`: the `replication` block already uses it"
                .to_string()
        )]
    );
}

#[test]
fn output_ids_that_collide_after_sanitizing_are_refused() {
    let e = errors(
        "output \"Repo-Uri\" {\n  value = \"a\"\n}\noutput \"RepoUri\" {\n  value = \"b\"\n}\n",
    );
    assert_eq!(
        e,
        vec![(
            "E0124".to_string(),
            "section 'Outputs' already contains 'RepoUri': constructs `Repo-Uri` and `RepoUri` both get that logical ID".to_string()
        )]
    );
}

#[test]
fn hidden_default_components_collide_in_the_cdk_words_at_the_later_label() {
    let r = check(&SourceSet::single(
        "t.ecr.hcl",
        "repository \"Repo\" {\n  on_event \"Default\" {}\n}\n",
    ));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
    assert_eq!(
        d.message,
        "section 'Resources' already contains 'Repo02AC86CF': constructs `Repo/Resource` and `Repo/Default/Resource` both get that logical ID (the CDK leaves `Default` out of logical IDs)"
    );
    assert_eq!(d.span.range, 31..40, "the rule's label");
    // A `Default` that hides nothing another construct uses is fine.
    assert!(errors("repository \"Default\" {\n  on_event \"Pushed\" {}\n}\n").is_empty());
    let e = errors("output \"Default\" {\n  value = \"x\"\n}\n");
    assert_eq!(
        e,
        vec![(
            "E0124".to_string(),
            "Unable to calculate a unique id for an empty set of components".to_string()
        )]
    );
}

#[test]
fn the_stack_cannot_have_both_a_resource_and_a_default_child() {
    let e = errors("stack \"Ecr\" {}\nrepository \"Default\" {}\nrepository \"Resource\" {}\n");
    assert_eq!(
        e,
        vec![(
            "E0121".to_string(),
            "Cannot determine default child for Ecr. There is both a child with id \"Resource\" and id \"Default\"".to_string()
        )]
    );
}

#[test]
fn enum_typos_list_the_allowed_values_and_suggest_one() {
    let r = check(&SourceSet::single(
        "t.ecr.hcl",
        "repository \"R\" {\n  image_tag_mutability = \"immutable\"\n}\n",
    ));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
    assert_eq!(d.code, "E0104");
    assert_eq!(
        d.message,
        "invalid value \"immutable\" for `image_tag_mutability`: expected one of \"MUTABLE\", \"IMMUTABLE\", \"MUTABLE_WITH_EXCLUSION\", \"IMMUTABLE_WITH_EXCLUSION\""
    );
    assert_eq!(d.help.as_deref(), Some("did you mean \"IMMUTABLE\"?"));
    assert_eq!(d.fixes[0].replacement, "\"IMMUTABLE\"");
}

#[test]
fn references_resolve_across_files_and_report_the_wrong_kind() {
    let mut set = SourceSet::default();
    set.push(
        "a.ecr.hcl",
        "repository \"R\" {\n  grant_pull = [iam_user.Ci]\n}\n",
    );
    set.push(
        "b.ecr.hcl",
        "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    );
    let r = check(&set);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
    assert_eq!(
        d.message,
        "unresolved reference: there is no `iam_user \"Ci\"` block"
    );
    assert_eq!(d.help.as_deref(), Some("`Ci` is a `iam_role` block"));
    assert_eq!(d.span.file, 0);
}

#[test]
fn event_pattern_scalars_and_interpolation_are_errors() {
    let e = errors("repository \"R\" {\n  on_event \"E\" {\n    event_pattern = {\n      detail = { result = \"SUCCESS\" }\n    }\n  }\n}\n");
    assert_eq!(e[0].0, "E0402");
    assert_eq!(
        e[0].1,
        "event pattern field `detail.result` must be a list, found string: write [\"SUCCESS\"]"
    );
    let e = errors("repository \"R\" {\n  repository_name = \"a-${var.x}\"\n}\n");
    assert_eq!(
        e,
        vec![(
            "E0105".to_string(),
            "string interpolation is not supported in specs".to_string()
        )]
    );
}

#[test]
fn stack_tags_reaching_new_identities_must_fit_iam() {
    let e = errors("stack \"S\" {\n  tags = { owner = \"a&b\" }\n}\niam_user \"U\" {}\n");
    assert_eq!(e[0].0, "E0504");
    assert!(
        errors("stack \"S\" {\n  tags = { owner = \"a&b\" }\n}\nrepository \"R\" {}\n").is_empty()
    );
}

#[test]
fn an_invalid_security_setting_is_an_error_not_also_an_ecr_warning() {
    let codes = |text: &str| -> Vec<&'static str> {
        check(&SourceSet::single("a.ecr.hcl", text.to_string()))
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    let rules = "  lifecycle_rule {\n    max_image_count = 5\n  }\n";
    assert_eq!(
        codes(&format!("repository \"R\" {{\n  image_scan_on_push = true\n  image_tag_mutability = \"IMMUTABL\"\n{rules}}}\n")),
        ["E0104"]
    );
    assert_eq!(
        codes(&format!("repository \"R\" {{\n  image_scan_on_push = \"yes\"\n  image_tag_mutability = \"IMMUTABLE\"\n{rules}}}\n")),
        ["E0103"]
    );
    // Unset still warns.
    assert_eq!(
        codes(&format!("repository \"R\" {{\n{rules}}}\n")),
        ["W0101", "W0102"]
    );
}

#[test]
fn a_pattern_the_cdk_refuses_is_reported_in_its_words_on_the_field_and_other_scalars_in_ecrgens() {
    let text = "repository \"R\" {\n  on_image_scan_completed \"S\" {\n    event_pattern = {\n      detail = {\n        \"scan-status\" = \"FAILED\"\n        result        = \"x\"\n      }\n    }\n  }\n}\n";
    let set = SourceSet::single("t.ecr.hcl", text);
    let r = check(&set);
    let errors: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let lines: Vec<usize> = errors
        .iter()
        .map(|d| text[..d.span.range.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(
        errors.iter().map(|d| (d.code, d.message.as_str())).collect::<Vec<_>>(),
        [
            (
                "E0402",
                "Invalid event pattern field scan-status. Type mismatch between existing pattern \"FAILED\" and added pattern [\"COMPLETE\"]"
            ),
            ("E0402", "event pattern field `detail.result` must be a list, found string: write [\"x\"]"),
        ]
    );
    assert_eq!(lines, [5, 6]);
}

/// `text`'s diagnostics of `code`: message and where (1-based line and column).
fn at(code: &str, text: &str) -> Vec<(String, usize, usize)> {
    let index = ecrgen_core::LineIndex::new(text);
    check(&SourceSet::single("t.ecr.hcl", text))
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let p = index.char_pos(text, d.span.range.start);
            (d.message, p.line as usize + 1, p.col as usize + 1)
        })
        .collect()
}

/// A `tags` map of `n` tags `k0`..`k<n-1>`.
fn tag_map(n: usize) -> String {
    let tags: Vec<String> = (0..n).map(|i| format!("k{i} = \"v\"")).collect();
    format!("{{ {} }}", tags.join(", "))
}

#[test]
fn repository_tags_fit_cloudformation_limits() {
    let long_key = "k".repeat(129);
    let text = format!(
        "repository \"R\" {{\n  tags = {{\n    \"\" = \"a\"\n    {long_key} = \"b\"\n    \"AWS:team\" = \"c\"\n    ok = \"{}\"\n    fine = \"{}\"\n  }}\n}}\n",
        "v".repeat(257),
        "é".repeat(256)
    );
    assert_eq!(
        at("E0208", &text),
        vec![
            (
                "tag key `` is 0 characters; a tag key is 1-128 characters".to_string(),
                3,
                5
            ),
            (
                format!(
                    "tag key `{}...` is 129 characters; a tag key is 1-128 characters",
                    "k".repeat(40)
                ),
                4,
                5
            ),
            (
                "tag key `AWS:team` starts with `aws:`, which AWS reserves for its own tags"
                    .to_string(),
                5,
                5
            ),
            (
                "the value of tag `ok` is 257 characters; a tag value is at most 256 characters"
                    .to_string(),
                6,
                10
            ),
        ]
    );
    // At the limits: 128 characters of key (counted in characters), 256 of value, an empty value.
    let text = format!(
        "repository \"R\" {{\n  tags = {{\n    \"{}\" = \"{}\"\n    empty = \"\"\n    awsx = \"a\"\n  }}\n}}\n",
        "é".repeat(128),
        "é".repeat(256)
    );
    assert_eq!(at("E0208", &text), vec![]);
}

#[test]
fn a_repository_has_at_most_50_tags_counting_the_stack_tags() {
    assert_eq!(
        at(
            "E0208",
            &format!("repository \"R\" {{\n  tags = {}\n}}\n", tag_map(50))
        ),
        vec![]
    );
    assert_eq!(
        at("E0208", &format!("repository \"R\" {{\n  tags = {}\n}}\n", tag_map(51))),
        vec![(
            "repository `R` gets 51 tags, 51 of its own and 0 from the stack; CloudFormation allows at most 50 tags per resource".to_string(),
            2,
            3
        )]
    );
    // 40 stack tags and 12 of the repository's, 2 of which override stack tags: 50.
    let own = "{ k0 = \"x\", k1 = \"x\", a0 = \"x\", a1 = \"x\", a2 = \"x\", a3 = \"x\", a4 = \"x\", a5 = \"x\", a6 = \"x\", a7 = \"x\", a8 = \"x\", a9 = \"x\" }";
    let text = |own: &str| {
        format!(
            "stack \"S\" {{\n  tags = {}\n}}\nrepository \"R\" {{\n  tags = {own}\n}}\nrepository \"Plain\" {{}}\n",
            tag_map(40)
        )
    };
    assert_eq!(at("E0208", &text(own)), vec![]);
    let one_more = own.replace(" }", ", a10 = \"x\" }");
    assert_eq!(
        at("E0208", &text(&one_more)),
        vec![(
            "repository `R` gets 51 tags, 13 of its own and 38 from the stack; CloudFormation allows at most 50 tags per resource".to_string(),
            5,
            3
        )]
    );
}

#[test]
fn stack_tags_fit_cloudformation_limits_when_they_reach_a_resource() {
    let text = format!(
        "stack \"S\" {{\n  tags = {}\n}}\nrepository \"R\" {{\n  tags = {{ own = \"x\" }}\n}}\n",
        tag_map(51).replace("k0 =", "\"aws:k\" =")
    );
    assert_eq!(
        at("E0208", &text),
        vec![
            (
                "the stack has 51 tags, and every taggable resource gets them; CloudFormation allows at most 50 tags per resource".to_string(),
                2,
                3
            ),
            (
                "stack tag key `aws:k` starts with `aws:`, which AWS reserves for its own tags"
                    .to_string(),
                2,
                12
            ),
        ],
        "reported once, at the stack, not again at each repository"
    );
    // New IAM identities are taggable resources too; imported ones and outputs are not.
    let stack = "stack \"S\" {\n  tags = { \"aws:k\" = \"v\" }\n}\n";
    assert_eq!(
        at("E0208", &format!("{stack}iam_user \"U\" {{}}\n")).len(),
        1
    );
    assert_eq!(
        at(
            "E0208",
            &format!("{stack}output \"O\" {{\n  value = \"v\"\n}}\n")
        ),
        vec![]
    );
}
