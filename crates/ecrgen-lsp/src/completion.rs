//! `textDocument/completion`, from the scanner's cursor context so it works in documents that
//! do not parse: block types, attributes and nested blocks valid at the cursor (minus
//! attributes already set), enum values, booleans, and `iam_user.` / `iam_role.` /
//! `repository.` references with the IDs defined anywhere in the spec.

use std::ops::Range;

use ecrgen_core::schema::{
    block_at_path, AttrSchema, AttrType, BlockSchema, Label, OUTPUT_REFERENCE_ATTRS, ROOT,
};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    InsertTextMode, TextEdit,
};

use crate::docs;
use crate::position::LineMap;
use crate::scan::{context, Context, Outline};
use crate::workspace::{ClientConfig, Folder};

/// A construct defined somewhere in the spec.
struct Construct<'a> {
    kind: &'a str,
    id: &'a str,
    file: &'a str,
    text: &'a str,
}

/// Completion items at byte `offset` of file `current` of `folder`.
pub fn complete(
    folder: &Folder,
    current: usize,
    offset: usize,
    cfg: &ClientConfig,
) -> Vec<CompletionItem> {
    let text: &str = &folder.files[current].text;
    let (ctx, outline) = context(text, offset);
    let offset = crate::position::floor_boundary(text, offset);
    // A completion replaces the rest of the word under the cursor too.
    let tail = offset
        + text[offset..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
    let c = Completer {
        text,
        map: LineMap::new(text),
        cfg,
        items: Vec::new(),
        cursor: offset,
        tail,
    };
    match ctx {
        Context::Key { block, prefix } => c.keys(&outline, block, prefix),
        Context::Value {
            block,
            attr,
            prefix,
            in_list,
        } => {
            let Some(a) = attr_schema(&outline, block, &attr) else {
                return Vec::new();
            };
            let outlines = other_outlines(folder, current, outline);
            c.values(a, &constructs(folder, &outlines), prefix, in_list)
        }
        Context::Str {
            block,
            attr,
            prefix,
            in_list: false,
        } => match attr_schema(&outline, block, &attr) {
            Some(a) => c.quoted_enum(a, prefix),
            None => Vec::new(),
        },
        Context::Str { .. } | Context::None => Vec::new(),
    }
}

/// The schema of the block at `block` (the file body when `None`).
pub fn block_schema(outline: &Outline, block: Option<usize>) -> Option<&'static BlockSchema> {
    match block {
        None => Some(&ROOT),
        Some(i) => block_at_path(&outline.path(i)),
    }
}

fn attr_schema(outline: &Outline, block: Option<usize>, attr: &str) -> Option<&'static AttrSchema> {
    block_schema(outline, block)?.attr(attr)
}

/// Outlines of every file of the folder, reusing the current file's.
fn other_outlines(folder: &Folder, current: usize, own: Outline) -> Vec<Outline> {
    let mut own = Some(own);
    (0..folder.files.len())
        .map(|i| {
            if i == current {
                own.take().unwrap_or_default()
            } else {
                Outline::of(&folder.files[i].text)
            }
        })
        .collect()
}

/// The referenceable constructs (repositories, users, roles) of all files, first definition wins.
fn constructs<'a>(folder: &'a Folder, outlines: &'a [Outline]) -> Vec<Construct<'a>> {
    let mut out: Vec<Construct<'a>> = Vec::new();
    for (file, outline) in folder.files.iter().zip(outlines) {
        for &i in &outline.roots {
            let b = &outline.blocks[i];
            let Some(id) = b.label() else { continue };
            if !ecrgen_core::schema::REFERABLE_BLOCKS.contains(&b.name.as_str()) || id.is_empty() {
                continue;
            }
            if out.iter().any(|c| c.kind == b.name && c.id == id) {
                continue;
            }
            out.push(Construct {
                kind: &b.name,
                id,
                file: &file.name,
                text: &file.text[b.span()],
            });
        }
    }
    out
}

/// What a completion item shows.
struct Item {
    label: String,
    kind: CompletionItemKind,
    detail: String,
    doc: Option<docs::Doc>,
}

struct Completer<'a> {
    text: &'a str,
    map: LineMap,
    cfg: &'a ClientConfig,
    items: Vec<CompletionItem>,
    /// The cursor.
    cursor: usize,
    /// Where the text an item replaces ends when its range ends at the cursor.
    tail: usize,
}

