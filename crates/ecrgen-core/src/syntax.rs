//! From hcl-edit's tree to schema-checked nodes: unknown blocks and attributes, labels, counts,
//! value types and enum values are checked here, generically, from the schema table.

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::Span as _;

use crate::diagnostic::{Diagnostic, Fix};
use crate::model::Span;
use crate::schema::{AttrSchema, AttrType, BlockSchema, Label};

/// Diagnostic codes of the generic checks.
pub mod codes {
    /// HCL syntax error.
    pub const SYNTAX: &str = "E0001";
    /// Duplicate attribute.
    pub const DUPLICATE_ATTRIBUTE: &str = "E0002";
    /// Unknown block type.
    pub const UNKNOWN_BLOCK: &str = "E0101";
    /// Unknown attribute.
    pub const UNKNOWN_ATTRIBUTE: &str = "E0102";
    /// Wrong value type.
    pub const WRONG_TYPE: &str = "E0103";
    /// Value not among the allowed values.
    pub const INVALID_ENUM: &str = "E0104";
    /// An expression that is not a literal or a reference.
    pub const UNSUPPORTED_EXPRESSION: &str = "E0105";
    /// Missing required attribute.
    pub const MISSING_ATTRIBUTE: &str = "E0106";
    /// Too many or too few blocks of one type.
    pub const BLOCK_COUNT: &str = "E0107";
    /// Missing or extra labels.
    pub const LABELS: &str = "E0108";
    /// Invalid construct ID.
    pub const INVALID_ID: &str = "E0109";
    /// Attribute refused in this block.
    pub const REFUSED_ATTRIBUTE: &str = "E0110";
}

/// A checked value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct SVal {
    /// The value.
    pub val: Val,
    /// Where it was written.
    pub span: Span,
}

/// A literal or reference value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string (escapes resolved).
    Str(String),
    /// A list.
    List(Vec<SVal>),
    /// An object, entries in source order: key, key span, value.
    Object(Vec<(String, Span, SVal)>),
    /// A reference `a.b.c`: each part with its span.
    Ref(Vec<(String, Span)>),
}

impl Val {
    /// A word for the kind of value, for type errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "bool",
            Self::Number(_) => "number",
            Self::Str(_) => "string",
            Self::List(_) => "list",
            Self::Object(_) => "object",
            Self::Ref(_) => "reference",
        }
    }
}

impl SVal {
    /// The value as JSON (references become their dotted text).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.val {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Number(n) => Value::Number(n.clone()),
            Val::Str(s) => Value::String(s.clone()),
            Val::List(items) => Value::Array(items.iter().map(SVal::to_json).collect()),
            Val::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Val::Ref(parts) => Value::String(
                parts
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect::<Vec<_>>()
                    .join("."),
            ),
        }
    }
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.val {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A checked attribute.
#[derive(Debug, Clone)]
pub struct AttrNode {
    /// Its schema entry.
    pub schema: &'static AttrSchema,
    /// Span of the key.
    pub key_span: Span,
    /// Span of the whole attribute.
    pub span: Span,
    /// The value, already checked against the schema type.
    pub value: SVal,
}

/// A checked block.
#[derive(Debug, Clone)]
pub struct BlockNode {
    /// Its schema entry.
    pub schema: &'static BlockSchema,
    /// The label (construct ID), when the schema has one and it was given.
    pub label: Option<(String, Span)>,
    /// The header: block type and labels.
    pub header: Span,
    /// The whole block.
    pub span: Span,
    /// Attributes that passed the checks, in source order.
    pub attrs: Vec<AttrNode>,
    /// Attribute names present in the source, even those whose value failed a check.
    pub present: Vec<&'static str>,
    /// Nested blocks, in source order.
    pub blocks: Vec<BlockNode>,
}

impl BlockNode {
    /// The attribute `name`, if present and valid.
    pub fn attr(&self, name: &str) -> Option<&AttrNode> {
        self.attrs.iter().find(|a| a.schema.name == name)
    }
    /// Whether `name` was written (valid or not).
    pub fn has(&self, name: &str) -> bool {
        self.present.contains(&name)
    }
    /// The string value of `name`.
    pub fn str(&self, name: &str) -> Option<String> {
        self.attr(name)
            .and_then(|a| a.value.as_str().map(str::to_string))
    }
    /// The boolean value of `name`.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.attr(name).and_then(|a| match a.value.val {
            Val::Bool(b) => Some(b),
            _ => None,
        })
    }
    /// The whole-number value of `name`.
    pub fn uint(&self, name: &str) -> Option<u64> {
        self.attr(name).and_then(|a| match &a.value.val {
            Val::Number(n) => n.as_u64(),
            _ => None,
        })
    }
    /// The string-list value of `name`.
    pub fn str_list(&self, name: &str) -> Option<Vec<String>> {
        self.attr(name).and_then(|a| match &a.value.val {
            Val::List(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => None,
        })
    }
    /// The string-map value of `name`, in source order.
    pub fn str_map(&self, name: &str) -> Option<Vec<(String, String)>> {
        self.attr(name).and_then(|a| match &a.value.val {
            Val::Object(entries) => Some(
                entries
                    .iter()
                    .filter_map(|(k, _, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                    .collect(),
            ),
            _ => None,
        })
    }
    /// Span of attribute `name` if valid, else the header.
    pub fn span_of(&self, name: &str) -> Span {
        self.attr(name)
            .map_or_else(|| self.header.clone(), |a| a.span.clone())
    }
    /// Nested blocks of type `name`.
    pub fn blocks_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a BlockNode> + 'a {
        self.blocks.iter().filter(move |b| b.schema.name == name)
    }
}

/// Converts hcl-edit trees to checked nodes, collecting diagnostics.
pub struct SyntaxChecker<'d> {
    file: usize,
    /// Where the parsed text starts in the file (see [`SyntaxChecker::at`]).
    offset: usize,
    diags: &'d mut Vec<Diagnostic>,
}

