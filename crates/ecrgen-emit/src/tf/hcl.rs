//! Writing [`TfExpr`] as HCL native syntax.
//!
//! Strings are written by hand rather than through `hcl::format`: hcl-primitives 0.1's
//! `escape_markers` pairs characters greedily and leaves the second `${` of `"${ $${"`
//! unescaped (see the test `hcl_primitives_escape_markers_is_not_enough`). Everything else
//! follows research lsp-and-style.md §4.6: `"`, `\` and control characters are escaped, `${`
//! becomes `$${` and `%{` becomes `%%{`, so Terraform never interpolates user text.
//!
//! Multi-line values are written without indentation; [`super::fmt::format`] indents and
//! aligns the whole file as `terraform fmt` does.

use super::expr::{Part, TfExpr};

/// Longest single-line list or object before it is written one element per line.
const INLINE_WIDTH: usize = 80;

/// Appends the HCL quoted-string form of literal text (without the quotes).
pub fn escape_into(s: &str, out: &mut String) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                // `${` -> `$${`, `%{` -> `%%{`: the escape of a template introducer.
                out.push(c);
                out.push(c);
            }
            // Control characters, and the invisible ones editors take for line breaks or skip.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// A literal string as an HCL quoted string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(s, &mut out);
    out.push('"');
    out
}

/// Words that are not read as a literal key when written bare.
const KEYWORDS: [&str; 4] = ["true", "false", "null", "for"];

/// Whether `s` can be written bare as an object key or block label part: an ASCII identifier.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// An object key: bare when it is an identifier (and no keyword), else quoted.
pub fn key(k: &str) -> String {
    if is_identifier(k) && !KEYWORDS.contains(&k) {
        k.to_string()
    } else {
        quote(k)
    }
}

/// The HCL text of an expression. Multi-line values have unindented lines.
pub fn render(e: &TfExpr) -> String {
    let mut out = String::new();
    write(e, &mut out);
    out
}

fn write(e: &TfExpr, out: &mut String) {
    match e {
        TfExpr::Null => out.push_str("null"),
        TfExpr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        TfExpr::Number(n) => out.push_str(n),
        TfExpr::Str(s) => out.push_str(&quote(s)),
        TfExpr::Ref(r) => out.push_str(r),
        TfExpr::Template(parts) => {
            out.push('"');
            for part in parts {
                match part {
                    Part::Lit(s) => escape_into(s, out),
                    Part::Ref(r) => {
                        out.push_str("${");
                        out.push_str(r);
                        out.push('}');
                    }
                }
            }
            out.push('"');
        }
        TfExpr::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            if items.iter().all(TfExpr::is_scalar) {
                let inline = format!(
                    "[{}]",
                    items.iter().map(render).collect::<Vec<_>>().join(", ")
                );
                if inline.chars().count() <= INLINE_WIDTH {
                    out.push_str(&inline);
                    return;
                }
            }
            out.push_str("[\n");
            for item in items {
                write(item, out);
                out.push_str(",\n");
            }
            out.push(']');
        }
        TfExpr::Object(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            if let [(k, v)] = entries.as_slice() {
                if v.is_scalar() {
                    let inline = format!("{{ {} = {} }}", key(k), render(v));
                    if inline.chars().count() <= INLINE_WIDTH {
                        out.push_str(&inline);
                        return;
                    }
                }
            }
            out.push_str("{\n");
            for (i, (k, v)) in entries.iter().enumerate() {
                // `terraform fmt` aligns `=` by grapheme clusters of its Unicode version; an
                // entry whose key is not ASCII stands alone (blank lines break the alignment),
                // so no Unicode table decides the layout.
                if i > 0 && (!k.is_ascii() || !entries[i - 1].0.is_ascii()) {
                    out.push('\n');
                }
                out.push_str(&key(k));
                out.push_str(" = ");
                write(v, out);
                out.push('\n');
            }
            out.push('}');
        }
        TfExpr::Jsonencode(inner) => {
            out.push_str("jsonencode(");
            write(inner, out);
            out.push(')');
        }
        TfExpr::Merge(args) => {
            out.push_str("merge(");
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(a, out);
            }
            out.push(')');
        }
    }
}

