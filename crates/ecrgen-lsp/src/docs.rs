//! Documentation of blocks, attributes and enum values, rendered from the schema table for
//! hover and completion, as Markdown or plain text depending on the client.

use ecrgen_core::schema::{AttrSchema, AttrType, BlockSchema, Label};
use tower_lsp_server::ls_types::{MarkupContent, MarkupKind};

/// One piece of a doc.
enum Part {
    /// A heading: a name and what follows it (type or label).
    Title(String, Option<String>),
    /// A paragraph of prose (may hold `code` spans).
    Para(String),
    /// `Label: value` where the value is code.
    Field(&'static str, String),
    /// An HCL example.
    Example(String),
}

/// A rendered doc.
pub struct Doc(Vec<Part>);

impl Doc {
    /// Renders as Markdown or as plain text.
    pub fn render(&self, markdown: bool) -> String {
        let mut out: Vec<String> = Vec::new();
        for part in &self.0 {
            out.push(match (part, markdown) {
                (Part::Title(name, Some(ty)), true) => format!("**{name}** `{ty}`"),
                (Part::Title(name, None), true) => format!("**{name}**"),
                (Part::Title(name, Some(ty)), false) => format!("{name} {ty}"),
                (Part::Title(name, None), false) => name.clone(),
                (Part::Para(text), true) => text.clone(),
                (Part::Para(text), false) => text.replace('`', ""),
                (Part::Field(label, value), true) => format!("{label}: `{value}`"),
                (Part::Field(label, value), false) => format!("{label}: {value}"),
                (Part::Example(code), true) => format!("```hcl\n{code}\n```"),
                (Part::Example(code), false) => format!("Example:\n{code}"),
            });
        }
        out.join("\n\n")
    }

    /// Renders as LSP markup.
    pub fn markup(&self, markdown: bool) -> MarkupContent {
        MarkupContent {
            kind: if markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: self.render(markdown),
        }
    }
}

/// How a block header is written: `repository "<repository ID>"`.
pub fn block_header(b: &BlockSchema) -> String {
    match b.label {
        Label::None => b.name.to_string(),
        Label::ConstructId(what) => format!("{} \"<{what}>\"", b.name),
    }
}

/// The doc of a block type.
pub fn block(b: &BlockSchema) -> Doc {
    let label = match b.label {
        Label::None => None,
        Label::ConstructId(what) => Some(format!("\"<{what}>\"")),
    };
    let mut parts = vec![
        Part::Title(b.name.to_string(), label),
        Part::Para(b.doc.to_string()),
    ];
    let required: Vec<String> = b
        .attrs
        .iter()
        .filter(|a| a.required)
        .map(|a| format!("`{}`", a.name))
        .collect();
    if !required.is_empty() {
        parts.push(Part::Para(format!("Required: {}", required.join(", "))));
    }
    if !b.blocks.is_empty() {
        let nested: Vec<String> = b.blocks.iter().map(|c| format!("`{}`", c.name)).collect();
        parts.push(Part::Para(format!("Nested blocks: {}", nested.join(", "))));
    }
    parts.push(Part::Field("CDK", b.cdk.to_string()));
    if !b.example.is_empty() {
        parts.push(Part::Example(b.example.to_string()));
    }
    Doc(parts)
}

/// The doc of an attribute.
pub fn attr(a: &AttrSchema) -> Doc {
    let mut parts = vec![
        Part::Title(a.name.to_string(), Some(a.ty.describe())),
        Part::Para(a.doc.to_string()),
    ];
    if a.required {
        parts.push(Part::Para("Required.".to_string()));
    }
    if let Some(d) = a.default {
        parts.push(Part::Field("Default", d.to_string()));
    }
    parts.push(Part::Field("CDK", a.cdk.to_string()));
    parts.push(Part::Example(a.example.to_string()));
    Doc(parts)
}

/// The doc of one allowed value of an enum attribute.
pub fn enum_value(a: &AttrSchema, value: &str) -> Doc {
    let mut parts = vec![
        Part::Title(format!("\"{value}\""), Some(format!("value of {}", a.name))),
        Part::Para(a.doc.to_string()),
    ];
    if let AttrType::Enum(values) = a.ty {
        let all: Vec<String> = values.iter().map(|v| format!("`\"{v}\"`")).collect();
        parts.push(Part::Para(format!("Allowed values: {}", all.join(", "))));
    }
    if let Some(d) = a.default {
        parts.push(Part::Field("Default", d.to_string()));
    }
    parts.push(Part::Field("CDK", a.cdk.to_string()));
    Doc(parts)
}

/// The doc of a referenced construct: where it is defined and its text.
pub fn reference(kind: &str, id: &str, file: &str, text: &str) -> Doc {
    const MAX_LINES: usize = 30;
    let lines: Vec<&str> = text.lines().collect();
    let mut code = lines
        .iter()
        .take(MAX_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > MAX_LINES {
        code.push_str(&format!("\n# ... {} more lines", lines.len() - MAX_LINES));
    }
    Doc(vec![
        Part::Title(format!("{kind}.{id}"), None),
        Part::Para(format!("Defined in `{file}`")),
        Part::Example(code),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecrgen_core::schema::REPOSITORY;

    #[test]
    fn attribute_doc_in_both_formats() {
        let a = REPOSITORY.attr("image_scan_on_push").unwrap();
        assert_eq!(
            attr(a).render(true),
            "**image_scan_on_push** `bool`\n\nScan images for vulnerabilities when pushed.\n\nDefault: `unset (no scan on push)`\n\nCDK: `RepositoryProps.imageScanOnPush`\n\n```hcl\nimage_scan_on_push = true\n```"
        );
        assert_eq!(
            attr(a).render(false),
            "image_scan_on_push bool\n\nScan images for vulnerabilities when pushed.\n\nDefault: unset (no scan on push)\n\nCDK: RepositoryProps.imageScanOnPush\n\nExample:\nimage_scan_on_push = true"
        );
    }
}
