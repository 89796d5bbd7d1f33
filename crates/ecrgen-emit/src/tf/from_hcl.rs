//! Reading rendered HCL back (hcl-rs) as Terraform JSON, so `--target tf-json` holds exactly
//! the configuration the HCL module holds, whatever the (possibly overridden) templates wrote.
//!
//! Expressions of SPEC §3's subset are read into [`TfExpr`] and written by [`super::json`];
//! anything else a user's template may hold is kept as a `"${...}"` interpolation of its
//! native-syntax text.

use hcl::expr::{ObjectKey, TemplateExpr, TraversalOperator};
use hcl::template::Element;
use hcl::{Body, Expression, Structure};
use serde_json::{Map, Value};

use super::expr::{Part, TfExpr};
use super::json;

/// An expression of the subset as a [`TfExpr`]; `None` outside the subset.
pub fn expr(e: &Expression) -> Option<TfExpr> {
    Some(match e {
        Expression::Null => TfExpr::Null,
        Expression::Bool(b) => TfExpr::Bool(*b),
        Expression::Number(n) => TfExpr::Number(n.to_string()),
        Expression::String(s) => TfExpr::Str(s.clone()),
        Expression::Array(items) => TfExpr::List(items.iter().map(expr).collect::<Option<_>>()?),
        Expression::Object(entries) => TfExpr::Object(
            entries
                .iter()
                .map(|(k, v)| Some((object_key(k)?, expr(v)?)))
                .collect::<Option<_>>()?,
        ),
        Expression::TemplateExpr(t) => template(t)?,
        Expression::Variable(_) | Expression::Traversal(_) => TfExpr::Ref(traversal(e)?),
        Expression::FuncCall(call) if call.name.namespace.is_empty() && !call.expand_final => {
            let args: Vec<TfExpr> = call.args.iter().map(expr).collect::<Option<_>>()?;
            match (call.name.name.as_str(), args.len()) {
                ("jsonencode", 1) => TfExpr::Jsonencode(Box::new(args.into_iter().next()?)),
                ("merge", _) => TfExpr::Merge(args),
                _ => return None,
            }
        }
        Expression::Parenthesis(inner) => expr(inner)?,
        _ => return None,
    })
}

/// A literal object key: a bare identifier or a string without interpolation.
fn object_key(k: &ObjectKey) -> Option<String> {
    match k {
        ObjectKey::Identifier(id) => Some(id.to_string()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.clone()),
        _ => None,
    }
}

/// The text of a reference: `aws_ecr_repository.Repo.arn`, `var.tags`, `x[0]`.
fn traversal(e: &Expression) -> Option<String> {
    match e {
        Expression::Variable(v) => Some(v.to_string()),
        Expression::Traversal(t) => {
            let mut out = traversal(&t.expr)?;
            for op in &t.operators {
                match op {
                    TraversalOperator::GetAttr(id) => {
                        out.push('.');
                        out.push_str(id.as_str());
                    }
                    TraversalOperator::LegacyIndex(i) => out.push_str(&format!("[{i}]")),
                    TraversalOperator::Index(Expression::Number(n)) => {
                        out.push_str(&format!("[{n}]"))
                    }
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

fn template(t: &TemplateExpr) -> Option<TfExpr> {
    let parsed = hcl::Template::from_expr(t).ok()?;
    let mut parts = Vec::new();
    for element in parsed.elements() {
        match element {
            Element::Literal(s) => parts.push(Part::Lit(s.clone())),
            Element::Interpolation(i) if !i.strip.strip_start() && !i.strip.strip_end() => {
                parts.push(Part::Ref(traversal(&i.expr)?));
            }
            _ => return None,
        }
    }
    Some(TfExpr::template(parts))
}

/// An expression as a Terraform JSON value.
pub fn value(e: &Expression) -> Value {
    match expr(e) {
        Some(x) => json::to_json(&x),
        None => Value::String(format!("${{{}}}", native_text(e))),
    }
}

/// The native-syntax text of an expression outside the subset, on as few lines as hcl-rs
/// writes it.
fn native_text(e: &Expression) -> String {
    hcl::format::to_string(e).unwrap_or_default()
}

/// A literal expression as a plain JSON value (Terraform JSON takes variable defaults
/// literally); `None` when it is not a literal.
pub fn literal(e: &Expression) -> Option<Value> {
    Some(match e {
        Expression::Null => Value::Null,
        Expression::Bool(b) => Value::Bool(*b),
        Expression::Number(n) => serde_json::from_str(&n.to_string()).ok()?,
        Expression::String(s) => Value::String(s.clone()),
        Expression::Array(items) => Value::Array(items.iter().map(literal).collect::<Option<_>>()?),
        Expression::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| Some((object_key(k)?, literal(v)?)))
                .collect::<Option<_>>()?,
        ),
        Expression::Parenthesis(inner) => literal(inner)?,
        _ => return None,
    })
}

/// A block body as a Terraform JSON object: arguments as values, a nested block type that
/// occurs once as an object, several times as an array of objects.
pub fn body(b: &Body) -> Map<String, Value> {
    let mut out = Map::new();
    let mut blocks: Vec<(String, Vec<Value>)> = Vec::new();
    for structure in b.iter() {
        match structure {
            Structure::Attribute(a) => {
                out.insert(a.key.to_string(), value(&a.expr));
            }
            Structure::Block(block) => {
                let mut v = Value::Object(body(&block.body));
                for label in block.labels.iter().rev() {
                    let mut wrapper = Map::new();
                    wrapper.insert(label.as_str().to_string(), v);
                    v = Value::Object(wrapper);
                }
                let kind = block.identifier.to_string();
                match blocks.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, list)) => list.push(v),
                    None => blocks.push((kind, vec![v])),
                }
            }
        }
    }
    for (kind, mut list) in blocks {
        let v = if list.len() == 1 {
            list.pop().expect("one block")
        } else {
            Value::Array(list)
        };
        out.insert(kind, v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Map<String, Value> {
        body(&hcl::parse(text).unwrap())
    }

    #[test]
    fn subset_reads_back() {
        let text = r#"
a = "x$${y}"
b = "arn:${data.aws_partition.current.partition}:iam::1:root"
c = jsonencode({ k = aws_x.y.arn, "a:b" = [1, null] })
d = merge({ "x" = "$${z}" }, var.tags)
lifecycle {
  prevent_destroy = true
}
rule {
  n = 1
}
rule {
  n = 2
}
"#;
        let got = Value::Object(read(text));
        assert_eq!(
            got,
            serde_json::json!({
                "a": "x$${y}",
                "b": "arn:${data.aws_partition.current.partition}:iam::1:root",
                "c": "{\"a:b\":[1,null],\"k\":\"${aws_x.y.arn}\"}",
                "d": "${merge({ x = \"$${z}\" }, var.tags)}",
                "lifecycle": {"prevent_destroy": true},
                "rule": [{"n": 1}, {"n": 2}],
            })
        );
    }

    #[test]
    fn outside_the_subset_is_interpolated() {
        let got = read("a = 1 + 2\n");
        assert_eq!(got["a"], Value::String("${1 + 2}".into()));
    }
}