impl Completer<'_> {
    fn push(&mut self, item: Item, range: &Range<usize>, new_text: String, snippet: bool) {
        let Item {
            label,
            kind,
            detail,
            doc,
        } = item;
        let range = &(range.start..if range.end == self.cursor {
            self.tail
        } else {
            range.end
        });
        let n = self.items.len();
        let multiline = new_text.contains('\n');
        self.items.push(CompletionItem {
            label,
            kind: Some(kind),
            detail: Some(detail),
            documentation: doc
                .map(|d| Documentation::MarkupContent(d.markup(self.cfg.completion_markdown))),
            sort_text: Some(format!("{n:04}")),
            insert_text_format: Some(if snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            insert_text_mode: multiline.then_some(InsertTextMode::AS_IS),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: self.map.range(self.text, range, self.cfg.encoding),
                new_text,
            })),
            ..CompletionItem::default()
        });
    }

    /// Leading whitespace of the line holding `offset`.
    fn indent(&self, offset: usize) -> String {
        let start = self.text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        self.text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    }

    fn keys(
        mut self,
        outline: &Outline,
        block: Option<usize>,
        prefix: Range<usize>,
    ) -> Vec<CompletionItem> {
        let Some(schema) = block_schema(outline, block) else {
            return Vec::new();
        };
        let (set, children): (Vec<&str>, Vec<usize>) = match block {
            Some(i) => {
                let b = &outline.blocks[i];
                let set = b
                    .attrs
                    .iter()
                    .filter(|a| a.key.start != prefix.start)
                    .map(|a| a.name.as_str())
                    .collect();
                (set, b.children.clone())
            }
            None => (Vec::new(), outline.roots.clone()),
        };
        let indent = self.indent(prefix.start);
        // Renaming the key of an existing attribute or block: insert the name alone.
        let after = self.text[self.tail..].trim_start_matches([' ', '\t']);
        let bare = after.starts_with(['=', '{', '"']);
        let snippets = self.cfg.snippets && !bare;
        let mut attrs: Vec<&AttrSchema> = schema
            .attrs
            .iter()
            .filter(|a| !set.contains(&a.name))
            .collect();
        attrs.sort_by_key(|a| !a.required);
        for a in attrs {
            let detail = if a.required {
                format!("{} (required)", a.ty.describe())
            } else {
                a.ty.describe()
            };
            let new_text = if bare {
                a.name.to_string()
            } else if snippets {
                format!("{} = {}", a.name, value_snippet(a, &mut 1))
            } else {
                format!("{} = ", a.name)
            };
            self.push(
                Item {
                    label: a.name.to_string(),
                    kind: CompletionItemKind::PROPERTY,
                    detail,
                    doc: Some(docs::attr(a)),
                },
                &prefix,
                new_text,
                snippets,
            );
        }
        for b in schema.blocks {
            let present = children
                .iter()
                .filter(|&&c| {
                    outline.blocks[c].name == b.name
                        && outline.blocks[c].name_span.start != prefix.start
                })
                .count();
            if b.count.1.is_some_and(|max| present >= max) {
                continue;
            }
            let new_text = if snippets {
                block_snippet(b, &indent)
            } else {
                b.name.to_string()
            };
            self.push(
                Item {
                    label: b.name.to_string(),
                    kind: CompletionItemKind::STRUCT,
                    detail: docs::block_header(b),
                    doc: Some(docs::block(b)),
                },
                &prefix,
                new_text,
                snippets,
            );
        }
        self.items
    }

    fn values(
        mut self,
        a: &AttrSchema,
        constructs: &[Construct<'_>],
        prefix: Range<usize>,
        in_list: bool,
    ) -> Vec<CompletionItem> {
        let typed = &self.text[prefix.clone()];
        let principal = a.ty == AttrType::PrincipalList;
        let output = a.ty == AttrType::OutputValue && !in_list;
        let ref_kinds: &[&str] = if principal {
            &ecrgen_core::schema::PRINCIPAL_BLOCKS
        } else if output {
            &ecrgen_core::schema::REFERABLE_BLOCKS
        } else {
            &[]
        };
        if let Some(dot) = typed.rfind('.') {
            let parts: Vec<&str> = typed.split('.').collect();
            let range = prefix.start + dot + 1..prefix.end;
            if !ref_kinds.contains(&parts[0]) {
                return Vec::new();
            }
            match parts.len() {
                2 => {
                    for c in constructs.iter().filter(|c| c.kind == parts[0]) {
                        let doc = docs::reference(c.kind, c.id, c.file, c.text);
                        self.push(
                            Item {
                                label: c.id.to_string(),
                                kind: CompletionItemKind::REFERENCE,
                                detail: format!("{} in {}", c.kind, c.file),
                                doc: Some(doc),
                            },
                            &range,
                            c.id.to_string(),
                            false,
                        );
                    }
                }
                3 if output => {
                    let attrs = OUTPUT_REFERENCE_ATTRS
                        .iter()
                        .find(|(k, _)| *k == parts[0])
                        .map_or(&[][..], |(_, v)| *v);
                    for attr in attrs {
                        self.push(
                            Item {
                                label: attr.to_string(),
                                kind: CompletionItemKind::FIELD,
                                detail: format!("{} attribute", parts[0]),
                                doc: None,
                            },
                            &range,
                            attr.to_string(),
                            false,
                        );
                    }
                }
                _ => {}
            }
            return self.items;
        }
        if principal && in_list || output {
            for c in constructs.iter().filter(|c| ref_kinds.contains(&c.kind)) {
                let attrs: &[&str] = if output {
                    OUTPUT_REFERENCE_ATTRS
                        .iter()
                        .find(|(k, _)| *k == c.kind)
                        .map_or(&[][..], |(_, v)| *v)
                } else {
                    &[""]
                };
                for attr in attrs {
                    let label = if attr.is_empty() {
                        format!("{}.{}", c.kind, c.id)
                    } else {
                        format!("{}.{}.{attr}", c.kind, c.id)
                    };
                    let doc = docs::reference(c.kind, c.id, c.file, c.text);
                    self.push(
                        Item {
                            label: label.clone(),
                            kind: CompletionItemKind::REFERENCE,
                            detail: format!("{} in {}", c.kind, c.file),
                            doc: Some(doc),
                        },
                        &prefix,
                        label,
                        false,
                    );
                }
            }
        }
        if in_list {
            return self.items;
        }
        match a.ty {
            AttrType::Bool => {
                for v in ["true", "false"] {
                    self.push(
                        Item {
                            label: v.to_string(),
                            kind: CompletionItemKind::VALUE,
                            detail: "bool".to_string(),
                            doc: None,
                        },
                        &prefix,
                        v.to_string(),
                        false,
                    );
                }
            }
            AttrType::Enum(values) => {
                for v in values {
                    let label = format!("\"{v}\"");
                    self.push(
                        Item {
                            label: label.clone(),
                            kind: CompletionItemKind::ENUM_MEMBER,
                            detail: a.name.to_string(),
                            doc: Some(docs::enum_value(a, v)),
                        },
                        &prefix,
                        label,
                        false,
                    );
                }
            }
            _ => {}
        }
        self.items
    }

    fn quoted_enum(mut self, a: &AttrSchema, prefix: Range<usize>) -> Vec<CompletionItem> {
        let AttrType::Enum(values) = a.ty else {
            return Vec::new();
        };
        // The value replaces the string's whole content; the closing quote is added if missing.
        let rest = &self.text[prefix.end..];
        let end = rest
            .find(['"', '\n', '\r', '\\'])
            .filter(|&i| rest[i..].starts_with('"'));
        let closed = end.is_some();
        self.tail = prefix.end + end.unwrap_or(0);
        for v in values {
            let new_text = if closed {
                (*v).to_string()
            } else {
                format!("{v}\"")
            };
            self.push(
                Item {
                    label: (*v).to_string(),
                    kind: CompletionItemKind::ENUM_MEMBER,
                    detail: a.name.to_string(),
                    doc: Some(docs::enum_value(a, v)),
                },
                &prefix,
                new_text,
                false,
            );
        }
        self.items
    }
}

