//! The templates of the Terraform targets: built-ins under `templates/tf/` and
//! `templates/tf-json/`, overridable by file name from `--templates DIR` through the shared
//! [`TemplateSet`] (autoescape off), and the filters that write values safely:
//!
//! - `hcl`: an expression (tagged [`TfExpr`], or a plain string, number, bool, list or map) as
//!   HCL, strings escaped (`"`, `\`, control characters, `${`, `%{`);
//! - `ident`: a name that must be an HCL identifier, written as is;
//! - `json`: a value as JSON text (tf-json sections are Terraform JSON already);
//! - `md`, `md_cell`, `md_code`: Markdown text, a table cell, inline code (README).

use std::path::Path;

use tera::{Kwargs, State};

use super::expr::{Part, TfExpr};
use super::hcl;
use crate::error::EmitError;
use crate::template_set::{json_filter, TemplateSet, TemplateSource};

/// The built-in Terraform templates: (file name, text).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "main.tf.tera",
        include_str!("../../../../templates/tf/main.tf.tera"),
    ),
    (
        "variables.tf.tera",
        include_str!("../../../../templates/tf/variables.tf.tera"),
    ),
    (
        "outputs.tf.tera",
        include_str!("../../../../templates/tf/outputs.tf.tera"),
    ),
    (
        "versions.tf.tera",
        include_str!("../../../../templates/tf/versions.tf.tera"),
    ),
    (
        "README.md.tera",
        include_str!("../../../../templates/tf/README.md.tera"),
    ),
    (
        "example_basic.tf.tera",
        include_str!("../../../../templates/tf/example_basic.tf.tera"),
    ),
    (
        "repository.tf.tera",
        include_str!("../../../../templates/tf/repository.tf.tera"),
    ),
    (
        "event_rule.tf.tera",
        include_str!("../../../../templates/tf/event_rule.tf.tera"),
    ),
    (
        "iam_user.tf.tera",
        include_str!("../../../../templates/tf/iam_user.tf.tera"),
    ),
    (
        "iam_role.tf.tera",
        include_str!("../../../../templates/tf/iam_role.tf.tera"),
    ),
    (
        "iam_policy.tf.tera",
        include_str!("../../../../templates/tf/iam_policy.tf.tera"),
    ),
    (
        "managed_policy.tf.tera",
        include_str!("../../../../templates/tf/managed_policy.tf.tera"),
    ),
    (
        "registry_scanning.tf.tera",
        include_str!("../../../../templates/tf/registry_scanning.tf.tera"),
    ),
    (
        "replication.tf.tera",
        include_str!("../../../../templates/tf/replication.tf.tera"),
    ),
    (
        "pull_through_cache_rule.tf.tera",
        include_str!("../../../../templates/tf/pull_through_cache_rule.tf.tera"),
    ),
    (
        "registry_policy.tf.tera",
        include_str!("../../../../templates/tf/registry_policy.tf.tera"),
    ),
    (
        "cdk.tf.json.tera",
        include_str!("../../../../templates/tf-json/cdk.tf.json.tera"),
    ),
];

/// Where the built-ins are registered; a user's override of the same file name wins.
const BUILTIN_PREFIX: &str = "builtin/tf/";

/// Whether a file of a templates directory is one of ours by its name's form.
fn is_terraform_template_name(name: &str) -> bool {
    name.ends_with(".tf.tera") || name.ends_with(".tf.json.tera") || name.ends_with(".md.tera")
}

/// The Terraform templates, for [`TemplateSet::load`].
pub const SOURCE: TemplateSource = TemplateSource {
    target: "Terraform",
    builtins: BUILTIN_TEMPLATES,
    prefix: BUILTIN_PREFIX,
    owns: is_terraform_template_name,
};

/// Loads the built-in Terraform templates, the filters, and the overrides of `templates_dir`.
pub fn load(templates_dir: Option<&Path>) -> Result<TemplateSet, EmitError> {
    TemplateSet::load(&SOURCE, templates_dir, |tera| {
        tera.register_filter("hcl", hcl_filter);
        tera.register_filter("ident", ident_filter);
        tera.register_filter("json", json_filter);
        tera.register_filter("md", md_filter);
        tera.register_filter("md_cell", md_cell_filter);
        tera.register_filter("md_code", md_code_filter);
    })
}