/// The text of an expression on a single line (object entries separated by commas), for an
/// interpolation inside a Terraform JSON string.
pub fn render_inline(e: &TfExpr) -> String {
    match e {
        TfExpr::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(render_inline)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TfExpr::Object(entries) if entries.is_empty() => "{}".to_string(),
        TfExpr::Object(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), render_inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TfExpr::Jsonencode(inner) => format!("jsonencode({})", render_inline(inner)),
        TfExpr::Merge(args) => format!(
            "merge({})",
            args.iter()
                .map(render_inline)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => render(scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("${x} %{y}"), r#""$${x} %%{y}""#);
        assert_eq!(quote("$${x}"), r#""$$${x}""#);
        assert_eq!(quote("${ $${"), r#""$${ $$${""#);
        assert_eq!(quote("$ % {"), r#""$ % {""#);
        assert_eq!(quote("\n\r\t\u{1}\u{7f}é"), r#""\n\r\t\u0001\u007Fé""#);
        assert_eq!(
            quote("\u{2028}\u{2029}\u{feff}\u{85}"),
            r#""\u2028\u2029\uFEFF\u0085""#
        );
    }

    /// Why strings are not written with hcl-rs: its marker escaping misses the second
    /// introducer of `${ $${`, so the text would read back as `${ ${`.
    #[test]
    fn hcl_primitives_escape_markers_is_not_enough() {
        let theirs = hcl::format::to_string(&hcl::Expression::String("${ $${".into())).unwrap();
        assert_eq!(theirs, r#""$${ $${""#);
        let back: hcl::Body = hcl::from_str(&format!("a = {theirs}")).unwrap();
        let value = back.attributes().next().unwrap().expr.clone();
        assert_eq!(value, hcl::Expression::String("${ ${".into()));
    }

    #[test]
    fn entries_with_non_ascii_keys_stand_alone() {
        let e = TfExpr::object([
            ("a", TfExpr::str("1")),
            ("é", TfExpr::str("2")),
            ("b", TfExpr::str("3")),
            ("c", TfExpr::str("4")),
        ]);
        assert_eq!(
            render(&e),
            "{\na = \"1\"\n\n\"é\" = \"2\"\n\nb = \"3\"\nc = \"4\"\n}"
        );
    }

    #[test]
    fn keys() {
        assert_eq!(key("Action"), "Action");
        assert_eq!(key("detail-type"), "detail-type");
        assert_eq!(key("aws:PrincipalOrgID"), r#""aws:PrincipalOrgID""#);
        assert_eq!(key("true"), r#""true""#);
        assert_eq!(key("1a"), r#""1a""#);
        assert_eq!(key(""), r#""""#);
    }

    #[test]
    fn layout() {
        let doc = TfExpr::Jsonencode(Box::new(TfExpr::object([
            (
                "Statement",
                TfExpr::List(vec![TfExpr::object([
                    ("Action", TfExpr::strings(["a", "b"])),
                    ("Principal", TfExpr::object([("AWS", TfExpr::str("*"))])),
                    ("Resource", TfExpr::reference("aws_ecr_repository.Repo.arn")),
                ])]),
            ),
            ("Version", TfExpr::str("2012-10-17")),
        ])));
        assert_eq!(
            render(&doc),
            "jsonencode({\nStatement = [\n{\nAction = [\"a\", \"b\"]\nPrincipal = { AWS = \"*\" }\nResource = aws_ecr_repository.Repo.arn\n},\n]\nVersion = \"2012-10-17\"\n})"
        );
        assert_eq!(
            render_inline(&TfExpr::Merge(vec![
                TfExpr::object([("a", TfExpr::str("1")), ("b-c", TfExpr::str("2"))]),
                TfExpr::reference("var.tags")
            ])),
            r#"merge({ a = "1", b-c = "2" }, var.tags)"#
        );
        assert_eq!(
            render(&TfExpr::Template(vec![
                Part::Lit("arn:".into()),
                Part::Ref("data.aws_partition.current.partition".into()),
                Part::Lit(":${x}".into())
            ])),
            r#""arn:${data.aws_partition.current.partition}:$${x}""#
        );
    }
}