fn span_of(file: usize, range: Option<std::ops::Range<usize>>) -> Span {
    Span {
        file,
        range: range.unwrap_or(0..0),
    }
}

/// The closest candidate within edit distance 2 (case-insensitive match first).
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(name) {
            return Some(c);
        }
        let d = strsim::levenshtein(name, c);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

impl<'d> SyntaxChecker<'d> {
    /// A checker for file `file` that pushes into `diags`.
    pub fn new(file: usize, diags: &'d mut Vec<Diagnostic>) -> Self {
        Self::at(file, 0, diags)
    }

    /// A checker for a part of file `file` that starts at byte `offset` (a run of top-level
    /// blocks parsed on its own): every span is moved by `offset`.
    pub fn at(file: usize, offset: usize, diags: &'d mut Vec<Diagnostic>) -> Self {
        Self {
            file,
            offset,
            diags,
        }
    }

    fn span(&self, range: Option<std::ops::Range<usize>>) -> Span {
        let range = range.unwrap_or(0..0);
        span_of(
            self.file,
            Some(range.start + self.offset..range.end + self.offset),
        )
    }

    /// Checks a file body against the root schema and returns its top-level blocks.
    ///
    /// The syntax tree is consumed one top-level block at a time: each is dropped once checked,
    /// so hcl-edit's tree and the checked tree are never both whole in memory (on a
    /// 10,000-repository spec, 20 MiB of the check's peak of 168 MiB).
    pub fn check_file(&mut self, body: Body) -> Vec<BlockNode> {
        let root = self.check_body(&crate::schema::ROOT, body, self.span(None));
        root.blocks
    }