/// The tag key of the tagged expression form (see [`TfExpr`]).
const TAG: &str = "$tf";

/// A Tera value as an expression: the tagged form, or plain data written as literals. Read
/// straight from the Tera value: going through serde_json values and serde's tagged-enum
/// decoding was a fifth of the time of a large module.
fn decode(value: &tera::Value) -> Result<TfExpr, String> {
    use tera::value::ValueKind;
    Ok(match value.kind() {
        ValueKind::Map => {
            let map = value.as_map().expect("a map");
            match map.get(&tera::value::Key::Str(TAG)) {
                Some(tag) => decode_tagged(
                    tag.as_str().ok_or("the expression tag is not a string")?,
                    map,
                )?,
                None => TfExpr::Object(
                    map.iter()
                        .map(|(k, v)| Ok((key_text(k), decode(v)?)))
                        .collect::<Result<_, String>>()?,
                ),
            }
        }
        ValueKind::Array => TfExpr::List(
            value
                .as_array()
                .expect("an array")
                .iter()
                .map(decode)
                .collect::<Result<_, _>>()?,
        ),
        ValueKind::String => TfExpr::Str(value.as_str().expect("a string").to_string()),
        ValueKind::Bool => TfExpr::Bool(value.as_bool().expect("a bool")),
        ValueKind::None => TfExpr::Null,
        // A misspelled key of the render data: an error, not a silent `null` in the module.
        ValueKind::Undefined => {
            return Err("the value is undefined (a key the render data does not have?)".into())
        }
        ValueKind::Bytes => return Err("bytes cannot be written as HCL".into()),
        _ => TfExpr::Number(
            serde_json::to_string(value).map_err(|e| format!("value cannot be read: {e}"))?,
        ),
    })
}

/// A map key as text (Tera maps may have number or bool keys).
fn key_text(key: &tera::value::Key<'_>) -> String {
    key.as_str()
        .map_or_else(|| key.as_value().to_string(), str::to_string)
}

/// The expression of the tagged form `{"$tf": tag, "v": content}` (see [`TfExpr`]).
fn decode_tagged(tag: &str, map: &tera::value::Map) -> Result<TfExpr, String> {
    let content = || {
        map.get(&tera::value::Key::Str("v"))
            .ok_or_else(|| format!("the `{tag}` expression has no content"))
    };
    let text = |v: &tera::Value| {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("the `{tag}` expression needs a string"))
    };
    let items = |v: &tera::Value| {
        v.as_array()
            .map(<[tera::Value]>::to_vec)
            .ok_or_else(|| format!("the `{tag}` expression needs a list"))
    };
    Ok(match tag {
        "null" => TfExpr::Null,
        "bool" => TfExpr::Bool(
            content()?
                .as_bool()
                .ok_or("the `bool` expression needs a bool")?,
        ),
        "number" => TfExpr::Number(text(content()?)?),
        "str" => TfExpr::Str(text(content()?)?),
        "ref" => TfExpr::Ref(text(content()?)?),
        "jsonencode" => TfExpr::Jsonencode(Box::new(decode(content()?)?)),
        "list" => TfExpr::List(
            items(content()?)?
                .iter()
                .map(decode)
                .collect::<Result<_, _>>()?,
        ),
        "merge" => TfExpr::Merge(
            items(content()?)?
                .iter()
                .map(decode)
                .collect::<Result<_, _>>()?,
        ),
        "object" => TfExpr::Object(
            items(content()?)?
                .iter()
                .map(|pair| match pair.as_array() {
                    Some([k, v]) => Ok((text(k)?, decode(v)?)),
                    _ => Err("an object entry is not a [key, value] pair".to_string()),
                })
                .collect::<Result<_, _>>()?,
        ),
        "template" => TfExpr::Template(
            items(content()?)?
                .iter()
                .map(|part| {
                    let part = part.as_map().ok_or("a template part is not a map")?;
                    let value = part
                        .get(&tera::value::Key::Str("v"))
                        .and_then(tera::Value::as_str);
                    match (
                        part.get(&tera::value::Key::Str("part"))
                            .and_then(tera::Value::as_str),
                        value,
                    ) {
                        (Some("lit"), Some(v)) => Ok(Part::Lit(v.to_string())),
                        (Some("ref"), Some(v)) => Ok(Part::Ref(v.to_string())),
                        _ => Err("a template part is not {part: lit|ref, v: text}".to_string()),
                    }
                })
                .collect::<Result<_, String>>()?,
        ),
        other => return Err(format!("not an ecrgen expression: unknown tag `{other}`")),
    })
}

