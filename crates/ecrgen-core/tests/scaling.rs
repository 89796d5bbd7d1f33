//! Large inputs take time in proportion to their size in `check` and `fmt` (issue #12 item 7):
//! each case once took seconds through a scan per key or per reference. The bound is generous
//! (the linear code takes a few hundredths of a second in release) so a busy machine does not
//! fail it, and tight enough that the quadratic code did (each case took 3-5 s in release).

use std::time::{Duration, Instant};

use ecrgen_core::{check, format_source, SourceSet};

/// The size: an object of 32,000 keys took 5 s.
const N: usize = 32_000;

/// Two seconds in release; debug builds are about ten times slower throughout.
fn bound() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(20)
    } else {
        Duration::from_secs(2)
    }
}

/// Checks and formats `text`; both together must stay within [`bound`].
fn assert_fast(what: &str, text: &str) {
    let start = Instant::now();
    let result = check(&SourceSet::single("t.ecr.hcl", text));
    let formatted = format_source(text);
    let elapsed = start.elapsed();
    assert!(
        formatted.is_ok(),
        "{what}: fmt refused the input: {formatted:?}"
    );
    assert!(
        !result
            .diagnostics
            .iter()
            .any(|d| d.code == "E0001" || d.code == "E0002"),
        "{what}: the input does not parse"
    );
    assert!(
        elapsed < bound(),
        "{what}: check and fmt took {elapsed:?} (bound {:?})",
        bound()
    );
}

/// `count` lines made by `line`, joined with newlines.
fn lines(count: usize, line: impl Fn(usize) -> String) -> String {
    (0..count).map(line).collect::<Vec<_>>().join("\n")
}

#[test]
fn an_object_of_many_keys_is_linear() {
    let tags = lines(N, |i| format!("    k{i} = \"v\""));
    assert_fast(
        "tags, one key a line",
        &format!("repository \"Repo\" {{\n  tags = {{\n{tags}\n  }}\n}}\n"),
    );
    let inline = (0..N)
        .map(|i| format!("k{i} = \"v\""))
        .collect::<Vec<_>>()
        .join(", ");
    assert_fast(
        "tags on one line",
        &format!("repository \"Repo\" {{\n  tags = {{ {inline} }}\n}}\n"),
    );
    // Quoted keys are told apart by their value, not by their text.
    let quoted = lines(N, |i| format!("        \"aws:k{i}\" = \"v\""));
    assert_fast(
        "conditions",
        &format!(
            "repository \"Repo\" {{\n  policy_statement {{\n    actions    = [\"ecr:BatchGetImage\"]\n    principals = [\"123456789012\"]\n    conditions = {{\n      StringEquals = {{\n{quoted}\n      }}\n    }}\n  }}\n}}\n"
        ),
    );
}

#[test]
fn an_event_pattern_of_many_fields_is_linear() {
    // The pattern is parsed, checked leaf by leaf and merged with the method's fields.
    let fields = lines(N, |i| format!("      k{i} = [\"v\"]"));
    assert_fast(
        "event_pattern detail",
        &format!("repository \"Repo\" {{\n  on_event \"R\" {{\n    event_pattern = {{\n      detail = {{\n{fields}\n      }}\n    }}\n  }}\n}}\n"),
    );
    let top = lines(N, |i| format!("      k{i} = [\"v\"]"));
    assert_fast(
        "event_pattern fields",
        &format!("repository \"Repo\" {{\n  on_event \"R\" {{\n    event_pattern = {{\n{top}\n    }}\n  }}\n}}\n"),
    );
    let list = (0..N)
        .map(|i| format!("\"s{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    assert_fast(
        "event_pattern list",
        &format!("repository \"Repo\" {{\n  on_event \"R\" {{\n    event_pattern = {{\n      source = [{list}]\n    }}\n  }}\n}}\n"),
    );
    let input = lines(N, |i| format!("        k{i} = \"v\""));
    assert_fast(
        "target input",
        &format!("repository \"Repo\" {{\n  on_event \"R\" {{\n    target {{\n      arn = \"arn:aws:sns:us-east-1:123456789012:t\"\n      input = {{\n{input}\n      }}\n    }}\n  }}\n}}\n"),
    );
}

#[test]
fn many_references_are_linear() {
    // 8,000 repositories, each granting a user: resolved, then all unresolved (each
    // unresolved reference looked for a "did you mean" among all 8,000 users).
    let resolved = lines(N / 4, |i| {
        format!(
            "repository \"R{i}\" {{\n  grant_read = [iam_user.U{i}]\n}}\niam_user \"U{i}\" {{}}\n"
        )
    });
    assert_fast("resolved references", &resolved);
    let unresolved = lines(N / 4, |i| {
        format!(
            "repository \"R{i}\" {{\n  grant_read = [iam_user.X{i}]\n}}\niam_user \"U{i}\" {{}}\n"
        )
    });
    assert_fast("unresolved references", &unresolved);
}