    fn check_body<S: std::borrow::Borrow<Structure>>(
        &mut self,
        schema: &'static BlockSchema,
        body: impl IntoIterator<Item = S>,
        header: Span,
    ) -> BlockNode {
        let mut node = BlockNode {
            schema,
            label: None,
            header: header.clone(),
            span: header,
            attrs: Vec::new(),
            present: Vec::new(),
            blocks: Vec::new(),
        };
        for structure in body {
            match structure.borrow() {
                Structure::Attribute(attr) => {
                    let name = attr.key.as_str();
                    let key_span = self.span(attr.key.span());
                    let span = self.span(attr.span());
                    let Some(attr_schema) = schema.attr(name) else {
                        if let Some((_, reason)) = schema.refused.iter().find(|(n, _)| *n == name) {
                            self.diags.push(Diagnostic::error(
                                codes::REFUSED_ATTRIBUTE,
                                span,
                                *reason,
                            ));
                        } else {
                            self.unknown(
                                codes::UNKNOWN_ATTRIBUTE,
                                "attribute",
                                name,
                                schema,
                                key_span,
                                schema.attrs.iter().map(|a| a.name),
                            );
                        }
                        continue;
                    };
                    node.present.push(attr_schema.name);
                    let Some(value) = self.value(&attr.value) else {
                        continue;
                    };
                    if self.check_type(attr_schema, &value) {
                        node.attrs.push(AttrNode {
                            schema: attr_schema,
                            key_span,
                            span,
                            value,
                        });
                    }
                }
                Structure::Block(block) => {
                    if let Some(child) = self.check_block(schema, block) {
                        node.blocks.push(child);
                    }
                }
            }
        }
        // Counts of nested blocks.
        for child_schema in schema.blocks {
            let count = node
                .blocks
                .iter()
                .filter(|b| std::ptr::eq(b.schema, *child_schema))
                .count();
            if let Some(max) = child_schema.count.1 {
                if count > max {
                    let extra = node
                        .blocks
                        .iter()
                        .filter(|b| std::ptr::eq(b.schema, *child_schema))
                        .nth(max)
                        .map(|b| b.header.clone())
                        .unwrap_or_default();
                    let message = if child_schema.name == "target" {
                        "Event rule cannot have more than 5 targets.".to_string()
                    } else if max == 1 {
                        format!("at most one `{}` block is allowed here", child_schema.name)
                    } else {
                        format!(
                            "at most {max} `{}` blocks are allowed here",
                            child_schema.name
                        )
                    };
                    self.diags
                        .push(Diagnostic::error(codes::BLOCK_COUNT, extra, message));
                }
            }
            if count < child_schema.count.0 && !std::ptr::eq(schema, &crate::schema::ROOT) {
                self.diags.push(Diagnostic::error(
                    codes::BLOCK_COUNT,
                    node.header.clone(),
                    format!(
                        "`{}` needs at least one `{}` block",
                        schema.name, child_schema.name
                    ),
                ));
            }
        }
        // Required attributes.
        for attr in schema.attrs.iter().filter(|a| a.required) {
            if !node.present.contains(&attr.name) {
                self.diags.push(
                    Diagnostic::error(
                        codes::MISSING_ATTRIBUTE,
                        node.header.clone(),
                        format!(
                            "missing required attribute `{}` in `{}`",
                            attr.name, schema.name
                        ),
                    )
                    .with_help(format!("add `{}`", attr.example)),
                );
            }
        }
        node
    }

