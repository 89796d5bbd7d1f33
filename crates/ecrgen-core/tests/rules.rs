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
    assert_eq!(e, vec![("E0124".to_string(), "outputs `Repo-Uri` and `RepoUri` both get the logical ID `RepoUri`: rename one of them".to_string())]);
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