/// The snippet of an attribute's value, numbering tab stops from `*n`.
fn value_snippet(a: &AttrSchema, n: &mut u32) -> String {
    let i = *n;
    *n += 1;
    match a.ty {
        AttrType::String | AttrType::TrustPrincipal => format!("\"${i}\""),
        AttrType::Bool => format!("${{{i}|true,false|}}"),
        AttrType::PositiveInteger => format!("${{{i}:1}}"),
        AttrType::Enum(values) => format!("\"${{{i}|{}|}}\"", values.join(",")),
        AttrType::StringList => format!("[\"${i}\"]"),
        AttrType::PrincipalList => format!("[${i}]"),
        AttrType::OutputValue => format!("${i}"),
        AttrType::StringMap
        | AttrType::EventPattern
        | AttrType::Conditions
        | AttrType::JsonObject => {
            format!("{{ ${i} }}")
        }
    }
}

/// A block with its required attributes and nested blocks prefilled.
fn block_snippet(b: &BlockSchema, indent: &str) -> String {
    let mut n = 1;
    let mut out = String::new();
    write_block(&mut out, b, indent, &mut n, true);
    out
}

fn write_block(out: &mut String, b: &BlockSchema, indent: &str, n: &mut u32, top: bool) {
    out.push_str(b.name);
    if let Label::ConstructId(_) = b.label {
        out.push_str(&format!(" \"${{{n}:ID}}\""));
        *n += 1;
    }
    out.push_str(" {\n");
    let inner = format!("{indent}  ");
    for a in b.attrs.iter().filter(|a| a.required) {
        out.push_str(&format!("{inner}{} = {}\n", a.name, value_snippet(a, n)));
    }
    for c in b.blocks.iter().filter(|c| c.count.0 >= 1) {
        out.push_str(&inner);
        write_block(out, c, &inner, n, false);
        out.push('\n');
    }
    if top {
        out.push_str(&format!("{inner}$0\n"));
    }
    out.push_str(indent);
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecrgen_core::schema::{REPLICATION, REPOSITORY};

    #[test]
    fn snippets_prefill_required_attributes_and_blocks() {
        assert_eq!(
            block_snippet(&REPLICATION, "  "),
            "replication {\n    rule {\n      destination {\n        region = \"$1\"\n        registry_id = \"$2\"\n      }\n    }\n    $0\n  }"
        );
        assert_eq!(
            block_snippet(&REPOSITORY, ""),
            "repository \"${1:ID}\" {\n  $0\n}"
        );
        let a = REPOSITORY.attr("image_tag_mutability").unwrap();
        assert_eq!(
            value_snippet(a, &mut 1),
            "\"${1|MUTABLE,IMMUTABLE,MUTABLE_WITH_EXCLUSION,IMMUTABLE_WITH_EXCLUSION|}\""
        );
    }
}