    fn unknown<'a>(
        &mut self,
        code: &'static str,
        what: &str,
        name: &str,
        parent: &BlockSchema,
        span: Span,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        let place = if parent.name.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in `{}`", parent.name)
        };
        let mut d = Diagnostic::error(
            code,
            span.clone(),
            format!("unknown {what} `{name}` {place}"),
        );
        if let Some(s) = did_you_mean(name, candidates.iter().copied()) {
            d = d.with_help(format!("did you mean `{s}`?")).with_fix(Fix {
                title: format!("Replace with `{s}`"),
                span,
                replacement: s.to_string(),
            });
        } else if !candidates.is_empty() {
            d = d.with_help(format!("expected one of: {}", candidates.join(", ")));
        }
        self.diags.push(d);
    }

    fn check_block(&mut self, parent: &'static BlockSchema, block: &Block) -> Option<BlockNode> {
        let name = block.ident.as_str();
        let ident_span = self.span(block.ident.span());
        let last = block
            .labels
            .last()
            .and_then(BlockLabel::span)
            .or_else(|| block.ident.span());
        let header = Span {
            file: self.file,
            range: ident_span.range.start..self.span(last).range.end.max(ident_span.range.end),
        };
        let Some(schema) = parent.block(name) else {
            self.unknown(
                codes::UNKNOWN_BLOCK,
                "block",
                name,
                parent,
                header,
                parent.blocks.iter().map(|b| b.name),
            );
            return None;
        };
        let mut label = None;
        match schema.label {
            Label::None => {
                if let Some(first) = block.labels.first() {
                    self.diags.push(Diagnostic::error(
                        codes::LABELS,
                        self.span(first.span()),
                        format!("`{name}` blocks take no label"),
                    ));
                }
            }
            Label::ConstructId(what) => match block.labels.as_slice() {
                [] => {
                    self.diags.push(
                        Diagnostic::error(
                            codes::LABELS,
                            header.clone(),
                            format!("`{name}` needs a label: the {what}"),
                        )
                        .with_help(format!(
                            "e.g. {}",
                            schema.example.lines().next().unwrap_or("")
                        )),
                    );
                }
                [l, rest @ ..] => {
                    let lspan = self.span(l.span());
                    if let Some(extra) = rest.first() {
                        self.diags.push(Diagnostic::error(
                            codes::LABELS,
                            self.span(extra.span()),
                            format!("`{name}` takes one label"),
                        ));
                    }
                    let id = l.as_str();
                    if id.is_empty()
                        || id.len() > 255
                        || !id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        self.diags.push(Diagnostic::error(
                            codes::INVALID_ID,
                            lspan.clone(),
                            format!("invalid {what} `{id}`: use 1-255 characters of A-Z, a-z, 0-9, `_` and `-`"),
                        ));
                    } else {
                        label = Some((id.to_string(), lspan));
                    }
                }
            },
        }
        let mut node = self.check_body(schema, &block.body, header);
        node.span = self.span(block.span());
        node.label = label;
        Some(node)
    }

    /// Converts an expression to a literal or reference value.
    fn value(&mut self, expr: &Expression) -> Option<SVal> {
        let span = self.span(expr.span());
        let val = match expr {
            Expression::Null(_) => Val::Null,
            Expression::Bool(b) => Val::Bool(*b.value()),
            Expression::Number(n) => {
                let n = n.value();
                let json = if let Some(u) = n.as_u64() {
                    serde_json::Number::from(u)
                } else if let Some(i) = n.as_i64() {
                    serde_json::Number::from(i)
                } else {
                    match n.as_f64().and_then(serde_json::Number::from_f64) {
                        Some(f) => f,
                        None => {
                            self.diags.push(Diagnostic::error(
                                codes::WRONG_TYPE,
                                span,
                                "number out of range",
                            ));
                            return None;
                        }
                    }
                };
                Val::Number(json)
            }
            Expression::String(s) => Val::Str(s.value().to_string()),
            Expression::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    out.push(self.value(item)?);
                }
                Val::List(out)
            }
            Expression::Object(obj) => {
                let mut out: Vec<(String, Span, SVal)> = Vec::with_capacity(obj.len());
                for (key, value) in obj.iter() {
                    let key_span = self.span(key.span());
                    let key_text = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                        ObjectKey::Expression(_) => {
                            self.diags.push(Diagnostic::error(
                                codes::UNSUPPORTED_EXPRESSION,
                                key_span,
                                "object keys must be names or quoted strings",
                            ));
                            return None;
                        }
                    };
                    let v = self.value(value.expr())?;
                    out.push((key_text, key_span, v));
                }
                Val::Object(out)
            }
            Expression::Parenthesis(p) => return self.value(p.inner()),
            Expression::Variable(v) => Val::Ref(vec![(v.as_str().to_string(), span.clone())]),
            Expression::Traversal(t) => {
                let Expression::Variable(root) = &t.expr else {
                    return self.unsupported(span);
                };
                let mut parts = vec![(root.as_str().to_string(), self.span(root.span()))];
                for op in &t.operators {
                    match op.value() {
                        TraversalOperator::GetAttr(ident) => {
                            parts.push((ident.as_str().to_string(), self.span(ident.span())));
                        }
                        _ => return self.unsupported(span),
                    }
                }
                Val::Ref(parts)
            }
            Expression::HeredocTemplate(h) => match literal_template(&h.template) {
                Some(s) => Val::Str(s),
                None => return self.interpolation(span),
            },
            Expression::StringTemplate(t) => match literal_template(t) {
                Some(s) => Val::Str(s),
                None => return self.interpolation(span),
            },
            _ => return self.unsupported(span),
        };
        Some(SVal { val, span })
    }

    fn unsupported(&mut self, span: Span) -> Option<SVal> {
        self.diags.push(
            Diagnostic::error(codes::UNSUPPORTED_EXPRESSION, span, "unsupported expression: write a literal value or a reference")
                .with_help("specs hold literals (strings, numbers, bools, lists, objects) and references such as `iam_role.Ci`"),
        );
        None
    }

    fn interpolation(&mut self, span: Span) -> Option<SVal> {
        self.diags.push(
            Diagnostic::error(
                codes::UNSUPPORTED_EXPRESSION,
                span,
                "string interpolation is not supported in specs",
            )
            .with_help("write `$${` for a literal `${` and `%%{` for a literal `%{`"),
        );
        None
    }

    fn type_error(&mut self, attr: &AttrSchema, found: &SVal) {
        self.diags.push(Diagnostic::error(
            codes::WRONG_TYPE,
            found.span.clone(),
            format!(
                "`{}` must be {}, found {}",
                attr.name,
                article(&attr.ty.describe()),
                found.val.kind()
            ),
        ));
    }

    /// Checks `value` against the attribute's type; reports and returns false on mismatch.
    fn check_type(&mut self, attr: &AttrSchema, value: &SVal) -> bool {
        match (&attr.ty, &value.val) {
            (AttrType::String | AttrType::TrustPrincipal, Val::Str(_))
            | (AttrType::Bool, Val::Bool(_))
            | (AttrType::OutputValue, Val::Str(_) | Val::Ref(_)) => true,
            (AttrType::PositiveInteger, Val::Number(n)) => {
                if n.as_u64().is_some_and(|u| u >= 1) {
                    true
                } else {
                    self.diags.push(Diagnostic::error(
                        codes::WRONG_TYPE,
                        value.span.clone(),
                        format!("`{}` must be a whole number >= 1, found {n}", attr.name),
                    ));
                    false
                }
            }
            (AttrType::Enum(allowed), Val::Str(s)) => {
                if allowed.contains(&s.as_str()) {
                    return true;
                }
                let list = allowed
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut d = Diagnostic::error(
                    codes::INVALID_ENUM,
                    value.span.clone(),
                    format!(
                        "invalid value \"{s}\" for `{}`: expected one of {list}",
                        attr.name
                    ),
                );
                if let Some(m) = did_you_mean(s, allowed.iter().copied()) {
                    d = d.with_help(format!("did you mean \"{m}\"?")).with_fix(Fix {
                        title: format!("Replace with \"{m}\""),
                        span: value.span.clone(),
                        replacement: format!("\"{m}\""),
                    });
                }
                self.diags.push(d);
                false
            }
            (AttrType::StringList, Val::List(items)) => {
                for item in items {
                    if item.as_str().is_none() {
                        self.diags.push(Diagnostic::error(
                            codes::WRONG_TYPE,
                            item.span.clone(),
                            format!(
                                "`{}` must be a list of strings, found {} in the list",
                                attr.name,
                                item.val.kind()
                            ),
                        ));
                        return false;
                    }
                }
                true
            }
            (AttrType::StringMap, Val::Object(entries)) => {
                for (_, _, v) in entries {
                    if v.as_str().is_none() {
                        self.diags.push(Diagnostic::error(
                            codes::WRONG_TYPE,
                            v.span.clone(),
                            format!(
                                "`{}` must be a map of strings, found {}",
                                attr.name,
                                v.val.kind()
                            ),
                        ));
                        return false;
                    }
                }
                true
            }
            (AttrType::PrincipalList, Val::List(items)) => {
                for item in items {
                    if !matches!(item.val, Val::Str(_) | Val::Ref(_)) {
                        self.diags.push(Diagnostic::error(
                            codes::WRONG_TYPE,
                            item.span.clone(),
                            format!(
                                "`{}` must be a list of principals (references such as `iam_role.Ci` or strings), found {}",
                                attr.name,
                                item.val.kind()
                            ),
                        ));
                        return false;
                    }
                }
                true
            }
            (
                AttrType::EventPattern | AttrType::Conditions | AttrType::JsonObject,
                Val::Object(_),
            ) => {
                if let Some(r) = find_ref(value) {
                    self.diags.push(Diagnostic::error(
                        codes::UNSUPPORTED_EXPRESSION,
                        r.span.clone(),
                        format!("`{}` holds literal values only, not references", attr.name),
                    ));
                    return false;
                }
                true
            }
            _ => {
                self.type_error(attr, value);
                false
            }
        }
    }
}

/// The first reference inside a value.
fn find_ref(v: &SVal) -> Option<&SVal> {
    match &v.val {
        Val::Ref(_) => Some(v),
        Val::List(items) => items.iter().find_map(find_ref),
        Val::Object(entries) => entries.iter().find_map(|(_, _, v)| find_ref(v)),
        _ => None,
    }
}

fn article(ty: &str) -> String {
    if ty.starts_with('"') {
        format!("one of {ty}")
    } else if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {ty}")
    } else {
        format!("a {ty}")
    }
}

/// The text of a template without interpolations or directives.
fn literal_template(t: &hcl_edit::template::Template) -> Option<String> {
    let mut out = String::new();
    for el in t.iter() {
        out.push_str(el.as_literal()?.value());
    }
    Some(out)
}
