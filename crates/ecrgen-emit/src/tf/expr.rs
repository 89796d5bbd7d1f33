//! Terraform expressions of SPEC §3's subset, as the Terraform templates receive them.
//!
//! The render model hands every value to the templates as a [`TfExpr`] serialized in a tagged
//! form (`{"$tf": "str", "v": "..."}`), so user data never mixes with structure: an object is a
//! list of key/value pairs, whatever its keys. The `hcl` and `json` template filters decode the
//! tagged form and write HCL ([`super::hcl`]) or Terraform JSON ([`super::json`]).

use serde::{Deserialize, Serialize};

use crate::plan::value::{Expr, PlanValue, Pseudo};

/// A Terraform expression: literals, lists, objects, references, string templates, and the two
/// functions SPEC §3 allows (`jsonencode`, `merge`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "$tf", content = "v", rename_all = "snake_case")]
pub enum TfExpr {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as its JSON text (kept as text so no precision is lost on the way through
    /// the templates).
    Number(String),
    /// A literal string: every character is kept, `${` and `%{` included.
    Str(String),
    /// A reference: `aws_ecr_repository.Repo.arn`, `data.aws_partition.current.partition`,
    /// `var.tags`.
    Ref(String),
    /// A string template: literal text and references.
    Template(Vec<Part>),
    /// A list (tuple).
    List(Vec<TfExpr>),
    /// An object, keys in order.
    Object(Vec<(String, TfExpr)>),
    /// `jsonencode(value)`.
    Jsonencode(Box<TfExpr>),
    /// `merge(a, b, ...)`.
    Merge(Vec<TfExpr>),
}

/// One part of a [`TfExpr::Template`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "part", content = "v", rename_all = "snake_case")]
pub enum Part {
    /// Literal text.
    Lit(String),
    /// `${reference}`.
    Ref(String),
}

impl TfExpr {
    /// A literal string.
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    /// A reference.
    pub fn reference(traversal: impl Into<String>) -> Self {
        Self::Ref(traversal.into())
    }

    /// A string template from parts: adjacent literals are merged, empty ones dropped; a
    /// template of one literal is a [`TfExpr::Str`], of one reference a [`TfExpr::Ref`].
    pub fn template(parts: impl IntoIterator<Item = Part>) -> Self {
        let mut out: Vec<Part> = Vec::new();
        for part in parts {
            match part {
                Part::Lit(s) if s.is_empty() => {}
                Part::Lit(s) => match out.last_mut() {
                    Some(Part::Lit(prev)) => prev.push_str(&s),
                    _ => out.push(Part::Lit(s)),
                },
                r => out.push(r),
            }
        }
        match out.as_slice() {
            [] => Self::Str(String::new()),
            [Part::Lit(s)] => Self::Str(s.clone()),
            [Part::Ref(r)] => Self::Ref(r.clone()),
            _ => Self::Template(out),
        }
    }

    /// An object from pairs.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, TfExpr)>) -> Self {
        Self::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A list of literal strings.
    pub fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Self::List(items.into_iter().map(|s| Self::Str(s.into())).collect())
    }

    /// A JSON value (user data such as an event target's `input`) as literals.
    pub fn from_json(v: &serde_json::Value) -> Self {
        use serde_json::Value;
        match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => Self::Number(n.to_string()),
            Value::String(s) => Self::Str(s.clone()),
            Value::Array(items) => Self::List(items.iter().map(Self::from_json).collect()),
            Value::Object(map) => Self::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Whether the expression is written on one line without brackets of its own.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Self::Null
                | Self::Bool(_)
                | Self::Number(_)
                | Self::Str(_)
                | Self::Ref(_)
                | Self::Template(_)
        )
    }

    /// The value for the templates (the tagged form).
    pub fn to_tera(&self) -> tera::Value {
        tera::Value::from_serializable(self)
    }
}

