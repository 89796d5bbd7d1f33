//! Writing [`TfExpr`] as Terraform JSON.
//!
//! Every JSON string in an expression position is a Terraform template, so literal text gets
//! `${` -> `$${` and `%{` -> `%%{` ([`escape_markers`]) and references become `"${...}"`.
//! `jsonencode(x)` becomes the JSON text Terraform's `jsonencode` would compute (compact, keys
//! sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped as Go does) with references interpolated;
//! `merge(...)` becomes `"${merge(...)}"` in native syntax.

use serde_json::{Map, Value};

use super::expr::{Part, TfExpr};
use super::hcl;

/// Doubles the `$` or `%` of every `${` and `%{`, so Terraform reads the text literally.
pub fn escape_markers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if (c == '$' || c == '%') && chars.peek() == Some(&'{') {
            out.push(c);
        }
    }
    out
}

/// The Terraform JSON value of an expression.
pub fn to_json(e: &TfExpr) -> Value {
    match e {
        TfExpr::Null => Value::Null,
        TfExpr::Bool(b) => Value::Bool(*b),
        TfExpr::Number(n) => serde_json::from_str::<serde_json::Number>(n)
            .map_or_else(|_| Value::String(n.clone()), Value::Number),
        TfExpr::Str(s) => Value::String(escape_markers(s)),
        TfExpr::Ref(r) => Value::String(format!("${{{r}}}")),
        TfExpr::Template(parts) => Value::String(template_text(parts, escape_markers)),
        TfExpr::List(items) => Value::Array(items.iter().map(to_json).collect()),
        TfExpr::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (escape_markers(k), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        TfExpr::Jsonencode(inner) => {
            let mut text = String::new();
            json_text(inner, &mut text);
            Value::String(text)
        }
        merge @ TfExpr::Merge(_) => Value::String(format!("${{{}}}", hcl::render_inline(merge))),
    }
}

fn template_text(parts: &[Part], literal: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Lit(s) => out.push_str(&literal(s)),
            Part::Ref(r) => {
                out.push_str("${");
                out.push_str(r);
                out.push('}');
            }
        }
    }
    out
}

/// The inside of a JSON string literal as Go's encoding/json writes it, markers escaped.
fn json_string_inner(s: &str) -> String {
    let quoted = serde_json::to_string(s).expect("strings always serialize");
    let mut out = String::with_capacity(quoted.len());
    for c in quoted[1..quoted.len() - 1].chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    escape_markers(&out)
}

/// The text `jsonencode(e)` evaluates to, as a Terraform JSON template.
fn json_text(e: &TfExpr, out: &mut String) {
    match e {
        TfExpr::Null => out.push_str("null"),
        TfExpr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        TfExpr::Number(n) => out.push_str(n),
        TfExpr::Str(s) => {
            out.push('"');
            out.push_str(&json_string_inner(s));
            out.push('"');
        }
        TfExpr::Ref(r) => {
            out.push_str("\"${");
            out.push_str(r);
            out.push_str("}\"");
        }
        TfExpr::Template(parts) => {
            out.push('"');
            out.push_str(&template_text(parts, json_string_inner));
            out.push('"');
        }
        TfExpr::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_text(item, out);
            }
            out.push(']');
        }
        TfExpr::Object(entries) => {
            // Terraform's jsonencode writes object attributes in lexical order.
            let mut sorted: Vec<&(String, TfExpr)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(&json_string_inner(k));
                out.push_str("\":");
                json_text(v, out);
            }
            out.push('}');
        }
        // Not produced inside documents; written as an interpolation of the native syntax.
        other @ (TfExpr::Jsonencode(_) | TfExpr::Merge(_)) => {
            out.push_str("\"${");
            out.push_str(&hcl::render_inline(other));
            out.push_str("}\"");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(
            escape_markers("${a} %{b} $${c} ${ $${"),
            "$${a} %%{b} $$${c} $${ $$${"
        );
        assert_eq!(escape_markers("$ { % x"), "$ { % x");
    }

    #[test]
    fn values() {
        let e = TfExpr::object([
            ("${k}", TfExpr::str("v${x}")),
            ("r", TfExpr::reference("aws_ecr_repository.Repo.arn")),
            (
                "t",
                TfExpr::Template(vec![
                    Part::Lit("arn:".into()),
                    Part::Ref("data.aws_partition.current.partition".into()),
                ]),
            ),
            ("n", TfExpr::Number("1.5".into())),
        ]);
        assert_eq!(
            to_json(&e),
            serde_json::json!({"$${k}": "v$${x}", "r": "${aws_ecr_repository.Repo.arn}", "t": "arn:${data.aws_partition.current.partition}", "n": 1.5})
        );
    }

    #[test]
    fn jsonencode_text() {
        let doc = TfExpr::Jsonencode(Box::new(TfExpr::object([
            (
                "b",
                TfExpr::List(vec![
                    TfExpr::str("<a&\"${x}\">"),
                    TfExpr::Null,
                    TfExpr::Number("3".into()),
                ]),
            ),
            ("a", TfExpr::reference("aws_ecr_repository.Repo.name")),
        ])));
        assert_eq!(
            to_json(&doc),
            Value::String(r#"{"a":"${aws_ecr_repository.Repo.name}","b":["\u003ca\u0026\"$${x}\"\u003e",null,3]}"#.into())
        );
        let merge = TfExpr::Merge(vec![
            TfExpr::object([("a\"b", TfExpr::str("${c}"))]),
            TfExpr::reference("var.tags"),
        ]);
        assert_eq!(
            to_json(&merge),
            Value::String(r#"${merge({ "a\"b" = "$${c}" }, var.tags)}"#.into())
        );
    }
}
