//! Target-neutral values: symbolic references ([`Expr`]) and JSON documents that may hold them
//! ([`PlanValue`]). CloudFormation renders an [`Expr`] as an intrinsic function
//! (`{"Ref": ...}`, `{"Fn::GetAtt": ...}`, `{"Fn::Join": ...}`); Terraform renders it as a
//! reference (`aws_ecr_repository.Repo.arn`) or a string template.

/// Identifies a construct of the plan by its node path below the stack: `["Repo"]`,
/// `["Repo", "ScanDone"]`, `["User", "DefaultPolicy"]`, `["RegistryScanning"]`.
///
/// This is the path of the L2 construct, without the final `Resource` of its CloudFormation
/// resource; Terraform local names are this path joined with `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceKey(pub Vec<String>);

impl ResourceKey {
    /// A key from path components.
    pub fn new<I, S>(components: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(components.into_iter().map(Into::into).collect())
    }

    /// The path components.
    pub fn components(&self) -> &[String] {
        &self.0
    }

    /// The path joined with `/`, as the CDK prints construct paths.
    pub fn display_path(&self) -> String {
        self.0.join("/")
    }
}

/// A pseudo parameter of the deployment environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pseudo {
    /// The partition (`aws`, `aws-cn`, ...): CloudFormation `AWS::Partition`.
    Partition,
    /// The account ID: `AWS::AccountId`.
    AccountId,
    /// The region: `AWS::Region`.
    Region,
    /// The DNS suffix of the partition (`amazonaws.com`): `AWS::URLSuffix`.
    UrlSuffix,
}

impl Pseudo {
    /// The CloudFormation pseudo parameter name.
    pub fn cfn_name(self) -> &'static str {
        match self {
            Self::Partition => "AWS::Partition",
            Self::AccountId => "AWS::AccountId",
            Self::Region => "AWS::Region",
            Self::UrlSuffix => "AWS::URLSuffix",
        }
    }
}

/// A string-valued expression that may refer to resources of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expr {
    /// A literal string.
    Literal(String),
    /// The resource's name-like identifier: CloudFormation `Ref` (repository name, user name,
    /// role name, rule name); Terraform `.name` / `.id`.
    Name(ResourceKey),
    /// The resource's ARN: `Fn::GetAtt [X, Arn]`; Terraform `.arn`.
    Arn(ResourceKey),
    /// A repository's URI `<account>.dkr.ecr.<region>.<urlSuffix>/<name>`, rendered as the
    /// CDK's `repositoryUri`; Terraform `.repository_url`.
    RepositoryUri(ResourceKey),
    /// A pseudo parameter.
    Pseudo(Pseudo),
    /// The concatenation of the parts (CloudFormation `Fn::Join` with `""`).
    Concat(Vec<Expr>),
}

impl Expr {
    /// A literal.
    pub fn literal(s: impl Into<String>) -> Self {
        Self::Literal(s.into())
    }

    /// The concatenation of `parts`, flattened, with adjacent literals merged and empty
    /// literals dropped; a single part is returned as itself.
    pub fn concat(parts: impl IntoIterator<Item = Expr>) -> Self {
        let mut out: Vec<Expr> = Vec::new();
        fn push(out: &mut Vec<Expr>, part: Expr) {
            match part {
                Expr::Concat(inner) => inner.into_iter().for_each(|p| push(out, p)),
                Expr::Literal(s) if s.is_empty() => {}
                Expr::Literal(s) => match out.last_mut() {
                    Some(Expr::Literal(prev)) => prev.push_str(&s),
                    _ => out.push(Expr::Literal(s)),
                },
                other => out.push(other),
            }
        }
        for part in parts {
            push(&mut out, part);
        }
        match out.len() {
            0 => Expr::Literal(String::new()),
            1 => out.pop().expect("one element"),
            _ => Expr::Concat(out),
        }
    }

    /// The literal text, when this expression is a literal.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            Self::Literal(s) => Some(s),
            _ => None,
        }
    }

    /// Every resource this expression refers to.
    pub fn referenced_resources(&self) -> Vec<&ResourceKey> {
        match self {
            Self::Name(k) | Self::Arn(k) | Self::RepositoryUri(k) => vec![k],
            Self::Concat(parts) => parts.iter().flat_map(Expr::referenced_resources).collect(),
            Self::Literal(_) | Self::Pseudo(_) => Vec::new(),
        }
    }
}

/// A JSON document that may hold [`Expr`]s: policy documents and event patterns. Object keys
/// keep their order (the CDK's rendering order).
#[derive(Debug, Clone, PartialEq)]
pub enum PlanValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A literal string.
    String(String),
    /// A reference or computed string (never [`Expr::Literal`]; see [`PlanValue::expr`]).
    Expr(Expr),
    /// An array.
    Array(Vec<PlanValue>),
    /// An object, keys in order.
    Object(Vec<(String, PlanValue)>),
}

impl PlanValue {
    /// The value of an expression: a literal becomes a plain [`PlanValue::String`], so equal
    /// documents have one representation.
    pub fn expr(e: Expr) -> Self {
        match e {
            Expr::Literal(s) => Self::String(s),
            other => Self::Expr(other),
        }
    }

    /// A string value.
    pub fn string(s: impl Into<String>) -> Self {
        Self::String(s.into())
    }

    /// An object from key/value pairs.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, PlanValue)>) -> Self {
        Self::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The entry `key` of an object.
    pub fn get(&self, key: &str) -> Option<&PlanValue> {
        match self {
            Self::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as a plain JSON value, when it holds no [`Expr`].
    pub fn to_literal_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        Some(match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Number(n) => Value::Number(n.clone()),
            Self::String(s) => Value::String(s.clone()),
            Self::Expr(_) => return None,
            Self::Array(items) => Value::Array(
                items
                    .iter()
                    .map(Self::to_literal_json)
                    .collect::<Option<_>>()?,
            ),
            Self::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| v.to_literal_json().map(|v| (k.clone(), v)))
                    .collect::<Option<_>>()?,
            ),
        })
    }
}

impl From<&serde_json::Value> for PlanValue {
    fn from(v: &serde_json::Value) -> Self {
        use serde_json::Value;
        match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => Self::Number(n.clone()),
            Value::String(s) => Self::String(s.clone()),
            Value::Array(items) => Self::Array(items.iter().map(Self::from).collect()),
            Value::Object(map) => Self::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for PlanValue {
    fn from(v: serde_json::Value) -> Self {
        Self::from(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_flattens_and_merges_literals() {
        let e = Expr::concat([
            Expr::literal("arn:"),
            Expr::Pseudo(Pseudo::Partition),
            Expr::literal(":iam::"),
            Expr::concat([Expr::literal(""), Expr::literal("1:root")]),
        ]);
        assert_eq!(
            e,
            Expr::Concat(vec![
                Expr::literal("arn:"),
                Expr::Pseudo(Pseudo::Partition),
                Expr::literal(":iam::1:root"),
            ])
        );
        assert_eq!(
            Expr::concat([Expr::literal("a"), Expr::literal("b")]),
            Expr::literal("ab")
        );
    }

    #[test]
    fn literal_json_round_trip() {
        let v = serde_json::json!({"a": [1, "x", {"b": null}], "c": true});
        assert_eq!(PlanValue::from(&v).to_literal_json(), Some(v));
        let with_ref = PlanValue::Array(vec![PlanValue::expr(Expr::Name(ResourceKey::new([
            "Repo",
        ])))]);
        assert_eq!(with_ref.to_literal_json(), None);
        assert_eq!(PlanValue::expr(Expr::literal("x")), PlanValue::string("x"));
    }
}