/// How a plan reference becomes a Terraform reference: the resource type and local name of the
/// resource a [`crate::plan::value::ResourceKey`] stands for.
pub trait Resolver {
    /// `aws_ecr_repository.Repo` for the key of a repository; `None` when the key names no
    /// resource of the module.
    fn address(&self, key: &crate::plan::value::ResourceKey) -> Option<String>;
    /// The traversal of a pseudo parameter (and records that its data source is needed).
    fn pseudo(&self, p: Pseudo) -> String;
}

/// Terraform's attribute for a plan reference kind. The CloudFormation `Ref` of a repository,
/// user, role and event rule is its name, which every one of them calls `name`.
fn attribute(e: &Expr) -> &'static str {
    match e {
        Expr::Arn(_) => "arn",
        Expr::RepositoryUri(_) => "repository_url",
        _ => "name",
    }
}

/// Converts a plan expression; `None` when it refers to a key the resolver does not know.
pub fn from_expr(e: &Expr, r: &dyn Resolver) -> Option<TfExpr> {
    let mut parts = Vec::new();
    push_parts(e, r, &mut parts)?;
    Some(TfExpr::template(parts))
}

fn push_parts(e: &Expr, r: &dyn Resolver, out: &mut Vec<Part>) -> Option<()> {
    match e {
        Expr::Literal(s) => out.push(Part::Lit(s.clone())),
        Expr::Name(k) | Expr::Arn(k) | Expr::RepositoryUri(k) => {
            let address = r.address(k)?;
            let attr = attribute(e);
            out.push(Part::Ref(format!("{address}.{attr}")));
        }
        Expr::Pseudo(p) => out.push(Part::Ref(r.pseudo(*p))),
        Expr::Concat(items) => {
            for item in items {
                push_parts(item, r, out)?;
            }
        }
    }
    Some(())
}

/// Converts a plan document (policy, pattern, input); `None` on an unknown reference.
pub fn from_plan_value(v: &PlanValue, r: &dyn Resolver) -> Option<TfExpr> {
    Some(match v {
        PlanValue::Null => TfExpr::Null,
        PlanValue::Bool(b) => TfExpr::Bool(*b),
        PlanValue::Number(n) => TfExpr::Number(n.to_string()),
        PlanValue::String(s) => TfExpr::Str(s.clone()),
        PlanValue::Expr(e) => from_expr(e, r)?,
        PlanValue::Array(items) => TfExpr::List(
            items
                .iter()
                .map(|i| from_plan_value(i, r))
                .collect::<Option<_>>()?,
        ),
        PlanValue::Object(entries) => TfExpr::Object(
            entries
                .iter()
                .map(|(k, v)| from_plan_value(v, r).map(|v| (k.clone(), v)))
                .collect::<Option<_>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_collapses() {
        assert_eq!(
            TfExpr::template([Part::Lit("a".into()), Part::Lit("b".into())]),
            TfExpr::str("ab")
        );
        assert_eq!(
            TfExpr::template([Part::Lit(String::new()), Part::Ref("x.y".into())]),
            TfExpr::reference("x.y")
        );
        assert_eq!(TfExpr::template([]), TfExpr::str(""));
    }

    #[test]
    fn tagged_form_round_trips_through_tera() {
        let e = TfExpr::object([
            ("$tf", TfExpr::str("v")),
            (
                "b",
                TfExpr::List(vec![
                    TfExpr::Number("1.5".into()),
                    TfExpr::Null,
                    TfExpr::Bool(true),
                ]),
            ),
            (
                "c",
                TfExpr::Jsonencode(Box::new(TfExpr::Merge(vec![TfExpr::reference("var.tags")]))),
            ),
            (
                "d",
                TfExpr::Template(vec![Part::Lit("a".into()), Part::Ref("b.c".into())]),
            ),
        ]);
        let v = serde_json::to_value(e.to_tera()).unwrap();
        assert_eq!(serde_json::from_value::<TfExpr>(v).unwrap(), e);
    }
}