fn hcl_filter(value: &tera::Value, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    let e = decode(value).map_err(tera::Error::message)?;
    Ok(hcl::render(&e))
}

fn ident_filter(value: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    if hcl::is_identifier(value) {
        Ok(value.to_string())
    } else {
        Err(tera::Error::message(format!(
            "`{value}` is not an HCL identifier"
        )))
    }
}

/// Markdown text: characters with a meaning in Markdown (or HTML comments) are escaped, and
/// `&`, `<` and `>` are HTML entities, so raw HTML in a spec value stays text.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown table cell: [`md`], line breaks as `<br>`.
pub fn md_cell(s: &str) -> String {
    md(s)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "<br>")
}

/// Inline code in a table cell: a backtick fence longer than any run inside, `|` escaped.
pub fn md_code(s: &str) -> String {
    let flat = s.replace(['\r', '\n'], " ").replace('|', "\\|");
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

fn md_filter(value: &str, _: Kwargs, _: &State) -> String {
    md(value)
}

fn md_cell_filter(value: &str, _: Kwargs, _: &State) -> String {
    md_cell(value)
}

fn md_code_filter(value: &str, _: Kwargs, _: &State) -> String {
    md_code(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown() {
        assert_eq!(md("a_b *c* [d] #e! |"), r"a\_b \*c\* \[d\] \#e\! \|");
        assert_eq!(
            md("<script>x</script> & <!-- c -->"),
            "&lt;script&gt;x&lt;/script&gt; &amp; &lt;\\!-- c --&gt;"
        );
        assert_eq!(md_cell("a|b\nc <d> &"), r"a\|b<br>c &lt;d&gt; &amp;");
        assert_eq!(md_code("map(string)"), "`map(string)`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("{}"), "`{}`");
    }

    #[test]
    fn filters_decode_tagged_and_plain_values() {
        let tagged = tera::Value::from_serializable(&TfExpr::reference("var.tags"));
        assert_eq!(decode(&tagged).unwrap(), TfExpr::reference("var.tags"));
        let plain =
            tera::Value::from_serializable(&serde_json::json!({"a": ["${x}", 1, true, null]}));
        assert_eq!(
            hcl::render(&decode(&plain).unwrap()),
            "{\na = [\"$${x}\", 1, true, null]\n}"
        );
    }

    #[test]
    fn every_expression_form_comes_back_from_its_tagged_form() {
        let e = TfExpr::Merge(vec![
            TfExpr::object([
                ("a", TfExpr::Null),
                ("b", TfExpr::Bool(true)),
                ("c", TfExpr::Number("1.5".into())),
            ]),
            TfExpr::Jsonencode(Box::new(TfExpr::List(vec![
                TfExpr::str("${x}"),
                TfExpr::reference("var.tags"),
            ]))),
            TfExpr::Template(vec![
                Part::Lit("arn:".into()),
                Part::Ref("data.aws_partition.current.partition".into()),
            ]),
            TfExpr::object([("$tf", TfExpr::str("a user key that looks like the tag"))]),
        ]);
        assert_eq!(decode(&e.to_tera()).unwrap(), e);
        assert!(decode(&tera::Value::undefined()).is_err());
        let unknown = tera::Value::from_serializable(&serde_json::json!({"$tf": "call", "v": "x"}));
        assert_eq!(
            decode(&unknown).unwrap_err(),
            "not an ecrgen expression: unknown tag `call`"
        );
    }

    #[test]
    fn unknown_override_is_an_error() {
        let dir = std::env::temp_dir().join(format!("ecrgen-tf-templates-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("nope.tf.tera"), "x").unwrap();
        std::fs::write(dir.join("repository.cfn.tera"), "ignored").unwrap();
        let err = load(Some(&dir)).err().unwrap();
        assert!(
            err.to_string()
                .contains("`nope.tf.tera` is not a Terraform template name"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
