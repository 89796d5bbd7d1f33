//! Property tests: arbitrary bytes and mutated specs go through parse + check without a panic,
//! and every input either checks clean or yields an error diagnostic with a valid range.

mod common;

use ecrgen_core::check::check_parsing_whole_files;
use ecrgen_core::{check, Severity, SourceSet};
use proptest::prelude::*;

fn assert_sound(text: &str) {
    let sources = SourceSet::single("fuzz.ecr.hcl", text);
    let result = check(&sources);
    for d in &result.diagnostics {
        let r = &d.span.range;
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "range {r:?} outside the text ({} bytes): {d:?}",
            text.len()
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "range {r:?} splits a character"
        );
        assert!(!d.message.is_empty());
    }
    let errors = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    assert_eq!(
        result.spec.is_none(),
        errors > 0,
        "a spec exists exactly when there is no error"
    );
    // Reading the file in runs of top-level blocks changes nothing.
    let whole = check_parsing_whole_files(&sources);
    assert_eq!(
        result.diagnostics, whole.diagnostics,
        "runs and whole file disagree on:\n{text}"
    );
    assert_eq!(result.spec, whole.spec);
}

/// One edit to a spec text.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "\"",
        "=",
        "\n",
        "#",
        "\\",
        "${",
        "%{",
        ",",
        ".",
        "*",
        "0",
        "-1",
        "1e9",
        "true",
        "null",
        "iam_user.",
        "repository \"X\" {}",
        "lifecycle_rule {}",
        "é",
        "😀",
        "\t",
        "/*",
        "<<EOT\n",
        "o-",
        "arn:",
    ]);
    prop_oneof![
        (any::<usize>(), 1usize..20).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), pieces).prop_map(|(at, t)| Mutation::Insert {
            at,
            text: t.to_string()
        }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut s = text.to_string();
    match m {
        Mutation::Delete { at, len } => {
            if !s.is_empty() {
                let start = floor_boundary(&s, at % s.len());
                let end = floor_boundary(&s, start + len);
                s.replace_range(start..end, "");
            }
        }
        Mutation::Insert { at, text } => {
            let at = floor_boundary(&s, at % (s.len() + 1));
            s.insert_str(at, text);
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = s.split('\n').collect();
            let i = line % lines.len();
            lines.insert(i, lines[i]);
            s = lines.join("\n");
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = s.split('\n').collect();
            let n = lines.len();
            lines.swap(a % n, b % n);
            s = lines.join("\n");
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        assert_sound(&String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(index in any::<prop::sample::Index>(), edits in prop::collection::vec(mutation(), 1..6)) {
        let corpus = corpus_cached();
        let (_, text) = &corpus[index.index(corpus.len())];
        let mut s = text.clone();
        for e in &edits {
            s = apply(&s, e);
        }
        assert_sound(&s);
    }
}

fn corpus_cached() -> &'static [(String, String)] {
    static CORPUS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(common::corpus)
}
