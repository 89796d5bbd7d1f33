//! Reading the Terraform targets back for tests: the HCL module with hcl-rs and the Terraform
//! JSON with serde_json, both evaluated to one comparable JSON shape:
//!
//! `{"resource": {type: {name: body}}, "data": {...}, "output": {name: {"value", "description"}}}`
//!
//! where a body maps arguments to values and nested block types to arrays of bodies, a
//! reference is the string `⟦address⟧`, `var.tags` is its default (`{}`), `jsonencode(x)` is the
//! JSON text of x, and every string holding a JSON object or array is replaced by its value (so
//! documents compare as JSON whatever the key order of their text).

#![allow(dead_code)]

use std::str::FromStr;

use ecrgen_emit::TfModule;
use hcl::expr::{ObjectKey, TraversalOperator};
use hcl::template::Element;
use hcl::{Body, Expression, Structure};
use serde_json::{Map, Value};

/// The evaluated configuration of the module's `main.tf` and `outputs.tf`.
pub fn eval_module(module: &TfModule) -> Value {
    let file = |name: &str| {
        let text = &module
            .files
            .iter()
            .find(|(p, _)| p == name)
            .expect("module file")
            .1;
        hcl::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let mut config = Map::new();
    for block in file("main.tf").blocks() {
        let kind = block.identifier.as_str();
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let section = config
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()));
        let by_type = section
            .as_object_mut()
            .unwrap()
            .entry(labels[0])
            .or_insert_with(|| Value::Object(Map::new()));
        by_type
            .as_object_mut()
            .unwrap()
            .insert(labels[1].to_string(), body(&block.body));
    }
    let mut outputs = Map::new();
    for block in file("outputs.tf").blocks() {
        outputs.insert(block.labels[0].as_str().to_string(), body(&block.body));
    }
    config.insert("output".into(), Value::Object(outputs));
    normalize(Value::Object(config))
}

/// The evaluated configuration of a Terraform JSON document.
pub fn eval_json(text: &str) -> Value {
    let doc: Value = serde_json::from_str(text).expect("tf-json is JSON");
    let mut config = Map::new();
    for kind in ["resource", "data"] {
        let Some(types) = doc.get(kind).and_then(Value::as_object) else {
            continue;
        };
        if types.is_empty() {
            continue;
        }
        let mut out = Map::new();
        for (rtype, by_name) in types {
            let mut names = Map::new();
            for (name, b) in by_name.as_object().unwrap() {
                names.insert(name.clone(), json_body(b));
            }
            out.insert(rtype.clone(), Value::Object(names));
        }
        config.insert(kind.into(), Value::Object(out));
    }
    let mut outputs = Map::new();
    for (name, b) in doc
        .get("output")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        outputs.insert(name.clone(), json_body(b));
    }
    config.insert("output".into(), Value::Object(outputs));
    normalize(Value::Object(config))
}

fn body(b: &Body) -> Value {
    let mut out = Map::new();
    for s in b.iter() {
        match s {
            Structure::Attribute(a) => {
                out.insert(a.key.to_string(), eval(&a.expr));
            }
            Structure::Block(block) => {
                let list = out
                    .entry(block.identifier.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                list.as_array_mut().unwrap().push(body(&block.body));
            }
        }
    }
    Value::Object(out)
}

fn json_body(b: &Value) -> Value {
    let mut out = Map::new();
    for (k, v) in b.as_object().expect("a block body is an object") {
        if k == "//" {
            continue;
        }
        let value = match v {
            Value::Object(_) => Value::Array(vec![json_body(v)]),
            Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
                Value::Array(items.iter().map(json_body).collect())
            }
            other => json_value(other),
        };
        out.insert(k.clone(), value);
    }
    Value::Object(out)
}

/// A Terraform JSON expression value: strings are templates.
fn json_value(v: &Value) -> Value {
    match v {
        Value::String(s) => {
            template(&hcl::Template::from_str(s).unwrap_or_else(|e| panic!("template {s:?}: {e}")))
        }
        Value::Array(items) => Value::Array(items.iter().map(json_value).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match template(&hcl::Template::from_str(k).unwrap()) {
                        Value::String(s) => s,
                        other => panic!("key {other}"),
                    };
                    (key, json_value(v))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn template(t: &hcl::Template) -> Value {
    let elements = t.elements();
    if let [Element::Interpolation(i)] = elements {
        return eval(&i.expr);
    }
    let mut out = String::new();
    for e in elements {
        match e {
            Element::Literal(s) => out.push_str(s),
            Element::Interpolation(i) => match eval(&i.expr) {
                Value::String(s) => out.push_str(&s),
                other => panic!("interpolation of a non-string {other}"),
            },
            Element::Directive(_) => panic!("template directive"),
        }
    }
    Value::String(out)
}

fn traversal(e: &Expression) -> String {
    match e {
        Expression::Variable(v) => v.to_string(),
        Expression::Traversal(t) => {
            let mut out = traversal(&t.expr);
            for op in &t.operators {
                match op {
                    TraversalOperator::GetAttr(id) => {
                        out.push('.');
                        out.push_str(id.as_str());
                    }
                    other => panic!("traversal operator {other:?}"),
                }
            }
            out
        }
        other => panic!("not a reference: {other:?}"),
    }
}

/// Evaluates an expression of SPEC §3's subset.
pub fn eval(e: &Expression) -> Value {
    match e {
        Expression::Null => Value::Null,
        Expression::Bool(b) => Value::Bool(*b),
        Expression::Number(n) => serde_json::from_str(&n.to_string()).unwrap(),
        Expression::String(s) => Value::String(s.clone()),
        Expression::Array(items) => Value::Array(items.iter().map(eval).collect()),
        Expression::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Identifier(id) => id.to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.clone(),
                        other => panic!("object key {other:?}"),
                    };
                    (key, eval(v))
                })
                .collect(),
        ),
        Expression::TemplateExpr(t) => template(&hcl::Template::from_expr(t).unwrap()),
        Expression::Variable(_) | Expression::Traversal(_) => {
            let text = traversal(e);
            if text == "var.tags" {
                Value::Object(Map::new())
            } else {
                Value::String(format!("⟦{text}⟧"))
            }
        }
        Expression::FuncCall(call) => {
            let args: Vec<Value> = call.args.iter().map(eval).collect();
            match call.name.name.as_str() {
                "jsonencode" => Value::String(serde_json::to_string(&args[0]).unwrap()),
                "merge" => {
                    let mut out = Map::new();
                    for a in args {
                        out.extend(a.as_object().expect("merge of objects").clone());
                    }
                    Value::Object(out)
                }
                other => panic!("function {other}"),
            }
        }
        Expression::Parenthesis(inner) => eval(inner),
        other => panic!("outside SPEC §3's subset: {other:?}"),
    }
}

/// Strings holding a JSON object or array become that value, recursively.
pub fn normalize(v: Value) -> Value {
    match v {
        Value::String(s) => match serde_json::from_str::<Value>(&s) {
            Ok(parsed @ (Value::Object(_) | Value::Array(_))) => normalize(parsed),
            _ => Value::String(s),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}
